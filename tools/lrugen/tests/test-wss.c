// SPDX-License-Identifier: GPL-2.0
/*
 * The working-set estimate against answers worked out by hand: lruvecs
 * built here, generation by generation, and the captured lru_gen_full
 * files, whose pages the estimate must neither lose nor make up.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "lruvecs.h"
#include "tap.h"
#include "util.h"
#include "wss.h"

static void check(const struct wss_estimate *e, uint64_t ws_a, uint64_t cold_a, uint64_t unc_a,
		  uint64_t ws_f, uint64_t cold_f, uint64_t unc_f, const char *what)
{
	ok(e->ws_pages[LRUGEN_ANON] == ws_a && e->cold_pages[LRUGEN_ANON] == cold_a &&
	   e->uncertain_pages[LRUGEN_ANON] == unc_a && e->ws_pages[LRUGEN_FILE] == ws_f &&
	   e->cold_pages[LRUGEN_FILE] == cold_f && e->uncertain_pages[LRUGEN_FILE] == unc_f,
	   "%s: anon ws/cold/uncertain %llu/%llu/%llu (want %llu/%llu/%llu), file %llu/%llu/%llu (want %llu/%llu/%llu)",
	   what,
	   (unsigned long long)e->ws_pages[0], (unsigned long long)e->cold_pages[0],
	   (unsigned long long)e->uncertain_pages[0], (unsigned long long)ws_a,
	   (unsigned long long)cold_a, (unsigned long long)unc_a,
	   (unsigned long long)e->ws_pages[1], (unsigned long long)e->cold_pages[1],
	   (unsigned long long)e->uncertain_pages[1], (unsigned long long)ws_f,
	   (unsigned long long)cold_f, (unsigned long long)unc_f);
}

/* four generations born 0.5, 10.5, 20.5 and 30.5 s ago */
static void test_bins(void)
{
	struct lrugen_lruvec v;
	struct wss_estimate e;

	make_lruvec(&v, 7, 4, GENS({ 30500, 1000, 10 }, { 20500, 200, 20 }, { 10500, 300, 30 }, { 500, 40, 4 }));
	ok(!wss_estimate(&v, 10000, &e), "four generations: estimated");
	ok_eq(e.nr_bins, 4, "four generations: four bins");
	ok(e.bins[0].seq == 10 && e.bins[0].age_lo_ms == 0 && e.bins[0].age_hi_ms == 500,
	   "youngest bin: seq 10, [0, 500) (got seq %llu [%llu, %llu))",
	   (unsigned long long)e.bins[0].seq, (unsigned long long)e.bins[0].age_lo_ms,
	   (unsigned long long)e.bins[0].age_hi_ms);
	ok(e.bins[1].seq == 9 && e.bins[1].age_lo_ms == 500 && e.bins[1].age_hi_ms == 10500,
	   "second bin: seq 9, [500, 10500): the next generation's age to its own");
	ok(e.bins[2].age_lo_ms == 10500 && e.bins[2].age_hi_ms == 20500, "third bin: [10500, 20500)");
	ok(e.bins[3].seq == 7 && e.bins[3].age_lo_ms == 20500 && e.bins[3].age_hi_ms == WSS_AGE_OPEN,
	   "oldest bin: seq 7, [20500, open)");
	ok(e.bins[3].pages[LRUGEN_ANON] == 1000 && e.bins[0].pages[LRUGEN_FILE] == 4,
	   "bins keep each generation's pages");
	ok_eq(e.resolved_ms, 20500, "resolved up to the open bin's lower bound");
	ok_eq(e.open_bin[LRUGEN_ANON], 3, "anon's open bin is the oldest");

	/* 10 s: bin 0 whole; bin 1 [0.5, 10.5) split 9.5/10 */
	check(&e, 40 + 285, 15 + 200 + 1000, 300, 4 + 29, 1 + 20 + 10, 30,
	      "window 10 s, inside the second bin");

	/* on a boundary: no bin straddles it */
	wss_estimate(&v, 10500, &e);
	check(&e, 340, 1200, 0, 34, 30, 0, "window 10.5 s, on a birth: nothing uncertain");

	/* 15.5 s: half of [10.5, 20.5) */
	wss_estimate(&v, 15500, &e);
	check(&e, 340 + 100, 100 + 1000, 200, 34 + 10, 10 + 10, 20, "window 15.5 s, half the third bin");

	/* 25 s: in the open bin, whose pages are uncertain and cold */
	wss_estimate(&v, 25000, &e);
	check(&e, 540, 1000, 1000, 54, 10, 10, "window 25 s, in the open bin: uncertain, counted cold");

	/* a day: still the open bin */
	wss_estimate(&v, 86400000, &e);
	check(&e, 540, 1000, 1000, 54, 10, 10, "window a day, beyond the oldest birth");

	/* 0.25 s: half the youngest bin */
	wss_estimate(&v, 250, &e);
	check(&e, 20, 1520, 40, 2, 62, 4, "window 0.25 s, half the youngest bin");

	ok(wss_sum(e.ws_pages) + wss_sum(e.cold_pages) == 1540 + 64, "ws + cold is every page");
}

