#!/usr/bin/python3
"""Random but clustered vectors as a word2vec binary file: N points around N/100 centres, for bench_ann.sh.
  ann_vectors.py N DIM OUT.bin QUERIES.txt"""
import sys
import numpy as np

n, dim, out, queries = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = np.random.default_rng(1)
centres = rng.normal(size=(max(1, n // 100), dim)).astype(np.float32)
x = centres[rng.integers(0, len(centres), size=n)] + 0.35 * rng.normal(size=(n, dim)).astype(np.float32)
with open(out, "wb") as f:
    f.write(f"{n} {dim}\n".encode())
    for i in range(n):
        f.write(f"w{i} ".encode())
        f.write(x[i].astype("<f4").tobytes())
        f.write(b"\n")
with open(queries, "w") as f:
    for i in rng.choice(n, size=1000, replace=False):
        f.write(f"w{i}\n")
