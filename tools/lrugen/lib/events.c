// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "events.h"

const char *const event_names[EVT_NR] = {
	[EVT_BIRTH] = "lru_gen_birth",
	[EVT_RETIRE] = "lru_gen_retire",
	[EVT_EVICT] = "lru_gen_evict",
	[EVT_AGING_END] = "lru_gen_aging_end",
	[EVT_PROACTIVE_END] = "mm_vmscan_proactive_reclaim_end",
};

/* The multi-gen LRU's own events, and proactive reclaim's in vmscan */
const char *const event_systems[EVT_NR] = {
	[EVT_BIRTH] = "lru_gen",
	[EVT_RETIRE] = "lru_gen",
	[EVT_EVICT] = "lru_gen",
	[EVT_AGING_END] = "lru_gen",
	[EVT_PROACTIVE_END] = "vmscan",
};

/* Fields each event needs, in the order decoder_decode() reads them. */
const char *const event_fields[EVT_NR][EVT_MAX_FIELDS] = {
	[EVT_BIRTH] = { "nid", "memcg_id", "seq", "min_seq_anon", "min_seq_file", "reason" },
	[EVT_RETIRE] = { "nid", "memcg_id", "old_seq", "new_seq", "age_ms", "type" },
	[EVT_EVICT] = { "nid", "memcg_id", "seq", "nr_scanned", "nr_reclaimed", "type", "tier",
			"swappiness" },
	[EVT_AGING_END] = { "nid", "memcg_id", "max_seq", "nr_scanned", "nr_young", "new_gen" },
	[EVT_PROACTIVE_END] = { "nid", "memcg_id", "nr_requested", "nr_reclaimed", "flags",
				"ret", "swappiness" },
};

const char *const edge_systems[EDGE_NR] = {
	[EDGE_AGING_BEGIN] = "lru_gen",
	[EDGE_AGING_END] = "lru_gen",
	[EDGE_PROACTIVE_BEGIN] = "vmscan",
	[EDGE_PROACTIVE_END] = "vmscan",
	[EDGE_KSWAPD_WAKE] = "vmscan",
	[EDGE_KSWAPD_SLEEP] = "vmscan",
	[EDGE_DIRECT_BEGIN] = "vmscan",
	[EDGE_DIRECT_END] = "vmscan",
	[EDGE_NODE_BEGIN] = "vmscan",
	[EDGE_NODE_END] = "vmscan",
};

const char *const edge_names[EDGE_NR] = {
	[EDGE_AGING_BEGIN] = "lru_gen_aging_begin",
	[EDGE_AGING_END] = "lru_gen_aging_end",
	[EDGE_PROACTIVE_BEGIN] = "mm_vmscan_proactive_reclaim_begin",
	[EDGE_PROACTIVE_END] = "mm_vmscan_proactive_reclaim_end",
	[EDGE_KSWAPD_WAKE] = "mm_vmscan_kswapd_wake",
	[EDGE_KSWAPD_SLEEP] = "mm_vmscan_kswapd_sleep",
	[EDGE_DIRECT_BEGIN] = "mm_vmscan_direct_reclaim_begin",
	[EDGE_DIRECT_END] = "mm_vmscan_direct_reclaim_end",
	[EDGE_NODE_BEGIN] = "mm_vmscan_node_reclaim_begin",
	[EDGE_NODE_END] = "mm_vmscan_node_reclaim_end",
};

/*
 * Fields of the begins and ends, in the order lrugen_edge.f holds them:
 * the nid and memcg_id first where the event has them, as in
 * event_fields.
 */
const char *const edge_fields[EDGE_NR][EVT_MAX_FIELDS] = {
	[EDGE_AGING_BEGIN] = { "nid", "memcg_id", "max_seq", "swappiness", "force_scan", "reason" },
	[EDGE_AGING_END] = { "nid", "memcg_id", "max_seq", "new_gen", "nr_scanned", "nr_young" },
	[EDGE_PROACTIVE_BEGIN] = { "nid", "memcg_id", "nr_requested", "swappiness", "flags" },
	[EDGE_PROACTIVE_END] = { "nid", "memcg_id", "nr_requested", "nr_reclaimed", "swappiness",
				 "flags", "ret" },
	[EDGE_KSWAPD_WAKE] = { "nid", "zid", "order" },
	[EDGE_KSWAPD_SLEEP] = { "nid" },
	[EDGE_DIRECT_BEGIN] = { "order", "gfp_flags" },
	[EDGE_DIRECT_END] = { "nr_reclaimed" },
	[EDGE_NODE_BEGIN] = { "nid", "order", "gfp_flags" },
	[EDGE_NODE_END] = { "nr_reclaimed" },
};

