/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter's figures: a sample of the model turned into Prometheus
 * series (per node, and per node x memcg for the largest memcgs of each
 * node, the rest summed as memcg="other"), with the counters the exporter
 * keeps itself, and their exposition text, Prometheus 0.0.4 or
 * OpenMetrics 1.0; and lrugen autoreclaim's decisions, from its state
 * file. Nothing here serves or writes anything; only
 * metrics_read_refaults() (cgroupfs) and metrics_read_autoreclaim() (the
 * state file, procfs) read files, under lrugen_root.
 * Documentation/guide/exporter.rst describes every metric.
 */
#ifndef LRUGEN_METRICS_H
#define LRUGEN_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "arstate.h"
#include "model.h"
#include "util.h"

/* the upper bounds of the age buckets, in seconds; the last is +Inf */
#define METRICS_NR_AGES 9
extern const uint64_t metrics_age_le_s[METRICS_NR_AGES - 1];

/* what memcg="other" is called: no memcg path starts without a '/' */
#define METRICS_OTHER "other"

enum metrics_format {
	METRICS_PROMETHEUS,	/* text/plain; version=0.0.4 */
	METRICS_OPENMETRICS,	/* application/openmetrics-text; version=1.0.0 */
};

/**
 * struct metrics_opts - what the exporter was asked for
 * @window_ms: the working-set window (-w)
 * @top: per-memcg series for this many memcgs of each node, the largest;
 *       0 for every memcg (--top)
 * @page_size: bytes per page
 * @ticks_per_s: clock ticks per second, for kswapd's CPU time
 * @events: the counters made of events (evictions, proactive requests)
 *          are exported
 */
struct metrics_opts {
	uint64_t window_ms;
	long top;
	long page_size;
	long ticks_per_s;
	bool events;
};

/**
 * struct metrics_row - the series of one node x memcg label, at one sample
 * @memcg: the memcg label: a path, or METRICS_OTHER
 * @nid: node
 * @nr_lruvecs: lruvecs summed into this row (1 unless @memcg is "other")
 * @lru_pages: per type, pages on the LRU
 * @age_pages: per type, pages last accessed at most metrics_age_le_s[i]
 *             seconds ago (estimated; the last is every page)
 * @ws_pages: per type, the working set for the window (estimated)
 * @cold_pages: per type, the pages older than the window (estimated)
 * @uncertain_pages: per type, the pages of the bins the window's edge
 *                   falls in: the estimate's resolution
 * @oldest_ms: the age of the oldest generation that holds pages; for
 *             "other", the largest of its lruvecs'
 * @refault: per type, refaults of this memcg's own pages on the node
 *           (not its descendants'), a counter the exporter keeps
 * @evicted: per type, pages evicted (lru_gen_evict), likewise
 * @has_wss: the working-set figures are known (wss_estimate() worked)
 * @has_refault: @refault is known (memory.numa_stat was read)
 */
struct metrics_row {
	const char *memcg;
	int nid;
	uint32_t nr_lruvecs;
	uint64_t lru_pages[LRUGEN_NR_TYPES];
	uint64_t age_pages[LRUGEN_NR_TYPES][METRICS_NR_AGES];
	uint64_t ws_pages[LRUGEN_NR_TYPES];
	uint64_t cold_pages[LRUGEN_NR_TYPES];
	uint64_t uncertain_pages[LRUGEN_NR_TYPES];
	uint64_t oldest_ms;
	uint64_t refault[LRUGEN_NR_TYPES];
	uint64_t evicted[LRUGEN_NR_TYPES];
	bool has_wss;
	bool has_refault;
};

/**
 * struct metrics_proactive - proactive reclaim requests of one node x memcg
 * @memcg: the memcg label: the path of the memcg reclaimed from ("/" for
 *         a request without one), or METRICS_OTHER
 * @nid: node; -1 for memory.reclaim's requests, which span every node
 * @requests: requests that ended
 * @failed: those of them that returned an error
 * @requested: pages asked for
 * @reclaimed: pages reclaimed
 */
struct metrics_proactive {
	const char *memcg;
	int nid;
	uint64_t requests;
	uint64_t failed;
	uint64_t requested;
	uint64_t reclaimed;
};

struct metrics_entry;

/* back-off reasons, as the decision log's reason field names them */
enum metrics_ar_reason { METRICS_AR_PROMOTION, METRICS_AR_PSI, METRICS_AR_NR_REASONS };

/**
 * struct metrics_ar_row - the autoreclaim series of one node x memcg label
 * @memcg: the memcg label: the watched memcg's path, or METRICS_OTHER
 * @nid: node
 * @lv: the lruvec's record; for "other", its counters are the sum of its
 *      members' (since the controller started), @lv.cold and @lv.ws the
 *      sum of theirs, the ratios and @lv.backoff_left_ms the largest,
 *      and @lv.state is not used
 */
struct metrics_ar_row {
	const char *memcg;
	int nid;
	struct arstate_lruvec lv;
};

/**
 * struct metrics_ar_seen - the last counters of one lruvec summed into
 * "other", so that "other" never goes back while one controller runs
 * @nid: node
 * @memcg_id: the memcg
 * @c: requests, requested, reclaimed, backoffs_promotion, backoffs_psi
 */
struct metrics_ar_seen {
	int nid;
	uint64_t memcg_id;
	uint64_t c[5];
};

