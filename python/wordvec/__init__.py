"""wordvec: train word2vec, fastText, GloVe and Doc2Vec vectors and fastText text classifiers, and query
the vectors as gensim's KeyedVectors.

    import wordvec
    wv = wordvec.train("corpus.txt", model="cbow", dim=100, epochs=5)
    wv.most_similar("king", topn=5)
    wv.most_similar(positive=["paris", "germany"], negative=["france"])
    score, sections = wv.evaluate_word_analogies("questions-words.txt")
    wv.save("vectors.bin")
    wv = wordvec.load("vectors.bin")          # any format wordvec reads; native .wv files are mapped

    clf = wordvec.train("train.txt", model="supervised", word_ngrams=2)   # fastText's format: __label__x text
    labels, probs = clf.predict("some text", k=2)
    n, precision, recall = clf.test("valid.txt")
    d2v = wordvec.train("docs.txt", model="dbow")  # one document per line
    d2v.dv.most_similar("0"); d2v.infer_vector(["new", "text"])

The work runs in the C++ library with the GIL released; Ctrl-C stops training cleanly. Errors are
raised as wordvec.Error subclasses (FormatError, IoError, OptionError and DataError are also
ValueError / OSError; UnknownWordError is a KeyError) with the library's messages.
"""
import math
import os
import tempfile
from collections import namedtuple

import numpy as np

# The library's OpenMP threads would otherwise spin while they wait for the next parallel region,
# burning CPU the rest of the process (and, on a busy machine, each other) needs: one 63k-word query
# took 200 ms spinning and 3 ms sleeping on 2 loaded cores. libgomp reads this when it loads, which is
# the import below; a value the user set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ._wordvec import (  # noqa: F401  (re-exported)
    Cancelled,
    DataError,
    Error,
    FormatError,
    IoError,
    OptionError,
    Progress,
    UnknownWordError,
    __version__,
    _embed,
    _format_names,
    _kmeans,
    _load,
    _load_classifier,
    _load_doc2vec,
    _model_name,
    _pca,
    _train,
)

__all__ = ["train", "load", "load_classifier", "load_doc2vec", "KeyedVectors", "Classifier", "Doc2Vec", "embed",
           "cluster", "reduce", "formats", "Progress", "Error", "FormatError", "IoError", "OptionError", "DataError",
           "UnknownWordError", "Cancelled"]

MODELS = ("skipgram", "cbow", "fasttext", "glove", "supervised", "dbow", "dm")


def formats():
    """Names of the vector file formats load() reads and KeyedVectors.save() writes."""
    return list(_format_names())


def _words(arg, name):
    """A word or a list of words as a list (None: empty)."""
    if arg is None:
        return []
    if isinstance(arg, str):
        return [arg]
    words = list(arg)
    for w in words:
        if not isinstance(w, str):
            raise TypeError(f"{name}: expected words (str), got {type(w).__name__}")
    return words


def _restrict(restrict_vocab):
    """gensim's restrict_vocab (None: all words) as the library's count (0: all)."""
    if restrict_vocab is None:
        return 0
    if restrict_vocab < 0:
        raise OptionError(f"restrict_vocab: expected a number of words >= 0, got {restrict_vocab}")
    return int(restrict_vocab)


def _t_two_sided_p(r, n):
    """Two-sided p-value of a correlation r on n pairs (Student's t with n - 2 degrees of freedom),
    as scipy.stats.pearsonr / spearmanr give it; NaN when scipy is absent or it is undefined."""
    try:
        from scipy import special
    except ImportError:
        return float("nan")
    if n < 3 or math.isnan(r):
        return float("nan")
    if abs(r) >= 1.0:
        return 0.0
    df = n - 2
    t2 = r * r * df / ((1.0 - r) * (1.0 + r))
    return float(special.betainc(0.5 * df, 0.5, df / (df + t2)))


