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

/**
 * ar_tally() - add an lruvec's memory, placed by the target age, to a sum
 * @c: the configuration: the target age, the types and the page size
 * @v: the lruvec, as the parser filled it
 * @acc: the sum for a memcg's subtree on a node; zero it before the first
 *
 * The lruvec's generations become age bins (wss_estimate()). Per type, a
 * bin whose lower bound is at least the target age is cold, if the type
 * may be reclaimed; one whose upper bound is at most the age is in the
 * working set; one that straddles the age, and a type's open (oldest) bin
 * that starts below the age, is uncertain and counts in neither. Cold
 * pages of a type that may not be reclaimed count nowhere.
 */
void ar_tally(const struct ar_config *c, const struct lrugen_lruvec *v, struct ar_cold *acc)
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
		for (i = 0; i < e.nr_bins; i++) {
			const struct wss_bin *b = &e.bins[i];
			uint64_t hi = i == e.open_bin[t] ? WSS_AGE_OPEN : b->age_hi_ms;
			uint64_t bytes = b->pages[t] * c->page_size;

			if (b->age_lo_ms >= c->age_ms) {
				if (ar_type_ok(c, t))
					acc->cold += bytes;
			} else if (hi != WSS_AGE_OPEN && hi <= c->age_ms) {
				acc->ws += bytes;
			} else {
				acc->uncertain += bytes;
			}
		}
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
 * @ws_bytes: its working set, summed over the nodes watched
 * @page_size: bytes per page
 * @psi_delta_us: growth of memory.pressure's "some" total over the period
 * @elapsed_ms: the period's actual length
 * @sig: set to the signals
 *
 * The promotion rate is the refaults over the last minute in percent of
 * the working set in pages, at least one page (a memcg whose every page
 * is cold and that refaults is promoting at least its whole working set).
 */
void ar_signals(const struct ar_window *w, uint64_t ws_bytes, uint64_t page_size,
		uint64_t psi_delta_us, uint64_t elapsed_ms, struct ar_signals *sig)
{
	uint64_t ws_pages = page_size ? ws_bytes / page_size : 0;

	sig->refaults_min = ar_window_per_min(w);
	sig->promotion_pct = 100.0 * (double)sig->refaults_min / (double)(ws_pages ? ws_pages : 1);
	sig->psi_pct = elapsed_ms ? (double)psi_delta_us / (double)elapsed_ms / 10.0 : 0;
}

/**
 * ar_amount() - how much to ask for
 * @c: the configuration: --max-step, --min-size and the page size
 * @cold: the cold bytes
 * @current: memory.current
 *
 * With a --min-size, the room above it is cut by AR_OVERSHOOT_PAGES, the
 * most the kernel reclaims beyond a request, so that the memcg does not
 * end below its floor.
 *
 * Return: min(@cold, --max-step, room above --min-size), rounded down to
 * a page; 0 when there is no room.
 */
uint64_t ar_amount(const struct ar_config *c, uint64_t cold, uint64_t current)
{
	uint64_t room, margin = c->min_size ? AR_OVERSHOOT_PAGES * c->page_size : 0;
	uint64_t n = cold;

	if (current <= c->min_size || current - c->min_size <= margin)
		return 0;
	room = current - c->min_size - margin;
	if (n > c->max_step)
		n = c->max_step;
	if (n > room)
		n = room;
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
 * last one when no clean period came between, up to 10 minutes; a period
 * with both signals within bounds is clean. Then: wait while nothing is
 * cold and no generation is as old as the target age; idle when less than
 * AR_MIN_REQUEST_PAGES are cold or ar_amount() leaves no room above
 * --min-size; else reclaim ar_amount() bytes (dry-run with --dry-run).
 */
void ar_decide(const struct ar_config *c, struct ar_lruvec_state *s, const struct ar_input *in,
	       struct ar_decision *d)
{
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

	if (!in->cold.cold && in->cold.oldest_ms < c->age_ms) {
		d->state = AR_WAIT;
		d->reason = AR_BINS_TOO_YOUNG;
	} else if (in->cold.cold < AR_MIN_REQUEST_PAGES * c->page_size) {
		d->state = AR_IDLE;
		d->reason = AR_NOTHING_COLD;
	} else if (!ar_amount(c, in->cold.cold, in->current)) {
		d->state = AR_IDLE;
		d->reason = AR_AT_MIN_SIZE;
	} else {
		d->state = c->dry_run ? AR_DRY_RUN : AR_RECLAIM;
		d->reason = AR_COLD;
		d->request = ar_amount(c, in->cold.cold, in->current);
	}
out:
	s->state = d->state;
	s->reason = d->reason;
}

/**
 * ar_account() - record what a request did
 * @s: the memcg and node's state
 * @requested: bytes asked for
 * @reclaimed: bytes reclaimed
 */
void ar_account(struct ar_lruvec_state *s, uint64_t requested, uint64_t reclaimed)
{
	s->requests++;
	s->requested += requested;
	s->reclaimed += reclaimed;
}
