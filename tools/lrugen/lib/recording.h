/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a recording back: a trace.dat, written by lrugen record or by
 * plain trace-cmd record -e lru_gen, loaded into memory once through
 * libtracecmd (recording.c), and the source that replays it into the model
 * one snapshot at a time (replay.c), with the time controls lrugen top
 * --replay and lrugen snapshot --replay use.
 */
#ifndef LRUGEN_RECORDING_H
#define LRUGEN_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "model.h"
#include "source.h"

/**
 * struct rec_line - one of our marker lines ("lrugen X ..."), as recorded
 * @ts_ns: the trace timestamp of the marker that carried it
 * @off: where it starts in &recording.arena
 * @len: its length, without the newline
 * @type: its type letter (H, S, E...), kept here so that indexing the
 *        lines does not read the text (in what was padding)
 */
struct rec_line {
	uint64_t ts_ns;
	uint64_t off;
	uint32_t len;
	char type;
};

/**
 * struct rec_snap - one snapshot of a recording, from its S line to its E line
 * @ts_ns: the trace timestamp of its S line: the snapshot's time
 * @number: the number its S line gives it
 * @mono_ms: the MONO_MS its S line gives it: when it was read, in ms on
 *           the recording machine's CLOCK_MONOTONIC
 * @first_line: the index of its S line in &recording.lines
 * @end_line: the index of its E line; that of the last line it got when
 *            the recording ends inside it (@complete is then false)
 * @keyframe: a full snapshot, from which the reader can start afresh
 * @complete: its E line was seen
 * @usable: complete, read on from a keyframe, and not found damaged when
 *          its lines were read (replay.c reads them when a frame needs
 *          them)
 */
struct rec_snap {
	uint64_t ts_ns;
	uint64_t number;
	uint64_t mono_ms;
	size_t first_line;
	size_t end_line;
	bool keyframe;
	bool complete;
	bool usable;
};

/**
 * struct rec_lost - a place where the ring buffer lost events
 * @ts_ns: the time of the first record after the loss
 * @count: how many were lost; 0 when the kernel did not count them
 * @seq: that record's number in the buffer, as &lrugen_edge.seq
 * @ev_before: the events loaded before it, as &lrugen_edge.ev_before
 */
struct rec_lost {
	uint64_t ts_ns;
	uint64_t count;
	uint64_t seq;
	uint64_t ev_before;
};

/**
 * struct rec_cgroup - a memcg made or removed while recording (cgroup events)
 * @ts_ns: when
 * @id: its cgroup id (the inode number, as the lru_gen events give it)
 * @path_off: its path in &recording.arena, NUL-terminated
 * @seq: the record's number in the buffer, as &lrugen_edge.seq
 * @ev_before: the events loaded before it, as &lrugen_edge.ev_before
 * @removed: cgroup_rmdir, not cgroup_mkdir
 */
struct rec_cgroup {
	uint64_t ts_ns;
	uint64_t id;
	uint64_t path_off;
	uint64_t seq;
	uint64_t ev_before;
	bool removed;
};

/**
 * struct rec_task - a task that began or ended an edge, and its name
 * @pid: its pid (common_pid)
 * @comm: its name, as the file's saved command lines give it; "<...>"
 *        when they do not
 */
struct rec_task {
	int32_t pid;
	char comm[20];
};