class KeyedVectors:
    """Word vectors with gensim KeyedVectors' query vocabulary. Made by wordvec.load() or wordvec.train().

    `vectors` is a read-only NumPy view of the rows (no copy; for a native file, of the mapped file).
    """

    def __init__(self, native, training=None):
        self._v = native
        self._index_to_key = None
        self._key_to_index = None
        #: What training reported (epoch_loss, seconds, ...); None for loaded vectors.
        self.training = training

    # --- what the vectors are ------------------------------------------------------------
    @property
    def vector_size(self):
        """Vector dimension."""
        return self._v.dim

    @property
    def index_to_key(self):
        """Words in row order (most frequent first), as gensim's index_to_key."""
        if self._index_to_key is None:
            self._index_to_key = self._v.words()
        return self._index_to_key

    @property
    def key_to_index(self):
        """Word -> row, as gensim's key_to_index."""
        if self._key_to_index is None:
            self._key_to_index = {w: i for i, w in enumerate(self.index_to_key)}
        return self._key_to_index

    @property
    def vectors(self):
        """The rows (len(self) x vector_size, float32), a read-only view without a copy."""
        return self._v.vectors()

    @property
    def counts(self):
        """Corpus count of each word (0 where the file stores none)."""
        return self._v.counts()

    @property
    def metadata(self):
        """How the vectors were made (model, options, corpus size), when the file says."""
        return dict(self._v.metadata)

    @property
    def has_subwords(self):
        """True for fastText models: unseen words get vectors from their character n-grams."""
        return self._v.has_subwords

    def __len__(self):
        return self._v.size

    def __repr__(self):
        kind = "fastText " if self.has_subwords else ""
        return f"<wordvec.KeyedVectors: {len(self)} {kind}vectors of dimension {self.vector_size}>"

    def __contains__(self, word):
        """True when `word` has a vector: its own row, or (fastText, as gensim) any character n-gram."""
        return self._v.has_vector(word)

    def has_index_for(self, word):
        """True when `word` has its own row."""
        return self._v.find(word) >= 0

    def get_index(self, word):
        """Row of `word`; raises UnknownWordError (a KeyError)."""
        i = self._v.find(word)
        if i < 0:
            raise UnknownWordError(f"word '{word}' not in vocabulary")
        return i

    def get_vector(self, word, norm=False):
        """The vector of `word` (a copy): its row, or on a fastText model the mean of its n-gram rows
        for an unseen word. norm=True scales it to unit length."""
        return self._v.get_vector(word, norm)

    def __getitem__(self, words):
        """wv["king"] is get_vector("king"); wv[["king", "queen"]] stacks them."""
        if isinstance(words, str):
            return self.get_vector(words)
        return np.vstack([self.get_vector(w) for w in words])

    # --- queries -------------------------------------------------------------------------
    def most_similar(self, positive=None, negative=None, topn=10, restrict_vocab=None):
        """Words nearest to mean(positive) - mean(negative) of the unit vectors (3CosAdd), query words
        excluded, as gensim's most_similar: a list of (word, cosine), best first."""
        return self._v.most_similar(_words(positive, "positive"), _words(negative, "negative"), int(topn),
                                    _restrict(restrict_vocab))

    def most_similar_cosmul(self, positive=None, negative=None, topn=10, restrict_vocab=None):
        """3CosMul (Levy & Goldberg 2014) as gensim's most_similar_cosmul; also honours restrict_vocab."""
        return self._v.most_similar_cosmul(_words(positive, "positive"), _words(negative, "negative"), int(topn),
                                           _restrict(restrict_vocab))

    def similar_by_word(self, word, topn=10, restrict_vocab=None):
        """most_similar(word)."""
        return self.most_similar(positive=[word], topn=topn, restrict_vocab=restrict_vocab)

    def similar_by_vector(self, vector, topn=10, restrict_vocab=None):
        """Words nearest to a vector (no word excluded)."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        return self._v.similar_by_vector(v, int(topn), _restrict(restrict_vocab))

    def similarity(self, w1, w2):
        """Cosine similarity of two words."""
        return self._v.similarity(w1, w2)

    def n_similarity(self, ws1, ws2):
        """Cosine similarity of the means of two word lists."""
        a = np.mean([self.get_vector(w, norm=True) for w in ws1], axis=0)
        b = np.mean([self.get_vector(w, norm=True) for w in ws2], axis=0)
        return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))

    def doesnt_match(self, words):
        """The word farthest from the mean of the others, as gensim's doesnt_match: words without a
        vector are left out; ValueError when none is left."""
        used = [w for w in words if w in self]
        if not used:
            raise ValueError("cannot select a word from an empty list")
        return self._v.doesnt_match(used)

    # --- evaluation ----------------------------------------------------------------------
    def evaluate_word_analogies(self, analogies, restrict_vocab=300000, case_insensitive=True, dummy4unknown=False,
                                similarity_function="most_similar"):
        """Answers a questions-words file as gensim's evaluate_word_analogies and returns what it returns:
        (accuracy, sections), each section {'section', 'correct', 'incorrect'} with (A, B, C, D) tuples
        (upper-cased when case_insensitive), the last one 'Total accuracy'. Questions with a word outside
        the first restrict_vocab words are skipped (dummy4unknown=True: counted incorrect).
        similarity_function 'most_similar' (3CosAdd) or 'most_similar_cosmul' (3CosMul)."""
        if similarity_function not in ("most_similar", "most_similar_cosmul"):
            raise OptionError(f"similarity_function: expected most_similar or most_similar_cosmul, got '{similarity_function}'")
        raw = self._v.evaluate_word_analogies(os.fspath(analogies), _restrict(restrict_vocab), bool(case_insensitive),
                                              similarity_function == "most_similar_cosmul")
        sections = []
        for name, questions in raw:
            section = {"section": name, "correct": [], "incorrect": []}
            for a, b, c, d, answered, correct in questions:
                if not answered and not dummy4unknown:
                    continue
                quad = (a.upper(), b.upper(), c.upper(), d.upper()) if case_insensitive else (a, b, c, d)
                section["correct" if correct else "incorrect"].append(quad)
            sections.append(section)
        total = {"section": "Total accuracy",
                 "correct": [q for s in sections for q in s["correct"]],
                 "incorrect": [q for s in sections for q in s["incorrect"]]}
        n = len(total["correct"]) + len(total["incorrect"])
        score = len(total["correct"]) / n if n else 0.0
        sections.append(total)
        return score, sections

    def evaluate_word_pairs(self, pairs, delimiter="\t", encoding="utf8", restrict_vocab=300000, case_insensitive=True,
                            dummy4unknown=False):
        """Correlates cosines with human scores as gensim's evaluate_word_pairs and returns what it returns:
        ((pearson, p-value), (spearman, p-value), oov_ratio in percent). The file is read by wordvec's
        word-pair reader: tab-separated (or comma / space separated without tabs), '#' lines skipped, a
        header line allowed; `delimiter` and `encoding` are accepted for compatibility (UTF-8, detected
        separator). Pairs with a word outside the first restrict_vocab words are left out (dummy4unknown=True:
        they count with similarity 0). p-values need scipy (NaN without it)."""
        pearson, spearman, n_pairs, used = self._v.evaluate_word_pairs(os.fspath(pairs), _restrict(restrict_vocab),
                                                                       bool(case_insensitive), bool(dummy4unknown))
        scored = n_pairs if dummy4unknown else used
        if scored == 0:
            raise ValueError(f"No valid similarity judgements found in {pairs}: either invalid format or all are "
                             f"out-of-vocabulary in {self}")
        oov_ratio = float(n_pairs - used) / n_pairs * 100
        return (pearson, _t_two_sided_p(pearson, scored)), (spearman, _t_two_sided_p(spearman, scored)), oov_ratio

    # --- files ---------------------------------------------------------------------------
    def save(self, path, format=None):
        """Writes the vectors atomically; the format comes from the extension (.bin w2v-bin, or a fastText
        model file for fastText vectors; .txt w2v-text; .vec fasttext-vec; .npy; .wv native ...) unless
        given: one of wordvec.formats()."""
        self._v.save(os.fspath(path), format or "")

    def save_word2vec_format(self, path, binary=False):
        """gensim's spelling of save(): word2vec binary or text."""
        self.save(path, "w2v-bin" if binary else "w2v-text")

    def to_gensim(self):
        """The same vectors as a gensim KeyedVectors (a copy); a fastText model becomes a
        FastTextKeyedVectors, so unseen words keep their vectors, also when its vocabulary was cut
        (load(limit=N)): the words cut off get their n-gram vectors, as here. A model whose n-gram table
        was pruned (fastText's quantized .ftz) becomes a plain KeyedVectors: gensim averages over every
        n-gram bucket, fastText only over the buckets pruning kept, so its unseen-word vectors would differ."""
        from gensim.models import KeyedVectors as GensimKeyedVectors

        opts = self._v.subword_options
        if opts is not None and not opts[3]:
            from gensim.models.fasttext import FastTextKeyedVectors

            minn, maxn, bucket, _, model_words = opts
            kv = FastTextKeyedVectors(self.vector_size, minn, maxn, bucket)
            kv.index_to_key = list(self.index_to_key)
            kv.key_to_index = dict(self.key_to_index)
            # The input matrix holds the model's word rows (as many as its vocabulary had when it was made,
            # of which ours are the first len(self)), then the n-gram rows.
            matrix = self._v.subword_input()
            kv.vectors_vocab = np.array(matrix[:len(self)])
            kv.vectors_ngrams = np.array(matrix[model_words:])
            kv.vectors = np.array(self.vectors)
            kv.buckets_word = None
            kv.recalc_char_ngram_buckets()
        else:
            kv = GensimKeyedVectors(self.vector_size, count=len(self))
            kv.index_to_key = list(self.index_to_key)
            kv.key_to_index = dict(self.key_to_index)
            kv.vectors = np.array(self.vectors)
        counts = self.counts
        if counts.any():
            kv.expandos["count"] = np.array(counts, dtype=np.int64)
        return kv


