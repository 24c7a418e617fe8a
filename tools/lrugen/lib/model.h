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

/**
 * struct lrugen_tier_stats - the counters of one tier of one type
 * @refaulted: pages of the tier that were evicted and came back ('r')
 * @evicted: pages of the tier that were evicted ('e')
 * @protected: pages of the tier that eviction kept on the LRU ('p')
 *
 * As lru_gen_full prints them with the suffixes "rep", for the generation
 * at the type's min_seq.
 */
struct lrugen_tier_stats {
	uint64_t refaulted;
	uint64_t evicted;
	uint64_t protected;
};

/**
 * struct lrugen_gen - one generation of an lruvec
 * @seq: its sequence number
 * @age_ms: milliseconds since it was born
 * @pages: pages of each type (LRUGEN_ANON, LRUGEN_FILE) in it
 * @has_tiers: per type, whether &lrugen_lruvec.tier holds this generation's
 *             counters ("rep" in the file)
 * @evicted: per type, marked 'x' in the file: below the type's min_seq, so
 *           its pages of that type are no longer on the LRU
 */
struct lrugen_gen {
	uint64_t seq;
	uint64_t age_ms;
	uint64_t pages[LRUGEN_NR_TYPES];
	bool has_tiers[LRUGEN_NR_TYPES];
	bool evicted[LRUGEN_NR_TYPES];
};

/**
 * struct lrugen_lruvec - the LRU of one memcg on one node
 * @path: memcg path, "/" for the root (and for every lruvec of a kernel
 *        without memcg)
 * @path_off: while parsing, where @path starts in the set's names
 * @path_hash: path_hash() of @path, for the model's index
 * @max_seq: the youngest generation's sequence number
 * @min_seq: per type, the oldest generation still on the LRU (@max_seq
 *           when every one is marked 'x')
 * @memcg_id: cgroup id, the inode number of the memcg's directory; 0 for a
 *            removed memcg that still holds pages, and without memcg
 * @nid: node
 * @nr_gens: generations in @gens
 * @gens: the generations, oldest first; gens[nr_gens - 1] holds @max_seq
 * @tier: per type and tier, the counters that lru_gen_full shows for one
 *        generation per type, the one at its min_seq, which has has_tiers
 *        set. Kept here, not per generation: 20,000 lruvecs take 9.6 MB,
 *        not 21.
 * @births_per_min: generations born per minute, over a window of up to
 *                  LRUGEN_BIRTH_WINDOW_S; LRUGEN_RATE_UNKNOWN until the
 *                  lruvec has been in two samples
 * @evict_per_s: pages reclaimed per second, from lru_gen_evict events;
 *               LRUGEN_RATE_UNKNOWN without events or a previous sample
 * @scan_per_s: pages scanned per second, likewise
 * @ev_reclaimed: pages reclaimed by the lru_gen_evict events since this
 *                sample was taken; the next sample makes @evict_per_s of it
 * @ev_scanned: pages scanned by them; the next sample makes @scan_per_s
 * @win_start: when the births window began, in seconds on CLOCK_MONOTONIC
 * @win_seq: @max_seq when the births window began
 * @depth: how deep @path lies below the root, for the tree view
 * @partial: the input ended or broke inside this lruvec, so some of it may
 *           be missing
 *
 * The parser fills the fields up to @tier and @partial; the model fills
 * the rates from successive samples and from events.
 */
struct lrugen_lruvec {
	char *path;
	size_t path_off;
	uint32_t path_hash;
	uint64_t max_seq;
	uint64_t min_seq[LRUGEN_NR_TYPES];
	uint64_t memcg_id;
	int nid;
	int nr_gens;
	struct lrugen_gen gens[LRUGEN_MAX_GENS];
	struct lrugen_tier_stats tier[LRUGEN_NR_TYPES][LRUGEN_MAX_TIERS];

	double births_per_min;
	double evict_per_s;
	double scan_per_s;
	uint64_t ev_reclaimed;
	uint64_t ev_scanned;
	double win_start;
	uint64_t win_seq;
	int depth;
	bool partial;
};

