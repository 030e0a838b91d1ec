#!/usr/bin/env bash
# Unseen words on a subword (fastText) model: `eval --oov skip|subword|both`, doesnt-match and
# analogy --method mul with words the model never saw.
source "$(dirname "$0")/common.bash" "$@"

[ -x /usr/bin/python3 ] || { echo "skip: /usr/bin/python3 (reads the JSON) is absent"; exit 77; }
make_corpus "$TMP/corpus.txt"
"$WORDVEC" train --model fasttext --input "$TMP/corpus.txt" --output "$TMP/m.bin" --dim 16 --epochs 2 \
  --min-count 1 --bucket 5000 --threads 1 --quiet || { fail "train"; finish; }

# 6 pairs, 3 with an unseen word ("cats", "reds", "zzzq"): skip uses 3, subword all 6.
printf 'cat dog 9\ncats dogs 8\ncat red 1\nreds blue 1\nhorse cow 8\nzzzq red 2\n' >"$TMP/pairs.txt"
# 6 questions: 2 with only known words, 3 with an unseen A/B/C, 1 with an unseen answer D (never answerable).
printf ': animals\ncat dog horse cow\ncats dog horse cow\ncat dogs horse cow\ncat dog horse cows\n: colours\nred green blue yellow\nredd green blue yellow\n' >"$TMP/q.txt"

json() { "$WORDVEC" eval "$TMP/m.bin" --analogies "$TMP/q.txt" --similarity "$TMP/pairs.txt" --json "$@"; }
field() {  # field JSON-TEXT PYTHON-EXPRESSION-OVER-d
  /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
check() {  # check NAME GOT WANT
  if [ "$2" = "$3" ]; then echo "ok: $1 = $2"; else fail "$1: got '$2', expected '$3'"; fi
}

skip=$(json) || fail "eval --oov skip"
check "skip: oov field" "$(field "$skip" 'd["similarity"][0]["oov"]')" skip
check "skip: pairs used" "$(field "$skip" 'd["similarity"][0]["used"]')" 3
check "skip: questions answered" "$(field "$skip" 'd["analogies"][0]["total"]["answered"]')" 2

sub=$(json --oov subword) || fail "eval --oov subword"
check "subword: oov field" "$(field "$sub" 'd["similarity"][0]["oov"]')" subword
check "subword: pairs used" "$(field "$sub" 'd["similarity"][0]["used"]')" 6
check "subword: questions answered" "$(field "$sub" 'd["analogies"][0]["total"]["answered"]')" 5

both=$(json --oov both) || fail "eval --oov both"
check "both: variants" "$(field "$both" '",".join(r["oov"] + ":" + str(r["used"]) for r in d["similarity"])')" "skip:3,subword:6"
check "both: analogy variants" \
  "$(field "$both" '",".join(r["oov"] + ":" + str(r["total"]["answered"]) for r in d["analogies"])')" "skip:2,subword:5"
table=$("$WORDVEC" eval "$TMP/m.bin" --similarity "$TMP/pairs.txt" --oov both) || fail "eval --oov both (table)"
grep -q "unseen words: subword vectors" <<<"$table" || fail "table: no subword section in: $table"

expect_error "--oov on a model without subwords" "no subword vectors" \
  "$WORDVEC" eval "$TMP/m.vec" --similarity "$TMP/pairs.txt" --oov subword
expect_error "--oov bad value" "expected one of skip, subword, both" \
  "$WORDVEC" eval "$TMP/m.bin" --similarity "$TMP/pairs.txt" --oov maybe

# Queries with unseen words: answered on the .bin, refused on the .vec (no subwords).
out=$("$WORDVEC" doesnt-match "$TMP/m.bin" cats dogs horse reds) || fail "doesnt-match with unseen words: $out"
grep -qE -- '->  (cats|dogs|horse|reds)$' <<<"$out" || fail "doesnt-match output: $out"
out=$("$WORDVEC" analogy "$TMP/m.bin" cats dog horse --method mul) || fail "analogy --method mul with an unseen word: $out"
grep -qE '^ +1 ' <<<"$out" || fail "analogy --method mul output: $out"
grep -qE '^ +[0-9]+ +cats ' <<<"$out" && fail "analogy returned an unseen query word: $out"
expect_error "analogy mul, unseen word, no subwords" "not in vocabulary" \
  "$WORDVEC" analogy "$TMP/m.vec" cats dog horse --method mul
finish
