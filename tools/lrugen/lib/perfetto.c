// SPDX-License-Identifier: GPL-2.0
/*
 * A recording as Chrome/Perfetto trace-event JSON.
 *
 * Collecting: the replay (replay.c) says whether the file is a recording
 * at all (its messages are recording_load()'s) and gives the model at each
 * snapshot; its recording (replay_recording()) gives the events, the
 * begin and end events with their tasks, the cgroups and the lost
 * events, put back in the order of the file: the file is read once.
 * Begin and end events are paired into slices here, so the JSON holds
 * only complete ("X") slices and can never be unbalanced.
 *
 * Writing: three streams in time order, merged as they are written (the
 * instants and eviction counters, the slices, the snapshots' counters),
 * then the names of the processes and threads ("M"). Nothing of the JSON
 * is kept in memory.
 *
 * Tracks (Documentation/guide/perfetto.rst): a process per lruvec
 * (memcg x node) holds its generation and eviction counters and threads
 * for its instants and slices; a process per node holds kswapd; one
 * process the tasks in direct and node reclaim; one the recording's own
 * (cgroups made and removed, lost events).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "model.h"
#include "perfetto.h"
#include "recfmt.h"
#include "recording.h"
#include "session.h"
#include "util.h"

#define NONE		UINT32_MAX
#define PF_FIELDS	8
/* pids: the recording's process, the reclaimers', nodes, then lruvecs */
#define PID_RECORDING	1
#define PID_RECLAIM	2
#define PID_NODE0	3
#define PID_LRUVEC0	100
/* tids are unique over the whole trace (Perfetto names threads by tid) */
#define TID0		1000000

enum pf_kind {
	PK_BIRTH, PK_RETIRE, PK_EVICT,
	PK_AGING_B, PK_AGING_E,
	PK_PRO_B, PK_PRO_E,
	PK_KSWAPD_WAKE, PK_KSWAPD_SLEEP,
	PK_DIRECT_B, PK_DIRECT_E,
	PK_NODE_B, PK_NODE_E,
	PK_MKDIR, PK_RMDIR,
	PK_TRACED,		/* the kinds above come from the trace */
	PK_LOST = PK_TRACED,
	PK_NR,
};

/*
 * the events written, and their fields in the order pf_ev.f holds them
 * (and the JSON prints them); the recording's, by name, fill them
 */
static const struct {
	const char *sys;
	const char *name;
	const char *field[PF_FIELDS];
} kinds[PK_TRACED] = {
	[PK_BIRTH] = { "lru_gen", "lru_gen_birth",
		       { "nid", "memcg_id", "seq", "min_seq_anon", "min_seq_file", "reason" } },
	[PK_RETIRE] = { "lru_gen", "lru_gen_retire",
			{ "nid", "memcg_id", "type", "old_seq", "new_seq", "age_ms" } },
	[PK_EVICT] = { "lru_gen", "lru_gen_evict",
		       { "nid", "memcg_id", "type", "seq", "tier", "swappiness",
			 "nr_scanned", "nr_reclaimed" } },
	[PK_AGING_B] = { "lru_gen", "lru_gen_aging_begin",
			 { "nid", "memcg_id", "max_seq", "swappiness", "force_scan", "reason" } },
	[PK_AGING_E] = { "lru_gen", "lru_gen_aging_end",
			 { "nid", "memcg_id", "max_seq", "new_gen", "nr_scanned", "nr_young" } },
	[PK_PRO_B] = { "vmscan", "mm_vmscan_proactive_reclaim_begin",
		       { "nid", "memcg_id", "nr_requested", "swappiness", "flags" } },
	[PK_PRO_E] = { "vmscan", "mm_vmscan_proactive_reclaim_end",
		       { "nid", "memcg_id", "nr_requested", "nr_reclaimed", "swappiness",
			 "flags", "ret" } },
	[PK_KSWAPD_WAKE] = { "vmscan", "mm_vmscan_kswapd_wake", { "nid", "zid", "order" } },
	[PK_KSWAPD_SLEEP] = { "vmscan", "mm_vmscan_kswapd_sleep", { "nid" } },
	[PK_DIRECT_B] = { "vmscan", "mm_vmscan_direct_reclaim_begin", { "order", "gfp_flags" } },
	[PK_DIRECT_E] = { "vmscan", "mm_vmscan_direct_reclaim_end", { "nr_reclaimed" } },
	[PK_NODE_B] = { "vmscan", "mm_vmscan_node_reclaim_begin", { "nid", "order", "gfp_flags" } },
	[PK_NODE_E] = { "vmscan", "mm_vmscan_node_reclaim_end", { "nr_reclaimed" } },
	[PK_MKDIR] = { "cgroup", "cgroup_mkdir", { "id" } },
	[PK_RMDIR] = { "cgroup", "cgroup_rmdir", { "id" } },
};

/**
 * struct pf_ev - one event as read
 * @ts: trace time, ns
 * @f: its fields, as kinds[@kind].field names them; signed fields sign-extended
 * @str: for cgroup events, the path's offset in &recording.arena
 * @kind: an &enum pf_kind
 * @pid: the task (common_pid)
 */
struct pf_ev {
	uint64_t ts;
	int64_t f[PF_FIELDS];
	uint64_t str;
	uint32_t kind;
	int32_t pid;
};

/* the events of the recording, as written */
struct pf_src {
	const struct recording *rec;
	struct pf_ev *ev;
	size_t nr_ev, ev_cap;
	uint64_t last_ts;
	char host[80];
	char release[80];
	bool is_signed[PK_TRACED][PF_FIELDS];
};

enum { PP_RECORDING, PP_RECLAIM, PP_NODE, PP_LRUVEC };

struct pf_proc {
	uint64_t memcg_id;
	uint64_t evicted[LRUGEN_NR_TYPES];
	char *path;		/* from a snapshot, when one had it */
	size_t last_evict;	/* its last eviction counter in &pf_data.pts + 1 */
	uint64_t gen_last[LRUGEN_MAX_GENS][LRUGEN_NR_TYPES];	/* values written */
	uint32_t pid;
	uint32_t first_thread;
	long frame;		/* the last snapshot that had it */
	int nid;
	int type;
	bool gen_sent;		/* gen_last holds what was written */
};

