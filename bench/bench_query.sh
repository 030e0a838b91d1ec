#!/usr/bin/env bash
# Query and evaluation benchmark: wordvec against gensim KeyedVectors, measured in the same run.
#
#  (a) `wordvec eval` on questions-words.txt (restrict 30000, case-insensitive) with a ~63k x 100 model
#      against gensim's evaluate_word_analogies on the same file; prints both accuracies and the speed ratio.
#  (b) 1,000 nearest-neighbour queries (top 10) over 1M x 300 random vectors: `wordvec similar --batch`
#      against gensim most_similar; queries/s and peak RSS (/usr/bin/time -v) next to the matrix size.
# See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/bench_query.sh [options]

  --wordvec PATH     wordvec binary (default build/wordvec)                   env WORDVEC
  --workdir DIR      scratch: model, random vectors, logs (default ${TMPDIR:-/tmp}/wordvec-bench-query)
  --vectors FILE     model for (a) instead of training one (word2vec format)
  --corpus FILE      corpus to train the model for (a) (default /tmp/enwiki.txt, else ../shared/corpora/enwiki-9m.txt.xz)
  --rows N           rows of the random matrix for (b) (default 1000000)
  --dim N            its dimension (default 300)
  --queries N        wordvec queries for (b) (default 1000)
  --gensim-queries N gensim queries for (b) (default 50; gensim answers a few per second)
  --only a|b         run one part
  -h, --help
EOF
}

die() { echo "bench_query.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-query
VECTORS=""
CORPUS=""
ROWS=1000000
DIM=300
QUERIES=1000
GENSIM_QUERIES=50
ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wordvec) WORDVEC=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --vectors) VECTORS=$(realpath "$2"); shift 2 ;;
    --corpus) CORPUS=$(realpath "$2"); shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --dim) DIM=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --gensim-queries) GENSIM_QUERIES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
SHARED="$REPO/../shared"
QW="$SHARED/eval/questions-words.txt"
[[ -x $WORDVEC ]] || die "no wordvec binary at $WORDVEC (build first)"
[[ -f $QW ]] || die "$QW not found (../shared is needed)"
$PY -c "import gensim" 2>/dev/null || die "gensim is not installed for $PY"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
mkdir -p "$WORKDIR"

# Runs a command under /usr/bin/time -v; sets WALL (s) and RSS_MIB from its report.
timed() {
  local log=$1; shift
  /usr/bin/time -v "$@" 2> "$log.time" > "$log"
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log.time")
  RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
  CPU_PCT=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$log.time")
}

# ------------------------------------------------------------------ (a) analogy evaluation
part_a() {
  if [[ -z $VECTORS ]]; then
    VECTORS="$WORKDIR/cbow.bin"
    if [[ ! -f $VECTORS ]]; then
      if [[ -z $CORPUS ]]; then
        if [[ -f /tmp/enwiki.txt ]]; then CORPUS=/tmp/enwiki.txt
        else
          CORPUS="$WORKDIR/enwiki.txt"
          if [[ ! -f $CORPUS ]]; then
            xz -dc "$SHARED/corpora/enwiki-9m.txt.xz" > "$CORPUS.tmp"
            mv "$CORPUS.tmp" "$CORPUS"
          fi
        fi
      fi
      note "training a CBOW model on $CORPUS (once; kept as $VECTORS)"
      "$WORDVEC" train --model cbow --input "$CORPUS" --output "$VECTORS" --quiet
    fi
  fi
  note "(a) wordvec eval on $(head -1 "$VECTORS" | tr ' ' x) vectors"
  timed "$WORKDIR/eval.json" "$WORDVEC" eval "$VECTORS" --analogies "$QW" --restrict 30000 --json
  local ours_wall=$WALL ours_rss=$RSS_MIB
  note "(a) gensim evaluate_word_analogies"
  "$PY" - "$VECTORS" "$QW" "$WORKDIR/eval.json" "$ours_wall" "$CPU_PCT" <<'PY'
import json, sys, time
from gensim.models import KeyedVectors
vectors, qw, ours_file, ours_wall, ours_cpu = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
t0 = time.perf_counter()
c0 = time.process_time()
kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
t1 = time.perf_counter()
score, sections = kv.evaluate_word_analogies(qw, restrict_vocab=30000, case_insensitive=True)
t2 = time.perf_counter()
c2 = time.process_time()
total = sections[-1]
n = len(total["correct"]) + len(total["incorrect"])
ours = json.load(open(ours_file))["analogies"][0]["total"]
print(f"(a) questions-words, {len(kv.index_to_key)} x {kv.vector_size}, restrict 30000, case-insensitive")
print(f"    wordvec eval (whole process, load included): {ours_wall:8.2f} s   accuracy {100 * ours['accuracy_add']:.2f}% "
      f"({ours['correct_add']}/{ours['answered']})   [CPU share {ours_cpu}]")
print(f"    gensim evaluate_word_analogies (call only):  {t2 - t1:8.2f} s   accuracy {100 * score:.2f}% "
      f"({len(total['correct'])}/{n})   [load {t1 - t0:.2f} s not counted; CPU share {100 * (c2 - c0) / (t2 - t0):.0f}%]")
print(f"    speed-up: {(t2 - t1) / ours_wall:.1f}x (target >= 10x); accuracy difference "
      f"{abs(100 * ours['accuracy_add'] - 100 * score):.3f} pp")
PY
}

