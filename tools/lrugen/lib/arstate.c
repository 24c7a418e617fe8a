// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's state file (arstate.h): the controller writes it
 * after every period, lrugen top and lrugen exporter read it.
 *
 * The reader is strict where a mistake would mislead (the first line's
 * format and version, a value that is not what its key says, a line cut
 * short) and tolerant where the format is meant to grow (unknown keys and
 * kinds of record, missing keys). Every error names the line. Sizes are
 * bounded: ARSTATE_LINE_MAX bytes a line, ARSTATE_MAX_LRUVECS records.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arstate.h"
#include "source.h"

#define FORMAT_NAME	"lrugen-autoreclaim"

static const char *const state_names[AR_NR_STATES] = {
	[AR_WAIT] = "wait",
	[AR_IDLE] = "idle",
	[AR_RECLAIM] = "reclaim",
	[AR_DRY_RUN] = "dry-run",
	[AR_BACKOFF] = "backoff",
	[AR_GONE] = "gone",
	[AR_ERROR] = "error",
};

/**
 * arstate_name() - the name of a state, as the file spells it
 * @s: the state
 *
 * Return: "wait", "idle", "reclaim", "dry-run", "backoff", "gone" or
 * "error"; "?" for a value out of range.
 */
const char *arstate_name(enum arstate_state s)
{
	return (unsigned int)s < AR_NR_STATES ? state_names[s] : "?";
}

/*
 * Numbers go through the "C" locale: lrugen top runs under the user's
 * (setlocale for ncursesw), where a decimal point may be a comma.
 */
static locale_t c_locale(void)
{
	static locale_t loc;

	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

static bool must_escape(unsigned char c)
{
	return c < 0x21 || c > 0x7e || c == '%' || c == '=';
}

static void put_escaped(FILE *f, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (must_escape(*p)) {
			putc('%', f);
			putc(hex[*p >> 4], f);
			putc(hex[*p & 15], f);
		} else {
			putc(*p, f);
		}
	}
}

