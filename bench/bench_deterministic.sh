#!/usr/bin/env bash
# Cost of --deterministic against Hogwild: the same training (skip-gram, CBOW, fastText, GloVe) on
# the same corpus and threads, Hogwild and deterministic runs alternating, each seed once per mode,
# each run under /usr/bin/time; quality of every output by `wordvec eval` (questions-words,
# restricted to 30000 words as word2vec.c, and WordSim-353). Prints a markdown table: per model
# and mode the median wall and CPU time (min-max), the ratios deterministic / Hogwild of the
# medians (wall and CPU), and the scores per seed. Also checks that deterministic outputs of the same seed are
# byte-identical whatever the thread count when --check-threads is given.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_deterministic.sh [options]

  --threads N       threads of every run (default 2)
  --seeds "1 2 3"   seeds (default 1 2 3: the median and range are over them)
  --models "..."    any of skipgram cbow fasttext glove (default all four)
  --epochs N        epochs of every model (default: each model's default)
  --corpus FILE     corpus (.xz, .gz or plain); default ../shared/corpora/enwiki-9m.txt.xz
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch (default ${TMPDIR:-/tmp}/wordvec-bench-deterministic)
  --check-threads "1 4"  also train seed 1 deterministically with these thread counts and compare bytes
  -h, --help
EOF2
}

die() { echo "bench_deterministic.sh: $*" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
THREADS=2
SEEDS="1 2 3"
MODELS="skipgram cbow fasttext glove"
EPOCHS=""
CORPUS_SRC=""
WORDVEC=$REPO/build/wordvec
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-deterministic
CHECK_THREADS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --seeds) SEEDS=$2; shift 2 ;;
    --models) MODELS=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --check-threads) CHECK_THREADS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it, or pass --wordvec)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"
SHARED=$REPO/../shared
EVAL_DIR=$SHARED/eval
CORPUS_SRC=${CORPUS_SRC:-$SHARED/corpora/enwiki-9m.txt.xz}
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
[[ -f $EVAL_DIR/questions-words.txt && -f $EVAL_DIR/wordsim353.tsv ]] || die "$EVAL_DIR lacks questions-words.txt / wordsim353.tsv"
mkdir -p "$WORKDIR"
CORPUS=$WORKDIR/corpus.txt
if [[ ! -s $CORPUS ]]; then
  case "$CORPUS_SRC" in
    *.xz) xz -dc "$CORPUS_SRC" > "$CORPUS" ;;
    *.gz) gzip -dc "$CORPUS_SRC" > "$CORPUS" ;;
    *) cp "$CORPUS_SRC" "$CORPUS" ;;
  esac
fi

# model -> wordvec train flags
flags_of() {
  case "$1" in
    skipgram) echo "--model skipgram" ;;
    cbow) echo "--model cbow" ;;
    fasttext) echo "--model fasttext --bucket 200000" ;;
    glove) echo "--model glove --x-max 10 --epochs ${EPOCHS:-15}" ;;
    *) die "unknown model $1" ;;
  esac
}

RESULTS=$WORKDIR/runs.tsv
: > "$RESULTS"
run_one() {  # model mode seed threads -> appends "model mode seed wall cpu analogy spearman"
  local model=$1 mode=$2 seed=$3 threads=$4 out=$WORKDIR/$1.$2.$3.t$4.txt extra=""
  [[ $mode == det ]] && extra="--deterministic"
  [[ -n $EPOCHS && $model != glove ]] && extra="$extra --epochs $EPOCHS"
  # shellcheck disable=SC2046
  /usr/bin/time -f "%e %U %S" -o "$WORKDIR/time" "$WORDVEC" train -i "$CORPUS" -o "$out" --format w2v-text \
    $(flags_of "$model") --threads "$threads" --seed "$seed" -q $extra
  read -r wall user sys < "$WORKDIR/time"
  local scores
  scores=$("$WORDVEC" eval "$out" --analogies "$EVAL_DIR/questions-words.txt" --similarity "$EVAL_DIR/wordsim353.tsv" --json |
    /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["analogies"][0]["total"]["accuracy_add"], d["similarity"][0]["spearman"])')
  echo "$model $mode $seed $wall $(echo "$user + $sys" | bc) $scores $threads" | tee -a "$RESULTS" >&2
}

for model in $MODELS; do
  for seed in $SEEDS; do
    run_one "$model" hogwild "$seed" "$THREADS"
    run_one "$model" det "$seed" "$THREADS"
  done
  for t in $CHECK_THREADS; do
    run_one "$model" det 1 "$t"
    if cmp -s "$WORKDIR/$model.det.1.t$THREADS.txt" "$WORKDIR/$model.det.1.t$t.txt"; then
      echo "$model: deterministic seed 1, $THREADS and $t threads: byte-identical" >&2
    else
      echo "$model: deterministic seed 1, $THREADS and $t threads: DIFFERENT" >&2; exit 1
    fi
  done
done

/usr/bin/python3 - "$RESULTS" "$THREADS" <<'EOF2'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
threads = sys.argv[2]
cpu = open('/proc/cpuinfo').read().split('model name')[1].split('\n')[0].strip(': \t')
print(f"CPU: {cpu}; {threads} threads; load: {open('/proc/loadavg').read().split()[0]} at the end")
print("| model | mode | wall s median (min-max) | CPU s median (min-max) | det/hogwild wall | det/hogwild CPU | analogy % per seed | WS-353 Spearman per seed |")
print("|---|---|---|---|---|---|---|---|")
for model in dict.fromkeys(r[0] for r in rows):
    med, cmed = {}, {}
    for mode in ("hogwild", "det"):
        rs = [r for r in rows if r[0] == model and r[1] == mode and r[7] == threads]
        if not rs: continue
        wall = [float(r[3]) for r in rs]; cpus = [float(r[4]) for r in rs]
        med[mode] = statistics.median(wall)
        cmed[mode] = statistics.median(cpus)
        both = mode == "det" and "hogwild" in med
        ratio = f"{med['det'] / med['hogwild']:.2f}x" if both else ""
        cratio = f"{cmed['det'] / cmed['hogwild']:.2f}x" if both else ""
        print(f"| {model} | {mode} | {statistics.median(wall):.1f} ({min(wall):.1f}-{max(wall):.1f}) | {statistics.median(cpus):.1f} ({min(cpus):.1f}-{max(cpus):.1f}) | {ratio} | {cratio} | "
              + " ".join(f"{100*float(r[5]):.2f}" for r in rs) + " | " + " ".join(f"{float(r[6]):.3f}" for r in rs) + " |")
EOF2
