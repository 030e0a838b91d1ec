# Query commands end to end: expressions, batch from a file and from standard input, unknown words,
# table / TSV / JSON output, 3CosMul, doesnt-match, similarity, the interactive prompt, and `wordvec eval`.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
$WORDVEC train --quiet --threads 2 --epochs 3 --dim 20 --min-count 1 --sample 0 --seed 3 \
  --input "$TMP/corpus.txt" --output "$TMP/v.bin" || fail "train failed"
V="$TMP/v.bin"
ANIMALS='cat|dog|mouse|horse|cow|sheep|goat|pig'
COLOURS='red|green|blue|yellow|black|white|brown|pink'

# Several words: one query each (the README's use); an expression: one query without its own words.
out=$($WORDVEC similar "$V" cat red -k 3) || fail "similar: $out"
[ "$(grep -c '^cat$\|^red$' <<<"$out")" -eq 2 ] || fail "similar with two words should answer two queries: $out"
out=$($WORDVEC similar "$V" cat - dog + red -k 3) || fail "expression failed: $out"
head -1 <<<"$out" | grep -qx 'cat - dog + red' || fail "expression header: $out"
[ "$(grep -cE "^ +[0-9]+  ($COLOURS) " <<<"$out")" -eq 3 ] || fail "cat - dog + red should give colours: $out"
grep -qE '^ +[0-9]+  (cat|dog|red) ' <<<"$out" && fail "query words must not be answers: $out"
out2=$($WORDVEC similar "$V" 'cat - dog + red' -k 3) || fail "quoted expression failed"
[ "$out" = "$out2" ] || fail "quoted and unquoted expressions differ: $out2"

# Batch from a file: an unknown word is reported for its query, the others are answered, exit status 1.
printf 'cat\n\nzebra\nred + blue\n' > "$TMP/queries.txt"
$WORDVEC similar "$V" --batch "$TMP/queries.txt" -k 2 > "$TMP/batch.out" 2> "$TMP/batch.err"
rc=$?
[ $rc -eq 1 ] || fail "batch with an unknown word should exit 1, got $rc"
grep -q "zebra.*not in vocabulary" "$TMP/batch.err" || fail "unknown word not reported: $(cat "$TMP/batch.err")"
grep -qx 'cat' "$TMP/batch.out" && grep -qx 'red + blue' "$TMP/batch.out" || fail "other queries not answered: $(cat "$TMP/batch.out")"
# The same from standard input, as TSV: a header and k rows per answered query.
$WORDVEC similar "$V" -k 2 --tsv < "$TMP/queries.txt" > "$TMP/batch.tsv" 2> /dev/null
[ "$(head -1 "$TMP/batch.tsv")" = $'query\trank\tword\tscore' ] || fail "TSV header: $(head -1 "$TMP/batch.tsv")"
[ "$(wc -l < "$TMP/batch.tsv")" -eq 5 ] || fail "TSV rows: $(cat "$TMP/batch.tsv")"
grep -qP '^red \+ blue\t1\t[a-z]+\t-?[0-9.]+$' "$TMP/batch.tsv" || fail "TSV row layout: $(cat "$TMP/batch.tsv")"
# JSON lines: one object per query, the error inside.
$WORDVEC similar "$V" -k 2 --json --batch - < "$TMP/queries.txt" > "$TMP/batch.json"
[ "$(wc -l < "$TMP/batch.json")" -eq 3 ] || fail "JSON lines: $(cat "$TMP/batch.json")"
grep -q '"query":"zebra","error":"word '"'"'zebra'"'"' not in vocabulary"' "$TMP/batch.json" || fail "JSON error: $(cat "$TMP/batch.json")"
if /usr/bin/python3 -c 'import json' 2>/dev/null; then
  /usr/bin/python3 - "$TMP/batch.json" <<'PY' || fail "JSON output does not parse"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["query"] for r in rows] == ["cat", "zebra", "red + blue"], rows
assert len(rows[0]["neighbors"]) == 2 and rows[0]["neighbors"][0]["score"] >= rows[0]["neighbors"][1]["score"]
PY
fi

