// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a recording: a trace.dat read once through libtracecmd, keeping
 * only what lrugen shows (its events, decoded; the begins and ends of
 * aging walks, proactive requests and the vmscan slices, with their
 * tasks; its marker lines; the memcgs made and removed; where events
 * were lost), in memory that grows with the file. Which buffer: the one holding lrugen's header line (lrugen
 * record writes into an instance of its own), else the first with
 * lru_gen events (plain trace-cmd record -e lru_gen).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <trace-cmd.h>

#include "events.h"
#include "recfmt.h"
#include "recording.h"
#include "util.h"

/* what every trace.dat starts with: 0x17 0x08 0x44 "tracing" */
static const char trace_magic[] = "\027\010\104tracing";

/* how often, in records, the loader looks at the clock for its progress */
#define PROGRESS_EVERY 4096

/* where the progress goes: stderr, kept apart from libtracecmd's complaints */
static int progress_fd = STDERR_FILENO;

struct loader {
	struct recording *r;
	struct tep_handle *tep;
	struct event_decoder dec;
	struct tep_event *print;	/* ftrace:print, which carries our lines */
	struct tep_format_field *print_buf;
	struct tep_event *mkdir_ev, *rmdir_ev;
	size_t last_task;	/* the task add_task() found last, a cache */
	double start;		/* when loading began, on CLOCK_MONOTONIC */
	bool progress;		/* a progress line is on the terminal */
	bool nomem;
};

/*
 * In the loading child, the text of the recording it keeps is written
 * straight into the file it hands over (offset 0 of the memfd the parent
 * maps), not into memory of its own and then again into the file: that
 * copy was a sixth of the child's time. One recording at a time holds it
 * (load_here() may read several buffers); the others grow on the heap.
 */
static struct {
	int fd;			/* the memfd; -1 outside the child */
	char *map;		/* its shared mapping, @cap bytes */
	size_t cap;
	bool used;		/* a recording's arena is @map */
} shm_arena = { .fd = -1 };

static bool arena_shared(const struct recording *r)
{
	return shm_arena.map && r->arena == shm_arena.map;
}

/* grow @r's arena in the memfd to hold @need bytes; -1 when it cannot */
static int grow_shared(struct recording *r, size_t need)
{
	size_t n = shm_arena.cap ? shm_arena.cap : 1 << 20;
	void *q;

	if (need <= shm_arena.cap) {
		r->arena = shm_arena.map;
		r->arena_cap = shm_arena.cap;
		shm_arena.used = true;
		return 0;
	}
	while (n < need)
		n *= 2;
	if (ftruncate(shm_arena.fd, (off_t)n))
		return -1;
	q = shm_arena.map ? mremap(shm_arena.map, shm_arena.cap, n, MREMAP_MAYMOVE) :
			    mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, shm_arena.fd, 0);
	if (q == MAP_FAILED)
		return -1;
	shm_arena.map = q;
	shm_arena.cap = n;
	shm_arena.used = true;
	r->arena = q;
	r->arena_cap = n;
	return 0;
}

static int arena_add(struct loader *ld, const char *s, size_t len, uint64_t *off)
{
	struct recording *r = ld->r;
	size_t need = r->arena_len + len + 1;

	if (shm_arena.fd >= 0 && (arena_shared(r) || (!r->arena && !shm_arena.used))) {
		if (need > r->arena_cap && grow_shared(r, need))
			return -1;
	} else if (array_grow((void **)&r->arena, &r->arena_cap, need, 1)) {
		return -1;
	}
	memcpy(r->arena + r->arena_len, s, len);
	r->arena[r->arena_len + len] = 0;
	*off = r->arena_len;
	r->arena_len += len + 1;
	return 0;
}

