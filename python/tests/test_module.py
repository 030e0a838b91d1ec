"""The module beyond gensim parity: every model trains, progress and Ctrl-C, errors with the CLI's
messages, the zero-copy vectors, files, fastText subwords, embed / cluster / reduce."""
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import wordvec

WORDVEC_CLI = os.environ.get("WORDVEC_CLI")


@pytest.mark.parametrize("model", ["skipgram", "cbow", "fasttext", "glove"])
def test_every_model_trains(model, corpus):
    seen = []
    extra = {"bucket": 20000} if model == "fasttext" else {}
    epochs = 15 if model == "glove" else 2  # GloVe's epochs are short passes over the records
    wv = wordvec.train(corpus, model=model, dim=16, epochs=epochs, threads=2, progress=seen.append, **extra)
    assert wv.vector_size == 16 and len(wv) > 500
    assert wv.has_subwords == (model == "fasttext")
    assert seen and seen[-1].finished and all(isinstance(p, wordvec.Progress) for p in seen)
    assert len(wv.training["epoch_loss"]) == epochs
    # Topical structure: words of one topic are closer to each other than to another topic's.
    same = [wv.similarity(f"t{t}w{i}", f"t{t}w{j}") for t in range(20) for i in range(5) for j in range(i + 1, 5)]
    other = [wv.similarity(f"t{t}w{i}", f"t{(t + 1) % 20}w{j}") for t in range(20) for i in range(5) for j in range(5)]
    assert np.mean(same) > np.mean(other) + 0.05, (np.mean(same), np.mean(other))


def test_train_from_sentences_equals_file(corpus):
    sentences = [line.split() for line in Path(corpus).read_text().splitlines()]
    a = wordvec.train(sentences, dim=8, epochs=1, threads=1, seed=3)
    b = wordvec.train(corpus, dim=8, epochs=1, threads=1, seed=3)
    assert a.index_to_key == b.index_to_key
    np.testing.assert_array_equal(a.vectors, b.vectors)


def cli_error(*args):
    if not WORDVEC_CLI:
        pytest.skip("WORDVEC_CLI (the wordvec binary) is not set")
    p = subprocess.run([WORDVEC_CLI, *map(str, args)], capture_output=True, text=True)
    assert p.returncode != 0
    return p.stderr.strip()


def test_errors_carry_the_library_messages(corpus, tmp_path):
    with pytest.raises(wordvec.OptionError) as e:
        wordvec.train(corpus, dim=0)
    assert isinstance(e.value, ValueError)
    assert cli_error("train", "--input", corpus, "--output", tmp_path / "x.bin", "--dim", "0").endswith(str(e.value))
    with pytest.raises(wordvec.OptionError, match="expected one of skipgram, cbow, fasttext, glove, supervised, dbow, dm, got .CBOW."):
        wordvec.train(corpus, model="CBOW")
    with pytest.raises(wordvec.OptionError, match="does not apply to --model glove"):
        wordvec.train(corpus, model="glove", negative=5)
    with pytest.raises(wordvec.IoError) as e:
        wordvec.load(tmp_path / "missing.bin")
    assert isinstance(e.value, OSError)
    assert cli_error("similar", tmp_path / "missing.bin", "king").endswith(str(e.value))
    bad = tmp_path / "bad.txt"
    bad.write_text("2 3\na 1 2 3\nb 1 2\n")
    with pytest.raises(wordvec.FormatError) as e:
        wordvec.load(bad)
    assert "line 3" in str(e.value)
    assert cli_error("similar", bad, "a").endswith(str(e.value))


def test_unknown_word_is_a_key_error(trained):
    with pytest.raises(KeyError) as e:
        trained.most_similar("no-such-word")
    assert str(e.value) == "word 'no-such-word' not in vocabulary"
    assert isinstance(e.value, wordvec.UnknownWordError)
    with pytest.raises(KeyError):
        trained["no-such-word"]


def test_progress_exception_stops_training(corpus):
    class Stop(Exception):
        pass

    def progress(p):
        if p.stage == "train" and p.fraction > 0.0:
            raise Stop()

    with pytest.raises(Stop):
        wordvec.train(corpus, dim=16, epochs=50, threads=2, progress=progress)
    # The cancel request does not linger: the next job runs to the end.
    assert len(wordvec.train(corpus, dim=8, epochs=1, threads=2)) > 500


