// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot stream of a recording (recfmt.h): the writer turns samples
 * of the model into lines of text, keyframes and deltas, packed into
 * marker-sized buffers; the reader turns the lines back into samples.
 * Documentation/guide/recording-format.rst is the contract: every rule
 * below that a reader of another make must follow is written there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "recfmt.h"
#include "util.h"

#define PREFIX_LEN	(sizeof(RECFMT_PREFIX) - 1)
/* a path or command is cut into P or C lines of at most this much text */
#define PIECE_MAX	1024
/* the longest path or command a reader puts together from pieces */
#define TEXT_MAX	(64 << 10)
/* refs a reader takes; more is a broken or hostile file */
#define REFS_MAX	(1U << 22)
#define NONE		UINT32_MAX

/* per generation, in the flags of an L line */
#define GF_ANON_EVICTED	0x1
#define GF_FILE_EVICTED	0x2
#define GF_ANON_TIERS	0x4
#define GF_FILE_TIERS	0x8
/* per lruvec */
#define LF_PARTIAL	0x1

/* what an L line carries: the lruvec as the parser fills it, less its identity */
struct lv_data {
	struct lrugen_gen gens[LRUGEN_MAX_GENS];
	struct lrugen_tier_stats tier[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS];
	int nr_gens;
	bool partial;
};

static bool type_has_tiers(const struct lv_data *d, int type)
{
	int i;

	for (i = 0; i < d->nr_gens; i++)
		if (d->gens[i].has_tiers[type])
			return true;
	return false;
}

/* the generations of @v that an L line carries */
static int lv_nr_gens(const struct lrugen_lruvec *v)
{
	return v->nr_gens < 0 ? 0 : v->nr_gens > LRUGEN_MAX_GENS ? LRUGEN_MAX_GENS : v->nr_gens;
}

/*
 * @v of the model equal to @d as last sent but for the ages (tiers of a
 * type without any count only if sent); read from the model, so that an
 * lruvec that is not resent is not copied
 */
static bool lv_same(const struct lrugen_lruvec *v, const struct lv_data *d)
{
	int i, t;

	if (lv_nr_gens(v) != d->nr_gens || v->partial != d->partial)
		return false;
	for (i = 0; i < d->nr_gens; i++) {
		const struct lrugen_gen *x = &v->gens[i], *y = &d->gens[i];

		if (x->seq != y->seq)
			return false;
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			if (x->pages[t] != y->pages[t] || x->has_tiers[t] != y->has_tiers[t] ||
			    x->evicted[t] != y->evicted[t])
				return false;
	}
	for (t = 0; t < LRUGEN_NR_TYPES; t++)
		if (type_has_tiers(d, t) &&
		    memcmp(v->tier[t], d->tier[t], sizeof(d->tier[t])))
			return false;
	return true;
}

static void lv_from_model(struct lv_data *d, const struct lrugen_lruvec *v)
{
	int n = lv_nr_gens(v);

	memset(d, 0, sizeof(*d));
	d->nr_gens = n;
	memcpy(d->gens, v->gens, n * sizeof(d->gens[0]));
	memcpy(d->tier, v->tier, sizeof(d->tier));
	d->partial = v->partial;
}

/* the age a reader gives a generation last sent at @then, at @now */
static uint64_t predict_age(uint64_t sent_age, uint64_t then, uint64_t now)
{
	return now >= then ? sent_age + (now - then) : sent_age;
}

/* how long a read took, in whole ms, rounded up, as the model rounds it */
static uint64_t read_ms_of(double read_s)
{
	return model_read_ms(read_s);
}

/* the age tolerance of a snapshot whose read took @read_ms */
static uint64_t tolerance_of(uint64_t floor_ms, uint64_t read_ms)
{
	return read_ms > floor_ms ? read_ms : floor_ms;
}

/* @phash: path_hash() of the path, which the model's lruvecs carry */
static uint64_t ident_hash(uint64_t memcg_id, uint32_t phash)
{
	uint64_t x = (memcg_id + 1) * 0x9e3779b97f4a7c15ULL ^ phash;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

static uint32_t key_hash(uint32_t ref, int nid)
{
	uint64_t x = ((uint64_t)ref << 8 | (unsigned int)nid) * 0x9e3779b97f4a7c15ULL;

	return (uint32_t)(x >> 32);
}

/* ---- the writer ---- */

/*
 * A memcg as the writer knows it: its id and path, and the refs it goes
 * by. A memcg has one ref per lruvec it has on a node; removed memcgs (id
 * 0) can share a path and be listed twice on one node, and the second of
 * them goes by a second ref, so that (ref, node) names one lruvec.
 */
struct w_ident {
	uint64_t memcg_id;
	char *path;
	uint64_t hash;
	uint32_t *refs;		/* by occurrence on a node */
	size_t nr_refs, cap_refs;
	uint64_t seen_snap;	/* the snapshot @seen_nodes belongs to, + 1 */
	uint64_t seen_nodes;	/* nodes with a first occurrence in it */
	uint64_t count_snap;	/* likewise for @count */
	uint16_t *count;	/* per node, occurrences after the first */
};

struct w_ref {
	uint32_t ident;
	uint64_t epoch;		/* the keyframe its M line was last sent in, + 1 */
};

/* an lruvec as the reader has it: as last sent, and when */
struct w_lv {
	uint64_t sent_mono;
	struct lv_data d;
};

/* an lruvec of a snapshot: which it is, and its w_lv in the pool */
struct w_pos {
	uint32_t ref;
	int nid;
	uint32_t slot;
};

struct rec_writer {
	unsigned int keyframe_every;
	uint64_t snap;		/* the next snapshot's number */
	uint64_t epoch;		/* keyframes written */
	bool need_keyframe;
	int err;		/* emit failed: nothing more goes out */

	struct w_ident *idents;
	size_t nr_idents, cap_idents;
	uint32_t *itab;		/* open addressing, ident + 1; 0 is free */
	size_t itab_size;
	struct w_ref *refs;
	size_t nr_refs, cap_refs;

	/*
	 * The lruvecs as sent live in a pool: the snapshot being made keeps
	 * the w_lv of an lruvec that stays, and overwrites it when it is
	 * resent, so that neither copies what did not change.
	 */
	struct w_lv *lv;
	size_t nr_lv, cap_lv;
	uint32_t *free_lv;	/* slots of the pool not in use */
	size_t nr_free, cap_free;
	struct w_pos *prev, *cur;	/* the last snapshot as sent, the one being made */
	size_t nr_prev, cap_prev, cap_cur;
	uint32_t *ptab;		/* prev by (ref, node), index + 1 */
	size_t ptab_size;
	bool ptab_ok;		/* ptab indexes prev as it is now */
	uint32_t *match;	/* per lruvec of the model: its index in prev, or NONE */
	uint32_t *keys;		/* per lruvec of the model: its ref */
	size_t cap_match, cap_keys;
	unsigned char *taken;	/* per prev: matched */
	size_t cap_taken;

	char buf[RECFMT_MARKER_MAX];	/* whole lines waiting to be emitted */
	size_t len;
	char line[RECFMT_MARKER_MAX];	/* the line being built */
	size_t llen;
	bool overflow;
	size_t lines;		/* lines since the S line */
	rec_emit_fn emit;
	void *ctx;
	struct rec_writer_stats st;
};

/**
 * rec_writer_new() - a writer for the snapshot stream
 * @keyframe_every: a keyframe every this many snapshots; 0 takes
 *                  RECFMT_KEYFRAME_EVERY, 1 makes every snapshot one
 *
 * Return: the writer, or NULL when memory ran out. Free it with
 * rec_writer_free().
 */
struct rec_writer *rec_writer_new(unsigned int keyframe_every)
{
	struct rec_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->keyframe_every = keyframe_every ? keyframe_every : RECFMT_KEYFRAME_EVERY;
	w->need_keyframe = true;
	return w;
}

/**
 * rec_writer_free() - free a writer
 * @w: the writer; may be NULL
 */
void rec_writer_free(struct rec_writer *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nr_idents; i++) {
		free(w->idents[i].path);
		free(w->idents[i].refs);
		free(w->idents[i].count);
	}
	free(w->idents);
	free(w->itab);
	free(w->refs);
	free(w->lv);
	free(w->free_lv);
	free(w->prev);
	free(w->cur);
	free(w->ptab);
	free(w->match);
	free(w->keys);
	free(w->taken);
	free(w);
}

/**
 * rec_writer_stats() - what a writer has written so far
 * @w: the writer
 * @st: set to its counts
 */
void rec_writer_stats(const struct rec_writer *w, struct rec_writer_stats *st)
{
	*st = w->st;
}

static void flush(struct rec_writer *w)
{
	int ret;

	if (!w->len || w->err)
		return;
	ret = w->emit(w->ctx, w->buf, w->len);
	if (ret) {
		w->err = ret < 0 ? ret : -EIO;
		w->need_keyframe = true;
	} else {
		w->st.bytes += w->len;
		w->st.markers++;
	}
	w->len = 0;
}

static void l_begin(struct rec_writer *w, char type)
{
	memcpy(w->line, RECFMT_PREFIX, PREFIX_LEN);
	w->line[PREFIX_LEN] = type;
	w->llen = PREFIX_LEN + 1;
}

static void l_mem(struct rec_writer *w, const char *s, size_t n)
{
	/* room for the newline stays */
	if (w->llen + n + 1 > sizeof(w->line)) {
		w->overflow = true;
		return;
	}
	memcpy(w->line + w->llen, s, n);
	w->llen += n;
}

static void l_str(struct rec_writer *w, const char *s)
{
	l_mem(w, s, strlen(s));
}

