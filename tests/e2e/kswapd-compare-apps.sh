#!/usr/bin/env bash
# timeout: 1200
# bench/kswapd-compare/run with the application plug-ins (memcached,
# Redis, fio, PostgreSQL: bench/kswapd-compare/workloads/), end to end, as small as
# still makes their memcg reclaim, one run a mode, one boot each. It
# proves the pipeline, not the numbers: on 2 x 256M with KC_MEMCG_PCT=6,
# the memcg limit is about 29 MiB and the data 1.5 times that (memcached
# and Redis: 2877 keys, 1000 gets; fio: 42 MiB of files, 4000 reads;
# PostgreSQL: pgbench scale 2, 1000 select-only transactions).
# 203 s under TCG with the debug kernel, beside another benchmark VM on
# the 2-core host for the first three (run takes one workload a boot:
# four boots; PostgreSQL adds about 90 s), hence
# the generous timeout above. For each:
# - every run's workload.out has operations, a rate and ordered latency
#   percentiles (p50 <= p99 <= p99.9), and memcached's and Redis's every
#   get hit (kvload checks each value it reads back);
# - the plug-in set its memcg limit and that memcg reclaimed (pgscan and
#   pgsteal rose in the run's memcg-1.stat), while the guest found no
#   process of the plug-in left behind (it fails the run otherwise);
# - report.json has one run a mode and the workload's figures in both,
#   and the printed report shows them.
# LRUGEN_KERNEL (make check: the debug image) is the kernel it boots.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

memcg_pct=6

# kc OUT WORKLOAD ACCESSES: bench/kswapd-compare/run, small, into OUT
kc() {
	local out=$1 f
	KC_MEMCG_PCT=$memcg_pct "$LRUGEN_TOP/bench/kswapd-compare/run" ${LRUGEN_KERNEL:+--kernel "$LRUGEN_KERNEL"} \
		--mem 256M --zram 1G --size 150 --repeats 1 --accesses "$3" --workload "$2" --out "$out" \
		>"$tmp/stdout" 2>&1 ||
		fail "bench/kswapd-compare/run --workload $2 failed: $(tail -n 15 "$tmp/stdout")"
	info "$(sed -n '/^kswapd-compare: workload/,/^figure/p' "$tmp/stdout")"
	for f in report.txt report.json setup.env; do
		[ -s "$out/$f" ] || fail "$2: no $f in the results"
	done
	grep -qx "workload=$2" "$out/setup.env" && grep -qx "env_KC_MEMCG_PCT=$memcg_pct" "$out/setup.env" &&
		grep -Eqx 'workload_memcg_max_mib=[1-9][0-9]*' "$out/setup.env" ||
		fail "$2: setup.env has no workload=$2, env_KC_MEMCG_PCT=$memcg_pct and a memcg limit: $(cat "$out/setup.env")"
}

# stat_delta DIR KEY: how much KEY rose in the run's memcg
stat_delta() {
	awk -v k="$2" '$1 == k { v[FILENAME] = $2 } END { print v[ARGV[2]] - v[ARGV[1]] }' \
		"$1/memcg-1.stat.before" "$1/memcg-1.stat.after"
}

