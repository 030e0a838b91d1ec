#!/usr/bin/env bash
# GloVe benchmark: the whole wordvec pipeline (vocabulary, co-occurrence counting, shuffle,
# training, writing vectors) against Stanford GloVe's vocab_count / cooccur / shuffle / glove.
#
# Same settings for both, one run at a time, RUNS rounds alternating (wordvec, Stanford, wordvec,
# ...), each process under /usr/bin/time -v; the last round's outputs evaluated by
# bench/eval_vectors.py; medians with min-max. Stanford GloVe runs when GLOVE_DIR names its build
# (the directory holding build/vocab_count etc., or those binaries directly) or --glove-src names
# its source (built in the workdir; default ../shared/peers/GloVe.tar.gz when present); otherwise
# the ratios are against the reference measured on this machine class. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_glove.sh [options]

  --threads N      threads for both tools (default 2)                 env BENCH_THREADS
  --wordvec PATH   wordvec binary (default build/wordvec)             env WORDVEC
  --memory GB      wordvec --memory (default: none given, wordvec's own default)
                                                                      env BENCH_GLOVE_MEMORY
  --runs N         rounds of alternating runs (default 3; medians with min-max)
  --glove-src P    Stanford GloVe source (directory or tarball) to build in the workdir;
                   default ../shared/peers/GloVe.tar.gz when present and GLOVE_DIR is unset
  --workdir DIR    scratch: corpus, counts, vectors, logs, results.md
                   (default ${TMPDIR:-/tmp}/wordvec-bench-glove)      env BENCH_WORKDIR
  --corpus FILE    corpus (.xz, .gz or plain); default ../shared/corpora/enwiki-9m.txt.xz
  --epochs N       default 15; change only for smoke tests
  -h, --help

  GLOVE_DIR=DIR    also run Stanford GloVe from DIR (DIR/build/{vocab_count,cooccur,shuffle,glove}
                   or DIR/{...}) in the same run and compare against it

Fixed settings: window 10 (symmetric, 1/distance), x-max 10, power 0.75, dim 100, min-count 5,
lr 0.05, output W + C.
EOF2
}

