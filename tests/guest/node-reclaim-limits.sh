#!/usr/bin/env bash
# A request larger than what can be reclaimed fails with EAGAIN in bounded
# time; a signal interrupts a long request with EINTR; a non-root writer is
# refused.
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
f=$NODES/node1/reclaim
trap 'rm -f $SCRATCH/lim' EXIT

expect_eq "mode of $f" "$(stat -c %a $f)" 200
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups writefile $f 1M)
expect_match "non-root write" "$out" "^EACCES open"

fill_cache 1 $SCRATCH/lim 400
out=$(writefile $f 64G)
info "64G from node1: $out"
expect_match "64G request" "$out" "^EAGAIN"
secs=${out#* }
[ "${secs%.*}" -lt 120 ] || fail "EAGAIN took $secs s"

# The same request lasts far longer than 1 ms (400M to evict, then 16 empty
# batches), so a SIGALRM every 1 ms is certain to arrive while it is in the
# kernel. A single signal after a fixed delay raced with the request's own
# EAGAIN: on a fast host the request was over before the signal came.
fill_cache 1 $SCRATCH/lim 400
out=$(writefile -a 1 $f 64G)
info "64G from node1, SIGALRM every 1 ms: $out"
expect_match "interrupted request" "$out" "^EINTR"
secs=${out#* }
[ "${secs%.*}" -lt 5 ] || fail "EINTR took $secs s"
pass
