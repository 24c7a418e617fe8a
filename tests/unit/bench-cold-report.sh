#!/usr/bin/env bash
# timeout: 120
# bench/cold/report on a synthesized run (tests/fixtures/bench/cold/synth:
# memload, 3 runs each of none, senpai and autoreclaim, in the rotated
# order the guest uses). Its per-run figures (memory.current's mean and
# p95 over the samples inside the workload's start and end, and not the
# two outside; refaults, PSI, the controller's and kswapd's CPU, the
# workload's time) and its changes (the ratio of the geometric means with
# Welch's interval on the logs, the difference of the means with Welch's
# interval) are worked out here again, independently, with awk from the
# raw files. The fixture's numbers are chosen so that each change's Welch
# degrees of freedom are whole (each controller's runs have the same
# spread of logs: df 4; a side without spread: df 2), and the t quantiles
# come from a table; the test checks the df first. The goal's verdict is
# 'met' on the fixture, 'not met' once autoreclaim runs 1.5 times as long,
# and 'inside the noise' once its memory is senpai's. Damaged raw data
# gives a clear error and no report.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/bench-report.sh
. "$(dirname "$0")/../lib/bench-report.sh"
report=$LRUGEN_TOP/bench/cold/report
fixture=$LRUGEN_TOP/tests/fixtures/bench/cold/synth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$fixture" "$tmp/run"
out=$("$report" "$tmp/run" 2>&1) || fail "report failed: $out"
[ -s "$tmp/run/report.json" ] || fail "no report.json"
expect_eq "printed report = report.txt" "$out" "$(cat "$tmp/run/report.txt")"

# report.json flattened once: "run NAME KEY VALUE" per run figure, and
# "cmp REF OTHER KEY ratio|lo|hi|df|diff|dlo|dhi|ddf VALUE" per change
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
def p(*a):
    print(" ".join("none" if x is None else (f"{x:.6g}" if isinstance(x, float) else str(x)) for x in a))
for run in r["runs"]:
    for k, v in run["figures"].items():
        p("run", run["run"], k, v)
comps = [("none", c, v) for c, v in r["against_none"].items()] + [("senpai", "autoreclaim", r["autoreclaim_vs_senpai"])]
for a, b, comp in comps:
    for k, ch in comp.items():
        ci = ch["ratio_ci"] or (None, None)
        d = ch["diff"]
        dci = d["ci"] or (None, None)
        for name, v in (("ratio", ch["ratio"]), ("lo", ci[0]), ("hi", ci[1]), ("df", ch["df"]),
                        ("diff", d["diff"]), ("dlo", dci[0]), ("dhi", dci[1]), ("ddf", d["df"])):
            p("cmp", a, b, k, name, v)
print("goal", r["goal"]["verdict"].replace(" ", "_"))
' "$tmp/run/report.json" >"$tmp/flat" || fail "report.json cannot be read"
got() { # WHAT...: the value in the flat file, or 'missing'
	awk -v w="$*" '{ v = $NF; $NF = ""; sub(/ $/, "") } $0 == w { print v; found = 1 } END { if (!found) print "missing" }' "$tmp/flat"
}
# same WHAT GOT WANT: GOT and WANT agree to 5 significant digits
same() {
	awk -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; s = w < 0 ? -w : w;
		exit !(g != "missing" && g != "none" && d <= 1e-5 * (s > 1e-9 ? s : 1e-9)) }' ||
		fail "$1: the report says $2, the raw files $3"
}

