// SPDX-License-Identifier: GPL-2.0
/*
 * The model: merging successive samples and deriving rates from them.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "util.h"

/* enum lru_gen_reason in include/trace/events/lru_gen.h */
const char *const lrugen_reason_names[] = {
	"kswapd", "direct", "memcg", "proactive", "debugfs",
};
const int lrugen_nr_reasons = ARRAY_SIZE(lrugen_reason_names);

const char *const lrugen_kind_names[] = {
	[LRUGEN_EV_BIRTH] = "birth",
	[LRUGEN_EV_RETIRE] = "retire",
	[LRUGEN_EV_EVICT] = "evict",
	[LRUGEN_EV_AGING] = "aging",
	[LRUGEN_EV_PROACTIVE] = "reclaim",
};

static const char *const type_names[] = { "anon", "file" };

/**
 * model_init() - make an empty model
 * @m: the model
 *
 * No lruvecs, no events, every node absent; node ids set. Free it with
 * model_free().
 */
void model_init(struct lrugen_model *m)
{
	int nid;

	memset(m, 0, sizeof(*m));
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++)
		m->nodes[nid].nid = nid;
}

/**
 * lruvecs_free() - free an array of lruvecs that own their paths
 * @v: the array, as parse_lru_gen() returns it; may be NULL
 * @nr: lruvecs in it
 */
void lruvecs_free(struct lrugen_lruvec *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i].path);
	free(v);
}

/**
 * lruvec_set_free() - free a set's lruvecs and paths
 * @s: the set, left empty and ready to be filled again
 */
void lruvec_set_free(struct lruvec_set *s)
{
	free(s->v);
	free(s->names);
	memset(s, 0, sizeof(*s));
}

static void index_free(struct lruvec_index *x)
{
	free(x->head);
	free(x->next);
	memset(x, 0, sizeof(*x));
}

/**
 * model_free() - free what a model allocated
 * @m: the model
 *
 * Its lruvecs, indexes and merge state go; nodes, global values and the
 * event log (which live in @m itself) are left as they were.
 */
void model_free(struct lrugen_model *m)
{
	lruvec_set_free(&m->sets[0]);
	lruvec_set_free(&m->sets[1]);
	index_free(&m->by_ident);
	index_free(&m->by_id);
	free(m->matched);
	m->matched = NULL;
	m->matched_cap = 0;
	m->lruvecs = NULL;
	m->nr_lruvecs = 0;
}

static uint32_t mix(uint64_t id, int nid, uint32_t h)
{
	uint64_t x = (id * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)nid << 32) ^ h;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (uint32_t)x;
}

static uint32_t ident_key(const struct lrugen_lruvec *v)
{
	return mix(v->memcg_id, v->nid, v->path_hash);
}

static uint32_t id_key(uint64_t memcg_id, int nid)
{
	return mix(memcg_id, nid, 0);
}

/*
 * (Re)build an index over @nr lruvecs, reusing its arrays. Each chain
 * holds its lruvecs in file order. Returns -1 when memory ran out, and the
 * index is then empty: lookups fall back to a scan.
 */
static int index_build(struct lruvec_index *x, const struct lrugen_lruvec *v, size_t nr,
		       uint32_t (*key)(const struct lrugen_lruvec *))
{
	size_t nb = 16, i;

	while (nb < 2 * nr)
		nb *= 2;
	if (nb > x->nr_buckets || nr > x->cap) {
		uint32_t *head = realloc(x->head, nb * sizeof(*head));
		uint32_t *next;

		if (head)
			x->head = head;
		next = realloc(x->next, (nr ? nr : 1) * sizeof(*next));
		if (next)
			x->next = next;
		if (!head || !next) {
			x->nr_buckets = 0;
			return -1;
		}
		x->cap = nr ? nr : 1;
	} else {
		nb = x->nr_buckets;
	}
	x->nr_buckets = nb;
	memset(x->head, 0xff, nb * sizeof(*x->head));
	for (i = nr; i-- > 0;) {
		uint32_t b = key(&v[i]) & (nb - 1);

		x->next[i] = x->head[b];
		x->head[b] = (uint32_t)i;
	}
	return 0;
}

static uint32_t by_id_key(const struct lrugen_lruvec *v)
{
	return id_key(v->memcg_id, v->nid);
}

