#!/usr/bin/env bash
# bench/record/report on a real run captured from the VM
# (tests/fixtures/bench/record/pairs-3: 3 pairs of workload runs not
# recorded and recorded, after a warm-up; idle and workload recordings at
# two sizes; replays and 3 seeks each): the rows, the recorded/not
# recorded ratios and their bootstrap intervals, the recorder's shares of
# a core, each recording's fixed part and data per minute, the 10-minute
# projection, the CPU per snapshot against cat, and the replay speeds and
# seeks agree with the same figures worked out here from the raw files;
# a run without trace-cmd's own time and one with a 10-minute recording
# are reported as such; damaged raw data gives a clear error and no
# report; bench/record/run --report-only prints the same report and bad
# options are refused before anything starts.
# Figures are awk expressions over runs.csv's fields ('$4 / $6'), written
# in single quotes on purpose:
# shellcheck disable=SC2016
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/record/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/record/pairs-3
runs=$fixture/runs.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# quote TEXT: TEXT as an extended regular expression that matches itself
quote() { sed 's/[][().+]/\\&/g' <<<"$1"; }
# spaced REGEX: each space of REGEX stands for one or more
spaced() { sed 's/ / +/g' <<<"$1"; }
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
info "$out"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"
expect_match "guest line" "$out" "^guest: kernel 6\.12\.117\+, TCG, norandmaps, 2 nodes, 2 CPUs"

# col KIND AWK-EXPRESSION: the expression over KIND's lines of runs.csv
# (fields by number: 4 work_s, 6 rec_s, 7 work_cpu_s, 8 lrugen_cpu_s,
# 9 tracecmd_cpu_s, 10 sys_cpu_s, 11 file_bytes), sorted
col() { awk -F, -v k="$1" "NR > 1 && \$2 == k { printf \"%.9f\\n\", $2 }" "$runs" | sort -g; }
# spread3 [FORMAT]: "median (min..max)" of 3 sorted values on stdin
spread3() { awk -v f="${1:-%.2f}" '{ v[NR] = $1 } END { if (NR != 3) exit 1; printf f " (" f ".." f ")", v[2], v[1], v[3] }'; }
# med3: the middle one of 3 sorted values on stdin
med3() { sed -n 2p; }
expect_eq "pairs in the fixture" "$(col on '$4' | wc -l) $(col off '$4' | wc -l) $(col warmup '$4' | wc -l)" "3 3 1"

