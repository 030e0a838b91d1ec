# Agreement with gensim: `wordvec eval` gives the numbers of KeyedVectors.evaluate_word_analogies
# (restrict_vocab=30000, case_insensitive=True) and evaluate_word_pairs on the same files, within
# 0.1 percentage point and 0.001 rho: on ../shared/interop vectors, on a model trained on part of
# ../shared/corpora, and on a generated file full of case variants. 3CosMul is checked against
# gensim's most_similar_cosmul under the same rules, and nearest neighbours against most_similar.
source "$(dirname "$0")/common.bash"
SHARED="$SRC/../shared"
if ! /usr/bin/python3 -c "import gensim, scipy" 2>/dev/null; then echo "skipped: gensim not installed"; exit 77; fi
if [ ! -f "$SHARED/eval/questions-words.txt" ] || [ ! -d "$SHARED/interop" ]; then echo "skipped: $SHARED absent"; exit 77; fi
EVAL="$SHARED/eval"

# A real model: 12 MB of the shared corpus, CBOW, two epochs (a few seconds), so accuracies are not all zero.
if [ -f "$SHARED/corpora/enwiki-9m.txt.xz" ]; then
  xz -dc "$SHARED/corpora/enwiki-9m.txt.xz" | head -c 12000000 > "$TMP/corpus.txt"
  $WORDVEC train --quiet --threads 2 --model cbow --epochs 2 --dim 50 --min-count 5 --seed 1 --input "$TMP/corpus.txt" \
    --output "$TMP/trained.bin" || fail "train failed"
fi
# Every tenth question, to keep gensim's side of the test short (same file for both tools).
awk '/^:/ || NR % 10 == 0' "$EVAL/questions-words.txt" > "$TMP/questions.txt"

# Case variants: random vectors for words that differ only in case, and questions written in any case.
/usr/bin/python3 - "$TMP" <<'PY' || fail "could not write the case fixture"
import sys, numpy as np
from gensim.models import KeyedVectors
rng = np.random.default_rng(3)
base = ["paris", "france", "rome", "italy", "berlin", "germany", "madrid", "spain", "king", "queen", "man", "woman"]
words = []
for w in base:
    words += [w, w.capitalize(), w.upper()]
words = [w for i, w in enumerate(words) if words.index(w) == i]
order = rng.permutation(len(words))
words = [words[i] for i in order]
vecs = rng.normal(size=(len(words), 6)).astype(np.float32)
# Variants point almost the same way, so they compete with the real answers.
for i, w in enumerate(words):
    j = words.index(next(x for x in words if x.lower() == w.lower()))
    vecs[i] = vecs[j] + 0.05 * rng.normal(size=6)
kv = KeyedVectors(vector_size=6)
kv.add_vectors(words, vecs)
kv.save_word2vec_format(sys.argv[1] + "/case.txt", binary=False)
with open(sys.argv[1] + "/case-questions.txt", "w") as f:
    f.write(": capital-common-countries\n")
    caps = [("paris", "france"), ("rome", "italy"), ("berlin", "germany"), ("madrid", "spain")]
    for a, b in caps:
        for c, d in caps:
            if a != c:
                f.write(" ".join(x if k % 2 else x.upper() for k, x in enumerate((a, b, c, d))) + "\n")
    f.write(": gram-family\nman woman king queen\nMan Woman King Queen\nman woman unicorn queen\n")
with open(sys.argv[1] + "/case-pairs.tsv", "w") as f:
    f.write("# case\nParis\tfrance\t8\nROME\titaly\t7\nking\tQUEEN\t9\nman\twoman\t6\nman\tunicorn\t1\nparis\tspain\t3\n")
PY

