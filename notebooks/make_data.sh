#!/usr/bin/env bash
# make_data.sh WORDVEC DATA_DIR
# Makes what the notebooks read, once: the default corpus (corpora/make_corpus.sh, ~8.4M tokens),
# then skip-gram, CBOW, fastText and GloVe vectors trained on the whole of it with `wordvec train`
# (2 threads), and gensim's CBOW on the same corpus with the same options for gensim-vs-wordvec.
# Each training command is kept in DATA_DIR/train-MODEL.cmd, its output in train-MODEL.log.
# Files already present are kept, so a second run costs nothing.
# Exit 77 (skip) when jupyter is absent or the corpus cannot be built (no network for npm, not root).
set -euo pipefail
WORDVEC=$(realpath "$1")
DATA=$(realpath -m "$2")
SRC=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
if ! $PY -m jupyter nbconvert --version >/dev/null 2>&1; then
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
echo "corpus: $(wc -w < "$DATA/corpus.txt") tokens, $(wc -l < "$DATA/corpus.txt") lines (${SECONDS}s)"

# The options every model gets; the rest (window, epochs, learning rate) are each model's defaults:
# word2vec and fastText window 5, 5 epochs; GloVe window 10, 25 epochs.
COMMON=(--dim 100 --min-count 5 --threads 2 --seed 1)
# fastText's 2M n-gram buckets (800 MB at dim 100) are far more than an 8M-token corpus fills;
# 200k buckets keep the model at 110 MB with no loss on these notebooks' scores.
declare -A EXTRA=([fasttext]="--bucket 200000" [glove]="" [skipgram]="" [cbow]="")
for model in cbow skipgram fasttext glove; do
  # shellcheck disable=SC2206
  cmd=(wordvec train --model "$model" --input corpus.txt --output "$model.bin" "${COMMON[@]}" ${EXTRA[$model]})
  # Kept only when made by this very command (a data dir of an older make_data.sh is retrained).
  if [ -s "$DATA/$model.bin" ] && [ "$(cat "$DATA/train-$model.cmd" 2>/dev/null)" = "${cmd[*]}" ]; then
    tail -2 "$DATA/train-$model.log"; continue
  fi
  echo "${cmd[*]}" > "$DATA/train-$model.cmd"
  start=$SECONDS
  (cd "$DATA" && "$WORDVEC" "${cmd[@]:1}" 2> "train-$model.log.tmp")
  echo "trained in $((SECONDS - start))s" >> "$DATA/train-$model.log.tmp"
  mv "$DATA/train-$model.log.tmp" "$DATA/train-$model.log"
  tail -2 "$DATA/train-$model.log"
done

# gensim's CBOW with the same options (learning rate 0.05 as wordvec's CBOW; gensim's own start).
gcmd="bench/gensim_word2vec.py --input corpus.txt --output gensim-cbow.bin --sg 0 --alpha 0.05 --dim 100 --window 5 --epochs 5 --min-count 5 --workers 2 --seed 1"
if { [ ! -s "$DATA/gensim-cbow.bin" ] || [ "$(cat "$DATA/train-gensim-cbow.cmd" 2>/dev/null)" != "$gcmd" ]; } &&
   $PY -c "import gensim" 2>/dev/null; then
  echo "$gcmd" > "$DATA/train-gensim-cbow.cmd"
  (cd "$DATA" && $PY "$SRC/bench/gensim_word2vec.py" --input corpus.txt --output gensim-cbow.bin.tmp --sg 0 --alpha 0.05 \
     --dim 100 --window 5 --epochs 5 --min-count 5 --workers 2 --seed 1 > train-gensim-cbow.log)
  mv "$DATA/gensim-cbow.bin.tmp" "$DATA/gensim-cbow.bin"
  tail -1 "$DATA/train-gensim-cbow.log"
fi
echo "done in ${SECONDS}s"
