#!/usr/bin/env bash
# suites: guest
# A nodeN/reclaim request fires one mm_vmscan_proactive_reclaim_begin and
# one _end with what was asked and what came of it; the end's nr_reclaimed
# agrees with the node's pgsteal_proactive_node delta, and the reclaim in
# between says so.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
require_node_reclaim
test_cleanup() { rm -f "$LRUGEN_SCRATCH/proactive"; }
drop_caches
fill_cache 1 "$LRUGEN_SCRATCH/proactive" 200

trace_start mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end lru_gen_evict lru_gen_birth
steal0=$(node_vmstat 1 pgsteal_proactive_node)
r=$(reclaim 1 "64M flags=clean")
steal1=$(node_vmstat 1 pgsteal_proactive_node)
events=$(trace_lines)
expect_eq "request" "$r" ok

begin=$(grep ' mm_vmscan_proactive_reclaim_begin ' <<<"$events")
end=$(grep ' mm_vmscan_proactive_reclaim_end ' <<<"$events")
expect_eq "begin events" "$(grep -c . <<<"$begin")" 1
expect_eq "end events" "$(grep -c . <<<"$end")" 1
info "$begin"
info "$end"
for ev in "$begin" "$end"; do
	expect_eq "nid" "$(field "$ev" nid)" 1
	expect_eq "memcg_id" "$(field "$ev" memcg_id)" 0
	expect_eq "nr_requested" "$(field "$ev" nr_requested)" $((64 * 256))
	expect_eq "swappiness" "$(field "$ev" swappiness)" -1
	expect_eq "flags" "$(field "$ev" flags)" clean
done
expect_eq "ret" "$(field "$end" ret)" 0
got=$(field "$end" nr_reclaimed)
expect_at_least "nr_reclaimed" "$got" $((64 * 256))
# nr_reclaimed also counts freed slab, which pgsteal_proactive_node does not:
# here mostly ext4's buffer heads, one of about 100 bytes per page
steal=$((steal1 - steal0))
info "nr_reclaimed $got, pgsteal_proactive_node on node 1 +$steal"
expect_at_least "nr_reclaimed against pgsteal_proactive_node" "$got" "$steal"
expect_near "nr_reclaimed against pgsteal_proactive_node" "$got" "$steal" $((steal / 20))

# the request's own evictions were on node 1 and add up to the same pages
inside=$(sed -n '/ mm_vmscan_proactive_reclaim_begin /,/ mm_vmscan_proactive_reclaim_end /p' <<<"$events" |
	grep '^writefile-[0-9]* lru_gen_evict ')
[ -n "$inside" ] || fail "no evictions between begin and end"
bad=$(grep -v ' nid=1 ' <<<"$inside" | head -n 1)
[ -z "$bad" ] || fail "an eviction on another node during the request: $bad"
sum=$(sum_field "$inside" nr_reclaimed)
expect_eq "evictions' nr_reclaimed against pgsteal_proactive_node" "$sum" "$steal"

# a request that does not parse fires nothing
trace_start mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end
expect_eq "bad request" "$(reclaim 1 "64M flags=bogus")" EINVAL
expect_eq "events for a bad request" "$(trace_lines | grep -c .)" 0
pass
