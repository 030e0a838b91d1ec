# `wordvec phrases`: joins a planted phrase, two passes, the saved list, connector words,
# bad input (one line, exit code, nothing written); and `train --loss hs` end to end.
source "$(dirname "$0")/common.bash"
P="$WORDVEC phrases --quiet --threads 2"
awk 'BEGIN { srand(3); split("cat dog mouse horse cow sheep goat pig", a, " ");
  for (l = 0; l < 2000; l++) { line = "";
    for (k = 0; k < 10; k++) { w = (rand() < 0.005) ? "new york" : (rand() < 0.005 ? "bank of america" : a[int(rand() * 8) + 1]);
      line = line (k ? " " : "") w }
    if (l % 40 == 0) line = line " new york times"
    print line } }' > "$TMP/c.txt"

$P --input "$TMP/c.txt" --output "$TMP/p.txt" --save-phrases "$TMP/list.tsv" || fail "phrases failed"
grep -q "new_york" "$TMP/p.txt" || fail "new york was not joined"
grep -qw "york" "$TMP/p.txt" && fail "a lone york is left"
[ "$(wc -l < "$TMP/p.txt")" -eq 2000 ] || fail "line count changed: $(wc -l < "$TMP/p.txt")"
[ "$(wc -w < "$TMP/c.txt")" -gt "$(wc -w < "$TMP/p.txt")" ] || fail "no token was joined"
grep -q $'^new_york\t' "$TMP/list.tsv" || fail "new_york missing from the saved list: $(head -3 "$TMP/list.tsv")"
grep -q "cat_dog" "$TMP/list.tsv" && fail "random neighbours scored as a phrase"
# The phrases cover all the text: removing the delimiter gives the input back.
tr '_' ' ' < "$TMP/p.txt" | cmp -s - "$TMP/c.txt" || fail "joining changed the words"

$P --input "$TMP/c.txt" --output "$TMP/p2.txt" --passes 2 --threshold 50,20 || fail "two passes failed"
grep -q "new_york_times" "$TMP/p2.txt" || fail "two passes did not make new_york_times"
$P --input "$TMP/c.txt" --output "$TMP/pc.txt" --connector-words english --delimiter + || fail "connectors failed"
grep -q "bank+of+america" "$TMP/pc.txt" || fail "connector words not kept inside the phrase"
$P --input "$TMP/c.txt" --output "$TMP/pn.txt" --scoring npmi --threshold 0.5 || fail "npmi failed"
grep -q "new_york" "$TMP/pn.txt" || fail "npmi did not join new york"
$WORDVEC phrases --help | grep -q -- "--threshold" || fail "--help lists no --threshold"
# Raw text through a tokenizer: "New York" and "NEW YORK" are the same pair once the words
# tokenizer has lower-cased them, and "cat," is "cat ,"; the output
# holds the tokens joined by spaces, and a second pass reads it as it is.
sed -e 's/new york/New York/g' -e '1~3s/New York/NEW YORK/' -e '1~5s/ cat / cat, /' "$TMP/c.txt" > "$TMP/raw.txt"
grep -q "NEW YORK" "$TMP/raw.txt" && grep -q "cat," "$TMP/raw.txt" || fail "the raw-text fixture lacks capitals or commas"
$P --input "$TMP/raw.txt" --output "$TMP/pt.txt" --tokenizer words --passes 2 --threshold 50,20 \
  || fail "phrases --tokenizer words failed"
grep -q "new_york_times" "$TMP/pt.txt" || fail "--tokenizer words: new york (times) was not joined"
grep -qw "york" "$TMP/pt.txt" && fail "--tokenizer words: a lone york is left"
grep -q " , " "$TMP/pt.txt" || fail "--tokenizer words: the commas were not split off"
grep -qE "York|NEW" "$TMP/pt.txt" && fail "--tokenizer words: capitals are left"
expect_error "tokenizer name" "tokenizer" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --tokenizer nope

expect_error "missing input" "nope.txt" $P --input "$TMP/nope.txt" --output "$TMP/out.txt"
expect_error "bad scoring" "--scoring: expected word2vec or npmi" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --scoring pmi
expect_error "npmi threshold" "--threshold: expected a number in \[-1, 1\]" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --scoring npmi --threshold 5
expect_error "threshold list" "--threshold: expected numbers" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --threshold 10,x
expect_error "passes 0" "--passes: expected" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --passes 0
expect_error "space delimiter" "--delimiter: expected" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --delimiter " "
expect_error "memory and max-vocab" "--memory and --max-vocab" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --memory 10 --max-vocab 5000
expect_error "missing output directory" "does not exist" $P --input "$TMP/c.txt" --output "$TMP/no/dir/out.txt"
[ -e "$TMP/out.txt" ] && fail "an output file was left behind"
ls "$TMP" | grep -q 'tmp' && fail "a temporary file was left behind: $(ls "$TMP")"