/* the shortest of %.15g and %.17g that reads back as the same double */
static void put_double(FILE *f, double d)
{
	locale_t old, loc = c_locale();
	char buf[64];

	if (!isfinite(d))
		d = 0;
	if (loc)
		old = uselocale(loc);
	snprintf(buf, sizeof(buf), "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof(buf), "%.17g", d);
	if (loc)
		uselocale(old);
	fputs(buf, f);
}

static void put_state(FILE *f, const struct arstate *st)
{
	size_t i;

	fprintf(f, FORMAT_NAME " version=%d pid=%ld time_ms=%llu age_ms=%llu period_ms=%llu dry_run=%d max_promotion_pct=",
		ARSTATE_VERSION, (long)st->pid, (unsigned long long)st->time_ms,
		(unsigned long long)st->age_ms, (unsigned long long)st->period_ms,
		st->dry_run ? 1 : 0);
	put_double(f, st->max_promotion_pct);
	fputs(" max_psi_pct=", f);
	put_double(f, st->max_psi_pct);
	putc('\n', f);
	for (i = 0; i < st->nr; i++) {
		const struct arstate_lruvec *v = &st->lruvecs[i];

		fprintf(f, "lruvec node=%d memcg_id=%llu path=", v->nid,
			(unsigned long long)v->memcg_id);
		put_escaped(f, v->path);
		fprintf(f, " state=%s reason=", arstate_name(v->state));
		put_escaped(f, v->reason);
		fprintf(f, " age_ms=%llu cold=%llu ws=%llu promotion_pct=",
			(unsigned long long)v->age_ms, (unsigned long long)v->cold,
			(unsigned long long)v->ws);
		put_double(f, v->promotion_pct);
		fputs(" psi_pct=", f);
		put_double(f, v->psi_pct);
		fprintf(f, " requests=%llu requested=%llu reclaimed=%llu backoffs_promotion=%llu backoffs_psi=%llu backoff_left_ms=%llu\n",
			(unsigned long long)v->requests, (unsigned long long)v->requested,
			(unsigned long long)v->reclaimed, (unsigned long long)v->backoffs_promotion,
			(unsigned long long)v->backoffs_psi, (unsigned long long)v->backoff_left_ms);
	}
}

/* @path under lrugen_root, as every reader and writer of lrugen takes it */
static int root_path(char *out, size_t size, const char *path)
{
	int n = snprintf(out, size, "%s%s", path[0] == '/' ? lrugen_root : "", path);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* mkdir the directory @path is in, when missing; its parent must exist */
static int make_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = 0;
	if (!mkdir(dir, 0755) || errno == EEXIST)
		return 0;
	return -errno;
}

/**
 * arstate_write() - write the state file atomically
 * @path: the file (ARSTATE_DEFAULT_PATH, or --state); an absolute path is
 *        taken under lrugen_root, as arstate_read() takes it
 * @st: what to write; each lruvec's @state must be one of enum
 *      arstate_state
 *
 * Writes PATH.tmp, mode 0644, and renames it over @path, so that a reader
 * sees the old file or the new one, never part of one. The directory the
 * file is in is made (mode 0755) when missing, as /run/lrugen is after a
 * boot; its parent must exist. Strings are %XX-escaped (arstate.h), so a
 * path may hold any byte but NUL.
 *
 * Return: 0; -ENAMETOOLONG, or -errno from making the directory, writing
 * PATH.tmp or renaming it (PATH.tmp is then removed and @path is as it
 * was).
 */
int arstate_write(const char *path, const struct arstate *st)
{
	char full[PATH_MAX], tmp[PATH_MAX + 8];
	int fd, err;
	FILE *f;

	err = root_path(full, sizeof(full), path);
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.tmp", full);
	err = make_parent(full);
	if (err)
		return err;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	/* whatever the umask: top runs as anyone, the controller as root */
	if (fchmod(fd, 0644) < 0) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	put_state(f, st);
	if (fflush(f) || ferror(f))
		err = errno ? -errno : -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (err)
		goto out_unlink;
	if (rename(tmp, full) < 0) {
		err = -errno;
		goto out_unlink;
	}
	return 0;

out_unlink:
	unlink(tmp);
	return err;
}

/* what the parser knows of the line it reads, for its errors */
struct parser {
	char *err;
	size_t errlen;
	unsigned long line;
};

static int fail(struct parser *p, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, int ret, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (!p->errlen)
		return ret;
	if (p->line)
		n = snprintf(p->err, p->errlen, "line %lu: ", p->line);
	if (n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/*
 * One line into @buf (ARSTATE_LINE_MAX + 1 bytes), without its newline.
 * Return: 1 for a line, 0 at the end, or a negative errno with the error
 * said.
 */
static int read_line(FILE *f, char *buf, struct parser *p)
{
	size_t n = 0;
	int c;

	for (;;) {
		c = getc(f);
		if (c == EOF)
			break;
		if (c == '\n') {
			buf[n] = 0;
			return 1;
		}
		if (!c)
			return fail(p, -EINVAL, "a NUL byte: this is not a state file");
		if (n == ARSTATE_LINE_MAX)
			return fail(p, -EINVAL, "longer than %d bytes: this is not a state file",
				    ARSTATE_LINE_MAX);
		buf[n++] = c;
	}
	if (ferror(f))
		return fail(p, -EIO, "cannot read: %s", strerror(errno ? errno : EIO));
	if (n)
		return fail(p, -EINVAL, "cut short (no newline at its end): the file is truncated");
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* @val, %XX-escaped, into @out of @size bytes */
static int get_string(struct parser *p, const char *key, const char *val, char *out, size_t size)
{
	size_t n = 0;

	for (; *val; val++) {
		int c = (unsigned char)*val;

		if (c == '%') {
			int hi = hexval(val[1]), lo = hi < 0 ? -1 : hexval(val[2]);

			if (lo < 0)
				return fail(p, -EINVAL, "%s: '%%' must be followed by two hex digits", key);
			c = hi << 4 | lo;
			if (!c)
				return fail(p, -EINVAL, "%s: %%00 (a NUL byte) in a string", key);
			val += 2;
		}
		if (n + 1 >= size)
			return fail(p, -EINVAL, "%s: longer than %zu bytes", key, size - 1);
		out[n++] = c;
	}
	out[n] = 0;
	return 0;
}

static int get_u64(struct parser *p, const char *key, const char *val, uint64_t max,
		   uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*val < '0' || *val > '9')
		return fail(p, -EINVAL, "%s=%s: not a number", key, val);
	errno = 0;
	v = strtoull(val, &end, 10);
	if (*end)
		return fail(p, -EINVAL, "%s=%s: not a number", key, val);
	if (errno == ERANGE || v > max)
		return fail(p, -EINVAL, "%s=%s: out of range (at most %llu)", key, val,
			    (unsigned long long)max);
	*out = v;
	return 0;
}

static int get_double(struct parser *p, const char *key, const char *val, double *out)
{
	locale_t loc = c_locale();
	char *end;
	double d;

	if (!loc)
		return fail(p, -ENOMEM, "no memory for the C locale");
	if (!((*val >= '0' && *val <= '9') || *val == '-' || *val == '.'))
		return fail(p, -EINVAL, "%s=%s: not a number", key, val);
	d = strtod_l(val, &end, loc);
	if (*end || end == val)
		return fail(p, -EINVAL, "%s=%s: not a number", key, val);
	if (!isfinite(d))
		return fail(p, -EINVAL, "%s=%s: not a finite number", key, val);
	*out = d;
	return 0;
}

static int get_state(struct parser *p, const char *val, enum arstate_state *out)
{
	int s;

	for (s = 0; s < AR_NR_STATES; s++)
		if (!strcmp(val, state_names[s])) {
			*out = s;
			return 0;
		}
	return fail(p, -EINVAL, "state=%s: not a state this lrugen knows (wait, idle, reclaim, dry-run, backoff, gone, error)",
		    val);
}

/* a key: lower-case letters, digits and '_', starting with a letter */
static bool good_word(const char *s, size_t n)
{
	size_t i;

	if (!n || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return false;
	return true;
}

#define MAX_FIELDS 64

/**
 * struct fields - a line split into its kind and key=value fields
 * @kind: the first word
 * @nr: fields
 * @key: each field's key
 * @val: each field's value, still escaped
 */
struct fields {
	const char *kind;
	int nr;
	const char *key[MAX_FIELDS];
	const char *val[MAX_FIELDS];
};

/* Split @line in place; keys are checked, values only for stray bytes. */
static int split(struct parser *p, char *line, struct fields *fl)
{
	char *s = line, *tok;

	fl->nr = 0;
	fl->kind = NULL;
	if (!*line)
		return fail(p, -EINVAL, "empty: every line is a record");
	while ((tok = strsep(&s, " "))) {
		char *eq = strchr(tok, '=');
		const unsigned char *c;
		int i;

		if (!*tok)
			return fail(p, -EINVAL, "two spaces in a row, or one at an end: fields are one space apart");
		for (c = (const unsigned char *)tok; *c; c++)
			if (*c < 0x21 || *c > 0x7e)
				return fail(p, -EINVAL, "byte 0x%02x in '%.40s': values are written %%XX-escaped",
					    *c, tok);
		if (!fl->kind) {
			if (eq || !good_word(tok, strlen(tok)))
				return fail(p, -EINVAL, "'%.40s': a line starts with the kind of its record, such as lruvec",
					    tok);
			fl->kind = tok;
			continue;
		}
		if (!eq || !good_word(tok, eq - tok))
			return fail(p, -EINVAL, "'%.40s': not a key=value field", tok);
		*eq = 0;
		if (strchr(eq + 1, '='))
			return fail(p, -EINVAL, "%s: '=' in a value must be written %%3D", tok);
		for (i = 0; i < fl->nr; i++)
			if (!strcmp(fl->key[i], tok))
				return fail(p, -EINVAL, "%s: twice on one line", tok);
		if (fl->nr == MAX_FIELDS)
			return fail(p, -EINVAL, "more than %d fields", MAX_FIELDS);
		fl->key[fl->nr] = tok;
		fl->val[fl->nr++] = eq + 1;
	}
	return 0;
}

static int parse_header(struct parser *p, const struct fields *fl, struct arstate *st)
{
	bool has_version = false;
	uint64_t u;
	int i, err = 0;

	if (strcmp(fl->kind, FORMAT_NAME))
		return fail(p, -EPROTONOSUPPORT, "'%.40s': not a state file of lrugen autoreclaim (it starts with '" FORMAT_NAME "')",
			    fl->kind);
	for (i = 0; i < fl->nr && !err; i++) {
		const char *k = fl->key[i], *v = fl->val[i];

		if (!strcmp(k, "version")) {
			err = get_u64(p, k, v, UINT32_MAX, &u);
			if (!err && !u)
				err = fail(p, -EINVAL, "version=0: versions start at 1");
			if (!err && u > ARSTATE_VERSION)
				err = fail(p, -EPROTONOSUPPORT, "version %llu: this lrugen reads version %d and older: use the lrugen of the controller that wrote it",
					   (unsigned long long)u, ARSTATE_VERSION);
			has_version = true;
		} else if (!strcmp(k, "pid")) {
			err = get_u64(p, k, v, INT_MAX, &u);
			st->pid = u;
		} else if (!strcmp(k, "time_ms")) {
			err = get_u64(p, k, v, UINT64_MAX, &st->time_ms);
		} else if (!strcmp(k, "age_ms")) {
			err = get_u64(p, k, v, UINT64_MAX, &st->age_ms);
		} else if (!strcmp(k, "period_ms")) {
			err = get_u64(p, k, v, UINT64_MAX, &st->period_ms);
		} else if (!strcmp(k, "dry_run")) {
			err = get_u64(p, k, v, 1, &u);
			st->dry_run = u;
		} else if (!strcmp(k, "max_promotion_pct")) {
			err = get_double(p, k, v, &st->max_promotion_pct);
		} else if (!strcmp(k, "max_psi_pct")) {
			err = get_double(p, k, v, &st->max_psi_pct);
		}
	}
	if (!err && !has_version)
		err = fail(p, -EINVAL, "no version=: the first line names the format's version");
	return err;
}

static int parse_lruvec(struct parser *p, const struct fields *fl, struct arstate_lruvec *r)
{
	uint64_t u;
	int i, err = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < fl->nr && !err; i++) {
		const char *k = fl->key[i], *v = fl->val[i];

		if (!strcmp(k, "node")) {
			err = get_u64(p, k, v, INT_MAX, &u);
			r->nid = u;
		} else if (!strcmp(k, "memcg_id")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->memcg_id);
		} else if (!strcmp(k, "path")) {
			err = get_string(p, k, v, r->path, sizeof(r->path));
		} else if (!strcmp(k, "state")) {
			err = get_state(p, v, &r->state);
		} else if (!strcmp(k, "reason")) {
			err = get_string(p, k, v, r->reason, sizeof(r->reason));
		} else if (!strcmp(k, "age_ms")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->age_ms);
		} else if (!strcmp(k, "cold")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->cold);
		} else if (!strcmp(k, "ws")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->ws);
		} else if (!strcmp(k, "promotion_pct")) {
			err = get_double(p, k, v, &r->promotion_pct);
		} else if (!strcmp(k, "psi_pct")) {
			err = get_double(p, k, v, &r->psi_pct);
		} else if (!strcmp(k, "requests")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->requests);
		} else if (!strcmp(k, "requested")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->requested);
		} else if (!strcmp(k, "reclaimed")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->reclaimed);
		} else if (!strcmp(k, "backoffs_promotion")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->backoffs_promotion);
		} else if (!strcmp(k, "backoffs_psi")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->backoffs_psi);
		} else if (!strcmp(k, "backoff_left_ms")) {
			err = get_u64(p, k, v, UINT64_MAX, &r->backoff_left_ms);
		}
	}
	return err;
}

