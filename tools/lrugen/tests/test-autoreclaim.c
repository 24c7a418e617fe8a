// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's decisions against answers worked out by hand:
 * lruvecs built generation by generation, refault samples and pressure
 * readings made up, and the back-off followed period by period.
 */
#include <string.h>

#include "autoreclaim.h"
#include "lruvecs.h"
#include "tap.h"
#include "util.h"

#define PG 4096ULL
#define MB (1ULL << 20)

static struct ar_config config(void)
{
	return (struct ar_config){
		.age_ms = 120000,
		.period_ms = 10000,
		.swappiness = AR_SWAPPINESS_DEFAULT,
		.max_promotion_pct = 0.2,
		.max_psi_pct = 0.2,
		.max_step = 64 * MB,
		.min_size = 0,
		.page_size = PG,
	};
}

static void test_names(void)
{
	static const char *const want[AR_NR_REASONS] = {
		"cold-above-target", "nothing-cold", "at-min-size", "bins-too-young",
		"promotion-above-bound", "psi-above-bound", "cold-unsettled",
	};
	int r;

	for (r = 0; r < AR_NR_REASONS; r++)
		ok(!strcmp(ar_reason_name(r), want[r]), "reason %d is '%s' (want '%s')", r,
		   ar_reason_name(r), want[r]);
	ok(!strcmp(ar_reason_name(AR_NR_REASONS), "?"), "an unknown reason is '?'");
}

static void test_types(void)
{
	struct ar_config c = config();

	c.swappiness = 0;
	ok(!ar_type_ok(&c, LRUGEN_ANON) && ar_type_ok(&c, LRUGEN_FILE), "swappiness 0: file only");
	c.swappiness = AR_SWAPPINESS_MAX;
	ok(ar_type_ok(&c, LRUGEN_ANON) && !ar_type_ok(&c, LRUGEN_FILE), "swappiness max: anon only");
	c.swappiness = AR_SWAPPINESS_DEFAULT;
	ok(ar_type_ok(&c, LRUGEN_ANON) && ar_type_ok(&c, LRUGEN_FILE), "the kernel's swappiness: both");
	c.swappiness = 200;
	ok(ar_type_ok(&c, LRUGEN_ANON) && ar_type_ok(&c, LRUGEN_FILE), "swappiness 200: both");
}

/*
 * Generations born 300, 200, 10 and 0.01 s ago; target age 120 s. Bins:
 * [200 s, open) cold, [10 s, 200 s) straddles the age, [10 ms, 10 s)
 * and [0, 10 ms) the working set. No --settle here (test_held()).
 */
