# fastText supervised classification: train, predict, test; our .bin read by the fastText CLI with
# the same answers, fastText's own .bin read by us with fastText's answers (skipped without the
# Debian fasttext package); bad input gives one line and a non-zero exit.
source "$(dirname "$0")/common.bash"
HAVE_FT=0; command -v fasttext >/dev/null && HAVE_FT=1

# Labelled lines: 4 classes with their own words plus shared noise words, some lines with two
# labels, so the probabilities are not all 1.
make_labelled() {
  awk -v seed="$2" -v lines="$3" 'BEGIN { srand(seed);
    for (l = 0; l < lines; l++) {
      c = int(rand() * 4); line = "__label__c" c;
      if (rand() < 0.1) line = line " __label__c" (c + 1) % 4;
      n = 4 + int(rand() * 8);
      for (k = 0; k < n; k++) {
        if (rand() < 0.6) line = line " w" c "_" int(rand() * 20); else line = line " noise" int(rand() * 40);
      }
      print line } }' > "$1"
}
make_labelled "$TMP/train.txt" 11 3000
make_labelled "$TMP/test.txt" 12 300
printf 'w1_3 noise2 w1_4\n\nnever seen words\n__label__c2 w2_1 w2_2' >> "$TMP/test.txt"  # unlabelled, empty, no final newline

$WORDVEC train --model supervised --quiet --threads 2 --dim 10 --epochs 5 --word-ngrams 2 --bucket 10000 \
  --input "$TMP/train.txt" --output "$TMP/ours" || fail "train --model supervised"
[ -s "$TMP/ours.bin" ] || fail "no ours.bin (--output is a prefix, as fastText's)"
$WORDVEC test "$TMP/ours.bin" "$TMP/test.txt" > "$TMP/test.ours" || fail "wordvec test"
p1=$(awk -F'\t' '$1 == "P@1" { print $2 }' "$TMP/test.ours")
awk -v p="$p1" 'BEGIN { exit !(p >= 0.8) }' && echo "ok: P@1 $p1 on held-out lines" || fail "P@1 $p1 < 0.8: $(cat "$TMP/test.ours")"
$WORDVEC predict "$TMP/ours.bin" - 2 --prob < "$TMP/test.txt" > "$TMP/stdin.ours" || fail "predict from stdin"
[ "$(wc -l < "$TMP/stdin.ours")" = "$(($(wc -l < "$TMP/test.txt") + 1))" ] || fail "predict: one line out per line in"

# same_output NAME COMMAND-OF-OURS -- COMMAND-OF-FASTTEXT
same_output() {
  local name=$1; shift
  local ours=() theirs=()
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done; shift
  theirs=("$@")
  "${ours[@]}" > "$TMP/a.out" 2>"$TMP/a.err" || { fail "$name: ours failed: $(cat "$TMP/a.err")"; return; }
  "${theirs[@]}" > "$TMP/b.out" 2>/dev/null || { fail "$name: fasttext failed"; return; }
  if cmp -s "$TMP/a.out" "$TMP/b.out"; then echo "ok: $name ($(wc -l < "$TMP/a.out") lines identical)"
  else fail "$name differs: $(diff "$TMP/a.out" "$TMP/b.out" | head -6)"; fi
}

if [ $HAVE_FT = 1 ]; then
  # Our .bin in fastText's CLI.
  same_output "fasttext predict on our .bin" $WORDVEC predict "$TMP/ours.bin" "$TMP/test.txt" 3 -- fasttext predict "$TMP/ours.bin" "$TMP/test.txt" 3
  same_output "fasttext predict-prob on our .bin" $WORDVEC predict --prob "$TMP/ours.bin" "$TMP/test.txt" 2 -- fasttext predict-prob "$TMP/ours.bin" "$TMP/test.txt" 2
  same_output "fasttext test on our .bin" $WORDVEC test "$TMP/ours.bin" "$TMP/test.txt" -- fasttext test "$TMP/ours.bin" "$TMP/test.txt"
  # fastText 0.9.2's test-label never counts a label's gold lines (its Meter counts them only for
  # false-negative curves), so its recall is infinite and its F1 twice the precision: compare the
  # precision column, the labels and the general metrics; ours computes recall and F1 from the counts.
  per_label() { awk 'NF == 10 { print $4, $6, $10; next } { print }'; }
  $WORDVEC test --per-label "$TMP/ours.bin" "$TMP/test.txt" 2 | per_label > "$TMP/tl.ours" || fail "test --per-label"
  fasttext test-label "$TMP/ours.bin" "$TMP/test.txt" 2 | per_label > "$TMP/tl.theirs"
  cmp -s "$TMP/tl.ours" "$TMP/tl.theirs" && echo "ok: test --per-label = fasttext test-label (precision per label, P@2, R@2)" \
    || fail "test-label differs: $(diff "$TMP/tl.ours" "$TMP/tl.theirs" | head -6)"
  # fastText's .bin in ours, every loss (and subwords with one of them).
  for loss in softmax ns hs ova; do
    extra=""; [ $loss = ns ] && extra="-minn 2 -maxn 4"
    fasttext supervised -input "$TMP/train.txt" -output "$TMP/ft_$loss" -dim 10 -epoch 5 -wordNgrams 2 -bucket 10000 \
      -loss $loss -thread 1 $extra -verbose 0 > /dev/null 2>&1 || { fail "fasttext supervised -loss $loss"; continue; }
    same_output "fastText's $loss .bin: predict-prob" $WORDVEC predict --prob "$TMP/ft_$loss.bin" "$TMP/test.txt" 3 -- fasttext predict-prob "$TMP/ft_$loss.bin" "$TMP/test.txt" 3
    same_output "fastText's $loss .bin: test" $WORDVEC test "$TMP/ft_$loss.bin" "$TMP/test.txt" 1 -- fasttext test "$TMP/ft_$loss.bin" "$TMP/test.txt" 1
  done
  same_output "threshold 0.3" $WORDVEC predict --prob "$TMP/ft_softmax.bin" "$TMP/test.txt" 4 0.3 -- fasttext predict-prob "$TMP/ft_softmax.bin" "$TMP/test.txt" 4 0.3
else
  echo "SKIP part: the fasttext CLI is absent (apt-get install fasttext); the round trips through it are not checked"
fi

# Bad input: one line, non-zero exit, nothing written.
printf 'no labels here\nnor here\n' > "$TMP/nolabels.txt"
expect_error "no labels" "no labels" $WORDVEC train --model supervised --quiet --input "$TMP/nolabels.txt" --output "$TMP/nl"
[ -e "$TMP/nl.bin" ] && fail "a model was written for a file without labels"
expect_error "missing model" "nosuch.bin" $WORDVEC predict "$TMP/nosuch.bin" "$TMP/test.txt"
expect_error "not a model" "magic number|not a fastText" $WORDVEC test "$TMP/train.txt" "$TMP/test.txt"
expect_error "bad loss" "loss" $WORDVEC train --model supervised --loss softmaxx --input "$TMP/train.txt" --output "$TMP/x"
expect_error "bad k" "k" $WORDVEC predict "$TMP/ours.bin" "$TMP/test.txt" 0
expect_error "missing input" "nosuch.txt" $WORDVEC test "$TMP/ours.bin" "$TMP/nosuch.txt"
finish
