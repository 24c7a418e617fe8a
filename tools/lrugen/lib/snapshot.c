// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot source: /sys/kernel/debug/lru_gen_full, nodeN/meminfo and
 * vmstat, /proc/meminfo, /proc/vmstat, PSI, and kswapd's CPU time.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "util.h"

const char *lrugen_root = "";

/* lru_gen_full is read and parsed in pieces of about this size */
#define CHUNK (256 << 10)

struct snapshot {
	struct buf full;	/* a piece of lru_gen_full, whole lines */
	struct buf small;
	struct lru_gen_parser parser;
	long ticks_per_s;
	unsigned long kswapd_scan;	/* sample of the last kswapd pid scan */
};

static void path_of(char *out, size_t size, const char *fmt, int nid)
{
	char rel[256];

	snprintf(rel, sizeof(rel), fmt, nid);
	snprintf(out, size, "%s%s", lrugen_root, rel);
}

static int read_small(struct snapshot *sn, const char *rel, int nid)
{
	char path[512];

	path_of(path, sizeof(path), rel, nid);
	return read_file(path, &sn->small);
}

/* kswapdN are kernel threads named after their node */
static void find_kswapd(struct snapshot *sn, struct lrugen_model *m)
{
	char path[512];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/proc", lrugen_root);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		int pid, nid;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = atoi(d->d_name);
		snprintf(path, sizeof(path), "%s/proc/%d/comm", lrugen_root, pid);
		if (read_file(path, &sn->small) ||
		    sscanf(sn->small.data, "kswapd%d", &nid) != 1 ||
		    nid < 0 || nid >= LRUGEN_MAX_NODES)
			continue;
		/* a user process may call itself kswapd0 too */
		snprintf(path, sizeof(path), "%s/proc/%d/stat", lrugen_root, pid);
		if (read_file(path, &sn->small) || parse_proc_stat_kthread(sn->small.data) != 1)
			continue;
		m->nodes[nid].kswapd_pid = pid;
	}
	closedir(dir);
}

static int snapshot_open(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	struct snapshot *sn = priv;
	char path[512];
	int ret;

	sn->ticks_per_s = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof(path), "%s/sys/kernel/mm/lru_gen/enabled", lrugen_root);
	if (access(path, F_OK)) {
		snprintf(err, errlen, "this kernel has no multi-gen LRU (%s is missing); it needs CONFIG_LRU_GEN=y",
			 path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen_full", lrugen_root);
	/* access(), not open(): nothing is read, even from a FIFO */
	ret = access(path, R_OK) ? -errno : 0;
	if (ret == -EACCES || ret == -EPERM) {
		snprintf(err, errlen, "cannot read %s: %s; lrugen needs root", path, strerror(-ret));
		return -1;
	}
	if (ret == -ENOENT) {
		snprintf(err, errlen, "%s is missing: mount debugfs (mount -t debugfs none /sys/kernel/debug)",
			 path);
		return -1;
	}
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-ret));
		return -1;
	}
	find_kswapd(sn, m);
	return 0;
}

