# GloVe end to end: train on a tiny corpus in every output format, save and reuse the
# co-occurrence counts, reject corrupt count files, leave no temporary files behind.
source "$(dirname "$0")/common.bash"
# Two topics, as make_corpus, but 1 word in 5 comes from the other topic: GloVe fits only the
# counts it sees, so it finds the topics in the contrast between in-topic and cross-topic counts
# (with no cross-topic counts the biases alone fit everything, in Stanford's glove.c too).
awk 'BEGIN { srand(7);
  split("cat dog mouse horse cow sheep goat pig", a, " ");
  split("red green blue yellow black white brown pink", b, " ");
  for (l = 0; l < 3000; l++) {
    line = "";
    for (k = 0; k < 12; k++) { t = (l % 2 == 0) == (rand() < 0.8); w = t ? a[int(rand() * 8) + 1] : b[int(rand() * 8) + 1]; line = line (k ? " " : "") w; }
    print line } }' > "$TMP/corpus.txt"
mkdir -p "$TMP/spill"
G="$WORDVEC train --model glove --dim 20 --min-count 1 --seed 3 --threads 2 --temp-dir $TMP/spill"
E="--epochs 15 --x-max 10"

$G $E --quiet --input "$TMP/corpus.txt" --output "$TMP/g.bin" --save-cooccur "$TMP/co.bin" || fail "train failed"
head -1 "$TMP/g.bin" | grep -qx "16 20" || fail "header is '$(head -1 "$TMP/g.bin")', expected '16 20'"
out=$($WORDVEC similar "$TMP/g.bin" cat -k 7) || fail "similar failed"
n=$(grep -cE ' (dog|mouse|horse|cow|sheep|goat|pig) ' <<<"$out")
[ "$n" -eq 7 ] || fail "neighbours of cat are not the other animals: $out"

# Stanford records: 16 bytes each, every (w1, w2) pair of the 16 words (16x16).
size=$(stat -c %s "$TMP/co.bin")
[ "$size" -eq $((256 * 16)) ] || fail "co-occurrence file has $size bytes, expected $((256 * 16))"

# Every output format.
$G --quiet --input "$TMP/corpus.txt" --output "$TMP/g.txt" || fail "txt failed"
head -1 "$TMP/g.txt" | grep -qx "16 20" || fail "txt: bad header"
$G --quiet --input "$TMP/corpus.txt" --output "$TMP/g.vec" || fail "vec failed"
$G --quiet --input "$TMP/corpus.txt" --output "$TMP/g.glove" --format glove-text || fail "glove-text failed"
[ "$(wc -l < "$TMP/g.glove")" -eq 16 ] || fail "glove-text: expected 16 lines without header"
$WORDVEC similar "$TMP/g.glove" cat -k 1 > /dev/null || fail "glove-text cannot be queried"

# Training from the saved counts; a tiny memory budget spills and merges and still works.
$G $E --quiet --input "$TMP/corpus.txt" --output "$TMP/f.bin" --cooccur "$TMP/co.bin" || fail "--cooccur failed"
out=$($WORDVEC similar "$TMP/f.bin" red -k 7) || fail "similar on --cooccur vectors failed"
[ "$(grep -cE ' (green|blue|yellow|black|white|brown|pink) ' <<<"$out")" -eq 7 ] || fail "--cooccur vectors: $out"
$G $E --input "$TMP/corpus.txt" --output "$TMP/m.bin" --memory 0.000002 --save-cooccur "$TMP/co2.bin" 2> "$TMP/m.log" \
  || fail "tiny --memory failed: $(cat "$TMP/m.log")"
grep -qE '[1-9][0-9]* spill files' "$TMP/m.log" || fail "tiny --memory did not spill: $(grep co-occ "$TMP/m.log")"
cmp -s "$TMP/co.bin" "$TMP/co2.bin" || fail "counts with a tiny memory budget differ from the in-memory counts"
grep -qE '^glove: 100.0% .*loss .*done' "$TMP/m.log" || fail "no final progress line"

