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
  run "$TMP/corpus.txt" -o "$TMP/$model.ref.txt" --threads 2 -q --save-model "$TMP/$model.full.wvm" || fail "$model: reference run failed"

  # kill -9 once a checkpoint exists, then resume with 3 threads from the command line stored in it.
  rm -f "$TMP/$model.ck.wvm"
  run "$TMP/corpus.txt" -o "$TMP/$model.out.txt" --threads 2 -q --checkpoint "$TMP/$model.ck.wvm" --checkpoint-every 2% &
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
  run "$TMP/corpus.txt" -o "$TMP/$model.int.txt" --threads 2 -q --checkpoint "$TMP/$model.int.wvm" --checkpoint-every 2% &
  pid=$!
  for i in $(seq 1 600); do [ -s "$TMP/$model.int.wvm" ] && break; sleep 0.05; done
  kill -TERM $pid; wait $pid; rc=$?
  if [ -s "$TMP/$model.int.txt" ]; then
    echo "skip note: $model finished before SIGTERM"
  else
    [ $rc -ge 128 ] || fail "$model: SIGTERM exit status $rc, expected an interrupt's"
    [ -s "$TMP/$model.int.wvm" ] || fail "$model: SIGTERM wrote no checkpoint"
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
expect_error "hogwild refuses --checkpoint" "need --deterministic" \
  $WORDVEC train -i "$TMP/corpus.txt" -o "$TMP/x.txt" --checkpoint "$TMP/h.wvm" -q
finish
