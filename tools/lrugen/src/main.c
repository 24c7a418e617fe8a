// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen: watch and steer the multi-gen LRU. One function per subcommand,
 * dispatched from cmds[]; every usage text is in usage().
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "lrugen.h"
#include "parse.h"
#include "session.h"
#include "util.h"

#define VERSION "0.1"

static void usage(FILE *f, const char *cmd)
{
	if (!cmd || !strcmp(cmd, "top"))
		fprintf(f,
"usage: lrugen [top] [-b] [-C] [-n N] [-d SEC] [-s KEY] [-f TEXT] [--flat] [--hide-empty]\n"
"                    [--no-events] [--buffer-kb KB] [--stats]\n"
"  watch the generations of every memcg on every node, live\n"
"  -b, --batch        print text frames instead of the full-screen view\n"
"  -C, --no-color     no colour (also when NO_COLOR is set); bold for warnings\n"
"  -n, --iterations N stop after N refreshes (0: never; the default)\n"
"  -d, --delay SEC    seconds between refreshes (default 2, at least 0.1)\n"
"  -s, --sort KEY     memcg, pages, anon, file, oldest, births or evict\n"
"  -f, --filter TEXT  only memcgs whose path contains TEXT\n"
"      --flat         full paths instead of the memcg tree\n"
"      --hide-empty   leave out lruvecs that hold no pages\n"
"      --no-events    read lru_gen_full only; no tracefs instance\n"
"      --buffer-kb KB the instance's ring buffer per CPU (default 2048)\n"
"      --stats        at exit, print CPU time per refresh and peak RSS to stderr\n");
	if (!cmd || !strcmp(cmd, "snapshot"))
		fprintf(f,
"usage: lrugen snapshot [--json]\n"
"  print the generations once, as text or JSON\n");
	if (!cmd || !strcmp(cmd, "reclaim"))
		fprintf(f,
"usage: lrugen reclaim --node N [--memcg PATH|CGROUP_ID] SIZE [--swappiness N|max] [--flags clean]\n"
"       lrugen reclaim --memcg PATH|CGROUP_ID SIZE [--swappiness N|max]\n"
"  proactive reclaim through nodeN/reclaim, or through memory.reclaim on\n"
"  every node when no --node is given; SIZE takes K, M, G suffixes\n");
	if (!cmd || !strcmp(cmd, "age"))
		fprintf(f,
"usage: lrugen age --node N --memcg PATH|CGROUP_ID [--evict]\n"
"  add a generation (debugfs lru_gen '+'), or with --evict evict the oldest ('-')\n");
	if (!cmd)
		fprintf(f, "\nlrugen help COMMAND, or man lrugen, for more\n");
}

static int option_delay(const char *s, double *d)
{
	if (parse_delay(s, d)) {
		fprintf(stderr, "lrugen: the delay must be 0.1 to 3600 seconds, not '%s'\n", s);
		return -1;
	}
	return 0;
}

/* digits only: no sign, no spaces, as the kernel's own files take them */
static int parse_count(const char *what, const char *s, long max, long *n)
{
	char *end;

	errno = 0;
	*n = isdigit((unsigned char)*s) ? strtol(s, &end, 10) : -1;
	if (*n < 0 || errno || *end || *n > max) {
		fprintf(stderr, "lrugen: %s must be a number from 0 to %ld, not '%s'\n", what, max, s);
		return -1;
	}
	return 0;
}

static double cpu_now(void);

/* For benchmarks: the refreshes' CPU time, apart from the set-up's. */
static void print_stats(double setup, double cpu0, unsigned long refreshes)
{
	struct rusage ru;
	double cpu = cpu_now() - cpu0;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "lrugen stats: refreshes=%lu cpu_s=%.4f cpu_per_refresh_ms=%.3f setup_cpu_s=%.4f maxrss_kb=%ld\n",
		refreshes, cpu, refreshes ? cpu * 1000 / refreshes : 0, setup, ru.ru_maxrss);
}

static double cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int batch_top(struct top_opts *o, bool stats)
{
	double cpu0 = cpu_now(), setup, next, wait;
	unsigned long n = 0;
	struct session s;
	int ret = 0;

	if (session_open(&s, o->events)) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		return 1;
	}
	setup = cpu_now() - cpu0;
	cpu0 = cpu_now();
	next = now_s();
	if (s.notice[0] && o->events)
		fprintf(stderr, "lrugen: %s\n", s.notice);
	while (!session_stop) {
		char title[128];
		time_t t = time(NULL);
		struct tm tm;

		ret = session_refresh(&s);
		if (ret < 0) {
			fprintf(stderr, "lrugen: %s\n", s.error);
			ret = 1;
			break;
		}
		ret = 0;
		if (s.warning[0])
			fprintf(stderr, "lrugen: frame %lu: %s\n", n + 1, s.warning);
		n++;
		localtime_r(&t, &tm);
		snprintf(title, sizeof(title), "lrugen %02d:%02d:%02d  frame %lu  delay %.1fs  sort %s",
			 tm.tm_hour, tm.tm_min, tm.tm_sec, n, o->delay, sort_names[o->view.sort]);
		print_frame(stdout, &o->view, &s.model, title, -1, 10);
		if (o->iterations && (long)n >= o->iterations)
			break;
		/* a fixed rate: the refresh's own time is not added to the delay */
		next += o->delay;
		wait = next - now_s();
		if (wait > 0)
			usleep((useconds_t)(wait * 1e6));
		else
			next = now_s();
	}
	session_close(&s);
	if (stats)
		print_stats(setup, cpu0, n);
	return ret;
}

