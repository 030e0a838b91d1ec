#!/usr/bin/env bash
# Distributed training on one machine: `mpirun -np 2 wordvec train --threads 1` against one process
# with --threads 2 (the same cores), same model, epochs and seed, alternating runs, optionally also
# with float16 on the wire; then `mpirun -np 4 --oversubscribe` runs (accuracy as ranks are added). Prints one Markdown table (also written to
# WORKDIR/results.md): wall time, questions-words accuracy, WordSim-353 Spearman, bytes rank 0
# handed to MPI_Allreduce per second, and the share of the time its communication thread spent
# synchronising. See bench/README.md ("Distributed training").
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/bench_mpi.sh [options]
  --seeds N         seeds 1..N, each trained both ways (default 3)
  --model M         skipgram or cbow (default skipgram)
  --epochs N        default 5
  --sync-every X    passed to the distributed runs (default: the tool's)
  --np4-seeds N     -np 4 --oversubscribe runs with seeds 1..N (default 1; 0 skips them)
  --no-np4          the same as --np4-seeds 0
  --float16         also -np 2 with --sync-wire float16, for every seed
  --wordvec PATH    default build/wordvec
  --corpus FILE     default ../shared/corpora/enwiki-9m.txt.xz (.xz or plain)
  --workdir DIR     default ${TMPDIR:-/tmp}/wordvec-bench-mpi
USAGE
}
die() { echo "bench_mpi.sh: $*" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEEDS=3 MODEL=skipgram EPOCHS=5 SYNC="" NP4=1 HALF=0
WORDVEC=$REPO/build/wordvec
CORPUS_SRC=$REPO/../shared/corpora/enwiki-9m.txt.xz
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-mpi
EVAL=$REPO/../shared/eval
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --sync-every) SYNC="--sync-every $2"; shift 2 ;;
    --np4-seeds) NP4=$2; shift 2 ;;
    --no-np4) NP4=0; shift ;;
    --float16) HALF=1; shift ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $SEEDS =~ ^[1-9][0-9]*$ ]] || die "--seeds: expected a positive integer, got '$SEEDS'"
[[ $NP4 =~ ^[0-9]+$ ]] || die "--np4-seeds: expected a number, got '$NP4'"
[[ $MODEL == skipgram || $MODEL == cbow ]] || die "--model: expected skipgram or cbow, got '$MODEL'"
command -v mpirun >/dev/null || die "mpirun not found (apt-get install openmpi-bin libopenmpi-dev)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
[ -x "$WORDVEC" ] || die "$WORDVEC: not built"
mkdir -p "$WORKDIR"
CORPUS=$WORKDIR/corpus.txt
if [ ! -s "$CORPUS" ]; then
  case "$CORPUS_SRC" in *.xz) xz -dc "$CORPUS_SRC" > "$CORPUS.tmp" ;; *) cp "$CORPUS_SRC" "$CORPUS.tmp" ;; esac
  mv "$CORPUS.tmp" "$CORPUS"
fi
MPIRUN="mpirun --allow-run-as-root --oversubscribe"
TRAIN="train --model $MODEL --epochs $EPOCHS --input $CORPUS"

# run NAME SEED CMD...: times CMD, evaluates NAME.txt, appends a TSV row to rows.tsv.
run() {
  local name=$1 seed=$2; shift 2
  local log=$WORKDIR/$name.log
  echo "== $name: $*" >&2
  /usr/bin/time -v -o "$WORKDIR/$name.time" "$@" 2> "$log" || { tail -5 "$log" >&2; die "$name failed"; }
  "$WORDVEC" eval "$WORKDIR/$name.txt" --analogies "$EVAL/questions-words.txt" --similarity "$EVAL/wordsim353.tsv" \
    --json > "$WORKDIR/$name.json"
  /usr/bin/python3 - "$name" "$seed" "$WORKDIR" >> "$WORKDIR/rows.tsv" <<'PY'
import json, re, sys
name, seed, wd = sys.argv[1:4]
d = json.load(open(f"{wd}/{name}.json"))
qw = 100 * d["analogies"][0]["total"]["accuracy_add"]
ws = d["similarity"][0]["spearman"]
t = open(f"{wd}/{name}.time").read()
m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
cpu = re.search(r"Percent of CPU this job got: (\d+)%", t).group(1)
log = open(f"{wd}/{name}.log").read()
s = re.search(r"(\d+) ranks: (\d+) synchronisations \((\d+) full\), ([\d.]+) MB sent by rank 0 \(([\d.]+) MB/s\), "
              r"([\d.]+)% of the time in synchronisation, ([\d.]+) s from its last word", log)
sync = s.groups() if s else ("1", "", "", "", "", "", "")
print("\t".join([name, seed, f"{wall:.1f}", cpu, f"{qw:.2f}", f"{ws:.4f}", *sync]))
PY
}

