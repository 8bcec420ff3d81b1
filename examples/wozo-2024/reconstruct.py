#!/usr/bin/env python3
"""Reconstruct the per-region data of the WOZO analysis of 2024.

The report "Eindverslag Zorg en ondersteuning thuis" (Movisie and Vilans for the
WOZO werkorganisatie, 2 August 2024) read 10 IZA regional plans against the 30
indicators of "de beweging naar de voorkant". It publishes NO per-region
results: only Dutch quantifiers per indicator ("alle", "de meeste", "zelden",
...). This script builds a per-region table that agrees with every quantifier
the report gives, so that the rules in rules/ have data to run on.

THE OUTPUT IS A RECONSTRUCTION, NOT THE ANALYSTS' REAL SCORES. No region's
status below was read from its plan; a region that is "concrete" here may not
be in reality. Only the counts over the 10 regions are constrained by the
report, and only within the ranges below.

How it works
  * Every quantifier is read as a range of plans out of 10 (QUANTIFIERS; the
    reading of extract/indicators.yaml, quantifier_scale).
  * Every sentence of the report that counts plans is a CLAIM: a subject (an
    indicator, an extra topic, or a whole category), a quantifier and the
    status LEVEL it counts: plans at or above that level. The level follows
    the report's verb:
        "genoemd", "terug te vinden", "aandacht", "een thema"  -> mentioned
        "plannen", "aanpak", "ingezet op", "planvorming"       -> planned
        "concreet", "concrete planvorming"                      -> concrete
  * For each indicator and topic we choose COUNTS (m, p, c): how many regions
    have it at least mentioned, at least planned, and concrete. The choice is
    the analyst's; the script checks that it satisfies every claim.
  * Regions get those statuses in a fixed order per category (the region list
    rotated by 3 places per category), so that within a category the sets are
    nested. That keeps the report's subset statements true ("een groot deel
    daarvan", "de regioplannen die aandacht hebben voor wonen ... allen").
  * mantelzorgondersteuning_wijk repeats mantelzorgondersteuning region by
    region: the report lists that indicator twice and gives one finding.
  * Three indicators have no finding in the report (concentratie_zorgsoorten,
    training_positieve_gezondheid, training_proactieve_zorgplanning): their
    counts are a free choice and say so in their `source`.

Run:  python3 examples/wozo-2024/reconstruct.py
It rewrites regions.yaml and what-if-spoedzorg-overal.yaml beside itself and
reads nothing else. The output is deterministic (same input, same bytes).
"""

import os
import sys

REPORT = "Eindverslag Zorg en ondersteuning thuis (2024)"

# The 10 analysed regions, in the report's order (Bijlage, regels 2188-2210).
REGIONS = [
    ("flevoland", "Flevoland"),
    ("groningen_regio_noord", "Groningen/ Regio Noord"),
    ("haaglanden", "Haaglanden"),
    ("ijssel_vecht", "IJssel-Vecht"),
    ("noord_veluwe_zeewolde", "Noord Veluwe en Zeewolde"),
    ("rotterdam", "Rotterdam"),
    ("utrecht_midden_nederland", "Utrecht/ Midden Nederland"),
    ("zaanstreek_waterland", "Zaanstreek Waterland"),
    ("zeeland", "Zeeland"),
    ("zuid_limburg", "Zuid Limburg"),
]

CATEGORIES = [
    "cultuur",
    "samenwerkingen_regio",
    "wijken_kernen",
    "preventie",
    "zorg_en_ondersteuning",
    "professionals",
    "wonen",
    "digitalisering",
]

