/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model every data source fills and every view draws: nodes, lruvecs
 * (one per memcg x node) with their generations, and a log of the latest
 * lru_gen events. Nothing here touches the kernel or the terminal.
 */
#ifndef LRUGEN_MODEL_H
#define LRUGEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LRUGEN_MAX_GENS		4	/* MAX_NR_GENS in 6.12 */
#define LRUGEN_MAX_TIERS	4	/* MAX_NR_TIERS in 6.12 */
#define LRUGEN_MAX_NODES	64
#define LRUGEN_LOG_LEN		256	/* events kept for the event pane */
#define LRUGEN_BIRTH_WINDOW_S	60	/* births per minute are taken over this */

enum { LRUGEN_ANON, LRUGEN_FILE, LRUGEN_NR_TYPES };

/* A rate that cannot be known yet (first sample, or no event source). */
#define LRUGEN_RATE_UNKNOWN	(-1.0)

struct lrugen_tier_stats {
	uint64_t refaulted;
	uint64_t evicted;
	uint64_t protected;
};

struct lrugen_gen {
	uint64_t seq;
	uint64_t age_ms;
	uint64_t pages[LRUGEN_NR_TYPES];
	/* the lruvec's tier[type] belongs to this gen ("rep" in the file) */
	bool has_tiers[LRUGEN_NR_TYPES];
	bool evicted[LRUGEN_NR_TYPES];	/* marked 'x': below min_seq */
};

struct lrugen_lruvec {
	char *path;			/* memcg path, "/" for the root */
	size_t path_off;		/* while parsing: where in the set's names */
	uint32_t path_hash;
	uint64_t max_seq;
	uint64_t min_seq[LRUGEN_NR_TYPES];
	uint64_t memcg_id;		/* cgroup id: its directory's inode */
	int nid;
	int nr_gens;
	/* gens[0] is the oldest shown, gens[nr_gens - 1] holds max_seq */
	struct lrugen_gen gens[LRUGEN_MAX_GENS];
	/*
	 * Per-tier counters of each type. The kernel shows them ("rep") for
	 * one gen per type, the one at its min_seq; that gen has has_tiers
	 * set. Kept here, not per gen: 20,000 lruvecs take 9.6 MB, not 21.
	 */
	struct lrugen_tier_stats tier[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS];

	/* filled by the model from successive samples and from events */
	double births_per_min;
	double evict_per_s;		/* pages reclaimed per second */
	double scan_per_s;
	uint64_t ev_reclaimed;		/* event sums since the last sample */
	uint64_t ev_scanned;
	/* births are counted over a window of up to BIRTH_WINDOW_S */
	double win_start;
	uint64_t win_seq;
	int depth;			/* path depth, for the tree view */
	bool partial;			/* input ended or broke inside it */
};

struct lrugen_node {
	int nid;
	bool present;
	/* kB, from nodeN/meminfo */
	uint64_t mem_total;
	uint64_t mem_free;
	uint64_t anon;
	uint64_t file;
	/* cumulative counters, from nodeN/vmstat */
	uint64_t refault_anon;
	uint64_t refault_file;
	uint64_t pgsteal_proactive_node;
	uint64_t pgscan_proactive_node;
	/* kswapdN's utime + stime in clock ticks; pid 0 if not found */
	uint64_t kswapd_ticks;
	int kswapd_pid;

	/* rates, from the last two samples and from events */
	double kswapd_cpu;		/* percent of one CPU */
	double refault_anon_per_s;
	double refault_file_per_s;
	double scan_per_s;		/* from lru_gen_evict events */
	double steal_per_s;
	double proactive_per_s;		/* pages */
	uint64_t proactive_total;	/* pages freed since the tool started */
	uint64_t proactive_base;
	uint64_t ev_scanned;
	uint64_t ev_reclaimed;
};

struct lrugen_global {
	uint64_t swap_total;		/* kB */
	uint64_t swap_free;
	double psi_some_avg10;
	double psi_full_avg10;
	bool has_psi;
	unsigned int enabled;		/* /sys/kernel/mm/lru_gen/enabled */
	unsigned int min_ttl_ms;
	uint64_t pgscan;		/* /proc/vmstat, all reclaimers */
	uint64_t pgsteal;
	double scan_per_s;
	double steal_per_s;
};

enum lrugen_event_kind {
	LRUGEN_EV_BIRTH,
	LRUGEN_EV_RETIRE,
	LRUGEN_EV_EVICT,
	LRUGEN_EV_AGING,
	LRUGEN_EV_PROACTIVE,
	LRUGEN_EV_NR_KINDS,
};

