#!/usr/bin/env python3
"""The benchmark of issue 8: wozorules beside libyaml's floor and three peers.

    /usr/bin/python3 bench/run.py --bin build/release/wozorules \
        [--sizes "1 10 100"] [--rounds N] [--skip python,node] [--seed 1] \
        [--parts data,bundled,rules,profile] [--out bench/RESULTS.md]

`make bench` runs it (after the release build and bench/deps.sh). It

  1. generates the datasets (bench/gen.py; sizes in MB, default 1 10 100) and
     the rules trees (bench/genrules.py; 100k and 1M lines) into build/bench/,
     again only when the generator, its inputs or the seed changed;
  2. times, per dataset size, in interleaved rounds: the floor (bench/floor.c,
     libyaml's event scan), `wozorules check` with the bundled rules, the same
     with the minimal bench/coverage.wozo, and the peers (Python + PyYAML's C
     loader, jq on the JSON twin, Node.js + js-yaml). Each round runs every
     program once, in an order shuffled by the seed, and each program's time
     is divided by the floor's time of the same round; the report gives the
     median of those ratios. Round 0 runs every program under /usr/bin/time -v
     for the peak memory and is not timed;
  3. checks every run's output: the per-indicator coverage must equal what the
     generator wrote (bench/agree.py), so a fast wrong program is a failure;
  4. times `check rules/` and `fmt --check rules/` on the bundled analysis and
     `check` on the generated rules trees, and profiles one `check` with perf;
  5. writes bench/RESULTS.md, and the raw figures to build/bench/results.json.

Wall-clock time is the figure the targets are judged on; CPU time (user +
system of the process) is reported beside it, because other processes on a
2-core machine inflate wall time but not CPU time. Standard library only.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
sys.path.insert(0, HERE)
import agree  # noqa: E402
from gen import Rng  # noqa: E402

BDIR = os.path.join("build", "bench")
OUTDIR = os.path.join(BDIR, "out")
TIME_BIN = "/usr/bin/time"
SYS_PYTHON = "/usr/bin/python3"
RUN_LIMIT_S = 900          # a single run taking longer than this is killed
DEFAULT_ROUNDS = {1: 21, 10: 11}   # other sizes: 7
MIN_ROUNDS = {1: 21}               # the issue: at least 21 on the small file, 7 elsewhere
RULES_SIZES = (100_000, 1_000_000)

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def sh(argv, **kw):
    """Output of a command, or None when it cannot run."""
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60, **kw)
        return r.stdout.strip() if r.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def sha256_files(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(p.encode())
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def file_sha(path):
    return sha256_files([path])[:16]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def quartiles(xs):
    if len(xs) < 4:
        return (min(xs), max(xs)) if xs else (float("nan"), float("nan"))
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]


def shuffled(items, seed):
    """Fisher-Yates with the generators' splitmix64: the same order on every Python."""
    rng = Rng(seed)
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = rng.below(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def cpu_busy():
    """(busy, steal) jiffies of the whole machine, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal
        return v[0] + v[1] + v[2] + v[5] + v[6], v[7] if len(v) > 7 else 0
    except (OSError, ValueError, IndexError):
        return None


class LoadMeter:
    """How much of the machine other processes used while a part ran."""

    def __init__(self):
        self.t0 = time.monotonic()
        self.b0 = cpu_busy()
        self.c0 = os.times()
        self.hz = os.sysconf("SC_CLK_TCK")
        self.ncpu = os.cpu_count() or 1

    def result(self):
        b1 = cpu_busy()
        c1 = os.times()
        wall = time.monotonic() - self.t0
        if not self.b0 or not b1 or wall <= 0:
            return None
        ours = (c1.user + c1.system + c1.children_user + c1.children_system) - \
               (self.c0.user + self.c0.system + self.c0.children_user + self.c0.children_system)
        busy = (b1[0] - self.b0[0]) / self.hz
        steal = (b1[1] - self.b0[1]) / self.hz
        return {"seconds": wall,
                "others_pct": max(0.0, 100.0 * (busy - ours) / (wall * self.ncpu)),
                "steal_pct": 100.0 * steal / (wall * self.ncpu)}


# ---------------------------------------------------------------------------
# running one program
# ---------------------------------------------------------------------------


class Program:
    """One command of a part of the benchmark.

    key     short name used in tables ("check", "python", "floor@10")
    argv    the command (argv[0] resolved on PATH)
    kind    how its output is checked: agree.py kinds, "rc0" (exit 0 and an
            empty standard error) or None (not checked)
    ok_rc   exit statuses that count as success
    size    bytes of the file it reads (for memory ratios), or None
    """

    def __init__(self, key, label, argv, kind=None, ok_rc=(0,), size=None, expected=None):
        self.key, self.label, self.argv, self.kind = key, label, argv, kind
        self.ok_rc, self.size, self.expected = ok_rc, size, expected
        self.failed = None        # reason, once a run failed
        self.runs = []            # per timed round: dict(wall, cpu, rss, round)
        self.rss_kb = None        # from /usr/bin/time -v (round 0)
        self.rss_wait4_kb = None  # max over the timed runs, from wait4 (a cross-check)

    def display(self):
        return " ".join(display_argv(self.argv))


def display_argv(argv):
    """argv with paths below the repository written relative to it."""
    return [os.path.relpath(x, ROOT) if x.startswith(ROOT + os.sep) else x for x in argv]


def _spawn(argv, out, err, limit=RUN_LIMIT_S):
    """Runs argv with stdout and stderr to files; returns (status, wall s, rusage)."""
    path = argv[0] if os.sep in argv[0] else shutil.which(argv[0])
    if not path:
        raise FileNotFoundError(argv[0])
    fa = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
          (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
          (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    pid_box = {}

    def on_alarm(_sig, _frm):
        if "pid" in pid_box:
            os.kill(pid_box["pid"], signal.SIGKILL)

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        t0 = time.perf_counter()
        pid = os.posix_spawn(path, argv, env, file_actions=fa)
        pid_box["pid"] = pid
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return status, wall, ru


def run_once(prog, tag, with_time=False):
    """One run of prog; returns a dict, or sets prog.failed and returns None."""
    os.makedirs(OUTDIR, exist_ok=True)
    base = os.path.join(OUTDIR, re.sub(r"[^A-Za-z0-9_.@-]", "_", "%s-%s" % (prog.key, tag)))
    out, err, tfile = base + ".out", base + ".err", base + ".time"
    argv = prog.argv
    if with_time:
        argv = [TIME_BIN, "-v", "-o", tfile] + argv
    try:
        status, wall, ru = _spawn(argv, out, err)
    except OSError as e:
        prog.failed = "cannot run: %s" % e
        return None
    if os.WIFSIGNALED(status):
        prog.failed = "killed by signal %d (%s)" % (os.WTERMSIG(status), tag)
        return None
    rc = os.WEXITSTATUS(status)
    if with_time:
        # time(1) reports the command's own status in its file
        try:
            with open(tfile) as f:
                ttext = f.read()
        except OSError:
            ttext = ""
        m = re.search(r"Command terminated by signal (\d+)", ttext)
        if m:
            prog.failed = "killed by signal %s (%s)" % (m.group(1), tag)
            return None
        m = re.search(r"Exit status: (\d+)", ttext)
        if m:
            rc = int(m.group(1))
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", ttext)
        if m:
            prog.rss_kb = int(m.group(1))
    if rc not in prog.ok_rc:
        with open(err, errors="replace") as f:
            first = f.read(300).strip().replace("\n", " | ")
        prog.failed = "exit status %d (%s): %s" % (rc, tag, first)
        return None
    if prog.kind in ("tsv", "wozo", "wozomin"):
        with open(out, encoding="utf-8", errors="replace") as f:
            diffs = agree.compare(prog.expected, agree.parse(prog.kind, f.read()))
        if diffs:
            prog.failed = "wrong numbers (%s): %s" % (tag, "; ".join(diffs[:3]))
            return None
    elif prog.kind == "rc0":
        if os.path.getsize(err) > 0:
            with open(err, errors="replace") as f:
                prog.failed = "messages on standard error (%s): %s" % (tag, f.read(300).strip().replace("\n", " | "))
            return None
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss, "rc": rc}


def measure(progs, rounds, seed, ref_key, label):
    """Round 0 (memory, untimed) and `rounds` interleaved timed rounds."""
    if os.path.exists(TIME_BIN):
        for p in progs:
            if not p.failed:
                run_once(p, "mem", with_time=True)
    else:
        for p in progs:
            if not p.failed:
                run_once(p, "warm")
    for r in range(1, rounds + 1):
        order = shuffled([p for p in progs if not p.failed], seed * 7919 + r)
        for p in order:
            res = run_once(p, "r%d" % r)
            if res:
                res["round"] = r
                p.runs.append(res)
                p.rss_wait4_kb = max(p.rss_wait4_kb or 0, res["rss"])
        ref = next((p for p in progs if p.key == ref_key), None)
        if ref is not None and ref.failed:
            log("%s: the reference %s failed: %s" % (label, ref_key, ref.failed))
            break
        log("%s: round %d/%d done" % (label, r, rounds))


def ratios(prog, ref, field="wall"):
    """Per-round ratio of prog to ref, over the rounds both completed."""
    rmap = {x["round"]: x[field] for x in ref.runs}
    return [x[field] / rmap[x["round"]] for x in prog.runs if x["round"] in rmap and rmap[x["round"]] > 0]


# ---------------------------------------------------------------------------
# set-up: binary, floor, peers, data
# ---------------------------------------------------------------------------


def build_floor():
    exe = os.path.join(BDIR, "floor")
    src = os.path.join("bench", "floor.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        cc = os.environ.get("CC", "cc")
        cmd = [cc, "-std=c11", "-O2", "-o", exe, src, "-lyaml"]
        log(" ".join(cmd))
        subprocess.run(cmd, check=True)
    return exe


def find_peers(skip):
    """{name: (argv prefix, version text)} of the peers that can run, and
    {name: reason} of those that cannot."""
    ok, missing = {}, {}
    if "python" not in skip:
        v = sh([SYS_PYTHON, "-c", "import sys, yaml; yaml.CSafeLoader; "
                "print('Python %d.%d.%d, PyYAML %s, libyaml C loader %s' % (sys.version_info[:3] + "
                "(yaml.__version__, yaml.__with_libyaml__)))"])
        if v and v.endswith("True"):
            ok["python"] = ([SYS_PYTHON, "bench/peers/coverage.py"], v)
        else:
            missing["python"] = ("%s with PyYAML's C loader is not available (apt-get install python3-yaml)"
                                 % SYS_PYTHON)
    if "jq" not in skip:
        v = sh(["jq", "--version"])
        if v:
            ok["jq"] = (["jq", "-r", "-f", "bench/peers/coverage.jq"], v)
        else:
            missing["jq"] = "jq is not installed (apt-get install jq)"
    if "node" not in skip:
        v = sh(["node", "--version"])
        pj = os.path.join(BDIR, "node_modules", "js-yaml", "package.json")
        if v and os.path.exists(pj):
            with open(pj) as f:
                jv = json.load(f).get("version", "?")
            ok["node"] = (["node", "bench/peers/coverage.js"], "Node.js %s, js-yaml %s" % (v, jv))
        else:
            missing["node"] = "Node.js or js-yaml is not installed (bench/deps.sh installs js-yaml with npm)"
    for s in skip:
        if s in ("python", "jq", "node"):
            missing[s] = "skipped (--skip / BENCH_SKIP)"
    return ok, missing


def ensure_data(mb, seed):
    """(yaml, json, expected) for a size in MB, generated when stale."""
    stem = os.path.join(BDIR, "regions-%smb" % mb)
    y, j, e, stamp = stem + ".yaml", stem + ".json", stem + ".expected", stem + ".stamp"
    inputs = [os.path.join("bench", "gen.py"), os.path.join("examples", "wozo-2024", "regions.yaml")] + \
        sorted(os.path.join("rules", "indicators", n) for n in os.listdir(os.path.join("rules", "indicators"))
               if n.endswith(".wozo"))
    key = "%s seed=%d size=%s" % (sha256_files(inputs), seed, mb)
    cur = open(stamp).read() if os.path.exists(stamp) else ""
    if cur != key or not all(os.path.exists(p) for p in (y, j, e)):
        log("generating %s MB of data (bench/gen.py)" % mb)
        subprocess.run([sys.executable, os.path.join("bench", "gen.py"), "--size", "%sMB" % mb, "--seed", str(seed),
                        "--out", y, "--json", j, "--expected", e], check=True)
        with open(stamp, "w") as f:
            f.write(key)
    return y, j, e


def ensure_rules(lines, seed):
    d = os.path.join(BDIR, "rules-%dk" % (lines // 1000))
    stamp = d + ".stamp"
    key = "%s seed=%d lines=%d" % (sha256_files([os.path.join("bench", "genrules.py"),
                                                   os.path.join("bench", "gen.py")]), seed, lines)
    cur = open(stamp).read() if os.path.exists(stamp) else ""
    if cur != key or not os.path.isdir(d):
        log("generating %d lines of rules (bench/genrules.py)" % lines)
        subprocess.run([sys.executable, os.path.join("bench", "genrules.py"), "--lines", str(lines),
                        "--seed", str(seed), "--out", d], check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(key)
    nl = 0
    for n in os.listdir(d):
        with open(os.path.join(d, n), "rb") as f:
            nl += f.read().count(b"\n")
    return d, nl


def machine_facts(binary):
    facts = {}
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    lscpu = sh(["lscpu"]) or ""
    m = re.search(r"^Hypervisor vendor:\s*(.+)$", lscpu, re.M)
    facts["cpu"] = "%s (%s)%s" % (model or platform.processor() or "?", platform.machine(),
                                   ", virtual machine (%s)" % m.group(1).strip() if m else "")
    facts["cores"] = "%d online" % (os.cpu_count() or 0)
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        facts["memory"] = "%.1f GiB" % (kb / 1048576)
    except (OSError, ValueError, IndexError):
        pass
    facts["kernel"] = "%s %s" % (platform.system(), platform.release())
    cc = os.environ.get("CC", "cc")
    facts["compiler"] = (sh([cc, "--version"]) or "?").splitlines()[0]
    facts["libyaml"] = sh(["pkg-config", "--modversion", "yaml-0.1"]) or \
        sh(["dpkg-query", "-W", "-f=${Version}", "libyaml-0-2"]) or "?"
    facts["wozorules"] = "%s (sha256 %s)" % (binary, file_sha(binary))
    head = sh(["git", "rev-parse", "--short=12", "HEAD"])
    dirty = sh(["git", "status", "--porcelain", "--untracked-files=no", "--", "base", "lang", "runtime", "stdlib",
                "cli"])
    if head:
        facts["source"] = "commit %s%s" % (head, ", with uncommitted changes in the C sources" if dirty else "")
    else:
        facts["source"] = "not a git work tree"
    return facts


# ---------------------------------------------------------------------------
# the parts
# ---------------------------------------------------------------------------


def part_data(a, binary, floor, peers, missing, sizes, rounds_for):
    """Timing per dataset size; returns a list of per-size result dicts."""
    results = []
    files = {mb: ensure_data(mb, a.seed) for mb in sizes}
    for mb in sizes:
        y, j, e = files[mb]
        expected = agree.read_expected(e)
        ysize, jsize = os.path.getsize(y), os.path.getsize(j)
        progs = [
            Program("floor", "libyaml event scan (bench/floor.c)", [floor, y], size=ysize),
            Program("check", "wozorules check, bundled rules", [binary, "check", "rules/", "--data", "regions=" + y],
                    kind="wozo", ok_rc=(0, 1), size=ysize, expected=expected),
            Program("check-min", "wozorules check, bench/coverage.wozo",
                    [binary, "check", "--no-warnings", "bench/coverage.wozo", "rules/indicators/", "--data", "regions=" + y],
                    kind="wozomin", ok_rc=(0, 1), size=ysize, expected=expected),
        ]
        if "python" in peers:
            progs.append(Program("python", peers["python"][1], peers["python"][0] + [y], kind="tsv", size=ysize,
                                 expected=expected))
        if "jq" in peers:
            progs.append(Program("jq", peers["jq"][1] + " on the JSON twin", peers["jq"][0] + [j], kind="tsv",
                                 size=jsize, expected=expected))
        if "node" in peers:
            progs.append(Program("node", peers["node"][1], peers["node"][0] + [y], kind="tsv", size=ysize,
                                 expected=expected))
        # Growth: the same programs on the file a tenth this size, in the same rounds.
        small = next((s for s in sizes if abs(s * 10 - mb) < 1e-9), None)
        if small is not None:
            sy, _, se = files[small]
            sexp = agree.read_expected(se)
            ssize = os.path.getsize(sy)
            progs += [
                Program("floor@%s" % fmtmb(small), "floor on the %s MB file" % small, [floor, sy], size=ssize),
                Program("check@%s" % fmtmb(small), "check on the %s MB file" % small,
                        [binary, "check", "rules/", "--data", "regions=" + sy], kind="wozo", ok_rc=(0, 1),
                        size=ssize, expected=sexp),
                Program("check-min@%s" % fmtmb(small), "check-min on the %s MB file" % small,
                        [binary, "check", "--no-warnings", "bench/coverage.wozo", "rules/indicators/", "--data",
                         "regions=" + sy], kind="wozomin", ok_rc=(0, 1), size=ssize, expected=sexp),
            ]
        rounds = rounds_for(mb)
        log("%s MB: %d programs, %d rounds" % (mb, len(progs), rounds))
        meter = LoadMeter()
        measure(progs, rounds, a.seed + int(mb * 1000), "floor", "%s MB" % mb)
        results.append({"mb": mb, "yaml": y, "json": j, "yaml_bytes": ysize, "json_bytes": jsize,
                        "yaml_sha": file_sha(y), "regions": next(iter(expected.values()))[1],
                        "small": small, "small_bytes": os.path.getsize(files[small][0]) if small else None,
                        "rounds": rounds, "progs": progs, "load": meter.result()})
    return results


def find_fmt(binary):
    """(available, note) for `wozorules fmt`."""
    try:
        r = subprocess.run([binary, "fmt", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        return False, "could not run: %s" % e
    text = r.stdout.lower()
    if r.returncode != 0 or "unknown command" in text or "not a command" in text:
        first = r.stdout.strip().splitlines()[0] if r.stdout.strip() else "exit status %d" % r.returncode
        return False, "`wozorules fmt` does not exist in this build (%s)" % first
    return True, ""


def part_bundled(binary, rounds, seed):
    progs = [Program("check", "wozorules check rules/", [binary, "check", "rules/"], ok_rc=(0, 1))]
    have_fmt, note = find_fmt(binary)
    if have_fmt:
        # exit 1 means "some file would be reformatted": still a complete run
        progs.append(Program("fmt", "wozorules fmt --check rules/", [binary, "fmt", "--check", "rules/"],
                             ok_rc=(0, 1)))
    progs.append(Program("true", "process start-up (/bin/true), for reference", ["/bin/true"]))
    log("bundled analysis: %d rounds" % rounds)
    meter = LoadMeter()
    measure(progs, rounds, seed + 17, "true", "bundled")
    load = meter.result()
    # Instructions are the same on a busy or a quiet machine: a figure to
    # follow from one commit to the next, beside the times.
    if shutil.which("valgrind"):
        for p in progs:
            if p.failed or p.key == "true":
                continue
            r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + p.argv,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            m = re.search(r"Collected : (\d+)", r.stderr)
            if m:
                p.instructions = int(m.group(1))
    return {"progs": progs, "fmt_note": note, "rounds": rounds, "load": load}


def part_rules(binary, rounds, seed):
    trees = [ensure_rules(n, seed) for n in RULES_SIZES]
    progs = []
    for (d, nl), n in zip(trees, RULES_SIZES):
        progs.append(Program("rules-%dk" % (n // 1000), "%s lines" % format(nl, ","),
                             [binary, "check", "--no-warnings", d], kind="rc0", ok_rc=(0,)))
        progs[-1].lines = nl
        progs[-1].files = len(os.listdir(d))
    log("rules trees: %d rounds" % rounds)
    meter = LoadMeter()
    measure(progs, rounds, seed + 29, progs[0].key, "rules")
    return {"progs": progs, "rounds": rounds, "load": meter.result()}


MALLOC = re.compile(r"^(_int_|__libc_|c?free|malloc|realloc|calloc|tcache|unlink_chunk|alloc_perturb|"
                    r"sysmalloc|systrim|__default_morecore|__?brk)")


def symbol_files(binary):
    """{symbol: source file} of the binary, from its debug information (nm -l)."""
    out = {}
    text = sh(["nm", "-l", "--defined-only", binary]) or ""
    for line in text.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and ":" in parts[3]:
            f = parts[3].rsplit(":", 1)[0]
            out[parts[2]] = os.path.relpath(f, ROOT) if os.path.isabs(f) else f
    return out


def part_profile(binary, data_results, rules_result):
    """Flat perf profiles: `check` of the largest dataset, and of the largest
    rules tree."""
    if not shutil.which("perf"):
        return [{"note": "perf is not installed"}]
    out = []
    if data_results:
        big = max(data_results, key=lambda r: r["yaml_bytes"])
        out.append(profile_one(binary, "dataset", [binary, "check", "rules/", "--data", "regions=" + big["yaml"]]))
    if rules_result:
        out.append(profile_one(binary, "rules", list(rules_result["progs"][-1].argv)))
    return out or [{"note": "no dataset or rules tree was measured"}]


def profile_one(binary, name, cmd):
    """One flat profile, by function and by part of the program (libyaml,
    malloc, kernel, source file of ours)."""
    pdata = os.path.join(BDIR, "perf-%s.data" % name)
    rec = ["perf", "record", "-q", "-F", "1999", "-o", pdata, "--"] + cmd
    log(" ".join(rec))
    r = subprocess.run(rec, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1) or not os.path.exists(pdata):
        return {"note": "perf record failed (exit status %d): %s" % (r.returncode, r.stderr.strip()[:300])}
    rep = subprocess.run(["perf", "report", "-i", pdata, "--stdio", "--no-children", "--sort", "dso,sym"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rows = []
    for line in rep.stdout.splitlines():
        m = re.match(r"^\s+([\d.]+)%\s+(\S+)\s+\[.\]\s+(.*?)\s*$", line)
        if m:
            rows.append((float(m.group(1)), m.group(2), m.group(3)))
    if not rows:
        return {"note": "perf report gave no samples"}
    files = symbol_files(binary)
    wozo = os.path.basename(binary)
    groups = {}
    funcs = []
    for pct, dso, sym in rows:
        if dso.startswith("libyaml"):
            g, where = "libyaml (YAML parsing)", dso
        elif dso.startswith("libc"):
            g = "libc: malloc, realloc, free" if MALLOC.match(sym) else "libc: other (memcpy, strings, I/O)"
            where = dso
        elif dso.startswith("[kernel"):
            g, where = "kernel (page faults, reading the file)", "kernel"
        elif dso == wozo:
            where = files.get(sym, "wozorules")
            g = "wozorules: %s" % where
        else:
            g, where = dso, dso
        groups[g] = groups.get(g, 0.0) + pct
        funcs.append((pct, where, sym))
    m = re.search(r"# Samples: (\S+)", rep.stdout)
    return {"command": " ".join(display_argv(rec)), "samples": m.group(1) if m else "?",
            "groups": sorted(groups.items(), key=lambda kv: -kv[1]), "funcs": funcs[:20]}


# ---------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------


def fx(x, d=2):
    return "-" if x is None or x != x else ("%.*f" % (d, x))


def fsec(s):
    if s is None or s != s:
        return "-"
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def mib(kb):
    return "-" if kb is None else "%.1f MiB" % (kb / 1024)


def verdict(ok):
    return "**PASS**" if ok else "**FAIL**"


def prog_stats(p, ref):
    w = ratios(p, ref, "wall") if ref else []
    c = ratios(p, ref, "cpu") if ref else []
    q1, q3 = quartiles(w) if w else (None, None)
    return {"wall_ratio": median(w) if w else None, "wall_min": min(w) if w else None,
            "wall_max": max(w) if w else None, "wall_q1": q1, "wall_q3": q3,
            "cpu_ratio": median(c) if c else None,
            "wall_s": median([x["wall"] for x in p.runs]) if p.runs else None,
            "cpu_s": median([x["cpu"] for x in p.runs]) if p.runs else None,
            "n": len(w) if ref else len(p.runs)}


def load_line(load):
    if not load:
        return ""
    return ("Other processes used %.0f%% of the machine's CPU time while this part ran (%.1f s), steal %.0f%%"
            % (load["others_pct"], load["seconds"], load["steal_pct"]))


def write_report(path, a, facts, peers, missing, data, bundled, rules, prof, quick, t_start, t_end):  # noqa: C901
    L = []
    w = L.append
    w("# Benchmark results (issue 8)")
    w("")
    w("Written by `make bench` (bench/run.py) on %s UTC, in %.0f s. Do not edit: the next run rewrites it;"
      % (t_start.strftime("%Y-%m-%d %H:%M"), (t_end - t_start).total_seconds()))
    w("hand-written notes go in bench/NOTES.md, which is copied in at the end.")
    w("")
    if quick:
        w("> **Quick run**: %s. The figures are indicative; the targets of the issue are judged on a full"
          " `make bench`." % quick)
        w("")
    loads = [x["load"]["others_pct"] for x in list(data) + [bundled, rules] if x and x.get("load")]
    if loads and max(loads) > 20:
        w("> **The machine was busy**: other processes used up to %.0f%% of its CPU time during this run (see each"
          " part). Wall-clock figures are inflated by waiting for a core; the CPU-time figures are not." % max(loads))
        w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    for k in ("cpu", "cores", "memory", "kernel", "compiler", "libyaml", "wozorules", "source"):
        if k in facts:
            w("| %s | %s |" % (k, facts[k]))
    for name in ("python", "jq", "node"):
        if name in peers:
            w("| %s | %s |" % (name, peers[name][1]))
        elif name in missing:
            w("| %s | not measured: %s |" % (name, missing[name]))
    w("")
    w("These machines change speed by up to 2x within minutes, so every figure is a ratio measured inside one")
    w("round: each round runs every program once, in an order shuffled by the seed (%d), and divides each" % a.seed)
    w("program's wall-clock time by the floor's in the same round. Tables give the median over the rounds and")
    w("the spread (lowest-highest, and the middle half). CPU time (user + system) is given beside it: other")
    w("processes inflate wall time, not CPU time. Peak memory is *Maximum resident set size* from")
    w("`/usr/bin/time -v` in an untimed round 0, divided by the size of the file the program reads.")
    w("")

    # ---- targets ----
    # Each row: target, measured (wall; CPU), verdict on wall time, verdict on
    # CPU time (None where there is no CPU figure, or nothing was measured).
    w("## Targets of the issue")
    w("")
    w("Judged on the median wall-clock figure; where the CPU-time figure gives another verdict, it is said.")
    w("")
    w("| target | measured: wall-clock (CPU time) | verdict |")
    w("|---|---|---|")
    by_mb = {d["mb"]: d for d in data}
    big = by_mb.get(100)
    rows = []

    def pget(d, key):
        return next((p for p in d["progs"] if p.key == key), None) if d else None

    def usable(*ps):
        return all(p is not None and not p.failed and p.runs for p in ps)

    if big:
        floor = pget(big, "floor")
        for key, what in (("check", "`check`, bundled rules"), ("check-min", "`check`, bench/coverage.wozo")):
            p = pget(big, key)
            t = "100 MB: %s at most 1.3x the floor" % what
            if not usable(p, floor):
                rows.append((t, "not measured: %s" % (p.failed if p else "no run"), False, None))
                continue
            st = prog_stats(p, floor)
            rows.append((t, "%sx (%sx)" % (fx(st["wall_ratio"]), fx(st["cpu_ratio"])),
                         st["wall_ratio"] <= 1.3, st["cpu_ratio"] <= 1.3))
            if p.rss_kb:
                mr = p.rss_kb * 1024 / p.size
                rows.append(("100 MB: %s peak memory at most 1.5x the file" % what,
                             "%sx (%s for %.1f MB)" % (fx(mr), mib(p.rss_kb), p.size / 1e6), mr <= 1.5, None))
        chk = pget(big, "check")
        for peer, want in (("jq", 3), ("node", 3), ("python", 40)):
            pp = pget(big, peer)
            t = "100 MB: `check` at least %dx faster than %s (%s's time / check's)" % (want, peer, peer)
            if usable(chk, pp):
                r, rc = median(ratios(pp, chk, "wall")), median(ratios(pp, chk, "cpu"))
                rows.append((t, "%sx (%sx)" % (fx(r, 1), fx(rc, 1)), r >= want, rc >= want))
            else:
                rows.append((t, "not measured: %s" % (pp.failed if pp else missing.get(peer, "no run")),
                             False if pp and pp.failed else None, None))
        for key in ("check", "check-min"):
            ps = pget(big, "%s@%s" % (key, fmtmb(big["small"]))) if big["small"] else None
            p = pget(big, key)
            t = "10 MB -> 100 MB: `%s` time grows at most 11x" % key
            if usable(p, ps):
                g, gc = median(ratios(p, ps, "wall")), median(ratios(p, ps, "cpu"))
                rows.append((t, "%sx (%sx), for %.2fx the bytes" % (fx(g), fx(gc), big["yaml_bytes"] / big["small_bytes"]),
                             g <= 11, gc <= 11))
            else:
                rows.append((t, "not measured (needs sizes 10 and 100)", None, None))
    else:
        rows.append(("100 MB targets", "not measured: 100 is not among the sizes", None, None))
    if bundled:
        for key, what in (("check", "`check rules/`"), ("fmt", "`fmt --check rules/`")):
            p = next((x for x in bundled["progs"] if x.key == key), None)
            t = "bundled analysis: %s under 10 ms" % what
            if p is None:
                rows.append((t, "not measured: %s" % bundled["fmt_note"], None, None))
            elif not usable(p):
                rows.append((t, "failed: %s" % p.failed, False, None))
            else:
                st = prog_stats(p, None)
                rows.append((t, "%s (%s)" % (fsec(st["wall_s"]), fsec(st["cpu_s"])),
                             st["wall_s"] < 0.010, st["cpu_s"] < 0.010))
    if rules:
        small, large = rules["progs"][0], rules["progs"][-1]
        t = "1M lines of rules (%s): parse + resolve (`check`) under 1 s" % format(large.lines, ",")
        if not usable(large):
            rows.append((t, "failed: %s" % large.failed, False, None))
        else:
            st = prog_stats(large, None)
            rows.append((t, "%s (%s)" % (fsec(st["wall_s"]), fsec(st["cpu_s"])), st["wall_s"] < 1.0, st["cpu_s"] < 1.0))
        if usable(small, large):
            g, gc = median(ratios(large, small, "wall")), median(ratios(large, small, "cpu"))
            lr = large.lines / small.lines
            rows.append(("rules 100k -> 1M lines: linear (time grows at most 1.1x the line ratio)",
                         "%sx (%sx), for %.2fx the lines" % (fx(g), fx(gc), lr), g <= 1.1 * lr, gc <= 1.1 * lr))
    for t, m, ok, okc in rows:
        if ok is None:
            v = "not measured"
        else:
            v = verdict(ok)
            if okc is not None and okc != ok:
                v += " (on CPU time: %s)" % ("PASS" if okc else "FAIL")
        w("| %s | %s | %s |" % (t, m, v))
    w("")

    # ---- per size ----
    for d in data:
        floor = pget(d, "floor")
        w("## %s MB dataset" % fmtmb(d["mb"]))
        w("")
        w("`%s`: %s bytes, %d regions x (30 indicators + 22 topics), sha256 %s; JSON twin %s bytes. %d timed rounds. %s."
          % (d["yaml"], format(d["yaml_bytes"], ","), d["regions"], d["yaml_sha"], format(d["json_bytes"], ","),
             d["rounds"], load_line(d["load"])))
        w("")
        w("| program | time / floor (median) | spread: lowest-highest, middle half | CPU / floor | median time | peak memory | memory / file | numbers |")
        w("|---|---|---|---|---|---|---|---|")
        for p in d["progs"]:
            if "@" in p.key:
                continue
            s = prog_stats(p, floor)
            if p.failed and not p.runs:
                w("| %s | - | - | - | - | - | - | FAILED: %s |" % (p.key, p.failed))
                continue
            mem = "%sx" % fx(p.rss_kb * 1024 / p.size) if p.rss_kb and p.size else "-"
            agreed = "the floor (counts events only)" if p.key == "floor" else \
                ("agree, every run" if not p.failed else "FAILED: %s" % p.failed)
            w("| %s | **%sx** | %s-%s, %s-%s | %sx | %s | %s | %s | %s |" % (
                p.key, fx(s["wall_ratio"]), fx(s["wall_min"]), fx(s["wall_max"]), fx(s["wall_q1"]), fx(s["wall_q3"]),
                fx(s["cpu_ratio"]), fsec(s["wall_s"]), mib(p.rss_kb), mem, agreed))
        w("")
        gl = []
        for key in ("floor", "check", "check-min"):
            p, ps = pget(d, key), pget(d, "%s@%s" % (key, fmtmb(d["small"])))
            if p and ps and p.runs and ps.runs:
                g = ratios(p, ps, "wall")
                gl.append("`%s` %sx (%s-%s)" % (key, fx(median(g)), fx(min(g)), fx(max(g))))
        if gl:
            w("Growth from the %s MB file (%.2fx the bytes), measured in the same rounds: %s." % (
                fmtmb(d["small"]), d["yaml_bytes"] / d["small_bytes"], ", ".join(gl)))
            w("")
    # ---- bundled ----
    if bundled:
        w("## Bundled analysis (rules/, examples/wozo-2024/regions.yaml)")
        w("")
        w("%d timed rounds. %s." % (bundled["rounds"], load_line(bundled["load"])))
        w("")
        w("| command | median time | lowest-highest | median CPU time | instructions (callgrind) | peak memory | |")
        w("|---|---|---|---|---|---|---|")
        for p in bundled["progs"]:
            if p.failed and not p.runs:
                w("| %s | - | - | - | - | - | FAILED: %s |" % (p.label, p.failed))
                continue
            walls = [x["wall"] for x in p.runs]
            s = prog_stats(p, None)
            rcs = sorted(set(x["rc"] for x in p.runs))
            note = "FAILED: " + p.failed if p.failed else ""
            if rcs != [0]:
                note += " exit status %s%s" % ("/".join(map(str, rcs)),
                                              " (some files would be reformatted)" if p.key == "fmt" else "")
            ins = getattr(p, "instructions", None)
            w("| %s | %s | %s-%s | %s | %s | %s | %s |" % (
                p.label, fsec(s["wall_s"]), fsec(min(walls)), fsec(max(walls)), fsec(s["cpu_s"]),
                "%.1f M" % (ins / 1e6) if ins else "-", mib(p.rss_kb), note.strip()))
        if bundled["fmt_note"]:
            w("| wozorules fmt --check rules/ | not measured | | | | | %s |" % bundled["fmt_note"])
        w("")
    # ---- rules ----
    if rules:
        w("## Generated rules trees (bench/genrules.py)")
        w("")
        w("`wozorules check --no-warnings DIR` on trees of the prelude's kinds (things, functions, criteria;"
          " no datasets, evaluation kept small and linear), so the time is parsing and resolution."
          " %d timed rounds. %s." % (rules["rounds"], load_line(rules["load"])))
        w("")
        w("| tree | files | lines | median time | lowest-highest | median CPU time | peak memory | |")
        w("|---|---|---|---|---|---|---|---|")
        for p in rules["progs"]:
            walls = [x["wall"] for x in p.runs]
            s = prog_stats(p, None)
            w("| %s | %d | %s | %s | %s-%s | %s | %s | %s |" % (
                p.argv[-1], p.files, format(p.lines, ","), fsec(s["wall_s"]),
                fsec(min(walls)) if walls else "-", fsec(max(walls)) if walls else "-", fsec(s["cpu_s"]),
                mib(p.rss_kb), "FAILED: " + p.failed if p.failed else ""))
        w("")
    # ---- commands ----
    w("## Exact commands")
    w("")
    w("From the root of the repository:")
    w("")
    w("    make bench                                   # everything below; BENCH_SIZES=\"1 10\" BENCH_ROUNDS=3 for a quick run")
    w("    sh bench/deps.sh                             # python3-yaml, jq, time (apt-get); js-yaml (npm, build/bench)")
    w("    /usr/bin/python3 bench/run.py --bin build/release/wozorules --sizes \"%s\"%s" % (
        " ".join(fmtmb(x) for x in a.sizes), " --rounds %d" % a.rounds if a.rounds else ""))
    seen = set()
    for d in data:
        w("")
        w("%s MB:" % fmtmb(d["mb"]))
        w("")
        w("    python3 bench/gen.py --size %sMB --seed %d --out %s --json %s --expected %s" % (
            fmtmb(d["mb"]), a.seed, d["yaml"], d["json"], d["yaml"].replace(".yaml", ".expected")))
        for p in d["progs"]:
            if "@" in p.key:
                continue
            w("    %s" % p.display())
        seen.add(d["mb"])
    if rules:
        w("")
        w("Rules trees:")
        w("")
        for p, n in zip(rules["progs"], RULES_SIZES):
            w("    python3 bench/genrules.py --lines %d --seed %d --out %s" % (n, a.seed, p.argv[-1]))
            w("    %s" % p.display())
    w("")
    # ---- profile ----
    w("## Where the time goes")
    w("")
    for pr in prof or [{"note": "profile part not run"}]:
        if "groups" not in pr:
            w("Not profiled: %s." % pr.get("note", "?"))
            w("")
            continue
        w("`%s` (%s samples of cpu-clock; a flat profile: the release build has no frame pointers, so no call"
          " graphs)." % (pr["command"], pr["samples"]))
        w("")
        w("| share | part |")
        w("|---|---|")
        for g, pct in pr["groups"]:
            if pct >= 0.5:
                w("| %.1f%% | %s |" % (pct, g))
        w("")
        w("| share | function | in |")
        w("|---|---|---|")
        for pct, where, sym in pr["funcs"]:
            w("| %.1f%% | `%s` | %s |" % (pct, sym, where))
        w("")
    notes = os.path.join("bench", "NOTES.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            text = f.read().strip()
        w(text)
        w("")
    w("Raw figures of every run: `build/bench/results.json` (not committed).")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    os.replace(path + ".tmp", path)


def fmtmb(x):
    return ("%g" % x) if x is not None else "?"


def dump_raw(path, facts, data, bundled, rules, prof):
    def progs(ps):
        return [{"key": p.key, "label": p.label, "argv": p.argv, "failed": p.failed, "rss_kb": p.rss_kb,
                 "rss_wait4_kb": p.rss_wait4_kb, "size": p.size, "runs": p.runs} for p in ps]
    out = {"facts": facts,
           "data": [dict({k: v for k, v in d.items() if k != "progs"}, progs=progs(d["progs"])) for d in data],
           "bundled": dict({k: v for k, v in bundled.items() if k != "progs"}, progs=progs(bundled["progs"])) if bundled else None,
           "rules": dict({k: v for k, v in rules.items() if k != "progs"}, progs=progs(rules["progs"])) if rules else None,
           "profile": prof}
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description="the benchmark of issue 8")
    ap.add_argument("--bin", default=os.environ.get("BENCH_BIN") or "build/release/wozorules")
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "1 10 100", help="dataset sizes in MB")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS") or 0) or None,
                    help="timed rounds for every part (default: 21 at 1 MB, 11 at 10 MB, 7 elsewhere, 51 bundled)")
    ap.add_argument("--skip", default=os.environ.get("BENCH_SKIP") or "", help="peers to leave out: python,jq,node")
    ap.add_argument("--parts", default="data,bundled,rules,profile")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join("bench", "RESULTS.md"))
    ap.add_argument("--source", help="describe the measured source yourself (default: from git)")
    a = ap.parse_args(argv)
    os.chdir(ROOT)
    a.sizes = [float(x) if "." in x else int(x) for x in a.sizes.replace(",", " ").split()]
    parts = set(a.parts.split(","))
    skip = set(x for x in a.skip.replace(",", " ").split())
    os.makedirs(BDIR, exist_ok=True)
    t_start = datetime.datetime.now(datetime.timezone.utc)

    # A private copy of the binary: others may rebuild build/release meanwhile.
    if not os.path.exists(a.bin):
        sys.exit("bench: %s does not exist (run make first)" % a.bin)
    binary = os.path.join(BDIR, "wozorules")
    shutil.copy2(a.bin, binary)
    binary = os.path.abspath(binary)
    floor = os.path.abspath(build_floor())
    peers, missing = find_peers(skip)
    for name, why in missing.items():
        log("peer %s not measured: %s" % (name, why))
    facts = machine_facts(binary)
    facts["wozorules"] = "%s, copied from %s (sha256 %s)" % (os.path.relpath(binary, ROOT), a.bin, file_sha(binary))
    if a.source:
        facts["source"] = a.source

    quick = []
    if a.rounds:
        for mb in a.sizes:
            need = MIN_ROUNDS.get(mb, 7)
            if a.rounds < need:
                quick.append("%d rounds on the %s MB file (the issue asks for at least %d)" % (a.rounds, fmtmb(mb), need))
    if "data" in parts and 100 not in a.sizes:
        quick.append("the 100 MB dataset was left out")

    def rounds_for(mb):
        return a.rounds or DEFAULT_ROUNDS.get(mb, 7)

    data = part_data(a, binary, floor, peers, missing, a.sizes, rounds_for) if "data" in parts else []
    bundled = part_bundled(binary, a.rounds or 51, a.seed) if "bundled" in parts else None
    rules = part_rules(binary, a.rounds or 7, a.seed) if "rules" in parts else None
    prof = part_profile(binary, data, rules) if "profile" in parts else None
    t_end = datetime.datetime.now(datetime.timezone.utc)
    dump_raw(os.path.join(BDIR, "results.json"), facts, data, bundled, rules, prof)
    write_report(a.out, a, facts, peers, missing, data, bundled, rules, prof, "; ".join(quick), t_start, t_end)
    log("wrote %s" % a.out)
    # A program that crashed, failed or gave wrong numbers makes the run fail
    # (after the report is written); slow figures do not: they are the report.
    bad = [("%s MB" % fmtmb(d["mb"]), p.key, p.failed) for d in data for p in d["progs"] if p.failed]
    for part, name in ((bundled, "bundled"), (rules, "rules")):
        if part:
            bad += [(name, p.key, p.failed) for p in part["progs"] if p.failed]
    for where, key, why in bad:
        log("FAILED %s %s: %s" % (where, key, why))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