# ------------------------------------------------------------------ (b) nearest neighbours at scale
part_b() {
  local vec="$WORKDIR/random-${ROWS}x${DIM}.bin"
  if [[ ! -f $vec ]]; then
    note "(b) writing $ROWS x $DIM random vectors to $vec"
    "$PY" - "$vec" "$ROWS" "$DIM" <<'PY'
import sys, numpy as np
path, rows, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
rec = np.dtype([("word", "S9"), ("vec", "<f4", (dim,)), ("nl", "S1")])
with open(path + ".tmp", "wb") as f:
    f.write(f"{rows} {dim}\n".encode())
    for start in range(0, rows, 100000):
        n = min(100000, rows - start)
        block = np.empty(n, dtype=rec)
        block["word"] = [f"w{i:07d} ".encode() for i in range(start, start + n)]
        block["vec"] = rng.standard_normal((n, dim), dtype=np.float32)
        block["nl"] = b"\n"
        f.write(block.tobytes())
import os
os.replace(path + ".tmp", path)
PY
  fi
  "$PY" -c "
import random; random.seed(2)
print('\n'.join(f'w{random.randrange($ROWS):07d}' for _ in range($QUERIES)))" > "$WORKDIR/queries.txt"
  local matrix_mib=$(( ROWS * DIM * 4 / 1048576 ))
  note "(b) wordvec similar --batch: $QUERIES queries"
  timed "$WORKDIR/similar.tsv" "$WORDVEC" similar "$vec" --batch "$WORKDIR/queries.txt" -k 10 --tsv --stats
  local ours_wall=$WALL ours_rss=$RSS_MIB ours_cpu=$CPU_PCT
  local stats; stats=$(grep 'queries answered' "$WORKDIR/similar.tsv.time")
  local load query
  load=$(sed -E 's/.* in ([0-9.]+) s;.*/\1/' <<<"$stats")
  query=$(sed -E 's/.*answered in ([0-9.]+) s.*/\1/' <<<"$stats")
  note "(b) gensim most_similar: $GENSIM_QUERIES queries"
  head -n "$GENSIM_QUERIES" "$WORKDIR/queries.txt" > "$WORKDIR/gensim-queries.txt"
  timed "$WORKDIR/gensim.out" "$PY" - "$vec" "$WORKDIR/gensim-queries.txt" "$WORKDIR/similar.tsv" <<'PY'
import sys, time
from gensim.models import KeyedVectors
vec, queries, ours = sys.argv[1:4]
t0 = time.perf_counter()
kv = KeyedVectors.load_word2vec_format(vec, binary=True)
t1 = time.perf_counter()
words = open(queries).read().split()
kv.fill_norms()  # gensim computes the norms once, on the first query: not counted per query
t2 = time.perf_counter()
answers = [kv.most_similar(w, topn=10) for w in words]
t3 = time.perf_counter()
mine = {}
for line in open(ours).read().splitlines()[1:]:
    q, rank, w, s = line.split("\t")
    mine.setdefault(q, []).append(w)
same = sum(mine.get(w) == [x for x, _ in a] for w, a in zip(words, answers))
print(f"load {t1 - t0:.3f} norms {t2 - t1:.3f} queries {t3 - t2:.3f} n {len(words)} same {same}")
PY
  local g; g=$(cat "$WORKDIR/gensim.out")
  "$PY" - "$ROWS" "$DIM" "$QUERIES" "$load" "$query" "$ours_wall" "$ours_rss" "$matrix_mib" "$WALL" "$RSS_MIB" "$g" "$ours_cpu" "$CPU_PCT" <<'PY'
import sys
rows, dim, nq, load, query, wall, rss, matrix, gwall, grss, g, cpu, gcpu = sys.argv[1:14]
f = dict(zip(g.split()[0::2], g.split()[1::2]))
ours_qps = int(nq) / float(query)
gensim_qps = int(f["n"]) / float(f["queries"])
print(f"(b) top-10 neighbours over {rows} x {dim} random vectors (matrix {matrix} MiB)")
print(f"    wordvec similar --batch: {nq} queries in {float(query):.2f} s = {ours_qps:8.1f} queries/s; load {float(load):.2f} s, "
      f"process {float(wall):.2f} s (CPU share {cpu}), peak RSS {rss} MiB ({int(rss) / int(matrix):.2f}x the matrix)")
print(f"    gensim most_similar:     {f['n']} queries in {float(f['queries']):.2f} s = {gensim_qps:8.1f} queries/s; load {float(f['load']):.2f} s, "
      f"process {float(gwall):.2f} s (CPU share {gcpu}), peak RSS {grss} MiB ({int(grss) / int(matrix):.2f}x the matrix)")
print(f"    speed-up {ours_qps / gensim_qps:.0f}x; same top-10 as gensim for {f['same']} of {f['n']} queries")
PY
}

echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); wordvec $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
[[ $ONLY == b ]] || part_a
[[ $ONLY == a ]] || part_b
