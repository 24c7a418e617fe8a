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

/*
 * Split one line into whitespace-separated tokens, pointing into buf, and
 * read each as a number on the way: lru_gen_full is ~2 MB with 500 memcgs,
 * mostly padding and numbers, and this one pass is most of a refresh.
 */
static void split(const char *s, size_t len, struct line *l)
{
	const char *end = s + len;

	l->nr = 0;
	l->start = s;
	l->len = len;
	while (s < end) {
		uint64_t v = 0;
		bool num = true;
		int n = l->nr;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			break;
		if (n == MAX_TOKENS) {
			l->nr++;	/* too many: the caller rejects it */
			return;
		}
		l->tok[n] = s;
		l->suffix[n] = 0;
		if (!is_digit(*s))
			num = false;
		for (; s < end && is_digit(*s); s++) {
			if (v > (UINT64_MAX - (*s - '0')) / 10)
				num = false;
			v = v * 10 + (*s - '0');
		}
		if (s < end && *s != ' ' && *s != '\t') {
			l->suffix[n] = *s++;
			if (s < end && *s != ' ' && *s != '\t')
				num = false;
		}
		while (s < end && *s != ' ' && *s != '\t')
			s++;
		l->toklen[n] = s - l->tok[n];
		l->val[n] = v;
		l->num[n] = num;
		l->nr++;
	}
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

/* A whole string as a number with an optional suffix, for parse_size(). */
static bool str_u64(const char *t, const char *suffixes, uint64_t *val, char *suffix)
{
	struct line l;

	split(t, strlen(t), &l);
	if (l.nr != 1 || l.toklen[0] != strlen(t))
		return false;
	return tok_num(&l, 0, suffixes, val, suffix);
}

static bool tok_is(const struct line *l, int i, const char *word)
{
	return l->toklen[i] == strlen(word) && !memcmp(l->tok[i], word, l->toklen[i]);
}

static int grow(struct lrugen_lruvec **v, size_t *cap, size_t nr)
{
	struct lrugen_lruvec *n;
	size_t ncap;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	n = realloc(*v, ncap * sizeof(**v));
	if (!n)
		return -1;
	*v = n;
	*cap = ncap;
	return 0;
}

/* The path is the rest of the line after the id, spaces included. */
static char *memcg_path(const struct line *l)
{
	const char *p = l->tok[2];
	size_t n = l->start + l->len - p;

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return strndup(p, n);
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
 * "TIER n[rRx] n[eTx] n[px]" for anon, then the same for file. Tiers come in
 * order, but one may be missing after a broken line: take any tier at or
 * above @next. Returns the tier, or -1.
 */
static int parse_tier_line(const struct line *l, struct lrugen_gen *g, int next)
{
	uint64_t tier, n[6];
	char s[6];
	int i;

	if (!g || l->nr != 7 || !tok_num(l, 0, NULL, &tier, NULL) ||
	    tier < (uint64_t)next || tier >= LRUGEN_MAX_TIERS)
		return -1;
	for (i = 0; i < 6; i++)
		if (!tok_num(l, 1 + i, "rRepTx", &n[i], &s[i]))
			return -1;
	/* check both types before storing either */
	for (i = 0; i < LRUGEN_NR_TYPES; i++) {
		const char *k = &s[3 * i];

		if (memcmp(k, "rep", 3) && memcmp(k, "RTx", 3) && memcmp(k, "xxx", 3))
			return -1;
	}
	for (i = 0; i < LRUGEN_NR_TYPES; i++) {
		struct lrugen_tier_stats *t = &g->tier[tier][i];

		if (memcmp(&s[3 * i], "rep", 3))
			continue;
		t->refaulted = n[3 * i];
		t->evicted = n[3 * i + 1];
		t->protected = n[3 * i + 2];
		g->has_tiers[i] = true;
	}
	return (int)tier;
}

/* four mm walk counters suffixed TYFA, tyfa or xxxx */
static bool is_mm_line(const struct line *l)
{
	uint64_t v;
	char s;
	int i;

	if (l->nr != 4)
		return false;
	for (i = 0; i < 4; i++)
		if (!tok_num(l, i, "TYFAtyfax", &v, &s) || !s)
			return false;
	return true;
}

struct lrugen_lruvec *parse_lru_gen(const char *buf, size_t len,
				    struct parse_result *res)
{
	struct lrugen_lruvec *v = NULL, *cur = NULL;
	const char *p = buf, *end = buf + len;
	char *path = NULL;	/* of the current memcg, owned by the parser */
	size_t cap = 0, nr = 0;
	uint64_t memcg_id = 0;
	int next_tier = 0, lineno = 0;
	bool in_memcg = false, skip_gen = false;

	memset(res, 0, sizeof(*res));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct line l;
		bool ok = true;

		lineno++;
		split(p, n, &l);
		p += n + (nl ? 1 : 0);
		if (!l.nr)
			continue;
		/*
		 * A memcg line is taken whatever its length: its path is the
		 * rest of the raw line and may hold any number of spaces. Were
		 * a long one refused before the state below is reset, the
		 * lruvecs after it would be credited to the memcg before it.
		 */
		if (tok_is(&l, 0, "memcg")) {
			uint64_t id;

			if (cur)
				finish_lruvec(cur);
			cur = NULL;
			free(path);
			path = NULL;
			in_memcg = false;
			if (l.nr < 2 || !tok_num(&l, 1, NULL, &id, NULL)) {
				ok = false;
			} else {
				memcg_id = id;
				/* without memcg the path is empty: call it the root */
				path = l.nr >= 3 ? memcg_path(&l) : strdup("/");
				if (!path)
					goto nomem;
				in_memcg = true;
			}
		} else if (l.nr > MAX_TOKENS) {
			ok = false;
		} else if (tok_is(&l, 0, "node")) {
			uint64_t nid;

			if (cur)
				finish_lruvec(cur);
			cur = NULL;
			if (!in_memcg || l.nr != 2 ||
			    !tok_num(&l, 1, NULL, &nid, NULL) ||
			    nid >= LRUGEN_MAX_NODES) {
				ok = false;
			} else {
				if (grow(&v, &cap, nr))
					goto nomem;
				cur = &v[nr];
				memset(cur, 0, sizeof(*cur));
				cur->path = strdup(path);
				if (!cur->path)
					goto nomem;
				cur->memcg_id = memcg_id;
				cur->nid = (int)nid;
				skip_gen = false;
				nr++;
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
				skip_gen = true;
			} else {
				cur->gens[cur->nr_gens++] = g;
				next_tier = 0;
				skip_gen = false;
			}
		} else if (skip_gen) {
			/* the tiers of a generation already counted as bad */
		} else if (l.nr == 7) {
			int tier = parse_tier_line(&l, cur->nr_gens ? &cur->gens[cur->nr_gens - 1] : NULL,
						   next_tier);

			if (tier < 0)
				ok = false;
			else
				next_tier = tier + 1;
		} else {
			ok = false;
		}
		if (!ok) {
			if (!res->bad_lines)
				res->first_bad_line = lineno;
			res->bad_lines++;
			if (cur)
				cur->partial = true;
		}
	}
	/* the last line of a complete file ends with a newline */
	if (cur && len && buf[len - 1] != '\n')
		cur->partial = true;
	if (cur)
		finish_lruvec(cur);
	free(path);
	res->nr_lruvecs = nr;
	return v;
nomem:
	free(path);
	lruvecs_free(v, nr);
	memset(res, 0, sizeof(*res));
	return NULL;
}

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

int parse_psi(const char *buf, double *some, double *full)
{
	if (psi_avg10(buf, "some", some))
		return -1;
	/* "full" came in 5.x for memory; treat it as optional */
	if (psi_avg10(buf, "full", full))
		*full = 0;
	return 0;
}

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

int parse_size(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGTPE";
	uint64_t v;
	size_t len = strlen(s);
	char suffix;
	const char *u;
	int shift;

	if (!len || !str_u64(s, "KMGTPEkmgtpe", &v, &suffix))
		return -1;
	if (!suffix) {
		*bytes = v;
		return 0;
	}
	u = strchr(units, toupper((unsigned char)suffix));
	shift = 10 * (int)(u - units + 1);
	if (v > (UINT64_MAX >> shift))
		return -1;
	*bytes = v << shift;
	return 0;
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
