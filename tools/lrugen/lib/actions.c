// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions.h"
#include "parse.h"
#include "size.h"
#include "source.h"
#include "util.h"

static uint64_t pgsteal_proactive_node(int nid)
{
	struct buf b = { 0 };
	uint64_t v = 0;
	char path[256];

	if (nid >= 0)
		snprintf(path, sizeof(path), "%s/sys/devices/system/node/node%d/vmstat",
			 lrugen_root, nid);
	else
		snprintf(path, sizeof(path), "%s/proc/vmstat", lrugen_root);
	if (!read_file(path, &b))
		parse_kv(b.data, "pgsteal_proactive_node", &v);
	buf_free(&b);
	return v;
}

/**
 * reclaim_validate() - check a reclaim request before anything is written
 * @q: the request
 * @r: where the reason goes, in @r->message; nothing else is touched
 *
 * The size must not be 0, a swappiness must pass parse_swappiness(), the
 * only flag is "clean", which cannot go with swappiness=max, and a request
 * for every node (memory.reclaim) needs a memcg path and takes no flags.
 *
 * Return: 0 if the request can be made, else -1.
 */
int reclaim_validate(const struct reclaim_req *q, struct action_result *r)
{
	if (!q->bytes) {
		snprintf(r->message, sizeof(r->message), "the size must be more than 0");
		return -1;
	}
	if (q->swappiness && parse_swappiness(q->swappiness)) {
		snprintf(r->message, sizeof(r->message),
			 "swappiness must be 0..200 (digits only) or max, not '%.64s%s'", q->swappiness,
			 strlen(q->swappiness) > 64 ? "..." : "");
		return -1;
	}
	if (q->flags && strcmp(q->flags, "clean")) {
		snprintf(r->message, sizeof(r->message), "unknown flag '%s': the only flag is clean",
			 q->flags);
		return -1;
	}
	if (q->flags && q->swappiness && !strcmp(q->swappiness, "max")) {
		snprintf(r->message, sizeof(r->message),
			 "flags=clean leaves anon alone and swappiness=max reclaims only anon: pick one");
		return -1;
	}
	if (q->nid < 0) {
		if (q->flags) {
			snprintf(r->message, sizeof(r->message),
				 "memory.reclaim takes no flags; pick a node to use flags=clean");
			return -1;
		}
		if (!q->memcg_path) {
			snprintf(r->message, sizeof(r->message), "reclaim on every node needs a memcg");
			return -1;
		}
	}
	return 0;
}

/**
 * parse_reclaim_request() - read a reclaim request as a user types it
 * @line: "SIZE [swappiness=N|max] [flags=clean]", as nodeN/reclaim takes
 *        it and the full-screen view asks for it; cut into tokens in place
 * @q: the request: @q->bytes is set, and @q->swappiness and @q->flags
 *     point into @line; its node and memcg are the caller's to set
 * @err: where the reason goes, short enough for one line of the view
 * @errlen: bytes at @err
 *
 * Tokens are separated by spaces. SIZE is read by parse_size(); each
 * option may come once (@q->swappiness and @q->flags must be NULL on
 * entry). The values of the options are checked by reclaim_validate(),
 * not here.
 *
 * Return: 0, or -1 with the reason in @err.
 */
int parse_reclaim_request(char *line, struct reclaim_req *q, char *err, size_t errlen)
{
	char *tok, *save = NULL;
	int i = 0;

	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save), i++) {
		if (!i) {
			int ret = parse_size(tok, &q->bytes);

			/* short: the full-screen view shows it on one line */
			if (ret) {
				snprintf(err, errlen, "'%.64s' is %s", tok,
					 ret == -ERANGE ? "too big (less than 16E)" : "not a size (e.g. 64M)");
				return -1;
			}
		} else if (!strncmp(tok, "swappiness=", 11) && !q->swappiness) {
			q->swappiness = tok + 11;
		} else if (!strncmp(tok, "flags=", 6) && !q->flags) {
			q->flags = tok + 6;
		} else {
			if (!strncmp(tok, "swappiness=", 11) || !strncmp(tok, "flags=", 6))
				snprintf(err, errlen, "'%.64s' given twice", tok);
			else
				snprintf(err, errlen,
					 "unknown option '%.64s': use swappiness=N|max or flags=clean",
					 tok);
			return -1;
		}
	}
	if (!i) {
		snprintf(err, errlen, "no size given");
		return -1;
	}
	return 0;
}

