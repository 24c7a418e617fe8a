#!/usr/bin/env bash
# suites: guest
# The syntax upstream 6.17 takes, "<size>" and "<size> swappiness=N|max",
# works the same on nodeN/reclaim, and memory.reclaim takes swappiness=max.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
hog=
trap '[ -n "$hog" ] && kill $hog; rm -f $LRUGEN_SCRATCH/up' EXIT

for req in 64M "64M swappiness=60" "64M swappiness=0" " 64M  swappiness=100 " 65536K 0x4000000; do
	drop_caches
	fill_cache 1 "$LRUGEN_SCRATCH/up" 100
	f0=$(node_file_mb 1)
	r=$(reclaim 1 "$req")
	f1=$(node_file_mb 1)
	expect_eq "'$req'" "$r" ok
	expect_at_least "MiB reclaimed by '$req'" $((f0 - f1)) 56
done
expect_eq "a zero-size request" "$(reclaim 1 0)" ok

hog_start 1 200M
fill_cache 1 "$LRUGEN_SCRATCH/up" 100
a0=$(node_anon_mb 1)
f0=$(node_file_mb 1)
r=$(writefile /sys/fs/cgroup/memory.reclaim "64M swappiness=max" | cut -d' ' -f1)
a1=$(node_anon_mb 1)
f1=$(node_file_mb 1)
info "memory.reclaim 64M swappiness=max ($r): anon $a0 -> $a1 MiB, file $f0 -> $f1 MiB"
expect_eq "memory.reclaim swappiness=max" "$r" ok
expect_near "file MiB after memory.reclaim swappiness=max" "$f1" "$f0" 4
pass