struct pf_thread {
	char *name;
	uint64_t lane_end;
	uint32_t proc;
	uint32_t next;
	uint32_t tid;
	int lane;
};

enum { IT_INSTANT, IT_EVICT, IT_SLICE };

/**
 * struct pf_item - one trace event to write (not a snapshot's counter)
 * @ts: when, ns; a slice's start
 * @dur: a slice's length, ns
 * @evicted: an eviction counter's values: pages evicted so far, per type
 * @ev: the event (a slice's begin)
 * @ev2: a slice's end event; NONE when the recording ended inside it
 * @proc: its process, in &pf_data.procs
 * @thread: its thread, in &pf_data.threads; NONE for a counter
 * @type: IT_*
 * @name: a slice's thread name, before lanes are given (then NULL)
 * @count: the evictions an eviction counter sums (those at one ts)
 */
struct pf_item {
	uint64_t ts, dur;
	uint64_t evicted[LRUGEN_NR_TYPES];
	uint32_t ev, ev2;
	uint32_t proc, thread;
	int type;
	char *name;
	uint32_t count;
};

struct pf_data {
	struct replay *rp;
	struct pf_src src;
	struct pf_proc *procs;
	size_t nr_procs, procs_cap;
	uint32_t *hash;		/* open addressing over procs; NONE empty */
	size_t hash_size;
	struct pf_thread *threads;
	size_t nr_threads, threads_cap;
	struct pf_item *pts;	/* instants and eviction counters */
	size_t nr_pts, pts_cap;
	struct pf_item *slices;
	size_t nr_slices, slices_cap;
	uint64_t end_ts;
	uint64_t closed, dropped;
	const char *path;
	bool plain;
	bool nomem;
};

/* ---- reading the events ---- */

/* "key=VALUE" of an H line into @buf */
static void header_key(const char *line, size_t len, const char *key, char *buf, size_t size)
{
	size_t kl = strlen(key), i;

	for (i = 0; i + kl < len; i++) {
		size_t j = i + kl, n = 0;

		if ((i && line[i - 1] != ' ') || memcmp(line + i, key, kl))
			continue;
		while (j + n < len && line[j + n] != ' ')
			n++;
		snprintf(buf, size, "%.*s", (int)n, line + j);
		return;
	}
}

/*
 * Where the recording holds each of kinds[]: @evt an EVT_* (in its
 * events) or @edge an EDGE_* (in its begins and ends), the other -1; both
 * -1 for the cgroups, which have an array of their own.
 */
static const struct {
	int evt, edge;
} source[PK_TRACED] = {
	[PK_BIRTH] = { EVT_BIRTH, -1 },
	[PK_RETIRE] = { EVT_RETIRE, -1 },
	[PK_EVICT] = { EVT_EVICT, -1 },
	[PK_AGING_B] = { -1, EDGE_AGING_BEGIN },
	[PK_AGING_E] = { -1, EDGE_AGING_END },
	[PK_PRO_B] = { -1, EDGE_PROACTIVE_BEGIN },
	[PK_PRO_E] = { -1, EDGE_PROACTIVE_END },
	[PK_KSWAPD_WAKE] = { -1, EDGE_KSWAPD_WAKE },
	[PK_KSWAPD_SLEEP] = { -1, EDGE_KSWAPD_SLEEP },
	[PK_DIRECT_B] = { -1, EDGE_DIRECT_BEGIN },
	[PK_DIRECT_E] = { -1, EDGE_DIRECT_END },
	[PK_NODE_B] = { -1, EDGE_NODE_BEGIN },
	[PK_NODE_E] = { -1, EDGE_NODE_END },
	[PK_MKDIR] = { -1, -1 },
	[PK_RMDIR] = { -1, -1 },
};

/* per kind and field of kinds[], its place among the recording's fields */
struct field_map {
	int at[PK_TRACED][PF_FIELDS];
};

/*
 * Find each field of kinds[] among event_fields[] or edge_fields[] by
 * name, and whether the file's format has it signed. Return: 0, or -1
 * when one is not there.
 */
static int map_fields(struct pf_src *s, struct field_map *fm)
{
	const struct recording *r = s->rec;
	int k, i, j;

	for (k = 0; k < PK_TRACED; k++) {
		const char *const *names;
		unsigned int sign;

		if (source[k].evt >= 0) {
			names = event_fields[source[k].evt];
			sign = r->ev_signed[source[k].evt];
		} else if (source[k].edge >= 0) {
			names = edge_fields[source[k].edge];
			sign = r->edge_signed[source[k].edge];
		} else {
			continue;	/* cgroup_mkdir and _rmdir: their u64 id */
		}
		for (i = 0; i < PF_FIELDS && kinds[k].field[i]; i++) {
			for (j = 0; j < EVT_MAX_FIELDS && names[j]; j++)
				if (!strcmp(names[j], kinds[k].field[i]))
					break;
			if (j == EVT_MAX_FIELDS || !names[j])
				return -1;
			fm->at[k][i] = j;
			s->is_signed[k][i] = sign & (1U << j);
		}
	}
	return 0;
}

static int push_ev(struct pf_src *s, const struct pf_ev *e)
{
	if (array_grow((void **)&s->ev, &s->ev_cap, s->nr_ev + 1, sizeof(*s->ev)))
		return -1;
	s->ev[s->nr_ev++] = *e;
	if (e->ts > s->last_ts)
		s->last_ts = e->ts;
	return 0;
}

/* one of the recording's events, unless it is an aging or proactive end */
static int push_event(struct pf_src *s, const struct field_map *fm, const struct lrugen_event *ev)
{
	struct pf_ev e = { .ts = ev->ts_ns, .pid = -1 };
	int i;

	switch (ev->kind) {
	case LRUGEN_EV_BIRTH:
		e.kind = PK_BIRTH;
		break;
	case LRUGEN_EV_RETIRE:
		e.kind = PK_RETIRE;
		break;
	case LRUGEN_EV_EVICT:
		e.kind = PK_EVICT;
		break;
	default:
		return 0;	/* those ends come with their task among the edges */
	}
	for (i = 0; i < PF_FIELDS && kinds[e.kind].field[i]; i++)
		e.f[i] = (int64_t)event_field(ev, fm->at[e.kind][i], s->is_signed[e.kind][i]);
	return push_ev(s, &e);
}

