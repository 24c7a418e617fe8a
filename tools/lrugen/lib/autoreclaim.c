// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's decisions (autoreclaim.h): pure computation on the
 * model and on counters the command read; nothing here touches the kernel.
 */
#include <string.h>

#include "autoreclaim.h"
#include "wss.h"

/**
 * ar_reason_name() - a reason as the log and the state file spell it
 * @r: the reason
 *
 * Return: one word, such as "cold-above-target"; "?" for no reason.
 */
const char *ar_reason_name(enum ar_reason r)
{
	static const char *const names[AR_NR_REASONS] = {
		[AR_COLD] = "cold-above-target",
		[AR_NOTHING_COLD] = "nothing-cold",
		[AR_AT_MIN_SIZE] = "at-min-size",
		[AR_BINS_TOO_YOUNG] = "bins-too-young",
		[AR_PROMOTION] = "promotion-above-bound",
		[AR_PSI] = "psi-above-bound",
		[AR_COLD_UNSETTLED] = "cold-unsettled",
	};

	return (unsigned int)r < AR_NR_REASONS ? names[r] : "?";
}

/**
 * ar_type_ok() - whether the swappiness lets a type be reclaimed
 * @c: the configuration
 * @type: LRUGEN_ANON or LRUGEN_FILE
 *
 * Swappiness 0 reclaims file pages only, "max" anon pages only, and any
 * other value (the kernel's default included) both.
 *
 * Return: true if pages of @type count as cold.
 */
bool ar_type_ok(const struct ar_config *c, int type)
{
	if (c->swappiness == 0)
		return type == LRUGEN_FILE;
	if (c->swappiness == AR_SWAPPINESS_MAX)
		return type == LRUGEN_ANON;
	return true;
}

/* a quarter of --settle, the length of a bucket of &struct ar_held_gen */
static uint64_t held_bucket_ms(const struct ar_config *c)
{
	return c->settle_ms >= 4 ? c->settle_ms / 4 : 1;
}

static const struct ar_held_gen *held_find(const struct ar_held *h, uint64_t seq)
{
	int i;

	for (i = 0; h && i < h->nr; i++)
		if (h->gens[i].seq == seq)
			return &h->gens[i];
	return NULL;
}

/**
 * ar_held_update() - record what an lruvec's generations hold now
 * @c: the configuration: --settle
 * @h: the lruvec's history; zero it before the first update
 * @v: the lruvec, as the parser filled it
 * @now_ms: the controller's clock; not before the last update's
 *
 * For each generation, the pages of each type in it and every older one
 * (a type's generations below its min_seq hold none) go into the bucket
 * of @now_ms, which keeps the smallest. A generation seen for the first
 * time starts its history now; the history of one no longer on the LRU
 * goes. Buckets passed without an update hold no count.
 */
void ar_held_update(const struct ar_config *c, struct ar_held *h, const struct lrugen_lruvec *v,
		    uint64_t now_ms)
{
	struct ar_held old = *h;
	uint64_t bucket = now_ms / held_bucket_ms(c);
	uint64_t cum[LRUGEN_NR_TYPES] = { 0, 0 };
	int i, j, t;

	h->nr = 0;
	for (i = 0; i < v->nr_gens && i < LRUGEN_MAX_GENS; i++) {
		const struct lrugen_gen *g = &v->gens[i];
		const struct ar_held_gen *o = held_find(&old, g->seq);
		struct ar_held_gen *n = &h->gens[h->nr++];
		uint64_t skip;

		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			if (!g->evicted[t])
				cum[t] += g->pages[t];
		if (o) {
			*n = *o;
		} else {
			memset(n, 0, sizeof(*n));
			n->seq = g->seq;
			n->first_ms = now_ms;
			n->bucket = bucket;
			for (j = 0; j < AR_HELD_BUCKETS; j++)
				for (t = 0; t < LRUGEN_NR_TYPES; t++)
					n->min[j][t] = UINT64_MAX;
		}
		/* empty the buckets passed since the last update */
		skip = bucket > n->bucket ? bucket - n->bucket : 0;
		if (skip > AR_HELD_BUCKETS)
			skip = AR_HELD_BUCKETS;
		for (j = 1; j <= (int)skip; j++)
			for (t = 0; t < LRUGEN_NR_TYPES; t++)
				n->min[(n->bucket + j) % AR_HELD_BUCKETS][t] = UINT64_MAX;
		if (bucket > n->bucket)
			n->bucket = bucket;
		for (t = 0; t < LRUGEN_NR_TYPES; t++) {
			uint64_t *m = &n->min[n->bucket % AR_HELD_BUCKETS][t];

			if (cum[t] < *m)
				*m = cum[t];
		}
	}
}

