# End to end: train both models on a tiny corpus from a file, a .gz and stdin, in every output
# format, then query the vectors.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
gzip -c "$TMP/corpus.txt" > "$TMP/corpus.txt.gz"
T="$WORDVEC train --epochs 3 --dim 20 --min-count 1 --sample 0 --seed 3"

for model in skipgram cbow; do
  $T --quiet --threads 2 --model $model --input "$TMP/corpus.txt" --output "$TMP/$model.bin" || fail "$model: train failed"
  head -1 "$TMP/$model.bin" | grep -qx "16 20" || fail "$model: header is '$(head -1 "$TMP/$model.bin")', expected '16 20'"
  # 16 words x ("word " + 80 bytes + "\n") + header
  size=$(stat -c %s "$TMP/$model.bin")
  [ "$size" -gt $((16 * 81 + 6)) ] || fail "$model: binary file too small ($size bytes)"
  out=$($WORDVEC similar "$TMP/$model.bin" cat -k 7) || fail "$model: similar failed"
  # The 7 nearest neighbours of an animal are the other animals.
  n=$(grep -cE ' (dog|mouse|horse|cow|sheep|goat|pig) ' <<<"$out")
  [ "$n" -eq 7 ] || fail "$model: neighbours of cat are not the other animals: $out"
  $WORDVEC analogy "$TMP/$model.bin" cat dog red -k 3 > "$TMP/analogy.out" || fail "$model: analogy failed"
  grep -q "dog - cat + red" "$TMP/analogy.out" || fail "$model: analogy header missing"
done

# Text formats by extension and by --format.
$T --quiet --threads 2 --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "txt: train failed"
head -1 "$TMP/v.txt" | grep -qx "16 20" || fail "txt: bad header"
sed -n 2p "$TMP/v.txt" | grep -qE '^[a-z]+( -?[0-9][0-9.e+-]*){20}$' || fail "txt: row is not 'word v1 ... v20' with shortest decimals: $(sed -n 2p "$TMP/v.txt")"
$T --quiet --threads 2 --input "$TMP/corpus.txt" --output "$TMP/v.glove" --format glove-text || fail "glove: train failed"
[ "$(wc -l < "$TMP/v.glove")" -eq 16 ] || fail "glove: expected 16 lines without header"
$WORDVEC similar "$TMP/v.glove" cat -k 1 > /dev/null || fail "glove: cannot be queried"
$T --quiet --threads 2 --input "$TMP/corpus.txt" --output "$TMP/v.out" --format w2v-bin || fail "--format: train failed"
cmp -s <(head -1 "$TMP/v.out") <(echo "16 20") || fail "--format w2v-bin: bad header"

# Same seed, one thread: .gz and stdin give the same vectors as the plain file.
$T --quiet --threads 1 --input "$TMP/corpus.txt" --output "$TMP/a.bin" || fail "plain failed"
$T --quiet --threads 1 --input "$TMP/corpus.txt.gz" --output "$TMP/b.bin" || fail "gz failed"
$T --quiet --threads 1 --input - --output "$TMP/c.bin" < "$TMP/corpus.txt" || fail "stdin failed"
cmp -s "$TMP/a.bin" "$TMP/b.bin" || fail ".gz input gives different vectors"
cmp -s "$TMP/a.bin" "$TMP/c.bin" || fail "stdin input gives different vectors"

# Progress: plain periodic lines when stderr is not a terminal; none with --quiet.
$T --threads 2 --input "$TMP/corpus.txt" --output "$TMP/p.bin" 2> "$TMP/progress.txt" || fail "train with progress failed"
grep -qE '^train: 100.0% .*words/s .*lr .*loss .*done' "$TMP/progress.txt" || fail "no final progress line: $(cat "$TMP/progress.txt")"
grep -q $'\r' "$TMP/progress.txt" && fail "carriage returns in non-terminal progress output"
$T --quiet --threads 2 --input "$TMP/corpus.txt" --output "$TMP/q.bin" 2> "$TMP/quiet.txt"
[ -s "$TMP/quiet.txt" ] && fail "--quiet printed: $(cat "$TMP/quiet.txt")"

# Help lists every option with its default.
help=$($WORDVEC train --help)
for opt in model input output format dim window negative sample min-count max-vocab epochs threads lr ns-exponent seed quiet; do
  grep -q -- "--$opt" <<<"$help" || fail "train --help does not list --$opt"
done
grep -q -- '--dim arg (=100)' <<<"$help" || fail "train --help does not show the default of --dim"
$WORDVEC --help | grep -q train || fail "wordvec --help does not list train"
finish
