# Bad input to `wordvec train` and the queries: one-line error naming the file or option,
# non-zero exit, and no output file left behind.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
OUT="$TMP/out.bin"
T="$WORDVEC train --quiet --epochs 1"

expect_error "missing input" "$TMP/nope.txt.*no such file" $T --input "$TMP/nope.txt" --output "$OUT"
expect_error "input is a directory" "$TMP.*not a regular file" $T --input "$TMP" --output "$OUT"
: > "$TMP/empty.txt"
expect_error "empty corpus" "empty.txt.*empty" $T --input "$TMP/empty.txt" --output "$OUT"
printf '   \n\n\t\n' > "$TMP/blank.txt"
expect_error "only whitespace" "blank.txt.*no word occurs at least" $T --input "$TMP/blank.txt" --output "$OUT"
expect_error "no word reaches min-count" "no word occurs at least 100000 times" $T --input "$TMP/corpus.txt" --output "$OUT" --min-count 100000
expect_error "dim 0" "--dim: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --dim 0
expect_error "negative count" "--negative: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --negative -1
expect_error "window 0" "--window: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --window 0
expect_error "threads 0" "--threads: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --threads 0
expect_error "negative lr" "--lr: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --lr -0.1
expect_error "negative init range" "--init-range: expected" $T --input "$TMP/corpus.txt" --output "$OUT" --init-range -0.5
expect_error "not a number" "dim" $T --input "$TMP/corpus.txt" --output "$OUT" --dim abc
expect_error "unknown model" "--model: expected one of skipgram, cbow, fasttext, glove" $T --model bogus --input "$TMP/corpus.txt" --output "$OUT"
expect_error "unknown format" "--format: expected one of" $T --input "$TMP/corpus.txt" --output "$OUT" --format bogus
expect_error "unknown extension" "out.xyz.*--format" $T --input "$TMP/corpus.txt" --output "$TMP/out.xyz"
expect_error "missing output directory" "$TMP/no/such/dir.*does not exist" $T --input "$TMP/corpus.txt" --output "$TMP/no/such/dir/out.bin"
expect_error "unknown option" "unrecognised option|unrecognized option" $T --input "$TMP/corpus.txt" --output "$OUT" --bogus 1
expect_error "missing --input" "input" $WORDVEC train --output "$OUT"
expect_error "unknown command" "unknown command 'bogus'" $WORDVEC bogus
printf 'garbage\x01\x02' | gzip > "$TMP/bad.gz"; head -c 20 "$TMP/bad.gz" > "$TMP/trunc.gz"
expect_error "truncated gzip" "trunc.gz: corrupt or truncated gzip data" $T --input "$TMP/trunc.gz" --output "$OUT"
[ -e "$OUT" ] && fail "an output file was left behind: $OUT"
ls "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left behind: $(ls "$TMP")"

# A failing run leaves an existing output untouched.
echo "precious" > "$OUT"
$T --input "$TMP/nope.txt" --output "$OUT" 2>/dev/null && fail "missing input succeeded"
[ "$(cat "$OUT")" = "precious" ] || fail "existing output was modified by a failed run"

# Malformed vector files for the queries: the error names the file and where.
printf '2 3\nfoo 1 2 3\nbar 1 2\n' > "$TMP/short.txt"
expect_error "short row" "short.txt: line 3: expected 3 values, got 2" $WORDVEC similar "$TMP/short.txt" foo
printf '1000000 100\nfoo ' > "$TMP/huge.bin"; head -c 300 /dev/urandom >> "$TMP/huge.bin"
expect_error "oversized header" "huge.bin" $WORDVEC similar "$TMP/huge.bin" foo
expect_error "missing vectors" "nope.bin.*No such file" $WORDVEC similar "$TMP/nope.bin" foo
expect_error "analogy arity" "expected three words" $WORDVEC analogy "$TMP/short.txt" a b
finish
