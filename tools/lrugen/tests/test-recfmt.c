// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot stream of a recording: every sample that goes through the
 * writer, the markers and the reader comes back as the model the snapshot
 * source built, deltas stay small, and broken streams are refused with a
 * message, then read again from the next keyframe.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "recfmt.h"
#include "tap.h"
#include "util.h"
#include "view.h"

/* what the emit callback was given */
struct sink {
	char *data;
	size_t len, cap;
	size_t *marks;		/* where each marker starts */
	size_t nr_marks, cap_marks;
	int bad_markers;	/* too long, not whole lines, or a line not ours */
	char first_bad[160];
	int fail_at;		/* fail the emit of this marker (from 1); 0 never */
};

static int sink_emit(void *ctx, const char *buf, size_t len)
{
	struct sink *s = ctx;
	const char *p = buf, *end = buf + len;

	if (s->fail_at && (int)s->nr_marks + 1 == s->fail_at) {
		s->fail_at = 0;
		return -ENOSPC;
	}
	if (len > RECFMT_MARKER_MAX || !len || buf[len - 1] != '\n') {
		if (!s->bad_markers++)
			snprintf(s->first_bad, sizeof(s->first_bad), "marker of %zu bytes%s", len,
				 len && buf[len - 1] != '\n' ? " not ending in a newline" : "");
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (strncmp(p, RECFMT_PREFIX, strlen(RECFMT_PREFIX)) || memchr(p, 0, (nl ? nl : end) - p)) {
			if (!s->bad_markers++)
				snprintf(s->first_bad, sizeof(s->first_bad), "line not ours: %.60s", p);
		}
		p = nl ? nl + 1 : end;
	}
	if (s->len + len + 1 > s->cap) {
		s->cap = (s->len + len + 1) * 2;
		s->data = realloc(s->data, s->cap);
	}
	if (s->nr_marks == s->cap_marks) {
		s->cap_marks = s->cap_marks ? s->cap_marks * 2 : 64;
		s->marks = realloc(s->marks, s->cap_marks * sizeof(*s->marks));
	}
	if (!s->data || !s->marks) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	s->marks[s->nr_marks++] = s->len;
	memcpy(s->data + s->len, buf, len);
	s->len += len;
	s->data[s->len] = 0;
	return 0;
}

static void sink_free(struct sink *s)
{
	free(s->data);
	free(s->marks);
	memset(s, 0, sizeof(*s));
}

static int total_bad_markers;

static void check_markers(struct sink *s, const char *what)
{
	ok(!s->bad_markers, "%s: %zu markers, each whole lines of ours, at most %d bytes%s%s", what,
	   s->nr_marks, RECFMT_MARKER_MAX, s->bad_markers ? "; first bad: " : "", s->first_bad);
	total_bad_markers += s->bad_markers;
}

/* the results of feeding lines */
struct fed {
	int snapshots, bad, version, header, end, filled;
	char first_err[256];
};

/*
 * Feed bytes [from, to) of @s, line by line, with trace time @ts_ns; fill
 * @m at each complete snapshot (and when @ts_of is set, take each S line's
 * time from it: ts_of[n] for snapshot n).
 */
static void feed(struct rec_reader *r, const char *data, size_t from, size_t to,
		 const uint64_t *ts_of, struct lrugen_model *m, struct fed *f)
{
	const char *p = data + from, *end = data + to;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		uint64_t ts = 0, got;
		char err[256];
		unsigned long long sn;

		if (ts_of && sscanf(p, "lrugen S %llu", &sn) == 1)
			ts = ts_of[sn];
		switch (rec_reader_line(r, p, n, ts, err, sizeof(err))) {
		case REC_LINE_SNAPSHOT:
			f->snapshots++;
			if (m && !rec_reader_fill(r, m, &got))
				f->filled++;
			break;
		case REC_LINE_BAD:
			if (!f->bad++)
				snprintf(f->first_err, sizeof(f->first_err), "%s", err);
			break;
		case REC_LINE_VERSION:
			f->version++;
			snprintf(f->first_err, sizeof(f->first_err), "%s", err);
			break;
		case REC_LINE_HEADER:
			f->header++;
			break;
		case REC_LINE_END:
			f->end++;
			break;
		default:
			break;
		}
		p += n;
	}
}

/* the first difference between two lruvecs, or NULL; ages may differ by @tol */
static const char *lruvec_diff(const struct lrugen_lruvec *a, const struct lrugen_lruvec *b,
			       uint64_t tol, char *buf, size_t size)
{
	int i, t, k;

	if (strcmp(a->path, b->path))
		return snprintf(buf, size, "path '%s' vs '%s'", a->path, b->path), buf;
	if (a->memcg_id != b->memcg_id || a->nid != b->nid)
		return snprintf(buf, size, "%s: id/node differ", a->path), buf;
	if (a->max_seq != b->max_seq || a->min_seq[0] != b->min_seq[0] ||
	    a->min_seq[1] != b->min_seq[1])
		return snprintf(buf, size, "%s: seqs differ", a->path), buf;
	if (a->nr_gens != b->nr_gens || a->partial != b->partial || a->depth != b->depth ||
	    a->path_hash != b->path_hash)
		return snprintf(buf, size, "%s: nr_gens/partial/depth/hash differ", a->path), buf;
	for (i = 0; i < a->nr_gens; i++) {
		const struct lrugen_gen *x = &a->gens[i], *y = &b->gens[i];
		uint64_t d = x->age_ms > y->age_ms ? x->age_ms - y->age_ms : y->age_ms - x->age_ms;

		if (x->seq != y->seq || x->pages[0] != y->pages[0] || x->pages[1] != y->pages[1])
			return snprintf(buf, size, "%s node %d: gen %d differs", a->path, a->nid, i), buf;
		for (t = 0; t < 2; t++)
			if (x->has_tiers[t] != y->has_tiers[t] || x->evicted[t] != y->evicted[t])
				return snprintf(buf, size, "%s: gen %d flags differ", a->path, i), buf;
		if (d > tol)
			return snprintf(buf, size, "%s node %d: gen %d age %" PRIu64 " vs %" PRIu64,
					a->path, a->nid, i, x->age_ms, y->age_ms), buf;
	}
	for (t = 0; t < 2; t++)
		for (k = 0; k < LRUGEN_MAX_TIERS; k++)
			if (a->tier[t][k].refaulted != b->tier[t][k].refaulted ||
			    a->tier[t][k].evicted != b->tier[t][k].evicted ||
			    a->tier[t][k].protected != b->tier[t][k].protected)
				return snprintf(buf, size, "%s: tier %d/%d differs", a->path, t, k), buf;
	return NULL;
}

/* the first difference between the lruvecs, nodes and globals of two models */
static const char *model_diff(const struct lrugen_model *a, const struct lrugen_model *b,
			      uint64_t tol, char *buf, size_t size)
{
	const struct lrugen_global *x = &a->global, *y = &b->global;
	size_t i;
	int nid;

	if (a->nr_lruvecs != b->nr_lruvecs)
		return snprintf(buf, size, "%zu lruvecs vs %zu", a->nr_lruvecs, b->nr_lruvecs), buf;
	for (i = 0; i < a->nr_lruvecs; i++)
		if (lruvec_diff(&a->lruvecs[i], &b->lruvecs[i], tol, buf, size))
			return buf;
	if (a->nr_nodes != b->nr_nodes)
		return snprintf(buf, size, "nr_nodes %d vs %d", a->nr_nodes, b->nr_nodes), buf;
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		const struct lrugen_node *p = &a->nodes[nid], *q = &b->nodes[nid];

		if (p->present != q->present)
			return snprintf(buf, size, "node %d present differs", nid), buf;
		if (p->present && (p->mem_total != q->mem_total || p->mem_free != q->mem_free ||
				   p->anon != q->anon || p->file != q->file ||
				   p->refault_anon != q->refault_anon ||
				   p->refault_file != q->refault_file ||
				   p->pgsteal_proactive_node != q->pgsteal_proactive_node ||
				   p->pgscan_proactive_node != q->pgscan_proactive_node ||
				   p->kswapd_pid != q->kswapd_pid || p->kswapd_ticks != q->kswapd_ticks ||
				   p->kswapd_cpu != q->kswapd_cpu ||
				   p->refault_anon_per_s != q->refault_anon_per_s))
			return snprintf(buf, size, "node %d counters or rates differ", nid), buf;
	}
	if (x->swap_total != y->swap_total || x->swap_free != y->swap_free ||
	    x->has_psi != y->has_psi ||
	    (x->has_psi && (x->psi_some_avg10 != y->psi_some_avg10 ||
			    x->psi_full_avg10 != y->psi_full_avg10)) || x->enabled != y->enabled ||
	    x->min_ttl_ms != y->min_ttl_ms || x->pgscan != y->pgscan || x->pgsteal != y->pgsteal ||
	    x->scan_per_s != y->scan_per_s)
		return snprintf(buf, size, "global values differ"), buf;
	if (a->now != b->now || a->interval != b->interval || a->samples != b->samples)
		return snprintf(buf, size, "time %.3f/%.3f vs %.3f/%.3f", a->now, a->interval, b->now,
				b->interval), buf;
	/* the S line carries it in whole ms, rounded up */
	if (b->read_s < a->read_s || b->read_s >= a->read_s + 0.001)
		return snprintf(buf, size, "read time %.4f vs %.4f s", a->read_s, b->read_s), buf;
	return NULL;
}

