#!/usr/bin/env bash
# timeout: 60
# bench/cold/run refuses a bad command line before it boots anything or
# writes its results directory: an unknown workload or controller, bad
# repeats, a controller list without none or with one twice, a setting
# with shell syntax, a bad size in the environment, and a kernel image
# that is not there. Each refusal says what is wrong; nothing is created
# in --out. --help lists the options. (The runs themselves need the VM:
# Documentation/guide/cold-bench.rst.)
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
run=$LRUGEN_TOP/bench/cold/run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernel=$tmp/bzImage
: >"$kernel"

# refused STATUS REGEX ARGS...: run exits STATUS with a message matching
# REGEX, and leaves --out alone
refused() {
	local want=$1 re=$2 err st
	shift 2
	err=$(env -u LRUGEN_BIN "$run" --out "$tmp/out" "$@" 2>&1)
	st=$?
	expect_eq "exit status of run $*" "$st" "$want"
	expect_match "message of run $*" "$err" "$re"
	[ ! -e "$tmp/out" ] || fail "run $* created $tmp/out"
	grep -q '^vm: booting' <<<"$err" && fail "run $* booted a VM"
	return 0
}
refused 2 "--workload takes memload, kbuild, memcached or all, not 'fio'" --workload fio --kernel "$kernel"
refused 2 "--repeats takes a number from 1 to 20, not '0'" --repeats 0 --kernel "$kernel"
refused 2 "--repeats takes a number from 1 to 20, not 'three'" --repeats three --kernel "$kernel"
refused 2 "--repeats takes a number from 1 to 20, not '21'" -r 21 --kernel "$kernel"
refused 2 "--controllers takes none, senpai and autoreclaim, comma-separated, not 'none,tmo'" \
	--controllers none,tmo --kernel "$kernel"
refused 2 "--controllers must include none" --controllers senpai,autoreclaim --kernel "$kernel"
refused 2 "--controllers names senpai twice" --controllers none,senpai,senpai --kernel "$kernel"
refused 2 "--controllers needs a controller besides none" --controllers none --kernel "$kernel"
refused 2 "--start takes a number from 0 to 60, not '90'" --start 90 --kernel "$kernel"
refused 2 "--senpai and --autoreclaim take options and numbers only" --senpai '--interval 1; reboot' --kernel "$kernel"
refused 2 "--mem takes a size such as 1G, not '1GB'" --mem 1GB --kernel "$kernel"
refused 2 "unknown option '--bogus'" --bogus
refused 2 "--workload needs a value" --workload
err=$(COLD_MEMLOAD_MIB=-5 "$run" --out "$tmp/out" --kernel "$kernel" 2>&1)
expect_eq "exit status with COLD_MEMLOAD_MIB=-5" "$?" 2
expect_match "message with COLD_MEMLOAD_MIB=-5" "$err" "COLD_MEMLOAD_MIB takes a whole number above 0, not '-5'"
err=$(COLD_MEMCACHED_HOT=most "$run" --out "$tmp/out" --kernel "$kernel" 2>&1)
expect_eq "exit status with COLD_MEMCACHED_HOT=most" "$?" 2
expect_match "message with COLD_MEMCACHED_HOT=most" "$err" "COLD_MEMCACHED_HOT takes PCT:SHARE"
# a missing kernel: an error before the boot, for each workload of all
refused 1 "no kernel image at $tmp/none; build one with 'make kernel'" --kernel "$tmp/none"
refused 1 "no kernel image at $tmp/none" --workload kbuild --kernel "$tmp/none"
err=$("$run" --workload all --out "$tmp/out" --kernel "$tmp/none" 2>&1)
expect_eq "exit status of --workload all without a kernel" "$?" 1
expect_eq "errors of --workload all without a kernel" "$(grep -c "no kernel image at $tmp/none" <<<"$err")" 3
grep -q '^vm: booting' <<<"$err" && fail "--workload all booted a VM without a kernel"
[ ! -e "$tmp/out" ] || fail "--workload all without a kernel created $tmp/out"
refused 2 "--report-only takes one workload's DIR" --workload all --report-only
refused 1 "no run in $tmp/out to report on" --report-only
help=$("$run" --help) || fail "--help failed"
for o in --workload --repeats --controllers --seed --start --senpai --autoreclaim --mem --zram --cpus --kernel --out; do
	expect_match "--help lists $o" "$help" "^ *(-[a-z], )?$o "
done
pass "bench/cold/run: 20 bad command lines refused before the boot; --help lists every option"
