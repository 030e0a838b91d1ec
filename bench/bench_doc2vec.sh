#!/usr/bin/env bash
# Doc2Vec benchmark: wordvec train --model dbow|dm against gensim's Doc2Vec at the same settings on
# the Debian package descriptions (apt-cache dumpavail: one document per package, its name's parts
# and its description; label = Section; test documents: md5(name)[0] < 51, about 20%). Both train
# on every document (as Doc2Vec is used: unsupervised), then the nearest-centroid accuracy of the
# test documents' vectors against the training documents' section centroids is scored the same way
# (bench/doc2vec_debian.py). Speed: alternating runs, medians; wall time of gensim's training alone
# (its Python start, reading and writing not counted) against wordvec's whole command, and the CPU
# seconds of each whole process (the fairer number on a loaded machine). See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_doc2vec.sh [options]

  --models LIST     dbow,dm (default both)
  --runs N          alternating rounds (default 3)
  --threads N       threads for both tools (default 2)
  --epochs N        epochs (default 20)
  --dim N           vector size (default 100)
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-doc2vec)
  -h, --help
EOF2
}
die() { echo "bench_doc2vec.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
HELPER=$REPO/bench/doc2vec_debian.py
MODELS=dbow,dm RUNS=3 THREADS=2 EPOCHS=20 DIM=100
WORDVEC=$REPO/build/wordvec
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-doc2vec
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --dim) DIM=$2; shift 2 ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
for v in RUNS THREADS EPOCHS DIM; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "--${v,,}: expected a positive integer, got '${!v}'"; done
IFS=, read -r -a MODEL_LIST <<<"$MODELS"
for m in "${MODEL_LIST[@]}"; do [[ $m == dbow || $m == dm ]] || die "--models: dbow and/or dm, got '$m'"; done
[[ -x $WORDVEC ]] || die "$WORDVEC is not built (cmake --build build --target wordvec)"
command -v apt-cache >/dev/null || die "apt-cache is missing (the documents are Debian's package descriptions)"
$PY -c 'import gensim, numpy' 2>/dev/null || die "gensim is missing for $PY (apt install python3-gensim)"

mkdir -p "$WORKDIR"
DATA=$WORKDIR/data
mkdir -p "$DATA"
if [[ ! -s $DATA/docs.txt ]]; then
  note "building the documents from apt-cache dumpavail"
  apt-cache dumpavail | $PY "$HELPER" build "$DATA"
fi
DOCS=$(wc -l <"$DATA/docs.txt")
WORDS=$(wc -w <"$DATA/docs.txt")

# The same settings for both (gensim's names in brackets).
WINDOW=5 NEGATIVE=5 MIN_COUNT=2 SAMPLE=1e-3 SEED=1

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# run_gensim MODEL OUT: prints "wall cpu" (wall: training alone; cpu: the whole process).
run_gensim() {
  local model=$1 out=$2 t
  t=$( { /usr/bin/time -f '%U %S' $PY "$HELPER" gensim "$DATA" "$out" --model "$model" --dim "$DIM" --window $WINDOW \
      --negative $NEGATIVE --min-count $MIN_COUNT --sample $SAMPLE --epochs "$EPOCHS" --threads "$THREADS" --seed $SEED \
      2>"$WORKDIR/gensim.time"; } )
  echo "$t $(awk 'END {print $1 + $2}' "$WORKDIR/gensim.time")"
}

run_wordvec() {
  local model=$1 out=$2
  /usr/bin/time -f '%e %U %S' "$WORDVEC" train --model "$model" --input "$DATA/docs.txt" --output "$out" --dim "$DIM" \
    --window $WINDOW --negative $NEGATIVE --min-count $MIN_COUNT --sample $SAMPLE --epochs "$EPOCHS" \
    --threads "$THREADS" --seed $SEED --quiet 2>"$WORKDIR/wordvec.time"
  awk 'END {print $1, $2 + $3}' "$WORKDIR/wordvec.time"
}

declare -A ACC WALL CPU
for model in "${MODEL_LIST[@]}"; do
  for tool in gensim wordvec; do ACC[$model,$tool]="" WALL[$model,$tool]="" CPU[$model,$tool]=""; done
  for ((r = 1; r <= RUNS; r++)); do
    order=(gensim wordvec)
    ((r % 2 == 0)) && order=(wordvec gensim)
    for tool in "${order[@]}"; do
      note "$model run $r/$RUNS: $tool (load: $(cut -d' ' -f1-3 /proc/loadavg))"
      out=$WORKDIR/$tool-$model-$r.txt
      read -r wall cpu < <(run_$tool "$model" "$out")
      acc=$($PY "$HELPER" score "$DATA" "$out")
      note "  accuracy $acc, wall $wall s, cpu $cpu s"
      ACC[$model,$tool]+="$acc " WALL[$model,$tool]+="$wall " CPU[$model,$tool]+="$cpu "
    done
  done
done

echo
echo "Doc2Vec on Debian package descriptions: $DOCS documents, $WORDS words; dim $DIM, window $WINDOW, negative $NEGATIVE,"
echo "min-count $MIN_COUNT, sample $SAMPLE, $EPOCHS epochs, $THREADS threads; medians of $RUNS alternating runs"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') x $(nproc); load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | tool | nearest-centroid accuracy | train wall s | process CPU s | wall vs gensim | CPU vs gensim |"
echo "|---|---|---|---|---|---|---|"
for model in "${MODEL_LIST[@]}"; do
  gw=$(tr ' ' '\n' <<<"${WALL[$model,gensim]}" | grep . | median)
  gc=$(tr ' ' '\n' <<<"${CPU[$model,gensim]}" | grep . | median)
  for tool in gensim wordvec; do
    a=$(tr ' ' '\n' <<<"${ACC[$model,$tool]}" | grep . | median)
    w=$(tr ' ' '\n' <<<"${WALL[$model,$tool]}" | grep . | median)
    c=$(tr ' ' '\n' <<<"${CPU[$model,$tool]}" | grep . | median)
    printf '| %s | %s | %.4f | %.2f | %.2f | %.1fx | %.1fx |\n' "$model" "$tool" "$a" "$w" "$c" \
      "$(awk -v g="$gw" -v x="$w" 'BEGIN {print g / x}')" "$(awk -v g="$gc" -v x="$c" 'BEGIN {print g / x}')"
  done
done
