"""Peer: per-indicator coverage with PyYAML's C loader (Debian's python3-yaml).

    /usr/bin/python3 bench/peers/coverage.py FILE.yaml

Prints, per indicator (sorted), the number of regions whose finding is at
"planned" or above and the number of regions, tab-separated. This is what an
analyst would write in Python; yaml.CSafeLoader is libyaml's parser with
PyYAML's constructor on top.
"""
import sys

import yaml

AT_LEAST_PLANNED = {"planned", "concrete"}


def main():
    with open(sys.argv[1], "rb") as f:
        regions = yaml.load(f, Loader=yaml.CSafeLoader)
    counts = {}
    for r in regions:
        for ind, finding in r["findings"].items():
            counts[ind] = counts.get(ind, 0) + (finding["status"] in AT_LEAST_PLANNED)
    total = len(regions)
    out = sys.stdout
    for ind in sorted(counts):
        out.write("%s\t%d\t%d\n" % (ind, counts[ind], total))


if __name__ == "__main__":
    main()
