// SPDX-License-Identifier: GPL-2.0
/*
 * The live trace source: our lru_gen events, read from a private tracefs
 * instance named lrugen-NS-PID (NS: our PID namespace's inode). Nothing
 * outside that instance is changed, and the instance is removed at exit, on
 * SIGINT/SIGTERM, and on a crash (see trace_source_emergency_cleanup()).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <tracefs.h>

#include "events.h"
#include "parse.h"
#include "source.h"
#include "util.h"

/* the initial PID namespace's inode, as include/linux/proc_ns.h has it */
#define PROC_PID_INIT_INO 0xEFFFFFFCUL
#define MAX_CPUS 4096
#define BUFFER_KB 2048		/* per CPU, by default: about 40K of our events */

struct trace {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	struct event_decoder dec;
	struct lrugen_model *m;
	unsigned int buffer_kb;
	int nr_cpus;
	/* lost events per CPU, read from its stats once a record says so */
	bool lost_seen[MAX_CPUS];
	uint64_t lost[MAX_CPUS];
};

static struct trace tr = { .buffer_kb = BUFFER_KB };

/**
 * trace_source_buffer_kb() - set the size of the trace source's ring buffer
 * @kb: KiB per CPU (--buffer-kb); takes effect when the source opens
 */
void trace_source_buffer_kb(unsigned int kb)
{
	tr.buffer_kb = kb;
}

/* for the crash handler, which may only rmdir(2) */
static char instance_dir[PATH_MAX + sizeof("/instances/") + 64];

/*
 * The inode of our PID namespace. A kernel without CONFIG_PID_NS has no
 * /proc/self/ns/pid and only the initial namespace, whose inode is fixed.
 */
static unsigned long pid_ns_inode(void)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st))
		return PROC_PID_INIT_INO;
	return st.st_ino;
}

/*
 * Instances left by an lrugen that was killed with SIGKILL. tracefs is
 * shared by every PID namespace, and kill(pid, 0) only knows ours: an
 * instance from another namespace, or of the old lrugen-PID form, may
 * belong to a live lrugen and is left alone.
 */
static int remove_stale(const char *name, void *ctx)
{
	struct tracefs_instance *inst;
	long pid;

	pid = parse_instance_pid(name, *(unsigned long *)ctx);
	if (!pid || pid == getpid() || !kill(pid, 0) || errno != ESRCH)
		return 0;
	inst = tracefs_instance_alloc(NULL, name);
	if (inst) {
		tracefs_instance_destroy(inst);
		tracefs_instance_free(inst);
	}
	return 0;
}

/**
 * trace_instance_name() - the name of this lrugen's tracefs instance
 * @name: set to "lrugen-NS-PID" (NS: our PID namespace's inode)
 * @size: bytes at @name
 *
 * The trace source makes its instance under this name, and lrugen record
 * has trace-cmd make its own under it, so that the sweep of
 * trace_remove_stale_instances() finds what either left behind.
 */
void trace_instance_name(char *name, size_t size)
{
	snprintf(name, size, "lrugen-%lu-%d", pid_ns_inode(), getpid());
}

/**
 * trace_remove_stale_instances() - remove the instances of dead lrugens
 *
 * Removes each instance named lrugen-NS-PID of our PID namespace whose
 * lrugen no longer runs (one killed with SIGKILL). Instances of other
 * namespaces, and of the old lrugen-PID form, are left alone. tracefs must
 * have been found (tracefs_set_tracing_dir()) first.
 */
void trace_remove_stale_instances(void)
{
	unsigned long pid_ns = pid_ns_inode();

	tracefs_instances_walk(remove_stale, &pid_ns);
}

/**
 * trace_cpu_lost() - the events a CPU's ring buffer lost
 * @inst: the tracefs instance
 * @cpu: the CPU
 *
 * Return: the events overrun and dropped, from the CPU's stats file:
 * cumulative since the instance was made; 0 when the file cannot be read.
 */
uint64_t trace_cpu_lost(struct tracefs_instance *inst, int cpu)
{
	char file[64], *s, *p;
	uint64_t lost = 0;

	snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
	s = tracefs_instance_file_read(inst, file, NULL);
	if (!s)
		return 0;
	p = strstr(s, "overrun:");
	if (p)
		lost += strtoull(p + 8, NULL, 10);
	p = strstr(s, "dropped events:");
	if (p)
		lost += strtoull(p + 15, NULL, 10);
	free(s);
	return lost;
}