static char *json_of(const struct lrugen_model *m)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f) {
		printf("Bail out! open_memstream failed\n");
		exit(1);
	}
	print_json(f, m);
	fclose(f);
	return s;
}

/* the node and global counters of sample @k, as the snapshot source reads them */
static void set_counters(struct lrugen_model *m, int nr_nodes, int k)
{
	struct lrugen_global *g = &m->global;
	int nid;

	m->nr_nodes = nr_nodes;
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		struct lrugen_node *n = &m->nodes[nid];

		n->present = nid < nr_nodes;
		if (!n->present)
			continue;
		n->mem_total = 4000000 + nid;
		n->mem_free = 1000000 - 1000 * k;
		n->anon = 100000 + 7 * k;
		n->file = 200000 + 11 * k;
		n->refault_anon = 5 * k;
		n->refault_file = 13 * k;
		n->pgsteal_proactive_node = 100 * k;
		n->pgscan_proactive_node = 150 * k;
		n->kswapd_pid = nid == 1 && k < 2 ? 0 : 40 + nid;
		n->kswapd_ticks = 3 * k;
	}
	g->swap_total = 3145724;
	g->swap_free = 3145724 - 10 * k;
	g->has_psi = k != 3;
	/* as parse_psi() reads "avg10=1.23": the double nearest the decimal */
	g->psi_some_avg10 = k * 123 / 100.0;
	g->psi_full_avg10 = k * 7 / 100.0;
	g->enabled = 7;
	g->min_ttl_ms = k == 4 ? 1000 : 0;
	g->pgscan = 1000 * k;
	g->pgsteal = 900 * k;
}

/* what snapshot_refresh() does with a sample it read */
static void live_commit(struct lrugen_model *m, int nr_nodes, int k, double t)
{
	struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
	struct lrugen_global prev_global = m->global;

	memcpy(prev_nodes, m->nodes, sizeof(prev_nodes));
	set_counters(m, nr_nodes, k);
	model_commit(m, t);
	model_update_rates(m, prev_nodes, &prev_global, m->interval, 100);
}

static void live_text(struct lrugen_model *m, const char *text, size_t len, int nr_nodes, int k,
		      double t)
{
	struct parse_result res;

	parse_lru_gen_set(text, len, model_next_set(m), &res);
	live_commit(m, nr_nodes, k, t);
}

static void header_of(struct rec_header *h)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->release, sizeof(h->release), "6.12.0-lrugen+");
	snprintf(h->host, sizeof(h->host), "test box");
	h->interval_ms = 1000;
	h->ticks_per_s = 100;
	h->nodes = 3;
	h->enabled = 7;
	snprintf(h->instance, sizeof(h->instance), "lrugen-1-2");
	snprintf(h->command, sizeof(h->command), "stress-ng --vm 2\n\tdone \\ ok");
}

static const char *const fixtures[] = {
	"lru_gen_full.txt", "lru_gen_full-500.txt", "lru_gen_full-after-reclaim.txt",
	"lru_gen_full-garbage.txt", "lru_gen_full-truncated.txt", "lru_gen_full-with-c.txt",
	"lru_gen_full-without-c.txt", "lru_gen.txt",
};

/* every fixture, as a keyframe, then as a delta from the one before */
static void test_fixtures(void)
{
	struct lrugen_model live, replay;
	struct rec_writer *w = rec_writer_new(100);
	struct rec_reader *r = rec_reader_new();
	struct rec_header h;
	struct sink s = { 0 };
	struct fed f = { 0 };
	uint64_t ts[ARRAY_SIZE(fixtures)];
	size_t i, from;
	char diff[256];

	model_init(&live);
	model_init(&replay);
	header_of(&h);
	ok(w && r && !rec_write_header(w, &h, sink_emit, &s), "header written");
	from = 0;
	feed(r, s.data, 0, s.len, NULL, NULL, &f);
	ok(f.header == 1 && !f.bad, "header read (%s)", f.first_err);
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		size_t len;
		char *text = fixture(fixtures[i], &len);
		const char *d;
		char *a, *b;

		ts[i] = (uint64_t)(i + 1) * 1000000000ULL;
		live_text(&live, text, len, 2, (int)i, (double)(i + 1));
		free(text);
		from = s.len;
		ok(!rec_write_snapshot(w, &live, 5000 + 1000 * i, sink_emit, &s),
		   "%s: written (%zu lruvecs)", fixtures[i], live.nr_lruvecs);
		f.snapshots = f.filled = 0;
		feed(r, s.data, from, s.len, ts, &replay, &f);
		ok(f.snapshots == 1 && f.filled == 1 && !f.bad, "%s: read back as a %s%s%s", fixtures[i],
		   i ? "delta" : "keyframe", f.bad ? ": " : "", f.first_err);
		/* the fixtures' ages do not move with the clock: each is sent exact */
		d = model_diff(&live, &replay, 0, diff, sizeof(diff));
		ok(!d, "%s: the replayed model is the live one, field by field%s%s", fixtures[i],
		   d ? ": " : "", d ? d : "");
		a = json_of(&live);
		b = json_of(&replay);
		ok(!strcmp(a, b), "%s: print_json is the same", fixtures[i]);
		free(a);
		free(b);
	}
	check_markers(&s, "fixtures");
	sink_free(&s);
	rec_writer_free(w);
	rec_reader_free(r);
	model_free(&live);
	model_free(&replay);
}

/*
 * Synthetic lruvecs: memcg i on each node, four generations. @k is the
 * sample; ages grow with the clock (@t_ms) unless a memcg is idle.
 */
struct synth {
	int nr_memcgs, nr_nodes;
	uint64_t t_ms;
	int k;
	int gone_from, gone_to;		/* memcgs [from, to) are absent */
	int busy;			/* memcgs below this change pages each sample */
	int jitter;			/* ms added to every other memcg's ages */
	int birth;			/* memcg that gets a new generation, or -1 */
	bool swap;			/* memcgs 2 and 3 trade places */
};

static struct lrugen_lruvec *synth_lruvecs(const struct synth *sy, size_t *nr)
{
	struct lrugen_lruvec *v = calloc((size_t)sy->nr_memcgs * sy->nr_nodes + 1, sizeof(*v));
	int i, nid, g;

	*nr = 0;
	for (i = 0; i < sy->nr_memcgs; i++) {
		int mi = i;

		if (sy->swap && (i == 2 || i == 3))
			mi = 5 - i;
		if (mi >= sy->gone_from && mi < sy->gone_to)
			continue;
		for (nid = 0; nid < sy->nr_nodes; nid++) {
			struct lrugen_lruvec *l = &v[(*nr)++];
			char path[64];
			uint64_t born = 1000 + 10 * mi;
			uint64_t base = 100 + mi + (mi == sy->birth);

			snprintf(path, sizeof(path), "/workload.slice/m%04d.scope", mi);
			l->path = strdup(path);
			l->memcg_id = 1000 + mi;
			l->nid = nid;
			l->nr_gens = 4;
			for (g = 0; g < 4; g++) {
				struct lrugen_gen *gn = &l->gens[g];

				gn->seq = base + g;
				gn->age_ms = sy->t_ms - born - 1000 * g + (mi % 2 ? sy->jitter : 0);
				gn->pages[0] = 10 * g + (mi < sy->busy ? sy->k : 0);
				gn->pages[1] = 1000 + g;
			}
			l->gens[0].evicted[0] = true;
			l->gens[1].has_tiers[0] = true;
			l->gens[0].has_tiers[1] = true;
			l->tier[0][1].refaulted = 5;
			l->tier[1][3].protected = 77;
			l->max_seq = base + 3;
			l->min_seq[0] = base + 1;
			l->min_seq[1] = base;
		}
	}
	return v;
}