# Analogy by 3CosAdd and 3CosMul; a batch of analogies.
out=$($WORDVEC analogy "$V" cat dog red -k 3 --method mul) || fail "analogy mul failed"
head -1 <<<"$out" | grep -qx 'dog - cat + red' || fail "analogy header: $out"
[ "$(grep -cE "^ +[0-9]+  ($COLOURS) " <<<"$out")" -eq 3 ] || fail "mul analogy should answer colours: $out"
out=$(printf 'cat dog red\ncat dog\n' | $WORDVEC analogy "$V" -k 1 --json 2>&1)
grep -q '"query":"dog - cat + red","neighbors":\[{"word":"' <<<"$out" || fail "analogy batch: $out"
grep -q 'expected three words A B C, got 2' <<<"$out" || fail "analogy batch arity: $out"
expect_error "analogy method" "expected add or mul" $WORDVEC analogy "$V" cat dog red --method div

# doesnt-match and similarity.
out=$($WORDVEC doesnt-match "$V" cat dog mouse blue) || fail "doesnt-match failed"
grep -q -- '->  blue$' <<<"$out" || fail "doesnt-match: $out"
same=$($WORDVEC similarity "$V" cat dog --tsv | tail -1 | cut -f3)
other=$($WORDVEC similarity "$V" cat blue --tsv | tail -1 | cut -f3)
awk -v a="$same" -v b="$other" 'BEGIN { exit !(a > b && a <= 1.0001 && b >= -1.0001) }' || fail "similarity cat-dog $same should exceed cat-blue $other"
out=$(printf 'cat dog\ncat yak\n' | $WORDVEC similarity "$V" 2>&1)
grep -qE '^cat +dog +[0-9.]+$' <<<"$out" && grep -q "yak.*not in vocabulary" <<<"$out" || fail "similarity batch: $out"
expect_error "similarity arity" "expected two words, got 3" $WORDVEC similarity "$V" cat dog pig

# The interactive prompt when standard input is a terminal.
if command -v script > /dev/null; then
  out=$(printf 'cat\nEXIT\n' | script -qec "$WORDVEC similar $V -k 2" /dev/null 2>&1)
  grep -q 'Enter a word' <<<"$out" && grep -qE "^ +1  ($ANIMALS) " <<<"$out" || fail "interactive prompt: $out"
fi

# eval: analogies and word pairs in a readable table and in JSON.
cat > "$TMP/analogies.txt" <<'Q'
: animals
cat dog mouse horse
CAT DOG MOUSE HORSE
cat dog unicorn horse
: gram-colours
red green blue yellow
Q
printf '# pairs\ncat\tdog\t9\ncat\tred\t1\nred\tblue\t8\nred\tunicorn\t5\n' > "$TMP/pairs.tsv"
out=$($WORDVEC eval "$V" --analogies "$TMP/analogies.txt" --similarity "$TMP/pairs.tsv" --method both) || fail "eval failed: $out"
grep -qE '^  animals +3 +2 +66.67% ' <<<"$out" || fail "eval section row (2 of 3 answered, case-insensitive): $out"
grep -qE '^  semantic +3 +2 ' <<<"$out" && grep -qE '^  syntactic +1 +1 ' <<<"$out" && grep -qE '^  total +4 +3 +75.00%' <<<"$out" \
  || fail "eval totals: $out"
grep -q '3CosMul' <<<"$out" || fail "eval --method both should show 3CosMul: $out"
grep -qE 'pairs.tsv +4 +3 +25.0% ' <<<"$out" || fail "eval similarity row: $out"
out=$($WORDVEC eval "$V" --analogies "$TMP/analogies.txt" --case-sensitive --json) || fail "eval --json failed"
grep -q '"total":{"questions":4,"answered":2,' <<<"$out" || fail "eval --case-sensitive --json: $out"
printf ': s\ncat dog mouse\n' > "$TMP/bad.txt"
expect_error "eval malformed analogies" "bad.txt: line 2: expected 4 words, got 3" $WORDVEC eval "$V" --analogies "$TMP/bad.txt"
expect_error "eval nothing" "nothing to evaluate" $WORDVEC eval "$V"
finish
