# Files we write load in gensim's KeyedVectors.load_word2vec_format with the same words and values.
source "$(dirname "$0")/common.bash"
if ! /usr/bin/python3 -c "import gensim" 2>/dev/null; then echo "skipped: gensim not installed (apt-get install python3-gensim)"; exit 77; fi
make_corpus "$TMP/corpus.txt"
# A word with non-ASCII letters must survive too.
echo "naïve café naïve café naïve café" >> "$TMP/corpus.txt"
$WORDVEC train --quiet --threads 2 --epochs 1 --dim 16 --min-count 1 --sample 0 --input "$TMP/corpus.txt" --output "$TMP/v.bin" || fail "train bin"
$WORDVEC train --quiet --threads 1 --epochs 1 --dim 16 --min-count 1 --sample 0 --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "train txt"
/usr/bin/python3 - "$TMP/v.bin" "$TMP/v.txt" <<'PY' || fail "gensim could not load our files"
import sys
import numpy as np
from gensim.models import KeyedVectors
b = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
t = KeyedVectors.load_word2vec_format(sys.argv[2], binary=False)
for kv, name in ((b, "bin"), (t, "txt")):
    assert len(kv.index_to_key) == 18 and kv.vector_size == 16, (name, len(kv.index_to_key), kv.vector_size)
    assert "naïve" in kv.key_to_index and "café" in kv.key_to_index, name
    assert np.all(np.isfinite(kv.vectors)), name
# Our own text rows, parsed by hand, equal what gensim read.
with open(sys.argv[2], encoding="utf-8") as f:
    f.readline()
    for line in f:
        parts = line.split()
        assert np.allclose(t[parts[0]], np.array(parts[1:], dtype=np.float32), atol=1e-6), parts[0]
# Binary: gensim's values equal the raw floats in the file, in file order.
raw = open(sys.argv[1], "rb").read()
pos = raw.index(b"\n") + 1
for word in b.index_to_key:
    end = raw.index(b" ", pos)
    assert raw[pos:end].decode() == word, (raw[pos:end], word)
    vec = np.frombuffer(raw[end + 1:end + 1 + 64], dtype="<f4")
    assert np.array_equal(vec, b[word]), word
    pos = end + 1 + 64 + 1
print("gensim loaded", len(b.index_to_key), "words from each file")
PY
# And gensim-written files load in ours.
/usr/bin/python3 - "$TMP" <<'PY' || fail "gensim could not write"
import sys
import numpy as np
from gensim.models import KeyedVectors
kv = KeyedVectors(vector_size=4)
kv.add_vectors(["alpha", "beta", "gamma"], np.array([[1, 0, 0, 0], [0.9, 0.1, 0, 0], [0, 0, 1, 0]], dtype=np.float32))
kv.save_word2vec_format(sys.argv[1] + "/g.bin", binary=True)
kv.save_word2vec_format(sys.argv[1] + "/g.txt", binary=False)
PY
for f in g.bin g.txt; do
  out=$($WORDVEC similar "$TMP/$f" alpha -k 1) || fail "$f: our reader failed"
  grep -q "beta" <<<"$out" || fail "$f: nearest to alpha should be beta: $out"
done
finish