/**
 * arstate_parse() - read a state file
 * @f: the file, at its start
 * @st: filled; arstate_free() frees it. After an error it is empty: a
 *      file is read whole or not at all
 * @err: the error, when there is one: "line N: what is wrong"
 * @errlen: bytes at @err
 *
 * The first line must be "lrugen-autoreclaim" with a version this lrugen
 * reads (ARSTATE_VERSION or older). Other lines are records: "lruvec"
 * records fill @st->lruvecs, other kinds are skipped. Unknown keys are
 * skipped and missing keys stay 0 (state wait, empty strings). A line that
 * is not KIND key=value..., a value that is not what its key says, a line
 * without its newline (a truncated file), more than ARSTATE_LINE_MAX bytes
 * on a line or more than ARSTATE_MAX_LRUVECS records are errors.
 *
 * Return: 0; -EINVAL for a malformed file, -EPROTONOSUPPORT for another
 * format or a newer version, -ENOMEM, or -EIO when @f cannot be read.
 */
int arstate_parse(FILE *f, struct arstate *st, char *err, size_t errlen)
{
	struct parser p = { .err = err, .errlen = errlen };
	struct fields fl;
	size_t cap = 0;
	char *line;
	int ret;

	memset(st, 0, sizeof(*st));
	if (errlen)
		err[0] = 0;
	line = malloc(ARSTATE_LINE_MAX + 1);
	if (!line)
		return fail(&p, -ENOMEM, "no memory for a line");
	for (;;) {
		p.line++;
		ret = read_line(f, line, &p);
		if (ret <= 0)
			break;
		ret = split(&p, line, &fl);
		if (ret)
			break;
		if (p.line == 1) {
			ret = parse_header(&p, &fl, st);
			if (ret)
				break;
			continue;
		}
		if (strcmp(fl.kind, "lruvec"))
			continue;
		if (st->nr == ARSTATE_MAX_LRUVECS) {
			ret = fail(&p, -EINVAL, "more than %d lruvec records", ARSTATE_MAX_LRUVECS);
			break;
		}
		if (st->nr == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct arstate_lruvec *n;

			if (ncap > ARSTATE_MAX_LRUVECS)
				ncap = ARSTATE_MAX_LRUVECS;
			n = realloc(st->lruvecs, ncap * sizeof(*n));
			if (!n) {
				ret = fail(&p, -ENOMEM, "no memory for %zu records", ncap);
				break;
			}
			st->lruvecs = n;
			cap = ncap;
		}
		ret = parse_lruvec(&p, &fl, &st->lruvecs[st->nr]);
		if (ret)
			break;
		st->nr++;
	}
	if (!ret && p.line == 1) {
		p.line = 0;
		ret = fail(&p, -EINVAL, "empty file: no '" FORMAT_NAME "' line");
	}
	free(line);
	if (ret)
		arstate_free(st);
	return ret;
}

