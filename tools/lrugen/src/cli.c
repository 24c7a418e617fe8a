// SPDX-License-Identifier: GPL-2.0
/*
 * What the subcommands share: option values, checked strictly, and the
 * lruvecs an action touched, printed before and after.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "session.h"
#include "parse.h"
#include "util.h"
#include "view.h"

int option_delay(const char *s, double *d)
{
	if (parse_delay(s, d)) {
		fprintf(stderr, "lrugen: the delay must be 0.1 to 3600 seconds, not '%s'\n", s);
		return -1;
	}
	return 0;
}

/* digits only: no sign, no spaces, as the kernel's own files take them */
int parse_count(const char *what, const char *s, long max, long *n)
{
	char *end;

	errno = 0;
	*n = isdigit((unsigned char)*s) ? strtol(s, &end, 10) : -1;
	if (*n < 0 || errno || *end || *n > max) {
		fprintf(stderr, "lrugen: %s must be a number from 0 to %ld, not '%s'\n", what, max, s);
		return -1;
	}
	return 0;
}

int node_arg(const char *s, int *nid)
{
	long n;

	if (parse_count("--node", s, LRUGEN_MAX_NODES - 1, &n))
		return -1;
	*nid = (int)n;
	return 0;
}

/* One line per lruvec the action touched: its generations. */
void print_lruvecs(const struct lrugen_model *m, int64_t memcg_id, int nid,
			  const char *when)
{
	size_t i;

	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];
		char gens[256], a[16], f[16], name[256];

		if ((memcg_id >= 0 && l->memcg_id != (uint64_t)memcg_id) || (nid >= 0 && l->nid != nid))
			continue;
		if (memcg_id < 0 && l->memcg_id > 1)
			continue;	/* whole node: show the root only */
		format_gens(l, gens, sizeof(gens));
		printf("%-6s %s node%d: seq %" PRIu64 "..%" PRIu64 ", anon %s file %s: %s\n", when,
		       fmt_name(name, sizeof(name), l->path), l->nid,
		       l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1], l->max_seq,
		       fmt_bytes(a, sizeof(a), (double)lruvec_pages(l, LRUGEN_ANON) * sysconf(_SC_PAGESIZE)),
		       fmt_bytes(f, sizeof(f), (double)lruvec_pages(l, LRUGEN_FILE) * sysconf(_SC_PAGESIZE)),
		       gens);
	}
}

int open_snapshot(struct session *s)
{
	if (session_open(s, false) || session_refresh(s) < 0) {
		fprintf(stderr, "lrugen: %s\n", s->error);
		session_close(s);
		return -1;
	}
	if (s->warning[0])
		fprintf(stderr, "lrugen: %s\n", s->warning);
	return 0;
}