static void test_tally(void)
{
	struct ar_config c = config();
	struct lrugen_lruvec v, w;
	struct ar_cold acc;

	make_lruvec(&v, 7, 4, GENS({ 300000, 1000, 100 }, { 200000, 100, 7 }, { 10000, 2000, 50 },
			    { 10, 5, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ok_eq(acc.cold, 1100 * PG, "default: cold is the oldest bin, both types");
	ok_eq(acc.ws, 2055 * PG, "default: ws is the bins younger than the age");
	ok_eq(acc.uncertain, 107 * PG, "a bin straddling the age is neither cold nor ws");
	ok_eq(acc.oldest_ms, 300000, "oldest generation's age");
	ok_eq(acc.lruvecs, 1, "one lruvec tallied");

	c.swappiness = 0;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ok_eq(acc.cold, 100 * PG, "swappiness 0: only the cold file pages");
	ok_eq(acc.ws, 2055 * PG, "swappiness 0: the working set still has both types");
	c.swappiness = AR_SWAPPINESS_MAX;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ok_eq(acc.cold, 1000 * PG, "swappiness max: only the cold anon pages");

	/* a subtree: a second lruvec adds up; its open bin starts below the age */
	c.swappiness = AR_SWAPPINESS_DEFAULT;
	make_lruvec(&w, 3, 2, GENS({ 300000, 40, 0 }, { 10000, 3, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ar_tally(&c, &w, NULL, 0, &acc);
	ok_eq(acc.cold, 1100 * PG, "subtree: an open bin from 10 s is not cold");
	ok_eq(acc.uncertain, 147 * PG, "subtree: ... but uncertain");
	ok_eq(acc.ws, 2058 * PG, "subtree: working sets add up");
	ok_eq(acc.lruvecs, 2, "subtree: two lruvecs");

	/* evicted generations ('x') hold nothing of their type */
	make_lruvec(&v, 7, 4, GENS({ 300000, 1000, 100 }, { 200000, 100, 7 }, { 10000, 2000, 50 },
			    { 10, 5, 0 }));
	v.gens[0].evicted[LRUGEN_FILE] = true;
	v.min_seq[LRUGEN_FILE] = 8;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ok_eq(acc.cold, 1000 * PG, "file evicted from the oldest: its file pages gone");
	ok_eq(acc.uncertain, 107 * PG, "the file's open bin, [10 s, open), is uncertain");

	/* exactly on a birth: the bin from 120 s is cold */
	make_lruvec(&v, 1, 3, GENS({ 240000, 10, 0 }, { 120000, 20, 0 }, { 1000, 30, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 0, &acc);
	ok_eq(acc.cold, 10 * PG, "a bin starting at the age is cold");
	ok_eq(acc.ws, 50 * PG, "a bin ending at the age is ws");
	ok_eq(acc.uncertain, 0, "nothing straddles");
}

/*
 * Target age 120 s, --settle 120 s: quarters of 30 s, five of them kept.
 * The lruvec of test_tally(): seq 7 is the old bin (K), 1000 anon and 100
 * file pages; seq 8 straddles the age with 100 and 7.
 */
static void test_held(void)
{
	struct ar_config c = config();
	struct lrugen_lruvec v;
	struct ar_held h;
	struct ar_cold acc;
	uint64_t t;

	c.settle_ms = 120000;
	memset(&h, 0, sizeof(h));
	make_lruvec(&v, 7, 4, GENS({ 300000, 1000, 100 }, { 200000, 100, 7 }, { 10000, 2000, 50 },
			    { 10, 5, 0 }));
	ar_held_update(&c, &h, &v, 0);
	ok_eq(h.nr, 4, "a history per generation");
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 0, &acc);
	ok(acc.cold == 0 && acc.fresh == 1100 * PG,
	   "just started: nothing settled, the old bin's 1100 pages fresh (cold %llu fresh %llu)",
	   (unsigned long long)acc.cold / PG, (unsigned long long)acc.fresh / PG);
	ok_eq(acc.ws, 2055 * PG, "the working set does not wait");
	ok_eq(acc.uncertain, 107 * PG, "nor does the uncertain bin");

	ar_held_update(&c, &h, &v, 60000);
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 60000, &acc);
	ok(acc.cold == 0 && acc.fresh == 1100 * PG, "watched 60 s of 120: still fresh");

	ar_held_update(&c, &h, &v, 120000);
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 120000, &acc);
	ok(acc.cold == 1100 * PG && acc.fresh == 0, "watched 120 s: all 1100 settled (cold %llu)",
	   (unsigned long long)acc.cold / PG);

	/* 200 file pages read once come into the oldest generation */
	v.gens[0].pages[LRUGEN_FILE] = 300;
	for (t = 130000; t <= 250000; t += 30000) {
		ar_held_update(&c, &h, &v, t);
		memset(&acc, 0, sizeof(acc));
		ar_tally(&c, &v, &h, t, &acc);
		if (!ok(acc.cold == 1100 * PG && acc.fresh == 200 * PG,
			"t=%llu s: 200 file pages read in since 120 s are fresh (cold %llu fresh %llu)",
			(unsigned long long)t / 1000, (unsigned long long)acc.cold / PG,
			(unsigned long long)acc.fresh / PG))
			break;
	}
	ar_held_update(&c, &h, &v, 280000);
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 280000, &acc);
	ok(acc.cold == 1300 * PG && acc.fresh == 0,
	   "t=280 s: the quarter of 120 s has left the kept five: all 1300 settled (cold %llu)",
	   (unsigned long long)acc.cold / PG);
	ok_eq(ar_held_pages(&c, &h, 7, LRUGEN_FILE, 280000), 300, "seq 7 held 300 file pages");
	ok_eq(ar_held_pages(&c, &h, 8, LRUGEN_FILE, 280000), 307, "seq 8 with seq 7: 307");
	ok_eq(ar_held_pages(&c, &h, 99, LRUGEN_FILE, 280000), 0, "a generation not seen: 0");

	/*
	 * MGLRU folds seq 7 into 8 (inc_min_seq()), and the aging adds 11:
	 * seq 8 is now the old bin, with what 7 held, and its history with 7
	 * is the same count: nothing becomes fresh.
	 */
	make_lruvec(&v, 8, 4, GENS({ 400000, 1100, 307 }, { 150000, 2000, 50 }, { 60000, 5, 0 },
			    { 10, 0, 0 }));
	ar_held_update(&c, &h, &v, 310000);
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 310000, &acc);
	ok(acc.cold == 1407 * PG && acc.fresh == 0,
	   "after a fold: the folded pages stay settled (cold %llu fresh %llu)",
	   (unsigned long long)acc.cold / PG, (unsigned long long)acc.fresh / PG);
	ok(h.nr == 4 && h.gens[0].seq == 8 && h.gens[3].seq == 11 && h.gens[3].first_ms == 310000,
	   "seq 7's history went, seq 11's began");

	/* eviction takes pages out at once */
	v.gens[0].pages[LRUGEN_ANON] = 100;
	ar_held_update(&c, &h, &v, 320000);
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 320000, &acc);
	ok_eq(acc.cold, 407 * PG, "1000 anon pages evicted: 407 left cold");

	/* a type it may not reclaim is neither cold nor fresh */
	c.swappiness = AR_SWAPPINESS_MAX;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &h, 320000, &acc);
	ok(acc.cold == 100 * PG && acc.fresh == 0, "swappiness max: only the anon pages");
	c.swappiness = AR_SWAPPINESS_DEFAULT;

	/* no history: nothing settled; --settle 0: everything old is cold */
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 320000, &acc);
	ok(acc.cold == 0 && acc.fresh == 407 * PG, "no history: all fresh");
	c.settle_ms = 0;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, NULL, 320000, &acc);
	ok(acc.cold == 407 * PG && acc.fresh == 0, "--settle 0: all cold, no history needed");
	c.settle_ms = 120000;

	/* after a long gap only the counts since it count */
	v.gens[0].pages[LRUGEN_ANON] = 900;
	ar_held_update(&c, &h, &v, 2000000);
	ok_eq(ar_held_pages(&c, &h, 8, LRUGEN_ANON, 2000000), 900,
	      "no update for 28 minutes: the old buckets were emptied, the new count is the least");
}

