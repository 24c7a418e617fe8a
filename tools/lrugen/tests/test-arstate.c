// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's state file: what the controller writes reads back
 * field for field, whatever bytes a path holds; a file of another format,
 * a newer version, a malformed line or a truncated file is refused with
 * the line that is wrong; unknown keys and kinds are skipped and missing
 * keys read as zero. Files go to a temporary directory used as
 * lrugen_root.
 */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arstate.h"
#include "source.h"
#include "tap.h"
#include "util.h"

/* the temporary directory the files go to, as lrugen_root */
static char root[64];

static int parse_str(const char *text, size_t len, struct arstate *st, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int ret;

	if (!f) {
		printf("Bail out! fmemopen: %s\n", strerror(errno));
		exit(1);
	}
	ret = arstate_parse(f, st, err, errlen);
	fclose(f);
	return ret;
}

static int parse(const char *text, struct arstate *st, char *err, size_t errlen)
{
	return parse_str(text, strlen(text), st, err, errlen);
}

static void fill(struct arstate_lruvec *v, int i)
{
	memset(v, 0, sizeof(*v));
	v->nid = i % 4;
	v->memcg_id = 1000 + i;
	snprintf(v->path, sizeof(v->path), "/job%d/w%d", i, i * 7);
	v->state = i % AR_NR_STATES;
	snprintf(v->reason, sizeof(v->reason), "reason-%d", i);
	v->age_ms = 120000;
	v->cold = (uint64_t)i << 20;
	v->ws = (uint64_t)i << 21;
	v->promotion_pct = i / 8.0;
	v->psi_pct = i / 3.0;
	v->requests = i;
	v->requested = (uint64_t)i << 22;
	v->reclaimed = (uint64_t)i << 21;
	v->backoffs_promotion = i / 2;
	v->backoffs_psi = i / 5;
	v->backoff_left_ms = i * 10;
}

static bool same(const struct arstate_lruvec *a, const struct arstate_lruvec *b)
{
	return a->nid == b->nid && a->memcg_id == b->memcg_id && !strcmp(a->path, b->path) &&
	       a->state == b->state && !strcmp(a->reason, b->reason) && a->age_ms == b->age_ms &&
	       a->cold == b->cold && a->ws == b->ws && a->promotion_pct == b->promotion_pct &&
	       a->psi_pct == b->psi_pct && a->requests == b->requests &&
	       a->requested == b->requested && a->reclaimed == b->reclaimed &&
	       a->backoffs_promotion == b->backoffs_promotion &&
	       a->backoffs_psi == b->backoffs_psi && a->backoff_left_ms == b->backoff_left_ms;
}

static char *slurp(const char *rel, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	*len = n;
	return buf;
}