/**
 * counter_rate() - the rate of a cumulative counter
 * @prev: its value at the previous sample
 * @cur: its value now
 * @dt: seconds between the two
 *
 * Return: (@cur - @prev) / @dt; 0 when @dt is not positive or the counter
 * went back (it was reset, or belongs to something new).
 */
double counter_rate(uint64_t prev, uint64_t cur, double dt)
{
	if (dt <= 0 || cur < prev)
		return 0;
	return (double)(cur - prev) / dt;
}

/**
 * lruvec_pages() - pages of one type on an lruvec
 * @v: the lruvec
 * @type: LRUGEN_ANON or LRUGEN_FILE
 *
 * Generations that the type's min_seq has passed (marked 'x') are not on
 * its LRU and are not counted.
 *
 * Return: the sum of the type's pages over the other generations.
 */
uint64_t lruvec_pages(const struct lrugen_lruvec *v, int type)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < v->nr_gens; i++)
		if (!v->gens[i].evicted[type])
			sum += v->gens[i].pages[type];
	return sum;
}

/**
 * lruvec_oldest_ms() - the age of an lruvec's oldest pages
 * @v: the lruvec
 *
 * Return: the age in milliseconds of the oldest generation that holds
 * pages of either type on the LRU; without one, that of the youngest
 * generation, or 0 when there is no generation at all.
 */
uint64_t lruvec_oldest_ms(const struct lrugen_lruvec *v)
{
	int i;

	for (i = 0; i < v->nr_gens; i++) {
		const struct lrugen_gen *g = &v->gens[i];

		if ((!g->evicted[LRUGEN_ANON] && g->pages[LRUGEN_ANON]) ||
		    (!g->evicted[LRUGEN_FILE] && g->pages[LRUGEN_FILE]))
			return g->age_ms;
	}
	return v->nr_gens ? v->gens[v->nr_gens - 1].age_ms : 0;
}

/**
 * model_find() - the current lruvec of a memcg on a node
 * @m: the model
 * @memcg_id: the memcg's cgroup id
 * @nid: the node
 *
 * Called for every eviction event, and runs of them come from one lruvec:
 * it tries the last match first, then the index (a scan if the index could
 * not be built). With several lruvecs of one id on a node (removed memcgs
 * all have id 0), the first in the file is found.
 *
 * Return: the lruvec, or NULL if there is none.
 */
struct lrugen_lruvec *model_find(struct lrugen_model *m, uint64_t memcg_id, int nid)
{
	size_t i = m->last_found;

	if (i < m->nr_lruvecs && m->lruvecs[i].memcg_id == memcg_id && m->lruvecs[i].nid == nid)
		return &m->lruvecs[i];
	if (m->by_id.nr_buckets) {
		uint32_t k;

		for (k = m->by_id.head[id_key(memcg_id, nid) & (m->by_id.nr_buckets - 1)];
		     k != UINT32_MAX; k = m->by_id.next[k]) {
			if (m->lruvecs[k].memcg_id == memcg_id && m->lruvecs[k].nid == nid) {
				m->last_found = k;
				return &m->lruvecs[k];
			}
		}
		return NULL;
	}
	for (i = 0; i < m->nr_lruvecs; i++) {
		if (m->lruvecs[i].memcg_id == memcg_id && m->lruvecs[i].nid == nid) {
			m->last_found = i;
			return &m->lruvecs[i];
		}
	}
	return NULL;
}

/**
 * model_find_path() - the current lruvec of a memcg path on a node
 * @m: the model
 * @path: the memcg's path, "/a/b"
 * @nid: the node
 *
 * A removed memcg that still holds pages stays listed under its old path,
 * with id 0, beside a new memcg of the same path: the live one is
 * preferred.
 *
 * Return: the lruvec, or NULL if there is none.
 */
const struct lrugen_lruvec *model_find_path(const struct lrugen_model *m,
					    const char *path, int nid)
{
	const struct lrugen_lruvec *found = NULL;
	size_t i;

	for (i = 0; i < m->nr_lruvecs; i++)
		if (m->lruvecs[i].nid == nid && !strcmp(m->lruvecs[i].path, path) &&
		    (!found || !found->memcg_id))
			found = &m->lruvecs[i];
	return found;
}

static int path_depth(const char *path)
{
	int depth = 0;

	for (; *path; path++)
		if (*path == '/' && path[1])
			depth++;
	return depth;
}

