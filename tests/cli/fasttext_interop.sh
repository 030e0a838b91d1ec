# fastText .bin interop: our vectors for in-vocabulary and unseen words (non-ASCII included) equal
# `fasttext print-word-vectors` within 1e-4 on the shared fastText files; our own .bin loads in the
# fastText CLI (print-word-vectors, nn) and in gensim's load_facebook_model with the same vectors.
source "$(dirname "$0")/common.bash"
INTEROP="$SRC/../shared/interop"
DATA="$SRC/tests/data"
HAVE_FT=0; command -v fasttext >/dev/null && HAVE_FT=1
HAVE_GENSIM=0; /usr/bin/python3 -c "import gensim" 2>/dev/null && HAVE_GENSIM=1

# compare A B: same words in the same order, every component within 1e-4.
compare() {
  awk -v name="$3" 'NR == FNR { n[FNR] = NF; for (i = 1; i <= NF; i++) a[FNR, i] = $i; rows = FNR; next }
    { if (n[FNR] != NF || a[FNR, 1] != $1) { printf "%s: line %d: %s has %d fields, %s has %d\n", name, FNR, a[FNR, 1], n[FNR], $1, NF; bad = 1; exit 1 }
      for (i = 2; i <= NF; i++) { d = a[FNR, i] - $i; if (d < 0) d = -d; if (d > 1e-4) { printf "%s: %s component %d: %s vs %s\n", name, $1, i - 1, a[FNR, i], $i; bad = 1; exit 1 } }
      seen = FNR }
    END { if (!bad && seen != rows) { printf "%s: %d lines vs %d\n", name, rows, seen; exit 1 } if (!bad) exit 0 }' "$1" "$2"
}

ran=0
if [ -d "$INTEROP" ]; then
  for m in toy-model lee_fasttext_new; do
    [ -f "$INTEROP/$m.bin" ] || continue
    $WORDVEC print-vectors "$INTEROP/$m.bin" < "$DATA/fasttext_words.txt" > "$TMP/$m.ours" || fail "$m: print-vectors"
    if [ $HAVE_FT = 1 ]; then
      fasttext print-word-vectors "$INTEROP/$m.bin" < "$DATA/fasttext_words.txt" > "$TMP/$m.theirs"
    else
      cp "$DATA/$m.print-word-vectors.txt" "$TMP/$m.theirs"  # recorded with fastText 0.9.2
    fi
    compare "$TMP/$m.theirs" "$TMP/$m.ours" "$m" && echo "ok: $m agrees with fasttext print-word-vectors ($(wc -l < "$TMP/$m.ours") words)" || fail "$m disagrees"
    ran=1
  done
else
  echo "note: $INTEROP absent; the agreement part is skipped"
fi

# Our own model: train with subwords, write .bin (+ .vec beside it).
make_corpus "$TMP/corpus.txt"
echo "naïve café naïve café naïve café" >> "$TMP/corpus.txt"
$WORDVEC train --model fasttext --quiet --threads 2 --epochs 2 --dim 16 --min-count 1 --sample 0 --bucket 5000 \
  --input "$TMP/corpus.txt" --output "$TMP/m.bin" || fail "train --model fasttext"
[ -s "$TMP/m.vec" ] || fail "no .vec beside the .bin"
printf 'cat dog naïve cats unseenword ünïcödé 日本\n' > "$TMP/words.txt"
$WORDVEC print-vectors "$TMP/m.bin" < "$TMP/words.txt" > "$TMP/m.ours" || fail "print-vectors on our .bin"
[ "$(wc -l < "$TMP/m.ours")" = 7 ] || fail "print-vectors: expected 7 lines"
if [ $HAVE_FT = 1 ]; then
  fasttext print-word-vectors "$TMP/m.bin" < "$TMP/words.txt" > "$TMP/m.theirs" || fail "fasttext could not read our .bin"
  compare "$TMP/m.theirs" "$TMP/m.ours" "round trip" && echo "ok: fasttext print-word-vectors reads our .bin with our vectors" || fail "round trip"
  echo cat | fasttext nn "$TMP/m.bin" 3 > "$TMP/nn.txt" 2>&1 || fail "fasttext nn"
  grep -qE "^(dog|mouse|horse|cow|sheep|goat|pig) " "$TMP/nn.txt" && echo "ok: fasttext nn finds cat's topic" || fail "fasttext nn: $(cat "$TMP/nn.txt")"
  ran=1
fi
if [ $HAVE_GENSIM = 1 ]; then
  /usr/bin/python3 - "$TMP/m.bin" "$TMP/m.ours" <<'PY' || fail "gensim load_facebook_model"
import sys
import numpy as np
from gensim.models.fasttext import load_facebook_model
m = load_facebook_model(sys.argv[1])
assert m.wv.vector_size == 16 and len(m.wv) == 18, (m.wv.vector_size, len(m.wv))
assert m.wv.min_n == 3 and m.wv.max_n == 6 and m.wv.bucket == 5000
for line in open(sys.argv[2], encoding="utf-8"):
    parts = line.split()
    ours = np.array(parts[1:], dtype=np.float32)
    assert np.allclose(m.wv[parts[0]], ours, atol=1e-4), parts[0]
print("ok: gensim load_facebook_model reads our .bin with our vectors")
PY
  ran=1
fi
# A non-subword model written as fasttext-bin is refused with a clear message.
expect_error "fasttext-bin without subwords" "needs subwords" $WORDVEC train --quiet --epochs 1 --dim 8 --min-count 1 \
  --input "$TMP/corpus.txt" --output "$TMP/plain.bin" --format fasttext-bin
# Truncated and foreign .bin files: clear one-line errors.
head -c 700 "$TMP/m.bin" > "$TMP/cut.bin"
expect_error "truncated .bin" "cut.bin" $WORDVEC print-vectors "$TMP/cut.bin"
[ $ran = 1 ] || { echo "skipped: neither ../shared/interop, fasttext nor gensim"; exit 77; }
finish
