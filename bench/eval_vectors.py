#!/usr/bin/python3
"""Evaluate a word-vector file the same way for every tool in the benchmark.

Usage: bench/eval_vectors.py VECTORS_FILE [--eval-dir DIR] [--restrict-vocab N]

VECTORS_FILE is word2vec binary (word2vec.c -binary 1) or word2vec text
(fastText .vec); the format is sniffed and the other one is tried if loading
fails. Prints one JSON object on stdout:

  analogy      gensim KeyedVectors.evaluate_word_analogies(questions-words.txt,
               restrict_vocab=N, case_insensitive=True): overall accuracy plus
               the semantic / syntactic split and the number of questions seen
  wordsim353   evaluate_word_pairs Spearman (and Pearson, OOV %)
  simlex999    idem

Run it with /usr/bin/python3 (Debian python3-gensim); other interpreters on
this machine may not have gensim.
"""

import argparse
import json
import logging
import os
import sys
import time

from gensim.models import KeyedVectors

DEFAULT_EVAL_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval")


def looks_like_text(path):
    """True when the first record after the header parses as word + dim floats."""
    with open(path, "rb") as f:
        first = f.readline(200)
        header = first.split()
        if len(header) != 2 or not all(h.isdigit() for h in header):
            raise ValueError(f"{path}: line 1: expected word2vec header 'count dim', "
                             f"found {first[:40]!r} (fastText .bin? use the .vec)")
        dim = int(header[1])
        line = f.readline(64 + 32 * dim)
    if not line.endswith(b"\n"):
        return False
    fields = line.split()
    if len(fields) != dim + 1:
        return False
    try:
        [float(x) for x in fields[1:]]
    except ValueError:
        return False
    return True


def load(path):
    """Load word2vec binary or text, returning (KeyedVectors, format name)."""
    order = [False, True] if looks_like_text(path) else [True, False]
    errors = []
    for binary in order:
        try:
            kv = KeyedVectors.load_word2vec_format(path, binary=binary)
            return kv, "binary" if binary else "text"
        except Exception as e:  # noqa: BLE001 - report both attempts below
            errors.append(f"{'binary' if binary else 'text'}: {e}")
    raise ValueError(f"{path}: not word2vec binary or text ({'; '.join(errors)})")


def analogy(kv, path, restrict):
    score, sections = kv.evaluate_word_analogies(
        path, restrict_vocab=restrict, case_insensitive=True)
    sem = [0, 0]
    syn = [0, 0]
    total = [0, 0]
    for s in sections:
        if s["section"] == "Total accuracy":
            total = [len(s["correct"]), len(s["correct"]) + len(s["incorrect"])]
            continue
        bucket = syn if s["section"].startswith("gram") else sem
        bucket[0] += len(s["correct"])
        bucket[1] += len(s["correct"]) + len(s["incorrect"])

    def acc(c):
        return c[0] / c[1] if c[1] else None

    with open(path, encoding="utf8") as f:
        n_questions = sum(1 for line in f if line.strip() and not line.startswith(":"))
    return {
        "accuracy": score,
        "semantic": acc(sem),
        "syntactic": acc(syn),
        "correct": total[0],
        "evaluated": total[1],
        "questions": n_questions,
    }


def normalise_pairs(path):
    """Return (path usable by evaluate_word_pairs, number of pairs).

    gensim wants 'w1<TAB>w2<TAB>score' lines with '#' comments and skips any
    other line silently. The files in shared/eval already have that shape; the
    original SimLex-999 / WordSim-353 distributions (header row, extra
    columns) are rewritten into a temporary file instead of being half-read.
    """
    with open(path, encoding="utf8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]

    def is_pair(line):
        cols = line.split("\t")
        try:
            float(cols[2])
        except (IndexError, ValueError):
            return False
        return len(cols) == 3

    if all(is_pair(l) for l in lines):
        return path, len(lines)
    delim = "\t" if "\t" in lines[0] else ("," if "," in lines[0] else None)
    header = [h.strip().lower() for h in lines[0].split(delim)]
    score_col = next((i for i, h in enumerate(header)
                      if h in ("simlex999", "human (mean)", "score", "similarity")), None)
    if score_col is None:
        raise ValueError(f"{path}: expected w1<TAB>w2<TAB>score lines or a header "
                         f"naming the score column, found {lines[0]!r}")
    import tempfile
    out = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf8")
    n = 0
    for l in lines[1:]:
        cols = [c.strip() for c in l.split(delim)]
        out.write(f"{cols[0]}\t{cols[1]}\t{float(cols[score_col])}\n")
        n += 1
    out.close()
    return out.name, n


def pairs(kv, path):
    usable, n = normalise_pairs(path)
    try:
        pearson, spearman, oov = kv.evaluate_word_pairs(usable, case_insensitive=True)
    except ValueError as e:  # every pair out of vocabulary
        return {"spearman": None, "pearson": None, "oov_percent": 100.0, "pairs": n,
                "error": str(e)}
    finally:
        if usable != path:
            os.unlink(usable)
    return {
        "spearman": float(spearman[0]),
        "pearson": float(pearson[0]),
        "oov_percent": float(oov),
        "pairs": n,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("vectors")
    ap.add_argument("--eval-dir", default=os.environ.get("BENCH_EVAL_DIR", DEFAULT_EVAL_DIR))
    ap.add_argument("--restrict-vocab", type=int, default=30000)
    ap.add_argument("--questions", help="analogy file (default EVAL_DIR/questions-words.txt; "
                    "questions-phrases.txt for phrase vectors)")
    ap.add_argument("--wordsim", help="w1<TAB>w2<TAB>score file (default EVAL_DIR/wordsim353.tsv)")
    ap.add_argument("--simlex", help="idem (default EVAL_DIR/simlex999.txt)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)

    eval_dir = os.path.abspath(args.eval_dir)
    questions = args.questions or os.path.join(eval_dir, "questions-words.txt")
    wordsim = args.wordsim or os.path.join(eval_dir, "wordsim353.tsv")
    simlex = args.simlex or os.path.join(eval_dir, "simlex999.txt")
    for p in (args.vectors, questions, wordsim, simlex):
        if not os.path.isfile(p):
            sys.exit(f"eval_vectors.py: {p}: no such file")

    t0 = time.time()
    try:
        kv, fmt = load(args.vectors)
    except (ValueError, OSError) as e:
        sys.exit(f"eval_vectors.py: {e}")
    out = {
        "file": os.path.abspath(args.vectors),
        "format": fmt,
        "vocab": len(kv.index_to_key),
        "dim": kv.vector_size,
        "restrict_vocab": args.restrict_vocab,
        "analogy": analogy(kv, questions, args.restrict_vocab),
        "wordsim353": pairs(kv, wordsim),
        "simlex999": pairs(kv, simlex),
    }
    out["eval_seconds"] = round(time.time() - t0, 2)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