/* the bytes of a field, checked against the record's size */
static const char *field_bytes(struct tep_format_field *f, struct tep_record *rec, size_t *len)
{
	unsigned long long loc;
	size_t off, n;

	if (!f || f->offset < 0 || (size_t)f->offset > (size_t)rec->size)
		return NULL;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		if ((size_t)f->offset + f->size > (size_t)rec->size ||
		    tep_read_number_field(f, rec->data, &loc))
			return NULL;
		off = loc & 0xffff;
		n = (loc >> 16) & 0xffff;
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			off += f->offset + f->size;
	} else {
		off = f->offset;
		/* ftrace:print's buf[] has size 0: it runs to the end */
		n = f->size ? (size_t)f->size : rec->size - off;
	}
	if (off > (size_t)rec->size || n > (size_t)rec->size - off)
		return NULL;
	*len = strnlen((const char *)rec->data + off, n);
	return (const char *)rec->data + off;
}

static void add_lines(struct loader *ld, struct tep_record *rec)
{
	struct recording *r = ld->r;
	const size_t plen = sizeof(RECFMT_PREFIX) - 1;
	const char *s, *end, *nl;
	size_t len;

	s = field_bytes(ld->print_buf, rec, &len);
	if (!s)
		return;
	/* one marker may carry several lines, each ended by '\n' */
	for (end = s + len; s < end; s = nl + 1) {
		struct rec_line *l;

		nl = memchr(s, '\n', end - s);
		if (!nl)
			nl = end;
		if ((size_t)(nl - s) <= plen || memcmp(s, RECFMT_PREFIX, plen))
			continue;
		if (array_grow((void **)&r->lines, &r->lines_cap, r->nr_lines + 1, sizeof(*r->lines))) {
			ld->nomem = true;
			return;
		}
		l = &r->lines[r->nr_lines];
		l->ts_ns = rec->ts;
		l->len = (uint32_t)(nl - s);
		l->type = s[plen];
		if (arena_add(ld, s, nl - s, &l->off)) {
			ld->nomem = true;
			return;
		}
		r->nr_lines++;
	}
}

static void add_cgroup(struct loader *ld, struct tep_event *e, struct tep_record *rec)
{
	struct recording *r = ld->r;
	struct tep_format_field *id = tep_find_field(e, "id");
	unsigned long long v;
	struct rec_cgroup *c;
	const char *path;
	size_t len;

	path = field_bytes(tep_find_field(e, "path"), rec, &len);
	if (!id || !path || (size_t)id->offset + id->size > (size_t)rec->size ||
	    tep_read_number_field(id, rec->data, &v))
		return;
	if (array_grow((void **)&r->cgroups, &r->cgroups_cap, r->nr_cgroups + 1, sizeof(*r->cgroups))) {
		ld->nomem = true;
		return;
	}
	c = &r->cgroups[r->nr_cgroups];
	c->ts_ns = rec->ts;
	c->id = v;
	c->seq = r->records;
	c->ev_before = r->nr_ev;
	c->removed = e == ld->rmdir_ev;
	if (arena_add(ld, path, len, &c->path_off)) {
		ld->nomem = true;
		return;
	}
	r->nr_cgroups++;
}

/* the task of an edge into &recording.tasks, once per pid */
static void add_task(struct loader *ld, int pid)
{
	struct recording *r = ld->r;
	struct rec_task *t;
	size_t i;

	if (ld->last_task < r->nr_tasks && r->tasks[ld->last_task].pid == pid)
		return;
	for (i = 0; i < r->nr_tasks; i++) {
		if (r->tasks[i].pid == pid) {
			ld->last_task = i;
			return;
		}
	}
	if (array_grow((void **)&r->tasks, &r->tasks_cap, r->nr_tasks + 1, sizeof(*r->tasks))) {
		ld->nomem = true;
		return;
	}
	t = &r->tasks[r->nr_tasks];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	snprintf(t->comm, sizeof(t->comm), "%s", tep_data_comm_from_pid(ld->tep, pid));
	ld->last_task = r->nr_tasks++;
}

static void add_edge(struct loader *ld, struct lrugen_edge *e)
{
	struct recording *r = ld->r;

	if (array_grow((void **)&r->edges, &r->edges_cap, r->nr_edges + 1, sizeof(*r->edges))) {
		ld->nomem = true;
		return;
	}
	e->seq = r->records;
	e->ev_before = r->nr_ev;
	r->edges[r->nr_edges++] = *e;
	add_task(ld, e->pid);
}