/**
 * struct lrugen_node - one NUMA node: its memory, counters and rates
 * @nid: node id
 * @present: the node has memory (in /sys/devices/system/node/has_memory;
 *           node 0 alone when that cannot be read)
 * @mem_total: MemTotal in nodeN/meminfo, kB
 * @mem_free: MemFree, kB
 * @anon: Active(anon) + Inactive(anon), kB
 * @file: Active(file) + Inactive(file), kB
 * @refault_anon: workingset_refault_anon in nodeN/vmstat, cumulative
 * @refault_file: workingset_refault_file, cumulative
 * @pgsteal_proactive_node: pages proactive reclaim freed, cumulative
 * @pgscan_proactive_node: pages proactive reclaim scanned, cumulative
 * @kswapd_ticks: kswapdN's utime + stime, in clock ticks
 * @kswapd_pid: kswapdN's pid; 0 if it was not found
 * @kswapd_cpu: kswapdN's share of one CPU, in percent; LRUGEN_RATE_UNKNOWN
 *              while its pid is not known
 * @refault_anon_per_s: anon refaults per second
 * @refault_file_per_s: file refaults per second
 * @scan_per_s: pages scanned per second, from lru_gen_evict events
 * @steal_per_s: pages reclaimed per second, from lru_gen_evict events
 * @proactive_per_s: pages proactive reclaim freed per second
 * @proactive_total: pages proactive reclaim freed since the node's first sample
 * @proactive_base: @pgsteal_proactive_node at the node's first sample
 * @ev_scanned: pages scanned by lru_gen_evict events since the last sample
 * @ev_reclaimed: pages they reclaimed
 *
 * The snapshot source reads the counters, and model_update_rates()
 * derives the rates from two samples; a rate is LRUGEN_RATE_UNKNOWN until
 * there are two, and the event rates stay so without events.
 */
struct lrugen_node {
	int nid;
	bool present;
	uint64_t mem_total;
	uint64_t mem_free;
	uint64_t anon;
	uint64_t file;
	uint64_t refault_anon;
	uint64_t refault_file;
	uint64_t pgsteal_proactive_node;
	uint64_t pgscan_proactive_node;
	uint64_t kswapd_ticks;
	int kswapd_pid;

	double kswapd_cpu;
	double refault_anon_per_s;
	double refault_file_per_s;
	double scan_per_s;
	double steal_per_s;
	double proactive_per_s;
	uint64_t proactive_total;
	uint64_t proactive_base;
	uint64_t ev_scanned;
	uint64_t ev_reclaimed;
};

/**
 * struct lrugen_global - what is not per node: swap, pressure, settings
 * @swap_total: SwapTotal in /proc/meminfo, kB
 * @swap_free: SwapFree, kB
 * @psi_some_avg10: "some" avg10 in /proc/pressure/memory
 * @psi_full_avg10: "full" avg10; 0 on a kernel that has no "full" line
 * @has_psi: /proc/pressure/memory was read and parsed
 * @enabled: /sys/kernel/mm/lru_gen/enabled, a bitmask
 * @min_ttl_ms: /sys/kernel/mm/lru_gen/min_ttl_ms
 * @pgscan: pages scanned by every reclaimer (kswapd, direct, khugepaged,
 *          proactive), from /proc/vmstat, cumulative
 * @pgsteal: pages they reclaimed, cumulative
 * @scan_per_s: @pgscan per second; LRUGEN_RATE_UNKNOWN on the first sample
 * @steal_per_s: @pgsteal per second, likewise
 */
struct lrugen_global {
	uint64_t swap_total;
	uint64_t swap_free;
	double psi_some_avg10;
	double psi_full_avg10;
	bool has_psi;
	unsigned int enabled;
	unsigned int min_ttl_ms;
	uint64_t pgscan;
	uint64_t pgsteal;
	double scan_per_s;
	double steal_per_s;
};

