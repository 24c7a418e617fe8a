# SPDX-License-Identifier: GPL-2.0
"""Fuzz lrugen reclaim and age on the command line, against a captured tree.

Usage: lrugen_cli_fuzz.py LRUGEN ROOT RUNS SEED

Each run draws options from lists of good and bad values, in a random
order, runs LRUGEN with LRUGEN_ROOT=ROOT, and checks it against a model
written from the manual page, not from the code: the exit status, and
the exact request written to the one file it should write, or that no
file was written at all. Prints one line per disagreement and exits 1
if there was any.
"""
import os
import random
import re
import subprocess
import sys

U64 = (1 << 64) - 1

# (good values, bad values): a draw takes a good one three times in four
NODES = (["0", "1"], ["7", "63", "64", "01", "-1", "+1", " 0", "0 ", "x", "", "1e0"])
MEMCGS = (["/", "/fx-a", "/fx-b", "/fx-b/inner", "1", "2", "3", "4", "01"],
          ["0", "5", "/nope", "fx-a", "/fx-a/", "2x", "", "99999999999999999999",
           "/fx-b/inner/"])
SIZES = (["1", "4096", "64M", "1G", "4k", "2m", "15E", "16383P", "18446744073709551615"],
         ["16E", "17E", "0", "0M", "64Q", "1.5M", "-1", "+1", "0x10", " 1M", "1M ", "", "MM",
          "18446744073709551616", "64MB"])
SWAPPINESS = (["0", "30", "60", "200", "007", "max"],
              ["201", "1000", "MAX", "+5", "-0", "0x10", "", " 1", "1 ", "60\n",
               "+" + "0" * 300 + "1"])
FLAGS = (["clean"], ["bogus", "", "clean,clean", "CLEAN", "clean "])


def pick(rng, values):
    good, bad = values
    return rng.choice(good if rng.random() < 0.75 else bad)


def lruvecs(full):
    """(path, id, nid) -> (min_seq, max_seq) from lru_gen_full, as the kernel means it."""
    out, path, mid, nid, gens = {}, None, None, None, None

    def flush():
        if gens:
            max_seq = gens[-1][0]
            mins = [next((s for s, *x in gens if not x[t]), max_seq) for t in (0, 1)]
            out[(path, mid, nid)] = (min(mins), max_seq)

    for line in open(full):
        tok = line.split()
        if tok and tok[0] == "memcg":
            flush()
            gens = None
            mid, path = int(tok[1]), line.split(None, 2)[2].rstrip() if len(tok) > 2 else "/"
        elif tok and tok[0] == "node":
            flush()
            nid, gens = int(tok[1]), []
        elif len(tok) == 4 and tok[0].isdigit() and tok[1].isdigit():
            gens.append((int(tok[0]), tok[2].endswith("x"), tok[3].endswith("x")))
    flush()
    return out


def size_of(s):
    m = re.fullmatch(r"([0-9]+)([KMGTPEkmgtpe]?)", s)
    if not m:
        return None
    v = int(m.group(1))
    if m.group(2):
        v <<= 10 * ("KMGTPE".index(m.group(2).upper()) + 1)
    return v if 0 < v <= U64 else None


def node_of(s):
    return int(s) if re.fullmatch(r"[0-9]+", s) and int(s) <= 63 else None


def swappiness_ok(s):
    return s == "max" or (re.fullmatch(r"[0-9]{1,3}", s) is not None and int(s) <= 200)


def memcg_of(s, vecs):
    """The memcg's (id, path): by id (digits only), else by path; None if none."""
    if re.fullmatch(r"[0-9]+", s):
        ids = {mid: p for (p, mid, _n) in vecs}
        return (int(s), ids[int(s)]) if int(s) in ids and int(s) > 0 else None
    for (p, mid, _n) in vecs:
        if p == s:
            return (mid, p)
    return None


def expect_reclaim(opts, pos, vecs, root):
    """(exit status, {file: content}) the manual promises."""
    if len(pos) != 1:
        return 2, {}
    for k, v in opts:
        if k == "--node" and node_of(v) is None:
            return 2, {}
    d = dict(opts)
    size = size_of(pos[0])
    if size is None:
        return 2, {}
    if "--node" not in d and "--memcg" not in d:
        return 2, {}
    sw, fl = d.get("--swappiness"), d.get("--flags")
    if sw is not None and not swappiness_ok(sw):
        return 2, {}
    if fl is not None and fl != "clean":
        return 2, {}
    if fl is not None and sw == "max":
        return 2, {}
    if "--node" not in d and fl is not None:
        return 2, {}
    memcg = None
    if "--memcg" in d:
        memcg = memcg_of(d["--memcg"], vecs)
        if memcg is None:
            return 2, {}
    req = str(size) + (f" swappiness={sw}" if sw is not None else "")
    if "--node" in d:
        nid = node_of(d["--node"])
        if nid not in (0, 1):
            return 2, {}
        if memcg:
            req += f" memcg={memcg[0]}"
        if fl:
            req += " flags=clean"
        return 0, {f"{root}/sys/devices/system/node/node{nid}/reclaim": req}
    target = f"{root}/sys/fs/cgroup{memcg[1].rstrip('/')}/memory.reclaim"
    if not os.path.exists(target):
        return 1, {}
    return 0, {target: req}


