# --deterministic: the same seed gives byte-identical vectors with 1, 2, 3 and 4 threads (more
# threads than CI's two cores on purpose; 3 threads split the merge unevenly), for skip-gram, CBOW,
# fastText and GloVe; Hogwild's are not checked for equality (they race by design), only that
# they are produced.
source "$(dirname "$0")/common.bash"
# ~200 KB of text over 400 words: enough for 64 blocks and several rounds per epoch.
awk 'BEGIN { srand(11);
  for (l = 0; l < 6000; l++) {
    line = ""; t = int(rand() * 4);
    for (k = 0; k < 10; k++) { w = "w" (t * 100 + int(rand() * rand() * 100)); line = line (k ? " " : "") w; }
    print line } }' > "$TMP/corpus.txt"

for model in skipgram cbow fasttext glove; do
  extra="--epochs 2"
  [ $model = fasttext ] && extra="$extra --bucket 5000 --minn 2 --maxn 4"
  [ $model = glove ] && extra="--epochs 5 --x-max 10 --temp-dir $TMP"
  for t in 1 2 3 4; do
    $WORDVEC train --model $model -i "$TMP/corpus.txt" -o "$TMP/$model.$t.txt" --format w2v-text --dim 16 \
      --min-count 1 --seed 5 --threads $t --deterministic --quiet $extra || fail "$model --threads $t failed"
  done
  if cmp -s "$TMP/$model.1.txt" "$TMP/$model.2.txt" && cmp -s "$TMP/$model.1.txt" "$TMP/$model.3.txt" &&
    cmp -s "$TMP/$model.1.txt" "$TMP/$model.4.txt"; then
    echo "ok: $model --deterministic: 1, 2, 3 and 4 threads byte-identical ($(md5sum < "$TMP/$model.1.txt" | cut -c1-12))"
  else
    fail "$model --deterministic: outputs of 1, 2, 3 and 4 threads differ"
  fi
  $WORDVEC train --model $model -i "$TMP/corpus.txt" -o "$TMP/$model.seed6.txt" --format w2v-text --dim 16 \
    --min-count 1 --seed 6 --threads 2 --deterministic --quiet $extra || fail "$model seed 6 failed"
  cmp -s "$TMP/$model.1.txt" "$TMP/$model.seed6.txt" && fail "$model: another seed gave the same vectors"
done
finish
