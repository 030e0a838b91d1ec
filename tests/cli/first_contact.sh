# First contact: every hint leads to the right option, numeric options refuse what they cannot take,
# help is where users look for it, tables line up with wide characters, eval says which convention it
# follows, fastText sizes are told before the work, and embed warns about SIF on few lines.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
T="$WORDVEC train --quiet --threads 2 --epochs 2 --dim 16 --min-count 1 --sample 0"
$T --input "$TMP/corpus.txt" --output "$TMP/v.bin" || fail "train"
V="$TMP/v.bin"

# expect_usage NAME PATTERN COMMAND...: a usage error: exit 2 and PATTERN on stderr.
expect_usage() {
  local name=$1 pattern=$2; shift 2
  local out rc
  out=$("$@" 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] || { fail "$name: exit $rc, expected 2: $out"; return; }
  grep -qE -- "$pattern" <<<"$out" || { fail "$name: '$out' does not match '$pattern'"; return; }
  echo "ok: $name: $out"
}

# Hints name the option the command really has, and list every accepted value.
expect_usage "convert: extension hint names --to" "use --to \(" $WORDVEC convert "$V" "$TMP/vx.glove"
[ -e "$TMP/vx.glove" ] && fail "convert wrote a file after a usage error"
expect_usage "convert --to bogus names --to" "option --to: expected one of w2v-bin, w2v-text, glove-text, fasttext-vec, projector-tsv, npy, native, fasttext-bin, got 'bogus'" \
  $WORDVEC convert "$V" "$TMP/x.txt" --to bogus
expect_usage "convert --from bogus names --from" "option --from: expected one of" $WORDVEC convert "$V" "$TMP/x.txt" --from bogus
expect_usage "--model CBOW lists every model" "option --model: expected one of skipgram, cbow, fasttext, glove, supervised, dbow, dm, got 'CBOW' \(did you mean 'cbow'\?\)" \
  $T --model CBOW --input "$TMP/corpus.txt" --output "$TMP/x.bin"
expect_usage "--model GloVe" "did you mean 'glove'" $T --model GloVe --input "$TMP/corpus.txt" --output "$TMP/x.bin"
expect_usage "similar --method" "option --method: expected add or mul, got 'div'" $WORDVEC similar "$V" cat --method div
expect_usage "eval --method" "option --method: expected one of add, mul, both" $WORDVEC eval "$V" --analogies x --method div
expect_usage "eval --oov" "option --oov: expected one of skip, subword, both" $WORDVEC eval "$V" --analogies x --oov no
expect_usage "convert --dtype" "option --dtype: expected float32 or float16, got 'int8'" $WORDVEC convert "$V" "$TMP/x.wv" --dtype int8
expect_usage "embed --keys" "option --keys: expected number or text" $WORDVEC embed "$V" --keys name
expect_usage "cluster --centroids-format" "option --centroids-format: expected one of" \
  $WORDVEC cluster "$V" -k 2 --centroids "$TMP/c.txt" --centroids-format bogus
expect_usage "train --format" "option --format: expected one of" $T --input "$TMP/corpus.txt" --output "$TMP/x.bin" --format bogus