static void show_progress(struct loader *ld, bool last)
{
	struct recording *r = ld->r;

	if (!last && (r->records % PROGRESS_EVERY || now_s() - ld->start < 1))
		return;
	if (!isatty(progress_fd) || (last && !ld->progress))
		return;
	dprintf(progress_fd, "\rlrugen: reading %s: %zu events, %zu snapshot lines, %.1f s of recording%s",
		r->path, r->nr_ev, r->nr_lines,
		r->last_ts > r->first_ts ? (r->last_ts - r->first_ts) / 1e9 : 0.0, last ? "\n" : "");
	ld->progress = !last;
}

static int on_record(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *ctx)
{
	struct loader *ld = ctx;
	struct recording *r = ld->r;
	struct lrugen_event ev;
	struct lrugen_edge edge;
	struct rec_lost *lost;
	struct tep_event *e;
	int type;

	(void)h;
	(void)cpu;
	r->records++;
	if (rec->missed_events) {
		if (array_grow((void **)&r->lost, &r->lost_cap, r->nr_lost + 1, sizeof(*r->lost))) {
			ld->nomem = true;
			return 1;
		}
		lost = &r->lost[r->nr_lost++];
		lost->ts_ns = rec->ts;
		lost->count = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
		lost->seq = r->records;
		lost->ev_before = r->nr_ev;
	}
	if (rec->size < 2)
		return 0;
	type = tep_data_type(ld->tep, rec);
	/* a begin or end: kept apart; the aging and proactive ends go on below */
	if (decoder_edge(&ld->dec, type, rec, &edge)) {
		add_edge(ld, &edge);
		if (ld->nomem)
			return 1;
	}
	if (decoder_decode(&ld->dec, type, rec, &ev)) {
		if (array_grow((void **)&r->ev, &r->ev_cap, r->nr_ev + 1, sizeof(*r->ev))) {
			ld->nomem = true;
			return 1;
		}
		r->ev[r->nr_ev++] = ev;
	} else if (ld->print && type == ld->print->id) {
		add_lines(ld, rec);
	} else if ((ld->mkdir_ev && type == ld->mkdir_ev->id) ||
		   (ld->rmdir_ev && type == ld->rmdir_ev->id)) {
		e = type == ld->mkdir_ev->id ? ld->mkdir_ev : ld->rmdir_ev;
		add_cgroup(ld, e, rec);
	} else {
		return 0;
	}
	if (!r->first_ts || rec->ts < r->first_ts)
		r->first_ts = rec->ts;
	if (rec->ts > r->last_ts)
		r->last_ts = rec->ts;
	show_progress(ld, false);
	return ld->nomem ? 1 : 0;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct lrugen_event *x = a, *y = b;

	/* count holds the load order until the sort is done */
	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->count < y->count ? -1 : x->count > y->count;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct lrugen_edge *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_line(const void *a, const void *b)
{
	const struct rec_line *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	/* lines of one marker, and markers of one instant, in arena order */
	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * libtracecmd hands the records over in time order; should it not (a
 * clock that went back on one CPU), sort them, keeping the order of equal
 * times.
 */
static void sort_by_time(struct recording *r)
{
	size_t i;

	for (i = 1; i < r->nr_ev && r->ev[i - 1].ts_ns <= r->ev[i].ts_ns; i++)
		;
	if (i < r->nr_ev) {
		for (i = 0; i < r->nr_ev; i++)
			r->ev[i].count = (unsigned int)i;
		qsort(r->ev, r->nr_ev, sizeof(*r->ev), cmp_ev);
		for (i = 0; i < r->nr_ev; i++)
			r->ev[i].count = 1;
	}
	for (i = 1; i < r->nr_edges && r->edges[i - 1].ts_ns <= r->edges[i].ts_ns; i++)
		;
	if (i < r->nr_edges)
		qsort(r->edges, r->nr_edges, sizeof(*r->edges), cmp_edge);
	for (i = 1; i < r->nr_lines && r->lines[i - 1].ts_ns <= r->lines[i].ts_ns; i++)
		;
	if (i < r->nr_lines)
		qsort(r->lines, r->nr_lines, sizeof(*r->lines), cmp_line);
}

/**
 * recording_line() - the text of one of a recording's lines
 * @r: the recording
 * @i: the line's index in @r->lines
 * @len: set to its length
 *
 * Return: the line, NUL-terminated, without its newline.
 */
const char *recording_line(const struct recording *r, size_t i, size_t *len)
{
	*len = r->lines[i].len;
	return r->arena + r->lines[i].off;
}

/**
 * recording_comm() - the name of the task of one of a recording's edges
 * @r: the recording
 * @pid: the task's pid (&lrugen_edge.pid)
 *
 * Return: its name as the file's saved command lines give it, "<...>"
 * when they do not, or NULL when no edge of @r has that pid.
 */
const char *recording_comm(const struct recording *r, int pid)
{
	size_t i;

	for (i = 0; i < r->nr_tasks; i++)
		if (r->tasks[i].pid == pid)
			return r->tasks[i].comm;
	return NULL;
}

/**
 * recording_line_type() - the type letter of one of a recording's lines
 * @r: the recording
 * @i: the line's index in @r->lines
 *
 * Return: the letter after "lrugen " (H the header, S and E the start and
 * end of a snapshot...).
 */
char recording_line_type(const struct recording *r, size_t i)
{
	return r->lines[i].type;
}

/*
 * A snapshot's S line: "lrugen S NUMBER MONO_MS KIND", KIND k for a
 * keyframe and d for a delta (Documentation/guide/recording-format.rst).
 * The reader checks it; the index only needs to know where to start.
 */
static void parse_snap_line(const char *s, struct rec_snap *sn)
{
	unsigned long long n = 0, mono = 0;
	char kind[4] = "";
	int got = sscanf(s + sizeof(RECFMT_PREFIX), "%llu %llu %3s", &n, &mono, kind);

	if (got >= 1)
		sn->number = n;
	if (got >= 2)
		sn->mono_ms = mono;
	sn->keyframe = !strcmp(kind, "k");
}

static int index_snapshots(struct recording *r)
{
	struct rec_snap *cur = NULL;
	size_t i;

	for (i = 0; i < r->nr_lines; i++) {
		char t = recording_line_type(r, i);

		if (t == 'H' && !r->has_header) {
			r->has_header = true;
			r->header_line = i;
		} else if (t == 'S') {
			if (array_grow((void **)&r->snaps, &r->snaps_cap, r->nr_snaps + 1, sizeof(*r->snaps)))
				return -1;
			cur = &r->snaps[r->nr_snaps++];
			memset(cur, 0, sizeof(*cur));
			cur->ts_ns = r->lines[i].ts_ns;
			cur->first_line = i;
			cur->end_line = i;
			parse_snap_line(r->arena + r->lines[i].off, cur);
		} else if (cur) {
			cur->end_line = i;
			if (t == 'E') {
				cur->complete = true;
				cur = NULL;
			}
		}
	}
	return 0;
}

/**
 * recording_event_at() - where an instant falls among a recording's events
 * @r: the recording
 * @ts_ns: the instant, a trace timestamp
 * @after: count the events at @ts_ns itself as before it
 *
 * Return: the index of the first event after @ts_ns (with @after) or at
 * or after it (without); @r->nr_ev when there is none.
 */
size_t recording_event_at(const struct recording *r, uint64_t ts_ns, bool after)
{
	size_t lo = 0, hi = r->nr_ev;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->ev[mid].ts_ns < ts_ns || (after && r->ev[mid].ts_ns == ts_ns))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Read one buffer (the top one, or an instance) into @r. Returns 0, or -1
 * with the reason in @err.
 */
static int load_buffer(struct recording *r, struct tracecmd_input *h, const char *name,
		       char *err, size_t errlen)
{
	struct loader ld = { .r = r, .start = now_s() };
	int ret, i;

	snprintf(r->buffer, sizeof(r->buffer), "%s", name);
	ld.tep = tracecmd_get_tep(h);
	if (!ld.tep) {
		snprintf(err, errlen, "%s: no event formats in %s", r->path,
			 *name ? name : "the top buffer");
		return -1;
	}
	r->nr_found = decoder_init(&ld.dec, ld.tep);
	for (i = 0; i < EVT_NR; i++)
		r->ev_signed[i] = (uint8_t)ld.dec.ev[i].is_signed;
	for (i = 0; i < EDGE_NR; i++)
		r->edge_signed[i] = (uint8_t)ld.dec.edge[i].is_signed;
	ld.print = tep_find_event_by_name(ld.tep, "ftrace", "print");
	ld.print_buf = ld.print ? tep_find_field(ld.print, "buf") : NULL;
	ld.mkdir_ev = tep_find_event_by_name(ld.tep, "cgroup", "cgroup_mkdir");
	ld.rmdir_ev = tep_find_event_by_name(ld.tep, "cgroup", "cgroup_rmdir");
	ret = tracecmd_iterate_events(h, NULL, 0, on_record, &ld);
	show_progress(&ld, true);
	if (ld.nomem) {
		snprintf(err, errlen, "%s: out of memory after %zu events and %zu lines", r->path,
			 r->nr_ev, r->nr_lines);
		return -1;
	}
	if (ret < 0 && !r->records) {
		snprintf(err, errlen, "%s: libtracecmd cannot read the records of %s (a damaged file?)",
			 r->path, *name ? name : "the top buffer");
		return -1;
	}
	sort_by_time(r);
	if (index_snapshots(r)) {
		snprintf(err, errlen, "%s: out of memory indexing %zu lines", r->path, r->nr_lines);
		return -1;
	}
	return 0;
}

/**
 * recording_free() - free what recording_load() loaded
 * @r: the recording; left empty
 */
void recording_free(struct recording *r)
{
	free(r->path);
	if (r->map) {
		munmap(r->map, r->map_len);
	} else {
		free(r->ev);
		free(r->edges);
		free(r->tasks);
		free(r->lines);
		if (arena_shared(r))
			shm_arena.used = false;
		else
			free(r->arena);
		free(r->snaps);
		free(r->lost);
		free(r->cgroups);
	}
	memset(r, 0, sizeof(*r));
}

/* the file is there, not empty, and a trace.dat by its first bytes */
static int check_file(const char *path, char *err, size_t errlen)
{
	char head[sizeof(trace_magic) - 1];
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file: give a trace.dat that lrugen record or trace-cmd record wrote",
			 path);
		close(fd);
		return -1;
	}
	if (!st.st_size) {
		snprintf(err, errlen, "%s is empty: not a recording (lrugen record or trace-cmd record -e lru_gen make one)",
			 path);
		close(fd);
		return -1;
	}
	n = read_retry(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, trace_magic, sizeof(head))) {
		snprintf(err, errlen, "%s is not a trace.dat (trace-cmd's format%s): lrugen record or trace-cmd record -e lru_gen make one",
			 path, n != (ssize_t)sizeof(head) ? "; it is too short" : ": its first bytes are wrong");
		return -1;
	}
	return 0;
}