# quantifier -> (min, max) plans out of 10, inclusive.
QUANTIFIERS = {
    "alle": (10, 10),
    "vrijwel_alle": (8, 10),
    "bijna_alle": (8, 9),
    "de_meeste": (6, 9),
    "veel": (5, 9),
    "vaak": (5, 9),
    "een_groot_deel": (5, 9),
    "vaak_niet_alle": (5, 8),
    "ruim_de_helft": (6, 7),
    "iets_meer_dan_de_helft": (6, 7),
    "de_helft": (5, 5),
    "ongeveer_de_helft": (4, 6),
    "in_ieder_geval_de_helft": (5, 10),
    "meerdere": (2, 6),
    "een_aantal": (2, 5),
    "sommige": (2, 4),
    "een_paar": (2, 3),
    "matig": (1, 5),
    "weinig": (0, 3),
    "weinig_tot_geen": (0, 2),
    "zelden": (0, 2),
    "niet_of_nauwelijks": (0, 1),
    "niet_in_alle": (0, 9),
    "niet": (0, 0),
    # "In bijna alle regioplannen weinig aandacht": the plans WITH attention
    # are the complement of "bijna alle" (8-9), so 1 or 2 of 10.
    "bijna_alle_weinig_aandacht": (1, 2),
}

LEVELS = ["absent", "mentioned", "planned", "concrete"]

# (kind, id, category, (m, p, c)) - kind is "indicator" or "topic".
# m = plans with status >= mentioned, p = >= planned, c = concrete.
# None instead of counts: copy another indicator region by region.
ITEMS = [
    # Cultuur
    ("indicator", "visie_leidende_principes", "cultuur", (10, 8, 3)),
    ("indicator", "bewustwording_burgers", "cultuur", (9, 7, 2)),
    ("topic", "betrokkenheid_inwoners", "cultuur", (10, 5, 2)),
    # Samenwerkingen in de regio
    ("indicator", "stroomlijning_patientenstromen", "samenwerkingen_regio", (8, 7, 3)),
    ("indicator", "tijdelijke_verblijfsvormen", "samenwerkingen_regio", (3, 1, 0)),
    ("indicator", "spoedzorg", "samenwerkingen_regio", (6, 3, 1)),
    ("indicator", "concentratie_zorgsoorten", "samenwerkingen_regio", (4, 2, 1)),
    ("topic", "domeinoverstijgende_samenwerking", "samenwerkingen_regio", (10, 10, 4)),
    ("topic", "randvoorwaarden_regionale_samenwerking", "samenwerkingen_regio", (1, 0, 0)),
    ("topic", "verbinding_andere_plannen", "samenwerkingen_regio", (7, 5, 2)),
    ("topic", "monitoring_evaluatie_governance", "samenwerkingen_regio", (7, 6, 2)),
    # Ontwikkeling in wijken/ kernen
    ("indicator", "gemeenschapskracht_community_care", "wijken_kernen", (10, 10, 6)),
    ("indicator", "netwerkorganisaties", "wijken_kernen", (10, 10, 5)),
    ("indicator", "verbinding_formele_informele_zorg", "wijken_kernen", (10, 10, 4)),
    ("indicator", "mantelzorgondersteuning_wijk", "wijken_kernen", None),
    ("indicator", "voorzieningen_in_de_wijk", "wijken_kernen", (3, 1, 0)),
    ("topic", "wijkgerichte_aanpak", "wijken_kernen", (10, 10, 6)),
    ("topic", "ondersteuning_in_nabijheid", "wijken_kernen", (10, 10, 5)),
    # Preventie
    ("indicator", "proactieve_zorgplanning", "preventie", (7, 5, 2)),
    ("indicator", "vroegsignalering", "preventie", (2, 1, 0)),
    ("indicator", "reablement", "preventie", (7, 6, 2)),
    ("indicator", "gerichte_preventie", "preventie", (10, 10, 4)),
    ("topic", "valpreventie", "preventie", (10, 10, 3)),
    ("topic", "fysieke_beweging", "preventie", (7, 3, 1)),
    ("topic", "sociale_netwerken", "preventie", (4, 2, 0)),
    ("topic", "eenzaamheid_ouderen", "preventie", (6, 2, 0)),
    ("topic", "sociale_basis", "preventie", (8, 6, 2)),
    ("topic", "mobiliteit_voeding_mondzorg", "preventie", (1, 0, 0)),
    # Zorg en ondersteuning (thuis)
    ("indicator", "verbinding_sociaal_zorgdomein", "zorg_en_ondersteuning", (10, 10, 5)),
    ("indicator", "wlz_zorg_thuis", "zorg_en_ondersteuning", (7, 4, 1)),
    ("indicator", "welzijn_op_recept", "zorg_en_ondersteuning", (9, 8, 3)),
    ("indicator", "mantelzorgondersteuning", "zorg_en_ondersteuning", (8, 5, 2)),
    ("indicator", "diagnostiek_behandeling_aan_huis", "zorg_en_ondersteuning", (9, 9, 3)),
    ("topic", "zorg_naar_huis", "zorg_en_ondersteuning", (10, 8, 3)),
    ("topic", "mentale_gezondheid", "zorg_en_ondersteuning", (8, 5, 1)),
    ("topic", "mentale_gezondheid_jongeren", "zorg_en_ondersteuning", (4, 4, 1)),
    ("topic", "mentale_gezondheid_ouderen", "zorg_en_ondersteuning", (4, 2, 0)),
    ("topic", "palliatief_terminale_zorg", "zorg_en_ondersteuning", (4, 3, 1)),
    ("topic", "hulpmiddelen", "zorg_en_ondersteuning", (0, 0, 0)),
    # Professionals
    ("indicator", "training_positieve_gezondheid", "professionals", (5, 3, 1)),
    ("indicator", "training_proactieve_zorgplanning", "professionals", (4, 2, 0)),
    ("topic", "toekomstbestendig_werk", "professionals", (9, 9, 4)),
    ("topic", "bekwaam_is_bevoegd", "professionals", (3, 1, 0)),
    # Wonen
    ("indicator", "passende_woningen_woonvormen", "wonen", (7, 5, 2)),
    ("indicator", "fysieke_leefomgeving", "wonen", (3, 1, 0)),
    ("indicator", "vervoer_mobiliteit", "wonen", (0, 0, 0)),
    ("indicator", "levensloopbestendige_woningen", "wonen", (3, 2, 0)),
    ("topic", "betrokkenheid_woningcorporaties", "wonen", (2, 1, 0)),
    # Digitalisering
    ("indicator", "digitaal_vaardige_burgers", "digitalisering", (7, 6, 2)),
    ("indicator", "digitale_toegankelijkheid", "digitalisering", (9, 7, 3)),
    ("indicator", "bewezen_technologie_thuis", "digitalisering", (9, 8, 5)),
    ("indicator", "elektronische_gegevensuitwisseling", "digitalisering", (10, 8, 4)),
]

