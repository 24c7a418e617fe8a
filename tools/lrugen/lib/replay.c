// SPDX-License-Identifier: GPL-2.0
/*
 * The replay source: a loaded recording (recording.c) fed into the model
 * one frame at a time, through the same model as the live sources. A
 * frame is a snapshot of lrugen record's (its lines through the snapshot
 * reader of recfmt.c, and the events up to it through events.c's apply
 * step), or, for a plain trace-cmd recording, one second of recorded time
 * with the lruvecs rebuilt from the events. Seeking starts again from the
 * last keyframe before the frame.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "recfmt.h"
#include "recording.h"
#include "util.h"

/* events applied before the frame a seek lands on, so that the log is full */
#define LOG_EVENTS	(LRUGEN_LOG_LEN * 8)
#define NS		1000000000ULL
/* a plain recording's frames: one per second of recorded time */
#define PLAIN_FRAME_NS	NS

/**
 * struct frame - one step of the replay
 * @ts_ns: its time: the snapshot's, or the end of the plain frame's second
 * @ev_end: the events before it are ev[0] to ev[@ev_end - 1]
 * @snap: its snapshot in &recording.snaps (not for a plain recording)
 * @ev_count: events up to it, per kind
 * @lost: events the ring buffer lost up to it
 */
struct frame {
	uint64_t ts_ns;
	size_t ev_end;
	size_t snap;
	uint64_t ev_count[LRUGEN_EV_NR_KINDS];
	uint64_t lost;
};

/*
 * What the events tell of one lruvec of a plain recording: its sequence
 * numbers as the last birth, retirement, eviction or aging left them.
 */
struct plain_lruvec {
	uint64_t memcg_id;
	int nid;
	uint64_t max_seq;
	uint64_t min_seq[LRUGEN_NR_TYPES];
	uint64_t last_ts;
	bool has_min[LRUGEN_NR_TYPES];
};

struct replay {
	struct recording rec;
	struct source src;
	struct rec_reader *rr;
	struct frame *frames;
	size_t nr_frames;
	long pos;
	size_t ev_next;
	bool plain;
	char notice[512];
	char host[80];
	/* plain recordings: the lruvecs the events have shown so far */
	struct plain_lruvec *pl;
	size_t nr_pl, pl_cap;
	size_t pl_ev;
	uint64_t nodes;
	long ticks_per_s;
	/* the header's start: wall clock and CLOCK_MONOTONIC, ms; 0 unknown */
	uint64_t start_ms;
	uint64_t start_mono_ms;
	/* what is wrong with the recording, as far as it has been read */
	char warn[768];
	char cut[256];		/* it ends inside a snapshot */
	char first_bad[256];	/* why the first damaged snapshot found is */
	size_t skipped;		/* snapshots left out */
	bool warn_new;		/* damage found since replay_new_warning() */
	bool checked;		/* every snapshot has been read (replay_check()) */
};

static void frame_counts(struct replay *rp)
{
	struct recording *r = &rp->rec;
	uint64_t count[LRUGEN_EV_NR_KINDS] = { 0 }, lost = 0;
	size_t f, e = 0, l = 0;

	for (f = 0; f < rp->nr_frames; f++) {
		struct frame *fr = &rp->frames[f];

		for (; e < fr->ev_end; e++)
			if (r->ev[e].kind >= 0 && r->ev[e].kind < LRUGEN_EV_NR_KINDS)
				count[r->ev[e].kind]++;
		for (; l < r->nr_lost && r->lost[l].ts_ns <= fr->ts_ns; l++)
			lost += r->lost[l].count ? r->lost[l].count : 1;
		memcpy(fr->ev_count, count, sizeof(count));
		fr->lost = lost;
	}
}

/* ---- plain trace-cmd recordings: lruvecs rebuilt from the events ---- */

static struct plain_lruvec *plain_get(struct replay *rp, uint64_t memcg_id, int nid)
{
	struct plain_lruvec *p;
	size_t i;

	for (i = rp->nr_pl; i-- > 0;)
		if (rp->pl[i].memcg_id == memcg_id && rp->pl[i].nid == nid)
			return &rp->pl[i];
	if (array_grow((void **)&rp->pl, &rp->pl_cap, rp->nr_pl + 1, sizeof(*rp->pl)))
		return NULL;
	p = &rp->pl[rp->nr_pl++];
	memset(p, 0, sizeof(*p));
	p->memcg_id = memcg_id;
	p->nid = nid;
	return p;
}

