/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording as Chrome/Perfetto trace-event JSON (lrugen export
 * --perfetto), in two steps: pf_collect() reads the file once (the
 * replay for the snapshots, its recording for the events with their
 * tasks) and pairs begin and end events into slices; pf_write() streams
 * the JSON.
 * Documentation/guide/perfetto.rst is the mapping.
 */
#ifndef LRUGEN_PERFETTO_H
#define LRUGEN_PERFETTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/**
 * struct pf_stats - what an export held and what it could not
 * @births: lru_gen_birth instants
 * @retires: lru_gen_retire instants
 * @evicts: lru_gen_evict events (an "evicted" counter event per lruvec
 *          and ts: those at one ts are summed into one)
 * @aging: aging walks (lru_gen_aging_begin/end slices)
 * @proactive: proactive requests (mm_vmscan_proactive_reclaim_* slices)
 * @kswapd: kswapd awake periods (mm_vmscan_kswapd_wake/sleep slices)
 * @direct: direct reclaims (mm_vmscan_direct_reclaim_* slices)
 * @node_reclaim: node reclaims (mm_vmscan_node_reclaim_* slices)
 * @cgroups: cgroup_mkdir and cgroup_rmdir instants
 * @lost: places where the ring buffer lost events (global instants)
 * @snapshots: snapshots exported as counters
 * @gen_counters: "gen N" counter events (snapshots x lruvecs x 4 slots,
 *                and 4 zeros for each lruvec that went away; fewer with
 *                PF_CHANGES_ONLY)
 * @lruvecs: lruvecs with a track
 * @closed: slices whose end the recording does not hold, closed at its end
 * @dropped: ends whose begin the recording does not hold, left out
 * @events: trace events written, metadata included
 * @plain: the recording has no lrugen snapshots (plain trace-cmd record)
 */
struct pf_stats {
	uint64_t births, retires, evicts;
	uint64_t aging, proactive, kswapd, direct, node_reclaim;
	uint64_t cgroups, lost;
	uint64_t snapshots, gen_counters, lruvecs;
	uint64_t closed, dropped;
	uint64_t events;
	bool plain;
};

struct pf_data;

/* pf_write()'s flags */
#define PF_CHANGES_ONLY	0x1	/* a generation counter only when it changed */

struct pf_data *pf_collect(const char *path, char *err, size_t errlen,
			   char *warn, size_t warnlen);
int pf_write(struct pf_data *d, FILE *out, unsigned int flags, struct pf_stats *st,
	     char *err, size_t errlen);
void pf_free(struct pf_data *d);
void pf_json_string(FILE *out, const char *s);

#endif
