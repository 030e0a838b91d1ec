#!/usr/bin/env bash
# GloVe benchmark: the whole wordvec pipeline (vocabulary, co-occurrence counting, shuffle,
# training, writing vectors) against Stanford GloVe's vocab_count / cooccur / shuffle / glove.
#
# Same settings for both, one run at a time, each process under /usr/bin/time -v; every output
# evaluated by bench/eval_vectors.py. Stanford GloVe runs when GLOVE_DIR names its build (the
# directory holding build/vocab_count etc., or those binaries directly); otherwise the ratios are
# against the reference measured on this machine class. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_glove.sh [options]

  --threads N      threads for both tools (default 2)                 env BENCH_THREADS
  --wordvec PATH   wordvec binary (default build/wordvec)             env WORDVEC
  --memory GB      wordvec --memory (default 0.4)                     env BENCH_GLOVE_MEMORY
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
PY=/usr/bin/python3
ORIG_ARGS=("$@")
THREADS=${BENCH_THREADS:-2}
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
MEMORY=${BENCH_GLOVE_MEMORY:-0.4}
WORKDIR=${BENCH_WORKDIR:-${TMPDIR:-/tmp}/wordvec-bench-glove}
CORPUS_SRC=""
EPOCHS=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --wordvec) WORDVEC=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
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

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
repro="cd $(printf %q "$REPO") && ${GLOVE_DIR:+GLOVE_DIR=$(printf %q "$GLOVE_DIR") }bench/bench_glove.sh"
for a in "${ORIG_ARGS[@]}"; do repro+=" $(printf %q "$a")"; done
wv_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
git -C "$REPO" diff --quiet HEAD -- src tools 2>/dev/null || wv_rev+=", tree modified"
HEADER="# GloVe benchmark