/* " V" in decimal at @p; returns the end (at most 21 bytes) */
static char *put_u64(char *p, uint64_t v)
{
	uint64_t t = v;
	char *end;
	int n = 1;

	while (t >= 10) {
		t /= 10;
		n++;
	}
	*p++ = ' ';
	end = p + n;
	p = end;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* " V" in lower-case hex, as printf's " %x"; returns the end (at most 9 bytes) */
static char *put_hex(char *p, unsigned int v)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int t = v;
	char *end;
	int n = 1;

	while (t >= 16) {
		t >>= 4;
		n++;
	}
	*p++ = ' ';
	end = p + n;
	p = end;
	do {
		*--p = hex[v & 15];
		v >>= 4;
	} while (v);
	return end;
}

static void l_u64(struct rec_writer *w, uint64_t v)
{
	char t[24];

	l_mem(w, t, put_u64(t, v) - t);
}

static void l_hex(struct rec_writer *w, unsigned int v)
{
	char t[16];

	l_mem(w, t, put_hex(t, v) - t);
}

static void l_fmt(struct rec_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void l_fmt(struct rec_writer *w, const char *fmt, ...)
{
	char t[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t, sizeof(t), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(t))
		w->overflow = true;
	else
		l_mem(w, t, n);
}

/* one byte of a path, command or value, escaped: returns its length */
static size_t esc_byte(char *out, unsigned char c, bool space)
{
	static const char hex[] = "0123456789abcdef";

	if (c == '\\') {
		out[0] = out[1] = '\\';
		return 2;
	}
	if (c < 0x20 || c == 0x7f || (space && c == ' ')) {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 15];
		return 4;
	}
	out[0] = (char)c;
	return 1;
}

/* a key=value of a header or end line, spaces escaped */
static void l_kv(struct rec_writer *w, const char *key, const char *val)
{
	char e[4];

	l_fmt(w, " %s=", key);
	for (; *val; val++)
		l_mem(w, e, esc_byte(e, (unsigned char)*val, true));
}

static void end_line(struct rec_writer *w)
{
	if (w->overflow || w->err)
		return;
	w->line[w->llen++] = '\n';
	if (w->len + w->llen > sizeof(w->buf))
		flush(w);
	memcpy(w->buf + w->len, w->line, w->llen);
	w->len += w->llen;
	w->lines++;
}

/*
 * Text that is the rest of its line (a path, a command), escaped, cut into
 * pieces of at most PIECE_MAX bytes: every piece but the last goes on a
 * line of @more_type started by @more_head; the last one is added to the
 * line being built, which the caller ends. A piece never ends with a
 * space, so nothing that trims lines can change the text.
 */
static void l_text(struct rec_writer *w, const char *s, char more_type, const char *more_head)
{
	char piece[PIECE_MAX + 8], *line_head = NULL;
	size_t n = 0, head_len = w->llen;

	for (; *s; s++) {
		char e[4];
		size_t k = esc_byte(e, (unsigned char)*s, !s[1]);

		if (n + k > PIECE_MAX) {
			/* park the line being built, send a piece, go on */
			if (!line_head) {
				line_head = malloc(head_len);
				if (!line_head) {
					w->overflow = true;
					return;
				}
				memcpy(line_head, w->line, head_len);
			}
			if (piece[n - 1] == ' ') {
				memcpy(piece + n - 1, "\\x20", 4);
				n += 3;
			}
			l_begin(w, more_type);
			l_str(w, more_head);
			l_mem(w, piece, n);
			end_line(w);
			n = 0;
		}
		memcpy(piece + n, e, k);
		n += k;
	}
	if (line_head) {
		memcpy(w->line, line_head, head_len);
		w->llen = head_len;
		free(line_head);
	}
	l_mem(w, piece, n);
}

static void node_list(char *out, size_t size, uint64_t mask)
{
	size_t len = 0;
	int a, b;

	out[0] = 0;
	for (a = 0; a < LRUGEN_MAX_NODES; a = b + 1) {
		if (!(mask & (1ULL << a))) {
			b = a;
			continue;
		}
		for (b = a; b + 1 < LRUGEN_MAX_NODES && (mask & (1ULL << (b + 1))); b++)
			;
		len += snprintf(out + len, size - len, a == b ? "%s%d" : "%s%d-%d",
				len ? "," : "", a, b);
		if (len >= size)
			return;
	}
}

/**
 * rec_write_header() - write the H line and the command
 * @w: the writer
 * @h: the header; @h->version, @h->keyframe_every and @h->age_tolerance_ms
 *     are not read: the writer writes its own
 * @emit: takes each buffer of whole lines
 * @ctx: passed to @emit
 *
 * The header goes first in a recording, before any snapshot. The start
 * (start=SECONDS.mmm mono_ms=MS) is written when @h->start_ms is set.
 *
 * Return: 0, or the error @emit returned (-EOVERFLOW if a line would not
 * fit a marker, which cannot happen with the header's bounded strings).
 */
int rec_write_header(struct rec_writer *w, const struct rec_header *h,
		     rec_emit_fn emit, void *ctx)
{
	char nodes[256], tmp[32];

	w->emit = emit;
	w->ctx = ctx;
	w->overflow = false;
	l_begin(w, 'H');
	l_fmt(w, " %d", RECFMT_VERSION);
	l_kv(w, "release", h->release);
	l_kv(w, "host", h->host);
	l_fmt(w, " interval_ms=%u hz=%ld keyframe=%u tolerance_ms=%u", h->interval_ms,
	      h->ticks_per_s, w->keyframe_every, RECFMT_AGE_TOLERANCE_MS);
	node_list(nodes, sizeof(nodes), h->nodes);
	l_kv(w, "nodes", nodes);
	snprintf(tmp, sizeof(tmp), "0x%x", h->enabled);
	l_kv(w, "enabled", tmp);
	l_fmt(w, " min_ttl_ms=%u", h->min_ttl_ms);
	l_kv(w, "instance", h->instance);
	if (h->start_ms)
		l_fmt(w, " start=%" PRIu64 ".%03u mono_ms=%" PRIu64, h->start_ms / 1000,
		      (unsigned int)(h->start_ms % 1000), h->start_mono_ms);
	end_line(w);
	if (h->command[0]) {
		l_begin(w, 'C');
		l_mem(w, " ", 1);
		l_text(w, h->command, 'C', " ");
		end_line(w);
	}
	flush(w);
	return w->err ? w->err : w->overflow ? -EOVERFLOW : 0;
}

static uint32_t *ident_slot(struct rec_writer *w, uint64_t memcg_id, const char *path,
			    uint64_t hash)
{
	size_t mask = w->itab_size - 1, i;

	for (i = hash & mask;; i = (i + 1) & mask) {
		uint32_t *s = &w->itab[i];
		const struct w_ident *id;

		if (!*s)
			return s;
		id = &w->idents[*s - 1];
		if (id->hash == hash && id->memcg_id == memcg_id && !strcmp(id->path, path))
			return s;
	}
}

/* whether the memcg @ix is that of @v, whose ident_hash() is @hash */
static bool ident_is(const struct rec_writer *w, uint32_t ix, const struct lrugen_lruvec *v,
		     uint64_t hash)
{
	const struct w_ident *id = &w->idents[ix];

	return id->hash == hash && id->memcg_id == v->memcg_id && !strcmp(id->path, v->path);
}

/* the memcg of an lruvec, new or known; NONE when memory ran out */
static uint32_t ident_get(struct rec_writer *w, const struct lrugen_lruvec *v, uint64_t hash)
{
	struct w_ident *id;
	uint32_t *slot;

	if ((w->nr_idents + 1) * 2 > w->itab_size) {
		size_t size = w->itab_size ? w->itab_size * 2 : 1024, i;
		uint32_t *old = w->itab;
		size_t old_size = w->itab_size;

		w->itab = calloc(size, sizeof(*w->itab));
		if (!w->itab) {
			w->itab = old;
			return NONE;
		}
		w->itab_size = size;
		for (i = 0; i < old_size; i++)
			if (old[i]) {
				id = &w->idents[old[i] - 1];
				*ident_slot(w, id->memcg_id, id->path, id->hash) = old[i];
			}
		free(old);
	}
	slot = ident_slot(w, v->memcg_id, v->path, hash);
	if (*slot)
		return *slot - 1;
	if (array_grow((void **)&w->idents, &w->cap_idents, w->nr_idents + 1, sizeof(*w->idents)))
		return NONE;
	id = &w->idents[w->nr_idents];
	memset(id, 0, sizeof(*id));
	id->memcg_id = v->memcg_id;
	id->hash = hash;
	id->path = strdup(v->path);
	if (!id->path)
		return NONE;
	w->nr_idents++;
	*slot = (uint32_t)w->nr_idents;
	return *slot - 1;
}

/* the ref of the lruvec @v of the memcg @ix in the snapshot being made */
static uint32_t ref_get(struct rec_writer *w, uint32_t ix, const struct lrugen_lruvec *v)
{
	struct w_ident *id = &w->idents[ix];
	uint64_t bit = 1ULL << (v->nid & (LRUGEN_MAX_NODES - 1));
	size_t occ = 0;

	if (id->seen_snap != w->snap + 1) {
		id->seen_snap = w->snap + 1;
		id->seen_nodes = 0;
	}
	if (id->seen_nodes & bit) {
		/* a second lruvec of this memcg on this node: rare */
		if (!id->count) {
			id->count = calloc(LRUGEN_MAX_NODES, sizeof(*id->count));
			if (!id->count)
				return NONE;
		}
		if (id->count_snap != w->snap + 1) {
			id->count_snap = w->snap + 1;
			memset(id->count, 0, LRUGEN_MAX_NODES * sizeof(*id->count));
		}
		if (id->count[v->nid & (LRUGEN_MAX_NODES - 1)] == UINT16_MAX)
			return NONE;
		occ = ++id->count[v->nid & (LRUGEN_MAX_NODES - 1)];
	}
	id->seen_nodes |= bit;
	if (occ == id->nr_refs) {
		if (w->nr_refs >= REFS_MAX ||
		    array_grow((void **)&id->refs, &id->cap_refs, id->nr_refs + 1, sizeof(*id->refs)) ||
		    array_grow((void **)&w->refs, &w->cap_refs, w->nr_refs + 1, sizeof(*w->refs)))
			return NONE;
		w->refs[w->nr_refs].ident = ix;
		w->refs[w->nr_refs].epoch = 0;
		id->refs[id->nr_refs++] = (uint32_t)w->nr_refs++;
	}
	return id->refs[occ];
}