static int trace_open(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	struct trace *t = priv;
	static const char *const systems[] = { "lru_gen", "vmscan", NULL };
	static char tracing_dir[PATH_MAX];
	struct buf mounts = { 0 };
	char name[64];
	int i, found;

	t->m = m;
	/* a captured tree has no live events to go with it */
	if (*lrugen_root) {
		snprintf(err, errlen, "offline (LRUGEN_ROOT): snapshots only");
		return 1;
	}
	/*
	 * Find a mounted tracefs ourselves and hand it to libtracefs, which
	 * would otherwise mount one: lrugen changes nothing on the system
	 * beyond its own instance.
	 */
	if (read_file("/proc/mounts", &mounts) ||
	    parse_tracefs_mount(mounts.data, tracing_dir, sizeof(tracing_dir)) ||
	    tracefs_set_tracing_dir(tracing_dir)) {
		buf_free(&mounts);
		snprintf(err, errlen,
			 "tracefs is not mounted (lrugen does not mount it): showing snapshots only");
		return 1;
	}
	buf_free(&mounts);
	if (!tracefs_event_file_exists(NULL, "lru_gen", event_names[EVT_BIRTH], "format")) {
		snprintf(err, errlen, "no lru_gen events (a kernel without the lrugen series?): rates from snapshots only");
		return 1;
	}
	trace_remove_stale_instances();
	t->tep = tracefs_local_events_system(NULL, systems);
	if (!t->tep) {
		snprintf(err, errlen, "cannot parse the lru_gen event formats: showing snapshots only");
		return 1;
	}
	found = decoder_init(&t->dec, t->tep);
	if (!found) {
		snprintf(err, errlen, "the lru_gen events do not match tracepoints/formats: showing snapshots only");
		goto out_tep;
	}
	trace_instance_name(name, sizeof(name));
	/*
	 * Known to the crash handler before the directory exists: a signal
	 * that comes the moment it is made must still remove it.
	 */
	snprintf(instance_dir, sizeof(instance_dir), "%s/instances/%s", tracing_dir, name);
	t->inst = tracefs_instance_create(name);
	if (!t->inst) {
		instance_dir[0] = 0;
		snprintf(err, errlen, "cannot create tracefs instance %s: %s: showing snapshots only",
			 name, strerror(errno));
		goto out_tep;
	}
	tracefs_trace_off(t->inst);
	if (tracefs_instance_set_buffer_size(t->inst, t->buffer_kb, -1)) {
		snprintf(err, errlen, "cannot set a buffer of %u KiB per CPU in %s: showing snapshots only",
			 t->buffer_kb, name);
		goto out_inst;
	}
	for (i = 0; i < EVT_NR; i++) {
		if (t->dec.ev[i].id < 0)
			continue;
		if (tracefs_event_enable(t->inst, event_systems[i], event_names[i])) {
			snprintf(err, errlen, "cannot enable %s:%s: showing snapshots only",
				 event_systems[i], event_names[i]);
			goto out_inst;
		}
	}
	t->nr_cpus = sysconf(_SC_NPROCESSORS_CONF);
	if (t->nr_cpus < 1 || t->nr_cpus > MAX_CPUS)
		t->nr_cpus = MAX_CPUS;
	if (tracefs_trace_on(t->inst)) {
		snprintf(err, errlen, "cannot turn tracing on in %s: showing snapshots only", name);
		goto out_inst;
	}
	m->events_live = true;
	if (found < EVT_NR) {
		snprintf(err, errlen, "only %d of %d lru_gen events found", found, EVT_NR);
		return 1;
	}
	return 0;
out_inst:
	tracefs_instance_destroy(t->inst);
	tracefs_instance_free(t->inst);
	t->inst = NULL;
	instance_dir[0] = 0;
out_tep:
	tep_free(t->tep);
	t->tep = NULL;
	return 1;
}

/*
 * libtracefs marks the first record read after the ring buffer lost events
 * (missed_events, a count, or -1 when the kernel could not keep it): only
 * then are that CPU's stats read for the exact figure, not on every
 * refresh for every CPU.
 */
static int on_record(struct tep_event *event, struct tep_record *rec, int cpu, void *ctx)
{
	struct trace *t = ctx;

	if (rec->missed_events && cpu >= 0 && cpu < t->nr_cpus)
		t->lost_seen[cpu] = true;
	decoder_apply(&t->dec, event->id, rec, t->m);
	return 0;
}

static int trace_refresh(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	struct trace *t = priv;
	int cpu;

	if (!t->inst)
		return 0;
	if (tracefs_iterate_raw_events(t->tep, t->inst, NULL, 0, on_record, t) < 0) {
		snprintf(err, errlen, "reading events from %s failed", instance_dir);
		return -1;
	}
	for (cpu = 0; cpu < t->nr_cpus; cpu++) {
		if (!t->lost_seen[cpu])
			continue;
		t->lost_seen[cpu] = false;
		t->lost[cpu] = trace_cpu_lost(t->inst, cpu);
	}
	m->ev_lost = 0;
	for (cpu = 0; cpu < t->nr_cpus; cpu++)
		m->ev_lost += t->lost[cpu];
	return 0;
}

static void trace_close(void *priv)
{
	struct trace *t = priv;

	if (t->inst) {
		tracefs_trace_off(t->inst);
		tracefs_instance_destroy(t->inst);
		tracefs_instance_free(t->inst);
		t->inst = NULL;
	}
	instance_dir[0] = 0;
	tep_free(t->tep);
	t->tep = NULL;
}

/**
 * trace_source_emergency_cleanup() - remove the tracefs instance, from a
 * fatal signal handler
 *
 * Async-signal-safe: closes file descriptors 3 to 1023 (open
 * trace_pipe_raw files keep the instance busy) and rmdir(2)s the instance.
 * Does nothing when no instance exists. The process must end right after.
 */
void trace_source_emergency_cleanup(void)
{
	int fd;

	if (!instance_dir[0])
		return;
	/* open trace_pipe_raw files hold the instance busy */
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	rmdir(instance_dir);
}

static const struct source_ops trace_ops = {
	.name = "trace",
	.open = trace_open,
	.refresh = trace_refresh,
	.close = trace_close,
};

static struct source trace_src = { .ops = &trace_ops, .priv = &tr };

/**
 * trace_source() - the source that reads lrugen's events from tracefs
 *
 * Opening it finds a mounted tracefs (it never mounts one), removes
 * instances that a killed lrugen of the same PID namespace left behind,
 * and makes a private instance, lrugen-NS-PID, with the lru_gen and
 * proactive reclaim events it found enabled. It declines (> 0: the tool
 * goes on without events) under LRUGEN_ROOT, when tracefs or the events
 * are missing, or when the instance cannot be set up. Each refresh applies
 * the new records to the model and counts the events the ring buffer
 * lost.
 *
 * Return: the one trace source.
 */
struct source *trace_source(void)
{
	return &trace_src;
}