def load(path, limit=None):
    """Reads a vector file of any format wordvec knows (detected by content): word2vec binary/text,
    GloVe text, fastText .vec/.bin, .npy, TensorBoard TSV, native .wv (memory-mapped, queried in place).
    limit: keep only the first N words (gensim's load_word2vec_format limit); a fastText model keeps its
    n-gram rows, so the words cut off still get their subword vectors."""
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise OptionError(f"limit: expected a number of words >= 1, got {limit!r}")
    return KeyedVectors(_load(os.fspath(path), limit or 0))


class Classifier:
    """A fastText text classifier: made by wordvec.train(model="supervised") or load_classifier(), with
    fastText's predict() and test(); save() writes the fastText .bin `fasttext predict` reads."""

    def __init__(self, native, training=None):
        self._c = native
        #: What training reported (epoch_loss, seconds); None for a loaded classifier.
        self.training = training

    @property
    def labels(self):
        """The labels, most frequent first (fastText's get_labels())."""
        return self._c.labels

    @property
    def words(self):
        """The words of the dictionary, "</s>" included (fastText's get_words())."""
        return self._c.words

    @property
    def dim(self):
        """Vector dimension."""
        return self._c.dim

    @property
    def loss(self):
        """The output layer: softmax, ns, hs or ova."""
        return self._c.loss

    def __repr__(self):
        return f"<wordvec.Classifier: {len(self.labels)} labels, {len(self.words)} words, dimension {self.dim}, loss {self.loss}>"

    def predict(self, text, k=1, threshold=0.0):
        """The k most probable labels with probability >= threshold, as fastText's predict: for one text (str)
        a tuple of labels and a NumPy array of their probabilities, most probable first; for a list of texts,
        a list of such label lists and a list of arrays. A text is one line (a newline raises ValueError)."""
        texts = [text] if isinstance(text, str) else list(text)
        for t in texts:
            if "\n" in t:
                raise ValueError("predict processes one line at a time (remove '\\n')")
        out = self._c.predict(texts, int(k), float(threshold))
        if isinstance(text, str):
            labels, probs = out[0]
            return tuple(labels), np.array(probs)
        return [labels for labels, _ in out], [np.array(probs) for _, probs in out]

    def get_sentence_vector(self, text):
        """The vector of one line as fastText's get_sentence_vector: the mean of the input rows of its words,
        subwords and word n-grams ("</s>" included), the vector predict() scores labels from; zeros when no
        token of the line is known. A newline in the text raises ValueError, as in fastText."""
        if "\n" in text:
            raise ValueError("get_sentence_vector processes one line at a time (remove '\\n')")
        return self._c.sentence_vector(text)

    def test(self, path, k=1, threshold=0.0):
        """(N, P@k, R@k) on a file of labelled lines, as fastText's test (and `wordvec test`)."""
        return self._c.test(os.fspath(path), int(k), float(threshold))

    def save(self, path):
        """Writes the classifier as the fastText .bin `wordvec train --model supervised` writes (atomically)."""
        self._c.save(os.fspath(path))