static void live_synth(struct lrugen_model *m, const struct synth *sy, double t)
{
	size_t nr;
	struct lrugen_lruvec *v = synth_lruvecs(sy, &nr);
	struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
	struct lrugen_global prev_global = m->global;

	memcpy(prev_nodes, m->nodes, sizeof(prev_nodes));
	model_set_lruvecs(m, v, nr, t);
	set_counters(m, sy->nr_nodes, sy->k);
	/* as the snapshot source: counters read when lru_gen_full's read ended */
	m->counters_at = model_counters_at(sy->t_ms, model_read_ms(m->read_s));
	model_update_rates(m, prev_nodes, &prev_global, m->interval, 100);
}

/*
 * Samples in which lruvecs appear, disappear, change, stay idle and drift:
 * each comes back as it was, ages within the tolerance, in the same order;
 * idle lruvecs are not resent, drifting ones are.
 */
static void test_sequence(void)
{
	struct lrugen_model live, replay;
	struct rec_writer *w = rec_writer_new(5);
	struct rec_reader *r = rec_reader_new();
	struct rec_writer_stats st;
	struct rec_snapshot_info info;
	struct rec_header h;
	struct sink s = { 0 };
	struct fed f = { 0 };
	uint64_t ts[32];
	int k, keyframes = 0, exact_json = 0, json_checks = 0;
	bool all_same = true;
	char diff[256] = "", first_diff[300] = "";

	model_init(&live);
	model_init(&replay);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, &s);
	feed(r, s.data, 0, s.len, NULL, NULL, &f);
	for (k = 0; k < 12; k++) {
		struct synth sy = {
			.nr_memcgs = 20, .nr_nodes = 2, .t_ms = 100000 + 1000 * k, .k = k,
			.gone_from = 0, .gone_to = 0, .busy = 0, .jitter = 0, .birth = -1,
		};
		size_t from = s.len;
		const char *d;

		switch (k) {
		case 1:		/* nothing changes but the clock */
			break;
		case 2:		/* two memcgs appear (they were absent before) ... */
			break;
		case 3:		/* ... three go */
			sy.gone_from = 5;
			sy.gone_to = 8;
			break;
		case 4:		/* one is busy, one gets a generation */
			sy.busy = 1;
			sy.birth = 9;
			break;
		case 6:		/* ages drift by less than the tolerance */
			sy.jitter = RECFMT_AGE_TOLERANCE_MS - 10;
			break;
		case 7:		/* and by more */
			sy.jitter = RECFMT_AGE_TOLERANCE_MS + 10;
			break;
		case 8:		/* two survivors trade places */
			sy.swap = true;
			break;
		}
		if (k < 2) {
			sy.gone_from = 18;
			sy.gone_to = 20;
		} else if (k >= 3) {
			sy.gone_from = 5;
			sy.gone_to = 8;
		}
		sy.swap = k >= 8;
		ts[k] = 7000000000ULL + (uint64_t)k * 1000000000ULL;
		live_synth(&live, &sy, ts[k] / 1e9);
		rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
		rec_writer_stats(w, &st);
		f.snapshots = 0;
		feed(r, s.data, from, s.len, ts, &replay, &f);
		keyframes += st.last_keyframe;
		d = model_diff(&live, &replay, RECFMT_AGE_TOLERANCE_MS, diff, sizeof(diff));
		if (d && all_same) {
			snprintf(first_diff, sizeof(first_diff), "sample %d: %s", k, d);
			all_same = false;
		}
		if (!rec_reader_snapshot_info(r, &info) && info.keyframe != st.last_keyframe)
			all_same = false;
		if (k == 1)
			ok(st.last_sent == 0 && st.last_bytes < 600,
			   "idle delta: no lruvec resent, %zu bytes", st.last_bytes);
		if (k == 2)
			ok(st.last_sent == 4, "two memcgs on two nodes appear: 4 lruvecs sent (%zu)",
			   st.last_sent);
		if (k == 3)
			ok(st.last_sent == 0 && live.nr_lruvecs == 34,
			   "three memcgs go: nothing resent, %zu lruvecs left", live.nr_lruvecs);
		if (k == 4)
			ok(st.last_sent == 4, "a busy memcg and a birth: 4 lruvecs sent (%zu)", st.last_sent);
		if (k == 6)
			ok(st.last_sent == 0, "ages %d ms off the prediction: not resent (%zu sent)",
			   RECFMT_AGE_TOLERANCE_MS - 10, st.last_sent);
		if (k == 7)
			ok(st.last_sent == 16, "ages %d ms off: the 8 drifting memcgs resent (%zu sent)",
			   RECFMT_AGE_TOLERANCE_MS + 10, st.last_sent);
		if (k == 8)
			ok(st.last_keyframe, "survivors that change order make a keyframe");
		if (!d && k != 6) {
			char *a = json_of(&live), *b = json_of(&replay);

			json_checks++;
			exact_json += !strcmp(a, b);
			free(a);
			free(b);
		}
	}
	ok(all_same && !f.bad, "12 samples: the replayed model matches the live one each time%s%s%s",
	   first_diff[0] ? ": " : "", first_diff, f.bad ? f.first_err : "");
	ok(json_checks == 11 && exact_json == json_checks,
	   "print_json is the same wherever the ages are exact (%d of %d)", exact_json, json_checks);
	ok(keyframes == 4, "keyframes at 0, 5, 10 and at the reordering: %d", keyframes);
	check_markers(&s, "sequence");
	sink_free(&s);
	rec_writer_free(w);
	rec_reader_free(r);
	model_free(&live);
	model_free(&replay);
}

/*
 * The read time: at 20,000 lruvecs a read of lru_gen_full takes seconds,
 * and each lruvec's ages are printed when the read reaches it, so they
 * drift from the prediction by up to the read time without anything
 * happening. The S line carries it (READ_MS), the snapshot's tolerance is
 * the larger of it and RECFMT_AGE_TOLERANCE_MS, and the reader says so.
 * Memcgs with an odd number drift (synth.jitter), the others do not.
 */
