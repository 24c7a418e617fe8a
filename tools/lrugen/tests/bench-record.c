// SPDX-License-Identifier: GPL-2.0
/*
 * What lrugen record's own work costs per snapshot, on this machine's CPU:
 * the snapshot source reading a generated tree (LRUGEN_ROOT-style, through
 * lrugen_root), parsing lru_gen_full into the model, committing it and
 * deriving the rates, then rec_write_snapshot() into an emit that throws
 * the markers away. No root, tracefs or kernel: the kernel's formatting of
 * lru_gen_full and the trace markers' writes are left out, and a read(2)
 * of the file from the page cache is timed on its own so that it can be
 * taken out too.
 *
 * It prints figures and asserts nothing: make bench runs it, and
 * Documentation/guide/record-bench.rst says what the figures mean.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "recfmt.h"
#include "session.h"
#include "source.h"
#include "util.h"

#define NR_NODES	2
#define INTERVAL_MS	1000	/* -d 1 */
#define START_MS	3600000	/* the virtual clock starts an hour after boot */
#define WARMUP		2	/* snapshots before those timed */

/* one generation as the kernel would print it */
struct b_gen {
	uint64_t seq;
	uint64_t birth_ms;
	uint64_t pages[LRUGEN_NR_TYPES];
};

/* one lruvec of the generated lru_gen_full */
struct b_lv {
	struct b_gen gens[LRUGEN_MAX_GENS];	/* oldest first */
	uint64_t min_seq[LRUGEN_NR_TYPES];
	uint64_t rep[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS][3];	/* refaulted, evicted, protected */
	uint64_t avg[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS][2];	/* the youngest gen's R and T */
	uint64_t mm[4];
};

/* the generated machine: memcgs x NR_NODES lruvecs */
struct b_tree {
	char root[256];
	struct b_lv *lv;
	size_t nr_memcgs;
	uint64_t now_ms;	/* the virtual CLOCK_MONOTONIC of the next snapshot */
	uint64_t rng;
	struct buf text;
};

static uint64_t rnd(struct b_tree *t)
{
	/* xorshift64*: the same tree and changes on every run */
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545f4914f6cdd1dULL;
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "bench-record: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		die("cannot create", path);
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n <= 0)
			die("cannot write", path);
		data += n;
		len -= n;
	}
	close(fd);
}

static void put_text(const struct b_tree *t, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", t->root, rel);
	put_file(path, text, strlen(text));
}

static void mkdirs(const struct b_tree *t, const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s%s", t->root, rel);
	for (p = path + strlen(t->root) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			die("cannot create", path);
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		die("cannot create", path);
}

/* ---- lru_gen_full as the kernel prints it ---- */

static void out(struct b_tree *t, const char *s, size_t n)
{
	if (buf_reserve(&t->text, n + 1, SIZE_MAX)) {
		fprintf(stderr, "bench-record: out of memory for lru_gen_full\n");
		exit(1);
	}
	memcpy(t->text.data + t->text.len, s, n);
	t->text.len += n;
}

/* " %10lu" and a suffix (the kernel's seq_printf(" %10lu%c")), fast */
static void out_num(struct b_tree *t, uint64_t v, char suffix)
{
	char s[32], *p = s + sizeof(s);
	int w = 0;

	if (suffix)
		*--p = suffix;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
		w++;
	} while (v);
	while (w++ < 10)
		*--p = ' ';
	*--p = ' ';
	out(t, p, s + sizeof(s) - p);
}