: > "$WORKDIR/rows.tsv"
for seed in $(seq 1 "$SEEDS"); do
  # Alternate which goes first, so a change in the machine's load hits both alike.
  if (( seed % 2 )); then
    run one-s$seed "$seed" "$WORDVEC" $TRAIN --seed "$seed" --threads 2 --output "$WORKDIR/one-s$seed.txt"
    run np2-s$seed "$seed" $MPIRUN -np 2 "$WORDVEC" $TRAIN --seed "$seed" --threads 1 $SYNC --output "$WORKDIR/np2-s$seed.txt"
  else
    run np2-s$seed "$seed" $MPIRUN -np 2 "$WORDVEC" $TRAIN --seed "$seed" --threads 1 $SYNC --output "$WORKDIR/np2-s$seed.txt"
    run one-s$seed "$seed" "$WORDVEC" $TRAIN --seed "$seed" --threads 2 --output "$WORKDIR/one-s$seed.txt"
  fi
  if (( HALF )); then
    run np2h-s$seed "$seed" $MPIRUN -np 2 "$WORDVEC" $TRAIN --seed "$seed" --threads 1 $SYNC --sync-wire float16 \
      --output "$WORKDIR/np2h-s$seed.txt"
  fi
done
for seed in $(seq 1 "$NP4"); do
  run np4-s$seed "$seed" $MPIRUN -np 4 "$WORDVEC" $TRAIN --seed "$seed" --threads 1 $SYNC --output "$WORKDIR/np4-s$seed.txt"
done

/usr/bin/python3 - "$WORKDIR" "$MODEL" "$EPOCHS" "${SYNC:-default}" > "$WORKDIR/results.md" <<'PY'
import statistics as st, sys, platform, os
wd, model, epochs, sync = sys.argv[1:5]
rows = [l.rstrip("\n").split("\t") for l in open(f"{wd}/rows.tsv")]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"{model}, {epochs} epochs, enwiki-9m, sync-every {sync}; CPU: {cpu}, {os.cpu_count()} cores; "
      f"load average at the end {os.getloadavg()[0]:.2f}\n")
print("| run | seed | wall s | CPU % | questions-words % | WS353 ρ | ranks | syncs (full) | MB sent by rank 0 | MB/s | sync % of time | last word → agreement s |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for r in rows:
    name, seed, wall, cpu_, qw, ws, ranks, syncs, full, mb, mbs, frac, fin = r
    print(f"| {name.split('-')[0]} | {seed} | {wall} | {cpu_} | {qw} | {ws} | {ranks} | {syncs} ({full}) | {mb} | {mbs} | {frac} | {fin} |"
          if syncs else f"| {name.split('-')[0]} | {seed} | {wall} | {cpu_} | {qw} | {ws} | 1 | | | | | |")
def col(prefix, i): return [float(r[i]) for r in rows if r[0].startswith(prefix + "-")]
one, two = col("one", 2), col("np2", 2)
if one and two:
    print(f"\nwall {st.median(one):.1f} s (one process, median) vs {st.median(two):.1f} s (-np 2, median): ratio "
          f"{st.median(two) / st.median(one):.3f} (per seed {min(b / a for a, b in zip(one, two)):.3f}-"
          f"{max(b / a for a, b in zip(one, two)):.3f})")
q1, w1 = col("one", 4), col("one", 5)
for other, label in (("np2", "-np 2"), ("np2h", "-np 2 float16"), ("np4", "-np 4")):
    q, w = col(other, 4), col(other, 5)
    if q1 and q:
        print(f"\nquestions-words {st.mean(q1):.2f} (one process, {len(q1)} seeds) vs {st.mean(q):.2f} ({label}, "
              f"{len(q)} seeds): {st.mean(q) - st.mean(q1):+.2f} points; WS353 {st.mean(w1):.4f} vs {st.mean(w):.4f} "
              f"({st.mean(w) - st.mean(w1):+.4f})")
PY
cat "$WORKDIR/results.md"
