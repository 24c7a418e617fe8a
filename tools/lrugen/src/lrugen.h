/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_H
#define LRUGEN_H

#include "view.h"

/**
 * struct top_opts - the options of lrugen top
 * @view: which lruvecs are shown, and in what order (-s, -f, --flat,
 *        --hide-empty)
 * @delay: seconds between refreshes (-d)
 * @iterations: refreshes before lrugen ends (-n); 0 for no limit
 * @batch: print text frames instead of the full-screen view (-b)
 * @events: read lrugen's events from tracefs (off with --no-events)
 * @mono: no colour (-C)
 * @replay: the recording to show (--replay FILE); NULL for the live system
 * @state: lrugen autoreclaim's state file, as arstate_load() takes it
 *         (--state FILE, or ARSTATE_DEFAULT_PATH)
 */
struct top_opts {
	struct view view;
	double delay;
	long iterations;
	bool batch;
	bool events;
	bool mono;
	const char *replay;
	const char *state;
};

int run_ui(struct top_opts *o);

#endif
