"""Shared setup of the wordvec notebooks: where the module, the data and the figures are.

The notebooks use the `wordvec` Python module (python/ in this repository) and read the models that
notebooks/make_data.sh trains once; each notebook also has one cell running the `wordvec` command
line, to show the same thing from a shell.

Environment (all optional when run by hand from a build in ./build):
  WORDVEC         the wordvec binary (for the command-line cells)  (default: build/wordvec)
  WORDVEC_PYTHON  the directory holding the built module          (default: build/python)
  WORDVEC_DATA    corpus and trained vectors (make_data.sh)       (default: build/notebooks)
  WORDVEC_OUT     where figures and exported files go             (default: WORDVEC_DATA/output)
  WORDVEC_EVAL    questions-words.txt, wordsim353.tsv, simlex999.txt
                  (default: ../shared/eval next to the repository, used when present)
"""
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
WORDVEC = Path(os.environ.get("WORDVEC", REPO / "build" / "wordvec"))
sys.path.insert(0, str(Path(os.environ.get("WORDVEC_PYTHON", REPO / "build" / "python"))))
import wordvec  # noqa: E402  (the path above first)

DATA = Path(os.environ.get("WORDVEC_DATA", REPO / "build" / "notebooks"))
OUT = Path(os.environ.get("WORDVEC_OUT", DATA / "output"))
EVAL = Path(os.environ.get("WORDVEC_EVAL", REPO.parent / "shared" / "eval"))
CORPUS = DATA / "corpus.txt"
ANALOGIES = NOTEBOOKS / "data" / "analogies.txt"
SENTENCES = NOTEBOOKS / "data" / "sentences.txt"
MODELS = ["skipgram", "cbow", "fasttext", "glove"]


def load(model):
    """The vectors make_data.sh trained for `model` (or gensim-cbow / gensim-skipgram)."""
    path = DATA / f"{model}.bin"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run notebooks/make_data.sh {WORDVEC} {DATA}")
    return wordvec.load(path)


def training_log(model):
    """The last lines `wordvec train` printed for `model`: what it wrote, and how long it took."""
    return "\n".join((DATA / f"train-{model}.log").read_text().strip().splitlines()[-2:])


def training_command(model):
    """The command make_data.sh trained `model` with."""
    return (DATA / f"train-{model}.cmd").read_text().strip()


def cli(*args):
    """Runs `wordvec ARGS...` (the command-line equivalent of a cell) in the data directory, with
    files (Path arguments) named relative to it, and prints what it prints."""
    def arg(a):
        return os.path.relpath(a, DATA) if isinstance(a, Path) else str(a)
    args = [arg(a) for a in args]
    print("$ wordvec " + " ".join(shlex.quote(a) for a in args))
    p = subprocess.run([str(WORDVEC), *args], capture_output=True, text=True, cwd=DATA)
    print(p.stdout.rstrip())
    if p.returncode != 0:
        raise RuntimeError(f"wordvec {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()}")


def eval_sets():
    """Analogy and word-similarity files: the bundled small set, plus ../shared/eval when present."""
    analogies = [ANALOGIES] + [p for p in [EVAL / "questions-words.txt"] if p.exists()]
    similarity = [p for p in [EVAL / "wordsim353.tsv", EVAL / "simlex999.txt"] if p.exists()]
    return analogies, similarity


def analogy_summary(wv, path, restrict_vocab=30000, method="most_similar"):
    """Accuracy of semantic / syntactic / all sections (gensim's rule: "gram*" sections are syntactic),
    as {part: (correct, answered, questions)}; questions with a word outside restrict_vocab are skipped."""
    _, sections = wv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab, similarity_function=method)
    _, with_unknown = wv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab, dummy4unknown=True,
                                                 similarity_function=method)
    out = {"semantic": [0, 0, 0], "syntactic": [0, 0, 0], "total": [0, 0, 0]}
    for s, all_q in zip(sections[:-1], with_unknown[:-1]):
        part = "syntactic" if s["section"].startswith("gram") else "semantic"
        for key in (part, "total"):
            out[key][0] += len(s["correct"])
            out[key][1] += len(s["correct"]) + len(s["incorrect"])
            out[key][2] += len(all_q["correct"]) + len(all_q["incorrect"])
    return {k: tuple(v) for k, v in out.items()}


def section_accuracy(wv, path, restrict_vocab=30000):
    """[(section, accuracy %, answered)] per section of an analogy file."""
    _, sections = wv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab)
    rows = []
    for s in sections[:-1]:
        n = len(s["correct"]) + len(s["incorrect"])
        rows.append((s["section"], 100.0 * len(s["correct"]) / n if n else 0.0, n))
    return rows


def pct(correct, answered):
    """'12.3%' (or '-' when nothing was answered)."""
    return f"{100.0 * correct / answered:.1f}%" if answered else "-"


def figure_path(name):
    """Where a figure goes (OUT/name), creating the directory."""
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT / name


def show(fig, name, dpi=80):
    """Saves a matplotlib figure as OUT/name (PNG at a modest dpi, to keep the notebooks small) and
    displays that file, so the notebook shows exactly the checked figure."""
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    path = figure_path(name)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    display(Image(filename=str(path)))


def table(rows, headers):
    """A Markdown table for display in the notebook."""
    from IPython.display import Markdown

    def cell(v):
        text = f"{v:.3f}" if isinstance(v, float) else str(v)
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


def analogy_groups(path=ANALOGIES):
    """The (a, b) word pairs of each section of a questions-words file, in file order."""
    groups, section = {}, None
    for line in Path(path).read_text().splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
            groups[section] = []
        elif line.strip():
            a, b = line.split()[:2]
            if (a, b) not in groups[section]:
                groups[section].append((a, b))
    return groups


def gensim_report():
    """What make_data.sh recorded about training gensim's models (JSON from bench/gensim_word2vec.py)."""
    out = {}
    for model in ("cbow", "skipgram"):
        path = DATA / f"train-gensim-{model}.log"
        if path.exists():
            out[model] = json.loads(path.read_text().strip().splitlines()[-1])
    return out
