/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Working-set estimation from an lruvec's generations: its memory by age,
 * the working set for a window and the cold memory older than it. Pure
 * computation on the model; nothing here touches the kernel.
 *
 * An aging walk (6.12's walk_pte_range()) moves the pages it finds
 * accessed into the youngest generation, max_seq, and only then creates
 * max_seq + 1, empty. So generation s holds the pages last seen accessed
 * after its own birth and before the next generation's: their age lies
 * between the age of generation s + 1 (0 for the youngest) and the age
 * of s. The oldest generation also holds what older generations were
 * folded into, so its bin has no upper bound. Documentation/guide/
 * cold-memory.rst says how the window is split and what the estimate
 * cannot see.
 */
#ifndef LRUGEN_WSS_H
#define LRUGEN_WSS_H

#include <stdint.h>

#include "model.h"

#define WSS_AGE_OPEN	UINT64_MAX	/* the oldest bin has no upper bound */
#define WSS_WINDOW_DEFAULT_MS	120000	/* lrugen wss -w, and lrugen top's WS and COLD */

/**
 * struct wss_bin - the pages of one generation, placed by their age
 * @seq: the generation
 * @age_lo_ms: the youngest their last access can be, in ms: the age of
 *             the next younger generation, 0 for the youngest
 * @age_hi_ms: the oldest it can be, the generation's own age;
 *             WSS_AGE_OPEN for the oldest generation
 * @pages: pages of each type; 0 for a type whose min_seq has passed the
 *         generation (marked 'x')
 */
struct wss_bin {
	uint64_t seq;
	uint64_t age_lo_ms;
	uint64_t age_hi_ms;
	uint64_t pages[LRUGEN_NR_TYPES];
};

/**
 * struct wss_estimate - an lruvec's working set for a window
 * @window_ms: the window
 * @nr_bins: bins in @bins, youngest first
 * @bins: the lruvec's generations as age bins
 * @ws_pages: per type, pages last accessed within the window (estimate)
 * @cold_pages: per type, pages older than the window (estimate)
 * @uncertain_pages: per type, pages of the bin the window's edge falls
 *                   in, which the estimate splits: the estimate's
 *                   resolution
 * @open_bin: per type, the index in @bins of the type's oldest generation
 *            on the LRU, whose bin has no upper bound for that type (the
 *            last bin, unless the type's min_seq is ahead of the
 *            other's); -1 when the lruvec has no generation
 * @resolved_ms: the longest window the bins resolve: the lower bound of
 *               the lruvec's open bin. A longer window falls in the open
 *               bin, whose pages are then all uncertain and counted cold
 */
struct wss_estimate {
	uint64_t window_ms;
	int nr_bins;
	struct wss_bin bins[LRUGEN_MAX_GENS];
	uint64_t ws_pages[LRUGEN_NR_TYPES];
	uint64_t cold_pages[LRUGEN_NR_TYPES];
	uint64_t uncertain_pages[LRUGEN_NR_TYPES];
	int open_bin[LRUGEN_NR_TYPES];
	uint64_t resolved_ms;
};

int wss_estimate(const struct lrugen_lruvec *v, uint64_t window_ms, struct wss_estimate *e);
uint64_t wss_sum(const uint64_t pages[LRUGEN_NR_TYPES]);

#endif
