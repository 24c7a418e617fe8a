// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen top: the full-screen view (ui*.c), or text frames with -b.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "arstate.h"
#include "cli.h"
#include "lrugen.h"
#include "recording.h"
#include "session.h"
#include "source.h"
#include "util.h"

static double rusage_s(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* lrugen's CPU time, and its children's: a recording is read in a child */
static double cpu_now(void)
{
	return rusage_s(RUSAGE_SELF) + rusage_s(RUSAGE_CHILDREN);
}

/* For benchmarks: the refreshes' CPU time, apart from the set-up's. */
static void print_stats(double setup, double cpu0, unsigned long refreshes)
{
	struct rusage ru;
	double cpu = cpu_now() - cpu0;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "lrugen stats: refreshes=%lu cpu_s=%.4f cpu_per_refresh_ms=%.3f setup_cpu_s=%.4f maxrss_kb=%ld\n",
		refreshes, cpu, refreshes ? cpu * 1000 / refreshes : 0, setup, ru.ru_maxrss);
}

/*
 * lrugen autoreclaim's state for the next frame, read at each refresh of
 * the live system: @path (--state, or ARSTATE_DEFAULT_PATH) under
 * lrugen_root, shown in @v when its writer runs, ignored when there is
 * none or it is no longer running, a warning when it cannot be read.
 * (ui.c does the same with @o->state.)
 */
static void load_autoreclaim(const char *path, struct view *v, struct arstate *ar, char *warning,
			     size_t size)
{
	int ret = arstate_load(path, ar, warning, size);

	v->ar = ret > 0 ? ar : NULL;
	v->ar_warning = ret < 0 ? warning : NULL;
}

static int batch_top(struct top_opts *o, bool stats)
{
	double cpu0 = cpu_now(), setup, next, wait;
	struct arstate ar = { 0 };
	unsigned long n = 0;
	char ar_warning[512];
	struct session s;
	int ret = 0;

	if (session_open(&s, o->events)) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		return 1;
	}
	setup = cpu_now() - cpu0;
	cpu0 = cpu_now();
	next = now_s();
	o->view.working_set = true;
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
		load_autoreclaim(o->state, &o->view, &ar, ar_warning, sizeof(ar_warning));
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
	o->view.ar = NULL;
	o->view.ar_warning = NULL;
	arstate_free(&ar);
	if (stats)
		print_stats(setup, cpu0, n);
	return ret;
}

/*
 * -b --replay: a frame per snapshot of the recording, as fast as they
 * print, each titled with the recording's clock instead of the wall's,
 * and with the local time it was when the recording says when it began.
 */
static int batch_replay(struct top_opts *o, bool stats)
{
	double cpu0 = cpu_now(), setup;
	const char *warning;
	unsigned long n = 0;
	struct session s;
	int ret = 0;

	if (session_open_replay(&s, o->replay)) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		return 1;
	}
	/*
	 * Every frame is played: read every snapshot first, so that the
	 * damaged ones are left out before the first title counts the frames.
	 */
	if (replay_check(s.replay, s.error, sizeof(s.error))) {
		fprintf(stderr, "lrugen: %s\n", s.error);
		session_close(&s);
		return 1;
	}
	setup = cpu_now() - cpu0;
	cpu0 = cpu_now();
	warning = replay_new_warning(s.replay);
	if (warning || s.warning[0])
		fprintf(stderr, "lrugen: %s\n", warning ? warning : s.warning);
	if (s.notice[0])
		fprintf(stderr, "lrugen: %s: %s\n", o->replay, s.notice);
	while (!session_stop && !replay_at_end(s.replay)) {
		char title[512], clock[32], wall[40];
		const char *host = replay_host(s.replay), *at;

		if (session_refresh(&s) < 0) {
			fprintf(stderr, "lrugen: %s\n", s.error);
			ret = 1;
			break;
		}
		n++;
		at = replay_wall_clock(s.replay, replay_pos(s.replay), wall, sizeof(wall));
		snprintf(title, sizeof(title), "lrugen %s  frame %lu of %zu%s%s  sort %s  replay %s%s%s%s",
			 replay_clock(s.replay, replay_pos(s.replay), clock, sizeof(clock)), n,
			 replay_count(s.replay), at ? "  " : "", at ? at : "",
			 sort_names[o->view.sort], o->replay,
			 host ? " (" : "", host ? host : "", host ? ")" : "");
		print_frame(stdout, &o->view, &s.model, title, -1, 10);
		if (o->iterations && (long)n >= o->iterations)
			break;
	}
	session_close(&s);
	if (stats)
		print_stats(setup, cpu0, n);
	return ret;
}

/**
 * cmd_top() - lrugen top: watch the generations live
 * @argc: arguments, the subcommand's name (or "lrugen") first
 * @argv: "top", then the options usage() lists
 *
 * The full-screen view, which needs a terminal, or text frames with -b;
 * of the live system, or of a recording with --replay FILE. The AR
 * column shows lrugen autoreclaim's state, from --state FILE or
 * ARSTATE_DEFAULT_PATH.
 *
 * Return: the exit status: 0 done, 1 when lrugen cannot run or a refresh
 * fails, 2 for a usage error or no terminal.
 */
int cmd_top(int argc, char **argv)
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
		{ "replay", required_argument, NULL, 'R' },
		{ "state", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts o = {
		.delay = 2, .events = true, .view.tree = true, .state = ARSTATE_DEFAULT_PATH,
	};
	const char *live_only = NULL, *state = NULL;
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
			live_only = "-d";
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
			live_only = "--no-events";
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
			live_only = "--buffer-kb";
			break;
		case 'R':
			o.replay = optarg;
			break;
		case 'T':
			state = optarg;
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
	if (o.replay && live_only) {
		fprintf(stderr, "lrugen top: %s is for the live system, not --replay: a recording plays at its own pace (the speed keys change it) with the events it holds\n",
			live_only);
		return 2;
	}
	if (state && o.replay) {
		fprintf(stderr, "lrugen top: --state is for the live system, not --replay: a recording holds no controller's state, and the running controller's is not the recording's\n");
		return 2;
	}
	if (state) {
		if (state_file_arg("top", state))
			return 2;
		o.state = state;
	}
	if (o.batch)
		return o.replay ? batch_replay(&o, stats) : batch_top(&o, stats);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "lrugen: not on a terminal; use lrugen top -b for text frames\n");
		return 2;
	}
	return run_ui(&o);
}
