// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen report's data: the replay steps through every frame of a
 * recording (replay.c, the same model lrugen top --replay shows), and each
 * lruvec's generations become bands, from the first frame that shows a
 * generation to the last, with a record of its anon and file pages only
 * when they change. The events come from a second load of the recording
 * (recording.c): the replay keeps its own copy private. Everything is
 * written as one JSON block of columnar integer arrays, and the HTML page
 * is the template of viz/ with the drawing code, uPlot and that block
 * inlined (Documentation/guide/report.rst: the schema, the choices).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recfmt.h"
#include "recording.h"
#include "report.h"
#include "util.h"

/* a growable array of int64 */
struct ivec {
	int64_t *v;
	size_t nr, cap;
};

static int ivec_push(struct ivec *a, int64_t x)
{
	if (array_grow((void **)&a->v, &a->cap, a->nr + 1, sizeof(*a->v)))
		return -1;
	a->v[a->nr++] = x;
	return 0;
}

/* unknown: written as null (a plain recording's ages, an unseen retirement) */
#define NONE	INT64_MIN

/*
 * One generation of one lruvec, as the snapshots showed it: a band of the
 * timeline. @last holds the pages last written, so that only changes are.
 */
struct band {
	uint64_t seq;
	size_t f0, f1;
	int64_t born_ms;
	int64_t retired_us[2];
	uint64_t last[2];
};

struct rlruvec {
	char *path;
	int nid;
	uint64_t memcg_id;
	struct band *bands;
	size_t nr_bands, bands_cap;
	struct ivec present;	/* frame ranges: first, last, first, last... */
	struct ivec cf, cb, ca, cfl;	/* page records: frame, band, anon, file */
	uint64_t evicted;
	uint64_t moved;
	uint64_t hash;
	bool exact;		/* one of the busiest: every snapshot kept */
	/* the tier counters last seen, per type: refaulted and evicted */
	uint64_t tier_prev[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS][2];
	uint64_t tier_seq[LRUGEN_NR_TYPES];	/* the min_seq they were of */
	size_t tier_frame[LRUGEN_NR_TYPES];	/* the frame they were seen at, + 1 */
};

/*
 * One node's series, one value per frame (NONE: unknown), and its tier
 * records, only where a counter moved.
 */
struct rnode {
	bool used;
	bool was_here;		/* its N line was in the previous frame */
	uint64_t prev_refault[LRUGEN_NR_TYPES];
	struct ivec refault[LRUGEN_NR_TYPES];
	struct ivec kswapd_pm;	/* kswapd's CPU, per mille of one CPU */
	int64_t *evict[LRUGEN_NR_TYPES];	/* per frame, from lru_gen_evict */
	struct ivec tf, tt, tk, tr, te;	/* frame, type, tier, refaulted, evicted */
	uint64_t tier_acc[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS][2];	/* this frame's */
};

struct revent {
	int64_t t_us;
	int kind;
	int64_t lruvec;
	uint64_t a, b, c;
	int arg;
	uint64_t count;		/* evictions merged into this one (report_plan()) */
};

/*
 * A begin and its end, paired by task: a proactive reclaim request or a
 * direct reclaim. NONE for an end never seen (still running when the
 * recording stopped) or a begin never seen (before it started).
 */
struct rspan {
	int64_t begin_us, end_us;
	int64_t lruvec;		/* one of its memcg's lruvecs (its path); -1 unknown */
	uint64_t memcg_id;
	uint64_t requested, reclaimed;
	int64_t swappiness;
	int64_t ret;
	uint64_t flags;
	int nid;
	int pid;
	int order;		/* a direct reclaim's allocation order */
	char comm[20];		/* the task's name, "" unknown */
};

struct rspans {
	struct rspan *v;
	size_t nr, cap;
};

struct id_entry {
	uint64_t memcg_id;
	int nid;
	size_t lv;
};

struct report {
	char *file;
	char host[80];
	char notice[512];
	char warning[512];
	char start[40];
	bool plain;
	struct ivec t_ms;
	int64_t length_ms;
	struct rlruvec *lv;
	size_t nr_lv, lv_cap;
	size_t *table;		/* hash of (path, nid) -> index + 1 */
	struct id_entry *ids;	/* by (memcg id, node), for the events */
	size_t table_size;
	struct revent *ev;
	size_t nr_ev;
	size_t nr_unmatched;
	size_t nr_changes;
	size_t nr_bands;
	uint64_t ev_count[LRUGEN_EV_NR_KINDS];
	struct rnode nodes[LRUGEN_MAX_NODES];
	struct rspans proactive;
	struct rspans direct;
	/* what report_plan() chose: the busiest lruvecs, and the others' step */
	size_t busy[REPORT_BUSIEST];
	size_t nr_busy;
	size_t step;
	size_t budget;
	size_t pages_bytes;
	size_t ev_step;		/* evictions merged per this many frames; 0: none */
	size_t events_bytes;
	size_t nr_ev_written;
};

static uint64_t hash_key(const char *path, int nid)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211ULL;
	return (h ^ (uint64_t)(unsigned int)nid) * 1099511628211ULL;
}

static int table_grow(struct report *rep)
{
	size_t size = rep->table_size ? 2 * rep->table_size : 1024, i;
	size_t *t = calloc(size, sizeof(*t));

	if (!t)
		return -1;
	for (i = 0; i < rep->nr_lv; i++) {
		size_t j = rep->lv[i].hash & (size - 1);

		while (t[j])
			j = (j + 1) & (size - 1);
		t[j] = i + 1;
	}
	free(rep->table);
	rep->table = t;
	rep->table_size = size;
	return 0;
}

/* the report's lruvec of @v, made when first seen; NULL when out of memory */
static struct rlruvec *lruvec_get(struct report *rep, const struct lrugen_lruvec *v)
{
	uint64_t h = hash_key(v->path, v->nid);
	struct rlruvec *l;
	size_t j;

	if (2 * (rep->nr_lv + 1) > rep->table_size && table_grow(rep))
		return NULL;
	for (j = h & (rep->table_size - 1); rep->table[j]; j = (j + 1) & (rep->table_size - 1)) {
		l = &rep->lv[rep->table[j] - 1];
		if (l->hash == h && l->nid == v->nid && !strcmp(l->path, v->path))
			return l;
	}
	if (array_grow((void **)&rep->lv, &rep->lv_cap, rep->nr_lv + 1, sizeof(*rep->lv)))
		return NULL;
	l = &rep->lv[rep->nr_lv];
	memset(l, 0, sizeof(*l));
	l->path = strdup(v->path);
	if (!l->path)
		return NULL;
	l->nid = v->nid;
	l->hash = h;
	rep->table[j] = ++rep->nr_lv;
	return l;
}

/* the band of generation @seq, among the last few (seqs only grow) */
static struct band *band_get(struct rlruvec *l, uint64_t seq, size_t f, int64_t born_ms)
{
	struct band *b;
	size_t i;