/**
 * arstate_read() - read the state file at a path
 * @path: the file; an absolute path is taken under lrugen_root, as lrugen
 *        reads every file
 * @st: filled as by arstate_parse(); arstate_free() frees it
 * @err: the error, when there is one, with the file's name in front
 * @errlen: bytes at @err
 *
 * Return: 0; -ENOENT when there is no such file (no controller is
 * running), another -errno from opening it, or what arstate_parse()
 * returns.
 */
int arstate_read(const char *path, struct arstate *st, char *err, size_t errlen)
{
	char full[PATH_MAX], why[512];
	int ret;
	FILE *f;

	memset(st, 0, sizeof(*st));
	ret = root_path(full, sizeof(full), path);
	if (ret) {
		snprintf(err, errlen, "%s: the path is too long", path);
		return ret;
	}
	f = fopen(full, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", full, strerror(-ret));
		return ret;
	}
	ret = arstate_parse(f, st, why, sizeof(why));
	fclose(f);
	if (ret)
		snprintf(err, errlen, "%s: %s", full, why);
	return ret;
}

/**
 * arstate_alive() - whether the controller that wrote a state is running
 * @st: the state, as read
 *
 * A process with the file's pid exists (kill(pid, 0) succeeds or is
 * refused with EPERM). A pid reused since the controller died is taken for
 * it: readers that need more compare @st->time_ms with the clock.
 *
 * Return: true when it runs; false for a pid of 0 or a dead one.
 */
