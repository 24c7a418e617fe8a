#!/usr/bin/env bash
# suites: guest
# flags=clean evicts clean page cache only: no dirty page is reclaimed, and
# reclaim writes nothing and starts no writeback. Nor does it touch what is
# not page cache: MADV_FREE'd anonymous memory (on the file LRU) stays, and
# the slab shrinkers (dentries here; zswap's writes to swap) do not run.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
vm=/proc/sys/vm
saved=()
for k in dirty_ratio dirty_background_ratio dirty_expire_centisecs dirty_writeback_centisecs; do
	saved+=("$k=$(cat $vm/$k)")
done
restore() {
	local kv
	for kv in "${saved[@]}"; do echo "${kv#*=}" >"$vm/${kv%%=*}"; done
	rm -f "$LRUGEN_SCRATCH/clean" "$LRUGEN_SCRATCH/dirty"
	[ -n "$lazy" ] && { kill $lazy; wait $lazy; } 2>/dev/null
}
lazy=
trap restore EXIT
# Keep the flushers from writing the dirty file on their own.
echo 90 >$vm/dirty_ratio
echo 80 >$vm/dirty_background_ratio
echo 360000 >$vm/dirty_expire_centisecs
echo 0 >$vm/dirty_writeback_centisecs

drop_caches
fill_cache 0 "$LRUGEN_SCRATCH/clean" 200
onnode 0 dd if=/dev/zero of="$LRUGEN_SCRATCH/dirty" bs=1M count=120 status=none
d0=$(($(node_meminfo 0 Dirty) / 1024))
f0=$(node_file_mb 0)
w0=$(node_vmstat 0 nr_written)
v0=$(node_vmstat 0 nr_vmscan_write)
expect_at_least "dirty MiB on node0" "$d0" 110

r=$(reclaim 0 "300M flags=clean")
d1=$(($(node_meminfo 0 Dirty) / 1024))
f1=$(node_file_mb 0)
w1=$(node_vmstat 0 nr_written)
v1=$(node_vmstat 0 nr_vmscan_write)
info "flags=clean ($r): dirty $d0 -> $d1 MiB, file $f0 -> $f1 MiB, written +$((w1 - w0)), vmscan writes +$((v1 - v0))"
case $r in ok|EAGAIN) ;; *) fail "request: $r" ;; esac
expect_near "dirty MiB on node0" "$d1" "$d0" 1
expect_eq "pages written by reclaim" $((v1 - v0)) 0
expect_eq "pages written back on node0" $((w1 - w0)) 0
expect_at_least "clean MiB reclaimed" $((f0 - f1)) 150

# 64M of MADV_FREE'd anon and 30000 negative dentries made on node 0
log=$(mktemp /tmp/lazy.XXXXXX)
onnode 0 lazyfree 64 600 >"$log" 2>&1 &
lazy=$!
for _ in $(seq 1 600); do
	grep -q '^lazyfree: holding' "$log" && break
	kill -0 $lazy 2>/dev/null || fail "lazyfree exited early: $(cat "$log")"
	sleep 0.2
done
grep -q '^lazyfree: holding' "$log" || fail "lazyfree did not start: $(cat "$log")"
rm -f "$log"
# shellcheck disable=SC2016 # the inner bash's
onnode 0 bash -c 'for i in $(seq 30000); do [ -e "$0/neg-$i" ]; done' "$LRUGEN_SCRATCH"
lazy_kb() { awk '$1 == "LazyFree:" { print $2 }' /proc/$lazy/smaps_rollup; }
dentries() { awk '{ print $1 }' /proc/sys/fs/dentry-state; }
l0=$(lazy_kb)
n0=$(dentries)
r=$(reclaim 0 "2G flags=clean")
l1=$(lazy_kb)
n1=$(dentries)
info "flags=clean 2G ($r): MADV_FREE'd anon $((l0 / 1024)) -> $((l1 / 1024)) MiB, dentries $n0 -> $n1"
case $r in ok|EAGAIN) ;; *) fail "request: $r" ;; esac
expect_at_least "MADV_FREE'd KiB before" "$l0" $((60 * 1024))
expect_at_least "MADV_FREE'd KiB left" "$l1" $((l0 - 1024))
expect_at_least "dentries left" "$n1" $((n0 - 2000))
pass
