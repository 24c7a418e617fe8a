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

/*
 * The begins and ends of what lasts: an aging walk, a proactive reclaim
 * request, kswapd awake, a direct or a node reclaim. decoder_edge() reads
 * them with their task into a &struct lrugen_edge; the two ends that are
 * also EVT_* events (aging and proactive) are read both ways.
 */
enum {
	EDGE_AGING_BEGIN,
	EDGE_AGING_END,
	EDGE_PROACTIVE_BEGIN,
	EDGE_PROACTIVE_END,
	EDGE_KSWAPD_WAKE,
	EDGE_KSWAPD_SLEEP,
	EDGE_DIRECT_BEGIN,
	EDGE_DIRECT_END,
	EDGE_NODE_BEGIN,
	EDGE_NODE_END,
	EDGE_NR,
};

#define EDGE_MAX_FIELDS 7

/**
 * struct lrugen_edge - a begin or end event, decoded
 * @ts_ns: the trace timestamp, in nanoseconds
 * @f: its fields, in the order edge_fields[@kind] names them; signed
 *     fields narrower than 64 bits sign-extended, unsigned ones not
 * @seq: the record's number in its buffer, from 1 (recording.c sets it:
 *       the order of the file among edges, lost events and cgroups)
 * @ev_before: the events (&recording.ev) loaded before it, in the order
 *             of the file (recording.c sets it)
 * @pid: the task that was running (common_pid)
 * @kind: an EDGE_* value
 */
struct lrugen_edge {
	uint64_t ts_ns;
	int64_t f[EDGE_MAX_FIELDS];
	uint64_t seq;
	uint64_t ev_before;
	int32_t pid;
	int32_t kind;
};

/**
 * struct event_decoder - how to read each of the events lrugen reads
 * @ev: per event, EVT_BIRTH to EVT_PROACTIVE_END
 * @ev.field: its fields, in the order decoder_decode() reads them; NULL
 *            after the last
 * @ev.id: its id in the trace, or -1 when the kernel lacks the event or
 *         one of its fields
 * @ev.size: the bytes a record must have to hold every one of @ev.field
 * @ev.is_signed: bit i set when @ev.field[i] is signed in the format
 * @edge: per begin or end event, EDGE_AGING_BEGIN to EDGE_NODE_END, the
 *        same as @ev
 * @tep: the formats the ids are of (for a record's task)
 */
struct event_decoder {
	struct event_fields {
		struct tep_format_field *field[EVT_MAX_FIELDS];
		int id;
		int size;
		unsigned int is_signed;
	} ev[EVT_NR], edge[EDGE_NR];
	struct tep_handle *tep;
};

/* per EVT_*: the event's name, and its system (lru_gen or vmscan) */
extern const char *const event_names[EVT_NR];
extern const char *const event_systems[EVT_NR];
/* per EVT_*: its fields, in the order decoder_decode() reads them */
extern const char *const event_fields[EVT_NR][EVT_MAX_FIELDS];
/* per EDGE_*: the event's system, name and fields (lrugen_edge.f) */
extern const char *const edge_systems[EDGE_NR];
extern const char *const edge_names[EDGE_NR];
extern const char *const edge_fields[EDGE_NR][EVT_MAX_FIELDS];

int decoder_init(struct event_decoder *d, struct tep_handle *tep);
int decoder_decode(const struct event_decoder *d, int event_id,
		   struct tep_record *rec, struct lrugen_event *ev);
int decoder_edge(const struct event_decoder *d, int event_id,
		 struct tep_record *rec, struct lrugen_edge *e);
uint64_t event_field(const struct lrugen_event *ev, int i, bool is_signed);
void event_apply(struct lrugen_model *m, const struct lrugen_event *ev);
int decoder_apply(const struct event_decoder *d, int event_id,
		  struct tep_record *rec, struct lrugen_model *m);

#endif
