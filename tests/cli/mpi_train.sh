# Distributed training under mpirun: the vocabulary of two and three ranks is the one a single
# process counts, both ranks end with the same model, the planted topics are learned as well as by
# one process, and a missing corpus shard ends the whole job without output. Skipped without mpirun
# or without MPI in this build.
source "$(dirname "$0")/common.bash"
command -v mpirun >/dev/null || { echo "SKIP: mpirun is not installed (openmpi-bin)"; exit 77; }
MPIRUN="mpirun --allow-run-as-root --oversubscribe"
make_corpus "$TMP/corpus.txt"
# Runs as a two-rank job also tells whether this build has MPI.
if ! out=$($MPIRUN -np 2 "$WORDVEC" train --quiet --input "$TMP/corpus.txt" --output "$TMP/probe.txt" --threads 1 \
             --dim 8 --epochs 1 --min-count 1 2>&1); then
  grep -q "built without MPI" <<<"$out" && { echo "SKIP: this wordvec was built without MPI (-DWORDVEC_MPI)"; exit 77; }
  fail "mpirun -np 2 train failed: $out"
fi

# A corpus with many ties: Zipf-like counts over 3000 words, most seen a few times, so the order
# of equal counts (first occurrence) matters, on lines of every length.
awk 'BEGIN { srand(11); for (l = 0; l < 4000; l++) { n = 1 + int(rand() * 25); line = "";
  for (k = 0; k < n; k++) { w = int(3000 / (1 + rand() * 300)); line = line (k ? " " : "") "w" w } print line } }' \
  > "$TMP/zipf.txt"
T="train --epochs 2 --dim 10 --min-count 2 --seed 5"
"$WORDVEC" $T --quiet --threads 2 --input "$TMP/zipf.txt" --output "$TMP/one.txt" || fail "single-process train failed"
cut -d' ' -f1 "$TMP/one.txt" > "$TMP/one.vocab"
for np in 2 3; do
  $MPIRUN -np $np "$WORDVEC" $T --quiet --threads 1 --input "$TMP/zipf.txt" --output "$TMP/np$np.txt" \
    || fail "-np $np: train failed"
  cut -d' ' -f1 "$TMP/np$np.txt" > "$TMP/np$np.vocab"
  cmp -s "$TMP/one.vocab" "$TMP/np$np.vocab" || fail "-np $np: the vocabulary (words and order) differs from one process's"
done
[ "$(wc -l < "$TMP/one.vocab")" -gt 500 ] || fail "the tie corpus has only $(wc -l < "$TMP/one.vocab") words"
# A corpus already split into one file per rank ({rank} in the name): the vocabulary of their concatenation.
head -n 1500 "$TMP/zipf.txt" > "$TMP/part.0.txt"
tail -n +1501 "$TMP/zipf.txt" > "$TMP/part.1.txt"
$MPIRUN -np 2 "$WORDVEC" $T --quiet --threads 1 --input "$TMP/part.{rank}.txt" --output "$TMP/parts.txt" \
  || fail "{rank} files: train failed"
cut -d' ' -f1 "$TMP/parts.txt" | cmp -s "$TMP/one.vocab" - || fail "{rank} files: the vocabulary differs from one process's"

# Both ranks hold the same model at the end: rank 0 gathers the checksums and says so (a rank
# that differs fails the job), for each model. 200 epochs of dimension 64: an epoch of this corpus
# trains in a few milliseconds, and a round takes much longer on a loaded machine (20 epochs of
# dimension 16 ended after 2 rounds at load 28, 60 of dimension 64 after 3); the test wants several rounds.
# The default merge, on a 16-word corpus whose every row both ranks move in every round (the case
# where adding up the ranks' changes overshoots); fastText also with float16 on the wire.
for model in skipgram cbow fasttext fasttext-float16; do
  extra=""; [ $model != ${model%-float16} ] && { model=${model%-float16}; extra="--sync-wire float16"; }
  [ $model = fasttext ] && extra="$extra --bucket 5000 --maxn 4"
  out=$($MPIRUN -np 2 "$WORDVEC" train --model $model $extra --input "$TMP/corpus.txt" --output "$TMP/$model.vec" \
          --format fasttext-vec --threads 1 --dim 64 --epochs 200 --min-count 1 --sync-every 1000 2>&1) \
    || fail "$model: mpirun -np 2 failed: $out"
  grep -qE "^2 ranks: [0-9]+ synchronisations \([0-9]+ full\).*model checksum [0-9a-f]{16} on every rank" <<<"$out" \
    || fail "$model: no checksum agreement reported: $out"
  rounds=$(sed -nE 's/^2 ranks: ([0-9]+) synchronisations.*/\1/p' <<<"$out")
  [ "${rounds:-0}" -ge 3 ] || fail "$model: only ${rounds:-0} synchronisations with --sync-every 1000"
  [ "$(head -1 "$TMP/$model.vec")" = "16 64" ] || fail "$model: header '$(head -1 "$TMP/$model.vec")'"
