#!/usr/bin/env bash
# suites: guest
# vm.laptop_mode does not defeat a plain request: with it set, "64M" to
# node0/reclaim still reclaims 64M of clean page cache, MGLRU on and off.
# (It failed with EAGAIN on MGLRU, whose whole-node reclaim does nothing
# without may_writepage, while flags=clean worked.)
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
vm=/proc/sys/vm
laptop=$(cat $vm/laptop_mode)
trap 'echo $laptop >$vm/laptop_mode; lru_gen_restore; rm -f $LRUGEN_SCRATCH/laptop' EXIT
echo 5 >$vm/laptop_mode

for mode in y n; do
	switch_lru_gen $mode
	drop_caches
	fill_cache 0 "$LRUGEN_SCRATCH/laptop" 200
	f0=$(node_file_mb 0)
	r=$(reclaim 0 "64M")
	f1=$(node_file_mb 0)
	info "laptop_mode=5 lru_gen=$mode: '64M' ($r), file $f0 -> $f1 MiB on node0"
	expect_eq "64M with laptop_mode, lru_gen=$mode" "$r" ok
	expect_at_least "MiB of page cache reclaimed, lru_gen=$mode" $((f0 - f1)) 60
done
pass
