// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter's figures and text (lib/metrics.c): label escaping, the
 * content negotiation, memory.numa_stat, the top-N rows and "other" whose
 * sums equal the totals, counters that never go back as memcgs move in
 * and out of the top, a memcg's own refaults, and 10,000 memcgs held to
 * the series bound of Documentation/guide/exporter.rst; lrugen
 * autoreclaim's decisions: a state file's exact exposition, --top's
 * "other" whose counters never go back while one controller runs and
 * start again with the next, and nothing but lrugen_autoreclaim_up 0
 * without a running controller.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arstate.h"
#include "metrics.h"
#include "parse.h"
#include "tap.h"
#include "wss.h"

#define PS 4096

static void set_model(struct lrugen_model *m, const char *text, double now)
{
	struct parse_result res;
	struct lrugen_lruvec *v = parse_lru_gen(text, strlen(text), &res);

	model_set_lruvecs(m, v, res.nr_lruvecs, now);
	m->nr_nodes = 0;
	for (size_t i = 0; i < m->nr_lruvecs; i++) {
		int nid = m->lruvecs[i].nid;

		m->nodes[nid].present = true;
		m->nodes[nid].nid = nid;
		if (nid + 1 > m->nr_nodes)
			m->nr_nodes = nid + 1;
	}
}

static char *format(const struct metrics *mx, enum metrics_format f)
{
	struct buf b = { 0 };

	if (metrics_format(mx, f, &b))
		return NULL;
	return b.data;
}