static void test_amount(void)
{
	struct ar_config c = config();
	struct ar_lruvec_state s;
	uint64_t over = AR_OVERSHOOT_PAGES * PG;

	ok_eq(ar_first_step(&c), 4 * MB, "first step: a sixteenth of 64M");
	c.max_step = 1 * MB;
	ok_eq(ar_first_step(&c), 1 * MB, "first step: at least 256 pages, here all of --max-step");
	c.max_step = 3 * PG + 5;
	ok_eq(ar_first_step(&c), 3 * PG, "first step: at most --max-step, page-aligned");
	c = config();

	memset(&s, 0, sizeof(s));
	ok_eq(ar_overshoot(&c, &s), over, "overshoot: 64 pages until a request shows more");
	ok_eq(ar_amount(&c, &s, 10 * MB, 1024 * MB), 4 * MB, "the first request: the first step");
	s.step = 64 * MB;
	ok_eq(ar_amount(&c, &s, 10 * MB, 1024 * MB), 10 * MB - over,
	      "bounded by cold less the overshoot");
	ok_eq(ar_amount(&c, &s, 100 * MB, 1024 * MB), 64 * MB, "bounded by the step");
	s.step = 128 * MB;
	ok_eq(ar_amount(&c, &s, 100 * MB, 1024 * MB), 64 * MB, "bounded by --max-step");
	s.step = 64 * MB;
	ok_eq(ar_amount(&c, &s, over, 1024 * MB), 0, "cold no more than the overshoot: nothing");
	s.overshoot = 1 * MB;
	ok_eq(ar_overshoot(&c, &s), 1 * MB, "a learnt overshoot");
	ok_eq(ar_amount(&c, &s, 10 * MB, 1024 * MB), 9 * MB, "cold less the learnt overshoot");
	s.overshoot = 0;
	c.min_size = 1000 * MB;
	ok_eq(ar_amount(&c, &s, 100 * MB, 1024 * MB), 24 * MB - over,
	      "bounded by current - --min-size - the overshoot");
	ok_eq(ar_amount(&c, &s, 100 * MB, 1000 * MB + over), 0, "64 pages above --min-size: nothing");
	ok_eq(ar_amount(&c, &s, 100 * MB, 1000 * MB + over + PG), PG,
	      "65 pages above --min-size: one page");
	ok_eq(ar_amount(&c, &s, 100 * MB, 1000 * MB), 0, "current at --min-size: nothing");
	ok_eq(ar_amount(&c, &s, 100 * MB, 900 * MB), 0, "current below --min-size: nothing");
	c.min_size = 0;
	ok_eq(ar_amount(&c, &s, 10 * PG + over + 123, 1024 * MB), 10 * PG, "page-aligned, down");
	c.min_size = 1024 * MB - 100;
	ok_eq(ar_amount(&c, &s, 10 * MB, 1024 * MB), 0, "less than a page above --min-size: nothing");
}

