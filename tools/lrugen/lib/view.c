// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "view.h"
#include "wss.h"

const char *const sort_names[SORT_NR] = {
	[SORT_PATH] = "memcg",
	[SORT_TOTAL] = "pages",
	[SORT_ANON] = "anon",
	[SORT_FILE] = "file",
	[SORT_AGE] = "oldest",
	[SORT_BIRTHS] = "births",
	[SORT_EVICT] = "evict",
	[SORT_WS] = "ws",
	[SORT_COLD] = "cold",
};

/* the working set or the cold pages for lrugen top's window, anon + file */
static uint64_t wss_key(const struct lrugen_lruvec *l, bool cold)
{
	struct wss_estimate e;

	wss_estimate(l, WSS_WINDOW_DEFAULT_MS, &e);
	return wss_sum(cold ? e.cold_pages : e.ws_pages);
}

static double key_of(const struct lrugen_lruvec *l, enum sort_key k)
{
	switch (k) {
	case SORT_TOTAL:
		return (double)(lruvec_pages(l, LRUGEN_ANON) + lruvec_pages(l, LRUGEN_FILE));
	case SORT_ANON:
		return (double)lruvec_pages(l, LRUGEN_ANON);
	case SORT_FILE:
		return (double)lruvec_pages(l, LRUGEN_FILE);
	case SORT_AGE:
		return (double)lruvec_oldest_ms(l);
	case SORT_BIRTHS:
		return l->births_per_min;
	case SORT_EVICT:
		return l->evict_per_s;
	case SORT_WS:
		return (double)wss_key(l, false);
	case SORT_COLD:
		return (double)wss_key(l, true);
	default:
		return 0;
	}
}

/*
 * Tree order: "/a" < "/a/b" < "/a-c": the end of a path sorts first, then
 * '/', then every other byte. (This was not a total order before: "/a/b"
 * also came before "/a", which a merge sort forgave and a heap did not.)
 */
static int path_rank(unsigned char c)
{
	return c == 0 ? 0 : c == '/' ? 1 : c + 1;
}

static int path_cmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return path_rank(*a) - path_rank(*b);
}

/*
 * @keys: per lruvec (by its index in the model), its sort key, computed
 * once per sort; NULL to compute it at each comparison
 */
struct sort_ctx {
	const struct lrugen_model *m;
	const struct view *v;
	const double *keys;
};

/*
 * The sort keys of @rows, for sort_ctx's @keys: the working set and the
 * cold pages take an estimate each, too much to make twice per
 * comparison with 20,000 lruvecs. The buffer is kept from one refresh to
 * the next, grown when the model grows, so that a refresh allocates
 * nothing; NULL when it cannot grow.
 */
static const double *sort_keys(const struct view *v, const struct lrugen_model *m,
			       const size_t *rows, size_t n)
{
	static double *keys;
	static size_t cap;
	size_t i;

	if (v->sort == SORT_PATH)
		return NULL;
	if (cap < m->nr_lruvecs) {
		double *k = realloc(keys, m->nr_lruvecs * sizeof(*k));

		if (!k)
			return NULL;
		keys = k;
		cap = m->nr_lruvecs;
	}
	for (i = 0; i < n; i++)
		keys[rows[i]] = key_of(&m->lruvecs[rows[i]], v->sort);
	return keys;
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *sc = arg;
	const struct lrugen_lruvec *a = &sc->m->lruvecs[*(const size_t *)pa];
	const struct lrugen_lruvec *b = &sc->m->lruvecs[*(const size_t *)pb];
	const struct view *v = sc->v;
	int c = 0;

	if (v->sort != SORT_PATH) {
		const size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
		double ka = sc->keys ? sc->keys[ia] : key_of(a, v->sort);
		double kb = sc->keys ? sc->keys[ib] : key_of(b, v->sort);

		/* biggest first, as in top */
		c = ka < kb ? 1 : ka > kb ? -1 : 0;
	}
	if (!c)
		c = path_cmp(a->path, b->path);
	if (!c)
		c = a->nid - b->nid;
	return v->reverse ? -c : c;
}

/*
 * Rows are sorted on every refresh: in place, with a heap, because glibc's
 * qsort() allocates a scratch buffer for anything but small arrays, and a
 * refresh allocates nothing. row_cmp() orders every pair of rows but
 * identical twins (path and node), so stability does not matter.
 */
static void sift_down(size_t *a, size_t root, size_t n,
		      int (*cmp)(const void *, const void *, void *), void *arg)
{
	for (;;) {
		size_t child = 2 * root + 1, t;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(&a[child], &a[child + 1], arg) < 0)
			child++;
		if (cmp(&a[root], &a[child], arg) >= 0)
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void sort_rows(size_t *a, size_t n, int (*cmp)(const void *, const void *, void *),
		      void *arg)
{
	size_t i, t;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n, cmp, arg);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i, cmp, arg);
	}
}

/**
 * view_is_tree() - whether the view draws the memcg tree
 * @v: the view
 *
 * Return: true if @v->tree is set and the rows are in memcg order; in any
 * other order the tree would not be true, and full paths are shown.
 */
bool view_is_tree(const struct view *v)
{
	return v->tree && v->sort == SORT_PATH;
}

/* plain byte order of (path, node), for looking ancestors up */
static int ident_cmp(const void *pa, const void *pb, void *arg)
{
	const struct lrugen_model *m = arg;
	const struct lrugen_lruvec *a = &m->lruvecs[*(const size_t *)pa];
	const struct lrugen_lruvec *b = &m->lruvecs[*(const size_t *)pb];
	int c = strcmp(a->path, b->path);

	return c ? c : a->nid - b->nid;
}