/* the value of the sample line that starts with @prefix (name and labels), or -1 */
static long long value_of(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, prefix, n) && p[n] == ' ')
			return atoll(p + n + 1);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static int count_samples(const char *text)
{
	const char *p = text;
	int n = 0;

	while (p && *p) {
		if (*p != '#')
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

static void test_escape(void)
{
	struct buf b = { 0 };

	metrics_label_value(&b, "/a\"b\\c\nd");
	ok(!strcmp(b.data, "\"/a\\\"b\\\\c\\nd\""), "quote, backslash and newline escaped: %s", b.data);
	b.len = 0;
	metrics_label_value(&b, "/caf\xc3\xa9/\xff\xfe");
	ok(!strcmp(b.data, "\"/caf\xc3\xa9/\\\\xff\\\\xfe\""),
	   "UTF-8 kept, bytes that are not written \\\\xNN: %s", b.data);
	b.len = 0;
	metrics_label_value(&b, "");
	ok(!strcmp(b.data, "\"\""), "empty value: %s", b.data);
	buf_free(&b);
}

static void test_negotiate(void)
{
	ok(metrics_negotiate(NULL) == METRICS_PROMETHEUS, "no Accept: Prometheus text");
	ok(metrics_negotiate("text/plain") == METRICS_PROMETHEUS, "text/plain: Prometheus text");
	ok(metrics_negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1") ==
	   METRICS_OPENMETRICS, "Prometheus 2.42's Accept: OpenMetrics");
	ok(metrics_negotiate("text/plain;q=0.5, Application/OpenMetrics-Text") == METRICS_OPENMETRICS,
	   "later in the list, any case: OpenMetrics");
	ok(metrics_negotiate("application/openmetrics-text;q=0") == METRICS_PROMETHEUS,
	   "q=0 refuses OpenMetrics");
	ok(!strncmp(metrics_content_type(METRICS_OPENMETRICS), "application/openmetrics-text; version=1.0.0", 43),
	   "OpenMetrics content type");
	ok(!strncmp(metrics_content_type(METRICS_PROMETHEUS), "text/plain; version=0.0.4", 25),
	   "Prometheus content type");
}

static void test_numa_stat(void)
{
	const char *s = "anon N0=4096 N1=8192\nworkingset_refault_anon N0=12 N1=34\nworkingset_refault_file N0=5 N1=0\n";
	uint64_t v[4] = { 9, 9, 9, 9 };

	ok(!metrics_parse_numa_stat(s, "workingset_refault_anon", v, 4) && v[0] == 12 && v[1] == 34 &&
	   v[2] == 9, "numa_stat: N0 and N1 read, other nodes left alone");
	ok(!metrics_parse_numa_stat(s, "workingset_refault_file", v, 1) && v[0] == 5 && v[1] == 34,
	   "numa_stat: a node beyond nr_nodes ignored");
	ok(metrics_parse_numa_stat(s, "workingset_refault", v, 4) == -1, "numa_stat: a prefix is not a key");
	ok(metrics_parse_numa_stat("workingset_refault_anon N0=x\n", "workingset_refault_anon", v, 4) == -1,
	   "numa_stat: a bad value refused");
	ok(metrics_parse_numa_stat("workingset_refault_anon 0=1\n", "workingset_refault_anon", v, 4) == -1,
	   "numa_stat: a field without N refused");
}

/* three memcgs on node 0, sizes 50, 30 and 20 pages; two on node 1 */
static const char *three =
	"memcg 1 /\n node 0\n 1 9000 10 10\n 2 100 0 0\n node 1\n 1 9000 1 0\n"
	"memcg 2 /a\n node 0\n 1 9000 5 10\n 2 100 10 5\n node 1\n 1 9000 0 3\n"
	"memcg 3 /b\n node 0\n 1 9000 40 0\n 2 100 0 10\n";

static void test_top(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 1, .page_size = PS, .events = true };
	uint64_t sum[LRUGEN_NR_TYPES] = { 0 }, want[LRUGEN_NR_TYPES] = { 0 };
	struct lrugen_event ev = { 0 };
	struct lrugen_model m;
	struct metrics mx;
	char *text, *om;
	size_t i;

	model_init(&m);
	set_model(&m, three, 10);
	metrics_init(&mx, &o);
	ok(!metrics_sample(&mx, &m, NULL), "sample of 3 memcgs");
	/* node 0: /b (50 pages) shown, / (40) and /a (30) in other; node 1: / shown, /a other */
	ok(mx.nr_rows == 4, "top 1: a row and other per node (%zu rows)", mx.nr_rows);
	ok(!strcmp(mx.rows[0].memcg, "/b") && mx.rows[0].nid == 0, "node 0's largest first: %s", mx.rows[0].memcg);
	ok(!strcmp(mx.rows[1].memcg, METRICS_OTHER) && mx.rows[1].nr_lruvecs == 2, "node 0's other sums 2");
	for (i = 0; i < mx.nr_rows; i++)
		for (int t = 0; t < LRUGEN_NR_TYPES; t++)
			if (mx.rows[i].nid == 0)
				sum[t] += mx.rows[i].lru_pages[t];
	for (i = 0; i < m.nr_lruvecs; i++)
		for (int t = 0; t < LRUGEN_NR_TYPES; t++)
			if (m.lruvecs[i].nid == 0)
				want[t] += lruvec_pages(&m.lruvecs[i], t);
	ok(sum[0] == want[0] && sum[1] == want[1], "node 0: rows sum to the total (anon %llu/%llu, file %llu/%llu)",
	   (unsigned long long)sum[0], (unsigned long long)want[0], (unsigned long long)sum[1],
	   (unsigned long long)want[1]);

	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_lru_bytes{node=\"0\",memcg=\"/b\",type=\"anon\"}") == 40 * PS,
	   "/b anon bytes");
	ok(value_of(text, "lrugen_lru_bytes{node=\"0\",memcg=\"other\",type=\"file\"}") == 25 * PS,
	   "other file bytes: / 10 + /a 15 pages");
	ok(value_of(text, "lrugen_memcgs{node=\"0\"}") == 3 && value_of(text, "lrugen_other_memcgs{node=\"0\"}") == 2,
	   "memcg counts");
	ok(strstr(text, "# TYPE lrugen_evicted_bytes_total counter\n") != NULL, "0.0.4: counter TYPE with _total");
	ok(strstr(text, "# EOF") == NULL && strstr(text, "# UNIT") == NULL, "0.0.4: no EOF, no UNIT");
	ok(value_of(text, "lrugen_oldest_generation_age_seconds{node=\"0\",memcg=\"other\"}") == 9,
	   "other's oldest age is the largest");
	om = format(&mx, METRICS_OPENMETRICS);
	ok(strstr(om, "# TYPE lrugen_evicted_bytes counter\n# UNIT lrugen_evicted_bytes bytes\n") != NULL,
	   "OpenMetrics: counter family without _total, with its unit");
	ok(strlen(om) > 6 && !strcmp(om + strlen(om) - 6, "# EOF\n"), "OpenMetrics: ends with # EOF");
	free(om);
	free(text);

	/* evictions: 7 anon pages of /b (shown), 5 file of /a (other) */
	ev.kind = LRUGEN_EV_EVICT;
	ev.nid = 0;
	ev.memcg_id = 3;
	ev.arg = LRUGEN_ANON;
	ev.c = 7;
	metrics_event(&mx, &ev);
	ev.memcg_id = 2;
	ev.arg = LRUGEN_FILE;
	ev.c = 5;
	metrics_event(&mx, &ev);
	/* a request through memory.reclaim (every node) on /a, one on node 0 without a memcg */
	memset(&ev, 0, sizeof(ev));
	ev.kind = LRUGEN_EV_PROACTIVE;
	ev.nid = -1;
	ev.memcg_id = 2;
	ev.a = 100;
	ev.b = 60;
	ev.arg = -11;
	metrics_event(&mx, &ev);
	ev.nid = 0;
	ev.memcg_id = 0;
	ev.arg = 0;
	metrics_event(&mx, &ev);
	set_model(&m, three, 20);
	metrics_sample(&mx, &m, NULL);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"/b\",type=\"anon\"}") == 7 * PS,
	   "/b's evictions");
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"other\",type=\"file\"}") == 5 * PS,
	   "/a's evictions in other");
	ok(value_of(text, "lrugen_proactive_requests_total{node=\"all\",memcg=\"/a\"}") == 1 &&
	   value_of(text, "lrugen_proactive_failed_requests_total{node=\"all\",memcg=\"/a\"}") == 1 &&
	   value_of(text, "lrugen_proactive_reclaimed_bytes_total{node=\"all\",memcg=\"/a\"}") == 60 * PS,
	   "memory.reclaim on /a (node 1's largest): node all, by name");
	ok(value_of(text, "lrugen_proactive_requested_bytes_total{node=\"0\",memcg=\"other\"}") == 100 * PS,
	   "a request without a memcg is the root's, in other on node 0");
	free(text);

	/* /a grows to the top of node 0: its series appears, other's counter stays */
	set_model(&m, "memcg 1 /\n node 0\n 1 9000 10 10\n 2 100 0 0\n"
		  "memcg 2 /a\n node 0\n 1 9000 500 10\n 2 100 10 5\n"
		  "memcg 3 /b\n node 0\n 1 9000 40 0\n 2 100 0 10\n", 30);
	metrics_sample(&mx, &m, NULL);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"/a\",type=\"file\"}") == 5 * PS,
	   "/a in the top: its own total");
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"other\",type=\"file\"}") == 5 * PS,
	   "other's counter does not go back when /a leaves it");
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"other\",type=\"anon\"}") == 0,
	   "/b, now in other, brings none of its past evictions");
	free(text);
	/* /b evicts 3 more from other */
	memset(&ev, 0, sizeof(ev));
	ev.kind = LRUGEN_EV_EVICT;
	ev.memcg_id = 3;
	ev.c = 3;
	metrics_event(&mx, &ev);
	metrics_sample(&mx, &m, NULL);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_evicted_bytes_total{node=\"0\",memcg=\"other\",type=\"anon\"}") == 3 * PS,
	   "other grows by what its members evict");
	free(text);
	metrics_free(&mx);
	model_free(&m);
}

