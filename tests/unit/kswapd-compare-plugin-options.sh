#!/usr/bin/env bash
# bench/kswapd-compare/run's plug-in workloads, --topology and --record
# options: a workload that is neither built in nor a plug-in, a plug-in
# that is not executable and a topology it does not know are refused with
# a clear message, before it builds or boots anything and without touching
# the results directory; --help lists the new options.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
kc=$LRUGEN_TOP/bench/kswapd-compare/run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LRUGEN_BUILD=$tmp/build
out=$tmp/out
mkdir -p "$out" "$tmp/plugins"
echo keep >"$out/report.txt"
printf '#!/bin/sh\nexit 0\n' >"$tmp/plugins/ready"
chmod +x "$tmp/plugins/ready"
printf '#!/bin/sh\nexit 0\n' >"$tmp/plugins/not-executable"

check() { # STATUS ERROR-REGEX ARGS...
	local want_rc=$1 want=$2 got rc
	shift 2
	got=$(KSWAPD_COMPARE_WORKLOADS=$tmp/plugins "$kc" --out "$out" "$@" 2>&1)
	rc=$?
	expect_eq "exit status of kswapd-compare $*" "$rc" "$want_rc"
	expect_match "message of kswapd-compare $*" "$got" "$want"
}

check 2 "--workload takes anon, mixed or memcgs, not 'nosuch' \(nor is it a plug-in in $tmp/plugins/; there: ready\)" \
	--workload nosuch
check 2 "--workload takes anon, mixed or memcgs, not '../plugins/ready'" --workload ../plugins/ready
check 1 "the not-executable plug-in $tmp/plugins/not-executable is not executable" --workload not-executable
check 2 "--topology takes 2cpu, 1cpu or pinned, not '4cpu'" --topology 4cpu
check 2 "-t needs a value" --workload ready -t
check 2 "unknown option '--record=yes'" --record=yes
help=$("$kc" --help)
for o in "--topology T" "--record" "a plug-in of bench/kswapd-compare/workloads/"; do
	expect_match "--help on $o" "$help" "$o"
done

[ ! -e "$LRUGEN_BUILD" ] || fail "a refused run created $LRUGEN_BUILD"
expect_eq "files in the results directory" "$(ls "$out")" report.txt
expect_eq "the old report" "$(cat "$out/report.txt")" keep
pass
