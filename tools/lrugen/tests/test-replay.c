// SPDX-License-Identifier: GPL-2.0
/*
 * Reading recordings back: trace.dat files captured in the VM
 * (tests/fixtures/lrugen/rec/, README.md there says how), loaded through
 * libtracecmd and replayed into the model. An lrugen recording must give,
 * frame by frame, the very samples its snapshot lines give when read
 * straight from the text they were made of (recfmt-stream.txt); seeking
 * and stepping back must land on the same samples as playing; the begin
 * and end events the load keeps must be those trace-cmd report prints
 * (as many per event, at the same times, by the same tasks); a plain
 * trace-cmd recording gives lruvecs rebuilt from its events; and every
 * damaged file gets a message, never a crash (this runs under ASan too).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "recfmt.h"
#include "recording.h"
#include "tap.h"
#include "util.h"
#include "view.h"

static char tmpdir[64];

static const char *fixture_path(const char *name)
{
	static char path[1024];
	const char *dir = getenv("LRUGEN_FIXTURES");

	snprintf(path, sizeof(path), "%s/rec/%s", dir ? dir : "../../tests/fixtures/lrugen", name);
	return path;
}

static char *rec_fixture(const char *name, size_t *len)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "rec/%s", name);
	return fixture(rel, len);
}

static const char *write_tmp(const char *name, const void *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fclose(f);
	return path;
}

/* the first difference between two samples, but for the rates; "" if none */
static const char *diff_samples(const struct lrugen_model *a, const struct lrugen_model *b)
{
	static char why[256];
	size_t i;
	int nid;

	why[0] = 0;
	if (a->nr_lruvecs != b->nr_lruvecs) {
		snprintf(why, sizeof(why), "%zu lruvecs, want %zu", a->nr_lruvecs, b->nr_lruvecs);
		return why;
	}
	for (i = 0; i < a->nr_lruvecs; i++) {
		const struct lrugen_lruvec *x = &a->lruvecs[i], *y = &b->lruvecs[i];

		if (strcmp(x->path, y->path) || x->memcg_id != y->memcg_id || x->nid != y->nid ||
		    x->max_seq != y->max_seq || memcmp(x->min_seq, y->min_seq, sizeof(x->min_seq)) ||
		    x->nr_gens != y->nr_gens || x->partial != y->partial ||
		    memcmp(x->gens, y->gens, sizeof(x->gens)) || memcmp(x->tier, y->tier, sizeof(x->tier))) {
			snprintf(why, sizeof(why), "lruvec %zu (%s node%d) differs from %s node%d", i,
				 x->path, x->nid, y->path, y->nid);
			return why;
		}
	}
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		const struct lrugen_node *x = &a->nodes[nid], *y = &b->nodes[nid];

		if (x->present != y->present || x->mem_total != y->mem_total ||
		    x->mem_free != y->mem_free || x->refault_anon != y->refault_anon ||
		    x->refault_file != y->refault_file || x->kswapd_ticks != y->kswapd_ticks ||
		    x->pgsteal_proactive_node != y->pgsteal_proactive_node) {
			snprintf(why, sizeof(why), "node%d differs", nid);
			return why;
		}
	}
	if (a->global.swap_free != b->global.swap_free || a->global.pgscan != b->global.pgscan ||
	    a->global.enabled != b->global.enabled)
		snprintf(why, sizeof(why), "the global values differ");
	return why;
}

/*
 * The samples recfmt-stream.txt holds, read straight from the text: what
 * the replay of a recording of it must show.
 */
static size_t reference_samples(struct lrugen_model *ref, size_t max)
{
	struct rec_reader *r = rec_reader_new();
	char *text, *line, *save = NULL, err[256];
	size_t len, n = 0;
	uint64_t ts;

	text = fixture("recfmt-stream.txt", &len);
	for (line = strtok_r(text, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save)) {
		if (rec_reader_line(r, line, strlen(line), 1000000000ULL + n, err, sizeof(err)) !=
		    REC_LINE_SNAPSHOT)
			continue;
		model_init(&ref[n]);
		rec_reader_fill(r, &ref[n], &ts);
		n++;
	}
	rec_reader_free(r);
	free(text);
	return n;
}

static void test_load(void)
{
	struct recording r;
	char err[512] = "";
	size_t i, keys = 0;

	ok(!recording_load(&r, fixture_path("plain.dat"), err, sizeof(err)),
	   "plain.dat loads: %s", err);
	ok(!r.has_header && !r.nr_snaps && !r.buffer[0], "plain.dat: no lrugen header, the top buffer");
	ok_eq(r.nr_ev, 49, "plain.dat: births, retirements, evictions and agings decoded");
	ok(r.nr_found == 4, "plain.dat: 4 of the 5 events in its formats (no vmscan): %d", r.nr_found);
	for (i = 1; i < r.nr_ev && r.ev[i - 1].ts_ns <= r.ev[i].ts_ns; i++)
		;
	ok(i == r.nr_ev, "plain.dat: events in time order");
	recording_free(&r);

	ok(!recording_load(&r, fixture_path("rec-stream.dat"), err, sizeof(err)),
	   "rec-stream.dat loads: %s", err);
	ok(r.has_header && !strncmp(r.buffer, "lrugen-fx-", 10),
	   "rec-stream.dat: the header, in the instance '%s' (not the empty top buffer)", r.buffer);
	ok_eq(r.nr_snaps, 7, "rec-stream.dat: snapshots");
	for (i = 0; i < r.nr_snaps; i++) {
		keys += r.snaps[i].keyframe;
		if (!r.snaps[i].complete || r.snaps[i].number != i)
			break;
	}
	ok(i == 7 && keys == 3 && r.snaps[0].keyframe && r.snaps[3].keyframe && r.snaps[6].keyframe,
	   "rec-stream.dat: snapshots 0-6 complete, keyframes 0, 3 and 6");
	ok_eq(r.nr_ev, 36, "rec-stream.dat: the birth, 2 retirements and aging of each of 9 debugfs agings");
	ok(recording_line_type(&r, r.header_line) == 'H', "the header line is an H line");
	recording_free(&r);

	ok(!recording_load(&r, fixture_path("lrugen.dat"), err, sizeof(err)),
	   "lrugen.dat (lrugen record's) loads: %s", err);
	ok(r.has_header && !strcmp(r.buffer, "lrugen-4026531836-377") && r.nr_snaps == 10 &&
	   r.snaps[0].keyframe && !r.snaps[1].keyframe && r.snaps[9].complete,
	   "lrugen.dat: 10 snapshots, a keyframe then deltas, in lrugen record's instance");
	ok(r.nr_ev == 49 && r.nr_found == 5,
	   "lrugen.dat: 49 events of the 5 kinds, proactive reclaim's among them: %zu, %d",
	   r.nr_ev, r.nr_found);
	ok(r.nr_cgroups == 2 && r.cgroups[0].id == 123 && !r.cgroups[0].removed &&
	   r.cgroups[1].removed && !strcmp(r.arena + r.cgroups[1].path_off, "/fxr-b"),
	   "lrugen.dat: /fxr-b (id 123) made and removed");
	recording_free(&r);
}

