/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The recorder behind lrugen record: it runs trace-cmd record on a private
 * tracefs instance, gives lrugen that instance's trace_marker for the
 * snapshot stream (recfmt.h), reads the instance's counters for the
 * progress line, watches the free space that trace-cmd needs to finish,
 * and stops trace-cmd so that it writes a whole trace.dat and removes the
 * instance; when trace-cmd cannot, the recorder removes what it left.
 */
#ifndef LRUGEN_RECORDER_H
#define LRUGEN_RECORDER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RECORDER_MAX_EVENTS	32

/**
 * struct recorder - one trace-cmd record run
 * @trace_cmd: the trace-cmd binary, found on the PATH
 * @tracing_dir: where tracefs is mounted
 * @instance_dir: the instance's directory in tracefs
 * @output: the trace.dat to write, as given (-o)
 * @out_dir: its directory, whose file system is watched, and where
 *           trace-cmd runs
 * @out_name: its name in @out_dir
 * @missing: the events of ours this kernel lacks, space separated
 * @instance: the instance's name, lrugen-NS-PID (trace_instance_name())
 * @events: the events passed to trace-cmd, "system" or "system:event"
 * @nr_events: how many
 * @meta_bytes: what trace-cmd adds to the file besides the events: the
 *              kernel's symbols and the event formats
 * @ring_bytes: the instance's ring buffers, all CPUs
 * @last_temp: the temporary files' size at the last space check
 * @buffer_kb: the ring buffer per CPU (--buffer-kb)
 * @nr_cpus: CPUs that may have a ring buffer and a temporary file
 * @pid: trace-cmd's pid; 0 when it has ended (and been waited for)
 * @pgid: its process group, which its per-CPU readers share; it outlives
 *        trace-cmd while they do; 0 before trace-cmd started
 * @status: its wait status, once it ended
 * @marker_fd: the instance's trace_marker, -1 when closed
 * @log_fd: a memfd that holds trace-cmd's standard output and error
 * @ftrace_enabled: /proc/sys/kernel/ftrace_enabled before trace-cmd ran
 *                  (trace-cmd sets it to 1, and restores it only when it
 *                  ends normally); -1 when there is no such file
 */
struct recorder {
	char trace_cmd[PATH_MAX];
	char tracing_dir[PATH_MAX];
	char instance_dir[PATH_MAX + 80];
	char output[PATH_MAX];
	char out_dir[PATH_MAX];
	char out_name[PATH_MAX];
	char missing[512];
	char instance[64];
	const char *events[RECORDER_MAX_EVENTS];
	int nr_events;
	uint64_t meta_bytes;
	uint64_t ring_bytes;
	uint64_t last_temp;
	unsigned int buffer_kb;
	int nr_cpus;
	pid_t pid;
	pid_t pgid;
	int status;
	int marker_fd;
	int log_fd;
	int ftrace_enabled;
};

/**
 * struct recorder_counts - how the recording stands
 * @events: events in the instance's ring buffers and read from them (our
 *          markers included), summed over the CPUs
 * @lost: events the ring buffers lost (overrun and dropped)
 * @bytes: what trace-cmd's temporary files hold so far, and the events
 *         still in the ring buffers; the finished file's size once
 *         trace-cmd has ended
 */
struct recorder_counts {
	uint64_t events;
	uint64_t lost;
	uint64_t bytes;
};

int recorder_check(struct recorder *r, const char *output, unsigned int buffer_kb,
		   char *err, size_t errlen);
int recorder_start(struct recorder *r, char *err, size_t errlen);
int recorder_emit(void *ctx, const char *buf, size_t len);
bool recorder_running(struct recorder *r);
void recorder_counts(struct recorder *r, struct recorder_counts *c);
int recorder_check_space(struct recorder *r, char *msg, size_t msglen);
int recorder_stop(struct recorder *r, char *err, size_t errlen);
void recorder_kill(struct recorder *r);

#endif