def load_classifier(path):
    """Reads a fastText classifier .bin (`fasttext supervised`, `wordvec train --model supervised`, Classifier.save)."""
    return Classifier(_load_classifier(os.fspath(path)))


class Doc2Vec:
    """Doc2Vec's paragraph vectors as gensim's Doc2Vec holds them: `dv`, the document vectors keyed by tag,
    and `wv`, the word vectors (KeyedVectors both), plus infer_vector() for new texts. Made by
    wordvec.train(model="dbow" or "dm") or load_doc2vec()."""

    def __init__(self, docs, words, native, training=None):
        self._m = native
        #: The document vectors, keyed by tag (line numbers as strings, or the first-token tags).
        self.dv = KeyedVectors(docs)
        #: The word vectors (plain dbow does not train them: they keep their random start, as in gensim).
        self.wv = KeyedVectors(words)
        #: What training reported (epoch_loss, seconds); None for a loaded model.
        self.training = training

    @property
    def vector_size(self):
        """Vector dimension."""
        return self.dv.vector_size

    def __repr__(self):
        return (f"<wordvec.Doc2Vec ({self._m.model}): {len(self.dv)} documents, {len(self.wv)} words, "
                f"dimension {self.vector_size}>")

    def _doc_words(self, doc):
        return self._m.tokenize(doc) if isinstance(doc, str) else _words(doc, "doc_words")

    def infer_vector(self, doc_words, alpha=None, min_alpha=None, epochs=None, seed=None):
        """The vector of a new document, as gensim's infer_vector: it starts from a random vector drawn from
        `seed` and its words, and only it trains against the frozen model for `epochs` passes (None: the
        model's), the rate falling from alpha (None: the model's) to min_alpha. doc_words: a list of words,
        or a str split as the training corpus was. The same seed and words give the same vector."""
        return self.infer_vectors([doc_words], alpha=alpha, min_alpha=min_alpha, epochs=epochs, seed=seed)[0]

    def infer_vectors(self, docs, alpha=None, min_alpha=None, epochs=None, seed=None, threads=None):
        """infer_vector() of many documents at once (len(docs) x vector_size); the result does not depend on threads."""
        words = [self._doc_words(d) for d in docs]
        return self._m.infer(words, epochs, alpha, min_alpha, seed, threads)

    def save(self, path):
        """Writes the full model (options, vocabulary, document tags, input and output matrices) atomically, as
        train(..., save_model=PATH) and `wordvec train --save-model` write it: load_doc2vec() and
        `wordvec infer` read it back."""
        self._m.save(os.fspath(path))