/*
 * The same lruvec in the previous sample: same memcg id, node and path (a
 * memcg id can be reused after its memcg is gone). Removed memcgs may stay
 * listed, more than one under the same path and id; each previous lruvec
 * is taken once, in file order, so they pair up in order.
 */
static const struct lrugen_lruvec *find_prev(struct lrugen_model *m,
					     const struct lrugen_lruvec *v)
{
	const struct lruvec_index *x = &m->by_ident;
	size_t i;

	if (x->nr_buckets) {
		uint32_t k;

		for (k = x->head[ident_key(v) & (x->nr_buckets - 1)]; k != UINT32_MAX;
		     k = x->next[k]) {
			const struct lrugen_lruvec *p = &m->lruvecs[k];

			if (!m->matched[k] && p->memcg_id == v->memcg_id && p->nid == v->nid &&
			    p->path_hash == v->path_hash && !strcmp(p->path, v->path)) {
				m->matched[k] = 1;
				return p;
			}
		}
		return NULL;
	}
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *p = &m->lruvecs[i];

		if (!m->matched[i] && p->memcg_id == v->memcg_id && p->nid == v->nid &&
		    !strcmp(p->path, v->path)) {
			m->matched[i] = 1;
			return p;
		}
	}
	return NULL;
}

/**
 * model_next_set() - the set the next sample is to be read into
 * @m: the model
 *
 * Parse a sample of the lruvecs into this set (lru_gen_parse_begin() and
 * the rest) and make it current with model_commit(). A sample that fails
 * is simply not committed, and the current set stays as it was.
 *
 * Return: the set that is not current, its memory kept for reuse.
 */
struct lruvec_set *model_next_set(struct lrugen_model *m)
{
	return &m->sets[!m->cur];
}

/**
 * model_commit() - make the sample in the next set the current one
 * @m: the model
 * @now: when the sample was taken, in seconds on CLOCK_MONOTONIC
 *
 * Each lruvec is matched with the same one in the previous sample (memcg
 * id, node and path) to carry its births window over and to derive its
 * rates: births per minute from max_seq, and, when events are live,
 * evictions and scans per second from the event sums of the previous
 * sample. A new lruvec's rates are LRUGEN_RATE_UNKNOWN. Then the indexes
 * are rebuilt and @m->interval set. If memory for matching runs out, the
 * rates start over; nothing else is lost.
 */
void model_commit(struct lrugen_model *m, double now)
{
	struct lruvec_set *next = &m->sets[!m->cur];
	double dt = m->samples ? now - m->now : 0;
	bool can_match = true;
	size_t i;

	if (m->nr_lruvecs > m->matched_cap) {
		unsigned char *mt = realloc(m->matched, m->nr_lruvecs);

		if (mt) {
			m->matched = mt;
			m->matched_cap = m->nr_lruvecs;
		} else {
			can_match = false;	/* rates start over; nothing breaks */
		}
	}
	if (m->nr_lruvecs && can_match)
		memset(m->matched, 0, m->nr_lruvecs);
	for (i = 0; i < next->nr; i++) {
		struct lrugen_lruvec *v = &next->v[i];
		const struct lrugen_lruvec *p = m->nr_lruvecs && can_match ? find_prev(m, v) : NULL;

		/* the same lruvec has the same path */
		v->depth = p ? p->depth : path_depth(v->path);
		if (!p || dt <= 0) {
			v->win_start = now;
			v->win_seq = v->max_seq;
			v->births_per_min = LRUGEN_RATE_UNKNOWN;
			v->evict_per_s = LRUGEN_RATE_UNKNOWN;
			v->scan_per_s = LRUGEN_RATE_UNKNOWN;
			continue;
		}
		/*
		 * Generations are born seconds to minutes apart: a rate over
		 * one refresh would flicker between 0 and a spike, so take it
		 * over a window that restarts at the previous sample once it
		 * is older than LRUGEN_BIRTH_WINDOW_S.
		 */
		v->win_start = p->win_start;
		v->win_seq = p->win_seq;
		v->births_per_min = counter_rate(v->win_seq, v->max_seq, now - v->win_start) * 60;
		if (now - v->win_start >= LRUGEN_BIRTH_WINDOW_S) {
			v->win_start = m->now;
			v->win_seq = p->max_seq;
		}
		if (m->events_live) {
			v->evict_per_s = (double)p->ev_reclaimed / dt;
			v->scan_per_s = (double)p->ev_scanned / dt;
		} else {
			v->evict_per_s = LRUGEN_RATE_UNKNOWN;
			v->scan_per_s = LRUGEN_RATE_UNKNOWN;
		}
	}
	m->cur = !m->cur;
	m->lruvecs = next->v;
	m->nr_lruvecs = next->nr;
	m->last_found = 0;
	index_build(&m->by_ident, m->lruvecs, m->nr_lruvecs, ident_key);
	index_build(&m->by_id, m->lruvecs, m->nr_lruvecs, by_id_key);
	m->interval = dt;
	m->now = now;
	m->samples++;
}

