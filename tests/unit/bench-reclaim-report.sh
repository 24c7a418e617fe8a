#!/usr/bin/env bash
# bench/reclaim/report on a real run captured from the VM
# (tests/fixtures/bench/reclaim/sizes-64): every request's ratio and s/GiB,
# the totals per mix and interface, and nodeN/reclaim against
# memory.reclaim with its bootstrap interval agree with the same figures
# worked out here from runs.csv; damaged raw data gives a clear error and
# no report; bench/reclaim/run --report-only prints the same report and
# bad options are refused before anything starts.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/reclaim/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/reclaim/sizes-64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"
expect_match "guest line" "$out" "^guest: kernel 6\.12\.117\+, TCG, norandmaps, 2 nodes, 2 CPUs"

# every request: reclaimed / requested and seconds * 1024 / reclaimed
want=$(awk -F, 'NR > 1 { printf "%s,%s,%s,%s,%.4f,%.3f\n", $1, $2, $3, $4, $5 / $3, $6 * 1024 / $5 }' "$fixture/runs.csv")
got=$(awk -F, 'NR > 1 { printf "%s,%s,%s,%s,%.4f,%.3f\n", $1, $2, $3, $4, $8, $9 }' "$tmp/run/report.csv")
expect_eq "per-request ratio and s/GiB in report.csv" "$got" "$want"
expect_eq "report.csv rows" "$(wc -l <"$tmp/run/report.csv")" 19
# the node 0 anon request to nodeN/reclaim, as printed: 64 of 64 MiB in 0.337 s
expect_match "a request's line" "$out" "^0 +anon +64 node +64 +1\.00 +5\.4 +0\.337 ok$"

# per mix and interface: total seconds over total GiB, ratio median and range
for mix in file anon mixed; do
	for method in node memcg debugfs; do
		spg=$(awk -F, -v m=$mix -v i=$method '$2 == m && $4 == i { s += $6; g += $5 } END { printf "%.2f", s * 1024 / g }' \
			"$fixture/runs.csv")
		# two requests each (one per node): the median is their mean
		rr=$(awk -F, -v m=$mix -v i=$method '$2 == m && $4 == i { r[n++] = $5 / $3 }
			END { lo = r[0] < r[1] ? r[0] : r[1]; hi = r[0] < r[1] ? r[1] : r[0]
			      printf "%.2f (%.2f..%.2f)", (lo + hi) / 2, lo, hi }' "$fixture/runs.csv")
		line=$(grep -E "^$mix +$method +2 " <<<"$out") || fail "no summary line for $mix $method"
		expect_eq "$mix $method summary" "$(awk '{ print $4, $5, $6 }' <<<"$line")" "$spg $rr"
	done
done

# node against memcg: the ratio of the medians of the requests' s/GiB and
# its interval. With two requests a side, a resampled median is the
# smaller, the mean or the larger with probabilities 1/4, 1/2, 1/4, so the
# smallest ratio (smaller node / larger memcg) has probability 1/16, more
# than the 2.5% tail: the interval runs from that to larger node / smaller
# memcg.
for mix in file anon mixed; do
	want=$(awk -F, -v m=$mix '$2 == m && $4 == "node" { n[a++] = $6 * 1024 / $5 }
		$2 == m && $4 == "memcg" { c[b++] = $6 * 1024 / $5 }
		function lo(x) { return x[0] < x[1] ? x[0] : x[1] }
		function hi(x) { return x[0] < x[1] ? x[1] : x[0] }
		END { printf "%.3f [%.3f, %.3f]", (n[0] + n[1]) / (c[0] + c[1]), lo(n) / hi(c), hi(n) / lo(c) }' \
		"$fixture/runs.csv")
	got=$(python3 -c 'import json, sys
c = next(x for x in json.load(open(sys.argv[1]))["node_vs_memcg"] if x["mix"] == sys.argv[2])
print("%.3f [%.3f, %.3f]" % (c["ratio"], c["ci"][0], c["ci"][1]))' "$tmp/run/report.json" $mix)
	expect_eq "$mix node/memcg ratio and interval" "$got" "$want"
	re=${want/ \[/ +\\[}
	expect_match "$mix node/memcg line" "$out" "^  $mix +$re\$"
done
# the file mix: node reclaimed at 0.9 and 0.6 s/GiB, memcg at 0.8 and 2.4
expect_match "file ratio" "$out" "^  file +0\.490 +\[0\.269, 1\.100\]$"

again=$("$LRUGEN_TOP/bench/reclaim/run" --report-only --out "$tmp/run" 2>&1) || fail "--report-only failed: $again"
expect_eq "--report-only" "$again" "$out"

# Damaged raw data: exit 1, a message naming the file and line, no report
broken "a truncated runs.csv" "^reclaim: .*/runs\.csv:13: expected 7 fields, got 3; the file is cut short" \
	sh -c 'head -c 380 runs.csv >x && mv x runs.csv'
broken "no header" "runs\.csv: the header is '0,file,64,node,62,0\.057,ok'" sh -c 'sed -i 1d runs.csv'
broken "a bad number" "runs\.csv:3: seconds is not a number: 'fast'" sh -c 'sed -i "3s/0\.051/fast/" runs.csv'
broken "no requests" "runs\.csv: no requests; the guest part stopped" sed -i '1!d' runs.csv
broken "no setup.env" "setup\.env: cannot read it .*run it again" rm setup.env
broken "a setup.env without kernel" "setup\.env: no kernel=" sh -c 'sed -i /^kernel=/d setup.env'
"$report" >/dev/null 2>&1
expect_eq "exit status with no directory" "$?" 2

for bad in 0 1025 x --bogus "--out"; do
	# shellcheck disable=SC2086 # $bad is an option and its value, or none
	msg=$("$LRUGEN_TOP/bench/reclaim/run" $bad 2>&1)
	expect_eq "exit status for '$bad'" "$?" 2
	expect_match "usage line for '$bad'" "$msg" "^usage: bench/reclaim/run"
done
pass