/* every field, and paths of every byte a cgroup name may hold */
static void test_round_trip(void)
{
	static const char *const paths[] = {
		"/", "/a b/c d", "/x=y/100%", "/caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac",
		"/tab\there/new\nline", "/%41%/==/%%", "/~!\"#$&'()*+,-.:;<>?@[\\]^_`{|}",
	};
	struct arstate_lruvec v[ARRAY_SIZE(paths)];
	struct arstate st = {
		.pid = 4242, .time_ms = 123456789012ULL, .age_ms = 120000, .period_ms = 10000,
		.dry_run = true, .max_promotion_pct = 0.2, .max_psi_pct = 1.0 / 3,
		.nr = ARRAY_SIZE(paths), .lruvecs = v,
	};
	struct arstate in;
	struct stat sb;
	char err[512], tmp[4096], *text;
	size_t i, len;
	int ret;

	for (i = 0; i < st.nr; i++) {
		fill(&v[i], i);
		snprintf(v[i].path, sizeof(v[i].path), "%s", paths[i]);
	}
	v[0].memcg_id = UINT64_MAX;
	v[0].cold = UINT64_MAX;
	v[1].promotion_pct = 1e-300;
	v[2].psi_pct = 123456.789;
	snprintf(v[3].reason, sizeof(v[3].reason), "%s", "a reason=with%bytes\xff");
	v[4].nid = 1023;

	snprintf(tmp, sizeof(tmp), "%s/run", root);
	mkdir(tmp, 0755);
	umask(077);
	ret = arstate_write("/run/lrugen/autoreclaim.state", &st);
	ok(!ret, "write: into a missing /run/lrugen under the root (%s)", strerror(-ret));
	snprintf(tmp, sizeof(tmp), "%s/run/lrugen/autoreclaim.state", root);
	ok(!stat(tmp, &sb) && (sb.st_mode & 0777) == 0644,
	   "write: the file is mode 0644 whatever the umask (got %o)", sb.st_mode & 0777);
	snprintf(tmp, sizeof(tmp), "%s/run/lrugen/autoreclaim.state.tmp", root);
	ok(stat(tmp, &sb) && errno == ENOENT, "write: no .tmp file is left behind");
	umask(022);

	text = slurp("/run/lrugen/autoreclaim.state", &len);
	ok(text && !strncmp(text, "lrugen-autoreclaim version=1 pid=4242 ", 38),
	   "write: the first line names the format, its version and the pid");
	ok(text && strstr(text, " path=/a%20b/c%20d ") && strstr(text, " path=/x%3Dy/100%25 ") &&
	   strstr(text, " path=/caf%C3%A9/%E6%97%A5%E6%9C%AC ") &&
	   strstr(text, " path=/tab%09here/new%0Aline "),
	   "write: spaces, '=', '%%', control and non-ASCII bytes are %%XX");
	ok(text && strstr(text, " max_promotion_pct=0.2 "),
	   "write: 0.2 is written 0.2, not its 17 digits");
	for (i = 0, ret = 0; text && i < len; i++)
		ret += text[i] == '\n';
	ok_eq(ret, st.nr + 1, "write: one line per record and the header");
	free(text);

	ret = arstate_read("/run/lrugen/autoreclaim.state", &in, err, sizeof(err));
	ok(!ret, "read back (%s)", ret ? err : "ok");
	ok(in.pid == st.pid && in.time_ms == st.time_ms && in.age_ms == st.age_ms &&
	   in.period_ms == st.period_ms && in.dry_run == st.dry_run &&
	   in.max_promotion_pct == st.max_promotion_pct && in.max_psi_pct == st.max_psi_pct,
	   "read back: every header field");
	ok_eq(in.nr, st.nr, "read back: every record");
	for (i = 0; i < st.nr && i < in.nr; i++)
		ok(same(&in.lruvecs[i], &v[i]), "read back: record %zu, every field", i);
	ok(arstate_find(&in, 1023, v[4].memcg_id) == &in.lruvecs[4],
	   "find: by node and memcg id");
	ok(!arstate_find(&in, 0, 999999), "find: NULL for a memcg it does not watch");
	arstate_free(&in);
	ok(!in.lruvecs && !in.nr, "free: leaves it empty");
	arstate_free(&in);

	/* a second write replaces the first whole */
	st.nr = 1;
	st.pid = 77;
	ret = arstate_write("/run/lrugen/autoreclaim.state", &st);
	ok(!ret && !arstate_read("/run/lrugen/autoreclaim.state", &in, err, sizeof(err)) &&
	   in.nr == 1 && in.pid == 77, "write again: replaces the file (nr %zu, pid %d)", in.nr,
	   (int)in.pid);
	arstate_free(&in);

	ret = arstate_read("/run/lrugen/none", &in, err, sizeof(err));
	ok(ret == -ENOENT && strstr(err, root), "read: a missing file is -ENOENT, named under the root (%s)",
	   err);
	ret = arstate_write("/no/such/dir/state", &st);
	ok(ret == -ENOENT, "write: a directory whose parent is missing is not made (%s)",
	   strerror(-ret));
}

/* the file's pid, running or not */
static void test_alive(void)
{
	struct arstate st = { .pid = getpid() };
	pid_t child = fork();

	ok(arstate_alive(&st), "alive: this process");
	st.pid = 1;
	ok(arstate_alive(&st), "alive: pid 1, even where signalling it is not allowed");
	st.pid = 0;
	ok(!arstate_alive(&st), "alive: not pid 0");
	if (child < 0) {
		printf("Bail out! fork: %s\n", strerror(errno));
		exit(1);
	}
	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	st.pid = child;
	ok(!arstate_alive(&st), "alive: not a child that exited and was reaped");
}

#define HEADER "lrugen-autoreclaim version=1 pid=10 time_ms=5 age_ms=120000 period_ms=10000 dry_run=0 max_promotion_pct=0.2 max_psi_pct=0.2\n"

