// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot stream of a recording (recfmt.h). Placeholder: the writer
 * and the reader are being written; every call fails for now.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "recfmt.h"

struct rec_writer *rec_writer_new(unsigned int keyframe_every)
{
	(void)keyframe_every;
	return NULL;
}

void rec_writer_free(struct rec_writer *w)
{
	(void)w;
}

int rec_write_header(struct rec_writer *w, const struct rec_header *h,
		     rec_emit_fn emit, void *ctx)
{
	(void)w; (void)h; (void)emit; (void)ctx;
	return -ENOSYS;
}

int rec_write_snapshot(struct rec_writer *w, const struct lrugen_model *m,
		       uint64_t mono_ms, rec_emit_fn emit, void *ctx)
{
	(void)w; (void)m; (void)mono_ms; (void)emit; (void)ctx;
	return -ENOSYS;
}

int rec_write_end(struct rec_writer *w, const char *reason, int status,
		  uint64_t lost, rec_emit_fn emit, void *ctx)
{
	(void)w; (void)reason; (void)status; (void)lost; (void)emit; (void)ctx;
	return -ENOSYS;
}

struct rec_reader *rec_reader_new(void)
{
	return NULL;
}

void rec_reader_free(struct rec_reader *r)
{
	(void)r;
}

void rec_reader_reset(struct rec_reader *r)
{
	(void)r;
}

enum rec_line_result rec_reader_line(struct rec_reader *r, const char *line, size_t len,
				     uint64_t ts_ns, char *err, size_t errlen)
{
	(void)r; (void)line; (void)len; (void)ts_ns;
	snprintf(err, errlen, "recordings are not read yet");
	return REC_LINE_BAD;
}

const struct rec_header *rec_reader_header(const struct rec_reader *r)
{
	(void)r;
	return NULL;
}

int rec_reader_fill(struct rec_reader *r, struct lrugen_model *m, uint64_t *ts_ns)
{
	(void)r; (void)m; (void)ts_ns;
	return -ENOSYS;
}
