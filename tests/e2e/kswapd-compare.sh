#!/usr/bin/env bash
# bench/kswapd-compare/run end to end, small: it boots its own VM (2 x 256M,
# zram), runs the anon workload twice per mode, and writes a report whose
# every figure is there and non-negative, with a kswapd profile for each
# mode, made from runs that really switched MGLRU on and off, with the
# workload in a memcg of its own that reclaim took pages from.
# LRUGEN_KERNEL (make check: the debug image) is the kernel it boots.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$LRUGEN_TOP/bench/kswapd-compare/run" ${LRUGEN_KERNEL:+--kernel "$LRUGEN_KERNEL"} --mem 256M --zram 1G --size 130 --repeats 2 \
	--accesses 60000 --out "$out" >"$out/stdout" 2>&1 ||
	fail "bench/kswapd-compare/run failed: $(tail -n 15 "$out/stdout")"
info "$(sed -n '/^kswapd-compare: workload/,$p' "$out/stdout")"
for f in report.txt report.json report.csv setup.env; do
	[ -s "$out/$f" ] || fail "no $f in the results"
done
[ ! -e "$out/incoming" ] || fail "the staging directory $out/incoming was left behind"
# the common setup.env: the guest's facts (norandmaps: vm/run adds it under
# TCG) and the host's
for key in experiment=kswapd-compare "norandmaps=(yes|no)" "accel=(tcg|kvm)" "kernel=" "command=bench/kswapd-compare/run " "image="; do
	grep -qE "^$key" "$out/setup.env" || fail "setup.env has no $key line: $(cat "$out/setup.env")"
done
if grep -q '^accel=tcg' "$out/setup.env"; then
	grep -q '^norandmaps=yes' "$out/setup.env" || fail "a TCG guest without norandmaps: $(grep ^cmdline= "$out/setup.env")"
fi
grep -q "^kswapd CPU (s) " "$out/stdout" || fail "the report was not printed"
python3 - "$out" <<'PY' || fail "report.json does not hold up (above)"
import csv, json, math, os, sys
out = sys.argv[1]
rep = json.load(open(os.path.join(out, "report.json")))
bad = []
modes = ("classic", "mglru")
runs = rep["runs"]
for m in modes:
    n = [r for r in runs if r["mode"] == m]
    if len(n) != 2:
        bad.append(f"{len(n)} {m} runs, want 2")
for r in runs:
    want = "0x0000" if r["mode"] == "classic" else "0x0007"
    if r["enabled"] != want:
        bad.append(f"run {r['run']}: lru_gen/enabled was {r['enabled']}, want {want}")
    inst = r["instances"]
    if len(inst) != 1 or not inst[0].get("pgsteal"):
        bad.append(f"run {r['run']}: no reclaim from the instance's memcg: {inst}")
    if not os.path.getsize(os.path.join(out, r["perf_file"])):
        bad.append(f"run {r['run']}: empty {r['perf_file']}")
for f in rep["figures"]:
    for m in modes:
        for r, v in zip([r for r in runs if r["mode"] == m], f[m]["values"]):
            if v is None and f["key"] in ("direct_p50_us", "direct_p99_us", "direct_max_us", "dr_aged_pct",
                                          "dr_aging_share_pct", "direct_p50_noaging_us") \
                    and not r["figures"]["direct_reclaims"]:
                continue  # no direct reclaim in that run: no latency to show
            if v is None and f["key"] == "direct_p50_noaging_us" and r["figures"]["dr_aged_pct"] == 100:
                continue  # every direct reclaim of the run aged
            if v is None and f["key"] == "scan_steal_direct" and not r["figures"]["pgsteal_direct"]:
                continue  # nothing stolen by direct reclaim: no ratio
            if v is None and f["key"] == "direct_p50_aging_us" and not r["figures"]["dr_aged_pct"]:
                continue  # about 1% of MGLRU's direct reclaims age: often none in a small run
            if v is None or v < 0:
                bad.append(f"{f['key']} ({m}): {v}")
    if f["key"] == "oom_kill" and (f["classic"]["max"] or f["mglru"]["max"]):
        bad.append("the OOM killer ran")
figs = {f["key"]: f for f in rep["figures"]}
for key in ("kswapd_cpu_s", "pgscan_kswapd", "pgsteal_kswapd", "accesses_per_s", "pswpout"):
    for m in modes:
        if not figs[key][m]["min"] or figs[key][m]["min"] <= 0:
            bad.append(f"{key} ({m}) is {figs[key][m]['min']} in some run: was there no pressure?")
for m in modes:
    top = rep["perf"][m]["top"]
    if len(top) < 5 or rep["perf"][m]["samples"] <= 0:
        bad.append(f"{m}: kswapd profile has {len(top)} symbols")
for f in rep["figures"]:
    ci, r = f["ratio_ci"], f["ratio"]
    # two runs a mode: every figure with a ratio has its interval around
    # it, except where a run gave 0 (ratio of means, Fieller) and the two
    # classic runs are too far apart for their mean to be told from 0:
    # then there is no bounded interval, and the report must say so
    if r is not None and f["classic"]["n"] == 2 and f["mglru"]["n"] == 2 and min(f["classic"]["values"]) > 0:
        ch = f["change"]
        cv = f["classic"]["values"]
        tstat = abs(cv[0] + cv[1]) / abs(cv[0] - cv[1]) if cv[0] != cv[1] else math.inf
        if ci is None and ch["method"] == "fieller" and ch["why"] == "the classic mean cannot be told from 0":
            # mean / (sd / sqrt 2) of two values; t(0.975) is at most 12.71 (1 df)
            if tstat >= 12.71:
                bad.append(f"{f['key']}: classic {cv} (t {tstat:.1f}): its mean can be told from 0")
            print(f"# {f['key']}: no interval: {ch['why']} (classic {cv}, t {tstat:.1f})")
            if f"no interval ({ch['why']}): " not in open(os.path.join(out, "report.txt")).read():
                bad.append(f"{f['key']}: report.txt does not say why it has no interval")
        elif ci is None or not ci[0] <= r <= ci[1]:
            bad.append(f"{f['key']}: ratio {r} outside its interval {ci} ({ch['method']}: {ch['why']})")
if not rep["same_sequence"]:
    bad.append("the runs' workload checksums differ")
rows = list(csv.reader(open(os.path.join(out, "report.csv"))))
if len(rows) != 1 + len(runs) * len(rep["figures"]):
    bad.append(f"report.csv has {len(rows)} rows")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
# The same report again from the raw files
again=$("$LRUGEN_TOP/bench/kswapd-compare/run" --report-only --out "$out" 2>&1) ||
	fail "--report-only failed: $again"
expect_eq "--report-only" "$again" "$(cat "$out/report.txt")"
pass