static void gen_lruvec(struct b_tree *t, const struct b_lv *v)
{
	uint64_t max_seq = v->gens[LRUGEN_MAX_GENS - 1].seq;
	int i, k, type;

	for (i = 0; i < LRUGEN_MAX_GENS; i++) {
		const struct b_gen *g = &v->gens[i];

		out_num(t, g->seq, 0);
		out_num(t, t->now_ms - g->birth_ms, 0);
		for (type = 0; type < LRUGEN_NR_TYPES; type++)
			out_num(t, g->pages[type], g->seq < v->min_seq[type] ? 'x' : ' ');
		out(t, "\n", 1);
		for (k = 0; k < LRUGEN_MAX_TIERS; k++) {
			out(t, "           ", 11);
			out_num(t, k, 0);
			for (type = 0; type < LRUGEN_NR_TYPES; type++) {
				if (g->seq == max_seq) {
					out_num(t, v->avg[type][k][0], 'R');
					out_num(t, v->avg[type][k][1], 'T');
					out_num(t, 0, 'x');
				} else if (g->seq == v->min_seq[type]) {
					out_num(t, v->rep[type][k][0], 'r');
					out_num(t, v->rep[type][k][1], 'e');
					out_num(t, v->rep[type][k][2], 'p');
				} else {
					out_num(t, 0, 'x');
					out_num(t, 0, 'x');
					out_num(t, 0, 'x');
				}
			}
			out(t, "\n", 1);
		}
		out(t, "                      ", 22);
		for (k = 0; k < 4; k++)
			out_num(t, g->seq == max_seq ? v->mm[k] : 0, g->seq == max_seq ? "TYFA"[k] : 'x');
		out(t, "\n", 1);
	}
}

static void gen_file(struct b_tree *t)
{
	char line[128], path[512];
	size_t m;
	int nid, n;

	t->text.len = 0;
	for (m = 0; m < t->nr_memcgs; m++) {
		if (!m)
			n = snprintf(line, sizeof(line), "memcg %5u /\n", 1);
		else if (m == 1)
			n = snprintf(line, sizeof(line), "memcg %5u /bench-record\n", 2);
		else
			n = snprintf(line, sizeof(line), "memcg %5zu /bench-record/pop/m%05zu\n",
				     m + 1, m - 2);
		out(t, line, n);
		for (nid = 0; nid < NR_NODES; nid++) {
			n = snprintf(line, sizeof(line), " node %5d\n", nid);
			out(t, line, n);
			gen_lruvec(t, &t->lv[m * NR_NODES + nid]);
		}
	}
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen_full", t->root);
	put_file(path, t->text.data, t->text.len);
}

/* ---- the lruvecs and how they change ---- */

static void init_lruvec(struct b_tree *t, struct b_lv *v, size_t m)
{
	uint64_t seq = 1 + rnd(t) % 40;
	bool full = m < 2 || m % 2;	/* every other memcg holds pages, as in the guest */
	int i, k, type;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < LRUGEN_MAX_GENS; i++) {
		struct b_gen *g = &v->gens[i];

		g->seq = seq + i;
		/* the oldest born minutes ago, the youngest seconds ago */
		g->birth_ms = t->now_ms - (LRUGEN_MAX_GENS - i) * 20000 - rnd(t) % 5000;
		if (full) {
			g->pages[LRUGEN_FILE] = m < 2 ? 1000 + rnd(t) % 50000 : (i >= 2 ? 2 : 0);
			g->pages[LRUGEN_ANON] = m < 2 ? rnd(t) % 20000 : (i == 3 ? rnd(t) % 8 : 0);
		}
	}
	for (type = 0; type < LRUGEN_NR_TYPES; type++)
		v->min_seq[type] = seq;
	/* one lruvec in four: anon's min_seq lags file's, so gen 0 shows 'x' for file */
	if (rnd(t) % 4 == 0) {
		v->min_seq[LRUGEN_FILE] = seq + 1;
		v->gens[0].pages[LRUGEN_FILE] = 0;
	}
	if (full)
		for (type = 0; type < LRUGEN_NR_TYPES; type++)
			for (k = 0; k < LRUGEN_MAX_TIERS; k++) {
				if (rnd(t) % 3 == 0) {
					v->rep[type][k][0] = rnd(t) % 100;
					v->rep[type][k][1] = rnd(t) % 1000;
					v->rep[type][k][2] = k ? rnd(t) % 100 : 0;
				}
				v->avg[type][k][0] = rnd(t) % 50;
				v->avg[type][k][1] = rnd(t) % 500;
			}
	for (k = 0; k < 4; k++)
		v->mm[k] = full ? rnd(t) % 5000 : 0;
}