/**
 * ar_held_pages() - pages a generation and the older ones held throughout
 * the last --settle
 * @c: the configuration: --settle
 * @h: the lruvec's history, updated at @now_ms
 * @seq: the generation
 * @type: LRUGEN_ANON or LRUGEN_FILE
 * @now_ms: the controller's clock
 *
 * Return: the smallest count of @type's pages in @seq and every older
 * generation over the updates of the last --settle to 1.25 --settle (an
 * upper bound of the pages that stayed all that time); 0 when @seq was
 * first seen less than --settle ago, or is not in @h.
 */
uint64_t ar_held_pages(const struct ar_config *c, const struct ar_held *h, uint64_t seq, int type,
		       uint64_t now_ms)
{
	const struct ar_held_gen *g = held_find(h, seq);
	uint64_t m = UINT64_MAX;
	int j;

	if (!g || now_ms < g->first_ms || now_ms - g->first_ms < c->settle_ms)
		return 0;
	for (j = 0; j < AR_HELD_BUCKETS; j++)
		if (g->min[j][type] < m)
			m = g->min[j][type];
	return m == UINT64_MAX ? 0 : m;
}

/**
 * ar_tally() - add an lruvec's memory, placed by the target age, to a sum
 * @c: the configuration: the target age, --settle, the types and the
 *     page size
 * @v: the lruvec, as the parser filled it
 * @h: its history, updated with @v at @now_ms (ar_held_update()); NULL
 *     for none (then nothing old has settled)
 * @now_ms: the controller's clock
 * @acc: the sum for a memcg's subtree on a node; zero it before the first
 *
 * The lruvec's generations become age bins (wss_estimate()). Per type, a
 * bin whose lower bound is at least the target age is old, if the type
 * may be reclaimed; one whose upper bound is at most the age is in the
 * working set; one that straddles the age, and a type's open (oldest) bin
 * that starts below the age, is uncertain and counts in neither. Old bins
 * are a type's oldest ones, up to a generation K: of their pages, as many
 * as K and the older generations held throughout the last --settle
 * (ar_held_pages()) are cold, the rest fresh. Old pages of a type that
 * may not be reclaimed count nowhere.
 */
void ar_tally(const struct ar_config *c, const struct lrugen_lruvec *v, const struct ar_held *h,
	      uint64_t now_ms, struct ar_cold *acc)
{
	struct wss_estimate e;
	int i, t;

	acc->lruvecs++;
	for (i = 0; i < v->nr_gens && i < LRUGEN_MAX_GENS; i++)
		if (v->gens[i].age_ms > acc->oldest_ms)
			acc->oldest_ms = v->gens[i].age_ms;
	if (wss_estimate(v, c->age_ms, &e))
		return;
	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		uint64_t old = 0, held, k = 0;
		bool any = false;

		for (i = 0; i < e.nr_bins; i++) {
			const struct wss_bin *b = &e.bins[i];
			uint64_t hi = i == e.open_bin[t] ? WSS_AGE_OPEN : b->age_hi_ms;
			uint64_t bytes = b->pages[t] * c->page_size;

			if (b->age_lo_ms >= c->age_ms) {
				old += b->pages[t];
				/* bins go youngest first: the first old one is K */
				if (!any)
					k = b->seq;
				any = true;
			} else if (hi != WSS_AGE_OPEN && hi <= c->age_ms) {
				acc->ws += bytes;
			} else {
				acc->uncertain += bytes;
			}
		}
		if (!ar_type_ok(c, t) || !old)
			continue;
		held = c->settle_ms ? ar_held_pages(c, h, k, t, now_ms) : old;
		if (held > old)
			held = old;
		acc->cold += held * c->page_size;
		acc->fresh += (old - held) * c->page_size;
	}
}

