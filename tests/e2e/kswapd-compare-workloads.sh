#!/usr/bin/env bash
# bench/kswapd-compare/run with a plug-in workload, end to end, small: the
# stand-in plug-in (tests/fixtures/kswapd-compare-workloads/stand-in,
# memload in two processes of the run's memcg) on the 1cpu topology, one
# run per mode. It proves the pipeline, not the numbers: prepare's lines
# reach setup.env, each run has the plug-in's workload.out, its processes
# were charged to the run's memcg, the guest had one vCPU and a CPU-less
# node 1, the MGLRU run traced aging and eviction beside the direct
# reclaims and the classic run none, and the report covers both runs.
# LRUGEN_KERNEL (make check: the debug image) is the kernel it boots.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
KSWAPD_COMPARE_WORKLOADS=$LRUGEN_TOP/tests/fixtures/kswapd-compare-workloads \
	"$LRUGEN_TOP/bench/kswapd-compare/run" ${LRUGEN_KERNEL:+--kernel "$LRUGEN_KERNEL"} \
	--workload stand-in --topology 1cpu --mem 256M --zram 1G --size 130 --repeats 1 \
	--accesses 40000 --out "$out" >"$out/stdout" 2>&1 ||
	fail "bench/kswapd-compare/run --workload stand-in --topology 1cpu failed: $(tail -n 15 "$out/stdout")"
info "$(sed -n '/^kswapd-compare: workload/,$p' "$out/stdout")"
for f in report.txt report.json setup.env; do
	[ -s "$out/$f" ] || fail "no $f in the results"
done
for key in workload=stand-in topology=1cpu cpus=1 nodes=2 bind_node=- plugin=tests/fixtures/kswapd-compare-workloads/stand-in \
	"plugin_size_pct=130" "workload_processes=2" "workload_data_mib=[0-9]+" "mglru_trace_events=lru_gen_aging_begin,lru_gen_aging_end,lru_gen_evict"; do
	grep -qxE "$key" "$out/setup.env" || fail "setup.env has no line $key: $(cat "$out/setup.env")"
done
for mode in mglru classic; do
	dir=$(find "$out/runs" -maxdepth 1 -name "*-$mode")
	[ -d "$dir" ] || fail "no $mode run in $out/runs: $(ls "$out/runs")"
	w=$dir/workload.out
	grep -Eq '^ops=[1-9][0-9]*$' "$w" && grep -Eq '^ops_per_s=[0-9.]+$' "$w" ||
		fail "$mode: workload.out has no ops and ops_per_s: $(cat "$w" 2>&1)"
	expect_eq "$mode: ops" "$(sed -n 's/^ops=//p' "$w")" 40000
	# the plug-in's memload processes were charged to the run's memcg
	steal=$(awk '$1 == "pgsteal" { print $2 }' "$dir/memcg-1.stat.after")
	[ "${steal:-0}" -gt 0 ] || fail "$mode: nothing was reclaimed from the run's memcg (pgsteal ${steal:-missing})"
	grep -q '^topology=1cpu$' "$dir/run.env" || fail "$mode: run.env has no topology=1cpu: $(cat "$dir/run.env")"
	t=$dir/direct-reclaim.trace
	if [ "$mode" = mglru ]; then
		grep -q 'lru_gen_evict:' "$t" || fail "the MGLRU run traced no lru_gen_evict: $(head -n 5 "$t")"
		grep -q 'lru_gen_aging_begin:' "$t" && grep -q 'lru_gen_aging_end:' "$t" ||
			fail "the MGLRU run traced no aging pass, though it reclaimed $steal pages"
	else
		! grep -q 'lru_gen_' "$t" || fail "the classic run traced lru_gen events: $(grep -m 3 lru_gen_ "$t")"
	fi
	# every CPU's ring was read without overrunning
	grep -q '^overrun: 0$' "$dir/trace-stats" && ! grep -Eq '^overrun: [1-9]' "$dir/trace-stats" ||
		fail "$mode: the trace ring overran: $(cat "$dir/trace-stats")"
done
python3 - "$out" <<'PY' || fail "report.json does not hold up (above)"
import json, os, sys
rep = json.load(open(os.path.join(sys.argv[1], "report.json")))
bad = []
runs = rep["runs"]
if sorted(r["mode"] for r in runs) != ["classic", "mglru"]:
    bad.append(f"runs: {[r['mode'] for r in runs]}, want one classic and one MGLRU")
figs = {f["key"]: f for f in rep["figures"]}
for key in ("kswapd_cpu_s", "pgsteal_kswapd"):
    for m in ("classic", "mglru"):
        if key not in figs or not figs[key][m]["median"]:
            bad.append(f"{key} ({m}) missing or 0: was there no pressure?")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
pass
