// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen reclaim: proactive reclaim through nodeN/reclaim or
 * memory.reclaim, with the lruvecs before and after.
 */
#include <getopt.h>
#include <stdio.h>

#include "actions.h"
#include "cli.h"
#include "session.h"
#include "size.h"

/**
 * cmd_reclaim() - lrugen reclaim: proactive reclaim of a node or a memcg
 * @argc: arguments, the subcommand's name first
 * @argv: "reclaim", then [--node N] [--memcg PATH|CGROUP_ID] SIZE
 *        [--swappiness N|max] [--flags clean]
 *
 * Checks the request before reading anything from the kernel, resolves
 * the memcg against a snapshot, prints the lruvecs before and after, and
 * the request written with its outcome.
 *
 * Return: the exit status: 0 done, 1 when the action failed or lrugen
 * cannot run, 2 for a usage error, an unknown memcg or a node without
 * memory.
 */
int cmd_reclaim(int argc, char **argv)
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
	int c, ret, err;

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
	err = parse_size(argv[optind], &q.bytes);
	if (err) {
		fprintf(stderr, "lrugen reclaim: '%s' is %s\n", argv[optind], size_error(err));
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
	if (open_snapshot(&s))
		return 1;
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
