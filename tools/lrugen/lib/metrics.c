// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter's figures and their exposition text. A sample turns the
 * model into rows, one per node x memcg label: the --top largest memcgs
 * of each node by name, the others summed into memcg="other". Counters
 * that the kernel does not keep per lruvec, or keeps per hierarchy, are
 * kept here per lruvec (memcg id x node) and only ever grow, so that a
 * memcg moving in or out of the top, a memcg removed, or a count the
 * kernel reads a little lower than before never makes a counter go back.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "metrics.h"
#include "parse.h"
#include "source.h"
#include "wss.h"

const uint64_t metrics_age_le_s[METRICS_NR_AGES - 1] = {
	10, 30, 60, 120, 300, 600, 1800, 3600,
};

static const char *const type_names[LRUGEN_NR_TYPES] = { "anon", "file" };

/**
 * struct metrics_entry - what the exporter counts for one lruvec
 * @memcg_id: the memcg's id (0: an empty slot is marked by @used)
 * @nid: node, or -1 for memory.reclaim's requests
 * @used: the slot holds an entry
 * @alive: its lruvec was in the last sample
 * @path_hash: the path the memcg had, to notice an id reused
 * @refault_known: @refault_raw holds a reading
 * @refault_raw: per type, the last reading of its own refaults
 * @refault: per type, its refaults, only ever growing
 * @evicted: per type, pages evicted, from events
 * @ev_pending: per type, pages evicted since the last sample
 * @pro: proactive reclaim totals
 * @pro_pending: proactive reclaim since the last sample
 */
struct metrics_entry {
	uint64_t memcg_id;
	int nid;
	bool used;
	bool alive;
	bool refault_known;
	uint32_t path_hash;
	uint64_t refault_raw[LRUGEN_NR_TYPES];
	uint64_t refault[LRUGEN_NR_TYPES];
	uint64_t evicted[LRUGEN_NR_TYPES];
	uint64_t ev_pending[LRUGEN_NR_TYPES];
	struct metrics_proactive pro, pro_pending;
};

/**
 * metrics_init() - start the exporter's state
 * @mx: the state
 * @opts: what the exporter was asked for; copied
 */
void metrics_init(struct metrics *mx, const struct metrics_opts *opts)
{
	memset(mx, 0, sizeof(*mx));
	mx->opts = *opts;
	if (mx->opts.page_size <= 0)
		mx->opts.page_size = 4096;
	if (mx->opts.ticks_per_s <= 0)
		mx->opts.ticks_per_s = 100;
	mx->events_live = opts->events;
}

/**
 * metrics_free() - free what the exporter's state holds
 * @mx: the state; left empty
 */
void metrics_free(struct metrics *mx)
{
	free(mx->rows);
	free(mx->pro);
	free(mx->entries);
	free(mx->ar.rows);
	free(mx->ar.seen);
	buf_free(&mx->names);
	buf_free(&mx->ar_names);
	memset(mx, 0, sizeof(*mx));
}

static size_t entry_slot(uint64_t memcg_id, int nid, size_t cap)
{
	uint64_t h = (memcg_id * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)(nid + 1) * 0xff51afd7ed558ccdULL;

	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static struct metrics_entry *entry_find(struct metrics_entry *tab, size_t cap,
					uint64_t memcg_id, int nid)
{
	size_t i;

	if (!cap)
		return NULL;
	for (i = entry_slot(memcg_id, nid, cap);; i = (i + 1) & (cap - 1)) {
		struct metrics_entry *e = &tab[i];

		if (!e->used || (e->memcg_id == memcg_id && e->nid == nid))
			return e;
	}
}

/* grow the table so that one more entry keeps it at most half full */
static int entries_room(struct metrics *mx)
{
	struct metrics_entry *tab;
	size_t cap, i;

	if ((mx->nr_entries + 1) * 2 <= mx->entries_cap)
		return 0;
	cap = mx->entries_cap ? mx->entries_cap * 2 : 256;
	tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < mx->entries_cap; i++)
		if (mx->entries[i].used)
			*entry_find(tab, cap, mx->entries[i].memcg_id, mx->entries[i].nid) =
				mx->entries[i];
	free(mx->entries);
	mx->entries = tab;
	mx->entries_cap = cap;
	return 0;
}

static struct metrics_entry *entry_get(struct metrics *mx, uint64_t memcg_id, int nid)
{
	struct metrics_entry *e;

	if (entries_room(mx))
		return NULL;
	e = entry_find(mx->entries, mx->entries_cap, memcg_id, nid);
	if (!e->used) {
		memset(e, 0, sizeof(*e));
		e->used = true;
		e->memcg_id = memcg_id;
		e->nid = nid;
		mx->nr_entries++;
	}
	return e;
}

/*
 * Drop the entries of lruvecs that are gone, once what they gathered has
 * gone to "other": memcgs come and go, the table does not grow with them.
 */
static int entries_prune(struct metrics *mx)
{
	struct metrics_entry *tab;
	size_t i, n = 0;

	if (!mx->entries_cap)
		return 0;
	tab = calloc(mx->entries_cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < mx->entries_cap; i++) {
		const struct metrics_entry *e = &mx->entries[i];

		if (!e->used || !e->alive)
			continue;
		*entry_find(tab, mx->entries_cap, e->memcg_id, e->nid) = *e;
		n++;
	}
	free(mx->entries);
	mx->entries = tab;
	mx->nr_entries = n;
	return 0;
}

/**
 * metrics_event() - count one event
 * @mx: the state
 * @ev: a decoded lru_gen_evict or mm_vmscan_proactive_reclaim_end; other
 *      kinds are ignored
 *
 * Adds an eviction's reclaimed pages, by type, to its lruvec, and a
 * proactive request's pages to its memcg and node (-1 for memory.reclaim,
 * which reclaims from every node; a request without a memcg counts as the
 * root's). The next metrics_sample() adds them to the counters.
 *
 * Return: 0, or -ENOMEM.
 */
int metrics_event(struct metrics *mx, const struct lrugen_event *ev)
{
	struct metrics_entry *e;

	if (ev->kind == LRUGEN_EV_EVICT) {
		if (ev->nid < 0 || ev->nid >= LRUGEN_MAX_NODES || ev->arg < 0 ||
		    ev->arg >= LRUGEN_NR_TYPES)
			return 0;
		e = entry_get(mx, ev->memcg_id, ev->nid);
		if (!e)
			return -ENOMEM;
		e->ev_pending[ev->arg] += ev->c;
	} else if (ev->kind == LRUGEN_EV_PROACTIVE) {
		int nid = ev->nid < 0 ? -1 : ev->nid;

		if (nid >= LRUGEN_MAX_NODES)
			return 0;
		/* no memcg: the whole node, the root's hierarchy (cgroup v2's root is 1) */
		e = entry_get(mx, ev->memcg_id ? ev->memcg_id : 1, nid);
		if (!e)
			return -ENOMEM;
		e->pro_pending.requests++;
		if (ev->arg < 0)
			e->pro_pending.failed++;
		e->pro_pending.requested += ev->a;
		e->pro_pending.reclaimed += ev->b;
	} else {
		return 0;
	}
	mx->events_seen++;
	return 0;
}

/* the size a memcg is ranked by on a node */
static uint64_t lruvec_size(const struct lrugen_lruvec *v)
{
	return lruvec_pages(v, LRUGEN_ANON) + lruvec_pages(v, LRUGEN_FILE);
}

struct ranked {
	const struct lrugen_lruvec *v;
	uint64_t size;
	size_t idx;	/* in the model */
};

/* by node, then largest first, then by path: the same input ranks the same */
static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c;

	if (x->v->nid != y->v->nid)
		return x->v->nid < y->v->nid ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	c = strcmp(x->v->path, y->v->path);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* the shown rows of a node, by path */
static int cmp_rows(const void *a, const void *b)
{
	const struct metrics_row *x = a, *y = b;

	return strcmp(x->memcg, y->memcg);
}

/*
 * A removed memcg that still holds pages has id 0 and may share its path
 * with a new one: it is never shown by name, always summed into "other".
 */
static bool nameable(const struct lrugen_lruvec *v)
{
	return v->memcg_id != 0;
}

