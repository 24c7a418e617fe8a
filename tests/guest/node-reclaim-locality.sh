#!/usr/bin/env bash
# suites: guest
# nodeN/reclaim reclaims page cache from node N and leaves the other node's
# alone, both ways round, with MGLRU on and off.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
trap 'lru_gen_restore; rm -f $LRUGEN_SCRATCH/loc0 $LRUGEN_SCRATCH/loc1' EXIT

for mode in y n; do
	switch_lru_gen $mode
	for target in 0 1; do
		other=$((1 - target))
		drop_caches
		fill_cache 0 "$LRUGEN_SCRATCH/loc0" 300
		fill_cache 1 "$LRUGEN_SCRATCH/loc1" 300
		t0=$(node_file_mb $target)
		o0=$(node_file_mb $other)
		expect_at_least "node$target page cache after filling it" "$t0" 280
		r=$(reclaim $target 200M)
		expect_eq "reclaiming 200M from node$target (lru_gen $mode)" "$r" ok
		t1=$(node_file_mb $target)
		o1=$(node_file_mb $other)
		info "lru_gen=$mode node$target: file $t0 -> $t1 MiB; node$other: $o0 -> $o1 MiB"
		expect_at_least "MiB of node$target page cache reclaimed (lru_gen $mode)" $((t0 - t1)) 180
		expect_near "node$other page cache (lru_gen $mode)" "$o1" "$o0" 16
	done
done
pass
