#!/usr/bin/env bash
# suites: guest
# The guest has the two memory nodes vm/run asked qemu for, each with
# memory and a CPU of its own; under TCG, processes are not randomized.
set -u
. "$(dirname "$0")/../lib/test.sh"
nodes=/sys/devices/system/node
expect_eq "online nodes" "$(cat $nodes/online)" 0-1
expect_eq "nodes with memory" "$(cat $nodes/has_memory)" 0-1
for n in 0 1; do
	kb=$(awk '/MemTotal:/ { print $4 }' $nodes/node$n/meminfo)
	[ "${kb:-0}" -gt $((512 * 1024)) ] || fail "node$n has only ${kb:-0} kB"
	expect_eq "node$n cpulist" "$(cat $nodes/node$n/cpulist)" "$n"
	info "node$n: $((kb / 1024)) MiB, cpu $n"
done
# Under TCG vm/run boots with norandmaps, so two processes map libc at
# one address and qemu translates it once, not once per process (a 100M
# write into page cache took 504 s without it; Documentation/dev/vm.rst).
if grep -q "^model name.*QEMU TCG CPU" /proc/cpuinfo; then
	libc() { awk '/\/libc[.-][^/]*$/ { print $1; exit }' /proc/self/maps; }
	a=$(libc) b=$(libc)
	[ -n "$a" ] || fail "no libc in awk's /proc/self/maps"
	expect_eq "libc's mapping in two processes under TCG" "$b" "$a"
	info "TCG: libc at $a in two processes"
fi
pass