COPIES = {"mantelzorgondersteuning_wijk": "mantelzorgondersteuning"}

NO_FINDING = {"concentratie_zorgsoorten", "training_positieve_gezondheid",
              "training_proactieve_zorgplanning"}

# (kind, subject, quantifier, level, part, lines). kind "category" counts the
# plans in which ANY indicator of the category reaches the level. The quotes
# of these sentences are in the rule files (rules/indicators/*.wozo).
CLAIMS = [
    ("topic", "betrokkenheid_inwoners", "alle", "mentioned", 3, "1621-1622"),
    ("indicator", "visie_leidende_principes", "alle", "mentioned", 3, "1618"),
    ("indicator", "visie_leidende_principes", "alle", "mentioned", 3, "1618-1619"),
    ("indicator", "visie_leidende_principes", "de_meeste", "planned", 4, "1858-1859"),
    ("indicator", "bewustwording_burgers", "de_meeste", "mentioned", 3, "1625-1627"),
    ("indicator", "bewustwording_burgers", "vrijwel_alle", "mentioned", 4, "1854"),
    ("indicator", "bewustwording_burgers", "de_meeste", "planned", 4, "1854-1856"),
    ("topic", "domeinoverstijgende_samenwerking", "alle", "planned", 3, "1642-1643"),
    ("topic", "randvoorwaarden_regionale_samenwerking", "niet_of_nauwelijks", "mentioned", 4, "1905-1908"),
    ("indicator", "stroomlijning_patientenstromen", "de_meeste", "planned", 3, "1644-1646"),
    ("indicator", "tijdelijke_verblijfsvormen", "niet_in_alle", "mentioned", 3, "1648-1650"),
    ("indicator", "tijdelijke_verblijfsvormen", "sommige", "mentioned", 4, "1901-1902"),
    ("indicator", "spoedzorg", "niet_in_alle", "mentioned", 3, "1648"),
    ("indicator", "spoedzorg", "niet_in_alle", "mentioned", 4, "1902-1903"),
    ("topic", "verbinding_andere_plannen", "veel", "mentioned", 3, "1797-1799"),
    ("topic", "monitoring_evaluatie_governance", "veel", "mentioned", 3, "1801-1803"),
    ("category", "wijken_kernen", "veel", "concrete", 3, "1661"),
    ("topic", "wijkgerichte_aanpak", "alle", "planned", 4, "1939-1941"),
    ("topic", "ondersteuning_in_nabijheid", "alle", "planned", 4, "1989-1991"),
    ("indicator", "gemeenschapskracht_community_care", "alle", "planned", 3, "1661-1663"),
    ("indicator", "netwerkorganisaties", "alle", "planned", 3, "1661-1663"),
    ("indicator", "verbinding_formele_informele_zorg", "alle", "planned", 3, "1661-1663"),
    ("indicator", "voorzieningen_in_de_wijk", "weinig", "concrete", 3, "1665-1666"),
    ("indicator", "voorzieningen_in_de_wijk", "sommige", "mentioned", 3, "1666-1667"),
    ("category", "preventie", "alle", "mentioned", 3, "1681-1683"),
    ("indicator", "proactieve_zorgplanning", "vaak_niet_alle", "planned", 3, "1685-1687"),
    ("indicator", "proactieve_zorgplanning", "meerdere", "planned", 4, "1862-1864"),
    ("indicator", "vroegsignalering", "zelden", "mentioned", 3, "1685"),
    ("indicator", "reablement", "iets_meer_dan_de_helft", "planned", 3, "1619-1620"),
    ("indicator", "reablement", "ongeveer_de_helft", "planned", 4, "1859-1860"),
    ("indicator", "gerichte_preventie", "alle", "planned", 3, "1689"),
    ("topic", "valpreventie", "alle", "planned", 3, "1689"),
    ("topic", "fysieke_beweging", "vaak", "mentioned", 3, "1691-1692"),
    ("topic", "fysieke_beweging", "een_paar", "planned", 3, "1691-1692"),
    ("topic", "sociale_netwerken", "een_paar", "planned", 3, "1694-1695"),
    ("topic", "eenzaamheid_ouderen", "weinig", "planned", 3, "1694-1695"),
    ("topic", "eenzaamheid_ouderen", "veel", "mentioned", 4, "1995-1996"),
    ("topic", "sociale_basis", "in_ieder_geval_de_helft", "planned", 3, "1695-1697"),
    ("topic", "mobiliteit_voeding_mondzorg", "weinig_tot_geen", "planned", 3, "1699-1700"),
    ("indicator", "verbinding_sociaal_zorgdomein", "alle", "planned", 3, "1710-1711"),
    ("topic", "zorg_naar_huis", "alle", "mentioned", 3, "1713-1714"),
    ("indicator", "wlz_zorg_thuis", "ruim_de_helft", "mentioned", 3, "1713-1714"),
    ("indicator", "welzijn_op_recept", "bijna_alle", "planned", 3, "1716-1718"),
    ("indicator", "mantelzorgondersteuning", "veel", "mentioned", 3, "1720-1721"),
    ("indicator", "diagnostiek_behandeling_aan_huis", "bijna_alle", "planned", 3, "1723-1724"),
    ("topic", "mentale_gezondheid_ouderen", "bijna_alle_weinig_aandacht", "planned", 3, "1815-1819"),
    ("topic", "mentale_gezondheid", "de_meeste", "mentioned", 4, "1993-1994"),
    ("topic", "mentale_gezondheid_jongeren", "meerdere", "planned", 4, "1994-1995"),
    ("topic", "mentale_gezondheid_ouderen", "weinig", "planned", 4, "1995-1997"),
    ("topic", "palliatief_terminale_zorg", "een_aantal", "planned", 4, "1999-2000"),
    ("topic", "palliatief_terminale_zorg", "niet_in_alle", "mentioned", 4, "1999-2000"),
    ("topic", "hulpmiddelen", "niet", "mentioned", 4, "2002"),
    ("topic", "toekomstbestendig_werk", "bijna_alle", "planned", 3, "1736-1738"),
    ("topic", "toekomstbestendig_werk", "niet_in_alle", "concrete", 3, "1736-1738"),
    ("topic", "bekwaam_is_bevoegd", "sommige", "mentioned", 4, "2052-2055"),
    ("topic", "betrokkenheid_woningcorporaties", "weinig", "mentioned", 3, "1755-1757"),
    ("indicator", "fysieke_leefomgeving", "matig", "mentioned", 3, "1759"),
    ("indicator", "vervoer_mobiliteit", "niet", "mentioned", 3, "1759-1760"),
    ("indicator", "vervoer_mobiliteit", "weinig_tot_geen", "planned", 3, "1699-1700"),
    ("indicator", "levensloopbestendige_woningen", "een_aantal", "mentioned", 3, "1752-1753"),
    ("indicator", "digitale_toegankelijkheid", "vrijwel_alle", "mentioned", 3, "1775-1776"),
    ("indicator", "digitaal_vaardige_burgers", "een_groot_deel", "planned", 3, "1776-1777"),
    ("indicator", "bewezen_technologie_thuis", "bijna_alle", "planned", 3, "1779"),
    ("indicator", "bewezen_technologie_thuis", "de_helft", "concrete", 3, "1779-1781"),
    ("indicator", "elektronische_gegevensuitwisseling", "alle", "mentioned", 3, "1783-1784"),
]

