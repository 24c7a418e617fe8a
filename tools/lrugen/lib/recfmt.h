/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The snapshot stream of a recording: how lrugen record turns each sample
 * of the model into text lines carried by trace markers, and how a reader
 * turns them back into the same sample. Documentation/guide/recording-format.rst
 * is the contract; this is its one implementation. Nothing here touches
 * tracefs or a file: the writer hands out buffers, the reader takes lines.
 */
#ifndef LRUGEN_RECFMT_H
#define LRUGEN_RECFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* the version this lrugen writes, and the newest it reads */
#define RECFMT_VERSION		1
/* every line of ours starts with this; a reader ignores other markers */
#define RECFMT_PREFIX		"lrugen "
/* the most bytes one marker write carries (the kernel takes up to 4 KiB) */
#define RECFMT_MARKER_MAX	3072
/*
 * an unchanged lruvec is resent when its ages drift further than this, or
 * than the snapshot's read time (READ_MS) when that is longer
 */
#define RECFMT_AGE_TOLERANCE_MS	50
/* a keyframe every this many snapshots, unless the recorder says otherwise */
#define RECFMT_KEYFRAME_EVERY	60

/**
 * struct rec_header - what a reader needs to know about the recording
 * @version: format version (RECFMT_VERSION when written)
 * @release: the kernel's release (uname -r)
 * @host: the host name
 * @interval_ms: milliseconds between snapshots (-d)
 * @ticks_per_s: clock ticks per second, for kswapd's CPU time
 * @keyframe_every: a full snapshot every this many (the others are deltas)
 * @age_tolerance_ms: how far an age of a snapshot may be from what the
 *                    kernel printed, at least; a snapshot whose read took
 *                    longer allows its read time (rec_snapshot_info)
 * @nodes: the nodes with memory, a bitmask
 * @start_ms: the wall clock (CLOCK_REALTIME) when the first snapshot was
 *            read, in milliseconds since the epoch; 0 when not known (a
 *            recording written before the key was added)
 * @start_mono_ms: the same moment on CLOCK_MONOTONIC, as the S lines give
 *                 it (MONO_MS); 0 when not known
 * @enabled: /sys/kernel/mm/lru_gen/enabled when recording began
 * @min_ttl_ms: /sys/kernel/mm/lru_gen/min_ttl_ms then
 * @instance: the tracefs instance the recording was made in
 * @command: the command that ran (-- COMMAND), "" when none
 *
 * rec_write_header() writes the writer's own keyframe_every and
 * RECFMT_AGE_TOLERANCE_MS, whatever @keyframe_every and @age_tolerance_ms
 * hold, so that the header cannot disagree with the stream.
 */
struct rec_header {
	int version;
	char release[65];
	char host[65];
	unsigned int interval_ms;
	long ticks_per_s;
	unsigned int keyframe_every;
	unsigned int age_tolerance_ms;
	uint64_t nodes;
	uint64_t start_ms;
	uint64_t start_mono_ms;
	unsigned int enabled;
	unsigned int min_ttl_ms;
	char instance[64];
	char command[1024];
};

/*
 * emit - one marker's worth of whole lines, each ended by '\n', at most
 * RECFMT_MARKER_MAX bytes. Returns 0, or -errno to stop the writer.
 */
typedef int (*rec_emit_fn)(void *ctx, const char *buf, size_t len);

struct rec_writer;

struct rec_writer *rec_writer_new(unsigned int keyframe_every);
void rec_writer_free(struct rec_writer *w);
int rec_write_header(struct rec_writer *w, const struct rec_header *h,
		     rec_emit_fn emit, void *ctx);
int rec_write_snapshot(struct rec_writer *w, const struct lrugen_model *m,
		       uint64_t mono_ms, rec_emit_fn emit, void *ctx);
int rec_write_end(struct rec_writer *w, const char *reason, int status,
		  uint64_t lost, rec_emit_fn emit, void *ctx);

/**
 * struct rec_writer_stats - what a writer has written so far
 * @bytes: bytes handed to emit
 * @markers: buffers handed to emit
 * @snapshots: snapshots written
 * @keyframes: of them, keyframes
 * @last_read_ms: the READ_MS of the last snapshot's S line
 * @last_bytes: bytes of the last snapshot
 * @last_sent: lruvecs the last snapshot carried (all of them in a keyframe)
 * @last_keyframe: the last snapshot was a keyframe
 */
