#!/usr/bin/python3
"""The documents pipeline of bench_documents.sh in Python: gensim KeyedVectors, numpy means, the stdlib
sqlite3 module (llm's schema), numpy search.
  documents_python.py embed VECTORS DOCS.csv DB      embed every row (id,text,...,section) into collection 'docs'
The same work as `wordvec embed-multi docs DOCS.csv --metadata section`: content = the other columns joined
by spaces (its MD5 is content_hash), metadata = {"section": ...} as JSON, in WAL mode with synchronous=NORMAL
and 50,000 rows per transaction (the settings embed-multi uses).
  documents_python.py similar VECTORS DB TEXT         the 10 items closest (cosine) to TEXT, as JSON lines
"""
import csv, hashlib, json, sqlite3, sys, time

import numpy as np
from gensim.models import KeyedVectors

SCHEMA = """
CREATE TABLE IF NOT EXISTS collections (id INTEGER PRIMARY KEY, name TEXT, model TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS idx_collections_name ON collections (name);
CREATE TABLE IF NOT EXISTS embeddings (collection_id INTEGER REFERENCES collections(id), id TEXT, embedding BLOB,
  content TEXT, content_blob BLOB, content_hash BLOB, metadata TEXT, updated INTEGER, PRIMARY KEY (collection_id, id));
CREATE INDEX IF NOT EXISTS idx_embeddings_content_hash ON embeddings (content_hash);
"""

BATCH = 50000


def mean_vector(kv, text):
    idx = [kv.key_to_index[w] for w in text.split() if w in kv.key_to_index]
    if not idx:
        return None
    return kv.vectors[idx].mean(axis=0).astype("<f4")


def embed(vectors, docs, db):
    t0 = time.time()
    kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.executescript(SCHEMA)
    con.execute("INSERT OR IGNORE INTO collections (name, model) VALUES ('docs', 'python')")
    cid = con.execute("SELECT id FROM collections WHERE name = 'docs'").fetchone()[0]
    t1 = time.time()
    n, batch = 0, []
    csv.field_size_limit(1 << 30)
    with open(docs, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        meta = header.index("section") if "section" in header else -1
        for row in rows:
            text = " ".join(v for i, v in enumerate(row[1:], 1) if v and i != meta)
            v = mean_vector(kv, text)
            if v is None:
                continue
            metadata = json.dumps({"section": row[meta]}) if meta >= 0 else None
            batch.append((cid, row[0], v.tobytes(), hashlib.md5(text.encode("utf8")).digest(), metadata, int(time.time())))
            if len(batch) == BATCH:
                with con:
                    con.executemany("INSERT OR REPLACE INTO embeddings (collection_id, id, embedding, content_hash, metadata, updated) VALUES (?, ?, ?, ?, ?, ?)", batch)
                n += len(batch)
                batch = []
    with con:
        con.executemany("INSERT OR REPLACE INTO embeddings (collection_id, id, embedding, content_hash, metadata, updated) VALUES (?, ?, ?, ?, ?, ?)", batch)
    n += len(batch)
    t2 = time.time()
    print(f"python: embedded {n} documents in {t2 - t1:.2f} s ({n / (t2 - t1):.0f} docs/s; loading {t1 - t0:.2f} s)", file=sys.stderr)


def similar(vectors, db, text):
    kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
    con = sqlite3.connect(db)
    ids, blobs = zip(*con.execute("SELECT e.id, e.embedding FROM embeddings e JOIN collections c ON c.id = e.collection_id "
                                  "WHERE c.name = 'docs' ORDER BY e.id"))
    m = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(ids), -1)
    q = mean_vector(kv, text)
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1
    scores = (m @ q) / norms / np.linalg.norm(q)
    for i in np.argsort(-scores)[:10]:
        print(json.dumps({"id": ids[i], "score": float(scores[i])}))


if __name__ == "__main__":
    if sys.argv[1] == "embed":
        embed(*sys.argv[2:5])
    else:
        similar(*sys.argv[2:5])