/**
 * model_set_lruvecs() - commit a sample given as an array of lruvecs
 * @m: the model
 * @fresh: the lruvecs, each owning its path, as parse_lru_gen() returns
 *         them; always freed, whatever happens
 * @nr: lruvecs in @fresh
 * @now: when the sample was taken, in seconds on CLOCK_MONOTONIC
 *
 * Copies @fresh into the next set and calls model_commit(). When memory
 * runs out, nothing is committed and the current set stays as it was.
 */
void model_set_lruvecs(struct lrugen_model *m, struct lrugen_lruvec *fresh,
		       size_t nr, double now)
{
	struct lruvec_set *next = model_next_set(m);
	size_t i, len = 0;

	next->nr = 0;
	next->names_len = 0;
	for (i = 0; i < nr; i++)
		len += strlen(fresh[i].path) + 1;
	if (nr > next->cap) {
		struct lrugen_lruvec *v = realloc(next->v, nr * sizeof(*v));

		if (!v)
			goto out;
		next->v = v;
		next->cap = nr;
	}
	if (len > next->names_cap) {
		char *d = realloc(next->names, len);

		if (!d)
			goto out;
		next->names = d;
		next->names_cap = len;
	}
	for (i = 0; i < nr; i++) {
		size_t n = strlen(fresh[i].path) + 1;

		next->v[i] = fresh[i];
		memcpy(next->names + next->names_len, fresh[i].path, n);
		next->v[i].path = next->names + next->names_len;
		next->v[i].path_hash = path_hash(fresh[i].path, n - 1);
		next->names_len += n;
	}
	next->nr = nr;
	model_commit(m, now);
out:
	lruvecs_free(fresh, nr);
}

/**
 * model_read_ms() - a read's length as a recording keeps it
 * @read_s: how long the read took, in seconds
 *
 * Whole ms, rounded up: a bound, never short. A time that is whole ms but
 * for the float's last bits (0.013 s times 1000) stays that many ms, so
 * that a replayed length gives back its own value.
 *
 * Return: the length in ms; 0 for 0 or less.
 */
uint64_t model_read_ms(double read_s)
{
	double ms = read_s * 1000 - 1e-6;
	uint64_t v;

	if (!(ms > 0))
		return 0;
	if (ms >= 1e18)
		return UINT64_C(1000000000000000000);
	v = (uint64_t)ms;
	return v < ms ? v + 1 : v;
}

/**
 * model_counters_at() - when a sample's counters were read
 * @mono_ms: when its read of lru_gen_full began, in whole ms
 * @read_ms: how long that read took, model_read_ms()
 *
 * The counters are read right after lru_gen_full. Worked out from the two
 * integers a recording keeps (MONO_MS and READ_MS), so that the live model
 * and a replay take their rates over exactly the same times.
 *
 * Return: seconds on the clock of @mono_ms.
 */
double model_counters_at(uint64_t mono_ms, uint64_t read_ms)
{
	return (double)(mono_ms + read_ms) / 1000;
}

/**
 * model_update_rates() - derive the node and global rates
 * @m: the model, with the counters of the sample just committed
 * @prev_nodes: the nodes as they were before that sample was read
 * @prev_global: the global values as they were then
 * @dt: seconds between the two samples
 * @ticks_per_s: clock ticks per second (sysconf(_SC_CLK_TCK)), for
 *               kswapd's CPU share
 *
 * The node and global counters are read when the read of lru_gen_full
 * ends; with many lruvecs that read takes seconds and its length varies.
 * So their rates are taken over the time between their own reads
 * (@m->counters_at), not over @dt, when the source knows it; else, or when
 * the clock went back, over @dt.
 *
 * Rates of a node that had no previous sample, and all of them on the
 * model's first sample, are LRUGEN_RATE_UNKNOWN; so are kswapd's share
 * when its pid changed or is not known, and the event rates when events
 * are not live. The node's event sums start again from 0.
 */