static size_t ptab_find(const struct rec_writer *w, uint32_t ref, int nid)
{
	size_t mask = w->ptab_size - 1, i;

	if (!w->ptab_size)
		return NONE;
	for (i = key_hash(ref, nid) & mask; w->ptab[i]; i = (i + 1) & mask) {
		const struct w_pos *p = &w->prev[w->ptab[i] - 1];

		if (p->ref == ref && p->nid == nid)
			return w->ptab[i] - 1;
	}
	return NONE;
}

static int ptab_build(struct rec_writer *w)
{
	size_t size = 1024, i;

	while (size < 2 * w->nr_prev)
		size *= 2;
	if (size > w->ptab_size) {
		uint32_t *t = realloc(w->ptab, size * sizeof(*t));

		if (!t) {
			w->ptab_size = 0;
			return -ENOMEM;
		}
		w->ptab = t;
		w->ptab_size = size;
	}
	memset(w->ptab, 0, w->ptab_size * sizeof(*w->ptab));
	for (i = 0; i < w->nr_prev; i++) {
		size_t mask = w->ptab_size - 1, k;

		for (k = key_hash(w->prev[i].ref, w->prev[i].nid) & mask; w->ptab[k];
		     k = (k + 1) & mask)
			;
		w->ptab[k] = (uint32_t)i + 1;
	}
	w->ptab_ok = true;
	return 0;
}

static void write_m(struct rec_writer *w, uint32_t ref)
{
	const struct w_ident *id = &w->idents[w->refs[ref].ident];
	char head[32];

	snprintf(head, sizeof(head), " %" PRIu32 " ", ref);
	l_begin(w, 'M');
	l_u64(w, ref);
	l_u64(w, id->memcg_id);
	l_mem(w, " ", 1);
	l_text(w, id->path, 'P', head);
	end_line(w);
	w->refs[ref].epoch = w->epoch;
}

/*
 * The longest L line: the prefix, type, ref, node, a place REF:NODE, flags
 * and the number of generations, then per generation four numbers and its
 * flags, then every tier counter of both types, and the newline
 */
#define L_LINE_MAX	(PREFIX_LEN + 1 + 3 * 21 + 4 + 4 + \
			 LRUGEN_MAX_GENS * (4 * 21 + 4) + \
			 LRUGEN_NR_TYPES * LRUGEN_MAX_TIERS * 3 * 21 + 1)
_Static_assert(L_LINE_MAX <= RECFMT_MARKER_MAX, "an L line always fits a marker");

/*
 * The L line of the lruvec (@ref, @nid) as @d holds it. @place is where it
 * goes: '-' (where it is), '^' (first), '+' (after the previous L line) or
 * ':' (after the lruvec @after_ref:@after_nid). The line cannot overflow
 * (L_LINE_MAX), so it is built in place without checks.
 */
static void write_l(struct rec_writer *w, uint32_t ref, int nid, const struct lv_data *d,
		    char place, uint32_t after_ref, int after_nid)
{
	char *p;
	int i, t, k;

	l_begin(w, 'L');
	p = put_u64(w->line + w->llen, ref);
	p = put_u64(p, (unsigned int)nid);
	if (place == ':') {
		char *colon;

		/* REF:NODE: the space before the node made a colon */
		p = put_u64(p, after_ref);
		colon = p;
		p = put_u64(p, (unsigned int)after_nid);
		*colon = ':';
	} else {
		*p++ = ' ';
		*p++ = place;
	}
	p = put_hex(p, d->partial ? LF_PARTIAL : 0);
	p = put_u64(p, (unsigned int)d->nr_gens);
	for (i = 0; i < d->nr_gens; i++) {
		const struct lrugen_gen *g = &d->gens[i];

		p = put_u64(p, g->seq);
		p = put_u64(p, g->age_ms);
		p = put_u64(p, g->pages[LRUGEN_ANON]);
		p = put_u64(p, g->pages[LRUGEN_FILE]);
		p = put_hex(p, (g->evicted[LRUGEN_ANON] ? GF_ANON_EVICTED : 0) |
			    (g->evicted[LRUGEN_FILE] ? GF_FILE_EVICTED : 0) |
			    (g->has_tiers[LRUGEN_ANON] ? GF_ANON_TIERS : 0) |
			    (g->has_tiers[LRUGEN_FILE] ? GF_FILE_TIERS : 0));
	}
	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		static const struct lrugen_tier_stats zero[LRUGEN_MAX_TIERS];

		if (!type_has_tiers(d, t))
			continue;
		/* most lruvecs have no refaults or evictions yet */
		if (!memcmp(d->tier[t], zero, sizeof(zero))) {
			*p++ = ' ';
			*p++ = 'z';
			continue;
		}
		for (k = 0; k < LRUGEN_MAX_TIERS; k++) {
			p = put_u64(p, d->tier[t][k].refaulted);
			p = put_u64(p, d->tier[t][k].evicted);
			p = put_u64(p, d->tier[t][k].protected);
		}
	}
	w->llen = p - w->line;
	end_line(w);
}

static void write_globals(struct rec_writer *w, const struct lrugen_model *m)
{
	const struct lrugen_global *g = &m->global;
	int nid;

	l_begin(w, 'G');
	l_u64(w, g->swap_total);
	l_u64(w, g->swap_free);
	if (g->has_psi) {
		/* in hundredths, as the kernel prints them: no float, no locale */
		l_u64(w, g->psi_some_avg10 > 0 ? (uint64_t)(g->psi_some_avg10 * 100 + 0.5) : 0);
		l_u64(w, g->psi_full_avg10 > 0 ? (uint64_t)(g->psi_full_avg10 * 100 + 0.5) : 0);
	} else {
		l_str(w, " - -");
	}
	l_hex(w, g->enabled);
	l_u64(w, g->min_ttl_ms);
	l_u64(w, g->pgscan);
	l_u64(w, g->pgsteal);
	end_line(w);
	for (nid = 0; nid < m->nr_nodes && nid < LRUGEN_MAX_NODES; nid++) {
		const struct lrugen_node *n = &m->nodes[nid];

		if (!n->present)
			continue;
		l_begin(w, 'N');
		l_u64(w, (unsigned int)nid);
		l_u64(w, n->mem_total);
		l_u64(w, n->mem_free);
		l_u64(w, n->anon);
		l_u64(w, n->file);
		l_u64(w, n->refault_anon);
		l_u64(w, n->refault_file);
		l_u64(w, n->pgsteal_proactive_node);
		l_u64(w, n->pgscan_proactive_node);
		l_u64(w, n->kswapd_pid > 0 ? (unsigned int)n->kswapd_pid : 0);
		l_u64(w, n->kswapd_ticks);
		end_line(w);
	}
}

/*
 * Match the model's lruvecs with those last sent: their refs into keys[],
 * their index in prev (or NONE) into match[]. Returns 1 when the lruvecs
 * that stay are no longer in the order they were (a keyframe is needed),
 * 0, or -ENOMEM; *@same says whether the lruvecs are those of prev, in its
 * order.
 *
 * Most lruvecs are where they were, or one place after the last that
 * matched once some came or went: the lruvec of prev there is tried
 * first, its memcg by a compare of the path, so that neither the memcgs'
 * hash nor prev's needs a look-up. The memcg's hash is made of the
 * path_hash() that the model's lruvecs carry. prev's hash table is built
 * only when a look-up needs it and prev changed since it was built.
 */
static int match_lruvecs(struct rec_writer *w, const struct lrugen_model *m, bool *same)
{
	size_t i, last = 0, guess = 0;
	bool first = true, reordered = false;

	*same = m->nr_lruvecs == w->nr_prev;
	if (array_grow((void **)&w->keys, &w->cap_keys, m->nr_lruvecs, sizeof(*w->keys)) ||
	    array_grow((void **)&w->match, &w->cap_match, m->nr_lruvecs, sizeof(*w->match)) ||
	    array_grow((void **)&w->taken, &w->cap_taken, w->nr_prev + 1, 1))
		return -ENOMEM;
	memset(w->taken, 0, w->nr_prev);
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];
		const struct w_pos *g = guess < w->nr_prev ? &w->prev[guess] : NULL;
		uint32_t ix = NONE, ref;
		uint64_t hash;
		size_t j;

		if (v->nid < 0 || v->nid >= LRUGEN_MAX_NODES || !v->path)
			return -EINVAL;
		hash = ident_hash(v->memcg_id, v->path_hash);
		if (g && ident_is(w, w->refs[g->ref].ident, v, hash))
			ix = w->refs[g->ref].ident;
		else
			ix = ident_get(w, v, hash);
		if (ix == NONE)
			return -ENOMEM;
		ref = ref_get(w, ix, v);
		if (ref == NONE)
			return -ENOMEM;
		w->keys[i] = ref;
		if (g && g->ref == ref && g->nid == v->nid) {
			j = guess;
		} else {
			if (!w->ptab_ok && ptab_build(w))
				return -ENOMEM;
			j = ptab_find(w, ref, v->nid);
		}
		if (j != i)
			*same = false;
		w->match[i] = j == NONE ? NONE : (uint32_t)j;
		if (j == NONE)
			continue;
		w->taken[j] = 1;
		guess = j + 1;
		if (!first && j < last)
			reordered = true;
		last = j;
		first = false;
	}
	return reordered;
}

