"""Shared setup of the wordvec notebooks: where the binary, the data and the figures are, and one
way to call the `wordvec` command line. Everything the notebooks compute comes from the CLI; this
module only runs it and reads what it writes.

Environment (all optional when run by hand from a build in ./build):
  WORDVEC        the wordvec binary                      (default: build/wordvec)
  WORDVEC_DATA   corpus sample and trained vectors      (default: build/notebooks)
  WORDVEC_OUT    where figures and exported files go     (default: WORDVEC_DATA)
  WORDVEC_EVAL   extra evaluation sets (questions-words.txt, wordsim353.tsv, simlex999.txt)
                 (default: ../shared/eval next to the repository, used when present)
"""
import json
import os
import shlex
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
WORDVEC = Path(os.environ.get("WORDVEC", REPO / "build" / "wordvec"))
DATA = Path(os.environ.get("WORDVEC_DATA", REPO / "build" / "notebooks"))
OUT = Path(os.environ.get("WORDVEC_OUT", DATA))
EVAL = Path(os.environ.get("WORDVEC_EVAL", REPO.parent / "shared" / "eval"))
CORPUS = DATA / "corpus-sample.txt"
ANALOGIES = NOTEBOOKS / "data" / "analogies.txt"
SENTENCES = NOTEBOOKS / "data" / "sentences.txt"

# The options make_data.sh trains with; a model trained here uses the same ones.
TRAIN_OPTIONS = ["--dim", "100", "--window", "5", "--epochs", "5", "--min-count", "5", "--threads", "2", "--seed", "1"]


class WordvecError(RuntimeError):
    """A wordvec command failed; carries its exit code and standard error."""

    def __init__(self, args, returncode, stderr):
        super().__init__(f"wordvec {' '.join(map(str, args))} failed ({returncode}): {stderr.strip()}")
        self.returncode = returncode
        self.stderr = stderr


def wordvec(*args, echo=True, stdin=None):
    """Runs `wordvec ARGS...`; returns the CompletedProcess, raises WordvecError on failure."""
    args = [str(a) for a in args]
    if echo:
        print("$ wordvec " + " ".join(shlex.quote(a) for a in args))
    p = subprocess.run([str(WORDVEC), *args], capture_output=True, text=True, input=stdin)
    if p.returncode != 0:
        raise WordvecError(args, p.returncode, p.stderr)
    return p


def json_lines(text):
    """Parses one JSON object per line (the --json output of similar and analogy)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def commands():
    """The subcommands this wordvec binary has (from `wordvec --help`)."""
    out = subprocess.run([str(WORDVEC), "--help"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.strip()}


def ensure_data():
    """Runs make_data.sh unless the corpus sample and the CBOW / skip-gram vectors exist."""
    if all((DATA / f).exists() for f in ("corpus-sample.txt", "cbow.bin", "skipgram.bin")):
        return
    subprocess.run(["bash", str(NOTEBOOKS / "make_data.sh"), str(WORDVEC), str(DATA)], check=True)


def vectors(model="cbow"):
    """Vectors of `model` trained on the corpus sample, training them when absent.
    Raises WordvecError when this binary cannot train `model`."""
    ensure_data()
    path = DATA / f"{model}.bin"
    if not path.exists():
        wordvec("train", "--model", model, "--input", CORPUS, "--output", path, "--format", "w2v-bin",
                *TRAIN_OPTIONS, "--quiet")
    return path


def eval_sets():
    """Analogy and word-similarity files to evaluate on: the bundled small set, plus ../shared/eval when present."""
    analogies = [ANALOGIES] + [p for p in [EVAL / "questions-words.txt"] if p.exists()]
    similarity = [p for p in [EVAL / "wordsim353.tsv", EVAL / "simlex999.txt"] if p.exists()]
    return analogies, similarity


def figure_path(name):
    """Where a figure goes (OUT/name), creating the directory."""
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT / name


def table(rows, headers):
    """A Markdown table for display in the notebook."""
    from IPython.display import Markdown

    def cell(v):
        text = f"{v:.3f}" if isinstance(v, float) else str(v)
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


def read_tsv(path):
    """Rows of a TSV file with a header line, as dicts (numbers converted)."""
    lines = Path(path).read_text().splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        values = line.split("\t")
        rows.append({h: (v if i == 0 else float(v)) for i, (h, v) in enumerate(zip(header, values))})
    return rows


def read_clusters(path):
    """The `word<TAB>cluster` lines of `wordvec cluster`, as a dict."""
    out = {}
    for line in Path(path).read_text().splitlines():
        word, cluster = line.split("\t")
        out[word] = int(cluster)
    return out


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