# 1. the rows: workload time, its CPU and the guest's, median (min..max)
for row in "not recorded:off" "recorded:on"; do
	k=${row#*:}
	want="^${row%:*} +3 +$(quote "$(col "$k" '$4' | spread3)") +$(quote "$(col "$k" '$7' | spread3)") +$(quote "$(col "$k" '$10' | spread3)")$"
	expect_match "$k row" "$out" "$want"
done
# the warm-up's workload time is in no row
warm=$(printf %.2f "$(col warmup '$4')")
grep -q -- "$warm" <<<"$(grep -E '^(not recorded|recorded) ' <<<"$out")" && fail "the warm-up run ($warm s) was counted"

# recorded / not recorded: the ratio of the medians; with 3 runs a side a
# resampled median is the smallest with probability 7/27, so the smallest
# ratio (smallest on / largest off) has probability 49/729 = 6.7%, more
# than the 2.5% tail: the interval runs from that to largest on / smallest
# off.
ratio3() { # AWK-EXPRESSION
	paste -d' ' <(col on "$1" | tr '\n' ' ') <(col off "$1" | tr '\n' ' ') |
		awk '{ printf "%.3f [%.3f, %.3f]", $2 / $5, $1 / $6, $3 / $4 }'
}
wall=$(ratio3 '$4') cpu=$(ratio3 '$7')
# in figures: the recorded runs took 26.24, 25.39 and 25.16 s, the others
# 19.35, 23.44 and 22.71 s
expect_eq "workload time ratio, in figures" "$wall" "1.118 [1.074, 1.356]"
expect_match "workload time ratio" "$out" "^  workload time $(quote "$wall") +\(aim: at most 1\.02: (meets|misses) it\)$"
expect_match "workload CPU ratio" "$out" "^  workload CPU  $(quote "$cpu")$"
got=$(python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["cost"]
print("%.3f [%.3f, %.3f]" % (c["ratio"], c["ratio_ci"][0], c["ratio_ci"][1]))' "$tmp/run/report.json")
expect_eq "ratio in report.json" "$got" "$wall"
# the verdict goes by the interval: met if all of it is at most 1.02,
# missed if none of it is
verdict=$(tr -d '[],' <<<"$wall" | awk '{ print ($3 <= 1.02 ? "meets it" : $2 > 1.02 ? "misses it" : "the interval spans it") }')
expect_eq "ratio verdict, in figures" "$verdict" "misses it"
expect_match "ratio verdict" "$out" "^  workload time .*: $verdict\)$"

# the shares of a core over lrugen record's run: median (min..max) [min, max]
share() { # LABEL AWK-EXPRESSION; sets $low and $high, the interval
	local s
	s=$(col on "$2 / \$6 * 100" | awk '{ v[NR] = $1 } END { printf "%.2f (%.2f..%.2f) [%.2f, %.2f]", v[2], v[1], v[3], v[1], v[3] }')
	expect_match "$1 share" "$out" "^  $1 +$(quote "$s")( |$)"
	read -r low high <<<"$(col on "$2 / \$6 * 100" | sed -n '1p;$p' | tr '\n' ' ')"
}
share "lrugen record" '$8'
share "trace-cmd" '$9'
share together '($8 + $9)'
verdict=$(awk -v l="$low" -v h="$high" 'BEGIN { print (h < 1 ? "meets it" : l >= 1 ? "misses it" : "the interval spans it") }')
expect_match "share verdict" "$out" "^  together .*\(aim: under 1%: $verdict\)$"

# 2. each recording's fixed part and data per minute: the file less the
# flyrecord bytes of its trace-cmd summary, and those bytes per minute
data() { # RUN: the flyrecord bytes in the recording's summary
	awk '/bytes flyrecord data\]/ { for (i = 1; i < NF; i++) if ($(i + 1) == "bytes") n += $i } END { print n + 0 }' \
		"$fixture"/runs/"$(printf %02d "$1")"-*/summary.txt
}
# logged RUN: "length_s snapshots events lost" from lrugen record's last
# line (the length as util.c's fmt_ms() prints it: 850ms, 12.5s, 1m02s)
logged() {
	sed -n 's/^lrugen record: \([^,]*\), \([0-9]*\) snapshots, \([0-9]*\) events, \([0-9]*\) lost, .*/\1 \2 \3 \4/p' \
		"$fixture"/runs/"$(printf %02d "$1")"-*/record.log |
		awk '{ t = $1
		       if (t ~ /ms$/) s = t / 1000
		       else if (t ~ /^[0-9]+m[0-9]+s$/) { split(t, a, "m"); s = a[1] * 60 + a[2] }
		       else s = t + 0
		       print s, $2, $3, $4 }'
}
# figures RUN: the size table's figures of one recording, unrounded:
# recorded s, snapshots, events, lost, file MiB, fixed MiB, data KiB/min,
# the recorder's share of a core, and lrugen's CPU ms per snapshot
figures() {
	awk -F, -v r="$1" -v d="$(data "$1")" -v l="$(logged "$1")" '$1 == r { split(l, g, " ")
		printf "%.9f %d %d %d %.9f %.9f %.9f %.9f %.9f\n", g[1], g[2], g[3], g[4], $11 / 1048576,
			($11 - d) / 1048576, d / g[1] * 60 / 1024, ($8 + $9) / $6 * 100, $8 * 1000 / g[2] }' "$runs"
}
# medians RUN...: over the RUNs (1 or 3), the median of each figure (lost:
# the sum)
medians() {
	local r i
	for r; do figures "$r"; done >"$tmp/figures"
	for i in 1 2 3 4 5 6 7 8 9; do
		if [ $i = 4 ]; then
			awk '{ n += $4 } END { printf "%d ", n }' "$tmp/figures"
			continue
		fi
		awk -v i="$i" '{ print $i }' "$tmp/figures" | sort -g | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
	done
}
# size_line RUN...: the figures as the size table prints them
size_line() {
	local f

	read -r -a f <<<"$(medians "$@")"
	printf '%.1f %.0f %.0f %d %.2f %.2f %.1f %.1f%%' "${f[@]:0:8}"
}
# ten RUN...: 10 minutes projected, MiB: fixed + 10 x data per minute
ten() {
	medians "$@" | awk '{ printf "%.2f", $6 + 10 * $7 / 1024 }'
}
small=$(sed -n 's/^lruvecs_small=//p' "$fixture/setup.env")
large=$(sed -n 's/^lruvecs_large=//p' "$fixture/setup.env")
runs_of() { awk -F, -v k="$1" -v l="$2" 'NR > 1 && $2 == k && $3 == l { print $1 }' "$runs"; }
expect_eq "recordings in the fixture" "$(runs_of idle "$small" | wc -l) $(runs_of on "$small" | wc -l) $(runs_of idle "$large" | wc -l) $(runs_of load "$large" | wc -l)" \
	"1 3 1 1"
