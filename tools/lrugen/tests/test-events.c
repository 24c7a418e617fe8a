// SPDX-License-Identifier: GPL-2.0
/*
 * The event decoder against the contract: each format in
 * tracepoints/formats/ is parsed with libtraceevent, a raw record is built
 * at the offsets the format gives, and the decoder must find every field
 * and put the values where the model expects them.
 */
#include <string.h>

#include "events.h"
#include "tap.h"
#include "util.h"

struct rec {
	unsigned char data[128];
	struct tep_record r;
};

static struct tep_handle *tep;

/* Proactive reclaim's events are vmscan's; the others are lru_gen's. */
static const char *sys_of(const char *event)
{
	return strncmp(event, "mm_vmscan_", 10) ? "lru_gen" : "vmscan";
}

/* The contract leaves out the boot-time ID line; give each event one. */
static void load(const char *name, int id)
{
	const char *dir = getenv("LRUGEN_FORMATS");
	char path[1024], *buf, *with_id;
	size_t len, n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.format", dir ? dir : "../../tracepoints/formats", name);
	f = fopen(path, "r");
	if (!f) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	buf = calloc(1, 65536);
	len = fread(buf, 1, 65535, f);
	fclose(f);
	with_id = calloc(1, len + 64);
	/* "name: X\n" then "ID: N\n" then the rest */
	n = strcspn(buf, "\n") + 1;
	memcpy(with_id, buf, n);
	len = n + sprintf(with_id + n, "ID: %d\n", id) + strlen(buf + n);
	strcat(with_id, buf + n);
	ok(!tep_parse_event(tep, with_id, len, sys_of(name)), "%s: format parses", name);
	free(buf);
	free(with_id);
}

static void set(struct rec *r, const char *event, const char *field, long long v)
{
	struct tep_event *e = tep_find_event_by_name(tep, sys_of(event), event);
	struct tep_format_field *f = e ? tep_find_field(e, field) : NULL;

	if (!f) {
		printf("Bail out! %s has no field %s\n", event, field);
		exit(1);
	}
	memcpy(r->data + f->offset, &v, f->size);	/* little-endian host */
}

static struct tep_record *record(struct rec *r, const char *event, unsigned long long ts)
{
	struct tep_event *e = tep_find_event_by_name(tep, sys_of(event), event);
	unsigned short type = e->id;

	memset(r, 0, sizeof(*r));
	memcpy(r->data, &type, sizeof(type));
	r->r.data = r->data;
	r->r.size = sizeof(r->data);
	r->r.ts = ts;
	return &r->r;
}