/**
 * ar_window_add() - add a period's sample of a memcg's refault counter
 * @w: the window
 * @t_ms: when it was read; not before the last sample
 * @refaults: the counter
 *
 * Keeps the samples of the last minute and the newest one a minute old
 * or older; when the ring is full, the oldest goes.
 */
void ar_window_add(struct ar_window *w, uint64_t t_ms, uint64_t refaults)
{
	/* drop the oldest while the next is already a minute old */
	while (w->nr >= 2 &&
	       w->s[(w->head + 1) % AR_WINDOW_SAMPLES].t_ms + AR_MINUTE_MS <= t_ms) {
		w->head = (w->head + 1) % AR_WINDOW_SAMPLES;
		w->nr--;
	}
	if (w->nr == AR_WINDOW_SAMPLES) {
		w->head = (w->head + 1) % AR_WINDOW_SAMPLES;
		w->nr--;
	}
	w->s[(w->head + w->nr) % AR_WINDOW_SAMPLES] = (struct ar_sample){ t_ms, refaults };
	w->nr++;
}

/**
 * ar_window_per_min() - refaults over the last minute
 * @w: the window
 *
 * The growth of the counter from the newest sample a minute old or older
 * (or, before a minute has passed, the first sample) to the newest one,
 * scaled to a minute: so that the bound means the same from the first
 * period on. A counter that went back (a memcg's counters do not, but a
 * reset would) counts as no growth.
 *
 * Return: refaults per minute, pages; 0 with fewer than two samples.
 */
uint64_t ar_window_per_min(const struct ar_window *w)
{
	const struct ar_sample *first, *last;
	uint64_t span;

	if (w->nr < 2)
		return 0;
	first = &w->s[w->head];
	last = &w->s[(w->head + w->nr - 1) % AR_WINDOW_SAMPLES];
	span = last->t_ms - first->t_ms;
	if (!span || last->refaults <= first->refaults)
		return 0;
	return (uint64_t)((double)(last->refaults - first->refaults) * AR_MINUTE_MS / span + 0.5);
}

/**
 * ar_signals() - a memcg's cost signals
 * @w: its refault window
 * @base_bytes: its memory not known to be cold, summed over the nodes
 *              watched: the working set, uncertain and fresh bytes
 * @page_size: bytes per page
 * @psi_delta_us: growth of memory.pressure's "some" total over the period
 * @elapsed_ms: the period's actual length
 * @sig: set to the signals
 *
 * The promotion rate is the refaults over the last minute in percent of
 * @base_bytes in pages, at least one page (a memcg whose every page is
 * cold and that refaults is promoting at least all it uses). The
 * uncertain bytes are in the base because an aging moves half of the
 * working set, for a while, into the bin that straddles the age: with
 * the working set alone the bound would tighten after every aging.
 */
void ar_signals(const struct ar_window *w, uint64_t base_bytes, uint64_t page_size,
		uint64_t psi_delta_us, uint64_t elapsed_ms, struct ar_signals *sig)
{
	uint64_t pages = page_size ? base_bytes / page_size : 0;

	sig->refaults_min = ar_window_per_min(w);
	sig->promotion_pct = 100.0 * (double)sig->refaults_min / (double)(pages ? pages : 1);
	sig->psi_pct = elapsed_ms ? (double)psi_delta_us / (double)elapsed_ms / 10.0 : 0;
}

