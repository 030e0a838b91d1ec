#!/usr/bin/env bash
# make_data.sh WORDVEC DATA_DIR
# Makes what the notebooks read: the default corpus (corpora/make_corpus.sh), a ~2.1M-token sample
# of it (every 4th line, so every source is in it), and CBOW and skip-gram vectors trained on the
# sample with 2 threads. Files already present are kept, so a second run costs nothing.
# Exit 77 (skip) when jupyter is absent or the corpus cannot be built (no network for npm, not root).
set -euo pipefail
WORDVEC=$(realpath "$1")
DATA=$(realpath -m "$2")
SRC=$(cd "$(dirname "$0")/.." && pwd)
if ! /usr/bin/python3 -m jupyter nbconvert --version >/dev/null 2>&1; then
  echo "SKIP: jupyter nbconvert is not installed (scripts/setup.sh installs it)"; exit 77
fi
mkdir -p "$DATA"
SECONDS=0
if [ ! -s "$DATA/corpus.txt" ]; then
  if ! "$SRC/corpora/make_corpus.sh" "$DATA/corpus.txt" "$DATA" > "$DATA/make_corpus.log" 2>&1; then
    tail -5 "$DATA/make_corpus.log"
    echo "SKIP: the default corpus could not be built (see $DATA/make_corpus.log)"; exit 77
  fi
fi
if [ ! -s "$DATA/corpus-sample.txt" ]; then
  awk 'NR % 4 == 1' "$DATA/corpus.txt" > "$DATA/corpus-sample.txt.tmp"
  mv "$DATA/corpus-sample.txt.tmp" "$DATA/corpus-sample.txt"
fi
echo "corpus sample: $(wc -w < "$DATA/corpus-sample.txt") tokens, $(wc -l < "$DATA/corpus-sample.txt") lines (${SECONDS}s)"
for model in cbow skipgram; do
  if [ ! -s "$DATA/$model.bin" ]; then
    # The same options the notebooks use when they train a model themselves (wordvec_nb.TRAIN_OPTIONS).
    "$WORDVEC" train --model $model --input "$DATA/corpus-sample.txt" --output "$DATA/$model.bin" \
      --dim 100 --window 5 --epochs 5 --min-count 5 --threads 2 --seed 1 2> "$DATA/train-$model.log"
  fi
  tail -1 "$DATA/train-$model.log"
done
echo "done in ${SECONDS}s"