/* lrugen's own instances first ("lrugen-NS-PID"), then the others in order */
static int instance_rank(const char *name)
{
	return strncmp(name, "lrugen-", 7) ? 1 : 0;
}

/* recording_load() without the child: in this process */
static int load_here(struct recording *r, const char *path, char *err, size_t errlen)
{
	struct recording cand = { 0 }, best = { 0 };
	struct tracecmd_input *h;
	int i, k, n, rank, ret = -1;
	bool have_best = false;

	memset(r, 0, sizeof(*r));
	if (check_file(path, err, errlen))
		return -1;
	tracecmd_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
	h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h) {
		snprintf(err, errlen, "%s: libtracecmd cannot open it: a damaged or truncated trace.dat, or one of a newer trace-cmd",
			 path);
		return -1;
	}
	n = tracecmd_buffer_instances(h);
	/* instances, lrugen's first, then the top buffer (k == n) */
	for (rank = 0; rank < 3 && !(have_best && best.has_header); rank++) {
		for (k = 0; k <= n; k++) {
			struct tracecmd_input *bh = h;
			const char *name = "";

			if (k < n) {
				name = tracecmd_buffer_instance_name(h, k);
				if (!name || instance_rank(name) != rank)
					continue;
				bh = tracecmd_buffer_instance_handle(h, k);
				if (!bh)
					continue;
			} else if (rank != 2) {
				continue;
			}
			cand.path = strdup(path);
			i = cand.path ? load_buffer(&cand, bh, name, err, errlen) : -1;
			if (bh != h)
				tracecmd_close(bh);
			if (i) {
				if (!cand.path)
					snprintf(err, errlen, "out of memory");
				recording_free(&cand);
				goto out;
			}
			if (cand.has_header || (!have_best && cand.nr_ev)) {
				recording_free(&best);
				best = cand;
				have_best = true;
				memset(&cand, 0, sizeof(cand));
				if (best.has_header)
					break;
			} else {
				recording_free(&cand);
			}
		}
	}
	if (!have_best) {
		snprintf(err, errlen, "%s has no lru_gen events and no lrugen snapshots: nothing to replay (record with lrugen record, or trace-cmd record -e lru_gen on a kernel with the lrugen series)",
			 path);
		goto out;
	}
	*r = best;
	memset(&best, 0, sizeof(best));
	ret = 0;
