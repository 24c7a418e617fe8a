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
static const char *const event_fields[EVT_NR][EVT_MAX_FIELDS] = {
	[EVT_BIRTH] = { "nid", "memcg_id", "seq", "min_seq_anon", "min_seq_file", "reason" },
	[EVT_RETIRE] = { "nid", "memcg_id", "old_seq", "new_seq", "age_ms", "type" },
	[EVT_EVICT] = { "nid", "memcg_id", "seq", "nr_scanned", "nr_reclaimed", "type", "tier" },
	[EVT_AGING_END] = { "nid", "memcg_id", "max_seq", "nr_scanned", "nr_young", "new_gen" },
	[EVT_PROACTIVE_END] = { "nid", "memcg_id", "nr_requested", "nr_reclaimed", "flags",
				"ret", "swappiness" },
};

static const int event_kind[EVT_NR] = {
	[EVT_BIRTH] = LRUGEN_EV_BIRTH,
	[EVT_RETIRE] = LRUGEN_EV_RETIRE,
	[EVT_EVICT] = LRUGEN_EV_EVICT,
	[EVT_AGING_END] = LRUGEN_EV_AGING,
	[EVT_PROACTIVE_END] = LRUGEN_EV_PROACTIVE,
};

/**
 * decoder_init() - find lrugen's events and their fields
 * @d: the decoder, filled
 * @tep: the event formats of the kernel (or of a test)
 *
 * An event is taken only with every field lrugen reads from it: one that
 * lacks a field is not the event lrugen knows, and is left out.
 *
 * Return: how many of the EVT_NR events were found.
 */
int decoder_init(struct event_decoder *d, struct tep_handle *tep)
{
	int i, j, found = 0;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < EVT_NR; i++) {
		struct tep_event *e = tep_find_event_by_name(tep, event_systems[i], event_names[i]);

		d->ev[i].id = -1;
		if (!e)
			continue;
		for (j = 0; j < EVT_MAX_FIELDS && event_fields[i][j]; j++) {
			struct tep_format_field *f = tep_find_field(e, event_fields[i][j]);

			d->ev[i].field[j] = f;
			if (!f)
				break;
			if (f->offset + f->size > d->ev[i].size)
				d->ev[i].size = f->offset + f->size;
		}
		if (j < EVT_MAX_FIELDS && event_fields[i][j])
			continue;	/* a field is missing: not the event we know */
		d->ev[i].id = e->id;
		found++;
	}
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
	ev->count = 1;
	return 1;
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
