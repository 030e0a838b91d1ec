#!/usr/bin/python3
"""Detect phrases with gensim for the benchmark and report how long it took.

Usage: bench/gensim_phrases.py --input CORPUS --output CORPUS2 [--min-count 5
       --threshold 0.5 --scoring npmi|default --connector-words english|none
       --passes 1]

Learns gensim.models.phrases.Phrases over LineSentence(CORPUS), freezes it
(FrozenPhrases, the fast read-only form gensim recommends for applying), and
writes every sentence with its phrases joined by '_' to CORPUS2; with
--passes 2 the second Phrases model learns from the first one's output, as
gensim's documentation shows for trigrams. Prints a JSON object with the
seconds spent learning, applying and in all, and the phrases joined. Run with
/usr/bin/python3 (Debian python3-gensim).
"""

import argparse
import json
import sys
import time

import gensim
from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, FrozenPhrases, Phrases
from gensim.models.word2vec import LineSentence


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--threshold", type=float, nargs="+", default=[0.5])
    ap.add_argument("--scoring", choices=("npmi", "default"), default="npmi")
    ap.add_argument("--connector-words", choices=("english", "none"), default="english")
    ap.add_argument("--passes", type=int, default=1)
    args = ap.parse_args()
    connectors = ENGLISH_CONNECTOR_WORDS if args.connector_words == "english" else frozenset()

    t0 = time.perf_counter()
    learn = 0.0
    models = []
    corpus = LineSentence(args.input)
    for p in range(args.passes):
        threshold = args.threshold[min(p, len(args.threshold) - 1)]
        s = time.perf_counter()
        stream = corpus
        for m in models:
            stream = m[stream]
        phrases = Phrases(stream, min_count=args.min_count, threshold=threshold, scoring=args.scoring,
                          connector_words=connectors)
        models.append(phrases.freeze())
        learn += time.perf_counter() - s
    s = time.perf_counter()
    joined = 0
    with open(args.output, "w", encoding="utf8") as out:
        for sentence in corpus:
            for m in models:
                sentence = m[sentence]
            joined += sum(1 for w in sentence if "_" in w)
            out.write(" ".join(sentence))
            out.write("\n")
    apply = time.perf_counter() - s
    json.dump({"gensim": gensim.__version__, "learn_seconds": round(learn, 2),
               "apply_seconds": round(apply, 2), "seconds": round(time.perf_counter() - t0, 2),
               "joined": joined}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
