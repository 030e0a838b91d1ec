"""train() for every model the CLI trains beyond word vectors: the supervised classifier (predict, test,
the fastText .bin), Doc2Vec (dbow, dm, infer_vector), and the training options of `wordvec train` for
stopping, resuming, reproducing and continuing (checkpoint, resume, save_model, init_from, continue_from,
per-epoch evaluation with early stopping, deterministic)."""
import json
import os
import random
import subprocess
from collections import namedtuple

import numpy as np
import pytest

import wordvec

WORDVEC_CLI = os.environ.get("WORDVEC_CLI")


def write_labelled(path, lines=600, seed=1):
    """Three classes, each with words of its own plus shared noise words: separable by the words."""
    rng = random.Random(seed)
    out = []
    for _ in range(lines):
        c = rng.randrange(3)
        words = [f"c{c}w{rng.randrange(20)}" for _ in range(6)] + [f"noise{rng.randrange(50)}" for _ in range(4)]
        rng.shuffle(words)
        out.append(f"__label__c{c} " + " ".join(words))
    path.write_text("\n".join(out) + "\n")
    return out


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    d = tmp_path_factory.mktemp("supervised")
    write_labelled(d / "train.txt", 500, seed=1)
    write_labelled(d / "test.txt", 100, seed=2)
    return d / "train.txt", d / "test.txt"


@pytest.mark.parametrize("loss", ["softmax", "ns", "hs", "ova"])
def test_supervised_separates_the_classes(labelled, loss):
    train, test = labelled
    seen = []
    clf = wordvec.train(train, model="supervised", loss=loss, dim=16, epochs=10, threads=2, word_ngrams=2, bucket=10000,
                        progress=seen.append)
    assert isinstance(clf, wordvec.Classifier) and clf.loss == loss
    assert sorted(clf.labels) == ["__label__c0", "__label__c1", "__label__c2"] and clf.dim == 16
    assert seen and seen[-1].finished and len(clf.training["epoch_loss"]) == 10
    assert clf.test(test) == (100, 1.0, 1.0)
    n, p2, r2 = clf.test(test, k=2)
    assert n == 100 and p2 == pytest.approx(0.5) and r2 == 1.0
    labels, probs = clf.predict("c1w3 c1w4 noise3", k=2)
    assert labels[0] == "__label__c1" and len(labels) == 2
    assert isinstance(probs, np.ndarray) and probs[0] > probs[1] > 0
    many_labels, many_probs = clf.predict(["c2w1 c2w5", "c0w2 noise1"])
    assert many_labels == [["__label__c2"], ["__label__c0"]] and len(many_probs) == 2
    assert clf.predict("c2w1", threshold=1.01) == ((), pytest.approx(np.array([])))
    with pytest.raises(ValueError, match="one line at a time"):
        clf.predict("c1w1\nc2w2")


