#!/usr/bin/env bash
# Exploration benchmark: `wordvec cluster` (k-means) and `wordvec reduce` (PCA) against scikit-learn,
# and `wordvec embed` against a NumPy mean of word vectors, on the same vectors in the same run.
#
# usage: bench/bench_explore.sh [VECTORS] [-k K] [--iterations N] [--threads T] [--lines FILE]
#   VECTORS     word2vec file (default: build/notebooks/skipgram.bin, made by notebooks/make_data.sh)
#   -k          clusters (100)       --iterations  Lloyd iterations, fixed for both (20)
#   --threads   threads for both (2) --lines       text to embed (default: build/notebooks/corpus-sample.txt)
# wordvec times are whole commands (load + compute + write); scikit-learn and NumPy times are the
# computation only (the vectors are already in memory). Ratio = peer time / wordvec time (>1: we are faster).
# OMP_WAIT_POLICY defaults to passive for both sides: on a shared, oversubscribed machine spinning
# OpenMP barriers (the default) lose whole time slices to other jobs; set it to active on an idle one.
set -euo pipefail
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORDVEC=${WORDVEC:-$ROOT/build/wordvec}
VECTORS=$ROOT/build/notebooks/skipgram.bin
LINES=$ROOT/build/notebooks/corpus-sample.txt
K=100 ITER=20 THREADS=2
while [ $# -gt 0 ]; do
  case $1 in
    -k) K=$2; shift 2 ;;
    --iterations) ITER=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --lines) LINES=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) VECTORS=$1; shift ;;
  esac
done
[ -x "$WORDVEC" ] || { echo "no wordvec binary at $WORDVEC (set WORDVEC)"; exit 1; }
[ -s "$VECTORS" ] || { echo "no vectors at $VECTORS (run notebooks/make_data.sh build/wordvec build/notebooks)"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PY=/usr/bin/python3

timed() {  # timed NAME CMD...: runs CMD, records "seconds peak_kib" in $WORK/NAME.time
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@"
}

echo "vectors: $VECTORS ($(head -1 "$VECTORS" | tr -d '\n') words x dim); k=$K, iterations=$ITER, threads=$THREADS; $(nproc) cores; OMP_WAIT_POLICY=$OMP_WAIT_POLICY; load $(cut -d' ' -f1 /proc/loadavg)"

# --- k-means: ours with 1 and T threads (outputs must be identical), scikit-learn Lloyd with the same k-means++ init.
timed cluster1 "$WORDVEC" cluster "$VECTORS" -k "$K" --iterations "$ITER" --threads 1 --seed 1 -o "$WORK/c1.tsv" 2> "$WORK/c1.err"
timed clusterT "$WORDVEC" cluster "$VECTORS" -k "$K" --iterations "$ITER" --threads "$THREADS" --seed 1 -o "$WORK/cT.tsv" 2> "$WORK/cT.err"
cmp -s "$WORK/c1.tsv" "$WORK/cT.tsv" && same=yes || same=NO
inertia=$(grep -o 'inertia [0-9.]*' "$WORK/cT.err" | cut -d' ' -f2)
iters=$(grep -o 'in [0-9]* iterations' "$WORK/cT.err" | cut -d' ' -f2)
# --- PCA of every word to 2 dimensions.
timed reduce "$WORDVEC" reduce "$VECTORS" --top 100000000 --dim 2 -q -o "$WORK/pca.tsv"
# --- Sentence vectors: plain mean per line.
timed embed "$WORDVEC" embed "$VECTORS" --input "$LINES" -o "$WORK/emb.bin" -q 2> /dev/null

OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS $PY - "$VECTORS" "$LINES" "$K" "$ITER" > "$WORK/peer.txt" <<'PYEOF' || echo "peer failed" > "$WORK/peer.txt"
import sys, time
import numpy as np
from gensim.models import KeyedVectors
vectors, lines_path, k, iters = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
x = kv.vectors.astype(np.float32)
unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-30)
try:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    t = time.perf_counter()
    km = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=iters, tol=0.0, algorithm="lloyd", random_state=1).fit(unit)
    print(f"kmeans {time.perf_counter() - t:.3f} {km.inertia_:.4f} {km.n_iter_}")
    t = time.perf_counter()
    PCA(n_components=2, svd_solver="full").fit_transform(x)
    print(f"pca {time.perf_counter() - t:.3f}")
except ImportError:
    print("kmeans - - -\npca -")
index = kv.key_to_index
t = time.perf_counter()
n = 0
with open(lines_path) as f:
    for line in f:
        ids = [index[w] for w in line.split() if w in index]
        if ids:
            x[ids].mean(axis=0)
            n += 1
print(f"embed {time.perf_counter() - t:.3f} {n}")
PYEOF

read -r t1 m1 < "$WORK/cluster1.time"; read -r tT mT < "$WORK/clusterT.time"
read -r tr mr < "$WORK/reduce.time"; read -r te me < "$WORK/embed.time"
read -r _ sk_km sk_inertia sk_iter < <(grep '^kmeans' "$WORK/peer.txt" || echo "kmeans - - -")
read -r _ sk_pca < <(grep '^pca' "$WORK/peer.txt" || echo "pca -")
read -r _ np_embed np_lines < <(grep '^embed' "$WORK/peer.txt" || echo "embed - -")
ratio() { if [ "$1" = - ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; fi; }
printf "\n%-34s %10s %10s %12s  %s\n" "task" "wordvec s" "peer s" "peer/wordvec" "notes"
printf "%-34s %10s %10s %12s  %s\n" "k-means, 1 thread" "$t1" "" "" "peak $((m1 / 1024)) MiB"
printf "%-34s %10s %10s %12s  %s\n" "k-means, $THREADS threads vs scikit-learn" "$tT" "$sk_km" "$(ratio "$sk_km" "$tT")" \
  "peak $((mT / 1024)) MiB; same output as 1 thread: $same; inertia ours $inertia ($iters it.), sklearn $sk_inertia ($sk_iter it.)"
printf "%-34s %10s %10s %12s  %s\n" "PCA of all words to 2-D" "$tr" "$sk_pca" "$(ratio "$sk_pca" "$tr")" "sklearn PCA(svd_solver=full)"
printf "%-34s %10s %10s %12s  %s\n" "embed: mean per line" "$te" "$np_embed" "$(ratio "$np_embed" "$te")" \
  "$(wc -l < "$LINES") lines, NumPy peer embedded $np_lines"
