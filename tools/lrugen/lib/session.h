/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session: the model and the sources that fill it, opened and closed in
 * order, with signal handling that always cleans up.
 */
#ifndef LRUGEN_SESSION_H
#define LRUGEN_SESSION_H

#include <signal.h>
#include <stdbool.h>

#include "model.h"
#include "source.h"

struct replay;

/**
 * struct session - the model and the sources that fill it
 * @model: the model
 * @sources: the open sources, refreshed in this order: the trace source
 *           first, so that events land in the lruvecs they happened in,
 *           then the snapshot source
 * @nr_sources: how many
 * @notice: why events are off or incomplete; empty when they are not
 * @error: why the last call failed
 * @warning: what went wrong in the last refresh, which still left a usable
 *           model; empty when it went well. After session_open_replay(),
 *           what is wrong with a recording that still plays.
 * @replay: the recording played, with its time controls; NULL when live
 */
struct session {
	struct lrugen_model model;
	struct source *sources[2];
	int nr_sources;
	struct replay *replay;
	char notice[512];
	char error[768];
	char warning[768];
};

/* set by SIGINT, SIGTERM and SIGHUP: the loops end and clean up */
extern volatile sig_atomic_t session_stop;

/* Set by the terminal UI: puts the terminal back, async-signal-safe. */
extern void (*session_restore_terminal)(void);

int session_open(struct session *s, bool events);
int session_open_replay(struct session *s, const char *file);
int session_refresh(struct session *s);
void session_close(struct session *s);
void session_signals(void);

#endif