static void test_rounding(void)
{
	struct lrugen_lruvec v;
	struct wss_estimate e;

	/* a third of 10 pages is 3.33: 3 in the working set, 7 cold */
	make_lruvec(&v, 0, 3, GENS({ 9000, 5, 0 }, { 3000, 10, 0 }, { 0, 0, 0 }));
	wss_estimate(&v, 1000, &e);
	check(&e, 3, 12, 10, 0, 0, 0, "a third of 10 pages rounds to 3");
	/* two thirds: 6.67 rounds to 7 */
	wss_estimate(&v, 2000, &e);
	check(&e, 7, 8, 10, 0, 0, 0, "two thirds of 10 pages rounds to 7");
	/* huge page counts do not overflow */
	make_lruvec(&v, 0, 3, GENS({ 9000, 5, 0 }, { 3000, 1ULL << 50, 0 }, { 0, 0, 0 }));
	wss_estimate(&v, 1500, &e);
	ok(e.ws_pages[LRUGEN_ANON] == (1ULL << 49) && e.cold_pages[LRUGEN_ANON] == (1ULL << 49) + 5,
	   "2^50 pages split in half without overflow");
}

static void test_edges(void)
{
	struct lrugen_lruvec v;
	struct wss_estimate e;
	int i;

	/* no generation at all */
	memset(&v, 0, sizeof(v));
	ok(!wss_estimate(&v, 1000, &e), "no generation: estimated");
	ok(e.nr_bins == 0 && !wss_sum(e.ws_pages) && !wss_sum(e.cold_pages) &&
	   !wss_sum(e.uncertain_pages) && e.open_bin[0] == -1 && e.resolved_ms == 0,
	   "no generation: no bin, nothing counted");

	/* an empty lruvec: generations, no pages */
	make_lruvec(&v, 3, 4, GENS({ 400, 0, 0 }, { 300, 0, 0 }, { 200, 0, 0 }, { 100, 0, 0 }));
	ok(!wss_estimate(&v, 250, &e), "empty lruvec: estimated");
	check(&e, 0, 0, 0, 0, 0, 0, "empty lruvec: nothing anywhere");

	/* a youngest generation born this millisecond: a bin of no width */
	make_lruvec(&v, 0, 2, GENS({ 5000, 10, 0 }, { 0, 7, 0 }));
	wss_estimate(&v, 1, &e);
	ok(e.bins[0].age_lo_ms == 0 && e.bins[0].age_hi_ms == 0, "age 0: the youngest bin is [0, 0)");
	check(&e, 7, 10, 10, 0, 0, 0, "age 0: its pages are in any window");

	/* two generations born in the same ms: the edge on them counts whole */
	make_lruvec(&v, 0, 3, GENS({ 9000, 1, 0 }, { 4000, 2, 0 }, { 4000, 3, 0 }));
	wss_estimate(&v, 4000, &e);
	check(&e, 5, 1, 0, 0, 0, 0, "same birth: a bin of no width at the edge is working set");

	/* ages read a few ms apart can cross: the older takes the younger's */
	make_lruvec(&v, 0, 3, GENS({ 9000, 1, 0 }, { 4000, 2, 0 }, { 4003, 3, 0 }));
	wss_estimate(&v, 4001, &e);
	ok(e.bins[0].age_hi_ms == 4003 && e.bins[1].age_lo_ms == 4003 && e.bins[1].age_hi_ms == 4003,
	   "crossed ages: the older bin is [4003, 4003), touching the younger");
	check(&e, 3, 3, 3, 0, 0, 0, "crossed ages: the window inside the youngest bin splits it");
	ok(wss_sum(e.ws_pages) + wss_sum(e.cold_pages) == 6, "crossed ages: no page lost");

	/* one generation: everything is the open bin */
	make_lruvec(&v, 5, 1, GENS({ 7000, 11, 22 }));
	wss_estimate(&v, 1000, &e);
	ok(e.bins[0].age_lo_ms == 0 && e.bins[0].age_hi_ms == WSS_AGE_OPEN,
	   "one generation: [0, open)");
	check(&e, 0, 11, 11, 0, 22, 22, "one generation: all uncertain, counted cold");

	/* bad arguments */
	make_lruvec(&v, 0, 2, GENS({ 100, 1, 1 }, { 0, 1, 1 }));
	e.ws_pages[0] = 99;
	ok(wss_estimate(&v, 0, &e) == -EINVAL && e.ws_pages[0] == 0 && e.nr_bins == 0,
	   "window 0: -EINVAL, estimate zeroed");
	ok(wss_estimate(NULL, 100, &e) == -EINVAL, "no lruvec: -EINVAL");
	ok(wss_estimate(&v, 100, NULL) == -EINVAL, "no estimate: -EINVAL");
	v.nr_gens = LRUGEN_MAX_GENS + 1;
	ok(wss_estimate(&v, 100, &e) == -EINVAL, "five generations: -EINVAL");
	for (i = 0; i < LRUGEN_NR_TYPES; i++)
		ok(e.open_bin[i] == -1, "refused: no open bin for type %d", i);
}

