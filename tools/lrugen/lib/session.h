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

struct session {
	struct lrugen_model model;
	struct source *sources[2];	/* trace first: events land in the old lruvecs */
	int nr_sources;
	char notice[256];
	char error[768];
	char warning[768];	/* of the last refresh, empty when it went well */
};

extern volatile sig_atomic_t session_stop;

/* Set by the terminal UI: puts the terminal back, async-signal-safe. */
extern void (*session_restore_terminal)(void);

/* Opens the sources; 0, or -1 with the reason in s->error. */
int session_open(struct session *s, bool events);
/*
 * 0; 1 when a source had trouble but the model is usable (what happened is
 * in s->warning: the last good lruvecs may have been kept); -1 with the
 * reason in s->error.
 */
int session_refresh(struct session *s);
void session_close(struct session *s);
void session_signals(void);

#endif
