#!/usr/bin/env bash
# suites: guest
# Every malformed request fails with EINVAL and reclaims nothing. memcg=
# takes a cgroup id: that of a removed cgroup, of a cgroup without the memory
# controller (not its parent's memcg), or of a cgroup file is refused.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
cg=$CGROUP_ROOT
trap 'rm -f $LRUGEN_SCRATCH/inval; memcg_remove /lrugen-nomem' EXIT
fill_cache 0 "$LRUGEN_SCRATCH/inval" 100

need_memcg /lrugen-gone
gone=$(memcg_id /lrugen-gone) || fail "no id for memcg /lrugen-gone (above)"
memcg_remove /lrugen-gone || fail "cannot remove /lrugen-gone (above)"
# lrugen-nomem has a memcg; its child, a plain cgroup, has none of its own
need_memcg /lrugen-nomem
mkdir $cg/lrugen-nomem/child || fail "cannot create the cgroup $cg/lrugen-nomem/child"
nomem=$(stat -c %i $cg/lrugen-nomem/child)
grep -q memory $cg/lrugen-nomem/cgroup.subtree_control && fail "lrugen-nomem passes memory down"
file=$(stat -c %i $cg/lrugen-nomem/memory.current)
# the parent is a memcg: the same request naming it is not refused
parent=$(memcg_id /lrugen-nomem) || fail "no id for memcg /lrugen-nomem (above)"
r=$(reclaim 0 "1M memcg=$parent")
[ "$r" = EINVAL ] && fail "memcg= of the memcg /lrugen-nomem refused"

scan0=$(node_vmstat 0 pgscan_proactive_node)
steal0=$(node_vmstat 0 pgsteal_proactive_node)
f0=$(node_file_mb 0)
bad=(" " "garbage" "1Gx" "-1M" "1G bogus=1" "1G swappiness=201" "1G swappiness=-1"
     "1G swappiness=60x" "99999999999999999999" "32E" "18446744073709551616"
     "1G memcg=99999999" "1G memcg=0" "1G memcg=$gone" "1G memcg=$nomem" "1G memcg=$file"
     "1G memcg=18446744073709551617" "1G memcg=-1" "1G memcg=" "1G flags=dirty"
     "1G flags=clean,bogus" "1G flags=" "1G swappiness=max flags=clean")
for req in "${bad[@]}"; do
	r=$(reclaim 0 "$req")
	expect_eq "'$req'" "$r" EINVAL
done
r=$(writefile $cg/memory.reclaim "1M memcg=1" | cut -d' ' -f1)
expect_eq "memory.reclaim with memcg=" "$r" EINVAL
r=$(writefile $cg/memory.reclaim "1M flags=clean" | cut -d' ' -f1)
expect_eq "memory.reclaim with flags=" "$r" EINVAL
expect_eq "pgscan_proactive_node after bad requests" "$(node_vmstat 0 pgscan_proactive_node)" "$scan0"
expect_eq "pgsteal_proactive_node after bad requests" "$(node_vmstat 0 pgsteal_proactive_node)" "$steal0"
expect_near "node0 page cache MiB" "$(node_file_mb 0)" "$f0" 2
info "${#bad[@]} malformed requests and 2 memory.reclaim ones refused with EINVAL"
pass
