#!/usr/bin/env python3
"""What SQLite alone costs for bench_documents.sh's writes: N rows of llm's embeddings schema (a 400-byte
vector blob, a 16-byte content hash, {"section": ...} metadata) inserted into an empty database in WAL
mode, synchronous=NORMAL, 50,000 rows per transaction, the rows made before the clock starts.
  /usr/bin/python3 bench/sqlite_floor.py [DB] [N]      (default /tmp/sqlite-floor.db, 128320)
"""
import os
import sqlite3
import sys
import time

db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/sqlite-floor.db"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 128320
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f):
        os.remove(f)
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=NORMAL")
con.execute("PRAGMA cache_size=-65536")
con.executescript("""
CREATE TABLE embeddings (collection_id INTEGER, id TEXT, embedding BLOB, content TEXT, content_blob BLOB,
  content_hash BLOB, metadata TEXT, updated INTEGER, PRIMARY KEY (collection_id, id));
CREATE INDEX idx_embeddings_content_hash ON embeddings (content_hash);
""")
rows = [(1, f"{i % 2}:package-{i:07d}", os.urandom(400), os.urandom(16), '{"section": "games"}', 1700000000)
        for i in range(n)]
cpu, wall = time.process_time(), time.time()
for b in range(0, n, 50000):
    with con:
        con.executemany("INSERT OR REPLACE INTO embeddings (collection_id, id, embedding, content_hash, metadata, "
                        "updated) VALUES (?, ?, ?, ?, ?, ?)", rows[b:b + 50000])
con.close()
print(f"{n} rows: {time.time() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f):
        os.remove(f)