/**
 * ar_first_step() - the largest first request
 * @c: the configuration: --max-step and the page size
 *
 * Return: --max-step / AR_FIRST_STEP_DIV, at least AR_FIRST_STEP_PAGES
 * and at most --max-step, page-aligned down (at least a page).
 */
uint64_t ar_first_step(const struct ar_config *c)
{
	uint64_t n = c->max_step / AR_FIRST_STEP_DIV;

	if (n < AR_FIRST_STEP_PAGES * c->page_size)
		n = AR_FIRST_STEP_PAGES * c->page_size;
	if (n > c->max_step)
		n = c->max_step;
	n &= ~(c->page_size - 1);
	return n ? n : c->page_size;
}

/**
 * ar_overshoot() - the overshoot expected of the next request
 * @c: the configuration: the page size
 * @s: the memcg and node's state
 *
 * Return: bytes: what ar_account() learnt, at least AR_OVERSHOOT_PAGES.
 */
uint64_t ar_overshoot(const struct ar_config *c, const struct ar_lruvec_state *s)
{
	uint64_t least = AR_OVERSHOOT_PAGES * c->page_size;

	return s->overshoot > least ? s->overshoot : least;
}

/**
 * ar_amount() - how much to ask for
 * @c: the configuration: --max-step, --min-size and the page size
 * @s: the memcg and node's state: the step and the expected overshoot
 * @cold: the cold bytes
 * @current: memory.current
 *
 * The kernel may reclaim ar_overshoot() more than asked, from what comes
 * after the cold memory in its order, the working set: a request leaves
 * that much of the cold memory for it, and with a --min-size as much of
 * the room above it.
 *
 * Return: min(@cold - overshoot, the step, @current - --min-size -
 * overshoot), rounded down to a page; 0 when the cold memory or the room
 * is not more than the overshoot.
 */
uint64_t ar_amount(const struct ar_config *c, const struct ar_lruvec_state *s, uint64_t cold,
		   uint64_t current)
{
	uint64_t over = ar_overshoot(c, s);
	uint64_t step = s->step ? s->step : ar_first_step(c);
	uint64_t room, n;

	if (cold <= over)
		return 0;
	n = cold - over;
	if (n > step)
		n = step;
	if (n > c->max_step)
		n = c->max_step;
	if (c->min_size) {
		if (current <= c->min_size || current - c->min_size <= over)
			return 0;
		room = current - c->min_size - over;
		if (n > room)
			n = room;
	}
	return n & ~(c->page_size - 1);
}

/*
 * Begin a back-off: two periods after a clean period, else twice the
 * last one, up to 10 minutes.
 */
static void begin_backoff(const struct ar_config *c, struct ar_lruvec_state *s,
			  enum ar_reason why, uint64_t now_ms, struct ar_decision *d)
{
	uint64_t len = s->chained ? 2 * s->backoff_ms : AR_BACKOFF_PERIODS * c->period_ms;

	if (len > AR_BACKOFF_MAX_MS)
		len = AR_BACKOFF_MAX_MS;
	if (!len)
		len = 1;
	s->chained = true;
	s->step = 0;	/* start small again */
	s->backoff_ms = len;
	s->backoff_until_ms = now_ms + len;
	s->backoff_reason = why;
	if (why == AR_PROMOTION)
		s->backoffs_promotion++;
	else
		s->backoffs_psi++;
	d->state = AR_BACKOFF;
	d->reason = why;
	d->new_backoff = true;
	d->backoff_ms = len;
	d->left_ms = len;
}