def test_sentence_vector_is_fasttexts(labelled, tmp_path):
    train, _ = labelled
    clf = wordvec.train(train, model="supervised", dim=8, epochs=3, threads=1, word_ngrams=2, bucket=1000, minn=2, maxn=3)
    texts = ["c1w3 c1w4 noise3", "c2w1 unknownword", "", "zzzz"]
    vectors = [clf.get_sentence_vector(t) for t in texts]
    assert all(v.shape == (8,) and v.dtype == np.float32 for v in vectors)
    assert np.abs(vectors[0]).sum() > 0 and not np.array_equal(vectors[0], vectors[1])
    with pytest.raises(ValueError, match="one line at a time"):
        clf.get_sentence_vector("a\nb")
    fasttext = "/usr/bin/fasttext"
    if not os.path.exists(fasttext):
        pytest.skip("no fastText CLI to compare with")
    model = tmp_path / "clf.bin"
    clf.save(model)
    out = subprocess.run([fasttext, "print-sentence-vectors", str(model)], input="\n".join(texts) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(out) == len(texts)
    for line, ours in zip(out, vectors):  # fastText prints 5 significant digits
        np.testing.assert_allclose(ours, np.array(line.split(), dtype=np.float32), rtol=2e-4, atol=1e-6)


def test_supervised_bin_reads_back_and_in_the_cli(labelled, tmp_path):
    train, test = labelled
    clf = wordvec.train(train, model="supervised", dim=8, epochs=10, threads=1, seed=3)
    path = tmp_path / "clf.bin"
    clf.save(path)
    back = wordvec.load_classifier(path)
    assert back.labels == clf.labels and back.words == clf.words
    texts = [line.split(" ", 1)[1] for line in test.read_text().splitlines()[:20]]
    ours, our_probs = clf.predict(texts, k=2)
    theirs, their_probs = back.predict(texts, k=2)
    assert ours == theirs
    np.testing.assert_array_equal(np.vstack(our_probs), np.vstack(their_probs))
    if not WORDVEC_CLI:
        pytest.skip("WORDVEC_CLI (the wordvec binary) is not set")
    p = subprocess.run([WORDVEC_CLI, "predict", str(path), "-", "2", "--prob"], input="\n".join(texts) + "\n",
                       capture_output=True, text=True, check=True)
    for line, labels, probs in zip(p.stdout.splitlines(), ours, our_probs):
        fields = line.split()
        assert fields[0::2] == labels
        np.testing.assert_allclose([float(x) for x in fields[1::2]], probs, rtol=1e-5)
    p = subprocess.run([WORDVEC_CLI, "test", str(path), str(test)], capture_output=True, text=True, check=True)
    assert p.stdout.split() == ["N", "100", "P@1", "1", "R@1", "1"]


def test_supervised_from_lines_and_refusals(labelled):
    train, test = labelled
    lines = train.read_text().splitlines()
    a = wordvec.train(lines, model="supervised", dim=8, epochs=3, threads=1, seed=5)
    b = wordvec.train(train, model="supervised", dim=8, epochs=3, threads=1, seed=5)
    texts = [line.split(" ", 1)[1] for line in lines[:10]]
    assert a.predict(texts, k=3) [0] == b.predict(texts, k=3)[0]
    np.testing.assert_array_equal(np.vstack(a.predict(texts, k=3)[1]), np.vstack(b.predict(texts, k=3)[1]))
    with pytest.raises(wordvec.OptionError, match="option window: does not apply to --model supervised"):
        wordvec.train(train, model="supervised", window=3)
    with pytest.raises(wordvec.OptionError, match="does not apply to --model supervised"):
        wordvec.train(train, model="supervised", checkpoint="x.wvm")
    with pytest.raises(wordvec.OptionError, match="--loss"):
        wordvec.train(train, model="supervised", loss="nce")
    with pytest.raises(wordvec.OptionError, match="option word_ngrams: does not apply to --model skipgram"):
        wordvec.train(train, word_ngrams=2)


def test_supervised_options_reach_the_model(labelled, tmp_path):
    train, _ = labelled
    lines = train.read_text().splitlines()
    # label: another prefix; min_count_label: a label seen once is dropped.
    relabelled = [line.replace("__label__", "@@") for line in lines] + ["@@rare c0w1 c0w2"]
    clf = wordvec.train(relabelled, model="supervised", label="@@", min_count_label=2, dim=8, epochs=2, threads=2)
    assert sorted(clf.labels) == ["@@c0", "@@c1", "@@c2"]
    assert "@@rare" in wordvec.train(relabelled, model="supervised", label="@@", dim=8, epochs=1, threads=2).labels
    # word_ngrams > 1 adds the hash rows (bucket x dim) to the model.
    sizes = []
    for n in (1, 2):
        path = tmp_path / f"ngrams{n}.bin"
        wordvec.train(train, model="supervised", word_ngrams=n, bucket=5000, dim=8, epochs=1, threads=2).save(path)
        sizes.append(path.stat().st_size)
    assert sizes[1] - sizes[0] >= 5000 * 8 * 4, sizes


def test_supervised_progress_exception_stops_training(labelled):
    class Stop(Exception):
        pass

    def progress(p):
        if p.stage == "train" and p.fraction > 0.0:
            raise Stop()

    with pytest.raises(Stop):
        wordvec.train(labelled[0], model="supervised", dim=8, epochs=100000, threads=2, progress=progress)


def topic_documents(n=200, topics=4, length=30, seed=2):
    """Document d draws its words from topic d % topics: same-topic documents share their words."""
    rng = random.Random(seed)
    vocab = [[f"t{t}w{i}" for i in range(30)] for t in range(topics)]
    return [" ".join(rng.choice(vocab[d % topics]) for _ in range(length)) for d in range(n)]


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "docs.txt"
    path.write_text("\n".join(topic_documents()) + "\n")
    return path


# sample=0: 120 words make every word "frequent"; subsampling would drop most of them.
DOC_OPTIONS = dict(dim=16, epochs=20, threads=2, min_count=1, sample=0)


@pytest.fixture(scope="module")
def dbow(doc_file, tmp_path_factory):
    model_file = tmp_path_factory.mktemp("dbow") / "dbow.wvm"
    return wordvec.train(doc_file, model="dbow", save_model=model_file, **DOC_OPTIONS), model_file


def same_and_other_topic(dv, n=40, topics=4):
    same = [dv.similarity(str(a), str(b)) for a in range(n) for b in range(a + topics, n, topics)]
    other = [dv.similarity(str(a), str(b)) for a in range(n) for b in range(a + 1, n, topics)]
    return np.mean(same), np.mean(other)


@pytest.mark.parametrize("model", ["dbow", "dm"])
def test_doc2vec_puts_same_topic_documents_nearer(model, doc_file, dbow):
    d2v = dbow[0] if model == "dbow" else wordvec.train(doc_file, model=model, **DOC_OPTIONS)
    assert isinstance(d2v, wordvec.Doc2Vec) and d2v.vector_size == 16
    assert len(d2v.dv) == 200 and d2v.dv.index_to_key[:3] == ["0", "1", "2"] and len(d2v.wv) == 120
    same, other = same_and_other_topic(d2v.dv)
    assert same > other + 0.2, (same, other)


def test_infer_vector_is_deterministic_for_a_seed(dbow, doc_file):
    d2v, _ = dbow
    words = doc_file.read_text().splitlines()[5].split()
    a = d2v.infer_vector(words, seed=3)
    assert a.shape == (16,) and a.dtype == np.float32
    np.testing.assert_array_equal(a, d2v.infer_vector(words, seed=3))
    np.testing.assert_array_equal(a, d2v.infer_vector(" ".join(words), seed=3))  # a str is split as the corpus
    assert not np.array_equal(a, d2v.infer_vector(words, seed=4))
    assert not np.array_equal(a, d2v.infer_vector(words, seed=3, epochs=2))
    many = d2v.infer_vectors([words, words[:10]], seed=3, threads=2)
    np.testing.assert_array_equal(many[0], a)
    # A training document's inferred vector lands among its topic's documents.
    top = [int(tag) % 4 for tag, _ in d2v.dv.similar_by_vector(a, topn=10)]
    assert top.count(5 % 4) >= 8, top


def test_save_model_is_the_model_load_doc2vec_reads(dbow, doc_file):
    d2v, path = dbow
    back = wordvec.load_doc2vec(path)
    assert back.dv.index_to_key == d2v.dv.index_to_key and back.wv.index_to_key == d2v.wv.index_to_key
    np.testing.assert_array_equal(back.dv.vectors, d2v.dv.vectors)
    words = ["t1w1", "t1w2", "t1w3", "unknownword"]
    np.testing.assert_array_equal(back.infer_vector(words, seed=7), d2v.infer_vector(words, seed=7))


def test_doc2vec_save_writes_the_model_load_doc2vec_and_infer_read(dbow, doc_file, tmp_path):
    d2v, saved_by_training = dbow
    path = tmp_path / "saved.wvm"
    d2v.save(path)
    back = wordvec.load_doc2vec(path)
    assert back.dv.index_to_key == d2v.dv.index_to_key and back.wv.index_to_key == d2v.wv.index_to_key
    np.testing.assert_array_equal(back.dv.vectors, d2v.dv.vectors)
    np.testing.assert_array_equal(back.wv.vectors, d2v.wv.vectors)
    words = ["t2w1", "t2w4", "unknownword"]
    np.testing.assert_array_equal(back.infer_vector(words, seed=5), d2v.infer_vector(words, seed=5))
    # A loaded model saves again to a file that reads back the same.
    again = tmp_path / "again.wvm"
    wordvec.load_doc2vec(saved_by_training).save(again)
    np.testing.assert_array_equal(wordvec.load_doc2vec(again).infer_vector(words, seed=5), back.infer_vector(words, seed=5))
    if WORDVEC_CLI:  # `wordvec infer` reads it as it reads --save-model's file
        out = subprocess.run([WORDVEC_CLI, "infer", str(path), "-c", " ".join(words), "--seed", "5"],
                             capture_output=True, text=True, check=True).stdout
        np.testing.assert_allclose(np.array(json.loads(out), dtype=np.float32), back.infer_vector(words, seed=5), rtol=1e-5, atol=1e-6)
    with pytest.raises(wordvec.IoError):
        d2v.save(tmp_path / "no-such-dir" / "m.wvm")


def test_doc2vec_from_tagged_documents(doc_file):
    TaggedDocument = namedtuple("TaggedDocument", "words tags")  # gensim's shape
    docs = [TaggedDocument(line.split(), [f"doc{i}"]) for i, line in enumerate(doc_file.read_text().splitlines())]
    d2v = wordvec.train(docs, model="dbow", **DOC_OPTIONS)
    assert d2v.dv.index_to_key[:2] == ["doc0", "doc1"] and "doc0" not in d2v.wv
    plain = wordvec.train(doc_file, model="dbow", **DOC_OPTIONS)
    assert plain.dv.index_to_key[:2] == ["0", "1"]
    with pytest.raises(wordvec.OptionError, match="one tag per document"):
        wordvec.train([TaggedDocument(["a"], ["x", "y"])], model="dbow")
    with pytest.raises(wordvec.OptionError, match="option init_from: does not apply to --model dbow"):
        wordvec.train(doc_file, model="dbow", init_from="v.bin")


def test_dbow_words_trains_the_word_vectors(doc_file):
    def topical(wv):
        same = np.mean([wv.similarity(f"t1w{i}", f"t1w{i + 1}") for i in range(10)])
        other = np.mean([wv.similarity(f"t1w{i}", f"t2w{i}") for i in range(10)])
        return same - other

    plain = wordvec.train(doc_file, model="dbow", **DOC_OPTIONS)
    words = wordvec.train(doc_file, model="dbow", dbow_words=True, **DOC_OPTIONS)
    assert topical(words.wv) > 0.3 > abs(topical(plain.wv)), (topical(words.wv), topical(plain.wv))


def test_doc2vec_first_token_tags_from_a_file(doc_file, tmp_path):
    tagged = tmp_path / "tagged.txt"
    tagged.write_text("".join(f"id{i} {line}\n" for i, line in enumerate(doc_file.read_text().splitlines())))
    d2v = wordvec.train(tagged, model="dm", tags="first-token", **DOC_OPTIONS)
    assert d2v.dv.index_to_key[:2] == ["id0", "id1"] and "id0" not in d2v.wv


# --- stop, resume, reproduce, continue ----------------------------------------------------
W2V = dict(dim=16, epochs=2, min_count=2, seed=1)


def test_deterministic_gives_the_same_vectors_for_any_thread_count(corpus):
    one = wordvec.train(corpus, threads=1, deterministic=True, **W2V)
    two = wordvec.train(corpus, threads=2, deterministic=True, **W2V)
    np.testing.assert_array_equal(one.vectors, two.vectors)


def test_checkpoint_and_resume_go_on_exactly(corpus, tmp_path):
    full = wordvec.train(corpus, threads=2, deterministic=True, **W2V)
    checkpoint = tmp_path / "run.wvm"

    class Stop(Exception):
        pass

    def stop_midway(p):
        if p.stage == "train" and p.fraction > 0.6:
            raise Stop()

    with pytest.raises(Stop):
        wordvec.train(corpus, threads=2, deterministic=True, checkpoint=checkpoint, progress=stop_midway, **W2V)
    assert checkpoint.exists()
    resumed = wordvec.train(corpus, threads=2, deterministic=True, checkpoint=checkpoint, resume=checkpoint, **W2V)
    assert 0 < resumed.training["resumed_at"] < 1
    np.testing.assert_array_equal(resumed.vectors, full.vectors)


def test_checkpoint_every(corpus, tmp_path):
    # One epoch: "epoch" writes at epoch ends before the last (none here); "50%" writes halfway.
    at_epochs, halfway = tmp_path / "epochs.wvm", tmp_path / "half.wvm"
    options = dict(W2V, epochs=1, threads=2, deterministic=True)
    wordvec.train(corpus, checkpoint=at_epochs, **options)
    wordvec.train(corpus, checkpoint=halfway, checkpoint_every="50%", **options)
    assert not at_epochs.exists() and halfway.exists()
    with pytest.raises(wordvec.OptionError, match="checkpoint-every"):
        wordvec.train(corpus, checkpoint=halfway, checkpoint_every="sometimes", **options)


def test_save_model_and_continue_from(corpus, tmp_path):
    model = tmp_path / "full.wvm"
    wv = wordvec.train(corpus, threads=2, save_model=model, **W2V)
    back = wordvec.load(model)  # a native file every reader reads as vectors
    assert back.index_to_key == wv.index_to_key
    np.testing.assert_array_equal(back.vectors, wv.vectors)
    new = tmp_path / "new.txt"
    new.write_text("lion t1w1 t1w2 lion t1w3\n" * 50)
    more = wordvec.train(new, threads=2, continue_from=model, **W2V)
    assert "lion" in more and set(wv.index_to_key) <= set(more.index_to_key)
    with pytest.raises(wordvec.OptionError, match="pick one"):
        wordvec.train(new, init_from=model, continue_from=model, **W2V)


def test_init_from_starts_from_the_given_vectors(corpus, trained, vector_file):
    # A rate of almost 0 leaves the words where they started: the pretrained vectors.
    wv = wordvec.train(corpus, model="skipgram", dim=trained.vector_size, epochs=1, min_count=2, threads=2, lr=1e-9,
                       init_from=vector_file)
    assert wv.index_to_key == trained.index_to_key
    np.testing.assert_allclose(wv.vectors, trained.vectors, atol=1e-5)
    assert wv.metadata.get("init_from") == os.fspath(vector_file)


@pytest.fixture(scope="module")
def eval_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("eval")
    pairs = d / "pairs.tsv"
    rows = [f"t{t}w{i}\tt{t}w{i + 1}\t9" for t in range(10) for i in range(3)]
    rows += [f"t{t}w{i}\tt{(t + 3) % 20}w{i}\t1" for t in range(10) for i in range(3)]
    pairs.write_text("\n".join(rows) + "\n")
    analogies = d / "analogies.txt"
    analogies.write_text(": topics\n" + "\n".join(f"t{t}w0 t{t}w1 t{t + 1}w0 t{t + 1}w1" for t in range(10)) + "\n")
    return pairs, analogies


def test_eval_after_every_epoch(corpus, eval_files):
    pairs, analogies = eval_files
    wv = wordvec.train(corpus, threads=2, eval_similarity=pairs, eval_analogies=[analogies], **dict(W2V, epochs=3))
    scores = wv.training["epoch_scores"]
    assert len(scores) == 3 and set(scores[0]) == {"pairs.tsv", "analogies.txt"}
    assert scores[-1]["pairs.tsv"] > 0.5  # same-topic pairs are closer: Spearman follows the scores
    assert 0.0 <= scores[-1]["analogies.txt"] <= 1.0
    assert wv.training["best_epoch"] is None
    # eval_restrict: no question lies within the first 2 words, so none is answered.
    options = dict(W2V, threads=2, deterministic=True, eval_analogies=analogies)
    whole = [s["analogies.txt"] for s in wordvec.train(corpus, **options).training["epoch_scores"]]
    restricted = [s["analogies.txt"] for s in wordvec.train(corpus, eval_restrict=2, **options).training["epoch_scores"]]
    assert max(whole) > 0 and restricted == [0.0, 0.0], (whole, restricted)


def test_early_stop_keeps_the_best_epoch(corpus, eval_files):
    pairs, _ = eval_files
    wv = wordvec.train(corpus, threads=2, eval_similarity=pairs, early_stop=1, **dict(W2V, epochs=4))
    t = wv.training
    assert t["best_epoch"] is not None and 1 <= t["best_epoch"] <= len(t["epoch_loss"])
    spearman = [s["pairs.tsv"] for s in t["epoch_scores"]]
    assert spearman[t["best_epoch"] - 1] == max(spearman)
    assert t["stopped_early"] == (len(t["epoch_loss"]) < 4)
    with pytest.raises(wordvec.OptionError, match="early-stop"):
        wordvec.train(corpus, early_stop=1, **W2V)
