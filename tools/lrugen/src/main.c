// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen: watch and steer the multi-gen LRU. One file per subcommand
 * (cmd-*.c), dispatched from cmds[]; every usage text is here, in usage().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "session.h"
#include "util.h"

#define VERSION "0.1"

/**
 * usage() - print the usage text of one subcommand, or of all
 * @f: where it goes: stdout when asked for, stderr after a mistake
 * @cmd: the subcommand, as in cmds[]; NULL for all
 *       of them and a pointer to more help
 *
 * Every usage text of lrugen is here.
 */
void usage(FILE *f, const char *cmd)
{
	if (!cmd || !strcmp(cmd, "top"))
		fprintf(f,
"usage: lrugen [top] [-b] [-C] [-n N] [-d SEC] [-s KEY] [-f TEXT] [--flat] [--hide-empty]\n"
"                    [--no-events] [--buffer-kb KB] [--stats] [--replay FILE] [--state FILE]\n"
"  watch the generations of every memcg on every node, live\n"
"  -b, --batch        print text frames instead of the full-screen view\n"
"  -C, --no-color     no colour (also when NO_COLOR is set); bold for warnings\n"
"  -n, --iterations N stop after N refreshes (0: never; the default)\n"
"  -d, --delay SEC    seconds between refreshes (default 2, at least 0.1)\n"
"  -s, --sort KEY     memcg, pages, anon, file, oldest, births, evict, ws (the\n"
"                     working set) or cold (the cold memory)\n"
"  -f, --filter TEXT  only memcgs whose path contains TEXT\n"
"      --flat         full paths instead of the memcg tree\n"
"      --hide-empty   leave out lruvecs that hold no pages\n"
"      --no-events    read lru_gen_full only; no tracefs instance\n"
"      --buffer-kb KB the instance's ring buffer per CPU (default 2048)\n"
"      --stats        at exit, print CPU time per refresh and peak RSS to stderr\n"
"      --replay FILE  show a recording (lrugen record, or trace-cmd record -e\n"
"                     lru_gen) instead of the live system; not with -d,\n"
"                     --no-events or --buffer-kb\n"
"      --state FILE   lrugen autoreclaim's state file, for the AR column\n"
"                     (default /run/lrugen/autoreclaim.state)\n");
	if (!cmd || !strcmp(cmd, "snapshot"))
		fprintf(f,
"usage: lrugen snapshot [--json] [--replay FILE --at SEC]\n"
"  print the generations once, as text or JSON\n"
"      --replay FILE  from a recording, as they were SEC seconds after its\n"
"      --at SEC       first snapshot (the last snapshot at or before then)\n");
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
	if (!cmd || !strcmp(cmd, "record"))
		fprintf(f,
"usage: lrugen record [-o FILE] [-d SEC] [--duration SEC] [--buffer-kb KB] [--json-log FILE]\n"
"                     [-- COMMAND [ARG...]]\n"
"  record the lru_gen and vmscan events and a snapshot of every lruvec every\n"
"  SEC seconds into one trace.dat (trace-cmd report reads it; lrugen top\n"
"  --replay shows it), until COMMAND exits, --duration passes, or Ctrl-C;\n"
"  with COMMAND, exit with its status\n"
"  -o, --output FILE  where (default lrugen.dat; an existing FILE is replaced)\n"
"  -d, --delay SEC    seconds between snapshots (default 1, at least 0.1)\n"
"      --duration SEC stop after SEC seconds (not with COMMAND)\n"
"      --buffer-kb KB the ring buffer per CPU (default 4096)\n"
"      --json-log FILE also each snapshot as lrugen snapshot --json prints it\n");
	if (!cmd || !strcmp(cmd, "report"))
		fprintf(f,
"usage: lrugen report FILE [-o OUTPUT]\n"
"  write the pictures of a recording into one self-contained HTML page\n"
"  -o, --output OUTPUT  where (default report.html)\n");
	if (!cmd || !strcmp(cmd, "export"))
		fprintf(f,
"usage: lrugen export --perfetto FILE [-o OUTPUT] [--changes-only]\n"
"  write a recording (lrugen record, or trace-cmd record -e lru_gen) as\n"
"  Chrome/Perfetto trace-event JSON, for ui.perfetto.dev\n"
"      --perfetto FILE  the recording\n"
"  -o, --output OUTPUT  where (default trace.json; - for stdout); written\n"
"                       to OUTPUT.tmp first, renamed when complete\n"
"      --changes-only   a generation counter only when its pages changed\n"
"                       (smaller; Perfetto draws the same tracks)\n");
	if (!cmd || !strcmp(cmd, "wss"))
		fprintf(f,
"usage: lrugen wss [--node N] [--memcg PATH|CGROUP_ID] [-w SEC] [-i SEC -t SEC] [--json]\n"
"                  [--replay FILE --at SEC]\n"
"  each lruvec's memory by age, its working set for a window and the cold\n"
"  memory older than it, estimated from the ages of its generations\n"
"  -w, --window SEC        the working-set window (default 120)\n"
"  -i, --age-interval SEC  add a generation to each lruvec shown every SEC\n"
"                          seconds (debugfs lru_gen '+'), for fresh age bins\n"
"  -t, --duration SEC      how long to age before the estimate (with -i)\n"
"      --json              one JSON document instead of the table\n"
"      --replay FILE       from a recording, as it was SEC seconds after its\n"
"      --at SEC            first snapshot\n");
	if (!cmd || !strcmp(cmd, "exporter"))
		fprintf(f,
"usage: lrugen exporter [-l ADDR:PORT | --textfile PATH | --once] [-d SEC] [-w SEC]\n"
"                       [--top N] [--no-events] [--state FILE]\n"
"  the generations, cold memory, evictions, refaults and proactive reclaim\n"
"  of every node and memcg as Prometheus/OpenMetrics metrics\n"
"  -l, --listen ADDR:PORT  serve them at http://ADDR:PORT/metrics\n"
"                          (default 127.0.0.1:9756)\n"
"      --textfile PATH     write them every SEC seconds to PATH, for node\n"
"                          exporter's textfile collector (PATH must end in .prom)\n"
"      --once              print them once to stdout and exit\n"
"  -d, --delay SEC         seconds between samples (default 15)\n"
"  -w, --window SEC        the working-set window of the cold-memory metrics\n"
"                          (default 120)\n"
"      --top N             per-memcg series for the N largest memcgs of each\n"
"                          node, the rest summed as memcg=\"other\" (default 100,\n"
"                          0 for all)\n"
"      --no-events         counters from sysfs and cgroupfs only; no tracefs\n"
"                          instance\n"
"      --state FILE        lrugen autoreclaim's state file, for its metrics\n"
"                          (default /run/lrugen/autoreclaim.state)\n");
	if (!cmd || !strcmp(cmd, "autoreclaim"))
		fprintf(f,
"usage: lrugen autoreclaim [-a SEC] [-i SEC] [-d SEC] [--swappiness N|max] [--max-promotion PCT]\n"
"                          [--max-psi PCT] [--max-step SIZE] [--min-size SIZE] [--node N]\n"
"                          [--settle SEC] [--state FILE] [--duration SEC] [-n] MEMCG...\n"
"  reclaim, in each MEMCG (a path or cgroup id; its subtree with it) and on\n"
"  each node, the memory not accessed for longer than a target age, through\n"
"  nodeN/reclaim; back off while the memcg's refaults or memory pressure show\n"
"  a cost. Every decision is a line on stdout. No other memcg is touched.\n"
"  -a, --age SEC            the target age (default 120)\n"
"  -i, --age-interval SEC   add a generation to each lruvec every SEC seconds,\n"
"                           for age bins that resolve the target (default: half\n"
"                           of --age; 0: never, rely on the kernel's aging)\n"
"  -d, --delay SEC          seconds between decisions (default 10)\n"
"      --swappiness N|max   the requests' swappiness (default: the kernel's)\n"
"      --max-promotion PCT  back off while the memcg's refaults over the last\n"
"                           minute pass PCT%% of its working set (default 0.2)\n"
"      --max-psi PCT        back off while some task of the memcg stalled on\n"
"                           memory more than PCT%% of the last period (default 0.2)\n"
"      --max-step SIZE      at most SIZE per request (default 64M); the first\n"
"                           request, and the first after a back-off, at most\n"
"                           SIZE/16, each next one up to twice the last\n"
"      --min-size SIZE      never take a memcg below SIZE (default 0)\n"
"      --node N             only node N (default: every node)\n"
"      --settle SEC         count pages older than the target age as cold only\n"
"                           as many as their generations held throughout the\n"
"                           last SEC seconds (default: --age; 0: all of them)\n"
"      --state FILE         where its state goes for lrugen top and lrugen\n"
"                           exporter (default /run/lrugen/autoreclaim.state)\n"
"      --duration SEC       stop after SEC seconds (default: at SIGINT/SIGTERM)\n"
"  -n, --dry-run            decide and log, but reclaim and age nothing\n");
	if (!cmd)
		fprintf(f, "\nlrugen help COMMAND, or man lrugen-COMMAND, for more\n");
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
	{ "record", cmd_record },
	{ "report", cmd_report },
	{ "export", cmd_export },
	{ "wss", cmd_wss },
	{ "exporter", cmd_exporter },
	{ "autoreclaim", cmd_autoreclaim },
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