static const struct lrugen_lruvec *find_path(const struct lrugen_model *m, const size_t *by_ident,
					     const char *path, int nid)
{
	size_t lo = 0, hi = m->nr_lruvecs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct lrugen_lruvec *l = &m->lruvecs[by_ident[mid]];
		int c = strcmp(l->path, path);

		if (!c)
			c = l->nid - nid;
		if (!c)
			return l;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * A filtered tree shows the ancestors of each match too, marked as
 * context, so that indentation never suggests a parent that is not there.
 * Returns the new number of rows, or @n when memory runs out.
 */
static size_t add_ancestors(const struct view *v, const struct lrugen_model *m, size_t *rows,
			    size_t n, bool *context)
{
	struct sort_ctx sc = { .m = m, .v = v };
	size_t *by_ident, i, k = 0;
	char *want;

	by_ident = malloc(m->nr_lruvecs * sizeof(*by_ident));
	want = calloc(m->nr_lruvecs, 1);	/* 1 match, 2 ancestor */
	if (!by_ident || !want)
		goto out;
	for (i = 0; i < m->nr_lruvecs; i++)
		by_ident[i] = i;
	qsort_r(by_ident, m->nr_lruvecs, sizeof(*by_ident), ident_cmp, (void *)m);
	for (i = 0; i < n; i++)
		want[rows[i]] = 1;
	for (i = 0; i < n; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[rows[i]];
		char *path = strdup(l->path), *slash;

		if (!path)
			goto out;
		while ((slash = strrchr(path, '/'))) {
			const struct lrugen_lruvec *a;

			/* "/a/b" -> "/a" -> "/" (the root memcg) -> done */
			if (slash == path) {
				if (!path[1])
					break;
				path[1] = 0;
			} else {
				*slash = 0;
			}
			a = find_path(m, by_ident, path, l->nid);
			if (!a || want[a - m->lruvecs])
				continue;
			want[a - m->lruvecs] = 2;
		}
		free(path);
	}
	for (i = 0; i < m->nr_lruvecs; i++)
		if (want[i])
			rows[k++] = i;
	sort_rows(rows, k, row_cmp, &sc);
	for (i = 0; i < k; i++)
		context[i] = want[rows[i]] == 2;
	n = k;
out:
	free(by_ident);
	free(want);
	return n;
}

/**
 * view_rows_context() - the rows to show, with the ancestors a filtered tree needs
 * @v: the view
 * @m: the model
 * @rows: set to the indexes in @m->lruvecs of the rows, in order; room for
 *        @m->nr_lruvecs entries
 * @context: per row, set to whether it is shown only as an ancestor; room
 *           for @m->nr_lruvecs entries. NULL for no ancestors.
 *
 * The lruvecs that pass the filter and @v->hide_empty (which hides none
 * while @m->counts_unknown), sorted without allocating, but when a model
 * has more lruvecs than any before (the buffer of their sort keys grows).
 * When a filter is set in the tree, the ancestors of each
 * match on the same node are added, marked in @context, so that the
 * indentation never suggests a parent that is not there; if memory runs
 * out for that, the matches alone are shown.
 *
 * Return: the number of rows.
 */
size_t view_rows_context(const struct view *v, const struct lrugen_model *m, size_t *rows,
			 bool *context)
{
	struct sort_ctx sc = { .m = m, .v = v };
	size_t i, n = 0;

	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];

		if (v->filter[0] && !strstr(l->path, v->filter))
			continue;
		/* pages that are not known are not none */
		if (v->hide_empty && !m->counts_unknown &&
		    !lruvec_pages(l, LRUGEN_ANON) && !lruvec_pages(l, LRUGEN_FILE))
			continue;
		rows[n++] = i;
	}
	sc.keys = sort_keys(v, m, rows, n);
	sort_rows(rows, n, row_cmp, &sc);
	if (context) {
		memset(context, 0, m->nr_lruvecs * sizeof(*context));
		if (n && v->filter[0] && view_is_tree(v))
			n = add_ancestors(v, m, rows, n, context);
	}
	return n;
}

/**
 * view_rows() - the rows to show, in order
 * @v: the view
 * @m: the model
 * @rows: set to the indexes in @m->lruvecs of the lruvecs to show; room for
 *        @m->nr_lruvecs entries
 *
 * As view_rows_context() without ancestors.
 *
 * Return: the number of rows.
 */
size_t view_rows(const struct view *v, const struct lrugen_model *m, size_t *rows)
{
	return view_rows_context(v, m, rows, NULL);
}

static double page_bytes(uint64_t pages)
{
	static long psize;

	if (!psize)
		psize = sysconf(_SC_PAGESIZE);
	return (double)pages * psize;
}

/* format_gens(), with "-" for every size when @unknown */
static void gens_text(const struct lrugen_lruvec *l, bool unknown, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = l->nr_gens - 1; i >= 0 && len < size; i--) {
		const struct lrugen_gen *g = &l->gens[i];
		char a[16] = "-", f[16] = "-";

		if (g->evicted[LRUGEN_ANON] && g->evicted[LRUGEN_FILE])
			continue;
		if (!unknown) {
			fmt_bytes(a, sizeof(a), page_bytes(g->pages[LRUGEN_ANON]));
			fmt_bytes(f, sizeof(f), page_bytes(g->pages[LRUGEN_FILE]));
		}
		len += snprintf(buf + len, size - len, "%s%s/%s", len ? " " : "",
				g->evicted[LRUGEN_ANON] ? "x" : a, g->evicted[LRUGEN_FILE] ? "x" : f);
	}
}

