#!/usr/bin/env bash
# The guest has the two memory nodes scripts/vm asked qemu for, each with
# memory and a CPU of its own.
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
pass
