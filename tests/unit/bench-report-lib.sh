#!/usr/bin/env bash
# bench/lib/report.py, the module every bench report imports: its medians,
# percentiles and bootstrap intervals give the known answers for inputs
# whose answer is known, the same answer every time; its CSV reader and
# /proc parsers take what the guest writes and refuse, naming the file
# and line, what it does not.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
python3 - "$LRUGEN_TOP/bench/lib" <<'PY' || fail "bench/lib/report.py is wrong (above)"
import math, os, random, sys, tempfile
sys.path.insert(0, sys.argv[1])
import report as R

bad = []


def check(what, got, want):
    if got != want:
        bad.append(f"{what}: got {got!r}, want {want!r}")


# medians and percentiles
check("median odd", R.median([3, 1, 2]), 2)
check("median even", R.median([4, 1, 3, 2]), 2.5)
check("median skips None", R.median([4, None, 1]), 2.5)
check("median of nothing", R.median([None]), None)
vals = list(range(100, 0, -1))
check("p50 of 1..100", R.percentile(vals, 50), 50)
check("p99 of 1..100", R.percentile(vals, 99), 99)
check("p100 of 1..100", R.percentile(vals, 100), 100)
check("p99 of one value", R.percentile([7], 99), 7)
check("p50 of nothing", R.percentile([], 50), None)
check("p50 of 1..7 (nearest rank)", R.percentile([5, 1, 7, 3, 2, 6, 4], 50), 4)
s = R.spread([5, None, 1, 9])
check("spread", (s["median"], s["min"], s["max"], s["n"]), (5, 1, 9, 3))
check("fmt_spread", R.fmt_spread([1, 2, 10]), "2.00 (1.00..10.00)")
check("fmt_spread of one", R.fmt_spread([3]), "3.00")
check("ratio of medians", R.ratio([2, 4, 6], [1, 2, 3]), 2.0)
check("ratio over 0", R.ratio([1], [0]), None)

# bootstrap intervals: no interval from fewer than 2 values
check("CI of one value", R.ci_median([3]), None)
check("ratio CI of one value", R.ci_ratio([3], [1, 2]), None)
# a constant sample: every resample has the same median
check("CI of a constant", R.ci_median([4, 4, 4, 4]), (4, 4))
check("ratio CI of constants", R.ci_ratio([6, 6, 6], [2, 2]), (3.0, 3.0))
# 3 values: a resample's median is the smallest with probability 7/27,
# far above the 2.5% tail, so the interval is the whole range
check("CI of 3 values", R.ci_median([10, 30, 20]), (10, 30))
# 11 values, k of them 1 and the rest 0: a resample's median is 1 when 6
# or more of its 11 draws are 1, with probability P(Bin(11, k/11) >= 6):
# 0.7% for k = 2 (inside the 2.5% tail: the interval is [0, 0]) and 17%
# for k = 4 (the interval reaches 1)
def p_one(k):
    p = k / 11
    return sum(math.comb(11, i) * p ** i * (1 - p) ** (11 - i) for i in range(6, 12))
assert p_one(2) < 0.015 and p_one(4) > 0.1
check("CI with 2 of 11 ones", R.ci_median([0] * 9 + [1] * 2), (0, 0))
check("CI with 4 of 11 ones", R.ci_median([0] * 7 + [1] * 4), (0, 1))
# a large sample: the median's interval is about median +- 1.96 sd, the
# sd of the median of 1..1001 being sqrt(n) / 2 = 15.8 ranks
lo, hi = R.ci_median(range(1, 1002))
if not (501 - 40 <= lo <= 501 - 22 and 501 + 22 <= hi <= 501 + 40):
    bad.append(f"CI of the median of 1..1001: [{lo}, {hi}], want about [470, 532]")
# the same data, the same interval: the seed is fixed
data = [9.4, 7.6, 6.9, 8.1, 10.2]
check("CI is repeatable", R.ci_median(data), R.ci_median(list(data)))
check("ratio CI is repeatable", R.ci_ratio(data, [7.9, 8.4, 10.4]), R.ci_ratio(data, [7.9, 8.4, 10.4]))
# the ratio's interval holds the ratio of the medians and scales with it
r = R.ci_ratio(data, [7.9, 8.4, 10.4])
if not r[0] <= R.ratio(data, [7.9, 8.4, 10.4]) <= r[1]:
    bad.append(f"ratio CI {r} does not hold the ratio of medians")
r2 = R.ci_ratio([2 * x for x in data], [7.9, 8.4, 10.4])
check("ratio CI scales", (round(r2[0], 9), round(r2[1], 9)), (round(2 * r[0], 9), round(2 * r[1], 9)))
check("ratio CI over medians of 0", R.ci_ratio([1, 2], [0, 0, 0]), None)
check("fmt_ci", R.fmt_ci((0.5, 1.25)), "[0.50, 1.25]")


