/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lrugen autoreclaim's decisions: pure computation, testable without a
 * kernel. src/cmd-autoreclaim.c collects the inputs (the model, memory.stat,
 * memory.pressure, memory.current) and carries the decisions out.
 *
 * Each period, for each memcg and node it watches, the controller:
 *   1. records how many pages each lruvec's generations hold
 *      (ar_held_update()) and tallies the cold, fresh, working-set and
 *      uncertain bytes of the lruvecs of the memcg's subtree on the node
 *      (ar_tally());
 *   2. turns the memcg's refault and pressure counters into the promotion
 *      rate and the share of the period stalled (ar_window_*(),
 *      ar_signals());
 *   3. decides (ar_decide()): keep a back-off, start one, wait for bins
 *      that resolve the target age, stay idle, or ask for reclaim of
 *      min(cold - the kernel's overshoot, the step, memory.current -
 *      --min-size - the overshoot), page-aligned; the step starts at a
 *      sixteenth of --max-step and doubles after each request that a
 *      clean period follows;
 *   4. records what the request did (ar_account()), and by how much the
 *      kernel overshot it.
 * Documentation/guide/autoreclaim.rst explains why.
 */
#ifndef LRUGEN_AUTORECLAIM_H
#define LRUGEN_AUTORECLAIM_H

#include <stdbool.h>
#include <stdint.h>

#include "arstate.h"
#include "model.h"

#define AR_SWAPPINESS_DEFAULT	(-1)	/* the kernel's: anon and file */
#define AR_SWAPPINESS_MAX	201	/* "max": anon only */
#define AR_MINUTE_MS		60000ULL
#define AR_BACKOFF_PERIODS	2	/* the first back-off lasts two periods */
#define AR_BACKOFF_MAX_MS	600000ULL	/* a back-off lasts at most 10 minutes */
#define AR_WINDOW_SAMPLES	1024	/* a minute of samples at -d 0.1, and more */
/*
 * The least cold memory worth a request, in pages: the kernel reclaims at
 * least SWAP_CLUSTER_MAX (32) pages for any request, so a smaller cold set
 * would be topped up from younger generations, the working set's.
 */
#define AR_MIN_REQUEST_PAGES	32
/*
 * How many pages a request can reclaim beyond what it asked for, at
 * least: an eviction pass isolates up to MIN_LRU_BATCH (BITS_PER_LONG)
 * folios before it checks (scan_folios() in 6.12's mm/vmscan.c), and a
 * memcg's reclaim is not cut short (should_abort_scan()). The controller
 * learns the real figure from its requests (ar_account()); this is where
 * it starts. A request leaves this much of the cold memory, and of the
 * room above --min-size, for the overshoot.
 */
#define AR_OVERSHOOT_PAGES	64
/* the first request, and the first after a back-off: --max-step / 16 */
#define AR_FIRST_STEP_DIV	16
/* ... but at least this many pages (1 MiB of 4 KiB pages) */
#define AR_FIRST_STEP_PAGES	256
/*
 * What a generation held is kept per quarter of --settle, over five
 * quarters: the smallest count over the last settle is the smallest of
 * the counts seen in them (ar_held_update()).
 */
#define AR_HELD_BUCKETS		5

/**
 * struct ar_config - what the command line set
 * @age_ms: the target age (-a): memory not accessed for longer is cold
 * @period_ms: the time between decisions (-d)
 * @swappiness: 0..200, AR_SWAPPINESS_MAX, or AR_SWAPPINESS_DEFAULT; it
 *              picks the types counted cold: 0 file only, max anon only,
 *              else both
 * @max_promotion_pct: back off while the refaults over the last minute
 *                     pass this share of the working set (percent)
 * @max_psi_pct: back off while some task stalled on memory for more than
 *               this share of the last period (percent)
 * @max_step: the largest request, bytes
 * @min_size: never take memory.current below this, bytes (0: no floor)
 * @page_size: requests are multiples of it; a power of two
 * @dry_run: decide, but ask for nothing (state dry-run instead of reclaim)
 * @settle_ms: --settle: pages in bins older than the target age count as
 *             cold only as many as those bins (with the older ones) held
 *             throughout the last @settle_ms; 0 counts them all
 */
struct ar_config {
	uint64_t age_ms;
	uint64_t period_ms;
	int swappiness;
	double max_promotion_pct;
	double max_psi_pct;
	uint64_t max_step;
	uint64_t min_size;
	uint64_t page_size;
	bool dry_run;
	uint64_t settle_ms;
};