- reproduce: \`$repro\`
- machine: nproc $(nproc), CPU \"$cpu_model\", $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo) GiB RAM
- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- wordvec: repo at $wv_rev; corpus: $CORPUS_SRC
- settings: window 10, x-max 10, power 0.75, dim 100, min-count 5, epochs $EPOCHS, threads $THREADS, lr 0.05, W + C; wordvec --memory $MEMORY"
echo "$HEADER"; echo

# Runs a command under /usr/bin/time -v; appends "name seconds rss_kb cpu_seconds" to $STEPS.
timed() {
  local name=$1; shift
  note "$name: $*"
  local t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$WORKDIR/logs/$name.time" "$@" || die "$name failed (exit $?), see $WORKDIR/logs/"
  local t1=$EPOCHREALTIME
  local rss cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORKDIR/logs/$name.time")
  cpu=$(awk -F': ' '/(User|System) time/ {s += $2} END {printf "%.2f", s}' "$WORKDIR/logs/$name.time")
  echo "$name $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') $rss $cpu" >>"$STEPS"
}

evaluate() {  # vectors -> json
  "$PY" "$EVAL_PY" "$1" --eval-dir "$EVAL_DIR" >"$2" 2>"$2.err" || die "evaluation of $1 failed: $(tail -2 "$2.err")"
}

# ---------------------------------------------------------------- wordvec
STEPS="$WORKDIR/logs/wordvec.steps"; : >"$STEPS"
WV_VEC="$WORKDIR/wordvec.bin"
rm -f "$WV_VEC"
timed wordvec "$WORDVEC" train --model glove --input "$CORPUS" --output "$WV_VEC" --window 10 --x-max 10 \
  --power 0.75 --dim 100 --min-count 5 --epochs "$EPOCHS" --threads "$THREADS" --lr 0.05 --memory "$MEMORY" \
  --temp-dir "$WORKDIR" 2>"$WORKDIR/logs/wordvec.err"
wv_records=$(sed -n 's/^co-occurrence: \([0-9]*\) records.*/\1/p' "$WORKDIR/logs/wordvec.err")
wv_count_s=$(sed -n 's/^co-occurrence: .* in \([0-9.]*\)s;.*/\1/p' "$WORKDIR/logs/wordvec.err")
read -r _ wv_s wv_rss wv_cpu <"$STEPS"
note "wordvec: ${wv_s}s, $((wv_rss / 1024)) MB peak, $wv_records records; evaluating"
evaluate "$WV_VEC" "$WORKDIR/wordvec.eval.json"

# ---------------------------------------------------------------- Stanford GloVe
if [[ -n $GLOVE_BIN ]]; then
  STEPS="$WORKDIR/logs/stanford.steps"; : >"$STEPS"
  S="$WORKDIR/stanford"
  timed vocab_count sh -c "'$GLOVE_BIN/vocab_count' -min-count 5 -verbose 0 <'$CORPUS' >'$S.vocab.txt'"
  timed cooccur sh -c "'$GLOVE_BIN/cooccur' -memory 4.0 -vocab-file '$S.vocab.txt' -verbose 0 -window-size 10 <'$CORPUS' >'$S.cooccur.bin'"
  timed shuffle sh -c "'$GLOVE_BIN/shuffle' -memory 4.0 -verbose 0 <'$S.cooccur.bin' >'$S.shuf.bin'"
  timed glove "$GLOVE_BIN/glove" -save-file "$S.vectors" -threads "$THREADS" -input-file "$S.shuf.bin" -x-max 10 \
    -iter "$EPOCHS" -vector-size 100 -binary 0 -vocab-file "$S.vocab.txt" -verbose 0 -model 2 -alpha 0.75 -eta 0.05
  st_records=$(( $(stat -c %s "$S.cooccur.bin") / 16 ))
  st_s=$(awk '{s += $2} END {printf "%.2f", s}' "$STEPS")
  st_rss=$(awk '$3 > m {m = $3} END {print m}' "$STEPS")
  st_cpu=$(awk '{s += $4} END {printf "%.2f", s}' "$STEPS")
  # word2vec text header for the evaluator (not timed).
  { echo "$(wc -l <"$S.vectors.txt") 100"; cat "$S.vectors.txt"; } >"$S.w2v.txt"
  rm -f "$S.cooccur.bin" "$S.shuf.bin"
  evaluate "$S.w2v.txt" "$WORKDIR/stanford.eval.json"
  PEER="Stanford GloVe (this run)"
else
  # The reference: Stanford GloVe measured on this machine class with the same settings.
  st_s=531; st_rss=$((1500 * 1024)); st_records=29100000; st_cpu=-
  printf '{"analogy": {"accuracy": 0.291}, "wordsim353": {"spearman": 0.361}, "simlex999": {"spearman": null}}\n' \
    >"$WORKDIR/stanford.eval.json"
  PEER="Stanford GloVe (reference, not run: set GLOVE_DIR)"
fi

table=$(PEER=$PEER "$PY" - "$WORKDIR" "$wv_s" "$wv_rss" "$wv_records" "$wv_count_s" "$st_s" "$st_rss" "$st_records" "$wv_cpu" "$st_cpu" <<'EOF2'
import json, os, sys
work, wv_s, wv_rss, wv_rec, wv_count, st_s, st_rss, st_rec, wv_cpu, st_cpu = sys.argv[1:]
wv = json.load(open(f"{work}/wordvec.eval.json")); st = json.load(open(f"{work}/stanford.eval.json"))
def acc(e): return e["analogy"]["accuracy"]
def ws(e): return e["wordsim353"]["spearman"]
def sl(e): return e["simlex999"]["spearman"]
def f(x, fmt): return "-" if x is None else fmt.format(x)
rows = [("wordvec", float(wv_s), wv_cpu, int(wv_rss) / 1024, int(wv_rec), wv),
        (os.environ["PEER"], float(st_s), st_cpu, int(st_rss) / 1024, int(st_rec), st)]
print("| tool | wall s | CPU s | peak RSS MB | records | questions-words % | WS353 ρ | SimLex ρ |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
for name, s, cpu, mb, rec, e in rows:
    print(f"| {name} | {s:.1f} | {cpu} | {mb:.0f} | {rec / 1e6:.2f}M | {f(acc(e), '{:.1%}').rstrip('%')} "
          f"| {f(ws(e), '{:.3f}')} | {f(sl(e), '{:.3f}')} |")
print()
speed = float(st_s) / float(wv_s); mem = int(wv_rss) / int(st_rss)
print(f"- speed: {speed:.2f}× Stanford's wall time (target ≥ 5×: {'met' if speed >= 5 else 'NOT met'})")
print(f"- memory: {mem:.2f} of Stanford's peak RSS (target ≤ 0.33: {'met' if mem <= 1/3 else 'NOT met'})")
print(f"- questions-words: {acc(wv):.1%} vs {acc(st):.1%} (target ≥ 29%: {'met' if acc(wv) >= 0.29 else 'NOT met'}); "
      f"WS353 {ws(wv):.3f} vs {f(ws(st), '{:.3f}')}")
print(f"- wordvec counting (vocabulary + co-occurrences) took {wv_count} s of the {float(wv_s):.1f} s; "
      f"records {int(wv_rec) / int(st_rec):.3f}× Stanford's")
print(f"- load average now: {open('/proc/loadavg').read().split()[0]}; on a shared machine compare CPU s (user + system) "
      "when the wall time was disturbed (CPU s ≈ wall s × threads when undisturbed)")
print("- wall s: the whole process(es), corpus already decompressed; Stanford = vocab_count + cooccur + shuffle + glove. "
      "Evaluation: bench/eval_vectors.py (questions-words restricted to the 30,000 most frequent words, case-insensitive).")
EOF2
)
{ echo "$HEADER"; echo; echo "$table"; } >"$WORKDIR/results.md"
echo "$table"
echo
echo "results: $WORKDIR/results.md (logs: $WORKDIR/logs/)"
