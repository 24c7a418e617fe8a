/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the load generators (workloads/memload.c, sharemap.c, kvload.c)
 * share: a seeded generator, the hot/cold picker of pages or keys, a
 * monotonic clock and the parsing of their common options. One copy, so
 * that the same seed and options give every one of them the same sequence
 * on every machine.
 */
#ifndef LRUGEN_TOOLS_LOADGEN_H
#define LRUGEN_TOOLS_LOADGEN_H

#include <stdint.h>

/**
 * struct lg_region - pages (or keys) with a hot subset, for lg_region_pick()
 * @pages: how many; at least 1 for lg_region_pick()
 * @hot: the first @hot indices of the shuffled order are hot, at least 1
 * @stride: index -> page is (index * @stride) % @pages, a bijection
 * @hot_share: percent of the picks that go to the hot indices
 */
struct lg_region {
	uint64_t pages;
	uint64_t hot;
	uint64_t stride;
	unsigned int hot_share;
};

uint64_t lg_rand(uint64_t *state);
void lg_region_init(struct lg_region *r, uint64_t pages, unsigned int hot_pct,
		    unsigned int hot_share);
uint64_t lg_region_pick(const struct lg_region *r, uint64_t *state);
uint64_t lg_now_ns(void);
double lg_now_s(void);
int lg_parse_uint(const char *s, unsigned long long max, unsigned long long *v);
int lg_parse_hot(char *arg, unsigned int *pct, unsigned int *share);

#endif