static int cmd_top(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "sort", required_argument, NULL, 's' },
		{ "filter", required_argument, NULL, 'f' },
		{ "flat", no_argument, NULL, 'F' },
		{ "hide-empty", no_argument, NULL, 'A' },
		{ "no-events", no_argument, NULL, 'E' },
		{ "stats", no_argument, NULL, 'S' },
		{ "no-color", no_argument, NULL, 'C' },
		{ "buffer-kb", required_argument, NULL, 'B' },
		{ "no-colour", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts o = { .delay = 2, .events = true, .view.tree = true };
	bool stats = false;
	long kb = 0;
	int c, k;

	while ((c = getopt_long(argc, argv, "bn:d:s:f:Ch", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o.batch = true;
			break;
		case 'n':
			if (parse_count("-n", optarg, 1000000, &o.iterations))
				return 2;
			break;
		case 'd':
			if (option_delay(optarg, &o.delay))
				return 2;
			break;
		case 's':
			for (k = 0; k < SORT_NR && strcmp(optarg, sort_names[k]); k++)
				;
			if (k == SORT_NR) {
				fprintf(stderr, "lrugen: unknown sort key '%s'; see lrugen help top\n", optarg);
				return 2;
			}
			o.view.sort = k;
			break;
		case 'f':
			snprintf(o.view.filter, sizeof(o.view.filter), "%s", optarg);
			break;
		case 'F':
			o.view.tree = false;
			break;
		case 'A':
			o.view.hide_empty = true;
			break;
		case 'E':
			o.events = false;
			break;
		case 'S':
			stats = true;
			break;
		case 'C':
			o.mono = true;
			break;
		case 'B':
			if (parse_count("--buffer-kb", optarg, 1 << 20, &kb) || !kb) {
				if (!kb)
					fprintf(stderr, "lrugen: --buffer-kb must be at least 1\n");
				return 2;
			}
			trace_source_buffer_kb((unsigned int)kb);
			break;
		case 'h':
			usage(stdout, "top");
			return 0;
		default:
			usage(stderr, "top");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lrugen top: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (o.batch)
		return batch_top(&o, stats);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "lrugen: not on a terminal; use lrugen top -b for text frames\n");
		return 2;
	}
	return run_ui(&o);
}

static int cmd_snapshot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct view view = { .tree = true };
	struct session s;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout, "snapshot");
			return 0;
		default:
			usage(stderr, "snapshot");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lrugen snapshot: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (session_open(&s, false)) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		return 1;
	}
	if (session_refresh(&s) < 0) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		session_close(&s);
		return 1;
	}
	if (s.warning[0])
		fprintf(stderr, "lrugen: %s\n", s.warning);
	if (json)
		print_json(stdout, &s.model);
	else
		print_frame(stdout, &view, &s.model, "lrugen snapshot", -1, 0);
	session_close(&s);
	return 0;
}

/* One line per lruvec the action touched: its generations. */
static void print_lruvecs(const struct lrugen_model *m, int64_t memcg_id, int nid,
			  const char *when)
{
	size_t i;

	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];
		char gens[256], a[16], f[16], name[256];

		if ((memcg_id >= 0 && l->memcg_id != (uint64_t)memcg_id) || (nid >= 0 && l->nid != nid))
			continue;
		if (memcg_id < 0 && l->memcg_id > 1)
			continue;	/* whole node: show the root only */
		format_gens(l, gens, sizeof(gens));
		printf("%-6s %s node%d: seq %" PRIu64 "..%" PRIu64 ", anon %s file %s: %s\n", when,
		       fmt_name(name, sizeof(name), l->path), l->nid,
		       l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1], l->max_seq,
		       fmt_bytes(a, sizeof(a), (double)lruvec_pages(l, LRUGEN_ANON) * sysconf(_SC_PAGESIZE)),
		       fmt_bytes(f, sizeof(f), (double)lruvec_pages(l, LRUGEN_FILE) * sysconf(_SC_PAGESIZE)),
		       gens);
	}
}

static int node_arg(const char *s, int *nid)
{
	long n;

	if (parse_count("--node", s, LRUGEN_MAX_NODES - 1, &n))
		return -1;
	*nid = (int)n;
	return 0;
}