/* the EDGE_* events by name, written out here: not taken from events.c */
static const char *const tc_edge_names[EDGE_NR] = {
	[EDGE_AGING_BEGIN] = "lru_gen_aging_begin",
	[EDGE_AGING_END] = "lru_gen_aging_end",
	[EDGE_PROACTIVE_BEGIN] = "mm_vmscan_proactive_reclaim_begin",
	[EDGE_PROACTIVE_END] = "mm_vmscan_proactive_reclaim_end",
	[EDGE_KSWAPD_WAKE] = "mm_vmscan_kswapd_wake",
	[EDGE_KSWAPD_SLEEP] = "mm_vmscan_kswapd_sleep",
	[EDGE_DIRECT_BEGIN] = "mm_vmscan_direct_reclaim_begin",
	[EDGE_DIRECT_END] = "mm_vmscan_direct_reclaim_end",
	[EDGE_NODE_BEGIN] = "mm_vmscan_node_reclaim_begin",
	[EDGE_NODE_END] = "mm_vmscan_node_reclaim_end",
};

/* one begin or end event, as trace-cmd report prints it */
struct tc_edge {
	uint64_t ts_ns;
	int kind;
	int pid;
	char comm[20];
};

static int cmp_tc_edge(const void *a, const void *b)
{
	const struct tc_edge *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->pid - y->pid;
}

/*
 * One line of trace-cmd report -t: "[BUFFER:] COMM-PID [CPU] SECS.NS: EVENT: ...".
 * Return: 1 with @e filled when it is one of the EDGE_* events of @buffer.
 */
static int parse_report_line(char *line, const char *buffer, struct tc_edge *e)
{
	char *p = line, *cpu, *dash, *end, frac[16] = "";
	unsigned long long secs;
	size_t blen = strlen(buffer), n;
	char name[64];
	int k;

	if (blen) {
		if (strncmp(p, buffer, blen) || p[blen] != ':')
			return 0;
		p += blen + 1;
	}
	/* the CPU: " [" and digits and "]" */
	for (cpu = strstr(p, " ["); cpu; cpu = strstr(cpu + 1, " ["))
		if (cpu[2] >= '0' && cpu[2] <= '9' && strchr(cpu, ']'))
			break;
	if (!cpu)
		return 0;
	for (end = cpu; end > p && end[-1] == ' '; end--)
		;
	*end = 0;
	dash = strrchr(p, '-');
	if (!dash)
		return 0;
	*dash = 0;
	while (*p == ' ')
		p++;
	if (sscanf(strchr(cpu, ']') + 1, " %llu.%15[0-9]: %63[^:]:", &secs, frac, name) != 3)
		return 0;
	for (k = 0; k < EDGE_NR; k++)
		if (!strcmp(name, tc_edge_names[k]))
			break;
	if (k == EDGE_NR)
		return 0;
	/* the fraction in ns, whatever digits trace-cmd printed */
	for (n = strlen(frac); n < 9; n++)
		frac[n] = '0';
	frac[9] = 0;
	e->ts_ns = secs * 1000000000ULL + strtoull(frac, NULL, 10);
	e->kind = k;
	e->pid = atoi(dash + 1);
	snprintf(e->comm, sizeof(e->comm), "%.*s", (int)sizeof(e->comm) - 1, p);
	return 1;
}

/*
 * The begin and end events of @buffer in @path, as trace-cmd report (not
 * libtracecmd through lrugen) reads them. Return: how many, into *@out
 * (free it), or -1 when trace-cmd cannot be run.
 */
static long report_edges(const char *path, const char *buffer, struct tc_edge **out)
{
	char cmd[1200], line[4096];
	size_t nr = 0, cap = 0;
	struct tc_edge e;
	FILE *f;

	*out = NULL;
	/* plain report: report -F of trace-cmd 3.1.6 crashes on instances */
	snprintf(cmd, sizeof(cmd), "TRACEEVENT_PLUGIN_DIR=/nonexistent trace-cmd report -t -i '%s' 2>/dev/null",
		 path);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!parse_report_line(line, buffer, &e))
			continue;
		if (nr == cap) {
			cap = cap ? cap * 2 : 256;
			*out = realloc(*out, cap * sizeof(**out));
			if (!*out) {
				printf("Bail out! out of memory\n");
				exit(1);
			}
		}
		(*out)[nr++] = e;
	}
	if (pclose(f) || !nr)
		return nr ? -1 : 0;
	return (long)nr;
}

/*
 * The begin and end events (aging walks, proactive requests, kswapd
 * awake, direct and node reclaims) the one load keeps: per event name as
 * many as trace-cmd report prints, at the same times, with the same task
 * and its name.
 */
