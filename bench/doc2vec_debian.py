"""Doc2Vec benchmark helpers (bench/bench_doc2vec.sh): the labelled document set built from the
Debian package descriptions, gensim's Doc2Vec at given settings, and the nearest-centroid
accuracy of document vectors.

  doc2vec_debian.py build DIR            < apt-cache dumpavail output
  doc2vec_debian.py gensim DIR OUT.txt --model dbow|dm [--dim N ...]
  doc2vec_debian.py score DIR VECTORS.txt
"""
import argparse
import hashlib
import re
import sys
import time

WORD = re.compile(r"[a-z0-9]+(?:[.+][a-z0-9]+)*")


def build(args):
    """One document per package (first stanza per name): its name's parts and its description,
    lower-cased words; label = Section without its archive area (contrib/, non-free/). Split rule:
    a package is a test document when the first byte of md5(name) is below 51 (20%)."""
    seen = set()
    docs = []
    stanza = {}

    def flush():
        name, section, desc = stanza.get("Package"), stanza.get("Section"), stanza.get("Description")
        if name and section and desc and name not in seen:
            seen.add(name)
            words = WORD.findall(name.replace("-", " ").lower()) + WORD.findall(desc.lower())
            if words:
                docs.append((name, section.split("/")[-1], words))
        stanza.clear()

    key = None
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            flush()
            key = None
            continue
        if line[0] in " \t":
            if key == "Description":
                stanza[key] += " " + line.strip()
            continue
        key, _, value = line.partition(":")
        stanza[key] = value.strip()
    flush()
    docs.sort()
    with open(f"{args.dir}/docs.txt", "w") as d, open(f"{args.dir}/labels.txt", "w") as l:
        for name, section, words in docs:
            test = hashlib.md5(name.encode()).digest()[0] < 51
            d.write(" ".join(words) + "\n")
            l.write(f"{section}\t{'test' if test else 'train'}\t{name}\n")
    print(f"{len(docs)} documents, {sum(len(w) for _, _, w in docs)} words, "
          f"{len({s for _, s, _ in docs})} sections", file=sys.stderr)


def gensim(args):
    """Trains gensim's Doc2Vec on docs.txt (tags: line numbers, as TaggedLineDocument) and writes
    the document vectors as word2vec text keyed by line number; prints the training seconds."""
    from gensim.models.doc2vec import Doc2Vec, TaggedDocument
    with open(f"{args.dir}/docs.txt") as f:
        corpus = [TaggedDocument(line.split(), [i]) for i, line in enumerate(f)]
    start = time.perf_counter()
    model = Doc2Vec(corpus, dm=1 if args.model == "dm" else 0, dm_mean=1, vector_size=args.dim, window=args.window,
                    negative=args.negative, hs=0, min_count=args.min_count, sample=args.sample,
                    epochs=args.epochs, alpha=0.025, min_alpha=0.0001, workers=args.threads, seed=args.seed,
                    dbow_words=1 if args.dbow_words else 0)
    seconds = time.perf_counter() - start
    with open(args.out, "w") as out:
        out.write(f"{len(corpus)} {args.dim}\n")
        for i in range(len(corpus)):
            out.write(str(i) + " " + " ".join(f"{x:.6f}" for x in model.dv[i]) + "\n")
    print(f"{seconds:.3f}")


def score(args):
    """Nearest-centroid accuracy (cosine) on the test documents, centroids of the unit-length
    training vectors per section."""
    import numpy as np
    labels = [l.rstrip("\n").split("\t") for l in open(f"{args.dir}/labels.txt")]
    vectors = {}
    with open(args.vectors) as f:
        next(f)
        for line in f:
            parts = line.split()
            vectors[int(parts[0])] = np.array(parts[1:], dtype=np.float32)
    sections = sorted({s for s, part, _ in labels if part == "train"})
    index = {s: i for i, s in enumerate(sections)}
    dim = len(next(iter(vectors.values())))
    sums = np.zeros((len(sections), dim), dtype=np.float64)
    for i, (s, part, _) in enumerate(labels):
        if part == "train" and i in vectors:
            v = vectors[i]
            sums[index[s]] += v / (np.linalg.norm(v) or 1.0)
    centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    right = total = 0
    for i, (s, part, _) in enumerate(labels):
        if part != "test":
            continue
        total += 1
        v = vectors.get(i)
        if v is None or s not in index:
            continue
        right += int(np.argmax(centroids @ (v / (np.linalg.norm(v) or 1.0))) == index[s])
    print(f"{right / total:.4f}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("dir")
    g = sub.add_parser("gensim")
    g.add_argument("dir")
    g.add_argument("out")
    g.add_argument("--model", choices=["dbow", "dm"], default="dbow")
    g.add_argument("--dbow-words", action="store_true")
    for name, default in [("dim", 100), ("window", 5), ("negative", 5), ("min-count", 2), ("epochs", 20),
                          ("threads", 2), ("seed", 1)]:
        g.add_argument("--" + name, type=int, default=default)
    g.add_argument("--sample", type=float, default=1e-3)
    s = sub.add_parser("score")
    s.add_argument("dir")
    s.add_argument("vectors")
    args = p.parse_args()
    {"build": build, "gensim": gensim, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
