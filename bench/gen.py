#!/usr/bin/env python3
"""Deterministic generator of WOZO-shaped regional datasets for the benchmark.

    gen.py --size 10MB --out build/bench/regions-10mb.yaml \
           [--json FILE.json] [--expected FILE.tsv] [--seed 1]
    gen.py --regions 500 --out FILE.yaml ...

Writes a YAML list of `region` records in the shape of the prelude's kinds
(stdlib/prelude.wozo): id, title, plan, source, and for each of the 30
indicators and 22 topics of rules/indicators/ a `finding` with status, quote
and page. A record is one municipality in one quarter ("every municipality,
every indicator, every quarter"), so a national monitor is many records.

Monitoring figures: the `region` and `finding` kinds have no numeric field for
them (finding has status, quote, page, source), and the benchmark must not
change the prelude, so the figures are written into the quote text, as a
regional plan would quote its own monitor ("Monitor 2025-K2: 1.240 ouderen
bereikt (18,4% van de 75-plussers) ...").

--json writes the same records as a JSON array (the twin for jq);
--expected writes, per indicator, the number of records at `planned` or above
and the number of records (tab-separated, sorted by indicator): the truth every
program in the benchmark must reproduce.

Deterministic: the output depends only on the arguments, the indicator and
topic declarations in rules/indicators/*.wozo and the status counts of
examples/wozo-2024/regions.yaml (which give each indicator a realistic share).
No clock, no environment, no Python `random` (its algorithms may change between
versions): a splitmix64 generator seeded by --seed. Standard library only.
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
STATUSES = ("absent", "mentioned", "planned", "concrete")
MASK = (1 << 64) - 1


class Rng:
    """splitmix64: small, fast enough, and the same on every Python."""

    def __init__(self, seed):
        self.s = (seed * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.next() % len(seq)]


def read_subjects(rules_dir):
    """(kind, id, title) of every indicator and topic, in file and line order."""
    out = []
    pat = re.compile(r'^(indicator|topic)\s+(\w+)\s+"([^"]*)"')
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".wozo"):
            continue
        with open(os.path.join(rules_dir, name), encoding="utf-8") as f:
            for line in f:
                m = pat.match(line)
                if m:
                    out.append((m.group(1), m.group(2), m.group(3)))
    return out


def read_base_counts(path):
    """Status counts per indicator/topic in the bundled 10-region file.

    A line reader for that file's fixed layout (no YAML library: standard
    library only). Missing names get uniform weights."""
    counts = {}
    cur = None
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^    (\w+):\s*$", line)
                if m:
                    cur = m.group(1)
                    continue
                m = re.match(r"^      status:\s*(\w+)", line)
                if m and cur and m.group(1) in STATUSES:
                    c = counts.setdefault(cur, [0, 0, 0, 0])
                    c[STATUSES.index(m.group(1))] += 1
    except OSError:
        pass
    return counts


GEMEENTEN = [
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen",
    "Tilburg", "Almere", "Breda", "Nijmegen", "Apeldoorn", "Arnhem", "Haarlem",
    "Enschede", "Amersfoort", "Zaanstad", "Den Bosch", "Haarlemmermeer",
    "Zwolle", "Leiden", "Zoetermeer", "Leeuwarden", "Maastricht", "Dordrecht",
    "Ede", "Alphen aan den Rijn", "Westland", "Alkmaar", "Emmen", "Delft",
    "Venlo", "Deventer", "Sittard-Geleen", "Helmond", "Oss", "Hilversum",
    "Heerlen", "Súdwest-Fryslân", "Lelystad", "Purmerend", "Hengelo", "Schiedam",
    "Roosendaal", "Leidschendam-Voorburg", "Almelo", "Gouda", "Vlaardingen",
    "Assen", "Bergen op Zoom", "Capelle aan den IJssel", "Veenendaal", "Katwijk",
    "Zeist", "Nieuwegein", "Hoorn", "Den Helder", "Terneuzen", "Middelburg",
    "Goeree-Overflakkee", "Westerkwartier", "Het Hogeland", "Noardeast-Fryslân",
    "Midden-Groningen", "Aa en Hunze", "Tynaarlo", "Hof van Twente", "Oost Gelre",
    "Peel en Maas", "Eijsden-Margraten", "Vaals", "Schouwen-Duiveland", "Texel",
    "Ameland", "Coevorden", "Steenwijkerland", "Bronckhorst", "Land van Cuijk",
    "Maashorst", "'s-Hertogenbosch", "Sint-Michielsgestel",
]

ACTOREN = [
    "de gemeente", "het zorgkantoor", "de zorgverzekeraar", "de huisartsen",
    "de wijkteams", "de welzijnsorganisatie", "de thuiszorgaanbieders",
    "de woningcorporaties", "het ROAZ", "de GGD", "het sociaal wijkteam",
    "de specialist ouderengeneeskunde", "de mantelzorgondersteuners",
    "de vrijwilligerscentrale", "de seniorenraad", "de VVT-aanbieders",
]

PLAATSEN = [
    "het hoofdstuk over de beweging naar de voorkant", "de paragraaf over ouderen",
    "de regiovisie", "de bijlage met de actielijnen", "het overzicht van speerpunten",
    "de inleiding", "het deel over het sociaal domein", "de uitvoeringsagenda",
]

WOORDEN_GENOEMD = [
    "als thema genoemd", "als ambitie benoemd", "als aandachtspunt genoemd",
    "kort aangestipt", "als uitgangspunt opgenomen", "terug te vinden",
]

AANPAK = [
    "een gezamenlijke aanpak uitgewerkt", "afspraken gemaakt over de rolverdeling",
    "een pilot in twee wijken gestart", "een werkgroep ingericht",
    "een plan van aanpak opgesteld", "een regionaal programma ingezet",
    "een convenant getekend", "middelen uit het transformatiefonds gereserveerd",
]

CONCREET = [
    "Vanaf {jaar} wordt dit in alle kernen uitgerold; {actor} is trekker en rapporteert elk kwartaal aan de stuurgroep.",
    "Per wijk is één aanspreekpunt aangewezen; de eerste resultaten worden in het {kw}e kwartaal van {jaar} geëvalueerd.",
    "{actor_h} financiert de aanpak structureel; de coördinatie ligt bij {actor2}.",
    "De werkwijze is vastgelegd in het \"Regionaal Werkboek {jaar}\" en wordt gevolgd in de regiomonitor.",
    "Er is een budget van {bedrag} euro per jaar beschikbaar; {actor} voert uit, {actor2} toetst.",
]


def thousands(n):
    """1240 -> '1.240', as Dutch text writes it."""
    s = str(n)
    parts = []
    while len(s) > 3:
        parts.append(s[-3:])
        s = s[:-3]
    parts.append(s)
    return ".".join(reversed(parts))


def decimal(x10):
    """184 -> '18,4'."""
    return "%d,%d" % (x10 // 10, x10 % 10)


def monitor(rng, jaar, kw):
    """A sentence of monitoring figures, as a plan would quote its monitor."""
    bereikt = 40 + rng.below(4000)
    pct = 5 + rng.below(600)
    overleg = 2 + rng.below(90)
    delta = rng.below(300) - 100
    teken = "+" if delta >= 0 else "-"
    return ("Monitor %d-K%d: %s ouderen bereikt (%s%% van de 75-plussers), %d casusoverleggen, "
            "%s%s%% t.o.v. het vorige kwartaal." % (jaar, kw, thousands(bereikt), decimal(pct),
                                                   overleg, teken, decimal(abs(delta))))


def quote_for(rng, status, title, jaar, kw, gemeente):
    onderwerp = title[0].lower() + title[1:] if not title[:2].isupper() else title
    if status == "mentioned":
        return "%s wordt in %s %s, zonder uitwerking in acties of afspraken voor de regio's." % (
            title, rng.pick(PLAATSEN), rng.pick(WOORDEN_GENOEMD))
    zinnen = ["Voor %s hebben %s en %s in %s %s." % (
        onderwerp, rng.pick(ACTOREN), rng.pick(ACTOREN), gemeente, rng.pick(AANPAK))]
    if status == "concrete":
        actor = rng.pick(ACTOREN)
        zin = rng.pick(CONCREET).format(jaar=jaar + rng.below(2), kw=1 + rng.below(4), actor=actor,
                                         actor_h=actor[0].upper() + actor[1:], actor2=rng.pick(ACTOREN),
                                         bedrag=thousands(25000 + 1000 * rng.below(900)))
        zinnen.append(zin)
    zinnen.append(monitor(rng, jaar, kw))
    return " ".join(zinnen)


def dq(s):
    """A YAML double-quoted scalar (UTF-8 text is written as is)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug(s):
    s = s.lower()
    for a, b in (("â", "a"), ("ú", "u"), ("'", ""), (" ", "_"), ("-", "_")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9_]", "", s)


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?", text.strip())
    if not m:
        raise argparse.ArgumentTypeError("size like 1MB, 500kB or 1000000: %r" % text)
    mult = {"": 1, "k": 10 ** 3, "m": 10 ** 6, "g": 10 ** 9}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--size", type=parse_size, help="stop after the first record that reaches this many bytes (1MB = 10^6)")
    g.add_argument("--regions", type=int, help="exactly this many records")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="YAML file to write")
    ap.add_argument("--json", help="also write the JSON twin here")
    ap.add_argument("--expected", help="also write the expected per-indicator coverage here")
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules", "indicators"))
    ap.add_argument("--base", default=os.path.join(ROOT, "examples", "wozo-2024", "regions.yaml"))
    a = ap.parse_args(argv)

    subjects = read_subjects(a.rules)
    indicators = [s for s in subjects if s[0] == "indicator"]
    topics = [s for s in subjects if s[0] == "topic"]
    if not indicators:
        sys.exit("gen.py: no indicators found in %s" % a.rules)
    base = read_base_counts(a.base)
    # Cumulative weights per subject: the bundled counts out of 10, smoothed
    # so that every status occurs.
    weights = {}
    for _, sid, _ in subjects:
        c = base.get(sid, [1, 1, 1, 1])
        w = [4 * x + 1 for x in c]
        acc, cum = 0, []
        for x in w:
            acc += x
            cum.append(acc)
        weights[sid] = cum

    rng = Rng(a.seed)
    planned = {sid: 0 for _, sid, _ in indicators}
    n = 0
    size = 0
    yf = open(a.out + ".tmp", "w", encoding="utf-8", newline="\n")
    jf = open(a.json + ".tmp", "w", encoding="utf-8", newline="\n") if a.json else None
    head = ("# Synthetic WOZO-shaped data for the benchmark (bench/gen.py, seed %d).\n"
            "# NOT real regional plans: statuses, quotes, pages and monitoring figures are invented.\n"
            "# Monitoring figures are part of the quote text (the finding kind has no field for them).\n"
            % a.seed)
    yf.write(head)
    size += len(head.encode("utf-8"))
    if jf:
        jf.write("[")
    while True:
        if a.regions is not None and n >= a.regions:
            break
        if a.size is not None and size >= a.size:
            break
        gemeente = GEMEENTEN[n % len(GEMEENTEN)]
        rnd = n // len(GEMEENTEN)
        jaar = 2024 + (rnd // 4) % 12
        kw = 1 + rnd % 4
        rid = "r%06d_%s_%dk%d" % (n + 1, slug(gemeente), jaar, kw)
        rec = {
            "id": rid,
            "title": "%s, %d-K%d" % (gemeente, jaar, kw),
            "plan": "Uitvoeringsplan zorg en ondersteuning thuis %s (IZA/WOZO), peildatum %d-K%d" % (gemeente, jaar, kw),
            "source": "Synthetisch (bench/gen.py, seed %d); geen echte regio" % a.seed,
        }
        lines = ["- id: %s\n" % rid,
                 "  title: %s\n" % dq(rec["title"]),
                 "  plan: %s\n" % dq(rec["plan"]),
                 "  source: %s\n" % dq(rec["source"])]
        for section, subs in (("findings", indicators), ("topics", topics)):
            lines.append("  %s:\n" % section)
            sec = {}
            for _, sid, title in subs:
                cum = weights[sid]
                r = rng.below(cum[-1])
                st = 0
                while r >= cum[st]:
                    st += 1
                status = STATUSES[st]
                f = {"status": status}
                lines.append("    %s:\n      status: %s\n" % (sid, status))
                if status != "absent":
                    q = quote_for(rng, status, title, jaar, kw, gemeente)
                    page = 1 + rng.below(140)
                    f["quote"] = q
                    f["page"] = page
                    lines.append("      quote: %s\n      page: %d\n" % (dq(q), page))
                if section == "findings" and st >= 2:
                    planned[sid] += 1
                sec[sid] = f
            rec[section] = sec
        chunk = "".join(lines)
        yf.write(chunk)
        size += len(chunk.encode("utf-8"))
        if jf:
            jf.write(("\n" if n == 0 else ",\n") + json.dumps(rec, ensure_ascii=False))
        n += 1
    yf.close()
    os.replace(a.out + ".tmp", a.out)
    if jf:
        jf.write("\n]\n")
        jf.close()
        os.replace(a.json + ".tmp", a.json)
    if a.expected:
        with open(a.expected + ".tmp", "w", encoding="utf-8") as ef:
            for sid in sorted(planned):
                ef.write("%s\t%d\t%d\n" % (sid, planned[sid], n))
        os.replace(a.expected + ".tmp", a.expected)
    sys.stderr.write("gen.py: %d records, %d bytes -> %s\n" % (n, size, a.out))


if __name__ == "__main__":
    main()