static void test_read_time(void)
{
	static const struct {
		double read_s;
		int jitter;
		size_t sent;
		uint64_t read_ms, tol;
		const char *s_line, *what;
	} steps[] = {
		{ 2.0, 0, 10, 2000, 2000, "lrugen S 0 100000 k 2000\n", "a keyframe read in 2 s" },
		{ 2.0, 1500, 0, 2000, 2000, "lrugen S 1 101000 d 2000\n",
		  "ages 1500 ms off, read in 2 s: nothing resent" },
		{ 2.0, 2500, 5, 2000, 2000, "lrugen S 2 102000 d 2000\n",
		  "ages 2500 ms off, read in 2 s: the 5 drifting lruvecs resent" },
		{ 0.010, 2400, 5, 10, 50, "lrugen S 3 103000 d 10\n",
		  "ages 100 ms off, read in 10 ms after a read of 2 s: resent (this read's tolerance)" },
		{ 0.010, 2400, 0, 10, 50, "lrugen S 4 104000 d 10\n",
		  "idle, read in 10 ms: nothing resent" },
		{ 0.0101, 2440, 0, 11, 50, "lrugen S 5 105000 d 11\n",
		  "ages 40 ms off, read in 10.1 ms (11, rounded up): within the 50 ms floor" },
		{ 0, 2500, 5, 0, 50, "lrugen S 6 106000 d 0\n",
		  "ages 60 ms off, read time unknown: resent (the 50 ms floor)" },
	};
	struct lrugen_model live, replay;
	struct rec_writer *w = rec_writer_new(60);
	struct rec_reader *r = rec_reader_new();
	struct rec_snapshot_info info;
	struct rec_writer_stats st;
	struct rec_header h;
	struct sink s = { 0 };
	struct fed f = { 0 };
	uint64_t ts[ARRAY_SIZE(steps)];
	char diff[256];
	size_t k;

	model_init(&live);
	model_init(&replay);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, &s);
	feed(r, s.data, 0, s.len, NULL, NULL, &f);
	for (k = 0; k < ARRAY_SIZE(steps); k++) {
		struct synth sy = {
			.nr_memcgs = 10, .nr_nodes = 1, .t_ms = 100000 + 1000 * k, .k = (int)k,
			.jitter = steps[k].jitter, .birth = -1,
		};
		size_t from = s.len;
		const char *d;

		ts[k] = 9000000000ULL + k * 1000000000ULL;
		/* as the snapshot source does: the read's time before the rates */
		live.read_s = steps[k].read_s;
		live_synth(&live, &sy, ts[k] / 1e9);
		rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
		rec_writer_stats(w, &st);
		f.snapshots = 0;
		feed(r, s.data, from, s.len, ts, &replay, &f);
		ok(st.last_sent == steps[k].sent, "%s (%zu sent)", steps[k].what, st.last_sent);
		ok(memmem(s.data + from, s.len - from, steps[k].s_line, strlen(steps[k].s_line)) != NULL,
		   "snapshot %zu: the S line ends with READ_MS: %.*s", k,
		   (int)strcspn(s.data + from, "\n"), s.data + from);
		memset(&info, 0, sizeof(info));
		info.n = UINT64_MAX;
		rec_reader_snapshot_info(r, &info);
		ok(f.snapshots == 1 && info.n == k &&
		   info.read_ms == steps[k].read_ms && info.tolerance_ms == steps[k].tol,
		   "snapshot %zu: the reader says READ_MS %" PRIu64 ", tolerance %" PRIu64 " ms (want %" PRIu64 ", %" PRIu64 ")",
		   k, info.read_ms, info.tolerance_ms, steps[k].read_ms, steps[k].tol);
		d = model_diff(&live, &replay, info.tolerance_ms, diff, sizeof(diff));
		ok(!d, "snapshot %zu: the replay is the live model, ages within %" PRIu64 " ms%s%s", k,
		   info.tolerance_ms, d ? ": " : "", d ? d : "");
		if (k == 1) {
			d = model_diff(&live, &replay, RECFMT_AGE_TOLERANCE_MS, diff, sizeof(diff));
			ok(d && strstr(d, "age"),
			   "snapshot 1: and its carried ages are further off than %d ms (%s)",
			   RECFMT_AGE_TOLERANCE_MS, d ? d : "no difference");
		}
	}
	ok(!f.bad, "read back without a bad line%s%s", f.bad ? ": " : "", f.first_err);
	ok(rec_reader_line(r, "lrugen S 7 107000 d 5x", 22, 0, diff, sizeof(diff)) == REC_LINE_BAD &&
	   strstr(diff, "S line") && strstr(diff, "READ_MS"),
	   "a READ_MS that is not a number is BAD (%s)", diff);
	check_markers(&s, "read time");
	sink_free(&s);
	rec_writer_free(w);
	rec_reader_free(r);
	model_free(&live);
	model_free(&replay);
}

/* bytes at 1,000 lruvecs: the fixture of 1,010, a keyframe and an idle delta */
static void test_sizes(void)
{
	struct lrugen_model live;
	struct rec_writer *w = rec_writer_new(60);
	struct rec_writer_stats st;
	struct rec_header h;
	struct sink s = { 0 };
	size_t len, key_bytes;
	char *text = fixture("lru_gen_full-500.txt", &len);
	struct synth sy = { .nr_memcgs = 500, .nr_nodes = 2, .t_ms = 100000, .birth = -1 };

	model_init(&live);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, &s);
	live_text(&live, text, len, 2, 1, 1.0);
	rec_write_snapshot(w, &live, 1000, sink_emit, &s);
	rec_writer_stats(w, &st);
	key_bytes = st.last_bytes;
	printf("# keyframe of lru_gen_full-500.txt (%zu lruvecs): %zu bytes, %.0f per lruvec, %zu markers (the file itself: %zu bytes)\n",
	       live.nr_lruvecs, st.last_bytes, (double)st.last_bytes / live.nr_lruvecs,
	       s.nr_marks, len);
	ok(st.last_keyframe && st.last_bytes < 250 * live.nr_lruvecs,
	   "a keyframe of %zu lruvecs takes under 250 bytes each (%zu)", live.nr_lruvecs,
	   st.last_bytes);
	/* the same file again a second later: ages do not move, so all resent */
	live_text(&live, text, len, 2, 2, 2.0);
	rec_write_snapshot(w, &live, 2000, sink_emit, &s);
	rec_writer_stats(w, &st);
	printf("# the same file a second later (every age %d ms off the prediction): %zu bytes, %zu lruvecs resent\n",
	       1000, st.last_bytes, st.last_sent);
	free(text);
	model_free(&live);
	rec_writer_free(w);

	/* 1,000 synthetic lruvecs whose ages move with the clock */
	model_init(&live);
	w = rec_writer_new(60);
	rec_write_header(w, &h, sink_emit, &s);
	live_synth(&live, &sy, 100.0);
	rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
	rec_writer_stats(w, &st);
	key_bytes = st.last_bytes;
	sy.t_ms += 1000;
	sy.k++;
	live_synth(&live, &sy, 101.0);
	rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
	rec_writer_stats(w, &st);
	printf("# 1,000 lruvecs on 2 nodes: keyframe %zu bytes, idle delta %zu bytes\n", key_bytes,
	       st.last_bytes);
	printf("# at -d 1, a keyframe every 60: %.0f KiB per minute idle\n",
	       (key_bytes + 59.0 * st.last_bytes) / 1024);
	ok(!st.last_keyframe && st.last_sent == 0 && st.last_bytes < 400,
	   "an idle delta at 1,000 lruvecs is the S, G, N and E lines: %zu bytes", st.last_bytes);
	sy.t_ms += 1000;
	sy.k++;
	sy.busy = 100;
	live_synth(&live, &sy, 102.0);
	rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
	rec_writer_stats(w, &st);
	printf("# 100 of 1,000 memcgs busy: delta %zu bytes, %zu lruvecs resent\n", st.last_bytes,
	       st.last_sent);
	ok(st.last_sent == 200, "100 busy memcgs on 2 nodes: 200 lruvecs resent (%zu)", st.last_sent);
	check_markers(&s, "sizes");
	sink_free(&s);
	model_free(&live);
	rec_writer_free(w);
}

/*
 * A recording of @n samples of 300 memcgs on 2 nodes with churn, a
 * keyframe every @every; the offset where each snapshot starts goes to
 * @starts, the live JSON-free models' lruvec counts are not kept.
 */
static void record(struct sink *s, int n, unsigned int every, size_t *starts, uint64_t *ts)
{
	struct rec_writer *w = rec_writer_new(every);
	struct lrugen_model live;
	struct rec_header h;
	int k;

	model_init(&live);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, s);
	for (k = 0; k < n; k++) {
		struct synth sy = {
			.nr_memcgs = 300, .nr_nodes = 2, .t_ms = 50000 + 1000 * k, .k = k,
			.gone_from = 10 * k, .gone_to = 10 * k + 5, .busy = 40, .birth = k,
		};

		ts[k] = 1000000000ULL * (k + 1);
		starts[k] = s->len;
		live_synth(&live, &sy, ts[k] / 1e9);
		rec_write_snapshot(w, &live, sy.t_ms, sink_emit, s);
	}
	starts[n] = s->len;
	rec_write_end(w, "exit", 3, 17, sink_emit, s);
	model_free(&live);
	rec_writer_free(w);
}

/* the lruvecs of the model after reading [0, to) of @s */
static void read_upto(const struct sink *s, size_t to, const uint64_t *ts, struct lrugen_model *m,
		      struct fed *f)
{
	struct rec_reader *r = rec_reader_new();

	feed(r, s->data, 0, to, ts, m, f);
	rec_reader_free(r);
}

static const char *lruvecs_diff(const struct lrugen_model *a, const struct lrugen_model *b,
				char *buf, size_t size)
{
	size_t i;

	if (a->nr_lruvecs != b->nr_lruvecs)
		return snprintf(buf, size, "%zu lruvecs vs %zu", a->nr_lruvecs, b->nr_lruvecs), buf;
	for (i = 0; i < a->nr_lruvecs; i++)
		if (lruvec_diff(&a->lruvecs[i], &b->lruvecs[i], 0, buf, size))
			return buf;
	return NULL;
}