/* anon evicted past the oldest generation: its own open bin is younger */
static void test_evicted(void)
{
	struct lrugen_lruvec v;
	struct wss_estimate e;

	make_lruvec(&v, 4, 4, GENS({ 30000, 0, 100 }, { 20000, 50, 10 }, { 10000, 20, 1 }, { 1000, 5, 0 }));
	v.gens[0].evicted[LRUGEN_ANON] = true;
	v.gens[0].pages[LRUGEN_ANON] = 3;	/* a stale count: not counted */
	v.min_seq[LRUGEN_ANON] = 5;
	wss_estimate(&v, 25000, &e);
	ok_eq(e.bins[3].pages[LRUGEN_ANON], 0, "'x' generation: no anon pages in its bin");
	ok_eq(e.open_bin[LRUGEN_ANON], 2, "anon's open bin is its own oldest, seq 5");
	ok_eq(e.open_bin[LRUGEN_FILE], 3, "file's open bin is the oldest");
	ok_eq(e.resolved_ms, 10000, "resolved up to anon's open bin");
	/*
	 * anon: 5 + 20 young, seq 5 [10 s, open) uncertain and cold; file:
	 * 1 + 10 young, seq 4 [20 s, open) uncertain and cold
	 */
	check(&e, 25, 50, 50, 1 + 10, 100, 100, "25 s: each type's own open bin is uncertain");
}

