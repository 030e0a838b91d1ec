#!/usr/bin/env bash
# Hierarchical-softmax benchmark: wordvec --loss hs --negative 0 against word2vec.c
# -hs 1 -negative 0 and gensim hs=1 negative=0, same settings, same corpus.
#
# Runs the tools in turn, round after round (alternating, so a change in machine load hits every
# tool alike), times each whole process, evaluates every output with bench/eval_vectors.py and
# prints one Markdown table of medians (min-max) with the speed ratios. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_hs.sh [options]

  --models LIST     skipgram,cbow (default skipgram)
  --runs N          rounds of alternating runs (default 3; the table shows medians)
  --threads N       training threads for every tool (default 2)
  --tools LIST      wordvec,w2vc,gensim (default all three)
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-hs)
  --peers-dir DIR   where word2vec.tar.gz is (default ../shared/peers)
  --corpus FILE     corpus (.xz or plain; default ../shared/corpora/enwiki-9m.txt.xz)
  --epochs N        default 5 (change only for smoke tests)
  -h, --help

Fixed settings: dim 100, window 5, hierarchical softmax, negative 0, sample 1e-4,
min-count 5, lr 0.025 (skip-gram) / 0.05 (CBOW).
EOF2
}

die() { echo "bench_hs.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"
PY=/usr/bin/python3
MODELS=skipgram RUNS=3 THREADS=2 TOOLS=wordvec,w2vc,gensim EPOCHS=5
WORDVEC=$REPO/build/wordvec
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-hs
PEERS_DIR=$REPO/../shared/peers
CORPUS_SRC=$REPO/../shared/corpora/enwiki-9m.txt.xz
ARGS=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
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
IFS=, read -r -a MODEL_LIST <<<"$MODELS"
for m in "${MODEL_LIST[@]}"; do [[ $m == skipgram || $m == cbow ]] || die "--models: skipgram and/or cbow, got '$m'"; done
IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
for t in "${TOOL_LIST[@]}"; do [[ $t == wordvec || $t == w2vc || $t == gensim ]] || die "--tools: wordvec, w2vc, gensim, got '$t'"; done
EVAL_DIR=$REPO/../shared/eval
[[ -f $EVAL_DIR/questions-words.txt ]] || die "$EVAL_DIR/questions-words.txt is missing (the shared evaluation sets)"
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"
"$PY" -c 'import gensim' 2>/dev/null || die "$PY cannot import gensim (Debian python3-gensim)"
[[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"
mkdir -p "$WORKDIR"/{logs,vectors}
WORKDIR=$(cd "$WORKDIR" && pwd)

# Corpus, decompressed once (not timed).
CORPUS=$WORKDIR/corpus.txt
if [[ ! -s $CORPUS || $CORPUS_SRC -nt $CORPUS ]]; then
  note "decompressing $CORPUS_SRC"
  case $CORPUS_SRC in *.xz) xz -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;; *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;; esac
  mv "$CORPUS.tmp" "$CORPUS"
fi
TOKENS=$(wc -w <"$CORPUS")

# shellcheck source=bench/bench_lib.sh
source "$REPO/bench/bench_lib.sh"
# word2vec.c built in the workdir from the shared snapshot, never committed.
W2VC=$WORKDIR/peers/word2vec/word2vec
if [[ ,$TOOLS, == *,w2vc,* && ( ! -x $W2VC || ! -f $W2VC.fixed.c ) ]]; then
  [[ -f $PEERS_DIR/word2vec.tar.gz ]] || die "$PEERS_DIR/word2vec.tar.gz is missing"
  mkdir -p "$WORKDIR/peers" && tar xzf "$PEERS_DIR/word2vec.tar.gz" -C "$WORKDIR/peers"
  bench_build_w2vc "$WORKDIR/peers/word2vec/word2vec.c" "$W2VC"  # with its end-of-file fix (bench_lib.sh)
fi
[[ ,$TOOLS, != *,wordvec,* || -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it or pass --wordvec)"

cmd_for() {
  local tool=$1 model=$2 out=$3 lr sg
  if [[ $model == skipgram ]]; then lr=0.025; sg=1; else lr=0.05; sg=0; fi
  case $tool in
    wordvec) echo "$WORDVEC train --model $model --loss hs --negative 0 --input $CORPUS --output $out --dim 100 --window 5 --sample 1e-4 --min-count 5 --epochs $EPOCHS --threads $THREADS --lr $lr --quiet" ;;
    w2vc) echo "$W2VC -train $CORPUS -output $out -cbow $((1 - sg)) -size 100 -window 5 -hs 1 -negative 0 -sample 1e-4 -min-count 5 -iter $EPOCHS -threads $THREADS -alpha $lr -binary 1" ;;
    gensim) echo "$PY $BENCH/gensim_word2vec.py --input $CORPUS --output $out --sg $sg --hs 1 --negative 0 --alpha $lr --min-alpha 0.0001 --dim 100 --window 5 --sample 1e-4 --min-count 5 --epochs $EPOCHS --workers $THREADS" ;;
  esac
}

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
RESULTS=$WORKDIR/results.tsv
printf 'tool\tmodel\trun\tseconds\tcpu\tload1\teval\tcpu_s\n' >"$RESULTS"
for model in "${MODEL_LIST[@]}"; do
  for ((run = 1; run <= RUNS; run++)); do
    for tool in "${TOOL_LIST[@]}"; do
      out=$WORKDIR/vectors/$tool-$model-$run.bin log=$WORKDIR/logs/$tool-$model-$run
      cmd=$(cmd_for "$tool" "$model" "$out")
      load1=$(cut -d' ' -f1 /proc/loadavg)
      note "run $run/$RUNS $tool $model (load $load1): $cmd"
      echo "$cmd" >"$log.cmd"
      t0=$EPOCHREALTIME
      # shellcheck disable=SC2086
      /usr/bin/time -v -o "$log.time" $cmd >"$log.out" 2>"$log.err" || die "$tool failed, see $log.err"
      t1=$EPOCHREALTIME
      secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
      # gensim: its own vocabulary + training time (no interpreter start, no saving), as bench_word2vec.sh.
      [[ $tool == gensim ]] && secs=$(bench_gensim_seconds "$log.out")
      cpu=$(sed -n 's/.*Percent of CPU this job got: *//p' "$log.time")
      # CPU seconds (user + system): on a machine shared with other jobs, the work done, which
      # the load does not stretch the way it stretches wall time.
      cpu_s=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$log.time")
      "$PY" "$BENCH/eval_vectors.py" "$out" --eval-dir "$EVAL_DIR" >"$log.eval.json" 2>"$log.eval.err" \
        || die "evaluation of $out failed, see $log.eval.err"
      rm -f "$out"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$model" "$run" "$secs" "$cpu" "$load1" "$log.eval.json" "$cpu_s" >>"$RESULTS"
      note "$tool $model: ${secs}s, CPU $cpu"
    done
  done