static const int event_kind[EVT_NR] = {
	[EVT_BIRTH] = LRUGEN_EV_BIRTH,
	[EVT_RETIRE] = LRUGEN_EV_RETIRE,
	[EVT_EVICT] = LRUGEN_EV_EVICT,
	[EVT_AGING_END] = LRUGEN_EV_AGING,
	[EVT_PROACTIVE_END] = LRUGEN_EV_PROACTIVE,
};

/*
 * Find one event and its fields; its id stays -1 when the kernel lacks
 * it or one of them. Return: 1 when found.
 */
static int find_event(struct event_fields *ef, struct tep_handle *tep, const char *sys,
		      const char *name, const char *const *fields, int max)
{
	struct tep_event *e = tep_find_event_by_name(tep, sys, name);
	int j;

	ef->id = -1;
	if (!e)
		return 0;
	for (j = 0; j < max && fields[j]; j++) {
		struct tep_format_field *f = tep_find_field(e, fields[j]);

		ef->field[j] = f;
		if (!f)
			return 0;	/* a field is missing: not the event we know */
		if (f->offset + f->size > ef->size)
			ef->size = f->offset + f->size;
		if (f->flags & TEP_FIELD_IS_SIGNED)
			ef->is_signed |= 1U << j;
	}
	ef->id = e->id;
	return 1;
}

/**
 * decoder_init() - find lrugen's events and their fields
 * @d: the decoder, filled
 * @tep: the event formats of the kernel (or of a test)
 *
 * An event is taken only with every field lrugen reads from it: one that
 * lacks a field is not the event lrugen knows, and is left out. The
 * begin and end events (EDGE_*) are looked for too, the same way.
 *
 * Return: how many of the EVT_NR events were found.
 */
int decoder_init(struct event_decoder *d, struct tep_handle *tep)
{
	int i, found = 0;

	memset(d, 0, sizeof(*d));
	d->tep = tep;
	for (i = 0; i < EVT_NR; i++)
		found += find_event(&d->ev[i], tep, event_systems[i], event_names[i],
				    event_fields[i], EVT_MAX_FIELDS);
	for (i = 0; i < EDGE_NR; i++)
		find_event(&d->edge[i], tep, edge_systems[i], edge_names[i], edge_fields[i],
			   EDGE_MAX_FIELDS);
	return found;
}

static unsigned long long val(struct tep_format_field *f, struct tep_record *rec)
{
	unsigned long long v = 0;

	if (tep_read_number_field(f, rec->data, &v))
		return 0;
	/* sign-extend signed fields narrower than 64 bits (nid -1, ret < 0) */
	if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8 && (v >> (f->size * 8 - 1)) & 1)
		v |= ~0ULL << (f->size * 8);
	return v;
}

/**
 * decoder_decode() - decode one trace record into an event
 * @d: the decoder, from decoder_init()
 * @event_id: the record's event id
 * @rec: the record
 * @ev: set to the event when the record is one of lrugen's
 *
 * Signed fields narrower than 64 bits are sign-extended (a nid of -1, a
 * negative ret). A record too short for the event's fields (a damaged
 * recording) is not decoded. The model is not touched: event_apply() does that, now
 * for the live trace source, later for a replayed recording.
 *
 * Return: 1 if the record is one of lrugen's events, else 0.
 */
int decoder_decode(const struct event_decoder *d, int event_id,
		   struct tep_record *rec, struct lrugen_event *ev)
{
	struct tep_format_field *const *f;
	int i;

	for (i = 0; i < EVT_NR; i++)
		if (d->ev[i].id >= 0 && d->ev[i].id == event_id)
			break;
	if (i == EVT_NR || rec->size < d->ev[i].size)
		return 0;
	f = d->ev[i].field;
	memset(ev, 0, sizeof(*ev));
	ev->kind = event_kind[i];
	ev->ts_ns = rec->ts;
	ev->nid = (int)val(f[0], rec);
	ev->memcg_id = val(f[1], rec);
	ev->a = val(f[2], rec);
	ev->b = val(f[3], rec);
	ev->c = val(f[4], rec);
	ev->arg = (int)val(f[5], rec);
	if (f[6])
		ev->arg2 = (int)val(f[6], rec);
	if (f[7])
		ev->arg3 = (int)val(f[7], rec);
	ev->count = 1;
	return 1;
}