static void plain_fold(struct replay *rp, const struct lrugen_event *ev)
{
	struct plain_lruvec *p;
	int t;

	if (ev->nid < 0 || ev->nid >= LRUGEN_MAX_NODES || ev->kind == LRUGEN_EV_PROACTIVE)
		return;
	p = plain_get(rp, ev->memcg_id, ev->nid);
	if (!p)
		return;
	p->last_ts = ev->ts_ns;
	switch (ev->kind) {
	case LRUGEN_EV_BIRTH:
		p->max_seq = ev->a;
		p->min_seq[LRUGEN_ANON] = ev->b;
		p->min_seq[LRUGEN_FILE] = ev->c;
		p->has_min[LRUGEN_ANON] = p->has_min[LRUGEN_FILE] = true;
		break;
	case LRUGEN_EV_RETIRE:
		t = ev->arg == LRUGEN_FILE ? LRUGEN_FILE : LRUGEN_ANON;
		p->min_seq[t] = ev->b;
		p->has_min[t] = true;
		if (ev->b > p->max_seq)
			p->max_seq = ev->b;
		break;
	case LRUGEN_EV_EVICT:
		t = ev->arg == LRUGEN_FILE ? LRUGEN_FILE : LRUGEN_ANON;
		if (!p->has_min[t]) {
			p->min_seq[t] = ev->a;
			p->has_min[t] = true;
		}
		if (ev->a > p->max_seq)
			p->max_seq = ev->a;
		break;
	case LRUGEN_EV_AGING:
		/* max_seq as aging found it; new_gen says it made one more */
		if (ev->a + (ev->arg ? 1 : 0) > p->max_seq)
			p->max_seq = ev->a + (ev->arg ? 1 : 0);
		break;
	}
}

/* the path of a memcg id: from the cgroup events when the file has them */
static const char *plain_path(struct replay *rp, uint64_t id, char *buf, size_t size)
{
	const struct recording *r = &rp->rec;
	size_t i;

	if (id == 1)
		return "/";
	for (i = 0; i < r->nr_cgroups; i++) {
		if (r->cgroups[i].id != id)
			continue;
		/* cgroup events name it relative to the hierarchy: "/a/b" */
		snprintf(buf, size, "%s", r->arena + r->cgroups[i].path_off);
		return buf;
	}
	snprintf(buf, size, "[memcg %" PRIu64 "]", id);
	return buf;
}

/* removed (cgroup_rmdir) before @ts, and no event from it since */
static bool plain_removed(struct replay *rp, const struct plain_lruvec *p, uint64_t ts)
{
	const struct recording *r = &rp->rec;
	size_t i;

	for (i = r->nr_cgroups; i-- > 0;) {
		const struct rec_cgroup *c = &r->cgroups[i];

		if (c->id != p->memcg_id || c->ts_ns > ts)
			continue;
		return c->removed && c->ts_ns >= p->last_ts;
	}
	return false;
}

static int cmp_plain(const void *a, const void *b)
{
	const struct lrugen_lruvec *x = a, *y = b;

	if (x->memcg_id != y->memcg_id)
		return x->memcg_id < y->memcg_id ? -1 : 1;
	return x->nid - y->nid;
}

/* the sample of frame @f: lruvecs from the events, no pages, no ages */
static int plain_fill(struct replay *rp, struct lrugen_model *m, size_t f,
		      char *err, size_t errlen)
{
	struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
	struct lrugen_global prev_global = m->global;
	const struct frame *fr = &rp->frames[f];
	struct lrugen_lruvec *v;
	size_t i, n = 0;
	int nid;

	if (rp->pl_ev > fr->ev_end) {
		rp->nr_pl = 0;
		rp->pl_ev = 0;
	}
	for (; rp->pl_ev < fr->ev_end; rp->pl_ev++)
		plain_fold(rp, &rp->rec.ev[rp->pl_ev]);
	v = calloc(rp->nr_pl + 1, sizeof(*v));
	if (!v) {
		snprintf(err, errlen, "out of memory for %zu lruvecs", rp->nr_pl);
		return -1;
	}
	for (i = 0; i < rp->nr_pl; i++) {
		const struct plain_lruvec *p = &rp->pl[i];
		struct lrugen_lruvec *l = &v[n];
		uint64_t min, seq;
		char path[300];
		int t;

		if (plain_removed(rp, p, fr->ts_ns))
			continue;
		l->path = strdup(plain_path(rp, p->memcg_id, path, sizeof(path)));
		if (!l->path) {
			lruvecs_free(v, n);
			snprintf(err, errlen, "out of memory for %zu lruvecs", rp->nr_pl);
			return -1;
		}
		n++;
		l->memcg_id = p->memcg_id;
		l->nid = p->nid;
		l->max_seq = p->max_seq;
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			l->min_seq[t] = p->has_min[t] && p->min_seq[t] <= p->max_seq ?
					p->min_seq[t] : p->max_seq;
		min = l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1];
		/* the generations the kernel keeps: at most 4, youngest last */
		if (l->max_seq - min >= LRUGEN_MAX_GENS)
			min = l->max_seq - LRUGEN_MAX_GENS + 1;
		for (seq = min; seq <= l->max_seq; seq++) {
			struct lrugen_gen *g = &l->gens[l->nr_gens++];

			g->seq = seq;
			for (t = 0; t < LRUGEN_NR_TYPES; t++)
				g->evicted[t] = seq < l->min_seq[t];
		}
	}
	qsort(v, n, sizeof(*v), cmp_plain);
	memcpy(prev_nodes, m->nodes, sizeof(prev_nodes));
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		m->nodes[nid].present = rp->nodes & (1ULL << nid);
		if (m->nodes[nid].present)
			m->nr_nodes = nid + 1;
	}
	model_set_lruvecs(m, v, n, fr->ts_ns / 1e9);
	model_update_rates(m, prev_nodes, &prev_global, m->interval, rp->ticks_per_s);
	return 0;
}