static void test_refaults(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 0, .page_size = PS };
	const char *paths[3];
	uint64_t hier[3][LRUGEN_MAX_NODES][LRUGEN_NR_TYPES] = { 0 };
	bool has[3] = { true, true, true };
	struct metrics_refaults rf = { 3, paths, hier, has };
	struct lrugen_model m;
	struct metrics mx;
	char *text;

	paths[0] = "/";
	paths[1] = "/a";
	paths[2] = "/a/b";
	model_init(&m);
	set_model(&m, "memcg 1 /\n node 0\n 1 10 1 1\nmemcg 2 /a\n node 0\n 1 10 1 1\n"
		  "memcg 3 /a/b\n node 0\n 1 10 1 1\n", 10);
	metrics_init(&mx, &o);
	hier[0][0][0] = 100;	/* / anon: 100 in all, 60 under /a */
	hier[1][0][0] = 60;	/* /a: 60, of which /a/b 45 */
	hier[2][0][0] = 45;
	metrics_sample(&mx, &m, &rf);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_refaulted_bytes_total{node=\"0\",memcg=\"/\",type=\"anon\"}") == 40 * PS &&
	   value_of(text, "lrugen_refaulted_bytes_total{node=\"0\",memcg=\"/a\",type=\"anon\"}") == 15 * PS &&
	   value_of(text, "lrugen_refaulted_bytes_total{node=\"0\",memcg=\"/a/b\",type=\"anon\"}") == 45 * PS,
	   "own refaults: the hierarchy's less the children's (40, 15, 45)");
	free(text);
	/* a reading lower than the last (a child read later than its parent) adds nothing */
	hier[1][0][0] = 50;
	hier[0][0][0] = 100;
	metrics_sample(&mx, &m, &rf);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_refaulted_bytes_total{node=\"0\",memcg=\"/a\",type=\"anon\"}") == 15 * PS &&
	   value_of(text, "lrugen_refaulted_bytes_total{node=\"0\",memcg=\"/\",type=\"anon\"}") == 50 * PS,
	   "counters never go back; / grows by 10 (now 50)");
	free(text);
	metrics_free(&mx);
	model_free(&m);
}

