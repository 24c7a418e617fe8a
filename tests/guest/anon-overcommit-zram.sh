#!/usr/bin/env bash
# suites: guest
# Writing, then reading back, anonymous memory worth 1.5x the guest's RAM
# succeeds with zram swap and no OOM kill, and no page comes back wrong.
set -u
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../../vm/guest/lib.sh
. "$LRUGEN_TOP/vm/guest/lib.sh"
require_root
require_swap
grep -q '^/dev/zram0' /proc/swaps || fail "swap is not on zram: $(cat /proc/swaps)"

oom_before=$(vmstat oom_kill)
swpout_before=$(vmstat pswpout)
out=$(memhog 150% 2 2>&1)
rc=$?
info "$out"
oom_after=$(vmstat oom_kill)
expect_eq "OOM kills" "$((oom_after - oom_before))" 0
[ "$rc" -eq 0 ] || fail "memhog exited with status $rc"
swapped=$(($(vmstat pswpout) - swpout_before))
[ "$swapped" -gt 0 ] || fail "nothing was swapped out, so the test did not test swap"
info "swapped out $((swapped * 4 / 1024)) MiB"
pass
