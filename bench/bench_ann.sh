#!/usr/bin/env bash
# HNSW (wordvec index, similar --ann) against exact search: recall@10 and query throughput (loading
# excluded: the --stats query time of 1000 queries), build time and peak memory.
#   bench/bench_ann.sh WORDVEC [VECTORS]   without VECTORS: N (default 1000000) x 100 clustered random vectors
set -euo pipefail
WORDVEC=$1; VECTORS=${2:-}; N=${N:-1000000}; WORK=$(mktemp -d); PY=/usr/bin/python3
trap 'rm -rf "$WORK"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) ($(nproc) threads); load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "$VECTORS" ]; then
  VECTORS=$WORK/v.bin
  $PY "$HERE/ann_vectors.py" "$N" 100 "$VECTORS" "$WORK/q.txt"
else
  cp "$VECTORS" "$WORK/v.bin"; VECTORS=$WORK/v.bin
  $WORDVEC print-vectors "$VECTORS" 2>/dev/null | awk 'NR > 1 && NR % 25 == 2 { print $1 }' | head -1000 > "$WORK/q.txt" || true
  [ -s "$WORK/q.txt" ] || $PY -c "
import sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format('$VECTORS', binary=True)
print('\n'.join(kv.index_to_key[::max(1, len(kv.index_to_key) // 1000)][:1000]))" > "$WORK/q.txt"
fi
/usr/bin/time -f "build: %e s wall, peak RSS %M KB" "$WORDVEC" index "$VECTORS" 2>&1 | tail -2
ls -la "$VECTORS".cosine.hnsw | awk '{ print "index file:", $5, "bytes" }'
for run in 1 2 3; do
  "$WORDVEC" similar "$VECTORS" --batch "$WORK/q.txt" -k 10 --json --stats > "$WORK/exact.json" 2> "$WORK/exact.$run.err"
  "$WORDVEC" similar "$VECTORS" --batch "$WORK/q.txt" -k 10 --json --stats --ann > "$WORK/ann.json" 2> "$WORK/ann.$run.err"
done
qt() { for f in "$@"; do sed -nE 's/.*queries answered in ([0-9.]+) s.*/\1/p' "$f"; done | sort -g | sed -n 2p; }
ex=$(qt "$WORK"/exact.*.err); an=$(qt "$WORK"/ann.*.err)
$PY - "$WORK/exact.json" "$WORK/ann.json" "$ex" "$an" <<'PY'
import json, sys
def answers(p):
    out = []
    for line in open(p):
        o = json.loads(line)
        out.append([n["word"] for n in o.get("neighbors", o.get("results", []))])
    return out
e, a = answers(sys.argv[1]), answers(sys.argv[2])
recall = sum(len(set(x) & set(y)) for x, y in zip(e, a)) / max(1, sum(len(x) for x in e))
ex, an = float(sys.argv[3]), float(sys.argv[4])
print(f"{len(e)} queries, k=10: recall@10 {recall:.4f}; exact {len(e) / ex:.0f} queries/s, HNSW {len(e) / an:.0f} queries/s "
      f"({ex / an:.1f}x; medians of 3 alternating runs, loading excluded)")
PY
