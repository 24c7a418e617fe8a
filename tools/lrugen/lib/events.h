/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding our lru_gen events (tracepoints/formats/) into the model. Kept
 * apart from tracefs so the unit tests feed it records built from the
 * contract's format files.
 */
#ifndef LRUGEN_EVENTS_H
#define LRUGEN_EVENTS_H

#include <event-parse.h>

#include "model.h"

/* The events lrugen reads; a kernel may lack some (then id is -1). */
enum {
	EVT_BIRTH,
	EVT_RETIRE,
	EVT_EVICT,
	EVT_AGING_END,
	EVT_PROACTIVE_END,
	EVT_NR,
};

#define EVT_MAX_FIELDS 8

struct event_decoder {
	struct {
		struct tep_format_field *field[EVT_MAX_FIELDS];
		int id;
	} ev[EVT_NR];
};

extern const char *const event_names[EVT_NR];
extern const char *const event_systems[EVT_NR];

/*
 * Find our events and their fields in @tep. Returns how many events were
 * found with every field they need.
 */
int decoder_init(struct event_decoder *d, struct tep_handle *tep);

/*
 * Apply one record to the model: log it and add it to its node's and
 * lruvec's counters. Returns 1 if the record was one of ours, else 0.
 */
int decoder_apply(const struct event_decoder *d, int event_id,
		  struct tep_record *rec, struct lrugen_model *m);

#endif