die() { echo "bench_glove.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench_lib.sh
source "$REPO/bench/bench_lib.sh"
PY=/usr/bin/python3
RUNS=3
GLOVE_SRC=""
ORIG_ARGS=("$@")
THREADS=${BENCH_THREADS:-2}
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
MEMORY=${BENCH_GLOVE_MEMORY:-}
WORKDIR=${BENCH_WORKDIR:-${TMPDIR:-/tmp}/wordvec-bench-glove}
CORPUS_SRC=""
EPOCHS=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --wordvec) WORDVEC=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --glove-src) GLOVE_SRC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
bench_runs_ok "$RUNS"
[[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it, or pass --wordvec)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time'): needed for peak RSS"
"$PY" -c 'import gensim, scipy' 2>/dev/null || die "$PY cannot import gensim (Debian python3-gensim)"
SHARED="$REPO/../shared"
[[ -d $SHARED ]] || die "$SHARED is absent: the benchmark needs shared/corpora and shared/eval next to the repository"
SHARED=$(cd "$SHARED" && pwd)
EVAL_DIR="$SHARED/eval"
CORPUS_SRC=${CORPUS_SRC:-$SHARED/corpora/enwiki-9m.txt.xz}
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
EVAL_PY="$REPO/bench/eval_vectors.py"
[[ -f $EVAL_PY ]] || die "$EVAL_PY is missing"

GLOVE_BIN=""
if [[ -n ${GLOVE_DIR:-} ]]; then
  for d in "$GLOVE_DIR/build" "$GLOVE_DIR"; do
    if [[ -x $d/vocab_count && -x $d/cooccur && -x $d/shuffle && -x $d/glove ]]; then GLOVE_BIN=$d; break; fi
  done
  [[ -n $GLOVE_BIN ]] || die "GLOVE_DIR=$GLOVE_DIR has no vocab_count, cooccur, shuffle and glove (in build/ or itself)"
fi

mkdir -p "$WORKDIR"/logs
WORKDIR=$(cd "$WORKDIR" && pwd)

# Stanford GloVe from source, built in the workdir (never committed).
[[ -n $GLOVE_BIN || -n $GLOVE_SRC || ! -f $SHARED/peers/GloVe.tar.gz ]] || GLOVE_SRC=$SHARED/peers/GloVe.tar.gz
if [[ -z $GLOVE_BIN && -n $GLOVE_SRC ]]; then
  gdir="$WORKDIR/stanford-build"
  if [[ ! -x $gdir/build/glove ]]; then
    note "building Stanford GloVe from $GLOVE_SRC"
    rm -rf "$gdir"; mkdir -p "$gdir"
    if [[ -d $GLOVE_SRC ]]; then cp -r "$GLOVE_SRC"/. "$gdir"/
    else tar xzf "$GLOVE_SRC" -C "$gdir" || die "cannot unpack $GLOVE_SRC"; fi
    mk=$(find "$gdir" -maxdepth 2 -name Makefile | head -1)
    [[ -n $mk ]] || die "$GLOVE_SRC holds no Makefile"
    make -C "$(dirname "$mk")" >"$WORKDIR/logs/stanford-make.log" 2>&1 || die "make failed, see $WORKDIR/logs/stanford-make.log"
    [[ -x $gdir/build/glove ]] || ln -sfn "$(dirname "$mk")/build" "$gdir/build"
  fi
  GLOVE_BIN="$gdir/build"
fi
[[ $WORKDIR != *" "* ]] || die "a workdir with spaces is not supported"

# Decompressed once, not timed (as in bench_word2vec.sh).
CORPUS="$WORKDIR/corpus.txt"
stamp="$CORPUS_SRC $(stat -c '%s %Y' "$CORPUS_SRC")"
if [[ ! -f $CORPUS || ! -f $CORPUS.stamp || $(cat "$CORPUS.stamp") != "$stamp" ]]; then
  note "decompressing $CORPUS_SRC -> $CORPUS (not timed)"
  case "$CORPUS_SRC" in
    *.xz) xz -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *.gz) gzip -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;;
  esac
  mv "$CORPUS.tmp" "$CORPUS"
  echo "$stamp" >"$CORPUS.stamp"
fi

repro="cd $(printf %q "$REPO") && ${GLOVE_DIR:+GLOVE_DIR=$(printf %q "$GLOVE_DIR") }bench/bench_glove.sh"
for a in "${ORIG_ARGS[@]}"; do repro+=" $(printf %q "$a")"; done
wv_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
git -C "$REPO" diff --quiet HEAD -- src tools 2>/dev/null || wv_rev+=", tree modified"
HEADER="# GloVe benchmark