# Student's t: quantiles from the printed tables (to 6 decimals), and
# distribution functions with a closed form: Cauchy (1 degree of freedom)
# and 2 degrees of freedom, 1/2 + x / (2 sqrt(x^2 + 2))
def near(what, got, want, tol=1e-6):
    if got is None or abs(got - want) > tol:
        bad.append(f"{what}: got {got!r}, want {want!r} (within {tol})")


for p, df, want in ((0.975, 1, 12.706205), (0.975, 2, 4.302653), (0.975, 4, 2.776445), (0.975, 10, 2.228139),
                    (0.975, 30, 2.042272), (0.8, 4, 0.940965), (0.8, 30, 0.853767), (0.975, None, 1.959964),
                    (0.025, 4, -2.776445)):
    near(f"t quantile {p} with {df} df", R.t_quantile(p, df), want)
near("t cdf, Cauchy", R.t_cdf(1, 1), 0.75, 1e-12)
for x in (-3, -0.4, 0.7, 2.5, 9):
    near(f"t cdf at {x}, 2 df", R.t_cdf(x, 2), 0.5 + x / (2 * math.sqrt(x * x + 2)), 1e-12)
# degrees of freedom need not be integers: between its neighbours
t = R.t_quantile(0.975, 2.5)
if not R.t_quantile(0.975, 3) < t < R.t_quantile(0.975, 2):
    bad.append(f"t quantile with 2.5 df: {t}, not between those with 3 and 2")

# the change between two sets of runs: equal spreads of the logs (ln 2)
# in both, so Welch's degrees of freedom are 2n - 2 = 4 and the interval
# is the ratio of the geometric means times exp(+-t sd sqrt(2 / n))
c = R.change([1, 2, 4], [0.5, 1, 2])
check("change method", (c["method"], c["significant"]), ("welch-log", False))
near("change ratio", c["ratio"], 0.5, 1e-12)
near("change df", c["df"], 4, 1e-9)
half = 2.776445 * math.log(2) * math.sqrt(2 / 3)
near("change low", c["ci"][0], 0.5 * math.exp(-half))
near("change high", c["ci"][1], 0.5 * math.exp(half))
# a change the noise cannot hide: twice as high, 10% steps
c = R.change([1000, 1100, 1210], [2000, 2200, 2420])
half = 2.776445 * math.log(1.1) * math.sqrt(2 / 3)
near("significant change low", c["ci"][0], 2 * math.exp(-half))
check("significant", c["significant"], True)
# runs per mode for a spread of ln 1.1: to detect 10% (80% power) the
# smallest n with (t(.975, 2n-2) + t(.8, 2n-2)) sqrt(2 / n) <= 1: n = 17
# ((2.036933 + 0.852998) * 0.3430 = 0.991; with 16: (2.042272 +
# 0.853767) * 0.3536 = 1.024); for +-10%, t(.975, 2n-2) sqrt(2 / n) <= 1:
# n = 9 (2.119905 * 0.4714 = 0.999; with 8: 2.144787 * 0.5 = 1.072)
check("runs to detect 10%", (c["runs_detect"], c["runs_half_width"]), (17, 9))
check("runs for no spread", R.runs_needed(0, 0.1), 2)
check("runs beyond the limit", R.runs_needed(10, 0.01), R.MAX_RUNS + 1)
check("fmt_runs", (R.fmt_runs(None), R.fmt_runs(7), R.fmt_runs(R.MAX_RUNS + 1)), ("-", "7", f">{R.MAX_RUNS}"))
# a 0 among the values: Fieller's interval of the ratio of the means. The
# classic runs do not vary, so it is MGLRU's t-interval (2 df) over the
# classic mean: 0.5 +- 4.302653 * 10 / sqrt(3) / 20
c = R.change([20, 20, 20], [0, 10, 20])
check("Fieller method", c["method"], "fieller")
near("Fieller df", c["df"], 2, 1e-9)
near("Fieller low", c["ci"][0], 0.5 - 4.302653 * 10 / math.sqrt(3) / 20)
near("Fieller high", c["ci"][1], 0.5 + 4.302653 * 10 / math.sqrt(3) / 20)
# the interval's ends solve (mb - r ma)^2 = t^2 (qb + r^2 qa)
a, b = [10, 20, 30], [0, 10, 20]
c = R.change(a, b)
t = R.t_quantile(0.975, c["df"])
for r in c["ci"]:
    near(f"Fieller end {r}", (10 - 20 * r) ** 2, t * t * (100 / 3 + r * r * 100 / 3), 1e-6)