static void read_nodes(struct snapshot *sn, struct lrugen_model *m)
{
	uint64_t mask = 0;
	int nid;

	if (read_small(sn, "/sys/devices/system/node/has_memory", 0) ||
	    parse_node_list(sn->small.data, &mask)) {
		/* no NUMA: everything is node 0 */
		mask = 1;
	}
	m->nr_nodes = 0;
	for (nid = 0; nid < LRUGEN_MAX_NODES; nid++) {
		struct lrugen_node *n = &m->nodes[nid];
		uint64_t a = 0, b = 0;

		n->present = mask & (1ULL << nid);
		if (!n->present)
			continue;
		m->nr_nodes = nid + 1;
		if (!read_small(sn, "/sys/devices/system/node/node%d/meminfo", nid)) {
			parse_kv(sn->small.data, "MemTotal", &n->mem_total);
			parse_kv(sn->small.data, "MemFree", &n->mem_free);
			parse_kv(sn->small.data, "Active(anon)", &a);
			parse_kv(sn->small.data, "Inactive(anon)", &b);
			n->anon = a + b;
			a = b = 0;
			parse_kv(sn->small.data, "Active(file)", &a);
			parse_kv(sn->small.data, "Inactive(file)", &b);
			n->file = a + b;
		}
		if (!read_small(sn, "/sys/devices/system/node/node%d/vmstat", nid)) {
			parse_kv(sn->small.data, "workingset_refault_anon", &n->refault_anon);
			parse_kv(sn->small.data, "workingset_refault_file", &n->refault_file);
			parse_kv(sn->small.data, "pgsteal_proactive_node", &n->pgsteal_proactive_node);
			parse_kv(sn->small.data, "pgscan_proactive_node", &n->pgscan_proactive_node);
		}
		if (n->kswapd_pid) {
			if (read_small(sn, "/proc/%d/stat", n->kswapd_pid) ||
			    parse_proc_stat_ticks(sn->small.data, &n->kswapd_ticks))
				n->kswapd_pid = 0;
		}
	}
}

static void read_global(struct snapshot *sn, struct lrugen_model *m)
{
	static const char *const scans[] = {
		"pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive",
	};
	static const char *const steals[] = {
		"pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive",
	};
	struct lrugen_global *g = &m->global;
	size_t i;

	if (!read_small(sn, "/proc/meminfo", 0)) {
		parse_kv(sn->small.data, "SwapTotal", &g->swap_total);
		parse_kv(sn->small.data, "SwapFree", &g->swap_free);
	}
	g->has_psi = !read_small(sn, "/proc/pressure/memory", 0) &&
		     !parse_psi(sn->small.data, &g->psi_some_avg10, &g->psi_full_avg10);
	if (!read_small(sn, "/sys/kernel/mm/lru_gen/enabled", 0))
		parse_hex(sn->small.data, &g->enabled);
	if (!read_small(sn, "/sys/kernel/mm/lru_gen/min_ttl_ms", 0)) {
		unsigned long v = strtoul(sn->small.data, NULL, 10);

		g->min_ttl_ms = (unsigned int)v;
	}
	if (!read_small(sn, "/proc/vmstat", 0)) {
		g->pgscan = g->pgsteal = 0;
		for (i = 0; i < ARRAY_SIZE(scans); i++) {
			uint64_t v;

			if (!parse_kv(sn->small.data, scans[i], &v))
				g->pgscan += v;
			if (!parse_kv(sn->small.data, steals[i], &v))
				g->pgsteal += v;
		}
	}
}

/*
 * Read lru_gen_full into @s piece by piece: the file takes ~2 KiB per
 * lruvec (40 MB for 20,000), and holding it whole would cost more memory
 * than everything else. Returns 0 with *truncated set when the file did
 * not end with a newline, or -errno (the set is then empty).
 */
static int read_lru_gen(struct snapshot *sn, const char *path, struct lruvec_set *s,
			struct parse_result *res, bool *truncated)
{
	struct buf *b = &sn->full;
	size_t total = 0;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	lru_gen_parse_begin(&sn->parser, s);
	b->len = 0;
	for (;;) {
		char *last;
		ssize_t n;

		/* a line longer than the buffer grows it */
		err = buf_reserve(b, CHUNK / 2, READ_FILE_MAX);
		if (err)
			break;
		n = read_retry(fd, b->data + b->len, b->cap - b->len);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		total += n;
		if (total > READ_FILE_MAX) {
			err = -EFBIG;
			break;
		}
		b->len += n;
		last = memrchr(b->data, '\n', b->len);
		if (!last)
			continue;
		if (lru_gen_parse_lines(&sn->parser, b->data, last + 1 - b->data)) {
			err = -ENOMEM;
			break;
		}
		b->len -= last + 1 - b->data;
		memmove(b->data, last + 1, b->len);
	}
	close(fd);
	*truncated = b->len > 0;
	if (lru_gen_parse_end(&sn->parser, b->data, b->len, res) && !err)
		err = -ENOMEM;
	if (err)
		s->nr = 0;
	return err;
}