	for (i = l->nr_bands; i-- > 0 && i + 8 >= l->nr_bands;) {
		b = &l->bands[i];
		/* the same generation only if it was there up to the last frame */
		if (b->seq == seq && b->f1 + 1 >= f)
			return b;
	}
	if (array_grow((void **)&l->bands, &l->bands_cap, l->nr_bands + 1, sizeof(*l->bands)))
		return NULL;
	b = &l->bands[l->nr_bands++];
	memset(b, 0, sizeof(*b));
	b->seq = seq;
	b->f0 = b->f1 = f;
	b->born_ms = born_ms;
	b->retired_us[0] = b->retired_us[1] = NONE;
	b->last[0] = b->last[1] = UINT64_MAX;
	return b;
}

/*
 * The pages the tiers of @v's oldest generation refaulted and evicted since
 * the last frame, added to its node's sums. The counters are of the
 * generation at the type's min_seq and start from 0 when min_seq moves:
 * then what they hold is what came since, and what came between the last
 * frame and the move is lost (the sums are a lower bound). An lruvec seen
 * for the first time (or again after a gap) only sets the baseline.
 */
static void take_tiers(struct report *rep, struct rlruvec *l, const struct lrugen_lruvec *v,
		       size_t f)
{
	struct rnode *n = &rep->nodes[v->nid];
	int t, k, g, c;

	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		bool has = false, same, moved;

		for (g = 0; g < v->nr_gens; g++)
			has |= v->gens[g].has_tiers[t];
		if (!has) {
			l->tier_frame[t] = 0;
			continue;
		}
		same = l->tier_frame[t] == f && l->tier_seq[t] == v->min_seq[t];
		moved = l->tier_frame[t] == f && l->tier_seq[t] != v->min_seq[t];
		for (k = 0; k < LRUGEN_MAX_TIERS; k++) {
			uint64_t cur[2] = { v->tier[t][k].refaulted, v->tier[t][k].evicted };

			for (c = 0; c < 2; c++) {
				uint64_t prev = l->tier_prev[t][k][c];

				if (same)
					n->tier_acc[t][k][c] += cur[c] >= prev ? cur[c] - prev : cur[c];
				else if (moved)
					n->tier_acc[t][k][c] += cur[c];
				l->tier_prev[t][k][c] = cur[c];
			}
		}
		l->tier_seq[t] = v->min_seq[t];
		l->tier_frame[t] = f + 1;
	}
}

/* the node has a series from frame @f on: NONE before */
static int node_use(struct rnode *n, size_t f)
{
	int t;

	if (n->used)
		return 0;
	n->used = true;
	for (t = 0; t < LRUGEN_NR_TYPES; t++)
		while (n->refault[t].nr < f)
			if (ivec_push(&n->refault[t], NONE))
				return -1;
	while (n->kswapd_pm.nr < f)
		if (ivec_push(&n->kswapd_pm, NONE))
			return -1;
	return 0;
}

/* frame @f of the nodes: refaults from the N lines, the tiers' sums */
static int take_nodes(struct report *rep, const struct lrugen_model *m, size_t f)
{
	int nid, t, k;

	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		const struct lrugen_node *mn = &m->nodes[nid];
		struct rnode *n = &rep->nodes[nid];
		bool here = !rep->plain && nid < m->nr_nodes && mn->present;
		uint64_t cur[2] = { mn->refault_anon, mn->refault_file };

		if (!here && !n->used)
			continue;
		if (node_use(n, f))
			return -1;
		for (t = 0; t < LRUGEN_NR_TYPES; t++) {
			int64_t d = NONE;

			if (here && n->was_here && cur[t] >= n->prev_refault[t])
				d = (int64_t)(cur[t] - n->prev_refault[t]);
			if (ivec_push(&n->refault[t], d))
				return -1;
			n->prev_refault[t] = cur[t];
		}
		n->was_here = here;
		/* the model's rate, as lrugen top shows it: NONE on a first sample */
		if (ivec_push(&n->kswapd_pm, here && mn->kswapd_cpu >= 0 ?
			      (int64_t)(mn->kswapd_cpu * 10 + 0.5) : NONE))
			return -1;
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			for (k = 0; k < LRUGEN_MAX_TIERS; k++) {
				uint64_t *a = n->tier_acc[t][k];

				if (!a[0] && !a[1])
					continue;
				if (ivec_push(&n->tf, f) || ivec_push(&n->tt, t) ||
				    ivec_push(&n->tk, k) || ivec_push(&n->tr, a[0]) ||
				    ivec_push(&n->te, a[1]))
					return -1;
				a[0] = a[1] = 0;
			}
	}
	return 0;
}

/* frame @f of the model: a record per generation whose pages changed */
static int take_frame(struct report *rep, const struct lrugen_model *m, size_t f, int64_t t_ms)
{
	size_t i;
	int g, t;

	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];
		struct rlruvec *l = lruvec_get(rep, v);

		if (!l)
			return -1;
		if (v->memcg_id)
			l->memcg_id = v->memcg_id;
		if (v->nid >= 0 && v->nid < LRUGEN_MAX_NODES && !rep->plain)
			take_tiers(rep, l, v, f);
		if (l->present.nr && (size_t)l->present.v[l->present.nr - 1] + 1 == f)
			l->present.v[l->present.nr - 1] = f;
		else if (ivec_push(&l->present, f) || ivec_push(&l->present, f))
			return -1;
		for (g = 0; g < v->nr_gens; g++) {
			const struct lrugen_gen *gen = &v->gens[g];
			int64_t born = rep->plain ? NONE : t_ms - (int64_t)gen->age_ms;
			struct band *b = band_get(l, gen->seq, f, born);
			uint64_t p[2];

			if (!b)
				return -1;
			b->f1 = f;
			for (t = 0; t < LRUGEN_NR_TYPES; t++)
				p[t] = gen->evicted[t] || rep->plain ? 0 : gen->pages[t];
			if (p[0] == b->last[0] && p[1] == b->last[1])
				continue;
			for (t = 0; t < LRUGEN_NR_TYPES; t++) {
				if (b->last[t] != UINT64_MAX)
					l->moved += p[t] > b->last[t] ? p[t] - b->last[t] : b->last[t] - p[t];
				b->last[t] = p[t];
			}
			if (ivec_push(&l->cf, f) || ivec_push(&l->cb, b - l->bands) ||
			    ivec_push(&l->ca, p[0]) || ivec_push(&l->cfl, p[1]))
				return -1;
			rep->nr_changes++;
		}
	}
	return take_nodes(rep, m, f);
}

static int cmp_id(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;

	if (x->memcg_id != y->memcg_id)
		return x->memcg_id < y->memcg_id ? -1 : 1;
	if (x->nid != y->nid)
		return x->nid < y->nid ? -1 : 1;
	return x->lv < y->lv ? -1 : 1;
}

/* the lruvecs sorted by memcg id and node, to match events to them */
static int id_index(struct report *rep)
{
	size_t i;

	rep->ids = malloc((rep->nr_lv + 1) * sizeof(*rep->ids));
	if (!rep->ids)
		return -1;
	for (i = 0; i < rep->nr_lv; i++) {
		rep->ids[i].memcg_id = rep->lv[i].memcg_id;
		rep->ids[i].nid = rep->lv[i].nid;
		rep->ids[i].lv = i;
	}
	qsort(rep->ids, rep->nr_lv, sizeof(*rep->ids), cmp_id);
	return 0;
}

