#!/usr/bin/python3
"""The Python module against gensim KeyedVectors, in one /usr/bin/python3 process.

  load      wordvec.load(path) against KeyedVectors.load_word2vec_format(path, binary=True)
  query     most_similar(word, topn=10) for the same sampled words (the answers are compared)
  eval      evaluate_word_analogies(questions-words.txt) with gensim's defaults (restrict_vocab=300000)

on (1) a ~63k x 100 CBOW model of ../shared/corpora/enwiki-9m.txt.xz (trained once with
`wordvec train --model cbow`, kept in the workdir) and (2) a 1M x 300 random word2vec binary file
written by numpy. Every measurement is run --runs times, wordvec and gensim alternating; the table
gives the median with min-max and the ratio of the medians. See bench/README.md.

usage: bench/bench_python.py [--workdir DIR] [--wordvec build/wordvec] [--vectors FILE] [--runs 3]
                             [--rows 1000000] [--dim 300] [--queries 200] [--gensim-queries-big 20]
                             [--skip-big] [--skip-eval] [--eval-every N]
"""
import argparse
import lzma
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.append(str(REPO / "build" / "python"))  # after PYTHONPATH, which wins
SHARED = REPO.parent / "shared"


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def alternate(runs, ours, theirs):
    """Runs ours() and theirs() `runs` times, alternating (ours first on even runs, gensim first on odd
    ones); returns their lists of seconds and the last results."""
    a, b = [], []
    ra = rb = None
    for i in range(runs):
        order = [("ours", ours), ("theirs", theirs)] if i % 2 == 0 else [("theirs", theirs), ("ours", ours)]
        for name, fn in order:
            s, r = timed(fn)
            if name == "ours":
                a.append(s)
                ra = r
            else:
                b.append(s)
                rb = r
    return a, b, ra, rb


def fmt_times(ts, unit=1.0, suffix="s", digits=3):
    med = statistics.median(ts) * unit
    return f"{med:.{digits}f} {suffix} ({min(ts) * unit:.{digits}f}-{max(ts) * unit:.{digits}f})"


def cbow_model(args, workdir):
    if args.vectors:
        return Path(args.vectors)
    path = workdir / "enwiki-cbow.bin"
    if path.exists():
        return path
    source = SHARED / "corpora" / "enwiki-9m.txt.xz"
    if not source.exists():
        sys.exit(f"bench_python: {source} not found: give --vectors")
    corpus = workdir / "enwiki-9m.txt"
    if not corpus.exists():
        print(f"== decompressing {source}", file=sys.stderr)
        with lzma.open(source, "rb") as f, open(corpus, "wb") as out:
            shutil.copyfileobj(f, out, 1 << 20)
    print("== training the 63k model once: wordvec train --model cbow", file=sys.stderr)
    subprocess.run([args.wordvec, "train", "--model", "cbow", "--input", str(corpus), "--output", str(path),
                    "--threads", str(os.cpu_count()), "--quiet"], check=True)
    return path


def random_model(args, workdir):
    path = workdir / f"random-{args.rows}x{args.dim}.bin"
    if path.exists():
        return path
    print(f"== writing {args.rows} x {args.dim} random vectors (word2vec binary)", file=sys.stderr)
    rng = np.random.default_rng(1)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        out.write(f"{args.rows} {args.dim}\n".encode())
        block = 50000
        for start in range(0, args.rows, block):
            n = min(block, args.rows - start)
            m = rng.standard_normal((n, args.dim), dtype=np.float32)
            out.write(b"".join(f"w{start + i} ".encode() + m[i].tobytes() + b"\n" for i in range(n)))
    tmp.rename(path)
    return path


