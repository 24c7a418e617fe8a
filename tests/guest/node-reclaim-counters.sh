#!/usr/bin/env bash
# suites: guest
# The proactive reclaim counters, with upstream's meaning where upstream has
# them (6.15):
# - pgscan_proactive_node and pgsteal_proactive_node (node stats) move by
#   what a request reclaimed, on the node it reclaimed, memcg-targeted or
#   not, and /proc/vmstat sums the nodes;
# - pgsteal_proactive and pgscan_proactive (vm events) count a whole-node
#   request in /proc/vmstat, exactly as the node stats do, and a memcg's
#   request in its memory.stat but not in /proc/vmstat;
# - proactive reclaim is not direct reclaim: pgsteal_direct, global or the
#   memcg's, does not move with it.
# Nothing else reclaims in the idle guest, so the deltas are the requests'.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
cg=$CGROUP_ROOT/lrugen-counters
trap 'rm -f $LRUGEN_SCRATCH/cnt $LRUGEN_SCRATCH/cnt-cg; memcg_remove $cg' EXIT
drop_caches
fill_cache 1 "$LRUGEN_SCRATCH/cnt" 300

s1=$(node_vmstat 1 pgsteal_proactive_node)
s0=$(node_vmstat 0 pgsteal_proactive_node)
c1=$(node_vmstat 1 pgscan_proactive_node)
g=$(vmstat pgsteal_proactive_node)
e=$(vmstat pgsteal_proactive)
es=$(vmstat pgscan_proactive)
d=$(vmstat pgsteal_direct)
f0=$(node_file_mb 1)
r=$(reclaim 1 128M)
expect_eq "request" "$r" ok
ds1=$(($(node_vmstat 1 pgsteal_proactive_node) - s1))
ds0=$(($(node_vmstat 0 pgsteal_proactive_node) - s0))
dc1=$(($(node_vmstat 1 pgscan_proactive_node) - c1))
dg=$(($(vmstat pgsteal_proactive_node) - g))
de=$(($(vmstat pgsteal_proactive) - e))
des=$(($(vmstat pgscan_proactive) - es))
dd=$(($(vmstat pgsteal_direct) - d))
df=$((f0 - $(node_file_mb 1)))
info "node1 '128M': pgsteal_proactive_node +$ds1, pgscan_proactive_node +$dc1, page cache -$df MiB; node0 pgsteal +$ds0; /proc/vmstat: pgsteal_proactive_node +$dg, pgsteal_proactive +$de, pgscan_proactive +$des, pgsteal_direct +$dd"
pages=$((128 * MB / 4096))
expect_at_least "node1 pgsteal_proactive_node delta" "$ds1" $((pages * 9 / 10))
[ "$ds1" -le $((pages * 3 / 2)) ] || fail "node1 pgsteal_proactive_node delta $ds1 is more than 1.5x the $pages pages asked"
expect_at_least "node1 pgscan_proactive_node delta" "$dc1" "$ds1"
expect_eq "node0 pgsteal_proactive_node delta" "$ds0" 0
expect_near "page cache MiB freed vs pgsteal_proactive_node" "$df" $((ds1 * 4096 / MB)) 8
expect_eq "/proc/vmstat delta vs the nodes'" "$dg" $((ds0 + ds1))
expect_eq "pgsteal_proactive (vm event) for a whole-node request" "$de" "$ds1"
expect_eq "pgscan_proactive (vm event) for a whole-node request" "$des" "$dc1"
[ "$dd" -lt $((ds1 / 10)) ] || fail "pgsteal_direct rose by $dd with a proactive request of $ds1 pages"

# a memcg's request: memory.stat, not /proc/vmstat
need_memcg $cg
fill_cache 1 "$LRUGEN_SCRATCH/cnt-cg" 100 $cg
mstat() { awk -v k="$1" '$1 == k { print $2 }' $cg/memory.stat; }
m=$(mstat pgsteal_proactive)
md=$(mstat pgsteal_direct)
[ -n "$m" ] || fail "no pgsteal_proactive in $cg/memory.stat"
s1=$(node_vmstat 1 pgsteal_proactive_node)
e=$(vmstat pgsteal_proactive)
r=$(writefile $cg/memory.reclaim 64M | cut -d' ' -f1)
expect_eq "memory.reclaim 64M" "$r" ok
dm=$(($(mstat pgsteal_proactive) - m))
dmd=$(($(mstat pgsteal_direct) - md))
ds1=$(($(node_vmstat 1 pgsteal_proactive_node) - s1))
de=$(($(vmstat pgsteal_proactive) - e))
info "memory.reclaim 64M: memory.stat pgsteal_proactive +$dm, pgsteal_direct +$dmd; node1 pgsteal_proactive_node +$ds1; /proc/vmstat pgsteal_proactive +$de"
pages=$((64 * MB / 4096))
expect_at_least "memory.stat pgsteal_proactive delta" "$dm" $((pages * 9 / 10))
expect_eq "memory.stat pgsteal_direct delta" "$dmd" 0
expect_eq "node1 pgsteal_proactive_node delta vs memory.stat" "$ds1" "$dm"
expect_eq "/proc/vmstat pgsteal_proactive delta for memcg reclaim" "$de" 0
pass
