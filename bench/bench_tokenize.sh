#!/usr/bin/env bash
# Chinese segmentation benchmark: `wordvec tokenize --tokenizer zh` against Debian python3-jieba's
# jieba.cut(line, HMM=True) on real modern Chinese text that Debian packages ship (the Debian
# Reference in Simplified Chinese, debian-reference-zh-cn, plain text; and the zh_CN manual pages
# of manpages-zh with their roff markup stripped): lines with at least one Han character.
#
# Prints token-level precision/recall/F1 of wordvec's tokens against jieba's, the share of lines
# that agree exactly, and characters per second: jieba (one process, one thread), wordvec on one
# thread and on all threads. Each is run RUNS times alternating; medians with min-max. Dictionary
# loading is outside both clocks (jieba.initialize() before; wordvec tokenize --stats reports the
# segmentation time alone). Also written to WORKDIR/results.md.
#
# usage: bench/bench_tokenize.sh [--wordvec PATH] [--workdir DIR] [--runs N] [--threads N]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
WORK=${BENCH_WORKDIR:-${TMPDIR:-/tmp}/wordvec-bench-tokenize}
RUNS=3
THREADS=$(nproc)
while [ $# -gt 0 ]; do
  case $1 in
    --wordvec) WORDVEC=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "bench_tokenize.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
die() { echo "bench_tokenize.sh: $*" >&2; exit 1; }
[ -x "$WORDVEC" ] || die "no wordvec binary at $WORDVEC (build first, or --wordvec PATH)"
$PY -c 'import jieba' 2>/dev/null || die "Debian python3-jieba is missing (apt-get install python3-jieba)"
REF=/usr/share/debian-reference/debian-reference.zh-cn.txt.gz
[ -f "$REF" ] || die "$REF is missing (apt-get install debian-reference-zh-cn)"
[ -d /usr/share/man/zh_CN ] || die "/usr/share/man/zh_CN is missing (apt-get install manpages-zh)"
mkdir -p "$WORK"
TEXT=$WORK/zh.txt

# The text: plain lines, leading white space trimmed, only lines with Han characters.
{
  zcat "$REF"
  find /usr/share/man/zh_CN -name '*.gz' | LC_ALL=C sort | while read -r f; do
    zcat "$f" | sed -e '/^\.\\"/d' -e '/^\.\(TH\|so\|de\|ds\|nr\|if\|ie\|el\|ig\|\.\)/d' \
      -e 's/^\.[A-Za-z]\{1,3\} *//' -e 's/\\f[BIRP0-9]//g' -e 's/\\(\(em\|en\|aq\|dq\)//g' -e 's/\\[-&e|^]//g' -e 's/\\ / /g'
  done
} | sed -e 's/^[[:space:]]*//' | grep -P '\p{Han}' > "$TEXT" || true
[ -s "$TEXT" ] || die "no text in $TEXT"
CHARS=$($PY -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read().replace("\n", "")))' "$TEXT")
echo "== text: $(wc -l < "$TEXT") lines, $CHARS characters, $(du -h "$TEXT" | cut -f1)" >&2

ZH=(--tokenizer zh --lowercase=0)  # jieba keeps case; without --keep-urls zh cuts URLs as jieba does
jieba_s=() one_s=() all_s=()
for r in $(seq 1 "$RUNS"); do
  echo "== run $r/$RUNS" >&2
  read -r _ s < <($PY "$REPO/bench/jieba_cut.py" "$TEXT" "$WORK/jieba.txt")
  jieba_s+=("$s")
  s=$("$WORDVEC" tokenize "${ZH[@]}" --threads 1 --stats -i "$TEXT" -o "$WORK/wordvec.txt" 2>&1 >/dev/null | sed -n 's/.*tokenized in \([0-9.]*\) s.*/\1/p')
  one_s+=("$s")
  s=$("$WORDVEC" tokenize "${ZH[@]}" --threads "$THREADS" --stats -i "$TEXT" -o "$WORK/wordvec-all.txt" 2>&1 >/dev/null | sed -n 's/.*tokenized in \([0-9.]*\) s.*/\1/p')
  all_s+=("$s")
done
cmp -s "$WORK/wordvec.txt" "$WORK/wordvec-all.txt" || die "1 and $THREADS threads gave different tokens"
read -r -a Q < <($PY "$REPO/bench/compare_tokens.py" "$WORK/jieba.txt" "$WORK/wordvec.txt")
read -r -a U < <($PY "$REPO/bench/compare_tokens.py" "$WORK/jieba.txt" "$WORK/wordvec.txt" --skip-urls)

stats() {  # seconds... -> "median min max" in chars/s
  printf '%s\n' "$@" | $PY -c '
import sys, statistics
c = int(sys.argv[1]); s = [float(x) for x in sys.stdin.read().split()]
r = [c / x for x in s]
print("%.0f %.0f %.0f" % (statistics.median(r), min(r), max(r)))' "$CHARS"
}
read -r jm jlo jhi < <(stats "${jieba_s[@]}")
read -r om olo ohi < <(stats "${one_s[@]}")
read -r am alo ahi < <(stats "${all_s[@]}")
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "Chinese segmentation: wordvec tokenize --tokenizer zh vs jieba.cut(HMM=True), $(date -u +%F)"
  echo
  echo "Text: ${Q[1]} lines, $CHARS characters (debian-reference-zh-cn + manpages-zh, lines with Han characters)"
  echo "CPU: $CPU, $(nproc) cores; runs: $RUNS, alternating; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| agreement with jieba | all lines | lines without URLs/e-mail |"
  echo "|---|---|---|"
  echo "| lines | ${Q[1]} | ${U[1]} |"
  echo "| token precision | ${Q[7]} | ${U[7]} |"
  echo "| token recall | ${Q[9]} | ${U[9]} |"
  echo "| token F1 | ${Q[11]} | ${U[11]} |"
  echo "| lines identical | ${Q[13]} | ${U[13]} |"
  echo "| tokens (jieba / wordvec) | ${Q[3]} / ${Q[5]} | ${U[3]} / ${U[5]} |"
  echo
  echo "| segmenter | chars/s (median) | min-max | vs jieba |"
  echo "|---|---|---|---|"
  echo "| jieba 0.42.1 (Python, 1 thread) | $jm | $jlo-$jhi | 1.0x |"
  echo "| wordvec, 1 thread | $om | $olo-$ohi | $($PY -c "print('%.1fx' % ($om / $jm))") |"
  echo "| wordvec, $THREADS threads | $am | $alo-$ahi | $($PY -c "print('%.1fx' % ($am / $jm))") |"
} | tee "$WORK/results.md"
