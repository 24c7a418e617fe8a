/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding our lru_gen events (tracepoints/formats/) and applying them to
 * the model, in two steps: the live trace source does both at once, a
 * replayed recording decodes every event once and applies them as it
 * plays. Kept apart from tracefs so the unit tests feed it records built
 * from the contract's format files.
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

/**
 * struct event_decoder - how to read each of the events lrugen reads
 * @ev: per event, EVT_BIRTH to EVT_PROACTIVE_END
 * @ev.field: its fields, in the order decoder_decode() reads them; NULL
 *            after the last
 * @ev.id: its id in the trace, or -1 when the kernel lacks the event or
 *         one of its fields
 * @ev.size: the bytes a record must have to hold every one of @ev.field
 */
struct event_decoder {
	struct {
		struct tep_format_field *field[EVT_MAX_FIELDS];
		int id;
		int size;
	} ev[EVT_NR];
};

/* per EVT_*: the event's name, and its system (lru_gen or vmscan) */
extern const char *const event_names[EVT_NR];
extern const char *const event_systems[EVT_NR];

int decoder_init(struct event_decoder *d, struct tep_handle *tep);
int decoder_decode(const struct event_decoder *d, int event_id,
		   struct tep_record *rec, struct lrugen_event *ev);
void event_apply(struct lrugen_model *m, const struct lrugen_event *ev);
int decoder_apply(const struct event_decoder *d, int event_id,
		  struct tep_record *rec, struct lrugen_model *m);

#endif
