// SPDX-License-Identifier: GPL-2.0
/*
 * The seeded parts of the load generators, shared so that they stay the
 * same: see loadgen.h. Nothing here depends on the machine, the kernel or
 * the time, except lg_now_ns() and lg_now_s(), so a seed gives the same
 * sequence of picks everywhere.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loadgen.h"

/**
 * lg_rand() - the next number of a splitmix64 sequence
 * @state: the generator's state; seed it by storing any value
 *
 * Small and fast, and the same sequence for a seed on every machine and
 * compiler: only 64-bit unsigned arithmetic, which wraps the same
 * everywhere.
 *
 * Return: 64 random bits.
 */
uint64_t lg_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/**
 * lg_region_init() - set up a region for lg_region_pick()
 * @r: the region
 * @pages: how many pages (or keys) it has; 0 for none
 * @hot_pct: the percent of them that are hot, 1 to 100
 * @hot_share: the percent of the picks that go to the hot ones, 0 to 100
 *
 * @hot_pct percent of @pages are hot, rounded down but at least one when
 * @pages is not 0. They are spread over the whole region, not packed at its
 * start: the i-th index of the shuffled order is page (i * stride) % @pages,
 * with a stride near @pages times the golden ratio and coprime with @pages,
 * so that every page has exactly one index. The stride depends on @pages
 * alone, so the hot pages are the same for a size on every machine.
 */
void lg_region_init(struct lg_region *r, uint64_t pages, unsigned int hot_pct,
		    unsigned int hot_share)
{
	r->pages = pages;
	r->hot = pages * hot_pct / 100;
	if (pages && !r->hot)
		r->hot = 1;
	r->stride = pages > 2 ? (uint64_t)(pages * 0.6180339887) | 1 : 1;
	while (pages > 1 && gcd(r->stride, pages) != 1)
		r->stride += 2;
	r->hot_share = hot_share;
}

/**
 * lg_region_pick() - pick a page of a region
 * @r: the region, set up by lg_region_init() with at least one page
 * @state: the generator's state, as lg_rand() takes it
 *
 * Draws two numbers from @state: the first says hot (hot_share percent of
 * the time, or always when every page is hot) or cold, the second picks an
 * index uniformly among the hot or the cold ones. The same state and
 * region give the same page and the same next state on every machine.
 *
 * Return: a page of @r, 0 to @r->pages - 1.
 */
uint64_t lg_region_pick(const struct lg_region *r, uint64_t *state)
{
	uint64_t x = lg_rand(state), i;
	int hot = (x % 100) < r->hot_share || r->hot == r->pages;

	x = lg_rand(state);
	if (hot)
		i = x % r->hot;
	else
		i = r->hot + x % (r->pages - r->hot);
	return (__uint128_t)i * r->stride % r->pages;
}

/**
 * lg_now_ns() - the monotonic clock
 *
 * CLOCK_MONOTONIC, which never goes back: for intervals, not dates.
 *
 * Return: nanoseconds since an arbitrary point.
 */
uint64_t lg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/**
 * lg_now_s() - the monotonic clock of lg_now_ns(), in seconds
 *
 * Return: seconds since an arbitrary point.
 */
double lg_now_s(void)
{
	return lg_now_ns() / 1e9;
}

/**
 * lg_parse_uint() - parse an option's decimal count
 * @s: the text: decimal digits only, no sign, no spaces, no suffix
 * @max: the largest value accepted
 * @v: where the value goes
 *
 * Return: 0, or -1 when @s is not such a number or is more than @max
 * (then @v may have changed).
 */
int lg_parse_uint(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

/**
 * lg_parse_hot() - parse --hot PCT:SHARE
 * @arg: the text, e.g. "20:80"; changed while it is parsed, then restored
 * @pct: the percent of pages that are hot, 1 to 100
 * @share: the percent of accesses that go to them, 0 to 100
 *
 * Return: 0, or -1 when @arg is not PCT:SHARE in those ranges (then @pct
 * and @share are unchanged).
 */
int lg_parse_hot(char *arg, unsigned int *pct, unsigned int *share)
{
	char *colon = strchr(arg, ':');
	unsigned long long p, s;
	int bad;

	if (!colon)
		return -1;
	*colon = '\0';
	bad = lg_parse_uint(arg, 100, &p) || !p || lg_parse_uint(colon + 1, 100, &s);
	*colon = ':';
	if (bad)
		return -1;
	*pct = p;
	*share = s;
	return 0;
}