# fastText's and word2vec.c's single-dash options get the name wordvec uses.
for pair in input:input output:output dim:dim epoch:epochs minCount:min-count thread:threads lr:lr ws:window \
            neg:negative minn:minn maxn:maxn bucket:bucket train:input size:dim iter:epochs alpha:lr; do
  theirs=${pair%%:*} ours=${pair#*:}
  expect_usage "fastText-style -$theirs" "option '-$theirs': .*did you mean --$ours\?" \
    $WORDVEC train -$theirs 5 --input "$TMP/corpus.txt" --output "$TMP/x.bin"
done
expect_usage "fastText habits" "did you mean --input\?" $WORDVEC train -input "$TMP/corpus.txt" -output "$TMP/x.bin"
expect_usage "-wordNgrams has no counterpart" "no counterpart" $WORDVEC train -wordNgrams 2 --input "$TMP/corpus.txt" --output "$TMP/x.bin"
expect_usage "misspelt long option" "unrecognised option '--dimm' \(did you mean '--dim'\?\)" $T --dimm 5 --input "$TMP/corpus.txt" --output "$TMP/x.bin"
expect_usage "misspelt command" "unknown command 'trian' \(did you mean 'train'\?\)" $WORDVEC trian
[ -e "$TMP/x.bin" ] && fail "a usage error wrote $TMP/x.bin"

# wordvec help CMD = wordvec CMD --help.
for cmd in train similar analogy eval convert embed cluster reduce print-vectors; do
  cmp -s <($WORDVEC help $cmd) <($WORDVEC $cmd --help) || fail "'wordvec help $cmd' differs from '$cmd --help'"
done
cmp -s <($WORDVEC help train --model glove) <($WORDVEC train --model glove --help) || fail "help train --model glove"
$WORDVEC help | grep -q "^  train " || fail "'wordvec help' lists no commands"
echo "ok: wordvec help CMD = wordvec CMD --help"

# train reads --model from its one parse of the command line, as Boost reads every option: an abbreviation
# or --model=NAME picks the model's own options; an option of another model is unknown to this one.
cmp -s <($WORDVEC train --mod supervised --help) <($WORDVEC train --model supervised --help) || fail "train --mod supervised"
cmp -s <($WORDVEC train --help --model=glove) <($WORDVEC train --model glove --help) || fail "train --model=glove"
expect_usage "an option of another model" "unrecognised option '--word-ngrams'" \
  $WORDVEC train --model glove --word-ngrams 2 --input "$TMP/corpus.txt" --output "$TMP/x.bin"
# An abbreviation one model resolves stays valid for it, though it matches options of two models.
$WORDVEC train --model glove --out "$TMP/g.txt" --input "$TMP/corpus.txt" --min-count 1 --epochs 1 --dim 8 -q && [ -s "$TMP/g.txt" ] \
  || fail "train --model glove --out (an abbreviation of --output)"
expect_usage "an option no model has, before --model" "unrecognised option '--dimm' \(did you mean '--dim'\?\)" \
  $WORDVEC train --dimm 5 --model supervised --input "$TMP/corpus.txt" --output "$TMP/x"

# Numeric options: a negative or out-of-range value is a usage error naming the option itself.
printf 'a b 1\n' > "$TMP/pairs.txt"
T="$WORDVEC train --quiet --threads 2"
while IFS='|' read -r opt cmd; do
  # shellcheck disable=SC2086
  expect_usage "$opt -1" "option --?$opt" $cmd --$opt -1
done <<EOF2
max-vocab|$T --input $TMP/corpus.txt --output $TMP/x.bin
min-count|$T --input $TMP/corpus.txt --output $TMP/x.bin
bucket|$T --input $TMP/corpus.txt --output $TMP/x.bin
seed|$T --input $TMP/corpus.txt --output $TMP/x.bin
epochs|$T --input $TMP/corpus.txt --output $TMP/x.bin
minn|$T --model fasttext --input $TMP/corpus.txt --output $TMP/x.bin
maxn|$T --model fasttext --input $TMP/corpus.txt --output $TMP/x.bin
sample|$T --input $TMP/corpus.txt --output $TMP/x.bin
window|$T --model glove --input $TMP/corpus.txt --output $TMP/x.bin
x-max|$T --model glove --input $TMP/corpus.txt --output $TMP/x.bin
memory|$T --model glove --input $TMP/corpus.txt --output $TMP/x.bin
epochs|$T --model glove --input $TMP/corpus.txt --output $TMP/x.bin
k|$WORDVEC similar $V cat
restrict|$WORDVEC similar $V cat
k|$WORDVEC analogy $V cat dog red
restrict|$WORDVEC eval $V --similarity $TMP/pairs.txt
similarity-restrict|$WORDVEC eval $V --similarity $TMP/pairs.txt
limit|$WORDVEC convert $V $TMP/x.txt
k|$WORDVEC cluster $V
limit|$WORDVEC cluster $V
iterations|$WORDVEC cluster $V
threads|$WORDVEC cluster $V
top|$WORDVEC reduce $V
width|$WORDVEC reduce $V --svg $TMP/x.svg
height|$WORDVEC reduce $V --svg $TMP/x.svg
font-size|$WORDVEC reduce $V --svg $TMP/x.svg
sif|$WORDVEC embed $V
EOF2
expect_usage "-k -1 (short)" "option --k: expected a non-negative integer, got '-1'" $WORDVEC similar "$V" cat -k -1
expect_usage "--restrict -1 does not wrap" "option --restrict: expected a non-negative integer" $WORDVEC eval "$V" --similarity "$TMP/pairs.txt" --restrict -1
expect_usage "cluster -k 0" "option --k" $WORDVEC cluster "$V" -k 0
[ -e "$TMP/x.bin" ] || [ -e "$TMP/x.txt" ] || [ -e "$TMP/x.svg" ] && fail "a refused option left an output file"

# An unknown query word: its case variants, else its nearest spellings in the vocabulary.
out=$($WORDVEC similar "$V" Cat 2>&1 >/dev/null)
grep -q "word 'Cat' not in vocabulary (did you mean 'cat'?)" <<<"$out" && echo "ok: $out" || fail "case hint: $out"
out=$($WORDVEC similar "$V" hors 2>&1 >/dev/null)
grep -q "(did you mean 'horse'?)" <<<"$out" && echo "ok: $out" || fail "spelling hint: $out"
out=$($WORDVEC analogy "$V" cat Dog red 2>&1 >/dev/null)
grep -q "did you mean 'dog'" <<<"$out" && echo "ok: $out" || fail "analogy hint: $out"

# Tables align by display width: wide (CJK) characters take two columns.
cat > "$TMP/wide.txt" <<'EOF2'
5 3
cat 1 0 0
中文字 0.9 0.1 0
हि 0.8 0.2 0
ab 0.7 0.3 0
日本 0.6 0.4 0
EOF2
$WORDVEC similar "$TMP/wide.txt" cat -k 4 > "$TMP/wide.out" || fail "similar on wide words"
/usr/bin/python3 - "$TMP/wide.out" <<'PY' && echo "ok: scores line up with wide words" || fail "table misaligned: $(cat "$TMP/wide.out")"
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l[:3].strip().isdigit()]
cols = {width(r[:r.rindex(" ")]) for r in rows}
assert len(rows) == 4 and len(cols) == 1, (rows, cols)
PY

