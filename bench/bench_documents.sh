#!/usr/bin/env bash
# Documents end to end against the same pipeline in Python (bench/documents_python.py: gensim KeyedVectors,
# numpy means, stdlib sqlite3, numpy search): embed-multi docs/s, one `similar -c` end to end, and the
# unchanged rerun. Documents: every Debian package description (apt-cache dumpavail; Section = label) and the
# README files under /usr/share/doc, repeated until there are DOCS (default 100000).
#   bench/bench_documents.sh WORDVEC VECTORS.bin [WORKDIR]     (VECTORS: word2vec binary, read by both;
#   DOCS documents, ROUNDS alternating rounds, default 3)
set -euo pipefail
WORDVEC=$1; VECTORS=$2; WORK=${3:-$(mktemp -d)}; DOCS=${DOCS:-100000}; PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) ($(nproc) threads); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# id,text,section: lower-cased, punctuation as spaces, so both tools split the same words on white space.
$PY - "$WORK/docs.csv" "$DOCS" <<'PY'
import csv, glob, re, subprocess, sys
out, want = sys.argv[1], int(sys.argv[2])
clean = lambda t: " ".join(re.sub(r"[^\w]+", " ", t.lower()).split())
docs, pkg, sec, desc = [], None, "", []
for line in subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True).stdout.splitlines() + [""]:
    if not line:
        if pkg and desc: docs.append((pkg, clean(" ".join(desc)), sec))
        pkg, sec, desc = None, "", []
    elif line.startswith("Package: "): pkg = line[9:]
    elif line.startswith("Section: "): sec = line[9:].split("/")[-1]
    elif line.startswith("Description: "): desc = [line[13:]]
    elif line.startswith(" ") and desc: desc.append(line)
for p in glob.glob("/usr/share/doc/**/README*", recursive=True):
    try: docs.append((p, clean(open(p, errors="replace").read()[:20000]), "readme"))
    except (OSError, UnicodeError): pass
docs = [d for d in docs if d[1]]
with open(out, "w", newline="") as f:
    w = csv.writer(f); w.writerow(["id", "text", "section"]); n = 0; r = 0
    while n < want:
        for i, t, s in docs:
            w.writerow([f"{r}:{i}", t, s]); n += 1
        r += 1
print(f"{n} documents ({len(docs)} distinct) in {out}", file=sys.stderr)
PY
# Wall and CPU (user + system) seconds of a command, as "WALL CPU". (time's report goes to a file: with
# the command's stderr sent to /dev/null it would go there too.)
wc() { /usr/bin/time -o "$WORK/time.txt" -f "%e %U %S" "$@" >/dev/null 2>/dev/null; awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/time.txt"; }
# ROUNDS (default 3) alternating rounds, each from an empty database: wordvec's first run and its rerun
# over the same, unchanged documents, then the Python script's run. Both sides end to end: process
# start, loading the model, reading and parsing the CSV, MD5 of each content, embedding, writing
# every row (id, vector, content_hash, metadata, updated) into llm's schema, in WAL mode with
# synchronous=NORMAL and 50,000 rows per transaction (both defaults of embed-multi).
ROUNDS=${ROUNDS:-3}
W1=(); C1=(); W2=(); C2=(); P1=(); PC1=()
for r in $(seq "$ROUNDS"); do
  rm -f "$WORK"/w.db* "$WORK"/p.db*
  read -r w c < <(wc "$WORDVEC" embed-multi docs "$WORK/docs.csv" -m "$VECTORS" -d "$WORK/w.db" --tokenizer whitespace --metadata section -q); W1+=("$w"); C1+=("$c")
  read -r w c < <(wc "$WORDVEC" embed-multi docs "$WORK/docs.csv" -m "$VECTORS" -d "$WORK/w.db" --tokenizer whitespace --metadata section -q); W2+=("$w"); C2+=("$c")
  read -r w c < <(wc $PY "$HERE/documents_python.py" embed "$VECTORS" "$WORK/docs.csv" "$WORK/p.db"); P1+=("$w"); PC1+=("$c")
  echo "round $r: wordvec ${W1[-1]} s (${C1[-1]} s CPU), rerun ${W2[-1]} s (${C2[-1]} s CPU); python ${P1[-1]} s (${PC1[-1]} s CPU)"
done
# median (min-max) of the arguments
mm() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f (%.2f-%.2f)", m, v[1], v[NR] }'; }
med() { mm "$@" | cut -d' ' -f1; }
n=$(sqlite3 "$WORK/w.db" "select count(*) from embeddings")
np=$(sqlite3 "$WORK/p.db" "select count(*) from embeddings")
echo "embed-multi, $n documents stored (python: $np), medians of $ROUNDS (min-max), end to end:"
echo "  wordvec $(mm "${W1[@]}") s wall, $(mm "${C1[@]}") s CPU; python $(mm "${P1[@]}") s wall, $(mm "${PC1[@]}") s CPU"
echo "  docs/s: wordvec $(echo "$n / $(med "${W1[@]}")" | bc), python $(echo "$np / $(med "${P1[@]}")" | bc); ratio $(echo "$(med "${P1[@]}") / $(med "${W1[@]}")" | bc -l | cut -c1-5)x wall, $(echo "$(med "${PC1[@]}") / $(med "${C1[@]}")" | bc -l | cut -c1-5)x CPU"
echo "embed-multi rerun, all unchanged: $(mm "${W2[@]}") s wall, $(mm "${C2[@]}") s CPU = $(echo "$(med "${W2[@]}") / $(med "${W1[@]}")" | bc -l | cut -c1-5) of the first run's wall time, $(echo "$(med "${C2[@]}") / $(med "${C1[@]}")" | bc -l | cut -c1-5) of its CPU time"
Q="sqlite backup and restore tools"
ws=(); ps=()
for i in 1 2 3; do
  ws+=($( { /usr/bin/time -f "%e" "$WORDVEC" similar docs -c "$Q" -d "$WORK/w.db" >/dev/null; } 2>&1 | tail -1))
  ps+=($( { /usr/bin/time -f "%e" $PY "$HERE/documents_python.py" similar "$VECTORS" "$WORK/p.db" "$Q" >/dev/null; } 2>&1 | tail -1))
done
med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
echo "similar -c, end to end: wordvec ${ws[*]} s (median $(med "${ws[@]}")), python ${ps[*]} s (median $(med "${ps[@]}")): $(echo "$(med "${ps[@]}") / $(med "${ws[@]}")" | bc -l | cut -c1-5)x"
"$WORDVEC" similar docs -c "$Q" -d "$WORK/w.db" -n 5 --plain
