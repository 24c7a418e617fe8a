// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "recording.h"
#include "session.h"
#include "util.h"

volatile sig_atomic_t session_stop;
void (*session_restore_terminal)(void);

static void on_stop(int sig)
{
	(void)sig;
	session_stop = 1;
}

/*
 * A signal that ends lrugen at once (a crash, SIGQUIT, SIGPIPE): put the
 * terminal back, remove the instance, then die of the signal as if it had
 * not been caught, so that a core dump or a shell's exit status say so.
 */
static void on_crash(int sig)
{
	static const char msg[] = "lrugen: fatal signal; tracefs instance removed, terminal restored\n";

	if (session_restore_terminal)
		session_restore_terminal();
	trace_source_emergency_cleanup();
	/* 'lrugen top -b | head' ends this way: no message for that */
	if (sig != SIGPIPE)
		(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/**
 * session_signals() - install lrugen's signal handlers
 *
 * SIGINT, SIGTERM and SIGHUP set session_stop, without SA_RESTART, so that
 * a blocking read or getch() returns and the loop ends and cleans up. A
 * crash, SIGQUIT or SIGPIPE at once restores the terminal (through
 * session_restore_terminal, when the full-screen view has set it) and
 * removes the tracefs instance, then kills lrugen with the same signal, so
 * that a core dump or the shell's exit status tell what happened.
 */
void session_signals(void)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking read or getch returns, and the loop sees stop */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < ARRAY_SIZE(crash); i++)
		sigaction(crash[i], &sa, NULL);
}

/**
 * session_open() - start a session: a model and its sources
 * @s: the session, (re)initialised
 * @events: also read lrugen's events from a tracefs instance
 *
 * The snapshot source must open. The trace source, when asked for, may
 * decline (no tracefs, no lru_gen events, a captured tree): the session
 * then goes on without events. @s->notice says why events are off or
 * incomplete. No sample is taken yet: session_refresh() takes the first.
 *
 * Return: 0, or -1 with the reason in @s->error (nothing is then left
 * open).
 */
int session_open(struct session *s, bool events)
{
	struct source *snap = snapshot_source();
	char err[256] = "";
	int ret;

	memset(s, 0, sizeof(*s));
	model_init(&s->model);
	ret = snap->ops->open(snap->priv, &s->model, s->error, sizeof(s->error));
	if (ret)
		return -1;
	snap->open = 1;
	if (events) {
		struct source *tr = trace_source();

		ret = tr->ops->open(tr->priv, &s->model, err, sizeof(err));
		if (ret < 0) {
			snprintf(s->error, sizeof(s->error), "%s", err);
			snap->ops->close(snap->priv);
			snap->open = 0;
			return -1;
		}
		if (ret > 0)
			snprintf(s->notice, sizeof(s->notice), "%s", err);
		/* a source that could not start is left out, not fatal */
		tr->open = s->model.events_live;
		if (tr->open)
			s->sources[s->nr_sources++] = tr;
	} else {
		snprintf(s->notice, sizeof(s->notice), "--no-events: lru_gen_full only");
	}
	s->sources[s->nr_sources++] = snap;
	s->model.notice = s->notice[0] ? s->notice : NULL;
	return 0;
}

/**
 * session_open_replay() - start a session on a recording
 * @s: the session, (re)initialised
 * @file: the recording, a trace.dat of lrugen record's or trace-cmd
 *        record's
 *
 * Loads the recording (replay_open()) as the session's one source; its
 * refreshes step through it, and @s->replay gives the time controls. The
 * model's time is the trace clock, in seconds. @s->notice says what the
 * recording lacks (a plain trace-cmd recording has no snapshots), and
 * @s->warning what is wrong with one that still plays (damaged snapshots
 * skipped), for the caller to say before the first refresh. No frame is
 * read yet.
 *
 * Return: 0, or -1 with the reason in @s->error (nothing is then left
 * open).
 */
int session_open_replay(struct session *s, const char *file)
{
	struct source *src;

	memset(s, 0, sizeof(*s));
	model_init(&s->model);
	s->replay = replay_open(file, s->error, sizeof(s->error), s->warning, sizeof(s->warning));
	if (!s->replay)
		return -1;
	src = replay_source(s->replay);
	if (src->ops->open(src->priv, &s->model, s->error, sizeof(s->error)) < 0) {
		replay_free(s->replay);
		s->replay = NULL;
		return -1;
	}
	src->open = 1;
	s->sources[s->nr_sources++] = src;
	snprintf(s->notice, sizeof(s->notice), "%s", replay_notice(s->replay));
	s->model.notice = s->notice[0] ? s->notice : NULL;
	return 0;
}

/**
 * session_refresh() - take a sample: refresh every source in turn
 * @s: the session
 *
 * Return: 0; 1 when a source had trouble but the model is usable (what
 * happened is in @s->warning: the last good lruvecs may have been kept);
 * -1 when the session cannot go on, with the reason in @s->error.
 */
int session_refresh(struct session *s)
{
	char msg[sizeof(s->warning)];
	int i, ret;

	s->warning[0] = 0;
	for (i = 0; i < s->nr_sources; i++) {
		struct source *src = s->sources[i];

		msg[0] = 0;
		ret = src->ops->refresh(src->priv, &s->model, msg, sizeof(msg));
		if (ret < 0) {
			snprintf(s->error, sizeof(s->error), "%s", msg);
			return -1;
		}
		if (ret > 0)
			snprintf(s->warning, sizeof(s->warning), "%s", msg);
	}
	return s->warning[0] ? 1 : 0;
}

/**
 * session_close() - close the sources and free the model
 * @s: the session; closing one that failed to open, or twice, is harmless
 *
 * The snapshot source closes first, and the trace source, which removes
 * its tracefs instance, last.
 */
void session_close(struct session *s)
{
	int i;

	/* the snapshot source first: the trace source goes last, as it opened last */
	for (i = s->nr_sources - 1; i >= 0; i--) {
		struct source *src = s->sources[i];

		if (src->open)
			src->ops->close(src->priv);
		src->open = 0;
	}
	s->nr_sources = 0;
	replay_free(s->replay);
	s->replay = NULL;
	model_free(&s->model);
}
