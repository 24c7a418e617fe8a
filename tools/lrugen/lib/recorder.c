// SPDX-License-Identifier: GPL-2.0
/*
 * The recorder behind lrugen record (recorder.h). trace-cmd record writes
 * the file; this only drives it. What trace-cmd 3.1.6 does, as seen in the
 * VM, and what the recorder does about it:
 *
 * - With every option after -B NAME, the top-level buffer is neither
 *   recorded nor touched. trace-cmd creates the instance, and removes it
 *   when it ends normally, but only if it created it: so trace-cmd, not
 *   lrugen, creates it, and a trace-cmd whose lrugen was killed (it gets
 *   SIGINT then, PR_SET_PDEATHSIG) finishes the file and removes it.
 * - It removes the instance with rmdir, which fails while any file of the
 *   instance is open, and it says nothing then: the recorder closes its
 *   trace_marker before it stops trace-cmd.
 * - A new instance starts with tracing on; trace-cmd turns it off, enables
 *   the events, and only then, its per-CPU readers started, turns tracing
 *   on again. So tracing is on for the recording once set_event is not
 *   empty and, read after it, tracing_on is 1. Its "Hit Ctrl^C" line tells
 *   nothing: its standard output is buffered unless it is a terminal.
 * - Its readers wake when a ring buffer is half full (buffer_percent, 50 by
 *   default), so the temporary files grow in steps of half a ring buffer.
 * - SIGINT makes it turn tracing off, let its readers drain the ring
 *   buffer, copy their temporary files (OUTPUT.NAME.cpuN, next to the
 *   output) into the output, and remove the instance. Its readers ignore
 *   SIGINT; they are in its process group. A trace-cmd that dies leaves
 *   them running, and the instance and the temporary files behind.
 * - A trace-cmd that fails while setting up (an event it cannot enable)
 *   leaves the instance behind too.
 * - It writes /proc/sys/kernel/ftrace_enabled (1) and restores it only when
 *   it ends normally.
 * - At the end it makes, and then removes, an empty "(null).cpuN" per CPU
 *   in its working directory (the top-level buffer's files, which it
 *   names from an output name it never set), and fails when it cannot: it
 *   runs in the output's directory, which it must be able to write anyway.
 * - The output is written only at the end; an existing file is truncated
 *   then, not before. When the disk fills while it copies, it says "did not
 *   match size" and still exits 0, with a file that has no events: the
 *   recorder watches the free space and stops trace-cmd while there is
 *   room to finish, and reads the file back at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#include <trace-cmd.h>
#include <tracefs.h>

#include "parse.h"
#include "recorder.h"
#include "session.h"
#include "source.h"
#include "util.h"

#define MIB (1024ULL * 1024)
/* what trace-cmd writes besides the symbols: formats, cmdlines, options */
#define META_EXTRA (2 * MIB)
/* room kept free on top of what finishing the file takes */
#define SPACE_MARGIN (4 * MIB)
/* how long trace-cmd may take to start tracing, and to finish */
#define START_TIMEOUT_S 30
#define STOP_TIMEOUT_S 60
/* and on top of that, per this much data of its temporary files, 1 s */
#define STOP_BYTES_PER_S (4 * MIB)
#define POLL_US 20000

/*
 * What is recorded, where the kernel has it: every lru_gen event; the
 * vmscan events that say why reclaim ran and who ran it; and cgroup_mkdir
 * and cgroup_rmdir, which name the memcgs that live and die between two
 * snapshots.
 */
static const char *const wanted[] = {
	"lru_gen",
	"vmscan:mm_vmscan_direct_reclaim_begin",
	"vmscan:mm_vmscan_direct_reclaim_end",
	"vmscan:mm_vmscan_kswapd_wake",
	"vmscan:mm_vmscan_kswapd_sleep",
	"vmscan:mm_vmscan_wakeup_kswapd",
	"vmscan:mm_vmscan_node_reclaim_begin",
	"vmscan:mm_vmscan_node_reclaim_end",
	"vmscan:mm_vmscan_proactive_reclaim_begin",
	"vmscan:mm_vmscan_proactive_reclaim_end",
	"cgroup:cgroup_mkdir",
	"cgroup:cgroup_rmdir",
};