/**
 * rec_write_snapshot() - write a sample of the model, as a keyframe or a delta
 * @w: the writer, its header written
 * @m: the model, just refreshed by the snapshot source (@m->read_s says
 *      how long its read of lru_gen_full took)
 * @mono_ms: when the sample's read began, in ms on CLOCK_MONOTONIC
 * @emit: takes each buffer of whole lines
 * @ctx: passed to @emit
 *
 * A keyframe (the first snapshot, every keyframe_every-th, and whenever
 * the lruvecs that stay changed order or the last write failed) sends the
 * memcgs and every lruvec; a delta sends the lruvecs that are new, gone,
 * or changed in more than their ages, and those whose ages a reader would
 * predict wrong by more than the snapshot's tolerance: the larger of
 * RECFMT_AGE_TOLERANCE_MS and @m->read_s (how long the read took, which
 * the S line carries as READ_MS). The global values and the present nodes
 * go in every snapshot.
 *
 * Return: 0; the error @emit returned (the next snapshot is then a
 * keyframe); -ENOMEM (likewise); -EINVAL for an lruvec of a node the
 * format cannot hold.
 */
int rec_write_snapshot(struct rec_writer *w, const struct lrugen_model *m,
		       uint64_t mono_ms, rec_emit_fn emit, void *ctx)
{
	uint64_t bytes0 = w->st.bytes, read_ms = read_ms_of(m->read_s), tol;
	size_t i, j, sent = 0, last_l = NONE, fresh = 0;
	bool key, same;
	int ret;

	w->emit = emit;
	w->ctx = ctx;
	w->err = 0;
	w->overflow = false;
	if (array_grow((void **)&w->cur, &w->cap_cur, m->nr_lruvecs + 1, sizeof(*w->cur))) {
		w->need_keyframe = true;
		return -ENOMEM;
	}
	ret = match_lruvecs(w, m, &same);
	if (ret < 0) {
		w->need_keyframe = true;
		return ret;
	}
	/* a slot for each lruvec that is new, so that nothing below fails */
	for (i = 0; i < m->nr_lruvecs; i++)
		fresh += w->match[i] == NONE;
	if (array_grow((void **)&w->lv, &w->cap_lv, w->nr_lv + fresh, sizeof(*w->lv)) ||
	    array_grow((void **)&w->free_lv, &w->cap_free, w->nr_lv + fresh, sizeof(*w->free_lv))) {
		w->need_keyframe = true;
		return -ENOMEM;
	}
	key = w->need_keyframe || ret || w->snap % w->keyframe_every == 0;
	if (key)
		w->epoch++;
	/*
	 * The ages of one snapshot are known only to within its read: the
	 * kernel prints each lruvec's when the read reaches it, up to READ_MS
	 * after MONO_MS. An idle lruvec sent by snapshot A (read in R_A),
	 * printed o_A into that read and o into this one (read in R), is off
	 * the reader's prediction by o - o_A, within [-R_A, R]. The tolerance
	 * is this snapshot's READ_MS alone, not the larger of it and the
	 * previous one's: an idle lruvec is then resent only when the read
	 * that sent it was slower than this one (for reads at an even pace,
	 * more than twice as slow), and a reader gains by it, as its ages
	 * are now known to R, not R_A. The larger of the two would save
	 * those lines only where the previous snapshot sent them (it may be
	 * an older one, so an exact rule needs R_A per lruvec), and a fast
	 * snapshot would carry ages further from what the kernel printed in
	 * it than its own read can explain. This way the bound a reader
	 * checks is in the snapshot's own S line.
	 */
	tol = tolerance_of(RECFMT_AGE_TOLERANCE_MS, read_ms);

	w->len = 0;
	l_begin(w, 'S');
	l_u64(w, w->snap);
	l_u64(w, mono_ms);
	l_str(w, key ? " k" : " d");
	l_u64(w, read_ms);
	end_line(w);
	w->lines = 0;
	write_globals(w, m);
	if (!key)
		for (j = 0; j < w->nr_prev; j++) {
			if (w->taken[j])
				continue;
			l_begin(w, 'D');
			l_u64(w, w->prev[j].ref);
			l_u64(w, (unsigned int)w->prev[j].nid);
			end_line(w);
		}
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];
		struct w_pos *c = &w->cur[i];
		uint32_t mj = w->match[i];
		const struct w_lv *p = key || mj == NONE ? NULL : &w->lv[w->prev[mj].slot];
		struct w_lv *lv;
		char place;
		int k;

		c->ref = w->keys[i];
		c->nid = v->nid;
		if (p) {
			bool resend = !lv_same(v, &p->d);

			for (k = 0; k < p->d.nr_gens && !resend; k++) {
				uint64_t want = predict_age(p->d.gens[k].age_ms, p->sent_mono, mono_ms);
				uint64_t age = v->gens[k].age_ms;

				if ((age > want ? age - want : want - age) > tol)
					resend = true;
			}
			if (!resend) {
				c->slot = w->prev[mj].slot;
				continue;
			}
			place = '-';
		} else if (!i) {
			place = '^';
		} else if (last_l == i - 1) {
			place = '+';
		} else {
			place = ':';
		}
		/* an lruvec that stays is resent in its own slot: prev's is not read again */
		if (mj != NONE)
			c->slot = w->prev[mj].slot;
		else if (w->nr_free)
			c->slot = w->free_lv[--w->nr_free];
		else
			c->slot = (uint32_t)w->nr_lv++;
		lv = &w->lv[c->slot];
		lv_from_model(&lv->d, v);
		lv->sent_mono = mono_ms;
		if (w->refs[c->ref].epoch != w->epoch)
			write_m(w, c->ref);
		write_l(w, c->ref, c->nid, &lv->d, place, i ? w->cur[i - 1].ref : 0,
			i ? w->cur[i - 1].nid : 0);
		last_l = i;
		sent++;
	}
	l_begin(w, 'E');
	l_u64(w, w->snap);
	l_u64(w, m->nr_lruvecs);
	l_u64(w, w->lines);
	end_line(w);
	flush(w);

	/* what was sent is what a reader has now; the slots of the gone are free */
	for (j = 0; j < w->nr_prev; j++)
		if (!w->taken[j])
			w->free_lv[w->nr_free++] = w->prev[j].slot;
	{
		struct w_pos *t = w->prev;
		size_t cap = w->cap_prev;

		w->prev = w->cur;
		w->cap_prev = w->cap_cur;
		w->cur = t;
		w->cap_cur = cap;
		w->nr_prev = m->nr_lruvecs;
	}
	/* the same lruvecs in the same order: prev's hash table, if built, holds */
	w->ptab_ok = w->ptab_ok && same;
	w->snap++;
	w->st.snapshots++;
	w->st.keyframes += key;
	w->st.last_keyframe = key;
	w->st.last_sent = sent;
	w->st.last_read_ms = read_ms;
	w->st.last_bytes = w->st.bytes - bytes0;
	if (w->overflow) {
		w->need_keyframe = true;
		return -EOVERFLOW;
	}
	if (w->err) {
		w->need_keyframe = true;
		return w->err;
	}
	w->need_keyframe = false;
	return 0;
}

/**
 * rec_write_end() - write the X line that ends a recording
 * @w: the writer
 * @reason: why the recording ended, a word ("exit", "signal", "duration")
 * @status: the command's exit status, or the recorder's
 * @lost: events the ring buffer lost
 * @emit: takes the buffer
 * @ctx: passed to @emit
 *
 * Return: 0, or the error @emit returned.
 */
int rec_write_end(struct rec_writer *w, const char *reason, int status,
		  uint64_t lost, rec_emit_fn emit, void *ctx)
{
	w->emit = emit;
	w->ctx = ctx;
	w->err = 0;
	w->overflow = false;
	w->len = 0;
	l_begin(w, 'X');
	l_kv(w, "reason", reason ? reason : "");
	l_fmt(w, " status=%d lost=%" PRIu64, status, lost);
	end_line(w);
	flush(w);
	return w->err ? w->err : w->overflow ? -EOVERFLOW : 0;
}

/* ---- the reader ---- */

struct r_ref {
	uint64_t memcg_id;
	char *path;		/* NULL until an M line names it */
};

/* an lruvec in the order of the file: a doubly linked list in a pool */
struct r_lv {
	uint32_t ref;
	int nid;
	uint32_t prev, next;	/* in the list; NONE at its ends */
	uint32_t hnext;		/* in its hash bucket, or in the free list */
	uint64_t sent_mono;	/* the mono_ms of the snapshot that last sent it */
	struct lv_data d;
};

enum r_state {
	R_IDLE,			/* between snapshots */
	R_SNAP,			/* inside one: S came, E has not */
	R_WAIT,			/* something broke: waiting for a keyframe */
};

struct rec_reader {
	struct rec_header h;
	struct rec_end end;
	bool have_header;
	bool refused;		/* a newer version: nothing more is read */

	struct r_ref *refs;
	size_t nr_refs, cap_refs;
	char *pend;		/* P pieces of the path of ref @pend_ref */
	size_t pend_len, pend_cap;
	uint32_t pend_ref;
	char *text;		/* scratch for unescaped text */
	size_t text_cap;

