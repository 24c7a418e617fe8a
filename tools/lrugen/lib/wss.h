/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Working-set estimation from an lruvec's generations: its memory by age,
 * the working set for a window and the cold memory older than it. Pure
 * computation on the model; nothing here touches the kernel.
 */
#ifndef LRUGEN_WSS_H
#define LRUGEN_WSS_H

#include <stdint.h>

#include "model.h"

#define WSS_AGE_OPEN	UINT64_MAX	/* the oldest bin has no upper bound */

/**
 * struct wss_bin - the pages of one generation, placed by their age
 * @seq: the generation
 * @age_lo_ms: the youngest their last access can be, in ms
 * @age_hi_ms: the oldest it can be; WSS_AGE_OPEN for the oldest generation
 * @pages: pages of each type
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
 */
struct wss_estimate {
	uint64_t window_ms;
	int nr_bins;
	struct wss_bin bins[LRUGEN_MAX_GENS];
	uint64_t ws_pages[LRUGEN_NR_TYPES];
	uint64_t cold_pages[LRUGEN_NR_TYPES];
	uint64_t uncertain_pages[LRUGEN_NR_TYPES];
};

int wss_estimate(const struct lrugen_lruvec *v, uint64_t window_ms, struct wss_estimate *e);

#endif