# eval states the restriction's convention and prints coverage beside every accuracy.
printf ': animals\ncat dog cow horse\ncat dog unicorn horse\n' > "$TMP/q.txt"
$WORDVEC eval "$V" --analogies "$TMP/q.txt" > "$TMP/eval.out" || fail "eval"
grep -q "restrict 30000 as word2vec.c compute-accuracy and the papers; gensim evaluate_word_analogies defaults to 300000: use --restrict 300000 to compare" "$TMP/eval.out" \
  || fail "eval header does not state the convention: $(cat "$TMP/eval.out")"
grep -qE '^  total +2 +1 +50.00% +[0-9.]+%' "$TMP/eval.out" || fail "eval: no coverage beside the accuracy: $(cat "$TMP/eval.out")"
$WORDVEC eval "$V" --analogies "$TMP/q.txt" --restrict 300000 | grep -q "restrict 300000 as gensim evaluate_word_analogies" \
  || fail "eval --restrict 300000: convention not stated"
echo "ok: eval states its convention and coverage"

# fastText: the input matrix size is printed before the work, and --help says what --bucket costs.
$WORDVEC train --model fasttext --threads 2 --epochs 1 --dim 10 --min-count 1 --bucket 1000 \
  --input "$TMP/corpus.txt" --output "$TMP/ft.bin" 2> "$TMP/ft.err" || fail "train fasttext"
grep -q "subwords: the input matrix has 1000 n-gram buckets + 1 row per word, 10 floats each: 0 MB + 40 bytes per word" "$TMP/ft.err" \
  || fail "no input matrix size: $(cat "$TMP/ft.err")"
[ "$(grep -n 'subwords:' "$TMP/ft.err" | cut -d: -f1)" -lt "$(grep -n '^train' "$TMP/ft.err" | head -1 | cut -d: -f1)" ] \
  || fail "the size comes after training started"
