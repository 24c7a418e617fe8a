#!/usr/bin/env bash
# suites: guest
# The guest half of bench/kswapd-compare/run stops with a clear error, before
# it changes anything, on a kernel without MGLRU (here: an empty tmpfs over
# /sys/kernel/mm/lru_gen in a private mount namespace) and without swap.
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

expect_eq "lru_gen/enabled after the refusals" "$(cat /sys/kernel/mm/lru_gen/enabled)" "$before"
expect_eq "files written by the refusals" "$(ls "$out")" ""
pass
