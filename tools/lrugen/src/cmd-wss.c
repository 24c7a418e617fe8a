// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen wss: each lruvec's memory by age, its working set for a window
 * and the cold memory older than it. This file collects (a snapshot, a
 * recording, and with -i the aging that makes fresh bins); lib/wss.c
 * estimates and lib/view.c prints.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions.h"
#include "cli.h"
#include "recording.h"
#include "session.h"
#include "util.h"
#include "view.h"
#include "wss.h"

#define WSS_MAX_SEC	(30 * 24 * 3600.0)	/* a window or a duration: 30 days */

/**
 * struct wss_opts - lrugen wss's command line
 * @memcg: --memcg, or NULL for every memcg
 * @replay: --replay FILE, or NULL for the live system
 * @nid: --node, or -1 for every node
 * @json: --json
 * @window: -w, seconds
 * @interval: -i, seconds; 0 for no aging
 * @duration: -t, seconds
 * @at: --at, seconds; negative when not given
 */
struct wss_opts {
	const char *memcg;
	const char *replay;
	int nid;
	bool json;
	double window;
	double interval;
	double duration;
	double at;
};

/* the lruvecs the command shows, in tree order; -1 after a message */
static int pick_rows(const struct lrugen_model *m, const struct wss_opts *o, struct wss_row **rows,
		     size_t *nr)
{
	struct view view = { .tree = true };
	int64_t id = -1;
	size_t *idx, n, i;

	*nr = 0;
	*rows = NULL;
	if (o->memcg) {
		id = resolve_memcg(m, o->memcg, NULL);
		if (id < 0) {
			fprintf(stderr, "lrugen wss: no memcg '%s' in /sys/kernel/debug/lru_gen: give a path from / or a cgroup id, as lrugen snapshot lists them\n",
				o->memcg);
			return -1;
		}
	}
	idx = calloc(m->nr_lruvecs + 1, sizeof(*idx));
	*rows = calloc(m->nr_lruvecs + 1, sizeof(**rows));
	if (!idx || !*rows) {
		free(idx);
		fprintf(stderr, "lrugen wss: out of memory\n");
		return -1;
	}
	n = view_rows(&view, m, idx);
	for (i = 0; i < n; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[idx[i]];

		if ((id >= 0 && l->memcg_id != (uint64_t)id) || (o->nid >= 0 && l->nid != o->nid))
			continue;
		(*rows)[(*nr)++].l = l;
	}
	free(idx);
	if (!*nr) {
		if (o->memcg && o->nid >= 0)
			fprintf(stderr, "lrugen wss: memcg '%s' has no lruvec on node %d\n", o->memcg, o->nid);
		else if (o->nid >= 0)
			fprintf(stderr, "lrugen wss: no lruvec on node %d: lrugen snapshot lists the nodes\n",
				o->nid);
		else
			fprintf(stderr, "lrugen wss: no lruvec to show\n");
		return -1;
	}
	return 0;
}