out:
	recording_free(&best);
	tracecmd_close(h);
	return ret;
}

/*
 * What the child hands over down the pipe once it has written the arrays
 * it counts into the shared file, the text first (where it grew, see
 * shm_arena), each at a multiple of ARRAY_ALIGN, as they are in memory
 * (the child is a fork of this very program).
 */
struct wire {
	int ret;
	char err[1024];
	char buffer[256];
	size_t nr_ev, nr_lines, arena_len, nr_snaps, nr_lost, nr_cgroups;
	size_t nr_edges, nr_tasks;
	size_t header_line;
	bool has_header;
	uint64_t first_ts, last_ts;
	uint64_t records;
	int nr_found;
	uint8_t ev_signed[EVT_NR];
	uint8_t edge_signed[EDGE_NR];
};

#define ARRAY_ALIGN 64

static size_t align_up(size_t n)
{
	return (n + ARRAY_ALIGN - 1) & ~(size_t)(ARRAY_ALIGN - 1);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= w;
	}
	return 0;
}

/* an array of @len bytes into the shared file, padded to ARRAY_ALIGN */
static int write_array(int fd, const void *p, size_t len)
{
	static const char zero[ARRAY_ALIGN];

	if (len && write_all(fd, p, len))
		return -1;
	return write_all(fd, zero, align_up(len) - len);
}