/* a lost marker: BAD, then nothing until the next keyframe, then all well */
static void test_lost_marker(void)
{
	size_t starts[21], i, lost;
	uint64_t ts[21];
	struct sink s = { 0 }, cut = { 0 };
	struct lrugen_model whole, broken;
	struct rec_reader *r;
	struct fed f = { 0 }, g = { 0 };
	struct rec_snapshot_info info;
	const struct rec_end *end;
	char diff[256];
	const char *d;

	record(&s, 20, 8, starts, ts);
	check_markers(&s, "churn recording");
	/* a marker in the middle of snapshot 3 (a delta of ~90 lruvecs) */
	for (lost = 0; lost < s.nr_marks && s.marks[lost] <= starts[3]; lost++)
		;
	ok(lost < s.nr_marks && s.marks[lost] < starts[4], "snapshot 3 spans several markers");
	for (i = 0; i < s.nr_marks; i++) {
		size_t a = s.marks[i], b = i + 1 < s.nr_marks ? s.marks[i + 1] : s.len;

		if (i != lost)
			sink_emit(&cut, s.data + a, b - a);
	}
	model_init(&broken);
	r = rec_reader_new();
	feed(r, cut.data, 0, cut.len, ts, &broken, &f);
	ok(f.bad == 1, "one lost marker gives one BAD (%d): %s", f.bad, f.first_err);
	ok(f.snapshots == 20 - 5, "snapshots 3 to 7 are lost until the keyframe at 8 (%d read)",
	   f.snapshots);
	ok(!rec_reader_snapshot_info(r, &info) && info.n == 19, "the last snapshot read is 19");
	end = rec_reader_end(r);
	ok(end->seen && end->status == 3 && end->lost == 17 && !strcmp(end->reason, "exit"),
	   "the X line: reason=%s status=%d lost=%" PRIu64, end->reason, end->status, end->lost);
	rec_reader_free(r);
	model_init(&whole);
	read_upto(&s, s.len, ts, &whole, &g);
	d = lruvecs_diff(&whole, &broken, diff, sizeof(diff));
	ok(!g.bad && !d, "after the keyframe, the same lruvecs as an unbroken read%s%s", d ? ": " : "",
	   d ? d : "");
	model_free(&whole);
	model_free(&broken);

	/* a delta of one marker lost whole: the numbers give it away */
	sink_free(&cut);
	for (i = 0; i < s.nr_marks; i++) {
		size_t a = s.marks[i], b = i + 1 < s.nr_marks ? s.marks[i + 1] : s.len;

		if (a < starts[12] || a >= starts[13])
			sink_emit(&cut, s.data + a, b - a);
	}
	memset(&f, 0, sizeof(f));
	model_init(&broken);
	r = rec_reader_new();
	feed(r, cut.data, 0, cut.len, ts, &broken, &f);
	ok(f.bad == 1 && strstr(f.first_err, "S line") && strstr(f.first_err, "13 follows"),
	   "snapshot 12 lost whole: BAD at 13 (%s)", f.first_err);
	ok(f.snapshots == 20 - 1 - 3, "then nothing until the keyframe at 16 (%d read)", f.snapshots);
	rec_reader_free(r);
	model_free(&broken);
	sink_free(&cut);
	sink_free(&s);
}

/* seeking: a reset, then from a keyframe, is the same as reading from the start */
static void test_seek(void)
{
	size_t starts[21];
	uint64_t ts[21], got;
	struct sink s = { 0 };
	struct lrugen_model seq, sought;
	struct rec_reader *r;
	struct fed f = { 0 }, g = { 0 };
	char diff[256], err[128];
	const char *d;
	int ret;

	record(&s, 20, 5, starts, ts);
	model_init(&seq);
	read_upto(&s, starts[13], ts, &seq, &f);
	r = rec_reader_new();
	/* read some way in, then jump back to the keyframe at 10 */
	feed(r, s.data, 0, starts[17], ts, NULL, &g);
	model_init(&sought);
	ret = rec_reader_fill(r, &sought, &got);
	ok(ret == 0 && got == ts[16], "fill after an E line gives that snapshot (%d)", ret);
	model_free(&sought);
	rec_reader_reset(r);
	model_init(&sought);
	ok(rec_reader_fill(r, &sought, &got) == -EAGAIN, "after a reset there is nothing to fill");
	ok(rec_reader_line(r, s.data + starts[11],
			   (const char *)memchr(s.data + starts[11], '\n', 64) - (s.data + starts[11]),
			   0, err, sizeof(err)) == REC_LINE_IGNORED,
	   "after a reset, a delta's S line is ignored");
	memset(&g, 0, sizeof(g));
	feed(r, s.data, starts[10], starts[13], ts, &sought, &g);
	d = lruvecs_diff(&seq, &sought, diff, sizeof(diff));
	ok(!f.bad && !g.bad && g.snapshots == 3 && !d,
	   "reset and read from the keyframe at 10 to 12: the lruvecs of a read from the start%s%s",
	   d ? ": " : "", d ? d : "");
	ok(rec_reader_header(r) && rec_reader_header(r)->ticks_per_s == 100,
	   "the header outlives a reset");
	rec_reader_free(r);
	model_free(&seq);
	model_free(&sought);
	sink_free(&s);
}

/* paths as memcgs may be named, a long one, and removed memcgs sharing a path */
static void test_paths(void)
{
	static const char *const names[] = {
		"/", "/a b/c  d", "/back\\slash\\x41", "/new\nline", "/tab\there", "/ütf-8 ✓",
		"/trailing ", "/\x01\x7f\x1b[31m", "/dead", "/dead", "/x=y", "/last",
	};
#define NR (ARRAY_SIZE(names) + 1)
	struct lrugen_model live, replay;
	struct rec_writer *w = rec_writer_new(60);
	struct rec_reader *r = rec_reader_new();
	struct rec_header h;
	struct sink s = { 0 };
	struct fed f = { 0 };
	uint64_t ts[3] = { 1000000000, 2000000000, 3000000000 }, id;
	char diff[256], *longpath = malloc(5001);
	const char *d, *path;
	size_t i, k, found = 0;

	memset(longpath, 0, 5001);
	longpath[0] = '/';
	for (i = 1; i < 5000; i++)
		longpath[i] = i % 97 == 0 ? '/' : i % 13 == 0 ? '\\' : i % 7 == 0 ? ' ' : 'a' + i % 26;
	model_init(&live);
	model_init(&replay);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, &s);
	for (k = 0; k < 3; k++) {
		struct lrugen_lruvec *v = calloc(NR, sizeof(*v));

		for (i = 0; i < NR; i++) {
			v[i].path = strdup(i < NR - 1 ? names[i] : longpath);
			v[i].memcg_id = !strcmp(v[i].path, "/dead") ? 0 : 10 + i;
			v[i].nr_gens = 1;
			v[i].gens[0].seq = v[i].max_seq = v[i].min_seq[0] = v[i].min_seq[1] = 5;
			v[i].gens[0].pages[0] = i;
			/* the second removed memcg changes in the last sample */
			v[i].gens[0].pages[1] = i == 9 && k == 2 ? 99 : 1;
		}
		model_set_lruvecs(&live, v, NR, (double)k + 1);
		set_counters(&live, 1, (int)k);
		rec_write_snapshot(w, &live, 1000 * k, sink_emit, &s);
	}
	model_free(&live);
	feed(r, s.data, 0, s.len, ts, &replay, &f);
	ok(f.snapshots == 3 && !f.bad, "3 samples with odd paths read back (%s)", f.first_err);
	ok(replay.nr_lruvecs == NR, "all %zu lruvecs, the two removed /dead on node 0 included (%zu)",
	   NR, replay.nr_lruvecs);
	for (i = 0; i < NR && i < replay.nr_lruvecs; i++)
		found += !strcmp(replay.lruvecs[i].path, i < NR - 1 ? names[i] : longpath);
	ok(found == NR, "every path comes back byte for byte, in order (%zu of %zu)", found, NR);
	ok(replay.nr_lruvecs == NR && replay.lruvecs[9].gens[0].pages[1] == 99 &&
	   replay.lruvecs[8].gens[0].pages[1] == 1,
	   "the second of two removed memcgs on one path changes alone");
	ok(strstr(s.data, "lrugen P ") != NULL, "a path of 5,000 bytes goes in pieces (P lines)");
	ok(!rec_reader_memcg(r, 0, &id, &path) && !strcmp(path, "/"), "the memcg map: ref 0 is /");
	ok(rec_reader_header(r) && !strcmp(rec_reader_header(r)->command, h.command) &&
	   !strcmp(rec_reader_header(r)->host, "test box"),
	   "the command and host come back with their newline, tab, backslash and space");
	d = NULL;
	for (i = 0; i < NR && i < replay.nr_lruvecs; i++)
		if (replay.lruvecs[i].path_hash != path_hash(replay.lruvecs[i].path,
							      strlen(replay.lruvecs[i].path)))
			d = "a path hash is wrong";
	ok(!d, "path hashes are those of the paths");
	(void)diff;
	check_markers(&s, "paths");
	sink_free(&s);
	free(longpath);
	rec_writer_free(w);
	rec_reader_free(r);
	model_free(&replay);