	struct r_lv *lv;
	size_t nr_slots, cap_lv;	/* slots handed out, and allocated */
	uint32_t free_lv;
	uint32_t head, tail;
	size_t nr;
	uint32_t *bucket;
	size_t nr_buckets;

	enum r_state state;
	bool synced;		/* the list is that of snapshot @last_n */
	bool complete;		/* a snapshot completed and no S came since */
	bool have_last;
	uint64_t last_n;
	bool have_info;
	struct rec_snapshot_info info;

	/* the snapshot being read */
	uint64_t n, mono, ts, read_ms;
	bool key;
	bool have_g;
	size_t lines;
	uint32_t last_l;	/* the lruvec of the last L line, for "+" */
	uint64_t node_seen;
	struct lrugen_node nodes[LRUGEN_MAX_NODES];
	struct lrugen_global g;
};

static void list_clear(struct rec_reader *r)
{
	r->nr_slots = 0;
	r->free_lv = NONE;
	r->head = r->tail = NONE;
	r->nr = 0;
	if (r->nr_buckets)
		memset(r->bucket, 0xff, r->nr_buckets * sizeof(*r->bucket));
}

static void refs_clear(struct rec_reader *r)
{
	size_t i;

	for (i = 0; i < r->nr_refs; i++)
		free(r->refs[i].path);
	r->nr_refs = 0;
	r->pend_len = 0;
	r->pend_ref = NONE;
}

/**
 * rec_reader_new() - a reader of the snapshot stream
 *
 * Return: the reader, or NULL when memory ran out. Free it with
 * rec_reader_free().
 */
struct rec_reader *rec_reader_new(void)
{
	struct rec_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->pend_ref = NONE;
	list_clear(r);
	return r;
}

/**
 * rec_reader_free() - free a reader
 * @r: the reader; may be NULL
 */
void rec_reader_free(struct rec_reader *r)
{
	if (!r)
		return;
	refs_clear(r);
	free(r->refs);
	free(r->pend);
	free(r->text);
	free(r->lv);
	free(r->bucket);
	free(r);
}

/**
 * rec_reader_reset() - forget the snapshots read, to start again from a keyframe
 * @r: the reader
 *
 * The header, the memcg map and the end stay; the lruvecs go, and lines
 * are ignored until a keyframe's S line.
 */
void rec_reader_reset(struct rec_reader *r)
{
	list_clear(r);
	r->state = R_IDLE;
	r->synced = false;
	r->complete = false;
	r->have_last = false;
	r->pend_len = 0;
	r->pend_ref = NONE;
}

/**
 * rec_reader_header() - the header of the recording
 * @r: the reader
 *
 * Return: the header, or NULL before an H line was read.
 */
const struct rec_header *rec_reader_header(const struct rec_reader *r)
{
	return r->have_header ? &r->h : NULL;
}

/**
 * rec_reader_end() - how the recording ended
 * @r: the reader
 *
 * Return: the X line's values; @seen is false while none was read.
 */
const struct rec_end *rec_reader_end(const struct rec_reader *r)
{
	return &r->end;
}

/**
 * rec_reader_snapshot_info() - the last snapshot the reader completed
 * @r: the reader
 * @info: set to its number, times, size and kind
 *
 * Return: 0, or -ENODATA when no snapshot has completed since the reader
 * was made or reset.
 */
int rec_reader_snapshot_info(const struct rec_reader *r, struct rec_snapshot_info *info)
{
	if (!r->have_info)
		return -ENODATA;
	*info = r->info;
	return 0;
}

/**
 * rec_reader_nr_memcgs() - how many memcg refs the recording has named
 * @r: the reader
 *
 * Return: one more than the highest ref an M line named; refs below it
 * that no M line named are holes (rec_reader_memcg() says -ENOENT).
 */
size_t rec_reader_nr_memcgs(const struct rec_reader *r)
{
	return r->nr_refs;
}

/**
 * rec_reader_memcg() - a memcg the recording named, dead or alive
 * @r: the reader
 * @ref: its ref, below rec_reader_nr_memcgs()
 * @memcg_id: set to its cgroup id (0 for one removed before it was named)
 * @path: set to its path, owned by the reader
 *
 * Return: 0, or -ENOENT when no M line named @ref.
 */
int rec_reader_memcg(const struct rec_reader *r, size_t ref, uint64_t *memcg_id,
		     const char **path)
{
	if (ref >= r->nr_refs || !r->refs[ref].path)
		return -ENOENT;
	*memcg_id = r->refs[ref].memcg_id;
	*path = r->refs[ref].path;
	return 0;
}

/* a line being read: the bytes after the type letter */
struct cur {
	const char *p, *end;
};

static bool c_more(const struct cur *c)
{
	return c->p < c->end;
}

/* " TOKEN": one space, then bytes up to the next space or the end */
static bool c_word(struct cur *c, const char **s, size_t *n)
{
	const char *e;

	if (c->p >= c->end || *c->p != ' ')
		return false;
	e = memchr(c->p + 1, ' ', c->end - c->p - 1);
	if (!e)
		e = c->end;
	*s = c->p + 1;
	*n = e - *s;
	c->p = e;
	return *n > 0;
}

