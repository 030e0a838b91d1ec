# Fine-tuning and continuing: --init-from starts from pretrained vectors (any format; dim must
# match); --continue takes a --save-model file on to a new corpus with a vocabulary update (a new
# word gets a trained vector, the old words stay near where they were). Bad combinations are
# refused in one line.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/first.txt"
# The second corpus: the same two topics, with "lion" among the animals (never in the first).
awk 'BEGIN { srand(11);
  split("cat dog mouse horse cow sheep goat lion", a, " ");
  split("red green blue yellow black white brown pink", b, " ");
  for (l = 0; l < 1500; l++) {
    line = "";
    for (k = 0; k < 12; k++) { w = (l % 2 == 0) ? a[int(rand() * 8) + 1] : b[int(rand() * 8) + 1]; line = line (k ? " " : "") w; }
    print line } }' > "$TMP/second.txt"
common=(--dim 16 --min-count 5 --epochs 5 --threads 2 --seed 3 -q)

$WORDVEC train -i "$TMP/first.txt" -o "$TMP/first.txt.vec" --format w2v-text "${common[@]}" --save-model "$TMP/first.wvm" ||
  fail "first run failed"

# --continue: the new word is added and trained, the run says what it did and its learning rate.
out=$($WORDVEC train -i "$TMP/second.txt" -o "$TMP/second.vec" --format w2v-text --dim 16 --min-count 5 --epochs 5 \
  --threads 2 --seed 3 --lr 0.01 --continue "$TMP/first.wvm" 2>&1 >/dev/null) || fail "--continue failed: $out"
grep -q "continued .*first.wvm (16 words) with 1 new words; learning rate 0.01 decaying linearly to 1e-06 over 5 epochs" <<<"$out" &&
  echo "ok: --continue says what it added and its learning-rate schedule" || fail "--continue's report: $out"
/usr/bin/python3 - "$TMP/first.txt.vec" "$TMP/second.vec" <<'PY' || fail "continued vectors"
import sys, math
def read(p):
    lines = open(p).read().split("\n")[1:]
    return {l.split()[0]: [float(x) for x in l.split()[1:]] for l in lines if l.strip()}
def cos(a, b):
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
old, new = read(sys.argv[1]), read(sys.argv[2])
assert "lion" in new and "lion" not in old, "lion was not added"
animals, colours = "cat dog mouse horse cow sheep goat".split(), "red green blue yellow black white brown pink".split()
to_animals = sum(cos(new["lion"], new[w]) for w in animals) / len(animals)
to_colours = sum(cos(new["lion"], new[w]) for w in colours) / len(colours)
assert to_animals > to_colours + 0.3, (to_animals, to_colours)
least = min(cos(old[w], new[w]) for w in old)
assert least > 0.8, least
print(f"ok: lion trained among the animals (mean cosine {to_animals:.2f} vs colours {to_colours:.2f}); "
      f"old words stayed near (least cosine with their old vectors {least:.3f})")
PY

expect_error "--continue with another dim" "dim = 16, this run has dim = 24.*--dim 16" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 24 --continue "$TMP/first.wvm" -q
expect_error "--continue with hs" "negative sampling models only" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 16 --loss hs --continue "$TMP/first.wvm" -q
expect_error "--continue from plain vectors" "needs a full model written by --save-model; this is w2v-text vectors" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 16 --continue "$TMP/first.txt.vec" -q
expect_error "--continue with glove" "unrecognised option|unknown option|not GloVe|--continue" \
  $WORDVEC train --model glove -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 16 --continue "$TMP/first.wvm" -q
expect_error "--init-from and --continue" "pick one" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 16 --continue "$TMP/first.wvm" --init-from "$TMP/first.txt.vec" -q

# --init-from: any format we read (word2vec text here, and the binary the converter writes).
$WORDVEC convert "$TMP/first.txt.vec" "$TMP/first.bin" --to w2v-bin || fail "convert"
for f in first.txt.vec first.bin; do
  out=$($WORDVEC train -i "$TMP/second.txt" -o "$TMP/init.vec" --format w2v-text --dim 16 --min-count 5 --epochs 1 \
    --threads 1 --lr 1e-9 --init-from "$TMP/$f" 2>&1 >/dev/null) || fail "--init-from $f failed: $out"
  grep -q "started 15 of 16 words from" <<<"$out" && echo "ok: --init-from $f: 15 of 16 words found (lion is new)" || fail "--init-from $f: $out"
done
# With a negligible learning rate the found words keep their pretrained vectors.
/usr/bin/python3 - "$TMP/first.txt.vec" "$TMP/init.vec" <<'PY' || fail "--init-from vectors"
import sys
def read(p):
    lines = open(p).read().split("\n")[1:]
    return {l.split()[0]: [float(x) for x in l.split()[1:]] for l in lines if l.strip()}
old, new = read(sys.argv[1]), read(sys.argv[2])
worst = max(abs(a - b) for w in old if w in new for a, b in zip(old[w], new[w]))
assert worst < 1e-4, worst
print(f"ok: --init-from: the pretrained words start from their vectors (largest difference {worst:.2e})")
PY
expect_error "--init-from with another dim" "dimension 16, this run trains dimension 32" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 32 --init-from "$TMP/first.txt.vec" -q
expect_error "--init-from a missing file" "missing.vec" \
  $WORDVEC train -i "$TMP/second.txt" -o "$TMP/x.vec" --dim 16 --init-from "$TMP/missing.vec" -q
finish
