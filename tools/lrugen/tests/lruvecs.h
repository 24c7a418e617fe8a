/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made lruvecs for the unit tests of what is computed from the
 * generations (test-wss, test-autoreclaim).
 */
#ifndef LRUGEN_TESTS_LRUVECS_H
#define LRUGEN_TESTS_LRUVECS_H

#include <stdint.h>
#include <string.h>

#include "model.h"

/* generations for make_lruvec(): { age in ms, anon pages, file pages }, ... */
#define GENS(...) ((const uint64_t[][3]) { __VA_ARGS__ })

/*
 * An lruvec of memcg 5 ("/t") of @n generations, oldest first, seqs from
 * @seq0: for each, its age in ms, anon pages and file pages.
 */
static inline void make_lruvec(struct lrugen_lruvec *v, uint64_t seq0, int n,
			       const uint64_t (*g)[3])
{
	int i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < n; i++) {
		v->gens[i].seq = seq0 + i;
		v->gens[i].age_ms = g[i][0];
		v->gens[i].pages[LRUGEN_ANON] = g[i][1];
		v->gens[i].pages[LRUGEN_FILE] = g[i][2];
	}
	v->nr_gens = n;
	v->max_seq = seq0 + n - 1;
	v->min_seq[LRUGEN_ANON] = v->min_seq[LRUGEN_FILE] = seq0;
	v->path = "/t";
	v->memcg_id = 5;
}

#endif
