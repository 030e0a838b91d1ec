#!/usr/bin/env python3
"""compare_tokens.py REFERENCE OURS [--skip-urls]: token-level precision, recall and F1 of OURS against REFERENCE
(files of space-separated tokens, one line per line; a token is matched when it covers the same
characters of its line), and the share of lines whose tokens agree exactly. Prints one line:
'lines L tokens_ref R tokens_ours O precision P recall Q f1 F exact E'. --skip-urls leaves out the lines
where OURS has a URL or e-mail token (wordvec keeps those whole, jieba cuts them at every '/' and '.')."""
import sys


def spans(tokens):
    out, pos = set(), 0
    for t in tokens:
        out.add((pos, pos + len(t)))
        pos += len(t)
    return out


def main():
    skip_urls = "--skip-urls" in sys.argv[3:]
    with open(sys.argv[1], encoding="utf-8") as f:
        ref = f.read().split("\n")
    with open(sys.argv[2], encoding="utf-8") as f:
        ours = f.read().split("\n")
    if len(ref) != len(ours):
        sys.exit("compare_tokens.py: %d lines against %d" % (len(ref), len(ours)))
    nref = nours = hit = exact = lines = 0
    for a, b in zip(ref, ours):
        if not a and not b:
            continue
        if skip_urls and any("://" in t or t.startswith("www.") or "@" in t for t in b.split(" ")):
            continue
        lines += 1
        ta, tb = a.split(" ") if a else [], b.split(" ") if b else []
        sa, sb = spans(ta), spans(tb)
        nref, nours, hit = nref + len(sa), nours + len(sb), hit + len(sa & sb)
        exact += ta == tb
    p, r = hit / max(nours, 1), hit / max(nref, 1)
    f1 = 2 * p * r / max(p + r, 1e-12)
    print("lines %d tokens_ref %d tokens_ours %d precision %.5f recall %.5f f1 %.5f exact %.5f"
          % (lines, nref, nours, p, r, f1, exact / max(lines, 1)))


if __name__ == "__main__":
    main()
