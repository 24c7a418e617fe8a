#!/usr/bin/env bash
# suites: guest
# Two memcgs over their limits on two nodes at once: every lru_gen event
# names the memcg and node it happened in. Memcg A's anonymous memory lives
# on node 0, memcg B's on node 1: each one's anon pages are evicted only on
# its node, and each one's own reclaim only touches its own lruvecs.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
require_swap
cg=$CGROUP_ROOT
test_cleanup() { memcg_remove /lrugen-attr-a /lrugen-attr-b; }
need_memcg /lrugen-attr-a
need_memcg /lrugen-attr-b
echo 64M >"$cg/lrugen-attr-a/memory.max"
echo 64M >"$cg/lrugen-attr-b/memory.max"
ida=$(memcg_id /lrugen-attr-a) || fail "no id for memcg /lrugen-attr-a (above)"
idb=$(memcg_id /lrugen-attr-b) || fail "no id for memcg /lrugen-attr-b (above)"

# shellcheck disable=SC2086 # the events, one word each
trace_start $LRU_GEN_EVENTS
# Nothing but memhog runs in the memcgs: a pid file the workload wrote
# there, on /tmp (tmpfs), would be a shmem page charged to the memcg, on its
# anon LRU on whichever node the shell ran on (one was evicted on node 1,
# in CI). 96 MiB in a 64 MiB memcg, twice over:
memcg_spawn /lrugen-attr-a 0 memhog 96M 2 >/dev/null
pa=$!
memcg_spawn /lrugen-attr-b 1 memhog 96M 2 >/dev/null
pb=$!
wait $pa || fail "memhog in lrugen-attr-a failed"
wait $pb || fail "memhog in lrugen-attr-b failed"
for m in a b; do
	expect_eq "shmem bytes charged to lrugen-attr-$m" \
		"$(awk '$1 == "shmem" { print $2 }' "$cg/lrugen-attr-$m/memory.stat")" 0
done
events=$(trace_lines)

for m in "attr-a $ida 0 $pa" "attr-b $idb 1 $pb"; do
	read -r name id nid pid <<<"$m"
	mine=$(grep " memcg_id=$id " <<<"$events")
	for ev in lru_gen_aging_begin lru_gen_birth lru_gen_evict lru_gen_retire; do
		n=$(grep -c " $ev " <<<"$mine")
		[ "$n" -gt 0 ] || fail "no $ev events for lrugen-$name (memcg $id)"
	done
	# Its anon pages are all memhog's, bound to its node. (Its page cache,
	# binaries read before onnode bound the task, may be on either node, and
	# memcg reclaim also ages and retires the other node's lruvec.)
	anon=$(grep ' lru_gen_evict ' <<<"$mine" | grep ' type=anon ' | grep -v ' nr_scanned=0 ')
	[ -n "$anon" ] || fail "no anon evictions for lrugen-$name (memcg $id)"
	bad=$(grep -v " nid=$nid " <<<"$anon" | head -n 1)
	[ -z "$bad" ] || fail "lrugen-$name's anon pages live on node $nid, yet: $bad"
	# its memhog's own reclaim is memcg reclaim of its own lruvec
	own=$(grep "^memhog-$pid " <<<"$events")
	[ -n "$own" ] || fail "no events from lrugen-$name's memhog (pid $pid)"
	bad=$(grep -v " memcg_id=$id " <<<"$own" | head -n 1)
	[ -z "$bad" ] || fail "lrugen-$name's memhog reclaimed from another memcg: $bad"
	bad=$(grep ' lru_gen_evict ' <<<"$own" | grep ' type=anon ' | grep -v ' nr_scanned=0 ' |
		grep -v " nid=$nid " | head -n 1)
	[ -z "$bad" ] || fail "lrugen-$name's memhog evicted anon pages on another node: $bad"
	bad=$(grep ' lru_gen_birth ' <<<"$own" | grep -v ' reason=memcg$' | head -n 1)
	[ -z "$bad" ] || fail "a birth by lrugen-$name's memhog that is not memcg reclaim: $bad"
	info "lrugen-$name (memcg $id, node $nid): $(grep -c . <<<"$mine") events, $(grep -c . <<<"$own") from its memhog"
done
pass