static int push_edge(struct pf_src *s, const struct field_map *fm, const struct lrugen_edge *edge)
{
	struct pf_ev e = { .ts = edge->ts_ns, .pid = edge->pid };
	int k, i;

	for (k = 0; k < PK_TRACED; k++)
		if (source[k].edge == edge->kind)
			break;
	if (k == PK_TRACED)
		return 0;
	e.kind = k;
	for (i = 0; i < PF_FIELDS && kinds[k].field[i]; i++)
		e.f[i] = edge->f[fm->at[k][i]];
	return push_ev(s, &e);
}

/* the streams besides the events: lost events, edges, cgroups */
enum { OS_LOST, OS_EDGE, OS_CGROUP, OS_NR };

/* the record number and events before of the next of stream @which; 0 if none */
static uint64_t other_at(const struct recording *r, int which, size_t at, uint64_t *ev_before)
{
	switch (which) {
	case OS_LOST:
		if (at >= r->nr_lost)
			return 0;
		*ev_before = r->lost[at].ev_before;
		return r->lost[at].seq;
	case OS_EDGE:
		if (at >= r->nr_edges)
			return 0;
		*ev_before = r->edges[at].ev_before;
		return r->edges[at].seq;
	default:
		if (at >= r->nr_cgroups)
			return 0;
		*ev_before = r->cgroups[at].ev_before;
		return r->cgroups[at].seq;
	}
}

/*
 * The recording's events, begins and ends, cgroups and lost events as
 * one stream, in the order of the file: the last three among themselves
 * by their record's number (a loss before the record it was found at),
 * each before the event loaded after it. The H line's host and release.
 */
static int read_events(struct pf_data *d, char *err, size_t errlen)
{
	const struct recording *r = replay_recording(d->rp);
	size_t i = 0, at[OS_NR] = { 0 };
	struct pf_src *s = &d->src;
	struct field_map fm;
	int ret = 0;

	s->rec = r;
	if (map_fields(s, &fm)) {
		snprintf(err, errlen, "%s: a field the export writes is not one lrugen decodes (a bug in lrugen)",
			 d->path);
		return -1;
	}
	if (r->has_header) {
		size_t len;
		const char *h = recording_line(r, r->header_line, &len);

		header_key(h, len, "host=", s->host, sizeof(s->host));
		header_key(h, len, "release=", s->release, sizeof(s->release));
	}
	while (!ret) {
		struct pf_ev e = { .pid = -1 };
		uint64_t seq, best_seq = 0, before, best_before = 0;
		int o, best = -1;

		for (o = 0; o < OS_NR; o++) {
			seq = other_at(r, o, at[o], &before);
			if (seq && (best < 0 || seq < best_seq)) {
				best = o;
				best_seq = seq;
				best_before = before;
			}
		}
		if (best < 0 && i == r->nr_ev)
			break;
		if (best < 0 || (i < r->nr_ev && best_before > i)) {
			ret = push_event(s, &fm, &r->ev[i++]);
			continue;
		}
		if (best == OS_LOST) {
			e.ts = r->lost[at[best]].ts_ns;
			e.kind = PK_LOST;
			e.f[0] = (int64_t)r->lost[at[best]].count;
			ret = push_ev(s, &e);
		} else if (best == OS_EDGE) {
			ret = push_edge(s, &fm, &r->edges[at[best]]);
		} else {
			const struct rec_cgroup *c = &r->cgroups[at[best]];

			e.ts = c->ts_ns;
			e.kind = c->removed ? PK_RMDIR : PK_MKDIR;
			e.f[0] = (int64_t)c->id;
			e.str = c->path_off;
			ret = push_ev(s, &e);
		}
		at[best]++;
	}
	if (ret)
		snprintf(err, errlen, "%s: out of memory for %zu events", d->path, s->nr_ev);
	return ret;
}

/* ---- tracks ---- */

static uint64_t proc_hash(int type, uint64_t memcg_id, int nid)
{
	uint64_t h = memcg_id * 0x9e3779b97f4a7c15ULL;

	h ^= (uint64_t)(nid + 1) * 0xc2b2ae3d27d4eb4fULL + (uint64_t)type;
	return h ^ (h >> 29);
}

static int rehash(struct pf_data *d)
{
	size_t size = d->hash_size ? d->hash_size * 2 : 1024, i;
	uint32_t *h = malloc(size * sizeof(*h));

	if (!h)
		return -1;
	memset(h, 0xff, size * sizeof(*h));
	for (i = 0; i < d->nr_procs; i++) {
		const struct pf_proc *p = &d->procs[i];
		size_t j = proc_hash(p->type, p->memcg_id, p->nid) & (size - 1);

		while (h[j] != NONE)
			j = (j + 1) & (size - 1);
		h[j] = (uint32_t)i;
	}
	free(d->hash);
	d->hash = h;
	d->hash_size = size;
	return 0;
}