/*
 * The lruvec of an event: by memcg id and node, as the snapshots gave
 * them; the first one seen when a path was reused for another memcg.
 */
static int64_t event_lruvec(const struct report *rep, uint64_t memcg_id, int nid)
{
	size_t lo = 0, hi = rep->nr_lv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct id_entry *e = &rep->ids[mid];

		if (e->memcg_id < memcg_id || (e->memcg_id == memcg_id && e->nid < nid))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rep->nr_lv && rep->ids[lo].memcg_id == memcg_id && rep->ids[lo].nid == nid)
		return (int64_t)rep->ids[lo].lv;
	return -1;
}

static struct band *band_of(struct rlruvec *l, uint64_t seq)
{
	size_t i;

	for (i = l->nr_bands; i-- > 0;)
		if (l->bands[i].seq == seq)
			return &l->bands[i];
	return NULL;
}

static int push_event(struct report *rep, size_t *cap, const struct lrugen_event *e,
		      int64_t t_us, int64_t lv)
{
	struct revent *r;

	if (array_grow((void **)&rep->ev, cap, rep->nr_ev + 1, sizeof(*rep->ev)))
		return -1;
	r = &rep->ev[rep->nr_ev++];
	r->t_us = t_us;
	r->kind = e->kind;
	r->lruvec = lv;
	r->a = e->a;
	r->b = e->b;
	r->c = e->c;
	r->arg = e->arg;
	r->count = 1;
	return 0;
}

/* the frame an event at @t_us is drawn at: the first at or after it */
static size_t frame_of(const struct report *rep, int64_t t_us)
{
	size_t lo = 0, hi = rep->t_ms.nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rep->t_ms.v[mid] * 1000 < t_us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rep->t_ms.nr ? lo : rep->t_ms.nr - 1;
}

/* an eviction's pages, on its node's series at its frame */
static int node_evict(struct report *rep, const struct lrugen_event *e, int64_t t_us)
{
	int t = e->arg == LRUGEN_FILE ? LRUGEN_FILE : LRUGEN_ANON, i;
	struct rnode *n;

	if (e->nid < 0 || e->nid >= LRUGEN_MAX_NODES || !rep->t_ms.nr)
		return 0;
	n = &rep->nodes[e->nid];
	if (node_use(n, rep->t_ms.nr))
		return -1;
	for (i = 0; i < LRUGEN_NR_TYPES && !n->evict[t]; i++) {
		if (!n->evict[i]) {
			n->evict[i] = calloc(rep->t_ms.nr, sizeof(*n->evict[i]));
			if (!n->evict[i])
				return -1;
		}
	}
	n->evict[t][frame_of(rep, t_us)] += (int64_t)e->c;
	return 0;
}

static struct rspan *span_new(struct rspans *a)
{
	struct rspan *p;

	if (array_grow((void **)&a->v, &a->cap, a->nr + 1, sizeof(*a->v)))
		return NULL;
	p = &a->v[a->nr++];
	memset(p, 0, sizeof(*p));
	p->begin_us = p->end_us = NONE;
	p->lruvec = -1;
	p->swappiness = p->ret = NONE;
	return p;
}

/* a span's task and its name */
static void span_task(struct rspan *p, const struct recording *r, int pid)
{
	const char *c = recording_comm(r, pid);

	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%s", c ? c : "");
}

/* the open span of task @pid (begun, not ended): the last one */
static struct rspan *span_open(struct rspans *a, int pid)
{
	size_t i;

	for (i = a->nr; i-- > 0;)
		if (a->v[i].pid == pid)
			return a->v[i].end_us == NONE && a->v[i].begin_us != NONE ? &a->v[i] : NULL;
	return NULL;
}

/* a request's memcg as an lruvec of the report, for its path */
static int64_t memcg_lruvec(const struct report *rep, uint64_t memcg_id, int nid)
{
	size_t j;

	if (nid >= 0)
		return event_lruvec(rep, memcg_id, nid);
	for (j = 0; j < rep->nr_lv; j++)
		if (rep->lv[j].memcg_id == memcg_id)
			return (int64_t)j;
	return -1;
}

/*
 * The proactive reclaim requests and the direct reclaims from their begin
 * and end events, paired by task: a task writes memory.reclaim (or
 * nodeN/reclaim) and waits, a task in direct reclaim does nothing else,
 * so its next end is its begin's.
 */
static int take_edges(struct report *rep, const struct recording *r, uint64_t t0_ns)
{
	size_t i;

	for (i = 0; i < r->nr_edges; i++) {
		const struct lrugen_edge *e = &r->edges[i];
		int64_t t_us = ((int64_t)e->ts_ns - (int64_t)t0_ns) / 1000;
		struct rspan *p;

		switch (e->kind) {
		case EDGE_PROACTIVE_BEGIN:
			p = span_new(&rep->proactive);
			if (!p)
				return -1;
			p->begin_us = t_us;
			span_task(p, r, e->pid);
			p->nid = (int)e->f[0];
			p->memcg_id = (uint64_t)e->f[1];
			p->requested = (uint64_t)e->f[2];
			p->swappiness = e->f[3];
			p->flags = (uint64_t)e->f[4];
			p->lruvec = memcg_lruvec(rep, p->memcg_id, p->nid);
			break;
		case EDGE_DIRECT_BEGIN:
			p = span_new(&rep->direct);
			if (!p)
				return -1;
			p->begin_us = t_us;
			p->order = (int)e->f[0];
			span_task(p, r, e->pid);
			break;
		case EDGE_DIRECT_END:
			p = span_open(&rep->direct, e->pid);
			if (!p) {
				p = span_new(&rep->direct);
				if (!p)
					return -1;
				span_task(p, r, e->pid);
				p->order = -1;
			}
			p->end_us = t_us;
			p->reclaimed = (uint64_t)e->f[0];
			break;
		case EDGE_PROACTIVE_END:
			p = span_open(&rep->proactive, e->pid);
			if (!p) {
				p = span_new(&rep->proactive);
				if (!p)
					return -1;
				span_task(p, r, e->pid);
			}
			p->end_us = t_us;
			p->nid = (int)e->f[0];
			p->memcg_id = (uint64_t)e->f[1];
			p->requested = (uint64_t)e->f[2];
			p->reclaimed = (uint64_t)e->f[3];
			p->swappiness = e->f[4];
			p->flags = (uint64_t)e->f[5];
			p->ret = e->f[6];
			p->lruvec = memcg_lruvec(rep, p->memcg_id, p->nid);
			break;
		}
	}
	return 0;
}

/*
 * The events, matched to the lruvecs. The id map is built once: an
 * lruvec's memcg id is the last the snapshots gave it (0, and no events,
 * for a memcg removed before the first snapshot that showed it).
 */