# Statements that relate two subjects rather than count one:
# (sub, super): every plan with `sub` at least mentioned has `super` too, and
# `super` is not in all plans.
SUBSETS = [
    # "Een groot deel daarvan" (of the plans on digital accessibility) works
    # on digital skills (regels 1775-1777).
    ("digitaal_vaardige_burgers", "digitale_toegankelijkheid"),
    # "De regioplannen die aandacht hebben voor wonen benoemen allen het
    # belang van passende woningen ... Een aantal heeft daarin ook
    # levensloopbestendig wonen" (regels 1751-1753), and "afwezigheid"
    # (regel 1755) says not every plan addresses housing.
    ("levensloopbestendige_woningen", "passende_woningen_woonvormen"),
    ("fysieke_leefomgeving", "passende_woningen_woonvormen"),
    ("vervoer_mobiliteit", "passende_woningen_woonvormen"),
    ("betrokkenheid_woningcorporaties", "passende_woningen_woonvormen"),
]


def rotation(category):
    k = CATEGORIES.index(category)
    off = (3 * k) % len(REGIONS)
    return [REGIONS[(off + i) % len(REGIONS)][0] for i in range(len(REGIONS))]


def statuses(category, counts):
    m, p, c = counts
    assert 0 <= c <= p <= m <= len(REGIONS), counts
    out = {}
    for pos, rid in enumerate(rotation(category)):
        if pos < c:
            out[rid] = "concrete"
        elif pos < p:
            out[rid] = "planned"
        elif pos < m:
            out[rid] = "mentioned"
        else:
            out[rid] = "absent"
    return out