/* the process of an lruvec, a node, or one of the others; NONE: no memory */
static uint32_t get_proc(struct pf_data *d, int type, uint64_t memcg_id, int nid)
{
	struct pf_proc *p;
	size_t j;

	if (type != PP_LRUVEC)
		memcg_id = 0;
	if (type == PP_RECORDING || type == PP_RECLAIM)
		nid = 0;
	if (d->hash_size) {
		j = proc_hash(type, memcg_id, nid) & (d->hash_size - 1);
		for (; d->hash[j] != NONE; j = (j + 1) & (d->hash_size - 1)) {
			p = &d->procs[d->hash[j]];
			if (p->type == type && p->memcg_id == memcg_id && p->nid == nid)
				return d->hash[j];
		}
	}
	if ((d->nr_procs + 1) * 2 > d->hash_size && rehash(d))
		goto nomem;
	if (array_grow((void **)&d->procs, &d->procs_cap, d->nr_procs + 1, sizeof(*d->procs)))
		goto nomem;
	p = &d->procs[d->nr_procs];
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->memcg_id = memcg_id;
	p->nid = nid;
	p->first_thread = NONE;
	p->frame = -1;
	switch (type) {
	case PP_RECORDING:
		p->pid = PID_RECORDING;
		break;
	case PP_RECLAIM:
		p->pid = PID_RECLAIM;
		break;
	case PP_NODE:
		p->pid = PID_NODE0 + nid;
		break;
	default:
		p->pid = PID_LRUVEC0 + (uint32_t)d->nr_procs;
	}
	j = proc_hash(type, memcg_id, nid) & (d->hash_size - 1);
	while (d->hash[j] != NONE)
		j = (j + 1) & (d->hash_size - 1);
	d->hash[j] = (uint32_t)d->nr_procs;
	return (uint32_t)d->nr_procs++;
nomem:
	d->nomem = true;
	return NONE;
}

/* a thread of @proc by name and lane; NONE: no memory */
static uint32_t get_thread(struct pf_data *d, uint32_t proc, const char *name, int lane)
{
	struct pf_thread *t;
	uint32_t i;

	for (i = d->procs[proc].first_thread; i != NONE; i = d->threads[i].next)
		if (d->threads[i].lane == lane && !strcmp(d->threads[i].name, name))
			return i;
	if (array_grow((void **)&d->threads, &d->threads_cap, d->nr_threads + 1, sizeof(*d->threads)))
		goto nomem;
	t = &d->threads[d->nr_threads];
	memset(t, 0, sizeof(*t));
	t->name = strdup(name);
	if (!t->name)
		goto nomem;
	t->proc = proc;
	t->lane = lane;
	t->tid = TID0 + (uint32_t)d->nr_threads;
	t->next = d->procs[proc].first_thread;
	d->procs[proc].first_thread = (uint32_t)d->nr_threads;
	return (uint32_t)d->nr_threads++;
nomem:
	d->nomem = true;
	return NONE;
}

/* ---- pairing begins and ends ---- */

static int push_item(struct pf_data *d, struct pf_item **a, size_t *nr, size_t *cap,
		     const struct pf_item *it)
{
	if (it->proc == NONE || array_grow((void **)a, cap, *nr + 1, sizeof(**a))) {
		d->nomem = true;
		free(it->name);
		return -1;
	}
	(*a)[(*nr)++] = *it;
	return 0;
}

static const char *task_comm(const struct pf_src *s, int pid)
{
	const char *comm = recording_comm(s->rec, pid);

	return comm ? comm : "<...>";
}

/* what a begin event opens: its process and thread name */
static void slice_track(struct pf_data *d, const struct pf_ev *b, struct pf_item *it)
{
	char name[64];

	switch (b->kind) {
	case PK_AGING_B:
		it->proc = get_proc(d, PP_LRUVEC, (uint64_t)b->f[1], (int)b->f[0]);
		snprintf(name, sizeof(name), "aging");
		break;
	case PK_PRO_B:
		/* nid -1: memory.reclaim, every node; memcg 0: nodeN/reclaim of all */
		if (!b->f[1] && b->f[0] >= 0)
			it->proc = get_proc(d, PP_NODE, 0, (int)b->f[0]);
		else
			it->proc = get_proc(d, PP_LRUVEC, (uint64_t)b->f[1],
					    b->f[0] < 0 ? -1 : (int)b->f[0]);
		snprintf(name, sizeof(name), "proactive reclaim");
		break;
	case PK_KSWAPD_WAKE:
		it->proc = get_proc(d, PP_NODE, 0, (int)b->f[0]);
		snprintf(name, sizeof(name), "kswapd%d", (int)b->f[0]);
		break;
	default:
		it->proc = get_proc(d, PP_RECLAIM, 0, 0);
		snprintf(name, sizeof(name), "%s %d", task_comm(&d->src, b->pid), b->pid);
	}
	it->name = strdup(name);
	if (!it->name)
		it->proc = NONE;
}

/* whether begin @b and end (or begin) @e are of one slice */
static bool same_slice(const struct pf_ev *b, const struct pf_ev *e)
{
	switch (b->kind) {
	case PK_AGING_B:
	case PK_PRO_B:
		return b->pid == e->pid && b->f[0] == e->f[0] && b->f[1] == e->f[1];
	case PK_KSWAPD_WAKE:
		return b->f[0] == e->f[0];
	default:
		return b->pid == e->pid;
	}
}

static int begin_of(int end_kind)
{
	switch (end_kind) {
	case PK_AGING_E:
		return PK_AGING_B;
	case PK_PRO_E:
		return PK_PRO_B;
	case PK_KSWAPD_SLEEP:
		return PK_KSWAPD_WAKE;
	case PK_DIRECT_E:
		return PK_DIRECT_B;
	case PK_NODE_E:
		return PK_NODE_B;
	}
	return -1;
}

static int cmp_slice(const void *a, const void *b)
{
	const struct pf_item *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	/* the longer first, so that a slice inside another comes after it */
	if (x->dur != y->dur)
		return x->dur > y->dur ? -1 : 1;
	return x->ev < y->ev ? -1 : x->ev > y->ev;
}

/* each slice onto the first lane of its thread that is free by its start */
static int give_lanes(struct pf_data *d)
{
	size_t i;

	qsort(d->slices, d->nr_slices, sizeof(*d->slices), cmp_slice);
	for (i = 0; i < d->nr_slices; i++) {
		struct pf_item *it = &d->slices[i];
		uint32_t t;
		int lane;

		for (lane = 0;; lane++) {
			t = get_thread(d, it->proc, it->name, lane);
			if (t == NONE)
				return -1;
			if (d->threads[t].lane_end <= it->ts)
				break;
		}
		d->threads[t].lane_end = it->ts + it->dur;
		if (lane) {
			/* "aging 2": a second walk of the lruvec at once */
			char *n = NULL;

			if (asprintf(&n, "%s %d", it->name, lane + 1) < 0)
				return -1;
			free(d->threads[t].name);
			d->threads[t].name = n;
		}
		it->thread = t;
		free(it->name);
		it->name = NULL;
	}
	return 0;
}

