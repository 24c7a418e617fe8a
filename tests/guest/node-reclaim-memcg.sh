#!/usr/bin/env bash
# memcg=<id> reclaims from that memcg's subtree on the node and leaves a
# sibling memcg's pages alone. The id is the cgroup id, the inode number of
# the cgroup directory, and debugfs lru_gen prints the same one.
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
cg=/sys/fs/cgroup
trap 'rm -f $SCRATCH/cg-*; rmdir $cg/lrugen-a/child $cg/lrugen-a $cg/lrugen-b 2>/dev/null' EXIT
echo +memory >$cg/cgroup.subtree_control || fail "no memory controller"
mkdir -p $cg/lrugen-a/child $cg/lrugen-b
echo +memory >$cg/lrugen-a/cgroup.subtree_control

# a removed memcg of the same path may linger in the list; the last is live
debugfs_id() { awk -v p="$1" '$1 == "memcg" && $3 == p { id = $2 } END { print id }' /sys/kernel/debug/lru_gen; }
# file_mb CGROUP: its page cache on node 0, MiB
file_mb() { awk '$1 == "file" { sub("N0=", "", $2); print int($2 / 1048576) }' $cg/$1/memory.numa_stat; }
in_cg() { bash -c "echo \$\$ >$cg/$1/cgroup.procs && shift && exec \"\$@\"" -- "$@"; }

drop_caches
in_cg lrugen-a/child onnode 0 dd if=/dev/zero of=$SCRATCH/cg-a bs=1M count=200 conv=fsync status=none
in_cg lrugen-b onnode 0 dd if=/dev/zero of=$SCRATCH/cg-b bs=1M count=200 conv=fsync status=none
id=$(stat -c %i $cg/lrugen-a)
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
