#!/usr/bin/env bash
# bench/kswapd-compare/run refuses bad options, a host without perf and a
# kernel built without MGLRU, each with a clear message, before it builds or
# boots anything and without touching the results directory.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
kc=$LRUGEN_TOP/bench/kswapd-compare/run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LRUGEN_BUILD=$tmp/build
out=$tmp/out
mkdir -p "$out"
echo keep >"$out/report.txt"

check() { # STATUS ERROR-REGEX ARGS...
	local want_rc=$1 want=$2 got rc
	shift 2
	got=$("$kc" --out "$out" "$@" 2>&1)
	rc=$?
	expect_eq "exit status of kswapd-compare $*" "$rc" "$want_rc"
	expect_match "message of kswapd-compare $*" "$got" "$want"
}

check 2 "--workload takes anon, mixed or memcgs, not 'swap'" --workload swap
check 2 "--repeats takes a number from 1 to 20, not '0'" --repeats 0
check 2 "--repeats takes a number from 1 to 20, not 'x'" -r x
check 2 "--size takes a number from 50 to 400, not '20'" --size 20
check 2 "--size needs a value" --size
check 2 "--accesses takes a number from 1000" --accesses 10
check 2 "--memcgs takes a number from 2 to 8, not '1'" --workload memcgs --memcgs 1
check 2 "--seed takes a number" --seed -3
check 2 "--mem takes a size such as 512M or 1G, not '1T'" --mem 1T
check 2 "--zram takes a size such as 3G, not 'big'" --zram big
check 2 "unknown option '--bogus'" --bogus
check 2 "unknown option 'anon'" anon
check 1 "no run in .* to report on" --report-only
"$kc" --help | grep -q -- "--workload NAME" || fail "--help lists no options"

# No perf on the PATH: only what the script needs before its perf check.
mkdir "$tmp/bin"
for t in bash dirname python3; do ln -s "$(command -v $t)" "$tmp/bin/$t"; done
got=$(PATH=$tmp/bin "$kc" --out "$out" 2>&1)
expect_eq "exit status without perf" "$?" 1
expect_match "message without perf" "$got" "perf is missing .*scripts/setup .*linux-perf"

# A kernel whose build has no CONFIG_LRU_GEN
command -v perf >/dev/null || fail "perf is not installed on this host (scripts/setup installs linux-perf)"
obj=$tmp/obj
mkdir -p "$obj/arch/x86/boot"
: >"$obj/arch/x86/boot/bzImage"
printf 'CONFIG_MMU=y\n# CONFIG_LRU_GEN is not set\n' >"$obj/.config"
check 1 "built without MGLRU \(no CONFIG_LRU_GEN=y in $obj/.config\)" --kernel "$obj/arch/x86/boot/bzImage"
check 1 "no kernel image at $tmp/none" --kernel "$tmp/none"

[ ! -e "$LRUGEN_BUILD" ] || fail "a refused run created $LRUGEN_BUILD"
expect_eq "files in the results directory" "$(ls "$out")" report.txt
expect_eq "the old report" "$(cat "$out/report.txt")" keep
pass
