# SPDX-License-Identifier: GPL-2.0
#
# bench/lib/report.py: what every bench/EXPERIMENT/report shares. A report
# reads the raw data a run left in DIR and writes DIR/report.txt (and
# report.csv and report.json where it has tables); it needs no root and no
# kernel. A report finds this module through its own path:
#
#   sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))
#   import report as R
#
# It holds: reading setup.env and CSV files, failing with a message that
# names the file and what to do, the statistics (median, range, percentile,
# bootstrap confidence intervals, and the t-based intervals of a change
# between two sets of runs with the runs a given precision needs), the parsers of /proc/vmstat,
# /proc/pressure/memory, meminfo and memory.stat, and main(), which runs a
# report and writes its files. Documentation/dev/bench.rst explains the
# statistics.
import csv
import json
import math
import os
import random
import re
import statistics
import sys


class ReportError(Exception):
    """A raw file is missing or not what it should be; the message says
    which file, what is wrong with it and what to do."""


def fail(path, problem, fix=None):
    """Raise a ReportError: 'PATH: PROBLEM; FIX'."""
    msg = f"{path}: {problem}"
    if fix:
        msg += f"; {fix}"
    raise ReportError(msg)


# ---------------------------------------------------------------- files

def read_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError as e:
        fail(path, f"cannot read it ({e.strerror})",
             "the run did not finish writing its results: run it again")


def read_env(path):
    """key=value lines as a dict; lines without '=' are left out."""
    env = {}
    for line in read_text(path).splitlines():
        k, sep, v = line.partition("=")
        if sep:
            env[k] = v
    return env


def read_setup(outdir, required=(), experiment="the experiment"):
    """DIR/setup.env, with every key in REQUIRED present."""
    path = os.path.join(outdir, "setup.env")
    env = read_env(path)
    for key in required:
        if key not in env:
            fail(path, f"no {key}=",
                 f"the guest part stopped before it wrote its setup: run {experiment} again")
    return env