static bool num(const char *s, size_t n, int base, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (!n || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		unsigned int d;
		char ch = s[i];

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			return false;
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

static bool c_num(struct cur *c, int base, uint64_t *v)
{
	const char *s;
	size_t n;

	return c_word(c, &s, &n) && num(s, n, base, v);
}

static bool c_u64(struct cur *c, uint64_t *v)
{
	return c_num(c, 10, v);
}

/* a number that must fit @max */
static bool c_max(struct cur *c, uint64_t max, uint64_t *v)
{
	return c_u64(c, v) && *v <= max;
}

/* the rest of the line after one space, as text */
static bool c_rest(struct cur *c, const char **s, size_t *n)
{
	if (c->p >= c->end || *c->p != ' ')
		return false;
	*s = c->p + 1;
	*n = c->end - *s;
	c->p = c->end;
	return true;
}

/*
 * Undo the escapes: "\\" and "\xHH". Returns the length written at @out
 * (room for @n bytes does: text only shrinks), or -1 for a broken escape
 * or a NUL.
 */
static long unescape(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		uint64_t v;

		if (s[i] != '\\') {
			if (!s[i])
				return -1;
			out[k++] = s[i];
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			out[k++] = '\\';
			i++;
			continue;
		}
		if (i + 3 >= n || s[i + 1] != 'x')
			return -1;
		if (!num(s + i + 2, 2, 16, &v) || !v)
			return -1;
		out[k++] = (char)v;
		i += 3;
	}
	return (long)k;
}

/* unescaped text into r->text, NUL-terminated; its length, or -1 */
static long text_of(struct rec_reader *r, const char *s, size_t n)
{
	long k;

	if (array_grow((void **)&r->text, &r->text_cap, n + 1, 1))
		return -2;
	k = unescape(s, n, r->text);
	if (k >= 0)
		r->text[k] = 0;
	return k;
}

static enum rec_line_result bad(struct rec_reader *r, char *err, size_t errlen,
				const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum rec_line_result bad(struct rec_reader *r, char *err, size_t errlen,
				const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	if (r->state != R_IDLE || r->synced) {
		/* the lruvecs are no longer those of any snapshot */
		r->state = R_WAIT;
		r->synced = false;
	}
	r->complete = false;
	return REC_LINE_BAD;
}

/* a line outside the snapshots went wrong: say so, but the lruvecs still hold */
static enum rec_line_result bad_keep(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum rec_line_result bad_keep(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return REC_LINE_BAD;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* "SECONDS" or "SECONDS.mmm" (exactly three digits) as milliseconds */
static bool seconds_ms(const char *s, size_t n, uint64_t *ms)
{
	const char *dot = memchr(s, '.', n);
	uint64_t sec, frac = 0;

	if (!num(s, dot ? (size_t)(dot - s) : n, 10, &sec) || sec > UINT64_MAX / 1000 - 1)
		return false;
	if (dot && (s + n - dot - 1 != 3 || !num(dot + 1, 3, 10, &frac)))
		return false;
	*ms = sec * 1000 + frac;
	return true;
}

static enum rec_line_result read_h(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	struct rec_header h = { 0 };
	uint64_t v;

	if (!c_u64(c, &v) || !v)
		return bad(r, err, errlen, "H line: the format version is missing or not a number");
	if (v > RECFMT_VERSION) {
		r->refused = true;
		snprintf(err, errlen, "the recording is in format version %" PRIu64
			 ", this lrugen reads up to version %d: use a newer lrugen", v, RECFMT_VERSION);
		return REC_LINE_VERSION;
	}
	h.version = (int)v;
	while (c_more(c)) {
		const char *s, *eq;
		size_t n, klen;
		long vlen;

		if (!c_word(c, &s, &n))
			return bad(r, err, errlen, "H line: an empty field");
		eq = memchr(s, '=', n);
		if (!eq)
			return bad(r, err, errlen, "H line: field '%.*s' is not key=value",
				   (int)(n > 40 ? 40 : n), s);
		klen = eq - s;
		vlen = text_of(r, eq + 1, s + n - eq - 1);
		if (vlen == -2)
			return bad(r, err, errlen, "H line: out of memory");
		if (vlen < 0)
			return bad(r, err, errlen, "H line: %.*s has a broken escape",
				   (int)(klen > 40 ? 40 : klen), s);
#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(s, k, klen))
		if ((KEY("interval_ms") || KEY("hz") || KEY("keyframe") || KEY("tolerance_ms") ||
		     KEY("min_ttl_ms")) && (!num(r->text, vlen, 10, &v) || v > INT32_MAX))
			return bad(r, err, errlen, "H line: %.*s=%.40s is not a number up to %d",
				   (int)klen, s, r->text, INT32_MAX);
		if (KEY("release")) {
			copy_str(h.release, sizeof(h.release), r->text);
		} else if (KEY("host")) {
			copy_str(h.host, sizeof(h.host), r->text);
		} else if (KEY("instance")) {
			copy_str(h.instance, sizeof(h.instance), r->text);
		} else if (KEY("interval_ms")) {
			h.interval_ms = (unsigned int)v;
		} else if (KEY("hz")) {
			h.ticks_per_s = (long)v;
		} else if (KEY("keyframe")) {
			h.keyframe_every = (unsigned int)v;
		} else if (KEY("tolerance_ms")) {
			h.age_tolerance_ms = (unsigned int)v;
		} else if (KEY("min_ttl_ms")) {
			h.min_ttl_ms = (unsigned int)v;
		} else if (KEY("nodes")) {
			if (parse_node_list(r->text, &h.nodes))
				return bad(r, err, errlen, "H line: nodes=%.40s is not a node list", r->text);
		} else if (KEY("enabled")) {
			if (parse_hex(r->text, &h.enabled))
				return bad(r, err, errlen, "H line: enabled=%.40s is not a number", r->text);
		} else if (KEY("start")) {
			if (!seconds_ms(r->text, vlen, &h.start_ms))
				return bad(r, err, errlen, "H line: start=%.40s is not seconds since the epoch (SECONDS.mmm)",
					   r->text);
		} else if (KEY("mono_ms")) {
			if (!num(r->text, vlen, 10, &h.start_mono_ms))
				return bad(r, err, errlen, "H line: mono_ms=%.40s is not a number", r->text);
		}
		/* any other key is for a newer reader */
#undef KEY
	}
	/* a new recording: nothing of an earlier one holds */
	rec_reader_reset(r);
	refs_clear(r);
	memset(&r->end, 0, sizeof(r->end));
	r->have_info = false;
	r->h = h;
	r->have_header = true;
	return REC_LINE_HEADER;
}

static enum rec_line_result read_c(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	size_t n, have = strlen(r->h.command);
	const char *s;
	long k;

	if (!c_rest(c, &s, &n))
		return bad_keep(err, errlen, "C line: no command");
	k = text_of(r, s, n);
	if (k == -2)
		return bad_keep(err, errlen, "C line: out of memory");
	if (k < 0)
		return bad_keep(err, errlen, "C line: the command has a broken escape");
	/* pieces add up; what does not fit the header is cut */
	copy_str(r->h.command + have, sizeof(r->h.command) - have, r->text);
	return REC_LINE_OK;
}

static enum rec_line_result read_x(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	struct rec_end e = { .seen = true };

	while (c_more(c)) {
		const char *s, *eq;
		size_t n, klen;
		uint64_t v;
		long vlen;

		eq = c_word(c, &s, &n) ? memchr(s, '=', n) : NULL;
		if (!eq)
			return bad_keep(err, errlen, "X line: a field is not key=value");
		klen = eq - s;
		vlen = text_of(r, eq + 1, s + n - eq - 1);
		if (vlen < 0)
			return bad_keep(err, errlen, "X line: %.*s has a broken escape",
					(int)(klen > 40 ? 40 : klen), s);
		if (klen == 6 && !memcmp(s, "reason", 6)) {
			copy_str(e.reason, sizeof(e.reason), r->text);
		} else if (klen == 6 && !memcmp(s, "status", 6)) {
			bool neg = r->text[0] == '-';

			if (!num(r->text + neg, vlen - neg, 10, &v) || v > INT32_MAX)
				return bad_keep(err, errlen, "X line: status=%.40s is not a number",
						r->text);
			e.status = neg ? -(int)v : (int)v;
		} else if (klen == 4 && !memcmp(s, "lost", 4)) {
			if (!num(r->text, vlen, 10, &v))
				return bad_keep(err, errlen, "X line: lost=%.40s is not a number", r->text);
			e.lost = v;
		}
	}
	r->end = e;
	return REC_LINE_END;
}

static enum rec_line_result read_s(struct rec_reader *r, struct cur *c, uint64_t ts,
				   char *err, size_t errlen)
{
	bool unfinished = r->state == R_SNAP;
	uint64_t n, mono, read_ms = 0, prev_n = r->n;
	const char *s;
	size_t len;

	if (!c_u64(c, &n) || !c_u64(c, &mono) || !c_word(c, &s, &len) || len != 1 ||
	    (*s != 'k' && *s != 'd'))
		return bad(r, err, errlen, "S line: want a number, a time in ms and k or d");
	/* READ_MS: a writer before it wrote none, which reads as 0 */
	if (c_more(c) && !c_u64(c, &read_ms))
		return bad(r, err, errlen, "S line: the read time (READ_MS) is not a number");
	r->complete = false;
	if (*s == 'd' && (!r->synced || unfinished)) {
		/* nothing to apply a delta to: wait for a keyframe */
		r->state = R_WAIT;
		r->synced = false;
		if (unfinished)
			return bad(r, err, errlen, "S line: snapshot %" PRIu64
				   " ended without its E line (a marker was lost?); waiting for a keyframe",
				   prev_n);
		return REC_LINE_IGNORED;
	}
	if (*s == 'd' && n != r->last_n + 1) {
		r->state = R_WAIT;
		r->synced = false;
		return bad(r, err, errlen, "S line: snapshot %" PRIu64 " follows snapshot %" PRIu64
			   " (a marker was lost?); waiting for a keyframe", n, r->last_n);
	}
	if (*s == 'k')
		list_clear(r);
	r->state = R_SNAP;
	r->synced = false;
	r->n = n;
	r->mono = mono;
	r->read_ms = read_ms;
	r->ts = ts;
	r->key = *s == 'k';
	r->have_g = false;
	r->lines = 0;
	r->last_l = NONE;
	r->node_seen = 0;
	if (unfinished) {
		snprintf(err, errlen, "S line: snapshot %" PRIu64
			 " ended without its E line (a marker was lost?)", prev_n);
		return REC_LINE_BAD;
	}
	return REC_LINE_OK;
}

static enum rec_line_result read_g(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	struct lrugen_global g = r->g;
	uint64_t some, full, v;
	const char *s;
	size_t n;

	if (r->have_g)
		return bad(r, err, errlen, "G line: a second one in snapshot %" PRIu64, r->n);
	if (!c_u64(c, &g.swap_total) || !c_u64(c, &g.swap_free))
		return bad(r, err, errlen, "G line: want swap total and free in kB");
	if (!c_word(c, &s, &n))
		return bad(r, err, errlen, "G line: want the PSI values");
	if (n == 1 && *s == '-') {
		if (!c_word(c, &s, &n) || n != 1 || *s != '-')
			return bad(r, err, errlen, "G line: want both PSI values, or - -");
		g.has_psi = false;
		g.psi_some_avg10 = g.psi_full_avg10 = 0;
	} else {
		if (!num(s, n, 10, &some) || !c_u64(c, &full) || some > 1000000 || full > 1000000)
			return bad(r, err, errlen, "G line: PSI is not two numbers in hundredths");
		g.has_psi = true;
		g.psi_some_avg10 = some / 100.0;
		g.psi_full_avg10 = full / 100.0;
	}
	if (!c_num(c, 16, &v) || v > UINT32_MAX)
		return bad(r, err, errlen, "G line: lru_gen enabled is not a hex number");
	g.enabled = (unsigned int)v;
	if (!c_max(c, UINT32_MAX, &v))
		return bad(r, err, errlen, "G line: min_ttl_ms is not a number");
	g.min_ttl_ms = (unsigned int)v;
	if (!c_u64(c, &g.pgscan) || !c_u64(c, &g.pgsteal))
		return bad(r, err, errlen, "G line: want pgscan and pgsteal");
	r->g = g;
	r->have_g = true;
	return REC_LINE_OK;
}

static enum rec_line_result read_n(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	struct lrugen_node n;
	uint64_t nid, pid;

	if (!c_max(c, LRUGEN_MAX_NODES - 1, &nid))
		return bad(r, err, errlen, "N line: the node is not a number below %d",
			   LRUGEN_MAX_NODES);
	if (r->node_seen & (1ULL << nid))
		return bad(r, err, errlen, "N line: node %" PRIu64 " twice in snapshot %" PRIu64,
			   nid, r->n);
	n = r->nodes[nid];
	if (!c_u64(c, &n.mem_total) || !c_u64(c, &n.mem_free) || !c_u64(c, &n.anon) ||
	    !c_u64(c, &n.file) || !c_u64(c, &n.refault_anon) || !c_u64(c, &n.refault_file) ||
	    !c_u64(c, &n.pgsteal_proactive_node) || !c_u64(c, &n.pgscan_proactive_node) ||
	    !c_max(c, INT32_MAX, &pid) || !c_u64(c, &n.kswapd_ticks))
		return bad(r, err, errlen, "N line: want 10 numbers after node %" PRIu64, nid);
	n.kswapd_pid = (int)pid;
	r->nodes[nid] = n;
	r->node_seen |= 1ULL << nid;
	return REC_LINE_OK;
}

static int pend_add(struct rec_reader *r, const char *s, size_t n)
{
	if (r->pend_len + n > TEXT_MAX)
		return -1;
	if (array_grow((void **)&r->pend, &r->pend_cap, r->pend_len + n + 1, 1))
		return -1;
	memcpy(r->pend + r->pend_len, s, n);
	r->pend_len += n;
	return 0;
}

static enum rec_line_result read_p(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	const char *s;
	uint64_t ref;
	size_t n;
	long k;

	if (!c_max(c, REFS_MAX - 1, &ref) || !c_rest(c, &s, &n))
		return bad(r, err, errlen, "P line: want a ref below %u and a piece of path", REFS_MAX);
	if (r->pend_ref != ref) {
		r->pend_ref = (uint32_t)ref;
		r->pend_len = 0;
	}
	k = text_of(r, s, n);
	if (k < 0)
		return bad(r, err, errlen, "P line: the path has a broken escape");
	if (pend_add(r, r->text, k))
		return bad(r, err, errlen, "P line: the path of ref %" PRIu64 " is longer than %d bytes",
			   ref, TEXT_MAX);
	return REC_LINE_OK;
}

static enum rec_line_result read_m(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	uint64_t ref, id;
	const char *s;
	char *path;
	size_t n;
	long k;

	if (!c_max(c, REFS_MAX - 1, &ref) || !c_u64(c, &id) || !c_rest(c, &s, &n))
		return bad(r, err, errlen, "M line: want a ref below %u, a memcg id and a path", REFS_MAX);
	if (r->pend_ref != ref)
		r->pend_len = 0;
	k = text_of(r, s, n);
	if (k < 0)
		return bad(r, err, errlen, "M line: the path of ref %" PRIu64 " has a broken escape", ref);
	if (pend_add(r, r->text, k))
		return bad(r, err, errlen, "M line: the path of ref %" PRIu64 " is longer than %d bytes",
			   ref, TEXT_MAX);
	r->pend[r->pend_len] = 0;
	path = strdup(r->pend);
	r->pend_len = 0;
	r->pend_ref = NONE;
	if (!path || array_grow((void **)&r->refs, &r->cap_refs, ref + 1, sizeof(*r->refs))) {
		free(path);
		return bad(r, err, errlen, "M line: out of memory");
	}
	while (r->nr_refs <= ref) {
		r->refs[r->nr_refs].path = NULL;
		r->refs[r->nr_refs++].memcg_id = 0;
	}
	free(r->refs[ref].path);
	r->refs[ref].path = path;
	r->refs[ref].memcg_id = id;
	return REC_LINE_OK;
}

static uint32_t lv_find(const struct rec_reader *r, uint32_t ref, int nid)
{
	uint32_t i;

	if (!r->nr_buckets)
		return NONE;
	for (i = r->bucket[key_hash(ref, nid) & (r->nr_buckets - 1)]; i != NONE; i = r->lv[i].hnext)
		if (r->lv[i].ref == ref && r->lv[i].nid == nid)
			return i;
	return NONE;
}

static void hash_add(struct rec_reader *r, uint32_t i)
{
	uint32_t *b = &r->bucket[key_hash(r->lv[i].ref, r->lv[i].nid) & (r->nr_buckets - 1)];

	r->lv[i].hnext = *b;
	*b = i;
}

/* a new slot, in the hash but not in the list; NONE when memory ran out */
static uint32_t lv_new(struct rec_reader *r, uint32_t ref, int nid)
{
	uint32_t i;

	if (r->nr + 1 > r->nr_buckets) {
		size_t nb = r->nr_buckets ? r->nr_buckets * 2 : 256;
		uint32_t *b = realloc(r->bucket, nb * sizeof(*b)), k;

		if (!b)
			return NONE;
		r->bucket = b;
		r->nr_buckets = nb;
		memset(b, 0xff, nb * sizeof(*b));
		for (k = r->head; k != NONE; k = r->lv[k].next)
			hash_add(r, k);
	}
	if (r->free_lv != NONE) {
		i = r->free_lv;
		r->free_lv = r->lv[i].hnext;
	} else {
		if (r->nr_slots >= NONE - 1 ||
		    array_grow((void **)&r->lv, &r->cap_lv, r->nr_slots + 1, sizeof(*r->lv)))
			return NONE;
		i = (uint32_t)r->nr_slots++;
	}
	r->lv[i].ref = ref;
	r->lv[i].nid = nid;
	hash_add(r, i);
	r->nr++;
	return i;
}

/* put slot @i into the list after @after (NONE: first) */
static void list_insert(struct rec_reader *r, uint32_t i, uint32_t after)
{
	struct r_lv *v = &r->lv[i];

	v->prev = after;
	v->next = after == NONE ? r->head : r->lv[after].next;
	if (v->next == NONE)
		r->tail = i;
	else
		r->lv[v->next].prev = i;
	if (after == NONE)
		r->head = i;
	else
		r->lv[after].next = i;
}

static void lv_remove(struct rec_reader *r, uint32_t i)
{
	struct r_lv *v = &r->lv[i];
	uint32_t *p = &r->bucket[key_hash(v->ref, v->nid) & (r->nr_buckets - 1)];

	while (*p != i)
		p = &r->lv[*p].hnext;
	*p = v->hnext;
	if (v->prev == NONE)
		r->head = v->next;
	else
		r->lv[v->prev].next = v->next;
	if (v->next == NONE)
		r->tail = v->prev;
	else
		r->lv[v->next].prev = v->prev;
	v->hnext = r->free_lv;
	r->free_lv = i;
	r->nr--;
}

static enum rec_line_result read_l(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	uint64_t ref, nid, flags, nr_gens, v;
	uint32_t at, after = NONE;
	struct lv_data d = { 0 };
	const char *pos, *colon, *pos_z;
	size_t plen, zlen;
	int i, t, k;

	if (!c_max(c, REFS_MAX - 1, &ref) || !c_max(c, LRUGEN_MAX_NODES - 1, &nid) ||
	    !c_word(c, &pos, &plen))
		return bad(r, err, errlen, "L line: want a ref, a node and a place");
	if (ref >= r->nr_refs || !r->refs[ref].path)
		return bad(r, err, errlen, "L line: memcg ref %" PRIu64 " was not named by an M line", ref);
	if (!c_num(c, 16, &flags) || !c_max(c, LRUGEN_MAX_GENS, &nr_gens))
		return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
			   ": want flags and up to %d generations", ref, nid, LRUGEN_MAX_GENS);
	d.partial = flags & LF_PARTIAL;
	d.nr_gens = (int)nr_gens;
	for (i = 0; i < d.nr_gens; i++) {
		struct lrugen_gen *g = &d.gens[i];

		if (!c_u64(c, &g->seq) || !c_u64(c, &g->age_ms) || !c_u64(c, &g->pages[LRUGEN_ANON]) ||
		    !c_u64(c, &g->pages[LRUGEN_FILE]) || !c_num(c, 16, &v) || v > 15)
			return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
				   ": generation %d is not seq, age, anon, file and flags", ref, nid, i);
		g->evicted[LRUGEN_ANON] = v & GF_ANON_EVICTED;
		g->evicted[LRUGEN_FILE] = v & GF_FILE_EVICTED;
		g->has_tiers[LRUGEN_ANON] = v & GF_ANON_TIERS;
		g->has_tiers[LRUGEN_FILE] = v & GF_FILE_TIERS;
	}
	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		struct cur peek = *c;

		if (!type_has_tiers(&d, t))
			continue;
		/* "z": the type's counters are all 0 */
		if (c_word(&peek, &pos_z, &zlen) && zlen == 1 && *pos_z == 'z') {
			*c = peek;
			continue;
		}
		for (k = 0; k < LRUGEN_MAX_TIERS; k++)
			if (!c_u64(c, &d.tier[t][k].refaulted) || !c_u64(c, &d.tier[t][k].evicted) ||
			    !c_u64(c, &d.tier[t][k].protected))
				return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
					   ": the %s tier counters are short", ref, nid,
					   t ? "file" : "anon");
	}
	at = lv_find(r, (uint32_t)ref, (int)nid);
	if (plen == 1 && *pos == '-') {
		if (at == NONE)
			return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
				   ": changes an lruvec that is not there", ref, nid);
	} else {
		if (at != NONE)
			return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
				   ": adds an lruvec that is already there", ref, nid);
		if (plen == 1 && *pos == '+') {
			if (r->last_l == NONE)
				return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
					   ": placed after the previous L line, but there is none", ref, nid);
			after = r->last_l;
		} else if (!(plen == 1 && *pos == '^')) {
			uint64_t aref, anid;

			colon = memchr(pos, ':', plen);
			if (!colon || !num(pos, colon - pos, 10, &aref) ||
			    !num(colon + 1, pos + plen - colon - 1, 10, &anid) || aref > REFS_MAX ||
			    anid >= LRUGEN_MAX_NODES)
				return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
					   ": the place is not -, ^, + or REF:NODE", ref, nid);
			after = lv_find(r, (uint32_t)aref, (int)anid);
			if (after == NONE)
				return bad(r, err, errlen, "L line %" PRIu64 ":%" PRIu64
					   ": placed after %" PRIu64 ":%" PRIu64 ", which is not there",
					   ref, nid, aref, anid);
		}
		at = lv_new(r, (uint32_t)ref, (int)nid);
		if (at == NONE)
			return bad(r, err, errlen, "L line: out of memory");
		list_insert(r, at, after);
	}
	r->lv[at].d = d;
	r->lv[at].sent_mono = r->mono;
	r->last_l = at;
	return REC_LINE_OK;
}

