/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lrugen autoreclaim's state file: what the controller is doing to each
 * lruvec, for lrugen top and lrugen exporter to show. The controller
 * writes it after every period (to PATH.tmp, then renamed, so a reader
 * never sees half of it) and removes it when it exits; a reader ignores a
 * file whose writer is no longer running.
 *
 * The format is text, one record a line, fields "key=value" separated by
 * one space; a value has no space, '=' or '%': those bytes, and any byte
 * below 0x21 or above 0x7e, are written as %XX. Unknown keys are ignored
 * and a missing key takes its zero value, so that fields can be added; a
 * reader refuses a file whose first line names another format or a newer
 * version:
 *
 *   lrugen-autoreclaim version=1 pid=PID time_ms=MS age_ms=MS period_ms=MS
 *     dry_run=0|1 max_promotion_pct=F max_psi_pct=F
 *   lruvec node=N memcg_id=ID path=PATH state=STATE reason=WORD
 *     age_ms=MS cold=BYTES ws=BYTES promotion_pct=F psi_pct=F
 *     requests=N requested=BYTES reclaimed=BYTES
 *     backoffs_promotion=N backoffs_psi=N backoff_left_ms=MS
 *
 * (each record is one line; it is folded here). Documentation/guide/
 * autoreclaim.rst describes every field.
 */
#ifndef LRUGEN_ARSTATE_H
#define LRUGEN_ARSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define ARSTATE_VERSION		1
#define ARSTATE_DEFAULT_PATH	"/run/lrugen/autoreclaim.state"	/* under lrugen_root */
/* a reader's bounds: bytes on a line (a path escaped whole fits), records */
#define ARSTATE_LINE_MAX	16384
#define ARSTATE_MAX_LRUVECS	8192

/**
 * enum arstate_state - what the controller did to an lruvec last period
 * @AR_WAIT: nothing yet: the age bins do not resolve the target age
 * @AR_IDLE: nothing older than the target age to reclaim, or the memcg
 *           is at its --min-size
 * @AR_RECLAIM: asked for reclaim this period
 * @AR_DRY_RUN: would have asked (--dry-run)
 * @AR_BACKOFF: holding off: refaults or pressure passed their bound
 * @AR_GONE: the memcg was removed; it is no longer watched
 * @AR_ERROR: the last request failed (reason says how)
 * @AR_NR_STATES: the number of states, not one
 */
enum arstate_state {
	AR_WAIT,
	AR_IDLE,
	AR_RECLAIM,
	AR_DRY_RUN,
	AR_BACKOFF,
	AR_GONE,
	AR_ERROR,
	AR_NR_STATES
};

/**
 * struct arstate_lruvec - one "lruvec" record
 * @nid: the node
 * @memcg_id: the memcg's cgroup id
 * @path: the memcg's path from the cgroup2 root
 * @state: what was done last period
 * @reason: why, one word ("cold-above-target", "promotion-above-bound", ...)
 * @age_ms: the target age the last decision used
 * @cold: bytes older than the target age, of the types it may reclaim
 * @ws: bytes of the working set (younger than the target age)
 * @promotion_pct: the memcg's refaults over the last minute, in percent
 *                 of its working set
 * @psi_pct: share of the last period in which some task of the memcg
 *           stalled on memory, percent
 * @requests: reclaim requests written since the controller started
 * @requested: bytes asked for in them
 * @reclaimed: bytes they reclaimed
 * @backoffs_promotion: back-offs because of refaults
 * @backoffs_psi: back-offs because of pressure
 * @backoff_left_ms: time left in the current back-off, 0 when none
 */
struct arstate_lruvec {
	int nid;
	uint64_t memcg_id;
	char path[4096];
	enum arstate_state state;
	char reason[64];
	uint64_t age_ms;
	uint64_t cold;
	uint64_t ws;
	double promotion_pct;
	double psi_pct;
	uint64_t requests;
	uint64_t requested;
	uint64_t reclaimed;
	uint64_t backoffs_promotion;
	uint64_t backoffs_psi;
	uint64_t backoff_left_ms;
};

/**
 * struct arstate - the whole file
 * @pid: the controller's pid
 * @time_ms: CLOCK_MONOTONIC when it was written, ms
 * @age_ms: the target age (-a)
 * @period_ms: time between decisions (-d)
 * @dry_run: -n
 * @max_promotion_pct: --max-promotion
 * @max_psi_pct: --max-psi
 * @nr: records in @lruvecs
 * @lruvecs: one per memcg and node the controller watches
 */
struct arstate {
	pid_t pid;
	uint64_t time_ms;
	uint64_t age_ms;
	uint64_t period_ms;
	bool dry_run;
	double max_promotion_pct;
	double max_psi_pct;
	size_t nr;
	struct arstate_lruvec *lruvecs;
};

const char *arstate_name(enum arstate_state s);
int arstate_write(const char *path, const struct arstate *st);
int arstate_parse(FILE *f, struct arstate *st, char *err, size_t errlen);
int arstate_read(const char *path, struct arstate *st, char *err, size_t errlen);
bool arstate_alive(const struct arstate *st);
int arstate_load(const char *path, struct arstate *st, char *err, size_t errlen);
const struct arstate_lruvec *arstate_find(const struct arstate *st, int nid, uint64_t memcg_id);
void arstate_free(struct arstate *st);

#endif