static int build_items(struct pf_data *d)
{
	const struct pf_src *s = &d->src;
	uint32_t *open = NULL;
	size_t nr_open = 0, open_cap = 0, i, j;
	struct pf_item it;
	uint32_t p;
	int b;

	for (i = 0; i < s->nr_ev && !d->nomem; i++) {
		const struct pf_ev *e = &s->ev[i];

		memset(&it, 0, sizeof(it));
		it.ts = e->ts;
		it.ev = (uint32_t)i;
		it.ev2 = NONE;
		it.thread = NONE;
		switch (e->kind) {
		case PK_BIRTH:
		case PK_RETIRE:
			it.type = IT_INSTANT;
			it.proc = get_proc(d, PP_LRUVEC, (uint64_t)e->f[1], (int)e->f[0]);
			if (it.proc != NONE)
				it.thread = get_thread(d, it.proc, "generations", 0);
			push_item(d, &d->pts, &d->nr_pts, &d->pts_cap, &it);
			break;
		case PK_EVICT:
			it.type = IT_EVICT;
			p = it.proc = get_proc(d, PP_LRUVEC, (uint64_t)e->f[1], (int)e->f[0]);
			if (p == NONE)
				break;
			d->procs[p].evicted[e->f[2] == LRUGEN_FILE] += (uint64_t)e->f[7];
			memcpy(it.evicted, d->procs[p].evicted, sizeof(it.evicted));
			it.count = 1;
			/* one counter value per ts: evictions at one ts are summed */
			j = d->procs[p].last_evict;
			if (j && d->pts[j - 1].ts == e->ts) {
				memcpy(d->pts[j - 1].evicted, it.evicted, sizeof(it.evicted));
				d->pts[j - 1].count++;
				break;
			}
			if (!push_item(d, &d->pts, &d->nr_pts, &d->pts_cap, &it))
				d->procs[p].last_evict = d->nr_pts;
			break;
		case PK_MKDIR:
		case PK_RMDIR:
		case PK_LOST:
			it.type = IT_INSTANT;
			it.proc = get_proc(d, PP_RECORDING, 0, 0);
			if (it.proc != NONE)
				it.thread = get_thread(d, it.proc, e->kind == PK_LOST ? "lost events" : "cgroups", 0);
			push_item(d, &d->pts, &d->nr_pts, &d->pts_cap, &it);
			break;
		case PK_AGING_B:
		case PK_PRO_B:
		case PK_KSWAPD_WAKE:
		case PK_DIRECT_B:
		case PK_NODE_B:
			for (j = 0; j < nr_open; j++)
				if (s->ev[open[j]].kind == e->kind && same_slice(&s->ev[open[j]], e))
					break;
			if (j < nr_open) {
				/* kswapd woken again while awake: the same period */
				if (e->kind == PK_KSWAPD_WAKE)
					break;
				/* a begin whose end was never recorded (lost?) */
				d->dropped++;
				open[j] = (uint32_t)i;
				break;
			}
			if (array_grow((void **)&open, &open_cap, nr_open + 1, sizeof(*open))) {
				d->nomem = true;
				break;
			}
			open[nr_open++] = (uint32_t)i;
			break;
		default:
			b = begin_of(e->kind);
			for (j = 0; j < nr_open; j++)
				if ((int)s->ev[open[j]].kind == b && same_slice(&s->ev[open[j]], e))
					break;
			if (j == nr_open) {
				/* the recording began inside it */
				d->dropped++;
				break;
			}
			it.type = IT_SLICE;
			it.ev = open[j];
			it.ev2 = (uint32_t)i;
			it.ts = s->ev[open[j]].ts;
			it.dur = e->ts - it.ts;
			slice_track(d, &s->ev[open[j]], &it);
			push_item(d, &d->slices, &d->nr_slices, &d->slices_cap, &it);
			open[j] = open[--nr_open];
		}
	}
	/* the recording ended inside these: closed at its end */
	for (j = 0; j < nr_open && !d->nomem; j++) {
		const struct pf_ev *e = &s->ev[open[j]];

		memset(&it, 0, sizeof(it));
		it.type = IT_SLICE;
		it.ev = open[j];
		it.ev2 = NONE;
		it.ts = e->ts;
		it.dur = d->end_ts - e->ts;
		slice_track(d, e, &it);
		push_item(d, &d->slices, &d->nr_slices, &d->slices_cap, &it);
		d->closed++;
	}
	free(open);
	if (d->nomem || give_lanes(d))
		return -1;
	return 0;
}

/**
 * pf_collect() - read a recording for the export
 * @path: the trace.dat
 * @err: the reason when it fails
 * @errlen: bytes at @err
 * @warn: what is wrong with a recording that still exports (snapshots
 *        skipped, its end cut); empty when nothing is
 * @warnlen: bytes at @warn
 *
 * Return: what pf_write() writes, or NULL with the reason in @err: that of
 * replay_open() (recording_load()) for a file that is not a recording.
 */
struct pf_data *pf_collect(const char *path, char *err, size_t errlen,
			   char *warn, size_t warnlen)
{
	struct pf_data *d = calloc(1, sizeof(*d));
	size_t n;

	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->path = path;
	d->rp = replay_open(path, err, errlen, warn, warnlen);
	if (!d->rp)
		goto fail;
	d->plain = replay_is_plain(d->rp);
	if (read_events(d, err, errlen))
		goto fail;
	d->end_ts = d->src.last_ts;
	n = d->src.rec->nr_snaps;
	if (n && d->src.rec->snaps[n - 1].ts_ns > d->end_ts)
		d->end_ts = d->src.rec->snaps[n - 1].ts_ns;
	if (build_items(d)) {
		snprintf(err, errlen, "%s: out of memory for %zu events", path, d->src.nr_ev);
		goto fail;
	}
	return d;
fail:
	pf_free(d);
	return NULL;
}

/**
 * pf_free() - free what pf_collect() made
 * @d: it, or NULL
 */