/* sleep until @t on CLOCK_MONOTONIC, or a signal stops us; -1 if stopped */
static int wait_until(double t)
{
	while (!session_stop) {
		double left = t - now_s();
		struct timespec ts;

		if (left <= 0)
			return 0;
		if (left > 0.2)
			left = 0.2;	/* look at session_stop often */
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
	return -1;
}

/*
 * -i/-t: a generation added to every lruvec shown at 0, I, 2I, ... up to
 * the duration, the last round just before the estimate. Returns 0, 1
 * when the kernel refused in a way that will not pass (no debugfs, no
 * permission), or 130 when a signal stopped it.
 */
static int age_rounds(struct session *s, const struct wss_opts *o, struct wss_report *r)
{
	unsigned int nr_rounds = (unsigned int)floor(o->duration / o->interval + 1e-9) + 1;
	double start = now_s();
	unsigned int k;

	fprintf(stderr, "lrugen wss: adding a generation every %g s for %g s (%u rounds), then estimating\n",
		o->interval, o->duration, nr_rounds);
	for (k = 0; k < nr_rounds; k++) {
		struct wss_row *rows;
		size_t nr, i;

		if (wait_until(start + k * o->interval)) {
			fprintf(stderr, "lrugen wss: stopped by a signal after %u of %u rounds: no estimate\n",
				k, nr_rounds);
			return 130;
		}
		if (session_refresh(s) < 0) {
			fprintf(stderr, "lrugen wss: %s\n", s->error);
			return 1;
		}
		if (pick_rows(&s->model, o, &rows, &nr)) {
			free(rows);
			return 1;
		}
		for (i = 0; i < nr; i++) {
			struct action_result a;

			if (!do_age(rows[i].l, &a))
				continue;
			/* the kernel aged it itself, or the memcg went: go on */
			if (a.err == -EINVAL) {
				r->failed++;
				continue;
			}
			fprintf(stderr, "lrugen wss: %s: %s\n", a.request[0] ? a.request : "aging", a.message);
			free(rows);
			return 1;
		}
		free(rows);
		r->rounds++;
	}
	return 0;
}

/* the model as it was @at seconds into a recording; 0, or 1 after a message */
static int open_replay_at(struct session *s, const struct wss_opts *o)
{
	const char *warning;
	struct replay *rp;
	long f;

	if (session_open_replay(s, o->replay)) {
		fprintf(stderr, "lrugen: %s\n", s->error);
		return 1;
	}
	rp = s->replay;
	if (s->warning[0])
		fprintf(stderr, "lrugen: %s\n", s->warning);
	f = replay_frame_at(rp, o->at);
	if (f < 0 || o->at > replay_length(rp) + 0.0005) {
		fprintf(stderr, "lrugen wss: --at %g is outside %s, which runs from 0 to %.3f s\n", o->at,
			o->replay, replay_length(rp));
		session_close(s);
		return 1;
	}
	if (replay_seek(rp, &s->model, (size_t)f, s->error, sizeof(s->error))) {
		fprintf(stderr, "lrugen: %s\n", s->error);
		session_close(s);
		return 1;
	}
	warning = replay_new_warning(rp);
	if (warning)
		fprintf(stderr, "lrugen: %s\n", warning);
	return 0;
}

static int parse_opts(int argc, char **argv, struct wss_opts *o)
{
	static const struct option longopts[] = {
		{ "node", required_argument, NULL, 'N' },
		{ "memcg", required_argument, NULL, 'm' },
		{ "window", required_argument, NULL, 'w' },
		{ "age-interval", required_argument, NULL, 'i' },
		{ "duration", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "replay", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool has_t = false;
	int c;

	*o = (struct wss_opts){ .nid = -1, .window = WSS_WINDOW_DEFAULT_MS / 1000.0, .at = -1 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:i:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			if (node_arg(optarg, &o->nid))
				return 2;
			break;
		case 'm':
			o->memcg = optarg;
			break;
		case 'w':
			if (seconds_arg("wss", "-w", optarg, 0, WSS_MAX_SEC, false, &o->window))
				return 2;
			break;
		case 'i':
			if (seconds_arg("wss", "-i", optarg, 0.1, 3600, false, &o->interval))
				return 2;
			break;
		case 't':
			if (seconds_arg("wss", "-t", optarg, 0, WSS_MAX_SEC, false, &o->duration))
				return 2;
			has_t = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'r':
			o->replay = optarg;
			break;
		case 'a':
			if (seconds_arg("wss", "--at", optarg, 0, 1e9, true, &o->at))
				return 2;
			break;
		case 'h':
			usage(stdout, "wss");
			return 0;
		default:
			usage(stderr, "wss");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lrugen wss: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (llround(o->window * 1000) < 1) {
		fprintf(stderr, "lrugen wss: -w must be at least 0.001 s\n");
		return 2;
	}
	if (!o->interval != !has_t) {
		fprintf(stderr, "lrugen wss: %s\n", o->interval ?
			"-i SEC needs -t SEC: how long to age before the estimate" :
			"-t SEC needs -i SEC: how often to add a generation");
		return 2;
	}
	if (o->interval && o->duration < o->interval) {
		fprintf(stderr, "lrugen wss: -t %g is shorter than -i %g: age for at least one interval\n",
			o->duration, o->interval);
		return 2;
	}
	if (!o->replay != (o->at < 0)) {
		fprintf(stderr, "lrugen wss: %s\n", o->replay ?
			"--replay FILE needs --at SEC: the moment of the recording to estimate at" :
			"--at SEC needs --replay FILE: the live system has only the present");
		return 2;
	}
	if (o->replay && o->interval) {
		fprintf(stderr, "lrugen wss: -i ages the live system; a recording (--replay) cannot be aged\n");
		return 2;
	}
	return -1;
}

/**
 * cmd_wss() - lrugen wss: memory by age, working set and cold memory
 * @argc: arguments, the subcommand's name first
 * @argv: "wss", then [--node N] [--memcg PATH|CGROUP_ID] [-w SEC]
 *        [-i SEC -t SEC] [--json] [--replay FILE --at SEC]
 *
 * Takes a snapshot (or the recording's at SEC), picks the lruvecs of the
 * memcg and node asked for, and with -i first adds a generation to each
 * of them every SEC seconds for -t seconds (the last round just before
 * the estimate) so that the bins are fresh. Then estimates each one's
 * working set for the window and prints the table or the JSON.
 *
 * Return: the exit status: 0 done, 1 when lrugen cannot run or aging
 * failed, 2 for a usage error or a memcg or node with no lruvec, 130
 * when a signal stopped the aging.
 */
int cmd_wss(int argc, char **argv)
{
	struct wss_report r = { .title = "lrugen wss" };
	struct wss_row *rows = NULL;
	struct wss_opts o;
	struct session s;
	size_t i, nr;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret >= 0)
		return ret;
	r.window_ms = (uint64_t)llround(o.window * 1000);
	r.interval_ms = (uint64_t)llround(o.interval * 1000);
	r.duration_ms = (uint64_t)llround(o.duration * 1000);

	if (o.replay)
		ret = open_replay_at(&s, &o);
	else
		ret = open_snapshot(&s) ? 1 : 0;
	if (ret)
		return ret;
	/* check the memcg and node before aging anything */
	if (pick_rows(&s.model, &o, &rows, &nr)) {
		ret = 2;
		goto out;
	}
	if (o.interval) {
		ret = age_rounds(&s, &o, &r);
		if (ret)
			goto out;
		if (session_refresh(&s) < 0) {
			fprintf(stderr, "lrugen wss: %s\n", s.error);
			ret = 1;
			goto out;
		}
		free(rows);
		if (pick_rows(&s.model, &o, &rows, &nr)) {
			ret = 1;	/* the memcg went while it aged */
			goto out;
		}
		if (r.failed)
			fprintf(stderr, "lrugen wss: %u of %zu agings did nothing: the kernel aged the lruvec itself, or its memcg went\n",
				r.failed, (size_t)r.rounds * nr);
	}
	for (i = 0; i < nr; i++)
		wss_estimate(rows[i].l, r.window_ms, &rows[i].e);
	r.rows = rows;
	r.nr = nr;
	r.counts_unknown = s.model.counts_unknown;
	if (o.json)
		print_wss_json(stdout, &r);
	else
		print_wss(stdout, &r);
	ret = 0;
out:
	free(rows);
	session_close(&s);
	return ret;
}
