#!/usr/bin/env bash
# pgscan_proactive and pgsteal_proactive move by what a request reclaimed,
# on the node it reclaimed, and /proc/vmstat sums the nodes.
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
trap 'rm -f $SCRATCH/cnt' EXIT
drop_caches
fill_cache 1 $SCRATCH/cnt 300

s1=$(node_vmstat 1 pgsteal_proactive)
s0=$(node_vmstat 0 pgsteal_proactive)
c1=$(node_vmstat 1 pgscan_proactive)
g=$(vmstat pgsteal_proactive)
f0=$(node_file_mb 1)
r=$(reclaim 1 128M)
expect_eq "request" "$r" ok
ds1=$(($(node_vmstat 1 pgsteal_proactive) - s1))
ds0=$(($(node_vmstat 0 pgsteal_proactive) - s0))
dc1=$(($(node_vmstat 1 pgscan_proactive) - c1))
dg=$(($(vmstat pgsteal_proactive) - g))
df=$((f0 - $(node_file_mb 1)))
info "node1: pgsteal_proactive +$ds1, pgscan_proactive +$dc1, page cache -$df MiB; node0 pgsteal +$ds0; /proc/vmstat +$dg"
pages=$((128 * MB / 4096))
expect_at_least "node1 pgsteal_proactive delta" "$ds1" $((pages * 9 / 10))
[ "$ds1" -le $((pages * 3 / 2)) ] || fail "node1 pgsteal_proactive delta $ds1 is more than 1.5x the $pages pages asked"
expect_at_least "node1 pgscan_proactive delta" "$dc1" "$ds1"
expect_eq "node0 pgsteal_proactive delta" "$ds0" 0
expect_near "page cache MiB freed vs pgsteal_proactive" "$df" $((ds1 * 4096 / MB)) 8
expect_eq "/proc/vmstat delta vs the nodes'" "$dg" $((ds0 + ds1))
pass