check() {  # check NAME VECTORS BINARY(0/1/glove) ANALOGIES PAIRS...
  local name=$1 vectors=$2 binary=$3 analogies=$4; shift 4
  local sim_args=()
  [ $# -gt 0 ] && sim_args=(--similarity "$@")
  $WORDVEC eval "$vectors" --analogies "$analogies" "${sim_args[@]}" --method both --json > "$TMP/ours.json" \
    || { fail "$name: wordvec eval failed"; return; }
  /usr/bin/python3 - "$vectors" "$binary" "$analogies" "$TMP/ours.json" "$@" <<'PY' || fail "$name: differs from gensim"
import sys, json, logging
from gensim.models import KeyedVectors
vectors, binary, analogies, ours_file, pairs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
if binary == "glove":
    kv = KeyedVectors.load_word2vec_format(vectors, binary=False, no_header=True)
else:
    kv = KeyedVectors.load_word2vec_format(vectors, binary=binary == "1")
ours = json.load(open(ours_file))
bad = []
score, sections = kv.evaluate_word_analogies(analogies, restrict_vocab=30000, case_insensitive=True)

def acc(c, n):
    return c / n if n else 0.0

# 3CosMul with gensim's own most_similar_cosmul, under evaluate_word_analogies' rules (restricted, upper-cased).
def eval_mul(path, restrict=30000):
    keys = kv.index_to_key[:restrict]
    small = KeyedVectors(vector_size=kv.vector_size)
    small.add_vectors(keys, kv.vectors[:restrict])
    ok = {k.upper(): small.get_index(k) for k in reversed(keys)}
    small.key_to_index = ok
    out = {}
    section = None
    for line in open(path, encoding="utf8"):
        if line.startswith(": "):
            section = line.lstrip(": ").strip()
            out[section] = [0, 0]
            continue
        words = [w.upper() for w in line.split()]
        if len(words) != 4:
            continue
        a, b, c, d = words
        if any(w not in ok for w in words):
            continue
        sims = small.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
        predicted = None
        for w, _ in sims:
            predicted = w.upper()
            if predicted not in (a, b, c):
                break
        out[section][0] += predicted == d
        out[section][1] += 1
    return out

mul = eval_mul(analogies)
mine = ours["analogies"][0]
names = [s["name"] for s in mine["sections"]]
for s in sections[:-1]:
    c, n = len(s["correct"]), len(s["correct"]) + len(s["incorrect"])
    o = mine["sections"][names.index(s["section"])]["score"]
    if o["answered"] != n:
        bad.append(f"{s['section']}: answered {o['answered']}, gensim {n}")
    if abs(acc(o["correct_add"], o["answered"]) - acc(c, n)) > 0.001:
        bad.append(f"{s['section']}: 3CosAdd {o['correct_add']}/{o['answered']}, gensim {c}/{n}")
    mc, mn = mul[s["section"]]
    if abs(acc(o["correct_mul"], o["answered"]) - acc(mc, mn)) > 0.001:
        bad.append(f"{s['section']}: 3CosMul {o['correct_mul']}/{o['answered']}, gensim cosmul {mc}/{mn}")
total = sections[-1]
tc, tn = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
t = mine["total"]
if t["answered"] != tn or abs(t["accuracy_add"] - score) > 0.001:
    bad.append(f"total: {t['correct_add']}/{t['answered']}, gensim {tc}/{tn}")
print(f"analogies: ours {t['correct_add']}/{t['answered']} ({100 * t['accuracy_add']:.2f}%), gensim {tc}/{tn} ({100 * score:.2f}%); "
      f"3CosMul ours {t['correct_mul']}, gensim cosmul {sum(v[0] for v in mul.values())}")
for p, o in zip(pairs, ours["similarity"]):
    try:
        pearson, spearman, oov = kv.evaluate_word_pairs(p)
    except ValueError:  # gensim refuses a file with no known pair
        print(f"{p}: gensim found no usable pair")
        continue
    line = (f"{p}: spearman {o['spearman']} vs {spearman[0]:.6f}, pearson {o['pearson']} vs {pearson[0]:.6f}, "
            f"oov {o['oov_percent']} vs {oov:.4f}")
    print(line)
    same = lambda x, y: (x is None and y != y) or (x is not None and abs(x - y) <= 0.001)
    if not (same(o["spearman"], spearman[0]) and same(o["pearson"], pearson[0]) and abs(o["oov_percent"] - oov) < 0.01):
        bad.append(line)
for b in bad:
    print("MISMATCH", b)
sys.exit(1 if bad else 0)
PY
}

I="$SHARED/interop"
check "w2v binary" "$I/euclidean_vectors.bin" 1 "$EVAL/questions-words.txt" "$EVAL/wordsim353.tsv" "$EVAL/simlex999.txt"
check "w2v text" "$I/word2vec_pre_kv_c" 0 "$EVAL/questions-words.txt" "$EVAL/wordsim353.tsv" "$EVAL/simlex999.txt"
check "glove text" "$I/test_glove.txt" glove "$EVAL/questions-words.txt" "$EVAL/wordsim353.tsv"
check "case variants" "$TMP/case.txt" 0 "$TMP/case-questions.txt" "$TMP/case-pairs.tsv"
[ -f "$TMP/trained.bin" ] && check "trained model" "$TMP/trained.bin" 1 "$TMP/questions.txt" "$EVAL/wordsim353.tsv" "$EVAL/simlex999.txt"

# Nearest neighbours and 3CosMul answers equal gensim's most_similar / most_similar_cosmul.
V="$I/euclidean_vectors.bin"
printf 'said\nhe - she + they\nthe of\n' | $WORDVEC similar "$V" -k 5 --json > "$TMP/similar.json" || fail "similar failed"
$WORDVEC analogy "$V" he his she -k 5 --method mul --json > "$TMP/mul.json" || fail "analogy mul failed"
/usr/bin/python3 - "$V" "$TMP/similar.json" "$TMP/mul.json" <<'PY' || fail "neighbours differ from gensim"
import sys, json
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
rows = [json.loads(l) for l in open(sys.argv[2])]
expected = [kv.most_similar("said", topn=5), kv.most_similar(positive=["he", "they"], negative=["she"], topn=5),
            kv.most_similar(positive=["the", "of"], topn=5)]
mul = json.loads(open(sys.argv[3]).read())
rows.append(mul)
expected.append(kv.most_similar_cosmul(positive=["his", "she"], negative=["he"], topn=5))
for r, e in zip(rows, expected):
    got = [(n["word"], n["score"]) for n in r["neighbors"]]
    assert [w for w, _ in got] == [w for w, _ in e], (r["query"], got, e)
    assert all(abs(a[1] - b[1]) < 1e-4 for a, b in zip(got, e)), (r["query"], got, e)
print("neighbours agree with gensim on", len(rows), "queries")
PY
finish