static int plain_frames(struct replay *rp)
{
	struct recording *r = &rp->rec;
	uint64_t first = r->ev[0].ts_ns, span = r->ev[r->nr_ev - 1].ts_ns - first;
	size_t f, i;

	/* frames at first, first + 1 s, ... until one is at or past the last event */
	rp->nr_frames = (span + PLAIN_FRAME_NS - 1) / PLAIN_FRAME_NS + 1;
	rp->frames = calloc(rp->nr_frames, sizeof(*rp->frames));
	if (!rp->frames)
		return -1;
	for (f = 0; f < rp->nr_frames; f++) {
		rp->frames[f].ts_ns = first + f * PLAIN_FRAME_NS;
		rp->frames[f].ev_end = recording_event_at(r, rp->frames[f].ts_ns, true);
	}
	for (i = 0; i < r->nr_ev; i++)
		if (r->ev[i].nid >= 0 && r->ev[i].nid < LRUGEN_MAX_NODES)
			rp->nodes |= 1ULL << r->ev[i].nid;
	rp->ticks_per_s = 100;
	frame_counts(rp);
	return 0;
}

/* ---- lrugen recordings: snapshots through the snapshot reader ---- */

/*
 * Feed lines @from to @to, inclusive; -1 with the reason when one breaks
 * a snapshot. A bad C (command) or X (end) line breaks none: the reader
 * keeps its snapshots, and so does the replay.
 */
static int feed(struct replay *rp, size_t from, size_t to, char *err, size_t errlen)
{
	struct recording *r = &rp->rec;
	size_t i;

	for (i = from; i <= to && i < r->nr_lines; i++) {
		enum rec_line_result res;
		const char *s;
		size_t len;

		if (i == r->header_line)
			continue;
		s = recording_line(r, i, &len);
		res = rec_reader_line(rp->rr, s, len, r->lines[i].ts_ns, err, errlen);
		if (res == REC_LINE_VERSION ||
		    (res == REC_LINE_BAD && !strchr("CX", recording_line_type(r, i))))
			return -1;
	}
	return 0;
}

static int feed_header(struct replay *rp, char *err, size_t errlen)
{
	struct recording *r = &rp->rec;
	const struct rec_header *h;
	enum rec_line_result res;
	char why[256] = "";
	const char *s;
	size_t len;

	s = recording_line(r, r->header_line, &len);
	res = rec_reader_line(rp->rr, s, len, r->lines[r->header_line].ts_ns, why, sizeof(why));
	h = rec_reader_header(rp->rr);
	if (res == REC_LINE_VERSION) {
		if (why[0])
			snprintf(err, errlen, "%s: %s", r->path, why);
		else
			snprintf(err, errlen, "%s is in a newer recording format than this lrugen's (%d): use a newer lrugen",
				 r->path, RECFMT_VERSION);
		return -1;
	}
	if (res != REC_LINE_HEADER || !h) {
		snprintf(err, errlen, "%s: lrugen's header line cannot be read (%s): a damaged recording",
			 r->path, why[0] ? why : "no reason given");
		return -1;
	}
	snprintf(rp->host, sizeof(rp->host), "%s", h->host);
	rp->ticks_per_s = h->ticks_per_s;
	rp->start_ms = h->start_ms;
	rp->start_mono_ms = h->start_mono_ms;
	/* the C lines (the command) between the header and the first snapshot */
	if (r->nr_snaps && r->snaps[0].first_line > r->header_line + 1)
		feed(rp, r->header_line + 1, r->snaps[0].first_line - 1, why, sizeof(why));
	return 0;
}

/* @rp->warn from what has been found so far */
static void make_warning(struct replay *rp)
{
	const struct recording *r = &rp->rec;
	size_t wl;

	wl = snprintf(rp->warn, sizeof(rp->warn), "%s", rp->cut);
	if (rp->skipped && wl < sizeof(rp->warn))
		snprintf(rp->warn + wl, sizeof(rp->warn) - wl,
			 "%s%s: %zu of %zu snapshots skipped%s%s%s: each damaged snapshot is skipped up to the next keyframe",
			 wl ? "; " : "", r->path, rp->skipped, r->nr_snaps,
			 rp->first_bad[0] ? " (the first damaged: " : "", rp->first_bad,
			 rp->first_bad[0] ? ")" : "");
}

/*
 * Which snapshots can play, by what the index alone tells: those that
 * are complete and read on from a keyframe with no incomplete one
 * between. Their lines are read only when a frame needs them: one that
 * turns out damaged is then left out with those after it up to the next
 * keyframe (mark_bad()), as replay_check() does for all of them at once.
 */
