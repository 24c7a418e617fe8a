/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A data source fills the model. The snapshot source reads lru_gen_full and
 * the per-node counters; the trace source drains our lru_gen events from a
 * private tracefs instance; the replay source (recording.h) steps through a
 * recording, events and snapshots, in place of both.
 */
#ifndef LRUGEN_SOURCE_H
#define LRUGEN_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct tracefs_instance;

/**
 * struct source_ops - what a data source does
 * @name: its name, "snapshot" or "trace"
 * @open: get ready to fill the model @m. Returns 0; > 0 when the source
 *        cannot run here and the tool should go on without it; < 0 when
 *        the tool cannot run at all. In both cases the reason is in @err,
 *        a buffer of @errlen bytes.
 * @refresh: add what is new to @m. Returns 0; > 0 when the refresh went
 *           wrong but the model is still good (the last good one is kept,
 *           and what happened is in @err); < 0 when the tool cannot go on
 *           (the reason is in @err).
 * @close: let go of everything @open and @refresh took
 *
 * Each is called with the source's priv.
 */
struct source_ops {
	const char *name;
	int (*open)(void *priv, struct lrugen_model *m, char *err, size_t errlen);
	int (*refresh)(void *priv, struct lrugen_model *m, char *err, size_t errlen);
	void (*close)(void *priv);
};

/**
 * struct source - a data source
 * @ops: what it does
 * @priv: its state, passed to each of @ops
 * @open: whether it is open, so that the session closes it once
 */
struct source {
	const struct source_ops *ops;
	void *priv;
	int open;
};

/* Where the files are read from: "" normally, a directory in tests. */
extern const char *lrugen_root;

struct source *snapshot_source(void);
struct source *trace_source(void);
void trace_source_buffer_kb(unsigned int kb);
void trace_source_emergency_cleanup(void);
void trace_instance_name(char *name, size_t size);
void trace_remove_stale_instances(void);
uint64_t trace_cpu_lost(struct tracefs_instance *inst, int cpu);

#endif
