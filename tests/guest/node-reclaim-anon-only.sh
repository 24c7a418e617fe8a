#!/usr/bin/env bash
# suites: guest
# swappiness=max means anonymous memory or nothing, per lruvec: in a memcg
# at memory.swap.max=0, memory.reclaim and nodeN/reclaim memcg= fail with
# EAGAIN and leave its page cache and its anon alone, MGLRU on and off.
# With swap allowed again, the same request reclaims anon only. Removed
# memcgs that still hold page cache (so they linger, offline), one at
# swap.max=0 and one without anon, do not keep a whole-node swappiness=max
# request from the rest.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
x=$CGROUP_ROOT/lrugen-noswap
y=$CGROUP_ROOT/lrugen-cacheonly
hog=
trap 'lru_gen_restore; [ -n "$hog" ] && { kill $hog; wait $hog; } 2>/dev/null; rm -f $LRUGEN_SCRATCH/noswap $LRUGEN_SCRATCH/zombie*; memcg_remove $x $y' EXIT
need_memcg $x
[ -e $x/memory.swap.max ] || fail "$x/memory.swap.max is missing: no swap accounting?"
echo 0 >$x/memory.swap.max

# numa_stat KEY: the memcg's KEY on node 0, MiB
numa_stat() { awk -v k="$1" '$1 == k { sub("N0=", "", $2); print int($2 / 1048576) }' $x/memory.numa_stat; }
# takes_nothing WHAT FILE REQUEST: REQUEST, written to FILE at swap.max=0,
# fails with EAGAIN and moves neither the memcg's anon nor its page cache
takes_nothing() {
	local a0 f0 a1 f1 r
	a0=$(numa_stat anon)
	f0=$(numa_stat file)
	r=$(writefile "$2" "$3" | cut -d' ' -f1)
	a1=$(numa_stat anon)
	f1=$(numa_stat file)
	info "lru_gen=$mode swap.max=0 $1 '$3' ($r): anon $a0 -> $a1, file $f0 -> $f1 MiB"
	expect_eq "$1 swappiness=max at swap.max=0" "$r" EAGAIN
	expect_near "page cache MiB after $1 swappiness=max" "$f1" "$f0" 2
	expect_near "anon MiB after $1 swappiness=max" "$a1" "$a0" 2
}
id=$(memcg_id $x) || fail "no id for memcg $x (above)"

for mode in y n; do
	switch_lru_gen $mode
	drop_caches
	hog_start 0 150M $x
	fill_cache 0 "$LRUGEN_SCRATCH/noswap" 150 $x
	a0=$(numa_stat anon)
	f0=$(numa_stat file)
	expect_at_least "anon of $x on node0" "$a0" 145
	expect_at_least "page cache of $x on node0" "$f0" 145

	takes_nothing "memory.reclaim" $x/memory.reclaim "60M swappiness=max"
	takes_nothing "node0/reclaim memcg=$id" $NODES/node0/reclaim "60M swappiness=max memcg=$id"
	a2=$(numa_stat anon)
	f2=$(numa_stat file)

	# the same request where the memcg may swap: the setup can reclaim anon
	echo max >$x/memory.swap.max
	r=$(reclaim 0 "60M swappiness=max memcg=$id")
	a3=$(numa_stat anon)
	f3=$(numa_stat file)
	info "lru_gen=$mode swap.max=max node0/reclaim swappiness=max memcg=$id ($r): anon $a2 -> $a3, file $f2 -> $f3 MiB"
	expect_eq "node0/reclaim swappiness=max memcg= with swap" "$r" ok
	expect_at_least "anon MiB reclaimed with swap" $((a2 - a3)) 55
	expect_near "page cache MiB after swappiness=max with swap" "$f3" "$f2" 2
	echo 0 >$x/memory.swap.max

	kill "$hog"
	wait "$hog" 2>/dev/null
	hog=
	rm -f "$LRUGEN_SCRATCH/noswap"
done

# Both memcgs, removed while 8M of page cache is still charged to each: they
# stay offline on the memcg LRU, and an anon-only request can take nothing
# from either (one may not swap, the other has no anon). A node request
# must still get to the root memcg's anon.
switch_lru_gen y
need_memcg $y
for m in $x $y; do
	fill_cache 0 "$LRUGEN_SCRATCH/zombie-${m##*/}" 8 "$m"
	memcg_remove "$m" || fail "could not remove $m (above)"
	grep -q "/${m##*/}\$" $LRU_GEN_DEBUGFS || fail "removed $m did not linger: the case is not set up"
done
hog_start 0 150M
a0=$(node_anon_mb 0)
r=$(reclaim 0 "60M swappiness=max")
a1=$(node_anon_mb 0)
info "removed memcgs lingering: node0/reclaim 60M swappiness=max ($r): node0 anon $a0 -> $a1 MiB"
expect_eq "node0/reclaim swappiness=max next to offline memcgs it cannot take from" "$r" ok
expect_at_least "anon MiB reclaimed from node0" $((a0 - a1)) 55
pass