# shellcheck disable=SC2046 # one run number per word
{
	idle_small=$(size_line $(runs_of idle "$small"))
	on_small=$(size_line $(runs_of on "$small"))
	idle_large=$(size_line $(runs_of idle "$large"))
	load_large=$(size_line $(runs_of load "$large"))
}
expect_match "idle size at $small" "$out" "^idle +$small +$(spaced "$(quote "$idle_small")")$"
expect_match "workload size at $small" "$out" "^the workload \(median of 3\) +$small +$(spaced "$(quote "$on_small")")$"
expect_match "idle size at $large" "$out" "^idle +$large +$(spaced "$(quote "$idle_large")")$"
expect_match "workload size at $large" "$out" "^the workload +$large +$(spaced "$(quote "$load_large")")$"

# the snapshots as written: per recording the count and median bytes of
# keyframes and deltas, and the trace data over all bytes written; per line
# the median of those over the recordings
written() { # RUN: "keyframes keyframe-bytes deltas delta-bytes stored"
	awk -F, 'NR > 1 { if ($2 == "k") k[++nk] = $3; else d[++nd] = $3; sum += $3 }
	function med(v, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	END { printf "%d %.9f %d %s %.9f\n", nk, med(k, nk), nd, (nd ? sprintf("%.9f", med(d, nd)) : "-"), data / sum }' \
		data="$(data "$1")" "$fixture"/runs/"$(printf %02d "$1")"-*/snapshots.csv
}
written_line() { # IDLE(0|1) RUN...: the line's figures as printed
	local idle=$1 r i
	shift
	for r; do written "$r"; done >"$tmp/written"
	for i in 1 2 3 4 5; do
		awk -v i="$i" '{ print $i }' "$tmp/written" | sort -g | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
	done | awk -v idle="$idle" '{ printf "%.0f %.1f %.0f %s %s", $1, $2 / 1024, $3, ($4 == "-" ? "-" : sprintf("%.1f", $4 / 1024)),
		(idle ? sprintf("%.0f%%", $5 * 100) : "-") }'
}
# shellcheck disable=SC2046 # one run number per word
{
	expect_match "idle snapshots at $small" "$out" "^idle +$small +$(spaced "$(written_line 1 $(runs_of idle "$small"))")$"
	expect_match "workload snapshots at $small" "$out" \
		"^the workload \(median of 3\) +$small +$(spaced "$(written_line 0 $(runs_of on "$small"))")$"
	expect_match "idle snapshots at $large" "$out" "^idle +$large +$(spaced "$(written_line 1 $(runs_of idle "$large"))")$"
}

# the 10-minute projection, from the medians
# shellcheck disable=SC2046 # one run number per word
{
	want_idle=$(ten $(runs_of idle "$small"))
	want_on=$(ten $(runs_of on "$small"))
}
expect_match "10 minutes idle" "$out" "^  idle +$(quote "$want_idle") MiB +\(aim: under 10 MiB: (meets|misses) it\)$"
expect_match "10 minutes of the workload" "$out" "^  the workload +$(quote "$want_on") MiB +\(aim: under 10 MiB: "

# lrugen's CPU per snapshot (median), against one cat of the same size
cat_ms() { # small|large
	awk -F= -v k="$1" '$1 == "cat_cpu_s_" k { c = $2 } $1 == "cat_reads_" k { n = $2 } END { printf "%.9f", c * 1000 / n }' \
		"$fixture/setup.env"
}
for what in "idle, $small lruvecs:$small:small:idle" "the workload, $small lruvecs (median of 3):$small:small:on" \
	"idle, $large lruvecs:$large:large:idle" "the workload, $large lruvecs:$large:large:load"; do
	IFS=: read -r label lruvecs size kind <<<"$what"
	# shellcheck disable=SC2046 # one run number per word
	ms=$(medians $(runs_of "$kind" "$lruvecs") | awk '{ print $9 }')
	want=$(awk -v m="$ms" -v c="$(cat_ms "$size")" 'BEGIN { printf "%.1f ms, %.2f x cat", m, m / c }')
	expect_match "CPU per snapshot, $label" "$out" "^  $(quote "$label") +$(quote "$want")$"