/**
 * do_reclaim() - make a proactive reclaim request
 * @q: the request
 * @r: set to what was written, where, and what came of it
 *
 * Validates @q with reclaim_validate(), then writes it in one write(2) to
 * nodeN/reclaim (with memcg= when @q->memcg_id is set, and flags=) or,
 * for every node, to the memcg's memory.reclaim. The bytes reclaimed are
 * measured by pgsteal_proactive_node, the node's or /proc/vmstat's,
 * before and after; @r->message explains the kernel's EAGAIN, EBUSY and
 * EINVAL.
 *
 * Return: 0; -EINVAL when @q is refused before anything is written; or
 * the kernel's -errno for the write. @r->err holds the same.
 */
int do_reclaim(const struct reclaim_req *q, struct action_result *r)
{
	char path[512], req[256], got[32], want[32], name[512];
	uint64_t before, after;
	double t0;
	int len;

	memset(r, 0, sizeof(*r));
	if (reclaim_validate(q, r)) {
		r->err = -EINVAL;
		return r->err;
	}
	/*
	 * Validation bounds every field, so the request always fits; should
	 * that ever change, refuse it rather than write a cut-off request
	 * (a request cut before memcg= would reclaim from the whole node).
	 */
	len = snprintf(req, sizeof(req), "%" PRIu64 "%s%s", q->bytes,
		       q->swappiness ? " swappiness=" : "", q->swappiness ? q->swappiness : "");
	if (q->nid >= 0 && q->memcg_id > 0 && len >= 0 && (size_t)len < sizeof(req))
		len += snprintf(req + len, sizeof(req) - len, " memcg=%" PRId64, q->memcg_id);
	if (q->nid >= 0 && q->flags && len >= 0 && (size_t)len < sizeof(req))
		len += snprintf(req + len, sizeof(req) - len, " flags=%s", q->flags);
	if (len < 0 || (size_t)len >= sizeof(req)) {
		snprintf(r->message, sizeof(r->message), "the request is longer than %zu bytes",
			 sizeof(req) - 1);
		r->err = -EINVAL;
		return r->err;
	}
	if (q->nid >= 0) {
		snprintf(path, sizeof(path), "%s/sys/devices/system/node/node%d/reclaim",
			 lrugen_root, q->nid);
	} else {
		snprintf(path, sizeof(path), "%s/sys/fs/cgroup%s%smemory.reclaim", lrugen_root,
			 q->memcg_path, strcmp(q->memcg_path, "/") ? "/" : "");
	}
	snprintf(r->request, sizeof(r->request), "'%s' > %s", req,
		 fmt_name(name, sizeof(name), path));

	before = pgsteal_proactive_node(q->nid);
	t0 = now_s();
	r->err = write_file(path, req);
	r->seconds = now_s() - t0;
	after = pgsteal_proactive_node(q->nid);
	r->reclaimed = (after > before ? after - before : 0) * (uint64_t)sysconf(_SC_PAGESIZE);

	fmt_bytes(got, sizeof(got), (double)r->reclaimed);
	fmt_bytes(want, sizeof(want), (double)q->bytes);
	if (!r->err)
		snprintf(r->message, sizeof(r->message), "reclaimed %s of %s in %.2fs", got, want,
			 r->seconds);
	else if (r->err == -EAGAIN)
		snprintf(r->message, sizeof(r->message),
			 "EAGAIN: reclaimed only %s of %s in %.2fs (not enough reclaimable memory)",
			 got, want, r->seconds);
	else if (r->err == -EBUSY)
		snprintf(r->message, sizeof(r->message),
			 "EBUSY: another reclaim request is running on node %d; nothing reclaimed, try again",
			 q->nid);
	else if (r->err == -EINVAL)
		snprintf(r->message, sizeof(r->message),
			 "EINVAL: the kernel refused the request (memcg gone, or an option this kernel does not take)");
	else
		snprintf(r->message, sizeof(r->message), "%s: %s", path, strerror(-r->err));
	return r->err;
}

