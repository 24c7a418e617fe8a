// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim: reclaim, per memcg and node, the memory older than
 * a target age through nodeN/reclaim, and back off while the memcg's
 * refaults or memory pressure show a cost. This file checks the command
 * line and the system, collects the inputs each period, carries out the
 * decisions of lib/autoreclaim.c, logs them and writes the state file.
 * Documentation/guide/autoreclaim.rst describes the whole.
 *
 * Safety: nothing is written before every check has passed; only the
 * given memcgs' subtrees are aged or reclaimed, each request names its
 * memcg by cgroup id after checking that the memcg's directory is still
 * the cgroup of that id; no cgroup file is ever written; a memcg's files
 * are read through the directory opened at start, so a memcg removed and
 * made again under the same name is not mistaken for the old one.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "arstate.h"
#include "autoreclaim.h"
#include "cli.h"
#include "parse.h"
#include "session.h"
#include "size.h"
#include "source.h"
#include "util.h"

#define AR_MAX_SEC	(30 * 24 * 3600.0)	/* an age or a duration: 30 days */
#define CGROUP_ROOT	"/sys/fs/cgroup"

/**
 * struct ar_opts - lrugen autoreclaim's command line
 * @c: the decisions' configuration
 * @interval_ms: -i, ms; 0 for no aging
 * @duration_ms: --duration, ms; 0 to run until a signal
 * @swappiness: --swappiness as given, or NULL for the kernel's
 * @nid: --node, or -1 for every node with memory
 * @state: --state, or NULL for the default
 * @memcgs: the MEMCG arguments
 * @nr_memcgs: how many
 */
struct ar_opts {
	struct ar_config c;
	uint64_t interval_ms;
	uint64_t duration_ms;
	const char *swappiness;
	int nid;
	const char *state;
	char **memcgs;
	int nr_memcgs;
};

/**
 * struct ar_node - a watched memcg on one node
 * @st: the decisions' state
 * @cold: this period's tally of the memcg's subtree on the node
 * @reason: the reason last logged (an errno name for an error)
 */
struct ar_node {
	struct ar_lruvec_state st;
	struct ar_cold cold;
	char reason[64];
};

/**
 * struct ar_memcg - a memcg the controller was given
 * @arg: as given on the command line
 * @path: its path from the cgroup2 root, "/a/b"
 * @dir: its directory, under lrugen_root
 * @id: its cgroup id (the directory's inode number)
 * @fd: the directory, opened at start; every file is read through it
 * @gone: removed while the controller ran; no longer watched
 * @win: its refault samples over the last minute
 * @psi_us: memory.pressure's "some" total at the last period, us
 * @psi_ms: when it was read, on the controller's clock
 * @sig: this period's signals
 * @nodes: per watched node (the index in &struct ar_ctl.nids)
 */
struct ar_memcg {
	const char *arg;
	char path[PATH_MAX];
	char dir[PATH_MAX];
	uint64_t id;
	int fd;
	bool gone;
	struct ar_window win;
	uint64_t psi_us;
	uint64_t psi_ms;
	struct ar_signals sig;
	struct ar_node *nodes;
};

/**
 * struct ar_ctl - the running controller
 * @o: the command line
 * @s: the session whose model holds the lruvecs
 * @nids: the nodes watched
 * @nr_nids: how many
 * @memcgs: the memcgs given
 * @nr_memcgs: how many
 * @state_arg: the state file, as arstate_write() takes it
 * @state_path: the state file, under lrugen_root
 * @t0: the start, seconds on CLOCK_MONOTONIC
 * @requests: reclaim requests made, over every memcg and node
 * @requested: bytes asked for
 * @reclaimed: bytes reclaimed
 * @state_warned: a failure to write the state file was reported
 * @held: what the watched lruvecs' generations held over the last
 *        --settle, sorted by memcg id and node (update_held())
 * @nr_held: how many
 */
struct ar_ctl {
	struct ar_opts o;
	struct session s;
	int nids[LRUGEN_MAX_NODES];
	int nr_nids;
	struct ar_memcg *memcgs;
	int nr_memcgs;
	const char *state_arg;
	char state_path[PATH_MAX];
	double t0;
	uint64_t requests;
	uint64_t requested;
	uint64_t reclaimed;
	bool state_warned;
	struct ar_held *held;
	size_t nr_held;
};

/* the signal that stopped us, for the exit line */
static volatile sig_atomic_t ar_signal;

static void on_signal(int sig)
{
	ar_signal = sig;
	session_stop = 1;
}

/* like session_signals(), but remembering which signal came */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int refuse(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "lrugen autoreclaim: WHAT: what is wrong: what to do"; returns 2 */
static int refuse(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lrugen autoreclaim: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

static const char *errno_word(int err)
{
	const char *s = strerrorname_np(err < 0 ? -err : err);

	return s ? s : "error";
}

/* a value for the log: %XX for ' ', '=', '%' and bytes outside 0x21..0x7e */
static const char *esc(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 4 < size; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x21 || ch > 0x7e || ch == '=' || ch == '%')
			n += snprintf(buf + n, size - n, "%%%02X", ch);
		else
			buf[n++] = (char)ch;
	}
	buf[n] = 0;
	return buf;
}

static uint64_t now_ms(const struct ar_ctl *ctl)
{
	double t = now_s() - ctl->t0;

	return t > 0 ? (uint64_t)(t * 1000) : 0;
}

static void log_line(const struct ar_ctl *ctl, const char *action, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* one line of the decision log: t=SEC.mmm action=ACTION, then the fields */
static void log_line(const struct ar_ctl *ctl, const char *action, const char *fmt, ...)
{
	va_list ap;

	printf("t=%.3f action=%s", now_s() - ctl->t0, action);
	if (fmt && *fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
}

/* a percentage from 0 to @hi; 0, or -1 after a message */
static int pct_arg(const char *opt, const char *s, double hi, double *pct)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || v < 0 || v > hi) {
		refuse(opt, "'%s' is not a percentage from 0 to %g: give one such as 0.2", s, hi);
		return -1;
	}
	*pct = v;
	return 0;
}