void pf_free(struct pf_data *d)
{
	size_t i;

	if (!d)
		return;
	replay_free(d->rp);
	free(d->src.ev);
	for (i = 0; i < d->nr_procs; i++)
		free(d->procs[i].path);
	for (i = 0; i < d->nr_threads; i++)
		free(d->threads[i].name);
	for (i = 0; i < d->nr_slices; i++)
		free(d->slices[i].name);
	free(d->procs);
	free(d->hash);
	free(d->threads);
	free(d->pts);
	free(d->slices);
	free(d);
}

/* ---- writing ---- */

/**
 * pf_json_string() - write a string as a JSON string, quotes included
 * @out: where
 * @s: the string: bytes, not necessarily UTF-8
 *
 * Quotes and backslashes are escaped, control characters (C0, DEL, C1)
 * written as \u00NN, and each byte that is not part of valid UTF-8 as
 * U+FFFD, as lrugen snapshot --json does: the file stays valid JSON
 * (which is UTF-8).
 */
void pf_json_string(FILE *out, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	putc('"', out);
	while (i < n) {
		int len = utf8_len(u + i, n - i);

		if (u[i] == '"' || u[i] == '\\') {
			fprintf(out, "\\%c", u[i]);
		} else if (u[i] < 0x20 || u[i] == 0x7f) {
			fprintf(out, "\\u%04x", u[i]);
		} else if (len == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) {
			/* C1 controls, as lrugen snapshot --json writes them */
			fprintf(out, "\\u%04x", u[i + 1]);
		} else if (!len) {
			fputs("\\ufffd", out);
			len = 1;
		} else {
			fwrite(u + i, 1, len, out);
		}
		i += len ? len : 1;
	}
	putc('"', out);
}

struct writer {
	struct pf_data *d;
	FILE *out;
	struct pf_stats *st;
	bool first;
	bool changes_only;
};

/* a timestamp in microseconds, exactly: ns / 1000 with three decimals */
static void put_us(FILE *out, const char *key, uint64_t ns)
{
	fprintf(out, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned int)(ns % 1000));
}

static void begin_event(struct writer *w, char ph, const char *name, uint32_t pid, uint32_t tid,
			uint64_t ts)
{
	fputs(w->first ? "\n{" : ",\n{", w->out);
	w->first = false;
	fprintf(w->out, "\"ph\":\"%c\",\"name\":", ph);
	pf_json_string(w->out, name);
	fprintf(w->out, ",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32, pid, tid);
	put_us(w->out, "ts", ts);
	w->st->events++;
}

/* an event's fields as args, after "args":{ and before its } */
static void put_fields(struct writer *w, const struct pf_ev *e, const char *prefix, bool comma)
{
	const struct pf_src *s = &w->d->src;
	int i;

	for (i = 0; i < PF_FIELDS && kinds[e->kind].field[i]; i++) {
		const char *f = kinds[e->kind].field[i];

		fprintf(w->out, "%s\"%s%s\":", comma ? "," : "", prefix, f);
		comma = true;
		if (!strcmp(f, "type") && e->kind <= PK_EVICT)
			fputs(e->f[i] == LRUGEN_FILE ? "\"file\"" : e->f[i] == LRUGEN_ANON ?
			      "\"anon\"" : "\"?\"", w->out);
		else if (!strcmp(f, "reason") && e->f[i] >= 0 && e->f[i] < lrugen_nr_reasons)
			fprintf(w->out, "\"%s\"", lrugen_reason_names[e->f[i]]);
		else if (s->is_signed[e->kind][i])
			fprintf(w->out, "%" PRId64, e->f[i]);
		else
			fprintf(w->out, "%" PRIu64, (uint64_t)e->f[i]);
	}
}

static void write_point(struct writer *w, const struct pf_item *it)
{
	const struct pf_ev *e = &w->d->src.ev[it->ev];
	const struct pf_proc *p = &w->d->procs[it->proc];
	const char *name;

	if (it->type == IT_EVICT) {
		begin_event(w, 'C', "evicted", p->pid, p->pid, it->ts);
		fprintf(w->out, ",\"args\":{\"anon\":%" PRIu64 ",\"file\":%" PRIu64 "}}",
			it->evicted[LRUGEN_ANON], it->evicted[LRUGEN_FILE]);
		w->st->evicts += it->count;
		return;
	}
	switch (e->kind) {
	case PK_BIRTH:
		name = "birth";
		w->st->births++;
		break;
	case PK_RETIRE:
		name = e->f[2] == LRUGEN_FILE ? "retire file" : "retire anon";
		w->st->retires++;
		break;
	case PK_MKDIR:
		name = "cgroup_mkdir";
		w->st->cgroups++;
		break;
	case PK_RMDIR:
		name = "cgroup_rmdir";
		w->st->cgroups++;
		break;
	default:
		name = "events lost";
		w->st->lost++;
	}
	begin_event(w, 'i', name, p->pid, w->d->threads[it->thread].tid, it->ts);
	fprintf(w->out, ",\"s\":\"%c\",\"cat\":\"%s\",\"args\":{", e->kind == PK_LOST ? 'g' : 't',
		e->kind <= PK_RETIRE ? "lru_gen" : "recording");
	if (e->kind == PK_LOST) {
		fprintf(w->out, "\"count\":%" PRIu64 "}}", (uint64_t)e->f[0]);
		return;
	}
	put_fields(w, e, "", false);
	if (e->kind == PK_MKDIR || e->kind == PK_RMDIR) {
		fputs(",\"path\":", w->out);
		pf_json_string(w->out, w->d->src.rec->arena + e->str);
	}
	fputs("}}", w->out);
}

static void write_slice(struct writer *w, const struct pf_item *it)
{
	const struct pf_ev *b = &w->d->src.ev[it->ev];
	const struct pf_ev *e = it->ev2 != NONE ? &w->d->src.ev[it->ev2] : NULL;
	const struct pf_thread *t = &w->d->threads[it->thread];
	const char *name, *cat = "vmscan";

	switch (b->kind) {
	case PK_AGING_B:
		name = "aging";
		cat = "lru_gen";
		w->st->aging++;
		break;
	case PK_PRO_B:
		name = "proactive reclaim";
		w->st->proactive++;
		break;
	case PK_KSWAPD_WAKE:
		name = "kswapd awake";
		w->st->kswapd++;
		break;
	case PK_DIRECT_B:
		name = "direct reclaim";
		w->st->direct++;
		break;
	default:
		name = "node reclaim";
		w->st->node_reclaim++;
	}
	begin_event(w, 'X', name, w->d->procs[it->proc].pid, t->tid, it->ts);
	put_us(w->out, "dur", it->dur);
	fprintf(w->out, ",\"cat\":\"%s\",\"args\":{", cat);
	put_fields(w, b, "", false);
	if (e)
		put_fields(w, e, "end.", true);
	else
		fputs(",\"unfinished\":1", w->out);
	fputs("}}", w->out);
}

static void write_gens(struct writer *w, struct pf_proc *p, uint64_t ts,
		       const struct lrugen_lruvec *v)
{
	int k, g;

	for (k = 0; k < LRUGEN_MAX_GENS; k++) {
		uint64_t pages[LRUGEN_NR_TYPES] = { 0, 0 };
		char name[16];

		for (g = 0; v && g < v->nr_gens; g++)
			if (v->gens[g].seq % LRUGEN_MAX_GENS == (uint64_t)k)
				memcpy(pages, v->gens[g].pages, sizeof(pages));
		/* PF_CHANGES_ONLY: a counter holds its value until the next */
		if (w->changes_only && p->gen_sent && !memcmp(p->gen_last[k], pages, sizeof(pages)))
			continue;
		memcpy(p->gen_last[k], pages, sizeof(pages));
		snprintf(name, sizeof(name), "gen %d", k);
		begin_event(w, 'C', name, p->pid, p->pid, ts);
		fprintf(w->out, ",\"args\":{\"anon\":%" PRIu64 ",\"file\":%" PRIu64 "}}",
			pages[LRUGEN_ANON], pages[LRUGEN_FILE]);
		w->st->gen_counters++;
	}
	p->gen_sent = true;
}

/* the S line's time closest to the model's (which is it, as a double) */
static uint64_t frame_ts(const struct pf_src *s, double now)
{
	const struct rec_snap *sn = s->rec->snaps;
	uint64_t t = (uint64_t)(now * 1e9 + 0.5);
	size_t lo = 0, hi = s->rec->nr_snaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sn[mid].ts_ns < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->rec->nr_snaps && sn[lo].ts_ns - t < 2000)
		return sn[lo].ts_ns;
	if (lo > 0 && t - sn[lo - 1].ts_ns < 2000)
		return sn[lo - 1].ts_ns;
	return t;
}