static int mark_usable(struct replay *rp, char *err, size_t errlen)
{
	struct recording *r = &rp->rec;
	size_t j, usable = 0;
	bool need_key = true;

	for (j = 0; j < r->nr_snaps; j++) {
		struct rec_snap *sn = &r->snaps[j];

		sn->usable = false;
		if (!sn->complete) {
			if (j + 1 == r->nr_snaps)
				snprintf(rp->cut, sizeof(rp->cut),
					 "%s ends inside snapshot %" PRIu64 " (cut short?): it is left out",
					 r->path, sn->number);
			else
				rp->skipped++;
			need_key = true;
			continue;
		}
		if (need_key && !sn->keyframe) {
			rp->skipped++;
			continue;
		}
		need_key = false;
		sn->usable = true;
		usable++;
	}
	if (!usable) {
		snprintf(err, errlen, "%s holds no readable lrugen snapshot (%zu found): nothing to replay",
			 r->path, r->nr_snaps);
		return -1;
	}
	make_warning(rp);
	return 0;
}

static int snapshot_frames(struct replay *rp)
{
	struct recording *r = &rp->rec;
	size_t j, f = 0;

	for (j = 0; j < r->nr_snaps; j++)
		f += r->snaps[j].usable;
	free(rp->frames);
	rp->frames = NULL;
	rp->nr_frames = 0;
	if (!f)
		return 0;
	rp->frames = calloc(f, sizeof(*rp->frames));
	if (!rp->frames)
		return -1;
	rp->nr_frames = f;
	for (j = 0, f = 0; j < r->nr_snaps; j++) {
		if (!r->snaps[j].usable)
			continue;
		rp->frames[f].ts_ns = r->snaps[j].ts_ns;
		rp->frames[f].snap = j;
		/* events before the snapshot: its lines come after what it read */
		rp->frames[f].ev_end = recording_event_at(r, r->snaps[j].ts_ns, false);
		f++;
	}
	frame_counts(rp);
	return 0;
}

/* the frame of the last playable snapshot at or before @snap; -1 if none */
static long frame_at_or_before(const struct replay *rp, size_t snap)
{
	size_t lo = 0, hi = rp->nr_frames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rp->frames[mid].snap <= snap)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* the frame of the first playable snapshot at or after @snap; -1 if none */
static long frame_at_or_after(const struct replay *rp, size_t snap)
{
	long f = frame_at_or_before(rp, snap);

	if (f >= 0 && rp->frames[f].snap == snap)
		return f;
	return f + 1 < (long)rp->nr_frames ? f + 1 : -1;
}

/*
 * Snapshot @j does not read (@why): leave it out, and those after it up
 * to the next keyframe, which build on it; the frames are made again
 * (the one shown keeps its place if it is still there) and the warning
 * says so. -1 with the reason when nothing playable is left.
 */
static int mark_bad(struct replay *rp, size_t j, const char *why, char *err, size_t errlen)
{
	struct recording *r = &rp->rec;
	size_t i, shown = 0;
	bool had_pos = rp->pos >= 0 && (size_t)rp->pos < rp->nr_frames;

	if (had_pos)
		shown = rp->frames[rp->pos].snap;
	for (i = j; i < r->nr_snaps && (i == j || !r->snaps[i].keyframe); i++) {
		if (r->snaps[i].usable)
			rp->skipped++;
		r->snaps[i].usable = false;
	}
	if (!rp->first_bad[0])
		snprintf(rp->first_bad, sizeof(rp->first_bad), "%s", why[0] ? why : "unreadable");
	make_warning(rp);
	rp->warn_new = true;
	if (snapshot_frames(rp)) {
		snprintf(err, errlen, "%s: out of memory", r->path);
		return -1;
	}
	if (!rp->nr_frames) {
		snprintf(err, errlen, "%s holds no readable lrugen snapshot (%zu found; %s): nothing to replay",
			 r->path, r->nr_snaps, rp->first_bad);
		return -1;
	}
	rp->pos = had_pos ? frame_at_or_before(rp, shown) : -1;
	return 0;
}

/*
 * Feed snapshot @j's lines, the reader holding snapshot @j - 1 (or, with
 * @fresh, nothing: @j is a keyframe); -1 with why in @why when they do
 * not read.
 */
static int feed_snap(struct replay *rp, size_t j, bool fresh, char *why, size_t whylen)
{
	const struct rec_snap *s = rp->rec.snaps;

	return feed(rp, fresh ? s[j].first_line : s[j - 1].end_line + 1, s[j].end_line, why, whylen);
}

/* ---- moving through the frames ---- */

static void model_reset(struct lrugen_model *m)
{
	const char *notice = m->notice;
	bool live = m->events_live, unknown = m->counts_unknown;

	model_free(m);
	model_init(m);
	m->notice = notice;
	m->events_live = live;
	m->counts_unknown = unknown;
}

static void apply_events(struct replay *rp, struct lrugen_model *m, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < rp->rec.nr_ev; i++)
		event_apply(m, &rp->rec.ev[i]);
}

static int fill(struct replay *rp, struct lrugen_model *m, size_t f, char *err, size_t errlen)
{
	uint64_t ts;
	int ret;

	if (rp->plain)
		return plain_fill(rp, m, f, err, errlen);
	ret = rec_reader_fill(rp->rr, m, &ts);
	if (ret < 0) {
		snprintf(err, errlen, "%s: snapshot %" PRIu64 " cannot be shown: %s", rp->rec.path,
			 rp->rec.snaps[rp->frames[f].snap].number, strerror(-ret));
		return -1;
	}
	return 0;
}