static void test_edges_of(const char *name)
{
	size_t i, want[EDGE_NR] = { 0 }, got[EDGE_NR] = { 0 }, bad_comm = 0;
	struct tc_edge *tc, *ours;
	char err[512] = "";
	struct recording r;
	long n;
	int k;

	if (!ok(!recording_load(&r, fixture_path(name), err, sizeof(err)), "%s loads: %s", name, err))
		return;
	n = report_edges(fixture_path(name), r.buffer, &tc);
	if (n < 0) {
		printf("ok %d # SKIP trace-cmd report cannot read %s: install trace-cmd (scripts/setup does)\n",
		       ++tap_n, name);
		recording_free(&r);
		return;
	}
	for (i = 0; i < (size_t)n; i++)
		want[tc[i].kind]++;
	for (i = 0; i < r.nr_edges; i++)
		if (r.edges[i].kind >= 0 && r.edges[i].kind < EDGE_NR)
			got[r.edges[i].kind]++;
	for (k = 0; k < EDGE_NR; k++)
		ok(got[k] == want[k], "%s: %zu %s loaded, trace-cmd report prints %zu", name, got[k],
		   tc_edge_names[k], want[k]);
	for (i = 1; i < r.nr_edges && r.edges[i - 1].ts_ns <= r.edges[i].ts_ns; i++)
		;
	ok(i >= r.nr_edges, "%s: the begins and ends in time order", name);
	ours = calloc(r.nr_edges + 1, sizeof(*ours));
	if (!ours) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (i = 0; i < r.nr_edges; i++) {
		const char *comm = recording_comm(&r, r.edges[i].pid);

		ours[i].ts_ns = r.edges[i].ts_ns;
		ours[i].kind = r.edges[i].kind;
		ours[i].pid = r.edges[i].pid;
		snprintf(ours[i].comm, sizeof(ours[i].comm), "%s", comm ? comm : "(none)");
	}
	qsort(ours, r.nr_edges, sizeof(*ours), cmp_tc_edge);
	qsort(tc, n, sizeof(*tc), cmp_tc_edge);
	for (i = 0; i < r.nr_edges && i < (size_t)n; i++) {
		if (cmp_tc_edge(&ours[i], &tc[i]))
			break;
		bad_comm += !!strcmp(ours[i].comm, tc[i].comm);
	}
	if (i == r.nr_edges && i == (size_t)n)
		ok(1, "%s: all %zu at trace-cmd's times, with trace-cmd's pids", name, i);
	else
		ok(0, "%s: the begins and ends differ from trace-cmd's at %zu of %zu: %s %" PRIu64 " pid %d, trace-cmd has %s %" PRIu64 " pid %d",
		   name, i, r.nr_edges, i < r.nr_edges ? tc_edge_names[ours[i].kind] : "none",
		   i < r.nr_edges ? ours[i].ts_ns : 0, i < r.nr_edges ? ours[i].pid : 0,
		   i < (size_t)n ? tc_edge_names[tc[i].kind] : "none",
		   i < (size_t)n ? tc[i].ts_ns : 0, i < (size_t)n ? tc[i].pid : 0);
	ok(!bad_comm && n > 0, "%s: the task of each of the %ld named as trace-cmd names it (%zu differ)",
	   name, n, bad_comm);
	free(ours);
	free(tc);
	recording_free(&r);
}

static void test_edges(void)
{
	struct recording r;
	char err[512] = "";
	size_t i;

	test_edges_of("lrugen.dat");
	test_edges_of("window.dat");
	/* an aging end is both an event and an edge: the same fields */
	ok(!recording_load(&r, fixture_path("lrugen.dat"), err, sizeof(err)), "lrugen.dat loads: %s", err);
	for (i = 0; i < r.nr_edges; i++) {
		const struct lrugen_edge *e = &r.edges[i];
		size_t j = recording_event_at(&r, e->ts_ns, false);

		if (e->kind != EDGE_AGING_END)
			continue;
		while (j < r.nr_ev && r.ev[j].ts_ns == e->ts_ns && r.ev[j].kind != LRUGEN_EV_AGING)
			j++;
		if (j == r.nr_ev || r.ev[j].ts_ns != e->ts_ns || r.ev[j].nid != e->f[0] ||
		    r.ev[j].memcg_id != (uint64_t)e->f[1] || r.ev[j].a != (uint64_t)e->f[2] ||
		    r.ev[j].arg != e->f[3] || r.ev[j].b != (uint64_t)e->f[4] ||
		    r.ev[j].c != (uint64_t)e->f[5])
			break;
	}
	ok(r.nr_edges && i == r.nr_edges,
	   "lrugen.dat: each lru_gen_aging_end edge has the fields of its event (edge %zu of %zu)",
	   i, r.nr_edges);
	recording_free(&r);
}

/* lrugen record's own file: /fxr-b is in snapshots 3 to 6 only */
/* @m as lrugen top -b (@json false) or lrugen snapshot --json prints it; free() it */
static char *model_text(const struct lrugen_model *m, bool json)
{
	struct view v = { .tree = true };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		printf("Bail out! open_memstream failed\n");
		exit(1);
	}
	if (json)
		print_json(f, m);
	else
		print_frame(f, &v, m, "title", -1, 0);
	fclose(f);
	return text;
}

/* every lruvec's rates, "PATH NODE BIRTHS EVICT SCAN" a line, malloc'ed */
static char *lruvec_rates(const struct lrugen_model *m)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	for (i = 0; f && i < m->nr_lruvecs; i++)
		fprintf(f, "%s %d %.6f %.6f %.6f\n", m->lruvecs[i].path, m->lruvecs[i].nid,
			m->lruvecs[i].births_per_min, m->lruvecs[i].evict_per_s,
			m->lruvecs[i].scan_per_s);
	if (f)
		fclose(f);
	return text;
}

