#!/usr/bin/env bash
# suites: guest
# The guest half of bench/kswapd-compare/run stops with a clear error, before
# it changes anything, on a kernel without MGLRU (here: an empty tmpfs over
# /sys/kernel/mm/lru_gen in a private mount namespace), without swap, for a
# workload that is neither built in nor a plug-in, for a plug-in whose
# check fails (tests/fixtures/kswapd-compare-workloads/check-fails, which
# leaves a mark if it is called for anything else), and for a topology
# this guest was not booted for.
set -u
. "$(dirname "$0")/../lib/test.sh"
require_root
require_swap
command -v unshare >/dev/null || fail "unshare is missing (util-linux)"
guest=$LRUGEN_TOP/bench/kswapd-compare/guest
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
before=$(cat /sys/kernel/mm/lru_gen/enabled)

err=$(unshare -m bash -c 'mount -t tmpfs none /sys/kernel/mm/lru_gen && exec "$@"' _ \
	"$guest" anon 1 150 1000 1 3 "$out" 2>&1)
expect_eq "exit status without MGLRU" "$?" 1
expect_match "message without MGLRU" "$err" "this kernel has no MGLRU \(/sys/kernel/mm/lru_gen/enabled is missing\): build one with CONFIG_LRU_GEN=y"

# No swap: a zram device that is not swapped on
err=$(unshare -m bash -c 'mount --bind /dev/null /proc/swaps && exec "$@"' _ \
	"$guest" anon 1 150 1000 1 3 "$out" 2>&1)
expect_eq "exit status without swap" "$?" 1
expect_match "message without swap" "$err" "no zram swap: boot the guest with vm/run --zram SIZE"

# A workload nobody knows
err=$("$guest" nosuch 1 150 1000 1 3 "$out" 2>&1)
expect_eq "exit status for an unknown workload" "$?" 1
expect_match "message for an unknown workload" "$err" \
	"unknown workload 'nosuch': not anon, mixed or memcgs, and no executable plug-in $LRUGEN_TOP/bench/kswapd-compare/workloads/nosuch"
err=$("$guest" ../anon 1 150 1000 1 3 "$out" 2>&1)
expect_eq "exit status for a workload with a slash" "$?" 1
expect_match "message for a workload with a slash" "$err" "unknown workload '../anon'"

# A plug-in whose check fails: its message, and nothing else of it runs
err=$(KSWAPD_COMPARE_WORKLOADS=$LRUGEN_TOP/tests/fixtures/kswapd-compare-workloads LRUGEN_OUT=$out \
	"$guest" check-fails 1 150 0 1 3 "$out" 2>&1)
expect_eq "exit status when the plug-in's check fails" "$?" 1
expect_match "message when the plug-in's check fails" "$err" \
	"the check-fails workload cannot run here: check-fails: needs a program this guest lacks: install it with scripts/setup"

# Topologies: 1cpu needs a guest booted with one vCPU (this one has one per
# node); an unknown one
cpus=$(nproc)
[ "$cpus" -ge 2 ] || skip "this guest has $cpus vCPU; the topology refusals need the default 2"
err=$("$guest" anon 1 150 1000 1 3 "$out" 1cpu 2>&1)
expect_eq "exit status for 1cpu on $cpus vCPUs" "$?" 1
expect_match "message for 1cpu on $cpus vCPUs" "$err" "topology 1cpu needs one vCPU and 2 nodes \(vm/run --cpus 1\); this guest has $cpus vCPUs"
err=$("$guest" anon 1 150 1000 1 3 "$out" 4cpu 2>&1)
expect_eq "exit status for topology 4cpu" "$?" 1
expect_match "message for topology 4cpu" "$err" "unknown topology '4cpu': 2cpu, 1cpu or pinned"

expect_eq "lru_gen/enabled after the refusals" "$(cat /sys/kernel/mm/lru_gen/enabled)" "$before"
expect_eq "memcgs made by the refusals" "$(find /sys/fs/cgroup -maxdepth 1 -name 'kswapd-compare-*')" ""
expect_eq "files written by the refusals" "$(ls "$out")" ""
pass