# ---- per run, from the raw files
for dir in "$tmp"/run/runs/*; do
	run=${dir##*/}
	ctl=$(sed -n 's/^controller=//p' "$dir/run.env")
	t0=$(cat "$dir/time.before") t1=$(cat "$dir/time.after")
	# memory.current of the samples inside [t0, t1]: mean, and p95 by
	# nearest rank (the ceil(0.95 n)-th smallest)
	awk -F, -v a="$t0" -v b="$t1" 'NR > 1 && $1 >= a && $1 <= b { print $2 }' "$dir/samples.csv" | sort -n >"$tmp/cur"
	n=$(wc -l <"$tmp/cur")
	[ "$n" -ge 2 ] || fail "$run: the fixture has $n samples inside its run"
	same "$run samples" "$(got run "$run" samples)" "$n"
	same "$run mean memory" "$(got run "$run" mem_mean_mib)" "$(awk '{ s += $1 } END { printf "%.9f", s / NR / 1048576 }' "$tmp/cur")"
	same "$run p95 memory" "$(got run "$run" mem_p95_mib)" \
		"$(awk -v n="$n" 'BEGIN { k = int(n * 95 / 100); if (k < n * 95 / 100) k++ } NR == k { printf "%.9f", $1 / 1048576 }' "$tmp/cur")"
	stat_delta() { awk -v k="$1" '$1 == k { v[FILENAME] = $2 } END { print v[ARGV[2]] - v[ARGV[1]] }' \
		"$dir/memcg.stat.before" "$dir/memcg.stat.after"; }
	same "$run refaults" "$(got run "$run" refaults)" \
		"$(($(stat_delta workingset_refault_anon) + $(stat_delta workingset_refault_file)))"
	same "$run major faults" "$(got run "$run" pgmajfault)" "$(stat_delta pgmajfault)"
	psi_us=$(awk '/^some/ { sub("total=", "", $5); v[FILENAME] = $5 } END { print v[ARGV[2]] - v[ARGV[1]] }' \
		"$dir/memcg.pressure.before" "$dir/memcg.pressure.after")
	same "$run PSI some" "$(got run "$run" psi_some_pct)" "$(awk -v u="$psi_us" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.9f", u / 1e4 / (b - a) }')"
	# CPU: utime + stime, fields 14 and 15, in ticks of 1/100 s
	ksw=$(awk '{ t[FILENAME] += $14 + $15 } END { print (t[ARGV[2]] - t[ARGV[1]]) / 100 }' "$dir/kswapd.before" "$dir/kswapd.after")
	same "$run kswapd CPU" "$(got run "$run" kswapd_cpu_s)" "$ksw"
	ctlcpu=0
	[ "$ctl" = none ] || ctlcpu=$(awk '{ print ($14 + $15) / 100 }' "$dir/ctl.stat.after")
	same "$run controller CPU" "$(got run "$run" ctl_cpu_s)" "$ctlcpu"
	same "$run reclaim CPU" "$(got run "$run" reclaim_cpu_s)" "$(awk -v a="$ctlcpu" -v b="$ksw" 'BEGIN { print a + b }')"
	same "$run run time" "$(got run "$run" work)" "$(sed -n 's/^runtime_s=//p' "$dir/workload.out")"
	echo "$ctl $run" >>"$tmp/runs"
done
expect_eq "runs" "$(wc -l <"$tmp/runs")" 9

# values KEY CTL: a figure of CTL's runs, from the report's per-run lines
# (checked against the raw files above), one a line
values() {
	local c run
	while read -r c run; do
		[ "$c" != "$2" ] || got run "$run" "$1"
	done <"$tmp/runs"
}
# t quantiles at 97.5% for the whole degrees of freedom the fixture gives
tq() {
	awk -v d="$1" 'BEGIN { r = int(d + 0.5); exit !(d - r < 1e-6 && r - d < 1e-6) }' ||
		fail "the fixture gave $1 degrees of freedom, not a whole number: it was changed without this test"
	case $(printf %.0f "$1") in
	2) echo 4.302653 ;;
	4) echo 2.776445 ;;
	*) fail "the fixture gave $1 degrees of freedom, not 2 or 4: it was changed without this test" ;;
	esac
}
# welch LOG A-FILE B-FILE: "estimate df half-width" of mean(B) - mean(A)
# (of the logs with LOG 1), Welch's df rounded to 6 places
welch() {
	awk -v lg="$1" 'function f(x) { return lg ? log(x) : x }
		FILENAME == ARGV[1] { a[++na] = f($1) } FILENAME == ARGV[2] { b[++nb] = f($1) }
		END {
			for (i = 1; i <= na; i++) ma += a[i] / na
			for (i = 1; i <= nb; i++) mb += b[i] / nb
			for (i = 1; i <= na; i++) va += (a[i] - ma) ^ 2 / (na - 1)
			for (i = 1; i <= nb; i++) vb += (b[i] - mb) ^ 2 / (nb - 1)
			qa = va / na; qb = vb / nb
			df = (qa + qb) ^ 2 / (qa ^ 2 / (na - 1) + qb ^ 2 / (nb - 1))
			printf "%.12f %.6f %.12f\n", mb - ma, df, sqrt(qa + qb)
		}' "$2" "$3"
}
# check_ratio REF OTHER KEY: the ratio of the geometric means and its CI
check_ratio() {
	local d df se t
	values "$3" "$1" >"$tmp/a"
	values "$3" "$2" >"$tmp/b"
	read -r d df se <<<"$(welch 1 "$tmp/a" "$tmp/b")"
	t=$(tq "$df") || fail "$t"
	same "$2/$1 $3 df" "$(got cmp "$1" "$2" "$3" df)" "$df"
	same "$2/$1 $3 ratio" "$(got cmp "$1" "$2" "$3" ratio)" "$(awk -v d="$d" 'BEGIN { printf "%.12f", exp(d) }')"
	same "$2/$1 $3 CI low" "$(got cmp "$1" "$2" "$3" lo)" "$(awk -v d="$d" -v t="$t" -v s="$se" 'BEGIN { printf "%.12f", exp(d - t * s) }')"
	same "$2/$1 $3 CI high" "$(got cmp "$1" "$2" "$3" hi)" "$(awk -v d="$d" -v t="$t" -v s="$se" 'BEGIN { printf "%.12f", exp(d + t * s) }')"
}
# check_diff REF OTHER KEY: the difference of the means and its CI
check_diff() {
	local d df se t
	values "$3" "$1" >"$tmp/a"
	values "$3" "$2" >"$tmp/b"
	read -r d df se <<<"$(welch 0 "$tmp/a" "$tmp/b")"
	t=$(tq "$df") || fail "$t"
	same "$2-$1 $3 df" "$(got cmp "$1" "$2" "$3" ddf)" "$df"
	same "$2-$1 $3 difference" "$(got cmp "$1" "$2" "$3" diff)" "$d"
	same "$2-$1 $3 CI low" "$(got cmp "$1" "$2" "$3" dlo)" "$(awk -v d="$d" -v t="$t" -v s="$se" 'BEGIN { printf "%.12f", d - t * s }')"
	same "$2-$1 $3 CI high" "$(got cmp "$1" "$2" "$3" dhi)" "$(awk -v d="$d" -v t="$t" -v s="$se" 'BEGIN { printf "%.12f", d + t * s }')"
}
for pair in "none senpai" "none autoreclaim" "senpai autoreclaim"; do
	# shellcheck disable=SC2086 # the pair, word by word
	{
		check_ratio $pair mem_mean_mib
		check_ratio $pair mem_p95_mib
		check_ratio $pair work
		check_diff $pair refaults
		check_diff $pair psi_some_pct
		check_diff $pair ctl_cpu_s
	}