def load_doc2vec(path):
    """Reads the full model of a dbow or dm run (train(..., save_model=PATH), `wordvec train --save-model`)."""
    native = _load_doc2vec(os.fspath(path))
    docs, words = native.parts()
    return Doc2Vec(docs, words, native)


def _write_sentences(sentences, out):
    """One line per sentence: a str as it is, a list of tokens joined by spaces."""
    n = 0
    for s in sentences:
        line = s if isinstance(s, str) else " ".join(s)
        out.write(line.replace("\n", " ") + "\n")
        n += 1
    return n


def _tag(doc):
    """The one tag of a TaggedDocument-like object, as a first-token tag."""
    tags = [doc.tags] if isinstance(doc.tags, (str, int)) else list(doc.tags)
    if len(tags) != 1:
        raise OptionError(f"tags: expected one tag per document, got {len(tags)} ({tags!r})")
    tag = str(tags[0])
    if not tag or any(c.isspace() for c in tag):
        raise OptionError(f"tags: a tag is one token without whitespace, got {tag!r}")
    return tag


def _write_documents(docs, out):
    """Doc2Vec documents as lines: TaggedDocument-like objects (words, tags) as 'tag word word ...'
    (first-token tags); strings or token lists as they are (tagged by line number). Returns the tags option."""
    tagged = None
    for d in docs:
        has_tags = hasattr(d, "words") and hasattr(d, "tags")
        if tagged is None:
            tagged = has_tags
        elif tagged != has_tags:
            raise TypeError("documents: expected all TaggedDocument-like (words, tags) or none of them")
        if has_tags:
            words = _words(d.words, "words")
            line = " ".join([_tag(d)] + words)
        else:
            line = d if isinstance(d, str) else " ".join(d)
        out.write(line.replace("\n", " ") + "\n")
    return "first-token" if tagged else None


