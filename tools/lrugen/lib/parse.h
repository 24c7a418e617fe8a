/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the text files lrugen reads. They work on buffers only, so the
 * unit tests feed them captured fixtures without root or a kernel.
 */
#ifndef LRUGEN_PARSE_H
#define LRUGEN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/**
 * struct parse_result - what a parse of lru_gen_full found
 * @nr_lruvecs: lruvecs read, partial ones included
 * @bad_lines: lines that fit nowhere, skipped
 * @first_bad_line: the number of the first of them, from 1; 0 if none
 */
struct parse_result {
	size_t nr_lruvecs;
	int bad_lines;
	int first_bad_line;
};

/**
 * struct lru_gen_parser - the state of a parse of lru_gen_full in pieces
 * @set: the set the lruvecs go into
 * @res: what was found so far
 * @path_off: where the current memcg's path starts in the set's names
 * @path_hash: path_hash() of that path
 * @stale_paths: the lruvecs before this one point their paths into the
 *               set's names as they were before the names last moved
 * @memcg_id: the current memcg's id
 * @next_tier: the lowest tier the next tier line may have
 * @lineno: lines read so far
 * @has_cur: the last lruvec of the set is being read
 * @in_memcg: a good memcg line came last, so node lines are taken
 * @skip_gen: the last generation line was bad: its tier lines are skipped
 * @nomem: memory ran out; the rest of the input is ignored
 *
 * Parses /sys/kernel/debug/lru_gen_full (or lru_gen, which has no tier
 * lines) into a &struct lruvec_set, reusing its memory: once it has grown
 * to the file's size, a refresh allocates nothing. The file can be fed in
 * pieces of whole lines, so that it need not be held in memory at once::
 *
 *	lru_gen_parse_begin(&p, s);
 *	lru_gen_parse_lines(&p, lines, len);	(as often as needed)
 *	lru_gen_parse_end(&p, tail, tail_len, &res);
 *
 * where the tail is what followed the last newline (empty for a whole
 * file). parse_lru_gen_set() does the three for a file held whole.
 */
struct lru_gen_parser {
	struct lruvec_set *set;
	struct parse_result res;
	size_t path_off;
	uint32_t path_hash;
	size_t stale_paths;
	uint64_t memcg_id;
	int next_tier;
	int lineno;
	bool has_cur;
	bool in_memcg;
	bool skip_gen;
	bool nomem;
};

void lru_gen_parse_begin(struct lru_gen_parser *p, struct lruvec_set *s);
int lru_gen_parse_lines(struct lru_gen_parser *p, const char *buf, size_t len);
int lru_gen_parse_end(struct lru_gen_parser *p, const char *tail, size_t len,
		      struct parse_result *res);
int parse_lru_gen_set(const char *buf, size_t len, struct lruvec_set *s,
		      struct parse_result *res);
struct lrugen_lruvec *parse_lru_gen(const char *buf, size_t len,
				    struct parse_result *res);
uint32_t path_hash(const char *s, size_t n);

int parse_kv(const char *buf, const char *key, uint64_t *val);
int parse_psi(const char *buf, double *some_avg10, double *full_avg10);
int parse_proc_stat_ticks(const char *buf, uint64_t *ticks);
int parse_proc_stat_kthread(const char *buf);
int parse_hex(const char *buf, unsigned int *val);
int parse_node_list(const char *buf, uint64_t *mask);
int parse_swappiness(const char *s);
int parse_delay(const char *s, double *sec);
int parse_tracefs_mount(const char *buf, char *dir, size_t size);
long parse_instance_pid(const char *name, unsigned long own_ns);

#endif