/**
 * format_gens() - the generations of an lruvec on one line
 * @l: the lruvec
 * @buf: where the text goes
 * @size: bytes at @buf; the text is cut to fit
 *
 * Youngest first, each as "ANON/FILE" in bytes (fmt_bytes()), with 'x'
 * for a type the generation no longer holds; a generation that holds
 * neither type is left out.
 */
void format_gens(const struct lrugen_lruvec *l, char *buf, size_t size)
{
	gens_text(l, false, buf, size);
}

/**
 * format_header() - the header lines, shared by the text and full-screen views
 * @m: the model
 * @lines: where the lines go, without newlines
 * @max: the most lines to write; LRUGEN_MAX_NODES + 2 is enough for all
 *
 * A line of global values (lru_gen settings, swap, PSI, scan and steal
 * rates), one per present node, and one on events: their counts, or why
 * they are off. A value the source cannot know (@m->counts_unknown) is
 * "-", as is a rate that is not known yet.
 *
 * Return: the number of lines written.
 */
int format_header(const struct lrugen_model *m, char lines[][256], int max)
{
	const struct lrugen_global *g = &m->global;
	char a[16], b[16], c[16], d[16], e[16], f[16], h[16];
	bool unknown = m->counts_unknown;
	int n = 0, nid;

	if (n < max && unknown) {
		snprintf(lines[n++], 256,
			 "lru_gen enabled=- min_ttl_ms=-  swap -/-  psi some %s full %s  scan -/s steal -/s",
			 g->has_psi ? (snprintf(c, sizeof(c), "%.2f", g->psi_some_avg10), c) : "-",
			 g->has_psi ? (snprintf(d, sizeof(d), "%.2f", g->psi_full_avg10), d) : "-");
	} else if (n < max) {
		snprintf(lines[n++], 256,
			 "lru_gen enabled=0x%04x min_ttl_ms=%u  swap %s/%s  psi some %s full %s  scan %s/s steal %s/s",
			 g->enabled, g->min_ttl_ms,
			 fmt_bytes(a, sizeof(a), (double)(g->swap_total - g->swap_free) * 1024),
			 fmt_bytes(b, sizeof(b), (double)g->swap_total * 1024),
			 g->has_psi ? (snprintf(c, sizeof(c), "%.2f", g->psi_some_avg10), c) : "-",
			 g->has_psi ? (snprintf(d, sizeof(d), "%.2f", g->psi_full_avg10), d) : "-",
			 fmt_rate(e, sizeof(e), g->scan_per_s), fmt_rate(f, sizeof(f), g->steal_per_s));
	}
	for (nid = 0; nid < m->nr_nodes && n < max; nid++) {
		const struct lrugen_node *nd = &m->nodes[nid];
		char t[16] = "-", fr[16] = "-", an[16] = "-", fi[16] = "-", k[16], pr[16] = "-";

		if (!nd->present)
			continue;
		if (nd->kswapd_cpu < 0 || unknown)
			snprintf(k, sizeof(k), "-");
		else
			snprintf(k, sizeof(k), "%.1f%%", nd->kswapd_cpu);
		if (!unknown) {
			fmt_bytes(t, sizeof(t), nd->mem_total * 1024.0);
			fmt_bytes(fr, sizeof(fr), nd->mem_free * 1024.0);
			fmt_bytes(an, sizeof(an), nd->anon * 1024.0);
			fmt_bytes(fi, sizeof(fi), nd->file * 1024.0);
			fmt_bytes(pr, sizeof(pr), page_bytes(nd->proactive_total));
		}
		/* scan and steal come from events; the rest from the counters */
		snprintf(lines[n++], 256,
			 "node%d: total %s free %s anon %s file %s  kswapd %s  scan %s/s steal %s/s  refault anon %s/s file %s/s  proactive %s (%s/s)",
			 nid, t, fr, an, fi, k,
			 fmt_rate(a, sizeof(a), nd->scan_per_s), fmt_rate(b, sizeof(b), nd->steal_per_s),
			 fmt_rate(c, sizeof(c), unknown ? LRUGEN_RATE_UNKNOWN : nd->refault_anon_per_s),
			 fmt_rate(d, sizeof(d), unknown ? LRUGEN_RATE_UNKNOWN : nd->refault_file_per_s),
			 pr, nd->proactive_per_s < 0 || unknown ? "-" :
			 fmt_bytes(h, sizeof(h), page_bytes((uint64_t)nd->proactive_per_s)));
	}
	if (n < max) {
		if (m->events_live)
			snprintf(lines[n++], 256,
				 "events: %" PRIu64 " births %" PRIu64 " retirements %" PRIu64 " evictions %" PRIu64 " reclaims, %" PRIu64 " lost",
				 m->ev_count[LRUGEN_EV_BIRTH], m->ev_count[LRUGEN_EV_RETIRE],
				 m->ev_count[LRUGEN_EV_EVICT], m->ev_count[LRUGEN_EV_PROACTIVE],
				 m->ev_lost);
		else
			snprintf(lines[n++], 256, "events: off (%s)",
				 m->notice ? m->notice : "snapshots only");
	}
	return n;
}

/*
 * Each state's word in the AR column, and in full (arstate_name()'s,
 * which the fuzzer, linking the views without the state file's reader,
 * cannot call)
 */
