#!/usr/bin/env bash
# fastText (subword skip-gram) benchmark: wordvec against gensim FastText and the fastText CLI.
#
# Same corpus, same settings, one run at a time, RUNS rounds with the tools alternating; each whole
# process timed under /usr/bin/time -v; the last round's outputs evaluated by bench/eval_vectors.py.
# Prints a Markdown table of medians with min-max (also WORKDIR/results.md).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/bench_fasttext.sh [options]

  --peers LIST      gensim,fasttext or none (default both; a missing peer is skipped)
  --no-wordvec      peers only
  --wordvec PATH    wordvec binary (default build/wordvec)              env WORDVEC
  --threads N       threads for every tool (default 2)
  --runs N          rounds of alternating runs (default 3; the table shows medians with min-max)
  --lr X            starting learning rate for every tool (default 0.05, fastText's skip-gram default)
  --workdir DIR     scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-fasttext)
  --corpus FILE     corpus (.xz or plain; default ../shared/corpora/enwiki-9m.txt.xz)
  --epochs N        default 5 (smoke tests only)
  --eval PATH       evaluator (default bench/eval_vectors.py)          env EVAL_VECTORS
  -h, --help

Fixed: skip-gram, subwords minn 3 maxn 6, bucket 2,000,000, dim 100, window 5, negative 5,
sample 1e-4, min-count 5.
USAGE
}
die() { echo "bench_fasttext.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench_lib.sh
source "$REPO/bench/bench_lib.sh"
PY=/usr/bin/python3
RUNS=3
ORIG_ARGS=("$@")
PEERS=gensim,fasttext
RUN_WORDVEC=1
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
THREADS=2
LR=0.05
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-fasttext
CORPUS_SRC=""
EPOCHS=5
EVAL=${EVAL_VECTORS:-$REPO/bench/eval_vectors.py}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --peers) PEERS=$2; shift 2 ;;
    --no-wordvec) RUN_WORDVEC=0; shift ;;
    --wordvec) WORDVEC=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --lr) LR=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --eval) EVAL=$(realpath "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
bench_runs_ok "$RUNS"
[[ $PEERS == none ]] && PEERS=""
SHARED="$REPO/../shared"
[[ -d $SHARED ]] || die "$SHARED is absent: the benchmark needs shared/corpora and shared/eval next to the repository"
SHARED=$(cd "$SHARED" && pwd)
CORPUS_SRC=${CORPUS_SRC:-$SHARED/corpora/enwiki-9m.txt.xz}
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
[[ -f $EVAL ]] || die "evaluator $EVAL is missing (bench/eval_vectors.py; or pass --eval)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"
"$PY" -c 'import gensim' 2>/dev/null || die "$PY cannot import gensim (Debian python3-gensim)"
mkdir -p "$WORKDIR"/{logs,vectors}
WORKDIR=$(cd "$WORKDIR" && pwd)
[[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"

CORPUS="$WORKDIR/corpus.txt"
stamp="$CORPUS_SRC $(stat -c '%s %Y' "$CORPUS_SRC")"
if [[ ! -f $CORPUS || ! -f $CORPUS.stamp || $(head -1 "$CORPUS.stamp") != "$stamp" ]]; then
  note "decompressing $CORPUS_SRC -> $CORPUS (not timed)"
  case "$CORPUS_SRC" in
    *.xz) xz -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *.gz) gzip -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;;
  esac
  mv "$CORPUS.tmp" "$CORPUS"
  printf '%s\n%s\n' "$stamp" "$(wc -w <"$CORPUS")" >"$CORPUS.stamp"
fi
TOKENS=$(sed -n 2p "$CORPUS.stamp")

TOOLS=()
if [[ $RUN_WORDVEC == 1 ]]; then
  [[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it or pass --wordvec)"
  TOOLS+=(wordvec)
fi
[[ ,$PEERS, == *,gensim,* ]] && TOOLS+=(gensim)
if [[ ,$PEERS, == *,fasttext,* ]]; then
  if command -v fasttext >/dev/null; then TOOLS+=(fasttext); else note "skipping fasttext: not on PATH"; fi
fi
[[ ${#TOOLS[@]} -gt 0 ]] || die "nothing to run"

cmd_for() {
  local stem=$2
  case $1 in
    wordvec) echo "$WORDVEC" train --model fasttext --input "$CORPUS" --output "$stem.bin" --minn 3 --maxn 6 \
               --bucket 2000000 --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 \
               --epochs "$EPOCHS" --threads "$THREADS" --lr "$LR" --quiet ;;
    gensim) echo "$PY" "$REPO/bench/gensim_fasttext.py" --input "$CORPUS" --output "$stem.vec" --alpha "$LR" \
               --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$EPOCHS" \
               --workers "$THREADS" --min-n 3 --max-n 6 --bucket 2000000 ;;
    fasttext) echo fasttext skipgram -input "$CORPUS" -output "$stem" -minn 3 -maxn 6 -bucket 2000000 -dim 100 \
               -ws 5 -neg 5 -t 1e-4 -minCount 5 -epoch "$EPOCHS" -thread "$THREADS" -lr "$LR" -verbose 0 ;;
  esac
}

RESULTS="$WORKDIR/results.tsv"
printf 'tool\trun\tstatus\ttimed_s\tprocess_s\tcpu_s\tcpu_pct\trss_mb\tload1\teval_json\n' >"$RESULTS"
FAILED=0
for ((run = 1; run <= RUNS; run++)); do
  for tool in "${TOOLS[@]}"; do
    stem="$WORKDIR/vectors/$tool"; log="$WORKDIR/logs/$tool-$run"
    rm -f "$stem".* "$log".*
    cmd=$(cmd_for "$tool" "$stem")
    note "run $run/$RUNS $tool (load average $(cut -d' ' -f1 /proc/loadavg)): $cmd"
    echo "$cmd" >"$log.cmd"
    # shellcheck disable=SC2086
    bench_timed "$log" $cmd
    rc=$BT_RC
    timed_s=$BT_WALL
    if [[ $tool == gensim && $rc == 0 ]]; then
      timed_s=$(bench_gensim_seconds "$log.out")
    fi
    status=ok; ejson=-
    if [[ $rc != 0 || ! -s $stem.vec ]]; then
      status="failed (exit $rc, see $log.err)"; FAILED=1; tail -5 "$log.err" >&2 || true
    elif [[ $run == "$RUNS" ]]; then
      ejson="$log.eval.json"
      if ! "$PY" "$EVAL" "$stem.vec" --eval-dir "$SHARED/eval" >"$ejson" 2>"$log.eval.err"; then
        status="eval failed (see $log.eval.err)"; ejson=-; FAILED=1
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$status" "$timed_s" "$BT_WALL" "$BT_CPU_S" \
      "$BT_CPU_PCT" "$BT_RSS_MB" "$BT_LOAD1" "$ejson" >>"$RESULTS"
    note "$tool run $run: $status, ${timed_s}s timed, ${BT_WALL}s process, ${BT_CPU_S} CPU s (${BT_CPU_PCT}), ${BT_RSS_MB} MB peak RSS"
  done
done

repro="cd $REPO && bench/bench_fasttext.sh"
for a in "${ORIG_ARGS[@]}"; do repro+=" $(printf %q "$a")"; done
table=$(TOKENS=$TOKENS EPOCHS=$EPOCHS BENCH="$REPO/bench" "$PY" - "$RESULTS" <<'PYEOF'
import json, os, sys
sys.path.insert(0, os.environ["BENCH"])
from run_stats import failures, group, median, ok, ratio, read_runs, shares, spread
rows = read_runs(sys.argv[1])
work = float(os.environ["TOKENS"]) * int(os.environ["EPOCHS"])
by = group(rows, "tool")
print("| tool | runs | train s median (min–max) | CPU s median (min–max) | peak RSS MB | words/s | × gensim | × fastText "
      "| analogy % (sem / syn) | WS353 ρ | SimLex ρ | CPU share @ load, per run |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for (tool,), rs in by.items():
    t = median(rs, "timed_s")
    ev = [json.load(open(r["eval_json"])) for r in rs if r["eval_json"] != "-"]
    if ev:
        e, a = ev[-1], ev[-1]["analogy"]
        ana = f"{100*a['accuracy']:.1f} ({100*a['semantic']:.1f} / {100*a['syntactic']:.1f})"
        ws, sl = f"{e['wordsim353']['spearman']:.3f}", f"{e['simlex999']['spearman']:.3f}"
    else:
        ana, ws, sl = (rs[-1]["status"] if failures(rs) else "-"), "-", "-"
    rss = max((float(r["rss_mb"]) for r in ok(rs) if r["rss_mb"] != "-"), default=None)
    print(f"| {tool} | {len(ok(rs))}/{len(rs)} | {spread(rs, 'timed_s')} | {spread(rs, 'cpu_s')} "
          f"| {'-' if rss is None else f'{rss:.0f}'} | {'-' if t is None else f'{work / t / 1e3:,.0f}k'} "
          f"| {ratio(by.get(('gensim',)), rs)} | {ratio(by.get(('fasttext',)), rs)} | {ana} | {ws} | {sl} | {shares(rs)} |")
print()
print("Medians over the rounds; the tools ran alternating. train s: gensim = build_vocab + train inside the process; "
      "wordvec and fastText = the whole process (reading, vocabulary, training, writing .bin and .vec). CPU s = user + "
      "system of the whole process. × peer = peer's median train s / tool's median train s. CPU share: of one core "
      "(200% = both cores all the time), with the load average before the run. Analogy (last round's vectors): "
      "questions-words, 30,000 most frequent words; ρ = Spearman.")
for (tool,), rs in by.items():
    for r in failures(rs):
        print(f"- {tool} run {r['run']}: {r['status']}")
PYEOF
)
{
  echo "# fastText benchmark"
  echo
  echo "- reproduce: \`$repro\`"
  echo "- machine: $(bench_machine)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- wordvec $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), gensim $("$PY" -c 'import gensim; print(gensim.__version__)'), fastText $(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo '?')"
  echo "- settings: skip-gram, minn 3, maxn 6, bucket 2M, dim 100, window 5, negative 5, sample 1e-4, min-count 5, epochs $EPOCHS, threads $THREADS, lr $LR, $RUNS rounds of alternating runs; corpus $CORPUS_SRC ($TOKENS tokens)"
  echo
  echo "$table"
} | tee "$WORKDIR/results.md"
exit $FAILED
