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

struct parse_result {
	size_t nr_lruvecs;
	int bad_lines;		/* lines that fit nowhere, skipped */
	int first_bad_line;	/* 1-based, 0 if none */
};

/*
 * Parse /sys/kernel/debug/lru_gen_full (or lru_gen, which has no tier
 * lines) into @s, reusing its memory: once it has grown to the file's size,
 * a refresh allocates nothing. Malformed lines are counted and skipped; an
 * lruvec in which the input breaks off or goes wrong is kept and marked
 * partial. The file can be fed in pieces of whole lines, so that it need
 * not be held in memory at once:
 *
 *	lru_gen_parse_begin(&p, s);
 *	lru_gen_parse_lines(&p, lines, len);	(as often as needed)
 *	lru_gen_parse_end(&p, tail, tail_len, &res);
 *
 * where the tail is what followed the last newline (empty for a whole
 * file). The calls return 0, or -1 when memory ran out (then @s is empty).
 */
struct lru_gen_parser {
	struct lruvec_set *set;
	struct parse_result res;
	size_t path_off;	/* of the current memcg, in set->names */
	uint32_t path_hash;
	uint64_t memcg_id;
	int next_tier;
	int lineno;
	bool has_cur;		/* the last lruvec of the set is being read */
	bool in_memcg;
	bool skip_gen;
	bool nomem;
};

void lru_gen_parse_begin(struct lru_gen_parser *p, struct lruvec_set *s);
int lru_gen_parse_lines(struct lru_gen_parser *p, const char *buf, size_t len);
int lru_gen_parse_end(struct lru_gen_parser *p, const char *tail, size_t len,
		      struct parse_result *res);

/* All of @buf at once */
int parse_lru_gen_set(const char *buf, size_t len, struct lruvec_set *s,
		      struct parse_result *res);

/*
 * The same into a new array the caller frees with lruvecs_free(), each
 * path its own allocation; NULL with res->nr_lruvecs == 0 when there is
 * none or memory ran out. For tests and one-off readers.
 */
struct lrugen_lruvec *parse_lru_gen(const char *buf, size_t len,
				    struct parse_result *res);

/* The hash of a path that the model matches lruvecs by */
uint32_t path_hash(const char *s, size_t n);

/*
 * Look up @key in "key value" lines (vmstat) or "Node N key: value kB" and
 * "key: value kB" lines (meminfo). Returns 0 and sets *val, or -1.
 */
int parse_kv(const char *buf, const char *key, uint64_t *val);

/* "some avg10=1.00 ..." / "full avg10=..." from /proc/pressure/memory */
int parse_psi(const char *buf, double *some_avg10, double *full_avg10);

/* utime + stime, in clock ticks, from /proc/PID/stat */
int parse_proc_stat_ticks(const char *buf, uint64_t *ticks);

/*
 * Whether /proc/PID/stat in @buf is a kernel thread's (PF_KTHREAD in its
 * flags): 1 or 0, or -1 when it cannot be read. Anyone can name a process
 * "kswapd0"; only the kernel's own thread has this flag.
 */
int parse_proc_stat_kthread(const char *buf);

/* "0x0007" from /sys/kernel/mm/lru_gen/enabled */
int parse_hex(const char *buf, unsigned int *val);

/* "0-1", "0,2-3" from /sys/devices/system/node/has_memory: a bitmap */
int parse_node_list(const char *buf, uint64_t *mask);

/*
 * A swappiness as nodeN/reclaim and memory.reclaim take it: "max", or one
 * to three digits with a value of at most 200 (no sign, no spaces).
 * Returns 0 or -1.
 */
int parse_swappiness(const char *s);

/*
 * A refresh delay in seconds, 0.1 to 3600 ("2", "0.5"); NaN, infinities
 * and trailing text are refused. Returns 0 with *sec set, or -1.
 */
int parse_delay(const char *s, double *sec);

/*
 * The mount point of the first tracefs in @buf, a /proc/mounts, into @dir
 * with its octal escapes ("\\040") undone. Returns 0, or -1 when no tracefs
 * is mounted or its path does not fit in @size.
 */
int parse_tracefs_mount(const char *buf, char *dir, size_t size);

/*
 * lrugen's tracefs instances are named lrugen-NS-PID: NS is the inode of
 * the PID namespace the creator ran in, PID its pid there. A pid means
 * nothing outside its namespace, so only an instance of @own_ns can be
 * judged. Returns its pid if @name is such an instance of @own_ns, else 0
 * (another namespace, the old "lrugen-PID" form, or not ours at all).
 */
long parse_instance_pid(const char *name, unsigned long own_ns);

#endif