#undef NR
}

/* one line fed to a reader in the middle of a good stream */
static enum rec_line_result one_line(struct rec_reader *r, const char *line, char *err,
				     size_t errlen)
{
	return rec_reader_line(r, line, strlen(line), 0, err, errlen);
}

/* a reader that has read a header and a one-lruvec keyframe, inside snapshot 1 */
static struct rec_reader *primed(void)
{
	static const char *const lines[] = {
		"lrugen H 1 hz=100 nodes=0\n",
		"lrugen S 0 1000 k\n",
		"lrugen G 100 50 - - 7 0 10 5\n",
		"lrugen N 0 1 2 3 4 5 6 7 8 9 10\n",
		"lrugen M 0 1 /\n",
		"lrugen L 0 0 ^ 0 2 10 5 1 2 1 11 11 3 4 0\n",
		"lrugen E 0 1 4\n",
		"lrugen S 1 2000 d\n",
		"lrugen G 100 50 - - 7 0 10 5\n",
	};
	struct rec_reader *r = rec_reader_new();
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++)
		if (one_line(r, lines[i], err, sizeof(err)) == REC_LINE_BAD)
			printf("# priming line %zu: %s\n", i, err);
	return r;
}

/* corrupted lines of each type: BAD, with a message naming the line */
static void test_corrupt(void)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{ "lrugen H x", "H line" },
		{ "lrugen H 1 interval_ms=ten", "H line" },
		{ "lrugen H 1 nodes=0-99", "H line" },
		{ "lrugen H 1 release=\\q", "H line" },
		{ "lrugen C bad\\x0", "C line" },
		{ "lrugen S 1", "S line" },
		{ "lrugen S 1 2000 q", "S line" },
		{ "lrugen G 1 2 3", "G line" },
		{ "lrugen G 1 2 - 3 7 0 1 1", "G line" },
		{ "lrugen N 64 1 2 3 4 5 6 7 8 9 10", "N line" },
		{ "lrugen N 0 1 2 3", "N line" },
		{ "lrugen M 1 5", "M line" },
		{ "lrugen M 1 5 /a\\x00", "M line" },
		{ "lrugen P x /a", "P line" },
		{ "lrugen L 7 0 ^ 0 1 1 2 3 4", "L line" },
		{ "lrugen L 0 0 ^ 0 1 1 2 3 4", "L line" },
		{ "lrugen L 0 1 ^ 0 5", "L line" },
		{ "lrugen L 0 0 - 0 1 1 2 3", "L line" },
		{ "lrugen L 0 0 - 0 1 1 2 3 4 4", "L line" },
		{ "lrugen L 0 1 9:9 0 0", "L line" },
		{ "lrugen L 0 1 + 0 0", "L line" },
		{ "lrugen L 0 1 0:0:0 0 0", "L line" },
		{ "lrugen D 0 5", "D line" },
		{ "lrugen D 0", "D line" },
		{ "lrugen E 2 1 1", "E line" },
		{ "lrugen E 1 2 1", "E line" },
		{ "lrugen E 1 1 7", "E line" },
		{ "lrugen E 1", "E line" },
		{ "lrugen X status=x", "X line" },
		{ "lrugen L 0 0 - 0 1 1 18446744073709551616 3 4 1", "L line" },
	};
	size_t i;
	int good = 0, want;
	char first[300] = "";

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct rec_reader *r = primed();
		char err[256] = "";
		enum rec_line_result res = one_line(r, cases[i].line, err, sizeof(err));

		if (res == REC_LINE_BAD && !strncmp(err, cases[i].want, strlen(cases[i].want)))
			good++;
		else if (!first[0])
			snprintf(first, sizeof(first), "'%s' gave %d: %s", cases[i].line, res, err);
		rec_reader_free(r);
	}
	want = ARRAY_SIZE(cases);
	ok(good == want, "%d corrupted lines, of every type, each BAD and named (%d)%s%s", want, good,
	   first[0] ? "; first wrong: " : "", first);
	{
		struct rec_reader *r = primed();
		char err[256];
		struct lrugen_model m;
		uint64_t ts;

		model_init(&m);
		ok(one_line(r, "lrugen E 1 1 1", err, sizeof(err)) == REC_LINE_SNAPSHOT &&
		   !rec_reader_fill(r, &m, &ts) && m.nr_lruvecs == 1 && m.lruvecs[0].gens[1].age_ms == 1011 &&
		   m.lruvecs[0].max_seq == 11 && m.lruvecs[0].min_seq[0] == 11,
		   "the primed stream itself is good: an lruvec aged by the clock (%s)", err);
		ok(one_line(r, "lrugen S 2 3000 d", err, sizeof(err)) == REC_LINE_OK &&
		   rec_reader_fill(r, &m, &ts) == -EAGAIN, "no fill once the next S came");
		ok(one_line(r, "lrugen Z whatever", err, sizeof(err)) == REC_LINE_IGNORED &&
		   one_line(r, "lrugen G 1 2 - - 7 0 1 1 more fields", err, sizeof(err)) == REC_LINE_OK &&
		   one_line(r, "lrugen E 2 1 2", err, sizeof(err)) == REC_LINE_SNAPSHOT,
		   "an unknown line type is counted but not read; extra fields are ignored (%s)", err);
		ok(one_line(r, "not ours", err, sizeof(err)) == REC_LINE_IGNORED &&
		   one_line(r, "lrugenS 1", err, sizeof(err)) == REC_LINE_IGNORED &&
		   one_line(r, "lrugen Sx", err, sizeof(err)) == REC_LINE_IGNORED,
		   "lines that are not ours are ignored");
		ok(one_line(r, "lrugen G 1 2 - - 7 0 1 1", err, sizeof(err)) == REC_LINE_BAD,
		   "a line outside a snapshot is BAD (%s)", err);
		ok(one_line(r, "lrugen C a\\x4A\\x4b\\\\", err, sizeof(err)) == REC_LINE_OK &&
		   !strcmp(rec_reader_header(r)->command, "aJK\\"),
		   "escapes in either case, and a backslash (%s)", rec_reader_header(r)->command);
		model_free(&m);
		rec_reader_free(r);
	}
	{
		struct rec_reader *r = rec_reader_new();
		char err[256] = "";

		ok(one_line(r, "lrugen S 0 0 k", err, sizeof(err)) == REC_LINE_BAD && strstr(err, "H line"),
		   "a snapshot before the header is BAD (%s)", err);
		ok(one_line(r, "lrugen H 1 hz=250 future_key=what\\x20ever", err, sizeof(err)) ==
		   REC_LINE_HEADER && rec_reader_header(r)->ticks_per_s == 250,
		   "unknown header keys are ignored");
		rec_reader_free(r);
	}
}

/*
 * The start (start= and mono_ms=, added in version 1): written and read
 * back when set, left out when not, and a header without it reads as
 * before, with 0 for both.
 */