def build():
    table = {}      # item id -> {region id -> status}
    kinds = {}
    cats = {}
    for kind, iid, cat, counts in ITEMS:
        kinds[iid] = kind
        cats[iid] = cat
        if counts is not None:
            table[iid] = statuses(cat, counts)
    for iid, orig in COPIES.items():
        table[iid] = dict(table[orig])
    return table, kinds, cats


def at_least(status, level):
    return LEVELS.index(status) >= LEVELS.index(level)


def check(table, kinds, cats):
    """Fails loudly when the reconstruction contradicts the report."""
    problems = []
    rids = [r for r, _ in REGIONS]
    for kind, subj, q, level, part, lines in CLAIMS:
        lo, hi = QUANTIFIERS[q]
        if kind == "category":
            members = [i for i in table if kinds[i] == "indicator" and cats[i] == subj]
            n = sum(1 for r in rids if any(at_least(table[i][r], level) for i in members))
        else:
            assert kinds[subj] == kind, (subj, kind)
            n = sum(1 for r in rids if at_least(table[subj][r], level))
        if not lo <= n <= hi:
            problems.append(f"{subj}: {n} at {level}, report says {q} ({lo}-{hi}), regels {lines}")
    for sub, sup in SUBSETS:
        for r in rids:
            if at_least(table[sub][r], "mentioned") and not at_least(table[sup][r], "mentioned"):
                problems.append(f"{r}: {sub} without {sup}")
        if all(at_least(table[sup][r], "mentioned") for r in rids):
            problems.append(f"{sup} is in every plan, but the report implies it is not")
    if problems:
        sys.exit("reconstruction contradicts the report:\n  " + "\n  ".join(problems))


