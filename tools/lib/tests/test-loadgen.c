// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen.c, what the load generators share: lg_rand() against known
 * answers (splitmix64's outputs, worked out apart from this code), and
 * lg_region_pick(): every pick is a page of the region, the region's
 * pages are a permutation of its indices, the hot share of the picks
 * lands on the hot pages, and the same seed gives the same picks.
 * Prints TAP; exits 1 if a check failed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int checks, failed;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++checks, what);
	if (!cond)
		failed++;
}

/* splitmix64's first three outputs for three seeds, from Python's integers */
static const struct {
	uint64_t seed;
	uint64_t out[3];
} known[] = {
	{ 0, { 0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL, 0x06c45d188009454fULL } },
	{ 1, { 0x910a2dec89025cc1ULL, 0xbeeb8da1658eec67ULL, 0xf893a2eefb32555eULL } },
	{ 42, { 0xbdd732262feb6e95ULL, 0x28efe333b266f103ULL, 0x47526757130f9f52ULL } },
};

static void test_rand(void)
{
	char what[96];
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		uint64_t s = known[i].seed;
		int same = 1;

		for (j = 0; j < 3; j++)
			same &= lg_rand(&s) == known[i].out[j];
		snprintf(what, sizeof(what), "lg_rand: seed %" PRIu64 " gives splitmix64's first three outputs",
			 known[i].seed);
		ok(same, what);
	}
}

/*
 * A region of @pages with @hot_pct% hot pages taking @share% of @n picks:
 * every pick in range, the hot pages (indices below r.hot, mapped through
 * the stride) get about @share% of them, and a second run with the same
 * seed picks the same pages.
 */
static void test_region(uint64_t pages, unsigned int hot_pct, unsigned int share, unsigned int n)
{
	struct lg_region r;
	uint64_t s1 = 7, s2 = 7, i, p;
	unsigned char *is_hot, *seen;
	unsigned int in_range = 1, same = 1, hot_picks = 0, k;
	int perm = 1;
	char what[160];
	double got;

	lg_region_init(&r, pages, hot_pct, share);
	is_hot = calloc(pages, 1);
	seen = calloc(pages, 1);
	if (!is_hot || !seen) {
		ok(0, "calloc");
		exit(1);
	}
	/* index -> page must be a bijection, or some pages are never picked */
	for (i = 0; i < pages; i++) {
		p = (__uint128_t)i * r.stride % pages;
		if (seen[p])
			perm = 0;
		seen[p] = 1;
		if (i < r.hot)
			is_hot[p] = 1;
	}
	snprintf(what, sizeof(what), "lg_region_init: %" PRIu64 " pages, stride %" PRIu64 ": every page has one index",
		 pages, r.stride);
	ok(perm, what);

	for (k = 0; k < n; k++) {
		p = lg_region_pick(&r, &s1);
		if (p >= pages) {
			in_range = 0;
			break;
		}
		hot_picks += is_hot[p];
		if (lg_region_pick(&r, &s2) != p)
			same = 0;
	}
	snprintf(what, sizeof(what), "lg_region_pick: %u picks of %" PRIu64 " pages all in range", n, pages);
	ok(in_range, what);
	snprintf(what, sizeof(what), "lg_region_pick: %" PRIu64 " pages, the same seed picks the same pages", pages);
	ok(same, what);
	/*
	 * A pick is hot with probability share% (x % 100 is uniform enough
	 * over 64 bits); 20,000 picks put the share within 2 points of it
	 * with a margin of over 5 standard deviations.
	 */
	got = 100.0 * hot_picks / n;
	snprintf(what, sizeof(what), "lg_region_pick: --hot %u:%u puts %.1f%% of the picks on the %" PRIu64
		 " hot pages of %" PRIu64, hot_pct, share, got, r.hot, pages);
	ok(r.hot == pages ? hot_picks == n : got > share - 2.0 && got < share + 2.0, what);
	free(is_hot);
	free(seen);
}

int main(void)
{
	printf("TAP version 13\n");
	test_rand();
	test_region(1000, 10, 90, 20000);
	test_region(4096, 20, 80, 20000);
	test_region(999983, 1, 50, 20000);	/* a prime */
	test_region(3, 50, 100, 20000);
	test_region(1, 100, 0, 1000);
	printf("1..%d\n", checks);
	return failed ? 1 : 0;
}