static int cmd_reclaim(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "node", required_argument, NULL, 'N' },
		{ "memcg", required_argument, NULL, 'm' },
		{ "swappiness", required_argument, NULL, 'w' },
		{ "flags", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct reclaim_req q = { .nid = -1, .memcg_id = -1 };
	struct action_result r = { 0 };
	const char *memcg = NULL;
	struct session s;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			if (node_arg(optarg, &q.nid))
				return 2;
			break;
		case 'm':
			memcg = optarg;
			break;
		case 'w':
			q.swappiness = optarg;
			break;
		case 'F':
			q.flags = optarg;
			break;
		case 'h':
			usage(stdout, "reclaim");
			return 0;
		default:
			usage(stderr, "reclaim");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "lrugen reclaim: give exactly one SIZE\n");
		usage(stderr, "reclaim");
		return 2;
	}
	if (parse_size(argv[optind], &q.bytes)) {
		fprintf(stderr, "lrugen reclaim: '%s' is not a size (bytes, or a number with K, M, G, T, P or E)\n",
			argv[optind]);
		return 2;
	}
	if (q.nid < 0 && !memcg) {
		fprintf(stderr, "lrugen reclaim: give --node N, --memcg PATH|ID, or both\n");
		return 2;
	}
	/* catch bad options before reading anything from the kernel */
	q.memcg_path = memcg ? "/" : NULL;
	if (reclaim_validate(&q, &r)) {
		fprintf(stderr, "lrugen reclaim: %s\n", r.message);
		return 2;
	}
	if (session_open(&s, false) || session_refresh(&s) < 0) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		session_close(&s);
		return 1;
	}
	if (s.warning[0])
		fprintf(stderr, "lrugen: %s\n", s.warning);
	if (memcg) {
		q.memcg_id = resolve_memcg(&s.model, memcg, &q.memcg_path);
		if (q.memcg_id < 0) {
			fprintf(stderr, "lrugen reclaim: no memcg '%s' in /sys/kernel/debug/lru_gen (give a path like /a/b or an id)\n",
				memcg);
			session_close(&s);
			return 2;
		}
	}
	if (q.nid >= 0 && (q.nid >= s.model.nr_nodes || !s.model.nodes[q.nid].present)) {
		fprintf(stderr, "lrugen reclaim: node %d has no memory\n", q.nid);
		session_close(&s);
		return 2;
	}
	print_lruvecs(&s.model, q.memcg_id, q.nid, "before");
	ret = do_reclaim(&q, &r);
	printf("%s: %s\n", r.request, r.message);
	if (!session_refresh(&s))
		print_lruvecs(&s.model, q.memcg_id, q.nid, "after");
	else if (s.warning[0])
		fprintf(stderr, "lrugen: after: %s\n", s.warning);
	session_close(&s);
	return ret ? 1 : 0;
}

static int cmd_age(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "node", required_argument, NULL, 'N' },
		{ "memcg", required_argument, NULL, 'm' },
		{ "evict", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct lrugen_lruvec *v;
	struct action_result r;
	const char *memcg = NULL;
	bool evict = false;
	struct session s;
	int64_t id;
	int c, nid = -1, ret;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			if (node_arg(optarg, &nid))
				return 2;
			break;
		case 'm':
			memcg = optarg;
			break;
		case 'e':
			evict = true;
			break;
		case 'h':
			usage(stdout, "age");
			return 0;
		default:
			usage(stderr, "age");
			return 2;
		}
	}
	if (nid < 0 || !memcg || optind != argc) {
		fprintf(stderr, "lrugen age: give --node N and --memcg PATH|ID, and nothing else\n");
		return 2;
	}
	if (session_open(&s, false) || session_refresh(&s) < 0) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		session_close(&s);
		return 1;
	}
	if (s.warning[0])
		fprintf(stderr, "lrugen: %s\n", s.warning);
	id = resolve_memcg(&s.model, memcg, NULL);
	v = id < 0 ? NULL : model_find(&s.model, (uint64_t)id, nid);
	if (!v) {
		fprintf(stderr, "lrugen age: no lruvec for memcg '%s' on node %d in /sys/kernel/debug/lru_gen\n",
			memcg, nid);
		session_close(&s);
		return 2;
	}
	print_lruvecs(&s.model, id, nid, "before");
	ret = evict ? do_evict(v, &r) : do_age(v, &r);
	printf("%s: %s\n", r.request[0] ? r.request : evict ? "evict" : "age", r.message);
	if (!session_refresh(&s))
		print_lruvecs(&s.model, id, nid, "after");
	else if (s.warning[0])
		fprintf(stderr, "lrugen: after: %s\n", s.warning);
	session_close(&s);
	return ret ? 1 : 0;
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout, argc > 1 ? argv[1] : NULL);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "top", cmd_top },
	{ "snapshot", cmd_snapshot },
	{ "reclaim", cmd_reclaim },
	{ "age", cmd_age },
	{ "help", cmd_help },
};

int main(int argc, char **argv)
{
	const char *root = getenv("LRUGEN_ROOT");
	size_t i;

	/* LRUGEN_ROOT: read a captured tree instead of / (for tests) */
	if (root)
		lrugen_root = root;
	session_signals();
	if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("lrugen %s\n", VERSION);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cmd_help(1, argv);
	/* "lrugen" and "lrugen -b ..." run top */
	if (argc < 2 || argv[1][0] == '-')
		return cmd_top(argc, argv);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lrugen: unknown command '%s'\n", argv[1]);
	usage(stderr, NULL);
	return 2;
}