/* whether frame @f follows frame @f - 1 with no snapshot left out between */
static bool follows(const struct replay *rp, size_t f)
{
	return f > 0 && (rp->plain || rp->frames[f - 1].snap + 1 == rp->frames[f].snap);
}

/*
 * The frame whose sample starts the births window that frame @f's sample
 * is measured over, as a replay played from its first frame has it:
 * model_commit() carries the window from sample to sample and, once it is
 * LRUGEN_BIRTH_WINDOW_S old, restarts it at the sample before; a frame
 * that does not follow the one before starts a new one (replay_step()
 * seeks there). Only the frames' times are needed, not their snapshots.
 */
static size_t window_start(const struct replay *rp, size_t f)
{
	size_t i, ws = 0;

	for (i = 1; i < f; i++) {
		if (!follows(rp, i))
			ws = i;
		else if ((rp->frames[i].ts_ns - rp->frames[ws].ts_ns) / 1e9 >= LRUGEN_BIRTH_WINDOW_S)
			ws = i - 1;
	}
	return follows(rp, f) ? ws : f;
}

/* the events from @from (but none before @first) up to frame @f */
static void apply_upto(struct replay *rp, struct lrugen_model *m, size_t *from,
		       size_t first, size_t f)
{
	if (*from < first)
		*from = first;
	apply_events(rp, m, *from, rp->frames[f].ev_end);
	if (*from < rp->frames[f].ev_end)
		*from = rp->frames[f].ev_end;
}

/*
 * One attempt at replay_seek(): 0 done; -1 with the reason in @err; 1
 * when snapshot *@bad does not read (why in @why), and the model is not
 * what it should be.
 */
static int seek_once(struct replay *rp, struct lrugen_model *m, size_t frame, size_t *bad,
		     char *why, size_t whylen, char *err, size_t errlen)
{
	const struct recording *r = &rp->rec;
	size_t start, e0, ev, k, j, f;
	struct frame *fr;

	model_reset(m);
	start = window_start(rp, frame);
	e0 = rp->frames[frame].ev_end > LOG_EVENTS ? rp->frames[frame].ev_end - LOG_EVENTS : 0;
	if (start < frame && e0 > rp->frames[frame - 1].ev_end)
		e0 = rp->frames[frame - 1].ev_end;
	ev = e0;
	if (!rp->plain) {
		/* the keyframe the snapshot at start reads from, then on */
		k = rp->frames[start].snap;
		while (!r->snaps[k].keyframe && k > 0)
			k--;
		rec_reader_reset(rp->rr);
		for (j = k; j <= rp->frames[start].snap; j++) {
			if (feed_snap(rp, j, j == k, why, whylen)) {
				*bad = j;
				return 1;
			}
		}
	} else {
		rp->nr_pl = 0;
		rp->pl_ev = 0;
	}
	apply_upto(rp, m, &ev, e0, start);
	if (fill(rp, m, start, err, errlen))
		return -1;
	for (f = start + 1; f <= frame; f++) {
		apply_upto(rp, m, &ev, e0, f);
		if (!rp->plain && feed_snap(rp, rp->frames[f].snap, false, why, whylen)) {
			*bad = rp->frames[f].snap;
			return 1;
		}
		if (fill(rp, m, f, err, errlen))
			return -1;
	}
	fr = &rp->frames[frame];
	memcpy(m->ev_count, fr->ev_count, sizeof(m->ev_count));
	m->ev_lost = fr->lost;
	rp->ev_next = fr->ev_end;
	rp->pos = (long)frame;
	return 0;
}

/*
 * replay_seek(), and where to go when it finds a damaged snapshot: on
 * to the first frame after the damage (@forward, if there is one), else
 * back to the last one at or before the frame asked for.
 */
static int seek_to(struct replay *rp, struct lrugen_model *m, size_t frame, bool forward,
		   char *err, size_t errlen)
{
	for (;;) {
		size_t want = rp->frames[frame].snap, bad = 0;
		char why[256] = "";
		long f = -1;
		int ret;

		ret = seek_once(rp, m, frame, &bad, why, sizeof(why), err, errlen);
		if (ret <= 0)
			return ret;
		/* each round leaves out one snapshot or more: it ends */
		if (mark_bad(rp, bad, why, err, errlen))
			return -1;
		if (forward)
			f = frame_at_or_after(rp, want);
		if (f < 0)
			f = frame_at_or_before(rp, want);
		if (f < 0)
			f = 0;
		frame = (size_t)f;
	}
}

