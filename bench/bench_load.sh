#!/usr/bin/env bash
# Load-speed benchmark: one trained model (63k x 100, CBOW on enwiki-9m) in every format, time until
# the first answer with wordvec against gensim in the same run; plus the native format's time to
# first query on a random 1M x 300 model. See bench/README.md ("Loading vector files").
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_load.sh [--workdir DIR] [--model FILE.bin] [--no-big] [--repeat N]
  --workdir DIR   scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-load); reuses a model trained there
  --model FILE    an existing word2vec binary to use instead of training one
  --corpus FILE   corpus to train on (default /tmp/enwiki.txt, made from ../shared if absent)
  --no-big        skip the 1M x 300 part (it needs ~4 GB of disk and ~3 GB of memory)
  --repeat N      timed runs per measurement; the best is reported (default 3)
EOF2
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
WORK=${BENCH_WORKDIR:-${TMPDIR:-/tmp}/wordvec-bench-load}
MODEL="" BIG=1 REPEAT=3 CORPUS=/tmp/enwiki.txt
while [ $# -gt 0 ]; do
  case $1 in
    --workdir) WORK=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --corpus) CORPUS=$2; shift 2 ;;
    --no-big) BIG=0; shift ;;
    --repeat) REPEAT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
die() { echo "bench_load.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }
[ -x "$WORDVEC" ] || die "no wordvec binary at $WORDVEC (build first)"
$PY -c "import gensim" 2>/dev/null || die "gensim is needed (Debian: python3-gensim)"
mkdir -p "$WORK"

# 1. The model: reuse, or train CBOW on enwiki-9m with 2 threads.
if [ -z "$MODEL" ]; then
  MODEL=$WORK/model.bin
  if [ ! -s "$MODEL" ]; then
    if [ ! -s "$CORPUS" ]; then
      XZ=$REPO/../shared/corpora/enwiki-9m.txt.xz
      [ -f "$XZ" ] || die "no corpus: $CORPUS and $XZ are missing"
      note "decompressing $XZ to $CORPUS"
      xz -dc "$XZ" > "$CORPUS.tmp.$$" && mv "$CORPUS.tmp.$$" "$CORPUS"
    fi
    note "training CBOW on $CORPUS (2 threads)"
    "$WORDVEC" train --model cbow --input "$CORPUS" --output "$MODEL" --threads 2 --quiet
  fi
fi

# 2. The same vectors in every format.
declare -A FILES=([w2v-bin]=$WORK/m.bin [w2v-text]=$WORK/m.txt [fasttext-vec]=$WORK/m.vec [glove-text]=$WORK/m.glove
                  [projector-tsv]=$WORK/m.tsv [npy]=$WORK/m.npy [native]=$WORK/m.wv [native-unit]=$WORK/m-unit.wv)
ORDER=(w2v-bin w2v-text fasttext-vec glove-text projector-tsv npy native native-unit)
cp "$MODEL" "$WORK/m.bin"
for f in "${ORDER[@]}"; do
  case $f in
    w2v-bin) ;;
    glove-text) "$WORDVEC" convert -q "$MODEL" "${FILES[$f]}" --to glove-text ;;
    native-unit) "$WORDVEC" convert -q "$MODEL" "${FILES[$f]}" --unit-rows ;;
    *) "$WORDVEC" convert -q "$MODEL" "${FILES[$f]}" ;;
  esac
done
WORD=$(sed -n 2p "$WORK/m.txt" | cut -d' ' -f1)   # the most frequent word
read -r N D < <(head -1 "$WORK/m.txt")

# Best wall time of REPEAT runs of a command (output discarded), in seconds.
best_of() {
  local best="" t0 t1 t
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}

