#!/usr/bin/env bash
# fastText supervised benchmark: `wordvec train --model supervised` against the fastText CLI
# (`fasttext supervised`, the Debian package) at the same settings, on a labelled set built from
# this machine's Debian package list (bench/package_sections.py: label = Section, text = the
# package's description, test set = packages whose name's MD5 is 0 modulo 10).
# Quality: P@1 on the test set, each model tested by its own tool (ours also by `fasttext test`,
# which must agree). Speed: whole training commands, alternating runs, medians; CPU seconds
# (user + sys) beside the wall time, since a shared machine's wall time follows its load.
# See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/bench_supervised.sh [options]

  --runs N          alternating rounds (default 3)
  --threads N       threads for both tools (default 2)
  --dim N           vector size (default 100)
  --epochs N        epochs (default 10)
  --lr X            learning rate (default 0.5)
  --word-ngrams N   word n-grams (default 2)
  --loss L          softmax, ns, hs or ova (default softmax)
  --bucket N        hash rows (default 2000000, fastText's)
  --wordvec PATH    wordvec binary (default build/wordvec)
  --workdir DIR     scratch dir (default ${TMPDIR:-/tmp}/wordvec-bench-supervised)
  -h, --help
EOF2
}
die() { echo "bench_supervised.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
RUNS=3 THREADS=2 DIM=100 EPOCHS=10 LR=0.5 NGRAMS=2 LOSS=softmax BUCKET=2000000
WORDVEC=$REPO/build/wordvec
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-supervised
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --dim) DIM=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --lr) LR=$2; shift 2 ;;
    --word-ngrams) NGRAMS=$2; shift 2 ;;
    --loss) LOSS=$2; shift 2 ;;
    --bucket) BUCKET=$2; shift 2 ;;
    --wordvec) WORDVEC=$(realpath "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
for v in RUNS THREADS DIM EPOCHS NGRAMS BUCKET; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "--${v,,}: expected a positive integer, got '${!v}'"
done
[[ $LOSS =~ ^(softmax|ns|hs|ova)$ ]] || die "--loss: expected softmax, ns, hs or ova, got '$LOSS'"
[[ -x $WORDVEC ]] || die "$WORDVEC is not built (cmake --build build --target wordvec)"
command -v fasttext >/dev/null || die "the fastText CLI is missing (apt-get install fasttext)"
command -v apt-cache >/dev/null || die "apt-cache is missing: the data set is Debian's package list"
mkdir -p "$WORKDIR"

note "data: apt-cache dumpavail -> $WORKDIR/train.txt, test.txt"
apt-cache dumpavail | "$PY" "$REPO/bench/package_sections.py" "$WORKDIR/train.txt" "$WORKDIR/test.txt"
read -r TRAIN_LINES TRAIN_WORDS _ < <(wc -lw "$WORKDIR/train.txt")
TEST_LINES=$(wc -l < "$WORKDIR/test.txt")
LABELS=$(cut -d' ' -f1 "$WORKDIR/train.txt" | sort -u | wc -l)

# run_timed NAME COMMAND...: appends "wall cpu" to $WORKDIR/NAME.times.
run_timed() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$WORKDIR/time.tmp" "$@" > /dev/null 2> "$WORKDIR/$name.log" \
    || { cat "$WORKDIR/$name.log" >&2; die "$name failed"; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORKDIR/time.tmp" >> "$WORKDIR/$name.times"
}
p_at_1() { awk -F'\t' '$1 == "P@1" { print $2 }'; }