/* @name on the PATH, as an absolute path: trace-cmd runs elsewhere */
static int find_in_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	char found[PATH_MAX], real[PATH_MAX];

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		struct stat st;
		size_t n;

		end = strchrnul(p, ':');
		n = end - p;
		/* an empty element is the current directory */
		if (snprintf(found, sizeof(found), "%.*s/%s", (int)(n ? n : 1), n ? p : ".", name) <
		    (int)sizeof(found) && !stat(found, &st) && S_ISREG(st.st_mode) &&
		    !access(found, X_OK) && realpath(found, real) &&
		    snprintf(out, size, "%s", real) < (int)size)
			return 0;
		if (!*end)
			break;
	}
	return -1;
}

static bool event_exists(const struct recorder *r, const char *spec)
{
	const char *colon = strchr(spec, ':');
	char path[PATH_MAX + 256];

	if (colon)
		snprintf(path, sizeof(path), "%s/events/%.*s/%s/format", r->tracing_dir,
			 (int)(colon - spec), spec, colon + 1);
	else
		snprintf(path, sizeof(path), "%s/events/%s", r->tracing_dir, spec);
	return !access(path, F_OK);
}

/* the bytes of /proc/kallsyms, which trace-cmd copies into every file */
static uint64_t kallsyms_bytes(void)
{
	int fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	uint64_t total = 0;
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return 0;
	while ((n = read_retry(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	return total;
}

static uint64_t free_bytes(const char *dir)
{
	struct statvfs vfs;

	if (statvfs(dir, &vfs))
		return UINT64_MAX;	/* cannot tell: do not stop for it */
	return (uint64_t)vfs.f_bavail * vfs.f_frsize;
}

static void temp_name(const struct recorder *r, int cpu, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%s.cpu%d", r->output, r->instance, cpu);
}

/* the size of trace-cmd's temporary files, one per CPU */
static uint64_t temp_bytes(const struct recorder *r)
{
	uint64_t total = 0;
	int cpu;

	for (cpu = 0; cpu < r->nr_cpus; cpu++) {
		char name[PATH_MAX + 128];
		struct stat st;

		temp_name(r, cpu, name, sizeof(name));
		if (!stat(name, &st))
			total += st.st_size;
	}
	return total;
}

static void remove_temp_files(const struct recorder *r)
{
	int cpu;

	for (cpu = 0; cpu < r->nr_cpus; cpu++) {
		char name[PATH_MAX + 128];

		temp_name(r, cpu, name, sizeof(name));
		unlink(name);
		snprintf(name, sizeof(name), "%s/(null).cpu%d", r->out_dir, cpu);
		unlink(name);
	}
}

/*
 * Remove the instance, waiting up to @timeout_s while it is busy: the
 * readers of a killed trace-cmd still have its files open until the
 * kernel has reaped them. Returns 0 once it is gone.
 */
static int remove_instance(const struct recorder *r, double timeout_s)
{
	double deadline = now_s() + timeout_s;

	for (;;) {
		if (!rmdir(r->instance_dir) || errno == ENOENT)
			return 0;
		if (errno != EBUSY || now_s() > deadline)
			return -errno;
		usleep(POLL_US);
	}
}

static int read_int_file(const char *path)
{
	struct buf b = { 0 };
	int v = -1;

	if (!read_file(path, &b) && b.len)
		v = atoi(b.data);
	buf_free(&b);
	return v;
}

static void restore_ftrace_enabled(const struct recorder *r)
{
	static const char path[] = "/proc/sys/kernel/ftrace_enabled";
	char v[16];

	if (r->ftrace_enabled < 0 || read_int_file(path) == r->ftrace_enabled)
		return;
	snprintf(v, sizeof(v), "%d", r->ftrace_enabled);
	write_file(path, v);
}

/*
 * The last lines trace-cmd printed, joined by " / ", for a message; its
 * per-CPU statistics are left out.
 */
static void log_tail(const struct recorder *r, char *out, size_t size)
{
	char buf[2048], *lines[4], *p, *save;
	int n = 0, i;
	off_t len;
	ssize_t got;

	snprintf(out, size, "(it printed nothing)");
	if (r->log_fd < 0)
		return;
	len = lseek(r->log_fd, 0, SEEK_END);
	if (len <= 0)
		return;
	got = pread(r->log_fd, buf, sizeof(buf) - 1, len > (off_t)sizeof(buf) - 1 ?
		    len - (off_t)sizeof(buf) + 1 : 0);
	if (got <= 0)
		return;
	buf[got] = 0;
	out[0] = 0;
	for (p = strtok_r(buf, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || !strncmp(p, "CPU", 3) || strstr(p, " in size ("))
			continue;
		if (n == (int)ARRAY_SIZE(lines)) {
			memmove(lines, lines + 1, sizeof(lines) - sizeof(lines[0]));
			n--;
		}
		lines[n++] = p;
	}
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " / " : "", lines[i]);
	if (!n)
		snprintf(out, size, "(it printed nothing)");
}

static bool log_says(const struct recorder *r, const char *what)
{
	char buf[8192];
	off_t len, off;
	bool found = false;

	if (r->log_fd < 0)
		return false;
	len = lseek(r->log_fd, 0, SEEK_END);
	for (off = 0; off < len && !found; off += sizeof(buf) / 2) {
		ssize_t got = pread(r->log_fd, buf, sizeof(buf) - 1, off);

		if (got <= 0)
			break;
		buf[got] = 0;
		found = strstr(buf, what);
	}
	return found;
}

static void describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d, %s", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "wait status 0x%x", status);
}

/**
 * recorder_check() - find what a recording needs, before changing anything
 * @r: the recorder, initialised here
 * @output: the file to write (-o)
 * @buffer_kb: the ring buffer per CPU
 * @err: why not, when it returns -1
 * @errlen: bytes at @err
 *
 * Finds trace-cmd on the PATH and the mounted tracefs, picks the events of
 * ours this kernel has (the others are listed in @r->missing), checks
 * that the output's directory exists and is writable and that its file
 * system has room to start. Nothing is created or changed.
 *
 * Return: 0, or -1 with the reason and what to do in @err.
 */
int recorder_check(struct recorder *r, const char *output, unsigned int buffer_kb,
		   char *err, size_t errlen)
{
	struct buf mounts = { 0 };
	char tmp[PATH_MAX], inst[PATH_MAX + 16], a[16], b[16];
	uint64_t avail, need;
	struct stat st;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->marker_fd = -1;
	r->log_fd = -1;
	r->ftrace_enabled = -1;
	r->buffer_kb = buffer_kb;
	if (find_in_path("trace-cmd", r->trace_cmd, sizeof(r->trace_cmd))) {
		snprintf(err, errlen,
			 "trace-cmd is not on the PATH: lrugen record writes its file with trace-cmd record; install it (Debian: apt install trace-cmd)");
		return -1;
	}
	if (read_file("/proc/mounts", &mounts) ||
	    parse_tracefs_mount(mounts.data, r->tracing_dir, sizeof(r->tracing_dir)) ||
	    tracefs_set_tracing_dir(r->tracing_dir)) {
		buf_free(&mounts);
		snprintf(err, errlen,
			 "tracefs is not mounted (lrugen does not mount it): mount -t tracefs none /sys/kernel/tracing");
		return -1;
	}
	buf_free(&mounts);
	snprintf(inst, sizeof(inst), "%s/instances", r->tracing_dir);
	if (access(inst, W_OK)) {
		snprintf(err, errlen, "cannot make tracefs instances in %s: %s%s", inst, strerror(errno),
			 errno == EACCES ? "; lrugen record needs root" : "");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(wanted); i++) {
		if (event_exists(r, wanted[i])) {
			r->events[r->nr_events++] = wanted[i];
		} else {
			size_t n = strlen(r->missing);

			snprintf(r->missing + n, sizeof(r->missing) - n, "%s%s", n ? " " : "", wanted[i]);
		}
	}
	if (!r->nr_events) {
		snprintf(err, errlen, "no lru_gen, vmscan or cgroup events in %s/events: a kernel without tracepoints (CONFIG_TRACEPOINTS)?",
			 r->tracing_dir);
		return -1;
	}

	if (!*output || strlen(output) >= sizeof(r->output) - 64) {
		snprintf(err, errlen, "-o needs a file name shorter than %zu bytes",
			 sizeof(r->output) - 64);
		return -1;
	}
	snprintf(r->output, sizeof(r->output), "%s", output);
	if (!stat(output, &st) && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is a directory: give -o a file name", output);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s", output);
	snprintf(r->out_dir, sizeof(r->out_dir), "%s", dirname(tmp));
	snprintf(tmp, sizeof(tmp), "%s", output);
	snprintf(r->out_name, sizeof(r->out_name), "%s", basename(tmp));
	if (access(r->out_dir, W_OK | X_OK)) {
		snprintf(err, errlen, errno == ENOENT ?
			 "cannot write %s: there is no directory %s; make it, or give -o another file" :
			 "cannot write %s in %s: %s; give -o a file where you can write",
			 output, r->out_dir, strerror(errno));
		return -1;
	}

	trace_instance_name(r->instance, sizeof(r->instance));
	snprintf(r->instance_dir, sizeof(r->instance_dir), "%s/instances/%s", r->tracing_dir,
		 r->instance);
	r->nr_cpus = sysconf(_SC_NPROCESSORS_CONF);
	if (r->nr_cpus < 1)
		r->nr_cpus = 1;
	/* a ring buffer rounds up to whole pages, and has one more */
	r->ring_bytes = ((uint64_t)buffer_kb + 8) * 1024 * r->nr_cpus;
	r->meta_bytes = kallsyms_bytes() + META_EXTRA;
	avail = free_bytes(r->out_dir);
	need = 2 * r->ring_bytes + r->meta_bytes + SPACE_MARGIN;
	if (avail < need) {
		snprintf(err, errlen,
			 "only %s free in %s, and a recording needs at least %s there (twice its ring buffers of %u KiB per CPU, and the kernel's symbols): free some space, give -o another file system, or a smaller --buffer-kb",
			 fmt_bytes(a, sizeof(a), avail), r->out_dir, fmt_bytes(b, sizeof(b), need),
			 buffer_kb);
		return -1;
	}
	return 0;
}

/* the child: trace-cmd in a process group of its own, stopped with lrugen */
static void __attribute__((noreturn)) exec_trace_cmd(struct recorder *r, pid_t parent,
						      char **argv)
{
	sigset_t none;
	int fd;

	setpgid(0, 0);
	/* lrugen killed: trace-cmd finishes the file and removes the instance */
	prctl(PR_SET_PDEATHSIG, SIGINT);
	if (getppid() != parent)
		_exit(126);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	dup2(r->log_fd, STDOUT_FILENO);
	dup2(r->log_fd, STDERR_FILENO);
	if (chdir(r->out_dir)) {
		fprintf(stderr, "cannot change to %s: %s\n", r->out_dir, strerror(errno));
		_exit(127);
	}
	execv(r->trace_cmd, argv);
	fprintf(stderr, "cannot run %s: %s\n", r->trace_cmd, strerror(errno));
	_exit(127);
}

static bool tracing_started(const struct recorder *r)
{
	char path[sizeof(r->instance_dir) + 32];
	struct buf b = { 0 };
	bool on = false;

	/* set_event first: tracing_on is 1 in a new instance, too */
	snprintf(path, sizeof(path), "%s/set_event", r->instance_dir);
	if (!read_file(path, &b) && b.len > 1) {
		snprintf(path, sizeof(path), "%s/tracing_on", r->instance_dir);
		on = !read_file(path, &b) && b.len && b.data[0] == '1';
	}
	buf_free(&b);
	return on;
}

/**
 * recorder_start() - start trace-cmd record and wait until it traces
 * @r: a recorder that recorder_check() accepted
 * @err: why not, when it returns -1
 * @errlen: bytes at @err
 *
 * Removes the instances that killed lrugens left, then runs
 * "trace-cmd record -B NAME -b KB [-C mono] -e EVENT... -o OUTPUT" in a
 * process group of its own (a Ctrl-C on the terminal must not reach it
 * before lrugen has written its last snapshot), with its output in a
 * memfd and SIGINT as its parent-death signal. Waits, up to 30 s, until
 * tracing is on in the instance, then opens its trace_marker. Gives up
 * when session_stop is set. On failure, nothing is left: trace-cmd and
 * its readers are killed and the instance removed.
 *
 * Return: 0, or -1 with the reason in @err.
 */
int recorder_start(struct recorder *r, char *err, size_t errlen)
{
	char kb[16], path[sizeof(r->instance_dir) + 32], tail[512], why[64];
	const char *argv[16 + 2 * RECORDER_MAX_EVENTS];
	struct buf clocks = { 0 };
	pid_t parent = getpid();
	double deadline;
	int n = 0, i;

	trace_remove_stale_instances();
	/* a name with our pid can only be a dead process's */
	if (remove_instance(r, 0)) {
		snprintf(err, errlen, "the tracefs instance %s is in the way and cannot be removed: %s; remove it (rmdir %s)",
			 r->instance, strerror(errno), r->instance_dir);
		return -1;
	}
	r->ftrace_enabled = read_int_file("/proc/sys/kernel/ftrace_enabled");
	r->log_fd = memfd_create("lrugen-trace-cmd", MFD_CLOEXEC);
	if (r->log_fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		return -1;
	}

	snprintf(kb, sizeof(kb), "%u", r->buffer_kb);
	argv[n++] = "trace-cmd";
	argv[n++] = "record";
	argv[n++] = "-B";
	argv[n++] = r->instance;
	argv[n++] = "-b";
	argv[n++] = kb;
	/*
	 * CLOCK_MONOTONIC for the instance: ordered across CPUs (the default,
	 * local, is not), and the clock of the snapshots' MONO_MS
	 */
	snprintf(path, sizeof(path), "%s/trace_clock", r->tracing_dir);
	if (!read_file(path, &clocks) && strstr(clocks.data, " mono ")) {
		argv[n++] = "-C";
		argv[n++] = "mono";
	}
	buf_free(&clocks);
	for (i = 0; i < r->nr_events; i++) {
		argv[n++] = "-e";
		argv[n++] = r->events[i];
	}
	argv[n++] = "-o";
	argv[n++] = r->out_name;
	argv[n] = NULL;

	r->pid = fork();
	if (r->pid < 0) {
		r->pid = 0;
		snprintf(err, errlen, "cannot start trace-cmd: fork: %s", strerror(errno));
		return -1;
	}
	if (!r->pid)
		exec_trace_cmd(r, parent, (char **)argv);
	/* also here: the child may not have run yet when it is signalled */
	setpgid(r->pid, r->pid);
	r->pgid = r->pid;

	deadline = now_s() + START_TIMEOUT_S;
	while (!tracing_started(r)) {
		if (!recorder_running(r)) {
			describe_status(r->status, why, sizeof(why));
			log_tail(r, tail, sizeof(tail));
			snprintf(err, errlen, "trace-cmd record ended (%s) before it began tracing: %s",
				 why, tail);
			goto fail;
		}
		if (session_stop) {
			snprintf(err, errlen, "stopped while trace-cmd record was starting; nothing recorded");
			goto fail;
		}
		if (now_s() > deadline) {
			log_tail(r, tail, sizeof(tail));
			snprintf(err, errlen, "trace-cmd record did not turn tracing on in %s within %d s: %s",
				 r->instance_dir, START_TIMEOUT_S, tail);
			goto fail;
		}
		usleep(POLL_US);
	}
	snprintf(path, sizeof(path), "%s/trace_marker", r->instance_dir);
	r->marker_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (r->marker_fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	recorder_kill(r);
	return -1;
}

/**
 * recorder_emit() - write one marker into the instance (a &rec_emit_fn)
 * @ctx: the recorder
 * @buf: whole lines
 * @len: their bytes, at most RECFMT_MARKER_MAX
 *
 * Return: 0; -errno when the write failed (-EBADF: tracing is off, as
 * when trace-cmd is stopping or gone), -EIO when it was cut short.
 */
int recorder_emit(void *ctx, const char *buf, size_t len)
{
	struct recorder *r = ctx;
	ssize_t n;

	if (r->marker_fd < 0)
		return -EBADF;
	do {
		n = write(r->marker_fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/**
 * recorder_running() - whether trace-cmd still runs
 * @r: the recorder
 *
 * Reaps trace-cmd when it has ended, keeping its wait status in
 * @r->status.
 *
 * Return: true while it runs.
 */
bool recorder_running(struct recorder *r)
{
	int status;
	pid_t ret;

	if (!r->pid)
		return false;
	ret = waitpid(r->pid, &status, WNOHANG);
	if (!ret)
		return true;
	if (ret == r->pid)
		r->status = status;
	r->pid = 0;
	return false;
}

/* a "key: N" line of a per_cpu/cpuN/stats file */
static uint64_t stat_value(const char *s, const char *key)
{
	size_t n = strlen(key);

	for (; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		if (!strncmp(s, key, n) && s[n] == ':')
			return strtoull(s + n + 1, NULL, 10);
	return 0;
}

/**
 * recorder_counts() - events recorded and lost, and bytes written so far
 * @r: the recorder
 * @c: set from the instance's per_cpu/cpuN/stats ("entries" and "read
 *     events", "overrun" and "dropped events") while trace-cmd runs, with
 *     the bytes its temporary files hold and those still in the ring
 *     buffers ("bytes"); the output's size once it has ended
 *
 * Only while the instance exists; once trace-cmd is stopped, @c->events and
 * @c->lost are 0.
 */
void recorder_counts(struct recorder *r, struct recorder_counts *c)
{
	struct buf b = { 0 };
	struct stat st;
	int cpu;

	memset(c, 0, sizeof(*c));
	if (r->pid) {
		for (cpu = 0; cpu < r->nr_cpus; cpu++) {
			char path[sizeof(r->instance_dir) + 48];

			snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", r->instance_dir, cpu);
			if (read_file(path, &b))
				continue;
			c->events += stat_value(b.data, "entries") + stat_value(b.data, "read events");
			c->lost += stat_value(b.data, "overrun") + stat_value(b.data, "dropped events");
			c->bytes += stat_value(b.data, "bytes");
		}
		buf_free(&b);
		c->bytes += temp_bytes(r);
	} else if (!stat(r->output, &st)) {
		c->bytes = st.st_size;
	}
}

/**
 * recorder_check_space() - whether trace-cmd can still finish the file
 * @r: the recorder
 * @msg: why not, when it returns 1
 * @msglen: bytes at @msg
 *
 * trace-cmd drains the ring buffers into its temporary files, then copies
 * those into the output: finishing takes the temporary files' size again,
 * twice the ring buffers, and the kernel's symbols and event formats. The
 * check asks for that plus a margin of 4 MiB and twice what the files grew
 * by since the last check, so that it is still true at the next one.
 *
 * Return: 0 while there is room; 1 when the recording must stop now.
 */
int recorder_check_space(struct recorder *r, char *msg, size_t msglen)
{
	uint64_t temp = temp_bytes(r), avail = free_bytes(r->out_dir), need, grew;
	char a[16], b[16], c[16];

	grew = temp > r->last_temp ? temp - r->last_temp : 0;
	r->last_temp = temp;
	need = temp + 2 * r->ring_bytes + r->meta_bytes;
	if (avail >= need + SPACE_MARGIN + 2 * grew)
		return 0;
	snprintf(msg, msglen,
		 "only %s free in %s, and finishing %s takes about %s and a reserve of %s: stopped early, while it can still be finished; free some space, or record onto another file system with -o",
		 fmt_bytes(a, sizeof(a), avail), r->out_dir, r->output, fmt_bytes(b, sizeof(b), need),
		 fmt_bytes(c, sizeof(c), SPACE_MARGIN + 2 * grew));
	return 1;
}

/* read the file back: its headers and the instance's buffer */
static int verify_output(const struct recorder *r)
{
	struct tracecmd_input *h;
	int n, k, ret = -1;

	tracecmd_set_loglevel(TEP_LOG_NONE);
	h = tracecmd_open(r->output, TRACECMD_FL_LOAD_NO_PLUGINS |
			  TRACECMD_FL_LOAD_NO_SYSTEM_PLUGINS);
	if (!h)
		return -1;
	n = tracecmd_buffer_instances(h);
	for (k = 0; k < n && ret; k++) {
		const char *name = tracecmd_buffer_instance_name(h, k);
		struct tracecmd_input *bh;

		if (!name || strcmp(name, r->instance))
			continue;
		bh = tracecmd_buffer_instance_handle(h, k);
		if (bh) {
			ret = 0;
			tracecmd_close(bh);
		}
	}
	tracecmd_close(h);
	return ret;
}

/**
 * recorder_stop() - end the recording: trace-cmd writes the file
 * @r: a started recorder
 * @err: what went wrong, when it returns -1
 * @errlen: bytes at @err
 *
 * Closes the trace_marker (an open file of the instance keeps trace-cmd
 * from removing it), sends trace-cmd SIGINT and waits for it: 60 s, and
 * 1 s more per 4 MiB of its temporary files. When it does not end in
 * time it is killed, with its readers, and the unfinished output removed.
 * Whatever trace-cmd left (the instance, temporary files) is removed, and
 * the output is read back with libtracecmd.
 *
 * Return: 0 when the output is a whole trace.dat; -1 with the reason in
 * @err.
 */
int recorder_stop(struct recorder *r, char *err, size_t errlen)
{
	char tail[512], why[64];
	double deadline, timeout;
	int ret = 0;

	if (r->marker_fd >= 0)
		close(r->marker_fd);
	r->marker_fd = -1;
	if (!recorder_running(r)) {
		describe_status(r->status, why, sizeof(why));
		log_tail(r, tail, sizeof(tail));
		snprintf(err, errlen, "trace-cmd record ended (%s) before it was stopped; nothing recorded in %s: %s",
			 why, r->output, tail);
		recorder_kill(r);
		return -1;
	}
	timeout = STOP_TIMEOUT_S + (double)temp_bytes(r) / STOP_BYTES_PER_S;
	deadline = now_s() + timeout;
	kill(r->pid, SIGINT);
	while (recorder_running(r)) {
		if (now_s() > deadline) {
			recorder_kill(r);
			unlink(r->output);
			snprintf(err, errlen, "trace-cmd record did not finish %s in %.0f s; it was killed, and the recording is lost",
				 r->output, timeout);
			return -1;
		}
		usleep(POLL_US * 2);
	}
	if (!WIFEXITED(r->status) || WEXITSTATUS(r->status)) {
		describe_status(r->status, why, sizeof(why));
		log_tail(r, tail, sizeof(tail));
		snprintf(err, errlen, "trace-cmd record failed (%s): %s", why, tail);
		ret = -1;
	} else if (log_says(r, "did not match size") || verify_output(r)) {
		log_tail(r, tail, sizeof(tail));
		snprintf(err, errlen, "trace-cmd record wrote %s, but it cannot be read back: %s",
			 r->output, tail);
		ret = -1;
	}
	/* what trace-cmd should have removed, and did not */
	recorder_kill(r);
	return ret;
}

/**
 * recorder_kill() - stop trace-cmd at once and remove all it left
 * @r: the recorder; harmless to call twice, or on one that never started
 *
 * Closes the trace_marker, kills trace-cmd's process group (trace-cmd and
 * its per-CPU readers) with SIGKILL, reaps trace-cmd, removes the instance
 * (waiting up to 10 s for the readers to let go of it) and the temporary
 * files, puts ftrace_enabled back, and closes trace-cmd's log. The output
 * is left as it is.
 */
void recorder_kill(struct recorder *r)
{
	if (r->marker_fd >= 0)
		close(r->marker_fd);
	r->marker_fd = -1;
	if (r->pgid)
		kill(-r->pgid, SIGKILL);
	if (r->pid && waitpid(r->pid, &r->status, 0) < 0)
		r->status = 0;
	r->pid = 0;
	if (r->pgid) {
		remove_instance(r, 10);
		remove_temp_files(r);
		restore_ftrace_enabled(r);
	}
	r->pgid = 0;
	if (r->log_fd >= 0)
		close(r->log_fd);
	r->log_fd = -1;
}
