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
		"promotion-above-bound", "psi-above-bound",
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
 * and [0, 10 ms) the working set.
 */
static void test_tally(void)
{
	struct ar_config c = config();
	struct lrugen_lruvec v, w;
	struct ar_cold acc;

	make_lruvec(&v, 7, 4, GENS({ 300000, 1000, 100 }, { 200000, 100, 7 }, { 10000, 2000, 50 },
			    { 10, 5, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &acc);
	ok_eq(acc.cold, 1100 * PG, "default: cold is the oldest bin, both types");
	ok_eq(acc.ws, 2055 * PG, "default: ws is the bins younger than the age");
	ok_eq(acc.uncertain, 107 * PG, "a bin straddling the age is neither cold nor ws");
	ok_eq(acc.oldest_ms, 300000, "oldest generation's age");
	ok_eq(acc.lruvecs, 1, "one lruvec tallied");

	c.swappiness = 0;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &acc);
	ok_eq(acc.cold, 100 * PG, "swappiness 0: only the cold file pages");
	ok_eq(acc.ws, 2055 * PG, "swappiness 0: the working set still has both types");
	c.swappiness = AR_SWAPPINESS_MAX;
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &acc);
	ok_eq(acc.cold, 1000 * PG, "swappiness max: only the cold anon pages");

	/* a subtree: a second lruvec adds up; its open bin starts below the age */
	c.swappiness = AR_SWAPPINESS_DEFAULT;
	make_lruvec(&w, 3, 2, GENS({ 300000, 40, 0 }, { 10000, 3, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &acc);
	ar_tally(&c, &w, &acc);
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
	ar_tally(&c, &v, &acc);
	ok_eq(acc.cold, 1000 * PG, "file evicted from the oldest: its file pages gone");
	ok_eq(acc.uncertain, 107 * PG, "the file's open bin, [10 s, open), is uncertain");

	/* exactly on a birth: the bin from 120 s is cold */
	make_lruvec(&v, 1, 3, GENS({ 240000, 10, 0 }, { 120000, 20, 0 }, { 1000, 30, 0 }));
	memset(&acc, 0, sizeof(acc));
	ar_tally(&c, &v, &acc);
	ok_eq(acc.cold, 10 * PG, "a bin starting at the age is cold");
	ok_eq(acc.ws, 50 * PG, "a bin ending at the age is ws");
	ok_eq(acc.uncertain, 0, "nothing straddles");
}

static void test_amount(void)
{
	struct ar_config c = config();

	ok_eq(ar_amount(&c, 10 * MB, 1024 * MB), 10 * MB, "bounded by cold");
	ok_eq(ar_amount(&c, 100 * MB, 1024 * MB), 64 * MB, "bounded by --max-step");
	c.min_size = 1000 * MB;
	ok_eq(ar_amount(&c, 100 * MB, 1024 * MB), 24 * MB - AR_OVERSHOOT_PAGES * PG,
	      "bounded by current - --min-size - the kernel's 64-page overshoot");
	ok_eq(ar_amount(&c, 100 * MB, 1000 * MB + AR_OVERSHOOT_PAGES * PG), 0,
	      "64 pages above --min-size: nothing");
	ok_eq(ar_amount(&c, 100 * MB, 1000 * MB + (AR_OVERSHOOT_PAGES + 1) * PG), PG,
	      "65 pages above --min-size: one page");
	ok_eq(ar_amount(&c, 100 * MB, 1000 * MB), 0, "current at --min-size: nothing");
	ok_eq(ar_amount(&c, 100 * MB, 900 * MB), 0, "current below --min-size: nothing");
	c.min_size = 0;
	ok_eq(ar_amount(&c, 10 * PG + 123, 1024 * MB), 10 * PG, "page-aligned, down");
	c.min_size = 1024 * MB - 100;
	ok_eq(ar_amount(&c, 10 * MB, 1024 * MB), 0, "less than a page above --min-size: nothing");
	c.min_size = 0;
	c.max_step = 3 * PG + 5;
	ok_eq(ar_amount(&c, 10 * MB, 1024 * MB), 3 * PG, "--max-step not a page multiple: aligned down");
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
	struct ar_lruvec_state s;
	struct ar_decision d;
	struct ar_input in;

	memset(&s, 0, sizeof(s));
	in = input(10000, 10, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.reason == AR_COLD && d.request == 10 * MB,
	   "cold: reclaim 10M (state %s, reason %s, request %llu)", arstate_name(d.state),
	   ar_reason_name(d.reason), (unsigned long long)d.request);
	ok(s.state == AR_RECLAIM && s.reason == AR_COLD, "the state follows the decision");

	c.dry_run = true;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_DRY_RUN && d.reason == AR_COLD && d.request == 10 * MB,
	   "dry-run: the same request, state dry-run (%s)", arstate_name(d.state));
	c.dry_run = false;

	in = input(20000, 0, 0, 0);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD && !d.request,
	   "nothing cold, old bins: idle nothing-cold (%s %s)", arstate_name(d.state),
	   ar_reason_name(d.reason));
	in.cold.cold = AR_MIN_REQUEST_PAGES * PG - 1;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_NOTHING_COLD,
	   "less than 32 pages cold: idle nothing-cold (the kernel would take the rest from younger ones)");
	in.cold.cold = AR_MIN_REQUEST_PAGES * PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.request == AR_MIN_REQUEST_PAGES * PG, "32 pages cold: reclaim them");

	in = input(20000, 0, 0, 0);
	in.cold.oldest_ms = 119999;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_WAIT && d.reason == AR_BINS_TOO_YOUNG,
	   "nothing cold and every generation younger: wait bins-too-young (%s %s)",
	   arstate_name(d.state), ar_reason_name(d.reason));

	in = input(20000, 10, 0, 0);
	c.min_size = 1024 * MB;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_AT_MIN_SIZE && !d.request,
	   "at --min-size: idle at-min-size (%s %s)", arstate_name(d.state), ar_reason_name(d.reason));
	c.min_size = 1020 * MB;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM && d.request == 4 * MB - AR_OVERSHOOT_PAGES * PG,
	   "4M above --min-size: reclaim 4M less 64 pages (%llu)", (unsigned long long)d.request);
	c.min_size = 1024 * MB - AR_OVERSHOOT_PAGES * PG;
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_IDLE && d.reason == AR_AT_MIN_SIZE,
	   "64 pages above --min-size: idle at-min-size (%s)", ar_reason_name(d.reason));
	c.min_size = 0;

	/* a signal at its bound is not above it */
	in = input(30000, 10, 0.2, 0.2);
	ar_decide(&c, &s, &in, &d);
	ok(d.state == AR_RECLAIM, "signals at their bounds: reclaim (%s)", arstate_name(d.state));
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
	ok(d.resumed && d.state == AR_RECLAIM && d.request == 10 * MB,
	   "over and clean: resume, then reclaim (%s)", arstate_name(d.state));
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
	test_amount();
	test_window();
	test_decide();
	test_backoff();
	test_account();
	return tap_done();
}