done
expect_eq "the goal on the fixture" "$(got goal)" met
# memory saved, as the text gives it: 1 - the ratio of the means of memory.current
values mem_mean_mib none >"$tmp/a"
values mem_mean_mib autoreclaim >"$tmp/b"
want=$(welch 1 "$tmp/a" "$tmp/b" | awk '{ printf "%.1f%%", (1 - exp($1)) * 100 }')
expect_match "memory saved by autoreclaim" "$out" "^autoreclaim against none: memory saved $want \["
expect_match "summary row" "$out" "^  memload \| autoreclaim \| 3 \| $want \["

# verdict VARIANT COMMAND...: the goal's verdict once COMMAND changed a copy
verdict() {
	rm -rf "$tmp/v"
	cp -r "$fixture" "$tmp/v"
	(cd "$tmp/v" && "${@:2}") || fail "could not change the copy for $1"
	"$report" "$tmp/v" >"$tmp/v.out" 2>&1 || fail "report failed on $1: $(cat "$tmp/v.out")"
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["goal"]["verdict"])' "$tmp/v/report.json"
}
slower() { # autoreclaim's runs take 1.5 times as long
	local f
	for f in runs/*-autoreclaim/workload.out; do
		awk -F= -v OFS== '$1 == "runtime_s" { $2 = $2 * 1.5 } 1' "$f" >"$f.new" && mv "$f.new" "$f" || return 1
	done
}
as_much() { # autoreclaim's memory.current is senpai's (80 MiB -> 120)
	local f
	for f in runs/*-autoreclaim/samples.csv; do
		awk -F, -v OFS=, 'NR > 1 { $2 = $2 * 1.5 } 1' "$f" >"$f.new" && mv "$f.new" "$f" || return 1
	done
}
expect_eq "the goal, autoreclaim 1.5 times slower" "$(verdict slower slower)" "not met"
expect_eq "the goal, autoreclaim's memory as senpai's" "$(verdict as-much as_much)" "inside the noise"
expect_match "the text says why" "$(cat "$tmp/v.out")" "^goal \(more memory saved than senpai at no more slowdown\): inside the noise"

# ---- damaged raw data: exit 1, a message naming the file, no report
rm_first() { rm "$(find runs -name "$1" | sort | head -n 1)"; }
broken "no samples.csv" "samples.csv: cannot read it" rm_first samples.csv
# shellcheck disable=SC2016 # sed's $, the last line
broken "no sample inside the run" "0 sample\(s\) between the workload's start and end" \
	sed -i '3,$d' runs/01-none/samples.csv
broken "a samples.csv of another layout" "samples.csv: the header is" \
	sed -i '1s/^t,current/time,current/' runs/02-senpai/samples.csv
broken "no ctl.stat.after" "ctl.stat.after: cannot read it" rm runs/03-autoreclaim/ctl.stat.after
broken "an unknown controller" "controller='bogus' is none of none, senpai, autoreclaim" \
	sed -i 's/^controller=.*/controller=bogus/' runs/04-senpai/run.env
broken "no runtime_s" "workload.out: no runtime_s=" sed -i '/^runtime_s=/d' runs/05-autoreclaim/workload.out
broken "no run without a controller" "no run without a controller" \
	rm -r runs/01-none runs/06-none runs/08-none
broken "no setup.env" "setup.env: cannot read it" rm setup.env
pass "bench/cold/report: 9 runs' figures, 18 changes with their intervals and 3 verdicts as recomputed; 8 damaged inputs refused"