def source_of(iid):
    if iid in NO_FINDING:
        return "Reconstructie: het rapport geeft voor deze indicator geen bevinding; status vrij gekozen"
    if iid in COPIES:
        return f"Reconstructie: gelijk aan {COPIES[iid]} (het rapport noemt deze indicator twee keer)"
    refs = [(q, part, lines) for kind, subj, q, level, part, lines in CLAIMS if subj == iid]
    words = "; ".join(f"deel {part}, {'regels' if '-' in lines else 'regel'} {lines}: '{q.replace('_', ' ')}'"
                      for q, part, lines in refs)
    return f"Reconstructie uit {REPORT}, {words}"


HEADER = """\
# regions.yaml - the 10 regional plans of the WOZO analysis of 2024, by indicator.
#
# THIS IS A RECONSTRUCTION, NOT THE ANALYSTS' SCORES.
# The report "Eindverslag Zorg en ondersteuning thuis" (2 August 2024) read 10
# IZA regional plans against 30 indicators but published no per-region results,
# only Dutch quantifiers per indicator ("alle", "de meeste", "de helft",
# "zelden", ...). This file was generated by reconstruct.py (beside it) so that
# the counts over the 10 regions agree with EVERY quantifier the report gives;
# which particular region has which status is invented. Do not quote a single
# region's status as a fact about that region's plan. `quote` and `page` are
# left out on purpose: we have no quotes from the plans themselves; `source`
# says which sentence of the report each reading rests on.
#
# Status thresholds: a quantifier counts the plans at or above a status, chosen
# from the report's verb:
#   mentioned  "genoemd", "terug te vinden", "aandacht voor", "een thema",
#              "benoemen", "komt terug"          e.g. vroegsignalering: zelden (0-2)
#   planned    "plannen", "aanpak", "ingezet op", "gewerkt met", "planvorming",
#              "op de agenda", "een speerpunt"   e.g. stroomlijning: de meeste (6-9)
#   concrete   "concrete planvorming", "weinig concrete aandacht", "hoe zij
#              hier uitvoering aan willen geven" e.g. bewezen technologie: de helft (5)
# One exception: "Dit is in veel regio's een belangrijk speerpunt" (wijken en
# kernen, regel 1661) is read as concrete, because the same paragraph says
# that ALL plans have planning ("planvorming") for the neighbourhood.
# Quantifiers are read as ranges out of 10: alle 10; vrijwel alle 8-10; bijna
# alle 8-9; de meeste 6-9; veel 5-9; vaak 5-9; een groot deel 5-9; vaak maar niet
# alle 5-8; (iets) meer dan / ruim de helft 6-7; de helft 5; ongeveer de helft
# 4-6; in ieder geval de helft 5-10; meerdere 2-6; een aantal 2-5; sommige 2-4;
# een paar 2-3; matig 1-5; weinig 0-3; weinig tot geen 0-2; zelden 0-2; niet of
# nauwelijks 0-1; niet in alle / niet overal 0-9; niet 0. "In bijna alle plannen
# weinig aandacht" (mentale gezondheid ouderen) leaves 1-2 plans with attention.
#
# Where the report contradicts itself the reading is reconciled by level:
#   positive gezondheid as leading principle: "alle" (deel 3) is read as
#     mentioned (10), "de meeste" (deel 4) as planned (8);
#   eenzaamheid of older people: "in veel plannen genoemd" (deel 4) is read as
#     mentioned (6), "weinig plannen en aandacht" (deel 3) as planned (2).
# Three indicators have no finding at all (concentratie_zorgsoorten,
# training_positieve_gezondheid, training_proactieve_zorgplanning); their
# statuses are a free choice. mantelzorgondersteuning_wijk repeats
# mantelzorgondersteuning. Extra topics (under `topics`) are subjects the
# report counts outside the 30 indicators (palliatief terminale zorg,
# hulpmiddelen, randvoorwaarden regionale samenwerking, ...).
#
# The rules check this file against the report on every run (criteria
# indicator_claims, topic_claims, category_claims) and rules/tests/
# reconstruction.wozo pins each range. Regenerate with:
#     python3 examples/wozo-2024/reconstruct.py
"""

