/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A data source fills the model. The snapshot source reads lru_gen_full and
 * the per-node counters; the trace source drains our lru_gen events from a
 * private tracefs instance. A replayed recording would be one more.
 */
#ifndef LRUGEN_SOURCE_H
#define LRUGEN_SOURCE_H

#include <stddef.h>

#include "model.h"

struct source_ops {
	const char *name;
	/*
	 * 0 on success; > 0 when the source cannot run here and the tool
	 * should go on without it (the reason is in @err); < 0 when the tool
	 * cannot run at all (the reason is in @err).
	 */
	int (*open)(void *priv, struct lrugen_model *m, char *err, size_t errlen);
	/*
	 * 0; > 0 when the refresh went wrong but the model is still good (the
	 * last good one is kept; what happened is in @err); < 0 when the tool
	 * cannot go on (the reason is in @err).
	 */
	int (*refresh)(void *priv, struct lrugen_model *m, char *err, size_t errlen);
	void (*close)(void *priv);
};

struct source {
	const struct source_ops *ops;
	void *priv;
	int open;
};

/* Where the files are read from: "" normally, a directory in tests. */
extern const char *lrugen_root;

struct source *snapshot_source(void);
struct source *trace_source(void);
/* the ring buffer of lrugen's instance, per CPU (--buffer-kb) */
void trace_source_buffer_kb(unsigned int kb);

/* Called from a fatal signal handler: async-signal-safe cleanup only. */
void trace_source_emergency_cleanup(void);

#endif