- reproduce: \`$repro\`
- machine: $(bench_machine)
- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- wordvec: repo at $wv_rev; corpus: $CORPUS_SRC
- settings: window 10, x-max 10, power 0.75, dim 100, min-count 5, epochs $EPOCHS, threads $THREADS, lr 0.05, W + C; wordvec --memory ${MEMORY:-(its default)}; $RUNS rounds of alternating runs"
echo "$HEADER"; echo

# timed NAME CMD...: one step under /usr/bin/time -v (bench_timed); appends
# "name wall rss_mb cpu_s load1" to $STEPS. A failed step dies.
timed() {
  local name=$1; shift
  note "$name: $*"
  bench_timed "$WORKDIR/logs/$name" "$@"
  [[ $BT_RC == 0 ]] || die "$name failed (exit $BT_RC), see $WORKDIR/logs/$name.err"
  echo "$name $BT_WALL $BT_RSS_MB $BT_CPU_S $BT_LOAD1" >>"$STEPS"
}

evaluate() {  # vectors -> json
  "$PY" "$EVAL_PY" "$1" --eval-dir "$EVAL_DIR" >"$2" 2>"$2.err" || die "evaluation of $1 failed: $(tail -2 "$2.err")"
}

# One row of the runs file from $STEPS: wall and CPU seconds summed over the steps, peak RSS the
# largest step's, CPU share = CPU s / wall s, load before the first step.
RESULTS="$WORKDIR/results.tsv"
printf 'tool\trun\tstatus\ttimed_s\tcpu_s\tcpu_pct\trss_mb\tload1\trecords\n' >"$RESULTS"
record_run() {  # tool run records
  awk -v tool="$1" -v run="$2" -v rec="$3" '
    NR == 1 {load = $5} {wall += $2; cpu += $4; if ($3 > rss) rss = $3}
    END {printf "%s\t%s\tok\t%.2f\t%.2f\t%.0f%%\t%d\t%s\t%s\n", tool, run, wall, cpu, 100 * cpu / wall, rss, load, rec}' \
    "$STEPS" >>"$RESULTS"
}

WV_VEC="$WORKDIR/wordvec.bin"
S="$WORKDIR/stanford"
for ((run = 1; run <= RUNS; run++)); do
  # ------------------------------------------------------------ wordvec
  STEPS="$WORKDIR/logs/wordvec-$run.steps"; : >"$STEPS"
  rm -f "$WV_VEC"
  # shellcheck disable=SC2046
  timed "wordvec-$run" "$WORDVEC" train --model glove --input "$CORPUS" --output "$WV_VEC" --window 10 --x-max 10 \
    --power 0.75 --dim 100 --min-count 5 --epochs "$EPOCHS" --threads "$THREADS" --lr 0.05 \
    $([[ -n $MEMORY ]] && echo --memory "$MEMORY") --temp-dir "$WORKDIR"
  wv_records=$(sed -n 's/^co-occurrence: \([0-9]*\) records.*/\1/p' "$WORKDIR/logs/wordvec-$run.err")
  wv_count_s=$(sed -n 's/^co-occurrence: .* in \([0-9.]*\)s;.*/\1/p' "$WORKDIR/logs/wordvec-$run.err")
  record_run wordvec "$run" "$wv_records"
  note "wordvec run $run: $(tail -1 "$RESULTS" | cut -f4-8 | tr '\t' ' ')"

  # ------------------------------------------------------------ Stanford GloVe
  if [[ -n $GLOVE_BIN ]]; then
    STEPS="$WORKDIR/logs/stanford-$run.steps"; : >"$STEPS"
    timed "vocab_count-$run" sh -c "'$GLOVE_BIN/vocab_count' -min-count 5 -verbose 0 <'$CORPUS' >'$S.vocab.txt'"
    timed "cooccur-$run" sh -c "'$GLOVE_BIN/cooccur' -memory 4.0 -vocab-file '$S.vocab.txt' -verbose 0 -window-size 10 <'$CORPUS' >'$S.cooccur.bin'"
    timed "shuffle-$run" sh -c "'$GLOVE_BIN/shuffle' -memory 4.0 -verbose 0 <'$S.cooccur.bin' >'$S.shuf.bin'"
    timed "glove-$run" "$GLOVE_BIN/glove" -save-file "$S.vectors" -threads "$THREADS" -input-file "$S.shuf.bin" -x-max 10 \
      -iter "$EPOCHS" -vector-size 100 -binary 0 -vocab-file "$S.vocab.txt" -verbose 0 -model 2 -alpha 0.75 -eta 0.05
    st_records=$(( $(stat -c %s "$S.cooccur.bin") / 16 ))
    rm -f "$S.cooccur.bin" "$S.shuf.bin"
    record_run stanford "$run" "$st_records"
    note "Stanford run $run: $(tail -1 "$RESULTS" | cut -f4-8 | tr '\t' ' ')"
  fi
done
note "evaluating the last round's vectors"
evaluate "$WV_VEC" "$WORKDIR/wordvec.eval.json"
if [[ -n $GLOVE_BIN ]]; then
  # word2vec text header for the evaluator (not timed).
  { echo "$(wc -l <"$S.vectors.txt") 100"; cat "$S.vectors.txt"; } >"$S.w2v.txt"
  evaluate "$S.w2v.txt" "$WORKDIR/stanford.eval.json"
  PEER="Stanford GloVe (this run)"
else
  # The reference: Stanford GloVe measured on this machine class with the same settings (one run).
  printf 'stanford\t1\tok\t531\t-\t-\t1500\t-\t29100000\n' >>"$RESULTS"
  printf '{"analogy": {"accuracy": 0.291}, "wordsim353": {"spearman": 0.361}, "simlex999": {"spearman": null}}\n' \
    >"$WORKDIR/stanford.eval.json"
  PEER="Stanford GloVe (reference, not run: set GLOVE_DIR or --glove-src)"
fi

table=$(PEER=$PEER BENCH="$REPO/bench" "$PY" - "$WORKDIR" "$RESULTS" "$wv_count_s" <<'EOF2'
import json, os, sys
sys.path.insert(0, os.environ["BENCH"])
from run_stats import group, median, ratio, read_runs, shares, spread
work, results, wv_count = sys.argv[1:]
by = group(read_runs(results), "tool")
wv_rows, st_rows = by[("wordvec",)], by[("stanford",)]
wv = json.load(open(f"{work}/wordvec.eval.json")); st = json.load(open(f"{work}/stanford.eval.json"))
def acc(e): return e["analogy"]["accuracy"]
def ws(e): return e["wordsim353"]["spearman"]
def sl(e): return e["simlex999"]["spearman"]
def f(x, fmt): return "-" if x is None else fmt.format(x)
print("| tool | runs | wall s median (min–max) | CPU s median (min–max) | peak RSS MB median (min–max) | records "
      "| questions-words % | WS353 ρ | SimLex ρ | CPU share @ load, per run |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for name, rs, e in (("wordvec", wv_rows, wv), (os.environ["PEER"], st_rows, st)):
    cpu = spread(rs, "cpu_s") if rs[0]["cpu_s"] != "-" else "-"
    print(f"| {name} | {len(rs)} | {spread(rs, 'timed_s')} | {cpu} | {spread(rs, 'rss_mb', 0)} "
          f"| {int(rs[-1]['records']) / 1e6:.2f}M | {f(acc(e), '{:.1%}').rstrip('%')} "
          f"| {f(ws(e), '{:.3f}')} | {f(sl(e), '{:.3f}')} | {shares(rs)} |")
print()
speed = median(st_rows, "timed_s") / median(wv_rows, "timed_s")
mem = median(wv_rows, "rss_mb") / median(st_rows, "rss_mb")
print(f"- speed: {speed:.2f}× Stanford's median wall time (target ≥ 8×: {'met' if speed >= 8 else 'NOT met'})")
if st_rows[0]["cpu_s"] != "-":
    print(f"- in CPU seconds: {ratio(st_rows, wv_rows, 'cpu_s')} (the cost measure that load stretches least)")
print(f"- memory: {mem:.2f} of Stanford's peak RSS (target ≤ 0.33: {'met' if mem <= 1/3 else 'NOT met'})")
print(f"- questions-words: {acc(wv):.1%} vs {acc(st):.1%} (target ≥ 29%: {'met' if acc(wv) >= 0.29 else 'NOT met'}); "
      f"WS353 {ws(wv):.3f} vs {f(ws(st), '{:.3f}')}")
print(f"- wordvec counting (vocabulary + co-occurrences) took {wv_count} s of the last run; "
      f"records {int(wv_rows[-1]['records']) / int(st_rows[-1]['records']):.3f}× Stanford's")
print("- wall s: the whole process(es), corpus already decompressed; Stanford = vocab_count + cooccur + shuffle + glove "
      "(summed; peak RSS = the largest of the four). Medians over the rounds, tools alternating. CPU share: CPU s / wall s "
      "(200% = both cores all the time), with the load average before the run. Evaluation (last round's vectors): "
      "bench/eval_vectors.py (questions-words restricted to the 30,000 most frequent words, case-insensitive).")
EOF2
)
{ echo "$HEADER"; echo; echo "$table"; } >"$WORKDIR/results.md"
echo "$table"
echo
echo "results: $WORKDIR/results.md (logs: $WORKDIR/logs/)"