static void row_add_lruvec(struct metrics *mx, struct metrics_row *r,
			   const struct lrugen_lruvec *v)
{
	struct wss_estimate e;
	int t, i, err;

	r->nr_lruvecs++;
	for (t = 0; t < LRUGEN_NR_TYPES; t++)
		r->lru_pages[t] += lruvec_pages(v, t);
	if (lruvec_oldest_ms(v) > r->oldest_ms)
		r->oldest_ms = lruvec_oldest_ms(v);
	err = wss_estimate(v, mx->opts.window_ms, &e);
	if (err) {
		mx->wss_error = err;
		r->has_wss = false;
		return;
	}
	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		r->ws_pages[t] += e.ws_pages[t];
		r->cold_pages[t] += e.cold_pages[t];
		r->uncertain_pages[t] += e.uncertain_pages[t];
		r->age_pages[t][METRICS_NR_AGES - 1] += lruvec_pages(v, t);
	}
	for (i = 0; i < METRICS_NR_AGES - 1; i++) {
		if (wss_estimate(v, metrics_age_le_s[i] * 1000, &e)) {
			r->has_wss = false;
			return;
		}
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			r->age_pages[t][i] += e.ws_pages[t];
	}
}

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n + 1, READ_FILE_MAX))
		return -ENOMEM;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

static int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n + 1, READ_FILE_MAX))
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
	return 0;
}

/*
 * The labels' strings are kept in mx->names, which may move as it grows:
 * rows hold offsets until the sample is complete, then pointers.
 */
static int name_add(struct metrics *mx, const char *s, size_t *off)
{
	*off = mx->names.len;
	return buf_add(&mx->names, s, strlen(s) + 1);
}

static struct metrics_row *row_new(struct metrics *mx, int nid, size_t name_off)
{
	struct metrics_row *r;

	if (array_grow((void **)&mx->rows, &mx->rows_cap, mx->nr_rows + 1, sizeof(*r)))
		return NULL;
	r = &mx->rows[mx->nr_rows++];
	memset(r, 0, sizeof(*r));
	r->nid = nid;
	r->memcg = (const char *)(uintptr_t)name_off;
	r->has_wss = true;
	return r;
}

static struct metrics_proactive *pro_new(struct metrics *mx, int nid, size_t name_off)
{
	struct metrics_proactive *p;

	if (array_grow((void **)&mx->pro, &mx->pro_cap, mx->nr_pro + 1, sizeof(*p)))
		return NULL;
	p = &mx->pro[mx->nr_pro++];
	memset(p, 0, sizeof(*p));
	p->nid = nid;
	p->memcg = (const char *)(uintptr_t)name_off;
	return p;
}

static void pro_add(struct metrics_proactive *to, const struct metrics_proactive *p)
{
	to->requests += p->requests;
	to->failed += p->failed;
	to->requested += p->requested;
	to->reclaimed += p->reclaimed;
}

/*
 * Per memcg of @rf, node below @nr_nodes and type, what its children's
 * hierarchies hold: a memcg's own refaults are its hierarchy's less that.
 */
static uint64_t *children_refaults(const struct metrics_refaults *rf, const size_t *parent,
				   int nr_nodes)
{
	size_t per = (size_t)nr_nodes * LRUGEN_NR_TYPES, c;
	uint64_t *sum = calloc(rf->nr * per + 1, sizeof(*sum));
	int nid, t;

	if (!sum)
		return NULL;
	for (c = 0; c < rf->nr; c++) {
		if (parent[c] == SIZE_MAX || !rf->has[c])
			continue;
		for (nid = 0; nid < nr_nodes; nid++)
			for (t = 0; t < LRUGEN_NR_TYPES; t++)
				sum[parent[c] * per + nid * LRUGEN_NR_TYPES + t] += rf->hier[c][nid][t];
	}
	return sum;
}

static int cmp_str_idx(const void *a, const void *b, void *paths)
{
	const char *const *p = paths;

	return strcmp(p[*(const size_t *)a], p[*(const size_t *)b]);
}