/**
 * struct recording - what a trace.dat holds for lrugen, in memory
 * @path: the file
 * @buffer: the buffer it was read from: an instance's name, or "" for
 *          the top buffer
 * @ev: the events lrugen shows, decoded, in time order
 * @nr_ev: how many
 * @edges: the begin and end events (EDGE_*: aging walks, proactive
 *         requests, kswapd awake, direct and node reclaims), decoded with
 *         their task, in time order; the ends of aging walks and proactive
 *         requests are in @ev too
 * @nr_edges: how many
 * @tasks: the tasks of @edges, each pid once
 * @nr_tasks: how many
 * @lines: our marker lines, in time order
 * @nr_lines: how many
 * @arena: the text of @lines and the paths of @cgroups
 * @arena_len: bytes used in @arena
 * @snaps: the snapshots (S to E lines), in the order of the file
 * @nr_snaps: how many
 * @lost: where the ring buffer lost events
 * @nr_lost: how many places
 * @cgroups: memcgs made and removed while recording
 * @nr_cgroups: how many
 * @header_line: the index of the H line in @lines; meaningful when
 *               @has_header is set
 * @has_header: an H line was found: the file is lrugen's
 * @first_ts: the time of the first record lrugen reads (event or line)
 * @last_ts: the time of the last one
 * @nr_found: how many of the event kinds lrugen reads the file's formats
 *            have
 * @ev_signed: per EVT_*, bit i set when field i (event_fields[]) is
 *             signed in the file's format
 * @edge_signed: per EDGE_*, the same for edge_fields[]
 * @records: records read from the buffer, ours or not
 * @ev_cap: entries @ev has room for (and likewise below)
 * @edges_cap: entries @edges has room for
 * @tasks_cap: entries @tasks has room for
 * @lines_cap: entries @lines has room for
 * @arena_cap: bytes @arena has room for
 * @snaps_cap: entries @snaps has room for
 * @lost_cap: entries @lost has room for
 * @cgroups_cap: entries @cgroups has room for
 * @map: when the arrays above were handed over from the loading child,
 *       the mapping they lie in (recording_free() unmaps it); else NULL
 * @map_len: its bytes
 */
struct recording {
	char *path;
	char buffer[256];
	struct lrugen_event *ev;
	size_t nr_ev;
	struct lrugen_edge *edges;
	size_t nr_edges;
	struct rec_task *tasks;
	size_t nr_tasks;
	struct rec_line *lines;
	size_t nr_lines;
	char *arena;
	size_t arena_len;
	struct rec_snap *snaps;
	size_t nr_snaps;
	struct rec_lost *lost;
	size_t nr_lost;
	struct rec_cgroup *cgroups;
	size_t nr_cgroups;
	size_t header_line;
	bool has_header;
	uint64_t first_ts;
	uint64_t last_ts;
	int nr_found;
	uint8_t ev_signed[EVT_NR];
	uint8_t edge_signed[EDGE_NR];
	uint64_t records;
	size_t ev_cap, lines_cap, arena_cap, snaps_cap, lost_cap, cgroups_cap;
	size_t edges_cap, tasks_cap;
	void *map;
	size_t map_len;
};

int recording_load(struct recording *r, const char *path, char *err, size_t errlen);
void recording_free(struct recording *r);
const char *recording_line(const struct recording *r, size_t i, size_t *len);
const char *recording_comm(const struct recording *r, int pid);
char recording_line_type(const struct recording *r, size_t i);
size_t recording_event_at(const struct recording *r, uint64_t ts_ns, bool after);

/* the replay: a source over a loaded recording, and its time controls */
struct replay;

struct replay *replay_open(const char *path, char *err, size_t errlen,
			   char *warn, size_t warnlen);
void replay_free(struct replay *rp);
const struct recording *replay_recording(const struct replay *rp);
struct source *replay_source(struct replay *rp);
size_t replay_count(const struct replay *rp);
long replay_pos(const struct replay *rp);
bool replay_at_end(const struct replay *rp);
int replay_seek(struct replay *rp, struct lrugen_model *m, size_t frame,
		char *err, size_t errlen);
int replay_check(struct replay *rp, char *err, size_t errlen);
const char *replay_new_warning(struct replay *rp);
int replay_step(struct replay *rp, struct lrugen_model *m, int dir,
		char *err, size_t errlen);
double replay_time(const struct replay *rp, size_t frame);
double replay_length(const struct replay *rp);
long replay_frame_at(const struct replay *rp, double sec);
double replay_interval(const struct replay *rp);
bool replay_is_plain(const struct replay *rp);
const char *replay_host(const struct replay *rp);
const char *replay_file(const struct replay *rp);
const char *replay_notice(const struct replay *rp);
const char *replay_clock(const struct replay *rp, long frame, char *buf, size_t size);
const char *replay_wall_clock(const struct replay *rp, long frame, char *buf, size_t size);

#endif