static enum rec_line_result read_d(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	uint64_t ref, nid;
	uint32_t at;

	if (!c_max(c, REFS_MAX - 1, &ref) || !c_max(c, LRUGEN_MAX_NODES - 1, &nid))
		return bad(r, err, errlen, "D line: want a ref and a node");
	at = lv_find(r, (uint32_t)ref, (int)nid);
	if (at == NONE)
		return bad(r, err, errlen, "D line %" PRIu64 ":%" PRIu64
			   ": removes an lruvec that is not there", ref, nid);
	if (r->last_l == at)
		r->last_l = NONE;
	lv_remove(r, at);
	return REC_LINE_OK;
}

static enum rec_line_result read_e(struct rec_reader *r, struct cur *c, char *err, size_t errlen)
{
	uint64_t n, nr, lines;

	if (!c_u64(c, &n) || !c_u64(c, &nr) || !c_u64(c, &lines))
		return bad(r, err, errlen, "E line: want the snapshot, its lruvecs and its lines");
	if (n != r->n)
		return bad(r, err, errlen, "E line: ends snapshot %" PRIu64 " inside snapshot %" PRIu64
			   " (a marker was lost?); waiting for a keyframe", n, r->n);
	if (lines != r->lines)
		return bad(r, err, errlen, "E line: snapshot %" PRIu64 " has %zu lines, the writer sent %"
			   PRIu64 " (a marker was lost?); waiting for a keyframe", n, r->lines, lines);
	if (nr != r->nr)
		return bad(r, err, errlen, "E line: snapshot %" PRIu64 " has %zu lruvecs, the writer had %"
			   PRIu64 "; waiting for a keyframe", n, r->nr, nr);
	if (!r->have_g)
		return bad(r, err, errlen, "E line: snapshot %" PRIu64 " had no G line", n);
	r->state = R_IDLE;
	r->synced = true;
	r->complete = true;
	r->have_last = true;
	r->last_n = n;
	r->have_info = true;
	r->info.n = n;
	r->info.mono_ms = r->mono;
	r->info.read_ms = r->read_ms;
	r->info.tolerance_ms = tolerance_of(r->h.age_tolerance_ms, r->read_ms);
	r->info.ts_ns = r->ts;
	r->info.nr_lruvecs = r->nr;
	r->info.keyframe = r->key;
	return REC_LINE_SNAPSHOT;
}

