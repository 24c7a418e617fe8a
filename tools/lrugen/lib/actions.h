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

/**
 * struct reclaim_req - a proactive reclaim request
 * @bytes: how much to reclaim
 * @swappiness: NULL for the kernel's default, "0".."200" or "max"
 * @flags: NULL or "clean"
 * @nid: the node, through nodeN/reclaim; -1 for every node, through the
 *       memcg's memory.reclaim
 * @memcg_id: the memcg's cgroup id, for nodeN/reclaim; -1 for the whole
 *            node
 * @memcg_path: the memcg's path, for memory.reclaim
 */
struct reclaim_req {
	uint64_t bytes;
	const char *swappiness;
	const char *flags;
	int nid;
	int64_t memcg_id;
	const char *memcg_path;
};

/**
 * struct action_result - what an action did, for the user
 * @request: what was written, and where: "'64M ...' > PATH"
 * @message: the outcome, or why nothing was done
 * @reclaimed: bytes reclaimed, from pgsteal_proactive_node before and after
 * @seconds: how long the write took
 * @err: 0 or -errno
 */
struct action_result {
	char request[800];
	char message[1024];
	uint64_t reclaimed;
	double seconds;
	int err;
};

int parse_reclaim_request(char *line, struct reclaim_req *q, char *err, size_t errlen);
int reclaim_validate(const struct reclaim_req *q, struct action_result *r);
int do_reclaim(const struct reclaim_req *q, struct action_result *r);
int do_age(const struct lrugen_lruvec *v, struct action_result *r);
int do_evict(const struct lrugen_lruvec *v, struct action_result *r);
int64_t resolve_memcg(const struct lrugen_model *m, const char *arg, const char **path);

#endif