/* per memcg of @rf, the index of its parent, or SIZE_MAX */
static size_t *refault_parents(const struct metrics_refaults *rf)
{
	size_t *order, *parent, i;

	parent = malloc((rf->nr + 1) * sizeof(*parent));
	order = malloc((rf->nr + 1) * sizeof(*order));
	if (!parent || !order) {
		free(parent);
		free(order);
		return NULL;
	}
	for (i = 0; i < rf->nr; i++)
		order[i] = i;
	qsort_r(order, rf->nr, sizeof(*order), cmp_str_idx, rf->path);
	for (i = 0; i < rf->nr; i++) {
		const char *p = rf->path[i], *slash = strrchr(p, '/');
		size_t lo = 0, hi = rf->nr, len;
		char up[4096];

		parent[i] = SIZE_MAX;
		if (!slash || !strcmp(p, "/"))
			continue;
		len = slash == p ? 1 : (size_t)(slash - p);
		if (len >= sizeof(up))
			continue;
		memcpy(up, p, len);
		up[len] = 0;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(rf->path[order[mid]], up);

			if (!c) {
				parent[i] = order[mid];
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	free(order);
	return parent;
}

/* the memcg of @rf with path @path, by a search of its sorted order */
static size_t refault_index(const struct metrics_refaults *rf, const size_t *order,
			    const char *path)
{
	size_t lo = 0, hi = rf->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(rf->path[order[mid]], path);

		if (!c)
			return order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* move what an entry gathered since the last sample into its totals */
static void entry_settle(struct metrics_entry *e, const uint64_t *refault_now,
			 uint64_t refault_inc[LRUGEN_NR_TYPES], uint64_t evicted_inc[LRUGEN_NR_TYPES])
{
	int t;

	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		refault_inc[t] = 0;
		if (refault_now) {
			/* the first reading counts whole; a lower one adds nothing */
			uint64_t prev = e->refault_known ? e->refault_raw[t] : 0;

			refault_inc[t] = refault_now[t] > prev ? refault_now[t] - prev : 0;
			e->refault_raw[t] = refault_now[t];
		}
		e->refault[t] += refault_inc[t];
		evicted_inc[t] = e->ev_pending[t];
		e->evicted[t] += e->ev_pending[t];
		e->ev_pending[t] = 0;
	}
	if (refault_now)
		e->refault_known = true;
}

/*
 * Rows and proactive rows hold name offsets while mx->names grows; make
 * them pointers once it is complete.
 */
static void fix_names(struct metrics *mx)
{
	size_t i;

	for (i = 0; i < mx->nr_rows; i++)
		mx->rows[i].memcg = mx->names.data + (uintptr_t)mx->rows[i].memcg;
	for (i = 0; i < mx->nr_pro; i++)
		mx->pro[i].memcg = mx->names.data + (uintptr_t)mx->pro[i].memcg;
}

static int cmp_pro(const void *a, const void *b)
{
	const struct metrics_proactive *x = a, *y = b;

	if (x->nid != y->nid)
		return x->nid < y->nid ? -1 : 1;
	/* "other" last */
	if (strcmp(x->memcg, METRICS_OTHER) && !strcmp(y->memcg, METRICS_OTHER))
		return -1;
	if (!strcmp(x->memcg, METRICS_OTHER) && strcmp(y->memcg, METRICS_OTHER))
		return 1;
	return strcmp(x->memcg, y->memcg);
}

/* a memcg's path by id, from any of its lruvecs; NULL when it has none */
static const char *path_of_id(struct lrugen_model *m, uint64_t id, int nid, bool *shown,
			      const unsigned char *top)
{
	const struct lrugen_lruvec *v;
	const char *path = NULL;
	int n;

	*shown = false;
	for (n = 0; n < m->nr_nodes; n++) {
		if (nid >= 0 && n != nid)
			continue;
		v = model_find(m, id, n);
		if (!v)
			continue;
		path = v->path;
		if (top[v - m->lruvecs])
			*shown = true;
	}
	return path;
}

/**
 * metrics_sample() - turn the model's current sample into rows
 * @mx: the state
 * @m: the model, just refreshed
 * @rf: the memcgs' refaults read for this sample (metrics_read_refaults()),
 *      or NULL when they are not known
 *
 * Ranks each node's memcgs by their pages on the LRU, makes a row for
 * each of the --top largest (every one with a top of 0) and sums the rest
 * into the node's "other" row: pages and the working-set estimate
 * (wss_estimate()) by adding, the oldest age by taking the largest. The
 * counters of each lruvec grow by what happened since the last sample:
 * the events counted by metrics_event(), and its own refaults (its
 * memcg's less its children's, never less than before); what the
 * lruvecs outside the top gathered is added to "other", whose counters
 * thus grow too as memcgs come and go.
 *
 * Return: 0, or -ENOMEM (the last sample's rows are then gone).
 */
int metrics_sample(struct metrics *mx, struct lrugen_model *m,
		   const struct metrics_refaults *rf)
{
	uint64_t refault_inc[LRUGEN_NR_TYPES], evicted_inc[LRUGEN_NR_TYPES];
	size_t *parent = NULL, *order = NULL, i, j, start;
	uint64_t *csum = NULL;
	struct ranked *rk = NULL;
	unsigned char *top = NULL;
	int nid, t, err = -ENOMEM;

	mx->nr_rows = mx->nr_pro = 0;
	mx->names.len = 0;
	mx->wss_error = 0;
	for (i = 0; i < mx->entries_cap; i++)
		mx->entries[i].alive = false;
	memcpy(mx->nodes, m->nodes, sizeof(mx->nodes));
	mx->nr_nodes = m->nr_nodes;
	memset(mx->memcgs, 0, sizeof(mx->memcgs));

	rk = malloc((m->nr_lruvecs + 1) * sizeof(*rk));
	top = calloc(m->nr_lruvecs + 1, 1);
	if (!rk || !top)
		goto out;
	if (rf && rf->nr) {
		parent = refault_parents(rf);
		order = malloc(rf->nr * sizeof(*order));
		csum = parent ? children_refaults(rf, parent, m->nr_nodes) : NULL;
		if (!parent || !order || !csum)
			goto out;
		for (i = 0; i < rf->nr; i++)
			order[i] = i;
		qsort_r(order, rf->nr, sizeof(*order), cmp_str_idx, rf->path);
	}
	for (i = 0; i < m->nr_lruvecs; i++) {
		rk[i].v = &m->lruvecs[i];
		rk[i].size = lruvec_size(&m->lruvecs[i]);
		rk[i].idx = i;
	}
	qsort(rk, m->nr_lruvecs, sizeof(*rk), cmp_ranked);

	for (start = 0; start < m->nr_lruvecs; start = j) {
		size_t shown = 0, other = SIZE_MAX, off;

		nid = rk[start].v->nid;
		for (j = start; j < m->nr_lruvecs && rk[j].v->nid == nid; j++)
			;
		if (nid < 0 || nid >= LRUGEN_MAX_NODES)
			continue;
		for (i = start; i < j; i++) {
			const struct lrugen_lruvec *v = rk[i].v;
			bool show = nameable(v) && (mx->opts.top <= 0 || shown < (size_t)mx->opts.top);
			uint64_t own[LRUGEN_NR_TYPES], *refault_now = NULL;
			struct metrics_entry *e;
			struct metrics_row *r;
			size_t ri;

			mx->memcgs[nid]++;
			if (show) {
				if (name_add(mx, v->path, &off) || !row_new(mx, nid, off))
					goto out;
				shown++;
				top[rk[i].idx] = 1;
				r = &mx->rows[mx->nr_rows - 1];
			} else {
				if (other == SIZE_MAX) {
					if (name_add(mx, METRICS_OTHER, &off) || !row_new(mx, nid, off))
						goto out;
					other = mx->nr_rows - 1;
					mx->rows[other].has_refault = rf != NULL;
				}
				r = &mx->rows[other];
			}
			row_add_lruvec(mx, r, v);

			e = entry_get(mx, v->memcg_id, nid);
			if (!e)
				goto out;
			if (e->path_hash && e->path_hash != v->path_hash) {
				/* the id of a removed memcg, reused: its counters start again */
				memset(e->refault_raw, 0, sizeof(e->refault_raw));
				memset(e->refault, 0, sizeof(e->refault));
				memset(e->evicted, 0, sizeof(e->evicted));
				e->refault_known = false;
			}
			e->path_hash = v->path_hash;
			e->alive = true;
			ri = rf ? refault_index(rf, order, v->path) : SIZE_MAX;
			if (ri != SIZE_MAX && rf->has[ri] && nid < m->nr_nodes) {
				const uint64_t *cs = &csum[(ri * m->nr_nodes + nid) * LRUGEN_NR_TYPES];

				for (t = 0; t < LRUGEN_NR_TYPES; t++)
					own[t] = rf->hier[ri][nid][t] > cs[t] ? rf->hier[ri][nid][t] - cs[t] : 0;
				refault_now = own;
			}
			entry_settle(e, refault_now, refault_inc, evicted_inc);
			if (show) {
				r->has_refault = refault_now != NULL;
				memcpy(r->refault, e->refault, sizeof(r->refault));
				memcpy(r->evicted, e->evicted, sizeof(r->evicted));
			} else {
				for (t = 0; t < LRUGEN_NR_TYPES; t++) {
					mx->other_refault[nid][t] += refault_inc[t];
					mx->other_evicted[nid][t] += evicted_inc[t];
				}
			}
		}
		if (other == SIZE_MAX && (mx->other_refault[nid][0] || mx->other_refault[nid][1] ||
					  mx->other_evicted[nid][0] || mx->other_evicted[nid][1])) {
			/* no memcg summed this time, but its counters go on */
			if (name_add(mx, METRICS_OTHER, &off) || !row_new(mx, nid, off))
				goto out;
			other = mx->nr_rows - 1;
			mx->rows[other].has_refault = rf != NULL;
			mx->rows[other].has_wss = false;
		}
		if (other != SIZE_MAX) {
			struct metrics_row o = mx->rows[other];

			memcpy(o.refault, mx->other_refault[nid], sizeof(o.refault));
			memcpy(o.evicted, mx->other_evicted[nid], sizeof(o.evicted));
			/* "other" after the node's named rows */
			memmove(&mx->rows[other], &mx->rows[other + 1],
				(mx->nr_rows - other - 1) * sizeof(*mx->rows));
			mx->rows[mx->nr_rows - 1] = o;
		}
	}

	/* proactive requests: settle every entry, those of lruvecs gone too */
	for (i = 0; i < mx->entries_cap; i++) {
		struct metrics_entry *e = &mx->entries[i];
		struct metrics_proactive *p;
		const char *path;
		bool shown;
		size_t off;

		if (!e->used)
			continue;
		pro_add(&e->pro, &e->pro_pending);
		path = path_of_id(m, e->memcg_id, e->nid, &shown, top);
		if (path)
			e->alive = true;
		if (!path || !shown) {
			/* outside the top, or gone: "other" of its node */
			pro_add(&mx->other_pro[e->nid + 1], &e->pro_pending);
			if (!path && e->nid >= 0)
				for (t = 0; t < LRUGEN_NR_TYPES; t++)
					mx->other_evicted[e->nid][t] += e->ev_pending[t];
		}
		memset(&e->pro_pending, 0, sizeof(e->pro_pending));
		if (!path || !shown || !e->pro.requests)
			continue;
		p = name_add(mx, path, &off) ? NULL : pro_new(mx, e->nid, off);
		if (!p)
			goto out;
		pro_add(p, &e->pro);
	}
	for (nid = -1; nid < LRUGEN_MAX_NODES; nid++) {
		struct metrics_proactive *p;
		size_t off;

		if (!mx->other_pro[nid + 1].requests)
			continue;
		p = name_add(mx, METRICS_OTHER, &off) ? NULL : pro_new(mx, nid, off);
		if (!p)
			goto out;
		pro_add(p, &mx->other_pro[nid + 1]);
	}
	if (entries_prune(mx))
		goto out;
	fix_names(mx);
	/* each node's named rows by path, "other" after them */
	for (start = 0; start < mx->nr_rows; start = j) {
		for (j = start; j < mx->nr_rows && mx->rows[j].nid == mx->rows[start].nid; j++)
			;
		i = j;
		if (!strcmp(mx->rows[j - 1].memcg, METRICS_OTHER))
			i = j - 1;
		qsort(&mx->rows[start], i - start, sizeof(*mx->rows), cmp_rows);
	}
	if (mx->nr_pro)
		qsort(mx->pro, mx->nr_pro, sizeof(*mx->pro), cmp_pro);
	mx->events_lost = m->ev_lost;
	mx->samples++;
	err = 0;
out:
	if (err)
		mx->nr_rows = mx->nr_pro = 0;
	free(rk);
	free(top);
	free(parent);
	free(order);
	free(csum);
	return err;
}

/**
 * metrics_label_value() - append a label value, escaped, in double quotes
 * @out: where
 * @s: the value, such as a memcg path
 *
 * A backslash, a double quote and a newline are escaped as both text
 * formats want: a backslash before the first two, and a newline as a
 * backslash and n. A byte that is not UTF-8, which Prometheus
 * refuses in a label, is written as the four characters \xNN (its
 * backslash escaped), so that two paths stay two label values.
 *
 * Return: 0, or -ENOMEM.
 */
int metrics_label_value(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (buf_add(out, "\"", 1))
		return -ENOMEM;
	while (n) {
		int len = utf8_len(p, n);
		int err;

		if (!len)
			err = buf_printf(out, "\\\\x%02x", *p);
		else if (*p == '\\')
			err = buf_add(out, "\\\\", 2);
		else if (*p == '"')
			err = buf_add(out, "\\\"", 2);
		else if (*p == '\n')
			err = buf_add(out, "\\n", 2);
		else
			err = buf_add(out, (const char *)p, len);
		if (err)
			return -ENOMEM;
		len = len ? len : 1;
		p += len;
		n -= len;
	}
	return buf_add(out, "\"", 1);
}

/* labels of one sample; a field left at its "none" value is not written */
struct labels {
	int nid;		/* NO_NODE: none; -1: "all" */
	const char *memcg;	/* NULL: none */
	int type;		/* -1: none */
	int age;		/* -1: none; an index of metrics_age_le_s, or the last for +Inf */
	const char *key;	/* NULL: none; else one more label, key=value */
	const char *value;
};

#define NO_NODE (-2)

static int put_labels(struct buf *b, const struct labels *l)
{
	const char *sep = "{";
	int err = 0;

	if (l->nid != NO_NODE) {
		if (l->nid < 0)
			err |= buf_printf(b, "%snode=\"all\"", sep);
		else
			err |= buf_printf(b, "%snode=\"%d\"", sep, l->nid);
		sep = ",";
	}
	if (l->memcg) {
		err |= buf_printf(b, "%smemcg=", sep);
		err |= metrics_label_value(b, l->memcg);
		sep = ",";
	}
	if (l->type >= 0) {
		err |= buf_printf(b, "%stype=\"%s\"", sep, type_names[l->type]);
		sep = ",";
	}
	if (l->age >= 0) {
		if (l->age < METRICS_NR_AGES - 1)
			err |= buf_printf(b, "%sage_le=\"%llu\"", sep,
					  (unsigned long long)metrics_age_le_s[l->age]);
		else
			err |= buf_printf(b, "%sage_le=\"+Inf\"", sep);
		sep = ",";
	}
	if (l->key) {
		err |= buf_printf(b, "%s%s=", sep, l->key);
		err |= metrics_label_value(b, l->value);
		sep = ",";
	}
	if (*sep == ',')
		err |= buf_add(b, "}", 1);
	return err ? -ENOMEM : 0;
}

/**
 * struct family - one metric family
 * @name: its name; a counter's without "_total"
 * @type: "gauge", "counter" or "stateset" (a gauge in Prometheus text)
 * @unit: its unit for OpenMetrics' UNIT line ("bytes", "seconds"), or NULL
 * @help: what it is
 */
struct family {
	const char *name;
	const char *type;
	const char *unit;
	const char *help;
};

static bool is_counter(const struct family *f)
{
	return !strcmp(f->type, "counter");
}

/*
 * HELP, TYPE and (OpenMetrics) UNIT of a family. No help text has a
 * backslash or a double quote, which OpenMetrics would want escaped.
 */
static int put_head(struct buf *b, enum metrics_format fmt, const struct family *f)
{
	const char *total = is_counter(f) && fmt == METRICS_PROMETHEUS ? "_total" : "";
	const char *type = f->type;
	int err = 0;

	/* OpenMetrics' state sets have no type in 0.0.4: a gauge of 0 and 1 */
	if (!strcmp(type, "stateset") && fmt == METRICS_PROMETHEUS)
		type = "gauge";
	err |= buf_printf(b, "# HELP %s%s %s\n", f->name, total, f->help);
	err |= buf_printf(b, "# TYPE %s%s %s\n", f->name, total, type);
	if (fmt == METRICS_OPENMETRICS && f->unit)
		err |= buf_printf(b, "# UNIT %s %s\n", f->name, f->unit);
	return err ? -ENOMEM : 0;
}

static int put_u64(struct buf *b, const struct family *f, const struct labels *l, uint64_t v)
{
	int err = buf_printf(b, "%s%s", f->name, is_counter(f) ? "_total" : "");

	err |= put_labels(b, l);
	err |= buf_printf(b, " %llu\n", (unsigned long long)v);
	return err ? -ENOMEM : 0;
}

static int put_double(struct buf *b, const struct family *f, const struct labels *l, double v)
{
	int err = buf_printf(b, "%s%s", f->name, is_counter(f) ? "_total" : "");

	err |= put_labels(b, l);
	err |= buf_printf(b, " %.17g\n", v);
	return err ? -ENOMEM : 0;
}

enum row_value {
	RV_LRU, RV_AGE, RV_WS, RV_COLD, RV_UNCERTAIN, RV_OLDEST, RV_REFAULT, RV_EVICTED,
};

static const struct family row_families[] = {
	[RV_LRU] = { "lrugen_lru_bytes", "gauge", "bytes",
		"Memory on the multi-gen LRU of a memcg on a node (lru_gen_full, its own pages, not its descendants')." },
	[RV_AGE] = { "lrugen_lru_age_bytes", "gauge", "bytes",
		"Memory on the LRU last accessed at most age_le seconds ago, estimated from the generations' ages; cumulative like histogram buckets." },
	[RV_WS] = { "lrugen_working_set_bytes", "gauge", "bytes",
		"Memory last accessed within the working-set window (lrugen_working_set_window_seconds), estimated." },
	[RV_COLD] = { "lrugen_cold_bytes", "gauge", "bytes",
		"Memory not accessed within the working-set window, estimated." },
	[RV_UNCERTAIN] = { "lrugen_working_set_uncertain_bytes", "gauge", "bytes",
		"Memory of the generations the window's edge falls in, which the estimate splits: its resolution." },
	[RV_OLDEST] = { "lrugen_oldest_generation_age_seconds", "gauge", "seconds",
		"Age of the oldest generation that holds pages (for memcg other, the largest of its memcgs)." },
	[RV_REFAULT] = { "lrugen_refaulted_bytes", "counter", "bytes",
		"Memory refaulted: evicted, then needed again (memory.numa_stat workingset_refault_*, the memcg's own, not its descendants')." },
	[RV_EVICTED] = { "lrugen_evicted_bytes", "counter", "bytes",
		"Memory evicted from the LRU by any reclaimer (lru_gen_evict events, counted since the exporter started)." },
};

static int put_rows(const struct metrics *mx, struct buf *b, enum metrics_format fmt, int what)
{
	const struct family *f = &row_families[what];
	uint64_t ps = (uint64_t)mx->opts.page_size;
	bool any = false;
	size_t i;
	int t, a, err = 0;

	for (i = 0; i < mx->nr_rows && !err; i++) {
		const struct metrics_row *r = &mx->rows[i];
		struct labels l = { r->nid, r->memcg, -1, -1, NULL, NULL };

		if ((what == RV_AGE || what == RV_WS || what == RV_COLD || what == RV_UNCERTAIN) &&
		    !r->has_wss)
			continue;
		if (what == RV_REFAULT && !r->has_refault)
			continue;
		if (what == RV_EVICTED && !mx->events_live)
			continue;
		if (what == RV_OLDEST && !r->nr_lruvecs)
			continue;
		if (!any)
			err |= put_head(b, fmt, f);
		any = true;
		if (what == RV_OLDEST) {
			err |= put_double(b, f, &l, r->oldest_ms / 1000.0);
			continue;
		}
		for (t = 0; t < LRUGEN_NR_TYPES; t++) {
			l.type = t;
			switch (what) {
			case RV_LRU:
				err |= put_u64(b, f, &l, r->lru_pages[t] * ps);
				break;
			case RV_AGE:
				for (a = 0; a < METRICS_NR_AGES; a++) {
					l.age = a;
					err |= put_u64(b, f, &l, r->age_pages[t][a] * ps);
				}
				break;
			case RV_WS:
				err |= put_u64(b, f, &l, r->ws_pages[t] * ps);
				break;
			case RV_COLD:
				err |= put_u64(b, f, &l, r->cold_pages[t] * ps);
				break;
			case RV_UNCERTAIN:
				err |= put_u64(b, f, &l, r->uncertain_pages[t] * ps);
				break;
			case RV_REFAULT:
				err |= put_u64(b, f, &l, r->refault[t] * ps);
				break;
			case RV_EVICTED:
				err |= put_u64(b, f, &l, r->evicted[t] * ps);
				break;
			}
		}
	}
	return err ? -ENOMEM : 0;
}

enum pro_value { PV_REQUESTS, PV_FAILED, PV_REQUESTED, PV_RECLAIMED };

static const struct family pro_families[] = {
	[PV_REQUESTS] = { "lrugen_proactive_requests", "counter", NULL,
		"Proactive reclaim requests that ended (nodeN/reclaim per node; node all: memory.reclaim, every node)." },
	[PV_FAILED] = { "lrugen_proactive_failed_requests", "counter", NULL,
		"Proactive reclaim requests that returned an error (such as EAGAIN: less reclaimed than asked)." },
	[PV_REQUESTED] = { "lrugen_proactive_requested_bytes", "counter", "bytes",
		"Memory proactive reclaim requests asked for." },
	[PV_RECLAIMED] = { "lrugen_proactive_reclaimed_bytes", "counter", "bytes",
		"Memory proactive reclaim requests reclaimed." },
};

static int put_pro(const struct metrics *mx, struct buf *b, enum metrics_format fmt, int what)
{
	const struct family *f = &pro_families[what];
	uint64_t ps = (uint64_t)mx->opts.page_size;
	size_t i;
	int err = 0;

	if (!mx->events_live)
		return 0;
	err |= put_head(b, fmt, f);
	for (i = 0; i < mx->nr_pro; i++) {
		const struct metrics_proactive *p = &mx->pro[i];
		struct labels l = { p->nid, p->memcg, -1, -1, NULL, NULL };
		uint64_t v = what == PV_REQUESTS ? p->requests : what == PV_FAILED ? p->failed :
			     what == PV_REQUESTED ? p->requested * ps : p->reclaimed * ps;

		err |= put_u64(b, f, &l, v);
	}
	return err ? -ENOMEM : 0;
}

static const struct family
	fam_samples = { "lrugen_exporter_samples", "counter", NULL,
		"Samples the exporter took of lru_gen_full and the counters." },
	fam_sample_s = { "lrugen_exporter_sample_duration_seconds", "gauge", "seconds",
		"How long the last sample took." },
	fam_sampled_at = { "lrugen_exporter_last_sample_timestamp_seconds", "gauge", "seconds",
		"When the last sample was taken, in seconds since the epoch." },
	fam_events = { "lrugen_exporter_events_live", "gauge", NULL,
		"1 when the counters made of lru_gen events are kept (a tracefs instance), else 0." },
	fam_lost = { "lrugen_exporter_events_lost", "counter", NULL,
		"Events the tracefs ring buffer lost: the event counters are short by them." },
	fam_window = { "lrugen_working_set_window_seconds", "gauge", "seconds",
		"The working-set window of lrugen_working_set_bytes and lrugen_cold_bytes (-w)." },
	fam_memcgs = { "lrugen_memcgs", "gauge", NULL,
		"Memcgs with an lruvec on the node." },
	fam_other = { "lrugen_other_memcgs", "gauge", NULL,
		"Memcgs of the node summed into memcg other (beyond --top, or removed)." },
	fam_node_refault = { "lrugen_node_refaulted_bytes", "counter", "bytes",
		"Memory refaulted on the node (nodeN/vmstat workingset_refault_*)." },
	fam_node_pro = { "lrugen_node_proactive_reclaimed_bytes", "counter", "bytes",
		"Memory proactive reclaim reclaimed on the node (nodeN/vmstat pgsteal_proactive_node)." },
	fam_node_pro_scan = { "lrugen_node_proactive_scanned_bytes", "counter", "bytes",
		"Memory proactive reclaim scanned on the node (nodeN/vmstat pgscan_proactive_node)." },
	fam_kswapd = { "lrugen_kswapd_cpu_seconds", "counter", "seconds",
		"CPU time of the node's kswapd (/proc/PID/stat utime + stime)." };

/* lrugen autoreclaim's families; Documentation/guide/exporter.rst has why each is so */
static const struct family
	fam_ar_up = { "lrugen_autoreclaim_up", "gauge", NULL,
		"1 when a running lrugen autoreclaim's state file was read; 0 when there is none, or its writer is gone." },
	fam_ar_start = { "lrugen_autoreclaim_start_time_seconds", "gauge", "seconds",
		"When the running controller started, in seconds since the epoch: a change is a restart, and its counters start again from 0." },
	fam_ar_written = { "lrugen_autoreclaim_last_write_timestamp_seconds", "gauge", "seconds",
		"When the controller last wrote its state file (once a period), in seconds since the epoch." },
	fam_ar_age = { "lrugen_autoreclaim_target_age_seconds", "gauge", "seconds",
		"The controller's target age (-a): memory not accessed for longer is reclaimed." },
	fam_ar_period = { "lrugen_autoreclaim_period_seconds", "gauge", "seconds",
		"Time between the controller's decisions (-d)." },
	fam_ar_dry = { "lrugen_autoreclaim_dry_run", "gauge", NULL,
		"1 when the controller only says what it would reclaim (-n), else 0." },
	fam_ar_maxprom = { "lrugen_autoreclaim_max_promotion_ratio", "gauge", NULL,
		"The promotion rate above which the controller backs off (--max-promotion), a ratio." },
	fam_ar_maxpsi = { "lrugen_autoreclaim_max_psi_ratio", "gauge", NULL,
		"The memory pressure above which the controller backs off (--max-psi), a ratio." },
	fam_ar_lruvecs = { "lrugen_autoreclaim_lruvecs", "gauge", NULL,
		"Lruvecs (memcg x node) the controller watches, by what it did to them last period." },
	fam_ar_state = { "lrugen_autoreclaim_state", "stateset", NULL,
		"What the controller did to the memcg on the node last period: 1 for that state, 0 for the others." };

enum ar_value {
	AV_REQUESTS, AV_REQUESTED, AV_RECLAIMED, AV_BACKOFFS, AV_COLD, AV_WS, AV_PROMOTION,
	AV_PSI, AV_LEFT, AV_NR,
};

static const struct family ar_families[AV_NR] = {
	[AV_REQUESTS] = { "lrugen_autoreclaim_requests", "counter", NULL,
		"Reclaim requests the controller wrote to nodeN/reclaim for the memcg, since it started." },
	[AV_REQUESTED] = { "lrugen_autoreclaim_requested_bytes", "counter", "bytes",
		"Memory the controller's requests asked for, since it started." },
	[AV_RECLAIMED] = { "lrugen_autoreclaim_reclaimed_bytes", "counter", "bytes",
		"Memory the controller's requests reclaimed, since it started." },
	[AV_BACKOFFS] = { "lrugen_autoreclaim_backoffs", "counter", NULL,
		"Back-offs of the controller, by the bound that was passed, since it started." },
	[AV_COLD] = { "lrugen_autoreclaim_cold_bytes", "gauge", "bytes",
		"Memory of the memcg's subtree on the node older than the target age, of the types the swappiness lets go, as the controller saw it." },
	[AV_WS] = { "lrugen_autoreclaim_working_set_bytes", "gauge", "bytes",
		"Memory of the memcg's subtree on the node younger than the target age, as the controller saw it." },
	[AV_PROMOTION] = { "lrugen_autoreclaim_promotion_ratio", "gauge", NULL,
		"The memcg's refaults over the last minute as a share of its working set, as the controller measured it." },
	[AV_PSI] = { "lrugen_autoreclaim_psi_ratio", "gauge", NULL,
		"Share of the controller's last period in which some task of the memcg stalled on memory (memory.pressure)." },
	[AV_LEFT] = { "lrugen_autoreclaim_backoff_remaining_seconds", "gauge", "seconds",
		"Time left in the current back-off; 0 when there is none." },
};

static const char *const ar_reasons[METRICS_AR_NR_REASONS] = {
	[METRICS_AR_PROMOTION] = "promotion-above-bound",
	[METRICS_AR_PSI] = "psi-above-bound",
};

static int put_ar_rows(const struct metrics *mx, struct buf *b, enum metrics_format fmt, int what)
{
	const struct family *f = &ar_families[what];
	size_t i;
	int r, err = 0;

	err |= put_head(b, fmt, f);
	for (i = 0; i < mx->ar.nr_rows; i++) {
		const struct metrics_ar_row *row = &mx->ar.rows[i];
		const struct arstate_lruvec *v = &row->lv;
		struct labels l = { row->nid, row->memcg, -1, -1, NULL, NULL };

		switch (what) {
		case AV_REQUESTS:
			err |= put_u64(b, f, &l, v->requests);
			break;
		case AV_REQUESTED:
			err |= put_u64(b, f, &l, v->requested);
			break;
		case AV_RECLAIMED:
			err |= put_u64(b, f, &l, v->reclaimed);
			break;
		case AV_BACKOFFS:
			l.key = "reason";
			for (r = 0; r < METRICS_AR_NR_REASONS; r++) {
				l.value = ar_reasons[r];
				err |= put_u64(b, f, &l, r == METRICS_AR_PROMOTION ?
					       v->backoffs_promotion : v->backoffs_psi);
			}
			break;
		case AV_COLD:
			err |= put_u64(b, f, &l, v->cold);
			break;
		case AV_WS:
			err |= put_u64(b, f, &l, v->ws);
			break;
		case AV_PROMOTION:
			err |= put_double(b, f, &l, v->promotion_pct / 100);
			break;
		case AV_PSI:
			err |= put_double(b, f, &l, v->psi_pct / 100);
			break;
		case AV_LEFT:
			err |= put_double(b, f, &l, v->backoff_left_ms / 1000.0);
			break;
		}
	}
	return err ? -ENOMEM : 0;
}

/*
 * The controller's families: lrugen_autoreclaim_up always; the rest only
 * while a running controller's file is read, so that a dead controller's
 * last decisions do not look current.
 */
static int put_autoreclaim(const struct metrics *mx, struct buf *b, enum metrics_format fmt)
{
	const struct labels none = { NO_NODE, NULL, -1, -1, NULL, NULL };
	const struct metrics_ar *ar = &mx->ar;
	size_t i;
	int nid, s, w, err = 0;

	err |= put_head(b, fmt, &fam_ar_up);
	err |= put_u64(b, &fam_ar_up, &none, ar->up);
	if (!ar->up)
		return err ? -ENOMEM : 0;
	if (ar->start_s > 0) {
		err |= put_head(b, fmt, &fam_ar_start);
		err |= put_double(b, &fam_ar_start, &none, ar->start_s);
	}
	if (ar->written_s > 0) {
		err |= put_head(b, fmt, &fam_ar_written);
		err |= put_double(b, &fam_ar_written, &none, ar->written_s);
	}
	err |= put_head(b, fmt, &fam_ar_age);
	err |= put_double(b, &fam_ar_age, &none, ar->age_ms / 1000.0);
	err |= put_head(b, fmt, &fam_ar_period);
	err |= put_double(b, &fam_ar_period, &none, ar->period_ms / 1000.0);
	err |= put_head(b, fmt, &fam_ar_dry);
	err |= put_u64(b, &fam_ar_dry, &none, ar->dry_run);
	err |= put_head(b, fmt, &fam_ar_maxprom);
	err |= put_double(b, &fam_ar_maxprom, &none, ar->max_promotion_pct / 100);
	err |= put_head(b, fmt, &fam_ar_maxpsi);
	err |= put_double(b, &fam_ar_maxpsi, &none, ar->max_psi_pct / 100);

	err |= put_head(b, fmt, &fam_ar_lruvecs);
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		uint32_t n = 0;

		for (s = 0; s < AR_NR_STATES; s++)
			n += ar->nr_state[nid][s];
		for (s = 0; s < AR_NR_STATES && n; s++) {
			struct labels l = { nid, NULL, -1, -1, "state", arstate_name(s) };

			err |= put_u64(b, &fam_ar_lruvecs, &l, ar->nr_state[nid][s]);
		}
	}
	/* a state set: one series per state, the label named as the family */
	err |= put_head(b, fmt, &fam_ar_state);
	for (i = 0; i < ar->nr_rows; i++) {
		const struct metrics_ar_row *row = &ar->rows[i];
		struct labels l = { row->nid, row->memcg, -1, -1, fam_ar_state.name, NULL };

		if (!strcmp(row->memcg, METRICS_OTHER))
			continue;
		for (s = 0; s < AR_NR_STATES; s++) {
			l.value = arstate_name(s);
			err |= put_u64(b, &fam_ar_state, &l, row->lv.state == (enum arstate_state)s);
		}
	}
	for (w = 0; w < AV_NR; w++)
		err |= put_ar_rows(mx, b, fmt, w);
	return err ? -ENOMEM : 0;
}

/**
 * metrics_format() - write the last sample as exposition text
 * @mx: the state, after metrics_sample()
 * @fmt: METRICS_PROMETHEUS (text 0.0.4) or METRICS_OPENMETRICS (1.0.0,
 *       with UNIT lines, counters' families named without "_total", and
 *       "# EOF")
 * @out: where; emptied first
 *
 * Every family's samples come together, after its HELP and TYPE lines;
 * sizes in bytes, times in seconds, label values escaped
 * (metrics_label_value()). A family with no sample is left out, except
 * the proactive ones while events are kept.
 *
 * Return: 0, or -ENOMEM.
 */
int metrics_format(const struct metrics *mx, enum metrics_format fmt, struct buf *out)
{
	const struct labels none = { NO_NODE, NULL, -1, -1, NULL, NULL };
	uint64_t ps = (uint64_t)mx->opts.page_size;
	int nid, t, i, err = 0;

	out->len = 0;
	err |= buf_add(out, "", 0);
	err |= put_head(out, fmt, &fam_samples);
	err |= put_u64(out, &fam_samples, &none, mx->samples);
	err |= put_head(out, fmt, &fam_sample_s);
	err |= put_double(out, &fam_sample_s, &none, mx->sample_s);
	err |= put_head(out, fmt, &fam_sampled_at);
	err |= put_double(out, &fam_sampled_at, &none, mx->sampled_at);
	err |= put_head(out, fmt, &fam_events);
	err |= put_u64(out, &fam_events, &none, mx->events_live);
	if (mx->events_live) {
		err |= put_head(out, fmt, &fam_lost);
		err |= put_u64(out, &fam_lost, &none, mx->events_lost);
	}
	err |= put_head(out, fmt, &fam_window);
	err |= put_double(out, &fam_window, &none, mx->opts.window_ms / 1000.0);

	err |= put_head(out, fmt, &fam_memcgs);
	for (nid = 0; nid < mx->nr_nodes; nid++) {
		struct labels l = { nid, NULL, -1, -1, NULL, NULL };

		if (mx->nodes[nid].present)
			err |= put_u64(out, &fam_memcgs, &l, mx->memcgs[nid]);
	}
	err |= put_head(out, fmt, &fam_other);
	for (nid = 0; nid < mx->nr_nodes; nid++) {
		struct labels l = { nid, NULL, -1, -1, NULL, NULL };
		size_t r, n = 0;

		if (!mx->nodes[nid].present)
			continue;
		for (r = 0; r < mx->nr_rows; r++)
			if (mx->rows[r].nid == nid && !strcmp(mx->rows[r].memcg, METRICS_OTHER))
				n = mx->rows[r].nr_lruvecs;
		err |= put_u64(out, &fam_other, &l, n);
	}
	err |= put_head(out, fmt, &fam_node_refault);
	for (nid = 0; nid < mx->nr_nodes; nid++)
		for (t = 0; t < LRUGEN_NR_TYPES && mx->nodes[nid].present; t++) {
			struct labels l = { nid, NULL, t, -1, NULL, NULL };
			const struct lrugen_node *n = &mx->nodes[nid];

			err |= put_u64(out, &fam_node_refault, &l,
				       (t == LRUGEN_ANON ? n->refault_anon : n->refault_file) * ps);
		}
	err |= put_head(out, fmt, &fam_node_pro);
	for (nid = 0; nid < mx->nr_nodes; nid++) {
		struct labels l = { nid, NULL, -1, -1, NULL, NULL };

		if (mx->nodes[nid].present)
			err |= put_u64(out, &fam_node_pro, &l, mx->nodes[nid].pgsteal_proactive_node * ps);
	}
	err |= put_head(out, fmt, &fam_node_pro_scan);
	for (nid = 0; nid < mx->nr_nodes; nid++) {
		struct labels l = { nid, NULL, -1, -1, NULL, NULL };

		if (mx->nodes[nid].present)
			err |= put_u64(out, &fam_node_pro_scan, &l, mx->nodes[nid].pgscan_proactive_node * ps);
	}
	for (nid = 0, i = 0; nid < mx->nr_nodes; nid++) {
		struct labels l = { nid, NULL, -1, -1, NULL, NULL };

		if (!mx->nodes[nid].present || !mx->nodes[nid].kswapd_pid)
			continue;
		if (!i++)
			err |= put_head(out, fmt, &fam_kswapd);
		err |= put_double(out, &fam_kswapd, &l,
				  (double)mx->nodes[nid].kswapd_ticks / mx->opts.ticks_per_s);
	}
	for (i = RV_LRU; i <= RV_EVICTED; i++)
		err |= put_rows(mx, out, fmt, i);
	for (i = PV_REQUESTS; i <= PV_RECLAIMED; i++)
		err |= put_pro(mx, out, fmt, i);
	err |= put_autoreclaim(mx, out, fmt);
	if (fmt == METRICS_OPENMETRICS)
		err |= buf_add(out, "# EOF\n", 6);
	return err ? -ENOMEM : 0;
}

/**
 * metrics_content_type() - the Content-Type of a format
 * @fmt: the format
 *
 * Return: the header's value.
 */
const char *metrics_content_type(enum metrics_format fmt)
{
	return fmt == METRICS_OPENMETRICS ? "application/openmetrics-text; version=1.0.0; charset=utf-8" :
					    "text/plain; version=0.0.4; charset=utf-8";
}

/**
 * metrics_negotiate() - the format a scraper asks for
 * @accept: its Accept header's value, or NULL
 *
 * Return: METRICS_OPENMETRICS when @accept names
 * application/openmetrics-text without q=0, else METRICS_PROMETHEUS.
 */
enum metrics_format metrics_negotiate(const char *accept)
{
	const char *p = accept;

	while (p && *p) {
		size_t len = strcspn(p, ",");
		const char *q;

		while (*p == ' ' || *p == '\t')
			p++, len--;
		if (!strncasecmp(p, "application/openmetrics-text", 28)) {
			/* q=0 means "not this one" */
			q = strstr(p, "q=");
			if (!q || q >= p + len || strtod(q + 2, NULL) > 0)
				return METRICS_OPENMETRICS;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return METRICS_PROMETHEUS;
}

/**
 * metrics_parse_numa_stat() - one line of memory.numa_stat
 * @buf: the file's contents, ended by a NUL
 * @key: the line's name, such as "workingset_refault_anon"
 * @per_node: set per node from its "N<nid>=<value>" fields; nodes the
 *            line does not name are left alone
 * @nr_nodes: entries at @per_node
 *
 * Return: 0, or -1 when no line has @key or a field of it is malformed.
 */
int metrics_parse_numa_stat(const char *buf, const char *key, uint64_t *per_node, int nr_nodes)
{
	size_t klen = strlen(key);
	const char *p = buf;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ' ') {
			p += klen;
			while (*p == ' ') {
				unsigned long long v;
				char *end;
				long nid;

				p++;
				if (*p != 'N')
					return -1;
				errno = 0;
				nid = strtol(p + 1, &end, 10);
				if (end == p + 1 || *end != '=' || errno)
					return -1;
				p = end + 1;
				if (*p < '0' || *p > '9')
					return -1;
				v = strtoull(p, &end, 10);
				if (errno)
					return -1;
				p = end;
				if (nid >= 0 && nid < nr_nodes)
					per_node[nid] = v;
			}
			return *p == '\n' || !*p ? 0 : -1;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/**
 * metrics_read_refaults() - read every memcg's memory.numa_stat
 * @m: the model, whose lruvecs name the memcgs
 * @rf: filled: per memcg, its hierarchical refaults per node and type;
 *      metrics_refaults_free() frees it
 *
 * Reads lrugen_root/sys/fs/cgroup/PATH/memory.numa_stat once per memcg. A
 * memcg whose file is missing or malformed (removed since, cgroup v1, a
 * kernel without NUMA) is marked as not read.
 *
 * Return: the memcgs read, or -ENOMEM.
 */
int metrics_read_refaults(const struct lrugen_model *m, struct metrics_refaults *rf)
{
	struct buf b = { 0 };
	size_t i, n = 0;
	int read = 0;

	memset(rf, 0, sizeof(*rf));
	rf->path = calloc(m->nr_lruvecs + 1, sizeof(*rf->path));
	rf->hier = calloc(m->nr_lruvecs + 1, sizeof(*rf->hier));
	rf->has = calloc(m->nr_lruvecs + 1, sizeof(*rf->has));
	if (!rf->path || !rf->hier || !rf->has) {
		metrics_refaults_free(rf);
		return -ENOMEM;
	}
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];
		uint64_t val[LRUGEN_MAX_NODES];
		char path[4096 + 256];
		int t;

		/* lru_gen_full lists a memcg's nodes one after the other */
		if (n && !strcmp(rf->path[n - 1], v->path))
			continue;
		if (!v->memcg_id)
			continue;
		rf->path[n] = v->path;
		snprintf(path, sizeof(path), "%s/sys/fs/cgroup%s%smemory.numa_stat", lrugen_root,
			 v->path, strcmp(v->path, "/") ? "/" : "");
		rf->has[n] = !read_file(path, &b);
		for (t = 0; t < LRUGEN_NR_TYPES && rf->has[n]; t++) {
			int nid;

			memset(val, 0, sizeof(val));
			if (metrics_parse_numa_stat(b.data, t == LRUGEN_ANON ? "workingset_refault_anon" :
						    "workingset_refault_file", val, LRUGEN_MAX_NODES)) {
				rf->has[n] = false;
				break;
			}
			for (nid = 0; nid < LRUGEN_MAX_NODES; nid++)
				rf->hier[n][nid][t] = val[nid];
		}
		read += rf->has[n];
		n++;
	}
	rf->nr = n;
	buf_free(&b);
	return read;
}

/**
 * metrics_refaults_free() - free what metrics_read_refaults() filled
 * @rf: the refaults; left empty
 */
void metrics_refaults_free(struct metrics_refaults *rf)
{
	free(rf->path);
	free(rf->hier);
	free(rf->has);
	memset(rf, 0, sizeof(*rf));
}

/* by node, then memcg id: the watched memcgs keep their order as long as they are watched */
static int cmp_ar(const void *a, const void *b)
{
	const struct arstate_lruvec *x = *(const struct arstate_lruvec *const *)a;
	const struct arstate_lruvec *y = *(const struct arstate_lruvec *const *)b;

	if (x->nid != y->nid)
		return x->nid < y->nid ? -1 : 1;
	return x->memcg_id < y->memcg_id ? -1 : x->memcg_id > y->memcg_id;
}

/* the counters of a record, in struct metrics_ar_seen's order */
static void ar_counters(const struct arstate_lruvec *v, uint64_t c[5])
{
	c[0] = v->requests;
	c[1] = v->requested;
	c[2] = v->reclaimed;
	c[3] = v->backoffs_promotion;
	c[4] = v->backoffs_psi;
}

static struct metrics_ar_seen *ar_seen(struct metrics_ar *ar, int nid, uint64_t memcg_id)
{
	size_t i;

	for (i = 0; i < ar->nr_seen; i++)
		if (ar->seen[i].nid == nid && ar->seen[i].memcg_id == memcg_id)
			return &ar->seen[i];
	if (array_grow((void **)&ar->seen, &ar->seen_cap, ar->nr_seen + 1, sizeof(*ar->seen)))
		return NULL;
	memset(&ar->seen[ar->nr_seen], 0, sizeof(*ar->seen));
	ar->seen[ar->nr_seen].nid = nid;
	ar->seen[ar->nr_seen].memcg_id = memcg_id;
	return &ar->seen[ar->nr_seen++];
}

static struct metrics_ar_row *ar_row_new(struct metrics *mx, int nid, const char *name)
{
	struct metrics_ar *ar = &mx->ar;
	struct metrics_ar_row *r;
	size_t off = mx->ar_names.len;

	if (array_grow((void **)&ar->rows, &ar->rows_cap, ar->nr_rows + 1, sizeof(*ar->rows)) ||
	    buf_add(&mx->ar_names, name, strlen(name) + 1))
		return NULL;
	r = &ar->rows[ar->nr_rows++];
	memset(r, 0, sizeof(*r));
	r->nid = nid;
	r->memcg = (const char *)(uintptr_t)off;	/* an offset until the names are complete */
	return r;
}

/*
 * "other" of node @nid: its counters are the last ones of every lruvec it
 * summed since the controller started, gone ones too, so that they never
 * go back.
 */
static void ar_other_counters(const struct metrics_ar *ar, int nid, struct arstate_lruvec *o)
{
	size_t i;

	for (i = 0; i < ar->nr_seen; i++) {
		const struct metrics_ar_seen *e = &ar->seen[i];

		if (e->nid != nid)
			continue;
		o->requests += e->c[0];
		o->requested += e->c[1];
		o->reclaimed += e->c[2];
		o->backoffs_promotion += e->c[3];
		o->backoffs_psi += e->c[4];
	}
}

/**
 * metrics_autoreclaim() - take lrugen autoreclaim's decisions into the sample
 * @mx: the state
 * @st: the state file of a running controller (metrics_read_autoreclaim()),
 *      or NULL when no controller is running
 * @start_s: when it started, seconds since the epoch; 0 when not known
 * @written_s: when it wrote @st, likewise
 *
 * Makes a row per watched lruvec for the first --top memcgs of each node
 * by cgroup id (ids never change, so a memcg keeps its series for as long
 * as it is watched), and sums the others of the node into "other" (see
 * struct metrics_ar_row). The counters are the controller's own, since it
 * started; those of "other" are summed by the exporter, which forgets
 * them when the controller's pid changes, as the controller's own start
 * again. Without @st, lrugen_autoreclaim_up is 0 and nothing else of the
 * controller is written.
 *
 * Return: 0, or -ENOMEM (the controller then shows as not up).
 */
int metrics_autoreclaim(struct metrics *mx, const struct arstate *st, double start_s,
			double written_s)
{
	struct metrics_ar *ar = &mx->ar;
	const struct arstate_lruvec **v = NULL;
	size_t i, j, start, n = 0;
	int err = -ENOMEM;

	ar->nr_rows = 0;
	mx->ar_names.len = 0;
	memset(ar->nr_state, 0, sizeof(ar->nr_state));
	if (!st || (ar->up && st->pid != ar->pid))
		ar->nr_seen = 0;	/* a new controller: its counters start again */
	ar->up = false;
	if (!st)
		return 0;
	v = malloc((st->nr + 1) * sizeof(*v));
	if (!v)
		goto out;
	for (i = 0; i < st->nr; i++) {
		const struct arstate_lruvec *lv = &st->lruvecs[i];

		/* a record this exporter cannot label is left out */
		if (lv->nid < 0 || lv->nid >= LRUGEN_MAX_NODES || (unsigned int)lv->state >= AR_NR_STATES)
			continue;
		ar->nr_state[lv->nid][lv->state]++;
		v[n++] = lv;
	}
	qsort(v, n, sizeof(*v), cmp_ar);
	for (start = 0; start < n; start = j) {
		int nid = v[start]->nid;
		struct metrics_ar_row *o = NULL;
		size_t shown = 0;

		for (j = start; j < n && v[j]->nid == nid; j++) {
			struct metrics_ar_row *r;
			struct metrics_ar_seen *e;

			if (mx->opts.top <= 0 || shown < (size_t)mx->opts.top) {
				r = ar_row_new(mx, nid, v[j]->path);
				if (!r)
					goto out;
				r->lv = *v[j];
				shown++;
				continue;
			}
			e = ar_seen(ar, nid, v[j]->memcg_id);
			if (!e)
				goto out;
			ar_counters(v[j], e->c);
			if (!o) {
				o = ar_row_new(mx, nid, METRICS_OTHER);
				if (!o)
					goto out;
			}
			o->lv.cold += v[j]->cold;
			o->lv.ws += v[j]->ws;
			o->lv.promotion_pct = fmax(o->lv.promotion_pct, v[j]->promotion_pct);
			o->lv.psi_pct = fmax(o->lv.psi_pct, v[j]->psi_pct);
			if (v[j]->backoff_left_ms > o->lv.backoff_left_ms)
				o->lv.backoff_left_ms = v[j]->backoff_left_ms;
		}
		if (o)
			ar_other_counters(ar, nid, &o->lv);
	}
	/* a node whose "other" has no member left: its counters go on */
	for (i = 0; i < ar->nr_seen; i++) {
		struct metrics_ar_row *o;
		bool have = false;
		size_t k;

		for (k = 0; k < ar->nr_rows && !have; k++)
			have = ar->rows[k].nid == ar->seen[i].nid &&
			       !strcmp(mx->ar_names.data + (uintptr_t)ar->rows[k].memcg, METRICS_OTHER);
		if (have)
			continue;
		o = ar_row_new(mx, ar->seen[i].nid, METRICS_OTHER);
		if (!o)
			goto out;
		ar_other_counters(ar, ar->seen[i].nid, &o->lv);
	}
	for (i = 0; i < ar->nr_rows; i++)
		ar->rows[i].memcg = mx->ar_names.data + (uintptr_t)ar->rows[i].memcg;
	ar->up = true;
	ar->pid = st->pid;
	ar->age_ms = st->age_ms;
	ar->period_ms = st->period_ms;
	ar->dry_run = st->dry_run;
	ar->max_promotion_pct = st->max_promotion_pct;
	ar->max_psi_pct = st->max_psi_pct;
	ar->start_s = start_s;
	ar->written_s = written_s;
	err = 0;
out:
	if (err) {
		ar->nr_rows = 0;
		memset(ar->nr_state, 0, sizeof(ar->nr_state));
	}
	free(v);
	return err;
}

/*
 * Whether the pid of a state file is a running lrugen, by lrugen_root's
 * /proc/PID/stat; and when it started, when /proc/stat has the boot time.
 * A pid reused by another program, or a zombie, is not running.
 */
static bool ar_writer_runs(pid_t pid, long ticks_per_s, double *start_s)
{
	unsigned long long starttime, btime;
	struct buf b = { 0 };
	char path[4096 + 64];
	const char *lp, *rp, *p;
	char state;
	bool runs = false;

	*start_s = 0;
	snprintf(path, sizeof(path), "%s/proc/%d/stat", lrugen_root, (int)pid);
	if (pid <= 0 || read_file(path, &b))
		goto out;
	lp = strchr(b.data, '(');
	rp = strrchr(b.data, ')');
	if (!lp || !rp || rp - lp - 1 != 6 || strncmp(lp + 1, "lrugen", 6))
		goto out;
	/* after ")": state(3) ... starttime(22) */
	if (sscanf(rp + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		   &state, &starttime) != 2)
		goto out;
	if (state == 'Z' || state == 'X' || state == 'x')
		goto out;
	runs = true;
	snprintf(path, sizeof(path), "%s/proc/stat", lrugen_root);
	if (read_file(path, &b) || ticks_per_s <= 0)
		goto out;
	/* "btime SEC" on a line of its own */
	p = b.data;
	if (strncmp(p, "btime ", 6)) {
		p = strstr(p, "\nbtime ");
		if (p)
			p++;
	}
	if (p && sscanf(p + 6, "%llu", &btime) == 1)
		*start_s = btime + (double)starttime / ticks_per_s;
out:
	buf_free(&b);
	return runs;
}

/**
 * metrics_read_autoreclaim() - read lrugen autoreclaim's state file
 * @path: the file; an absolute path is taken under lrugen_root, as
 *        arstate_read() takes it (ARSTATE_DEFAULT_PATH)
 * @st: filled when 1 is returned; arstate_free() frees it
 * @start_s: set to when its writer started, seconds since the epoch (0
 *           when /proc does not say)
 * @written_s: set to when it was written (its mtime)
 * @ticks_per_s: clock ticks per second, for the start time
 * @err: why not, when 0 or -1 is returned ("" for no file)
 * @errlen: room at @err
 *
 * A file whose writer is not a running lrugen (/proc/PID/stat under
 * lrugen_root) is stale: the controller died without removing it.
 *
 * Return: 1 for a running controller's file, 0 for no file or a stale
 * one, -1 for a file that cannot be read or parsed.
 */
int metrics_read_autoreclaim(const char *path, struct arstate *st, double *start_s,
			     double *written_s, long ticks_per_s, char *err, size_t errlen)
{
	char full[4096 + 256];
	struct stat sb;
	int ret;

	memset(st, 0, sizeof(*st));
	*start_s = *written_s = 0;
	err[0] = 0;
	/* as arstate_read() takes it: an absolute path under lrugen_root */
	snprintf(full, sizeof(full), "%s%s", path[0] == '/' ? lrugen_root : "", path);
	if (stat(full, &sb)) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", full, strerror(errno));
		return -1;
	}
	ret = arstate_read(path, st, err, errlen);
	if (ret == -ENOENT) {
		err[0] = 0;
		return 0;	/* removed since: the controller exited */
	}
	if (ret < 0) {
		arstate_free(st);
		return -1;
	}
	*written_s = sb.st_mtim.tv_sec + sb.st_mtim.tv_nsec / 1e9;
	if (!ar_writer_runs(st->pid, ticks_per_s, start_s)) {
		snprintf(err, errlen, "%s: its writer, pid %d, is not a running lrugen: a stale file, ignored",
			 full, (int)st->pid);
		arstate_free(st);
		return 0;
	}
	return 1;
}