static const char *const ar_words[AR_NR_STATES][2] = {
	[AR_WAIT] = { "wait", "wait" },
	[AR_IDLE] = { "idle", "idle" },
	[AR_RECLAIM] = { "recl", "reclaim" },
	[AR_DRY_RUN] = { "dry", "dry-run" },
	[AR_BACKOFF] = { "back", "backoff" },
	[AR_GONE] = { "gone", "gone" },
	[AR_ERROR] = { "err", "error" },
};

static const char *ar_word(enum arstate_state s, bool full)
{
	return (unsigned int)s < AR_NR_STATES ? ar_words[s][full] : "?";
}

/* whether the memcg at @anc (@len bytes) is a proper ancestor of @path */
static bool is_ancestor(const char *anc, size_t len, const char *path)
{
	if (!len)
		return false;
	if (len == 1 && anc[0] == '/')
		return path[0] == '/' && path[1];
	return !strncmp(path, anc, len) && path[len] == '/';
}

/**
 * view_ar_record() - the controller's record that applies to an lruvec
 * @ar: the controller's state; NULL for none
 * @l: the lruvec
 * @through: set to true when the record is an ancestor's: @l is in the
 *           subtree of a memcg the controller was given, which it ages
 *           and reclaims through that memcg (memcg=ID reclaims the
 *           subtree); false when it is @l's own
 *
 * The controller keeps a record per memcg it was given and node. An
 * lruvec of a given memcg has its own record (same node and cgroup id);
 * an lruvec of a descendant shares the record of its nearest given
 * ancestor on the same node (by path; a gone record has no descendants
 * left). Any other lruvec is not watched.
 *
 * Return: the record, or NULL when the controller does not watch @l.
 */
const struct arstate_lruvec *view_ar_record(const struct arstate *ar,
					    const struct lrugen_lruvec *l, bool *through)
{
	const struct arstate_lruvec *best = NULL;
	size_t i, best_len = 0;

	*through = false;
	if (!ar)
		return NULL;
	for (i = 0; i < ar->nr; i++) {
		const struct arstate_lruvec *r = &ar->lruvecs[i];
		size_t len;

		if (r->nid != l->nid)
			continue;
		if (r->memcg_id && r->memcg_id == l->memcg_id) {
			*through = false;
			return r;
		}
		if (r->state == AR_GONE)
			continue;
		len = strlen(r->path);
		if (len > best_len && is_ancestor(r->path, len, l->path)) {
			best = r;
			best_len = len;
			*through = true;
		}
	}
	return best;
}

/**
 * view_ar_cell() - an lruvec's AR column
 * @ar: the controller's state
 * @l: the lruvec
 * @buf: where the text goes
 * @size: bytes at @buf; 6 is enough
 *
 * The state's word ("recl", "dry", "back", "idle", "wait", "gone", "err")
 * for an lruvec of a memcg the controller was given; the same after a
 * '^' for one it reaches through a given ancestor (view_ar_record());
 * "-" for one it does not watch.
 *
 * Return: @buf.
 */
const char *view_ar_cell(const struct arstate *ar, const struct lrugen_lruvec *l, char *buf,
			 size_t size)
{
	bool through;
	const struct arstate_lruvec *r = view_ar_record(ar, l, &through);

	if (!r)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%s%s", through ? "^" : "", ar_word(r->state, false));
	return buf;
}

static const char *pct(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.2f%%", v);
	return buf;
}

/**
 * view_ar_detail() - what the controller does to an lruvec, for the detail pane
 * @ar: the controller's state; NULL for none
 * @l: the lruvec
 * @lines: where the lines go, each cut to fit
 *
 * First what matters most on a narrow screen: the state and its reason,
 * the given memcg it comes through (for a descendant), the time left in
 * a back-off, and what the controller reclaimed and asked for since it
 * started. Then its inputs: the cold memory and the working set for the
 * target age, the promotion rate and pressure against their bounds, and
 * the back-offs each caused. The figures are the given memcg's on the
 * node: its whole subtree.
 *
 * Return: the lines written: 2, 1 for an lruvec the controller does not
 * watch, 0 without a controller.
 */
int view_ar_detail(const struct arstate *ar, const struct lrugen_lruvec *l,
		   char lines[VIEW_AR_LINES][256])
{
	char age[16], cold[16], ws[16], asked[16], got[16], left[16], p[4][16], name[256];
	char through_path[300] = "", reason[256];
	const struct arstate_lruvec *r;
	bool through;
	int n;

	if (!ar)
		return 0;
	r = view_ar_record(ar, l, &through);
	if (!r) {
		snprintf(lines[0], 256, "autoreclaim: not watched (the controller, pid %d, watches %zu memcg x node)",
			 (int)ar->pid, ar->nr);
		return 1;
	}
	if (through)
		snprintf(through_path, sizeof(through_path), " through %s",
			 fmt_name(name, sizeof(name), r->path));
	if (r->backoff_left_ms)
		snprintf(left, sizeof(left), "; %s left", fmt_ms(age, sizeof(age), r->backoff_left_ms));
	else
		left[0] = 0;
	n = snprintf(lines[0], 256, "autoreclaim: %s (%s)%s%s; reclaimed %s of %s in %" PRIu64 " requests",
		     ar_word(r->state, true),
		     r->reason[0] ? fmt_name(reason, sizeof(reason), r->reason) : "no reason given",
		     through_path, left, fmt_bytes(got, sizeof(got), (double)r->reclaimed),
		     fmt_bytes(asked, sizeof(asked), (double)r->requested), r->requests);
	/* a long memcg path cuts the line: say so at its end */
	if (n >= 256)
		memcpy(lines[0] + 252, "...", 4);
	snprintf(lines[1], 256, "  cold %s, working set %s (age %s); promotion %s (max %s), psi %s (max %s); back-offs: %" PRIu64 " promotion, %" PRIu64 " psi",
		 fmt_bytes(cold, sizeof(cold), (double)r->cold),
		 fmt_bytes(ws, sizeof(ws), (double)r->ws),
		 fmt_ms(age, sizeof(age), r->age_ms ? r->age_ms : ar->age_ms),
		 pct(p[0], sizeof(p[0]), r->promotion_pct), pct(p[1], sizeof(p[1]), ar->max_promotion_pct),
		 pct(p[2], sizeof(p[2]), r->psi_pct), pct(p[3], sizeof(p[3]), ar->max_psi_pct),
		 r->backoffs_promotion, r->backoffs_psi);
	return 2;
}

