# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A captured machine for lrugen's offline mode (LRUGEN_ROOT): the files it
# reads, from tests/fixtures/lrugen, and empty files where it writes, so
# that tests can check each request without root or a kernel.

fx=$LRUGEN_TOP/tests/fixtures/lrugen

# mk_root DIR [LRU_GEN_FULL]: a tree shaped like the VM's, from the
# fixtures, for LRUGEN_ROOT; lru_gen_full is the given file or the fixture
mk_root() {
	local r=$1 n
	mkdir -p "$r/sys/kernel/debug" "$r/sys/kernel/mm/lru_gen" "$r/proc/pressure" \
		"$r/sys/fs/cgroup/fx-a"
	cp "${2:-$fx/lru_gen_full.txt}" "$r/sys/kernel/debug/lru_gen_full"
	: >"$r/sys/kernel/debug/lru_gen"
	cp "$fx/lru_gen-enabled.txt" "$r/sys/kernel/mm/lru_gen/enabled"
	cp "$fx/lru_gen-min_ttl_ms.txt" "$r/sys/kernel/mm/lru_gen/min_ttl_ms"
	for n in 0 1; do
		mkdir -p "$r/sys/devices/system/node/node$n"
		cp "$fx/node$n-meminfo.txt" "$r/sys/devices/system/node/node$n/meminfo"
		cp "$fx/node$n-vmstat.txt" "$r/sys/devices/system/node/node$n/vmstat"
		: >"$r/sys/devices/system/node/node$n/reclaim"
	done
	echo 0-1 >"$r/sys/devices/system/node/has_memory"
	cp "$fx/meminfo.txt" "$r/proc/meminfo"
	cp "$fx/vmstat.txt" "$r/proc/vmstat"
	cp "$fx/pressure-memory.txt" "$r/proc/pressure/memory"
	: >"$r/sys/fs/cgroup/fx-a/memory.reclaim"
	# the kernel's kswapd0 (PF_KTHREAD in flags), and a user process that
	# calls itself kswapd1
	mkdir -p "$r/proc/51" "$r/proc/900"
	echo kswapd0 >"$r/proc/51/comm"
	echo "51 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 0 25 0 0 20 0 1 0 12 0 0" >"$r/proc/51/stat"
	echo kswapd1 >"$r/proc/900/comm"
	echo "900 (kswapd1) S 1 900 900 0 -1 4194560 0 0 0 0 3 1 0 0 20 0 1 0 400 0 0" >"$r/proc/900/stat"
}

# lrugen_bins: sets bins to the lrugen binaries a test runs: LRUGEN_BIN
# (and LRUGEN_BIN_SAN, its ASan+UBSan twin, if set) to test another build,
# or else the tree's plain and ASan+UBSan builds, made first
lrugen_bins() {
	if [ -n "${LRUGEN_BIN:-}" ]; then
		bins=("$LRUGEN_BIN")
		[ -z "${LRUGEN_BIN_SAN:-}" ] || bins+=("$LRUGEN_BIN_SAN")
	else
		make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
		bins=("$LRUGEN_TOP/tools/lrugen/build/lrugen" "$LRUGEN_TOP/tools/lrugen/build-san/lrugen")
	fi
}