WHATIF_HEADER = """\
# what-if-spoedzorg-overal.yaml - a WHAT-IF variant of regions.yaml.
#
# Same reconstruction as regions.yaml (read its header: these are NOT real
# scores), except that spoedzorg is at least "mentioned" in every regional plan.
# Use it to see what the report's verdict on spoedzorg rests on:
#     build/release/wozorules check rules/ --data regions=examples/wozo-2024/what-if-spoedzorg-overal.yaml
# The check of the data against the report then flags spoedzorg: the report
# says it is "niet overal" a theme, which this variant contradicts on purpose.
# Generated by reconstruct.py.
"""


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def claims_table():
    """The header's list of every quantifier and the status it was checked at."""
    out = ["#", "# Every sentence of the report that counts plans, the range its quantifier",
           "# allows, and the status it counts (plans at or above it). [cat] counts a plan",
           "# when any indicator of the category reaches the status.",
           "#   subject                                 quantifier                  range  status     source"]
    for kind, subj, qn, level, part, lines in CLAIMS:
        lo, hi = QUANTIFIERS[qn]
        name = ("[cat] " if kind == "category" else "") + subj
        rng = f"{lo}" if lo == hi else f"{lo}-{hi}"
        out.append(f"#   {name:<39} {qn.replace('_', ' '):<27} {rng:<6} {level:<10} deel {part}, r. {lines}")
    return "\n".join(out)


def render(table, kinds, header):
    out = [header.rstrip("\n"), claims_table(), ""]
    for rid, title in REGIONS:
        out.append(f"- id: {rid}")
        out.append(f"  title: {q(title)}")
        out.append(f"  plan: {q('IZA-regioplan ' + title)}")
        out.append("  source: " + q("Reconstructie (examples/wozo-2024/reconstruct.py) uit de "
                                    f"kwantoren van het {REPORT}; geen echte scores van dit regioplan"))
        for section, kind in (("findings", "indicator"), ("topics", "topic")):
            out.append(f"  {section}:")
            for iid, _k in ((i, k) for i, k in kinds.items() if k == kind):
                out.append(f"    {iid}:")
                out.append(f"      status: {table[iid][rid]}")
                out.append(f"      source: {q(source_of(iid))}")
    return "\n".join(out) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    table, kinds, cats = build()
    check(table, kinds, cats)
    with open(os.path.join(here, "regions.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(render(table, kinds, HEADER))
    whatif = {k: dict(v) for k, v in table.items()}
    for rid, _ in REGIONS:
        if whatif["spoedzorg"][rid] == "absent":
            whatif["spoedzorg"][rid] = "mentioned"
    with open(os.path.join(here, "what-if-spoedzorg-overal.yaml"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(render(whatif, kinds, WHATIF_HEADER))


if __name__ == "__main__":
    main()
