#!/usr/bin/env python3
"""Deterministic generator of a large rules tree, to time parsing and resolution.

    genrules.py --lines 1000000 --out build/bench/rules-1000k [--seed 1]

Writes DIR/00000_vocabulary.wozo and then files of about 1,000 lines each
until the tree holds at least --lines lines. The files look like the bundled
analysis (rules/): categories, indicators, topics, a programme with its
actions, themes, a function and a few criteria, all of the prelude's kinds,
with references inside a file and to the file before it, so that name
resolution has real work to do.

Evaluation is kept small and linear on purpose: every criterion runs over the
four things of a small kind declared in the vocabulary file and reads a fixed
number of named things, so `wozorules check DIR` measures parsing and
resolution, not evaluation. No datasets.

Deterministic (splitmix64 seeded by --seed, no clock); standard library only.
Prints the number of files and lines written.
"""
import argparse
import os
import shutil
import sys

sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import Rng  # noqa: E402  (same PRNG as the data generator)

WOORDEN = [
    "ouderen", "thuis", "wijk", "mantelzorg", "zorg", "ondersteuning", "preventie",
    "samenwerking", "regio", "gemeente", "huisarts", "welzijn", "wonen", "netwerk",
    "vroegsignalering", "eenzaamheid", "technologie", "reablement", "vrijwilligers",
    "coördinatie", "patiënten", "afspraken", "financiering", "monitoring",
]

VOCAB = """# Vocabulary of the generated benchmark tree (bench/genrules.py).
# Synthetic rules: they only have the shape of the bundled analysis.

as_of 2024-08-02

audience ouderen "Ouderen"
audience inwoners "Inwoners"
audience professionals "Professionals in zorg en welzijn"
audience gemeenten "Gemeenten"

level landelijk "Landelijk"
level regionaal "Regionaal"
level lokaal "Lokaal"

law wmo "Wet maatschappelijke ondersteuning 2015 (Wmo)"
law zvw "Zorgverzekeringswet (Zvw)"

means geld "Financiele middelen"
means kennis "Kennis en expertise"

programme_form programma "Programma"
programme_form akkoord "Akkoord"

# The subjects of every generated criterion: four, whatever the tree's size,
# so that evaluation stays a small, linear part of the run.
kind bench_unit "Eenheid" {
  weight: number
}

bench_unit u1 "Eenheid 1" {
  weight: 1
}

bench_unit u2 "Eenheid 2" {
  weight: 2
}

bench_unit u3 "Eenheid 3" {
  weight: 3
}

bench_unit u4 "Eenheid 4" {
  weight: 4
}
"""


