# Collections end to end: embed-multi into llm's SQLite schema (checked with Python's sqlite3 module),
# blobs that decode to the vectors `embed -c` prints, unchanged rows skipped, bad rows with their line,
# --strict, model mismatch, a kill -9 mid-run, similar by text, id and file.
source "$(dirname "$0")/common.bash"
PY=/usr/bin/python3
$PY -c 'import sqlite3' 2>/dev/null || { echo "SKIP: /usr/bin/python3 has no sqlite3 module"; exit 77; }
make_corpus "$TMP/corpus.txt"
$WORDVEC train --quiet --epochs 3 --dim 16 --min-count 1 --sample 0 --seed 3 --threads 2 --model cbow \
  --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "train failed"
DB="$TMP/e.db"

cat > "$TMP/docs.csv" <<'CSV'
id,title,body,topic
a1,cat dog,"mouse horse, cow",animals
a2,sheep,goat pig cat,animals
c1,red green,"blue
yellow",colours
c2,black white,brown pink,colours
e1,,,x
u1,zebra,unicorn,x
CSV
$WORDVEC embed-multi docs "$TMP/docs.csv" -m "$TMP/v.txt" -d "$DB" --store --metadata topic 2> "$TMP/em.err" \
  || fail "embed-multi failed: $(cat "$TMP/em.err")"
grep -q "docs.csv: line 7: document 'e1' has no content" "$TMP/em.err" || fail "empty row not reported with its line: $(cat "$TMP/em.err")"
grep -q "docs.csv: line 8: document 'u1': no word of it has a vector" "$TMP/em.err" || fail "unknown words not reported: $(cat "$TMP/em.err")"
grep -q "4 written" "$TMP/em.err" || fail "expected 4 written: $(cat "$TMP/em.err")"

# The schema llm creates, its migration rows, and blobs = the vectors of `embed -c`.
for id in a1 c1; do
  content=$($PY -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select content from embeddings where id='$id'\").fetchone()[0], end='')")
  $WORDVEC embed "$TMP/v.txt" -c "$content" > "$TMP/$id.json" || fail "embed -c failed"
