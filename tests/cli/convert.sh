# `wordvec convert` across every format: bit-exact round trips, the options, the errors, queries on
# every format, and peers (gensim, numpy) loading what we write; peer checks skip when absent.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
echo "naïve café naïve café naïve café" >> "$TMP/corpus.txt"
$WORDVEC train --quiet --threads 2 --epochs 1 --dim 12 --min-count 1 --sample 0 --input "$TMP/corpus.txt" --output "$TMP/v.bin" || fail "train"
C="$WORDVEC convert --quiet"

# Every format by extension (glove-text by name), and back to w2v-bin byte for byte.
mkdir -p "$TMP/out" "$TMP/back"
for target in v.txt v.vec vectors.tsv v.npy v.wv v.glove:glove-text; do
  file=${target%%:*}; fmt=${target#*:}; [ "$fmt" = "$target" ] && fmt=""
  $C "$TMP/v.bin" "$TMP/out/$file" ${fmt:+--to $fmt} || { fail "convert to $file"; continue; }
  $C "$TMP/out/$file" "$TMP/back/$file.bin" || { fail "convert $file back"; continue; }
  cmp -s "$TMP/v.bin" "$TMP/back/$file.bin" || fail "$file: w2v-bin -> $file -> w2v-bin is not byte-identical"
  # Every query command reads every format and answers the same.
  $WORDVEC similar "$TMP/out/$file" cat -k 3 > "$TMP/sim.$file" 2>&1 || fail "similar on $file: $(cat "$TMP/sim.$file")"
done
$WORDVEC similar "$TMP/v.bin" cat -k 3 > "$TMP/sim.ref"
for f in "$TMP"/sim.v.* "$TMP"/sim.vectors.tsv; do cmp -s "$TMP/sim.ref" "$f" || fail "$(basename "$f"): answers differ from w2v-bin"; done
[ -f "$TMP/out/metadata.tsv" ] || fail "projector: no metadata.tsv beside vectors.tsv"
[ -f "$TMP/out/v.vocab" ] || fail "npy: no v.vocab beside v.npy"
[ "$(head -c 8 "$TMP/out/v.wv" | od -An -c | tr -d ' ')" = '211WVNATV\n' ] || fail "native: bad magic: $(head -c 8 "$TMP/out/v.wv" | od -An -c)"
head -1 "$TMP/out/v.vec" | grep -qx "18 12" || fail "vec: header is not 'count dim'"
[ "$(wc -l < "$TMP/out/v.glove")" -eq 18 ] || fail "glove: expected 18 rows and no header"
# train --format takes the same names.
$WORDVEC train --quiet --threads 1 --epochs 1 --dim 8 --min-count 1 --input "$TMP/corpus.txt" --output "$TMP/t.out" --format native || fail "train --format native"
[ "$($WORDVEC convert "$TMP/t.out" "$TMP/t.txt" 2>&1)" = "read 18 vectors of dimension 8 from $TMP/t.out (native); wrote 18 to $TMP/t.txt (w2v-text)" ] || fail "convert summary line"

# Options.
$C "$TMP/out/v.wv" "$TMP/lim.txt" --limit 5 --normalize || fail "--limit --normalize"
[ "$(head -1 "$TMP/lim.txt")" = "5 12" ] || fail "--limit 5: header $(head -1 "$TMP/lim.txt")"
awk 'NR > 1 { s = 0; for (i = 2; i <= NF; i++) s += $i * $i; if (s < 0.99999 || s > 1.00001) exit 1 }' "$TMP/lim.txt" || fail "--normalize: rows are not unit length"
$C "$TMP/v.bin" "$TMP/h.npy" --dtype float16 || fail "--dtype float16 npy"
$C "$TMP/v.bin" "$TMP/h.wv" --dtype float16 || fail "--dtype float16 native"
[ "$(stat -c %s "$TMP/h.wv")" -lt "$(stat -c %s "$TMP/out/v.wv")" ] || fail "float16 native is not smaller"
$C "$TMP/v.bin" "$TMP/u.wv" --unit-rows || fail "--unit-rows"
$WORDVEC similar "$TMP/u.wv" cat -k 3 | cmp -s - "$TMP/sim.ref" || fail "unit-rows native answers differ"
# Words a format cannot hold: refused, or replaced on request.
printf '1\t2\n3\t4\n' > "$TMP/vectors.tsv"; printf 'new york\nb\n' > "$TMP/metadata.tsv"
expect_error "space in a w2v word" "new york.*whitespace.*--replace-spaces" $C "$TMP/vectors.tsv" "$TMP/ny.txt"
$C "$TMP/vectors.tsv" "$TMP/ny.txt" --replace-spaces || fail "--replace-spaces"
grep -q "^new_york 1 2$" "$TMP/ny.txt" || fail "--replace-spaces: $(cat "$TMP/ny.txt")"

# Bad input and bad options: one-line errors naming the file and where, no output left behind.
mkdir -p "$TMP/err"
E="$TMP/err/out.bin"
expect_error "unknown --to" "--to: expected one of" $C "$TMP/v.bin" "$E" --to bogus
expect_error "float16 to w2v-bin" "--dtype: float16 applies to the native and npy" $C "$TMP/v.bin" "$E" --dtype float16
expect_error "bad --dtype" "--dtype: expected float32 or float16" $C "$TMP/v.bin" "$E" --dtype int8
expect_error "unknown extension" "out.xyz.*use --to" $C "$TMP/v.bin" "$TMP/err/out.xyz"
expect_error "missing output directory" "does not exist" $C "$TMP/v.bin" "$TMP/nope/out.bin"
cp "$TMP/out/v.npy" "$TMP/err/lonely.npy"
expect_error "npy without its vocabulary" "lonely.vocab does not exist" $C "$TMP/err/lonely.npy" "$E"
printf '2 3\nok 1 2 3\nbad\xff 1 2 3\n' > "$TMP/err/utf8.txt"
expect_error "invalid UTF-8" "utf8.txt: line 3: the word 'bad.xff' is not valid UTF-8" $C "$TMP/err/utf8.txt" "$E"
printf '3 2\r\na 1 2\r\nb 1 2 3\r\nc 1 2\r\n' > "$TMP/err/short.txt"
expect_error "wrong number of values" "short.txt: line 3: expected 2 values, got 3" $C "$TMP/err/short.txt" "$E"
head -c -30 "$TMP/v.bin" > "$TMP/err/cut.bin"
expect_error "truncated binary" "cut.bin: byte [0-9]+: expected the 12 floats of word" $C "$TMP/err/cut.bin" "$E"
printf '99999999999 300\nfoo \x01\x02' > "$TMP/err/huge.bin"; head -c 300 /dev/urandom >> "$TMP/err/huge.bin"
expect_error "size field larger than the file" "huge.bin.*99999999999" $C "$TMP/err/huge.bin" "$E"
: > "$TMP/err/empty.txt"
expect_error "empty file" "empty.txt: the file is empty" $C "$TMP/err/empty.txt" "$E"
[ -z "$(ls "$TMP/err" | grep -v -e f.bin -e utf8.txt -e short.txt -e cut.bin -e huge.bin -e empty.txt -e lonely.npy)" ] || fail "output left behind: $(ls "$TMP/err")"

# fastText .bin: kept whole when both ends support subwords, a warning when a conversion drops them.
$WORDVEC train --quiet --model fasttext --bucket 2000 --threads 1 --epochs 1 --dim 8 --min-count 1 --input "$TMP/corpus.txt" --output "$TMP/ft.bin" || fail "train fasttext"
$C "$TMP/ft.bin" "$TMP/ft2.bin" --to fasttext-bin || fail "fasttext-bin -> fasttext-bin"
cmp -s "$TMP/ft.bin" "$TMP/ft2.bin" || fail "fasttext-bin -> fasttext-bin is not byte-identical"
warn=$($WORDVEC convert "$TMP/ft.bin" "$TMP/ft.wv" 2>&1 >/dev/null) || fail "fasttext-bin -> native"
grep -q "warning: .*ft.bin has subword.*native keeps only the 18 word vectors" <<<"$warn" || fail "no subword warning: $warn"
$C "$TMP/ft.bin" "$TMP/ft.vec" || fail "fasttext-bin -> vec"
$C "$TMP/ft.wv" "$TMP/ft3.vec" && cmp -s "$TMP/ft.vec" "$TMP/ft3.vec" || fail "fasttext-bin -> native -> vec differs from fasttext-bin -> vec"
expect_error "limit with fasttext-bin" "--limit and --normalize: not available with --to fasttext-bin" $C "$TMP/ft.bin" "$TMP/err/f.bin" --to fasttext-bin --limit 3
expect_error "fasttext-bin without subwords" "subword|n-gram" $C "$TMP/v.bin" "$TMP/err/f.bin" --to fasttext-bin

# Peers: numpy reads our .npy, gensim reads our word2vec / fastText / GloVe files, with our values.
if /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  /usr/bin/python3 - "$TMP" <<'PY' || fail "numpy check"
import sys, numpy as np
d = sys.argv[1]
m = np.load(d + "/out/v.npy"); h = np.load(d + "/h.npy")
words = [l.split("\t")[0] for l in open(d + "/out/v.vocab", encoding="utf-8").read().splitlines()]
assert m.dtype == np.float32 and h.dtype == np.float16 and m.shape == (18, 12), (m.dtype, h.dtype, m.shape)
rows = {}
for line in open(d + "/out/v.txt", encoding="utf-8").read().splitlines()[1:]:
    p = line.split(" "); rows[p[0]] = np.array(p[1:], dtype=np.float32)
for i, w in enumerate(words):
    assert np.array_equal(rows[w], m[i]), w
    assert np.array_equal(m[i].astype(np.float16), h[i]), w   # same rounding as numpy
tsv = np.loadtxt(d + "/out/vectors.tsv", delimiter="\t", dtype=np.float32)
assert np.array_equal(tsv, m)
assert open(d + "/out/metadata.tsv", encoding="utf-8").read().splitlines() == words  # no counts: no header row
print("numpy: npy, float16 and projector TSV match the text file")
PY
else echo "numpy absent: peer check skipped"; fi
if /usr/bin/python3 -c "import gensim" 2>/dev/null; then
  /usr/bin/python3 - "$TMP" <<'PY' || fail "gensim check"
import sys, numpy as np
from gensim.models import KeyedVectors
d = sys.argv[1]
m = np.load(d + "/out/v.npy")
words = [l.split("\t")[0] for l in open(d + "/out/v.vocab", encoding="utf-8").read().splitlines()]
for name, kw in (("back/v.txt.bin", dict(binary=True)), ("out/v.txt", {}), ("out/v.vec", {}),
                 ("out/v.glove", dict(no_header=True))):
    kv = KeyedVectors.load_word2vec_format(d + "/" + name, **kw)
    assert kv.index_to_key == words, name
    assert np.array_equal(kv.vectors, m), name   # bit-exact: shortest decimals read back exactly
print("gensim: w2v-bin, w2v-text, fasttext-vec and glove-text load bit-exact")
PY
else echo "gensim absent: peer check skipped"; fi
finish
