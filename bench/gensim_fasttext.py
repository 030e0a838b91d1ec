#!/usr/bin/python3
"""Train gensim FastText (skip-gram with subwords) for the fastText benchmark.

Usage: bench/gensim_fasttext.py --input CORPUS --output OUT.vec --alpha X
       [--dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs 5
        --workers 2 --min-n 3 --max-n 6 --bucket 2000000]

Reads the corpus with LineSentence, builds the vocabulary and trains; only those two steps are
timed. Saves the in-vocabulary word vectors as word2vec text and prints a JSON object with
vocab_seconds, train_seconds, timed_seconds and save_seconds. Run with /usr/bin/python3.
"""

import argparse
import json
import sys
import time

import gensim
from gensim.models import FastText
from gensim.models.word2vec import LineSentence


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--alpha", type=float, required=True)
    ap.add_argument("--min-alpha", type=float, default=0.0001)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--negative", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1e-4)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-n", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=6)
    ap.add_argument("--bucket", type=int, default=2000000)
    args = ap.parse_args()

    model = FastText(vector_size=args.dim, window=args.window, negative=args.negative, hs=0, sg=1,
                     sample=args.sample, min_count=args.min_count, epochs=args.epochs,
                     alpha=args.alpha, min_alpha=args.min_alpha, workers=args.workers,
                     min_n=args.min_n, max_n=args.max_n, bucket=args.bucket)
    corpus = LineSentence(args.input)
    t0 = time.perf_counter()
    model.build_vocab(corpus)
    t1 = time.perf_counter()
    model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    t2 = time.perf_counter()
    model.wv.save_word2vec_format(args.output, binary=False)
    t3 = time.perf_counter()
    json.dump({"gensim": gensim.__version__, "vocab": len(model.wv.index_to_key),
               "vocab_seconds": round(t1 - t0, 3), "train_seconds": round(t2 - t1, 3),
               "timed_seconds": round(t2 - t0, 3), "save_seconds": round(t3 - t2, 3)}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