static int take_events(struct report *rep, const struct recording *r, uint64_t t0_ns)
{
	size_t i, j, cap = 0;
	uint64_t last_id = UINT64_MAX;
	int last_nid = INT_MIN;
	int64_t last_lv = -1;

	if (id_index(rep))
		return -1;
	for (i = 0; i < r->nr_ev; i++) {
		const struct lrugen_event *e = &r->ev[i];
		int64_t t_us = ((int64_t)e->ts_ns - (int64_t)t0_ns) / 1000, lv;

		if (e->kind < 0 || e->kind >= LRUGEN_EV_NR_KINDS)
			continue;
		rep->ev_count[e->kind]++;
		if (e->kind == LRUGEN_EV_EVICT && node_evict(rep, e, t_us))
			return -1;
		if (e->kind == LRUGEN_EV_PROACTIVE && e->nid < 0) {
			/* a request for every node: a mark on each of the memcg's lruvecs */
			bool any = false;

			for (j = 0; j < rep->nr_lv; j++) {
				if (rep->lv[j].memcg_id != e->memcg_id)
					continue;
				any = true;
				if (push_event(rep, &cap, e, t_us, (int64_t)j))
					return -1;
			}
			if (!any && push_event(rep, &cap, e, t_us, -1))
				return -1;
			continue;
		}
		if (e->memcg_id != last_id || e->nid != last_nid) {
			last_lv = event_lruvec(rep, e->memcg_id, e->nid);
			last_id = e->memcg_id;
			last_nid = e->nid;
		}
		lv = last_lv;
		if (lv < 0)
			rep->nr_unmatched++;
		if (push_event(rep, &cap, e, t_us, lv))
			return -1;
		if (lv < 0)
			continue;
		if (e->kind == LRUGEN_EV_EVICT) {
			rep->lv[lv].evicted += e->c;
		} else if (e->kind == LRUGEN_EV_RETIRE) {
			int t = e->arg == LRUGEN_FILE ? LRUGEN_FILE : LRUGEN_ANON;
			uint64_t s;

			/* old_seq up to new_seq - 1 left the type's LRU */
			for (s = e->a; s < e->b && s - e->a < LRUGEN_MAX_GENS * 4; s++) {
				struct band *b = band_of(&rep->lv[lv], s);

				if (b && b->retired_us[t] == NONE)
					b->retired_us[t] = t_us;
			}
		}
	}
	return take_edges(rep, r, t0_ns);
}

/* the first frame's time in the events' clock: what the replay starts at */
static uint64_t first_frame_ns(const struct recording *r, bool plain)
{
	size_t j;

	if (plain)
		return r->nr_ev ? r->ev[0].ts_ns : 0;
	/* the replay starts at the first complete keyframe that reads well */
	for (j = 0; j < r->nr_snaps; j++)
		if (r->snaps[j].complete && r->snaps[j].keyframe)
			return r->snaps[j].ts_ns;
	return r->nr_snaps ? r->snaps[0].ts_ns : 0;
}

/*
 * A recording with lrugen's header but not one snapshot (stopped before
 * its first, or recorded for an instant) is no replay, but it is a
 * recording: its report has no frame and says so. NULL, with the replay's
 * reason left in @err, for anything else (no header, damaged snapshots).
 */
static struct report *report_empty(struct report *rep, const char *file, char *err,
				   size_t errlen)
{
	char why[512];
	struct recording r;
	struct rec_reader *rd;
	const char *line;
	size_t len;

	if (recording_load(&r, file, why, sizeof(why)))
		return NULL;
	if (!r.has_header || r.nr_snaps) {
		recording_free(&r);
		return NULL;
	}
	/* a header this lrugen cannot read (a newer format) keeps the replay's error */
	rd = rec_reader_new();
	line = recording_line(&r, r.header_line, &len);
	if (!rd || !line || rec_reader_line(rd, line, len, 0, why, sizeof(why)) != REC_LINE_HEADER) {
		rec_reader_free(rd);
		recording_free(&r);
		return NULL;
	}
	snprintf(rep->host, sizeof(rep->host), "%s", rec_reader_header(rd)->host);
	rec_reader_free(rd);
	rep->file = strdup(file);
	snprintf(rep->notice, sizeof(rep->notice),
		 "the recording has lrugen's header but no snapshot: it was stopped before its first (recorded for an instant?)");
	if (r.last_ts > r.first_ts)
		rep->length_ms = (int64_t)((r.last_ts - r.first_ts) / 1000000);
	if (!rep->file || take_events(rep, &r, r.first_ts)) {
		snprintf(err, errlen, "%s: out of memory for %zu events", file, r.nr_ev);
		recording_free(&r);
		return NULL;
	}
	recording_free(&r);
	if (report_plan(rep, REPORT_BUDGET, REPORT_EVENT_BUDGET)) {
		snprintf(err, errlen, "%s: out of memory", file);
		return NULL;
	}
	return rep;
}

/**
 * report_build() - extract the data of a recording's report
 * @file: the recording (trace.dat)
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * Replays @file frame by frame into a model and keeps, per lruvec (memcg
 * path and node), the frames it was in, its generations as bands and
 * their pages when they change; then loads the events once more and
 * matches them to the lruvecs. A plain trace-cmd recording gives the
 * lruvecs and generations the events imply, with no pages or ages: the
 * report says so (its notice). So does the report of a recording with
 * lrugen's header and no snapshot: it has no frame.
 *
 * Return: the report data, or NULL with the reason in @err.
 */
struct report *report_build(const char *file, char *err, size_t errlen)
{
	const struct recording *rec;
	struct lrugen_model m;
	struct report *rep;
	struct replay *rp;
	char warn[512] = "", clock[40];
	uint64_t t0;
	size_t f, n;

	rep = calloc(1, sizeof(*rep));
	if (!rep) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	rp = replay_open(file, err, errlen, warn, sizeof(warn));
	if (!rp) {
		struct report *empty = report_empty(rep, file, err, errlen);

		if (!empty)
			report_free(rep);
		return empty;
	}
	rep->file = strdup(file);
	rep->plain = replay_is_plain(rp);
	snprintf(rep->notice, sizeof(rep->notice), "%s", replay_notice(rp));
	snprintf(rep->warning, sizeof(rep->warning), "%s", warn);
	if (replay_host(rp))
		snprintf(rep->host, sizeof(rep->host), "%s", replay_host(rp));
	if (replay_wall_clock(rp, 0, clock, sizeof(clock)))
		snprintf(rep->start, sizeof(rep->start), "%s", clock);
	n = replay_count(rp);
	rep->length_ms = (int64_t)(replay_length(rp) * 1000 + 0.5);
	model_init(&m);
	for (f = 0; f < n; f++) {
		int64_t t_ms = (int64_t)(replay_time(rp, f) * 1000 + 0.5);

		if (replay_step(rp, &m, 1, err, errlen) < 0 ||
		    ivec_push(&rep->t_ms, t_ms) || take_frame(rep, &m, f, t_ms)) {
			if (!err[0] || f + 1 == n)
				snprintf(err, errlen, "%s: out of memory at frame %zu", file, f);
			goto fail;
		}
		/* the replay may hold a frame it could not read: stop at the end */
		if (replay_pos(rp) != (long)f) {
			snprintf(err, errlen, "%s: the replay stopped at frame %ld of %zu", file,
				 replay_pos(rp), n);
			goto fail;
		}
	}
	model_free(&m);
	for (f = 0; f < rep->nr_lv; f++)
		rep->nr_bands += rep->lv[f].nr_bands;

