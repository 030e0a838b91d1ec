# Checkpoints and exact resume (--deterministic): a run killed with kill -9 after a checkpoint and
# resumed from it (with another thread count) ends byte-identical to an uninterrupted run; SIGINT
# writes a final checkpoint; a checkpoint of other options or another corpus is refused naming the
# difference; the full model file reads as plain vectors; Hogwild runs refuse --checkpoint.
source "$(dirname "$0")/common.bash"
awk 'BEGIN { srand(3);
  for (l = 0; l < 20000; l++) {
    line = ""; t = int(rand() * 4);
    for (k = 0; k < 10; k++) { w = "w" (t * 100 + int(rand() * rand() * 100)); line = line (k ? " " : "") w; }
    print line } }' > "$TMP/corpus.txt"
cp "$TMP/corpus.txt" "$TMP/other.txt"; echo "w1 w2 w3" >> "$TMP/other.txt"

for model in skipgram glove; do
  if [ $model = glove ]; then opts="--model glove --epochs 30 --x-max 10 --temp-dir $TMP"; else opts="--model $model --epochs 12"; fi
  run() { $WORDVEC train $opts -i "$1" --dim 16 --min-count 1 --seed 4 --deterministic --format w2v-text "${@:2}"; }
  # In the background: `run ... &` would start a subshell, and $! (what the kill hits) would be that shell,
  # not wordvec. A simple command started with & inside the function is wordvec itself. $1: its stderr.
  run_bg() { $WORDVEC train $opts -i "$2" --dim 16 --min-count 1 --seed 4 --deterministic --format w2v-text "${@:3}" 2>"$1" & }
  run "$TMP/corpus.txt" -o "$TMP/$model.ref.txt" --threads 2 -q --save-model "$TMP/$model.full.wvm" || fail "$model: reference run failed"

  # kill -9 once a checkpoint exists, then resume with 3 threads from the command line stored in it.
  rm -f "$TMP/$model.ck.wvm"
  run_bg /dev/null "$TMP/corpus.txt" -o "$TMP/$model.out.txt" --threads 2 -q --checkpoint "$TMP/$model.ck.wvm" --checkpoint-every 2%
  pid=$!
  for i in $(seq 1 600); do [ -s "$TMP/$model.ck.wvm" ] && break; sleep 0.05; done
  sleep 0.3
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  if [ -s "$TMP/$model.out.txt" ]; then
    echo "skip note: $model finished before the kill (machine too fast for this corpus)"
  fi
  [ -s "$TMP/$model.ck.wvm" ] || fail "$model: no checkpoint written before the kill"
  $WORDVEC train --resume "$TMP/$model.ck.wvm" --threads 3 -q || fail "$model: resume failed"
  if cmp -s "$TMP/$model.ref.txt" "$TMP/$model.out.txt"; then echo "ok: $model: kill -9 + --resume == uninterrupted (byte-identical)"
  else fail "$model: resumed output differs from the uninterrupted run"; fi

  # SIGTERM (SIGINT is ignored by background jobs of a script): a final checkpoint, an interrupt's exit status,
  # and resuming it ends the same.
  rm -f "$TMP/$model.int.wvm" "$TMP/$model.int.txt"
  run_bg "$TMP/$model.int.err" "$TMP/corpus.txt" -o "$TMP/$model.int.txt" --threads 2 -q --checkpoint "$TMP/$model.int.wvm" \
    --checkpoint-every 2%
  pid=$!
  for i in $(seq 1 600); do [ -s "$TMP/$model.int.wvm" ] && break; sleep 0.05; done
  kill -TERM $pid; wait $pid; rc=$?
  if [ -s "$TMP/$model.int.txt" ]; then
    echo "skip note: $model finished before SIGTERM"
  else
    [ $rc -ge 128 ] || fail "$model: SIGTERM exit status $rc, expected an interrupt's"
    [ -s "$TMP/$model.int.wvm" ] || fail "$model: SIGTERM wrote no checkpoint"
    grep -q "stopped by SIGTERM, wrote the checkpoint .*$model.int.wvm" "$TMP/$model.int.err" &&
      echo "ok: $model: the stop message names the checkpoint" || fail "$model: stop message: $(cat "$TMP/$model.int.err")"
    $WORDVEC train --resume "$TMP/$model.int.wvm" -q || fail "$model: resume after SIGTERM failed"
    cmp -s "$TMP/$model.ref.txt" "$TMP/$model.int.txt" && echo "ok: $model: SIGTERM checkpoint + --resume == uninterrupted" ||
      fail "$model: output resumed after SIGTERM differs"
  fi

  # Refusals name the difference.
  expect_error "$model: other dim" "dim = 16.*dim = 24" $WORDVEC train $opts -i "$TMP/corpus.txt" --dim 24 --min-count 1 \
    --seed 4 --deterministic -o "$TMP/x.txt" --resume "$TMP/$model.ck.wvm" -q
  expect_error "$model: other corpus" "corpus = " run "$TMP/other.txt" -o "$TMP/x.txt" --resume "$TMP/$model.ck.wvm" -q
  # The full model file reads as plain vectors.
  $WORDVEC convert "$TMP/$model.full.wvm" "$TMP/$model.full.txt" --to w2v-text || fail "$model: the full model file does not read as vectors"
  cmp -s "$TMP/$model.full.txt" "$TMP/$model.ref.txt" && echo "ok: $model: --save-model reads as the output vectors" ||
    fail "$model: --save-model's vectors differ from the output"
done
# Hogwild checkpoints at epoch ends: kill -9 after one, resume, and the run completes with every word;
# SIGTERM mid-epoch names the checkpoint of the last epoch end.
hog=(-i "$TMP/corpus.txt" --dim 16 --min-count 1 --seed 4 --epochs 30 --threads 2 --format w2v-text -q)
$WORDVEC train "${hog[@]}" -o "$TMP/hog.txt" --checkpoint "$TMP/hog.wvm" 2>"$TMP/hog.err" &
pid=$!
for i in $(seq 1 600); do [ -s "$TMP/hog.wvm" ] && break; sleep 0.05; done
kill -TERM $pid; wait $pid; rc=$?
if [ -s "$TMP/hog.txt" ]; then echo "skip note: the Hogwild run finished before SIGTERM"
else
  [ $rc -ge 128 ] || fail "hogwild: SIGTERM exit status $rc"
  grep -q "the checkpoint .*hog.wvm holds the run up to the end of epoch [0-9]" "$TMP/hog.err" &&
    echo "ok: hogwild: the stop message names the epoch-end checkpoint" || fail "hogwild stop message: $(cat "$TMP/hog.err")"
  $WORDVEC train --resume "$TMP/hog.wvm" --threads 3 -q || fail "hogwild: resume failed"
  [ "$(head -1 "$TMP/hog.txt")" = "400 16" ] && echo "ok: hogwild: --resume completed the run" ||
    fail "hogwild: resumed output: $(head -1 "$TMP/hog.txt")"
fi
finish