/* a snapshot's counters; lruvecs gone since the one before drop to 0 */
static int write_frame(struct writer *w, const struct lrugen_model *m, long f, uint64_t ts,
		       uint32_t **live, size_t *nr_live)
{
	struct pf_data *d = w->d;
	size_t i, n = 0;
	uint32_t *now;

	now = malloc((m->nr_lruvecs + 1) * sizeof(*now));
	if (!now)
		return -1;
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];
		uint32_t p = get_proc(d, PP_LRUVEC, v->memcg_id, v->nid);

		if (p == NONE) {
			free(now);
			return -1;
		}
		if (!d->procs[p].path || strcmp(d->procs[p].path, v->path)) {
			free(d->procs[p].path);
			d->procs[p].path = strdup(v->path);
		}
		if (d->procs[p].frame == f)
			continue;	/* two removed memcgs of one id and node */
		d->procs[p].frame = f;
		write_gens(w, &d->procs[p], ts, v);
		now[n++] = p;
	}
	for (i = 0; i < *nr_live; i++)
		if (d->procs[(*live)[i]].frame != f)
			write_gens(w, &d->procs[(*live)[i]], ts, NULL);
	free(*live);
	*live = now;
	*nr_live = n;
	w->st->snapshots++;
	return 0;
}

static const char *cgroup_path(const struct pf_data *d, uint64_t id)
{
	size_t i;

	for (i = d->src.nr_ev; i-- > 0;)
		if (d->src.ev[i].kind == PK_MKDIR && (uint64_t)d->src.ev[i].f[0] == id)
			return d->src.rec->arena + d->src.ev[i].str;
	for (i = d->src.nr_ev; i-- > 0;)
		if (d->src.ev[i].kind == PK_RMDIR && (uint64_t)d->src.ev[i].f[0] == id)
			return d->src.rec->arena + d->src.ev[i].str;
	return NULL;
}

static int cmp_proc(const void *a, const void *b, void *ctx)
{
	const struct pf_proc *x = &((struct pf_data *)ctx)->procs[*(const uint32_t *)a];
	const struct pf_proc *y = &((struct pf_data *)ctx)->procs[*(const uint32_t *)b];
	int c;

	if (x->type != y->type)
		return x->type - y->type;
	c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
	if (c)
		return c;
	if (x->memcg_id != y->memcg_id)
		return x->memcg_id < y->memcg_id ? -1 : 1;
	return x->nid - y->nid;
}

static void write_meta(struct writer *w, const char *what, uint32_t pid, uint32_t tid,
		       const char *name, long sort)
{
	fputs(w->first ? "\n{" : ",\n{", w->out);
	w->first = false;
	fprintf(w->out, "\"ph\":\"M\",\"name\":\"%s\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32
		",\"args\":{", what, pid, tid);
	if (name) {
		fputs("\"name\":", w->out);
		pf_json_string(w->out, name);
	} else {
		fprintf(w->out, "\"sort_index\":%ld", sort);
	}
	fputs("}}", w->out);
	w->st->events++;
}

