#!/usr/bin/env bash
# suites: guest
# memcg=<id> reclaims from that memcg's subtree on the node and leaves a
# sibling memcg's pages alone. The id is the cgroup id, the inode number of
# the cgroup directory, and debugfs lru_gen prints the same one.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
cg=$CGROUP_ROOT
trap 'rm -f $LRUGEN_SCRATCH/cg-*; memcg_remove /lrugen-a /lrugen-b' EXIT
need_memcg /lrugen-a/child
need_memcg /lrugen-b

# a removed memcg of the same path may linger in the list; the last is live
debugfs_id() { awk -v p="$1" '$1 == "memcg" && $3 == p { id = $2 } END { print id }' $LRU_GEN_DEBUGFS; }
# file_mb CGROUP: its page cache on node 0, MiB
file_mb() { awk '$1 == "file" { sub("N0=", "", $2); print int($2 / 1048576) }' "$cg/$1/memory.numa_stat"; }

drop_caches
fill_cache 0 "$LRUGEN_SCRATCH/cg-a" 200 /lrugen-a/child
fill_cache 0 "$LRUGEN_SCRATCH/cg-b" 200 /lrugen-b
# memcg_id is the inode number of the cgroup directory
id=$(memcg_id /lrugen-a) || fail "no id for memcg /lrugen-a (above)"
expect_eq "/lrugen-a's id in debugfs lru_gen" "$(debugfs_id /lrugen-a)" "$id"
expect_eq "the root memcg's id in debugfs lru_gen" "$(debugfs_id /)" 1
a0=$(file_mb lrugen-a)
b0=$(file_mb lrugen-b)
expect_at_least "lrugen-a page cache on node0" "$a0" 190

r=$(reclaim 0 "120M memcg=$id")
a1=$(file_mb lrugen-a)
b1=$(file_mb lrugen-b)
info "memcg=$id (/lrugen-a): a $a0 -> $a1 MiB, sibling b $b0 -> $b1 MiB"
expect_eq "request" "$r" ok
expect_at_least "MiB reclaimed from lrugen-a's subtree" $((a0 - a1)) 110
expect_near "sibling lrugen-b MiB" "$b1" "$b0" 2
pass