/*
 * -EINTR when a signal came: lrugen's SIGINT, SIGTERM and SIGHUP (the
 * only handlers it has while it loads) ask it to stop.
 */
static int read_all(int fd, void *p, size_t n)
{
	char *c = p;

	while (n) {
		ssize_t r = read(fd, c, n);

		if (r < 0 && errno == EINTR)
			return -EINTR;
		if (r <= 0)
			return -1;
		c += r;
		n -= r;
	}
	return 0;
}

/* the child: load, write the arrays into @shm, and the rest down @fd */
static void __attribute__((noreturn)) load_child(const char *path, int fd, int shm)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
				    SIGINT, SIGTERM, SIGHUP };
	static struct wire w;
	struct recording r;
	size_t i;
	int null;

	/*
	 * Die of a crash quietly: no handler of ours, nor a sanitizer's; and
	 * of a Ctrl-C at once (the parent then says it was interrupted).
	 */
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], SIG_DFL);
	/* libtracecmd prints some complaints whatever its log level says */
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	progress_fd = dup(STDERR_FILENO);
	if (null >= 0)
		dup2(null, STDERR_FILENO);
	shm_arena.fd = shm;
	w.ret = load_here(&r, path, w.err, sizeof(w.err));
	if (!w.ret) {
		snprintf(w.buffer, sizeof(w.buffer), "%s", r.buffer);
		w.nr_ev = r.nr_ev;
		w.nr_lines = r.nr_lines;
		w.arena_len = r.arena_len;
		w.nr_snaps = r.nr_snaps;
		w.nr_lost = r.nr_lost;
		w.nr_cgroups = r.nr_cgroups;
		w.nr_edges = r.nr_edges;
		w.nr_tasks = r.nr_tasks;
		memcpy(w.ev_signed, r.ev_signed, sizeof(w.ev_signed));
		memcpy(w.edge_signed, r.edge_signed, sizeof(w.edge_signed));
		w.header_line = r.header_line;
		w.has_header = r.has_header;
		w.first_ts = r.first_ts;
		w.last_ts = r.last_ts;
		w.records = r.records;
		w.nr_found = r.nr_found;
		/* the text first: already in place when it grew there */
		if ((!arena_shared(&r) && write_array(shm, r.arena, r.arena_len)) ||
		    lseek(shm, (off_t)align_up(r.arena_len), SEEK_SET) < 0 ||
		    write_array(shm, r.ev, r.nr_ev * sizeof(*r.ev)) ||
		    write_array(shm, r.lines, r.nr_lines * sizeof(*r.lines)) ||
		    write_array(shm, r.snaps, r.nr_snaps * sizeof(*r.snaps)) ||
		    write_array(shm, r.lost, r.nr_lost * sizeof(*r.lost)) ||
		    write_array(shm, r.cgroups, r.nr_cgroups * sizeof(*r.cgroups)) ||
		    write_array(shm, r.edges, r.nr_edges * sizeof(*r.edges)) ||
		    write_array(shm, r.tasks, r.nr_tasks * sizeof(*r.tasks)))
			_exit(2);
	}
	if (write_all(fd, &w, sizeof(w)))
		_exit(2);
	_exit(0);
}