/**
 * replay_seek() - go to a frame, from the keyframe before it
 * @rp: the replay
 * @m: the model it fills; emptied first
 * @frame: the frame, below replay_count()
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * The model shows what playing the recording from its start would show
 * at @frame, rates included: the snapshot reader starts again at the last
 * keyframe at or before the frame that begins @frame's births window
 * (window_start(): at most a minute and an interval back), reads its way
 * to @frame, and fills the model at every frame from that one on, so that
 * BIRTH/m is taken over the window it is taken over live, and the other
 * rates over the interval before @frame. Of the events before @frame, the
 * last LOG_EVENTS are applied, each between the frames it came between
 * (the log shows those before the moment, and eviction rates count those
 * of the last interval); the event counts and lost events are those of
 * the whole recording up to @frame.
 *
 * A snapshot read for the first time may turn out damaged: it and those
 * after it up to the next keyframe are then left out (the frames change:
 * replay_count() and replay_new_warning() say so), and the seek lands on
 * the last frame left at or before @frame's snapshot; replay_pos() says
 * which.
 *
 * Return: 0, or -1 with the reason in @err.
 */
int replay_seek(struct replay *rp, struct lrugen_model *m, size_t frame,
		char *err, size_t errlen)
{
	if (frame >= rp->nr_frames) {
		snprintf(err, errlen, "no frame %zu: the recording has %zu", frame, rp->nr_frames);
		return -1;
	}
	return seek_to(rp, m, frame, false, err, errlen);
}

/**
 * replay_step() - one frame forward or back
 * @rp: the replay
 * @m: the model it fills
 * @dir: 1 forward, -1 back
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * Forward applies the events up to the next frame and reads its snapshot
 * on top of the current one; back seeks (replay_seek()). At either end
 * nothing changes. When the next snapshot turns out damaged, it and
 * those after it up to the next keyframe are left out, and the step goes
 * on to that keyframe (replay_new_warning() says so); when nothing is
 * left after it, the step stays at the end.
 *
 * Return: 0; 1 at the end (or the start) with nothing done; -1 with the
 * reason in @err.
 */
int replay_step(struct replay *rp, struct lrugen_model *m, int dir, char *err, size_t errlen)
{
	char why[256] = "";
	size_t f, want;
	long next;

	if (dir < 0) {
		if (rp->pos <= 0)
			return 1;
		return replay_seek(rp, m, (size_t)rp->pos - 1, err, errlen);
	}
	if (rp->pos + 1 >= (long)rp->nr_frames)
		return 1;
	f = (size_t)(rp->pos + 1);
	if (rp->pos < 0 || !follows(rp, f))
		return seek_to(rp, m, f, true, err, errlen);
	apply_events(rp, m, rp->ev_next, rp->frames[f].ev_end);
	if (!rp->plain && feed_snap(rp, rp->frames[f].snap, false, why, sizeof(why))) {
		want = rp->frames[f].snap;
		if (mark_bad(rp, want, why, err, errlen))
			return -1;
		next = frame_at_or_after(rp, want);
		if (next < 0)
			next = frame_at_or_before(rp, want);
		return seek_to(rp, m, next < 0 ? 0 : (size_t)next, true, err, errlen);
	}
	if (fill(rp, m, f, err, errlen))
		return -1;
	m->ev_lost = rp->frames[f].lost;
	rp->ev_next = rp->frames[f].ev_end;
	rp->pos = (long)f;
	return 0;
}

/**
 * replay_check() - read every snapshot of a recording now
 * @rp: the replay, before its first frame
 * @err: the reason when it fails
 * @errlen: bytes at @err
 *
 * replay_open() reads a snapshot's lines only when a frame needs them.
 * This reads them all once, as a batch replay will, so that the damaged
 * ones are left out before the first frame and replay_count() holds from
 * the start; replay_new_warning() then says what was found.
 *
 * Return: 0, or -1 with the reason in @err when no snapshot reads.
 */
int replay_check(struct replay *rp, char *err, size_t errlen)
{
	struct recording *r = &rp->rec;
	bool fresh = true;
	size_t j;

	if (rp->plain || rp->checked)
		return 0;
	for (j = 0; j < r->nr_snaps; j++) {
		char why[256] = "";

		if (!r->snaps[j].usable) {
			fresh = true;
			continue;
		}
		if (fresh)
			rec_reader_reset(rp->rr);
		if (feed_snap(rp, j, fresh, why, sizeof(why))) {
			if (mark_bad(rp, j, why, err, errlen))
				return -1;
			fresh = true;
			continue;
		}
		fresh = false;
	}
	rec_reader_reset(rp->rr);
	rp->pos = -1;
	rp->checked = true;
	return 0;
}

/**
 * replay_new_warning() - what damage the replay has found since asked
 * @rp: the replay
 *
 * Return: the whole warning (as replay_open() gives it, with the damaged
 * snapshots found since), once, when a seek, a step or replay_check()
 * found some; NULL when nothing new was found.
 */
const char *replay_new_warning(struct replay *rp)
{
	if (!rp->warn_new)
		return NULL;
	rp->warn_new = false;
	return rp->warn;
}

/* ---- the source ---- */

static int replay_src_open(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	struct replay *rp = priv;

	(void)err;
	(void)errlen;
	/* the rates come from the recorded events, as they came live */
	m->events_live = rp->rec.nr_found > 0;
	/* events alone: no counter, page count or age was recorded */
	m->counts_unknown = rp->plain;
	return 0;
}

