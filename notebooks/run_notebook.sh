#!/usr/bin/env bash
# run_notebook.sh WORDVEC DATA_DIR OUT_DIR NOTEBOOK [FIGURE.png ...]
# Executes NOTEBOOK headless with nbconvert (the executed copy goes to OUT_DIR; the committed notebook
# is left as it is), then checks that every listed figure exists in OUT_DIR and is a non-empty PNG.
# The notebooks import the Python module from $WORDVEC_PYTHON (default: build/python).
# Exit 1 when a cell raises; 77 (skip) when jupyter is absent or make_data.sh could not make the data.
set -uo pipefail
WORDVEC=$(realpath "$1") DATA=$(realpath -m "$2") OUT=$(realpath -m "$3") NOTEBOOK=$4
shift 4
if ! /usr/bin/python3 -m jupyter nbconvert --version >/dev/null 2>&1; then
  echo "SKIP: jupyter nbconvert is not installed (scripts/setup.sh installs it)"; exit 77
fi
name=$(basename "$NOTEBOOK" .ipynb)
needed=(corpus.txt cbow.bin skipgram.bin fasttext.bin glove.bin)
[ "$name" = gensim-vs-wordvec ] && needed+=(gensim-cbow.bin)
for f in "${needed[@]}"; do
  [ -s "$DATA/$f" ] || { echo "SKIP: $DATA/$f is missing (made by notebooks/make_data.sh)"; exit 77; }
done
mkdir -p "$OUT"
for png in "$@"; do rm -f "$OUT/$png"; done
[ -n "${WORDVEC_PYTHON:-}" ] && export WORDVEC_PYTHON=$(realpath "$WORDVEC_PYTHON")  # the kernel runs in notebooks/
export WORDVEC WORDVEC_DATA="$DATA" WORDVEC_OUT="$OUT" MPLBACKEND=Agg PYDEVD_DISABLE_FILE_VALIDATION=1
SECONDS=0
if ! /usr/bin/python3 -m jupyter nbconvert --to notebook --execute "$NOTEBOOK" --output-dir "$OUT" \
    --output "$name.ipynb" --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 2>&1 | tail -25; then
  echo "FAIL: $name did not execute"; exit 1
fi
[ -s "$OUT/$name.ipynb" ] || { echo "FAIL: no executed notebook $OUT/$name.ipynb"; exit 1; }
status=0
for png in "$@"; do
  if [ ! -s "$OUT/$png" ] || [ "$(head -c 8 "$OUT/$png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    echo "FAIL: $OUT/$png is missing, empty or not a PNG"; status=1
  else
    echo "ok: $png ($(stat -c %s "$OUT/$png") bytes)"
  fi
done
echo "$name executed in ${SECONDS}s"
exit $status