static void test_window(void)
{
	static struct ar_window w;
	struct ar_signals sig;
	int i;

	memset(&w, 0, sizeof(w));
	ok_eq(ar_window_per_min(&w), 0, "no sample: 0");
	ar_window_add(&w, 0, 1000);
	ok_eq(ar_window_per_min(&w), 0, "one sample: 0");
	ar_window_add(&w, 10000, 1010);
	ok_eq(ar_window_per_min(&w), 60, "10 refaults in 10 s: normalised to 60 a minute");
	ar_window_add(&w, 20000, 1010);
	ok_eq(ar_window_per_min(&w), 30, "10 refaults in 20 s: 30 a minute");
	for (i = 3; i <= 6; i++)
		ar_window_add(&w, i * 10000ULL, 1010);
	ok_eq(ar_window_per_min(&w), 10, "a full minute: 10");
	ar_window_add(&w, 70000, 1010);
	ok_eq(ar_window_per_min(&w), 0, "the refaults left the minute: 0");
	ok_eq(w.nr, 7, "the window keeps a minute and one sample more");
	ar_window_add(&w, 80000, 1000);
	ok_eq(ar_window_per_min(&w), 0, "a counter that went back: 0");

	/* a ring full of samples 0.1 s apart still spans its samples */
	memset(&w, 0, sizeof(w));
	for (i = 0; i < AR_WINDOW_SAMPLES + 10; i++)
		ar_window_add(&w, i * 10ULL, i);
	ok_eq(w.nr, AR_WINDOW_SAMPLES, "a full ring drops the oldest");
	ok_eq(ar_window_per_min(&w), 6000, "one refault every 10 ms: 6000 a minute");

	memset(&w, 0, sizeof(w));
	ar_window_add(&w, 0, 0);
	ar_window_add(&w, 30000, 100);
	ar_signals(&w, 100000 * PG, PG, 50000, 10000, &sig);
	ok_eq(sig.refaults_min, 200, "signals: 100 in 30 s is 200 a minute");
	ok(sig.promotion_pct > 0.1999 && sig.promotion_pct < 0.2001,
	   "signals: 200 of 100000 pages is 0.2%% (got %g)", sig.promotion_pct);
	ok(sig.psi_pct > 0.4999 && sig.psi_pct < 0.5001,
	   "signals: 50 ms stalled in 10 s is 0.5%% (got %g)", sig.psi_pct);
	ar_signals(&w, 0, PG, 0, 0, &sig);
	ok(sig.promotion_pct == 20000 && sig.psi_pct == 0,
	   "signals: no working set counts as one page, no time as no stall (got %g, %g)",
	   sig.promotion_pct, sig.psi_pct);
}

/* an input: @cold_mb of cold, 1 GiB current, the oldest 300 s old */
static struct ar_input input(uint64_t now, uint64_t cold_mb, double promo, double psi)
{
	return (struct ar_input){
		.now_ms = now,
		.cold = { .cold = cold_mb * MB, .ws = 100 * MB, .oldest_ms = 300000, .lruvecs = 1 },
		.current = 1024 * MB,
		.sig = { .promotion_pct = promo, .psi_pct = psi },
	};
}

