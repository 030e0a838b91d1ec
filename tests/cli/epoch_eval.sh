# Per-epoch evaluation (--eval-analogies, --eval-similarity) on the progress line and in the summary,
# --early-stop keeping the best epoch, --progress json (one object per report, then a summary), and
# a long run whose per-epoch loss (summed in double) never saturates.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
printf ': animals\ncat dog cow sheep\nhorse goat mouse pig\n: colours\nred green blue yellow\nblack white brown pink\n' > "$TMP/analogies.txt"
# Within a topic 9, across topics 1: once the topics separate, the score is as high as it gets.
printf 'cat\tdog\t9\nred\tblue\t9\ncow\tsheep\t9\nwhite\tpink\t9\ncat\tred\t1\ndog\tblue\t1\ncow\twhite\t1\nsheep\tpink\t1\n' > "$TMP/pairs.tsv"
common=(-i "$TMP/corpus.txt" --dim 16 --min-count 1 --threads 2 --seed 5 --format w2v-text)

# Text: the scores of every epoch in the summary.
err=$($WORDVEC train "${common[@]}" -o "$TMP/a.vec" --epochs 3 --eval-analogies "$TMP/analogies.txt" \
  --eval-similarity "$TMP/pairs.tsv" 2>&1 >/dev/null) || fail "evaluated run failed: $err"
for e in 1 2 3; do
  grep -qE "^epoch $e: loss [0-9.]+  analogies.txt [0-9.]+%  pairs.tsv -?[0-9.]+" <<<"$err" || fail "no summary line for epoch $e: $err"
done
grep -qE "train: .*analogies.txt [0-9.]+%" <<<"$err" && echo "ok: scores on the progress lines and per epoch in the summary" ||
  fail "no scores on the progress lines: $err"

# JSON: every line an object; evaluated reports carry both scores; the summary has every epoch.
$WORDVEC train "${common[@]}" -o "$TMP/b.vec" --epochs 3 --eval-analogies "$TMP/analogies.txt" \
  --eval-similarity "$TMP/pairs.tsv" --progress json --progress-file "$TMP/progress.jsonl" 2>"$TMP/stderr.txt" ||
  fail "--progress json failed: $(cat "$TMP/stderr.txt")"
/usr/bin/python3 - "$TMP/progress.jsonl" <<'PY' || fail "--progress json objects"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
stages = {o["stage"] for o in objs}
assert {"vocab", "train", "summary"} <= stages, stages
for o in objs:
    if o["stage"] == "train":
        for k in ("epoch", "epochs", "progress", "units_per_sec", "lr", "loss", "elapsed_sec", "finished"):
            assert k in o, (k, o)
evaluated = [o for o in objs if "eval" in o and o["stage"] != "summary"]
assert evaluated, "no report carries the scores"
assert [e["file"] for e in evaluated[-1]["eval"]] == ["analogies.txt", "pairs.tsv"], evaluated[-1]
s = objs[-1]
assert s["stage"] == "summary" and s["epochs_run"] == 3 and len(s["epoch_loss"]) == 3 and len(s["eval"]) == 3, s
assert all(0 <= e[0]["value"] <= 1 and e[0]["metric"] == "accuracy" and e[1]["metric"] == "spearman" for e in s["eval"]), s
print(f"ok: --progress json: {len(objs)} objects, the last a summary of {s['epochs_run']} epochs")
PY
[ -s "$TMP/stderr.txt" ] && grep -q '"stage"' "$TMP/stderr.txt" && fail "--progress-file: JSON went to stderr too"

# Early stopping: the word-pair score is at its best once the topics separate, so the run stops
# two epochs later and writes the best epoch's vectors.
$WORDVEC train "${common[@]}" -o "$TMP/c.vec" --epochs 40 --deterministic --eval-similarity "$TMP/pairs.tsv" \
  --early-stop 2 --progress json 2>"$TMP/early.jsonl" || fail "--early-stop run failed: $(tail -3 "$TMP/early.jsonl")"
/usr/bin/python3 - "$TMP/early.jsonl" <<'PY' || fail "--early-stop"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]
assert s["stopped_early"] and s["epochs_run"] < 40, s
scores = [e[0]["value"] for e in s["eval"]]
best = max(range(len(scores)), key=lambda i: (scores[i], -i))
assert s["best_epoch"] == best + 1 and s["epochs_run"] == best + 3, (s["best_epoch"], s["epochs_run"], scores)
print(f"ok: --early-stop 2 stopped after epoch {s['epochs_run']} of 40 and kept epoch {s['best_epoch']} (Spearman {scores[best]:.3f})")
PY

# A long run on a small corpus (36k words, 80 epochs: about 14M predictions whose loss sums to more
# than 2^24, past which a float32 running sum, as gensim's, drops increments of 1): every epoch's
# mean loss is still reported, positive and finite, at the end.
$WORDVEC train -i "$TMP/corpus.txt" -o "$TMP/long.vec" --format w2v-text --dim 8 --min-count 1 --threads 2 --epochs 80 \
  --sample 0 --progress json 2>"$TMP/long.jsonl" || fail "long run failed"
/usr/bin/python3 - "$TMP/long.jsonl" <<'PY' || fail "long-run loss"
import json, math, sys
s = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]
loss = s["epoch_loss"]
assert len(loss) == 80 and all(x is not None and math.isfinite(x) and x > 0 for x in loss), loss
assert loss[-1] <= loss[0] and loss[-1] > 0.5 * min(loss), loss
print(f"ok: 80 epochs, every epoch's loss reported (first {loss[0]:.4f}, last {loss[-1]:.4f})")
PY

expect_error "--early-stop without a score" "needs a score to watch" \
  $WORDVEC train "${common[@]}" -o "$TMP/x.vec" --early-stop 2 -q
expect_error "--progress xml" "progress" $WORDVEC train "${common[@]}" -o "$TMP/x.vec" --progress xml -q
expect_error "--progress-file without json" "needs --progress json" \
  $WORDVEC train "${common[@]}" -o "$TMP/x.vec" --progress-file "$TMP/p.jsonl" -q
expect_error "a missing analogy file fails before training" "missing.txt" \
  $WORDVEC train "${common[@]}" -o "$TMP/x.vec" --eval-analogies "$TMP/missing.txt" -q
expect_error "--early-stop with --checkpoint" "--early-stop and --checkpoint" \
  $WORDVEC train "${common[@]}" -o "$TMP/x.vec" --deterministic --eval-similarity "$TMP/pairs.tsv" --early-stop 1 \
  --checkpoint "$TMP/ck.wvm" -q
finish