static int snapshot_refresh(void *priv, struct lrugen_model *m, char *err, size_t errlen)
{
	struct snapshot *sn = priv;
	struct lrugen_node prev_nodes[LRUGEN_MAX_NODES];
	struct lrugen_global prev_global = m->global;
	struct parse_result res;
	char path[512];
	bool truncated = false;
	double t, read_s;
	int ret, nid, warn = 0;

	memcpy(prev_nodes, m->nodes, sizeof(prev_nodes));
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen_full", lrugen_root);
	t = now_s();
	ret = read_lru_gen(sn, path, model_next_set(m), &res, &truncated);
	/*
	 * Each lruvec's ages are printed when the read reaches it, up to this
	 * long after @t: at 20,000 lruvecs that is seconds, not milliseconds.
	 */
	read_s = now_s() - t;
	if (ret) {
		/* a bad read after good ones: keep the last good model */
		snprintf(err, errlen, "cannot read %s: %s%s", path, strerror(-ret),
			 m->samples ? "; showing the last good refresh" : "");
		return m->samples ? 1 : -1;
	}
	/*
	 * The kernel ends the file with a newline: a read that does not was
	 * cut, and may have lost memcgs without a single bad line.
	 */
	if (res.bad_lines || truncated) {
		char bad[96] = "";

		if (res.bad_lines)
			snprintf(bad, sizeof(bad), "%s%d bad line%s, first at line %d%s",
				 res.nr_lruvecs ? "" : "nothing parsed (not lru_gen_full?): ",
				 res.bad_lines, res.bad_lines > 1 ? "s" : "", res.first_bad_line,
				 truncated ? "; " : "");
		/* one snprintf: a long path is cut, never written past @err */
		snprintf(err, errlen, "%s: %s%s%s", path, bad,
			 truncated ? "the read ended inside a line" : "",
			 m->samples ? "; showing the last good refresh" : "; showing what parsed");
		if (m->samples)
			return 1;
		warn = 1;
	}
	/* a kswapd may have been missing at start (memory hot-added) */
	for (nid = 0; nid < m->nr_nodes; nid++)
		if (m->nodes[nid].present && !m->nodes[nid].kswapd_pid &&
		    m->samples - sn->kswapd_scan >= 10) {
			sn->kswapd_scan = m->samples;
			find_kswapd(sn, m);
			break;
		}
	read_nodes(sn, m);
	read_global(sn, m);
	model_commit(m, t);
	m->read_s = read_s;
	/* as lrugen record writes them: MONO_MS and READ_MS */
	m->counters_at = model_counters_at((uint64_t)(t * 1000), model_read_ms(read_s));
	model_update_rates(m, prev_nodes, &prev_global, m->interval, sn->ticks_per_s);
	return warn;
}

static void snapshot_close(void *priv)
{
	struct snapshot *sn = priv;

	buf_free(&sn->full);
	buf_free(&sn->small);
}

static const struct source_ops snapshot_ops = {
	.name = "snapshot",
	.open = snapshot_open,
	.refresh = snapshot_refresh,
	.close = snapshot_close,
};

static struct snapshot snap;
static struct source snapshot_src = { .ops = &snapshot_ops, .priv = &snap };

/**
 * snapshot_source() - the source that reads lru_gen_full and the counters
 *
 * Each refresh reads /sys/kernel/debug/lru_gen_full in pieces into the
 * model's next set, the nodes' meminfo and vmstat, kswapd's CPU time, and
 * the global values, all under lrugen_root, and commits them as a sample
 * taken when the read of lru_gen_full began (model.now), with how long
 * that read took (model.read_s). A read that fails or is cut after a good
 * one keeps the last good lruvecs.
 *
 * Return: the one snapshot source.
 */
struct source *snapshot_source(void)
{
	return &snapshot_src;
}