ours() {
  run_timed wordvec "$WORDVEC" train --model supervised --input "$WORKDIR/train.txt" --output "$WORKDIR/ours" \
    --dim "$DIM" --epochs "$EPOCHS" --lr "$LR" --word-ngrams "$NGRAMS" --loss "$LOSS" --bucket "$BUCKET" \
    --threads "$THREADS" --quiet
  "$WORDVEC" test "$WORKDIR/ours.bin" "$WORKDIR/test.txt" | p_at_1 >> "$WORKDIR/wordvec.p1"
  fasttext test "$WORKDIR/ours.bin" "$WORKDIR/test.txt" | p_at_1 >> "$WORKDIR/wordvec.p1-by-fasttext"
}
theirs() {
  run_timed fasttext fasttext supervised -input "$WORKDIR/train.txt" -output "$WORKDIR/theirs" \
    -dim "$DIM" -epoch "$EPOCHS" -lr "$LR" -wordNgrams "$NGRAMS" -loss "$LOSS" -bucket "$BUCKET" \
    -thread "$THREADS" -verbose 0
  fasttext test "$WORKDIR/theirs.bin" "$WORKDIR/test.txt" | p_at_1 >> "$WORKDIR/fasttext.p1"
}

rm -f "$WORKDIR"/*.times "$WORKDIR"/*.p1 "$WORKDIR"/*.p1-by-fasttext
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= RUNS; r++)); do
  note "round $r of $RUNS"
  if ((r % 2)); then ours; theirs; else theirs; ours; fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cmp -s "$WORKDIR/wordvec.p1" "$WORKDIR/wordvec.p1-by-fasttext" \
  || die "fasttext test gives another P@1 on our models: $(paste "$WORKDIR/wordvec.p1" "$WORKDIR/wordvec.p1-by-fasttext" | tr '\n' ' ')"

# median COLUMN FILE; range COLUMN FILE
median() { awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { awk -v c="$1" '{ print $c }' "$2" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "–" hi }'; }

OW=$(median 1 "$WORKDIR/wordvec.times"); OC=$(median 2 "$WORKDIR/wordvec.times")
FW=$(median 1 "$WORKDIR/fasttext.times"); FC=$(median 2 "$WORKDIR/fasttext.times")
OP=$(median 1 "$WORKDIR/wordvec.p1"); FP=$(median 1 "$WORKDIR/fasttext.p1")
echo
echo "fastText supervised on Debian package sections: $TRAIN_LINES training lines ($TRAIN_WORDS tokens), $TEST_LINES test lines, $LABELS labels"
echo "settings (both): dim $DIM, epochs $EPOCHS, lr $LR, wordNgrams $NGRAMS, loss $LOSS, bucket $BUCKET, $THREADS threads; $RUNS alternating runs"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average before $LOAD_BEFORE, after $LOAD_AFTER"
echo
echo "| tool | P@1 (median; runs) | train wall s (median, range) | train CPU s (median, range) |"
echo "|---|---|---|---|"
echo "| fasttext supervised (Debian $(dpkg-query -W -f '${Version}' fasttext 2>/dev/null || echo '?')) | $FP ($(tr '\n' ' ' < "$WORKDIR/fasttext.p1" | sed 's/ $//')) | $FW ($(range 1 "$WORKDIR/fasttext.times")) | $FC ($(range 2 "$WORKDIR/fasttext.times")) |"
echo "| wordvec train --model supervised | $OP ($(tr '\n' ' ' < "$WORKDIR/wordvec.p1" | sed 's/ $//')) | $OW ($(range 1 "$WORKDIR/wordvec.times")) | $OC ($(range 2 "$WORKDIR/wordvec.times")) |"
echo
awk -v op="$OP" -v fp="$FP" -v ow="$OW" -v fw="$FW" -v oc="$OC" -v fc="$FC" 'BEGIN {
  d = (op - fp) * 100
  printf "P@1: wordvec - fastText = %+.1f points (target: > -0.5) %s\n", d, ((d > -0.5) ? "HOLDS" : "MISSED")
  printf "speed: fastText / wordvec = %.2fx wall, %.2fx CPU (target: >= 2x) %s\n", fw / ow, fc / oc, ((fc / oc >= 2 && fw / ow >= 2) ? "HOLDS" : ((fc / oc >= 2) ? "HOLDS in CPU" : "MISSED")) }'