def _paths(value):
    """A path or a list of paths as a list of str (None stays None)."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def _path(value):
    return None if value is None else os.fspath(value)


def train(corpus, model="skipgram", dim=None, window=None, epochs=None, min_count=None, max_vocab=None, threads=None,
          lr=None, seed=None, negative=None, sample=None, ns_exponent=None, init_range=None, minn=None, maxn=None,
          bucket=None, x_max=None, power=None, memory_gb=None, progress=None, *, loss=None, label=None,
          min_count_label=None, word_ngrams=None, tags=None, dbow_words=None, deterministic=None, checkpoint=None,
          checkpoint_every=None, resume=None, save_model=None, init_from=None, continue_from=None,
          eval_analogies=None, eval_similarity=None, eval_restrict=None, early_stop=None):
    """Trains a model as `wordvec train --model MODEL` does and returns what it made.

    model: "skipgram", "cbow", "fasttext" (skip-gram with character n-grams), "glove" -> KeyedVectors;
    "supervised" (fastText's text classifier) -> Classifier; "dbow" or "dm" (Doc2Vec) -> Doc2Vec.
    corpus: a text file (UTF-8, one sentence / example / document per line, whitespace-separated tokens;
    .gz accepted), or an iterable written to a temporary file first: sentences (strings or lists of tokens);
    for supervised, lines in fastText's format ("__label__a text ..."); for dbow/dm, strings or token lists
    (tagged by line number, as gensim's TaggedLineDocument) or TaggedDocument-like objects (words, tags; one tag).
    Options left at None take the model's defaults (the library's option structs, as `wordvec train --model
    MODEL --help` lists them); threads=None uses all cores. An option another model takes raises OptionError.
    Word models: window, negative, sample, ns_exponent, init_range, minn, maxn, bucket, max_vocab, loss ("ns" or
    "hs"); GloVe: window, init_range, max_vocab, x_max, power, memory_gb; supervised: label, min_count_label,
    word_ngrams, bucket, minn, maxn, loss ("softmax", "ns", "hs", "ova"), negative; dbow/dm: the word-model
    options but subwords, plus tags ("line" or "first-token") and dbow_words.
    Stop, resume, reproduce, continue (as the CLI's options of the same names): deterministic=True (the same
    vectors for a seed whatever threads is); checkpoint=PATH, checkpoint_every ("epoch", "N%", "90s"),
    resume=PATH (the same options and corpus), save_model=PATH (the full model: continue_from=PATH
    continues it on a new corpus; load_doc2vec() reads a dbow/dm one); init_from=VECTORS (word models);
    eval_analogies / eval_similarity (a file or a list) after every epoch (scores in training["epoch_scores"]),
    eval_restrict, early_stop=N (keep the best epoch, training["best_epoch"]); not for supervised.
    progress: a callable receiving wordvec.Progress a few times a second; an exception it raises
    stops training and is raised here. Ctrl-C stops training cleanly (KeyboardInterrupt).
    """
    name = _model_name(model)
    kwargs = dict(dim=dim, window=window, epochs=epochs, min_count=min_count, max_vocab=max_vocab, threads=threads,
                  lr=lr, seed=seed, negative=negative, sample=sample, ns_exponent=ns_exponent, init_range=init_range,
                  minn=minn, maxn=maxn, bucket=bucket, x_max=x_max, power=power, memory_gb=memory_gb, loss=loss,
                  label=label, min_count_label=min_count_label, word_ngrams=word_ngrams, tags=tags,
                  dbow_words=dbow_words, deterministic=deterministic, checkpoint=_path(checkpoint),
                  checkpoint_every=checkpoint_every, resume=_path(resume), save_model=_path(save_model),
                  init_from=_path(init_from), continue_from=_path(continue_from),
                  eval_analogies=_paths(eval_analogies), eval_similarity=_paths(eval_similarity),
                  eval_restrict=eval_restrict, early_stop=early_stop)
    if isinstance(corpus, (str, bytes, os.PathLike)):
        result, report = _train(os.fspath(corpus), name, progress, **kwargs)
    else:
        with tempfile.TemporaryDirectory(prefix="wordvec-") as tmp:
            path = os.path.join(tmp, "corpus.txt")
            with open(path, "w", encoding="utf-8") as out:
                if name in ("dbow", "dm"):
                    first_token = _write_documents(corpus, out)
                    if first_token and tags not in (None, first_token):
                        raise OptionError(f"option --tags: TaggedDocument tags are first-token tags, got tags={tags!r}")
                    kwargs["tags"] = first_token or tags
                else:
                    _write_sentences(corpus, out)
            result, report = _train(path, name, progress, **kwargs)
    report = dict(report)
    if name == "supervised":
        return Classifier(result, report)
    if name in ("dbow", "dm"):
        docs, words, native = result
        return Doc2Vec(docs, words, native, report)
    return KeyedVectors(result, report)


def embed(vectors, texts, sif=0.0, remove_component=True, lowercase=False, counts=None):
    """Sentence vectors (len(texts) x dim, float32): the mean of each text's word vectors, or with sif=a > 0
    the SIF weighted mean a / (a + p(w)) with the first principal component removed (Arora et al. 2017;
    1e-3 is usual, and it needs ~1,000 texts or more for the component to mean anything).
    texts: strings (split on whitespace) or lists of tokens. A text with no known word gets a zero row.
    p(w) comes from `counts` ("word count" lines) when given, else the vectors' counts, else Zipf's law
    on the frequency rank. On fastText vectors unseen words count through their n-grams."""
    lines = [t if isinstance(t, str) else " ".join(t) for t in texts]
    matrix, _missing, _known, _unknown, _zipf = _embed(vectors._v, lines, float(sif), bool(remove_component),
                                                        bool(lowercase), None if counts is None else os.fspath(counts))
    return np.asarray(matrix, dtype=np.float32)


KMeans = namedtuple("KMeans", "labels centroids inertia iterations converged")
KMeans.__doc__ = "What cluster() found: labels (n,), centroids (k x dim), inertia, iterations run, converged."


def _points(vectors, limit, normalize):
    """Rows to cluster or project: the first `limit` rows of KeyedVectors (unit length when normalize),
    or a 2-D array as given."""
    if isinstance(vectors, KeyedVectors):
        x = vectors.vectors[:limit] if limit else vectors.vectors
    else:
        x = np.asarray(vectors, dtype=np.float32)
        if limit:
            x = x[:limit]
    if normalize:
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        x = np.divide(x, norms, out=np.zeros_like(x, dtype=np.float32), where=norms > 0)
    return np.ascontiguousarray(x, dtype=np.float32)


def cluster(vectors, k=100, limit=None, normalize=True, iterations=20, seed=1, threads=None):
    """k-means (k-means++ seeding, then Lloyd iterations) of the first `limit` words (None: all) as
    `wordvec cluster` does: unit-normalised rows by default, so distance follows cosine. `vectors` is
    KeyedVectors or a 2-D array. Returns KMeans(labels, centroids, inertia, iterations, converged); the
    same seed gives the same clusters for any thread count."""
    labels, centroids, inertia, its, converged = _kmeans(_points(vectors, limit, normalize), int(k), int(iterations),
                                                         int(seed), threads)
    return KMeans(np.asarray(labels), np.asarray(centroids, dtype=np.float32), inertia, its, converged)


Projection = namedtuple("Projection", "coords words explained_ratio axes")
Projection.__doc__ = ("What reduce() computed: coords (n x dim), the words projected (None for an array), "
                      "the share of variance of each component, and the unit axes (vector_size x dim).")


def reduce(vectors, words=None, top=300, dim=2, normalize=False):
    """PCA of word vectors to `dim` components, fitted on the chosen words, as `wordvec reduce`:
    the listed `words` (unknown ones are left out), else the `top` most frequent words. `vectors` is
    KeyedVectors or a 2-D array (then all its rows). Returns Projection(coords, words, explained_ratio, axes)."""
    if isinstance(vectors, KeyedVectors):
        if words is None:
            chosen = list(vectors.index_to_key[:top])
        else:
            chosen = [w for w in dict.fromkeys(words) if vectors.has_index_for(w)]
            if not chosen:
                raise DataError("reduce: none of the listed words is in the vectors")
        x = np.vstack([vectors.get_vector(w) for w in chosen]).astype(np.float32)
    else:
        chosen, x = None, np.asarray(vectors, dtype=np.float32)
    x = _points(x, None, normalize)
    coords, ratio, axes, _mean = _pca(x, int(dim), True)
    return Projection(np.asarray(coords), chosen, np.asarray(ratio), np.asarray(axes))