void model_update_rates(struct lrugen_model *m,
			const struct lrugen_node *prev_nodes,
			const struct lrugen_global *prev_global,
			double dt, long ticks_per_s)
{
	struct lrugen_global *g = &m->global;
	double cdt = m->counters_at - m->rates_counters_at;
	int nid;

	if (!m->counters_at || !m->rates_counters_at || cdt <= 0)
		cdt = dt;
	m->rates_counters_at = m->counters_at;
	for (nid = 0; nid < m->nr_nodes; nid++) {
		struct lrugen_node *n = &m->nodes[nid];
		const struct lrugen_node *p = &prev_nodes[nid];
		bool first = m->samples <= 1 || !p->present;

		if (!n->present)
			continue;
		if (first) {
			n->proactive_base = n->pgsteal_proactive_node;
			n->kswapd_cpu = LRUGEN_RATE_UNKNOWN;
			n->refault_anon_per_s = LRUGEN_RATE_UNKNOWN;
			n->refault_file_per_s = LRUGEN_RATE_UNKNOWN;
			n->proactive_per_s = LRUGEN_RATE_UNKNOWN;
			n->scan_per_s = LRUGEN_RATE_UNKNOWN;
			n->steal_per_s = LRUGEN_RATE_UNKNOWN;
		} else {
			n->proactive_base = p->proactive_base;
			if (n->kswapd_pid && n->kswapd_pid == p->kswapd_pid && ticks_per_s > 0)
				n->kswapd_cpu = 100 * counter_rate(p->kswapd_ticks, n->kswapd_ticks, cdt) /
						ticks_per_s;
			else
				n->kswapd_cpu = LRUGEN_RATE_UNKNOWN;
			n->refault_anon_per_s = counter_rate(p->refault_anon, n->refault_anon, cdt);
			n->refault_file_per_s = counter_rate(p->refault_file, n->refault_file, cdt);
			n->proactive_per_s = counter_rate(p->pgsteal_proactive_node,
							  n->pgsteal_proactive_node, cdt);
			if (m->events_live) {
				n->scan_per_s = dt > 0 ? n->ev_scanned / dt : 0;
				n->steal_per_s = dt > 0 ? n->ev_reclaimed / dt : 0;
			} else {
				n->scan_per_s = LRUGEN_RATE_UNKNOWN;
				n->steal_per_s = LRUGEN_RATE_UNKNOWN;
			}
		}
		n->proactive_total = n->pgsteal_proactive_node >= n->proactive_base ?
				     n->pgsteal_proactive_node - n->proactive_base : 0;
		n->ev_scanned = 0;
		n->ev_reclaimed = 0;
	}
	if (m->samples <= 1) {
		g->scan_per_s = LRUGEN_RATE_UNKNOWN;
		g->steal_per_s = LRUGEN_RATE_UNKNOWN;
	} else {
		g->scan_per_s = counter_rate(prev_global->pgscan, g->pgscan, cdt);
		g->steal_per_s = counter_rate(prev_global->pgsteal, g->pgsteal, cdt);
	}
}

static bool same_eviction(const struct lrugen_event *a, const struct lrugen_event *b)
{
	return a->kind == LRUGEN_EV_EVICT && b->kind == LRUGEN_EV_EVICT && a->nid == b->nid &&
	       a->memcg_id == b->memcg_id && a->a == b->a && a->arg == b->arg && a->arg2 == b->arg2;
}

/*
 * Evictions come by the thousand per second under pressure and would push
 * every birth and retirement out of the log. So an eviction from the same
 * lruvec, generation and tier as one of the last few entries is added to
 * that entry, which moves up to the newest place; the search stops at any
 * other kind of event, so births and retirements keep their order.
 */
#define MERGE_WINDOW 8

/**
 * model_log_event() - count an event and add it to the log
 * @m: the model
 * @ev: the event; copied
 *
 * An eviction that repeats one of the last MERGE_WINDOW entries (same
 * node, memcg, generation, type and tier), with no other kind of event in
 * between, is added to that entry, which moves to the newest place;
 * anything else takes a new entry, pushing the oldest out of a full log.
 */