/* the next array of @len bytes in the mapping, from *@at on */
static void *take(struct recording *r, size_t *at, size_t len)
{
	void *p = (char *)r->map + *at;

	*at += align_up(len);
	return p;
}

/*
 * Map the arrays the child wrote into @shm, as &struct wire counts them;
 * the recording's arrays then point into the mapping, copy-on-write (the
 * replay marks snapshots usable in place). No copy: the parent reads
 * only the pages it needs.
 */
static int map_arrays(int shm, struct recording *r, const struct wire *w)
{
	size_t at = 0, len;

	len = align_up(w->nr_ev * sizeof(*r->ev)) + align_up(w->nr_lines * sizeof(*r->lines)) +
	      align_up(w->arena_len) + align_up(w->nr_snaps * sizeof(*r->snaps)) +
	      align_up(w->nr_lost * sizeof(*r->lost)) +
	      align_up(w->nr_cgroups * sizeof(*r->cgroups)) +
	      align_up(w->nr_edges * sizeof(*r->edges)) + align_up(w->nr_tasks * sizeof(*r->tasks));
	r->map_len = len ? len : ARRAY_ALIGN;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE, shm, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return -1;
	}
	r->arena = take(r, &at, w->arena_len);
	r->ev = take(r, &at, w->nr_ev * sizeof(*r->ev));
	r->lines = take(r, &at, w->nr_lines * sizeof(*r->lines));
	r->snaps = take(r, &at, w->nr_snaps * sizeof(*r->snaps));
	r->lost = take(r, &at, w->nr_lost * sizeof(*r->lost));
	r->cgroups = take(r, &at, w->nr_cgroups * sizeof(*r->cgroups));
	r->edges = take(r, &at, w->nr_edges * sizeof(*r->edges));
	r->tasks = take(r, &at, w->nr_tasks * sizeof(*r->tasks));
	r->ev_cap = w->nr_ev;
	r->lines_cap = w->nr_lines;
	r->arena_cap = w->arena_len;
	r->snaps_cap = w->nr_snaps;
	r->lost_cap = w->nr_lost;
	r->cgroups_cap = w->nr_cgroups;
	r->edges_cap = w->nr_edges;
	r->tasks_cap = w->nr_tasks;
	return 0;
}