done
$PY - "$DB" "$TMP" <<'PY' || fail "database check failed"
import hashlib, json, sqlite3, struct, sys
db, tmp = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
cols = [r[1] for r in c.execute("pragma table_info(embeddings)")]
assert cols == ["collection_id", "id", "embedding", "content", "content_blob", "content_hash", "metadata", "updated"], cols
assert [r[1] for r in c.execute("pragma table_info(collections)")] == ["id", "name", "model"]
pk = sorted((r[5], r[1]) for r in c.execute("pragma table_info(embeddings)") if r[5])
assert [n for _, n in pk] == ["collection_id", "id"], pk
idx = {r[1] for r in c.execute("pragma index_list(embeddings)")}
assert "idx_embeddings_content_hash" in idx, idx
assert c.execute("pragma foreign_key_list(embeddings)").fetchone()[2] == "collections"
migs = [r[0] for r in c.execute("select name from _sqlite_migrations where migration_set='llm.embeddings' order by name")]
assert migs == ["m001_create_tables", "m002_foreign_key", "m003_add_updated", "m004_store_content_hash", "m005_add_content_blob"], migs
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
assert c.execute("pragma journal_mode").fetchone()[0] == "wal"
rows = {r[0]: r[1:] for r in c.execute("select id, embedding, content, content_hash, metadata from embeddings")}
assert sorted(rows) == ["a1", "a2", "c1", "c2"], sorted(rows)
for id in ["a1", "c1"]:
    blob, content, h, meta = rows[id]
    printed = json.load(open(f"{tmp}/{id}.json"))
    stored = list(struct.unpack("<%df" % (len(blob) // 4), blob))
    assert len(stored) == 16 and stored == [struct.unpack("<f", struct.pack("<f", x))[0] for x in printed], (stored, printed)
    assert h == hashlib.md5(content.encode("utf8")).digest()
assert rows["c1"][1] == "red green blue\nyellow", rows["c1"][1]
assert json.loads(rows["a1"][3]) == {"topic": "animals"}
name, model = c.execute("select name, model from collections").fetchone()
assert name == "docs" and model == "wordvec/v.txt", (name, model)
m = c.execute("select sha256, dim from wordvec_models").fetchone()
assert m[0] == hashlib.sha256(open(f"{tmp}/v.txt", "rb").read()).hexdigest() and m[1] == 16, m
PY

# Unchanged rows are skipped (their `updated` stays); a changed one is replaced.
before=$($PY -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select group_concat(updated) from embeddings order by id\").fetchone()[0])")
sleep 1.1
$WORDVEC embed-multi docs "$TMP/docs.csv" -m "$TMP/v.txt" -d "$DB" --store --metadata topic 2> "$TMP/em2.err" || fail "rerun failed"
# u1 (no word with a vector) was recorded as such: the rerun does not embed it again.
grep -q "0 written (0 replaced), 5 unchanged (1 of them without a known word, as before), 0 without a known word" "$TMP/em2.err" \
  || fail "rerun rewrote rows: $(cat "$TMP/em2.err")"
after=$($PY -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select group_concat(updated) from embeddings order by id\").fetchone()[0])")
[ "$before" = "$after" ] || fail "updated changed on unchanged rows: $before -> $after"
sed -i 's/^a2,sheep,/a2,sheep cow,/' "$TMP/docs.csv"
$WORDVEC embed-multi docs "$TMP/docs.csv" -m "$TMP/v.txt" -d "$DB" --store --metadata topic 2> "$TMP/em3.err" || fail "changed rerun failed"
grep -q "1 written (1 replaced), 4 unchanged" "$TMP/em3.err" || fail "changed row not replaced: $(cat "$TMP/em3.err")"
# A document without a known word is embedded once its content has one (in a copy of the database).
cp "$TMP/docs.csv" "$TMP/docs-u.csv"
sed -i 's/^u1,zebra,/u1,zebra cat,/' "$TMP/docs-u.csv"
$PY -c "import sqlite3; a, b = sqlite3.connect('$DB'), sqlite3.connect('$TMP/u.db'); a.backup(b)"
$WORDVEC embed-multi docs "$TMP/docs-u.csv" -m "$TMP/v.txt" -d "$TMP/u.db" --store --metadata topic 2> "$TMP/em4.err" || fail "rerun with u1 changed failed"
grep -q "1 written (0 replaced), 4 unchanged, 0 without a known word" "$TMP/em4.err" || fail "u1 with a known word not written: $(cat "$TMP/em4.err")"

# Bad input: --strict stops at the first bad row and writes nothing; another model is refused, naming both.
expect_error "strict" "docs.csv: line 7: document 'e1' has no content" \
  $WORDVEC embed-multi strictc "$TMP/docs.csv" -m "$TMP/v.txt" -d "$DB" --metadata topic --strict
$PY -c "import sqlite3,sys; sys.exit(sqlite3.connect('$DB').execute(\"select count(*) from collections where name='strictc'\").fetchone()[0])" \
  || fail "--strict left a collection behind"
printf '[{"id": "j1", "text": "cat dog"},\n {"id": "j2", "text": }]\n' > "$TMP/bad.json"
$WORDVEC embed-multi j "$TMP/bad.json" -m "$TMP/v.txt" -d "$DB" 2> "$TMP/json.err" || fail "json with a bad element failed"
grep -q "bad.json: line 2: malformed JSON" "$TMP/json.err" || fail "bad JSON element not reported at its line: $(cat "$TMP/json.err")"
awk 'NR == 1 { print; next } { print $1, $2 * 2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 }' "$TMP/v.txt" > "$TMP/v2.txt"
expect_error "other model" "was embedded with .*v.txt.*not with .*v2.txt" \
  $WORDVEC embed-multi docs "$TMP/docs.csv" -m "$TMP/v2.txt" -d "$DB"
expect_error "similar other model" "was embedded with .*v.txt.*not with .*v2.txt" \
  $WORDVEC similar docs -c "cat" -m "$TMP/v2.txt" -d "$DB"
expect_error "no collection" "no collection 'nope' \(there are: docs" $WORDVEC similar nope -c cat -d "$DB"
expect_error "files pairs" "option --files: expected pairs DIR GLOB" $WORDVEC embed-multi f --files "$TMP" -m "$TMP/v.txt" -d "$DB"
printf 'not a database, not at all................................................................' > "$TMP/not.db"
expect_error "not a database" "not.db: not a SQLite database" $WORDVEC embed-multi docs "$TMP/docs.csv" -m "$TMP/v.txt" -d "$TMP/not.db"

# similar: by text, by stored id (left out), by file; llm's JSON lines; --plain; metrics.
$WORDVEC similar docs -c "horse cow" -d "$DB" -n 2 > "$TMP/sim.json" || fail "similar -c failed"
$PY - "$TMP/sim.json" <<'PY' || fail "similar -c output: $(cat "$TMP/sim.json")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2 and {r["id"] for r in rows} == {"a1", "a2"}, rows
assert set(rows[0]) == {"id", "score", "content", "metadata"} and rows[0]["metadata"] == {"topic": "animals"}
assert rows[0]["score"] >= rows[1]["score"]
PY
$WORDVEC similar docs c1 -d "$DB" -n 1 | grep -q '"id": "c2"' || fail "similar by id: expected c2"
$WORDVEC similar docs c1 -d "$DB" -n 10 | grep -q '"id": "c1"' && fail "similar by id returned the item itself"
echo "pink brown black" > "$TMP/q.txt"
$WORDVEC similar docs -i "$TMP/q.txt" -d "$DB" -n 1 --plain | grep -qE '^[0-9.]+  c[12]  ' || fail "similar -i --plain"
$WORDVEC similar docs -c "cat" -d "$DB" --metric euclidean -n 4 > "$TMP/eu.json" || fail "euclidean failed"
$PY -c "import json,sys; s=[json.loads(l)['score'] for l in open('$TMP/eu.json')]; sys.exit(s != sorted(s))" || fail "euclidean: distances not ascending"
$WORDVEC similar "$TMP/v.txt" cat --metric dot -k 3 --tsv | grep -q $'^cat\t1\t' || fail "similar VECTORS --metric dot"
expect_error "bad metric" "option --metric: expected cosine, dot or euclidean" $WORDVEC similar docs -c cat -d "$DB" --metric l1

# The default database: $WORDVEC_DB, else the XDG data dir.
WORDVEC_DB="$TMP/env.db" $WORDVEC embed-multi e "$TMP/docs.csv" -m "$TMP/v.txt" -q 2>/dev/null || fail "WORDVEC_DB"
[ -f "$TMP/env.db" ] || fail "WORDVEC_DB not used"
env -u WORDVEC_DB XDG_DATA_HOME="$TMP/xdg" $WORDVEC embed-multi e "$TMP/docs.csv" -m "$TMP/v.txt" -q 2>/dev/null || fail "XDG"
[ -f "$TMP/xdg/wordvec/embeddings.db" ] || fail "XDG_DATA_HOME/wordvec/embeddings.db not used"

# --files with ** and latin-1 fallback.
mkdir -p "$TMP/tree/a/b"
echo "cat dog" > "$TMP/tree/one.md"; printf 'red \xe9 blue\n' > "$TMP/tree/a/b/two.md"; echo "green" > "$TMP/tree/a/skip.txt"
$WORDVEC embed-multi files --files "$TMP/tree" '**/*.md' -m "$TMP/v.txt" -d "$DB" --store -q || fail "--files failed"
ids=$($PY -c "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('$DB').execute(\"select e.id from embeddings e join collections c on c.id = e.collection_id where c.name='files' order by e.id\")))")
[ "$ids" = "a/b/two.md one.md" ] || fail "--files ids: '$ids'"

# kill -9 during a long run: the database passes integrity_check, holds whole batches, a rerun completes.
awk 'BEGIN { srand(9); print "id,text"; split("cat dog mouse horse red green blue pink", w, " ");
  for (i = 0; i < 30000; i++) { printf "k%d,", i; for (k = 0; k < 8; k++) printf "%s%s", (k ? " " : ""), w[int(rand() * 8) + 1]; print "" } }' > "$TMP/big.csv"
$WORDVEC embed-multi big "$TMP/big.csv" -m "$TMP/v.txt" -d "$DB" --batch-size 7 --threads 1 -q &
pid=$!
count_big() { $PY -c "import sqlite3; print(sqlite3.connect('$DB', timeout=10).execute(\"select count(*) from embeddings e join collections c on c.id = e.collection_id where c.name='big'\").fetchone()[0])" 2>/dev/null || echo 0; }
for i in $(seq 100); do [ "$(count_big)" -gt 0 ] && break; sleep 0.1; done  # killed once batches are being committed
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
$PY - "$DB" <<'PY' || fail "after kill -9"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
n = c.execute("select count(*) from embeddings e join collections c on c.id = e.collection_id where c.name='big'").fetchone()[0]
print("rows after kill -9:", n)
assert n % 7 == 0 and n < 30000, n
PY
$WORDVEC embed-multi big "$TMP/big.csv" -m "$TMP/v.txt" -d "$DB" 2> "$TMP/big.err" || fail "rerun after kill failed"
n=$($PY -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select count(*) from embeddings e join collections c on c.id = e.collection_id where c.name='big'\").fetchone()[0])")
[ "$n" -eq 30000 ] || fail "rerun after kill: $n rows, expected 30000 ($(cat "$TMP/big.err"))"
finish