static int replay_src_refresh(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	int ret = replay_step(priv, m, 1, err, errlen);
	const char *w;

	if (ret < 0)
		return -1;
	/* damage found on the way: the frame is shown, and a warning */
	w = replay_new_warning(priv);
	if (w) {
		snprintf(err, errlen, "%s", w);
		return 1;
	}
	return 0;
}

static void replay_src_close(void *priv)
{
	(void)priv;
}

static const struct source_ops replay_ops = {
	.name = "replay",
	.open = replay_src_open,
	.refresh = replay_src_refresh,
	.close = replay_src_close,
};

/**
 * replay_source() - the source that plays a recording
 * @rp: the replay, from replay_open()
 *
 * Each refresh moves one frame forward (replay_step()); at the end the
 * model stays on the last frame.
 *
 * Return: the replay's source.
 */
struct source *replay_source(struct replay *rp)
{
	return &rp->src;
}

/**
 * replay_recording() - the recording a replay plays
 * @rp: the replay
 *
 * What replay_open() loaded, once, for the consumers that need more of
 * the file than its frames (the events with their fields, the begin and
 * end events with their tasks, the cgroups, the lost events): they read
 * it here instead of loading the file again. It is the replay's: valid
 * until replay_free(), and not to be changed; only the replay changes it
 * (&rec_snap.usable as it reads snapshots).
 *
 * Return: the recording.
 */
const struct recording *replay_recording(const struct replay *rp)
{
	return &rp->rec;
}

/**
 * replay_free() - free a replay and its recording
 * @rp: the replay, or NULL
 */
void replay_free(struct replay *rp)
{
	if (!rp)
		return;
	recording_free(&rp->rec);
	rec_reader_free(rp->rr);
	free(rp->frames);
	free(rp->pl);
	free(rp);
}

/**
 * replay_open() - load a recording and get it ready to play
 * @path: the trace.dat
 * @err: the reason when it fails
 * @errlen: bytes at @err
 * @warn: set to what is wrong with a recording that still plays, as far
 *        as its index tells (the end cut, snapshots left out with no
 *        keyframe before them); empty when nothing is
 * @warnlen: bytes at @warn
 *
 * Loads @path (recording_load()). Of a recording of lrugen record's, the
 * header is read (a newer format is refused) and the snapshots indexed,
 * but their lines are read only when a frame needs them, so that opening
 * a long recording does not read every snapshot: one found damaged then
 * is left out, with a warning (replay_new_warning()), and replay_check()
 * reads them all at once. One of plain trace-cmd record gets one frame
 * per second of recorded time and a notice of what it lacks. No frame is
 * read yet: the first refresh reads the first.
 *
 * Return: the replay, or NULL with the reason in @err.
 */
struct replay *replay_open(const char *path, char *err, size_t errlen, char *warn, size_t warnlen)
{
	struct replay *rp = calloc(1, sizeof(*rp));
	struct recording *r;

	if (warnlen)
		warn[0] = 0;
	if (!rp) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r = &rp->rec;
	rp->pos = -1;
	rp->src.ops = &replay_ops;
	rp->src.priv = rp;
	if (recording_load(r, path, err, errlen))
		goto fail;
	if (!r->has_header) {
		if (!r->nr_ev) {
			snprintf(err, errlen, "%s has no lru_gen events: nothing to replay", path);
			goto fail;
		}
		rp->plain = true;
		snprintf(rp->notice, sizeof(rp->notice),
			 "no lrugen snapshots: recorded by trace-cmd record, not lrugen record: page counts, ages and node counters are unknown");
		if (plain_frames(rp))
			goto nomem;
		return rp;
	}
	rp->rr = rec_reader_new();
	if (!rp->rr)
		goto nomem;
	if (feed_header(rp, err, errlen) || mark_usable(rp, err, errlen))
		goto fail;
	if (warnlen)
		snprintf(warn, warnlen, "%s", rp->warn);
	if (!r->nr_found)
		snprintf(rp->notice, sizeof(rp->notice),
			 "the recording has no lru_gen events: snapshots only, no eviction rates or event log");
	if (snapshot_frames(rp))
		goto nomem;
	return rp;
nomem:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	replay_free(rp);
	return NULL;
}

/**
 * replay_count() - how many frames the replay has
 * @rp: the replay
 *
 * Return: the readable snapshots, or a plain recording's seconds.
 */
size_t replay_count(const struct replay *rp)
{
	return rp->nr_frames;
}

/**
 * replay_pos() - the frame the model shows
 * @rp: the replay
 *
 * Return: its index, from 0; -1 before the first refresh.
 */
long replay_pos(const struct replay *rp)
{
	return rp->pos;
}

/**
 * replay_at_end() - whether the model shows the last frame
 * @rp: the replay
 *
 * Return: true at the last frame.
 */
bool replay_at_end(const struct replay *rp)
{
	return rp->pos + 1 >= (long)rp->nr_frames;
}

/**
 * replay_time() - when a frame was, in seconds since the first
 * @rp: the replay
 * @frame: the frame
 *
 * Return: seconds from the first frame to @frame.
 */
double replay_time(const struct replay *rp, size_t frame)
{
	if (frame >= rp->nr_frames)
		frame = rp->nr_frames - 1;
	return (rp->frames[frame].ts_ns - rp->frames[0].ts_ns) / 1e9;
}