# no interval: one run, a classic mean of 0, no spread, a mean not told from 0
check("change of one run", (R.change([4], [2])["ratio"], R.change([4], [2])["ci"]), (0.5, None))
check("change from 0", R.change([0, 0], [1, 2])["why"], "the classic mean is 0")
check("change without spread", R.change([3, 3], [6, 6])["ci"], None)
check("change from near 0", R.change([0, 1, 0], [1, 2, 3])["ci"], None)
check("change with nothing", R.change([None], [1, 2])["ratio"], None)
# coverage: 300 pairs of log-normal samples (30% spread, true ratio 0.8)
# of 3 and of 5 runs; the 95% interval should hold 0.8 in 95% of them,
# within 3 standard errors of a proportion out of 300 (0.0126)
rng = random.Random(7)
for n in (3, 5):
    held = 0
    for _ in range(300):
        a = [math.exp(rng.gauss(0, 0.3)) for _ in range(n)]
        b = [math.exp(rng.gauss(math.log(0.8), 0.3)) for _ in range(n)]
        ci = R.change(a, b)["ci"]
        held += ci[0] <= 0.8 <= ci[1]
    if not 0.912 <= held / 300 <= 0.988:
        bad.append(f"the 95% interval of {n} runs a side held the true ratio in {held} of 300 samples")
check("fmt_ci of none", R.fmt_ci(None), "-")


def error(fn, *args):
    try:
        fn(*args)
    except R.ReportError as e:
        return str(e)
    return "no error"


# the CSV reader
d = tempfile.mkdtemp()
path = os.path.join(d, "runs.csv")
with open(path, "w") as f:
    f.write("a,b,c\n1,2.5,\n3,4,x\n")
rows = R.read_csv(path, ("a", "b", "c"), {"a": int, "b": float}, optional=("c",))
check("CSV rows", rows, [{"a": 1, "b": 2.5, "c": None}, {"a": 3, "b": 4.0, "c": "x"}])
with open(path, "w") as f:
    f.write("a,b,c\n1,2.5,x\n3,4\n")
check("CSV cut short", error(R.read_csv, path, ("a", "b", "c")),
      f"{path}:3: expected 3 fields, got 2; the file is cut short or damaged: run the experiment again")
with open(path, "w") as f:
    f.write("a,b,c\n1,two,x\n")
check("CSV not a number", error(R.read_csv, path, ("a", "b", "c"), {"b": float}).split(";")[0],
      f"{path}:2: b is not a number: 'two'")
with open(path, "w") as f:
    f.write("1,2,3\n")
e = error(R.read_csv, path, ("a", "b", "c"))
if not e.startswith(f"{path}: the header is '1,2,3', not 'a,b,c'"):
    bad.append(f"CSV without header: {e}")
e = error(R.read_csv, os.path.join(d, "none.csv"), ("a",))
if not e.startswith(os.path.join(d, "none.csv") + ": cannot read it"):
    bad.append(f"missing CSV: {e}")
with open(os.path.join(d, "setup.env"), "w") as f:
    f.write("kernel=6.12\ncmdline=a=b c\njunk\n")
check("setup.env", R.read_setup(d, ("kernel",)), {"kernel": "6.12", "cmdline": "a=b c"})
e = error(R.read_setup, d, ("kernel", "accel"), "bench/x/run")
check("setup.env without a key", e, f"{d}/setup.env: no accel=; the guest part stopped before it wrote its setup: "
      "run bench/x/run again")

# the parsers
check("vmstat", R.parse_vmstat("nr_free_pages 12\npgscan_kswapd 40\n", "v"), {"nr_free_pages": 12, "pgscan_kswapd": 40})
check("vmstat garbage", error(R.parse_vmstat, "hello\n", "v").split(";")[0],
      "v: not a /proc/vmstat (no pgscan_kswapd, no nr_free_pages)")
psi = "some avg10=0.00 avg60=0.00 avg300=0.00 total=1234\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=567\n"
check("PSI", R.parse_psi(psi, "p"), {"some": 1234, "full": 567})
check("PSI without full", error(R.parse_psi, psi.splitlines()[0], "p").split(";")[0], "p: not a /proc/pressure/memory")
node = "Node 1 MemTotal:        1013644 kB\nNode 1 Active(file):      2048 kB\nNode 1 HugePages_Total:     0\n"
check("node meminfo", R.parse_meminfo(node, "m"), {"MemTotal": 1013644, "Active(file)": 2048, "HugePages_Total": 0})
check("meminfo", R.parse_meminfo("MemTotal:  2000 kB\nSwapTotal:  10 kB\n", "m"), {"MemTotal": 2000, "SwapTotal": 10})
check("not a meminfo", error(R.parse_meminfo, "x 1\n", "m").split(";")[0], "m: not a meminfo (no MemTotal)")
check("memory.stat", R.parse_memcg_stat("anon 4096\npgscan 7\n", "s"), {"anon": 4096, "pgscan": 7})
check("delta", R.delta({"a": 1}, {"a": 5, "b": 2}, "b"), 2)
check("guest line", R.guest_line({"kernel": "6.12", "accel": "tcg", "norandmaps": "yes", "nodes": "2"}),
      "guest: kernel 6.12, TCG, norandmaps, 2 nodes")

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
pass