static int lru_gen_cmd(const char *cmd, struct action_result *r)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen", lrugen_root);
	snprintf(r->request, sizeof(r->request), "'%s' > %s", cmd, path);
	r->err = write_file(path, cmd);
	return r->err;
}

/*
 * The swappiness the kernel would pick for a debugfs command: vm.swappiness
 * (cgroup v2 has no per-memcg value) when there is swap, else 0. Only
 * whether it is 0 matters to aging.
 */
static int default_swappiness(void)
{
	struct buf b = { 0 };
	uint64_t swap_free = 0;
	char path[256];
	long v = 60;

	snprintf(path, sizeof(path), "%s/proc/meminfo", lrugen_root);
	if (!read_file(path, &b))
		parse_kv(b.data, "SwapFree", &swap_free);
	snprintf(path, sizeof(path), "%s/proc/sys/vm/swappiness", lrugen_root);
	if (!read_file(path, &b))
		v = strtol(b.data, NULL, 10);
	buf_free(&b);
	if (!swap_free)
		return 0;
	return v < 0 ? 0 : v > 200 ? 200 : (int)v;
}

/**
 * do_age() - add a generation to an lruvec, through debugfs lru_gen
 * @v: the lruvec: its memcg id, node and max_seq make the command
 * @r: set to the command written and what came of it
 *
 * Writes "+ MEMCG_ID NID MAX_SEQ". When the kernel answers ERANGE, since
 * the lruvec already has MAX_NR_GENS generations (as every new one has),
 * it asks again with force_scan, which folds the oldest generation into
 * the next as kswapd's aging would, and then adds one.
 *
 * Return: 0, or the kernel's -errno (-EINVAL when the memcg is gone or
 * max_seq moved on). @r->err holds the same.
 */
int do_age(const struct lrugen_lruvec *v, struct action_result *r)
{
	char cmd[96];

	memset(r, 0, sizeof(*r));
	snprintf(cmd, sizeof(cmd), "+ %" PRIu64 " %d %" PRIu64, v->memcg_id, v->nid, v->max_seq);
	if (lru_gen_cmd(cmd, r) == -ERANGE) {
		/*
		 * MAX_NR_GENS generations already, as every new lruvec has:
		 * force_scan folds the oldest into the next one, as kswapd's
		 * aging would, and then adds one.
		 */
		snprintf(cmd, sizeof(cmd), "+ %" PRIu64 " %d %" PRIu64 " %d 1", v->memcg_id, v->nid,
			 v->max_seq, default_swappiness());
		if (!lru_gen_cmd(cmd, r)) {
			snprintf(r->message, sizeof(r->message),
				 "aged: max_seq was %" PRIu64 " (%d generations: the oldest two were merged)",
				 v->max_seq, LRUGEN_MAX_GENS);
			return 0;
		}
	}
	if (!r->err)
		snprintf(r->message, sizeof(r->message), "aged: max_seq was %" PRIu64, v->max_seq);
	else if (r->err == -ERANGE)
		snprintf(r->message, sizeof(r->message),
			 "ERANGE: already %d generations; evict the oldest first", LRUGEN_MAX_GENS);
	else if (r->err == -EINVAL)
		snprintf(r->message, sizeof(r->message),
			 "EINVAL: the memcg is gone or max_seq moved on; try again");
	else
		snprintf(r->message, sizeof(r->message), "%s", strerror(-r->err));
	return r->err;
}