/**
 * view_ar_header() - the header line on the controller
 * @v: the view, with its controller's state or the warning about it
 * @buf: where the line goes
 * @size: bytes at @buf; the line is cut to fit
 *
 * With a running controller: its pid, target age, period, whether it only
 * logs (dry run), and how many lruvecs it watches are in each state. With
 * a warning: that its state is not shown, and why.
 *
 * Return: 0 for no line, 1 for the controller's, 2 for a warning.
 */
int view_ar_header(const struct view *v, char *buf, size_t size)
{
	size_t n[AR_NR_STATES] = { 0 }, i, len;
	char age[16], period[16];
	int s;

	if (v->ar_warning && v->ar_warning[0]) {
		snprintf(buf, size, "autoreclaim: state not shown: %s", v->ar_warning);
		return 2;
	}
	if (!v->ar)
		return 0;
	for (i = 0; i < v->ar->nr; i++)
		if ((unsigned int)v->ar->lruvecs[i].state < AR_NR_STATES)
			n[v->ar->lruvecs[i].state]++;
	len = snprintf(buf, size, "autoreclaim: pid %d%s  age %s  period %s  %zu memcg x node:",
		       (int)v->ar->pid, v->ar->dry_run ? "  dry run" : "",
		       fmt_ms(age, sizeof(age), v->ar->age_ms),
		       fmt_ms(period, sizeof(period), v->ar->period_ms), v->ar->nr);
	for (s = 0; s < AR_NR_STATES && len < size; s++)
		if (n[s])
			len += snprintf(buf + len, size - len, " %zu %s", n[s], ar_word(s, true));
	return 1;
}

/**
 * print_frame() - the model as text: a frame of lrugen top -b, or a snapshot
 * @f: where it goes
 * @v: which lruvecs, in what order
 * @m: the model
 * @title: the first line
 * @max_rows: the most lruvecs to print, -1 for all; the rest are counted
 * @max_events: the most events to print, newest first; 0 for none
 *
 * The title, the header lines, a table of the lruvecs, the latest events,
 * then an empty line; @f is flushed. What @m cannot know
 * (@m->counts_unknown) is "-". With @v->working_set the table has WS and
 * COLD, the estimate for WSS_WINDOW_DEFAULT_MS; with @v->ar the header
 * has a line on the controller and the table an AR column
 * (view_ar_cell()); with @v->ar_warning the header says why there is
 * none. These come after EVICT/s, so that the columns before keep the
 * places scripts read them at.
 */
void print_frame(FILE *f, const struct view *v, const struct lrugen_model *m,
		 const char *title, int max_rows, int max_events)
{
	char lines[LRUGEN_MAX_NODES + 2][256], line[512];
	size_t *rows = calloc(m->nr_lruvecs + 1, sizeof(*rows));
	size_t nr, i;
	int n, k;

	fprintf(f, "%s\n", title);
	n = format_header(m, lines, LRUGEN_MAX_NODES + 2);
	for (k = 0; k < n; k++)
		fprintf(f, "%s\n", lines[k]);
	if (!rows) {
		fprintf(f, "(out of memory)\n");
		return;
	}
	if (view_ar_header(v, line, sizeof(line)))
		fprintf(f, "%s\n", line);
	nr = view_rows(v, m, rows);
	fprintf(f, "\n%-24s %4s %5s %11s %8s %8s %8s %7s %7s", "MEMCG", "NODE", "ID", "SEQ",
		"ANON", "FILE", "OLDEST", "BIRTH/m", "EVICT/s");
	if (v->working_set)
		fprintf(f, " %7s %7s", "WS", "COLD");
	if (v->ar)
		fprintf(f, " %5s", "AR");
	fprintf(f, "  %s\n", "GENERATIONS anon/file, young..old");
	for (i = 0; i < nr && (max_rows < 0 || (int)i < max_rows); i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[rows[i]];
		char seq[32], an[16], fi[16], age[16], br[16], ev[16], gens[256], name[256];
		uint64_t min = l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1];
		char ws[16] = "-", cold[16] = "-", ar[16];
		struct wss_estimate e;

		snprintf(seq, sizeof(seq), "%" PRIu64 "..%" PRIu64, min, l->max_seq);
		gens_text(l, m->counts_unknown, gens, sizeof(gens));
		if (v->working_set && !m->counts_unknown) {
			wss_estimate(l, WSS_WINDOW_DEFAULT_MS, &e);
			fmt_bytes(ws, sizeof(ws), page_bytes(wss_sum(e.ws_pages)));
			fmt_bytes(cold, sizeof(cold), page_bytes(wss_sum(e.cold_pages)));
		}
		fprintf(f, "%-24s %4d %5" PRIu64 " %11s %8s %8s %8s %7s %7s",
			fmt_name(name, sizeof(name), l->path), l->nid,
			l->memcg_id, seq,
			m->counts_unknown ? "-" :
			fmt_bytes(an, sizeof(an), page_bytes(lruvec_pages(l, LRUGEN_ANON))),
			m->counts_unknown ? "-" :
			fmt_bytes(fi, sizeof(fi), page_bytes(lruvec_pages(l, LRUGEN_FILE))),
			m->counts_unknown ? "-" : fmt_ms(age, sizeof(age), lruvec_oldest_ms(l)),
			fmt_rate(br, sizeof(br), l->births_per_min),
			fmt_rate(ev, sizeof(ev), l->evict_per_s));
		if (v->working_set)
			fprintf(f, " %7s %7s", ws, cold);
		if (v->ar)
			fprintf(f, " %5s", view_ar_cell(v->ar, l, ar, sizeof(ar)));
		fprintf(f, "  %s%s\n", gens, l->partial ? " (partial)" : "");
	}
	if (i < nr)
		fprintf(f, "... %zu more\n", nr - i);
	free(rows);
	if (max_events > 0 && m->log_count) {
		fprintf(f, "\nlatest events\n");
		for (k = 0; k < max_events; k++) {
			const struct lrugen_event *e = model_log_get(m, k);
			char buf[160];

			if (!e)
				break;
			model_format_event(e, buf, sizeof(buf));
			fprintf(f, "%s\n", buf);
		}
	}
	fprintf(f, "\n");
	fflush(f);
}

