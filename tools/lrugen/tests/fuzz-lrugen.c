// SPDX-License-Identifier: GPL-2.0
/*
 * A libFuzzer target for every parser lrugen has, and for what consumes
 * their output: the model (two samples, so that matching and rates run),
 * the text frame and the JSON. The first byte picks the parser; the rest is
 * its input. The seeds (make fuzz writes them) are the fixtures, each behind
 * its selector byte.
 *
 * Built by "make fuzz" with clang -fsanitize=fuzzer,address,undefined: any
 * crash, leak, out-of-bounds access or undefined behaviour is a finding.
 * The frame and the JSON go to /dev/null; what they print is tested
 * elsewhere, here only that they survive any model.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "recfmt.h"
#include "size.h"
#include "view.h"

enum {
	F_LRU_GEN,		/* lru_gen_full, then model, frame and JSON */
	F_LRU_GEN_PIECES,	/* the same fed in two pieces of whole lines */
	F_KV,
	F_PSI,
	F_PROC_STAT,
	F_HEX,
	F_NODE_LIST,
	F_SIZE,
	F_SWAPPINESS,
	F_DELAY,
	F_MOUNTS,
	F_INSTANCE,
	F_RECFMT,		/* a recording's lines, replayed, written again, read */
	F_NR,
};

static FILE *null;

static void consume(const struct lruvec_set *parsed, const char *buf, size_t len)
{
	struct lrugen_model m;
	struct lruvec_set *s;
	struct parse_result res;
	struct view v = { .tree = true };

	model_init(&m);
	s = model_next_set(&m);
	if (parse_lru_gen_set(buf, len, s, &res) == 0) {
		model_commit(&m, 1.0);
		/* the same text again: every lruvec matches its old self */
		s = model_next_set(&m);
		if (parse_lru_gen_set(buf, len, s, &res) == 0 && res.nr_lruvecs == parsed->nr)
			model_commit(&m, 2.0);
		if (m.nr_lruvecs)
			model_find(&m, m.lruvecs[m.nr_lruvecs - 1].memcg_id,
				   m.lruvecs[m.nr_lruvecs - 1].nid);
		print_frame(null, &v, &m, "fuzz", -1, 10);
		v.tree = false;
		v.sort = SORT_AGE;
		snprintf(v.filter, sizeof(v.filter), "a");
		print_frame(null, &v, &m, "fuzz", 5, 0);
		print_json(null, &m);
	}
	model_free(&m);
}

static void lru_gen(const char *buf, size_t len, bool pieces)
{
	struct lruvec_set s = { 0 };
	struct lru_gen_parser p;
	struct parse_result res;
	size_t whole = len, half;

	if (!pieces) {
		if (parse_lru_gen_set(buf, len, &s, &res) == 0)
			consume(&s, buf, len);
		lruvec_set_free(&s);
		return;
	}
	while (whole && buf[whole - 1] != '\n')
		whole--;
	half = whole / 2;
	while (half && buf[half - 1] != '\n')
		half--;
	lru_gen_parse_begin(&p, &s);
	lru_gen_parse_lines(&p, buf, half);
	lru_gen_parse_lines(&p, buf + half, whole - half);
	lru_gen_parse_end(&p, buf + whole, len - whole, &res);
	lruvec_set_free(&s);
}

static int to_buf(void *ctx, const char *buf, size_t len)
{
	FILE *f = ctx;

	return fwrite(buf, 1, len, f) == len ? 0 : -EIO;
}

/* feed @len bytes of lines to @r, filling @m at each complete snapshot */
static int feed_lines(struct rec_reader *r, struct lrugen_model *m, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	uint64_t ts = 1000000000, got;
	int filled = 0;
	char err[256];

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

		ts += 1000000;
		if (rec_reader_line(r, p, n, ts, err, sizeof(err)) == REC_LINE_SNAPSHOT &&
		    !rec_reader_fill(r, m, &got))
			filled++;
		p += n;
	}
	return filled;
}

/*
 * The input as the lines of a recording: every complete snapshot fills a
 * model, which the views then draw. Then whatever model came out is
 * written as a keyframe and read back by a new reader: the same lruvecs
 * must come back, or the writer and the reader disagree on the format.
 */
static void recording(const char *buf, size_t len)
{
	struct rec_reader *r = rec_reader_new(), *again = NULL;
	struct rec_writer *w = NULL;
	struct lrugen_model m, back;
	struct view v = { .tree = true };
	struct rec_header h = { 0 };
	char *out = NULL;
	size_t out_len = 0, i;
	FILE *f = NULL;

	model_init(&m);
	model_init(&back);
	if (!r)
		goto out;
	feed_lines(r, &m, buf, len);
	/* a seek: forget, and read the second half again */
	rec_reader_reset(r);
	feed_lines(r, &m, buf + len / 2, len - len / 2);
	if (!m.samples)
		goto out;
	print_frame(null, &v, &m, "fuzz", -1, 10);
	print_json(null, &m);

	w = rec_writer_new(1);
	again = rec_reader_new();
	f = open_memstream(&out, &out_len);
	if (!w || !again || !f)
		goto out;
	h.ticks_per_s = 100;
	if (rec_write_header(w, &h, to_buf, f) || rec_write_snapshot(w, &m, 5000, to_buf, f))
		goto out;
	fclose(f);
	f = NULL;
	if (feed_lines(again, &back, out, out_len) != 1 || back.nr_lruvecs != m.nr_lruvecs)
		__builtin_trap();
	for (i = 0; i < m.nr_lruvecs; i++) {
		const struct lrugen_lruvec *a = &m.lruvecs[i], *b = &back.lruvecs[i];

		if (strcmp(a->path, b->path) || a->memcg_id != b->memcg_id || a->nid != b->nid ||
		    a->nr_gens != b->nr_gens || a->max_seq != b->max_seq ||
		    memcmp(a->tier, b->tier, sizeof(a->tier)) ||
		    (a->nr_gens && a->gens[0].age_ms != b->gens[0].age_ms))
			__builtin_trap();
	}
out:
	if (f)
		fclose(f);
	free(out);
	rec_writer_free(w);
	rec_reader_free(again);
	rec_reader_free(r);
	model_free(&m);
	model_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, dir[256];
	uint64_t u;
	unsigned int x;
	double a, b;
	int sel;

	if (!size)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	sel = data[0] % F_NR;
	/* NUL-terminated, as the readers get it from read_file() */
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = 0;
	switch (sel) {
	case F_LRU_GEN:
	case F_LRU_GEN_PIECES:
		lru_gen(buf, size - 1, sel == F_LRU_GEN_PIECES);
		break;
	case F_KV:
		parse_kv(buf, "pgsteal_proactive_node", &u);
		parse_kv(buf, "MemFree", &u);
		break;
	case F_PSI:
		parse_psi(buf, &a, &b);
		break;
	case F_PROC_STAT:
		parse_proc_stat_ticks(buf, &u);
		parse_proc_stat_kthread(buf);
		break;
	case F_HEX:
		parse_hex(buf, &x);
		break;
	case F_NODE_LIST:
		parse_node_list(buf, &u);
		break;
	case F_SIZE:
		parse_size(buf, &u);
		break;
	case F_SWAPPINESS:
		parse_swappiness(buf);
		break;
	case F_DELAY:
		parse_delay(buf, &a);
		break;
	case F_MOUNTS:
		parse_tracefs_mount(buf, dir, sizeof(dir));
		break;
	case F_INSTANCE:
		parse_instance_pid(buf, 4026531836UL);
		break;
	case F_RECFMT:
		recording(buf, size - 1);
		break;
	}
	free(buf);
	return 0;
}