# 3. gensim, in one process per measurement, timed inside (imports excluded): load, and load + first query.
gensim_time() {  # gensim_time FORMAT FILE -> "load_s first_query_s"
  $PY - "$1" "$2" "$WORD" "$REPEAT" <<'PY'
import sys, time
from gensim.models import KeyedVectors
fmt, path, word, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
best_load = best_all = float("inf")
for _ in range(repeat):
    t0 = time.perf_counter()
    if fmt == "kv":
        kv = KeyedVectors.load(path, mmap="r")
    else:
        kv = KeyedVectors.load_word2vec_format(path, binary=(fmt == "w2v-bin"), no_header=(fmt == "glove-text"))
    t1 = time.perf_counter()
    kv.most_similar(word, topn=1)
    t2 = time.perf_counter()
    best_load, best_all = min(best_load, t1 - t0), min(best_all, t2 - t0)
print(f"{best_load:.3f} {best_all:.3f}")
PY
}
note "gensim's own format for the same vectors (KeyedVectors.save, loaded with mmap='r')"
$PY - "$WORK/m.bin" "$WORK/m.kv" <<'PY'
import sys
from gensim.models import KeyedVectors
KeyedVectors.load_word2vec_format(sys.argv[1], binary=True).save(sys.argv[2])
PY
read -r KV_LOAD KV_ALL < <(gensim_time kv "$WORK/m.kv")

OUT=$WORK/results.md
{
  echo "Model: $N words x $D dimensions ($(basename "$MODEL")); query word '$WORD'; best of $REPEAT runs; $(nproc) CPUs."
  echo
  echo "| format | file MB | wordvec: process to first answer, s | gensim load, s | gensim load + first query, s | gensim (load + query) / wordvec |"
  echo "|---|---:|---:|---:|---:|---:|"
} > "$OUT"
for f in "${ORDER[@]}"; do
  file=${FILES[$f]}
  note "$f"
  ours=$(best_of "$WORDVEC" similar "$file" "$WORD" -k 1)
  size=$(du -m "$file" | cut -f1)
  case $f in
    w2v-bin|w2v-text|fasttext-vec|glove-text) read -r gl ga < <(gensim_time "$f" "$file"); peer="$gl | $ga" ;;
    *) gl=$KV_LOAD; ga=$KV_ALL; peer="($KV_LOAD) | ($KV_ALL)" ;;
  esac
  ratio=$(echo "scale=2; $ga / $ours" | bc -l)
  echo "| $f | $size | $ours | $peer | ${ratio}x |" >> "$OUT"
done
echo >> "$OUT"
echo "wordvec: whole process of \`wordvec similar FILE $WORD -k 1\` (start, read, normalise, one query, exit). gensim: inside one Python process after imports, \`load_word2vec_format\` of the same file (then \`most_similar\`); values in parentheses compare with gensim's own format (\`KeyedVectors.load(mmap='r')\`), since gensim does not read that format." >> "$OUT"

# 4. Native format, 1M x 300 random model: time to first query.
if [ "$BIG" = 1 ]; then
  note "1M x 300 random model"
  $PY - "$WORK/big.npy" "$WORK/big.kv" <<'PY'
import sys, numpy as np
from gensim.models import KeyedVectors
n, d = 1_000_000, 300
rng = np.random.default_rng(1)
m = rng.standard_normal((n, d), dtype=np.float32)
np.save(sys.argv[1], m)
words = [f"w{i}" for i in range(n)]
with open(sys.argv[1][:-4] + ".vocab", "w") as f:
    f.write("\n".join(words) + "\n")
kv = KeyedVectors(d)
kv.add_vectors(words, m)
kv.save(sys.argv[2])
PY
  "$WORDVEC" convert -q "$WORK/big.npy" "$WORK/big.wv"
  "$WORDVEC" convert -q "$WORK/big.npy" "$WORK/big-unit.wv" --unit-rows
  rm -f "$WORK/big.npy"
  raw=$(best_of "$WORDVEC" similar "$WORK/big.wv" w12345 -k 1)
  unit=$(best_of "$WORDVEC" similar "$WORK/big-unit.wv" w12345 -k 1)
  read -r bl ba < <(WORD=w12345 gensim_time kv "$WORK/big.kv")
  {
    echo
    echo "Native format, random 1,000,000 x 300 float32 model (file in the page cache), whole process of \`wordvec similar FILE w12345 -k 1\`:"
    echo
    echo "| file | time to first answer, s | gensim KeyedVectors.load(mmap='r') + most_similar, s | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| native, raw rows (\`convert big.npy big.wv\`) | $raw | $ba | $(echo "scale=2; $ba / $raw" | bc -l)x |"
    echo "| native, unit rows + norms (\`convert --unit-rows\`) | $unit | $ba | $(echo "scale=2; $ba / $unit" | bc -l)x |"
  } >> "$OUT"
  rm -f "$WORK"/big.* "$WORK"/big-unit.wv
fi
cat "$OUT"