def test_ctrl_c_interrupts_training(corpus, tmp_path):
    """SIGINT during training raises KeyboardInterrupt promptly; the interpreter stays usable."""
    script = tmp_path / "interrupt.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time, wordvec
        started = []
        def progress(p):
            if p.stage == "train" and not started:
                started.append(1); print("training", flush=True)
        try:
            wordvec.train({str(corpus)!r}, dim=32, epochs=1000, threads=2, progress=progress)
            print("finished")
        except KeyboardInterrupt:
            t = time.time()
            wv = wordvec.train({str(corpus)!r}, dim=8, epochs=1, threads=2)
            print("interrupted", len(wv) > 500)
    """))
    env = dict(os.environ)
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    assert p.stdout.readline().strip() == "training"
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=60)
    assert out.strip() == "interrupted True"
    assert p.returncode == 0


def test_vectors_without_a_copy(trained, vector_file, tmp_path):
    a, b = trained.vectors, trained.vectors
    assert np.shares_memory(a, b) and not a.flags.writeable and a.dtype == np.float32
    native = tmp_path / "v.wv"
    trained.save(native)
    mapped = wordvec.load(native)
    np.testing.assert_array_equal(mapped.vectors, trained.vectors)
    assert np.shares_memory(mapped.vectors, mapped.vectors)
    assert mapped.most_similar("t1w1") == trained.most_similar("t1w1")
    vectors = mapped.vectors
    del mapped  # the array keeps the mapping alive
    assert float(np.abs(vectors).sum()) > 0


@pytest.mark.parametrize("fmt,ext", [("w2v-text", ".txt"), ("w2v-bin", ".bin"), ("npy", ".npy"), ("native", ".wv"),
                                     ("glove-text", ".glove")])
def test_save_and_load_round_trip(trained, tmp_path, fmt, ext):
    path = tmp_path / f"v{ext}"
    trained.save(path, format=fmt)
    back = wordvec.load(path)
    assert back.index_to_key == trained.index_to_key
    np.testing.assert_allclose(back.vectors, trained.vectors, rtol=1e-6, atol=1e-7)


def test_to_gensim(trained):
    pytest.importorskip("gensim")
    kv = trained.to_gensim()
    assert kv.index_to_key == trained.index_to_key
    got = kv.most_similar("t2w2")
    assert [w for w, _ in got] == [w for w, _ in trained.most_similar("t2w2")]


@pytest.fixture(scope="module")
def fasttext_model(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("ft") / "ft.bin"
    wv = wordvec.train(corpus, model="fasttext", dim=16, epochs=2, threads=2, bucket=50000)
    wv.save(path)
    return wv, path


def test_fasttext_unseen_words_as_gensim(fasttext_model):
    fasttext = pytest.importorskip("gensim.models.fasttext")
    wv, path = fasttext_model
    theirs = fasttext.load_facebook_vectors(str(path))
    for word in ["t3w1", "t3w1x", "unseenword", "t12w7zz"]:
        assert word in wv
        np.testing.assert_allclose(wv.get_vector(word), theirs.get_vector(word), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(wordvec.load(path)[word], theirs[word], rtol=1e-5, atol=1e-6)
    kv = wv.to_gensim()
    np.testing.assert_allclose(kv.get_vector("unseenword"), theirs.get_vector("unseenword"), rtol=1e-5, atol=1e-6)


def test_to_gensim_of_a_cut_fasttext_vocabulary(fasttext_model):
    pytest.importorskip("gensim.models.fasttext")
    wv, path = fasttext_model
    cut = wordvec.load(path, limit=50)
    assert len(cut) == 50 and cut.index_to_key == wv.index_to_key[:50]
    dropped = wv.index_to_key[60]
    assert dropped not in cut.key_to_index and dropped in cut  # still has its n-gram vector
    kv = cut.to_gensim()
    assert len(kv.index_to_key) == 50 and kv.vectors_ngrams.shape[0] == cut._v.subword_options[2]
    for word in [wv.index_to_key[3], dropped, "unseenword"]:
        np.testing.assert_allclose(kv.get_vector(word), cut.get_vector(word), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kv.get_vector(wv.index_to_key[3]), wv.get_vector(wv.index_to_key[3]), rtol=1e-6)
    with pytest.raises(wordvec.OptionError, match="limit"):
        wordvec.load(path, limit=0)


def test_load_limit_keeps_the_first_words(vector_file, trained):
    cut = wordvec.load(vector_file, limit=10)
    assert cut.index_to_key == trained.index_to_key[:10]
    np.testing.assert_array_equal(cut.vectors, trained.vectors[:10])


def test_embed_is_the_mean_of_word_vectors(trained):
    texts = ["t1w1 t1w2 nosuchword", "t2w3", "nothing known here", ["t1w1", "t2w3"]]
    m = wordvec.embed(trained, texts)
    assert m.shape == (4, trained.vector_size) and m.dtype == np.float32
    np.testing.assert_allclose(m[0], (trained["t1w1"] + trained["t1w2"]) / 2, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(m[1], trained["t2w3"], rtol=1e-6)
    assert not m[2].any()
    np.testing.assert_allclose(m[3], (trained["t1w1"] + trained["t2w3"]) / 2, rtol=1e-6, atol=1e-7)
    sif = wordvec.embed(trained, [f"t{i % 20}w{i % 7} t{i % 20}w{(i + 1) % 7} fn{i % 5}" for i in range(200)], sif=1e-3)
    assert sif.shape == (200, trained.vector_size)


def test_cluster_and_reduce(trained):
    km = wordvec.cluster(trained, k=20, limit=400, seed=1, threads=2)
    assert km.labels.shape == (400,) and km.centroids.shape == (20, trained.vector_size)
    assert km.labels[0] == 0 and set(km.labels) == set(range(20))
    # Topic words end up together: the words of topic 5 fall mostly into one cluster.
    labels = [km.labels[trained.get_index(w)] for w in trained.index_to_key[:400] if w.startswith("t5w")]
    assert max(labels.count(c) for c in set(labels)) >= 0.6 * len(labels)
    again = wordvec.cluster(trained, k=20, limit=400, seed=1, threads=1)
    np.testing.assert_array_equal(again.labels, km.labels)
    pr = wordvec.reduce(trained, words=["t1w1", "t1w2", "t2w1", "t2w2", "nosuchword"], dim=2)
    assert pr.coords.shape == (4, 2) and pr.words == ["t1w1", "t1w2", "t2w1", "t2w2"]
    x = np.vstack([trained[w] for w in pr.words]).astype(np.float64)
    x -= x.mean(axis=0)
    # The projections span the same plane as numpy's SVD (up to sign).
    _, s, vt = np.linalg.svd(x, full_matrices=False)
    np.testing.assert_allclose(np.abs(pr.coords), np.abs(x @ vt[:2].T), rtol=1e-4, atol=1e-5)
    assert pr.explained_ratio[0] >= pr.explained_ratio[1] > 0
