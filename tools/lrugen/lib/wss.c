// SPDX-License-Identifier: GPL-2.0
/*
 * Working-set estimation: an lruvec's generations turned into age bins,
 * and a window's edge placed among them (wss.h says what a bin means).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "wss.h"

/* the share of @pages of a bin [@lo, @hi) last accessed within @window */
static uint64_t split_linear(uint64_t pages, uint64_t lo, uint64_t hi, uint64_t window)
{
	double share = (double)(window - lo) / (double)(hi - lo);
	double ws = round((double)pages * share);

	return ws > (double)pages ? pages : (uint64_t)ws;
}

/**
 * wss_estimate() - an lruvec's memory by age, and its working set for a window
 * @v: the lruvec, as the parser filled it (generations oldest first)
 * @window_ms: the window, in ms; more than 0
 * @e: filled with the bins, youngest first, and the estimate
 *
 * Generation s becomes the bin [age of s + 1, age of s): the pages an
 * aging walk found accessed after s was born and before s + 1 was (0
 * for the youngest generation). A type's oldest generation on the LRU
 * has no upper bound, since older generations were folded into it.
 *
 * Per type, a bin entirely younger than the window counts in the working
 * set and one entirely older in the cold pages. The bin the window's edge
 * falls in is split linearly in time: of its span [lo, hi), the share
 * (window - lo) / (hi - lo) counts in the working set and the rest cold,
 * as if its pages' last accesses were spread evenly over it. Its pages
 * are @e->uncertain_pages. When the edge falls in an open bin nothing
 * bounds the split: the bin's pages are all uncertain and counted cold.
 * A bin of no width (two generations born in the same millisecond) at
 * the edge counts whole in the working set. An older generation whose
 * age reads younger than a younger one's (the kernel reads each age when
 * it prints it) takes the younger one's age.
 *
 * Return: 0, with @e filled (every count 0 for an lruvec without
 * generations); -EINVAL, with @e zeroed, for a window of 0 or a NULL
 * argument.
 */
int wss_estimate(const struct lrugen_lruvec *v, uint64_t window_ms, struct wss_estimate *e)
{
	uint64_t age = 0;
	int i, t;

	if (!e)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->window_ms = window_ms;
	e->open_bin[LRUGEN_ANON] = e->open_bin[LRUGEN_FILE] = -1;
	if (!v || !window_ms || v->nr_gens < 0 || v->nr_gens > LRUGEN_MAX_GENS)
		return -EINVAL;

	for (i = 0; i < v->nr_gens; i++) {
		const struct lrugen_gen *g = &v->gens[v->nr_gens - 1 - i];
		struct wss_bin *b = &e->bins[i];

		b->seq = g->seq;
		b->age_lo_ms = age;
		/*
		 * The kernel prints each age as it reaches the generation,
		 * so an older one can read a few ms younger: keep the bins
		 * in order and touching.
		 */
		if (g->age_ms > age)
			age = g->age_ms;
		b->age_hi_ms = i == v->nr_gens - 1 ? WSS_AGE_OPEN : age;
		for (t = 0; t < LRUGEN_NR_TYPES; t++) {
			if (g->evicted[t])
				continue;
			b->pages[t] = g->pages[t];
			e->open_bin[t] = i;	/* the type's oldest so far */
		}
	}
	e->nr_bins = v->nr_gens;
	if (!e->nr_bins)
		return 0;
	e->resolved_ms = e->bins[e->nr_bins - 1].age_lo_ms;

	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		for (i = 0; i < e->nr_bins; i++) {
			const struct wss_bin *b = &e->bins[i];
			uint64_t hi = i == e->open_bin[t] ? WSS_AGE_OPEN : b->age_hi_ms;
			uint64_t p = b->pages[t], ws;

			if (hi != WSS_AGE_OPEN && hi <= window_ms) {
				e->ws_pages[t] += p;
			} else if (b->age_lo_ms >= window_ms) {
				e->cold_pages[t] += p;
			} else {
				/* the window's edge falls in this bin */
				ws = hi == WSS_AGE_OPEN ? 0 : split_linear(p, b->age_lo_ms, hi, window_ms);
				e->uncertain_pages[t] += p;
				e->ws_pages[t] += ws;
				e->cold_pages[t] += p - ws;
			}
		}
		if (e->open_bin[t] >= 0 && e->bins[e->open_bin[t]].age_lo_ms < e->resolved_ms)
			e->resolved_ms = e->bins[e->open_bin[t]].age_lo_ms;
	}
	return 0;
}

/**
 * wss_sum() - anon and file pages together
 * @pages: pages per type, as in &struct wss_estimate
 *
 * Return: their sum.
 */
uint64_t wss_sum(const uint64_t pages[LRUGEN_NR_TYPES])
{
	return pages[LRUGEN_ANON] + pages[LRUGEN_FILE];
}