/* the captured files: every page lands in ws or cold, bins match gens */
static void test_fixture(const char *name)
{
	static const uint64_t windows[] = { 1, 1000, 60000, 120000, 3600000, UINT64_MAX / 2 };
	struct parse_result res;
	struct lrugen_lruvec *v;
	struct wss_estimate e;
	size_t len, i, j, bad = 0;
	char *buf = fixture(name, &len);
	int t, k;

	v = parse_lru_gen(buf, len, &res);
	free(buf);
	ok(v && res.nr_lruvecs > 0, "%s: parsed %zu lruvecs", name, res.nr_lruvecs);
	for (i = 0; v && i < res.nr_lruvecs; i++) {
		for (j = 0; j < ARRAY_SIZE(windows); j++) {
			if (wss_estimate(&v[i], windows[j], &e) || e.nr_bins != v[i].nr_gens) {
				bad++;
				continue;
			}
			for (t = 0; t < LRUGEN_NR_TYPES; t++)
				if (e.ws_pages[t] + e.cold_pages[t] != lruvec_pages(&v[i], t) ||
				    e.uncertain_pages[t] > lruvec_pages(&v[i], t))
					bad++;
			for (k = 0; k + 1 < e.nr_bins; k++)
				if (e.bins[k].age_lo_ms > e.bins[k].age_hi_ms ||
				    e.bins[k].age_hi_ms != e.bins[k + 1].age_lo_ms ||
				    e.bins[k].seq != e.bins[k + 1].seq + 1)
					bad++;
		}
	}
	ok(!bad, "%s: every lruvec at 6 windows: ws + cold = its pages, bins contiguous (%zu wrong)",
	   name, bad);
	lruvecs_free(v, res.nr_lruvecs);
}

/*
 * A real lruvec: memload's 16384 hot and 49152 cold pages, after five
 * rounds of aging 10 s apart, the last 1.2 s before the capture
 * (tests/fixtures/lrugen/wss/README.md)
 */
static void test_memload(void)
{
	struct parse_result res;
	struct lrugen_lruvec *v;
	struct wss_estimate e;
	size_t len, i;
	char *buf = fixture("wss/lru_gen_full-memload.txt", &len);

	v = parse_lru_gen(buf, len, &res);
	free(buf);
	for (i = 0; v && i < res.nr_lruvecs && v[i].nid != 0; i++)
		;
	if (!ok(v && i < res.nr_lruvecs, "memload: node 0's lruvec parsed")) {
		lruvecs_free(v, res.nr_lruvecs);
		return;
	}
	wss_estimate(&v[i], 15000, &e);
	ok(e.bins[0].age_hi_ms == 1244 && e.bins[1].age_hi_ms == 11368 &&
	   e.bins[2].age_hi_ms == 21356 && e.bins[3].age_lo_ms == 21356,
	   "memload: bins [0, 1.2 s) [1.2, 11.4 s) [11.4, 21.4 s) [21.4 s, open)");
	ok_eq(e.bins[0].pages[LRUGEN_ANON], 0, "memload: nothing in the youngest bin");
	/* 15 s: in the third bin, [11.4, 21.4 s), which holds one page */
	check(&e, 16385, 49174, 1, 2, 16, 0, "memload, 15 s");
	ok(e.ws_pages[LRUGEN_ANON] * 10 >= 16384 * 9 && e.ws_pages[LRUGEN_ANON] * 10 <= 16384 * 11 &&
	   e.cold_pages[LRUGEN_ANON] * 10 >= 49152 * 9 && e.cold_pages[LRUGEN_ANON] * 10 <= 49152 * 11,
	   "memload, 15 s: within 10%% of the 16384 hot and 49152 cold pages");
	/* 6.3 s: the middle of the hot bin, all uncertain */
	wss_estimate(&v[i], 6306, &e);
	check(&e, 8193, 57366, 16385, 1, 17, 2, "memload, 6.3 s: half the hot bin");
	lruvecs_free(v, res.nr_lruvecs);
}

int main(void)
{
	test_bins();
	test_rounding();
	test_edges();
	test_evicted();
	test_fixture("lru_gen_full.txt");
	test_fixture("lru_gen_full-after-reclaim.txt");
	test_fixture("lru_gen_full-500.txt");
	test_fixture("wss/lru_gen_full-memload.txt");
	test_memload();
	return tap_done();
}