static int size_arg(const char *opt, const char *s, uint64_t *bytes)
{
	int err = parse_size(s, bytes);

	if (err) {
		refuse(opt, "'%s' is %s", s, size_error(err));
		return -1;
	}
	return 0;
}

/* the command line; -1 to go on, else the exit status */
static int parse_opts(int argc, char **argv, struct ar_opts *o)
{
	static const struct option longopts[] = {
		{ "age", required_argument, NULL, 'a' },
		{ "age-interval", required_argument, NULL, 'i' },
		{ "delay", required_argument, NULL, 'd' },
		{ "swappiness", required_argument, NULL, 'w' },
		{ "max-promotion", required_argument, NULL, 'P' },
		{ "max-psi", required_argument, NULL, 'S' },
		{ "max-step", required_argument, NULL, 'M' },
		{ "min-size", required_argument, NULL, 'm' },
		{ "node", required_argument, NULL, 'N' },
		{ "state", required_argument, NULL, 's' },
		{ "settle", required_argument, NULL, 'T' },
		{ "duration", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double age = 120, interval = -1, period = 10, duration = 0, settle = -1;
	long page = sysconf(_SC_PAGESIZE);
	int c;

	memset(o, 0, sizeof(*o));
	o->nid = -1;
	o->c.max_promotion_pct = 0.2;
	o->c.max_psi_pct = 0.2;
	o->c.max_step = 64ULL << 20;
	o->c.swappiness = AR_SWAPPINESS_DEFAULT;
	o->c.page_size = page > 0 ? (uint64_t)page : 4096;
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:i:d:nh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (seconds_arg("autoreclaim", "-a", optarg, 0.1, AR_MAX_SEC, false, &age))
				return 2;
			break;
		case 'i':
			if (seconds_arg("autoreclaim", "-i", optarg, 0.1, AR_MAX_SEC, true, &interval))
				return 2;
			break;
		case 'd':
			if (parse_delay(optarg, &period))
				return refuse("-d", "'%s' is not a delay from 0.1 to 3600 seconds: give one such as 10",
					      optarg);
			break;
		case 'w':
			if (parse_swappiness(optarg))
				return refuse("--swappiness", "'%s' is not 0 to 200 (digits only) or max",
					      optarg);
			o->swappiness = optarg;
			o->c.swappiness = strcmp(optarg, "max") ? atoi(optarg) : AR_SWAPPINESS_MAX;
			break;
		case 'P':
			if (pct_arg("--max-promotion", optarg, 1e6, &o->c.max_promotion_pct))
				return 2;
			break;
		case 'S':
			if (pct_arg("--max-psi", optarg, 100, &o->c.max_psi_pct))
				return 2;
			break;
		case 'M':
			if (size_arg("--max-step", optarg, &o->c.max_step))
				return 2;
			if (o->c.max_step < o->c.page_size)
				return refuse("--max-step", "'%s' is less than a page (%" PRIu64 " bytes): give at least 4K",
					      optarg, o->c.page_size);
			break;
		case 'm':
			if (size_arg("--min-size", optarg, &o->c.min_size))
				return 2;
			break;
		case 'N':
			if (node_arg(optarg, &o->nid))
				return 2;
			break;
		case 's':
			if (!*optarg)
				return refuse("--state", "an empty path: give a file, such as %s",
					      ARSTATE_DEFAULT_PATH);
			o->state = optarg;
			break;
		case 'T':
			if (seconds_arg("autoreclaim", "--settle", optarg, 0.1, AR_MAX_SEC, true, &settle))
				return 2;
			break;
		case 't':
			if (seconds_arg("autoreclaim", "--duration", optarg, 0.1, AR_MAX_SEC, false, &duration))
				return 2;
			break;
		case 'n':
			o->c.dry_run = true;
			break;
		case 'h':
			usage(stdout, "autoreclaim");
			return 0;
		default:
			usage(stderr, "autoreclaim");
			return 2;
		}
	}
	if (optind >= argc)
		return refuse("MEMCG", "none given: give the memcgs to reclaim from, as paths (/a/b) or cgroup ids");
	o->memcgs = argv + optind;
	o->nr_memcgs = argc - optind;
	o->c.age_ms = (uint64_t)llround(age * 1000);
	o->c.period_ms = (uint64_t)llround(period * 1000);
	o->interval_ms = interval < 0 ? o->c.age_ms / 2 : (uint64_t)llround(interval * 1000);
	o->duration_ms = (uint64_t)llround(duration * 1000);
	o->c.settle_ms = settle < 0 ? o->c.age_ms : (uint64_t)llround(settle * 1000);
	return -1;
}

/* read a file of a memcg through its directory; 0 or -errno */
static int read_at(int dirfd, const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd, err = 0;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read_retry(fd, buf, size - 1);
	if (n < 0)
		err = -errno;
	else
		buf[n] = 0;
	close(fd);
	return err;
}

/* the memcg's directory was removed: ENOENT from openat, ENODEV from a file */
static bool gone_err(int err)
{
	return err == -ENOENT || err == -ENODEV;
}

/* memory.pressure's "some ... total=N"; 0, or -1 */
static int parse_some_total(const char *buf, uint64_t *us)
{
	const char *p = buf;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *t, *nl;
		char *end;

		if (strncmp(p, "some ", 5))
			continue;
		nl = strchr(p, '\n');
		t = strstr(p, " total=");
		if (!t || (nl && t > nl))
			return -1;
		errno = 0;
		*us = strtoull(t + 7, &end, 10);
		return end == t + 7 || errno ? -1 : 0;
	}
	return -1;
}

/**
 * struct ar_reading - what a period reads of a memcg
 * @refaults: workingset_refault_anon + workingset_refault_file, pages
 * @psi_us: memory.pressure's "some" total, us
 * @current: memory.current, bytes
 * @file: the file that failed, when one did
 */