/**
 * replay_length() - how long the recording lasts after its first frame
 * @rp: the replay
 *
 * Return: seconds from the first frame to the later of the last frame and
 * the last record lrugen reads.
 */
double replay_length(const struct replay *rp)
{
	uint64_t end = rp->frames[rp->nr_frames - 1].ts_ns;

	if (rp->rec.last_ts > end)
		end = rp->rec.last_ts;
	return (end - rp->frames[0].ts_ns) / 1e9;
}

/**
 * replay_frame_at() - the last frame at or before a time
 * @rp: the replay
 * @sec: seconds since the first frame; half a millisecond late is still
 *       on time, so that a clock as replay_clock() prints it finds its
 *       frame
 *
 * Return: the frame's index; -1 when @sec comes before the first frame.
 */
long replay_frame_at(const struct replay *rp, double sec)
{
	size_t lo = 0, hi = rp->nr_frames;

	if (sec < 0)
		return -1;
	/*
	 * Half a millisecond of slack: a time as replay_clock() prints it,
	 * rounded to the millisecond, finds its frame (frames are at least
	 * 0.1 s apart).
	 */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (replay_time(rp, mid) <= sec + 0.0005)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/**
 * replay_interval() - the recorded time from the frame shown to the next
 * @rp: the replay
 *
 * Return: seconds; that of the last two frames at the end, and 1 for a
 * replay of a single frame.
 */
double replay_interval(const struct replay *rp)
{
	size_t f = rp->pos < 0 ? 0 : (size_t)rp->pos;

	if (rp->nr_frames < 2)
		return 1;
	if (f + 1 >= rp->nr_frames)
		f = rp->nr_frames - 2;
	return (rp->frames[f + 1].ts_ns - rp->frames[f].ts_ns) / 1e9;
}

/**
 * replay_is_plain() - whether the recording is plain trace-cmd's
 * @rp: the replay
 *
 * Return: true when it has no lrugen snapshots, only events.
 */
bool replay_is_plain(const struct replay *rp)
{
	return rp->plain;
}

/**
 * replay_host() - the host the recording was made on
 * @rp: the replay
 *
 * Return: its name from lrugen's header, or NULL when the file does not
 * say (a plain trace-cmd recording).
 */
const char *replay_host(const struct replay *rp)
{
	return rp->host[0] ? rp->host : NULL;
}

/**
 * replay_file() - the recording's file
 * @rp: the replay
 *
 * Return: its path, as given.
 */
const char *replay_file(const struct replay *rp)
{
	return rp->rec.path;
}

/**
 * replay_notice() - what the recording lacks, for the views to say
 * @rp: the replay
 *
 * Return: the notice, or "" when it lacks nothing.
 */
const char *replay_notice(const struct replay *rp)
{
	return rp->notice;
}

/**
 * replay_clock() - the recording's clock at a frame, as text
 * @rp: the replay
 * @frame: the frame; -1 for the start
 * @buf: where the text goes: "+HH:MM:SS.mmm", the time since the first frame
 * @size: bytes at @buf
 *
 * Return: @buf.
 */
const char *replay_clock(const struct replay *rp, long frame, char *buf, size_t size)
{
	unsigned long long ms = frame < 0 ? 0 : (unsigned long long)(replay_time(rp, frame) * 1000 + 0.5);

	snprintf(buf, size, "+%02llu:%02llu:%02llu.%03llu", ms / 3600000, ms / 60000 % 60,
		 ms / 1000 % 60, ms % 1000);
	return buf;
}

/**
 * replay_wall_clock() - the wall clock at a frame, as local time
 * @rp: the replay
 * @frame: the frame; -1 for the first
 * @buf: where the text goes: "YYYY-MM-DD HH:MM:SS", local time
 * @size: bytes at @buf
 *
 * The header's start (the wall clock at the first snapshot's read) plus
 * the time from that read to the frame's: by the snapshots' MONO_MS when
 * the header gives the start's too, else by their trace timestamps.
 *
 * Return: @buf; NULL when the recording does not say when it began (a
 * plain trace-cmd recording, or one of lrugen's written before the header
 * had its start).
 */
const char *replay_wall_clock(const struct replay *rp, long frame, char *buf, size_t size)
{
	const struct rec_snap *first, *sn;
	uint64_t ms = rp->start_ms;
	struct tm tm;
	time_t t;

	if (rp->plain || !rp->start_ms || !rp->nr_frames || !size)
		return NULL;
	if (frame < 0)
		frame = 0;
	if ((size_t)frame >= rp->nr_frames)
		frame = (long)rp->nr_frames - 1;
	first = &rp->rec.snaps[0];
	sn = &rp->rec.snaps[rp->frames[frame].snap];
	if (rp->start_mono_ms && sn->mono_ms >= rp->start_mono_ms)
		ms += sn->mono_ms - rp->start_mono_ms;
	else if (sn->ts_ns >= first->ts_ns)
		ms += (sn->ts_ns - first->ts_ns) / 1000000;
	t = (time_t)(ms / 1000);
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		return NULL;
	return buf;
}
