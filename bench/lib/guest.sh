# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# bench/lib/guest.sh: what every bench/EXPERIMENT/guest (the VM half) shares
# for writing its results. A guest half writes raw data only, into
# $LRUGEN_OUT (the host's DIR/incoming); the report on the host reads it.
#
#   . "$LRUGEN_TOP/bench/lib/guest.sh"
#   { bench_guest_facts; echo "mykey=value"; } >"$bench_out/setup.env"

# shellcheck disable=SC2034 # for the guest half that sources this file
bench_out=${LRUGEN_OUT:-/tmp}

# bench_guest_facts: the lines every setup.env starts with, about the
# guest as it runs: kernel release, accel (kvm or tcg), norandmaps (yes when
# vm/run booted it without address-space randomization, as it does under
# TCG), nodes, cpus, mem_total_kb, and the kernel command line.
bench_guest_facts() {
	local cmdline
	cmdline=$(cat /proc/cmdline)
	echo "kernel=$(uname -r)"
	if dmesg 2>/dev/null | grep -q 'Hypervisor detected: KVM'; then
		echo "accel=kvm"
	else
		echo "accel=tcg"
	fi
	case " $cmdline " in
	*" norandmaps "*) echo "norandmaps=yes" ;;
	*) echo "norandmaps=no" ;;
	esac
	echo "nodes=$(find /sys/devices/system/node -maxdepth 1 -name 'node[0-9]*' | wc -l)"
	echo "cpus=$(nproc)"
	echo "mem_total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
	echo "cmdline=$cmdline"
}
