# related (and --only-new = a full recompute), cluster's llm-cluster JSON, reduce's map, classify on a
# two-topic collection: centroids, --axis, --knn, --test with accuracy and a confusion matrix.
source "$(dirname "$0")/common.bash"
PY=/usr/bin/python3
$PY -c 'import sqlite3' 2>/dev/null || { echo "SKIP: /usr/bin/python3 has no sqlite3 module"; exit 77; }
make_corpus "$TMP/corpus.txt"
$WORDVEC train --quiet --epochs 3 --dim 16 --min-count 1 --sample 0 --seed 3 --threads 2 --model cbow \
  --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "train failed"
DB="$TMP/x.db"
docs() {  # docs SEED N: "id,text,topic" rows, even ids animals, odd ids colours
  awk -v seed=$1 -v n=$2 'BEGIN { srand(seed); split("cat dog mouse horse cow sheep goat pig", a, " ");
    split("red green blue yellow black white brown pink", b, " "); print "id,text,topic";
    for (i = 0; i < n; i++) { t = i % 2; s = ""; for (k = 0; k < 5; k++) s = s (k ? " " : "") (t ? b[int(rand() * 8) + 1] : a[int(rand() * 8) + 1]);
      print "d" i "," s "," (t ? "colours" : "animals") } }'
}
docs 2 60 > "$TMP/d.csv"
docs 5 20 > "$TMP/test.csv"
$WORDVEC embed-multi d "$TMP/d.csv" -m "$TMP/v.txt" -d "$DB" --store --metadata topic -q || fail "embed-multi failed"
sims() { $PY -c "import sqlite3; [print(*r) for r in sqlite3.connect('$DB').execute('select id, other_id, round(score, 5) from similarities order by id, score desc, other_id')]"; }

# related: 3 per item, itself never among them; --only-new after a change equals a full recompute.
sleep 1.1
$WORDVEC related d -n 3 -d "$DB" -q || fail "related failed"
[ "$(sims | wc -l)" -eq 180 ] || fail "related: expected 180 rows, got $(sims | wc -l)"
sims | awk '$1 == $2 { exit 1 }' || fail "related: an item is related to itself"
sleep 1.1
$WORDVEC related d -n 3 -d "$DB" --only-new 2>&1 | grep -q "nothing changed" || fail "--only-new recomputed an unchanged collection"
sed -i 's/^d7,[^,]*,/d7,red blue green,/; s/^d8,[^,]*,/d8,pig sheep,/' "$TMP/d.csv"
$WORDVEC embed-multi d "$TMP/d.csv" -m "$TMP/v.txt" -d "$DB" --store --metadata topic -q || fail "re-embed failed"
sleep 1.1
$WORDVEC related d -n 3 -d "$DB" --only-new 2> "$TMP/only.err" || fail "--only-new failed"
grep -qE "related items of ([2-9]|[1-5][0-9]) of 60" "$TMP/only.err" || fail "--only-new: $(cat "$TMP/only.err")"
sims > "$TMP/only.txt"
$WORDVEC related d -n 3 -d "$DB" -q || fail "full related failed"
sims > "$TMP/full.txt"
cmp -s "$TMP/only.txt" "$TMP/full.txt" || fail "--only-new differs from a full recompute: $(diff "$TMP/only.txt" "$TMP/full.txt" | head -5)"

# cluster: llm-cluster's JSON; the two topics are the two clusters.
$WORDVEC cluster d 2 -d "$DB" --truncate 5 > "$TMP/c.json" || fail "cluster failed"
$PY - "$TMP/c.json" "$TMP/d.csv" <<'PY' || fail "cluster JSON: $(head -c 300 "$TMP/c.json")"
import csv, json, sys
clusters = json.load(open(sys.argv[1]))
topic = {r["id"]: r["topic"] for r in csv.DictReader(open(sys.argv[2]))}
assert [c["id"] for c in clusters] == ["0", "1"], clusters
for c in clusters:
    assert all(set(i) == {"id", "content"} and len(i["content"]) <= 5 for i in c["items"])
    topics = {topic[i["id"]] for i in c["items"]}
    assert len(topics) == 1, topics
assert sum(len(c["items"]) for c in clusters) == 60
PY

# reduce: a TSV of 60 points and an SVG map coloured by the metadata key.
$WORDVEC reduce d -d "$DB" -o "$TMP/m.tsv" --svg "$TMP/m.svg" --color-by topic --labels content || fail "reduce failed"
[ "$(wc -l < "$TMP/m.tsv")" -eq 61 ] || fail "reduce: expected 61 TSV lines"
grep -q "<svg" "$TMP/m.svg" && grep -q "animals, colours" "$TMP/m.svg" || fail "reduce: no SVG with the colour legend"

# classify: the nearest centroid, the axis sign, k-NN, and a test set.
$WORDVEC classify d --label topic -c "cat dog cow" -d "$DB" --knn 5 | grep -q '"label": "animals".*"knn_label": "animals"' || fail "classify -c"
a=$($WORDVEC classify d --label topic -c "cat dog" --axis animals,colours -d "$DB" --plain | awk '{ print $1 }')
b=$($WORDVEC classify d --label topic -c "red blue" --axis animals,colours -d "$DB" --plain | awk '{ print $1 }')
awk -v a="$a" -v b="$b" 'BEGIN { exit !(a < 0 && b > 0 && a >= -1 && b <= 1) }' || fail "axis: animals $a, colours $b"
$WORDVEC classify d --label topic --test "$TMP/test.csv" --knn 3 -d "$DB" > "$TMP/test.out" || fail "classify --test failed"
grep -q "^centroid: accuracy 1.0000  macro-F1 1.0000  (20 documents)" "$TMP/test.out" || fail "classify --test: $(cat "$TMP/test.out")"
grep -q "^3-NN: accuracy" "$TMP/test.out" && grep -qP '^animals\t10\t0\t' "$TMP/test.out" || fail "confusion matrix: $(cat "$TMP/test.out")"
expect_error "axis label" "option --axis: no label 'plants' \(the labels are: animals, colours\)" \
  $WORDVEC classify d --label topic -c cat --axis animals,plants -d "$DB"
expect_error "label key" "metadata key 'nope': 0 labels" $WORDVEC classify d --label nope -c cat -d "$DB"
finish
