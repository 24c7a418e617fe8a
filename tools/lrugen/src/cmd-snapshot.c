// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen snapshot: the generations once, as text or JSON; live, or from a
 * recording as they were at a moment of it.
 */
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "recording.h"
#include "session.h"
#include "view.h"

/* --at SEC: seconds, not negative, finite; 0 on success */
static int parse_at(const char *s, double *at)
{
	char *end;

	*at = strtod(s, &end);
	if (end == s || *end || !isfinite(*at) || *at < 0) {
		fprintf(stderr, "lrugen snapshot: --at takes seconds since the recording's first snapshot (0, 12.5...), not '%s'\n",
			s);
		return -1;
	}
	return 0;
}

/* the frame at or before @at seconds of @file, as text or JSON */
static int replay_snapshot(const char *file, double at, bool json)
{
	struct view view = { .tree = true };
	char title[512], clock[32], wall[40];
	const char *when, *warning;
	struct session s;
	struct replay *rp;
	long f;
	int ret = 1;

	if (session_open_replay(&s, file)) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		return 1;
	}
	rp = s.replay;
	if (s.warning[0])
		fprintf(stderr, "lrugen: %s\n", s.warning);
	if (s.notice[0])
		fprintf(stderr, "lrugen: %s: %s\n", file, s.notice);
	f = replay_frame_at(rp, at);
	if (f < 0 || at > replay_length(rp) + 0.0005) {
		fprintf(stderr, "lrugen: --at %g is outside %s: its %zu %s run from 0 to %.3f s, and it ends at %.3f s (after its first %s)\n",
			at, file, replay_count(rp), replay_is_plain(rp) ? "frames" : "snapshots",
			replay_time(rp, replay_count(rp) - 1), replay_length(rp),
			replay_is_plain(rp) ? "event" : "snapshot");
		goto out;
	}
	if (replay_seek(rp, &s.model, (size_t)f, s.error, sizeof(s.error))) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		goto out;
	}
	/* a damaged snapshot on the way: the seek fell back to the one before */
	warning = replay_new_warning(rp);
	if (warning)
		fprintf(stderr, "lrugen: %s\n", warning);
	f = replay_pos(rp);
	if (json) {
		print_json(stdout, &s.model);
	} else {
		when = replay_wall_clock(rp, f, wall, sizeof(wall));
		snprintf(title, sizeof(title), "lrugen snapshot %s  %s %ld of %zu of %s%s%s%s%s",
			 replay_clock(rp, f, clock, sizeof(clock)),
			 replay_is_plain(rp) ? "frame" : "snapshot", f + 1, replay_count(rp), file,
			 replay_host(rp) ? ", recorded on " : "", replay_host(rp) ? replay_host(rp) : "",
			 when ? ", at " : "", when ? when : "");
		print_frame(stdout, &view, &s.model, title, -1, 0);
	}
	ret = 0;
out:
	session_close(&s);
	return ret;
}

/**
 * cmd_snapshot() - lrugen snapshot: the generations once
 * @argc: arguments, the subcommand's name first
 * @argv: "snapshot", then [--json] [--replay FILE --at SEC]
 *
 * Prints one sample as a text frame in tree order, or as JSON. With
 * --replay, the sample is the last snapshot of the recording at or before
 * SEC seconds after its first.
 *
 * Return: the exit status: 0 done, 1 when lrugen cannot run (or the
 * recording cannot be read, or SEC is outside it), 2 for a usage error.
 */
int cmd_snapshot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "replay", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct view view = { .tree = true };
	const char *replay = NULL, *at_arg = NULL;
	struct session s;
	bool json = false;
	double at = 0;
	int c;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'r':
			replay = optarg;
			break;
		case 'a':
			if (parse_at(optarg, &at))
				return 2;
			at_arg = optarg;
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
	if (!replay != !at_arg) {
		fprintf(stderr, "lrugen snapshot: %s\n", replay ?
			"--replay FILE needs --at SEC: the moment of the recording to show" :
			"--at SEC needs --replay FILE: the live system has only the present");
		return 2;
	}
	if (replay)
		return replay_snapshot(replay, at, json);
	if (open_snapshot(&s))
		return 1;
	if (json)
		print_json(stdout, &s.model);
	else
		print_frame(stdout, &view, &s.model, "lrugen snapshot", -1, 0);
	session_close(&s);
	return 0;
}