static void test_wss(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 1, .page_size = PS };
	uint64_t ws[LRUGEN_NR_TYPES] = { 0 };
	struct wss_estimate e;
	struct lrugen_model m;
	struct metrics mx;
	size_t i;
	int err;

	model_init(&m);
	set_model(&m, three, 10);
	err = wss_estimate(&m.lruvecs[0], 120000, &e);
	metrics_init(&mx, &o);
	metrics_sample(&mx, &m, NULL);
	if (err) {
		ok(!mx.rows[0].has_wss && mx.wss_error == err,
		   "wss_estimate() fails (%d): the rows say so, no working-set figures", err);
		metrics_free(&mx);
		model_free(&m);
		return;
	}
	for (i = 0; i < m.nr_lruvecs; i++)
		if (m.lruvecs[i].nid == 0 && strcmp(m.lruvecs[i].path, "/b")) {
			wss_estimate(&m.lruvecs[i], 120000, &e);
			ws[0] += e.ws_pages[0];
			ws[1] += e.ws_pages[1];
		}
	ok(mx.rows[1].has_wss && mx.rows[1].ws_pages[0] == ws[0] && mx.rows[1].ws_pages[1] == ws[1],
	   "other's working set is its members' sum");
	for (i = 0; i < mx.nr_rows; i++) {
		const struct metrics_row *r = &mx.rows[i];
		bool mono = true;

		for (int t = 0; t < LRUGEN_NR_TYPES; t++) {
			for (int a = 1; a < METRICS_NR_AGES; a++)
				mono &= r->age_pages[t][a] >= r->age_pages[t][a - 1];
			mono &= r->age_pages[t][METRICS_NR_AGES - 1] == r->lru_pages[t];
		}
		ok(mono, "row %s node %d: age buckets cumulative, +Inf is every page", r->memcg, r->nid);
	}
	metrics_free(&mx);
	model_free(&m);
}