done

# 3. replays: recorded s over the replay's, frames, seeks median (min..max)
rep() { # RUN KIND: wall_s of each line, sorted
	awk -F, -v r="$1" -v k="$2" 'NR > 1 && $1 == r && $2 == k { print $4 }' "$fixture/replays.csv" | sort -g
}
replayed=$(awk -F, 'NR > 1 && $2 == "replay" { print $1 }' "$fixture/replays.csv")
expect_eq "replayed recordings" "$(wc -w <<<"$replayed")" 4
for r in $replayed; do
	length=$(logged "$r" | awk '{ print $1 }')
	line=$(awk -F, -v r="$r" -v l="$length" '$1 == r { printf "%s +%s +%.1f", ($2 == "idle" ? "idle" : "the workload"), $3, l }' "$runs")
	frames=$(awk -F, -v r="$r" '$1 == r && $2 == "replay" { printf "%s +%.2f", $7, $8 }' "$fixture/replays.csv")
	speed=$(awk -v l="$length" -v w="$(rep "$r" replay)" 'BEGIN { printf "%.2f +%.1f", w, l / w }')
	expect_match "replay of run $r" "$out" \
		"^$line +$frames +$speed +$(quote "$(rep "$r" seek-mid | spread3 %.3f)") +$(quote "$(rep "$r" seek-end | spread3 %.3f)")$"
done

# report.csv: one row per recording, with its file and fixed bytes
expect_eq "report.csv rows" "$(($(wc -l <"$tmp/run/report.csv") - 1))" "$(awk -F, 'NR > 1 && $6 != ""' "$runs" | wc -l)"
r=$(runs_of idle "$small")
expect_eq "report.csv idle row" "$(awk -F, -v r="$r" '$1 == r { print $2, $3, $5, $6, $7, $8, $9 }' "$tmp/run/report.csv")" \
	"idle $small $(logged "$r" | cut -d' ' -f2-) $(awk -F, -v r="$r" -v d="$(data "$r")" '$1 == r { print $11, $11 - d }' "$runs")"

again=$("$LRUGEN_TOP/bench/record/run" --report-only --out "$tmp/run" 2>&1) || fail "--report-only failed: $again"
expect_eq "--report-only" "$again" "$out"

# trace-cmd's time not told apart (lrugen found another trace-cmd): one
# lrugen share, no trace-cmd row, and a word why
cp -r "$fixture" "$tmp/nosplit"
awk -F, -v OFS=, 'NR > 1 && $6 != "" { $9 = "" } { print }' "$runs" >"$tmp/nosplit/runs.csv"
got=$("$report" "$tmp/nosplit" 2>&1) || fail "report without trace-cmd's time failed: $got"
grep -q '^  trace-cmd ' <<<"$got" && fail "a trace-cmd share without its time"
expect_match "no split said" "$got" "trace-cmd did not start through the wrapper in PATH"

# a 10-minute recording: its real size, and its 10 minutes against the aim
cp -r "$fixture" "$tmp/long"
last=$(awk -F, 'END { print $1 }' "$runs")
r=$(runs_of idle "$small")
echo "$((last + 1)),long,$small,601.5,40,603.2,400.1,30.5,12.5,700.2,6291456" >>"$tmp/long/runs.csv"
mkdir "$tmp/long/runs/$(printf %02d $((last + 1)))-long"
cp "$fixture/runs/$(printf %02d "$r")-idle/"{summary.txt,snapshots.csv} "$tmp/long/runs/$(printf %02d $((last + 1)))-long/"
echo "lrugen record: 10m00s, 600 snapshots, 123456 events, 0 lost, 6.0M in /mnt/scratch/record/x.dat" \
	>"$tmp/long/runs/$(printf %02d $((last + 1)))-long/record.log"
got=$("$report" "$tmp/long" 2>&1) || fail "report with a long run failed: $got"
expect_match "long recording" "$got" "^  recorded \(--long\) +6\.00 MiB +in 10\.0 minutes, 40 workload runs +\(aim: under 10 MiB: meets it\)$"
expect_match "long recording's size row" "$got" "^the workload, --long +$small +600\.0 +600 +123456 +0 +6\.00 "