void model_log_event(struct lrugen_model *m, const struct lrugen_event *ev)
{
	size_t i;

	if (ev->kind >= 0 && ev->kind < LRUGEN_EV_NR_KINDS)
		m->ev_count[ev->kind]++;
	for (i = 0; ev->kind == LRUGEN_EV_EVICT && i < m->log_count && i < MERGE_WINDOW; i++) {
		size_t at = (m->log_head + LRUGEN_LOG_LEN - 1 - i) % LRUGEN_LOG_LEN;
		struct lrugen_event merged = m->log[at];

		if (merged.kind != LRUGEN_EV_EVICT)
			break;
		if (!same_eviction(&merged, ev))
			continue;
		merged.b += ev->b;
		merged.c += ev->c;
		merged.ts_ns = ev->ts_ns;
		merged.count++;
		/* shift the newer entries down one and put it on top */
		for (; i > 0; i--) {
			size_t next = (at + 1) % LRUGEN_LOG_LEN;

			m->log[at] = m->log[next];
			at = next;
		}
		m->log[at] = merged;
		return;
	}
	m->log[m->log_head] = *ev;
	m->log[m->log_head].count = 1;
	m->log_head = (m->log_head + 1) % LRUGEN_LOG_LEN;
	if (m->log_count < LRUGEN_LOG_LEN)
		m->log_count++;
}

/**
 * model_log_get() - an entry of the event log, by age
 * @m: the model
 * @i: 0 for the newest entry, 1 for the one before it, and so on
 *
 * Return: the entry, or NULL when the log holds no more than @i entries.
 */
const struct lrugen_event *model_log_get(const struct lrugen_model *m, size_t i)
{
	if (i >= m->log_count)
		return NULL;
	return &m->log[(m->log_head + LRUGEN_LOG_LEN - 1 - i) % LRUGEN_LOG_LEN];
}

static const char *reason_name(int reason)
{
	if (reason >= 0 && reason < lrugen_nr_reasons)
		return lrugen_reason_names[reason];
	return "?";
}

static const char *type_name(int type)
{
	return type == LRUGEN_ANON || type == LRUGEN_FILE ? type_names[type] : "?";
}

/**
 * model_format_event() - an event as one line of text
 * @ev: the event (&struct lrugen_event says what its fields hold)
 * @buf: where the line goes, without a newline
 * @size: bytes at @buf; a longer line is cut, as snprintf() cuts
 *
 * The time in seconds, the kind, node and memcg id, then the kind's
 * fields with the keys the tracepoints print them with; merged evictions
 * say how many passes they were.
 *
 * Return: the length of the whole line, as snprintf() returns it.
 */
int model_format_event(const struct lrugen_event *ev, char *buf, size_t size)
{
	unsigned long long ms = ev->ts_ns / 1000000;
	char head[64], times[32];

	snprintf(head, sizeof(head), "%5llu.%03llu %-7s node%d memcg %" PRIu64,
		 ms / 1000, ms % 1000,
		 ev->kind >= 0 && ev->kind < LRUGEN_EV_NR_KINDS ? lrugen_kind_names[ev->kind] : "?",
		 ev->nid, ev->memcg_id);

	switch (ev->kind) {
	case LRUGEN_EV_BIRTH:
		return snprintf(buf, size, "%s seq=%" PRIu64 " min_seq=%" PRIu64 "/%" PRIu64 " reason=%s",
				head, ev->a, ev->b, ev->c, reason_name(ev->arg));
	case LRUGEN_EV_RETIRE:
		return snprintf(buf, size, "%s %s seq %" PRIu64 "->%" PRIu64 " age_ms=%" PRIu64,
				head, type_name(ev->arg), ev->a, ev->b, ev->c);
	case LRUGEN_EV_EVICT:
		return snprintf(buf, size, "%s %s seq=%" PRIu64 " tier=%d scanned=%" PRIu64 " reclaimed=%" PRIu64 "%s",
				head, type_name(ev->arg), ev->a, ev->arg2, ev->b, ev->c,
				ev->count > 1 ? (snprintf(times, sizeof(times), " (%u passes)", ev->count), times) : "");
	case LRUGEN_EV_AGING:
		return snprintf(buf, size, "%s max_seq=%" PRIu64 " new_gen=%d scanned=%" PRIu64 " young=%" PRIu64,
				head, ev->a, ev->arg, ev->b, ev->c);
	case LRUGEN_EV_PROACTIVE:
		return snprintf(buf, size, "%s requested=%" PRIu64 " reclaimed=%" PRIu64 " ret=%d",
				head, ev->a, ev->b, ev->arg);
	}
	return snprintf(buf, size, "%s", head);
}