/* 10,000 memcgs on 2 nodes, --top 100: the series stay within the bound */
static void test_many(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 100, .page_size = PS, .events = true };
	uint64_t total = 0, rows = 0;
	struct buf in = { 0 };
	struct lrugen_model m;
	struct metrics mx;
	long bound;
	char *text, line[128];
	int i, n, per_row;

	for (i = 0; i < 10000; i++) {
		n = snprintf(line, sizeof(line), "memcg %d /m%05d\n node 0\n 1 5000 %d %d\n 2 10 1 0\n node 1\n 3 10 %d 0\n",
			     i + 2, i, i % 97, i % 13, i % 7);
		buf_reserve(&in, n + 1, 1 << 30);
		memcpy(in.data + in.len, line, n + 1);
		in.len += n;
		total += i % 97 + i % 13 + 1;
	}
	model_init(&m);
	set_model(&m, in.data, 10);
	metrics_init(&mx, &o);
	ok(!metrics_sample(&mx, &m, NULL), "sample of 10,000 memcgs");
	for (size_t r = 0; r < mx.nr_rows; r++)
		if (mx.rows[r].nid == 0)
			rows += mx.rows[r].lru_pages[0] + mx.rows[r].lru_pages[1];
	ok(rows == total, "node 0: the 100 rows and other hold every page (%llu of %llu)",
	   (unsigned long long)rows, (unsigned long long)total);
	ok(mx.nr_rows == 2 * 101, "101 rows a node (%zu)", mx.nr_rows);
	text = format(&mx, METRICS_PROMETHEUS);
	n = count_samples(text);
	/*
	 * The bound of Documentation/guide/exporter.rst, with events and
	 * working-set figures: per row, 2 types x (lru, 9 ages, ws, cold,
	 * uncertain, refaulted, evicted) + the oldest age = 31; per node
	 * memcgs, other memcgs, 2 refaulted, proactive reclaimed and scanned,
	 * kswapd = 7; 4 proactive families x (top + 1) x (nodes + 1); 7 of
	 * the exporter's own.
	 */
	per_row = 2 * (1 + METRICS_NR_AGES + 3 + 2) + 1;
	bound = 2L * 101 * per_row + 2 * 7 + 4L * 101 * 3 + 7;
	ok(n <= bound, "%d series for 10,000 memcgs, within the bound %ld", n, bound);
	ok(n > 2 * 101 * 3, "and not nearly empty (%d)", n);
	free(text);
	metrics_free(&mx);
	model_free(&m);
	buf_free(&in);
}