/*
 * What reclaim does to an lruvec in one interval: pages move, evictions
 * and refaults count up, and now and then aging makes a generation and
 * the oldest retires.
 */
static void change_lruvec(struct b_tree *t, struct b_lv *v)
{
	int i, type, k = (int)(rnd(t) % LRUGEN_MAX_TIERS);

	for (type = 0; type < LRUGEN_NR_TYPES; type++) {
		v->gens[LRUGEN_MAX_GENS - 1].pages[type] += rnd(t) % 64;
		for (i = 0; i < LRUGEN_MAX_GENS - 1; i++)
			if (v->gens[i].pages[type])
				v->gens[i].pages[type] -= rnd(t) % (v->gens[i].pages[type] + 1);
		v->rep[type][k][0] += rnd(t) % 16;
		v->rep[type][k][1] += rnd(t) % 64;
	}
	v->mm[0] += rnd(t) % 256;
	if (rnd(t) % 5)
		return;
	/* aging: a new youngest generation, the oldest retires */
	memmove(&v->gens[0], &v->gens[1], (LRUGEN_MAX_GENS - 1) * sizeof(v->gens[0]));
	v->gens[LRUGEN_MAX_GENS - 1].seq = v->gens[LRUGEN_MAX_GENS - 2].seq + 1;
	v->gens[LRUGEN_MAX_GENS - 1].birth_ms = t->now_ms - rnd(t) % INTERVAL_MS;
	memset(v->gens[LRUGEN_MAX_GENS - 1].pages, 0, sizeof(v->gens[0].pages));
	for (type = 0; type < LRUGEN_NR_TYPES; type++)
		if (v->min_seq[type] < v->gens[0].seq)
			v->min_seq[type] = v->gens[0].seq;
}

/* ---- the rest of the tree: node and global files ---- */

static const char node_meminfo[] =
	"Node %d MemTotal:        1016032 kB\n"
	"Node %d MemFree:          677820 kB\n"
	"Node %d MemUsed:          338212 kB\n"
	"Node %d SwapCached:            0 kB\n"
	"Node %d Active:            33512 kB\n"
	"Node %d Inactive:         105928 kB\n"
	"Node %d Active(anon):       1892 kB\n"
	"Node %d Inactive(anon):    70412 kB\n"
	"Node %d Active(file):      31620 kB\n"
	"Node %d Inactive(file):    35516 kB\n"
	"Node %d Unevictable:           0 kB\n"
	"Node %d Mlocked:               0 kB\n"
	"Node %d Dirty:                 8 kB\n"
	"Node %d Writeback:             0 kB\n"
	"Node %d FilePages:         71416 kB\n"
	"Node %d Mapped:            26580 kB\n"
	"Node %d AnonPages:         68080 kB\n"
	"Node %d Shmem:              4276 kB\n"
	"Node %d KernelStack:        2176 kB\n"
	"Node %d PageTables:         1636 kB\n"
	"Node %d SecPageTables:         0 kB\n"
	"Node %d NFS_Unstable:          0 kB\n"
	"Node %d Bounce:                0 kB\n"
	"Node %d WritebackTmp:          0 kB\n"
	"Node %d KReclaimable:      10232 kB\n"
	"Node %d Slab:              36888 kB\n"
	"Node %d SReclaimable:      10232 kB\n"
	"Node %d SUnreclaim:        26656 kB\n"
	"Node %d AnonHugePages:         0 kB\n"
	"Node %d ShmemHugePages:        0 kB\n"
	"Node %d ShmemPmdMapped:        0 kB\n"
	"Node %d FileHugePages:         0 kB\n"
	"Node %d FilePmdMapped:         0 kB\n"
	"Node %d Unaccepted:            0 kB\n"
	"Node %d HugePages_Total:     0\n"
	"Node %d HugePages_Free:      0\n"
	"Node %d HugePages_Surp:      0\n";