/**
 * enum lrugen_event_kind - the events in the model's log
 * @LRUGEN_EV_BIRTH: lru_gen_birth: aging created a generation
 * @LRUGEN_EV_RETIRE: lru_gen_retire: a type's min_seq moved on
 * @LRUGEN_EV_EVICT: lru_gen_evict: one pass of eviction over a generation
 * @LRUGEN_EV_AGING: lru_gen_aging_end: a pass of aging ended
 * @LRUGEN_EV_PROACTIVE: mm_vmscan_proactive_reclaim_end: a proactive
 *                       reclaim request ended
 * @LRUGEN_EV_NR_KINDS: how many kinds there are
 */
enum lrugen_event_kind {
	LRUGEN_EV_BIRTH,
	LRUGEN_EV_RETIRE,
	LRUGEN_EV_EVICT,
	LRUGEN_EV_AGING,
	LRUGEN_EV_PROACTIVE,
	LRUGEN_EV_NR_KINDS,
};

/**
 * struct lrugen_event - one event, as the event pane shows it
 * @ts_ns: the trace timestamp, in nanoseconds
 * @a: the first field of its kind (below)
 * @b: the second
 * @c: the third
 * @kind: an &enum lrugen_event_kind
 * @nid: node
 * @memcg_id: cgroup id
 * @arg: the type, reason, new_gen or ret (below)
 * @arg2: the tier or swappiness (below)
 * @arg3: an eviction's swappiness; 0 for any other kind
 * @count: evictions merged into this entry; 1 for any other kind
 *
 * The fields hold, per kind, what the tracepoint calls:
 *
 *   birth      a=seq b=min_seq_anon c=min_seq_file arg=reason
 *   retire     a=old_seq b=new_seq c=age_ms arg=type
 *   evict      a=seq b=nr_scanned c=nr_reclaimed arg=type arg2=tier
 *              arg3=swappiness
 *   aging      a=max_seq b=nr_scanned c=nr_young arg=new_gen
 *   reclaim    a=nr_requested b=nr_reclaimed c=flags arg=ret arg2=swappiness
 */
struct lrugen_event {
	uint64_t ts_ns;
	uint64_t a, b, c;
	int kind;
	int nid;
	uint64_t memcg_id;
	int arg;
	int arg2;
	int arg3;
	unsigned int count;
};

/**
 * struct lruvec_set - the lruvecs of one sample and the storage of their paths
 * @v: the lruvecs, in the order of the file
 * @nr: lruvecs in @v
 * @cap: lruvecs @v has room for
 * @names: the paths, each ended by a NUL; each lruvec's path points here
 * @names_len: bytes of @names in use
 * @names_cap: bytes allocated at @names
 *
 * The model keeps two, the current one and the one the next sample is read
 * into, and reuses both: in the steady state a refresh allocates nothing.
 */
struct lruvec_set {
	struct lrugen_lruvec *v;
	size_t nr, cap;
	char *names;
	size_t names_len, names_cap;
};

void lruvec_set_free(struct lruvec_set *s);

/**
 * struct lruvec_index - a chained hash of the current lruvecs, arrays reused
 * @head: the buckets: the index of the first lruvec in each, or UINT32_MAX
 * @next: per lruvec, the index of the next one in its bucket, or UINT32_MAX
 * @nr_buckets: a power of two; 0 when the index is empty (lookups then
 *              scan the lruvecs)
 * @cap: entries @next has room for
 */
struct lruvec_index {
	uint32_t *head;
	uint32_t *next;
	size_t nr_buckets;
	size_t cap;
};