struct lrugen_event {
	uint64_t ts_ns;
	uint64_t a, b, c;		/* meaning depends on kind, see model.c */
	int kind;
	int nid;
	uint64_t memcg_id;
	int arg;			/* type, reason, or ret */
	int arg2;			/* tier, swappiness */
	unsigned int count;		/* evictions merged into this one */
};

/*
 * The lruvecs of one sample and the storage of their paths. The model
 * keeps two, the current one and the one the next sample is read into, and
 * reuses both: in the steady state a refresh allocates nothing.
 */
struct lruvec_set {
	struct lrugen_lruvec *v;
	size_t nr, cap;
	char *names;			/* the paths, each ended by a NUL */
	size_t names_len, names_cap;
};

void lruvec_set_free(struct lruvec_set *s);

/* Chained hash of the current lruvecs, by identity; arrays reused. */
struct lruvec_index {
	uint32_t *head;			/* buckets: first index, or UINT32_MAX */
	uint32_t *next;			/* per lruvec: next in its bucket */
	size_t nr_buckets;		/* a power of two, 0 when empty */
	size_t cap;			/* entries next[] holds */
};

struct lrugen_model {
	struct lrugen_lruvec *lruvecs;	/* sets[cur].v */
	size_t nr_lruvecs;
	struct lruvec_set sets[2];
	int cur;
	struct lruvec_index by_ident;	/* memcg id, node and path: samples */
	struct lruvec_index by_id;	/* memcg id and node: events */
	unsigned char *matched;		/* per current lruvec, while merging */
	size_t matched_cap;
	size_t last_found;		/* model_find()'s last match */
	struct lrugen_node nodes[LRUGEN_MAX_NODES];
	int nr_nodes;			/* highest present nid + 1 */
	struct lrugen_global global;

	/* the event log is a ring: log[(log_head - 1) % LEN] is the newest */
	struct lrugen_event log[LRUGEN_LOG_LEN];
	size_t log_head;
	size_t log_count;
	uint64_t ev_count[LRUGEN_EV_NR_KINDS];
	uint64_t ev_lost;		/* dropped by the ring buffer */
	bool events_live;		/* a tracefs source feeds events */
	const char *notice;		/* shown by every view when set */

	double now;			/* seconds, CLOCK_MONOTONIC */
	double interval;		/* seconds since the previous sample */
	unsigned long samples;
};

void model_init(struct lrugen_model *m);
void model_free(struct lrugen_model *m);
void lruvecs_free(struct lrugen_lruvec *v, size_t nr);

/*
 * A sample of the lruvecs: parse it into model_next_set() and make it the
 * current one, taken at time @now, with model_commit(), which derives
 * rates against the previous sample. A failed parse commits nothing and
 * leaves the current set as it was.
 */
struct lruvec_set *model_next_set(struct lrugen_model *m);
void model_commit(struct lrugen_model *m, double now);

/* The same from an array of lruvecs_free() form; takes ownership of it. */
void model_set_lruvecs(struct lrugen_model *m, struct lrugen_lruvec *fresh,
		       size_t nr, double now);

/* Derive node and global rates from the counters of the previous sample. */
void model_update_rates(struct lrugen_model *m,
			const struct lrugen_node *prev_nodes,
			const struct lrugen_global *prev_global,
			double interval, long ticks_per_s);

struct lrugen_lruvec *model_find(struct lrugen_model *m, uint64_t memcg_id, int nid);
const struct lrugen_lruvec *model_find_path(const struct lrugen_model *m,
					    const char *path, int nid);

/* Event log: append, and walk from the newest (i = 0) backwards. */
void model_log_event(struct lrugen_model *m, const struct lrugen_event *ev);
const struct lrugen_event *model_log_get(const struct lrugen_model *m, size_t i);
int model_format_event(const struct lrugen_event *ev, char *buf, size_t size);

/* Sum of pages over all gens of one type. */
uint64_t lruvec_pages(const struct lrugen_lruvec *v, int type);
/* Age of the oldest generation that still holds pages of either type. */
uint64_t lruvec_oldest_ms(const struct lrugen_lruvec *v);

/* Rate of a counter: the delta over @dt, 0 if the counter went back. */
double counter_rate(uint64_t prev, uint64_t cur, double dt);

extern const char *const lrugen_reason_names[];
extern const int lrugen_nr_reasons;
extern const char *const lrugen_kind_names[];

#endif