static void test_decide(void)
{
	struct ar_config c = config();
	uint64_t over = AR_OVERSHOOT_PAGES * PG, least = AR_MIN_REQUEST_PAGES * PG;
	struct ar_lruvec_state s;
	struct ar_decision d;
	struct ar_input in;

	memset(&s, 0, sizeof(s));
	in = input(10000, 10, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.reason == AR_COLD && d.request == 4 * MB,
	   "cold: reclaim the first step, 4M (state %s, reason %s, request %llu)",
	   arstate_name(d.state), ar_reason_name(d.reason), (unsigned long long)d.request);
	ok(s.state == AR_RECLAIM && s.reason == AR_COLD && s.step == 4 * MB,
	   "the state follows the decision");

	c.dry_run = true;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_DRY_RUN && d.reason == AR_COLD && d.request == 8 * MB,
	   "dry-run after a request and a clean period: twice the step, state dry-run (%s %llu)",
	   arstate_name(d.state), (unsigned long long)d.request);
	c.dry_run = false;

	in = input(20000, 0, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD && !d.request,
	   "nothing cold, old bins: idle nothing-cold (%s %s)", arstate_name(d.state),
	   ar_reason_name(d.reason));
	in.cold.cold = least + over - 1;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD,
	   "less than 32 pages cold beyond the overshoot: idle nothing-cold");
	in.cold.cold = least + over;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.request == least,
	   "32 pages beyond the overshoot: reclaim 32 (%llu)", (unsigned long long)d.request / PG);
	ok_eq(s.step, 8 * MB, "an idle period between: the step did not double");

	in = input(20000, 0, 0, 0);
	in.cold.oldest_ms = 119999;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_WAIT && d.reason == AR_BINS_TOO_YOUNG,
	   "nothing cold and every generation younger: wait bins-too-young (%s %s)",
	   arstate_name(d.state), ar_reason_name(d.reason));

	in = input(20000, 0, 0, 0);
	in.cold.fresh = 10 * MB;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_WAIT && d.reason == AR_COLD_UNSETTLED,
	   "old pages, none settled: wait cold-unsettled (%s %s)", arstate_name(d.state),
	   ar_reason_name(d.reason));
	in.cold.cold = least - PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_WAIT && d.reason == AR_COLD_UNSETTLED, "31 pages settled: still unsettled");
	in.cold.cold = 0;
	in.cold.fresh = least - PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD,
	   "31 fresh pages and nothing settled: idle nothing-cold (%s)", ar_reason_name(d.reason));

	in = input(20000, 10, 0, 0);
	s.step = 64 * MB;
	c.min_size = 1024 * MB;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_AT_MIN_SIZE && !d.request,
	   "at --min-size: idle at-min-size (%s %s)", arstate_name(d.state), ar_reason_name(d.reason));
	c.min_size = 1020 * MB;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.request == 4 * MB - over,
	   "4M above --min-size: reclaim 4M less 64 pages (%llu)", (unsigned long long)d.request);
	c.min_size = 1024 * MB - over;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_AT_MIN_SIZE,
	   "64 pages above --min-size: idle at-min-size (%s)", ar_reason_name(d.reason));
	c.min_size = 0;

	/* a signal at its bound is not above it */
	in = input(30000, 10, 0.2, 0.2);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM, "signals at their bounds: reclaim (%s)", arstate_name(d.state));
}

/* requests one period after another: 4, 8, 16, 32, 64, 64M; a back-off: 4M again */
static void test_steps(void)
{
	static const uint64_t want[] = { 4, 8, 16, 32, 64, 64 };
	struct ar_config c = config();
	struct ar_lruvec_state s;
	struct ar_decision d;
	struct ar_input in;
	unsigned int i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		in = input(10000 * (i + 1), 1000, 0, 0);
		ar_decide(&c, &s, &in, &d);
		if (!ok(d.state == AR_RECLAIM && d.request == want[i] * MB,
			"request %u: %lluM (got %s %lluM)", i + 1, (unsigned long long)want[i],
			arstate_name(d.state), (unsigned long long)d.request / MB))
			break;
		ar_account(&s, d.request, d.request);
	}
	in = input(100000, 1000, 1, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_BACKOFF, "refaults: back off");
	in = input(100000 + d.backoff_ms, 1000, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.resumed && d.state == AR_RECLAIM && d.request == 4 * MB,
	   "after the back-off: the first step again (%lluM)", (unsigned long long)d.request / MB);

	/* what a request took beyond its size is left of the cold next time */
	memset(&s, 0, sizeof(s));
	ar_account(&s, 68 * PG, 355 * PG);
	ok_eq(ar_overshoot(&c, &s), 287 * PG, "68 pages asked, 355 taken: 287 expected next");
	in = input(0, 0, 0, 0);
	in.cold.cold = 300 * PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD,
	   "300 pages cold, 287 expected over: idle nothing-cold (%s)", ar_reason_name(d.reason));
	in.cold.cold = 400 * PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.request == 113 * PG,
	   "400 pages cold: ask for 113, leaving 287 for the overshoot (%llu)",
	   (unsigned long long)d.request / PG);
	ar_account(&s, 113 * PG, 113 * PG);
	ok_eq(ar_overshoot(&c, &s), 287 * PG / 2, "an exact request: the expectation halves");
	ar_account(&s, PG, PG);
	ar_account(&s, PG, PG);
	ok_eq(ar_overshoot(&c, &s), AR_OVERSHOOT_PAGES * PG, "... down to 64 pages");
}