/* the text of the lrugen_autoreclaim_* families, from their first HELP to # EOF or the end */
static char *ar_part(const char *text)
{
	const char *p = strstr(text, "# HELP lrugen_autoreclaim_up");
	const char *e = p ? strstr(p, "# EOF\n") : NULL;

	if (!p)
		return strdup("");
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

static void ar_set(struct arstate_lruvec *v, int nid, uint64_t id, const char *path,
		   enum arstate_state state, uint64_t base)
{
	memset(v, 0, sizeof(*v));
	v->nid = nid;
	v->memcg_id = id;
	snprintf(v->path, sizeof(v->path), "%s", path);
	v->state = state;
	v->cold = base * 4096;
	v->ws = base * 8192;
	v->promotion_pct = base / 100.0;
	v->psi_pct = base / 10.0;
	v->requests = base;
	v->requested = base * 1000;
	v->reclaimed = base * 900;
	v->backoffs_promotion = base / 2;
	v->backoffs_psi = base / 3;
	v->backoff_left_ms = base * 100;
}

/* the state file of tests/fixtures/exporter, as text, exactly */
static void test_ar_fixture(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 0, .page_size = PS };
	char *in, *want, *text, *got, err[256];
	struct lrugen_model m;
	struct arstate st;
	struct metrics mx;
	size_t len;
	FILE *f;
	int ret;

	in = fixture("../exporter/autoreclaim.state", &len);
	want = fixture("../exporter/autoreclaim.prom", &len);
	f = fmemopen(in, strlen(in), "r");
	ret = arstate_parse(f, &st, err, sizeof(err));
	fclose(f);
	if (!ok(ret == 0 && st.nr == 4, "autoreclaim.state parsed (%d: %s)", ret, ret ? err : "")) {
		free(in);
		free(want);
		return;
	}
	model_init(&m);
	set_model(&m, three, 10);
	metrics_init(&mx, &o);
	metrics_sample(&mx, &m, NULL);
	ok(!metrics_autoreclaim(&mx, &st, 1795990000.5, 1795990123.25), "autoreclaim sample");
	text = format(&mx, METRICS_PROMETHEUS);
	got = ar_part(text);
	if (!ok(!strcmp(got, want), "autoreclaim.state gives autoreclaim.prom exactly"))
		printf("# got:\n%s", got);
	free(got);
	free(text);
	text = format(&mx, METRICS_OPENMETRICS);
	ok(strstr(text, "# TYPE lrugen_autoreclaim_state stateset\n") &&
	   strstr(text, "# TYPE lrugen_autoreclaim_backoffs counter\n") &&
	   strstr(text, "# UNIT lrugen_autoreclaim_reclaimed_bytes bytes\n") &&
	   strstr(text, "\nlrugen_autoreclaim_state{node=\"0\",memcg=\"/job-a\",lrugen_autoreclaim_state=\"reclaim\"} 1\n"),
	   "OpenMetrics: a state set, counters without _total, units");
	free(text);
	metrics_free(&mx);
	model_free(&m);
	arstate_free(&st);
	free(in);
	free(want);
}