done

# The planted topics (animals, colours) are learned as well as by one process with the same
# number of threads in all: count the neighbours of each word that share its topic.
topic_score() {
  local file=$1 score=0 w out
  for w in cat dog mouse horse cow sheep goat pig; do
    out=$("$WORDVEC" similar "$file" $w -k 7) || { echo -1; return; }
    score=$((score + $(grep -cE ' (cat|dog|mouse|horse|cow|sheep|goat|pig) ' <<<"$out")))
  done
  for w in red green blue yellow black white brown pink; do
    out=$("$WORDVEC" similar "$file" $w -k 7) || { echo -1; return; }
    score=$((score + $(grep -cE ' (red|green|blue|yellow|black|white|brown|pink) ' <<<"$out")))
  done
  echo $score
}
for model in skipgram cbow; do
  P="train --model $model --epochs 3 --dim 20 --min-count 1 --sample 0 --seed 3 --quiet --input $TMP/corpus.txt"
  "$WORDVEC" $P --threads 2 --output "$TMP/t1.bin" || fail "$model: one process failed"
  $MPIRUN -np 2 "$WORDVEC" $P --threads 1 --sync-every 2000 --output "$TMP/t2.bin" || fail "$model: -np 2 failed"
  one=$(topic_score "$TMP/t1.bin"); two=$(topic_score "$TMP/t2.bin")
  echo "$model: neighbours in the same topic: one process $one/112, two ranks $two/112"
  [ "$two" -ge "$one" ] && [ "$two" -ge 100 ] || fail "$model: two ranks learned the topics worse ($two) than one process ($one)"
done

# A shard that cannot be read ends the whole job: the rank that saw it says so, the exit code is
# not 0, and nothing is written.
rm -f "$TMP/part.1.txt" "$TMP/missing.txt"
out=$($MPIRUN -np 2 "$WORDVEC" train --quiet --threads 1 --min-count 1 --input "$TMP/part.{rank}.txt" \
        --output "$TMP/missing.txt" 2>&1); rc=$?
[ $rc -ne 0 ] || fail "missing shard: exit code 0"
grep -qF "wordvec train: rank 1 of 2: error: $TMP/part.1.txt: cannot open input: no such file" <<<"$out" \
  || fail "missing shard: message '$out'"
[ ! -e "$TMP/missing.txt" ] || fail "missing shard: output written"
echo "ok: missing shard (exit $rc)"

# A rank that dies (killed once training runs) ends the whole job: non-zero exit, nothing written.
rm -f "$TMP/dead.txt"
$MPIRUN -np 2 "$WORDVEC" train --threads 1 --min-count 1 --epochs 3000 --input "$TMP/corpus.txt" \
  --output "$TMP/dead.txt" > "$TMP/dead.log" 2>&1 &
job=$!
for _ in $(seq 600); do grep -q "^train:" "$TMP/dead.log" && break; sleep 0.1; done
ranks=$(ps -o pid= --ppid $job | tr -d ' ')
if [ "$(wc -w <<<"$ranks")" -eq 2 ] && grep -q "^train:" "$TMP/dead.log"; then
  kill -9 $(tail -1 <<<"$ranks")
  rc=0; wait $job || rc=$?
  [ $rc -ne 0 ] || fail "dead rank: exit code 0"
  [ ! -e "$TMP/dead.txt" ] || fail "dead rank: output written"
  grep -q "exited on signal 9" "$TMP/dead.log" || fail "dead rank: mpirun did not say which rank died: $(tail -5 "$TMP/dead.log")"
  echo "ok: dead rank (exit $rc)"