done

{
  echo "# hierarchical softmax benchmark"
  echo
  echo "- reproduce: \`bench/bench_hs.sh ${ARGS[*]}\`"
  echo "- machine: nproc $(nproc), CPU \"$cpu_model\"; $(date -u '+%Y-%m-%d %H:%M UTC'); wordvec $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- settings: dim 100, window 5, hs, negative 0, sample 1e-4, min-count 5, epochs $EPOCHS, threads $THREADS; corpus $(basename "$CORPUS_SRC") ($TOKENS tokens)"
  echo
  "$PY" - "$RESULTS" <<'EOF2'
import csv, json, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
names = {"wordvec": "wordvec --loss hs", "w2vc": "word2vec.c -hs 1", "gensim": "gensim hs=1"}
def med(xs): return statistics.median(xs)
print("| tool | model | runs | seconds median (min-max) | wordvec speed-up | CPU s median | speed-up in CPU s | questions-words % | WS353 ρ | SimLex ρ | CPU | load before |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for model in dict.fromkeys(r["model"] for r in rows):
    by = {}
    for r in rows:
        if r["model"] == model: by.setdefault(r["tool"], []).append(r)
    wv = med([float(r["seconds"]) for r in by["wordvec"]]) if "wordvec" in by else None
    wv_cpu = med([float(r["cpu_s"]) for r in by["wordvec"]]) if "wordvec" in by else None
    for tool, rs in by.items():
        secs = [float(r["seconds"]) for r in rs]
        ev = [json.load(open(r["eval"])) for r in rs]
        qw = med([e["analogy"]["accuracy"] * 100 for e in ev])
        ws = med([e["wordsim353"]["spearman"] for e in ev])
        sl = med([e["simlex999"]["spearman"] for e in ev])
        ratio = "-" if wv is None or tool == "wordvec" else f"{med(secs) / wv:.2f}×"
        cpu_s = med([float(r["cpu_s"]) for r in rs])
        cpu_ratio = "-" if wv_cpu is None or tool == "wordvec" else f"{cpu_s / wv_cpu:.2f}×"
        print(f"| {names[tool]} | {model} | {len(rs)} | {med(secs):.1f} ({min(secs):.1f}-{max(secs):.1f}) | {ratio} | {cpu_s:.0f} | {cpu_ratio} "
              f"| {qw:.2f} | {ws:.3f} | {sl:.3f} | {', '.join(r['cpu'] for r in rs)} | {', '.join(r['load1'] for r in rs)} |")
print()
print("seconds: the whole process (reading, vocabulary, training, writing); gensim: build_vocab + train only. "
      "CPU s: user + system seconds of the whole process (gensim's includes starting Python and saving). "
      "Quality: medians over the runs; questions-words on the 30,000 most frequent words, case-insensitive "
      "(bench/eval_vectors.py, gensim's evaluators).")
EOF2
} | tee "$WORKDIR/results.md"
