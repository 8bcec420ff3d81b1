#!/usr/bin/env python3
"""Do the benchmark's programs agree on the per-indicator coverage?

    agree.py EXPECTED.tsv NAME=KIND:OUTPUT ...

EXPECTED.tsv is what bench/gen.py wrote (indicator, count at "planned" or
above, number of regions). Each program's OUTPUT is read by its KIND:

    tsv      the peers (bench/peers/*): the same three columns
    wozo     wozorules' text report of the bundled rules (criterion
             regional_coverage, message "... (N van TOTAL, ...)" or
             "... staat in geen enkel regioplan ...")
    wozomin  wozorules' text report of bench/coverage.wozo (criterion
             bench_coverage, message "ID: N van TOTAL")

Prints one line per program and exits 1 when any program disagrees with the
expected numbers (for any indicator: the count, the total, or a missing or
extra indicator). Used by bench/run.py after every timed run and by
tests/bench-agree.sh. Standard library only.
"""
import re
import sys

_FINDING = {
    "wozo": re.compile(r"^\s*regional_coverage/(\w+)(?:\s+(.*))?$"),
    "wozomin": re.compile(r"^\s*bench_coverage/(\w+)(?:\s+(.*))?$"),
}
_COUNT = re.compile(r"(\d+) van (\d+)")
_NONE = re.compile(r"geen enkel regioplan")


def read_expected(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                out[parts[0]] = (int(parts[1]), int(parts[2]))
    return out


def parse_tsv(text):
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            out[parts[0]] = (int(parts[1]), int(parts[2]))
    return out


def parse_wozo(text, kind):
    """Coverage per indicator from a text report. The message of a finding is
    either on its heading line (compact form) or on the line after it. A total
    of None means the report gave none ("in geen enkel regioplan": count 0)."""
    pat = _FINDING[kind]
    lines = text.splitlines()
    out = {}
    for k, line in enumerate(lines):
        m = pat.match(line)
        if not m:
            continue
        cands = [m.group(2) or ""]
        if k + 1 < len(lines):
            cands.append(lines[k + 1])
        for c in cands:
            mc = _COUNT.search(c)
            if mc:
                out[m.group(1)] = (int(mc.group(1)), int(mc.group(2)))
                break
            if kind == "wozo" and _NONE.search(c):
                out[m.group(1)] = (0, None)
                break
    return out


def parse(kind, text):
    if kind == "tsv":
        return parse_tsv(text)
    if kind in _FINDING:
        return parse_wozo(text, kind)
    raise ValueError("unknown output kind %r" % kind)


def compare(expected, got):
    """A list of differences (empty when they agree)."""
    diffs = []
    if not got:
        return ["no coverage figures found in the output"]
    for ind in sorted(expected):
        if ind not in got:
            diffs.append("%s: missing" % ind)
            continue
        en, et = expected[ind]
        gn, gt = got[ind]
        if gn != en or (gt is not None and gt != et):
            diffs.append("%s: %d/%s, expected %d/%d" % (ind, gn, "?" if gt is None else gt, en, et))
    for ind in sorted(set(got) - set(expected)):
        diffs.append("%s: not an indicator of the data" % ind)
    return diffs


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    expected = read_expected(argv[1])
    bad = 0
    for spec in argv[2:]:
        name, _, rest = spec.partition("=")
        kind, _, path = rest.partition(":")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                diffs = compare(expected, parse(kind, f.read()))
        except OSError as e:
            diffs = ["cannot read output: %s" % e]
        if diffs:
            bad += 1
            print("DISAGREES  %-10s %s" % (name, "; ".join(diffs[:5]) + (" ..." if len(diffs) > 5 else "")))
        else:
            print("agrees     %-10s %d indicators, %d regions" % (name, len(expected),
                                                               next(iter(expected.values()))[1] if expected else 0))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