else
  kill $job 2>/dev/null; wait $job 2>/dev/null
  fail "dead rank: could not find the two ranks of a running job (ranks: $ranks): $(tail -3 "$TMP/dead.log")"
fi

# Checkpoints: every rank stops at each epoch end, the replicas agree and rank 0 writes the job's
# checkpoint. A job whose ranks are killed (kill -9) after one resumes under mpirun with as many
# ranks from that epoch end, agrees on every rank and learns the topics; another number of ranks,
# or one process, is refused naming it.
rm -f "$TMP/ck.wvm" "$TMP/ck.bin"
$MPIRUN -np 2 "$WORDVEC" train --model skipgram --threads 1 --min-count 1 --epochs 300 --dim 20 --sample 0 --seed 3 \
  --input "$TMP/corpus.txt" --output "$TMP/ck.bin" --checkpoint "$TMP/ck.wvm" --quiet > "$TMP/ck.log" 2>&1 &
job=$!
for _ in $(seq 1200); do [ -e "$TMP/ck.wvm" ] && break; sleep 0.05; done
ranks=$(ps -o pid= --ppid $job | tr -d ' ')
if [ ! -e "$TMP/ck.wvm" ] || [ "$(wc -w <<<"$ranks")" -ne 2 ]; then
  kill $job 2>/dev/null; wait $job 2>/dev/null
  fail "checkpoint under mpirun: no checkpoint while the two ranks ran (ranks: $ranks): $(tail -3 "$TMP/ck.log")"
fi
kill -9 $ranks
rc=0; wait $job || rc=$?
[ $rc -ne 0 ] || fail "checkpoint under mpirun: the killed job exited 0 (it ended before the kill?)"
[ ! -e "$TMP/ck.bin" ] || fail "checkpoint under mpirun: the killed job wrote its output"
cp "$TMP/ck.wvm" "$TMP/ck.saved.wvm"
out=$($MPIRUN -np 3 "$WORDVEC" train --resume "$TMP/ck.wvm" --threads 1 2>&1) && fail "resume with 3 ranks: exit code 0"
grep -q "ranks = 2, this run has ranks = 3" <<<"$out" || fail "resume with 3 ranks: message '$out'"
out=$("$WORDVEC" train --resume "$TMP/ck.wvm" 2>&1) && fail "resume in one process: exit code 0"
grep -q "ranks = 2, this run has ranks = (not set)" <<<"$out" || fail "resume in one process: message '$out'"
cmp -s "$TMP/ck.wvm" "$TMP/ck.saved.wvm" && [ ! -e "$TMP/ck.bin" ] || fail "refused resumes: something written"
out=$($MPIRUN -np 2 "$WORDVEC" train --resume "$TMP/ck.wvm" --threads 1 2>&1) || fail "resume with 2 ranks failed: $out"
first=$(sed -nE 's/.*final loss [0-9.]+; resumed at ([0-9.]+)%$/\1/p' <<<"$out")
awk -v p="${first:-0}" 'BEGIN { exit !(p > 0 && p < 100) }' || fail "resume with 2 ranks: not resumed where the checkpoint was: $out"
grep -qE "^2 ranks: .*model checksum [0-9a-f]{16} on every rank" <<<"$out" || fail "resume: no agreement reported: $out"
score=$(topic_score "$TMP/ck.bin")
echo "ok: checkpoint under mpirun: killed, resumed at ${first}% with 2 ranks; neighbours in the same topic $score/112"
[ "$score" -ge 100 ] || fail "resumed job learned the topics badly ($score/112)"

out=$($MPIRUN -np 2 "$WORDVEC" train --sync-wire float8 --input "$TMP/corpus.txt" --output "$TMP/w8.txt" 2>&1) \
  && fail "--sync-wire float8: exit code 0"
grep -q "sync-wire.*float32 or float16" <<<"$out" || fail "--sync-wire float8: message '$out'"

# GloVe trains on one machine and says so.
out=$($MPIRUN -np 2 "$WORDVEC" train --model glove --input "$TMP/corpus.txt" --output "$TMP/g.txt" 2>&1) \
  && fail "glove under mpirun: exit code 0"
grep -q "trains on one machine" <<<"$out" || fail "glove under mpirun: message '$out'"
finish