/**
 * recording_load() - read a recording into memory
 * @r: the recording, filled; free it with recording_free()
 * @path: a trace.dat, written by lrugen record or by trace-cmd record
 * @err: where the reason goes when it fails
 * @errlen: bytes at @err
 *
 * Opens @path with libtracecmd (its own messages kept quiet: ours say
 * what went wrong), in a child process that hands what it read over (the
 * arrays in a memfd that this process maps, the rest down a pipe):
 * libtraceevent and libtracecmd can crash on a damaged file, and then the
 * child dies, not lrugen. It takes the buffer that holds lrugen's header
 * line, or else the first with lru_gen events, lrugen's instances first
 * and the top buffer last. Of it, keeps the events lrugen shows, decoded;
 * the begin and end events (EDGE_*) with their tasks' pids and names; its
 * marker lines and snapshots; the memcgs made and removed; and where
 * events were lost. On a terminal, says how far it got when that takes
 * over a second.
 *
 * Return: 0, or -1 with the reason in @err: a file that is missing,
 * empty, not a trace.dat, unreadable by libtracecmd or damaged enough to
 * crash it, or that holds no lru_gen event and no lrugen snapshot.
 */
int recording_load(struct recording *r, const char *path, char *err, size_t errlen)
{
	static struct wire w;
	int fds[2], status, ret, shm;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (check_file(path, err, errlen))
		return -1;
	fflush(NULL);
	shm = memfd_create("lrugen-recording", MFD_CLOEXEC);
	if (shm < 0)
		return load_here(r, path, err, errlen);
	if (pipe2(fds, O_CLOEXEC)) {
		close(shm);
		return load_here(r, path, err, errlen);
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		close(shm);
		return load_here(r, path, err, errlen);
	}
	if (!pid) {
		close(fds[0]);
		load_child(path, fds[1], shm);
	}
	close(fds[1]);
	memset(&w, 0, sizeof(w));
	ret = read_all(fds[0], &w, sizeof(w));
	if (!ret && !w.ret) {
		r->path = strdup(path);
		ret = r->path ? map_arrays(shm, r, &w) : -1;
	}
	close(fds[0]);
	close(shm);
	/* asked to stop: the child goes too */
	if (ret == -EINTR)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret == -EINTR || (WIFSIGNALED(status) &&
			      (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM ||
			       WTERMSIG(status) == SIGHUP))) {
		recording_free(r);
		snprintf(err, errlen, "reading %s was interrupted", path);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		recording_free(r);
		snprintf(err, errlen, "%s is damaged: libtracecmd crashed reading it (%s)", path,
			 strsignal(WTERMSIG(status)));
		return -1;
	}
	if (ret || (WIFEXITED(status) && WEXITSTATUS(status))) {
		recording_free(r);
		snprintf(err, errlen, "%s: reading it failed (out of memory?)", path);
		return -1;
	}
	if (w.ret) {
		snprintf(err, errlen, "%s", w.err);
		return -1;
	}
	snprintf(r->buffer, sizeof(r->buffer), "%s", w.buffer);
	r->nr_ev = w.nr_ev;
	r->nr_lines = w.nr_lines;
	r->arena_len = w.arena_len;
	r->nr_snaps = w.nr_snaps;
	r->nr_lost = w.nr_lost;
	r->nr_cgroups = w.nr_cgroups;
	r->nr_edges = w.nr_edges;
	r->nr_tasks = w.nr_tasks;
	memcpy(r->ev_signed, w.ev_signed, sizeof(r->ev_signed));
	memcpy(r->edge_signed, w.edge_signed, sizeof(r->edge_signed));
	r->header_line = w.header_line;
	r->has_header = w.has_header;
	r->first_ts = w.first_ts;
	r->last_ts = w.last_ts;
	r->records = w.records;
	r->nr_found = w.nr_found;
	return 0;
}