static void test_header_start(void)
{
	struct rec_writer *w = rec_writer_new(60);
	struct rec_reader *r = rec_reader_new();
	const struct rec_header *got;
	struct rec_header h;
	struct sink s = { 0 };
	struct fed f = { 0 };
	char err[256] = "";

	header_of(&h);
	h.start_ms = 1795945812345ULL;
	h.start_mono_ms = 63639;
	ok(w && r && !rec_write_header(w, &h, sink_emit, &s), "a header with its start written");
	ok(s.len && memmem(s.data, s.len, " start=1795945812.345 mono_ms=63639\n", 36) != NULL,
	   "start=SECONDS.mmm mono_ms=MS at the end of the H line: %.*s", (int)s.len, s.data);
	feed(r, s.data, 0, s.len, NULL, NULL, &f);
	got = rec_reader_header(r);
	ok(f.header == 1 && !f.bad && got && got->start_ms == 1795945812345ULL &&
	   got->start_mono_ms == 63639 && got->enabled == 7 && !strcmp(got->host, "test box") &&
	   !strcmp(got->instance, "lrugen-1-2"),
	   "read back: start %" PRIu64 " ms, mono_ms %" PRIu64 ", and the other keys",
	   got ? got->start_ms : 0, got ? got->start_mono_ms : 0);
	sink_free(&s);
	memset(&s, 0, sizeof(s));
	h.start_ms = 0;
	rec_write_header(w, &h, sink_emit, &s);
	ok(s.len && !memmem(s.data, s.len, "start=", 6) && !memmem(s.data, s.len, "mono_ms=", 8),
	   "no start: neither key is written");
	sink_free(&s);
	ok(one_line(r, "lrugen H 1 hz=100 nodes=0 instance=x", err, sizeof(err)) == REC_LINE_HEADER &&
	   !rec_reader_header(r)->start_ms && !rec_reader_header(r)->start_mono_ms,
	   "a header written before the start was added: start and mono_ms are 0 (%s)", err);
	ok(one_line(r, "lrugen H 1 mono_ms=5 start=1700000000", err, sizeof(err)) == REC_LINE_HEADER &&
	   rec_reader_header(r)->start_ms == 1700000000000ULL && rec_reader_header(r)->start_mono_ms == 5,
	   "start without milliseconds, the keys in any order");
	ok(one_line(r, "lrugen H 1 start=1700000000.5", err, sizeof(err)) == REC_LINE_BAD &&
	   strstr(err, "start="), "start with other than 3 digits of ms is BAD (%s)", err);
	ok(one_line(r, "lrugen H 1 start=-1.000", err, sizeof(err)) == REC_LINE_BAD &&
	   strstr(err, "start="), "a negative start is BAD (%s)", err);
	ok(one_line(r, "lrugen H 1 start=1.000 mono_ms=x", err, sizeof(err)) == REC_LINE_BAD &&
	   strstr(err, "mono_ms="), "mono_ms that is not a number is BAD (%s)", err);
	rec_writer_free(w);
	rec_reader_free(r);
}

static void test_version(void)
{
	struct rec_reader *r = rec_reader_new();
	char err[256] = "", line[64];

	snprintf(line, sizeof(line), "lrugen H %d release=7.0 newfield=1\n", RECFMT_VERSION + 1);
	ok(rec_reader_line(r, line, strlen(line), 0, err, sizeof(err)) == REC_LINE_VERSION,
	   "a newer version is refused");
	snprintf(line, sizeof(line), "version %d", RECFMT_VERSION + 1);
	ok(strstr(err, line) && strstr(err, "up to version 1"),
	   "the message says which version it is and which this reads: %s", err);
	ok(one_line(r, "lrugen S 0 0 k", err, sizeof(err)) == REC_LINE_IGNORED,
	   "and the rest of that recording is not read");
	ok(!rec_reader_header(r), "no header is taken from it");
	rec_reader_free(r);
}

/*
 * A recording this format's first writer made (recfmt-stream.txt, seven
 * samples of the fixtures, a keyframe every 3): it must read as long as
 * RECFMT_VERSION is 1, whatever changes in the writer.
 */
static void test_old_recording(void)
{
	struct rec_reader *r = rec_reader_new();
	struct lrugen_model m;
	struct fed f = { 0 };
	size_t len;
	char *text = fixture("recfmt-stream.txt", &len);
	const struct rec_header *h;
	struct rec_snapshot_info info = { .read_ms = 1 };
	int ret;

	model_init(&m);
	feed(r, text, 0, len, NULL, &m, &f);
	h = rec_reader_header(r);
	ok(f.header == 1 && f.snapshots == 7 && f.filled == 7 && !f.bad && f.end == 1,
	   "recfmt-stream.txt: a header, 7 snapshots and an end, nothing bad (%s)", f.first_err);
	ok(h && h->version == 1 && h->ticks_per_s == 100 && h->nodes == 3 && h->keyframe_every == 3 &&
	   !strcmp(h->command, "workloads/build/anon-churn --size 256M \"a b\""),
	   "recfmt-stream.txt: the header and the command");
	ok(m.nr_lruvecs == 8 && model_find_path(&m, "/fx-b/inner", 1) &&
	   model_find_path(&m, "/fx-b/inner", 1)->max_seq == 4,
	   "recfmt-stream.txt: the last sample's lruvecs (%zu)", m.nr_lruvecs);
	ret = rec_reader_snapshot_info(r, &info);
	ok(!ret && info.read_ms == 0 &&
	   info.tolerance_ms == RECFMT_AGE_TOLERANCE_MS && m.read_s == 0,
	   "recfmt-stream.txt: S lines without READ_MS: read time 0, tolerance %" PRIu64 " ms",
	   info.tolerance_ms);
	model_free(&m);
	free(text);
	rec_reader_free(r);
}

/* a failed emit: the writer says so, and the next snapshot is a keyframe */
static void test_emit_failure(void)
{
	struct sink s = { 0 };
	struct rec_writer *w = rec_writer_new(60);
	struct rec_writer_stats st;
	struct lrugen_model live;
	struct rec_header h;
	struct synth sy = { .nr_memcgs = 10, .nr_nodes = 1, .t_ms = 9000, .birth = -1 };
	int k, ret;

	model_init(&live);
	header_of(&h);
	rec_write_header(w, &h, sink_emit, &s);
	live_synth(&live, &sy, 1.0);
	rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
	s.fail_at = (int)s.nr_marks + 1;
	sy.t_ms += 1000;
	live_synth(&live, &sy, 2.0);
	ret = rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
	ok(ret == -ENOSPC, "the emit's error comes back (%d)", ret);
	for (k = 0; k < 2; k++) {
		sy.t_ms += 1000;
		live_synth(&live, &sy, 3.0 + k);
		rec_write_snapshot(w, &live, sy.t_ms, sink_emit, &s);
		rec_writer_stats(w, &st);
		ok(st.last_keyframe == !k, "after it, snapshot %d is %s", 3 + k,
		   k ? "a delta again" : "a keyframe");
	}
	sink_free(&s);
	model_free(&live);
	rec_writer_free(w);
}

/*
 * The writer's exact bytes: a fixed sequence of samples (a keyframe, idle
 * deltas, changes, lruvecs appearing, going and trading places, a memcg
 * renamed, removed memcgs sharing a path, a long path, a failed emit, slow
 * reads) is written, and the transcript of every marker and every call's
 * result must be recfmt-writer.txt byte for byte. A change that speeds the
 * writer up must not change a byte of what it writes; one that changes the
 * format on purpose regenerates the file with LRUGEN_GOLDEN_OUT=PATH and
 * says why in its commit.
 */
struct golden {
	char *data;
	size_t len, cap;
	int markers;
	int fail_at;		/* fail the emit of this marker (from 1); 0 never */
};

static void golden_put(struct golden *g, const char *s, size_t n)
{
	if (g->len + n + 1 > g->cap) {
		g->cap = (g->len + n + 1) * 2;
		g->data = realloc(g->data, g->cap);
		if (!g->data) {
			printf("Bail out! out of memory\n");
			exit(1);
		}
	}
	memcpy(g->data + g->len, s, n);
	g->len += n;
	g->data[g->len] = 0;
}

static int golden_emit(void *ctx, const char *buf, size_t len)
{
	struct golden *g = ctx;
	bool fail = ++g->markers == g->fail_at;
	char head[64];

	snprintf(head, sizeof(head), "> marker %d, %zu bytes%s\n", g->markers, len,
		 fail ? ", failed" : "");
	golden_put(g, head, strlen(head));
	golden_put(g, buf, len);
	return fail ? -ENOSPC : 0;
}

/* memcg @i of the golden samples: its path, id and nodes in sample @k */
static void golden_memcg(int i, int k, char *path, size_t size, uint64_t *id, int *nodes)
{
	static const char *const odd[] = {
		"/", "/a b/c  d", "/back\\slash", "/tab\there", "/trailing ", "/dead", "/dead",
	};

	*nodes = 3;
	*id = 1000 + i;
	if (i < (int)ARRAY_SIZE(odd)) {
		snprintf(path, size, "%s", odd[i]);
		if (i == 0)
			*id = 1;
		if (i >= 5) {
			*id = 0;	/* removed memcgs, listed on node 0 only */
			*nodes = 1;
		}
		return;
	}
	if (i == 7) {
		size_t n;

		/* a path longer than a piece: it goes in P lines */
		for (n = 0; n < 1500 && n + 1 < size; n++)
			path[n] = n % 50 == 0 ? '/' : 'a' + n % 26;
		path[n] = 0;
		return;
	}
	snprintf(path, size, "/work.slice/m%03d", i);
	/* from sample 5 on, memcg 20 has a new name and memcg 21's old one, under a new id */
	if (i == 20 && k >= 5)
		snprintf(path, size, "/work.slice/renamed");
	if (i == 21 && k >= 5) {
		snprintf(path, size, "/work.slice/m%03d", 20);
		*id = 5000;
	}
	/* memcg 30 is on node 1 alone until sample 4 */
	if (i == 30 && k < 4)
		*nodes = 2;
}