/**
 * json_str() - a JSON string, safe to print
 * @f: where it goes
 * @s: the text, NUL-terminated
 *
 * Control characters (C0, DEL, C1) as \u00XX, and each byte that is not
 * UTF-8 as U+FFFD, so the output is valid JSON and carries no escape
 * sequence to a terminal. A cgroup is identified by its id; the path is
 * for people.
 */
void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	fputc('"', f);
	while (n) {
		bool escape;
		int len = name_unit(p, n, &escape);

		if (escape && p[0] >= 0x80 && len == 1)	/* not UTF-8 */
			fputs("\\ufffd", f);
		else if (escape)	/* C0 and DEL are one byte, a C1 is 0xc2 and its code */
			fprintf(f, "\\u%04x", len == 2 ? p[1] : p[0]);
		else if (p[0] == '"' || p[0] == '\\')
			fprintf(f, "\\%c", p[0]);
		else
			fwrite(p, 1, len, f);
		p += len;
		n -= len;
	}
	fputc('"', f);
}

static void json_rate(FILE *f, const char *key, double v, bool comma)
{
	if (v < 0)
		fprintf(f, "\"%s\": null%s", key, comma ? ", " : "");
	else
		fprintf(f, "\"%s\": %.3f%s", key, v, comma ? ", " : "");
}

/* ", \"KEY\": V" (without the comma first), or null when not @known */
static void json_u64(FILE *f, bool comma, const char *key, uint64_t v, bool known)
{
	if (known)
		fprintf(f, "%s\"%s\": %" PRIu64, comma ? ", " : "", key, v);
	else
		fprintf(f, "%s\"%s\": null", comma ? ", " : "", key);
}

/**
 * print_json() - the model as one JSON object (lrugen snapshot --json)
 * @f: where it goes; flushed
 * @m: the model
 *
 * Global values, the present nodes, and every lruvec with its generations
 * and tier counters. An unknown rate is null, and so is every value the
 * source cannot know (@m->counts_unknown); a memcg path is escaped so
 * that the output is valid JSON and carries no escape sequence to a
 * terminal.
 */
