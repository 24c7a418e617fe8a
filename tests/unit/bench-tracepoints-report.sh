#!/usr/bin/env bash
# bench/tracepoints/report on a real run captured from the VM
# (tests/fixtures/bench/tracepoints/pairs-3: 3 off/on pairs after a
# warm-up): the medians, ranges, event rates, on/off ratios, their
# bootstrap intervals and the noise agree with the same figures worked out
# here from runs.csv; warm-up runs are left out; baseline runs give the
# off/baseline line; damaged raw data gives a clear error and no report;
# bench/tracepoints/run refuses bad options before it starts anything.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/tracepoints/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/tracepoints/pairs-3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# quote TEXT: TEXT as an extended regular expression that matches itself
quote() { sed 's/[][().]/\\&/g' <<<"$1"; }
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
info "$out"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"

# stats MODE COLUMN: "median (min..max)" of a column over MODE's runs (3)
stats() {
	awk -F, -v m="$1" -v c="$2" '$1 == "lrugen" && $3 == m { print $c }' "$fixture/runs.csv" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR != 3) exit 1; printf "%.2f (%.2f..%.2f)", v[2], v[1], v[3] }'
}
# med MODE COLUMN: the median of a column over MODE's runs
med() {
	awk -F, -v m="$1" -v c="$2" '$1 == "lrugen" && $3 == m { print $c }' "$fixture/runs.csv" | sort -g | sed -n 2p
}
ext() { # MODE COLUMN min|max
	awk -F, -v m="$1" -v c="$2" '$1 == "lrugen" && $3 == m { print $c }' "$fixture/runs.csv" | sort -g |
		if [ "$3" = min ]; then head -n 1; else tail -n 1; fi
}
rate() { # MODE: the median of events / wall
	awk -F, -v m="$1" '$1 == "lrugen" && $3 == m { printf "%.6f\n", $6 / $4 }' "$fixture/runs.csv" | sort -g | sed -n 2p
}
lost() { awk -F, -v m="$1" '$1 == "lrugen" && $3 == m { n += $7 } END { print n + 0 }' "$fixture/runs.csv"; }
for mode in off on; do
	want="^lru_gen events $mode +3 +$(stats $mode 4) +$(stats $mode 5) +$(printf %.0f "$(rate $mode)") +$(lost $mode)\$"
	expect_match "$mode row" "$out" "$(quote "$want")"
done
# the warm-up run (13.584 s) is in no row
grep -q '^lrugen,1,warmup,13\.584,' "$fixture/runs.csv" || fail "the fixture has no warm-up run"
grep -q '13\.58' <<<"$out" && fail "the warm-up run was counted"

# on / off: the ratio of the medians; with 3 runs a side a resampled
# median is the smallest with probability 7/27, so the smallest ratio
# (smallest on / largest off) has probability 49/729 = 6.7%, more than the
# 2.5% tail: the interval runs from that to largest on / smallest off.
ratio_line() { # COLUMN
	awk -v a="$(med on "$1")" -v b="$(med off "$1")" -v lo="$(ext on "$1" min)" -v hi="$(ext off "$1" max)" \
		-v lo2="$(ext on "$1" max)" -v hi2="$(ext off "$1" min)" \
		'BEGIN { printf "%.3f [%.3f, %.3f]", a / b, lo / hi, lo2 / hi2 }'
}
wall=$(ratio_line 4) cpu=$(ratio_line 5)
expect_match "on/off line" "$out" "^on / off: +wall $(quote "$wall") +CPU $(quote "$cpu") +\(aim: at most 1\.02\)$"
# in figures: the on runs took 7.887, 8.408 and 10.393 s, the off runs
# 9.388, 7.573 and 6.866 s
expect_eq "on/off wall" "$wall" "1.110 [0.840, 1.514]"
got=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["ratios"]["on / off"]
print("%.4f %.4f %.4f" % (r["cpu"], r["cpu_ci"][0], r["cpu_ci"][1]))' "$tmp/run/report.json")
expect_eq "on/off CPU in report.json" "$got" "$(awk -v a="$(med on 5)" -v b="$(med off 5)" -v lo="$(ext on 5 min)" \
	-v hi="$(ext off 5 max)" -v lo2="$(ext on 5 max)" -v hi2="$(ext off 5 min)" \
	'BEGIN { printf "%.4f %.4f %.4f", a / b, lo / hi, lo2 / hi2 }')"