/* the lruvecs of golden sample @k, and its read time */
static struct lrugen_lruvec *golden_lruvecs(int k, size_t *nr, double *read_s)
{
	struct lrugen_lruvec *v = calloc(2 * 64, sizeof(*v));
	int order[64], n = 0, i, nid, g, t;
	uint64_t t_ms = 100000 + 1000 * (uint64_t)k;

	*nr = 0;
	*read_s = k == 9 ? 2.0 : k == 10 ? 0.0104 : 0;
	for (i = 0; i < 48; i++) {
		/* 40 to 44 appear at 4, 10 to 12 go at 4, 13 comes back at 11 */
		if (i >= 40 && i < 45 && k < 4)
			continue;
		if (i >= 10 && i <= 13 && k >= 4 && !(i == 13 && k >= 11))
			continue;
		/* at 12 nearly everything goes, at 13 it is back */
		if (k == 12 && i > 2)
			continue;
		order[n++] = i;
	}
	/* from 8 on, memcgs 25 and 26 trade places */
	for (i = 0; k >= 8 && i + 1 < n; i++)
		if (order[i] == 25 && order[i + 1] == 26) {
			order[i] = 26;
			order[i + 1] = 25;
		}
	for (i = 0; i < n; i++) {
		int mi = order[i], nodes;
		char path[1600];
		uint64_t id;

		golden_memcg(mi, k, path, sizeof(path), &id, &nodes);
		for (nid = 0; nid < 2; nid++) {
			struct lrugen_lruvec *l;
			uint64_t born = 1000 + 37 * mi + 500 * nid, base = 10 + mi;
			bool busy = (mi % 7 == k % 7) && k >= 3;

			if (!(nodes & (1 << nid)))
				continue;
			l = &v[(*nr)++];
			l->path = strdup(path);
			l->memcg_id = id;
			l->nid = nid;
			l->nr_gens = mi == 9 && k < 3 ? 3 : mi == 14 && k >= 11 ? 0 : 4;
			/* a birth now and then: every generation moves up */
			if (mi % 5 == 0 && k >= 6)
				base++;
			for (g = 0; g < l->nr_gens; g++) {
				struct lrugen_gen *gn = &l->gens[g];

				gn->seq = base + g;
				gn->age_ms = t_ms - born - 1000 * g;
				/* drift: odd memcgs by less than the tolerance at 2, more at 10 */
				if (mi % 2 && k == 2)
					gn->age_ms += RECFMT_AGE_TOLERANCE_MS - 5;
				if (mi % 3 == 0 && k >= 9)
					gn->age_ms += 2 * RECFMT_AGE_TOLERANCE_MS + 900 * (k - 8);
				gn->pages[LRUGEN_ANON] = 3 * g + mi + (busy ? k * 11 : 0);
				gn->pages[LRUGEN_FILE] = mi == 4 ? UINT64_MAX - g : 1000 * (uint64_t)g + nid;
				gn->evicted[LRUGEN_ANON] = g == 0 && mi % 4 == 1;
				gn->evicted[LRUGEN_FILE] = g == 0 && mi % 3 == 1;
			}
			if (l->nr_gens) {
				int ta = l->gens[0].evicted[LRUGEN_ANON] ? 1 : 0;
				int tf = l->gens[0].evicted[LRUGEN_FILE] ? 1 : 0;

				if (ta < l->nr_gens)
					l->gens[ta].has_tiers[LRUGEN_ANON] = true;
				if (tf < l->nr_gens)
					l->gens[tf].has_tiers[LRUGEN_FILE] = true;
				l->max_seq = l->gens[l->nr_gens - 1].seq;
				for (t = 0; t < LRUGEN_NR_TYPES; t++)
					l->min_seq[t] = l->gens[t ? tf : ta].seq;
			}
			/* half the memcgs have tier counters, all 0 for the others */
			if (mi % 2 == 0) {
				l->tier[LRUGEN_ANON][1].refaulted = 5 + mi + (busy ? k : 0);
				l->tier[LRUGEN_FILE][3].protected = 77;
				l->tier[LRUGEN_FILE][0].evicted = mi == 4 ? UINT64_MAX : 0;
			}
			/* a count in the tiers of a type without any: not sent, no change */
			if (mi == 15 && k == 5)
				l->tier[LRUGEN_ANON][0].refaulted = 1;
			l->partial = mi == 16 && (k == 3 || k == 4);
			/* the second removed /dead on node 0 changes alone at 11 */
			if (mi == 6 && k == 11)
				l->gens[0].pages[LRUGEN_ANON] = 99;
		}
	}
	return v;
}

static void test_golden(void)
{
	struct rec_writer *w = rec_writer_new(9);
	struct golden g = { 0 };
	struct lrugen_model live;
	struct rec_header h;
	const char *out = getenv("LRUGEN_GOLDEN_OUT");
	char line[160], *want;
	size_t len, at;
	int k, ret;

	model_init(&live);
	header_of(&h);
	h.start_ms = 1795945812345ULL;
	h.start_mono_ms = 99000;
	ret = rec_write_header(w, &h, golden_emit, &g);
	snprintf(line, sizeof(line), "= header: %d\n", ret);
	golden_put(&g, line, strlen(line));
	for (k = 0; k < 14; k++) {
		struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
		struct lrugen_global prev_global = live.global;
		struct rec_writer_stats st;
		struct lrugen_lruvec *v;
		size_t nr;
		double read_s;

		memcpy(prev_nodes, live.nodes, sizeof(prev_nodes));
		v = golden_lruvecs(k, &nr, &read_s);
		model_set_lruvecs(&live, v, nr, 100.0 + k);
		set_counters(&live, 2, k);
		live.global.enabled = k == 5 ? 0x1e : 7;
		live.global.min_ttl_ms = 1000 * (k % 3);
		live.read_s = read_s;
		model_update_rates(&live, prev_nodes, &prev_global, live.interval, 100);
		/* sample 6 loses its second marker */
		g.fail_at = k == 6 ? g.markers + 2 : 0;
		ret = rec_write_snapshot(w, &live, 100000 + 1000 * (uint64_t)k, golden_emit, &g);
		rec_writer_stats(w, &st);
		snprintf(line, sizeof(line), "= snapshot %d: %d, %zu lruvecs, %zu sent, %s, %zu bytes\n", k,
			 ret, live.nr_lruvecs, st.last_sent, st.last_keyframe ? "keyframe" : "delta",
			 st.last_bytes);
		golden_put(&g, line, strlen(line));
	}
	ret = rec_write_end(w, "exit", 0, 3, golden_emit, &g);
	snprintf(line, sizeof(line), "= end: %d\n", ret);
	golden_put(&g, line, strlen(line));
	if (out) {
		FILE *f = fopen(out, "wb");

		ok(f && fwrite(g.data, 1, g.len, f) == g.len && !fclose(f),
		   "the writer's transcript written to %s", out);
	}
	want = fixture("recfmt-writer.txt", &len);
	for (at = 0; at < len && at < g.len && want[at] == g.data[at]; at++)
		;
	if (at < len || at < g.len) {
		size_t from = at;

		while (from && g.data[from - 1] != '\n' && want[from - 1] != '\n')
			from--;
		ok(0, "the writer's bytes are recfmt-writer.txt's: they differ at byte %zu: want '%.*s', got '%.*s'",
		   at, (int)strcspn(want + from, "\n"), want + from,
		   (int)strcspn(g.data + from, "\n"), g.data + from);
	} else {
		ok(1, "the writer's bytes are recfmt-writer.txt's (%zu bytes, %d markers)", len,
		   g.markers);
	}
	free(want);
	free(g.data);
	model_free(&live);
	rec_writer_free(w);
}

int main(void)
{
	test_fixtures();
	test_sequence();
	test_read_time();
	test_sizes();
	test_lost_marker();
	test_seek();
	test_paths();
	test_corrupt();
	test_header_start();
	test_version();
	test_old_recording();
	test_emit_failure();
	test_golden();
	ok(!total_bad_markers, "no marker anywhere broke the transport's rules");
	return tap_done();
}