static void test_backoff(void)
{
	struct ar_config c = config();
	struct ar_lruvec_state s;
	struct ar_decision d;
	struct ar_input in;
	uint64_t t = 0, len;
	int i;

	memset(&s, 0, sizeof(s));
	in = input(t, 10, 0.3, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_BACKOFF && d.reason == AR_PROMOTION && d.new_backoff &&
	   d.backoff_ms == 20000 && d.left_ms == 20000,
	   "promotion above its bound: back off for 2 periods (%s %s %llu ms)", arstate_name(d.state),
	   ar_reason_name(d.reason), (unsigned long long)d.backoff_ms);
	ok_eq(s.backoffs_promotion, 1, "one promotion back-off counted");

	/* kept, whatever the signals say, and nothing reclaimed */
	in = input(t + 10000, 10, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_BACKOFF && d.reason == AR_PROMOTION && !d.new_backoff && !d.request &&
	   d.left_ms == 10000,
	   "inside the back-off: kept, 10 s left (%s, %llu ms)", arstate_name(d.state),
	   (unsigned long long)d.left_ms);

	/* over, and still above: doubles, as no clean period came between */
	in = input(t + 20000, 10, 0, 0.5);
	ar_decide(&c, &s, &in, &d);
	ok(d.resumed && d.resumed_ms == 20000 && d.state == AR_BACKOFF && d.reason == AR_PSI &&
	   d.backoff_ms == 40000,
	   "over and psi above: resume, then back off for 40 s (%s %llu ms)",
	   ar_reason_name(d.reason), (unsigned long long)d.backoff_ms);
	ok_eq(s.backoffs_psi, 1, "one psi back-off counted");

	/* doubling up to 10 minutes */
	t += 20000;
	len = 40000;
	for (i = 0; i < 6; i++) {
		t += len;
		in = input(t, 10, 1, 0);
		ar_decide(&c, &s, &in, &d);
		len = len * 2 > AR_BACKOFF_MAX_MS ? AR_BACKOFF_MAX_MS : len * 2;
		if (!ok(d.state == AR_BACKOFF && d.backoff_ms == len,
			"back-off %d after another: %llu ms (got %llu)", i + 3,
			(unsigned long long)len, (unsigned long long)d.backoff_ms))
			break;
	}
	ok_eq(d.backoff_ms, AR_BACKOFF_MAX_MS, "capped at 10 minutes");

	/* over and clean: resume and reclaim in the same period */
	t += len;
	in = input(t, 10, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.resumed && d.state == AR_RECLAIM && d.request == 4 * MB,
	   "over and clean: resume, then reclaim the first step (%s)", arstate_name(d.state));
	ok(!s.chained, "a clean period ends the chain");

	/* after a clean period the next back-off starts again at 2 periods */
	t += 10000;
	in = input(t, 10, 5, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_BACKOFF && d.backoff_ms == 20000,
	   "after a clean period: 2 periods again (%llu ms)", (unsigned long long)d.backoff_ms);

	/* promotion is checked before psi */
	memset(&s, 0, sizeof(s));
	in = input(0, 10, 1, 1);
	ar_decide(&c, &s, &in, &d);
	ok(d.reason == AR_PROMOTION, "both above: promotion-above-bound");

	/* 2 periods longer than 10 minutes: capped */
	c.period_ms = 3600000;
	memset(&s, 0, sizeof(s));
	ar_decide(&c, &s, &in, &d);
	ok_eq(d.backoff_ms, AR_BACKOFF_MAX_MS, "-d 3600: the first back-off is capped too");

	/* a back-off precedes waiting for bins */
	c = config();
	memset(&s, 0, sizeof(s));
	in = input(0, 0, 0, 1);
	in.cold.oldest_ms = 0;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_BACKOFF && d.reason == AR_PSI, "young bins and psi above: backoff");
}

static void test_account(void)
{
	struct ar_lruvec_state s;

	memset(&s, 0, sizeof(s));
	ar_account(&s, 10 * MB, 8 * MB);
	ar_account(&s, 4 * MB, 4 * MB);
	ok(s.requests == 2 && s.requested == 14 * MB && s.reclaimed == 12 * MB,
	   "two requests: 2, 14M asked, 12M reclaimed");
}

int main(void)
{
	test_names();
	test_types();
	test_tally();
	test_held();
	test_amount();
	test_window();
	test_decide();
	test_steps();
	test_backoff();
	test_account();
	return tap_done();
}
