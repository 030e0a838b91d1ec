# `wordvec train --model dbow|dm` and `wordvec infer`: document vectors keyed by tag, the word
# vectors, the full model, inference (deterministic for a seed), bad input (one line, exit code,
# nothing written).
source "$(dirname "$0")/common.bash"
# 300 documents, even lines about animals, odd lines about colours; with first-token tags "_*N*".
make_corpus "$TMP/all.txt"
head -300 "$TMP/all.txt" > "$TMP/docs.txt"
awk '{ print "_*" NR - 1 "*", $0 }' "$TMP/docs.txt" > "$TMP/tagged.txt"
T="$WORDVEC train --quiet --threads 2 --dim 16 --epochs 10 --min-count 1 --sample 0"

$T --model dbow --input "$TMP/docs.txt" --output "$TMP/docs.vec" --output-words "$TMP/words.txt" \
  --save-model "$TMP/dbow.wvm" || fail "dbow failed"
[ "$(head -1 "$TMP/docs.vec")" = "300 16" ] || fail "expected 300 document vectors: $(head -1 "$TMP/docs.vec")"
grep -q "^17 " "$TMP/docs.vec" || fail "no vector keyed by line number 17"
[ "$(head -1 "$TMP/words.txt")" = "16 16" ] || fail "expected 16 word vectors: $(head -1 "$TMP/words.txt")"
# The documents nearest line 0 (animals) are even lines.
near=$($WORDVEC similar "$TMP/docs.vec" 0 -k 5 2>/dev/null | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { print $2 }')
odd=$(awk '$1 % 2 == 1' <<<"$near" | wc -l)
[ "$(wc -l <<<"$near")" -eq 5 ] && [ "$odd" -eq 0 ] || fail "neighbours of document 0 are not its topic's: $near"

$T --model dm --tags first-token --input "$TMP/tagged.txt" --output "$TMP/dm.txt" --save-model "$TMP/dm.wvm" || fail "dm failed"
grep -q '^_\*5\* ' "$TMP/dm.txt" || fail "no vector keyed by the tag _*5*"
$T --model dbow --dbow-words --loss hs --input "$TMP/docs.txt" --output "$TMP/hs.txt" || fail "dbow-words with hs failed"

# infer: JSON for -c, the same for the same seed, another for another seed.
a=$($WORDVEC infer "$TMP/dbow.wvm" -c "cat dog mouse horse" --seed 3) || fail "infer -c failed"
b=$($WORDVEC infer "$TMP/dbow.wvm" -c "cat dog mouse horse" --seed 3 --threads 1)
c=$($WORDVEC infer "$TMP/dbow.wvm" -c "cat dog mouse horse" --seed 4)
[[ $a == \[*\] ]] || fail "infer -c printed no JSON array: $a"
[ "$a" = "$b" ] || fail "infer is not deterministic for a seed"
[ "$a" != "$c" ] || fail "another seed gave the same vector"
$WORDVEC infer "$TMP/dm.wvm" -i "$TMP/tagged.txt" -o "$TMP/inferred.txt" --epochs 20 || fail "infer -i failed"
[ "$(head -1 "$TMP/inferred.txt")" = "300 16" ] || fail "infer -i wrote $(head -1 "$TMP/inferred.txt")"
grep -q '^_\*7\* ' "$TMP/inferred.txt" || fail "infer -i did not key by the first token"
$WORDVEC infer --help | grep -q -- "--seed" || fail "infer --help lists no --seed"
$WORDVEC train --help | grep -q -- "--dbow-words" || fail "train --help lists no --dbow-words"

expect_error "infer on a word model" "infer needs a dbow or dm model" \
  bash -c "$T --model skipgram --input $TMP/docs.txt --output $TMP/sg.txt --save-model $TMP/sg.wvm && $WORDVEC infer $TMP/sg.wvm -c cat"
expect_error "infer on vectors" "native magic number" $WORDVEC infer "$TMP/docs.vec" -c cat
expect_error "infer -c and -i" "one of -c TEXT or -i FILE" $WORDVEC infer "$TMP/dbow.wvm" -c cat -i "$TMP/docs.txt"
expect_error "infer epochs" "--epochs" $WORDVEC infer "$TMP/dbow.wvm" -c cat --epochs -2
expect_error "bad tags" "--tags: expected line or first-token" $T --model dbow --tags id --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "tags with skipgram" "--tags: only with --model dbow or dm" $T --tags first-token --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "dbow-words with dm" "--dbow-words: only with --model dbow" $T --model dm --dbow-words --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "first-token with words" "needs --tokenizer whitespace" $T --model dbow --tags first-token --tokenizer words --input "$TMP/tagged.txt" --output "$TMP/out.txt"
# Per-epoch evaluation scores word vectors: refused for document models (as wordvec.train refuses it), not ignored.
printf 'cat dog mouse horse\n' > "$TMP/q.txt"
expect_error "eval-analogies with dbow" "option --eval-analogies: does not apply to --model dbow" \
  $T --model dbow --eval-analogies "$TMP/q.txt" --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "eval-similarity with dm" "option --eval-similarity: does not apply to --model dm" \
  $T --model dm --eval-similarity "$TMP/q.txt" --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "early-stop with dbow" "option --early-stop: does not apply to --model dbow" \
  $T --model dbow --early-stop 2 --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "eval-restrict with dm" "option --eval-restrict: does not apply to --model dm" \
  $T --model dm --eval-restrict 100 --input "$TMP/docs.txt" --output "$TMP/out.txt"
expect_error "missing input" "nope.txt" $T --model dm --input "$TMP/nope.txt" --output "$TMP/out.txt"
[ -e "$TMP/out.txt" ] && fail "an output file was left behind"
ls "$TMP" | grep -q 'tmp' && fail "a temporary file was left behind: $(ls "$TMP")"
finish
