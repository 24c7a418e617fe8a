/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lrugen can ask the kernel to do: proactive reclaim through
 * nodeN/reclaim or memory.reclaim, and aging or eviction through debugfs
 * lru_gen. Each returns 0 or -errno and says what happened in @r.
 */
#ifndef LRUGEN_ACTIONS_H
#define LRUGEN_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct reclaim_req {
	uint64_t bytes;
	const char *swappiness;	/* NULL (default), "0".."200" or "max" */
	const char *flags;	/* NULL or "clean" */
	int nid;		/* -1: every node, through memory.reclaim */
	int64_t memcg_id;	/* cgroup id; -1: the whole node */
	const char *memcg_path;	/* for memory.reclaim */
};

struct action_result {
	char request[800];	/* what was written, and where */
	char message[1024];	/* the outcome, for the user */
	uint64_t reclaimed;	/* bytes, from pgsteal_proactive_node */
	double seconds;
	int err;		/* 0 or -errno */
};

/*
 * "SIZE [swappiness=N|max] [flags=clean]", as nodeN/reclaim takes it and
 * the full-screen view asks for it, into @q (whose node and memcg the
 * caller sets). @line is cut into tokens that @q then points into. Each
 * option at most once. Returns 0, or -1 with the reason in @err; values
 * are checked by reclaim_validate().
 */
int parse_reclaim_request(char *line, struct reclaim_req *q, char *err, size_t errlen);

/* Check a request before anything is written: 0, or -1 with r->message. */
int reclaim_validate(const struct reclaim_req *q, struct action_result *r);
int do_reclaim(const struct reclaim_req *q, struct action_result *r);

/* debugfs lru_gen: "+" a generation, or "-" evict the oldest one */
int do_age(const struct lrugen_lruvec *v, struct action_result *r);
int do_evict(const struct lrugen_lruvec *v, struct action_result *r);

/*
 * Resolve a memcg given as a path ("/a/b") or a cgroup id against the
 * lruvecs of @m. A path is looked up in /sys/fs/cgroup when it is there,
 * and among the paths debugfs printed otherwise. Returns the id, or -1.
 */
int64_t resolve_memcg(const struct lrugen_model *m, const char *arg, const char **path);

#endif