/* the keys of a 6.12 nodeN/vmstat, in order; the values do not matter */
static const char *const node_vmstat_keys[] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon",
	"nr_isolated_file", "workingset_nodes", "workingset_refault_anon",
	"workingset_refault_file", "workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
	"nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped",
	"nr_file_hugepages", "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
	"nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages",
	"nr_sec_page_table_pages", "nr_iommu_pages", "nr_swapcached", "pgpromote_success",
	"pgpromote_candidate", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
	"pgsteal_proactive_node", "pgscan_proactive_node", "nr_hugetlb",
};

/* the keys of /proc/vmstat that lrugen reads, among others it skips */
static const char *const vmstat_keys[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
	"nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
	"nr_bounce", "nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
	"numa_interleave", "numa_local", "numa_other", "nr_inactive_anon", "nr_active_anon",
	"nr_inactive_file", "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
	"nr_slab_unreclaimable", "workingset_refault_anon", "workingset_refault_file",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback", "nr_shmem",
	"pgpgin", "pgpgout", "pswpin", "pswpout", "pgalloc_dma", "pgalloc_dma32",
	"pgalloc_normal", "pgalloc_movable", "pgfree", "pgactivate", "pgdeactivate",
	"pglazyfree", "pgfault", "pgmajfault", "pglazyfreed", "pgrefill", "pgreuse",
	"pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive",
	"pgdemote_kswapd", "pgdemote_direct", "pgscan_kswapd", "pgscan_direct",
	"pgscan_khugepaged", "pgscan_proactive", "pgscan_direct_throttle", "pgscan_anon",
	"pgscan_file", "pgsteal_anon", "pgsteal_file", "zone_reclaim_failed", "pginodesteal",
	"slabs_scanned", "kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated", "drop_pagecache",
	"drop_slab", "oom_kill", "numa_pte_updates", "pgmigrate_success", "pgmigrate_fail",
	"compact_stall", "compact_fail", "compact_success", "thp_fault_alloc", "swap_ra",
	"swap_ra_hit", "ksm_swpin_copy", "direct_map_level2_splits", "nr_unstable",
};

static void put_kv(struct b_tree *t, const char *rel, const char *const *keys, size_t nr)
{
	char text[8192];
	size_t i, len = 0;

	for (i = 0; i < nr && len < sizeof(text) - 64; i++)
		len += snprintf(text + len, sizeof(text) - len, "%s %zu\n", keys[i], 1000 + i * 37);
	put_text(t, rel, text);
}