/**
 * struct lrugen_model - everything the views draw
 * @lruvecs: the current lruvecs, sets[cur].v
 * @nr_lruvecs: how many
 * @sets: the current set of lruvecs and the one the next sample goes into
 * @cur: which of @sets is current
 * @by_ident: index by memcg id, node and path, to match samples
 * @by_id: index by memcg id and node, to find an event's lruvec
 * @matched: per current lruvec, whether the sample being merged has taken it
 * @matched_cap: entries @matched has room for
 * @last_found: model_find()'s last match, tried first the next time
 * @nodes: per node id; only those with present set hold data
 * @nr_nodes: the highest present node id + 1
 * @global: what is not per node
 * @log: the latest events, a ring: log[(log_head - 1) % LRUGEN_LOG_LEN] is
 *       the newest
 * @log_head: where the next event goes
 * @log_count: events in @log
 * @ev_count: events seen, per &enum lrugen_event_kind
 * @ev_lost: events the ring buffer dropped
 * @events_live: a tracefs source feeds events
 * @counts_unknown: the source cannot know the counters: the global values
 *                  (lru_gen settings, swap, pgscan and pgsteal), the node
 *                  counters (meminfo, refaults, proactive reclaim) and the
 *                  rates made of them, and every lruvec's pages and ages.
 *                  Set by the replay of a recording without snapshots (plain
 *                  trace-cmd record, events only). Those fields then stay 0
 *                  and mean nothing: every view shows them as "-", and JSON
 *                  as null. The lruvecs themselves, their sequence numbers,
 *                  and the rates made of events are known.
 * @notice: shown by every view when set: why events are off or incomplete
 * @now: when the current sample was taken, in seconds on CLOCK_MONOTONIC
 * @read_s: how long reading lru_gen_full took for the current sample, in
 *          seconds: @now is when the read began, and the kernel prints
 *          each lruvec's ages when the read reaches it, so they are as of
 *          a moment up to @read_s after @now. 0 when not known (a replay
 *          of a recording that does not say)
 * @counters_at: when the node and global counters of the current sample
 *               were read, in seconds on the source's own clock: when its
 *               read of lru_gen_full ended, in whole ms as a recording
 *               keeps it (model_counters_at()); 0 when not known
 * @rates_counters_at: @counters_at of the sample the rates were last
 *                     taken at; model_update_rates() keeps it
 * @interval: seconds since the previous sample (0 for the first)
 * @samples: samples taken
 */
struct lrugen_model {
	struct lrugen_lruvec *lruvecs;
	size_t nr_lruvecs;
	struct lruvec_set sets[2];
	int cur;
	struct lruvec_index by_ident;
	struct lruvec_index by_id;
	unsigned char *matched;
	size_t matched_cap;
	size_t last_found;
	struct lrugen_node nodes[LRUGEN_MAX_NODES];
	int nr_nodes;
	struct lrugen_global global;

	struct lrugen_event log[LRUGEN_LOG_LEN];
	size_t log_head;
	size_t log_count;
	uint64_t ev_count[LRUGEN_EV_NR_KINDS];
	uint64_t ev_lost;
	bool events_live;
	bool counts_unknown;
	const char *notice;

	double now;
	double read_s;
	double counters_at;
	double rates_counters_at;
	double interval;
	unsigned long samples;
};

void model_init(struct lrugen_model *m);
void model_free(struct lrugen_model *m);
void lruvecs_free(struct lrugen_lruvec *v, size_t nr);

struct lruvec_set *model_next_set(struct lrugen_model *m);
void model_commit(struct lrugen_model *m, double now);
uint64_t model_read_ms(double read_s);
double model_counters_at(uint64_t mono_ms, uint64_t read_ms);
void model_set_lruvecs(struct lrugen_model *m, struct lrugen_lruvec *fresh,
		       size_t nr, double now);
void model_update_rates(struct lrugen_model *m,
			const struct lrugen_node *prev_nodes,
			const struct lrugen_global *prev_global,
			double interval, long ticks_per_s);

struct lrugen_lruvec *model_find(struct lrugen_model *m, uint64_t memcg_id, int nid);
const struct lrugen_lruvec *model_find_path(const struct lrugen_model *m,
					    const char *path, int nid);

void model_log_event(struct lrugen_model *m, const struct lrugen_event *ev);
const struct lrugen_event *model_log_get(const struct lrugen_model *m, size_t i);
int model_format_event(const struct lrugen_event *ev, char *buf, size_t size);

uint64_t lruvec_pages(const struct lrugen_lruvec *v, int type);
uint64_t lruvec_oldest_ms(const struct lrugen_lruvec *v);
double counter_rate(uint64_t prev, uint64_t cur, double dt);

/* names of enum lru_gen_reason (the kernel's), and of enum lrugen_event_kind */
extern const char *const lrugen_reason_names[];
extern const int lrugen_nr_reasons;
extern const char *const lrugen_kind_names[];

#endif
