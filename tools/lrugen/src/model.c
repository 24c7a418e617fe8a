// SPDX-License-Identifier: GPL-2.0
/*
 * The model: merging successive samples and deriving rates from them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
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

void model_init(struct lrugen_model *m)
{
	int nid;

	memset(m, 0, sizeof(*m));
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++)
		m->nodes[nid].nid = nid;
}

void lruvecs_free(struct lrugen_lruvec *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i].path);
	free(v);
}

void model_free(struct lrugen_model *m)
{
	lruvecs_free(m->lruvecs, m->nr_lruvecs);
	m->lruvecs = NULL;
	m->nr_lruvecs = 0;
}

double counter_rate(uint64_t prev, uint64_t cur, double dt)
{
	if (dt <= 0 || cur < prev)
		return 0;
	return (double)(cur - prev) / dt;
}

/* Generations a type's min_seq has passed (marked x) are not on its LRU. */
uint64_t lruvec_pages(const struct lrugen_lruvec *v, int type)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < v->nr_gens; i++)
		if (!v->gens[i].evicted[type])
			sum += v->gens[i].pages[type];
	return sum;
}

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

/*
 * Called for every eviction event, and runs of them come from one lruvec:
 * try the last match first before the scan over every lruvec.
 */
struct lrugen_lruvec *model_find(struct lrugen_model *m, uint64_t memcg_id, int nid)
{
	size_t i = m->last_found;

	if (i < m->nr_lruvecs && m->lruvecs[i].memcg_id == memcg_id && m->lruvecs[i].nid == nid)
		return &m->lruvecs[i];
	for (i = 0; i < m->nr_lruvecs; i++) {
		if (m->lruvecs[i].memcg_id == memcg_id && m->lruvecs[i].nid == nid) {
			m->last_found = i;
			return &m->lruvecs[i];
		}
	}
	return NULL;
}

/*
 * A removed memcg that still holds pages stays listed under its old path,
 * with id 0, beside a new memcg of the same path: prefer the live one.
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
 * Lruvecs come from lru_gen_full in memcg order, and the old set is in the
 * same order, so a moving cursor finds most matches at once. A memcg id can
 * be reused after its memcg is gone, so a match needs the same path too.
 */
static const struct lrugen_lruvec *find_prev(const struct lrugen_model *m,
					     const struct lrugen_lruvec *v,
					     size_t *cursor)
{
	size_t n = m->nr_lruvecs, i;

	for (i = 0; i < n; i++) {
		const struct lrugen_lruvec *p = &m->lruvecs[(*cursor + i) % n];

		if (p->memcg_id == v->memcg_id && p->nid == v->nid &&
		    !strcmp(p->path, v->path)) {
			*cursor = (*cursor + i + 1) % n;
			return p;
		}
	}
	return NULL;
}

void model_set_lruvecs(struct lrugen_model *m, struct lrugen_lruvec *fresh,
		       size_t nr, double now)
{
	double dt = m->samples ? now - m->now : 0;
	size_t cursor = 0, i;

	for (i = 0; i < nr; i++) {
		struct lrugen_lruvec *v = &fresh[i];
		const struct lrugen_lruvec *p = m->nr_lruvecs ? find_prev(m, v, &cursor) : NULL;

		v->depth = path_depth(v->path);
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
	lruvecs_free(m->lruvecs, m->nr_lruvecs);
	m->lruvecs = fresh;
	m->nr_lruvecs = nr;
	m->interval = dt;
	m->now = now;
	m->samples++;
}

void model_update_rates(struct lrugen_model *m,
			const struct lrugen_node *prev_nodes,
			const struct lrugen_global *prev_global,
			double dt, long ticks_per_s)
{
	struct lrugen_global *g = &m->global;
	int nid;

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
				n->kswapd_cpu = 100 * counter_rate(p->kswapd_ticks, n->kswapd_ticks, dt) /
						ticks_per_s;
			else
				n->kswapd_cpu = LRUGEN_RATE_UNKNOWN;
			n->refault_anon_per_s = counter_rate(p->refault_anon, n->refault_anon, dt);
			n->refault_file_per_s = counter_rate(p->refault_file, n->refault_file, dt);
			n->proactive_per_s = counter_rate(p->pgsteal_proactive_node,
							  n->pgsteal_proactive_node, dt);
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
		g->scan_per_s = counter_rate(prev_global->pgscan, g->pgscan, dt);
		g->steal_per_s = counter_rate(prev_global->pgsteal, g->pgsteal, dt);
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

/*
 * One line per event, keys as the tracepoints print them. The fields of
 * struct lrugen_event hold, per kind:
 *   birth      a=seq b=min_seq_anon c=min_seq_file arg=reason
 *   retire     a=old_seq b=new_seq c=age_ms arg=type
 *   evict      a=seq b=nr_scanned c=nr_reclaimed arg=type arg2=tier
 *   aging      a=max_seq b=nr_scanned c=nr_young arg=new_gen
 *   reclaim    a=nr_requested b=nr_reclaimed c=flags arg=ret arg2=swappiness
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