/**
 * enum ar_reason - why a decision was made, one word in the log and the
 * state file (ar_reason_name())
 * @AR_COLD: reclaim (or dry-run): bytes older than the target age
 *           ("cold-above-target")
 * @AR_NOTHING_COLD: idle: less than AR_MIN_REQUEST_PAGES of the types it
 *                   may reclaim are older than the target age
 *                   ("nothing-cold")
 * @AR_AT_MIN_SIZE: idle: memory.current is within AR_OVERSHOOT_PAGES and
 *                  a page of --min-size, or below it ("at-min-size")
 * @AR_BINS_TOO_YOUNG: wait: no generation of the subtree's lruvecs on the
 *                     node is as old as the target age yet
 *                     ("bins-too-young")
 * @AR_COLD_UNSETTLED: wait: the bins older than the target age hold pages,
 *                     but fewer than AR_MIN_REQUEST_PAGES of them have
 *                     been there for --settle (they came in since, as a
 *                     file page read once does, or the controller has not
 *                     watched for that long) ("cold-unsettled")
 * @AR_PROMOTION: back-off: refaults above --max-promotion
 *                ("promotion-above-bound")
 * @AR_PSI: back-off: pressure above --max-psi ("psi-above-bound")
 * @AR_NR_REASONS: how many
 */
enum ar_reason {
	AR_COLD,
	AR_NOTHING_COLD,
	AR_AT_MIN_SIZE,
	AR_BINS_TOO_YOUNG,
	AR_PROMOTION,
	AR_PSI,
	AR_COLD_UNSETTLED,
	AR_NR_REASONS
};

/**
 * struct ar_sample - one period's reading of a memcg's refault counter
 * @t_ms: when, ms on the controller's clock
 * @refaults: workingset_refault_anon + workingset_refault_file, pages
 */
struct ar_sample {
	uint64_t t_ms;
	uint64_t refaults;
};

/**
 * struct ar_window - a memcg's refault samples over the last minute
 * @s: a ring of samples, oldest at @head
 * @head: index of the oldest sample in @s
 * @nr: samples in @s
 *
 * Zero it to start. ar_window_add() keeps the samples of the last minute
 * and the newest one older than that, so that a full minute can be
 * measured.
 */
struct ar_window {
	struct ar_sample s[AR_WINDOW_SAMPLES];
	unsigned int head;
	unsigned int nr;
};

/**
 * struct ar_held_gen - what one generation, with the older ones, held
 * @seq: the generation
 * @first_ms: when the controller first saw it
 * @bucket: the newest bucket's number: the time of the last update
 *          divided by a quarter of --settle
 * @min: per bucket (its number modulo AR_HELD_BUCKETS) and type, the
 *       smallest count of pages in this generation and the older ones
 *       seen in it; UINT64_MAX for a bucket without an update
 */
struct ar_held_gen {
	uint64_t seq;
	uint64_t first_ms;
	uint64_t bucket;
	uint64_t min[AR_HELD_BUCKETS][LRUGEN_NR_TYPES];
};

/**
 * struct ar_held - what an lruvec's generations held over the last --settle
 * @memcg_id: the lruvec's memcg
 * @nid: and node
 * @nr: generations in @gens
 * @gens: one per generation on the LRU at the last update, oldest first
 *
 * A generation's count alone would not do: when the oldest generation is
 * folded into the next (inc_min_seq() in 6.12), its pages move, and the
 * next one's count jumps by pages that were older than it. The count of
 * a generation with every older one does not move then; it falls when
 * pages are evicted or promoted out of them, and rises only when pages
 * come in, which a file page read once (lru_gen_add_folio() puts it in
 * the second oldest generation) or a page read back from swap does. The
 * smallest such count over the last --settle is at least the pages that
 * stayed in those generations all that time; more than that is fresh.
 * Zero it to start.
 */
struct ar_held {
	uint64_t memcg_id;
	int nid;
	int nr;
	struct ar_held_gen gens[LRUGEN_MAX_GENS];
};

/**
 * struct ar_cold - a memcg's memory on one node, by the target age
 * @cold: bytes of the types it may reclaim in bins wholly older than the
 *        target age (the bin's lower bound at least the age) that the bins
 *        held throughout the last --settle (&struct ar_held)
 * @fresh: bytes of those types in those bins beyond that: pages that came
 *         into old generations within --settle
 * @ws: bytes, of both types, in bins wholly younger than the age: the
 *      working set
 * @uncertain: bytes, of both types, in bins that straddle the age: in
 *             neither @cold nor @ws
 * @oldest_ms: the age of the oldest generation of any lruvec tallied
 * @lruvecs: how many lruvecs were tallied
 */
struct ar_cold {
	uint64_t cold;
	uint64_t fresh;
	uint64_t ws;
	uint64_t uncertain;
	uint64_t oldest_ms;
	unsigned int lruvecs;
};

