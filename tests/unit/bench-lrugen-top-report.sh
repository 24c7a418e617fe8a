#!/usr/bin/env bash
# bench/lrugen-top/report on the real 10,000-memcg run captured from the VM
# (tests/fixtures/bench/lrugen-top/memcgs-10k): CPU per refresh, the ratios
# to the cat of the same round and their bootstrap intervals, the churn
# ratio, peak RSS and the PASS/MISS verdicts agree with the same figures
# worked out here from runs.csv; damaged raw data gives a clear error and
# no report; bench/lrugen-top/run --report-only prints the same report and
# bad options are refused before anything starts.
set -u
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/lrugen-top/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/lrugen-top/memcgs-10k
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
quote() { sed 's/[][().]/\\&/g' <<<"$1"; }
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"

# ms KIND: "round ms" per run of KIND: CPU ms per refresh, lrugen's
# stats_cpu_s or, for cat, user + sys
ms() {
	awk -F, -v k="$1" 'NR > 1 && $2 == k { printf "%d %.6f\n", $1, ($7 != "" ? $7 : $5 + $6) * 1000 / $3 }' \
		"$fixture/runs.csv" | sort -n
}
# per_round KIND BASE: KIND's figure over BASE's, round by round, sorted
per_round() {
	join <(ms "$1") <(ms "$2") | awk '{ printf "%.6f\n", $2 / $3 }' | sort -g
}
# with 3 rounds a resampled median is the smallest with probability 7/27,
# far above the 2.5% tail: the interval of the median is the whole range
med_ci() { # FORMAT: "median [min, max]" of sorted lines on stdin
	awk -v f="$1" '{ v[NR] = $1 } END { if (NR != 3) exit 1; printf f " [" f ", " f "]", v[2], v[1], v[3] }'
}
expect_eq "rounds in the fixture" "$(ms cat | wc -l)" 3

# the table: median (min..max) of CPU ms per refresh, per kind
for row in "cat lru_gen_full (one cat, K reads):cat" "lrugen top --no-events, no rows shown:quiet" \
	"the same, while memcgs churn:churn" "lrugen top (events on), all rows:events"; do
	want=$(ms "${row#*:}" | awk '{ print $2 }' | sort -g |
		awk '{ v[NR] = $1 } END { printf "%.2f (%.2f..%.2f)", v[2], v[1], v[3] }')
	expect_match "${row#*:} row" "$out" "^$(quote "${row%:*}") +$(quote "$want") "
done
# cat's CPU per refresh in round 1: (0.359 + 150.142) s * 1000 / 10
expect_match "cat median" "$out" "^cat lru_gen_full .* 15050\.10 \(15041\.40\.\.18208\.10\)"

# the targets: quiet / cat of the same round, churn / quiet of the same
# round, each with its interval; peak RSS over all lrugen runs
quiet=$(per_round quiet cat | med_ci "%.4f")
churn=$(per_round churn quiet | med_ci "%.4f")
expect_eq "quiet / cat" "$quiet" "0.6056 [0.5903, 0.6897]"
expect_match "refresh / cat target" "$out" \
	"^refresh / cat \(read, parse, model\) +$(quote "${quiet%% *}")x +<= 1\.2x +PASS +$(quote "${quiet#* }")$"
expect_match "churn target" "$out" \
	"^refresh with churn / without +$(quote "${churn%% *}")x +<= 1\.5x +PASS +$(quote "${churn#* }")$"
events=$(per_round events cat | med_ci "%.4f")
expect_match "events on / cat" "$out" "^  the same, events on +$(quote "${events%% *}")x"
rss=$(awk -F, 'NR > 1 && $2 != "cat" && $8 > m { m = $8 } END { printf "%.1f", m / 1024 }' "$fixture/runs.csv")
expect_eq "peak RSS" "$rss" 26.2
expect_match "peak RSS target" "$out" "^peak RSS \(largest of all lrugen runs\) +$(quote "$rss") MiB +<= 24 MiB +MISS$"
idle=$(awk -F, '$2 == "idle" { printf "%.2f%%", $7 / $4 * 100 }' "$fixture/runs.csv")
expect_match "CPU at -d 1" "$out" "^CPU at -d 1, 20 refreshes in 337 s +$(quote "$idle")"
# the same round's ratios, median (min..max) and interval
want=$(per_round noevents cat | awk '{ v[NR] = $1 } END { printf "%.2f (%.2f..%.2f) +\\[%.2f, %.2f\\]", v[2], v[1], v[3], v[1], v[3] }')
expect_match "noevents / cat, same round" "$out" "^  lrugen top --no-events, all rows +$(sed 's/[().]/\\&/g' <<<"$want")$"
churned=$(awk -F= '/^churned_/ { print $2 / 10 / 10000 * 100 }' "$fixture/setup.env" | sort -g |
	awk '{ v[NR] = $1 } END { printf "%.1f (%.1f..%.1f)", v[2], v[1], v[3] }')
expect_match "churn share" "$out" "^churn: $(quote "$churned")% of the memcgs replaced per refresh"
got=$(python3 -c 'import json, sys
t = {x["figure"]: x for x in json.load(open(sys.argv[1]))["targets"]}
print(t["refresh_x_cat"]["result"], t["peak_rss_kb"]["value"], t["peak_rss_kb"]["result"],
      "%.4f" % t["churn_x_quiet"]["ci"][1])' "$tmp/run/report.json")
expect_eq "report.json targets" "$got" "PASS 26816 MISS ${churn: -7:6}"

again=$("$LRUGEN_TOP/bench/lrugen-top/run" --report-only --out "$tmp/run" 2>&1) || fail "--report-only failed: $again"
expect_eq "--report-only" "$again" "$out"

# Damaged raw data: exit 1, a message naming the file and line, no report
broken "a truncated runs.csv" "^lrugen-top: .*/runs\.csv:17: expected 8 fields, got 5; the file is cut short" \
	sh -c 'head -c -25 runs.csv >x && mv x runs.csv'
broken "no idle run" "runs\.csv: no 'idle' runs; the guest part stopped early" sh -c 'sed -i /,idle,/d runs.csv'
broken "no churn run" "runs\.csv: no 'churn' runs" sh -c 'sed -i /,churn,/d runs.csv'
broken "lrugen without stats" "runs\.csv:3: a 'quiet' run without lrugen's --stats figures" \
	sh -c 'sed -i "3s/,91\.1467,22300$/,,/" runs.csv'
broken "the old file names" "runs\.csv: cannot read it" mv runs.csv lrugen-bench.csv
broken "a setup.env without lruvecs" "setup\.env: no lruvecs=" sh -c 'sed -i /^lruvecs=/d setup.env'

for bad in "--memcgs 5" "--churn 51" "--rounds x" "--seconds" "--bogus"; do
	# shellcheck disable=SC2086
	msg=$("$LRUGEN_TOP/bench/lrugen-top/run" $bad 2>&1)
	expect_eq "exit status for '$bad'" "$?" 2
	expect_match "usage line for '$bad'" "$msg" "^usage: bench/lrugen-top/run"
done
pass