	/* the events from the recording the replay loaded: the file is read once */
	rec = replay_recording(rp);
	t0 = first_frame_ns(rec, rep->plain);
	if (take_events(rep, rec, t0)) {
		snprintf(err, errlen, "%s: out of memory for %zu events", file, rec->nr_ev);
		goto fail_free;
	}
	replay_free(rp);
	if (report_plan(rep, REPORT_BUDGET, REPORT_EVENT_BUDGET)) {
		snprintf(err, errlen, "%s: out of memory", file);
		report_free(rep);
		return NULL;
	}
	return rep;
fail:
	model_free(&m);
fail_free:
	replay_free(rp);
	report_free(rep);
	return NULL;
}

/**
 * report_free() - free a report's data
 * @rep: the report, or NULL
 */
void report_free(struct report *rep)
{
	size_t i;

	if (!rep)
		return;
	for (i = 0; i < rep->nr_lv; i++) {
		struct rlruvec *l = &rep->lv[i];

		free(l->path);
		free(l->bands);
		free(l->present.v);
		free(l->cf.v);
		free(l->cb.v);
		free(l->ca.v);
		free(l->cfl.v);
	}
	for (i = 0; i < LRUGEN_MAX_NODES; i++) {
		struct rnode *n = &rep->nodes[i];

		free(n->refault[0].v);
		free(n->refault[1].v);
		free(n->kswapd_pm.v);
		free(n->evict[0]);
		free(n->evict[1]);
		free(n->tf.v);
		free(n->tt.v);
		free(n->tk.v);
		free(n->tr.v);
		free(n->te.v);
	}
	free(rep->proactive.v);
	free(rep->direct.v);
	free(rep->lv);
	free(rep->table);
	free(rep->ids);
	free(rep->ev);
	free(rep->t_ms.v);
	free(rep->file);
	free(rep);
}

/**
 * report_stats() - how much a report holds
 * @rep: the report
 * @st: filled; @json_bytes is left as it was (report_write_json() knows it)
 */
void report_stats(const struct report *rep, struct report_stats *st)
{
	st->frames = rep->t_ms.nr;
	st->lruvecs = rep->nr_lv;
	st->bands = rep->nr_bands;
	st->changes = rep->nr_changes;
	st->events = rep->nr_ev;
	st->step = rep->step;
	st->pages_bytes = rep->pages_bytes;
	st->ev_step = rep->ev_step;
	st->events_bytes = rep->events_bytes;
	st->events_written = rep->nr_ev_written;
}

/* ---- the JSON block ---- */

/* a JSON string; '<' and '>' escaped so that no "</script" can end the block */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_int(FILE *f, int64_t x)
{
	if (x == NONE)
		fputs("null", f);
	else
		fprintf(f, "%" PRId64, x);
}

static void json_ivec(FILE *f, const char *name, const struct ivec *a)
{
	size_t i;

	fprintf(f, "\"%s\":[", name);
	for (i = 0; i < a->nr; i++) {
		if (i)
			fputc(',', f);
		json_int(f, a->v[i]);
	}
	fputc(']', f);
}

#define JSON_COL_BODY(f, n, expr) do {				\
	size_t i_;						\
	for (i_ = 0; i_ < (n); i_++) {				\
		if (i_)						\
			fputc(',', f);				\
		json_int(f, (int64_t)(expr));			\
	}							\
	fputc(']', f);						\
} while (0)

#define JSON_COL(f, name, n, expr) do {				\
	fprintf(f, "\"%s\":[", name);				\
	JSON_COL_BODY(f, n, expr);				\
} while (0)

/* a per-frame series, NONE past its end (a node seen first late) */
static void json_frames(FILE *f, const char *name, const struct ivec *a, size_t nf)
{
	fprintf(f, "\"%s\":[", name);
	JSON_COL_BODY(f, nf, i_ < a->nr ? a->v[i_] : NONE);
}

static void write_nodes(const struct report *rep, FILE *f)
{
	size_t nf = rep->t_ms.nr;
	bool first = true;
	int nid, t;

	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		const struct rnode *n = &rep->nodes[nid];

		if (!n->used)
			continue;
		fprintf(f, "%s\n{\"nid\":%d,", first ? "" : ",", nid);
		first = false;
		json_frames(f, "refault_anon", &n->refault[0], nf);
		fputc(',', f);
		json_frames(f, "refault_file", &n->refault[1], nf);
		fputc(',', f);
		json_frames(f, "kswapd_cpu_pm", &n->kswapd_pm, nf);
		for (t = 0; t < LRUGEN_NR_TYPES; t++) {
			fputc(',', f);
			JSON_COL(f, t ? "evict_file" : "evict_anon", nf, n->evict[t] ? n->evict[t][i_] : 0);
		}
		fputs(",\"tiers\":{", f);
		json_ivec(f, "f", &n->tf);
		fputc(',', f);
		json_ivec(f, "type", &n->tt);
		fputc(',', f);
		json_ivec(f, "tier", &n->tk);
		fputc(',', f);
		json_ivec(f, "refaulted", &n->tr);
		fputc(',', f);
		json_ivec(f, "evicted", &n->te);
		fputs("}}", f);
	}
}

/* begins and ends, columns; @request: a proactive request's fields, else a direct reclaim's */
static void write_spans(const struct rspans *a, bool request, FILE *f)
{
	const struct rspan *v = a->v;
	size_t n = a->nr, i;

	fputc('{', f);
	JSON_COL(f, "begin_us", n, v[i_].begin_us);
	fputc(',', f);
	JSON_COL(f, "end_us", n, v[i_].end_us);
	fputc(',', f);
	JSON_COL(f, "reclaimed", n, v[i_].reclaimed);
	fputc(',', f);
	JSON_COL(f, "pid", n, v[i_].pid);
	fputs(",\"comm\":[", f);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		json_str(f, v[i].comm);
	}
	fputc(']', f);
	if (request) {
		fputc(',', f);
		JSON_COL(f, "nid", n, v[i_].nid);
		fputc(',', f);
		JSON_COL(f, "memcg_id", n, v[i_].memcg_id);
		fputc(',', f);
		JSON_COL(f, "lruvec", n, v[i_].lruvec);
		fputc(',', f);
		JSON_COL(f, "requested", n, v[i_].requested);
		fputc(',', f);
		JSON_COL(f, "swappiness", n, v[i_].swappiness);
		fputc(',', f);
		JSON_COL(f, "flags", n, v[i_].flags);
		fputc(',', f);
		JSON_COL(f, "ret", n, v[i_].ret);
	} else {
		fputc(',', f);
		JSON_COL(f, "order", n, v[i_].order);
	}
	fputc('}', f);
}

/* ---- the lruvecs' generations: zigzag varints in base64 ---- */

/*
 * A base64 string of varints, written to @f, or only counted (@f NULL):
 * @raw is the bytes before base64.
 */
struct b64 {
	FILE *f;
	size_t raw;
	uint32_t acc;
	int n;
};

static const char b64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_byte(struct b64 *o, unsigned int c)
{
	o->raw++;
	if (!o->f)
		return;
	o->acc = o->acc << 8 | (c & 0xff);
	if (++o->n < 3)
		return;
	fputc(b64_chars[o->acc >> 18 & 63], o->f);
	fputc(b64_chars[o->acc >> 12 & 63], o->f);
	fputc(b64_chars[o->acc >> 6 & 63], o->f);
	fputc(b64_chars[o->acc & 63], o->f);
	o->acc = 0;
	o->n = 0;
}