def expect_age(opts, pos, vecs, root):
    d = dict(opts)
    if pos or "--node" not in d or "--memcg" not in d:
        return 2, {}
    for k, v in opts:
        if k == "--node" and node_of(v) is None:
            return 2, {}
    nid = node_of(d["--node"])
    memcg = memcg_of(d["--memcg"], vecs)
    if memcg is None or (memcg[1], memcg[0], nid) not in vecs:
        return 2, {}
    min_seq, max_seq = vecs[(memcg[1], memcg[0], nid)]
    lru_gen = f"{root}/sys/kernel/debug/lru_gen"
    if "--evict" in d:
        if min_seq + 2 > max_seq:
            return 1, {}
        return 0, {lru_gen: f"- {memcg[0]} {nid} {min_seq}"}
    return 0, {lru_gen: f"+ {memcg[0]} {nid} {max_seq}"}


def draw(rng, cmd):
    opts = []
    if cmd == "reclaim":
        pool = [("--node", NODES), ("--memcg", MEMCGS), ("--swappiness", SWAPPINESS),
                ("--flags", FLAGS)]
    else:
        pool = [("--node", NODES), ("--memcg", MEMCGS), ("--evict", None)]
    for name, values in pool:
        # mostly present, sometimes twice (the last one counts)
        for _ in range(rng.choice([0, 1, 1, 1, 1, 1, 2])):
            opts.append((name, pick(rng, values) if values else ""))
    rng.shuffle(opts)
    pos = [pick(rng, SIZES)] if cmd == "reclaim" and rng.random() < 0.95 else []
    if rng.random() < 0.03:
        pos.append(pick(rng, SIZES))
    argv = []
    for name, value in opts:
        argv += [name] if name == "--evict" else [name, value]
    # positionals anywhere, as getopt_long permutes them
    for p in pos:
        argv.insert(rng.randrange(0, len(argv) + 1) if argv and argv[0] != "" else 0, p)
    return opts, pos, argv


def fix_positions(argv):
    """Where a positional landed between an option and its value, take the
    option's value to be the positional instead, as getopt_long would."""
    opts, pos, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a in ("--node", "--memcg", "--swappiness", "--flags"):
            if i + 1 < len(argv):
                opts.append((a, argv[i + 1]))
                i += 2
                continue
            return None
        if a == "--evict":
            opts.append((a, ""))
        else:
            pos.append(a)
        i += 1
    return opts, pos


def main():
    lrugen, root, runs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    vecs = lruvecs(f"{root}/sys/kernel/debug/lru_gen_full")
    files = [f"{root}/sys/devices/system/node/node0/reclaim",
             f"{root}/sys/devices/system/node/node1/reclaim",
             f"{root}/sys/fs/cgroup/fx-a/memory.reclaim",
             f"{root}/sys/kernel/debug/lru_gen"]
    env = dict(os.environ, LRUGEN_ROOT=root)
    bad = 0
    counts = {}
    for n in range(runs):
        cmd = rng.choice(["reclaim", "reclaim", "age"])
        _, _, argv = draw(rng, cmd)
        parsed = fix_positions(argv)
        if parsed is None:
            continue
        opts, pos = parsed
        if cmd == "reclaim":
            want_rc, want_files = expect_reclaim(opts, pos, vecs, root)
        else:
            want_rc, want_files = expect_age(opts, pos, vecs, root)
        for f in files:
            open(f, "w").close()
        p = subprocess.run([lrugen, cmd] + argv, env=env, capture_output=True, text=True,
                           errors="replace")
        got = {f: open(f).read() for f in files if os.path.getsize(f)}
        counts[want_rc] = counts.get(want_rc, 0) + 1
        if p.returncode != want_rc or got != want_files:
            bad += 1
            print(f"run {n}: lrugen {cmd} {argv!r}: exit {p.returncode}, wrote {got}; "
                  f"want exit {want_rc}, {want_files}; stderr: {p.stderr.strip()[:200]}")
        elif want_rc == 2 and not p.stderr.strip():
            bad += 1
            print(f"run {n}: lrugen {cmd} {argv!r}: exit 2 without a message")
    print(f"{runs} runs, seed {seed}: exit 0 {counts.get(0, 0)}, exit 1 {counts.get(1, 0)}, "
          f"exit 2 {counts.get(2, 0)}; {bad} disagreements")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
