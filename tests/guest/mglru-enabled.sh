#!/usr/bin/env bash
# suites: guest
# MGLRU is built in and on by default, with every feature bit:
# 0x0001 core, 0x0002 page table walks, 0x0004 non-leaf PMD young bits.
set -u
. "$(dirname "$0")/../lib/test.sh"
f=/sys/kernel/mm/lru_gen/enabled
[ -r "$f" ] || fail "$f is missing: the kernel lacks CONFIG_LRU_GEN"
expect_eq "$f" "$(cat $f)" 0x0007
[ -r /sys/kernel/debug/lru_gen ] || fail "/sys/kernel/debug/lru_gen is missing"
grep -q '^memcg' /sys/kernel/debug/lru_gen || fail "/sys/kernel/debug/lru_gen lists no memcg"
pass "$f: $(cat $f)"
