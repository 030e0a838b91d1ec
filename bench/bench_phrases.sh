#!/usr/bin/env bash
# Phrases benchmark, two stages:
#   speed:   wordvec phrases vs gensim Phrases + FrozenPhrases (npmi, English connector words,
#            the same settings: identical algorithm, so the outputs are compared line by line too)
#            and vs word2vec.c's word2phrase (word2vec scoring); alternating runs, medians.
#   quality: wordvec phrases (2 passes) + wordvec train skip-gram against word2phrase (2 passes) +
#            word2vec.c skip-gram at the same settings, scored on questions-phrases.txt.
# See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_phrases.sh [options]

  --stages LIST     speed,quality (default both)
  --runs N          alternating rounds in the speed stage (default 3)
  --threads N       threads for every tool (default 2)
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-phrases)
  --peers-dir DIR   where word2vec.tar.gz is (default ../shared/peers)
  --corpus FILE     corpus (.xz or plain; default ../shared/corpora/enwiki-9m.txt.xz)
  --epochs N        training epochs in the quality stage (default 5)
  -h, --help
EOF2
}
die() { echo "bench_phrases.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
PY=/usr/bin/python3
STAGES=speed,quality RUNS=3 THREADS=2 EPOCHS=5
WORDVEC=$REPO/build/wordvec
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-phrases
PEERS_DIR=$REPO/../shared/peers
CORPUS_SRC=$REPO/../shared/corpora/enwiki-9m.txt.xz
ARGS=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stages) STAGES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --peers-dir) PEERS_DIR=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs: expected a positive integer, got '$RUNS'"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
IFS=, read -r -a STAGE_LIST <<<"$STAGES"
for s in "${STAGE_LIST[@]}"; do [[ $s == speed || $s == quality ]] || die "--stages: speed and/or quality, got '$s'"; done
has_stage() { [[ ,$STAGES, == *,$1,* ]]; }
EVAL_DIR=$REPO/../shared/eval
[[ -f $EVAL_DIR/questions-phrases.txt ]] || die "$EVAL_DIR/questions-phrases.txt is missing"
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
[[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it or pass --wordvec)"
[[ -f $PEERS_DIR/word2vec.tar.gz ]] || die "$PEERS_DIR/word2vec.tar.gz is missing"
"$PY" -c 'import gensim' 2>/dev/null || die "$PY cannot import gensim (Debian python3-gensim)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"
mkdir -p "$WORKDIR"/logs
WORKDIR=$(cd "$WORKDIR" && pwd)
[[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"

CORPUS=$WORKDIR/corpus.txt
if [[ ! -s $CORPUS || $CORPUS_SRC -nt $CORPUS ]]; then
  note "decompressing $CORPUS_SRC"
  case $CORPUS_SRC in *.xz) xz -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;; *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;; esac
  mv "$CORPUS.tmp" "$CORPUS"
fi
TOKENS=$(wc -w <"$CORPUS")
# shellcheck source=bench/bench_lib.sh
source "$REPO/bench/bench_lib.sh"
PEERS=$WORKDIR/peers/word2vec
if [[ ! -x $PEERS/word2vec || ! -f $PEERS/word2vec.fixed.c || ! -x $PEERS/word2phrase ]]; then
  mkdir -p "$WORKDIR/peers" && tar xzf "$PEERS_DIR/word2vec.tar.gz" -C "$WORKDIR/peers"
  gcc -O3 -march=native -funroll-loops -pthread -Wno-unused-result -o "$PEERS/word2phrase" "$PEERS/word2phrase.c" -lm
  bench_build_w2vc "$PEERS/word2vec.c" "$PEERS/word2vec"  # with its end-of-file fix (bench_lib.sh)
fi

# timed NAME COMMAND...: runs it under /usr/bin/time, prints the wall seconds.
timed() {
  local name=$1; shift
  local log=$WORKDIR/logs/$name t0 t1
  echo "$*" >"$log.cmd"
  note "$name (load $(cut -d' ' -f1 /proc/loadavg)): $*"
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err" || die "$name failed, see $log.err"
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}'
}
cpu_of() { sed -n 's/.*Percent of CPU this job got: *//p' "$WORKDIR/logs/$1.time"; }
load_now() { cut -d' ' -f1 /proc/loadavg; }

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "# phrases benchmark"
echo
echo "- reproduce: \`bench/bench_phrases.sh ${ARGS[*]}\`"
echo "- machine: nproc $(nproc), CPU \"$cpu_model\"; $(date -u '+%Y-%m-%d %H:%M UTC'); wordvec $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'); gensim $("$PY" -c 'import gensim; print(gensim.__version__)')"
echo "- corpus: $(basename "$CORPUS_SRC") ($TOKENS tokens); threads $THREADS"
echo

if has_stage speed; then
  declare -A T=() C=() L=()
  for ((run = 1; run <= RUNS; run++)); do
    L[wv_npmi]+="$(load_now) "
    T[wv_npmi]+="$(timed wv-npmi-$run "$WORDVEC" phrases --input "$CORPUS" --output "$WORKDIR/wv-npmi.txt" --scoring npmi --threshold 0.5 --min-count 5 --connector-words english --threads "$THREADS" --quiet) "
    C[wv_npmi]+="$(cpu_of wv-npmi-$run) "
    L[gensim]+="$(load_now) "
    T[gensim]+="$(timed gensim-$run "$PY" "$BENCH/gensim_phrases.py" --input "$CORPUS" --output "$WORKDIR/gensim.txt" --scoring npmi --threshold 0.5 --min-count 5 --connector-words english) "
    C[gensim]+="$(cpu_of gensim-$run) "
    L[wv_w2v]+="$(load_now) "
    T[wv_w2v]+="$(timed wv-w2v-$run "$WORDVEC" phrases --input "$CORPUS" --output "$WORKDIR/wv-w2v.txt" --threshold 100 --min-count 5 --threads "$THREADS" --quiet) "
    C[wv_w2v]+="$(cpu_of wv-w2v-$run) "
    L[w2p]+="$(load_now) "
    T[w2p]+="$(timed w2p-$run "$PEERS/word2phrase" -train "$CORPUS" -output "$WORKDIR/w2p.txt" -threshold 100 -min-count 5 -debug 0) "
    C[w2p]+="$(cpu_of w2p-$run) "
  done
  # Agreement: share of lines written identically (word2phrase puts a space before every word).
  agree() { "$PY" - "$1" "$2" <<'EOF2'
import sys
same = total = 0
with open(sys.argv[1], encoding="utf8", errors="replace") as a, open(sys.argv[2], encoding="utf8", errors="replace") as b:
    la = [l.split() for l in a if l.split()]
    lb = [l.split() for l in b if l.split()]
for x, y in zip(la, lb):
    total += 1
    same += x == y
print(f"{100 * same / max(1, total):.2f}% of {total} lines" + ("" if len(la) == len(lb) else f" (line counts differ: {len(la)} vs {len(lb)})"))
EOF2
  }
  AG_GENSIM=$(agree "$WORKDIR/wv-npmi.txt" "$WORKDIR/gensim.txt")
  AG_W2P=$(agree "$WORKDIR/wv-w2v.txt" "$WORKDIR/w2p.txt")
  joined() { tr ' ' '\n' <"$1" | grep -c '_' || true; }
  "$PY" - <<EOF2
import statistics
rows = [("wordvec phrases --scoring npmi --threshold 0.5 --connector-words english", "${T[wv_npmi]}", "${C[wv_npmi]}", "${L[wv_npmi]}", None),
        ("gensim Phrases(scoring='npmi', threshold=0.5, connector_words=ENGLISH) + FrozenPhrases", "${T[gensim]}", "${C[gensim]}", "${L[gensim]}", "wv_npmi"),
        ("wordvec phrases --threshold 100 (word2vec scoring)", "${T[wv_w2v]}", "${C[wv_w2v]}", "${L[wv_w2v]}", None),
        ("word2phrase -threshold 100", "${T[w2p]}", "${C[w2p]}", "${L[w2p]}", "wv_w2v")]
med = {}
print("## speed (one pass, min-count 5)")
print()
print("| tool | runs | seconds median (min-max) | wordvec speed-up | CPU | load before |")
print("|---|--:|--:|--:|--:|--:|")
keys = ["wv_npmi", "gensim", "wv_w2v", "w2p"]
for key, (name, t, c, l, vs) in zip(keys, rows):
    xs = [float(x) for x in t.split()]
    med[key] = statistics.median(xs)
    ratio = f"{med[key] / med[vs]:.2f}×" if vs else "-"
    print(f"| {name} | {len(xs)} | {med[key]:.1f} ({min(xs):.1f}-{max(xs):.1f}) | {ratio} | {', '.join(c.split())} | {', '.join(l.split())} |")
print()
print("seconds: the whole process (gensim: the whole script, learning + freezing + applying + writing).")
print("Same output lines: wordvec vs gensim $AG_GENSIM; wordvec vs word2phrase $AG_W2P.")
print("Phrase tokens written: wordvec npmi $(joined "$WORKDIR/wv-npmi.txt"), gensim $(joined "$WORKDIR/gensim.txt"), "
      "wordvec word2vec-scoring $(joined "$WORKDIR/wv-w2v.txt"), word2phrase $(joined "$WORKDIR/w2p.txt").")
print()
EOF2
fi

if has_stage quality; then
  TRAIN="--dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs $EPOCHS --threads $THREADS --lr 0.025"
  L1=$(load_now)
  s1=$(timed q-wv-phrases "$WORDVEC" phrases --input "$CORPUS" --output "$WORKDIR/q-wv.txt" --passes 2 --threshold 200,100 --min-count 5 --threads "$THREADS" --quiet)
  # shellcheck disable=SC2086
  s2=$(timed q-wv-train "$WORDVEC" train --model skipgram --input "$WORKDIR/q-wv.txt" --output "$WORKDIR/q-wv.bin" $TRAIN --quiet)
  L2=$(load_now)
  s3=$(timed q-w2p-1 "$PEERS/word2phrase" -train "$CORPUS" -output "$WORKDIR/q-w2p0.txt" -threshold 200 -min-count 5 -debug 0)
  s4=$(timed q-w2p-2 "$PEERS/word2phrase" -train "$WORKDIR/q-w2p0.txt" -output "$WORKDIR/q-w2p.txt" -threshold 100 -min-count 5 -debug 0)
  s5=$(timed q-w2v-train "$PEERS/word2vec" -train "$WORKDIR/q-w2p.txt" -output "$WORKDIR/q-w2v.bin" -cbow 0 -size 100 -window 5 -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter "$EPOCHS" -threads "$THREADS" -alpha 0.025 -binary 1)
  for v in wv w2v; do
    "$PY" "$BENCH/eval_vectors.py" "$WORKDIR/q-$v.bin" --eval-dir "$EVAL_DIR" --questions "$EVAL_DIR/questions-phrases.txt" \
      --restrict-vocab 1000000 >"$WORKDIR/logs/q-$v.eval.json" 2>"$WORKDIR/logs/q-$v.eval.err" || die "evaluation failed, see $WORKDIR/logs/q-$v.eval.err"
  done
  "$PY" - "$WORKDIR" "$s1" "$s2" "$s3" "$s4" "$s5" "$L1" "$L2" <<'EOF2'
import json, sys
w, s1, s2, s3, s4, s5, l1, l2 = sys.argv[1], *map(float, sys.argv[2:7]), sys.argv[7], sys.argv[8]
e = {v: json.load(open(f"{w}/logs/q-{v}.eval.json")) for v in ("wv", "w2v")}
print("## quality: phrases (2 passes, thresholds 200 then 100, min-count 5) + skip-gram (dim 100, window 5, negative 5, sample 1e-4, epochs as above)")
print()
print("| pipeline | phrases s | train s | vocab | questions-phrases % (correct / evaluated of all) | load before |")
print("|---|--:|--:|--:|--:|--:|")
for v, name, ps, ts, l in (("wv", "wordvec phrases --passes 2 + wordvec train", s1, s2, l1),
                           ("w2v", "word2phrase ×2 + word2vec.c", s3 + s4, s5, l2)):
    a = e[v]["analogy"]
    print(f"| {name} | {ps:.1f} | {ts:.1f} | {e[v]['vocab']} | {100 * a['accuracy']:.2f} ({a['correct']} / {a['evaluated']} of {a['questions']}) | {l} |")
print()
print("questions-phrases: gensim evaluate_word_analogies over the whole vocabulary, case-insensitive; "
      "questions with a phrase missing from a model's vocabulary are skipped, so compare the evaluated counts too.")
EOF2
fi
