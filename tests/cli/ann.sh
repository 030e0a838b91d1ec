# HNSW: `wordvec index` for a collection and a vector file, `similar --ann` agrees with exact search on a
# small set, and a changed collection's index is refused. Skipped when built without libhnswlib-dev.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
$WORDVEC train --quiet --epochs 3 --dim 16 --min-count 1 --sample 0 --seed 3 --threads 2 --model cbow \
  --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "train failed"
if ! $WORDVEC index "$TMP/v.txt" -q 2> "$TMP/index.err"; then
  grep -q "without hnswlib" "$TMP/index.err" && { echo "SKIP: built without hnswlib (libhnswlib-dev)"; exit 77; }
  fail "index failed: $(cat "$TMP/index.err")"
fi
[ -s "$TMP/v.txt.cosine.hnsw" ] || fail "no sidecar index"
for w in cat red; do
  diff <($WORDVEC similar "$TMP/v.txt" $w -k 5 --tsv | cut -f3) <($WORDVEC similar "$TMP/v.txt" $w -k 5 --tsv --ann | cut -f3) \
    || fail "--ann differs from exact search for $w"
done
expect_error "no euclidean index" "v.txt.euclidean.hnsw: no index: run 'wordvec index" $WORDVEC similar "$TMP/v.txt" cat --ann --metric euclidean
printf 'id,text\n' > "$TMP/d.csv"
for i in $(seq 40); do echo "a$i,cat dog horse"; echo "b$i,red blue pink"; done | awk 'NR % 3 { print } !(NR % 3) { sub(/dog/, "cow"); print }' >> "$TMP/d.csv"
$WORDVEC embed-multi d "$TMP/d.csv" -m "$TMP/v.txt" -d "$TMP/e.db" -q || fail "embed-multi failed"
$WORDVEC index d -d "$TMP/e.db" -q || fail "collection index failed"
# Many items tie (equal texts), so the scores are compared, not which of the tied ids came first.
scores() { sed -E 's/.*"score": ([0-9.]{6}).*/\1/'; }
[ "$($WORDVEC similar d -c 'blue pink' -n 3 -d "$TMP/e.db" --ann | scores)" = "$($WORDVEC similar d -c 'blue pink' -n 3 -d "$TMP/e.db" | scores)" ] \
  || fail "collection --ann differs from exact search"
echo "z1,green yellow" >> "$TMP/d.csv"
$WORDVEC embed-multi d "$TMP/d.csv" -m "$TMP/v.txt" -d "$TMP/e.db" -q || fail "embed-multi (more) failed"
expect_error "stale index" "the index is out of date" $WORDVEC similar d -c cat -d "$TMP/e.db" --ann
finish
