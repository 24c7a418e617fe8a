// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen snapshot: the generations once, as text or JSON.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "session.h"
#include "view.h"

/**
 * cmd_snapshot() - lrugen snapshot: the generations once
 * @argc: arguments, the subcommand's name first
 * @argv: "snapshot", then [--json]
 *
 * Prints one sample as a text frame in tree order, or as JSON.
 *
 * Return: the exit status: 0 done, 1 when lrugen cannot run, 2 for a usage
 * error.
 */
int cmd_snapshot(int argc, char **argv)
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
	if (open_snapshot(&s))
		return 1;
	if (json)
		print_json(stdout, &s.model);
	else
		print_frame(stdout, &view, &s.model, "lrugen snapshot", -1, 0);
	session_close(&s);
	return 0;
}
