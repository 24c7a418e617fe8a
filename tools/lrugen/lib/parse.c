// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for lru_gen_full, meminfo, vmstat, PSI and /proc/PID/stat.
 *
 * lru_gen_full holds, for each memcg, a "memcg ID PATH" line, and for each
 * node of it a " node NID" line followed by up to four generation lines
 *     SEQ AGE_MS ANON[x] FILE[x]
 * ('x' marks a type whose min_seq is past SEQ), each followed by one line per
 * tier
 *     TIER  R r  T t  x  (anon)  R r  T t  x  (file)
 * with three numbers per type, suffixed "rep" (refaulted, evicted,
 * protected), "RTx" (the youngest gen's averages) or "xxx" (nothing), and,
 * when the kernel walks page tables, one line of four mm walk counters.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define MAX_TOKENS 16

struct line {
	const char *tok[MAX_TOKENS];
	size_t toklen[MAX_TOKENS];
	/* each token read as a number with at most one suffix letter */
	uint64_t val[MAX_TOKENS];
	char suffix[MAX_TOKENS];
	bool num[MAX_TOKENS];
	int nr;
	const char *start;
	size_t len;
};

static bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

/* the largest value that ten times still fits in 64 bits */
#define U64_TENTH (UINT64_MAX / 10)

/*
 * Skip spaces and tabs. lru_gen_full pads every number to ten columns, so
 * that most of its bytes are spaces: they are skipped eight at a time.
 */
static const char *skip_blanks(const char *s, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (end - s >= 8) {
		uint64_t w;

		memcpy(&w, s, sizeof(w));
		w ^= 0x2020202020202020ULL;
		if (w) {
			/* the lowest byte that is not a space is the first */
			s += __builtin_ctzll(w) >> 3;
			break;
		}
		s += 8;
	}
#endif
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static bool in_token(char c)
{
	return c != ' ' && c != '\t' && c != '\n';
}

/*
 * Split the line at @s into whitespace-separated tokens, pointing into the
 * buffer, and read each as a number on the way: lru_gen_full is ~2 MB with
 * 500 memcgs, mostly padding and numbers, and this one pass is most of a
 * refresh. The line ends at the first newline or at @end; the newline is
 * found in the same pass. Returns where the line ends.
 */
static const char *split(const char *s, const char *end, struct line *l)
{
	l->nr = 0;
	l->start = s;
	for (;;) {
		uint64_t v = 0;
		bool num = true;
		int n = l->nr;

		s = skip_blanks(s, end);
		if (s == end || *s == '\n')
			break;
		if (n == MAX_TOKENS) {
			l->nr++;	/* too many: the caller rejects it */
			s = memchr(s, '\n', end - s);
			if (!s)
				s = end;
			break;
		}
		l->tok[n] = s;
		l->suffix[n] = 0;
		if (!is_digit(*s))
			num = false;
		for (; s < end && is_digit(*s); s++) {
			unsigned int d = *s - '0';

			/* v * 10 + d would not fit: not a number we take */
			if (v > U64_TENTH || (v == U64_TENTH && d > UINT64_MAX % 10))
				num = false;
			v = v * 10 + d;
		}
		if (s < end && in_token(*s)) {
			l->suffix[n] = *s++;
			if (s < end && in_token(*s))
				num = false;
		}
		while (s < end && in_token(*s))
			s++;
		l->toklen[n] = s - l->tok[n];
		l->val[n] = v;
		l->num[n] = num;
		l->nr++;
	}
	l->len = s - l->start;
	return s;
}

/* Token @i as a number, with no suffix or one in @suffixes (NULL: none). */
static bool tok_num(const struct line *l, int i, const char *suffixes, uint64_t *val, char *suffix)
{
	char c = l->suffix[i];

	if (!l->num[i])
		return false;
	if (c) {
		if (!suffixes)
			return false;
		while (*suffixes && *suffixes != c)
			suffixes++;
		if (!*suffixes)
			return false;
	}
	*val = l->val[i];
	if (suffix)
		*suffix = c;
	return true;
}

static bool tok_is(const struct line *l, int i, const char *word)
{
	return l->toklen[i] == strlen(word) && !memcmp(l->tok[i], word, l->toklen[i]);
}

static int set_grow(struct lruvec_set *s)
{
	struct lrugen_lruvec *n;
	size_t ncap;

	if (s->nr < s->cap)
		return 0;
	ncap = s->cap ? s->cap * 2 : 64;
	n = realloc(s->v, ncap * sizeof(*s->v));
	if (!n)
		return -1;
	s->v = n;
	s->cap = ncap;
	return 0;
}

/**
 * path_hash() - the hash of a memcg path that the model matches lruvecs by
 * @s: the path; need not end with a NUL
 * @n: its length in bytes
 *
 * Return: the 32-bit FNV-1a hash of the @n bytes.
 */
uint32_t path_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/*
 * Keep the memcg's path in the set's string store. The store moves when
 * it grows: the lruvecs so far then keep their offsets, and
 * lru_gen_parse_end() points their paths into it again. Once the store
 * has grown to the file's size, none needs it.
 * The path is the rest of the line after the id, spaces included.
 */
static int store_path(struct lru_gen_parser *p, const struct line *l)
{
	struct lruvec_set *s = p->set;
	const char *path = "/";
	size_t n = 1;

	/* without memcg the path is empty: call it the root */
	if (l->nr >= 3) {
		path = l->tok[2];
		n = l->start + l->len - path;
		while (n && (path[n - 1] == ' ' || path[n - 1] == '\t'))
			n--;
	}
	if (s->names_len + n + 1 > s->names_cap) {
		size_t ncap = s->names_cap ? s->names_cap : 4096;
		char *d;

		while (s->names_len + n + 1 > ncap)
			ncap *= 2;
		d = realloc(s->names, ncap);
		if (!d)
			return -1;
		if (d != s->names)
			p->stale_paths = s->nr;
		s->names = d;
		s->names_cap = ncap;
	}
	memcpy(s->names + s->names_len, path, n);
	s->names[s->names_len + n] = 0;
	p->path_off = s->names_len;
	p->path_hash = path_hash(path, n);
	s->names_len += n + 1;
	return 0;
}

static void finish_lruvec(struct lrugen_lruvec *v)
{
	int type, i;

	if (!v->nr_gens) {
		v->partial = true;
		return;
	}
	v->max_seq = v->gens[v->nr_gens - 1].seq;
	for (type = 0; type < LRUGEN_NR_TYPES; type++) {
		v->min_seq[type] = v->max_seq;
		for (i = 0; i < v->nr_gens; i++) {
			if (!v->gens[i].evicted[type]) {
				v->min_seq[type] = v->gens[i].seq;
				break;
			}
		}
	}
}

/* "SEQ AGE ANON[x] FILE[x]" */
static bool parse_gen_line(const struct line *l, struct lrugen_gen *g)
{
	char mark[2];
	int type;

	if (l->nr != 4 || !tok_num(l, 0, NULL, &g->seq, NULL) ||
	    !tok_num(l, 1, NULL, &g->age_ms, NULL))
		return false;
	for (type = 0; type < LRUGEN_NR_TYPES; type++) {
		if (!tok_num(l, 2 + type, "x",
			     &g->pages[type], &mark[type]))
			return false;
		g->evicted[type] = mark[type] == 'x';
	}
	return true;
}

/*
 * "TIER n[rRx] n[eTx] n[px]" for anon, then the same for file, of the last
 * gen of @v. Tiers come in order, but one may be missing after a broken
 * line: take any tier at or above @next. A type's counters belong to one
 * gen; a second gen with them is refused. Returns the tier, or -1.
 */
static int parse_tier_line(const struct line *l, struct lrugen_lruvec *v, int next)
{
	struct lrugen_gen *g = v->nr_gens ? &v->gens[v->nr_gens - 1] : NULL;
	uint64_t tier, n[6];
	char s[6];
	int i, k;

	if (!g || l->nr != 7 || !tok_num(l, 0, NULL, &tier, NULL) ||
	    tier < (uint64_t)next || tier >= LRUGEN_MAX_TIERS)
		return -1;
	/*
	 * Each a number with a suffix; which suffixes, the check of each
	 * type's three below says (it refuses a missing one too)
	 */
	for (i = 0; i < 6; i++) {
		if (!l->num[1 + i])
			return -1;
		n[i] = l->val[1 + i];
		s[i] = l->suffix[1 + i];
	}
	/* check both types before storing either */
	for (i = 0; i < LRUGEN_NR_TYPES; i++) {
		const char *c = &s[3 * i];

		if (memcmp(c, "rep", 3) && memcmp(c, "RTx", 3) && memcmp(c, "xxx", 3))
			return -1;
		if (!memcmp(c, "rep", 3) && !g->has_tiers[i])
			for (k = 0; k < v->nr_gens - 1; k++)
				if (v->gens[k].has_tiers[i])
					return -1;
	}
	for (i = 0; i < LRUGEN_NR_TYPES; i++) {
		struct lrugen_tier_stats *t = &v->tier[i][tier];

		if (memcmp(&s[3 * i], "rep", 3))
			continue;
		t->refaulted = n[3 * i];
		t->evicted = n[3 * i + 1];
		t->protected = n[3 * i + 2];
		g->has_tiers[i] = true;
	}
	return (int)tier;
}

static bool is_mm_suffix(char c)
{
	switch (c) {
	case 'T': case 'Y': case 'F': case 'A':
	case 't': case 'y': case 'f': case 'a':
	case 'x':
		return true;
	}
	return false;
}

/* four mm walk counters, each suffixed one of TYFA, tyfa or x */
static bool is_mm_line(const struct line *l)
{
	int i;

	if (l->nr != 4)
		return false;
	for (i = 0; i < 4; i++)
		if (!l->num[i] || !is_mm_suffix(l->suffix[i]))
			return false;
	return true;
}

/**
 * lru_gen_parse_begin() - start a parse of lru_gen_full into a set
 * @p: the parser's state, (re)initialised
 * @s: the set the lruvecs go into; emptied, its memory kept for reuse
 */
void lru_gen_parse_begin(struct lru_gen_parser *p, struct lruvec_set *s)
{
	memset(p, 0, sizeof(*p));
	p->set = s;
	s->nr = 0;
	s->names_len = 0;
}

static struct lrugen_lruvec *current(struct lru_gen_parser *p)
{
	return p->has_cur ? &p->set->v[p->set->nr - 1] : NULL;
}

static void end_lruvec(struct lru_gen_parser *p)
{
	if (p->has_cur)
		finish_lruvec(current(p));
	p->has_cur = false;
}

/*
 * The line at @text, up to its newline or @end. Sets *@next past the
 * line. Returns 0, or -1 when memory ran out.
 */
static int parse_line(struct lru_gen_parser *p, const char *text, const char *end,
		      const char **next)
{
	struct parse_result *res = &p->res;
	struct lrugen_lruvec *cur;
	struct line l;
	bool ok = true;

	p->lineno++;
	*next = split(text, end, &l);
	if (*next < end)
		(*next)++;
	if (!l.nr)
		return 0;
	cur = current(p);
	/*
	 * A memcg line is taken whatever its length: its path is the rest of
	 * the raw line and may hold any number of spaces. Were a long one
	 * refused before the state below is reset, the lruvecs after it would
	 * be credited to the memcg before it.
	 */
	if (tok_is(&l, 0, "memcg")) {
		uint64_t id;

		end_lruvec(p);
		p->in_memcg = false;
		if (l.nr < 2 || !tok_num(&l, 1, NULL, &id, NULL)) {
			ok = false;
		} else {
			p->memcg_id = id;
			if (store_path(p, &l))
				return -1;
			p->in_memcg = true;
		}
	} else if (l.nr > MAX_TOKENS) {
		ok = false;
	} else if (tok_is(&l, 0, "node")) {
		uint64_t nid;

		end_lruvec(p);
		if (!p->in_memcg || l.nr != 2 || !tok_num(&l, 1, NULL, &nid, NULL) ||
		    nid >= LRUGEN_MAX_NODES) {
			ok = false;
		} else {
			if (set_grow(p->set))
				return -1;
			cur = &p->set->v[p->set->nr++];
			memset(cur, 0, sizeof(*cur));
			cur->path_off = p->path_off;
			cur->path = p->set->names + p->path_off;
			cur->path_hash = p->path_hash;
			cur->memcg_id = p->memcg_id;
			cur->nid = (int)nid;
			p->has_cur = true;
			p->skip_gen = false;
		}
	} else if (!cur) {
		ok = false;
	} else if (l.nr == 4 && is_mm_line(&l)) {
		/* mm walk counters: not shown */
	} else if (l.nr == 4) {
		struct lrugen_gen g = { 0 };

		/* after a broken gen, seqs need not follow on */
		if (cur->nr_gens == LRUGEN_MAX_GENS || !parse_gen_line(&l, &g) ||
		    (cur->nr_gens && !cur->partial &&
		     g.seq != cur->gens[cur->nr_gens - 1].seq + 1)) {
			ok = false;
			p->skip_gen = true;
		} else {
			cur->gens[cur->nr_gens++] = g;
			p->next_tier = 0;
			p->skip_gen = false;
		}
	} else if (p->skip_gen) {
		/* the tiers of a generation already counted as bad */
	} else if (l.nr == 7) {
		int tier = parse_tier_line(&l, cur, p->next_tier);

		if (tier < 0)
			ok = false;
		else
			p->next_tier = tier + 1;
	} else {
		ok = false;
	}
	if (!ok) {
		if (!res->bad_lines)
			res->first_bad_line = p->lineno;
		res->bad_lines++;
		if (cur)
			cur->partial = true;
	}
	return 0;
}

/**
 * lru_gen_parse_lines() - parse a piece of lru_gen_full
 * @p: the parser, started with lru_gen_parse_begin()
 * @buf: whole lines, each ended by a newline; need not end with a NUL
 * @len: bytes in @buf
 *
 * A memcg line starts a memcg, a node line an lruvec of it, and the
 * generation, tier and mm walk lines that follow fill that lruvec. A line
 * that fits nowhere is counted in the result and skipped, and an lruvec in
 * which the input goes wrong is kept and marked partial. Once memory has
 * run out, the rest of the input is ignored.
 *
 * Return: 0, or -1 when memory ran out, in this call or an earlier one.
 */
int lru_gen_parse_lines(struct lru_gen_parser *p, const char *buf, size_t len)
{
	const char *end = buf + len;

	while (buf < end && !p->nomem)
		if (parse_line(p, buf, end, &buf))
			p->nomem = true;
	return p->nomem ? -1 : 0;
}

/**
 * lru_gen_parse_end() - finish a parse of lru_gen_full
 * @p: the parser
 * @tail: what followed the last newline of the file; need not end with a NUL
 * @len: bytes in @tail, 0 for a file that ended with a newline
 * @res: set to what the parse found
 *
 * A non-empty @tail is parsed as a last line, and the lruvec it ends in is
 * marked partial: the kernel ends the file with a newline, so the read was
 * cut. Then each lruvec's path is pointed into the set's names.
 *
 * Return: 0; or -1 when memory ran out during the parse, and then the set
 * is empty and @res all zero.
 */
int lru_gen_parse_end(struct lru_gen_parser *p, const char *tail, size_t len,
		      struct parse_result *res)
{
	struct lruvec_set *s = p->set;
	size_t i;

	/* the last line of a complete file ends with a newline */
	if (len) {
		lru_gen_parse_lines(p, tail, len);
		if (p->has_cur)
			current(p)->partial = true;
	}
	end_lruvec(p);
	if (p->nomem) {
		s->nr = 0;
		memset(res, 0, sizeof(*res));
		return -1;
	}
	for (i = 0; i < p->stale_paths; i++)
		s->v[i].path = s->names + s->v[i].path_off;
	*res = p->res;
	res->nr_lruvecs = s->nr;
	return 0;
}

/**
 * parse_lru_gen_set() - parse all of lru_gen_full at once into a set
 * @buf: the file's contents; need not end with a NUL
 * @len: bytes in @buf
 * @s: the set the lruvecs go into; its memory is reused
 * @res: set to what the parse found
 *
 * lru_gen_parse_begin(), lru_gen_parse_lines() and lru_gen_parse_end() on
 * the whole of @buf.
 *
 * Return: 0, or -1 when memory ran out (then @s is empty).
 */
int parse_lru_gen_set(const char *buf, size_t len, struct lruvec_set *s,
		      struct parse_result *res)
{
	struct lru_gen_parser p;
	size_t whole = len;

	while (whole && buf[whole - 1] != '\n')
		whole--;
	lru_gen_parse_begin(&p, s);
	lru_gen_parse_lines(&p, buf, whole);
	return lru_gen_parse_end(&p, buf + whole, len - whole, res);
}

/**
 * parse_lru_gen() - parse all of lru_gen_full into a new array
 * @buf: the file's contents; need not end with a NUL
 * @len: bytes in @buf
 * @res: set to what the parse found
 *
 * As parse_lru_gen_set(), but each lruvec's path is an allocation of its
 * own, and the array is the caller's to free with lruvecs_free(). For
 * tests and one-off readers.
 *
 * Return: the array of @res->nr_lruvecs lruvecs; NULL, with
 * @res->nr_lruvecs 0, when there is none or memory ran out.
 */
struct lrugen_lruvec *parse_lru_gen(const char *buf, size_t len,
				    struct parse_result *res)
{
	struct lruvec_set s = { 0 };
	struct lrugen_lruvec *v = NULL;
	size_t i;

	if (parse_lru_gen_set(buf, len, &s, res) || !s.nr)
		goto out;
	v = calloc(s.nr, sizeof(*v));
	if (!v)
		goto nomem;
	for (i = 0; i < s.nr; i++) {
		v[i] = s.v[i];
		v[i].path = strdup(s.v[i].path);
		if (!v[i].path) {
			lruvecs_free(v, i);
			v = NULL;
			goto nomem;
		}
	}
	goto out;
nomem:
	memset(res, 0, sizeof(*res));
out:
	lruvec_set_free(&s);
	return v;
}

/**
 * parse_kv() - the value of a key in vmstat or meminfo text
 * @buf: the file's contents, ended by a NUL
 * @key: the key, "pgscan_kswapd" or "MemFree"
 * @val: set to the value
 *
 * Takes "key value" lines (vmstat), and "key: value kB" lines (meminfo),
 * also after the "Node N " of nodeN/meminfo. The first line with @key
 * decides.
 *
 * Return: 0 with @val set; -1 when no line has @key, or its value is not a
 * decimal number that fits in 64 bits.
 */
int parse_kv(const char *buf, const char *key, uint64_t *val)
{
	size_t klen = strlen(key);
	const char *p = buf;

	while (p && *p) {
		const char *s = p;

		/* nodeN/meminfo lines start with "Node N " */
		if (!strncmp(s, "Node ", 5)) {
			s += 5;
			while (isdigit((unsigned char)*s))
				s++;
			while (*s == ' ')
				s++;
		}
		if (!strncmp(s, key, klen) && (s[klen] == ' ' || s[klen] == ':' || s[klen] == '\t')) {
			char *end;

			s += klen;
			if (*s == ':')
				s++;
			errno = 0;
			*val = strtoull(s, &end, 10);
			if (end != s && !errno)
				return 0;
			return -1;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static int psi_avg10(const char *buf, const char *kind, double *val)
{
	const char *p = buf;
	size_t klen = strlen(kind);

	while (p && *p) {
		if (!strncmp(p, kind, klen) && p[klen] == ' ') {
			const char *a = strstr(p, "avg10=");
			const char *nl = strchr(p, '\n');
			char *end;

			if (!a || (nl && a > nl))
				return -1;
			*val = strtod(a + 6, &end);
			return end == a + 6 ? -1 : 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/**
 * parse_psi() - the avg10 values of /proc/pressure/memory
 * @buf: the file's contents, "some avg10=1.00 ..." and "full avg10=...",
 *       ended by a NUL
 * @some: set to the "some" line's avg10
 * @full: set to the "full" line's avg10, or 0 when there is none (older
 *        kernels have no "full" line)
 *
 * Return: 0, or -1 when the "some" line or its avg10 is missing.
 */
int parse_psi(const char *buf, double *some, double *full)
{
	if (psi_avg10(buf, "some", some))
		return -1;
	/* "full" came in 5.x for memory; treat it as optional */
	if (psi_avg10(buf, "full", full))
		*full = 0;
	return 0;
}

/**
 * parse_proc_stat_ticks() - the CPU time of a task from /proc/PID/stat
 * @buf: the file's contents, ended by a NUL
 * @ticks: set to utime + stime, in clock ticks
 *
 * The command name may hold spaces and parentheses: the fields are counted
 * from the last ')'.
 *
 * Return: 0, or -1 when the fields cannot be read.
 */
int parse_proc_stat_ticks(const char *buf, uint64_t *ticks)
{
	/* comm may hold spaces and parentheses: skip to the last ')' */
	const char *p = strrchr(buf, ')');
	unsigned long long utime, stime;

	if (!p)
		return -1;
	/* after ")": state(3) ... utime(14) stime(15) */
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		   &utime, &stime) != 2)
		return -1;
	*ticks = utime + stime;
	return 0;
}

/**
 * parse_proc_stat_kthread() - whether /proc/PID/stat is a kernel thread's
 * @buf: the file's contents, ended by a NUL
 *
 * Anyone can name a process "kswapd0"; only the kernel's own thread has
 * PF_KTHREAD in its flags.
 *
 * Return: 1 if PF_KTHREAD is set, 0 if not, -1 when the flags cannot be
 * read.
 */
int parse_proc_stat_kthread(const char *buf)
{
	const unsigned int pf_kthread = 0x00200000;	/* include/linux/sched.h */
	const char *p = strrchr(buf, ')');
	unsigned int flags;

	/* after ")": state(3) ppid pgrp session tty_nr tpgid flags(9) */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) != 1)
		return -1;
	return !!(flags & pf_kthread);
}

/**
 * parse_hex() - a number such as /sys/kernel/mm/lru_gen/enabled holds
 * @buf: the text, "0x0007" (as strtoul() with base 0 reads it: hexadecimal
 *       after 0x, octal after 0, else decimal), ended by a NUL; spaces and
 *       newlines may follow
 * @val: set to the value
 *
 * Return: 0, or -1 when @buf is not such a number, has anything else
 * after it, or the value does not fit in 32 bits.
 */
int parse_hex(const char *buf, unsigned int *val)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(buf, &end, 0);
	if (end == buf || errno || v > 0xffffffffUL)
		return -1;
	while (*end == '\n' || *end == ' ')
		end++;
	if (*end)
		return -1;
	*val = (unsigned int)v;
	return 0;
}

/**
 * parse_node_list() - a list of nodes, as /sys/devices/system/node/has_memory
 * @buf: the list, "0-1" or "0,2-3", ended by a newline or a NUL
 * @mask: set to the nodes as a bitmap, bit N for node N; 0 for an empty list
 *
 * Return: 0, or -1 when the list is malformed or names a node of
 * LRUGEN_MAX_NODES or above (@mask may then hold part of it).
 */
int parse_node_list(const char *buf, uint64_t *mask)
{
	const char *p = buf;

	*mask = 0;
	while (*p && *p != '\n') {
		char *end;
		unsigned long a, b;

		a = strtoul(p, &end, 10);
		if (end == p)
			return -1;
		b = a;
		p = end;
		if (*p == '-') {
			p++;
			b = strtoul(p, &end, 10);
			if (end == p)
				return -1;
			p = end;
		}
		if (b < a || b >= LRUGEN_MAX_NODES)
			return -1;
		for (; a <= b; a++)
			*mask |= 1ULL << a;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	return 0;
}

/**
 * parse_swappiness() - check a swappiness for nodeN/reclaim or memory.reclaim
 * @s: "max", or one to three digits with a value of at most 200 (no sign,
 *     no spaces)
 *
 * Return: 0 if @s is such a swappiness, else -1.
 */
int parse_swappiness(const char *s)
{
	size_t len = strlen(s), i;

	if (!strcmp(s, "max"))
		return 0;
	if (!len || len > 3)
		return -1;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	return atoi(s) <= 200 ? 0 : -1;
}

/**
 * parse_delay() - a refresh delay in seconds
 * @s: the text, "2" or "0.5"
 * @sec: set to the delay
 *
 * Return: 0 for a number from 0.1 to 3600; -1 for anything else, NaN,
 * infinities and trailing text included (@sec is then left alone).
 */
int parse_delay(const char *s, double *sec)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	/* written so that a NaN fails the range check too */
	if (errno || end == s || *end || !(d >= 0.1 && d <= 3600))
		return -1;
	*sec = d;
	return 0;
}

/**
 * parse_tracefs_mount() - where tracefs is mounted, from /proc/mounts
 * @buf: the contents of /proc/mounts, ended by a NUL
 * @dir: set to the mount point of the first tracefs, its octal escapes
 *       ("\040" for a space) undone
 * @size: bytes at @dir
 *
 * Return: 0, or -1 when no tracefs is mounted or its path does not fit in
 * @size.
 */
int parse_tracefs_mount(const char *buf, char *dir, size_t size)
{
	const char *p = buf;

	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *mnt = memchr(p, ' ', end - p);
		const char *type = mnt ? memchr(mnt + 1, ' ', end - mnt - 1) : NULL;
		size_t n = 0;

		if (type && end - type > 8 && !memcmp(type, " tracefs ", 9)) {
			for (mnt++; mnt < type && n + 1 < size; n++) {
				if (*mnt == '\\' && type - mnt >= 4 &&
				    mnt[1] >= '0' && mnt[1] <= '3' && mnt[2] >= '0' && mnt[2] <= '7' &&
				    mnt[3] >= '0' && mnt[3] <= '7') {
					dir[n] = (char)((mnt[1] - '0') << 6 | (mnt[2] - '0') << 3 |
							(mnt[3] - '0'));
					mnt += 4;
				} else {
					dir[n] = *mnt++;
				}
			}
			if (mnt < type || !n)
				return -1;
			dir[n] = 0;
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -1;
}

/* digits only, at most @max: the value, or -1; *end after the digits */
static long long parse_digits(const char *s, const char **end, unsigned long long max)
{
	unsigned long long v = 0;
	const char *p = s;

	for (; isdigit((unsigned char)*p); p++) {
		if (v > (max - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*end = p;
	return p == s ? -1 : (long long)v;
}

/**
 * parse_instance_pid() - the pid of the lrugen that made a tracefs instance
 * @name: the instance's name
 * @own_ns: the inode of the caller's PID namespace
 *
 * lrugen's instances are named lrugen-NS-PID: NS is the inode of the PID
 * namespace its creator ran in, PID its pid there. A pid means nothing
 * outside its namespace, so only an instance made in @own_ns can be
 * judged.
 *
 * Return: the pid if @name is an instance made in @own_ns; else 0 (another
 * namespace, the old "lrugen-PID" form, or not lrugen's at all).
 */
long parse_instance_pid(const char *name, unsigned long own_ns)
{
	const char *p;
	long long ns, pid;

	if (strncmp(name, "lrugen-", 7))
		return 0;
	ns = parse_digits(name + 7, &p, UINT32_MAX);
	if (ns < 0 || *p != '-')
		return 0;
	pid = parse_digits(p + 1, &p, INT_MAX);
	if (pid <= 0 || *p || (unsigned long)ns != own_ns)
		return 0;
	return pid;
}