int main(void)
{
	static const char *const all[] = {
		"lru_gen_aging_begin", "lru_gen_aging_end", "lru_gen_birth", "lru_gen_evict",
		"lru_gen_retire", "mm_vmscan_proactive_reclaim_begin",
		"mm_vmscan_proactive_reclaim_end",
	};
	struct event_decoder d;
	struct lrugen_model m;
	const struct lrugen_event *e;
	struct lrugen_lruvec *v;
	struct tep_record *tr;
	struct rec r;
	size_t i;

	tep = tep_alloc();
	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	for (i = 0; i < ARRAY_SIZE(all); i++)
		load(all[i], 100 + (int)i);

	ok_eq(decoder_init(&d, tep), EVT_NR, "decoder finds every event it reads, with every field");

	model_init(&m);
	m.events_live = true;
	m.nr_nodes = 2;
	v = calloc(1, sizeof(*v));
	v->path = strdup("/a");
	v->memcg_id = 7;
	v->nid = 1;
	model_set_lruvecs(&m, v, 1, 1.0);

	tr = record(&r, "lru_gen_evict", 2000000);
	set(&r, "lru_gen_evict", "nid", 1);
	set(&r, "lru_gen_evict", "memcg_id", 7);
	set(&r, "lru_gen_evict", "seq", 12);
	set(&r, "lru_gen_evict", "nr_scanned", 600);
	set(&r, "lru_gen_evict", "nr_reclaimed", 512);
	set(&r, "lru_gen_evict", "type", 1);
	set(&r, "lru_gen_evict", "tier", 2);
	ok(decoder_apply(&d, tep_find_event_by_name(tep, "lru_gen", "lru_gen_evict")->id, tr, &m),
	   "evict: decoded");
	e = model_log_get(&m, 0);
	ok(e && e->kind == LRUGEN_EV_EVICT && e->a == 12 && e->b == 600 && e->c == 512 &&
	   e->arg == 1 && e->arg2 == 2 && e->nid == 1 && e->memcg_id == 7 && e->ts_ns == 2000000,
	   "evict: seq, scanned, reclaimed, type, tier, node, memcg, time");
	ok(m.lruvecs[0].ev_reclaimed == 512 && m.lruvecs[0].ev_scanned == 600,
	   "evict: added to its lruvec");
	ok(m.nodes[1].ev_reclaimed == 512 && m.nodes[0].ev_reclaimed == 0, "evict: added to its node only");

	tr = record(&r, "mm_vmscan_proactive_reclaim_end", 0);
	set(&r, "mm_vmscan_proactive_reclaim_end", "nid", -1);
	set(&r, "mm_vmscan_proactive_reclaim_end", "memcg_id", 4294967297LL);
	set(&r, "mm_vmscan_proactive_reclaim_end", "nr_requested", 16384);
	set(&r, "mm_vmscan_proactive_reclaim_end", "nr_reclaimed", 16000);
	set(&r, "mm_vmscan_proactive_reclaim_end", "swappiness", -1);
	set(&r, "mm_vmscan_proactive_reclaim_end", "flags", 1);
	set(&r, "mm_vmscan_proactive_reclaim_end", "ret", -11);
	decoder_apply(&d, tep_find_event_by_name(tep, "vmscan", "mm_vmscan_proactive_reclaim_end")->id, tr, &m);
	e = model_log_get(&m, 0);
	ok(e && e->kind == LRUGEN_EV_PROACTIVE && e->nid == -1 && e->a == 16384 && e->b == 16000 &&
	   e->c == 1 && e->arg == -11 && e->arg2 == -1 && e->memcg_id == 4294967297ULL,
	   "proactive_end: nid -1 and ret -EAGAIN sign-extended, flags, swappiness -1, 64-bit cgroup id");

	tr = record(&r, "lru_gen_birth", 0);
	set(&r, "lru_gen_birth", "nid", 1);
	set(&r, "lru_gen_birth", "memcg_id", 7);
	set(&r, "lru_gen_birth", "seq", 13);
	set(&r, "lru_gen_birth", "min_seq_anon", 10);
	set(&r, "lru_gen_birth", "min_seq_file", 11);
	set(&r, "lru_gen_birth", "reason", 3);
	decoder_apply(&d, tep_find_event_by_name(tep, "lru_gen", "lru_gen_birth")->id, tr, &m);
	e = model_log_get(&m, 0);
	ok(e && e->kind == LRUGEN_EV_BIRTH && e->a == 13 && e->b == 10 && e->c == 11 && e->arg == 3 &&
	   !strcmp(lrugen_reason_names[e->arg], "proactive"), "birth: seq, min_seqs, reason proactive");

	tr = record(&r, "lru_gen_retire", 0);
	set(&r, "lru_gen_retire", "old_seq", 10);
	set(&r, "lru_gen_retire", "new_seq", 11);
	set(&r, "lru_gen_retire", "age_ms", 123456789012LL);
	set(&r, "lru_gen_retire", "type", 0);
	decoder_apply(&d, tep_find_event_by_name(tep, "lru_gen", "lru_gen_retire")->id, tr, &m);
	e = model_log_get(&m, 0);
	ok(e && e->kind == LRUGEN_EV_RETIRE && e->a == 10 && e->b == 11 && e->c == 123456789012ULL,
	   "retire: old, new seq and a 64-bit age");

	tr = record(&r, "lru_gen_aging_end", 0);
	set(&r, "lru_gen_aging_end", "max_seq", 14);
	set(&r, "lru_gen_aging_end", "nr_scanned", 300);
	set(&r, "lru_gen_aging_end", "nr_young", 20);
	set(&r, "lru_gen_aging_end", "new_gen", 1);
	decoder_apply(&d, tep_find_event_by_name(tep, "lru_gen", "lru_gen_aging_end")->id, tr, &m);
	e = model_log_get(&m, 0);
	ok(e && e->kind == LRUGEN_EV_AGING && e->a == 14 && e->b == 300 && e->c == 20 && e->arg == 1,
	   "aging_end: max_seq, scanned, young, new_gen");

	tr = record(&r, "lru_gen_aging_begin", 0);
	ok(!decoder_apply(&d, tep_find_event_by_name(tep, "lru_gen", "lru_gen_aging_begin")->id, tr, &m),
	   "an event lrugen does not read is ignored");
	ok(m.ev_count[LRUGEN_EV_BIRTH] == 1 && m.log_count == 5, "five events logged, one birth");

	/* a format without a field the decoder needs: that event is left out */
	{
		struct tep_handle *t2 = tep_alloc();
		static const char fmt[] =
			"name: lru_gen_birth\nID: 300\nformat:\n"
			"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
			"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n\n"
			"print fmt: \"nid=%d\", REC->nid\n";

		tep_set_long_size(t2, 8);
		tep_parse_event(t2, fmt, sizeof(fmt) - 1, "lru_gen");
		ok(decoder_init(&d, t2) == 0 && d.ev[EVT_BIRTH].id == -1,
		   "a birth event without seq is not taken for ours");
		tep_free(t2);
	}

	model_free(&m);
	tep_free(tep);
	return tap_done();
}