def zin(rng, n):
    words = [rng.pick(WOORDEN) for _ in range(n)]
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def gen_file(rng, k):
    """The text of file k (k >= 1): about 1,000 lines."""
    f = "f%05d" % k
    prev = "f%05d" % (k - 1) if k > 1 else None
    L = []
    a = L.append
    a("# Generated rules, part %d (bench/genrules.py)." % k)
    a("# %s" % zin(rng, 12))
    a("")
    a('category %s_cat "Categorie %d" {' % (f, k))
    a('  questions: ["%s", "%s"]' % (zin(rng, 8), zin(rng, 9)))
    a('  source: "bench/genrules.py, deel %d"' % k)
    a("}")
    a("")
    n_ind, n_top, n_act, n_thm, n_crit = 20, 10, 48, 8, 6
    for j in range(n_ind):
        a("# %s" % zin(rng, 10))
        a('indicator %s_i%02d "Indicator %d.%d" {' % (f, j, k, j))
        a("  category: %s_cat" % f)
        a('  question: "%s"' % zin(rng, 14))
        if j % 5 == 4:
            a("  same_as: %s_i%02d" % (f, j - 1))
        a('  source: "bench/genrules.py, deel %d, indicator %d"' % (k, j))
        a("}")
        a("")
    for j in range(n_top):
        a('topic %s_t%02d "Onderwerp %d.%d" {' % (f, j, k, j))
        a("  category: %s_cat" % f)
        a('  note: "%s"' % zin(rng, 10))
        a("}")
        a("")
    a('programme %s_p "Programma %d" {' % (f, k))
    a("  adopted: 20%02d-%02d-%02d" % (15 + rng.below(9), 1 + rng.below(12), 1 + rng.below(28)))
    a("  in_overview: %s" % ("true" if k % 3 else "false"))
    a("  form: %s" % ("programma" if k % 2 else "akkoord"))
    a("  stage: %s" % ("active" if k % 4 else "announced"))
    a("  dedicated_to: [%s_h00]" % f)
    a('  goal: "%s"' % zin(rng, 16))
    a('  essence: "%s"' % zin(rng, 12))
    a('  principles: ["%s", "%s", "%s"]' % (zin(rng, 6), zin(rng, 6), zin(rng, 6)))
    a('  action_lines: ["%s", "%s"]' % (zin(rng, 5), zin(rng, 5)))
    a("  laws: [wmo, zvw]")
    a('  initiators: "%s"' % zin(rng, 4))
    a("  levels: [landelijk, regionaal]")
    a("  means: [geld, kennis]")
    a('  financing: ["EUR %d miljoen"]' % (1 + rng.below(400)))
    a("  applications: []")
    a("  links: []")
    a('  source: "bench/genrules.py, deel %d, programma"' % k)
    a("}")
    a("")
    for j in range(n_act):
        a('action %s_a%02d "%s" {' % (f, j, zin(rng, 9)[:-1]))
        a("  programme: %s_p" % f)
        th = "%s_h%02d" % (f, j % n_thm)
        if prev and j % 3 == 0:
            th += ", %s_h%02d" % (prev, (j + 1) % n_thm)
        a("  addresses: [%s]" % th)
        a("  relates_to: [%s_h%02d]" % (f, (j + 3) % n_thm))
        a("  indicators: [%s_i%02d, %s_i%02d]" % (f, j % n_ind, f, (j * 7) % n_ind))
        a("  audience: [%s]" % ("ouderen" if j % 2 else "ouderen, professionals"))
        a('  gloss: "%s"' % zin(rng, 8))
        a('  source: "bench/genrules.py, deel %d, actie %d"' % (k, j))
        a("}")
        a("")
    for j in range(n_thm):
        a("# %s" % zin(rng, 10))
        a('theme %s_h%02d "Thema %d.%d" {' % (f, j, k, j))
        a("  indicators: [%s_i%02d, %s_i%02d]" % (f, (2 * j) % n_ind, f, (2 * j + 1) % n_ind))
        a("  topics: [%s_t%02d]" % (f, j % n_top))
        a("  category: %s_cat" % f)
        a("  target_group: %s" % ("ouderen" if j % 3 else "inwoners"))
        a('  concern: "%s"' % zin(rng, 15))
        a('  national: "%s"' % zin(rng, 10))
        a('  regional: "%s"' % zin(rng, 10))
        a('  conclusion: "%s"' % zin(rng, 18))
        a("  reflected: %s" % ("true" if j == 0 else "false"))
        if j == 1:
            a("  merged_into: %s_h00" % f)
        a('  source: "bench/genrules.py, deel %d, thema %d"' % (k, j))
        a("}")
        a("")
    a("# %s" % zin(rng, 10))
    a("function %s_weging(n: number): text {" % f)
    a('  when n == 0 => "geen"')
    a('  when n < 3 => "weinig"')
    a('  otherwise => "veel"')
    a("}")
    a("")
    for j in range(n_crit):
        act = "%s_a%02d" % (f, (j * 5) % n_act)
        thm = "%s_h%02d" % (f, j % n_thm)
        a("# %s" % zin(rng, 12))
        a('criterion %s_c%d "Criterium %d.%d" for bench_unit u {' % (f, j, k, j))
        a("  let n = len(%s.addresses) + len(%s.indicators)" % (act, act))
        a("  let m = len(%s.indicators) * u.weight" % thm)
        a("  when %s.programme.stage == announced => attention \"{%s.title}: aangekondigd ({u.title})\"" % (act, act))
        a("  when n + m > 8 => attention \"{%s.title}: {%s_weging(n)} verwijzingen, gewicht {m}\"" % (thm, f))
        a("  otherwise => covered \"{%s.title}: {n} verwijzingen\"" % thm)
        a("}")
        a("")
    return "\n".join(L) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, required=True, help="at least this many lines in all")
    ap.add_argument("--out", required=True, help="folder to (re)create")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    tmp = a.out.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    rng = Rng(a.seed)
    total = 0
    files = 0
    with open(os.path.join(tmp, "00000_vocabulary.wozo"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(VOCAB)
    total += VOCAB.count("\n")
    files += 1
    k = 1
    while total < a.lines:
        text = gen_file(rng, k)
        with open(os.path.join(tmp, "%05d.wozo" % k), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        total += text.count("\n")
        files += 1
        k += 1
    shutil.rmtree(a.out, ignore_errors=True)
    os.replace(tmp, a.out)
    print("%d files, %d lines" % (files, total))


if __name__ == "__main__":
    main()
