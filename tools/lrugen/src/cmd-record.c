// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen record: the lru_gen and vmscan events, and a snapshot of every
 * lruvec every -d seconds, in one trace.dat. trace-cmd record writes the
 * file (lib/recorder.c drives it); the snapshots travel in it as trace
 * markers (lib/recfmt.c). With a command, it records until the command
 * exits and returns its exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "cli.h"
#include "recfmt.h"
#include "recorder.h"
#include "session.h"
#include "source.h"
#include "util.h"
#include "view.h"

#define DEFAULT_BUFFER_KB 4096
#define MAX_DURATION_S (366.0 * 24 * 3600)

/**
 * struct rec_opts - the command line of lrugen record
 * @output: the file to write (-o)
 * @json_log: where each snapshot also goes as JSON, or NULL
 * @command: the command to run and record, or NULL
 * @delay: seconds between snapshots (-d)
 * @duration: seconds to record, 0 for no limit
 * @buffer_kb: the ring buffer per CPU
 */
struct rec_opts {
	const char *output;
	const char *json_log;
	char **command;
	double delay;
	double duration;
	unsigned int buffer_kb;
};

/* why a recording ended, as its X line says */
enum rec_reason {
	REASON_NONE,
	REASON_COMMAND,
	REASON_DURATION,
	REASON_SIGNAL,
	REASON_DISK_FULL,
	REASON_TRACE_CMD,
	REASON_ERROR,
};

static const char *const reason_words[] = {
	[REASON_NONE] = "",
	[REASON_COMMAND] = "command-exited",
	[REASON_DURATION] = "duration",
	[REASON_SIGNAL] = "signal",
	[REASON_DISK_FULL] = "disk-full",
	[REASON_TRACE_CMD] = "trace-cmd-died",
	[REASON_ERROR] = "error",
};

/**
 * struct rec_run - one recording under way
 * @s: the session whose snapshot source reads every sample
 * @r: trace-cmd record
 * @w: the writer of the snapshot stream
 * @json: the --json-log file, or NULL
 * @orig_mask: the signal mask before the loop blocked its signals
 * @start: when the recording began, CLOCK_MONOTONIC seconds
 * @end: when it stopped (trace-cmd then still writes the file)
 * @snapshots: snapshots written
 * @failed: snapshots whose markers could not all be written
 * @cmd_pid: the command's pid; 0 before it started and once reaped
 * @cmd_status: its wait status, once reaped
 * @cmd_started: the command was started
 * @header: the H line is written
 * @tty: standard error is a terminal: show the progress line
 * @progress: the progress line is on the screen
 */
struct rec_run {
	struct session s;
	struct recorder r;
	struct rec_writer *w;
	FILE *json;
	sigset_t orig_mask;
	double start;
	double end;
	uint64_t snapshots;
	uint64_t failed;
	pid_t cmd_pid;
	int cmd_status;
	bool cmd_started;
	bool header;
	bool tty;
	bool progress;
};

/* the stop signals: how many came, the last, and whether a terminal sent it */
static volatile sig_atomic_t stop_count, stop_sig, stop_from_tty;

static void on_stop(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	stop_sig = sig;
	/* the kernel sends the terminal's Ctrl-C to the whole process group */
	stop_from_tty = si && si->si_code == SI_KERNEL;
	stop_count++;
	session_stop = 1;
}

static void on_child(int sig)
{
	(void)sig;
}

/*
 * SIGINT, SIGTERM and SIGHUP end the recording (or are passed on to the
 * command); SIGCHLD only wakes the loop. None restarts a system call.
 */
static void record_signals(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_stop;
	sa.sa_flags = SA_SIGINFO;
	for (i = 0; i < ARRAY_SIZE(stops); i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

static void block_signals(struct rec_run *run)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &run->orig_mask);
}

/* sleep until @until (now_s() time), or until one of our signals comes */
static void wait_until(struct rec_run *run, double until)
{
	double d = until - now_s();
	struct timespec ts;

	if (d <= 0)
		return;
	ts.tv_sec = (time_t)d;
	ts.tv_nsec = (long)((d - ts.tv_sec) * 1e9);
	ppoll(NULL, 0, &ts, &run->orig_mask);
}

static void clear_progress(struct rec_run *run)
{
	if (run->progress)
		fputs("\r\033[K", stderr);
	run->progress = false;
}

