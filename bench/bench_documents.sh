#!/usr/bin/env bash
# Documents end to end against the same pipeline in Python (bench/documents_python.py: gensim KeyedVectors,
# numpy means, stdlib sqlite3, numpy search): embed-multi docs/s, one `similar -c` end to end, and the
# unchanged rerun. Documents: every Debian package description (apt-cache dumpavail; Section = label) and the
# README files under /usr/share/doc, repeated until there are DOCS (default 100000).
#   bench/bench_documents.sh WORDVEC VECTORS.bin [WORKDIR]     (VECTORS: word2vec binary, read by both)
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
rm -f "$WORK"/w.db* "$WORK"/p.db*
# wall and CPU (user + system) seconds of a command, as "WALL CPU"
wc() { { /usr/bin/time -f "%e %U %S" "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1 | awk '{ printf "%s %.2f", $1, $2 + $3 }'; }
read -r w1 c1 < <(wc "$WORDVEC" embed-multi docs "$WORK/docs.csv" -m "$VECTORS" -d "$WORK/w.db" --tokenizer whitespace --metadata section -q)
read -r w2 c2 < <(wc "$WORDVEC" embed-multi docs "$WORK/docs.csv" -m "$VECTORS" -d "$WORK/w.db" --tokenizer whitespace --metadata section -q)
read -r p1 pc1 < <(wc $PY "$HERE/documents_python.py" embed "$VECTORS" "$WORK/docs.csv" "$WORK/p.db")
n=$(sqlite3 "$WORK/w.db" "select count(*) from embeddings")
echo "embed-multi: wordvec $w1 s ($c1 s CPU), python $p1 s ($pc1 s CPU) for $n documents (end to end, loading included): $(echo "$p1 / $w1" | bc -l | cut -c1-5)x wall, $(echo "$pc1 / $c1" | bc -l | cut -c1-5)x CPU"
echo "embed-multi rerun, all unchanged: $w2 s ($c2 s CPU) = $(echo "$w2 / $w1" | bc -l | cut -c1-5) of the first run's wall time, $(echo "$c2 / $c1" | bc -l | cut -c1-5) of its CPU time"
Q="sqlite backup and restore tools"
ws=(); ps=()
for i in 1 2 3; do
  ws+=($( { /usr/bin/time -f "%e" "$WORDVEC" similar docs -c "$Q" -d "$WORK/w.db" >/dev/null; } 2>&1 | tail -1))
  ps+=($( { /usr/bin/time -f "%e" $PY "$HERE/documents_python.py" similar "$VECTORS" "$WORK/p.db" "$Q" >/dev/null; } 2>&1 | tail -1))
done
med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
echo "similar -c, end to end: wordvec ${ws[*]} s (median $(med "${ws[@]}")), python ${ps[*]} s (median $(med "${ps[@]}")): $(echo "$(med "${ps[@]}") / $(med "${ws[@]}")" | bc -l | cut -c1-5)x"
"$WORDVEC" similar docs -c "$Q" -d "$WORK/w.db" -n 5 --plain
