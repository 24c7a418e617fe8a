#!/usr/bin/env bash
# timeout: 900
# bench/kswapd-compare/run with plug-in workloads, end to end, small, one
# run per mode. It proves the pipeline, not the numbers. 147 s under TCG
# with the debug kernel beside a kernel build; over 300 s with four other
# VMs on the 2-core host (337 s), hence the timeout above. It runs:
# - the stand-in plug-in (tests/fixtures/kswapd-compare-workloads/stand-in,
#   memload in two processes of the run's memcg) on the 1cpu topology: the
#   plug-in contract (prepare's lines in setup.env, each run's
#   workload.out, the processes charged to the run's memcg), a guest with
#   one vCPU and a CPU-less node 1, no TLB-flush IPI in kswapd's profile;
# - the shared-mapping plug-in (bench/kswapd-compare/workloads/shared,
#   4 workers) on the default 2cpu topology, with a KC_* setting passed
#   through to it, and its figures in the report.
# In both, the MGLRU run traced aging and eviction beside the direct
# reclaims and the classic run none, and no trace event was lost.
# LRUGEN_KERNEL (make check: the debug image) is the kernel it boots.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# kc OUT ARGS...: bench/kswapd-compare/run, small, into OUT
kc() {
	local out=$1
	shift
	"$LRUGEN_TOP/bench/kswapd-compare/run" ${LRUGEN_KERNEL:+--kernel "$LRUGEN_KERNEL"} \
		--mem 256M --zram 1G --size 130 --repeats 1 --accesses 40000 --out "$out" "$@" \
		>"$tmp/stdout" 2>&1 ||
		fail "bench/kswapd-compare/run $* failed: $(tail -n 15 "$tmp/stdout")"
	info "$(sed -n '/^kswapd-compare: workload/,/^figure/p' "$tmp/stdout")"
	for f in report.txt report.json setup.env; do
		[ -s "$out/$f" ] || fail "$*: no $f in the results"
	done
}

# setup_has OUT LINE-REGEX...: setup.env has a line of each
setup_has() {
	local out=$1 key
	shift
	for key; do
		grep -qxE "$key" "$out/setup.env" || fail "setup.env has no line $key: $(cat "$out/setup.env")"
	done
}

# runs_hold OUT TOPOLOGY: both runs' raw files, as the guest must leave them
runs_hold() {
	local out=$1 mode dir w t steal
	for mode in mglru classic; do
		dir=$(find "$out/runs" -maxdepth 1 -name "*-$mode")
		[ -d "$dir" ] || fail "no $mode run in $out/runs: $(ls "$out/runs")"
		w=$dir/workload.out
		grep -Eq '^ops=[1-9][0-9]*$' "$w" && grep -Eq '^ops_per_s=[0-9.]+$' "$w" ||
			fail "$mode: workload.out has no ops and ops_per_s: $(cat "$w" 2>&1)"
		expect_eq "$mode: ops" "$(sed -n 's/^ops=//p' "$w")" 40000
		# the plug-in's processes were charged to the run's memcg
		steal=$(awk '$1 == "pgsteal" { print $2 }' "$dir/memcg-1.stat.after")
		[ "${steal:-0}" -gt 0 ] || fail "$mode: nothing was reclaimed from the run's memcg (pgsteal ${steal:-missing})"
		grep -qx "topology=$2" "$dir/run.env" || fail "$mode: run.env has no topology=$2: $(cat "$dir/run.env")"
		t=$dir/direct-reclaim.trace
		if [ "$mode" = mglru ]; then
			grep -q 'lru_gen_evict:' "$t" || fail "the MGLRU run traced no lru_gen_evict: $(head -n 5 "$t")"
			grep -q 'lru_gen_aging_begin:' "$t" && grep -q 'lru_gen_aging_end:' "$t" ||
				fail "the MGLRU run traced no aging pass, though it reclaimed $steal pages"
		else
			! grep -q 'lru_gen_' "$t" || fail "the classic run traced lru_gen events: $(grep -m 3 lru_gen_ "$t")"
		fi
		grep -q '^overrun: ' "$dir/trace-stats" && ! grep -Eq '^overrun: [1-9]' "$dir/trace-stats" ||
			fail "$mode: the trace ring overran: $(cat "$dir/trace-stats")"
	done
}

# report_holds OUT FIGURE-KEY...: report.json has one run a mode, kswapd
# reclaimed in both, and each FIGURE-KEY has a value in both modes
report_holds() {
	python3 - "$@" <<'PY' || fail "report.json of $1 does not hold up (above)"
import json, os, sys
rep = json.load(open(os.path.join(sys.argv[1], "report.json")))
bad = []
runs = rep["runs"]
if sorted(r["mode"] for r in runs) != ["classic", "mglru"]:
    bad.append(f"runs: {[r['mode'] for r in runs]}, want one classic and one MGLRU")
figs = {f["key"]: f for f in rep["figures"]}
for key in ["kswapd_cpu_s", "pgsteal_kswapd"] + sys.argv[2:]:
    for m in ("classic", "mglru"):
        if key not in figs or figs[key][m]["median"] is None:
            bad.append(f"{key} ({m}) is missing")
        elif key in ("kswapd_cpu_s", "pgsteal_kswapd") and not figs[key][m]["median"] > 0:
            bad.append(f"{key} ({m}) is {figs[key][m]['median']}: was there no pressure?")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# The stand-in on one vCPU
out=$tmp/stand-in
KSWAPD_COMPARE_WORKLOADS=$LRUGEN_TOP/tests/fixtures/kswapd-compare-workloads kc "$out" --workload stand-in --topology 1cpu
setup_has "$out" workload=stand-in topology=1cpu cpus=1 nodes=2 bind_node=- \
	plugin=tests/fixtures/kswapd-compare-workloads/stand-in plugin_size_pct=130 workload_processes=2 "workload_data_mib=[0-9]+" \
	"mglru_trace_events=lru_gen_aging_begin,lru_gen_aging_end,lru_gen_evict"
runs_hold "$out" 1cpu
report_holds "$out" wl_ops_per_s
# one vCPU: no CPU to send a TLB-flush IPI to, so kswapd does not wait in
# smp_call_function_many_cond (under 2cpu it takes 20-40% of its samples)
ipi=$(awk '$NF == "smp_call_function_many_cond" { sub("%", "", $1); if ($1 + 0 >= 1) print FILENAME ": " $0 }' \
	"$out"/runs/*/kswapd-perf.txt)
[ -z "$ipi" ] || fail "kswapd waited for IPIs on a guest with one vCPU: $ipi"

# The shared-mapping workload, as a user runs it
out=$tmp/shared
[ -x "$LRUGEN_TOP/bench/kswapd-compare/workloads/shared" ] ||
	fail "bench/kswapd-compare/workloads/shared is missing or not executable"
KC_SHARED_PROCESSES=4 kc "$out" --workload shared
setup_has "$out" workload=shared topology=2cpu cpus=2 env_KC_SHARED_PROCESSES=4 workload_processes=4 "workload_data_mib=[0-9]+"
runs_hold "$out" 2cpu
report_holds "$out" wl_ops_per_s wl_lat_p99_us
pass