struct rec_writer_stats {
	uint64_t bytes;
	uint64_t markers;
	uint64_t snapshots;
	uint64_t keyframes;
	uint64_t last_read_ms;
	size_t last_bytes;
	size_t last_sent;
	bool last_keyframe;
};

void rec_writer_stats(const struct rec_writer *w, struct rec_writer_stats *st);

/**
 * enum rec_line_result - what a line did to the reader
 * @REC_LINE_IGNORED: not one of ours (another marker), or nothing to do
 * @REC_LINE_OK: taken
 * @REC_LINE_HEADER: the header is now known (rec_reader.header)
 * @REC_LINE_SNAPSHOT: a snapshot is complete: rec_reader_fill() gives it
 * @REC_LINE_END: the end of the recording
 * @REC_LINE_BAD: a line of ours that does not parse, or a snapshot that
 *                does not add up; the reader skips to the next keyframe
 * @REC_LINE_VERSION: the recording is of a newer format than we read
 */
enum rec_line_result {
	REC_LINE_IGNORED,
	REC_LINE_OK,
	REC_LINE_HEADER,
	REC_LINE_SNAPSHOT,
	REC_LINE_END,
	REC_LINE_BAD,
	REC_LINE_VERSION,
};

/*
 * The reader keeps the state the lines have built (lruvecs in the order of
 * the file, nodes, globals, the memcg map). rec_reader_fill() makes the
 * last complete snapshot the model's sample exactly as the snapshot source
 * does live: the lruvecs go into model_next_set(), the nodes' and global
 * counters into the model, then model_commit() at the snapshot's time (the
 * trace timestamp of its S line, in seconds) and model_update_rates() with
 * the header's ticks_per_s. It can be called once a line returned
 * REC_LINE_SNAPSHOT and until the next S line; at any other time it fails
 * with -EAGAIN and leaves the model alone. rec_reader_reset() forgets
 * everything but the header and the memcg map, to start again from a
 * keyframe (every keyframe carries the M lines of the memcgs it names).
 *
 * rec_reader_line() takes one line, with or without its '\n'; @line need
 * not end with a NUL. Lines that are not ours are REC_LINE_IGNORED. After
 * REC_LINE_BAD (the reason is in @err) the reader ignores snapshots until
 * the next keyframe.
 */
struct rec_reader;

struct rec_reader *rec_reader_new(void);
void rec_reader_free(struct rec_reader *r);
void rec_reader_reset(struct rec_reader *r);
enum rec_line_result rec_reader_line(struct rec_reader *r, const char *line, size_t len,
				     uint64_t ts_ns, char *err, size_t errlen);
const struct rec_header *rec_reader_header(const struct rec_reader *r);
int rec_reader_fill(struct rec_reader *r, struct lrugen_model *m, uint64_t *ts_ns);

/**
 * struct rec_snapshot_info - the last snapshot the reader completed
 * @n: its number, from 0
 * @mono_ms: when it was read, in ms on the recording machine's CLOCK_MONOTONIC
 * @read_ms: how long reading lru_gen_full took (READ_MS of its S line; 0
 *           in a recording written before the field)
 * @tolerance_ms: how far each of its ages may be from what lru_gen_full
 *                printed: the larger of the header's tolerance_ms and
 *                @read_ms
 * @ts_ns: the trace timestamp of its S line
 * @nr_lruvecs: lruvecs in it
 * @keyframe: it was a keyframe (a reader can start from it after a reset)
 */
struct rec_snapshot_info {
	uint64_t n;
	uint64_t mono_ms;
	uint64_t read_ms;
	uint64_t tolerance_ms;
	uint64_t ts_ns;
	size_t nr_lruvecs;
	bool keyframe;
};

/**
 * struct rec_end - the X line: how the recording ended
 * @seen: there was one (a recording cut short has none)
 * @status: the command's exit status, or the recorder's
 * @lost: events the ring buffer lost, as the recorder counted them
 * @reason: why it ended ("exit", "signal", "duration", ...)
 */
struct rec_end {
	bool seen;
	int status;
	uint64_t lost;
	char reason[64];
};

int rec_reader_snapshot_info(const struct rec_reader *r, struct rec_snapshot_info *info);
const struct rec_end *rec_reader_end(const struct rec_reader *r);
size_t rec_reader_nr_memcgs(const struct rec_reader *r);
int rec_reader_memcg(const struct rec_reader *r, size_t ref, uint64_t *memcg_id,
		     const char **path);

#endif