static void make_tree(struct b_tree *t)
{
	char rel[128], text[4096];
	int nid, i;
	size_t len;

	mkdirs(t, "/sys/kernel/debug");
	mkdirs(t, "/sys/kernel/mm/lru_gen");
	mkdirs(t, "/proc/pressure");
	mkdirs(t, "/proc/51");
	put_text(t, "/sys/kernel/mm/lru_gen/enabled", "0x0007\n");
	put_text(t, "/sys/kernel/mm/lru_gen/min_ttl_ms", "0\n");
	for (nid = 0; nid < NR_NODES; nid++) {
		snprintf(rel, sizeof(rel), "/sys/devices/system/node/node%d", nid);
		mkdirs(t, rel);
		len = 0;
		/* node_meminfo has one %d per line */
		for (i = 0; node_meminfo[i]; i++) {
			if (node_meminfo[i] == '%' && node_meminfo[i + 1] == 'd') {
				len += snprintf(text + len, sizeof(text) - len, "%d", nid);
				i++;
			} else if (len < sizeof(text) - 1) {
				text[len++] = node_meminfo[i];
			}
		}
		text[len] = 0;
		snprintf(rel, sizeof(rel), "/sys/devices/system/node/node%d/meminfo", nid);
		put_text(t, rel, text);
		snprintf(rel, sizeof(rel), "/sys/devices/system/node/node%d/vmstat", nid);
		put_kv(t, rel, node_vmstat_keys, ARRAY_SIZE(node_vmstat_keys));
	}
	snprintf(text, sizeof(text), "0-%d\n", NR_NODES - 1);
	put_text(t, "/sys/devices/system/node/has_memory", text);
	put_text(t, "/proc/meminfo", "MemTotal:        2032064 kB\nMemFree:         1355640 kB\n"
		 "MemAvailable:    1601172 kB\nBuffers:            2712 kB\nCached:           140120 kB\n"
		 "SwapCached:            0 kB\nSwapTotal:       3145724 kB\nSwapFree:        3145724 kB\n");
	put_kv(t, "/proc/vmstat", vmstat_keys, ARRAY_SIZE(vmstat_keys));
	put_text(t, "/proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
		 "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	/* kswapd0, so that each refresh reads its CPU time as the real one does */
	put_text(t, "/proc/51/comm", "kswapd0\n");
	put_text(t, "/proc/51/stat",
		 "51 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 0 25 0 0 20 0 1 0 12 0 0\n");
}

static void remove_tree(const char *root)
{
	static const char *const files[] = {
		"/sys/kernel/debug/lru_gen_full", "/sys/kernel/mm/lru_gen/enabled",
		"/sys/kernel/mm/lru_gen/min_ttl_ms", "/sys/devices/system/node/has_memory",
		"/sys/devices/system/node/node0/meminfo", "/sys/devices/system/node/node0/vmstat",
		"/sys/devices/system/node/node1/meminfo", "/sys/devices/system/node/node1/vmstat",
		"/proc/meminfo", "/proc/vmstat", "/proc/pressure/memory", "/proc/51/comm",
		"/proc/51/stat",
	};
	static const char *const dirs[] = {
		"/sys/kernel/debug", "/sys/kernel/mm/lru_gen", "/sys/kernel/mm", "/sys/kernel",
		"/sys/devices/system/node/node0", "/sys/devices/system/node/node1",
		"/sys/devices/system/node", "/sys/devices/system", "/sys/devices", "/sys",
		"/proc/pressure", "/proc/51", "/proc", "",
	};
	char path[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s%s", root, files[i]);
		unlink(path);
	}
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		rmdir(path);
	}
}

/* ---- timing ---- */

/*
 * CPU time, user and system, of this thread: what a share of a core counts,
 * and not the time other tasks of a busy host take from it
 */