$WORDVEC train --help | grep -q "2000000 at dim 100 is 800 MB" || fail "train --help does not say what --bucket costs"
# A matrix larger than the free memory is a warning, not an error (nothing is allocated before it)...
out=$($WORDVEC train --model fasttext --threads 1 --epochs 1 --dim 100000 --bucket 100000000 --min-count 1000000 \
        --input "$TMP/corpus.txt" --output "$TMP/huge.bin" 2>&1); rc=$?
grep -q "warning: the input matrix (40000000 MB) exceeds the available memory" <<<"$out" \
  && echo "ok: memory warning" || fail "no memory warning: $out"
# ... but a model file larger than the free space is refused before the corpus is read.
[ "$rc" -ne 0 ] || fail "a model larger than the free space was not refused"
grep -q "huge.bin: cannot write: it needs about 40000000.0 MB, but .* MB free" <<<"$out" \
  && echo "ok: disk space refused" || fail "no free-space error: $out"
[ -e "$TMP/huge.bin" ] && fail "huge.bin written"

# embed: SIF on few lines warns; --normalize-words averages unit word vectors (fastText's rule).
printf 'cat dog\nred blue\n' > "$TMP/two.txt"
$WORDVEC embed "$V" --input "$TMP/two.txt" --sif 1e-3 -q > /dev/null 2> "$TMP/sif.err" || fail "embed --sif"
grep -q "warning: SIF removes the first principal component .* from 2 lines (fewer than 1000)" "$TMP/sif.err" \
  && echo "ok: SIF warning" || fail "no SIF warning: $(cat "$TMP/sif.err")"
$WORDVEC embed "$V" --input "$TMP/two.txt" --sif 1e-3 --keep-component -q 2>&1 >/dev/null | grep -q "warning: SIF" \
  && fail "SIF warning without component removal"
$WORDVEC embed --help | tr -s ' \n' ' ' | grep -q -- "--normalize-words .*as fastText's print-sentence-vectors does" || fail "embed --help: --normalize-words"
$WORDVEC embed "$V" --input "$TMP/two.txt" --normalize-words -q > "$TMP/norm.txt" || fail "embed --normalize-words"
$WORDVEC print-vectors "$V" <<<"cat dog" > "$TMP/cd.txt" || fail "print-vectors"
/usr/bin/python3 - "$TMP/cd.txt" "$TMP/norm.txt" <<'PY' && echo "ok: --normalize-words = mean of unit vectors" || fail "--normalize-words"
import sys, math
rows = [list(map(float, l.split()[1:])) for l in open(sys.argv[1])]
unit = [[x / math.sqrt(sum(y * y for y in r)) for x in r] for r in rows]
want = [(a + b) / 2 for a, b in zip(*unit)]
got = list(map(float, open(sys.argv[2]).readlines()[1].split()[1:]))
assert max(abs(a - b) for a, b in zip(want, got)) < 1e-5, (want, got)
PY
if command -v fasttext >/dev/null; then
  printf 'cat dog cow\nred blue green\ndog horse pig sheep cats\n' > "$TMP/three.txt"
  fasttext print-sentence-vectors "$TMP/ft.bin" < "$TMP/three.txt" > "$TMP/ft.sent" || fail "fasttext print-sentence-vectors"
  $WORDVEC embed "$TMP/ft.bin" --input "$TMP/three.txt" --normalize-words -q > "$TMP/ours.sent" || fail "embed ft.bin"
  /usr/bin/python3 - "$TMP/ft.sent" "$TMP/ours.sent" <<'PY' && echo "ok: --normalize-words matches fasttext print-sentence-vectors" || fail "differs from fasttext print-sentence-vectors"
import sys
theirs = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
ours = [list(map(float, l.split()[1:])) for l in open(sys.argv[2]).readlines()[1:]]
assert len(theirs) == len(ours) == 3, (len(theirs), len(ours))
for t, o in zip(theirs, ours):
    assert max(abs(a - b) for a, b in zip(t, o)) < 1e-4, (t, o)
PY
else
  echo "note: fasttext absent; the print-sentence-vectors comparison is skipped"
fi
finish