/**
 * rec_reader_line() - read one line of a recording
 * @r: the reader
 * @line: the line, with or without its '\n'; need not end with a NUL
 * @len: bytes at @line
 * @ts_ns: the trace timestamp of the marker it came in
 * @err: where the reason goes when the result is REC_LINE_BAD or
 *       REC_LINE_VERSION
 * @errlen: bytes at @err
 *
 * Lines that do not start with RECFMT_PREFIX and a type letter are not
 * ours. Lines of a type this reader does not know are ignored (but
 * counted in their snapshot), and so are keys it does not know.
 *
 * Return: what the line did, see &enum rec_line_result.
 */
enum rec_line_result rec_reader_line(struct rec_reader *r, const char *line, size_t len,
				     uint64_t ts_ns, char *err, size_t errlen)
{
	struct cur c;
	char type;

	if (errlen)
		err[0] = 0;
	if (len && line[len - 1] == '\n')
		len--;
	if (len < PREFIX_LEN + 1 || memcmp(line, RECFMT_PREFIX, PREFIX_LEN))
		return REC_LINE_IGNORED;
	type = line[PREFIX_LEN];
	c.p = line + PREFIX_LEN + 1;
	c.end = line + len;
	if (c.p < c.end && *c.p != ' ')
		return REC_LINE_IGNORED;
	if (r->refused)
		return REC_LINE_IGNORED;
	if (memchr(line, 0, len) || memchr(line, '\n', len))
		return bad(r, err, errlen, "%c line: a NUL or newline inside the line", type);
	if (type == 'H')
		return read_h(r, &c, err, errlen);
	if (!strchr("CXSEGNMPLD", type) || !type) {
		/* a newer writer's line: counted, not read */
		if (r->state == R_SNAP)
			r->lines++;
		return REC_LINE_IGNORED;
	}
	if (!r->have_header)
		return bad(r, err, errlen, "%c line before the H line: not the start of a recording", type);
	switch (type) {
	case 'C':
		return read_c(r, &c, err, errlen);
	case 'X':
		return read_x(r, &c, err, errlen);
	case 'S':
		return read_s(r, &c, ts_ns, err, errlen);
	}
	if (r->state == R_WAIT)
		return REC_LINE_IGNORED;
	if (r->state != R_SNAP) {
		if (!r->synced && !r->have_last)
			return REC_LINE_IGNORED;	/* after a reset: until a keyframe */
		return bad(r, err, errlen, "%c line outside a snapshot (after E, before S)", type);
	}
	if (type == 'E')
		return read_e(r, &c, err, errlen);
	r->lines++;
	switch (type) {
	case 'G':
		return read_g(r, &c, err, errlen);
	case 'N':
		return read_n(r, &c, err, errlen);
	case 'M':
		return read_m(r, &c, err, errlen);
	case 'P':
		return read_p(r, &c, err, errlen);
	case 'L':
		return read_l(r, &c, err, errlen);
	default:
		return read_d(r, &c, err, errlen);
	}
}

/* the model's lruvec from the reader's, its ages carried on to @mono */
static void lv_to_model(struct lrugen_lruvec *v, const struct r_lv *e, uint64_t mono)
{
	const struct lv_data *d = &e->d;
	int i, t;

	v->nid = e->nid;
	v->nr_gens = d->nr_gens;
	memcpy(v->gens, d->gens, sizeof(v->gens));
	for (i = 0; i < d->nr_gens; i++)
		v->gens[i].age_ms = predict_age(d->gens[i].age_ms, e->sent_mono, mono);
	memcpy(v->tier, d->tier, sizeof(v->tier));
	v->partial = d->partial;
	/* as the parser derives them (finish_lruvec()) */
	if (!d->nr_gens)
		return;
	v->max_seq = d->gens[d->nr_gens - 1].seq;
	for (t = 0; t < LRUGEN_NR_TYPES; t++) {
		v->min_seq[t] = v->max_seq;
		for (i = 0; i < d->nr_gens; i++)
			if (!d->gens[i].evicted[t]) {
				v->min_seq[t] = d->gens[i].seq;
				break;
			}
	}
}

/**
 * rec_reader_fill() - make the snapshot just read the model's sample
 * @r: the reader, whose last line returned REC_LINE_SNAPSHOT
 * @m: the model
 * @ts_ns: set to the snapshot's trace timestamp
 *
 * As the snapshot source does after a read: the lruvecs go into
 * model_next_set() in the order of the recording, with their ages carried
 * on to the snapshot's time when they were not sent in it; the nodes' and
 * global counters into @m; then model_commit() at @ts_ns in seconds, the
 * read time of its S line into @m->read_s (0 when it has none), and
 * model_update_rates() with the header's ticks_per_s.
 *
 * Return: 0; -EAGAIN when no snapshot is complete (another S line came,
 * or something broke); -ENOMEM (the model is then as it was).
 */
int rec_reader_fill(struct rec_reader *r, struct lrugen_model *m, uint64_t *ts_ns)
{
	struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
	struct lrugen_global prev_global = m->global;
	struct lruvec_set *s;
	size_t names = 0, i;
	uint32_t k;
	int nid;

	if (!r->complete)
		return -EAGAIN;
	s = model_next_set(m);
	for (k = r->head; k != NONE; k = r->lv[k].next)
		names += strlen(r->refs[r->lv[k].ref].path) + 1;
	if (array_grow((void **)&s->v, &s->cap, r->nr, sizeof(*s->v)) ||
	    array_grow((void **)&s->names, &s->names_cap, names, 1))
		return -ENOMEM;
	s->nr = 0;
	s->names_len = 0;
	for (k = r->head; k != NONE; k = r->lv[k].next) {
		const struct r_ref *ref = &r->refs[r->lv[k].ref];
		struct lrugen_lruvec *v = &s->v[s->nr++];
		size_t n = strlen(ref->path);

		memset(v, 0, sizeof(*v));
		memcpy(s->names + s->names_len, ref->path, n + 1);
		v->path_off = s->names_len;
		v->path_hash = path_hash(ref->path, n);
		v->memcg_id = ref->memcg_id;
		s->names_len += n + 1;
		lv_to_model(v, &r->lv[k], r->mono);
	}
	for (i = 0; i < s->nr; i++)
		s->v[i].path = s->names + s->v[i].path_off;

	memcpy(prev_nodes, m->nodes, sizeof(prev_nodes));
	m->nr_nodes = 0;
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		struct lrugen_node *n = &m->nodes[nid];
		const struct lrugen_node *rn = &r->nodes[nid];

		n->present = r->node_seen & (1ULL << nid);
		if (!n->present)
			continue;
		m->nr_nodes = nid + 1;
		n->mem_total = rn->mem_total;
		n->mem_free = rn->mem_free;
		n->anon = rn->anon;
		n->file = rn->file;
		n->refault_anon = rn->refault_anon;
		n->refault_file = rn->refault_file;
		n->pgsteal_proactive_node = rn->pgsteal_proactive_node;
		n->pgscan_proactive_node = rn->pgscan_proactive_node;
		n->kswapd_pid = rn->kswapd_pid;
		n->kswapd_ticks = rn->kswapd_ticks;
	}
	m->global.swap_total = r->g.swap_total;
	m->global.swap_free = r->g.swap_free;
	m->global.has_psi = r->g.has_psi;
	m->global.psi_some_avg10 = r->g.psi_some_avg10;
	m->global.psi_full_avg10 = r->g.psi_full_avg10;
	m->global.enabled = r->g.enabled;
	m->global.min_ttl_ms = r->g.min_ttl_ms;
	m->global.pgscan = r->g.pgscan;
	m->global.pgsteal = r->g.pgsteal;
	model_commit(m, r->ts / 1e9);
	m->read_s = r->read_ms / 1e3;
	m->counters_at = model_counters_at(r->mono, r->read_ms);
	model_update_rates(m, prev_nodes, &prev_global, m->interval, r->h.ticks_per_s);
	*ts_ns = r->ts;
	return 0;
}