/* each malformed file, and the start of the error it must give */
static void test_refused(void)
{
	static const struct {
		const char *text, *err;
		int ret;
	} bad[] = {
		{ "", "empty file", -EINVAL },
		{ "lrugen-autoreclaim version=2 pid=1\n", "line 1: version 2", -EPROTONOSUPPORT },
		{ "lrugen-autoreclaim version=99999999999 pid=1\n", "line 1: version=", -EINVAL },
		{ "lrugen-autoreclaim pid=1\n", "line 1: no version=", -EINVAL },
		{ "lrugen-autoreclaim version=0\n", "line 1: version=0", -EINVAL },
		{ "lrugen-autoreclaim version=one\n", "line 1: version=one: not a number", -EINVAL },
		{ "lrugen-senpai version=1\n", "line 1: 'lrugen-senpai': not a state file", -EPROTONOSUPPORT },
		{ "version=1 lrugen-autoreclaim\n", "line 1: 'version=1'", -EINVAL },
		{ "\x7f" "ELF\x02\x01\x01\n", "line 1: byte 0x7f", -EINVAL },
		{ HEADER "lruvec node=0\nhello world\n", "line 3: 'world': not a key=value", -EINVAL },
		{ HEADER "lruvec node=0\n\n", "line 3: empty", -EINVAL },
		{ HEADER "lruvec node=-1\n", "line 2: node=-1: not a number", -EINVAL },
		{ HEADER "lruvec node=0x1\n", "line 2: node=0x1: not a number", -EINVAL },
		{ HEADER "lruvec memcg_id=18446744073709551616\n", "line 2: memcg_id=", -EINVAL },
		{ HEADER "lruvec node=0 state=sleeping\n", "line 2: state=sleeping", -EINVAL },
		{ HEADER "lruvec psi_pct=nan\n", "line 2: psi_pct=nan", -EINVAL },
		{ HEADER "lruvec psi_pct=1e999\n", "line 2: psi_pct=1e999: not a finite", -EINVAL },
		{ HEADER "lruvec psi_pct=0,2\n", "line 2: psi_pct=0,2", -EINVAL },
		{ HEADER "lruvec path=/a%zz\n", "line 2: path: '%' must be", -EINVAL },
		{ HEADER "lruvec path=/a%2\n", "line 2: path: '%' must be", -EINVAL },
		{ HEADER "lruvec path=/a%00b\n", "line 2: path: %00", -EINVAL },
		{ HEADER "lruvec path=/a=b\n", "line 2: path: '='", -EINVAL },
		{ HEADER "lruvec reason=0123456789012345678901234567890123456789012345678901234567890123\n",
		  "line 2: reason: longer than 63", -EINVAL },
		{ HEADER "lruvec node=0 node=1\n", "line 2: node: twice", -EINVAL },
		{ HEADER "lruvec node=0  cold=1\n", "line 2: two spaces", -EINVAL },
		{ HEADER "lruvec node=0\x20\n", "line 2: two spaces", -EINVAL },
		{ HEADER "lruvec node=0\tcold=1\n", "line 2: byte 0x09", -EINVAL },
		{ HEADER "lruvec Node=0\n", "line 2: 'Node=0': not a key=value", -EINVAL },
		{ HEADER "lruvec =0\n", "line 2: '=0'", -EINVAL },
		{ HEADER "lruvec node=1\nlruvec node=2", "line 3: cut short", -EINVAL },
		{ HEADER "lruvec dry_run=1 node=\n", "line 2: node=: not a number", -EINVAL },
		{ "lrugen-autoreclaim version=1 dry_run=2\n", "line 1: dry_run=2: out of range", -EINVAL },
	};
	struct arstate st;
	char err[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret = parse(bad[i].text, &st, err, sizeof(err));

		ok(ret == bad[i].ret && !strncmp(err, bad[i].err, strlen(bad[i].err)) && !st.nr,
		   "refused %zu: '%s' (ret %d, want %d)", i, err, ret, bad[i].ret);
		arstate_free(&st);
	}

	/* a NUL byte, which strlen() would not see */
	{
		static const char nul[] = HEADER "lruvec node=0\0 cold=1\n";
		int ret = parse_str(nul, sizeof(nul) - 1, &st, err, sizeof(err));

		ok(ret == -EINVAL && !strncmp(err, "line 2: a NUL byte", 18), "refused: a NUL byte (%s)",
		   err);
		arstate_free(&st);
	}
}

/* a file cut anywhere but at a line's end is refused, and never read in part */
static void test_truncated(void)
{
	struct arstate_lruvec v[3];
	struct arstate st = { .pid = 1, .nr = 3, .lruvecs = v };
	size_t len, i, refused = 0, lines = 0, wrong = 0;
	struct arstate in;
	char err[512], *text;
	int i3;

	for (i3 = 0; i3 < 3; i3++)
		fill(&v[i3], i3);
	text = arstate_write("/trunc.state", &st) ? NULL : slurp("/trunc.state", &len);
	if (!text) {
		ok(0, "truncated: cannot write a file to cut");
		return;
	}
	for (i = 0; i <= len; i++) {
		int ret = parse_str(text, i, &in, err, sizeof(err));

		if (i && text[i - 1] == '\n') {
			lines++;
			wrong += ret || in.nr != lines - 1;
		} else if (ret == -EINVAL && (i == 0 || strstr(err, "cut short"))) {
			refused++;
		} else {
			wrong++;
		}
		arstate_free(&in);
	}
	ok(!wrong && lines == 4 && refused == len + 1 - 4,
	   "truncated: each of %zu cuts inside a line refused (%zu), each at a line's end read with the records before it (%zu), none else (%zu)",
	   len, refused, lines, wrong);
	free(text);
}