/* the names of every process and thread, and the order of the processes */
static int write_names(struct writer *w)
{
	struct pf_data *d = w->d;
	uint32_t *order;
	size_t i;

	for (i = 0; i < d->nr_procs; i++) {
		struct pf_proc *p = &d->procs[i];
		const char *c;
		char buf[64];

		if (p->type != PP_LRUVEC || p->path)
			continue;
		c = p->memcg_id == 1 ? "/" : cgroup_path(d, p->memcg_id);
		if (!c) {
			snprintf(buf, sizeof(buf), "[memcg %" PRIu64 "]", p->memcg_id);
			c = buf;
		}
		p->path = strdup(c);
		if (!p->path)
			return -1;
	}
	order = malloc((d->nr_procs + 1) * sizeof(*order));
	if (!order)
		return -1;
	for (i = 0; i < d->nr_procs; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, d->nr_procs, sizeof(*order), cmp_proc, d);
	for (i = 0; i < d->nr_procs; i++) {
		const struct pf_proc *p = &d->procs[order[i]];
		char *name = NULL;
		int ret;

		switch (p->type) {
		case PP_RECORDING:
			ret = asprintf(&name, "recording");
			break;
		case PP_RECLAIM:
			ret = asprintf(&name, "direct and node reclaim");
			break;
		case PP_NODE:
			ret = asprintf(&name, "node %d", p->nid);
			break;
		default:
			if (p->nid < 0)
				ret = asprintf(&name, "%s all nodes", p->path);
			else
				ret = asprintf(&name, "%s node %d", p->path, p->nid);
			w->st->lruvecs++;
		}
		if (ret < 0) {
			free(order);
			return -1;
		}
		write_meta(w, "process_name", p->pid, p->pid, name, 0);
		write_meta(w, "process_sort_index", p->pid, p->pid, NULL, (long)i);
		free(name);
	}
	free(order);
	for (i = 0; i < d->nr_threads; i++) {
		const struct pf_thread *t = &d->threads[i];

		write_meta(w, "thread_name", d->procs[t->proc].pid, t->tid, t->name, 0);
	}
	return 0;
}

static void write_head(struct writer *w)
{
	const struct pf_data *d = w->d;

	fputs("{\"displayTimeUnit\":\"ms\",\"metadata\":{\"source\":", w->out);
	pf_json_string(w->out, d->path);
	fputs(",\"exporter\":\"lrugen export --perfetto\",\"clock\":\"the trace clock of the recording (seconds since boot); ts and dur in microseconds\"",
	      w->out);
	if (d->src.host[0]) {
		fputs(",\"host\":", w->out);
		pf_json_string(w->out, d->src.host);
	}
	if (d->src.release[0]) {
		fputs(",\"release\":", w->out);
		pf_json_string(w->out, d->src.release);
	}
	fprintf(w->out, ",\"snapshots\":%s,\"unfinished_slices_closed\":%" PRIu64
		",\"ends_without_begin_dropped\":%" PRIu64 "},\"traceEvents\":[",
		d->plain ? "false" : "true", d->closed, d->dropped);
}

static void progress(const struct pf_data *d, size_t f, size_t nf, size_t done, bool last,
		     double *next)
{
	double t = now_s();

	if (!last && t < *next)
		return;
	if (!isatty(STDERR_FILENO) || (last && *next == 0))
		return;
	fprintf(stderr, "\rlrugen export: %s: snapshot %zu of %zu, event %zu of %zu%s", d->path,
		f, nf, done, d->nr_pts + d->nr_slices, last ? "\n" : "");
	*next = last ? 0 : t + 1;
}

/**
 * pf_write() - write what pf_collect() read as trace-event JSON
 * @d: it
 * @out: where; nothing but the JSON is written there
 * @flags: PF_CHANGES_ONLY: a generation counter only when its value
 *         changed since the lruvec's last (or on its first snapshot)
 * @st: what was written, counted
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * Streams the events in time order (the snapshots' counters at their
 * snapshot's time), then the names of the tracks. On a terminal, says how
 * far it got every second.
 *
 * Return: 0, or -1 with the reason in @err (out of memory, a snapshot that
 * cannot be read, interrupted, or @out failing).
 */
int pf_write(struct pf_data *d, FILE *out, unsigned int flags, struct pf_stats *st,
	     char *err, size_t errlen)
{
	struct writer w = { .d = d, .out = out, .st = st, .first = true,
			    .changes_only = flags & PF_CHANGES_ONLY };
	size_t ip = 0, is = 0, nf = d->plain ? 0 : replay_count(d->rp), nr_live = 0;
	double next_progress = now_s() + 1;
	struct lrugen_model m;
	uint32_t *live = NULL;
	bool have_frame = false;
	uint64_t fts = 0;
	long f = -1;
	int ret = -1;

	memset(st, 0, sizeof(*st));
	st->plain = d->plain;
	st->closed = d->closed;
	st->dropped = d->dropped;
	model_init(&m);
	write_head(&w);
	for (;;) {
		const struct pf_item *p = ip < d->nr_pts ? &d->pts[ip] : NULL;
		const struct pf_item *s = is < d->nr_slices ? &d->slices[is] : NULL;

		if (session_stop) {
			snprintf(err, errlen, "interrupted");
			goto out;
		}
		/* the next snapshot, read one ahead */
		if (!have_frame && f + 1 < (long)nf) {
			if (replay_step(d->rp, &m, 1, err, errlen) < 0)
				goto out;
			f++;
			fts = frame_ts(&d->src, m.now);
			have_frame = true;
		}
		if (have_frame && (!p || fts <= p->ts) && (!s || fts <= s->ts)) {
			if (write_frame(&w, &m, f, fts, &live, &nr_live))
				goto nomem;
			have_frame = false;
			continue;
		}
		if (!p && !s)
			break;
		if (p && (!s || p->ts <= s->ts)) {
			write_point(&w, p);
			ip++;
		} else {
			write_slice(&w, s);
			is++;
		}
		progress(d, f < 0 ? 0 : (size_t)f, nf, ip + is, false, &next_progress);
	}
	if (write_names(&w))
		goto nomem;
	fputs("\n]}\n", out);
	progress(d, nf, nf, ip + is, true, &next_progress);
	if (ferror(out)) {
		snprintf(err, errlen, "writing failed");
		goto out;
	}
	ret = 0;
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
out:
	free(live);
	model_free(&m);
	return ret;
}