# The vocabulary as Stanford's vocab.txt: ties in byte order (vocab_count's), so its ids and ours
# agree; --vocab with --cooccur needs no corpus and trains exactly as from the corpus.
printf 'zeta beta\nalpha beta zeta\ngamma\n' > "$TMP/ties.txt"
$G --quiet --epochs 1 --input "$TMP/ties.txt" --output "$TMP/t.bin" --save-vocab "$TMP/ties.vocab" || fail "--save-vocab failed"
[ "$(tr '\n' ' ' < "$TMP/ties.vocab")" = "beta 2 zeta 2 alpha 1 gamma 1 " ] \
  || fail "vocab file: '$(tr '\n' ' ' < "$TMP/ties.vocab")', expected count order, ties in byte order"
G1="$WORDVEC train --model glove --dim 20 --min-count 1 --seed 3 --threads 1 $E --quiet"
$G1 --input "$TMP/corpus.txt" --output "$TMP/v0.bin" --save-vocab "$TMP/v.vocab" || fail "--save-vocab failed"
[ "$(wc -l < "$TMP/v.vocab")" -eq 16 ] || fail "vocab file: expected 16 lines"
$G1 --input "$TMP/corpus.txt" --output "$TMP/v1.bin" --cooccur "$TMP/co.bin" || fail "--cooccur failed"
$G1 --vocab "$TMP/v.vocab" --output "$TMP/v2.bin" --cooccur "$TMP/co.bin" || fail "--vocab --cooccur without --input failed"
cmp -s "$TMP/v1.bin" "$TMP/v2.bin" || fail "vectors from --vocab + --cooccur differ from those with the counted vocabulary"
sed '3s/ .*/ many/' "$TMP/v.vocab" > "$TMP/bad.vocab"
expect_error "bad vocab line" "bad.vocab: line 3: expected 'word count'" \
  $G1 --vocab "$TMP/bad.vocab" --output "$TMP/x.bin" --cooccur "$TMP/co.bin"
expect_error "no corpus" "--input" $G1 --output "$TMP/x.bin" --cooccur "$TMP/co.bin"

# Corrupt count files: clear errors, no output.
head -c 100 "$TMP/co.bin" > "$TMP/trunc.bin"
expect_error "truncated cooccur" "trunc.bin: expected a size that is a multiple of 16" \
  $G --quiet --input "$TMP/corpus.txt" --output "$TMP/x.bin" --cooccur "$TMP/trunc.bin"
printf '\x63\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f' > "$TMP/range.bin"
expect_error "id out of range" "range.bin: record 1 .*1\.\.16.*got 99" \
  $G --quiet --input "$TMP/corpus.txt" --output "$TMP/x.bin" --cooccur "$TMP/range.bin"
expect_error "missing cooccur" "nope.bin" $G --quiet --input "$TMP/corpus.txt" --output "$TMP/x.bin" --cooccur "$TMP/nope.bin"
expect_error "bad x-max" "--x-max" $G --quiet --input "$TMP/corpus.txt" --output "$TMP/x.bin" --x-max 0
expect_error "bad memory" "--memory" $G --quiet --input "$TMP/corpus.txt" --output "$TMP/x.bin" --memory -1
[ -e "$TMP/x.bin" ] && fail "an output was written after an error"

# Ctrl-C (during training; the unit tests interrupt counting): exit 130, no output, no temporary files.
awk 'BEGIN { srand(3); for (l = 0; l < 5000; l++) { s = ""; for (k = 0; k < 20; k++) s = s " w" int(rand() * rand() * 3000); print s } }' > "$TMP/big.txt"
$G --quiet --input "$TMP/big.txt" --output "$TMP/int.bin" --epochs 100000 --memory 0.001 2> "$TMP/int.log" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 130 ] || fail "interrupted run exited $rc, expected 130"
[ -e "$TMP/int.bin" ] && fail "an interrupted run wrote output"
[ -z "$(ls -A "$TMP/spill")" ] || fail "temporary files left behind: $(ls -A "$TMP/spill")"

help=$($WORDVEC train --model glove --help)
for opt in window min-count x-max power epochs lr dim threads memory seed save-cooccur cooccur save-vocab vocab; do
  grep -q -- "--$opt" <<<"$help" || fail "train --model glove --help does not list --$opt"
done
grep -q -- '--window arg (=10)' <<<"$help" || fail "glove --window default is not 10"
finish
