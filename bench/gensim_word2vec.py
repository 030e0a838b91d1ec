#!/usr/bin/python3
"""Train gensim Word2Vec for the benchmark and report how long training took.

Usage: bench/gensim_word2vec.py --input CORPUS --output OUT.bin --sg 0|1 --alpha X
       [--dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5
        --epochs 5 --workers 2 --seed 1 --init-range R --hs 0|1]

Reads the corpus with LineSentence (one sentence per line), builds the
vocabulary and trains; only those two steps are timed. Saves the vectors with
wv.save_word2vec_format(binary=True) and prints a JSON object with
vocab_seconds, train_seconds, timed_seconds (their sum), save_seconds and the
vocabulary size. Run with /usr/bin/python3 (Debian python3-gensim).

--init-range R replaces gensim's starting input vectors (uniform in +-1/dim)
with uniform in +-R before training, to compare starts (wordvec's default for
word2vec models is 1/sqrt(dim)); the default keeps gensim's own.
"""

import argparse
import json
import logging
import sys
import time

import gensim
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence, FAST_VERSION


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--sg", type=int, choices=(0, 1), required=True)
    ap.add_argument("--alpha", type=float, required=True)
    ap.add_argument("--min-alpha", type=float, default=0.0001)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--negative", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1e-4)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init-range", type=float, default=0.0)
    ap.add_argument("--hs", type=int, choices=(0, 1), default=0,
                    help="hierarchical softmax (with --negative 0 alone, else both, as gensim does)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s",
                        level=logging.INFO if args.verbose else logging.WARNING)
    if FAST_VERSION < 0:
        print("gensim_word2vec.py: warning: gensim's compiled routines are missing; "
              "this run is pure Python and not representative", file=sys.stderr)

    model = Word2Vec(
        vector_size=args.dim, window=args.window, negative=args.negative, hs=args.hs,
        sample=args.sample, min_count=args.min_count, epochs=args.epochs,
        alpha=args.alpha, min_alpha=args.min_alpha, sg=args.sg,
        workers=args.workers, seed=args.seed)
    corpus = LineSentence(args.input)

    t0 = time.perf_counter()
    model.build_vocab(corpus)
    if args.init_range > 0:
        import numpy as np
        rng = np.random.default_rng(args.seed)
        shape = model.wv.vectors.shape
        model.wv.vectors[:] = rng.uniform(-args.init_range, args.init_range, shape).astype(np.float32)
    t1 = time.perf_counter()
    model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    t2 = time.perf_counter()
    model.wv.save_word2vec_format(args.output, binary=True)
    t3 = time.perf_counter()

    json.dump({
        "gensim": gensim.__version__,
        "vocab": len(model.wv.index_to_key),
        "corpus_words": model.corpus_total_words,
        "vocab_seconds": round(t1 - t0, 3),
        "train_seconds": round(t2 - t1, 3),
        "timed_seconds": round(t2 - t0, 3),
        "save_seconds": round(t3 - t2, 3),
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