static double ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double minimum(const double *v, size_t n)
{
	double m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static int discard(void *ctx, const char *buf, size_t len)
{
	(void)buf;
	*(size_t *)ctx += len;
	return 0;
}

/* a read(2) of the whole file in 256 KiB pieces, as the snapshot source reads */
static double time_read(const struct b_tree *t, char *chunk, size_t size)
{
	char path[512];
	double t0 = ms_now();
	int fd;

	snprintf(path, sizeof(path), "%s/sys/kernel/debug/lru_gen_full", t->root);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open", path);
	while (read_retry(fd, chunk, size) > 0)
		;
	close(fd);
	return ms_now() - t0;
}

enum { CASE_IDLE, CASE_CHANGING, CASE_KEYFRAME };

static const char *const case_names[] = {
	[CASE_IDLE] = "idle",
	[CASE_CHANGING] = "changing",
	[CASE_KEYFRAME] = "keyframes",
};

struct b_opts {
	int snapshots;
	int change_pct;
};

static void run_case(struct b_tree *t, size_t nr_lruvecs, int kind, const struct b_opts *o)
{
	double *rd = calloc(o->snapshots, sizeof(double)), *ref = calloc(o->snapshots, sizeof(double));
	double *wr = calloc(o->snapshots, sizeof(double)), *tot = calloc(o->snapshots, sizeof(double));
	double *sent = calloc(o->snapshots, sizeof(double)), *kib = calloc(o->snapshots, sizeof(double));
	static char chunk[256 << 10];
	struct rec_writer *w;
	struct session s;
	size_t m;
	int n;

	if (!rd || !ref || !wr || !tot || !sent || !kib) {
		fprintf(stderr, "bench-record: out of memory\n");
		exit(1);
	}
	t->nr_memcgs = nr_lruvecs / NR_NODES;
	t->lv = calloc(t->nr_memcgs * NR_NODES, sizeof(*t->lv));
	if (!t->lv) {
		fprintf(stderr, "bench-record: out of memory for %zu lruvecs\n", nr_lruvecs);
		exit(1);
	}
	t->rng = 0x9e3779b97f4a7c15ULL;
	t->now_ms = START_MS;
	for (m = 0; m < t->nr_memcgs * NR_NODES; m++)
		init_lruvec(t, &t->lv[m], m / NR_NODES);
	gen_file(t);
	if (session_open(&s, false)) {
		fprintf(stderr, "bench-record: the snapshot source does not open on %s: %s\n", t->root,
			s.error);
		exit(1);
	}
	/* as lrugen record at -d 1: a keyframe a minute, or every snapshot */
	w = rec_writer_new(kind == CASE_KEYFRAME ? 1 : 60);
	if (!w) {
		fprintf(stderr, "bench-record: out of memory\n");
		exit(1);
	}
	/*
	 * The first two snapshots are not counted: the model and the writer
	 * each keep two sets that take turns, and the first use of each
	 * grows it and faults its pages in.
	 */
	for (n = -WARMUP; n < o->snapshots; n++) {
		struct rec_writer_stats st;
		size_t bytes = 0;
		double t0, t1, t2;
		int ret;

		if (n >= 0) {
			t->now_ms += INTERVAL_MS;
			if (kind == CASE_CHANGING)
				for (m = 0; m < t->nr_memcgs * NR_NODES; m++)
					if (rnd(t) % 100 < (uint64_t)o->change_pct)
						change_lruvec(t, &t->lv[m]);
			gen_file(t);
			rd[n] = time_read(t, chunk, sizeof(chunk));
		}
		t0 = ms_now();
		ret = session_refresh(&s);
		t1 = ms_now();
		if (ret) {
			fprintf(stderr, "bench-record: the refresh failed: %s%s\n", s.error, s.warning);
			exit(1);
		}
		if (s.model.nr_lruvecs != nr_lruvecs) {
			fprintf(stderr, "bench-record: %zu lruvecs parsed from %zu written\n",
				s.model.nr_lruvecs, nr_lruvecs);
			exit(1);
		}
		/* the virtual clock the ages were written at, as the real ages follow CLOCK_MONOTONIC */
		ret = rec_write_snapshot(w, &s.model, t->now_ms, discard, &bytes);
		t2 = ms_now();
		if (ret) {
			fprintf(stderr, "bench-record: rec_write_snapshot: %s\n", strerror(-ret));
			exit(1);
		}
		if (n < 0)
			continue;
		rec_writer_stats(w, &st);
		ref[n] = t1 - t0;
		wr[n] = t2 - t1;
		tot[n] = t2 - t0;
		sent[n] = st.last_sent;
		kib[n] = bytes / 1024.0;
	}
	printf("%7zu  %-9s %7.1f  %5.2f %5.2f  %6.2f %6.2f  %6.2f %6.2f  %6.2f %6.2f  %7.2f %7.0f %8.1f\n",
	       nr_lruvecs, case_names[kind], t->text.len / 1048576.0,
	       minimum(rd, o->snapshots), median(rd, o->snapshots),
	       minimum(ref, o->snapshots), median(ref, o->snapshots),
	       minimum(wr, o->snapshots), median(wr, o->snapshots),
	       minimum(tot, o->snapshots), median(tot, o->snapshots),
	       median(tot, o->snapshots) - median(rd, o->snapshots),
	       median(sent, o->snapshots), median(kib, o->snapshots));
	fflush(stdout);
	rec_writer_free(w);
	session_close(&s);
	free(t->lv);
	t->lv = NULL;
	free(rd);
	free(ref);
	free(wr);
	free(tot);
	free(sent);
	free(kib);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench-record [-n SNAPSHOTS] [-c CHANGE_PERCENT] [LRUVECS...]\n"
		"  times lrugen record's own work per snapshot (read, parse, model, write) on a\n"
		"  generated tree; LRUVECS default to 1000 20000, SNAPSHOTS to 20, CHANGE_PERCENT\n"
		"  (the lruvecs that change in each snapshot of the changing case) to 30\n");
}