noise=$(awk -v lo="$(ext off 4 min)" -v hi="$(ext off 4 max)" -v m="$(med off 4)" 'BEGIN { printf "%.1f", (hi - lo) / m * 100 }')
expect_match "noise" "$out" "spread over ${noise//./\\.}% of their median"
expect_match "the interval holds 1" "$out" "^the on/off interval holds 1"
# (numbers as numbers: 10.440 and 10.44 are the same figure)
expect_eq "report.csv" "$(sed -n 2p "$tmp/run/report.csv" | awk -F, -v OFS=, '{ for (i = 3; i <= 8; i++) $i += 0; print }')" \
	"$(echo "off,3,$(med off 4),$(ext off 4 min),$(ext off 4 max),$(med off 5),$(ext off 5 min),$(ext off 5 max),0.0,0" |
		awk -F, -v OFS=, '{ for (i = 3; i <= 8; i++) $i += 0; print }')"

# A real run with --baseline --pairs 1 (baseline-1): the baseline kernel's
# row and off / baseline, the warm-ups left out; one run a mode gives no
# interval and no spread, and the report says so
base=$LRUGEN_TOP/tests/fixtures/bench/tracepoints/baseline-1
cp -r "$base" "$tmp/base"
got=$("$report" "$tmp/base" 2>&1) || fail "report with baseline runs failed: $got"
field() { awk -F, -v l="$1" -v m="$2" -v c="$3" '$1 == l && $3 == m { print $c }' "$base/runs.csv"; }
expect_match "baseline row" "$got" \
	"^baseline kernel +1 +$(printf %.2f "$(field baseline off 4)") +$(printf %.2f "$(field baseline off 5)") +0 +0$"
want=$(awk -v a="$(field lrugen off 4)" -v b="$(field baseline off 4)" -v c="$(field lrugen off 5)" -v d="$(field baseline off 5)" \
	'BEGIN { printf "wall %.3f - +CPU %.3f -", a / b, c / d }')
expect_match "off/baseline line" "$got" "^off / baseline: +$want +\(aim: within the noise\)$"
# in figures: the events-off run took 11.727 s, the baseline's 8.440 s
expect_match "off/baseline wall" "$got" "^off / baseline: +wall 1\.389 "
expect_match "baseline kernel named" "$got" "; baseline 6\.12\.117\+$"
expect_match "no spread from one run" "$got" "^noise: one events-off run, no spread to measure$"
expect_match "no interval from one pair" "$got" "^one pair only: no interval"
grep -q "^baseline_commit=[0-9a-f]\{40\}$" "$base/setup.env" || fail "the baseline fixture names no baseline commit"

again=$("$LRUGEN_TOP/bench/tracepoints/run" --report-only --out "$tmp/run" 2>&1) || fail "--report-only failed: $again"
expect_eq "--report-only" "$again" "$out"

# Damaged raw data: exit 1, a message naming the file and line, no report
broken "a truncated runs.csv" "^tracepoints: .*/runs\.csv:8: expected 7 fields, got 4; the file is cut short" \
	sh -c 'head -c -15 runs.csv >x && mv x runs.csv'
broken "only runs with events off" "runs\.csv: need lrugen runs with events off and on" \
	sh -c 'sed -i "/,on,/d" runs.csv'
broken "an unknown mode" "runs\.csv:3: unknown mode 'sideways'" sh -c 'sed -i "3s/,off,/,sideways,/" runs.csv'
broken "a bad number" "runs\.csv:4: wall_s is not a number: 'ten'" sh -c 'sed -i "4s/,7\.887,/,ten,/" runs.csv'
broken "a zero wall time" "runs\.csv:3: wall time must be positive" sh -c 'sed -i "3s/,9\.388,/,0,/" runs.csv'
broken "no runs.csv" "runs\.csv: cannot read it" rm runs.csv
broken "no setup.env" "setup\.env: cannot read it" rm setup.env

for bad in "--pairs 0" "--pairs x" "--pairs" "--bogus"; do
	# shellcheck disable=SC2086 # $bad is an option and its value, or none
	msg=$("$LRUGEN_TOP/bench/tracepoints/run" $bad 2>&1)
	expect_eq "exit status for '$bad'" "$?" 2
	expect_match "usage line for '$bad'" "$msg" "^usage: bench/tracepoints/run"
done
pass