/* --top 1: "other" per node; its counters never go back; a new pid starts them again */
static void test_ar_other(void)
{
	struct metrics_opts o = { .window_ms = 120000, .top = 1, .page_size = PS };
	struct arstate_lruvec lv[4];
	struct arstate st = { .pid = 100, .age_ms = 60000, .period_ms = 5000, .dry_run = true,
			      .max_promotion_pct = 0.2, .max_psi_pct = 1, .nr = 4, .lruvecs = lv };
	struct lrugen_model m;
	struct metrics mx;
	char *text, *got;
	int n;

	/* node 0: ids 9, 5, 7 (5 is the first by id); node 1: id 7 */
	ar_set(&lv[0], 0, 9, "/c", AR_RECLAIM, 30);
	ar_set(&lv[1], 0, 5, "/a", AR_BACKOFF, 10);
	ar_set(&lv[2], 0, 7, "/b", AR_RECLAIM, 20);
	ar_set(&lv[3], 1, 7, "/b", AR_IDLE, 6);
	model_init(&m);
	set_model(&m, three, 10);
	metrics_init(&mx, &o);
	metrics_sample(&mx, &m, NULL);
	metrics_autoreclaim(&mx, &st, 0, 0);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"/a\"}") == 10 &&
	   value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"/b\"}") == -1 &&
	   value_of(text, "lrugen_autoreclaim_requests_total{node=\"1\",memcg=\"/b\"}") == 6,
	   "--top 1: the first memcg by id of each node named");
	ok(value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"other\"}") == 50 &&
	   value_of(text, "lrugen_autoreclaim_reclaimed_bytes_total{node=\"0\",memcg=\"other\"}") == 45000 &&
	   value_of(text, "lrugen_autoreclaim_backoffs_total{node=\"0\",memcg=\"other\",reason=\"psi-above-bound\"}") == 16 &&
	   value_of(text, "lrugen_autoreclaim_cold_bytes{node=\"0\",memcg=\"other\"}") == 50 * 4096 &&
	   value_of(text, "lrugen_autoreclaim_backoff_remaining_seconds{node=\"0\",memcg=\"other\"}") == 3,
	   "other: counters and bytes summed, the back-off left the longest");
	ok(!strstr(text, "lrugen_autoreclaim_state{node=\"0\",memcg=\"other\""),
	   "other has no state set: its lruvecs differ");
	ok(value_of(text, "lrugen_autoreclaim_lruvecs{node=\"0\",state=\"reclaim\"}") == 2 &&
	   value_of(text, "lrugen_autoreclaim_lruvecs{node=\"0\",state=\"backoff\"}") == 1 &&
	   value_of(text, "lrugen_autoreclaim_lruvecs{node=\"1\",state=\"idle\"}") == 1 &&
	   value_of(text, "lrugen_autoreclaim_lruvecs{node=\"1\",state=\"reclaim\"}") == 0,
	   "lruvecs by state, per node, every lruvec counted");
	ok(value_of(text, "lrugen_autoreclaim_state{node=\"0\",memcg=\"/a\",lrugen_autoreclaim_state=\"backoff\"}") == 1 &&
	   value_of(text, "lrugen_autoreclaim_state{node=\"0\",memcg=\"/a\",lrugen_autoreclaim_state=\"reclaim\"}") == 0 &&
	   value_of(text, "lrugen_autoreclaim_dry_run") == 1 && !strstr(text, "lrugen_autoreclaim_start_time_seconds"),
	   "the state set, -n; no start time when not known");
	n = 0;
	for (const char *p = text; (p = strstr(p, "\nlrugen_autoreclaim_state{")); p++)
		n++;
	ok(n == 2 * AR_NR_STATES, "a state set of %d series per named lruvec (%d)", AR_NR_STATES, n);
	free(text);

	/* /c (id 9) is gone; /b grows: other has every past request still */
	st.nr = 3;
	lv[0] = lv[3];
	lv[2].requests = 25;
	metrics_autoreclaim(&mx, &st, 0, 0);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"other\"}") == 55,
	   "a memcg gone from other: its requests stay in other's counter (%lld)",
	   value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"other\"}"));
	ok(value_of(text, "lrugen_autoreclaim_cold_bytes{node=\"0\",memcg=\"other\"}") == 20 * 4096,
	   "and its bytes go from other's gauges");
	free(text);

	/* a new controller (pid 101): counters from its own start */
	st.pid = 101;
	lv[2].requests = 2;
	metrics_autoreclaim(&mx, &st, 0, 0);
	text = format(&mx, METRICS_PROMETHEUS);
	ok(value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"other\"}") == 2,
	   "a new pid: other's counters start again (%lld)",
	   value_of(text, "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"other\"}"));
	free(text);

	/* no controller: up 0 and nothing else */
	metrics_autoreclaim(&mx, NULL, 0, 0);
	got = format(&mx, METRICS_PROMETHEUS);
	text = ar_part(got);
	free(got);
	ok(!strcmp(text, "# HELP lrugen_autoreclaim_up 1 when a running lrugen autoreclaim's state file was read; 0 when there is none, or its writer is gone.\n"
			 "# TYPE lrugen_autoreclaim_up gauge\nlrugen_autoreclaim_up 0\n"),
	   "no controller: lrugen_autoreclaim_up 0 alone");
	free(text);
	metrics_free(&mx);
	model_free(&m);
}

int main(void)
{
	test_escape();
	test_negotiate();
	test_numa_stat();
	test_top();
	test_refaults();
	test_wss();
	test_many();
	test_ar_other();
	test_ar_fixture();
	return tap_done();
}