static void test_lrugen_record(void)
{
	char err[512] = "", warn[512] = "";
	char *rates[10] = { NULL };
	struct lrugen_model m;
	struct replay *rp;
	size_t f, bad = 0;
	char *text;

	rp = replay_open(fixture_path("lrugen.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && !warn[0] && replay_count(rp) == 10 && !strcmp(replay_host(rp), "lrugen-vm"),
	   "lrugen.dat: 10 frames, no warning, recorded on lrugen-vm: %s", rp ? warn : err);
	if (!rp)
		exit(tap_done());
	model_init(&m);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	for (f = 0; f < 10; f++) {
		bool in = false;
		size_t i;

		if (replay_step(rp, &m, 1, err, sizeof(err)))
			bad++;
		for (i = 0; i < m.nr_lruvecs; i++)
			in |= m.lruvecs[i].memcg_id == 123 && !strcmp(m.lruvecs[i].path, "/fxr-b");
		if (in != (f >= 3 && f <= 6)) {
			bad++;
			printf("# frame %zu: /fxr-b %s\n", f, in ? "is there" : "is missing");
		}
		rates[f] = lruvec_rates(&m);
	}
	ok(!bad, "lrugen.dat: /fxr-b in frames 3 to 6, not before or after");
	/*
	 * A seek shows the rates that playing showed: BIRTH/m over the same
	 * window (since the first frame, in 8.6 s), not over one interval.
	 */
	bad = 0;
	for (f = 0; f < 10; f++) {
		size_t g = (f * 7 + 3) % 10;
		char *got;

		if (replay_seek(rp, &m, g, err, sizeof(err))) {
			bad++;
			printf("# seek to %zu: %s\n", g, err);
			continue;
		}
		got = lruvec_rates(&m);
		if (!got || !rates[g] || strcmp(got, rates[g])) {
			bad++;
			printf("# seek to %zu: rates\n%s# want\n%s", g, got, rates[g]);
		}
		free(got);
	}
	ok(!bad, "lrugen.dat: a seek to each frame gives the rates playing gave, BIRTH/m too");
	ok(rates[9] && strstr(rates[9], "\n/fxr-a 0 13.884") && !strstr(rates[9], "\n/fxr-a 0 0."),
	   "lrugen.dat: /fxr-a's BIRTH/m at the end is over 8.6 s:\n%s", rates[9]);
	for (f = 0; f < 10; f++)
		free(rates[f]);
	replay_seek(rp, &m, 9, err, sizeof(err));
	ok(m.ev_count[LRUGEN_EV_EVICT] == 32 && m.ev_count[LRUGEN_EV_PROACTIVE] == 1,
	   "lrugen.dat: the evictions and the proactive reclaim by the last frame");
	for (f = 0; f < LRUGEN_LOG_LEN && model_log_get(&m, f); f++)
		if (model_log_get(&m, f)->kind == LRUGEN_EV_PROACTIVE)
			break;
	ok(model_log_get(&m, f) && model_log_get(&m, f)->a == 2048 && model_log_get(&m, f)->memcg_id == 18,
	   "the proactive reclaim of 8M (2048 pages) from memcg 18 in the log");
	text = model_text(&m, false);
	ok(!m.counts_unknown && strstr(text, "\nlru_gen enabled=0x0007 min_ttl_ms=0  swap ") &&
	   strstr(text, "\nnode0: total 992M free 914M anon 800K file 45M  kswapd 0.0%") &&
	   strstr(text, "\n/fxr-a                      0    18        4..7        0      40M    58.7s ") &&
	   !strstr(text, "total -") && !strstr(text, "enabled=-"),
	   "lrugen.dat: the frame shows the counters, pages and ages as numbers:\n%s", text);
	free(text);
	text = model_text(&m, true);
	ok(!strstr(text, "null,") && strstr(text, "\"enabled\": 7,") && strstr(text, "\"age_ms\": "),
	   "lrugen.dat: its JSON has no null but the unknown rates:\n%.600s", text);
	free(text);
	model_free(&m);
	replay_free(rp);
}

/*
 * window.dat plays for longer than the births window (LRUGEN_BIRTH_WINDOW_S):
 * the window restarts as it goes, and a seek must start it where playing
 * from the first frame did, for every frame.
 */
static void test_window(void)
{
	char err[512] = "", warn[512] = "";
	struct lrugen_model m;
	size_t f, n, bad = 0, late_births = 0;
	struct replay *rp;
	char **rates;

	rp = replay_open(fixture_path("window.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && !warn[0], "window.dat opens: %s", rp ? warn : err);
	if (!rp)
		return;
	n = replay_count(rp);
	ok(n > 1 && replay_time(rp, n - 1) > LRUGEN_BIRTH_WINDOW_S + 20,
	   "window.dat: %zu frames over %.1f s: the births window restarts in it", n,
	   replay_time(rp, n - 1));
	rates = calloc(n, sizeof(*rates));
	model_init(&m);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	for (f = 0; rates && f < n; f++) {
		size_t i;

		if (replay_step(rp, &m, 1, err, sizeof(err))) {
			bad++;
			break;
		}
		rates[f] = lruvec_rates(&m);
		for (i = 0; replay_time(rp, f) > LRUGEN_BIRTH_WINDOW_S + 5 && i < m.nr_lruvecs; i++)
			late_births += m.lruvecs[i].births_per_min > 0;
	}
	ok(!bad && late_births, "played: %zu times an lruvec had births a minute and more in", late_births);
	for (f = 0; rates && f < n; f++) {
		size_t g = (f * 37 + 11) % n;
		char *got;

		if (replay_seek(rp, &m, g, err, sizeof(err))) {
			bad++;
			continue;
		}
		got = lruvec_rates(&m);
		if (!got || !rates[g] || strcmp(got, rates[g])) {
			if (bad++ < 3)
				printf("# seek to %zu (%.1f s): rates\n%s# want\n%s", g, replay_time(rp, g),
				       got, rates[g]);
		}
		free(got);
	}
	ok(!bad, "window.dat: a seek to each of the %zu frames gives the rates playing gave", n);
	for (f = 0; rates && f < n; f++)
		free(rates[f]);
	free(rates);
	model_free(&m);
	replay_free(rp);
}

/*
 * The wall clock of each frame: lrugen-start.dat is lrugen.dat with
 * start=1795945812.345 (2026-11-29 09:50:12.345 UTC) mono_ms=63639 in its
 * header; snapshot N was read at the MONO_MS lrugen.json gives it.
 */
static void test_wall_clock(void)
{
	static const char *const want[] = {
		"2026-11-29 09:50:12", "2026-11-29 09:50:13", "2026-11-29 09:50:14",
		"2026-11-29 09:50:15", "2026-11-29 09:50:16", "2026-11-29 09:50:17",
		"2026-11-29 09:50:18", "2026-11-29 09:50:19", "2026-11-29 09:50:20",
		"2026-11-29 09:50:21",
	};
	static const char *const without[] = { "lrugen.dat", "rec-stream.dat", "plain.dat" };
	char err[512] = "", warn[512] = "", buf[40];
	struct replay *rp;
	size_t f, bad = 0, i;

	setenv("TZ", "UTC", 1);
	tzset();
	rp = replay_open(fixture_path("lrugen-start.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && !warn[0] && replay_count(rp) == ARRAY_SIZE(want),
	   "lrugen-start.dat: 10 frames, no warning: %s", rp ? warn : err);
	if (!rp)
		return;
	for (f = 0; f < ARRAY_SIZE(want); f++) {
		const char *got = replay_wall_clock(rp, (long)f, buf, sizeof(buf));

		if (!got || strcmp(got, want[f])) {
			bad++;
			printf("# frame %zu: got %s, want %s\n", f, got ? got : "NULL", want[f]);
		}
	}
	ok(!bad, "each frame's wall clock: the start plus its snapshot's MONO_MS less mono_ms");
	ok(replay_wall_clock(rp, -1, buf, sizeof(buf)) && !strcmp(buf, want[0]),
	   "before the first refresh: the start (%s)", buf);
	setenv("TZ", "UTC-2", 1);
	tzset();
	ok(replay_wall_clock(rp, 0, buf, sizeof(buf)) && !strcmp(buf, "2026-11-29 11:50:12"),
	   "in local time: %s two hours east of UTC", buf);
	setenv("TZ", "UTC", 1);
	tzset();
	replay_free(rp);
	for (i = 0; i < ARRAY_SIZE(without); i++) {
		rp = replay_open(fixture_path(without[i]), err, sizeof(err), warn, sizeof(warn));
		ok(rp && !replay_wall_clock(rp, 0, buf, sizeof(buf)),
		   "%s does not say when it began: no wall clock", without[i]);
		replay_free(rp);
	}
}

/* what playing frame by frame showed, to compare seeks and steps with */
struct played {
	struct lrugen_node nodes[LRUGEN_MAX_NODES];
	uint64_t ev_count[LRUGEN_EV_NR_KINDS];
	uint64_t ev_lost;
	struct lrugen_event newest;
	double now;
};

/* the rates and the events of @m against those played at that frame */
static const char *diff_played(const struct lrugen_model *m, const struct played *p)
{
	static char why[128];
	const struct lrugen_event *e = model_log_get(m, 0);
	int nid;

	why[0] = 0;
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++)
		if (m->nodes[nid].kswapd_cpu != p->nodes[nid].kswapd_cpu ||
		    m->nodes[nid].refault_file_per_s != p->nodes[nid].refault_file_per_s ||
		    m->nodes[nid].steal_per_s != p->nodes[nid].steal_per_s)
			snprintf(why, sizeof(why), "node%d's rates differ", nid);
	if (memcmp(m->ev_count, p->ev_count, sizeof(p->ev_count)) || m->ev_lost != p->ev_lost)
		snprintf(why, sizeof(why), "event counts differ");
	if (!e ? p->newest.kind >= 0 : memcmp(e, &p->newest, sizeof(*e)))
		snprintf(why, sizeof(why), "the newest event in the log differs");
	if (m->now != p->now)
		snprintf(why, sizeof(why), "now %.9f, want %.9f", m->now, p->now);
	return why;
}

static void keep_played(struct played *p, const struct lrugen_model *m)
{
	const struct lrugen_event *e = model_log_get(m, 0);

	memcpy(p->nodes, m->nodes, sizeof(p->nodes));
	memcpy(p->ev_count, m->ev_count, sizeof(p->ev_count));
	p->ev_lost = m->ev_lost;
	if (e)
		p->newest = *e;
	else
		p->newest.kind = -1;
	p->now = m->now;
}

/* play @rp from its start, each frame checked against @ref when given */
static size_t play(struct replay *rp, struct lrugen_model *m, struct lrugen_model *ref,
		   struct played *pl, size_t max)
{
	const char *why = "";
	char err[512] = "";
	size_t f, bad = 0;

	for (f = 0; f < max && !replay_at_end(rp); f++) {
		if (replay_source(rp)->ops->refresh(rp, m, err, sizeof(err)))
			why = err;
		else
			why = ref ? diff_samples(m, &ref[f]) : "";
		if (*why) {
			bad++;
			printf("# frame %zu: %s\n", f, why);
		}
		keep_played(&pl[f], m);
	}
	return bad;
}

static void test_stream(void)
{
	static struct played pl[8];
	struct lrugen_model ref[8], m;
	char err[512] = "", warn[512] = "";
	struct replay *rp;
	size_t n, f, bad;
	const char *why = "";
	int ret;

	n = reference_samples(ref, 8);
	ok_eq(n, 7, "recfmt-stream.txt: reference samples");
	rp = replay_open(fixture_path("rec-stream.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp != NULL, "rec-stream.dat opens for replay: %s", err);
	if (!rp)
		exit(tap_done());
	ok(!warn[0] && !replay_notice(rp)[0] && !replay_is_plain(rp), "no warning, no notice: %s", warn);
	ok_eq(replay_count(rp), 7, "frames");
	ok(replay_host(rp) && !strcmp(replay_host(rp), "guest"), "the host from the header");
	model_init(&m);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	ok(m.events_live, "the recorded events count as live");
	ok(replay_pos(rp) == -1 && !replay_at_end(rp), "no frame before the first refresh");
	bad = play(rp, &m, ref, pl, n);
	ok(!bad, "played frame by frame, every sample is the one its lines make");
	ok(replay_at_end(rp) && replay_pos(rp) == 6, "at the end after 7 refreshes");
	ok(replay_source(rp)->ops->refresh(rp, &m, err, sizeof(err)) == 0 && replay_pos(rp) == 6,
	   "a refresh at the end stays on the last frame");
	ok(m.ev_count[LRUGEN_EV_BIRTH] == 7 && m.ev_count[LRUGEN_EV_RETIRE] == 14 && m.ev_lost == 0,
	   "events before the last snapshot: %" PRIu64 " births, %" PRIu64 " retirements",
	   m.ev_count[LRUGEN_EV_BIRTH], m.ev_count[LRUGEN_EV_RETIRE]);
	ok(m.now == replay_time(rp, 6) + m.now - replay_time(rp, 6) && m.now > 1,
	   "the model's time is the trace clock: %.6f s", m.now);

	/* a seek to each frame, in a scrambled order, lands where playing did */
	bad = 0;
	for (f = 0; f < n; f++) {
		size_t g = (f * 3 + 2) % n;

		ret = replay_seek(rp, &m, g, err, sizeof(err));
		why = ret ? err : diff_samples(&m, &ref[g]);
		if (!*why)
			why = diff_played(&m, &pl[g]);
		if (*why) {
			bad++;
			printf("# seek to %zu: %s\n", g, why);
		}
	}
	ok(!bad, "a seek to each frame, out of order, gives its sample, node rates and events");
	/* back from the end, a frame at a time */
	replay_seek(rp, &m, n - 1, err, sizeof(err));
	bad = 0;
	for (f = n - 1; f-- > 0;) {
		ret = replay_step(rp, &m, -1, err, sizeof(err));
		why = ret ? err : diff_samples(&m, &ref[f]);
		if (!*why)
			why = diff_played(&m, &pl[f]);
		if (*why || replay_pos(rp) != (long)f) {
			bad++;
			printf("# back to %zu: %s\n", f, why);
		}
	}
	ok(!bad, "stepping back frame by frame gives each sample again");
	ok(replay_step(rp, &m, -1, err, sizeof(err)) == 1 && replay_pos(rp) == 0,
	   "a step back at the first frame does nothing");
	ok(replay_step(rp, &m, 1, err, sizeof(err)) == 0 && !*diff_samples(&m, &ref[1]) &&
	   !*diff_played(&m, &pl[1]), "and a step forward reads the next one on top");

	/* times */
	ok(replay_time(rp, 0) == 0 && replay_time(rp, 6) > replay_time(rp, 5),
	   "frame times from 0, rising: %.3f s at the last", replay_time(rp, 6));
	ok(replay_frame_at(rp, 0) == 0 && replay_frame_at(rp, replay_time(rp, 3)) == 3 &&
	   replay_frame_at(rp, replay_time(rp, 3) - 0.0004) == 3 &&
	   replay_frame_at(rp, replay_time(rp, 3) - 0.001) == 2 && replay_frame_at(rp, -1) == -1 &&
	   replay_frame_at(rp, 1e9) == 6, "the frame at a time: the last at or before it, half a millisecond early counts");
	ok(replay_length(rp) >= replay_time(rp, 6), "the length covers the last frame");

	for (f = 0; f < n; f++)
		model_free(&ref[f]);
	model_free(&m);
	replay_free(rp);
}

/* snapshot 1 broken: it and 2 are skipped; 3, a keyframe, plays on */
static void test_damaged_lines(void)
{
	static struct played pl[8];
	struct lrugen_model ref[8], m;
	char err[512] = "", warn[512] = "";
	static const size_t want[] = { 0, 3, 4, 5, 6 };
	const char *w = NULL;
	struct replay *rp;
	size_t n, f, bad = 0;
	int ret;

	n = reference_samples(ref, 8);
	/* opening reads no snapshot: the damage shows when it is played */
	rp = replay_open(fixture_path("rec-bad-line.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && !warn[0] && replay_count(rp) == 7,
	   "rec-bad-line.dat opens with 7 frames and no warning: its snapshots are not read yet: %s",
	   rp ? warn : err);
	if (!rp)
		exit(tap_done());
	model_init(&m);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	ok(replay_source(rp)->ops->refresh(rp, &m, err, sizeof(err)) == 0 && replay_pos(rp) == 0,
	   "frame 0 plays");
	ret = replay_source(rp)->ops->refresh(rp, &m, err, sizeof(err));
	ok(ret == 1 && strstr(err, "2 of 7 snapshots skipped") && strstr(err, "L line 0:0"),
	   "a broken L line in snapshot 1: the refresh that reaches it warns that 2 of 7 are skipped, and why: %s",
	   err);
	ok(replay_count(rp) == 5 && replay_pos(rp) == 1 && !*diff_samples(&m, &ref[3]) &&
	   !replay_new_warning(rp),
	   "and goes on to the keyframe after them, snapshot 3, now frame 1 of 5");
	replay_free(rp);

	/* replay_check() reads them all before the first frame */
	rp = replay_open(fixture_path("rec-bad-line.dat"), err, sizeof(err), warn, sizeof(warn));
	if (!rp)
		exit(tap_done());
	ret = replay_check(rp, err, sizeof(err));
	w = replay_new_warning(rp);
	ok(!ret && replay_count(rp) == 5 && replay_pos(rp) == -1 && w &&
	   strstr(w, "2 of 7 snapshots skipped") && !replay_new_warning(rp),
	   "replay_check(): 5 frames before the first, and the warning once: %s", w ? w : err);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	play(rp, &m, NULL, pl, 8);
	for (f = 0; f < 5; f++) {
		const char *why;

		replay_seek(rp, &m, f, err, sizeof(err));
		why = diff_samples(&m, &ref[want[f]]);
		if (*why) {
			bad++;
			printf("# frame %zu (snapshot %zu): %s\n", f, want[f], why);
		}
	}
	ok(!bad, "the frames are snapshots 0, 3, 4, 5 and 6, as their lines make them");
	replay_seek(rp, &m, 1, err, sizeof(err));
	ok(m.lruvecs && m.lruvecs[0].births_per_min == LRUGEN_RATE_UNKNOWN,
	   "after the gap, the keyframe has no previous sample: rates unknown");
	replay_free(rp);

	/* a seek that reads the damage lands where a checked replay would */
	rp = replay_open(fixture_path("rec-bad-line.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && !replay_seek(rp, &m, 2, err, sizeof(err)) && replay_pos(rp) == 0 &&
	   !*diff_samples(&m, &ref[0]) && replay_new_warning(rp) && replay_count(rp) == 5,
	   "a seek to damaged snapshot 2 shows snapshot 0, the last before it that reads, and warns");
	ok(!replay_seek(rp, &m, 4, err, sizeof(err)) && replay_pos(rp) == 4 &&
	   !*diff_samples(&m, &ref[6]) && !replay_new_warning(rp),
	   "then frame 4 is snapshot 6, no new warning");
	replay_free(rp);
	rp = replay_open(fixture_path("rec-bad-line.dat"), err, sizeof(err), warn, sizeof(warn));
	if (!rp)
		exit(tap_done());
	ret = replay_seek(rp, &m, 6, err, sizeof(err));
	w = replay_new_warning(rp);
	ok(!ret && replay_pos(rp) == 4 && !*diff_samples(&m, &ref[6]) && w && strstr(w, "L line 0:0"),
	   "a seek to the last snapshot reads through the damage and still shows it, frame 5 of 5");
	model_free(&m);
	replay_free(rp);

	rp = replay_open(fixture_path("rec-cut.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp && strstr(warn, "ends inside snapshot 5 (cut short?)") && replay_count(rp) == 5,
	   "cut inside snapshot 5: snapshots 0-4 play, and a warning says so: %s", rp ? warn : err);
	replay_free(rp);

	rp = replay_open(fixture_path("rec-newer.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(!rp && strstr(err, "rec-newer.dat: ") && strstr(err, "version 2") && strstr(err, "newer lrugen"),
	   "a header of format version 2 is refused: %s", err);
	replay_free(rp);
	for (f = 0; f < n; f++)
		model_free(&ref[f]);
}

static void test_plain(void)
{
	static struct played pl[8];
	char err[512] = "", warn[512] = "";
	struct lrugen_model m;
	const struct lrugen_lruvec *v;
	struct replay *rp;
	size_t f, bad = 0;
	char *text;

	rp = replay_open(fixture_path("plain.dat"), err, sizeof(err), warn, sizeof(warn));
	ok(rp != NULL, "plain.dat opens for replay: %s", err);
	if (!rp)
		exit(tap_done());
	ok(replay_is_plain(rp) && !strcmp(replay_notice(rp),
	   "no lrugen snapshots: recorded by trace-cmd record, not lrugen record: page counts, ages and node counters are unknown"),
	   "a notice says what a plain recording lacks");
	/* events from 6.680 s to 10.548 s: frames at 0, 1, 2, 3 and 4 s */
	ok_eq(replay_count(rp), 5, "a frame per second of recorded time, the last past the last event");
	model_init(&m);
	replay_source(rp)->ops->open(rp, &m, err, sizeof(err));
	play(rp, &m, NULL, pl, 8);
	ok(replay_at_end(rp), "plain.dat plays to its end");
	ok_eq(m.nr_lruvecs, 3, "plain.dat: the lruvecs the events name");
	v = &m.lruvecs[0];
	ok(!strcmp(v->path, "/") && v->memcg_id == 1 && v->nid == 1 && v->max_seq == 4 &&
	   v->min_seq[0] == 1 && v->min_seq[1] == 1 && v->nr_gens == 4 && v->gens[0].seq == 1,
	   "the root on node1: seq 1..4 from its birth (%s %" PRIu64 "..%" PRIu64 ")", v->path,
	   v->min_seq[0], v->max_seq);
	v = &m.lruvecs[1];
	ok(!strcmp(v->path, "[memcg 18]") && v->nid == 0 && v->max_seq == 5 && v->min_seq[0] == 2 &&
	   v->min_seq[1] == 2 && v->nr_gens == 4 && !lruvec_pages(v, 0) && !v->gens[3].age_ms,
	   "memcg 18 on node0: seq 2..5, no pages, no ages, its path unknown: %s", v->path);
	v = &m.lruvecs[2];
	ok(v->memcg_id == 53 && v->nid == 1 && v->max_seq == 4, "memcg 53 on node1");
	ok(m.ev_count[LRUGEN_EV_EVICT] == 33 && m.ev_count[LRUGEN_EV_BIRTH] == 4 &&
	   m.ev_count[LRUGEN_EV_RETIRE] == 8 && m.ev_count[LRUGEN_EV_AGING] == 4,
	   "every event counted by the last frame");
	ok(m.nodes[0].present && m.nodes[1].present && m.nr_nodes == 2 && !m.nodes[0].mem_total,
	   "both nodes, without counters");
	replay_seek(rp, &m, 0, err, sizeof(err));
	ok(m.nr_lruvecs == 1 && m.lruvecs[0].memcg_id == 18 && m.ev_count[LRUGEN_EV_RETIRE] == 1,
	   "the first frame: the first event alone");
	for (f = 0; f < replay_count(rp); f++) {
		const char *why;

		replay_seek(rp, &m, f, err, sizeof(err));
		why = diff_played(&m, &pl[f]);
		if (*why) {
			bad++;
			printf("# plain frame %zu: %s\n", f, why);
		}
	}
	ok(!bad, "plain: a seek to each frame gives what playing gave");
	ok(m.counts_unknown, "plain: the model says its counters are unknown, after seeks too");
	replay_seek(rp, &m, 1, err, sizeof(err));
	text = model_text(&m, false);
	ok(strstr(text, "\nlru_gen enabled=- min_ttl_ms=-  swap -/-  psi some - full -  scan -/s steal -/s\n") &&
	   strstr(text, "\nnode0: total - free - anon - file -  kswapd -  scan 0/s steal 0/s  refault anon -/s file -/s  proactive - (-/s)\n") &&
	   strstr(text, "\n[memcg 18]                  0    18        1..4        -        -        -     180       0  -/- -/- -/- -/-\n"),
	   "plain: the frame shows unknown counters, pages and ages as -, event rates as numbers:\n%s", text);
	free(text);
	text = model_text(&m, true);
	ok(strstr(text, "\"lru_gen\": {\"enabled\": null, \"min_ttl_ms\": null},") &&
	   strstr(text, "\"swap\": {\"total_kb\": null, \"free_kb\": null},") &&
	   strstr(text, "{\"nid\": 0, \"mem_total_kb\": null, \"mem_free_kb\": null, \"anon_kb\": null, \"file_kb\": null, \"workingset_refault_anon\": null, \"workingset_refault_file\": null, \"pgscan_proactive_node\": null, \"pgsteal_proactive_node\": null, \"kswapd_cpu_pct\": null, \"scan_per_s\": 0.000, ") &&
	   strstr(text, "{\"seq\": 1, \"age_ms\": null, \"anon\": null, \"file\": null, \"anon_evicted\": false"),
	   "plain: the JSON has null for them:\n%s", text);
	free(text);
	model_free(&m);
	replay_free(rp);
}

/* every frame, forward and back, whatever comes of it */
static void play_all(struct replay *rp)
{
	struct lrugen_model m;
	char err[512];

	model_init(&m);
	while (replay_step(rp, &m, 1, err, sizeof(err)) == 0)
		;
	while (replay_step(rp, &m, -1, err, sizeof(err)) == 0)
		;
	model_free(&m);
}

/* a file that is not a good recording: a message, never a crash */
static void expect_refused(const char *what, const char *path, const char *msg)
{
	char err[512] = "", warn[512] = "";
	struct replay *rp = replay_open(path, err, sizeof(err), warn, sizeof(warn));

	ok(!rp && strstr(err, msg), "%s: refused: %s", what, err);
	replay_free(rp);
}

static void test_bad_files(void)
{
	static const char *const good[] = { "plain.dat", "rec-stream.dat" };
	char err[512], warn[512], *data;
	size_t len, cut, i, opened, refused;
	unsigned int seed = 1;
	const char *p;

	expect_refused("a missing file", "/nonexistent/rec.dat", "cannot open /nonexistent/rec.dat: No such file");
	expect_refused("an empty file", write_tmp("empty.dat", "", 0), "is empty: not a recording");
	expect_refused("a text file", write_tmp("text.dat", "hello, world\n", 13), "is not a trace.dat");
	expect_refused("a directory", tmpdir, "is not a regular file");
	expect_refused("a trace.dat without lru_gen events", fixture_path("no-lru-gen.dat"),
		       "has no lru_gen events and no lrugen snapshots");

	data = rec_fixture("rec-stream.dat", &len);
	memset(data, 0, 512);
	expect_refused("a zeroed header", write_tmp("zero.dat", data, len), "is not a trace.dat");
	free(data);

	/* cut anywhere: a message or a shorter replay, never a crash */
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		data = rec_fixture(good[i], &len);
		opened = refused = 0;
		for (cut = 8; cut < len; cut += 151) {
			struct replay *rp;

			p = write_tmp("cut.dat", data, cut);
			err[0] = 0;
			rp = replay_open(p, err, sizeof(err), warn, sizeof(warn));
			if (rp) {
				opened++;
				play_all(rp);
			} else if (err[0]) {
				refused++;
			}
			replay_free(rp);
		}
		ok(opened + refused == (len - 8 + 150) / 151,
		   "%s cut at %zu places: %zu refused with a reason, %zu still play", good[i],
		   (len - 8 + 150) / 151, refused, opened);
		free(data);
	}

	/* bytes changed at random past the magic: the same */
	data = rec_fixture("rec-stream.dat", &len);
	opened = refused = 0;
	for (i = 0; i < 80; i++) {
		char *copy = malloc(len);
		struct replay *rp;
		int k;

		memcpy(copy, data, len);
		for (k = 0; k < 4; k++)
			copy[10 + rand_r(&seed) % (len - 10)] ^= (char)(1 + rand_r(&seed) % 255);
		p = write_tmp("flip.dat", copy, len);
		err[0] = 0;
		rp = replay_open(p, err, sizeof(err), warn, sizeof(warn));
		if (rp) {
			opened++;
			play_all(rp);
		} else {
			refused += !!err[0];
		}
		replay_free(rp);
		free(copy);
	}
	ok(opened + refused == 80, "80 copies with 4 bytes changed: %zu refused with a reason, %zu play",
	   refused, opened);
	free(data);
}

static void rmdir_all(void)
{
	static const char *const names[] = { "empty.dat", "text.dat", "zero.dat", "cut.dat", "flip.dat" };
	char path[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lrugen-test-replay-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! cannot make %s: %s\n", tmpdir, strerror(errno));
		return 1;
	}
	test_load();
	test_edges();
	test_stream();
	test_lrugen_record();
	test_window();
	test_damaged_lines();
	test_plain();
	test_wall_clock();
	test_bad_files();
	rmdir_all();
	return tap_done();
}