static void say(struct rec_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* a message on its own line, above the progress line */
static void say(struct rec_run *run, const char *fmt, ...)
{
	va_list ap;

	clear_progress(run);
	fputs("lrugen record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static uint64_t events_only(const struct rec_run *run, const struct recorder_counts *c)
{
	struct rec_writer_stats st;

	/* our markers sit in the same ring buffers */
	rec_writer_stats(run->w, &st);
	return c->events > st.markers ? c->events - st.markers : 0;
}

static void show_progress(struct rec_run *run)
{
	struct recorder_counts c;
	char line[PATH_MAX + 256], t[16], b[16];
	struct winsize ws;
	size_t width = 80;

	recorder_counts(&run->r, &c);
	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1)
		width = ws.ws_col;
	snprintf(line, sizeof(line), "recording %s: %" PRIu64 " snapshots, %" PRIu64 " events, %" PRIu64
		 " lost, %s so far -> %s",
		 fmt_ms(t, sizeof(t), (uint64_t)((now_s() - run->start) * 1000)), run->snapshots,
		 events_only(run, &c), c.lost, fmt_bytes(b, sizeof(b), c.bytes), run->r.output);
	/* one line, never wrapped: \r goes back to its start */
	if (strlen(line) > width - 1)
		line[width - 1] = 0;
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	run->progress = true;
}

/* the command, joined by spaces, quoted where a shell would need it */
static void join_command(char **argv, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (; *argv && len + 1 < size; argv++) {
		const char *a = *argv, *p;
		bool quote = !*a || strpbrk(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!");

		len += snprintf(buf + len, size - len, "%s%s", len ? " " : "", quote ? "'" : "");
		for (p = a; *p && len + 1 < size; p++)
			len += snprintf(buf + len, size - len, *p == '\'' && quote ? "'\\''" : "%c", *p);
		if (quote && len + 1 < size)
			len += snprintf(buf + len, size - len, "'");
	}
}

/*
 * When the sample in @m was read (@m->now, CLOCK_MONOTONIC), on the wall
 * clock: now on CLOCK_REALTIME less the time since, in milliseconds.
 */
static uint64_t wall_ms_of(const struct lrugen_model *m)
{
	struct timespec rt;
	double ago = now_s() - m->now;
	uint64_t ms;

	if (clock_gettime(CLOCK_REALTIME, &rt))
		return 0;
	ms = (uint64_t)rt.tv_sec * 1000 + (uint64_t)rt.tv_nsec / 1000000;
	if (ago > 0 && (uint64_t)(ago * 1000 + 0.5) < ms)
		ms -= (uint64_t)(ago * 1000 + 0.5);
	return ms;
}

static int write_header(struct rec_run *run, const struct rec_opts *o)
{
	const struct lrugen_model *m = &run->s.model;
	struct rec_header h;
	struct utsname u;
	int nid, ret;

	memset(&h, 0, sizeof(h));
	h.version = RECFMT_VERSION;
	if (!uname(&u))
		snprintf(h.release, sizeof(h.release), "%s", u.release);
	if (gethostname(h.host, sizeof(h.host) - 1))
		h.host[0] = 0;
	h.interval_ms = (unsigned int)(o->delay * 1000 + 0.5);
	h.ticks_per_s = sysconf(_SC_CLK_TCK);
	h.keyframe_every = o->delay < 60 ? (unsigned int)(60 / o->delay) : 1;
	for (nid = 0; nid < m->nr_nodes; nid++)
		if (m->nodes[nid].present)
			h.nodes |= 1ULL << nid;
	h.enabled = m->global.enabled;
	h.min_ttl_ms = m->global.min_ttl_ms;
	/* the first snapshot's read: it comes right after the header */
	h.start_ms = wall_ms_of(m);
	h.start_mono_ms = (uint64_t)(m->now * 1000);
	snprintf(h.instance, sizeof(h.instance), "%s", run->r.instance);
	if (o->command)
		join_command(o->command, h.command, sizeof(h.command));
	run->w = rec_writer_new(h.keyframe_every);
	if (!run->w) {
		say(run, "out of memory");
		return -1;
	}
	ret = rec_write_header(run->w, &h, recorder_emit, &run->r);
	if (ret) {
		say(run, "cannot write the recording's header into %s/trace_marker: %s",
		    run->r.instance_dir, strerror(-ret));
		return -1;
	}
	run->header = true;
	return 0;
}

/*
 * Take a sample and write it. Returns 0; 1 when it could not be written
 * (said, and the recording goes on); -1 when the recording cannot go on.
 */
static int take_snapshot(struct rec_run *run, const struct rec_opts *o)
{
	struct rec_writer_stats st;
	uint64_t mono_ms;
	int ret;

	ret = session_refresh(&run->s);
	if (ret < 0) {
		say(run, "%s", run->s.error);
		return -1;
	}
	if (ret > 0)
		say(run, "snapshot %" PRIu64 ": %s", run->snapshots + run->failed, run->s.warning);
	if (!run->header && write_header(run, o))
		return -1;
	mono_ms = (uint64_t)(run->s.model.now * 1000);
	rec_writer_stats(run->w, &st);
	ret = rec_write_snapshot(run->w, &run->s.model, mono_ms, recorder_emit, &run->r);
	if (ret) {
		run->failed++;
		say(run, "snapshot %" PRIu64 " not recorded: %s", st.snapshots, strerror(-ret));
		return 1;
	}
	run->snapshots++;
	if (run->json) {
		struct rec_writer_stats after;

		/* the S line's N, MONO_MS and READ_MS */
		rec_writer_stats(run->w, &after);
		fprintf(run->json, "# snapshot %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", st.snapshots,
			mono_ms, after.last_read_ms);
		print_json(run->json, &run->s.model);
		fflush(run->json);
	}
	return 0;
}

static pid_t spawn_command(struct rec_run *run, char **argv)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	/* in lrugen's process group: a Ctrl-C reaches it as with time(1) */
	sigprocmask(SIG_SETMASK, &run->orig_mask, NULL);
	execvp(argv[0], argv);
	fprintf(stderr, "lrugen record: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* reap the command if it has ended; true while it runs */
static bool command_running(struct rec_run *run)
{
	if (!run->cmd_pid)
		return false;
	if (!waitpid(run->cmd_pid, &run->cmd_status, WNOHANG))
		return true;
	run->cmd_pid = 0;
	return false;
}

/*
 * Pass a stop signal on to the command, unless the terminal sent it to the
 * whole process group, the command included.
 */
static void forward_stop(struct rec_run *run, sig_atomic_t *seen)
{
	if (*seen == stop_count)
		return;
	*seen = stop_count;
	if (run->cmd_pid && !stop_from_tty)
		kill(run->cmd_pid, stop_sig);
}

static int command_exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/*
 * The loop: a snapshot every -d seconds until something ends it.
 *
 * A snapshot takes time: at 20,000 lruvecs under TCG, 20 s. --duration is
 * kept to within one snapshot's time: a regular snapshot that, judging by
 * how long the last one took, would end after the duration is not begun;
 * the loop waits for the duration and takes the last snapshot then. When
 * a snapshot begun before the duration is still running at it (the first,
 * whose time is not known, or one slower than the last), it is the last:
 * it ends within its own time of the duration, and a final one would add
 * as much again.
 */
static enum rec_reason record_loop(struct rec_run *run, const struct rec_opts *o)
{
	double next = run->start, progress_next = run->start;
	double end = run->start + o->duration, snap_s = 0, snap_end = 0;
	enum rec_reason reason = REASON_NONE;
	sig_atomic_t seen = 0;
	char msg[1024];

	for (;;) {
		double now = now_s(), until;
		bool due = now >= next;
		int ret;

		if (run->cmd_started && !command_running(run))
			reason = REASON_COMMAND;
		if (!recorder_running(&run->r))
			return REASON_TRACE_CMD;
		if (!reason && o->duration && now >= end) {
			reason = REASON_DURATION;
			/* the last snapshot ended at or after the duration */
			if (run->snapshots + run->failed && snap_end >= end)
				return reason;
		}
		if (!reason && stop_count) {
			if (run->cmd_pid)
				forward_stop(run, &seen);
			else
				reason = REASON_SIGNAL;
		}
		if (!reason && due && o->duration && now + snap_s > end) {
			/* it would end after the duration: the last one comes at it */
			due = false;
			next = end;
		}
		if (reason || due) {
			double t0 = now_s();

			/* the last snapshot when something ended it */
			ret = take_snapshot(run, o);
			snap_end = now_s();
			snap_s = snap_end - t0;
			if (ret < 0)
				return REASON_ERROR;
			if (reason)
				return reason;
			if (o->command && !run->cmd_started) {
				run->cmd_pid = spawn_command(run, o->command);
				if (run->cmd_pid < 0) {
					run->cmd_pid = 0;
					say(run, "cannot start %s: fork: %s", o->command[0], strerror(errno));
					return REASON_ERROR;
				}
				run->cmd_started = true;
			}
			if (recorder_check_space(&run->r, msg, sizeof(msg))) {
				say(run, "%s", msg);
				return REASON_DISK_FULL;
			}
			/* a fixed rate: the snapshot's own time is not added */
			next += o->delay;
			if (next < now_s())
				next = now_s();
		}
		if (run->tty && now_s() >= progress_next) {
			show_progress(run);
			progress_next = now_s() + 1;
		}
		until = next;
		if (run->tty && progress_next < until)
			until = progress_next;
		if (o->duration && end < until)
			until = end;
		wait_until(run, until);
	}
}

/* after the recording stopped early: the command runs on, as it would have */
static void wait_command(struct rec_run *run)
{
	sig_atomic_t seen = stop_count;

	if (!run->cmd_pid || !command_running(run))
		return;
	say(run, "the recording has stopped; waiting for the command (pid %d) to exit",
	    (int)run->cmd_pid);
	while (command_running(run)) {
		struct timespec ts = { .tv_sec = 1 };

		forward_stop(run, &seen);
		ppoll(NULL, 0, &ts, &run->orig_mask);
	}
}

/* @events and @lost: as counted when the recording stopped */
static void summary(struct rec_run *run, uint64_t events, uint64_t lost, bool ok)
{
	char t[16], b[16];
	struct stat st;

	clear_progress(run);
	fprintf(stderr, "lrugen record: %s, %" PRIu64 " snapshots, %" PRIu64 " events, %" PRIu64 " lost, ",
		fmt_ms(t, sizeof(t), (uint64_t)((run->end - run->start) * 1000)), run->snapshots,
		events, lost);
	if (ok && !stat(run->r.output, &st))
		fprintf(stderr, "%s in %s\n", fmt_bytes(b, sizeof(b), st.st_size), run->r.output);
	else
		fprintf(stderr, "no recording in %s\n", run->r.output);
	if (lost)
		fprintf(stderr, "lrugen record: warning: the ring buffer lost %" PRIu64 " events, so counts taken from the events fall short; record with a bigger --buffer-kb (it was %u KiB per CPU), or a longer -d if the snapshots are big\n",
			lost, run->r.buffer_kb);
	if (run->failed)
		fprintf(stderr, "lrugen record: warning: %" PRIu64 " snapshots could not be written (said above)\n",
			run->failed);
}

static int record(const struct rec_opts *o)
{
	struct rec_run run = { .tty = isatty(STDERR_FILENO) };
	enum rec_reason reason;
	struct recorder_counts c;
	uint64_t events;
	char err[1024];
	bool json_existed = false, ok;
	int status, ret;

	if (*lrugen_root) {
		fprintf(stderr, "lrugen record: LRUGEN_ROOT is set (%s), but a recording needs the live system: unset it\n",
			lrugen_root);
		return 1;
	}
	if (geteuid()) {
		fprintf(stderr, "lrugen record: needs root, for tracefs and debugfs: run it as root (sudo lrugen record ...)\n");
		return 1;
	}
	if (recorder_check(&run.r, o->output, o->buffer_kb, err, sizeof(err))) {
		fprintf(stderr, "lrugen record: %s\n", err);
		return 1;
	}
	if (strstr(run.r.missing, "lru_gen"))
		fprintf(stderr, "lrugen record: warning: this kernel has no lru_gen events (not the lrugen series?): recording the snapshots and the vmscan events only\n");
	if (run.r.missing[0])
		fprintf(stderr, "lrugen record: warning: not in this kernel, so not recorded: %s\n",
			run.r.missing);
	if (session_open(&run.s, false)) {
		fprintf(stderr, "lrugen record: %s\n", run.s.error);
		return 1;
	}
	if (o->json_log) {
		json_existed = !access(o->json_log, F_OK);
		run.json = fopen(o->json_log, "we");
		if (!run.json) {
			fprintf(stderr, "lrugen record: cannot write the JSON log %s: %s\n", o->json_log,
				strerror(errno));
			session_close(&run.s);
			return 1;
		}
	}
	if (recorder_start(&run.r, err, sizeof(err))) {
		fprintf(stderr, "lrugen record: %s\n", err);
		if (run.json) {
			fclose(run.json);
			if (!json_existed)
				unlink(o->json_log);
		}
		session_close(&run.s);
		return 1;
	}
	block_signals(&run);
	run.start = now_s();
	reason = record_loop(&run, o);
	run.end = now_s();

	recorder_counts(&run.r, &c);
	events = events_only(&run, &c);
	if (reason == REASON_COMMAND)
		status = command_exit_status(run.cmd_status);
	else
		status = reason == REASON_SIGNAL || reason == REASON_DURATION ? 0 : 1;
	if (run.header && reason != REASON_TRACE_CMD) {
		ret = rec_write_end(run.w, reason_words[reason], status, c.lost, recorder_emit, &run.r);
		if (ret)
			say(&run, "cannot write the end of the recording: %s", strerror(-ret));
	}
	if (run.tty && reason != REASON_TRACE_CMD)
		say(&run, "stopped (%s); trace-cmd is writing %s", reason_words[reason], run.r.output);
	ok = !recorder_stop(&run.r, err, sizeof(err));
	if (!ok)
		say(&run, "%s", err);
	wait_command(&run);
	if (reason != REASON_COMMAND && run.cmd_started)
		status = command_exit_status(run.cmd_status);
	summary(&run, events, c.lost, ok);

	if (run.json)
		fclose(run.json);
	rec_writer_free(run.w);
	session_close(&run.s);
	if (!ok || reason == REASON_DISK_FULL || reason == REASON_ERROR)
		return 1;
	return status;
}

/* --duration: seconds, 0.1 up to a year */
static int option_duration(const char *s, double *d)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.1 && v <= MAX_DURATION_S)) {
		fprintf(stderr, "lrugen record: --duration must be 0.1 to %.0f seconds, not '%s'\n",
			MAX_DURATION_S, s);
		return -1;
	}
	*d = v;
	return 0;
}

/**
 * cmd_record() - lrugen record: record the events and the generations
 * @argc: arguments, the subcommand's name first
 * @argv: "record", the options usage() lists, then "--" and a command
 *
 * Return: the exit status: with a command, the command's (128 + the
 * signal that killed it, 127 when it could not be run) once it was
 * recorded; without one 0 once the recording is written; 1 when lrugen
 * cannot record, the recording failed or was cut short (a full disk);
 * 2 for a usage error, in which case nothing was done.
 */
int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "delay", required_argument, NULL, 'd' },
		{ "duration", required_argument, NULL, 'D' },
		{ "buffer-kb", required_argument, NULL, 'B' },
		{ "json-log", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rec_opts o = { .output = "lrugen.dat", .delay = 1, .buffer_kb = DEFAULT_BUFFER_KB };
	long kb;
	int c;

	/* "+": the options end at the first word that is not one */
	while ((c = getopt_long(argc, argv, "+o:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 'd':
			if (option_delay(optarg, &o.delay))
				return 2;
			break;
		case 'D':
			if (option_duration(optarg, &o.duration))
				return 2;
			break;
		case 'B':
			if (parse_count("--buffer-kb", optarg, 1 << 20, &kb))
				return 2;
			if (!kb) {
				fprintf(stderr, "lrugen: --buffer-kb must be at least 1\n");
				return 2;
			}
			o.buffer_kb = (unsigned int)kb;
			break;
		case 'J':
			o.json_log = optarg;
			break;
		case 'h':
			usage(stdout, "record");
			return 0;
		default:
			usage(stderr, "record");
			return 2;
		}
	}
	if (optind < argc) {
		if (strcmp(argv[optind - 1], "--")) {
			fprintf(stderr, "lrugen record: unexpected argument '%s'; a command to record goes after --: lrugen record -- %s\n",
				argv[optind], argv[optind]);
			return 2;
		}
		o.command = argv + optind;
	}
	if (o.command && o.duration) {
		fprintf(stderr, "lrugen record: --duration and a command exclude each other: the recording ends when the command does; limit the command instead (timeout SEC COMMAND)\n");
		return 2;
	}
	if (!*o.output) {
		fprintf(stderr, "lrugen record: -o needs a file name\n");
		return 2;
	}
	record_signals();
	return record(&o);
}