struct ar_reading {
	uint64_t refaults;
	uint64_t psi_us;
	uint64_t current;
	const char *file;
};

/* memory.current; 0 or -errno (-EPROTO when it is not a number) */
static int read_current(int fd, uint64_t *bytes)
{
	char buf[64], *end;
	int err = read_at(fd, "memory.current", buf, sizeof(buf));

	if (err)
		return err;
	errno = 0;
	*bytes = strtoull(buf, &end, 10);
	return end == buf || errno || (*end && *end != '\n') ? -EPROTO : 0;
}

/* memory.numa_stat's "KEY N0=V N1=V ..." on node @nid; 0, or -1 */
static int numa_kv(const char *buf, const char *key, int nid, uint64_t *val)
{
	size_t klen = strlen(key), tlen;
	const char *p = buf;
	char tok[32];

	tlen = snprintf(tok, sizeof(tok), " N%d=", nid);
	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *t, *nl;
		char *end;

		if (strncmp(p, key, klen) || p[klen] != ' ')
			continue;
		nl = strchr(p, '\n');
		t = strstr(p, tok);
		if (!t || (nl && t > nl))
			return -1;
		errno = 0;
		*val = strtoull(t + tlen, &end, 10);
		return end == t + tlen || errno ? -1 : 0;
	}
	return -1;
}

/*
 * The memcg's refaults: with --node N, node N's in memory.numa_stat (the
 * refaults of pages evicted from N, which is where MGLRU counts them);
 * else, or on a kernel without NUMA (no memory.numa_stat), memory.stat's.
 * 0 or -errno, -EPROTO for a file without them.
 */
static int read_refaults(int fd, int nid, char *buf, size_t size, struct ar_reading *r)
{
	uint64_t a, f;
	int err = -ENOENT;

	if (nid >= 0) {
		r->file = "memory.numa_stat";
		err = read_at(fd, "memory.numa_stat", buf, size);
		if (!err) {
			if (numa_kv(buf, "workingset_refault_anon", nid, &a) ||
			    numa_kv(buf, "workingset_refault_file", nid, &f))
				return -EPROTO;
			r->refaults = a + f;
			return 0;
		}
	}
	/* no memory.numa_stat, or gone: then memory.stat says which */
	r->file = "memory.stat";
	err = read_at(fd, "memory.stat", buf, size);
	if (err)
		return err;
	if (parse_kv(buf, "workingset_refault_anon", &a) || parse_kv(buf, "workingset_refault_file", &f))
		return -EPROTO;
	r->refaults = a + f;
	return 0;
}

/* the refaults, memory.pressure and memory.current; 0 or -errno */
static int read_memcg(int fd, int nid, struct ar_reading *r)
{
	static char buf[16384];
	int err;

	err = read_refaults(fd, nid, buf, sizeof(buf), r);
	if (err)
		return err;
	r->file = "memory.pressure";
	err = read_at(fd, "memory.pressure", buf, sizeof(buf));
	if (err)
		return err;
	if (parse_some_total(buf, &r->psi_us))
		return -EPROTO;
	r->file = "memory.current";
	return read_current(fd, &r->current);
}

/* the memcg's directory is still the cgroup of its id */
static bool same_cgroup(const struct ar_memcg *m)
{
	struct stat st;

	return !stat(m->dir, &st) && S_ISDIR(st.st_mode) && st.st_ino == m->id;
}

/* @path (from the cgroup2 root) is @top or below it */
static bool in_subtree(const char *top, const char *path)
{
	size_t n = strlen(top);

	if (!strcmp(top, "/"))
		return true;
	return !strncmp(path, top, n) && (path[n] == 0 || path[n] == '/');
}

/*
 * A path as given, made a path from the cgroup2 root: "/sys/fs/cgroup/a"
 * and "a" are "/a"; "." and repeated slashes go. Returns 0, or -1 after a
 * message for a ".." (outside cgroup2) or a path too long.
 */
