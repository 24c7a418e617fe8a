#!/usr/bin/env bash
# bench/report/report on a real bench/report/run run captured on the host
# (tests/fixtures/bench/report/busy-1000): the generation time, CPU, page
# size, Chromium's times and the zoom frames' p50 and p95 agree with the
# same figures worked out here from the raw CSV files, and so do the
# PASS/MISS verdicts against the aims (5 s, 5 MiB, 2 s); the step and the
# unbudgeted size come from report.log and setup.env; damaged raw data
# gives a clear error and no report; bench/report/run --report-only prints
# the same report and bad options are refused before anything starts.
set -u
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/report/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/report/busy-1000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
quote() { sed 's/[][().+]/\\&/g' <<<"$1"; }
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"
jq -e . "$tmp/run/report.json" >/dev/null || fail "report.json is not JSON"

# spread FILE COLUMN FORMAT: "median (min..max)" of a CSV column (3 rows)
spread() {
	awk -F, -v c="$2" 'NR > 1 { print $c }' "$1" | sort -g |
		awk -v f="$3" '{ v[NR] = $1 } END { if (NR != 3) exit 1; printf f " (" f ".." f ")", v[2], v[1], v[3] }'
}
# pct P: the nearest-rank P-th percentile of the zoom frames
pct() {
	awk -F, 'NR > 1 { print $3 }' "$fixture/frames.csv" | sort -g |
		awk -v p="$1" '{ v[NR] = $1 } END { k = int(NR * p / 100); if (k < NR * p / 100) k++; if (k < 1) k = 1; printf "%.1f", v[k] }'
}
wall=$(spread "$fixture/generate.csv" 2 "%.2f") || fail "generate.csv has not 3 runs"
cpu=$(awk -F, 'NR > 1 { printf "%.2f\n", $3 + $4 }' "$fixture/generate.csv" | sort -g |
	awk '{ v[NR] = $1 } END { printf "%.2f (%.2f..%.2f)", v[2], v[1], v[3] }')
ready=$(spread "$fixture/loads.csv" 4 "%.0f") || fail "loads.csv has not 3 loads"
mib=$(awk -F, 'END { printf "%.2f", $5 / 1048576 }' "$fixture/generate.csv")
expect_match "generation row" "$out" "^generation, wall \(s, 3 runs\) +$(quote "$wall") +< 5 s +PASS$"
expect_match "CPU row" "$out" "^generation, CPU user\+sys \(s\) +$(quote "$cpu")$"
expect_match "size row" "$out" "^page size \(MiB\) +$mib +< 5 MiB +PASS$"
expect_match "FCP row" "$out" "^first contentful paint \(ms, 3 loads\) +$(quote "$(spread "$fixture/loads.csv" 2 "%.0f")")$"
expect_match "timeline row" "$out" "^timeline drawn \(ms\) +$(quote "$(spread "$fixture/loads.csv" 3 "%.0f")")$"
expect_match "interactive row" "$out" "^interactive: every picture \(ms\) +$(quote "$ready") +< 2000 ms +PASS$"
nfr=$(($(wc -l <"$fixture/frames.csv") - 1))
expect_match "zoom p50" "$out" "^zoom frame p50 \(ms, $nfr frames\) +$(pct 50) "
expect_match "zoom p95" "$out" "^zoom frame p95 \(ms\) +$(pct 95) "
expect_match "the step" "$out" "keep one snapshot in 6 \(2\.72 MiB of page records\)"
expect_match "without the budget" "$out" "no budget\) would make a page of 12\.39 MiB"
expect_match "errors and requests" "$out" "^Console errors and requests in the loads: 0$"

# a MISS: a page of 6 MiB
cp -r "$fixture" "$tmp/big"
sed -i '2,$s/,[0-9]*$/,6291456/' "$tmp/big/generate.csv"
expect_match "a 6 MiB page misses" "$("$report" "$tmp/big" 2>&1)" "^page size \(MiB\) +6\.00 +< 5 MiB +MISS$"

broken "no loads.csv" "loads\.csv" rm loads.csv
broken "a bad header" "generate\.csv: the header" sed -i '1s/.*/run,wall/' generate.csv
broken "no lrugen report line" "report\.log: no line" sh -c ': >report.log'
broken "no setup" "setup\.env" rm setup.env

# the run script: --report-only reprints; bad options exit 2 at once
again=$("$LRUGEN_TOP/bench/report/run" --report-only --out "$tmp/run" 2>&1) || fail "--report-only failed: $again"
expect_eq "--report-only prints the report" "$again" "$out"
for bad in "--lruvecs 1" "--seconds 5" "--repeats 0" "--loads 99" "--kernel x" "--recording $tmp/absent.dat" "--what"; do
	# shellcheck disable=SC2086 # the options are words
	err=$("$LRUGEN_TOP/bench/report/run" $bad --out "$tmp/none" 2>&1)
	expect_eq "run $bad: exit status" "$?" 2
	[ -n "$err" ] || fail "run $bad: refused without a message"
	[ ! -e "$tmp/none" ] || fail "run $bad made $tmp/none"
done
pass "bench/report/report agrees with the raw data of busy-1000; bad data and options refused"
