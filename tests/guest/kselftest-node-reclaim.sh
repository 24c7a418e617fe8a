#!/usr/bin/env bash
# suites: guest
# The series' kselftest for proactive reclaim requests,
# tools/testing/selftests/mm/node_reclaim (built from build/linux by 'make
# selftests'), run from the scratch disk so that its page cache case runs.
# Every case must pass: the VM has cgroup v2, the memory controller and
# swap, so a case it skips here is a failure, not a pass.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
bin=$LRUGEN_TOP/build/selftests/node_reclaim
[ -x "$bin" ] || fail "no $bin: run 'make selftests' on the host"
cd "$LRUGEN_SCRATCH" || fail "no scratch disk at $LRUGEN_SCRATCH"
out=$("$bin" 2>&1)
rc=$?
echo "$out"
grep -q '# SKIP' <<<"$out" && fail "node_reclaim skipped a case that the VM can run"
expect_eq "node_reclaim exit status" "$rc" 0
pass
