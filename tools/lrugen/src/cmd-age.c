// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen age: a generation added to an lruvec, or its oldest evicted,
 * through debugfs lru_gen.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "actions.h"
#include "cli.h"
#include "session.h"

/**
 * cmd_age() - lrugen age: add a generation, or evict the oldest
 * @argc: arguments, the subcommand's name first
 * @argv: "age", then --node N --memcg PATH|CGROUP_ID [--evict]
 *
 * Resolves the memcg against a snapshot, prints the lruvec before and
 * after, and the command written to debugfs lru_gen with its outcome.
 *
 * Return: the exit status: 0 done, 1 when the action failed or lrugen
 * cannot run, 2 for a usage error or a memcg that has no lruvec on the
 * node.
 */
int cmd_age(int argc, char **argv)
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
	if (open_snapshot(&s))
		return 1;
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