static int norm_path(const char *arg, char *out, size_t size)
{
	char tmp[PATH_MAX], *tok, *save = NULL;
	size_t n = 0;

	if (!strncmp(arg, CGROUP_ROOT "/", strlen(CGROUP_ROOT) + 1))
		arg += strlen(CGROUP_ROOT);
	else if (!strcmp(arg, CGROUP_ROOT))
		arg = "/";
	if (snprintf(tmp, sizeof(tmp), "%s", arg) >= (int)sizeof(tmp)) {
		refuse(arg, "the path is too long");
		return -1;
	}
	out[0] = 0;
	for (tok = strtok_r(tmp, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			refuse(arg, "a '..' leads outside the cgroup2 tree: give a path from its root, such as /workload");
			return -1;
		}
		if (n + strlen(tok) + 2 > size) {
			refuse(arg, "the path is too long");
			return -1;
		}
		n += snprintf(out + n, size - n, "/%s", tok);
	}
	if (!n)
		snprintf(out, size, "/");
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* the model has a live lruvec of memcg @id; its path in @path */
static bool model_has(const struct lrugen_model *m, uint64_t id, const char **path)
{
	size_t i;

	for (i = 0; i < m->nr_lruvecs; i++) {
		if (id && m->lruvecs[i].memcg_id == id) {
			if (path)
				*path = m->lruvecs[i].path;
			return true;
		}
	}
	return false;
}

/* a file of the memcg exists */
static bool has_file(const struct ar_memcg *m, const char *name)
{
	return !faccessat(m->fd, name, F_OK, 0);
}

/* resolve and check one MEMCG; 0, or 2 after a message */
static int check_memcg(struct ar_ctl *ctl, struct ar_memcg *m)
{
	char cgroot[PATH_MAX], real[PATH_MAX], realroot[PATH_MAX];
	const char *arg = m->arg, *path = NULL;
	struct ar_reading r;
	struct stat st;
	int err;

	snprintf(cgroot, sizeof(cgroot), "%s" CGROUP_ROOT, lrugen_root);
	if (all_digits(arg)) {
		errno = 0;
		m->id = strtoull(arg, NULL, 10);
		if (errno || !model_has(&ctl->s.model, m->id, &path))
			return refuse(arg, "no memcg has this cgroup id in /sys/kernel/debug/lru_gen_full: give a live memcg's id, or its path");
		snprintf(m->path, sizeof(m->path), "%s", path);
	} else if (norm_path(arg, m->path, sizeof(m->path))) {
		return 2;
	}
	if (!strcmp(m->path, "/"))
		return refuse(arg, "the root cgroup stands for the whole machine: give a memcg below it, such as /workload");
	if (snprintf(m->dir, sizeof(m->dir), "%s%s", cgroot, m->path) >= (int)sizeof(m->dir))
		return refuse(arg, "the path is too long");
	if (stat(m->dir, &st))
		return refuse(arg, "no such cgroup (%s: %s): create it, or give an existing one", m->dir,
			      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return refuse(arg, "%s is not a cgroup directory: give a cgroup2 path, such as /workload",
			      m->dir);
	if (!realpath(m->dir, real) || !realpath(cgroot, realroot) ||
	    strncmp(real, realroot, strlen(realroot)) || real[strlen(realroot)] != '/')
		return refuse(arg, "%s is outside the cgroup2 tree at %s: give a cgroup below it", m->dir,
			      cgroot);
	if (all_digits(arg) && st.st_ino != m->id)
		return refuse(arg, "the directory of its path %s is another cgroup (id %" PRIu64 "): the memcg was removed",
			      m->path, (uint64_t)st.st_ino);
	m->id = st.st_ino;
	m->fd = open(m->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->fd < 0)
		return refuse(arg, "cannot open %s: %s", m->dir, strerror(errno));
	if (!has_file(m, "cgroup.controllers"))
		return refuse(arg, "%s is not a cgroup2 directory (no cgroup.controllers): give a cgroup below %s",
			      m->dir, CGROUP_ROOT);
	if (!has_file(m, "memory.current") || !has_file(m, "memory.stat"))
		return refuse(arg, "no memory controller (no memory.current or memory.stat): turn on +memory in its parent's cgroup.subtree_control");
	if (!has_file(m, "memory.pressure"))
		return refuse(arg, "no memory.pressure: the kernel needs CONFIG_PSI=y and no psi=0 on its command line");
	if (!model_has(&ctl->s.model, m->id, NULL))
		return refuse(arg, "its memcg (id %" PRIu64 ") is not in /sys/kernel/debug/lru_gen_full: is the memory controller on in it?",
			      m->id);
	err = read_memcg(m->fd, ctl->o.nid, &r);
	if (err == -EPROTO && !strcmp(r.file, "memory.pressure"))
		return refuse(arg, "cannot read memory.pressure: no 'some ... total=N' line (is PSI on? psi=1 on the kernel's command line)");
	if (err == -EPROTO && strstr(r.file, "stat"))
		return refuse(arg, "cannot read %s: no workingset_refault_anon and workingset_refault_file lines%s",
			      r.file, strcmp(r.file, "memory.stat") ? " for the node" : "");
	if (err == -EPROTO)
		return refuse(arg, "cannot read %s: not a number of bytes", r.file);
	if (err)
		return refuse(arg, "cannot read %s: %s%s", r.file, strerror(-err),
			      !strcmp(r.file, "memory.pressure") ? " (is PSI on? psi=1 on the kernel's command line)" : "");
	m->psi_us = r.psi_us;
	ar_window_add(&m->win, now_ms(ctl), r.refaults);
	m->psi_ms = now_ms(ctl);
	return 0;
}

/* the system can take what the controller will do; 0, or 2 after a message */
static int check_system(struct ar_ctl *ctl)
{
	struct ar_opts *o = &ctl->o;
	char path[PATH_MAX];
	struct buf b = { 0 };
	unsigned int enabled = 0;
	int i, j, nid;

	if (!lrugen_root[0] && geteuid())
		return refuse("permission", "it needs root: it reads debugfs and writes nodeN/reclaim and debugfs lru_gen; run it with sudo");
	snprintf(path, sizeof(path), "%s" CGROUP_ROOT "/cgroup.controllers", lrugen_root);
	if (access(path, F_OK))
		return refuse(CGROUP_ROOT, "no cgroup2 there (no cgroup.controllers): mount cgroup2 on %s", CGROUP_ROOT);
	snprintf(path, sizeof(path), "%s/sys/kernel/mm/lru_gen/enabled", lrugen_root);
	if (read_file(path, &b)) {
		buf_free(&b);
		return refuse("MGLRU", "cannot read /sys/kernel/mm/lru_gen/enabled: the kernel needs CONFIG_LRU_GEN=y");
	}
	if (parse_hex(b.data, &enabled) || !(enabled & 1)) {
		buf_free(&b);
		return refuse("MGLRU", "it is off (/sys/kernel/mm/lru_gen/enabled): echo y > /sys/kernel/mm/lru_gen/enabled");
	}
	buf_free(&b);
	if (o->interval_ms) {
		snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen", lrugen_root);
		if (access(path, F_OK) || (!o->c.dry_run && access(path, W_OK)))
			return refuse("-i", "cannot %s /sys/kernel/debug/lru_gen to add generations: mount debugfs (and run as root), or give -i 0 to rely on the kernel's aging",
				      access(path, F_OK) ? "find" : "write");
	}
	if (session_open(&ctl->s, false) || session_refresh(&ctl->s) < 0)
		return refuse("lru_gen_full", "%s: mount debugfs, and run as root", ctl->s.error);

	if (o->nid >= 0) {
		if (o->nid >= ctl->s.model.nr_nodes || !ctl->s.model.nodes[o->nid].present)
			return refuse("--node", "node %d does not exist or has no memory: /sys/devices/system/node/has_memory lists the nodes",
				      o->nid);
		ctl->nids[ctl->nr_nids++] = o->nid;
	} else {
		for (nid = 0; nid < ctl->s.model.nr_nodes; nid++)
			if (ctl->s.model.nodes[nid].present)
				ctl->nids[ctl->nr_nids++] = nid;
	}
	if (!ctl->nr_nids)
		return refuse("nodes", "no node has memory");
	for (i = 0; i < ctl->nr_nids; i++) {
		snprintf(path, sizeof(path), "%s/sys/devices/system/node/node%d/reclaim", lrugen_root,
			 ctl->nids[i]);
		if (access(path, F_OK))
			return refuse("nodeN/reclaim", "node%d has no reclaim file: the kernel needs the per-node proactive reclaim patch (linux/patches/)",
				      ctl->nids[i]);
		if (!o->c.dry_run && access(path, W_OK))
			return refuse("nodeN/reclaim", "cannot write node%d/reclaim: %s: run as root, or with --dry-run",
				      ctl->nids[i], strerror(errno));
	}

	ctl->memcgs = calloc(o->nr_memcgs, sizeof(*ctl->memcgs));
	if (!ctl->memcgs)
		return refuse("memory", "out of memory");
	ctl->nr_memcgs = o->nr_memcgs;
	for (i = 0; i < ctl->nr_memcgs; i++)
		ctl->memcgs[i].fd = -1;
	for (i = 0; i < ctl->nr_memcgs; i++) {
		struct ar_memcg *m = &ctl->memcgs[i];

		m->arg = o->memcgs[i];
		m->nodes = calloc(ctl->nr_nids, sizeof(*m->nodes));
		if (!m->nodes)
			return refuse("memory", "out of memory");
		for (j = 0; j < ctl->nr_nids; j++)
			snprintf(m->nodes[j].reason, sizeof(m->nodes[j].reason), "starting");
		if (check_memcg(ctl, m))
			return 2;
		for (j = 0; j < i; j++) {
			const struct ar_memcg *p = &ctl->memcgs[j];

			if (p->id == m->id)
				return refuse(m->arg, "the same memcg as %s: give each memcg once", p->arg);
			if (in_subtree(p->path, m->path) || in_subtree(m->path, p->path))
				return refuse(m->arg, "%s is inside the other's subtree, which a memcg stands for: give only %s",
					      in_subtree(p->path, m->path) ? m->arg : p->arg,
					      in_subtree(p->path, m->path) ? p->arg : m->arg);
		}
	}
	return 0;
}

/* process @pid is an lrugen (a pid reused since a controller died is not) */
static bool is_lrugen(pid_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return true;	/* cannot tell: take it for one */
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = 0;
	fclose(f);
	return !strncmp(comm, "lrugen", 6);
}

/*
 * The state file: not a directory, its directory there (the default's,
 * /run/lrugen, is made by arstate_write()), and no other controller
 * running writes it. An absolute path is under lrugen_root, as
 * arstate_write() and arstate_read() take it.
 */
static int check_state(struct ar_ctl *ctl)
{
	char dir[PATH_MAX], err[256], *slash;
	struct arstate old;
	struct stat st;

	ctl->state_arg = ctl->o.state ? ctl->o.state : ARSTATE_DEFAULT_PATH;
	if (snprintf(ctl->state_path, sizeof(ctl->state_path), "%s%s",
		     ctl->state_arg[0] == '/' ? lrugen_root : "", ctl->state_arg) >=
	    (int)sizeof(ctl->state_path))
		return refuse("--state", "the path is too long");
	if (!stat(ctl->state_path, &st) && S_ISDIR(st.st_mode))
		return refuse("--state", "%s is a directory: give a file", ctl->state_path);
	snprintf(dir, sizeof(dir), "%s", ctl->state_path);
	slash = strrchr(dir, '/');
	if (ctl->o.state && slash && slash != dir) {
		*slash = 0;
		if (stat(dir, &st) || !S_ISDIR(st.st_mode))
			return refuse("--state", "%s: no directory %s: make it, or give another file",
				      ctl->state_path, dir);
	}
	if (!arstate_read(ctl->state_arg, &old, err, sizeof(err))) {
		pid_t pid = old.pid;
		bool alive = arstate_alive(&old);

		arstate_free(&old);
		if (alive && pid != getpid() && is_lrugen(pid))
			return refuse("--state", "%s is written by another lrugen autoreclaim (pid %d): stop it, or give another --state",
				      ctl->state_path, (int)pid);
	}
	return 0;
}

static void log_gone(struct ar_ctl *ctl, struct ar_memcg *m, const char *why)
{
	char p[PATH_MAX * 3];
	int k;

	if (m->gone)
		return;
	m->gone = true;
	for (k = 0; k < ctl->nr_nids; k++)
		log_line(ctl, "gone", "node=%d memcg=%s id=%" PRIu64 " reason=%s", ctl->nids[k],
			 esc(p, sizeof(p), m->path), m->id, why);
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

static void write_state(struct ar_ctl *ctl)
{
	struct arstate st = {
		.pid = getpid(),
		.time_ms = (uint64_t)(now_s() * 1000),
		.age_ms = ctl->o.c.age_ms,
		.period_ms = ctl->o.c.period_ms,
		.dry_run = ctl->o.c.dry_run,
		.max_promotion_pct = ctl->o.c.max_promotion_pct,
		.max_psi_pct = ctl->o.c.max_psi_pct,
	};
	uint64_t now = now_ms(ctl);
	int i, k, err;

	st.lruvecs = calloc((size_t)ctl->nr_memcgs * ctl->nr_nids + 1, sizeof(*st.lruvecs));
	if (!st.lruvecs)
		return;
	for (i = 0; i < ctl->nr_memcgs; i++) {
		const struct ar_memcg *m = &ctl->memcgs[i];

		if (m->gone)
			continue;
		for (k = 0; k < ctl->nr_nids; k++) {
			const struct ar_node *n = &m->nodes[k];
			struct arstate_lruvec *l = &st.lruvecs[st.nr++];

			l->nid = ctl->nids[k];
			l->memcg_id = m->id;
			snprintf(l->path, sizeof(l->path), "%s", m->path);
			l->state = n->st.state;
			snprintf(l->reason, sizeof(l->reason), "%s", n->reason);
			l->age_ms = ctl->o.c.age_ms;
			l->cold = n->cold.cold;
			l->ws = n->cold.ws;
			l->promotion_pct = m->sig.promotion_pct;
			l->psi_pct = m->sig.psi_pct;
			l->requests = n->st.requests;
			l->requested = n->st.requested;
			l->reclaimed = n->st.reclaimed;
			l->backoffs_promotion = n->st.backoffs_promotion;
			l->backoffs_psi = n->st.backoffs_psi;
			l->backoff_left_ms = n->st.backoff_until_ms > now ?
					     n->st.backoff_until_ms - now : 0;
		}
	}
	err = arstate_write(ctl->state_arg, &st);
	if (err && !ctl->state_warned) {
		fprintf(stderr, "lrugen autoreclaim: warning: cannot write the state file %s: %s; lrugen top and the exporter will not see it\n",
			ctl->state_path, strerror(-err));
		ctl->state_warned = true;
	}
	free(st.lruvecs);
}

/* the fields every decision line has, after action= */
static int common_fields(char *buf, size_t size, const struct ar_ctl *ctl, const struct ar_memcg *m,
			 int k, const char *reason, uint64_t current)
{
	const struct ar_node *n = &m->nodes[k];
	char p[PATH_MAX * 3];

	return snprintf(buf, size,
			"node=%d memcg=%s id=%" PRIu64 " reason=%s cold=%" PRIu64 " fresh=%" PRIu64
			" ws=%" PRIu64 " uncertain=%" PRIu64 " current=%" PRIu64 " refaults_min=%" PRIu64
			" promotion_pct=%.4f psi_pct=%.4f",
			ctl->nids[k], esc(p, sizeof(p), m->path), m->id, reason, n->cold.cold,
			n->cold.fresh, n->cold.ws, n->cold.uncertain, current, m->sig.refaults_min,
			m->sig.promotion_pct, m->sig.psi_pct);
}

/* carry out a reclaim decision; false when the memcg turned out gone */
static bool reclaim(struct ar_ctl *ctl, struct ar_memcg *m, int k, const struct ar_decision *d,
		    uint64_t current)
{
	struct reclaim_req q = {
		.bytes = d->request,
		.swappiness = ctl->o.swappiness,
		.nid = ctl->nids[k],
		.memcg_id = (int64_t)m->id,
	};
	struct ar_node *n = &m->nodes[k];
	struct action_result r;
	char fields[PATH_MAX * 3 + 512];
	int err;

	/* a memcg removed and made again has another id: never reclaim it */
	if (!same_cgroup(m)) {
		log_gone(ctl, m, "cgroup-removed");
		return false;
	}
	err = do_reclaim(&q, &r);
	if (err && err != -EAGAIN && !same_cgroup(m)) {
		log_gone(ctl, m, "cgroup-removed");
		return false;
	}
	if (!err || err == -EAGAIN) {
		/* EAGAIN: less than asked was reclaimable; still a request */
		ar_account(&n->st, q.bytes, r.reclaimed);
		ctl->requests++;
		ctl->requested += q.bytes;
		ctl->reclaimed += r.reclaimed;
		snprintf(n->reason, sizeof(n->reason), "%s", ar_reason_name(d->reason));
	} else {
		n->st.state = AR_ERROR;
		snprintf(n->reason, sizeof(n->reason), "%s", errno_word(err));
	}
	common_fields(fields, sizeof(fields), ctl, m, k, n->reason, current);
	log_line(ctl, n->st.state == AR_ERROR ? "error" : "reclaim",
		 "%s request=%" PRIu64 " reclaimed=%" PRIu64 " ms=%.0f result=%s", fields, q.bytes,
		 r.reclaimed, r.seconds * 1000, err ? errno_word(err) : "ok");
	return true;
}

static int held_cmp(const void *a, const void *b)
{
	const struct ar_held *x = a, *y = b;

	if (x->memcg_id != y->memcg_id)
		return x->memcg_id < y->memcg_id ? -1 : 1;
	return (x->nid > y->nid) - (x->nid < y->nid);
}

static const struct ar_held *held_lookup(const struct ar_ctl *ctl, uint64_t id, int nid)
{
	struct ar_held key = { .memcg_id = id, .nid = nid };

	if (!ctl->nr_held)
		return NULL;
	return bsearch(&key, ctl->held, ctl->nr_held, sizeof(key), held_cmp);
}

/* whether an lruvec is in a watched memcg's subtree, on a watched node */
static bool watched_lruvec(const struct ar_ctl *ctl, const int *slot, const struct lrugen_lruvec *v)
{
	int i;

	if (!v->memcg_id || v->nid < 0 || v->nid >= LRUGEN_MAX_NODES || slot[v->nid] < 0)
		return false;
	for (i = 0; i < ctl->nr_memcgs; i++)
		if (!ctl->memcgs[i].gone && in_subtree(ctl->memcgs[i].path, v->path))
			return true;
	return false;
}

/*
 * Record what each watched lruvec's generations hold now (ar_held_update());
 * the histories of lruvecs no longer watched or gone go. Without memory for
 * the new table the old one stays, and the lruvecs without a history count
 * their old pages as fresh: nothing is reclaimed that has not settled.
 */
static void update_held(struct ar_ctl *ctl, const int *slot, uint64_t now)
{
	const struct lrugen_model *mod = &ctl->s.model;
	struct ar_held *n;
	size_t l, nr = 0;

	n = calloc(mod->nr_lruvecs ? mod->nr_lruvecs : 1, sizeof(*n));
	if (!n)
		return;
	for (l = 0; l < mod->nr_lruvecs; l++) {
		const struct lrugen_lruvec *v = &mod->lruvecs[l];
		const struct ar_held *o;

		if (!watched_lruvec(ctl, slot, v))
			continue;
		o = held_lookup(ctl, v->memcg_id, v->nid);
		if (o) {
			n[nr] = *o;
		} else {
			n[nr].memcg_id = v->memcg_id;
			n[nr].nid = v->nid;
		}
		ar_held_update(&ctl->o.c, &n[nr], v, now);
		nr++;
	}
	qsort(n, nr, sizeof(*n), held_cmp);
	free(ctl->held);
	ctl->held = n;
	ctl->nr_held = nr;
}

/* one period: read, decide and act for each memcg and node */
static void run_period(struct ar_ctl *ctl)
{
	char fields[PATH_MAX * 3 + 512];
	const struct lrugen_model *mod = &ctl->s.model;
	int i, k, err, slot[LRUGEN_MAX_NODES];
	bool refreshed;
	size_t l;

	refreshed = session_refresh(&ctl->s) >= 0;
	for (k = 0; k < LRUGEN_MAX_NODES; k++)
		slot[k] = -1;
	for (k = 0; k < ctl->nr_nids; k++)
		slot[ctl->nids[k]] = k;
	if (refreshed)
		update_held(ctl, slot, now_ms(ctl));

	for (i = 0; i < ctl->nr_memcgs; i++) {
		struct ar_memcg *m = &ctl->memcgs[i];
		struct ar_reading r;
		uint64_t now, base = 0;

		if (m->gone)
			continue;
		if (!same_cgroup(m)) {
			log_gone(ctl, m, "cgroup-removed");
			continue;
		}
		err = read_memcg(m->fd, ctl->o.nid, &r);
		now = now_ms(ctl);
		if (gone_err(err)) {
			log_gone(ctl, m, "cgroup-removed");
			continue;
		}
		if (err || !refreshed) {
			for (k = 0; k < ctl->nr_nids; k++) {
				char p[PATH_MAX * 3];

				m->nodes[k].st.state = AR_ERROR;
				if (!refreshed)
					snprintf(m->nodes[k].reason, sizeof(m->nodes[k].reason), "lru_gen_full-unreadable");
				else
					snprintf(m->nodes[k].reason, sizeof(m->nodes[k].reason), "%s-%s",
						 r.file, errno_word(err == -EPROTO ? EPROTO : err));
				log_line(ctl, "error", "node=%d memcg=%s id=%" PRIu64 " reason=%s",
					 ctl->nids[k], esc(p, sizeof(p), m->path), m->id,
					 m->nodes[k].reason);
			}
			continue;
		}

		/* the subtree's lruvecs on each node */
		for (k = 0; k < ctl->nr_nids; k++)
			memset(&m->nodes[k].cold, 0, sizeof(m->nodes[k].cold));
		for (l = 0; l < mod->nr_lruvecs; l++) {
			const struct lrugen_lruvec *v = &mod->lruvecs[l];

			if (!v->memcg_id || v->nid < 0 || v->nid >= LRUGEN_MAX_NODES ||
			    slot[v->nid] < 0 || !in_subtree(m->path, v->path))
				continue;
			ar_tally(&ctl->o.c, v, held_lookup(ctl, v->memcg_id, v->nid), now,
				 &m->nodes[slot[v->nid]].cold);
		}
		/* the memory not known to be cold: the promotion rate's base */
		for (k = 0; k < ctl->nr_nids; k++)
			base += m->nodes[k].cold.ws + m->nodes[k].cold.uncertain + m->nodes[k].cold.fresh;
		ar_window_add(&m->win, now, r.refaults);
		ar_signals(&m->win, base, ctl->o.c.page_size, r.psi_us > m->psi_us ? r.psi_us - m->psi_us : 0,
			   now - m->psi_ms, &m->sig);
		m->psi_us = r.psi_us;
		m->psi_ms = now;

		for (k = 0; k < ctl->nr_nids && !m->gone; k++) {
			struct ar_node *n = &m->nodes[k];
			struct ar_input in = { .now_ms = now, .cold = n->cold, .current = r.current,
					       .sig = m->sig };
			struct ar_decision d;
			char p[PATH_MAX * 3];

			/* after a request on another node, what is left */
			if (k) {
				err = read_current(m->fd, &in.current);
				if (gone_err(err)) {
					log_gone(ctl, m, "cgroup-removed");
					break;
				}
				if (err)
					in.current = r.current;
			}
			ar_decide(&ctl->o.c, &n->st, &in, &d);
			snprintf(n->reason, sizeof(n->reason), "%s", ar_reason_name(d.reason));
			if (d.resumed)
				log_line(ctl, "resume", "node=%d memcg=%s id=%" PRIu64 " backoff_ms=%" PRIu64,
					 ctl->nids[k], esc(p, sizeof(p), m->path), m->id, d.resumed_ms);
			if (d.state == AR_RECLAIM) {
				reclaim(ctl, m, k, &d, in.current);
				continue;
			}
			common_fields(fields, sizeof(fields), ctl, m, k, n->reason, in.current);
			if (d.state == AR_DRY_RUN)
				log_line(ctl, "dry-run", "%s request=%" PRIu64 " reclaimed=0 ms=0", fields,
					 d.request);
			else if (d.state == AR_BACKOFF)
				log_line(ctl, "backoff", "%s backoff_ms=%" PRIu64 " left_ms=%" PRIu64, fields,
					 d.backoff_ms, d.left_ms);
			else
				log_line(ctl, arstate_name(d.state), "%s", fields);
		}
	}
}

/* add a generation to each lruvec of the memcgs' subtrees on the nodes */
static void age(struct ar_ctl *ctl)
{
	const struct lrugen_model *mod = &ctl->s.model;
	bool watched[LRUGEN_MAX_NODES] = { false };
	char p[PATH_MAX * 3];
	size_t l;
	int i, k;

	if (session_refresh(&ctl->s) < 0)
		return;
	for (k = 0; k < ctl->nr_nids; k++)
		watched[ctl->nids[k]] = true;
	for (i = 0; i < ctl->nr_memcgs; i++) {
		struct ar_memcg *m = &ctl->memcgs[i];

		if (m->gone)
			continue;
		if (!same_cgroup(m)) {
			log_gone(ctl, m, "cgroup-removed");
			continue;
		}
		for (l = 0; l < mod->nr_lruvecs; l++) {
			const struct lrugen_lruvec *v = &mod->lruvecs[l];
			struct action_result r;
			int err;

			if (!v->memcg_id || v->nid < 0 || v->nid >= LRUGEN_MAX_NODES || !watched[v->nid] ||
			    !in_subtree(m->path, v->path))
				continue;
			err = do_age(v, &r);
			log_line(ctl, "age", "node=%d memcg=%s id=%" PRIu64 " seq=%" PRIu64 " result=%s",
				 v->nid, esc(p, sizeof(p), v->path), v->memcg_id, v->max_seq + 1,
				 err ? errno_word(err) : "ok");
		}
	}
}

/* sleep until @t (seconds, CLOCK_MONOTONIC) or a signal; -1 if stopped */
static int wait_until(double t)
{
	while (!session_stop) {
		double left = t - now_s();
		struct timespec ts;

		if (left <= 0)
			return 0;
		if (left > 0.2)
			left = 0.2;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
	return -1;
}

static bool any_left(const struct ar_ctl *ctl)
{
	int i;

	for (i = 0; i < ctl->nr_memcgs; i++)
		if (!ctl->memcgs[i].gone)
			return true;
	return false;
}

static const char *run(struct ar_ctl *ctl)
{
	const struct ar_opts *o = &ctl->o;
	double period = o->c.period_ms / 1000.0, interval = o->interval_ms / 1000.0;
	double start = now_s(), next_decide = start + period, next_age = start;
	/* from here: the checks before may have taken a while */
	double end = o->duration_ms ? start + o->duration_ms / 1000.0 : INFINITY;
	bool aging = o->interval_ms && !o->c.dry_run;

	write_state(ctl);
	while (!session_stop) {
		double t = next_decide, now;

		if (aging && next_age < t)
			t = next_age;
		if (end < t)
			t = end;
		if (wait_until(t))
			break;
		now = now_s();
		if (now >= end)
			return "duration";
		if (!any_left(ctl))
			return "no-memcgs-left";
		/*
		 * Decide before aging when both are due: right after an aging
		 * the oldest bin's lower bound sits on the target age and
		 * could read a millisecond short of it.
		 */
		if (now >= next_decide) {
			run_period(ctl);
			write_state(ctl);
			while (next_decide <= now_s())
				next_decide += period;
		}
		if (!any_left(ctl))
			return "no-memcgs-left";
		if (aging && now_s() >= next_age) {
			age(ctl);
			while (next_age <= now_s())
				next_age += interval;
		}
	}
	switch (ar_signal) {
	case SIGTERM:
		return "sigterm";
	case SIGHUP:
		return "sighup";
	default:
		return "sigint";
	}
}

static void log_config(struct ar_ctl *ctl)
{
	const struct ar_config *c = &ctl->o.c;
	char p[PATH_MAX * 3];
	int i, k;

	log_line(ctl, "config",
		 "age_ms=%" PRIu64 " age_interval_ms=%" PRIu64 " period_ms=%" PRIu64
		 " swappiness=%s max_promotion_pct=%g max_psi_pct=%g max_step=%" PRIu64
		 " min_size=%" PRIu64 " settle_ms=%" PRIu64 " dry_run=%d state=%s",
		 c->age_ms, ctl->o.interval_ms, c->period_ms,
		 ctl->o.swappiness ? ctl->o.swappiness : "default", c->max_promotion_pct,
		 c->max_psi_pct, c->max_step, c->min_size, c->settle_ms, c->dry_run,
		 esc(p, sizeof(p), ctl->state_arg));
	for (i = 0; i < ctl->nr_memcgs; i++)
		for (k = 0; k < ctl->nr_nids; k++)
			log_line(ctl, "start", "node=%d memcg=%s id=%" PRIu64, ctl->nids[k],
				 esc(p, sizeof(p), ctl->memcgs[i].path), ctl->memcgs[i].id);
}

static void cleanup(struct ar_ctl *ctl)
{
	int i;

	for (i = 0; ctl->memcgs && i < ctl->nr_memcgs; i++) {
		if (ctl->memcgs[i].fd >= 0)
			close(ctl->memcgs[i].fd);
		free(ctl->memcgs[i].nodes);
	}
	free(ctl->memcgs);
	free(ctl->held);
	session_close(&ctl->s);
}

/**
 * cmd_autoreclaim() - lrugen autoreclaim: the SLO-guarded cold-memory controller
 * @argc: arguments, the subcommand's name first
 * @argv: "autoreclaim", then the options of lrugen help autoreclaim and
 *        the memcgs
 *
 * Checks the command line, then the system (root, cgroup2, MGLRU, debugfs
 * lru_gen when it ages, the nodes and their reclaim files, each memcg and
 * its memory controller and PSI, the state file), refusing with exit
 * status 2 and nothing written. Then, until a signal, --duration or the
 * last memcg's removal: every -d seconds it decides for each memcg and
 * node, and every -i seconds ages their subtrees' lruvecs; each decision
 * is a line on stdout, and the state file is rewritten after each period
 * and removed at exit.
 *
 * Return: the exit status: 0 when it stopped as asked, 2 when it refused
 * to start.
 */
int cmd_autoreclaim(int argc, char **argv)
{
	struct ar_ctl ctl;
	const char *why;
	int ret;

	memset(&ctl, 0, sizeof(ctl));
	ret = parse_opts(argc, argv, &ctl.o);
	if (ret >= 0)
		return ret;
	catch_signals();
	ctl.t0 = now_s();
	if (check_system(&ctl) || check_state(&ctl)) {
		cleanup(&ctl);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_config(&ctl);
	why = run(&ctl);
	unlink(ctl.state_path);
	log_line(&ctl, "exit", "reason=%s requests=%" PRIu64 " requested=%" PRIu64 " reclaimed=%" PRIu64,
		 why, ctl.requests, ctl.requested, ctl.reclaimed);
	cleanup(&ctl);
	return 0;
}