/**
 * struct ar_signals - a memcg's cost signals for one period
 * @refaults_min: refaults over the last minute, pages (normalised to a
 *                minute while less than a minute of samples exists)
 * @promotion_pct: @refaults_min in percent of the memory not known to be
 *                 cold: the working set, the uncertain and the fresh bytes
 * @psi_pct: the share of the last period in which some task of the memcg
 *           stalled on memory, percent
 */
struct ar_signals {
	uint64_t refaults_min;
	double promotion_pct;
	double psi_pct;
};

/**
 * struct ar_input - what one decision for a memcg and node looks at
 * @now_ms: the controller's clock, ms
 * @cold: the memcg's subtree on the node, by ar_tally()
 * @current: memory.current of the memcg, bytes
 * @sig: the memcg's signals
 */
struct ar_input {
	uint64_t now_ms;
	struct ar_cold cold;
	uint64_t current;
	struct ar_signals sig;
};

/**
 * struct ar_lruvec_state - the controller's state for one memcg and node
 * @state: the last decision's state
 * @reason: the last decision's reason
 * @backoff_until_ms: when the current back-off ends; 0 when none
 * @backoff_ms: the length of the current or last back-off
 * @backoff_reason: why the current or last back-off began
 * @chained: the last back-off has not been followed by a clean period
 *           (one whose signals were within their bounds), so the next one
 *           lasts twice as long
 * @backoffs_promotion: back-offs begun because of refaults
 * @backoffs_psi: back-offs begun because of pressure
 * @requests: reclaim requests made (ar_account())
 * @requested: bytes asked for in them
 * @reclaimed: bytes they reclaimed
 * @step: the largest next request, bytes; 0 before the first and after a
 *        back-off (then --max-step / AR_FIRST_STEP_DIV)
 * @overshoot: the overshoot expected of the next request, bytes: the
 *             last request's excess, or half the previous expectation if
 *             that is more (at least AR_OVERSHOOT_PAGES is assumed)
 *
 * Zero it to start.
 */
struct ar_lruvec_state {
	enum arstate_state state;
	enum ar_reason reason;
	uint64_t backoff_until_ms;
	uint64_t backoff_ms;
	enum ar_reason backoff_reason;
	bool chained;
	uint64_t backoffs_promotion;
	uint64_t backoffs_psi;
	uint64_t requests;
	uint64_t requested;
	uint64_t reclaimed;
	uint64_t step;
	uint64_t overshoot;
};

/**
 * struct ar_decision - what ar_decide() decided
 * @state: AR_BACKOFF, AR_WAIT, AR_IDLE, AR_RECLAIM or AR_DRY_RUN
 * @reason: why
 * @request: for AR_RECLAIM and AR_DRY_RUN, the bytes to ask for: a
 *           multiple of the page size, more than 0; else 0
 * @resumed: a back-off ended at this decision (log "resume" first)
 * @resumed_ms: the length of the back-off that ended
 * @new_backoff: for AR_BACKOFF, the back-off began at this decision
 * @backoff_ms: for AR_BACKOFF, the back-off's length
 * @left_ms: for AR_BACKOFF, the time left in it
 */
struct ar_decision {
	enum arstate_state state;
	enum ar_reason reason;
	uint64_t request;
	bool resumed;
	uint64_t resumed_ms;
	bool new_backoff;
	uint64_t backoff_ms;
	uint64_t left_ms;
};

const char *ar_reason_name(enum ar_reason r);
bool ar_type_ok(const struct ar_config *c, int type);
void ar_held_update(const struct ar_config *c, struct ar_held *h, const struct lrugen_lruvec *v,
		    uint64_t now_ms);
uint64_t ar_held_pages(const struct ar_config *c, const struct ar_held *h, uint64_t seq, int type,
		       uint64_t now_ms);
void ar_tally(const struct ar_config *c, const struct lrugen_lruvec *v, const struct ar_held *h,
	      uint64_t now_ms, struct ar_cold *acc);
void ar_window_add(struct ar_window *w, uint64_t t_ms, uint64_t refaults);
uint64_t ar_window_per_min(const struct ar_window *w);
void ar_signals(const struct ar_window *w, uint64_t ws_bytes, uint64_t page_size,
		uint64_t psi_delta_us, uint64_t elapsed_ms, struct ar_signals *sig);
uint64_t ar_first_step(const struct ar_config *c);
uint64_t ar_overshoot(const struct ar_config *c, const struct ar_lruvec_state *s);
uint64_t ar_amount(const struct ar_config *c, const struct ar_lruvec_state *s, uint64_t cold,
		   uint64_t current);
void ar_decide(const struct ar_config *c, struct ar_lruvec_state *s, const struct ar_input *in,
	       struct ar_decision *d);
void ar_account(struct ar_lruvec_state *s, uint64_t requested, uint64_t reclaimed);

#endif
