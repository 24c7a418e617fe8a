#!/usr/bin/env bash
# suites: guest
# swappiness=0 leaves anonymous memory alone; swappiness=max leaves the page
# cache alone. With zram swap, MGLRU on and off.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
hog=
trap 'lru_gen_restore; [ -n "$hog" ] && kill $hog; rm -f $LRUGEN_SCRATCH/swp' EXIT

for mode in y n; do
	switch_lru_gen $mode
	drop_caches
	hog_start 0 250M
	fill_cache 0 "$LRUGEN_SCRATCH/swp" 250
	a0=$(node_anon_mb 0)
	f0=$(node_file_mb 0)
	expect_at_least "anon on node0 after memhog" "$a0" 240

	r=$(reclaim 0 "150M swappiness=0")
	a1=$(node_anon_mb 0)
	f1=$(node_file_mb 0)
	info "lru_gen=$mode swappiness=0 ($r): anon $a0 -> $a1 MiB, file $f0 -> $f1 MiB"
	expect_eq "swappiness=0 request" "$r" ok
	expect_near "anon MiB after swappiness=0" "$a1" "$a0" 4
	expect_at_least "file MiB reclaimed by swappiness=0" $((f0 - f1)) 130

	fill_cache 0 "$LRUGEN_SCRATCH/swp" 250
	f1=$(node_file_mb 0)
	r=$(reclaim 0 "150M swappiness=max")
	a2=$(node_anon_mb 0)
	f2=$(node_file_mb 0)
	info "lru_gen=$mode swappiness=max ($r): anon $a1 -> $a2 MiB, file $f1 -> $f2 MiB"
	expect_eq "swappiness=max request" "$r" ok
	expect_near "file MiB after swappiness=max" "$f2" "$f1" 4
	expect_at_least "anon MiB reclaimed by swappiness=max" $((a1 - a2)) 130
	kill "$hog"
	wait "$hog" 2>/dev/null
	hog=
done
pass