/**
 * struct metrics_ar - what lrugen autoreclaim's state file said
 * @up: a running controller's file was read; nothing else is set without
 * @pid: its pid
 * @age_ms: the target age
 * @period_ms: time between decisions
 * @dry_run: -n
 * @max_promotion_pct: --max-promotion
 * @max_psi_pct: --max-psi
 * @start_s: when the controller started, seconds since the epoch; 0
 *           when not known
 * @written_s: when it wrote the file (its mtime), likewise
 * @nr_state: per node and state, the lruvecs watched in that state
 * @rows: per node, the first --top watched memcgs by id, then "other"
 * @nr_rows: rows in @rows
 * @rows_cap: rows allocated
 * @seen: the lruvecs "other" has summed since the controller started
 * @nr_seen: entries in @seen
 * @seen_cap: entries allocated
 */
struct metrics_ar {
	bool up;
	pid_t pid;
	uint64_t age_ms;
	uint64_t period_ms;
	bool dry_run;
	double max_promotion_pct;
	double max_psi_pct;
	double start_s;
	double written_s;
	uint32_t nr_state[LRUGEN_MAX_NODES][AR_NR_STATES];
	struct metrics_ar_row *rows;
	size_t nr_rows, rows_cap;
	struct metrics_ar_seen *seen;
	size_t nr_seen, seen_cap;
};

/**
 * struct metrics - the exporter's state: its counters and the last sample
 * @opts: what it was asked for
 * @rows: the last sample's rows, node by node, each node's "other" last
 * @nr_rows: rows in @rows
 * @rows_cap: rows allocated
 * @pro: the proactive reclaim rows, node by node (-1 first)
 * @nr_pro: rows in @pro
 * @pro_cap: rows allocated
 * @nodes: the last sample's nodes
 * @nr_nodes: the highest present node id + 1
 * @memcgs: per node, the lruvecs of the last sample
 * @names: the memcg labels of the last sample, each ended by a NUL
 * @entries: per lruvec (memcg id x node, node -1 for memory.reclaim), the
 *           counters the exporter keeps, an open hash table
 * @nr_entries: entries in use
 * @entries_cap: slots in @entries, a power of two
 * @other_refault: per node and type, the refaults summed into "other"
 * @other_evicted: per node and type, the evictions summed into "other"
 * @other_pro: per node + 1 (0 for memory.reclaim's -1), the proactive
 *             requests summed into "other"
 * @samples: samples taken
 * @events_seen: events applied (metrics_event())
 * @events_lost: events the ring buffer lost, as the event source says
 * @events_live: the counters made of events are being kept
 * @wss_error: the last error of wss_estimate(), 0 when it worked
 * @sample_s: how long the last sample took, in seconds (the caller's)
 * @sampled_at: when it was taken, in seconds since the epoch (the caller's)
 * @ar: lrugen autoreclaim's decisions (metrics_autoreclaim())
 * @ar_names: the memcg labels of @ar's rows, each ended by a NUL
 */
struct metrics {
	struct metrics_opts opts;
	struct metrics_row *rows;
	size_t nr_rows, rows_cap;
	struct metrics_proactive *pro;
	size_t nr_pro, pro_cap;
	struct lrugen_node nodes[LRUGEN_MAX_NODES];
	int nr_nodes;
	size_t memcgs[LRUGEN_MAX_NODES];
	struct buf names;
	struct metrics_entry *entries;
	size_t nr_entries, entries_cap;
	uint64_t other_refault[LRUGEN_MAX_NODES][LRUGEN_NR_TYPES];
	uint64_t other_evicted[LRUGEN_MAX_NODES][LRUGEN_NR_TYPES];
	struct metrics_proactive other_pro[LRUGEN_MAX_NODES + 1];
	uint64_t samples;
	uint64_t events_seen;
	uint64_t events_lost;
	bool events_live;
	int wss_error;
	double sample_s;
	double sampled_at;
	struct metrics_ar ar;
	struct buf ar_names;
};

/**
 * struct metrics_refaults - memory.numa_stat's refaults of every memcg
 * @nr: memcgs
 * @path: per memcg, its path (pointing into the model)
 * @hier: per memcg, node and type, workingset_refault_* of the memcg and
 *        its descendants, as cgroup v2 counts them
 * @has: per memcg, the file was read
 */
struct metrics_refaults {
	size_t nr;
	const char **path;
	uint64_t (*hier)[LRUGEN_MAX_NODES][LRUGEN_NR_TYPES];
	bool *has;
};

void metrics_init(struct metrics *mx, const struct metrics_opts *opts);
void metrics_free(struct metrics *mx);
int metrics_event(struct metrics *mx, const struct lrugen_event *ev);
int metrics_sample(struct metrics *mx, struct lrugen_model *m,
		   const struct metrics_refaults *rf);
int metrics_format(const struct metrics *mx, enum metrics_format fmt, struct buf *out);
const char *metrics_content_type(enum metrics_format fmt);
enum metrics_format metrics_negotiate(const char *accept);
int metrics_label_value(struct buf *out, const char *s);

int metrics_parse_numa_stat(const char *buf, const char *key, uint64_t *per_node, int nr_nodes);
int metrics_read_refaults(const struct lrugen_model *m, struct metrics_refaults *rf);
void metrics_refaults_free(struct metrics_refaults *rf);

int metrics_autoreclaim(struct metrics *mx, const struct arstate *st, double start_s,
			double written_s);
int metrics_read_autoreclaim(const char *path, struct arstate *st, double *start_s,
			     double *written_s, long ticks_per_s, char *err, size_t errlen);

#endif