def read_csv(path, fields, types=None, optional=()):
    """The rows of a CSV file whose first line is the header FIELDS, as
    dicts. TYPES maps a field to a conversion (int, float); a field in
    OPTIONAL may be empty and is then None. Any other row that does not
    fit fails with the file and line."""
    types = types or {}
    text = read_text(path)
    rows = []
    lines = list(csv.reader(text.splitlines()))
    if not lines or lines[0] != list(fields):
        got = ",".join(lines[0]) if lines else "nothing"
        fail(path, f"the header is {got!r}, not {','.join(fields)!r}",
             "it is not this experiment's raw data, or an old layout: run the experiment again")
    for n, row in enumerate(lines[1:], 2):
        if len(row) != len(fields):
            fail(f"{path}:{n}", f"expected {len(fields)} fields, got {len(row)}",
                 "the file is cut short or damaged: run the experiment again")
        rec = {}
        for name, value in zip(fields, row):
            if value == "" and name in optional:
                rec[name] = None
                continue
            conv = types.get(name)
            try:
                rec[name] = conv(value) if conv else value
            except ValueError:
                fail(f"{path}:{n}", f"{name} is not a number: {value!r}",
                     "the file is damaged: run the experiment again")
        rows.append(rec)
    return rows


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def write_json(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def main(name, build, argv=None):
    """Run a report: 'NAME DIR'. BUILD(DIR) returns (text, files), files a
    dict of extra file names in DIR to write: a string is written as it is,
    a ('csv', header, rows) tuple as CSV, anything else as JSON. Then text
    goes to DIR/report.txt and to stdout. A ReportError is printed as
    'NAME: message' and exits 1, before anything is written."""
    argv = sys.argv if argv is None else argv
    if len(argv) != 2 or argv[1].startswith("-"):
        print(f"usage: bench/{name}/report DIR", file=sys.stderr)
        return 2
    outdir = argv[1]
    try:
        text, files = build(outdir)
    except ReportError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 1
    for fname, content in files.items():
        path = os.path.join(outdir, fname)
        if isinstance(content, str):
            with open(path, "w") as f:
                f.write(content)
        elif isinstance(content, tuple) and content and content[0] == "csv":
            write_csv(path, content[1], content[2])
        else:
            write_json(path, content)
    with open(os.path.join(outdir, "report.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------- statistics
#
# Runs in a VM are few (3 to 20 per mode) and their spread is not normal,
# so the reports give medians with the range (min..max) and, for a median or
# a ratio of two medians, a 95% percentile-bootstrap confidence interval:
# RESAMPLES resamples with replacement, drawn by Python's Mersenne Twister
# seeded with SEED, so the same data always gives the same interval. With
# 3 runs a side that interval undercovers; change(), further down, gives
# the t-based interval of a change that kswapd-compare uses instead.

RESAMPLES = 2000
SEED = 1
LEVEL = 0.95


def present(values):
    return [v for v in values if v is not None]


def median(values):
    """The median of the values that are not None; None when none are."""
    v = sorted(present(values))
    n = len(v)
    if not n:
        return None
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least P% of the
    values at or below it; None for no values."""
    s = sorted(present(values))
    if not s:
        return None
    k = max(0, min(len(s) - 1, math.ceil(len(s) * p / 100) - 1))
    return s[k]


def spread(values):
    """{'median', 'min', 'max', 'n', 'values'} over the values that are not
    None (the 'values' list keeps them all, None included)."""
    v = present(values)
    return {"median": median(v), "min": min(v) if v else None,
            "max": max(v) if v else None, "n": len(v), "values": list(values)}


def _resample(rng, v):
    n = len(v)
    return [v[int(rng.random() * n)] for _ in range(n)]


def _bounds(stats, level):
    """The percentile interval of the sorted bootstrap statistics."""
    stats.sort()
    b = len(stats)
    tail = (1 - level) / 2
    lo = stats[max(0, math.floor(tail * b))]
    hi = stats[min(b - 1, math.ceil((1 - tail) * b) - 1)]
    return lo, hi


def ci_median(values, level=LEVEL, resamples=RESAMPLES, seed=SEED):
    """(low, high): the percentile-bootstrap CI of the median; None with
    fewer than 2 values."""
    v = present(values)
    if len(v) < 2:
        return None
    rng = random.Random(seed)
    return _bounds([median(_resample(rng, v)) for _ in range(resamples)], level)


def ci_ratio(num, den, level=LEVEL, resamples=RESAMPLES, seed=SEED):
    """(low, high): the percentile-bootstrap CI of median(num) / median(den),
    the two samples resampled independently; None when either has fewer
    than 2 values or a resampled median of den is 0."""
    a, b = present(num), present(den)
    if len(a) < 2 or len(b) < 2:
        return None
    rng = random.Random(seed)
    stats = []
    for _ in range(resamples):
        ma, mb = median(_resample(rng, a)), median(_resample(rng, b))
        if not mb:
            return None
        stats.append(ma / mb)
    return _bounds(stats, level)


def ratio(num, den):
    """median(num) / median(den), or None."""
    a, b = median(num), median(den)
    return a / b if a is not None and b else None


# ---------------------------------------------------------------- changes
#
# The change of a figure between two sets of runs (B against A: MGLRU
# against the classic LRU), as a ratio with a t-based confidence
# interval. With 3 to 10 runs a side a percentile bootstrap undercovers:
# from 3 values a resampled median can only be one of the 3, and the
# interval is the range, which holds the true median only 75% of the time
# (1 - 2 / 2^3). Rank intervals (Hodges-Lehmann) cannot reach 95% with 3
# runs a side at all (the smallest two-sided p of 3 against 3 is 0.1).
# So:
#
# - a figure whose values are all above 0: Welch's t-interval of the
#   difference of the mean logs, exponentiated: the ratio of the
#   geometric means, with its interval ("welch-log"). Times, counts and
#   rates are positive and skewed, and their logs nearer normal; the
#   ratio then has the same meaning whichever way up it is taken.
# - a figure with a 0 or below (refaults, swap-ins, a share that is 0 in
#   a run): Fieller's interval of the ratio of the two means, with
#   Welch's degrees of freedom ("fieller"); none when A's mean cannot be
#   told from 0 (the interval would be unbounded).
#
# Welch's interval does not assume the two sets have the same spread, and
# treats the runs as independent: the guest resets its state before each
# run and the modes alternate, so a drift spreads over both sets rather
# than pairing them (a paired interval would also halve the degrees of
# freedom: t = 4.30 instead of 2.78 for 3 runs a side).
#
# From the measured spread (the pooled standard deviation of the logs, or
# of the values over A's mean) come the runs per set needed to detect a
# change of CHANGE_PCT with 80% power in a two-sided test at 5%, and to
# bring the interval within +-HALF_WIDTH_PCT; and the smallest change the
# runs at hand detect with 80% power.

CHANGE_PCT = 10
HALF_WIDTH_PCT = 10
POWER = 0.8
MAX_RUNS = 1000


def _betacf(a, b, x):
    """The continued fraction of the incomplete beta function, evaluated
    by the modified Lentz method."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def _betai(a, b, x):
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_cdf(x, df):
    """P(T <= x) for Student's t with DF degrees of freedom (DF need not be
    an integer; None or infinity: the normal distribution)."""
    if df is None or math.isinf(df):
        return statistics.NormalDist().cdf(x)
    tail = 0.5 * _betai(df / 2, 0.5, df / (df + x * x))
    return 1 - tail if x >= 0 else tail


def t_quantile(p, df):
    """The x with t_cdf(x, df) = p, 0 < p < 1."""
    if df is None or math.isinf(df):
        return statistics.NormalDist().inv_cdf(p)
    if p < 0.5:
        return -t_quantile(1 - p, df)
    # Newton's method from the normal quantile, which is below the root:
    # the t distribution function is concave above 0, so each step stays
    # below the root and comes nearer
    x = statistics.NormalDist().inv_cdf(p)
    norm = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    for _ in range(200):
        step = (p - t_cdf(x, df)) / (norm * (1 + x * x / df) ** (-(df + 1) / 2))
        x += step
        if abs(step) <= 1e-12 * max(1.0, x):
            break
    return x


def _mean_var(v):
    m = sum(v) / len(v)
    return m, sum((x - m) ** 2 for x in v) / (len(v) - 1)


def welch_df(qa, qb, na, nb):
    """Welch-Satterthwaite degrees of freedom of a difference whose two
    parts have variances QA and QB (of the means) from NA and NB values;
    None (no spread: the interval is exact) when both are 0."""
    den = qa * qa / (na - 1) + qb * qb / (nb - 1)
    return (qa + qb) ** 2 / den if den > 0 else None


def runs_needed(sd, effect, level=LEVEL, power=POWER, limit=MAX_RUNS):
    """Runs per set for a two-sided test at 1 - LEVEL to detect a
    difference EFFECT with POWER, when each run's value has the standard
    deviation SD: the smallest n >= 2 with
    (t(1 - alpha / 2, 2n - 2) + t(POWER, 2n - 2)) * SD * sqrt(2 / n) <= EFFECT.
    POWER None: the smallest n whose interval's half-width is at most
    EFFECT. None when SD is unknown; LIMIT + 1 when more than LIMIT."""
    if sd is None or effect <= 0:
        return None
    if sd == 0:
        return 2
    alpha = 1 - level

    def enough(n):
        df = 2 * n - 2
        k = t_quantile(1 - alpha / 2, df) + (t_quantile(power, df) if power else 0)
        return k * sd * math.sqrt(2 / n) <= effect

    # enough() only turns true as n grows: search for the first n by halves
    if not enough(limit):
        return limit + 1
    lo, hi = 1, limit
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid >= 2 and enough(mid):
            hi = mid
        else:
            lo = mid
    return hi


def change(a, b, level=LEVEL):
    """The change from the runs A to the runs B (None values left out): a
    dict with 'method' ('welch-log' or 'fieller', see above), 'ratio' (of
    the geometric means, or of the means), 'ci' ((low, high) or None),
    'df', 'significant' (the interval leaves out
    1), 'sd' (the pooled spread the runs-needed figures use: of the logs,
    or of the values over A's mean), 'runs_detect' (per set, to detect a
    change of CHANGE_PCT), 'runs_half_width' (per set, for an interval
    within +-HALF_WIDTH_PCT), 'detectable_pct' (the smallest change these
    runs detect with 80% power) and 'why' (why a field is None). A's
    and B's values: any numbers. With one run a side, or when neither
    side varies: the ratio alone (a t-interval needs a spread)."""
    a, b = present(a), present(b)
    out = {"method": None, "ratio": None, "ci": None, "df": None, "significant": False, "sd": None,
           "runs_detect": None, "runs_half_width": None, "detectable_pct": None, "why": None}
    if not a or not b:
        out["why"] = "no value in one mode"
        return out
    logs = min(a + b) > 0
    out["method"] = "welch-log" if logs else "fieller"
    na, nb = len(a), len(b)
    if logs:
        la, lb = [math.log(x) for x in a], [math.log(x) for x in b]
        ma, mb = sum(la) / na, sum(lb) / nb
        out["ratio"] = math.exp(mb - ma)
    else:
        ma, mb = sum(a) / na, sum(b) / nb
        if ma == 0:
            out["why"] = "the classic mean is 0"
            return out
        out["ratio"] = mb / ma
    if na < 2 or nb < 2:
        out["why"] = "fewer than 2 runs in a mode"
        return out
    va = _mean_var(la if logs else a)[1]
    vb = _mean_var(lb if logs else b)[1]
    # equal values can differ in the last bits once summed or logged
    eps = 1e-20 if logs else (1e-10 * max(abs(ma), abs(mb))) ** 2
    va, vb = (0.0 if va <= eps else va), (0.0 if vb <= eps else vb)
    if va == 0 and vb == 0:
        out["why"] = "no spread: every run of each mode gave the same value"
        return out
    qa, qb = va / na, vb / nb
    tail = 1 - (1 - level) / 2
    pooled = math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
    if logs:
        df = welch_df(qa, qb, na, nb)
        t = t_quantile(tail, df) if df else 0
        half = t * math.sqrt(qa + qb)
        out["ci"] = (math.exp(mb - ma - half), math.exp(mb - ma + half))
        out["sd"] = pooled
        effect_detect = math.log(1 + CHANGE_PCT / 100)
        effect_half = math.log(1 + HALF_WIDTH_PCT / 100)
    else:
        r = out["ratio"]
        df = welch_df(r * r * qa, qb, na, nb)
        t = t_quantile(tail, df) if df else 0
        # (mb - rho ma)^2 <= t^2 (qb + rho^2 qa): a quadratic in rho
        qa_, qb_ = qa * t * t, qb * t * t
        A, B, C = ma * ma - qa_, -2 * ma * mb, mb * mb - qb_
        out["sd"] = pooled / abs(ma)
        effect_detect = CHANGE_PCT / 100
        effect_half = HALF_WIDTH_PCT / 100
        if A <= 0:
            out["why"] = "the classic mean cannot be told from 0"
        else:
            root = math.sqrt(max(0.0, B * B - 4 * A * C))
            out["ci"] = ((-B - root) / (2 * A), (-B + root) / (2 * A))
    out["df"] = df
    if out["ci"]:
        out["significant"] = out["ci"][0] > 1 or out["ci"][1] < 1
    out["runs_detect"] = runs_needed(out["sd"], effect_detect, level)
    out["runs_half_width"] = runs_needed(out["sd"], effect_half, level, power=None)
    n = min(na, nb)
    k = t_quantile(tail, 2 * n - 2) + t_quantile(POWER, 2 * n - 2)
    d = k * out["sd"] * math.sqrt(2 / n)
    out["detectable_pct"] = 100 * (math.exp(d) - 1 if logs else d)
    return out


def fmt_runs(n):
    """A runs-needed count: '-', 'N' or '>LIMIT'."""
    if n is None:
        return "-"
    return f">{MAX_RUNS}" if n > MAX_RUNS else str(n)


# ---------------------------------------------------------------- formatting

def fmt(value, form="{:.2f}"):
    return "-" if value is None else form.format(value)


def fmt_spread(values, form="{:.2f}"):
    """'median (min..max)', or the median alone for one value."""
    s = spread(values)
    if s["n"] > 1:
        return f"{fmt(s['median'], form)} ({fmt(s['min'], form)}..{fmt(s['max'], form)})"
    return fmt(s["median"], form)


def fmt_ci(ci, form="{:.2f}"):
    """'[low, high]', or '-' with no interval."""
    return "-" if ci is None else f"[{form.format(ci[0])}, {form.format(ci[1])}]"


def guest_line(setup):
    """One line about the guest, from setup.env's common facts."""
    parts = [f"kernel {setup.get('kernel', '?')}", setup.get("accel", "?").upper()]
    aslr = {"yes": "norandmaps", "no": "ASLR on"}.get(setup.get("norandmaps"))
    if aslr:
        parts.append(aslr)
    for key, unit in (("nodes", "node"), ("cpus", "CPU")):
        if key in setup:
            parts.append(f"{setup[key]} {unit}" + ("" if setup[key] == "1" else "s"))
    if setup.get("mem_total_kb", "").isdigit():
        parts.append(f"{int(setup['mem_total_kb']) / 1048576:.1f} GiB")
    return "guest: " + ", ".join(parts)


# ---------------------------------------------------------------- parsers

def _key_values(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            out[parts[0]] = int(parts[1])
    return out


def parse_vmstat(text, path):
    """/proc/vmstat (or a node's vmstat): {counter: value}."""
    counters = _key_values(text)
    if "pgscan_kswapd" not in counters and "nr_free_pages" not in counters:
        fail(path, "not a /proc/vmstat (no pgscan_kswapd, no nr_free_pages)",
             "the run did not finish writing it: run the experiment again")
    return counters


def parse_psi(text, path):
    """/proc/pressure/memory or a memcg's memory.pressure:
    {'some': total_us, 'full': total_us}."""
    psi = {}
    for line in text.splitlines():
        m = re.match(r"(some|full) .*total=(\d+)$", line.strip())
        if m:
            psi[m.group(1)] = int(m.group(2))
    if set(psi) != {"some", "full"}:
        fail(path, "not a /proc/pressure/memory",
             "the kernel needs CONFIG_PSI, or the run did not finish writing it")
    return psi


def parse_meminfo(text, path):
    """/proc/meminfo or a node's meminfo ('Node 0 Active(file): 12 kB'):
    {field: kB} (counts without a unit, such as HugePages_Total, as they
    are)."""
    info = {}
    for line in text.splitlines():
        m = re.match(r"(?:Node \d+ )?([A-Za-z0-9_()]+):\s+(\d+)(?: kB)?\s*$", line)
        if m:
            info[m.group(1)] = int(m.group(2))
    if "MemTotal" not in info:
        fail(path, "not a meminfo (no MemTotal)",
             "the run did not finish writing it: run the experiment again")
    return info


def parse_memcg_stat(text, path):
    """A cgroup v2 memcg's memory.stat: {key: value}."""
    stat = _key_values(text)
    if "pgscan" not in stat:
        fail(path, "not a cgroup v2 memory.stat (no pgscan)",
             "the run did not finish writing it: run the experiment again")
    return stat


def delta(before, after, key):
    """after[key] - before[key], a missing key counting as 0."""
    return after.get(key, 0) - before.get(key, 0)


# ---------------------------------------------------------------- call graphs
#
# perf script prints each sample as a header line (the command, its pid and
# time, the event) followed by one indented line per frame, innermost
# first ("ffffffff8123 page_vma_mapped_walk+0x37 ([kernel.kallsyms])"), and
# a blank line. Folded stacks are one line per distinct stack, outermost
# frame first, frames joined by ';', then a space and the samples with that
# stack: the input of a flame graph.

_FRAME_RE = re.compile(r"^\s+([0-9a-fA-F]+)\s+(.*?)\s*$")


def _frame_name(rest):
    """A perf script frame's symbol, without its +0xOFFSET and (DSO)."""
    if rest.endswith(")") and " (" in rest:
        rest = rest[:rest.rindex(" (")]
    rest = re.sub(r"\+0x[0-9a-fA-F]+$", "", rest.strip())
    # ';' separates frames and ' ' the count: keep them out of names
    return rest.replace(";", ":").replace(" ", "_") or "[unknown]"


def fold_perf_script(lines, root=True):
    """{folded stack: samples} from perf script's default output (LINES, an
    iterable of lines). With ROOT, each stack starts with the sample's
    command (kswapd0, kswapd1, ...). A sample without call chain lines
    counts as its command alone."""
    stacks = {}
    comm = None
    frames = []

    def flush():
        if comm is None:
            return
        names = [f for f in reversed(frames)]
        if root:
            names.insert(0, comm)
        key = ";".join(names) or "[unknown]"
        stacks[key] = stacks.get(key, 0) + 1

    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            comm, frames = None, []
            continue
        if line[0].isspace():
            m = _FRAME_RE.match(line)
            if m and comm is not None:
                frames.append(_frame_name(m.group(2)))
            continue
        if line.startswith("#"):
            continue
        # a new sample; the previous one ended without a blank line
        flush()
        head = line.split()
        comm, frames = (head[0] if head else "[unknown]"), []
    flush()
    return stacks


def format_folded(stacks):
    """Folded stacks as text, one 'frame;frame;... N' line each, sorted."""
    return "".join(f"{k} {v}\n" for k, v in sorted(stacks.items()))


def parse_folded(text, path):
    """{stack: samples} from folded stacks ('a;b;c N' lines)."""
    stacks = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        stack, sep, count = line.rstrip().rpartition(" ")
        if not sep or not count.isdigit() or not stack:
            fail(f"{path}:{n}", f"not a folded stack line: {line[:80]!r}",
                 "the file is damaged: fold the profile again (perf script | bench/kswapd-compare/fold)")
        stacks[stack] = stacks.get(stack, 0) + int(count)
    return stacks


# ---------------------------------------------------------------- HTML pages
#
# A report's page is one self-contained file, made as lrugen report makes
# its own (tools/lrugen/lib/report.c): a template under viz/ whose lines
# that are only "@@STYLE name@@", "@@SCRIPT name@@" or "@@TEXT name@@" are
# replaced by the file viz/name (a style sheet, a script, or text escaped
# for HTML), and the line "@@DATA@@" by the data as JSON. Nothing is left
# to load: no network, no other file.

_DIRECTIVE_RE = re.compile(r"^\s*@@([A-Z]+) ([^@\s]+)@@\s*$")


def viz_dir():
    """The directory of the pages' templates and drawing code:
    $LRUGEN_VIZ_DIR when set, else the source tree's viz/."""
    env = os.environ.get("LRUGEN_VIZ_DIR")
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "viz")


def _inline(vdir, template, name, kind):
    if ".." in name.split("/") or name.startswith("/"):
        fail(template, f"names {name}: only files below its directory can be inlined")
    path = os.path.join(vdir, name)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        fix = ("uPlot is not installed: run scripts/setup (it runs npm ci in viz/)"
               if name.startswith("node_modules/") else
               "a file of viz/ is missing: check out the source tree again")
        fail(path, f"cannot read it ({e.strerror})", fix)
    if kind == "TEXT":
        return text.replace("&", "&amp;").replace("<", "&lt;")
    if kind == "SCRIPT":
        # nothing in a script may end its <script> element
        return text.replace("</", "<\\/")
    return text


def html_page(template, data, vdir=None):
    """The page made from viz/TEMPLATE with its files inlined and DATA (any
    JSON value) in place of @@DATA@@, as a string. Fails (ReportError) with
    the file and what to do when a file is missing."""
    vdir = vdir or viz_dir()
    tpath = os.path.join(vdir, template)
    out = []
    for line in read_text(tpath).splitlines(keepends=True):
        m = _DIRECTIVE_RE.match(line)
        if m:
            if m.group(1) not in ("STYLE", "SCRIPT", "TEXT"):
                fail(tpath, f"unknown directive @@{m.group(1)}")
            out.append(_inline(vdir, tpath, m.group(2), m.group(1)))
            out.append("\n")
        elif line.rstrip("\n") == "@@DATA@@":
            # JSON allows "\/": no "</script>" can close the block early
            out.append(json.dumps(data, separators=(",", ":")).replace("</", "<\\/"))
            out.append("\n")
        else:
            out.append(line)
    return "".join(out)