bool arstate_alive(const struct arstate *st)
{
	if (st->pid <= 0)
		return false;
	return !kill(st->pid, 0) || errno == EPERM;
}

/**
 * arstate_load() - the state of the controller that runs now, for a reader that refreshes
 * @path: the file, as arstate_read() takes it
 * @st: freed first (it must be empty or filled by this function), then
 *      filled only when a running controller's state was read
 * @err: set to why the file could not be read; "" when it could, or when
 *       there is none
 * @errlen: bytes at @err
 *
 * No file, or a file whose writer is no longer running (arstate_alive()),
 * means no controller: a controller that was killed leaves its file
 * behind, and that is not an error. A file that cannot be read or parsed
 * is, and @err says why, with the line.
 *
 * Return: 1 when @st holds the state of a running controller; 0 when
 * there is none; a negative errno, as arstate_read() returns, with @st
 * empty and @err set.
 */
int arstate_load(const char *path, struct arstate *st, char *err, size_t errlen)
{
	int ret;

	arstate_free(st);
	if (errlen)
		err[0] = 0;
	ret = arstate_read(path, st, err, errlen);
	if (ret == -ENOENT) {
		if (errlen)
			err[0] = 0;
		return 0;
	}
	if (ret)
		return ret;
	if (!arstate_alive(st)) {
		arstate_free(st);
		return 0;
	}
	return 1;
}

/**
 * arstate_find() - the record of one lruvec
 * @st: the state
 * @nid: its node
 * @memcg_id: its memcg's cgroup id
 *
 * Return: the record, or NULL when the controller does not watch it.
 */
const struct arstate_lruvec *arstate_find(const struct arstate *st, int nid, uint64_t memcg_id)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (st->lruvecs[i].nid == nid && st->lruvecs[i].memcg_id == memcg_id)
			return &st->lruvecs[i];
	return NULL;
}

/**
 * arstate_free() - free what arstate_parse() or arstate_read() filled
 * @st: the state; it is left empty, and may be freed again
 */
void arstate_free(struct arstate *st)
{
	free(st->lruvecs);
	memset(st, 0, sizeof(*st));
}