static void b64_end(struct b64 *o)
{
	if (!o->f || !o->n)
		return;
	o->acc <<= 8 * (3 - o->n);
	fputc(b64_chars[o->acc >> 18 & 63], o->f);
	fputc(b64_chars[o->acc >> 12 & 63], o->f);
	fputc(o->n == 2 ? b64_chars[o->acc >> 6 & 63] : '=', o->f);
	fputc('=', o->f);
	o->n = 0;
}

/* the characters of a base64 string of @raw bytes */
static size_t b64_len(size_t raw)
{
	return (raw + 2) / 3 * 4;
}

static void put_uv(struct b64 *o, uint64_t v)
{
	while (v >= 0x80) {
		b64_byte(o, (v & 0x7f) | 0x80);
		v >>= 7;
	}
	b64_byte(o, v);
}

/* a signed value, zigzag: 0, -1, 1, -2... as 0, 1, 2, 3... */
static void put_sv(struct b64 *o, int64_t v)
{
	put_uv(o, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

/* a value that may be unknown: 0 for NONE, else the zigzag + 1 */
static void put_opt(struct b64 *o, int64_t v)
{
	if (v == NONE)
		put_uv(o, 0);
	else
		put_uv(o, (v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1) + 1);
}

/*
 * The bands: per band, seq and f0 as the change from the band before,
 * f1 - f0, born_ms as the age at f0 (t_ms[f0] - born_ms), the retirements
 * in us after t_ms[f1].
 */
static void put_bands(const struct report *rep, const struct rlruvec *l, struct b64 *o)
{
	uint64_t seq = 0;
	size_t f0 = 0, i;
	int t;

	for (i = 0; i < l->nr_bands; i++) {
		const struct band *b = &l->bands[i];
		int64_t t0 = rep->t_ms.v[b->f0], t1 = rep->t_ms.v[b->f1];

		put_sv(o, (int64_t)(b->seq - seq));
		put_sv(o, (int64_t)b->f0 - (int64_t)f0);
		put_uv(o, b->f1 - b->f0);
		put_opt(o, b->born_ms == NONE ? NONE : t0 - b->born_ms);
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			put_opt(o, b->retired_us[t] == NONE ? NONE : b->retired_us[t] - t1 * 1000);
		seq = b->seq;
		f0 = b->f0;
	}
}

/*
 * The page records of one band (@idx: its records, in frame order, the
 * first at its f0), kept at @step: the first, then at each frame that is a
 * multiple of @step, the band's pages there when they differ from those
 * last kept. Each as the change of frame, anon and file from the record
 * before (from f0, 0, 0). Return: the records kept.
 */
static size_t put_band_pages(const struct rlruvec *l, const struct band *b, const size_t *idx,
			     size_t n, size_t step, struct b64 *o)
{
	int64_t f = (int64_t)b->f0, a = 0, fl = 0;
	size_t kept = 0, i = 0, pos = b->f0, cur, at;

	while (i < n || (step > 1 && kept)) {
		if (step == 1 || !kept) {
			/* every record at step 1; the first (at f0) at any step */
			cur = idx[i++];
			at = (size_t)l->cf.v[cur];
		} else {
			/* the next sample: the band's pages there, if they changed */
			at = (pos / step + 1) * step;
			if (at > b->f1)
				break;
			while (i < n && (size_t)l->cf.v[idx[i]] <= at)
				i++;
			cur = idx[i - 1];
			pos = at;
			if (l->ca.v[cur] == a && l->cfl.v[cur] == fl) {
				/* unchanged: on to the last sample before the next record */
				if (i >= n)
					break;
				if ((size_t)l->cf.v[idx[i]] - 1 > pos)
					pos = ((size_t)l->cf.v[idx[i]] - 1) / step * step;
				continue;
			}
		}
		if (o) {
			put_sv(o, (int64_t)at - f);
			put_sv(o, l->ca.v[cur] - a);
			put_sv(o, l->cfl.v[cur] - fl);
		}
		f = (int64_t)at;
		a = l->ca.v[cur];
		fl = l->cfl.v[cur];
		kept++;
	}
	return kept;
}

/*
 * An lruvec's page records, band after band, each as its count and its
 * records, into @o (which may only count); @order (l->cf.nr entries) and
 * @start (l->nr_bands + 1) are scratch. Return: the records kept.
 */
static size_t put_pages(const struct rlruvec *l, size_t step, size_t *order, size_t *start,
			struct b64 *o)
{
	size_t i, kept = 0, k;

	/* the records grouped by band, in frame order within each */
	memset(start, 0, (l->nr_bands + 1) * sizeof(*start));
	for (i = 0; i < l->cf.nr; i++)
		start[l->cb.v[i] + 1]++;
	for (k = 0; k < l->nr_bands; k++)
		start[k + 1] += start[k];
	for (i = 0; i < l->cf.nr; i++)
		order[start[l->cb.v[i]]++] = i;
	for (k = l->nr_bands; k > 0; k--)
		start[k] = start[k - 1];
	start[0] = 0;
	for (k = 0; k < l->nr_bands; k++) {
		const size_t *idx = order + start[k];
		size_t n = start[k + 1] - start[k], m;

		m = put_band_pages(l, &l->bands[k], idx, n, step, NULL);
		put_uv(o, m);
		put_band_pages(l, &l->bands[k], idx, n, step, o);
		kept += m;
	}
	return kept;
}

/* the characters of @l's page records in the page at @step */
static size_t pages_size(const struct rlruvec *l, size_t step, size_t *order, size_t *start)
{
	struct b64 o = { 0 };

	put_pages(l, step, order, start, &o);
	return b64_len(o.raw);
}

/* scratch for put_pages() big enough for every lruvec of @rep */
static int pages_scratch(const struct report *rep, size_t **order, size_t **start)
{
	size_t i, nr = 1, nb = 1;

	for (i = 0; i < rep->nr_lv; i++) {
		if (rep->lv[i].cf.nr > nr)
			nr = rep->lv[i].cf.nr;
		if (rep->lv[i].nr_bands + 1 > nb)
			nb = rep->lv[i].nr_bands + 1;
	}
	*order = malloc(nr * sizeof(**order));
	*start = malloc(nb * sizeof(**start));
	if (*order && *start)
		return 0;
	free(*order);
	free(*start);
	return -1;
}

/* an lruvec's generations, after its "present": nb, bands, pages */
static void write_lruvec(const struct report *rep, const struct rlruvec *l, FILE *f,
			 size_t *order, size_t *start)
{
	struct b64 o = { .f = f };
	size_t np;

	fprintf(f, ",\"nb\":%zu,\"bands\":\"", l->nr_bands);
	put_bands(rep, l, &o);
	b64_end(&o);
	fputs("\",\"pages\":\"", f);
	np = put_pages(l, l->exact ? 1 : rep->step, order, start, &o);
	b64_end(&o);
	fprintf(f, "\",\"np\":%zu}", np);
}

/*
 * The events, in time order, one base64 string of varints: per event, s
 * its time minus the one before's (us), its kind, its lruvec + 1 (0:
 * unknown), s a, s b, s c (as the signed values JSON gave them), s arg,
 * and how many evictions it stands for (1 but for merged ones).
 */
static void put_events(const struct revent *ev, size_t n, struct b64 *o)
{
	int64_t t = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct revent *e = &ev[i];

		put_sv(o, e->t_us - t);
		put_uv(o, (uint64_t)e->kind);
		put_uv(o, (uint64_t)(e->lruvec + 1));
		put_sv(o, (int64_t)e->a);
		put_sv(o, (int64_t)e->b);
		put_sv(o, (int64_t)e->c);
		put_sv(o, e->arg);
		put_uv(o, e->count);
		t = e->t_us;
	}
}

/*
 * The events with the evictions of the lruvecs but the busiest merged per
 * lruvec, type and @step frames (the first at or after each eviction's
 * time, as the charts count it): one event at the first one's time, its
 * seq, scanned and reclaimed pages summed, its count their number. Every
 * other event as it is. Return: the events (@nr of them), or NULL.
 */
static struct revent *merge_events(const struct report *rep, size_t step, size_t *nr)
{
	struct revent *out = malloc((rep->nr_ev + 1) * sizeof(*out));
	size_t *open = calloc(2 * rep->nr_lv + 1, sizeof(*open));
	size_t *bin = calloc(2 * rep->nr_lv + 1, sizeof(*bin));
	size_t i, n = 0;

	if (!out || !open || !bin) {
		free(out);
		out = NULL;
		goto done;
	}
	for (i = 0; i < rep->nr_ev; i++) {
		const struct revent *e = &rep->ev[i];
		size_t k, b;

		if (e->kind != LRUGEN_EV_EVICT || e->lruvec < 0 || rep->lv[e->lruvec].exact ||
		    !rep->t_ms.nr) {
			out[n++] = *e;
			continue;
		}
		k = (size_t)e->lruvec * 2 + (e->arg == LRUGEN_FILE);
		b = frame_of(rep, e->t_us) / step + 1;
		if (open[k] && bin[k] == b) {
			struct revent *m = &out[open[k] - 1];

			m->b += e->b;
			m->c += e->c;
			m->count += e->count;
			continue;
		}
		out[n] = *e;
		open[k] = ++n;
		bin[k] = b;
	}
	*nr = n;
done:
	free(open);
	free(bin);
	return out;
}

static const struct report *busy_rep;

static int cmp_busy(const void *a, const void *b)
{
	const struct rlruvec *x = &busy_rep->lv[*(const size_t *)a];
	const struct rlruvec *y = &busy_rep->lv[*(const size_t *)b];

	if (x->evicted != y->evicted)
		return x->evicted > y->evicted ? -1 : 1;
	if (x->moved != y->moved)
		return x->moved > y->moved ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* the steps tried, in frames: the first whose page records fit is taken */
static const size_t steps[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 60, 120, 300, 600,
				1200, 3600 };

/**
 * report_plan() - choose the busiest lruvecs and how much of the others to keep
 * @rep: the report
 * @budget: the most characters the page records of the lruvecs may take
 * @ev_budget: the most characters the events may take
 *
 * The busiest lruvecs (by pages evicted, then by pages moved; up to
 * REPORT_BUSIEST) keep every snapshot. The others keep every snapshot
 * when all page records fit in @budget; else every step-th (2, 3, 4, 5,
 * 6, 8, 10... snapshots), the smallest step that fits, or the largest.
 * Likewise their evictions: each one when the events fit in @ev_budget,
 * else merged per lruvec, type and step of frames (1, 2, 3...).
 *
 * Return: 0, or -1 when out of memory.
 */
int report_plan(struct report *rep, size_t budget, size_t ev_budget)
{
	size_t *order, *start, i, k, exact = 0, total = 0;

	rep->budget = budget;
	order = malloc((rep->nr_lv + 1) * sizeof(*order));
	if (!order)
		return -1;
	for (i = 0; i < rep->nr_lv; i++) {
		order[i] = i;
		rep->lv[i].exact = false;
	}
	busy_rep = rep;
	qsort(order, rep->nr_lv, sizeof(*order), cmp_busy);
	rep->nr_busy = rep->nr_lv < REPORT_BUSIEST ? rep->nr_lv : REPORT_BUSIEST;
	for (i = 0; i < rep->nr_busy; i++) {
		rep->busy[i] = order[i];
		rep->lv[order[i]].exact = true;
	}
	free(order);
	if (pages_scratch(rep, &order, &start))
		return -1;
	for (i = 0; i < rep->nr_busy; i++)
		exact += pages_size(&rep->lv[rep->busy[i]], 1, order, start);
	for (k = 0; k < ARRAY_SIZE(steps); k++) {
		total = exact;
		for (i = 0; i < rep->nr_lv; i++)
			if (!rep->lv[i].exact)
				total += pages_size(&rep->lv[i], steps[k], order, start);
		rep->step = steps[k];
		if (total <= budget)
			break;
	}
	rep->pages_bytes = total;
	free(order);
	free(start);

	/* the events: all of them when they fit, else the evictions merged */
	{
		struct b64 o = { 0 };

		put_events(rep->ev, rep->nr_ev, &o);
		rep->ev_step = 0;
		rep->events_bytes = b64_len(o.raw);
		rep->nr_ev_written = rep->nr_ev;
	}
	for (k = 0; rep->events_bytes > ev_budget && k < ARRAY_SIZE(steps); k++) {
		struct b64 o = { 0 };
		struct revent *m;
		size_t n;

		m = merge_events(rep, steps[k], &n);
		if (!m)
			return -1;
		put_events(m, n, &o);
		free(m);
		rep->ev_step = steps[k];
		rep->events_bytes = b64_len(o.raw);
		rep->nr_ev_written = n;
	}
	/* nothing to merge (every eviction the busiest's): said as none */
	if (rep->nr_ev_written == rep->nr_ev)
		rep->ev_step = 0;
	return 0;
}

/**
 * report_write_json() - write the data block (schema REPORT_SCHEMA)
 * @rep: the report
 * @f: where
 *
 * Return: 0, or -1 when @f had a write error.
 */
int report_write_json(const struct report *rep, FILE *f)
{
	static const char *const kinds[] = { "birth", "retire", "evict", "aging", "proactive" };
	size_t *order, *start, i, k;

	fprintf(f, "{\"schema\":%d,\"file\":", REPORT_SCHEMA);
	json_str(f, rep->file);
	fputs(",\"host\":", f);
	if (rep->host[0])
		json_str(f, rep->host);
	else
		fputs("null", f);
	fputs(",\"start\":", f);
	if (rep->start[0])
		json_str(f, rep->start);
	else
		fputs("null", f);
	fprintf(f, ",\"plain\":%s,\"notice\":", rep->plain ? "true" : "false");
	json_str(f, rep->notice);
	fputs(",\"warning\":", f);
	json_str(f, rep->warning);
	fprintf(f, ",\"length_ms\":%" PRId64 ",", rep->length_ms);
	json_ivec(f, "t_ms", &rep->t_ms);
	fputs(",\"kinds\":[", f);
	for (k = 0; k < LRUGEN_EV_NR_KINDS; k++)
		fprintf(f, "%s\"%s\"", k ? "," : "", kinds[k]);
	fputs("],", f);
	JSON_COL(f, "event_counts", (size_t)LRUGEN_EV_NR_KINDS, rep->ev_count[i_]);
	fprintf(f, ",\"events_unmatched\":%zu", rep->nr_unmatched);

	if (pages_scratch(rep, &order, &start))
		return -1;
	fputc(',', f);
	JSON_COL(f, "busiest", rep->nr_busy, rep->busy[i_]);
	fprintf(f, ",\"step\":%zu", rep->step);

	fputs(",\"lruvecs\":[", f);
	for (i = 0; i < rep->nr_lv; i++) {
		const struct rlruvec *l = &rep->lv[i];

		fputs(i ? ",\n{\"path\":" : "\n{\"path\":", f);
		json_str(f, l->path);
		fprintf(f, ",\"nid\":%d,\"memcg_id\":%" PRIu64 ",\"evicted\":%" PRIu64
			",\"moved\":%" PRIu64 ",", l->nid, l->memcg_id, l->evicted, l->moved);
		json_ivec(f, "present", &l->present);
		write_lruvec(rep, l, f, order, start);
	}
	free(order);
	free(start);
	fputs("],\n\"nodes\":[", f);
	write_nodes(rep, f);
	fputs("],\n\"proactive\":", f);
	write_spans(&rep->proactive, true, f);
	fputs(",\n\"direct\":", f);
	write_spans(&rep->direct, false, f);
	fprintf(f, ",\n\"ev_step\":%zu,\"events\":{\"n\":%zu,\"v\":\"", rep->ev_step,
		rep->nr_ev_written);
	{
		struct b64 o = { .f = f };
		struct revent *m = NULL;
		size_t n = rep->nr_ev;

		if (rep->ev_step) {
			m = merge_events(rep, rep->ev_step, &n);
			if (!m)
				return -1;
		}
		put_events(m ? m : rep->ev, n, &o);
		b64_end(&o);
		free(m);
	}
	fputc('"', f);
	fputs("}}\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- the HTML page ---- */

static bool has_template(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	if (snprintf(p, sizeof(p), "%s/report.html", dir) >= (int)sizeof(p))
		return false;
	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/**
 * report_viz_dir() - where viz/'s template, drawing code and uPlot are
 * @buf: the directory, on success
 * @size: bytes at @buf
 * @err: the reason when none is found
 * @errlen: bytes at @err
 *
 * In this order: $LRUGEN_VIZ_DIR (and only it, when set); the share
 * directory make install fills, PREFIX/share/lrugen/viz beside
 * PREFIX/bin/lrugen; the source tree's viz/, in a parent directory of the
 * running binary's (tools/lrugen/build/lrugen is three levels down). Each
 * is taken when it holds report.html.
 *
 * Return: @buf, or NULL with the reason in @err.
 */
const char *report_viz_dir(char *buf, size_t size, char *err, size_t errlen)
{
	const char *env = getenv("LRUGEN_VIZ_DIR");
	char exe[PATH_MAX], *slash;
	ssize_t n;
	int up;

	if (env && *env) {
		if (has_template(env)) {
			snprintf(buf, size, "%s", env);
			return buf;
		}
		snprintf(err, errlen, "LRUGEN_VIZ_DIR=%s holds no report.html: point it at the viz/ directory of the source tree, or unset it",
			 env);
		return NULL;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		snprintf(buf, size, "%s/../share/lrugen/viz", exe);
		if (has_template(buf))
			return buf;
		for (up = 0; up < 4 && (slash = strrchr(exe, '/')); up++) {
			*slash = 0;
			snprintf(buf, size, "%s/viz", exe[0] ? exe : "");
			if (has_template(buf))
				return buf;
		}
	}
	snprintf(err, errlen, "the report's drawing code (viz/report.html) was not found: run make install (it goes to PREFIX/share/lrugen/viz), or set LRUGEN_VIZ_DIR to the source tree's viz/");
	return NULL;
}

/* copy a file into @f; in a script, "</" as "<\/" so that nothing ends it */
static int inline_file(FILE *f, const char *dir, const char *name, bool script, bool text,
		       char *err, size_t errlen)
{
	char p[PATH_MAX], buf[65536];
	size_t n, i;
	FILE *in;
	int prev = 0;

	if (strstr(name, "..") || name[0] == '/') {
		snprintf(err, errlen, "%s/report.html names %s: only files below its directory can be inlined",
			 dir, name);
		return -1;
	}
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	in = fopen(p, "r");
	if (!in) {
		snprintf(err, errlen, "%s: %s: %s",
			 p, strerror(errno),
			 strstr(name, "node_modules/") ?
			 "uPlot is not installed: run scripts/setup (it runs npm ci in viz/), or make install" :
			 "a file of viz/ is missing: check out the source tree again, or run make install");
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		for (i = 0; i < n; i++) {
			int c = (unsigned char)buf[i];

			if (text && (c == '<' || c == '&'))
				fputs(c == '<' ? "&lt;" : "&amp;", f);
			else if (script && c == '/' && prev == '<')
				fputs("\\/", f);
			else
				fputc(c, f);
			prev = c;
		}
	}
	if (ferror(in)) {
		snprintf(err, errlen, "%s: read error", p);
		fclose(in);
		return -1;
	}
	fclose(in);
	return 0;
}

/**
 * report_write_html() - the self-contained page: template, code, data
 * @rep: the report
 * @viz_dir: from report_viz_dir()
 * @f: where
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * Copies @viz_dir/report.html and replaces each of its lines that is
 * only "@@SCRIPT name@@", "@@STYLE name@@" or "@@TEXT name@@" with the file
 * @viz_dir/name (a script, a style sheet, or text escaped for HTML), and
 * the line "@@DATA@@" with the JSON block.
 *
 * Return: 0, or -1 with the reason in @err.
 */
int report_write_html(const struct report *rep, const char *viz_dir, FILE *f,
		      char *err, size_t errlen)
{
	char p[PATH_MAX], line[4096], name[1024];
	FILE *tpl;
	int ret = -1;

	snprintf(p, sizeof(p), "%s/report.html", viz_dir);
	tpl = fopen(p, "r");
	if (!tpl) {
		snprintf(err, errlen, "%s: %s", p, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), tpl)) {
		char kind[16];
		int end = 0;

		if (sscanf(line, " @@%15[A-Z] %1023[^@\n ]@@ %n", kind, name, &end) == 2 &&
		    end && !line[end]) {
			bool script = !strcmp(kind, "SCRIPT"), text = !strcmp(kind, "TEXT");

			if (!script && !text && strcmp(kind, "STYLE")) {
				snprintf(err, errlen, "%s: unknown directive @@%s", p, kind);
				goto out;
			}
			if (inline_file(f, viz_dir, name, script, text, err, errlen))
				goto out;
			fputc('\n', f);
		} else if (!strcmp(line, "@@DATA@@\n")) {
			if (report_write_json(rep, f)) {
				snprintf(err, errlen, "write error");
				goto out;
			}
		} else {
			fputs(line, f);
		}
	}
	ret = ferror(f) ? -1 : 0;
	if (ret)
		snprintf(err, errlen, "write error");
out:
	fclose(tpl);
	return ret;
}