# runs_hold OUT WORKLOAD: both runs' raw files, as the plug-in must leave them
runs_hold() {
	local out=$1 app=$2 mode dir w key scan steal
	for mode in mglru classic; do
		dir=$(find "$out/runs" -maxdepth 1 -name "*-$mode")
		[ -d "$dir" ] || fail "$app: no $mode run in $out/runs: $(ls "$out/runs")"
		w=$dir/workload.out
		grep -Eq '^ops=[1-9][0-9]*$' "$w" && grep -Eq '^ops_per_s=[0-9.]*[1-9][0-9.]*$' "$w" ||
			fail "$app $mode: workload.out has no ops and ops_per_s above 0: $(cat "$w" 2>&1)"
		awk -F= '{ v[$1] = $2 }
			END { exit !(v["lat_p50_us"] != "" && v["lat_p50_us"] + 0 <= v["lat_p99_us"] + 0 &&
				v["lat_p99_us"] + 0 <= v["lat_p999_us"] + 0 && v["lat_p999_us"] > 0) }' "$w" ||
			fail "$app $mode: latency percentiles missing or out of order (p50 <= p99 <= p99.9): $(grep '^lat_' "$w")"
		case $app in
		memcached|redis)
			key=$(sed -n "s/^${app}_hit_ratio=//p" "$w")
			awk -v r="$key" 'BEGIN { exit !(r != "" && r + 0 == 1) }' ||
				fail "$app $mode: hit ratio '$key', want 1: the server lost keys ($(grep "^${app}_" "$w" | paste -sd' '))"
			expect_eq "$app $mode: misses" "$(sed -n "s/^${app}_misses=//p" "$w")" 0
			expect_eq "$app $mode: hits" "$(sed -n "s/^${app}_hits=//p" "$w")" "$(sed -n 's/^ops=//p' "$w")"
			;;
		fio)
			[ -s "$dir/fio.json" ] || fail "fio $mode: no fio.json in $dir"
			;;
		postgres)
			[ -s "$dir/pgbench.out" ] || fail "postgres $mode: no pgbench.out in $dir"
			expect_eq "postgres $mode: transactions" "$(sed -n 's/^ops=//p' "$w")" 1000
			;;
		esac
		key=${app}_memcg_max_mib
		grep -Eq "^$key=[1-9][0-9]*$" "$w" || fail "$app $mode: no memcg limit set ($(grep "^$key=" "$w"))"
		# the data outgrew the limit: the run's memcg reclaimed
		scan=$(stat_delta "$dir" pgscan)
		steal=$(stat_delta "$dir" pgsteal)
		[ "${scan:-0}" -gt 0 ] && [ "${steal:-0}" -gt 0 ] ||
			fail "$app $mode: the run's memcg reclaimed nothing (pgscan +${scan:-?}, pgsteal +${steal:-?}): was the data not larger than its $(sed -n "s/^$key=//p" "$w") MiB limit?"
		info "$app $mode: $(grep -E '^(ops|ops_per_s|lat_p99_us)=' "$w" | paste -sd' '), memcg pgscan +$scan pgsteal +$steal"
	done
}

# report_holds OUT WORKLOAD: report.json has one run a mode and the
# workload's figures, above 0, in both; report.txt prints them
report_holds() {
	python3 - "$@" <<'PY' || fail "report.json of $2 does not hold up (above)"
import json, os, sys
out, app = sys.argv[1], sys.argv[2]
rep = json.load(open(os.path.join(out, "report.json")))
bad = []
if sorted(r["mode"] for r in rep["runs"]) != ["classic", "mglru"]:
    bad.append(f"runs: {[r['mode'] for r in rep['runs']]}, want one classic and one MGLRU")
figs = {f["key"]: f for f in rep["figures"]}
want = {"wl_ops": None, "wl_ops_per_s": None, "wl_lat_p50_us": None, "wl_lat_p99_us": None,
        "wl_lat_p999_us": None, f"wl_{app}_memcg_max_mib": None}
if app in ("memcached", "redis"):
    want[f"wl_{app}_hit_ratio"] = 1
for key, value in want.items():
    for m in ("classic", "mglru"):
        got = figs[key][m]["median"] if key in figs else None
        if got is None:
            bad.append(f"{key} ({m}) is missing")
        elif not got > 0 or (value is not None and got != value):
            bad.append(f"{key} ({m}) is {got}, want {value or 'above 0'}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
	grep -q '^workload ops/s ' "$1/report.txt" && grep -q '^workload latency p99 ' "$1/report.txt" ||
		fail "$2: the report does not print the workload's ops/s and p99: $(grep -m 5 '^workload' "$1/report.txt")"
}

# the key-value stores: as many gets as the 1000 the run allows at least;
# fio: a few thousand reads after its warm-up read of every file;
# PostgreSQL: a thousand transactions
for app in memcached redis fio postgres; do
	[ -x "$LRUGEN_TOP/bench/kswapd-compare/workloads/$app" ] ||
		fail "bench/kswapd-compare/workloads/$app is missing or not executable"
	out=$tmp/$app
	case $app in fio) n=4000 ;; *) n=1000 ;; esac
	kc "$out" "$app" "$n"
	runs_hold "$out" "$app"
	report_holds "$out" "$app"
done
pass