void print_json(FILE *f, const struct lrugen_model *m)
{
	const struct lrugen_global *g = &m->global;
	static const char *const types[] = { "anon", "file" };
	bool first = true, known = !m->counts_unknown;
	size_t i;
	int nid, k, t, tier;

	fprintf(f, "{\n  \"lru_gen\": {");
	json_u64(f, false, "enabled", g->enabled, known);
	json_u64(f, true, "min_ttl_ms", g->min_ttl_ms, known);
	fprintf(f, "},\n  \"swap\": {");
	json_u64(f, false, "total_kb", g->swap_total, known);
	json_u64(f, true, "free_kb", g->swap_free, known);
	fprintf(f, "},\n");
	if (g->has_psi)
		fprintf(f, "  \"psi\": {\"some_avg10\": %.2f, \"full_avg10\": %.2f},\n",
			g->psi_some_avg10, g->psi_full_avg10);
	else
		fprintf(f, "  \"psi\": null,\n");
	fprintf(f, "  \"events_live\": %s,\n  \"events_lost\": %" PRIu64 ",\n",
		m->events_live ? "true" : "false", m->ev_lost);
	fprintf(f, "  \"nodes\": [");
	for (nid = 0; nid < m->nr_nodes; nid++) {
		const struct lrugen_node *n = &m->nodes[nid];

		if (!n->present)
			continue;
		fprintf(f, "%s\n    {\"nid\": %d", first ? "" : ",", nid);
		json_u64(f, true, "mem_total_kb", n->mem_total, known);
		json_u64(f, true, "mem_free_kb", n->mem_free, known);
		json_u64(f, true, "anon_kb", n->anon, known);
		json_u64(f, true, "file_kb", n->file, known);
		json_u64(f, true, "workingset_refault_anon", n->refault_anon, known);
		json_u64(f, true, "workingset_refault_file", n->refault_file, known);
		json_u64(f, true, "pgscan_proactive_node", n->pgscan_proactive_node, known);
		json_u64(f, true, "pgsteal_proactive_node", n->pgsteal_proactive_node, known);
		fprintf(f, ", ");
		json_rate(f, "kswapd_cpu_pct", known ? n->kswapd_cpu : LRUGEN_RATE_UNKNOWN, true);
		json_rate(f, "scan_per_s", n->scan_per_s, true);
		json_rate(f, "steal_per_s", n->steal_per_s, false);
		fprintf(f, "}");
		first = false;
	}
	fprintf(f, "\n  ],\n  \"lruvecs\": [");
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];

		fprintf(f, "%s\n    {\"memcg_id\": %" PRIu64 ", \"memcg\": ", i ? "," : "", l->memcg_id);
		json_str(f, l->path);
		fprintf(f, ", \"nid\": %d, \"max_seq\": %" PRIu64 ", \"min_seq_anon\": %" PRIu64
			", \"min_seq_file\": %" PRIu64 ", \"partial\": %s, ", l->nid, l->max_seq,
			l->min_seq[0], l->min_seq[1], l->partial ? "true" : "false");
		json_rate(f, "births_per_min", l->births_per_min, true);
		json_rate(f, "evict_per_s", l->evict_per_s, true);
		json_rate(f, "scan_per_s", l->scan_per_s, true);
		fprintf(f, "\"gens\": [");
		for (k = 0; k < l->nr_gens; k++) {
			const struct lrugen_gen *gn = &l->gens[k];

			fprintf(f, "%s\n      {\"seq\": %" PRIu64, k ? "," : "", gn->seq);
			json_u64(f, true, "age_ms", gn->age_ms, known);
			json_u64(f, true, "anon", gn->pages[0], known);
			json_u64(f, true, "file", gn->pages[1], known);
			fprintf(f, ", \"anon_evicted\": %s, \"file_evicted\": %s, \"tiers\": [",
				gn->evicted[0] ? "true" : "false", gn->evicted[1] ? "true" : "false");
			/* only the gens at min_seq carry tier counters */
			for (tier = 0; tier < LRUGEN_MAX_TIERS && (gn->has_tiers[0] || gn->has_tiers[1]); tier++) {
				fprintf(f, "%s{\"tier\": %d", tier ? ", " : "", tier);
				for (t = 0; t < LRUGEN_NR_TYPES; t++) {
					const struct lrugen_tier_stats *s = &l->tier[t][tier];

					if (!gn->has_tiers[t])
						continue;
					fprintf(f, ", \"%s\": {\"refaulted\": %" PRIu64 ", \"evicted\": %" PRIu64
						", \"protected\": %" PRIu64 "}", types[t], s->refaulted,
						s->evicted, s->protected);
				}
				fprintf(f, "}");
			}
			fprintf(f, "]}");
		}
		fprintf(f, "]}");
	}
	fprintf(f, "\n  ]\n}\n");
	fflush(f);
}

/* an age bin as "LO-HI", or "LO+" when it has no upper bound */
static const char *bin_text(char *buf, size_t size, const struct wss_bin *b)
{
	char lo[16], hi[16];

	fmt_ms(lo, sizeof(lo), b->age_lo_ms);
	if (b->age_hi_ms == WSS_AGE_OPEN)
		snprintf(buf, size, "%s+", lo);
	else
		snprintf(buf, size, "%s-%s", lo, fmt_ms(hi, sizeof(hi), b->age_hi_ms));
	return buf;
}

/**
 * print_wss() - lrugen wss's table: each lruvec's memory by age and working set
 * @f: where it goes; flushed
 * @r: the estimates and how they were made
 *
 * A line on the window and the aging, then one row per lruvec: its
 * memcg, node and id, its pages (anon and file together, in bytes), the
 * working set for the window, the cold memory, the pages of the bin the
 * window's edge splits (UNSURE: the resolution), and its age bins, young
 * to old, each as "FROM-TO:SIZE" ("FROM+" for the open one). What the
 * source cannot know (a recording without snapshots) is "-". A note
 * follows when the window reaches into the open bin of some lruvec that
 * has pages there, whose split is then unknown.
 */