/**
 * ar_decide() - one period's decision for a memcg and node
 * @c: the configuration
 * @s: the memcg and node's state, updated
 * @in: what was measured
 * @d: set to the decision
 *
 * In order: a back-off not over is kept; one that is over ends
 * (@d->resumed) and the decision goes on. A signal above its bound (the
 * promotion rate first) begins a back-off, of two periods, or twice the
 * last one when no clean period came between, up to 10 minutes, and
 * brings the step back to ar_first_step(); a period with both signals
 * within bounds is clean. Then: wait while nothing is old and no
 * generation is as old as the target age (bins-too-young), or while old
 * pages are there but not AR_MIN_REQUEST_PAGES of them have settled
 * (cold-unsettled); idle when the cold memory beyond the expected
 * overshoot is less than AR_MIN_REQUEST_PAGES (nothing-cold), or
 * ar_amount() leaves no room above --min-size (at-min-size); else reclaim
 * ar_amount() bytes (dry-run with --dry-run). A request that follows a
 * request, with a clean period between, may be twice as large as the
 * last step, up to --max-step.
 */
void ar_decide(const struct ar_config *c, struct ar_lruvec_state *s, const struct ar_input *in,
	       struct ar_decision *d)
{
	uint64_t least = AR_MIN_REQUEST_PAGES * c->page_size;
	bool asked_last = s->state == AR_RECLAIM || s->state == AR_DRY_RUN;

	memset(d, 0, sizeof(*d));
	if (s->backoff_until_ms) {
		if (in->now_ms < s->backoff_until_ms) {
			d->state = AR_BACKOFF;
			d->reason = s->backoff_reason;
			d->backoff_ms = s->backoff_ms;
			d->left_ms = s->backoff_until_ms - in->now_ms;
			goto out;
		}
		d->resumed = true;
		d->resumed_ms = s->backoff_ms;
		s->backoff_until_ms = 0;
	}
	if (in->sig.promotion_pct > c->max_promotion_pct) {
		begin_backoff(c, s, AR_PROMOTION, in->now_ms, d);
		goto out;
	}
	if (in->sig.psi_pct > c->max_psi_pct) {
		begin_backoff(c, s, AR_PSI, in->now_ms, d);
		goto out;
	}
	s->chained = false;

	if (!in->cold.cold && !in->cold.fresh && in->cold.oldest_ms < c->age_ms) {
		d->state = AR_WAIT;
		d->reason = AR_BINS_TOO_YOUNG;
	} else if (in->cold.cold < least && in->cold.fresh >= least) {
		d->state = AR_WAIT;
		d->reason = AR_COLD_UNSETTLED;
	} else if (in->cold.cold < least + ar_overshoot(c, s)) {
		d->state = AR_IDLE;
		d->reason = AR_NOTHING_COLD;
	} else if (!ar_amount(c, s, in->cold.cold, in->current)) {
		d->state = AR_IDLE;
		d->reason = AR_AT_MIN_SIZE;
	} else {
		if (!s->step)
			s->step = ar_first_step(c);
		else if (asked_last)
			s->step = s->step * 2 > c->max_step ? c->max_step : s->step * 2;
		d->state = c->dry_run ? AR_DRY_RUN : AR_RECLAIM;
		d->reason = AR_COLD;
		d->request = ar_amount(c, s, in->cold.cold, in->current);
	}
out:
	s->state = d->state;
	s->reason = d->reason;
}

/**
 * ar_account() - record what a request did
 * @s: the memcg and node's state; its expected overshoot becomes this
 *     request's excess, or half the last expectation if that is more
 * @requested: bytes asked for
 * @reclaimed: bytes reclaimed
 */
void ar_account(struct ar_lruvec_state *s, uint64_t requested, uint64_t reclaimed)
{
	uint64_t excess = reclaimed > requested ? reclaimed - requested : 0;

	s->overshoot = excess > s->overshoot / 2 ? excess : s->overshoot / 2;
	s->requests++;
	s->requested += requested;
	s->reclaimed += reclaimed;
}
