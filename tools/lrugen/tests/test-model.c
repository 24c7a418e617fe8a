// SPDX-License-Identifier: GPL-2.0
/*
 * The model: rates from successive samples, memcgs that come and go, the
 * event log, and the table's order and filter.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "tap.h"
#include "view.h"

static struct lrugen_lruvec *parse_fixture(const char *name, size_t *nr)
{
	struct parse_result res;
	struct lrugen_lruvec *v;
	size_t len;
	char *buf = fixture(name, &len);

	v = parse_lru_gen(buf, len, &res);
	free(buf);
	*nr = res.nr_lruvecs;
	return v;
}

static struct lrugen_lruvec *parse_text(const char *text, size_t *nr)
{
	struct parse_result res;
	struct lrugen_lruvec *v = parse_lru_gen(text, strlen(text), &res);

	*nr = res.nr_lruvecs;
	return v;
}

static void test_rates(void)
{
	struct lrugen_model m;
	struct lrugen_lruvec *v;
	const struct lrugen_lruvec *l;
	size_t nr;

	ok(counter_rate(100, 160, 2.0) == 30, "counter_rate: 60 over 2 s is 30/s");
	ok(counter_rate(160, 100, 2.0) == 0, "counter_rate: a counter that went back is 0");
	ok(counter_rate(1, 2, 0) == 0, "counter_rate: no time, no rate");

	model_init(&m);
	v = parse_text("memcg 1 /\n node 0\n 3 10 1 1\n 4 5 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 100.0);
	ok(m.lruvecs[0].births_per_min == LRUGEN_RATE_UNKNOWN, "first sample: births unknown");
	/* two generations born in 30 s: 4 a minute */
	v = parse_text("memcg 1 /\n node 0\n 5 10 1 1\n 6 5 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 130.0);
	ok(fabs(m.lruvecs[0].births_per_min - 4.0) < 1e-9, "births: max_seq 4 -> 6 in 30 s is 4/min (%.3f)",
	   m.lruvecs[0].births_per_min);
	ok(m.lruvecs[0].evict_per_s == LRUGEN_RATE_UNKNOWN, "no event source: eviction rate unknown");
	/* no birth for 40 s: the rate falls over the window, not to 0 */
	v = parse_text("memcg 1 /\n node 0\n 5 10 1 1\n 6 5 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 170.0);
	ok(fabs(m.lruvecs[0].births_per_min - 2.0 * 60 / 70) < 1e-9,
	   "births: 2 in the 70 s since the window began (%.3f/min)", m.lruvecs[0].births_per_min);
	/* the window restarted at the previous sample (130 s, seq 6) */
	v = parse_text("memcg 1 /\n node 0\n 6 10 1 1\n 7 5 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 180.0);
	ok(fabs(m.lruvecs[0].births_per_min - 1.2) < 1e-9,
	   "births: the window moves on after %d s (%.3f/min)", LRUGEN_BIRTH_WINDOW_S,
	   m.lruvecs[0].births_per_min);

	/* events add up between samples, then become a rate */
	m.events_live = true;
	l = model_find(&m, 1, 0);
	ok(l != NULL, "model_find by memcg id and node");
	m.lruvecs[0].ev_reclaimed = 500;
	v = parse_text("memcg 1 /\n node 0\n 6 10 1 1\n 7 5 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 190.0);
	ok(fabs(m.lruvecs[0].evict_per_s - 50.0) < 1e-9, "500 pages evicted in 10 s is 50/s");
	ok(m.lruvecs[0].ev_reclaimed == 0, "the event sums start again");
	model_free(&m);
}

static void test_memcgs_come_and_go(void)
{
	struct lrugen_model m;
	struct lrugen_lruvec *v;
	size_t nr;

	model_init(&m);
	v = parse_fixture("lru_gen_full-with-c.txt", &nr);
	model_set_lruvecs(&m, v, nr, 1.0);
	ok(model_find_path(&m, "/fx-c", 0) != NULL, "with fx-c: it is listed");
	v = parse_fixture("lru_gen_full-without-c.txt", &nr);
	model_set_lruvecs(&m, v, nr, 2.0);
	ok(model_find_path(&m, "/fx-c", 0) == NULL, "after rmdir: fx-c is gone");
	ok(model_find_path(&m, "/fx-a", 0) && model_find_path(&m, "/fx-a", 0)->births_per_min >= 0,
	   "a memcg in both samples gets a rate");
	/* same id, another path: a new memcg, so no rate from the old one */
	v = parse_text("memcg 2 /reused\n node 0\n 90 1 1 1\n 91 1 1 1\n", &nr);
	model_set_lruvecs(&m, v, nr, 3.0);
	ok(m.lruvecs[0].births_per_min == LRUGEN_RATE_UNKNOWN,
	   "a reused memcg id is not mistaken for the old memcg");
	model_free(&m);
}

/* "memcg ID PATH" with one lruvec on node 0 at max_seq @seq */
static size_t add_memcg(char *buf, size_t len, size_t size, uint64_t id, const char *path,
			uint64_t seq)
{
	return len + snprintf(buf + len, size - len, "memcg %llu %s\n node 0\n %llu 1 1 1\n",
			      (unsigned long long)id, path, (unsigned long long)seq);
}

/*
 * Matching samples by identity, at scale and under churn: every lruvec of
 * the previous sample is found again whatever the order, each at most once
 * (removed memcgs listed twice under one path and id 0 pair up in order),
 * and events find their lruvec among thousands.
 */
static void test_churn(void)
{
	enum { N = 4000 };
	size_t size = N * 64 + 4096, len = 0, i;
	char *buf = malloc(size), path[32];
	struct parse_result res;
	struct lrugen_model m;
	struct lruvec_set *s;
	int matched = 0, fresh = 0, zombies = 0, found = 0;

	model_init(&m);
	for (i = 0; i < N; i++) {
		snprintf(path, sizeof(path), "/c%05zu", i);
		len = add_memcg(buf, len, size, 100 + i, path, 10);
	}
	len = add_memcg(buf, len, size, 0, "/dead", 10);
	len = add_memcg(buf, len, size, 0, "/dead", 20);
	s = model_next_set(&m);
	ok(!parse_lru_gen_set(buf, len, s, &res) && res.nr_lruvecs == N + 2, "churn: first sample");
	model_commit(&m, 10.0);
	ok(m.by_ident.nr_buckets >= 2 * m.nr_lruvecs && m.by_id.nr_buckets >= 2 * m.nr_lruvecs,
	   "churn: both indexes built (%zu buckets for %zu lruvecs)", m.by_ident.nr_buckets,
	   m.nr_lruvecs);

	/* the next sample backwards, a tenth of the memcgs replaced */
	len = 0;
	len = add_memcg(buf, len, size, 0, "/dead", 11);
	len = add_memcg(buf, len, size, 0, "/dead", 21);
	for (i = N; i-- > 0;) {
		bool replaced = i % 10 == 0;

		snprintf(path, sizeof(path), replaced ? "/n%05zu" : "/c%05zu", i);
		len = add_memcg(buf, len, size, replaced ? 100 + N + i : 100 + i, path, 12);
	}
	s = model_next_set(&m);
	ok(!parse_lru_gen_set(buf, len, s, &res) && res.nr_lruvecs == N + 2, "churn: second sample");
	model_commit(&m, 40.0);
	for (i = 0; i < m.nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m.lruvecs[i];

		if (!strcmp(l->path, "/dead")) {
			/* 10 -> 11 and 20 -> 21 over 30 s: 2 a minute each */
			zombies += l->births_per_min == 2.0;
		} else if (l->births_per_min == LRUGEN_RATE_UNKNOWN) {
			fresh += l->path[1] == 'n';
		} else {
			/* 10 -> 12 in 30 s */
			matched += l->path[1] == 'c' && l->births_per_min == 4.0;
		}
	}
	ok_eq(matched, N - N / 10, "churn: the memcgs that stayed keep their rates");
	ok_eq(fresh, N / 10, "churn: the new memcgs start without a rate");
	ok_eq(zombies, 2, "churn: two removed memcgs under one path pair up in order");

	for (i = 0; i < N; i++) {
		const struct lrugen_lruvec *l = model_find(&m, i % 10 ? 100 + i : 100 + N + i, 0);

		found += l && l->memcg_id == (i % 10 ? 100 + i : 100 + N + i);
	}
	ok_eq(found, N, "churn: every memcg found by id through the index");
	ok(model_find(&m, 100 + N - 1 + 1000000, 0) == NULL, "churn: an unknown id is not found");
	model_free(&m);
	free(buf);
}

static void test_node_rates(void)
{
	struct lrugen_node prev[LRUGEN_MAX_NODES];
	struct lrugen_global pg;
	struct lrugen_model m;

	model_init(&m);
	m.nr_nodes = 1;
	m.nodes[0].present = true;
	m.nodes[0].kswapd_pid = 42;
	m.nodes[0].kswapd_ticks = 1000;
	m.nodes[0].pgsteal_proactive_node = 5000;
	m.samples = 1;
	memcpy(prev, m.nodes, sizeof(prev));
	pg = m.global;
	model_update_rates(&m, prev, &pg, 0, 100);
	ok(m.nodes[0].kswapd_cpu == LRUGEN_RATE_UNKNOWN, "first sample: kswapd CPU unknown");
	ok(m.nodes[0].proactive_total == 0, "proactive total counts from the start");

	memcpy(prev, m.nodes, sizeof(prev));
	m.samples = 2;
	m.nodes[0].kswapd_ticks = 1050;		/* 50 ticks in 2 s at 100/s: 25% */
	m.nodes[0].pgsteal_proactive_node = 5300;
	m.nodes[0].refault_file = 200;
	m.global.pgscan = 1000;
	model_update_rates(&m, prev, &pg, 2.0, 100);
	ok(fabs(m.nodes[0].kswapd_cpu - 25.0) < 1e-9, "kswapd: 50 ticks in 2 s is 25%% (%.2f)",
	   m.nodes[0].kswapd_cpu);
	ok(m.nodes[0].proactive_total == 300, "proactive: 300 pages since start");
	ok(fabs(m.nodes[0].proactive_per_s - 150) < 1e-9, "proactive: 150 pages/s");
	ok(fabs(m.nodes[0].refault_file_per_s - 100) < 1e-9, "refaults: 100/s");
	ok(fabs(m.global.scan_per_s - 500) < 1e-9, "global scan: 500/s");

	/*
	 * Counters are read when lru_gen_full's read ends: after a 100 ms
	 * read begun at 10 s, a 1100 ms read begun at 12 s puts them 3 s
	 * apart, not 2, and kswapd's 60 ticks are 20% (over 2 s, 30%).
	 */
	ok(model_read_ms(0.1) == 100 && model_read_ms(0.0101) == 11 && model_read_ms(0.013) == 13 &&
	   model_read_ms(0) == 0 && model_read_ms(-1) == 0, "read times in whole ms, rounded up");
	memcpy(prev, m.nodes, sizeof(prev));
	m.counters_at = model_counters_at(10000, model_read_ms(0.1));
	model_update_rates(&m, prev, &pg, 2.0, 100);
	memcpy(prev, m.nodes, sizeof(prev));
	m.nodes[0].kswapd_ticks += 60;
	m.nodes[0].refault_file += 300;
	m.counters_at = model_counters_at(12000, model_read_ms(1.1));
	model_update_rates(&m, prev, &pg, 2.0, 100);
	ok(fabs(m.nodes[0].kswapd_cpu - 20.0) < 1e-9,
	   "kswapd: 60 ticks between counter reads 3 s apart is 20%% (%.2f)", m.nodes[0].kswapd_cpu);
	ok(fabs(m.nodes[0].refault_file_per_s - 100) < 1e-9, "refaults over the same 3 s: 100/s");
	memcpy(prev, m.nodes, sizeof(prev));
	m.nodes[0].kswapd_ticks += 60;
	m.counters_at = model_counters_at(14000, model_read_ms(0.1));
	model_update_rates(&m, prev, &pg, 2.0, 100);
	ok(fabs(m.nodes[0].kswapd_cpu - 60.0) < 1e-9,
	   "kswapd: after a slow read, 60 ticks in 1 s is 60%% (%.2f)", m.nodes[0].kswapd_cpu);
	/* a clock that went back, or a source that does not know: over @dt */
	memcpy(prev, m.nodes, sizeof(prev));
	m.nodes[0].kswapd_ticks += 50;
	m.counters_at = model_counters_at(5000, 0);
	model_update_rates(&m, prev, &pg, 0.5, 100);
	ok(fabs(m.nodes[0].kswapd_cpu - 100.0) < 1e-9,
	   "counter reads going back in time: over the interval (%.2f)", m.nodes[0].kswapd_cpu);
	memcpy(prev, m.nodes, sizeof(prev));
	m.nodes[0].kswapd_ticks += 50;
	m.counters_at = 0;
	model_update_rates(&m, prev, &pg, 1.0, 100);
	ok(fabs(m.nodes[0].kswapd_cpu - 50.0) < 1e-9,
	   "counter read times not known: over the interval (%.2f)", m.nodes[0].kswapd_cpu);

	/* kswapd restarted under another pid: no rate from the old one */
	memcpy(prev, m.nodes, sizeof(prev));
	m.nodes[0].kswapd_pid = 43;
	m.nodes[0].kswapd_ticks = 10;
	model_update_rates(&m, prev, &pg, 1.0, 100);
	ok(m.nodes[0].kswapd_cpu == LRUGEN_RATE_UNKNOWN, "a new kswapd pid: CPU unknown");
	model_free(&m);
}

static void test_log(void)
{
	struct lrugen_event ev = { .kind = LRUGEN_EV_EVICT, .nid = 1, .memcg_id = 7 };
	struct lrugen_model m;
	char buf[200];
	int i;

	model_init(&m);
	for (i = 0; i < LRUGEN_LOG_LEN + 44; i++) {
		ev.a = i;
		model_log_event(&m, &ev);
	}
	ok(m.log_count == LRUGEN_LOG_LEN, "the log keeps %d events", LRUGEN_LOG_LEN);
	ok(model_log_get(&m, 0)->a == LRUGEN_LOG_LEN + 43, "newest first");
	ok(model_log_get(&m, LRUGEN_LOG_LEN - 1)->a == 44, "oldest kept is the 45th");
	ok(model_log_get(&m, LRUGEN_LOG_LEN) == NULL, "nothing beyond the log");
	ok(m.ev_count[LRUGEN_EV_EVICT] == LRUGEN_LOG_LEN + 44, "counts keep every event");

	/* a run of evictions from one gen and tier is one entry */
	ev = (struct lrugen_event){ .kind = LRUGEN_EV_EVICT, .nid = 0, .memcg_id = 2, .a = 6,
				    .b = 64, .c = 60, .arg = 1, .arg2 = 3 };
	model_log_event(&m, &ev);
	model_log_event(&m, &ev);
	model_log_event(&m, &ev);
	ok(model_log_get(&m, 0)->count == 3 && model_log_get(&m, 0)->b == 192 &&
	   model_log_get(&m, 0)->c == 180 && model_log_get(&m, 1)->a == LRUGEN_LOG_LEN + 43,
	   "three evictions of one gen and tier merge into one entry");
	model_format_event(model_log_get(&m, 0), buf, sizeof(buf));
	ok(strstr(buf, "file seq=6 tier=3 scanned=192 reclaimed=180 (3 passes)") != NULL,
	   "merged line: '%s'", buf);
	ev.arg2 = 2;
	model_log_event(&m, &ev);
	ok(model_log_get(&m, 0)->count == 1, "another tier starts a new entry");
	/* two lruvecs evicting in turn still make two entries, newest on top */
	ev.arg2 = 3;
	ev.ts_ns = 77;
	model_log_event(&m, &ev);
	ok(model_log_get(&m, 0)->count == 4 && model_log_get(&m, 0)->ts_ns == 77 &&
	   model_log_get(&m, 1)->arg2 == 2 && model_log_get(&m, 2)->a == LRUGEN_LOG_LEN + 43,
	   "an eviction merges into a recent entry, which moves to the top");
	ev = (struct lrugen_event){ .kind = LRUGEN_EV_RETIRE, .nid = 0, .memcg_id = 2 };
	model_log_event(&m, &ev);
	ev = (struct lrugen_event){ .kind = LRUGEN_EV_EVICT, .nid = 0, .memcg_id = 2, .a = 6,
				    .b = 64, .c = 60, .arg = 1, .arg2 = 3 };
	model_log_event(&m, &ev);
	ok(model_log_get(&m, 0)->count == 1 && model_log_get(&m, 1)->kind == LRUGEN_EV_RETIRE,
	   "no merge across a retirement: the order of events is kept");

	ev = (struct lrugen_event){ .kind = LRUGEN_EV_BIRTH, .ts_ns = 1500000000ULL, .nid = 0,
				    .memcg_id = 3, .a = 9, .b = 7, .c = 8, .arg = 4 };
	model_format_event(&ev, buf, sizeof(buf));
	ok(!strcmp(buf, "    1.500 birth   node0 memcg 3 seq=9 min_seq=7/8 reason=debugfs"),
	   "birth line: '%s'", buf);
	ev.arg = 99;
	model_format_event(&ev, buf, sizeof(buf));
	ok(strstr(buf, "reason=?") != NULL, "an unknown reason prints as ?");
	ev = (struct lrugen_event){ .kind = LRUGEN_EV_PROACTIVE, .nid = -1, .memcg_id = 5,
				    .a = 100, .b = 90, .arg = -11 };
	model_format_event(&ev, buf, sizeof(buf));
	ok(strstr(buf, "node-1 memcg 5 requested=100 reclaimed=90 ret=-11") != NULL,
	   "reclaim line: '%s'", buf);
}

static void test_view(void)
{
	const char *text =
		"memcg 1 /\n node 0\n 1 1 10 10\n"
		"memcg 2 /a-c\n node 0\n 1 1 50 0\n"
		"memcg 3 /a\n node 0\n 1 1 0 0\n node 1\n 1 1 5 0\n"
		"memcg 4 /a/b\n node 0\n 1 1 0 900\n";
	struct view v = { .tree = true };
	struct lrugen_lruvec *l;
	struct lrugen_model m;
	size_t nr, rows[8], n;
	bool context[8];

	model_init(&m);
	l = parse_text(text, &nr);
	model_set_lruvecs(&m, l, nr, 1.0);
	n = view_rows(&v, &m, rows);
	ok(n == 5 && !strcmp(m.lruvecs[rows[1]].path, "/a") && !strcmp(m.lruvecs[rows[3]].path, "/a/b") &&
	   !strcmp(m.lruvecs[rows[4]].path, "/a-c"), "tree order: / /a /a /a/b /a-c");
	ok(m.lruvecs[rows[1]].nid == 0 && m.lruvecs[rows[2]].nid == 1, "tree order: nodes in order");
	v.reverse = true;
	n = view_rows(&v, &m, rows);
	ok(n == 5 && !strcmp(m.lruvecs[rows[0]].path, "/a-c") &&
	   !strcmp(m.lruvecs[rows[1]].path, "/a/b") && !strcmp(m.lruvecs[rows[4]].path, "/"),
	   "tree order reversed: /a-c /a/b /a /a /");
	v.reverse = false;
	v.sort = SORT_FILE;
	n = view_rows(&v, &m, rows);
	ok(!strcmp(m.lruvecs[rows[0]].path, "/a/b"), "sort by file: the biggest first");
	v.reverse = true;
	n = view_rows(&v, &m, rows);
	ok(!strcmp(m.lruvecs[rows[n - 1]].path, "/a/b"), "reversed: the biggest last");
	v = (struct view){ .hide_empty = true };
	n = view_rows(&v, &m, rows);
	ok(n == 4, "hide empty: /a node0 left out (%zu rows)", n);
	v = (struct view){ 0 };
	snprintf(v.filter, sizeof(v.filter), "%s", "/a");
	n = view_rows(&v, &m, rows);
	ok(n == 4, "filter /a: /a twice, /a/b, /a-c (%zu rows)", n);
	snprintf(v.filter, sizeof(v.filter), "%s", "nomatch");
	ok(view_rows(&v, &m, rows) == 0, "a filter that matches nothing");

	/* a filtered tree brings the matches' ancestors, on their node only */
	v = (struct view){ .tree = true };
	snprintf(v.filter, sizeof(v.filter), "%s", "/b");
	n = view_rows_context(&v, &m, rows, context);
	ok(n == 3 && !strcmp(m.lruvecs[rows[0]].path, "/") && !strcmp(m.lruvecs[rows[1]].path, "/a") &&
	   m.lruvecs[rows[1]].nid == 0 && !strcmp(m.lruvecs[rows[2]].path, "/a/b"),
	   "filtered tree: / and /a node0 before /a/b (%zu rows)", n);
	ok(n == 3 && context[0] && context[1] && !context[2], "filtered tree: ancestors marked");
	v.sort = SORT_FILE;
	n = view_rows_context(&v, &m, rows, context);
	ok(n == 1 && !context[0], "filtered flat view: the match alone (%zu rows)", n);
	v = (struct view){ .tree = true };
	n = view_rows_context(&v, &m, rows, context);
	ok(n == 5 && !context[0] && !context[4], "no filter: no ancestors added");
	model_free(&m);
}

int main(void)
{
	test_rates();
	test_memcgs_come_and_go();
	test_churn();
	test_node_rates();
	test_log();
	test_view();
	return tap_done();
}