# Damaged raw data: exit 1, a message naming the file and line, no report
n=$(wc -l <"$runs")
broken "a truncated runs.csv" "^record: .*/runs\.csv:$n: expected 11 fields, got [0-9]+; the file is cut short" \
	sh -c 'head -c -12 runs.csv >x && mv x runs.csv'
broken "no recorded runs" "runs\.csv: need workload runs both recorded \('on'\) and not \('off'\)" \
	sh -c 'sed -i "/,on,/d" runs.csv'
broken "an unknown kind" "runs\.csv:3: unknown kind 'sideways'" sh -c 'sed -i "3s/,warmup,/,sideways,/" runs.csv'
broken "an idle recording with a workload time" "runs\.csv:2: the idle line has a work_s" \
	sh -c 'sed -i "2s/^\([0-9]*\),idle,\([0-9]*\),,/\1,idle,\2,9.5,/" runs.csv'
broken "a recording without its size" "runs\.csv:[0-9]+: the on line has no file_bytes" \
	sh -c 'sed -i "0,/,on,/s/^\(.*,on,.*\),[0-9]*$/\1,/" runs.csv'
broken "a bad number" "runs\.csv:[0-9]+: work_s is not a number: 'fast'" \
	sh -c 'sed -i "0,/,off,/s/,off,\([0-9]*\),[0-9.]*,/,off,\1,fast,/" runs.csv'
broken "no summary of a recording" "runs/[0-9]+-idle/summary\.txt: cannot read it" sh -c 'rm runs/*-idle/summary.txt'
broken "a summary trace-cmd did not write" "summary\.txt: no 'bytes flyrecord data' line" \
	sh -c 'for f in runs/*/summary.txt; do echo "trace-cmd: No such file" >"$f"; done'
broken "a summary of another file" "summary\.txt: more trace data .* than the file holds" \
	sh -c 'for f in runs/*/summary.txt; do sed -i "s/, [0-9]* bytes flyrecord data/, 999999999999 bytes flyrecord data/" "$f"; done'
broken "no summary line from lrugen record" "record\.log: no summary line \('lrugen record: LENGTH, N snapshots" \
	sh -c 'for f in runs/*/record.log; do echo "lrugen record: trace-cmd record failed (exit status 1)" >"$f"; done'
broken "a recording without snapshots" "record\.log: a recording of '12ms' with 0 snapshots; lrugen record recorded nothing" \
	sh -c 'for f in runs/*/record.log; do echo "lrugen record: 12ms, 0 snapshots, 0 events, 0 lost, 1K in x" >"$f"; done'
broken "no snapshot sizes" "runs/[0-9]+-on/snapshots\.csv: cannot read it" sh -c 'rm runs/*-on/snapshots.csv'
broken "a snapshot neither keyframe nor delta" "snapshots\.csv:3: not a keyframe \(k\) or delta \(d\) of some bytes: x," \
	sh -c 'for f in runs/*/snapshots.csv; do sed -i "3s/,[kd],/,x,/" "$f"; done'
broken "no keyframe first" "snapshots\.csv: no snapshot, or a first one that is no keyframe" \
	sh -c 'for f in runs/*/snapshots.csv; do sed -i "2s/,k,/,d,/" "$f"; done'
broken "a replay of no recording" "replays\.csv:2: run 99 is no recording in runs\.csv" \
	sh -c 'sed -i "2s/^[0-9]*,/99,/" replays.csv'
broken "a replay without frames" "replays\.csv:[0-9]+: a replay without frames" \
	sh -c 'sed -i "0,/,replay,/s/^\(.*,replay,.*\),[0-9]*,\([0-9.]*\)$/\1,,\2/" replays.csv'
broken "no replays.csv" "replays\.csv: cannot read it" rm replays.csv
broken "a setup.env without the lruvec count" "setup\.env: no lruvecs_small=" sh -c 'sed -i /^lruvecs_small=/d setup.env'

for bad in "--pairs 0" "--lruvecs 50" "--large 500" "--idle 5" "--seeks x" "--pairs" "--bogus"; do
	# shellcheck disable=SC2086 # $bad is an option and its value, or none
	msg=$("$LRUGEN_TOP/bench/record/run" $bad 2>&1)
	expect_eq "exit status for '$bad'" "$?" 2
	expect_match "usage line for '$bad'" "$msg" "^usage: bench/record/run"
done
pass
