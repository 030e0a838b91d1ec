"""Builds a labelled text set from Debian's package list (`apt-cache dumpavail` on stdin):
one line per package, "__label__SECTION description words", the section without its archive
area (contrib/, non-free/), the description lowercased with punctuation split off. A package goes
to the test set when the MD5 of its name, read as a number, is 0 modulo 10 (a fixed split, the
same on every machine with the same package list), else to the training set. Lines are written in
the order of that MD5 (a fixed shuffle): in the package list's alphabetical order, sections come
in runs, and fastText's result then depends on the thread count (0.731 at 1 thread, 0.768 at 2).

usage: apt-cache dumpavail | python3 package_sections.py TRAIN TEST
"""
import hashlib
import re
import sys


def packages(stream):
    fields = {}
    for line in stream:
        line = line.rstrip("\n")
        if not line:
            if fields:
                yield fields
            fields = {}
            continue
        if line[0] in " \t":
            continue  # continuation lines (no long descriptions in dumpavail)
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    if fields:
        yield fields


def main():
    train_path, test_path = sys.argv[1], sys.argv[2]
    seen = set()
    lines = []
    for p in packages(sys.stdin):
        name, section, text = p.get("Package"), p.get("Section"), p.get("Description")
        if not name or not section or not text or name in seen:
            continue
        seen.add(name)  # one line per package, whatever its versions and architectures
        words = re.findall(r"[a-z0-9]+|[^\sa-z0-9]", text.lower())
        line = "__label__{} {}\n".format(section.split("/")[-1], " ".join(words))
        lines.append((int(hashlib.md5(name.encode("utf-8")).hexdigest(), 16), line))
    lines.sort()
    with open(train_path, "w", encoding="utf-8") as train, open(test_path, "w", encoding="utf-8") as test:
        for digest, line in lines:
            (test if digest % 10 == 0 else train).write(line)


if __name__ == "__main__":
    main()