void print_wss(FILE *f, const struct wss_report *r)
{
	char win[16], iv[16], du[16];
	size_t i, beyond = 0;

	fprintf(f, "%s  window %s  ", r->title, fmt_ms(win, sizeof(win), r->window_ms));
	if (r->interval_ms)
		fprintf(f, "aged every %s for %s (%u rounds, the last just before this estimate)\n",
			fmt_ms(iv, sizeof(iv), r->interval_ms), fmt_ms(du, sizeof(du), r->duration_ms),
			r->rounds);
	else
		fprintf(f, "natural aging (no -i): the bins are as old as the kernel's own aging left them\n");
	fprintf(f, "%-24s %4s %5s %7s %7s %7s %7s  %s\n", "MEMCG", "NODE", "ID", "TOTAL", "WS",
		"COLD", "UNSURE", "AGE BINS young..old, FROM-TO:anon+file");
	for (i = 0; i < r->nr; i++) {
		const struct lrugen_lruvec *l = r->rows[i].l;
		const struct wss_estimate *e = &r->rows[i].e;
		char name[256], tot[16], ws[16], cold[16], unc[16], bins[512], b[40], sz[16];
		size_t len = 0;
		int k;

		bins[0] = 0;
		for (k = 0; k < e->nr_bins && len < sizeof(bins); k++)
			len += snprintf(bins + len, sizeof(bins) - len, "%s%s:%s", k ? " " : "",
					bin_text(b, sizeof(b), &e->bins[k]),
					r->counts_unknown ? "-" :
					fmt_bytes(sz, sizeof(sz), page_bytes(wss_sum(e->bins[k].pages))));
		if (r->counts_unknown) {
			snprintf(tot, sizeof(tot), "-");
			snprintf(ws, sizeof(ws), "-");
			snprintf(cold, sizeof(cold), "-");
			snprintf(unc, sizeof(unc), "-");
		} else {
			fmt_bytes(tot, sizeof(tot), page_bytes(wss_sum(e->ws_pages) + wss_sum(e->cold_pages)));
			fmt_bytes(ws, sizeof(ws), page_bytes(wss_sum(e->ws_pages)));
			fmt_bytes(cold, sizeof(cold), page_bytes(wss_sum(e->cold_pages)));
			fmt_bytes(unc, sizeof(unc), page_bytes(wss_sum(e->uncertain_pages)));
		}
		if (e->window_ms > e->resolved_ms && wss_sum(e->uncertain_pages))
			beyond++;
		fprintf(f, "%-24s %4d %5" PRIu64 " %7s %7s %7s %7s  %s%s\n",
			fmt_name(name, sizeof(name), l->path), l->nid, l->memcg_id, tot, ws, cold, unc,
			bins, l->partial ? " (partial)" : "");
	}
	if (!r->nr)
		fprintf(f, "(no lruvec)\n");
	if (beyond)
		fprintf(f, "note: in %zu lruvecs the window reaches into the oldest bin, whose ages have no upper bound: their COLD is at most, and WS at least, what is shown; -i ages them into fresh bins\n",
			beyond);
	fflush(f);
}

/* "KEY": {"anon": A, "file": F} of pages, or nulls when not @known */
static void json_types(FILE *f, const char *key, const uint64_t p[LRUGEN_NR_TYPES], bool known)
{
	fprintf(f, ", \"%s\": {", key);
	json_u64(f, false, "anon", p[LRUGEN_ANON], known);
	json_u64(f, true, "file", p[LRUGEN_FILE], known);
	fprintf(f, "}");
}

/**
 * print_wss_json() - lrugen wss --json: the estimates as one JSON object
 * @f: where it goes; flushed
 * @r: the estimates and how they were made
 *
 * The window, the aging (null without -i) and the page size, then per
 * lruvec its bins, youngest first, with their ages in ms (age_hi_ms null
 * for the open bin) and pages per type, and the working set, cold and
 * uncertain pages per type, with their sums in bytes. Pages the source
 * cannot know are null.
 */
void print_wss_json(FILE *f, const struct wss_report *r)
{
	bool known = !r->counts_unknown;
	long psize = sysconf(_SC_PAGESIZE);
	size_t i;
	int k;

	fprintf(f, "{\n  \"window_ms\": %" PRIu64 ",\n  \"aging\": ", r->window_ms);
	if (r->interval_ms)
		fprintf(f, "{\"interval_ms\": %" PRIu64 ", \"duration_ms\": %" PRIu64
			", \"rounds\": %u, \"failed\": %u}", r->interval_ms, r->duration_ms, r->rounds,
			r->failed);
	else
		fprintf(f, "null");
	fprintf(f, ",\n  \"page_size\": %ld,\n  \"lruvecs\": [", psize);
	for (i = 0; i < r->nr; i++) {
		const struct lrugen_lruvec *l = r->rows[i].l;
		const struct wss_estimate *e = &r->rows[i].e;

		fprintf(f, "%s\n    {\"memcg_id\": %" PRIu64 ", \"memcg\": ", i ? "," : "", l->memcg_id);
		json_str(f, l->path);
		fprintf(f, ", \"nid\": %d, \"max_seq\": %" PRIu64 ", \"partial\": %s, \"resolved_ms\": %" PRIu64,
			l->nid, l->max_seq, l->partial ? "true" : "false", e->resolved_ms);
		json_types(f, "ws_pages", e->ws_pages, known);
		json_types(f, "cold_pages", e->cold_pages, known);
		json_types(f, "uncertain_pages", e->uncertain_pages, known);
		json_u64(f, true, "ws_bytes", wss_sum(e->ws_pages) * psize, known);
		json_u64(f, true, "cold_bytes", wss_sum(e->cold_pages) * psize, known);
		json_u64(f, true, "uncertain_bytes", wss_sum(e->uncertain_pages) * psize, known);
		fprintf(f, ", \"bins\": [");
		for (k = 0; k < e->nr_bins; k++) {
			const struct wss_bin *b = &e->bins[k];

			fprintf(f, "%s\n      {\"seq\": %" PRIu64 ", \"age_lo_ms\": %" PRIu64, k ? "," : "",
				b->seq, b->age_lo_ms);
			if (b->age_hi_ms == WSS_AGE_OPEN)
				fprintf(f, ", \"age_hi_ms\": null");
			else
				fprintf(f, ", \"age_hi_ms\": %" PRIu64, b->age_hi_ms);
			json_u64(f, true, "anon", b->pages[LRUGEN_ANON], known);
			json_u64(f, true, "file", b->pages[LRUGEN_FILE], known);
			fprintf(f, "}");
		}
		fprintf(f, "]}");
	}
	fprintf(f, "\n  ]\n}\n");
	fflush(f);
}