static void host_cpu(char *buf, size_t size)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, size, "unknown CPU");
	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c) {
			c[strcspn(c, "\n")] = 0;
			snprintf(buf, size, "%s", c + 2);
			break;
		}
	}
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	struct b_opts o = { .snapshots = 20, .change_pct = 30 };
	static const size_t sizes[] = { 1000, 20000 };
	const char *tmp = getenv("TMPDIR");
	struct b_tree t;
	char cpu[128];
	int c, i, k;

	while ((c = getopt(argc, argv, "n:c:h")) != -1) {
		switch (c) {
		case 'n':
			o.snapshots = atoi(optarg);
			break;
		case 'c':
			o.change_pct = atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (o.snapshots < 1 || o.change_pct < 0 || o.change_pct > 100) {
		fprintf(stderr, "bench-record: -n takes 1 or more snapshots, -c a percentage from 0 to 100\n");
		return 2;
	}
	for (i = optind; i < argc; i++) {
		char *end;
		long v = strtol(argv[i], &end, 10);

		if (*end || v < NR_NODES || v > 200000) {
			fprintf(stderr, "bench-record: %s: give lruvec counts from %d to 200000\n",
				argv[i], NR_NODES);
			return 2;
		}
	}
	memset(&t, 0, sizeof(t));
	snprintf(t.root, sizeof(t.root), "%s/lrugen-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t.root))
		die("cannot create a directory like", t.root);
	make_tree(&t);
	lrugen_root = t.root;
	host_cpu(cpu, sizeof(cpu));
	printf("bench-record: lrugen record's own work per snapshot at -d 1, on a generated tree\n");
	printf("host: %s, %ld CPUs; %d snapshots per case after %d not counted; %d%% of lruvecs\n"
	       "change in each snapshot of the changing case; CPU ms, min and median\n",
	       cpu, sysconf(_SC_NPROCESSORS_ONLN), o.snapshots, WARMUP, o.change_pct);
	printf("%7s  %-9s %7s  %11s  %13s  %13s  %13s  %7s %7s %8s\n", "lruvecs", "case", "MiB",
	       "read(2)", "refresh", "write", "total", "own", "sent", "KiB");
	for (i = optind; i < argc || (optind == argc && i - optind < (int)ARRAY_SIZE(sizes)); i++) {
		size_t nr = optind < argc ? (size_t)atol(argv[i]) : sizes[i - optind];

		nr -= nr % NR_NODES;
		for (k = CASE_IDLE; k <= CASE_KEYFRAME; k++)
			run_case(&t, nr, k, &o);
	}
	printf("read(2): the file from the page cache alone; refresh: read, parse, model commit and\n"
	       "rates, node and global counters (session_refresh); write: rec_write_snapshot into an\n"
	       "emit that discards; own: total less read(2), lrugen's user-space part; at -d 1 it is\n"
	       "own / 10 %% of a core. The kernel's formatting of lru_gen_full and the marker writes\n"
	       "come on top. sent: lruvecs in the snapshot; KiB: its markers.\n");
	buf_free(&t.text);
	remove_tree(t.root);
	return 0;
}
