#!/usr/bin/env bash
# bench/tracepoints/report turns raw runs into medians and ratios, leaves
# warm-up runs out, and rejects input it cannot read; bench/tracepoints/run
# rejects bad options before it starts anything.
. "$(dirname "$0")/../lib/test.sh"
report=$LRUGEN_TOP/bench/tracepoints/report
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/runs.csv" <<'CSV'
lrugen,1,warmup,99.000,99.000,0,0
lrugen,2,off,10.000,20.000,0,0
lrugen,3,on,10.500,21.000,1050,0
lrugen,4,off,12.000,22.000,0,0
lrugen,5,on,10.100,20.200,2020,1
lrugen,6,off,11.000,21.000,0,0
lrugen,7,on,10.300,20.600,3090,0
baseline,1,warmup,50.000,50.000,0,0
baseline,2,off,11.000,22.000,0,0
CSV
out=$("$report" "$dir/runs.csv") || fail "report failed: $out"
info "$out"
expect_match "off row" "$out" '^lru_gen events off +3 +11\.00 \(10\.00\.\.12\.00\) +21\.00 \(20\.00\.\.22\.00\) +0 +0$'
expect_match "on row" "$out" '^lru_gen events on +3 +10\.30 \(10\.10\.\.10\.50\) +20\.60 \(20\.20\.\.21\.00\) +200 +1$'
expect_match "baseline row" "$out" '^baseline kernel +1 +11\.00'
expect_match "on/off ratio" "$out" '^on / off: +wall 0\.936 +CPU 0\.981'
expect_match "off/baseline ratio" "$out" '^off / baseline: +wall 1\.000 +CPU 0\.955'
expect_match "noise" "$out" 'spread over 18\.2% of their median'

printf 'lrugen,1,off,10,20,0,0\n' >"$dir/only-off.csv"
msg=$("$report" "$dir/only-off.csv" 2>&1) && fail "accepted runs without events on"
expect_match "only off" "$msg" 'need lrugen runs with events off and on'
printf 'lrugen,1,off,10,20,0\n' >"$dir/short.csv"
msg=$("$report" "$dir/short.csv" 2>&1) && fail "accepted a short line"
expect_match "short line" "$msg" 'short.csv:1: expected 7 fields, got 6'
printf 'lrugen,1,off,ten,20,0,0\n' >"$dir/nan.csv"
msg=$("$report" "$dir/nan.csv" 2>&1) && fail "accepted a bad number"
expect_match "bad number" "$msg" 'nan.csv:1: not a number'
msg=$("$report" "$dir/missing.csv" 2>&1) && fail "accepted a missing file"
expect_match "missing file" "$msg" 'cannot read'

for bad in "--pairs 0" "--pairs x" "--pairs" "--bogus"; do
	# shellcheck disable=SC2086
	msg=$("$LRUGEN_TOP/bench/tracepoints/run" $bad 2>&1)
	expect_eq "exit status for '$bad'" "$?" 2
done
pass