def bench_file(label, path, args, rows, do_eval, n_queries, n_gensim_queries):
    import wordvec
    from gensim.models import KeyedVectors

    print(f"== {label}: load", file=sys.stderr)
    ta, tb, wv, kv = alternate(args.runs, lambda: wordvec.load(path),
                               lambda: KeyedVectors.load_word2vec_format(str(path), binary=True))
    kv.fill_norms()  # gensim's one-off norm pass, outside the query timing (wordvec's is inside its load)
    rows.append([f"{label}: load (w2v binary)", fmt_times(ta), fmt_times(tb), statistics.median(tb) / statistics.median(ta)])

    rng = np.random.default_rng(7)
    words = [wv.index_to_key[i] for i in rng.integers(0, min(len(wv), 30000), n_queries)]
    gwords = words[:n_gensim_queries]
    print(f"== {label}: {len(words)} / {len(gwords)} most_similar queries", file=sys.stderr)
    ta, tb, ra, rb = alternate(args.runs, lambda: [wv.most_similar(w, topn=10) for w in words],
                               lambda: [kv.most_similar(w, topn=10) for w in gwords])
    same = sum([x for x, _ in a] == [x for x, _ in b] for a, b in zip(ra, rb))
    per_a = [t / len(words) for t in ta]
    per_b = [t / len(gwords) for t in tb]
    rows.append([f"{label}: most_similar top 10, per query", fmt_times(per_a, 1e3, "ms"), fmt_times(per_b, 1e3, "ms"),
                 statistics.median(per_b) / statistics.median(per_a)])
    notes = [f"{label}: same top-10 words as gensim for {same} of {len(rb)} queries"]

    if do_eval:
        qw = SHARED / "eval" / "questions-words.txt"
        if not qw.exists():
            notes.append(f"evaluation skipped: {qw} not found")
        else:
            if args.eval_every > 1:
                lines = qw.read_text().splitlines()
                qw = Path(args.workdir) / f"questions-words-every-{args.eval_every}.txt"
                qw.write_text("\n".join(l for i, l in enumerate(lines, 1) if l.startswith(":") or i % args.eval_every == 0) + "\n")
                notes.append(f"evaluation on every {args.eval_every}th question of questions-words ({qw.name}), the same file for both")
            print(f"== {label}: evaluate_word_analogies", file=sys.stderr)
            ta, tb, ra, rb = alternate(args.runs, lambda: wv.evaluate_word_analogies(qw),
                                       lambda: kv.evaluate_word_analogies(str(qw)))
            rows.append([f"{label}: evaluate_word_analogies (restrict 300000)", fmt_times(ta), fmt_times(tb),
                         statistics.median(tb) / statistics.median(ta)])
            def count(r):
                return len(r[1][-1]["correct"]), len(r[1][-1]["correct"]) + len(r[1][-1]["incorrect"])
            notes.append(f"{label}: questions-words accuracy wordvec {100 * ra[0]:.2f}% ({count(ra)[0]}/{count(ra)[1]}), "
                         f"gensim {100 * rb[0]:.2f}% ({count(rb)[0]}/{count(rb)[1]})")
    del wv, kv
    return notes


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workdir", default=os.environ.get("BENCH_WORKDIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "wordvec-bench-python")))
    p.add_argument("--wordvec", default=str(REPO / "build" / "wordvec"))
    p.add_argument("--vectors", help="the ~63k model (word2vec binary) instead of training one")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rows", type=int, default=1000000)
    p.add_argument("--dim", type=int, default=300)
    p.add_argument("--queries", type=int, default=200, help="wordvec queries per run (gensim: the same words)")
    p.add_argument("--gensim-queries-big", type=int, default=20, help="gensim queries per run on the big file")
    p.add_argument("--skip-big", action="store_true")
    p.add_argument("--skip-eval", action="store_true")
    p.add_argument("--eval-every", type=int, default=1,
                   help="evaluate on every Nth question of questions-words (both tools, the same file); 1 = all")
    args = p.parse_args()
    if args.runs < 3:
        p.error("--runs: at least 3 (the table reports medians)")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    import gensim
    import wordvec

    load_before = os.getloadavg()
    rows, notes = [], []
    notes += bench_file("63k x 100 CBOW", cbow_model(args, workdir), args, rows, not args.skip_eval, args.queries, args.queries)
    if not args.skip_big:
        notes += bench_file(f"{args.rows // 1000}k x {args.dim} random", random_model(args, workdir), args, rows, False,
                            args.queries, args.gensim_queries_big)
    load_after = os.getloadavg()

    print(f"\nwordvec {wordvec.__version__} vs gensim {gensim.__version__} (numpy {np.__version__}), one /usr/bin/python3 "
          f"process, {args.runs} alternating runs; median (min-max)")
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; load average {load_before[0]:.1f} at the start, "
          f"{load_after[0]:.1f} at the end (other jobs share the machine)\n")
    print("| measurement | wordvec | gensim | ratio |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f}x |")
    print()
    for n in notes:
        print(f"- {n}")


if __name__ == "__main__":
    main()