# Invalid UTF-8, as train takes it: an error naming the option by default, skip leaves the lines out of the
# output, replace puts U+FFFD in; each says so once.
{ cat "$TMP/c.txt"; printf 'the caf\xe9 is open\n'; } > "$TMP/bad.txt"
expect_error "invalid UTF-8" "bad.txt: line 2001, byte .*not valid UTF-8.*--invalid-utf8 skip" $P --input "$TMP/bad.txt" --output "$TMP/out.txt"
[ -e "$TMP/out.txt" ] && fail "invalid UTF-8: an output was written"
out=$($P --input "$TMP/bad.txt" --output "$TMP/ps.txt" --invalid-utf8 skip 2>&1) || fail "--invalid-utf8 skip: $out"
grep -q "phrases: note: .*left out 1 line that is not valid UTF-8 (the first is line 2001)" <<<"$out" || fail "skip: no note: $out"
[ "$(wc -l < "$TMP/ps.txt")" -eq 2000 ] || fail "skip: expected 2000 lines, got $(wc -l < "$TMP/ps.txt")"
grep -q "new_york" "$TMP/ps.txt" || fail "skip: new york was not joined"
out=$($P --input "$TMP/bad.txt" --output "$TMP/pr.txt" --invalid-utf8 replace 2>&1) || fail "--invalid-utf8 replace: $out"
grep -q "phrases: note: .*replaced 1 invalid UTF-8 sequence" <<<"$out" || fail "replace: no note: $out"
[ "$(tail -1 "$TMP/pr.txt")" = $'the caf\xef\xbf\xbd is open' ] || fail "replace: last line is '$(tail -1 "$TMP/pr.txt")'"
expect_error "bad --invalid-utf8" "--invalid-utf8: expected error, skip or replace" $P --input "$TMP/c.txt" --output "$TMP/out.txt" --invalid-utf8 drop
# A byte order mark is skipped with a note, as in train.
{ printf '\xef\xbb\xbf'; cat "$TMP/c.txt"; } > "$TMP/bom.txt"
out=$($P --input "$TMP/bom.txt" --output "$TMP/pb.txt" 2>&1) || fail "phrases on a BOM corpus: $out"
[ "$(grep -c 'skipped the UTF-8 byte order mark' <<<"$out")" = 1 ] || fail "BOM corpus: expected one note: $out"
cmp -s "$TMP/pb.txt" "$TMP/p.txt" || fail "BOM corpus: output differs from the one without the BOM"

# Hierarchical softmax end to end: both losses warned, negative 0 refused without hs.
T="$WORDVEC train --quiet --epochs 1 --threads 2 --min-count 1"
$T --input "$TMP/c.txt" --output "$TMP/hs.txt" --loss hs || fail "train --loss hs failed"
[ "$(head -1 "$TMP/hs.txt" | cut -d' ' -f2)" = 100 ] || fail "hs vectors have no header"
out=$($T --input "$TMP/c.txt" --output "$TMP/both.txt" --hs --negative 2 2>&1) || fail "hs + negative failed"
grep -q "warning: training hierarchical softmax and 2 negative samples" <<<"$out" || fail "no warning for both losses: $out"
expect_error "negative 0 without hs" "--negative: expected an integer in 1..1000" $T --input "$TMP/c.txt" --output "$TMP/x.txt" --negative 0
expect_error "bad loss" "--loss: expected ns or hs" $T --input "$TMP/c.txt" --output "$TMP/x.txt" --loss softmax
expect_error "hs and loss ns" "pick one" $T --input "$TMP/c.txt" --output "$TMP/x.txt" --hs --loss ns
expect_error "subwords with both" "subword models take one loss" $T --model fasttext --input "$TMP/c.txt" --output "$TMP/x.bin" --loss hs --negative 5
if command -v fasttext >/dev/null; then
  $T --model fasttext --bucket 10000 --input "$TMP/c.txt" --output "$TMP/ft.bin" --loss hs || fail "fasttext hs failed"
  fasttext dump "$TMP/ft.bin" args 2>/dev/null | grep -q "^loss hs" || fail "fastText does not read loss hs from our .bin"
fi
finish
