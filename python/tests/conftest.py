"""Fixtures of the Python module's tests: a synthetic corpus with topical structure, vectors trained on
it once per session, and the shared evaluation data when ../shared is present (WORDVEC_SHARED)."""
import os
import random
from pathlib import Path

import pytest

import wordvec

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("WORDVEC_SHARED", REPO.parent / "shared"))


def write_topic_corpus(path, topics=20, words_per_topic=40, sentences=12000, seed=7):
    """Sentences of 12 words drawn from one topic each (Zipf-like within the topic) plus shared
    function words: neighbours come out topical, so queries have clear answers."""
    rng = random.Random(seed)
    function = [f"fn{i}" for i in range(15)]
    vocab = [[f"t{t}w{i}" for i in range(words_per_topic)] for t in range(topics)]
    weights = [1.0 / (i + 1) for i in range(words_per_topic)]
    with open(path, "w") as out:
        for _ in range(sentences):
            topic = vocab[rng.randrange(topics)]
            words = rng.choices(topic, weights, k=9) + rng.choices(function, k=3)
            rng.shuffle(words)
            out.write(" ".join(words) + "\n")
    return [w for t in vocab for w in t]


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("wordvec")


@pytest.fixture(scope="session")
def corpus(workdir):
    path = workdir / "corpus.txt"
    write_topic_corpus(path)
    return path


@pytest.fixture(scope="session")
def trained(corpus):
    """Skip-gram vectors trained on the synthetic corpus (returned as trained, not reloaded)."""
    return wordvec.train(corpus, model="skipgram", dim=32, epochs=3, min_count=2, threads=2, seed=1)


@pytest.fixture(scope="session")
def vector_file(trained, workdir):
    path = workdir / "trained.bin"
    trained.save(path)
    return path


@pytest.fixture(scope="session")
def gensim_kv(vector_file):
    gensim = pytest.importorskip("gensim.models")
    return gensim.KeyedVectors.load_word2vec_format(str(vector_file), binary=True)


@pytest.fixture(scope="session")
def enwiki_vectors(workdir):
    """CBOW vectors on the first 12 MB of ../shared/corpora/enwiki-9m.txt.xz (skip when absent)."""
    source = SHARED / "corpora" / "enwiki-9m.txt.xz"
    if not source.exists():
        pytest.skip(f"{source} is absent: the real-corpus parity checks need ../shared")
    import lzma

    text = workdir / "enwiki-12m.txt"
    with lzma.open(source, "rb") as f:
        text.write_bytes(f.read(12_000_000))
    wv = wordvec.train(text, model="cbow", dim=50, epochs=2, min_count=5, threads=2, seed=1)
    path = workdir / "enwiki.bin"
    wv.save(path)
    return path


def shared_eval(name):
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the check on the published benchmark needs ../shared/eval")
    return path
