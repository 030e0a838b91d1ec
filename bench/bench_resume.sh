#!/usr/bin/env bash
# Hogwild checkpoints and --resume: quality of a run killed with kill -9 after epoch K's checkpoint
# and resumed, against the same run uninterrupted, per seed. Both runs write a checkpoint at every
# epoch end (so both pay its cost); quality by `wordvec eval` (questions-words restricted to 30000
# words as word2vec.c, WordSim-353). Prints a markdown table with the CPU seconds of both.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_resume.sh [options]

  --seeds "1 2 3"   seeds (default 1 2 3)
  --model NAME      skipgram, cbow, fasttext or glove (default skipgram)
  --epochs N        epochs (default 5)
  --kill-after K    kill -9 once the checkpoint of epoch K is written (default 2)
  --threads N       threads (default 2; per rank with --np)
  --np N            run under `mpirun -np N` (distributed checkpoints; kill -9 hits the ranks)
  --corpus-mb N     train on the first N MB of the corpus (default: all of it)
  --corpus FILE     corpus (.xz, .gz or plain); default ../shared/corpora/enwiki-9m.txt.xz
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch (default ${TMPDIR:-/tmp}/wordvec-bench-resume)
EOF2
}
die() { echo "bench_resume.sh: $*" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEEDS="1 2 3"; MODEL=skipgram; EPOCHS=5; KILL_AFTER=2; THREADS=2; CORPUS_MB=0; CORPUS_SRC=""; NP=1
WORDVEC=$REPO/build/wordvec; WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-resume
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --kill-after) KILL_AFTER=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --np) NP=$2; shift 2 ;;
    --corpus-mb) CORPUS_MB=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it, or pass --wordvec)"
(( KILL_AFTER >= 1 && KILL_AFTER < EPOCHS )) || die "--kill-after must be between 1 and --epochs - 1"
EVAL_DIR=$REPO/../shared/eval
CORPUS_SRC=${CORPUS_SRC:-$REPO/../shared/corpora/enwiki-9m.txt.xz}
[[ -f $CORPUS_SRC ]] || die "corpus $CORPUS_SRC is missing"
mkdir -p "$WORKDIR"
CORPUS=$WORKDIR/corpus.$CORPUS_MB.txt
if [[ ! -s $CORPUS ]]; then
  case "$CORPUS_SRC" in *.xz) cat_src=(xz -dc) ;; *.gz) cat_src=(gzip -dc) ;; *) cat_src=(cat) ;; esac
  if (( CORPUS_MB > 0 )); then "${cat_src[@]}" "$CORPUS_SRC" | head -c "${CORPUS_MB}M" | sed '$d' > "$CORPUS" || true
  else "${cat_src[@]}" "$CORPUS_SRC" > "$CORPUS"; fi
fi
launch=()
(( NP > 1 )) && launch=(mpirun --allow-run-as-root --oversubscribe -np "$NP")
extra=(--model "$MODEL")
[[ $MODEL == fasttext ]] && extra+=(--bucket 200000)
[[ $MODEL == glove ]] && extra+=(--x-max 10 --temp-dir "$WORKDIR")

scores() {
  "$WORDVEC" eval "$1" --analogies "$EVAL_DIR/questions-words.txt" --similarity "$EVAL_DIR/wordsim353.tsv" --json |
    /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.2f %.3f" % (100 * d["analogies"][0]["total"]["accuracy_add"], d["similarity"][0]["spearman"]))'
}
cpu_of() { read -r u s < "$1"; echo "$u + $s" | bc; }
args() {  # seed out checkpoint
  echo train -i "$CORPUS" -o "$2" --format w2v-text --epochs "$EPOCHS" --threads "$THREADS" --seed "$1" --checkpoint "$3" -q "${extra[@]}"
}

ROWS=$WORKDIR/rows.txt
: > "$ROWS"
for seed in $SEEDS; do
  rm -f "$WORKDIR"/*.wvm "$WORKDIR/stopped.$seed.txt"
  # shellcheck disable=SC2046
  /usr/bin/time -f "%U %S" -o "$WORKDIR/time.full" "${launch[@]}" "$WORDVEC" $(args "$seed" "$WORKDIR/full.$seed.txt" "$WORKDIR/full.wvm")
  # Killed once epoch KILL_AFTER's checkpoint is in place (every write is a new file: count inodes).
  # shellcheck disable=SC2046
  "${launch[@]}" "$WORDVEC" $(args "$seed" "$WORKDIR/stopped.$seed.txt" "$WORKDIR/stop.wvm") &
  pid=$!
  seen=""; n=0
  while kill -0 $pid 2>/dev/null; do
    inode=$(stat -c %i "$WORKDIR/stop.wvm" 2>/dev/null || true)
    if [[ -n $inode && $inode != "$seen" ]]; then seen=$inode; n=$((n + 1)); fi
    if (( n >= KILL_AFTER )); then
      (( NP > 1 )) && pkill -KILL -P $pid  # the ranks: mpirun then ends the job
      kill -KILL $pid 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  wait $pid 2>/dev/null || true
  [[ -s $WORKDIR/stopped.$seed.txt ]] && die "seed $seed: the run ended before the kill"
  /usr/bin/time -f "%U %S" -o "$WORKDIR/time.resume" "${launch[@]}" "$WORDVEC" train --resume "$WORKDIR/stop.wvm" --threads "$THREADS" -q
  echo "$seed $(scores "$WORKDIR/full.$seed.txt") $(scores "$WORKDIR/stopped.$seed.txt") $(cpu_of "$WORKDIR/time.full") $(cpu_of "$WORKDIR/time.resume")" |
    tee -a "$ROWS" >&2
done
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $( (( NP > 1 )) && echo "mpirun -np $NP, ")$THREADS threads; $MODEL, $EPOCHS epochs, killed after epoch $KILL_AFTER; load $(cut -d' ' -f1 /proc/loadavg) at the end"
echo "| seed | uninterrupted analogy % | resumed analogy % | uninterrupted WS-353 | resumed WS-353 | CPU s uninterrupted | CPU s of the resumed part |"
echo "|---|---|---|---|---|---|---|"
while read -r seed a1 s1 a2 s2 c1 c2; do echo "| $seed | $a1 | $a2 | $s1 | $s2 | $c1 | $c2 |"; done < "$ROWS"