/* fields may be added: unknown keys and records are skipped, missing keys are 0 */
static void test_tolerant(void)
{
	const struct arstate_lruvec *v;
	struct arstate st;
	char err[512];
	int ret;

	ret = parse("lrugen-autoreclaim version=1 pid=9 color=blue\n"
		    "lruvec node=1 memcg_id=33 path=/a state=backoff future_field=%41 backoff_left_ms=20000\n"
		    "controller started_ms=5 what=x\n"
		    "lruvec node=0 memcg_id=33\n", &st, err, sizeof(err));
	ok(!ret, "tolerant: unknown keys and kinds of record are skipped (%s)", ret ? err : "ok");
	ok(st.pid == 9 && !st.age_ms && !st.period_ms && !st.dry_run && !st.max_promotion_pct &&
	   !st.max_psi_pct && !st.time_ms, "tolerant: missing header keys are 0");
	ok_eq(st.nr, 2, "tolerant: both lruvec records, not the other kind");
	v = arstate_find(&st, 1, 33);
	ok(v && v->state == AR_BACKOFF && v->backoff_left_ms == 20000 && !strcmp(v->path, "/a"),
	   "tolerant: the fields it knows are read");
	v = arstate_find(&st, 0, 33);
	ok(v && v->state == AR_WAIT && !v->path[0] && !v->reason[0] && !v->cold && !v->ws &&
	   !v->reclaimed && !v->promotion_pct, "tolerant: a record of missing keys is all zero");
	arstate_free(&st);

	ret = parse("lrugen-autoreclaim version=1\n", &st, err, sizeof(err));
	ok(!ret && !st.nr && !st.pid, "tolerant: a header alone is a state with no lruvec");
	arstate_free(&st);
}

/* many records; one more than the bound is refused */
static void test_many(void)
{
	struct arstate st = { .pid = 3, .nr = ARSTATE_MAX_LRUVECS + 1 };
	struct arstate in;
	size_t i, bad = 0;
	char err[512];
	int ret;

	st.lruvecs = calloc(st.nr, sizeof(*st.lruvecs));
	if (!st.lruvecs) {
		printf("Bail out! no memory\n");
		exit(1);
	}
	for (i = 0; i < st.nr; i++)
		fill(&st.lruvecs[i], i);
	st.nr = ARSTATE_MAX_LRUVECS;
	ret = arstate_write("/many.state", &st) ?:
	      arstate_read("/many.state", &in, err, sizeof(err));
	ok(!ret && in.nr == ARSTATE_MAX_LRUVECS, "many: %d records read back (%s, %zu)",
	   ARSTATE_MAX_LRUVECS, ret ? err : "ok", in.nr);
	for (i = 0; !ret && i < in.nr; i++)
		bad += !same(&in.lruvecs[i], &st.lruvecs[i]);
	ok(!ret && !bad, "many: every record the same (%zu differ)", bad);
	ok(!ret && arstate_find(&in, 8000 % 4, 9000) == &in.lruvecs[8000],
	   "many: find the 8000th");
	arstate_free(&in);

	st.nr = ARSTATE_MAX_LRUVECS + 1;
	ret = arstate_write("/many.state", &st);
	ret = ret ?: arstate_read("/many.state", &in, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "more than 8192 lruvec records"),
	   "many: one record more than the bound refused (%s)", err);
	arstate_free(&in);
	free(st.lruvecs);

	/* the longest path fits, one byte more does not */
	{
		struct arstate_lruvec v;
		struct arstate one = { .nr = 1, .lruvecs = &v };

		fill(&v, 1);
		memset(v.path, '%', sizeof(v.path) - 1);
		v.path[sizeof(v.path) - 1] = 0;
		ret = arstate_write("/long.state", &one) ?:
		      arstate_read("/long.state", &in, err, sizeof(err));
		ok(!ret && in.nr == 1 && same(&in.lruvecs[0], &v),
		   "many: a path of 4095 '%%' (3 bytes each escaped) reads back (%s)", ret ? err : "ok");
		arstate_free(&in);
	}
}

static int rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/test-arstate-XXXXXX");
	if (!mkdtemp(root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	lrugen_root = root;
	test_round_trip();
	test_alive();
	test_refused();
	test_truncated();
	test_tolerant();
	test_many();
	nftw(root, rm, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