/**
 * do_evict() - evict an lruvec's oldest generation, through debugfs lru_gen
 * @v: the lruvec: its memcg id, node and the lower of its two min_seq
 *     make the command
 * @r: set to the command written and what came of it
 *
 * Writes "- MEMCG_ID NID SEQ". The kernel keeps at least two generations,
 * so with fewer than three nothing is written.
 *
 * Return: 0; -EINVAL, with nothing written, when @v has too few
 * generations; or the kernel's -errno. @r->err holds the same.
 */
int do_evict(const struct lrugen_lruvec *v, struct action_result *r)
{
	uint64_t seq = v->min_seq[LRUGEN_ANON] < v->min_seq[LRUGEN_FILE] ?
		       v->min_seq[LRUGEN_ANON] : v->min_seq[LRUGEN_FILE];
	char cmd[96];

	memset(r, 0, sizeof(*r));
	/* the kernel keeps MIN_NR_GENS (2) generations */
	if (seq + 2 > v->max_seq) {
		r->err = -EINVAL;
		snprintf(r->message, sizeof(r->message),
			 "only %" PRIu64 " generations: age (+) first, the kernel keeps 2",
			 v->max_seq - seq + 1);
		return r->err;
	}
	snprintf(cmd, sizeof(cmd), "- %" PRIu64 " %d %" PRIu64, v->memcg_id, v->nid, seq);
	if (!lru_gen_cmd(cmd, r))
		snprintf(r->message, sizeof(r->message), "evicted generation %" PRIu64, seq);
	else
		snprintf(r->message, sizeof(r->message), "%s: %s",
			 r->err == -EINVAL ? "EINVAL" : "error", strerror(-r->err));
	return r->err;
}

/**
 * resolve_memcg() - find a memcg the user named, among a model's lruvecs
 * @m: the model
 * @arg: a cgroup id ("42") or a path ("/a/b")
 * @path: if not NULL, set to the path of the memcg found; it points into
 *        @m and lasts until the next refresh
 *
 * A path is looked up in /sys/fs/cgroup when cgroup2 is mounted there (the
 * id of a live cgroup is its directory's inode number); without it (a
 * recording, a test's fixture) it is matched against the paths debugfs
 * printed, and among several the last, live one wins. Lruvecs with id 0
 * but the root are never matched: removed memcgs, or a kernel without
 * memcg.
 *
 * Return: the memcg's cgroup id, or -1 when no lruvec of @m has it.
 */
int64_t resolve_memcg(const struct lrugen_model *m, const char *arg, const char **path)
{
	const struct lrugen_lruvec *found = NULL;
	bool by_id = false;
	char dir[PATH_MAX];
	struct stat st;
	uint64_t id = 0;
	char *end;
	size_t i;

	if (isdigit((unsigned char)*arg)) {
		errno = 0;
		id = strtoull(arg, &end, 10);
		by_id = !*end && !errno;
	} else if (*arg == '/') {
		/*
		 * The cgroup id of a live cgroup is its directory's inode
		 * number; a path that is not a cgroup names nothing.
		 */
		snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup/cgroup.controllers", lrugen_root);
		if (!stat(dir, &st)) {
			snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup%s", lrugen_root, arg);
			by_id = true;
			id = !stat(dir, &st) && S_ISDIR(st.st_mode) ? st.st_ino : UINT64_MAX;
		}
	}
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *v = &m->lruvecs[i];

		/* without memcg every lruvec is 0: none can be named */
		if (!v->memcg_id && strcmp(v->path, "/"))
			continue;
		if (by_id && v->memcg_id == id) {
			found = v;
			break;
		}
		/*
		 * Without the cgroup file system (a recording, a test's
		 * fixture), go by path: a removed memcg that pages still pin
		 * keeps its path and is listed before a newer memcg of the same
		 * path, so the last one is the live one.
		 */
		if (!by_id && !strcmp(v->path, arg))
			found = v;
	}
	if (!found)
		return -1;
	if (path)
		*path = found->path;
	return (int64_t)found->memcg_id;
}