/**
 * decoder_edge() - decode one trace record into a begin or end event
 * @d: the decoder, from decoder_init()
 * @event_id: the record's event id
 * @rec: the record
 * @e: set to the event when the record is one of the EDGE_* events;
 *     its @seq and @ev_before are left 0
 *
 * As decoder_decode(): signed fields narrower than 64 bits are
 * sign-extended, and a record too short for the event's fields is not
 * decoded. The task is the record's common_pid.
 *
 * Return: 1 if the record is one of the EDGE_* events, else 0.
 */
int decoder_edge(const struct event_decoder *d, int event_id,
		 struct tep_record *rec, struct lrugen_edge *e)
{
	const struct event_fields *ef;
	int i;

	for (i = 0; i < EDGE_NR; i++)
		if (d->edge[i].id >= 0 && d->edge[i].id == event_id)
			break;
	if (i == EDGE_NR || rec->size < d->edge[i].size)
		return 0;
	ef = &d->edge[i];
	memset(e, 0, sizeof(*e));
	e->ts_ns = rec->ts;
	e->kind = i;
	e->pid = d->tep ? tep_data_pid(d->tep, rec) : -1;
	for (i = 0; i < EDGE_MAX_FIELDS && ef->field[i]; i++)
		e->f[i] = (int64_t)val(ef->field[i], rec);
	return 1;
}

/**
 * event_field() - one of a decoded event's fields, by its place
 * @ev: the event, from decoder_decode()
 * @i: the field's place in event_fields[] for the event's kind
 * @is_signed: the field is signed (&event_decoder.ev.is_signed): its
 *             value in @ev->arg, @ev->arg2 or @ev->arg3 (32 bits) is
 *             then sign-extended, else not
 *
 * Return: the field's value as the record held it (sign-extended when
 * signed), or 0 when the kind has no such field.
 */
uint64_t event_field(const struct lrugen_event *ev, int i, bool is_signed)
{
	int v;

	switch (i) {
	case 0:
		return (uint64_t)(int64_t)ev->nid;
	case 1:
		return ev->memcg_id;
	case 2:
		return ev->a;
	case 3:
		return ev->b;
	case 4:
		return ev->c;
	case 5:
		v = ev->arg;
		break;
	case 6:
		v = ev->arg2;
		break;
	case 7:
		v = ev->arg3;
		break;
	default:
		return 0;
	}
	return is_signed ? (uint64_t)(int64_t)v : (uint64_t)(uint32_t)v;
}

/**
 * event_apply() - apply one decoded event to the model
 * @m: the model
 * @ev: the event, from decoder_decode()
 *
 * Logs the event with model_log_event(), and adds an eviction's scanned
 * and reclaimed pages to its node's and lruvec's event sums, which the
 * next sample turns into rates.
 */
void event_apply(struct lrugen_model *m, const struct lrugen_event *ev)
{
	struct lrugen_lruvec *v;

	if (ev->kind == LRUGEN_EV_EVICT) {
		if (ev->nid >= 0 && ev->nid < LRUGEN_MAX_NODES) {
			m->nodes[ev->nid].ev_scanned += ev->b;
			m->nodes[ev->nid].ev_reclaimed += ev->c;
		}
		v = model_find(m, ev->memcg_id, ev->nid);
		if (v) {
			v->ev_scanned += ev->b;
			v->ev_reclaimed += ev->c;
		}
	}
	model_log_event(m, ev);
}

/**
 * decoder_apply() - apply one trace record to the model
 * @d: the decoder, from decoder_init()
 * @event_id: the record's event id
 * @rec: the record
 * @m: the model
 *
 * decoder_decode(), then event_apply() when the record is ours.
 *
 * Return: 1 if the record is one of lrugen's events, else 0.
 */
int decoder_apply(const struct event_decoder *d, int event_id,
		  struct tep_record *rec, struct lrugen_model *m)
{
	struct lrugen_event ev;

	if (!decoder_decode(d, event_id, rec, &ev))
		return 0;
	event_apply(m, &ev);
	return 1;
}
