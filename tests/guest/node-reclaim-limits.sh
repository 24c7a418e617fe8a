#!/usr/bin/env bash
# suites: guest
# timeout: 600
# A request larger than what can be reclaimed fails with EAGAIN in bounded
# time; a signal interrupts a long request with EINTR; a non-root writer is
# refused.
#
# The requests name a memcg of the test's own (memcg=), holding 100M of
# page cache on node 1 and nothing else: EAGAIN comes after 16 batches that
# reclaim nothing, and a whole-node request gets none of those while any
# other task on the node frees or makes reclaimable memory. (In a full
# suite on the debug kernel, a whole-node 64G request ran over 290 s.)
# The fill is 100M: evicting it takes far longer than the 1 ms between the
# signals below. Fills here once took 504 s and more than 600 s; that was
# qemu, not the kernel (see "norandmaps" in Documentation/dev/vm.rst). Each
# fill prints its time and node 1's free memory.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
f=$NODES/node1/reclaim
cg=/lrugen-limits
trap 'rm -f $LRUGEN_SCRATCH/lim; memcg_remove $cg' EXIT

expect_eq "mode of $f" "$(stat -c %a $f)" 200
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups writefile $f 1M)
expect_match "non-root write" "$out" "^EACCES open"

need_memcg $cg
id=$(memcg_id $cg) || fail "no id for memcg $cg (above)"
# fill_in_cg: 100M of page cache on node 1, charged to $cg
fill_in_cg() {
	local t0=$SECONDS free
	rm -f "$LRUGEN_SCRATCH/lim"
	drop_caches
	free=$(($(node_meminfo 1 MemFree) / 1024))
	fill_cache 1 "$LRUGEN_SCRATCH/lim" 100 $cg
	info "100M of page cache on node 1 in $((SECONDS - t0)) s ($free MiB free before)"
}

fill_in_cg
out=$(writefile $f "64G memcg=$id")
info "64G from memcg $id on node1: $out"
expect_match "64G request" "$out" "^EAGAIN"
secs=${out#* }
[ "${secs%.*}" -lt 120 ] || fail "EAGAIN took $secs s"

# The same request lasts far longer than 1 ms (100M to evict, then 16 empty
# batches), so a SIGALRM every 1 ms is certain to arrive while it is in the
# kernel. A single signal after a fixed delay raced with the request's own
# EAGAIN: on a fast host the request was over before the signal came.
fill_in_cg
out=$(writefile -a 1 $f "64G memcg=$id")
info "64G from memcg $id on node1, SIGALRM every 1 ms: $out"
expect_match "interrupted request" "$out" "^EINTR"
secs=${out#* }
[ "${secs%.*}" -lt 5 ] || fail "EINTR took $secs s"
pass
