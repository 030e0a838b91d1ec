# The progress bar on a terminal fits its width (40, 80 and 200 columns, and after a resize to 40:
# SIGWINCH), gives up fields from the right with the ETA last, and is redrawn on one line.
source "$(dirname "$0")/common.bash"
PTY="/usr/bin/python3 $SRC/tests/cli/helpers/pty_run.py"
[ -x /usr/bin/python3 ] || { echo "skip: /usr/bin/python3 absent"; exit 77; }
make_corpus "$TMP/corpus.txt"
# Long enough for several redraws (one every 0.2 s) on a loaded machine.
T="$WORDVEC train --threads 1 --epochs 40 --dim 20 --min-count 1 --sample 0 --input $TMP/corpus.txt"

# bars FILE: the bar lines as drawn, one per line (terminal line ends and the erase-to-end removed).
bars() { sed 's/\x1b\[K//g' "$1" | tr '\r' '\n' | grep -a '^train'; }

for cols in 40 80 200; do
  $PTY $cols -- $T --output "$TMP/v$cols.bin" > "$TMP/tty$cols.txt" || fail "$cols columns: train failed"
  n=$(bars "$TMP/tty$cols.txt" | wc -l)
  [ "$n" -ge 3 ] || fail "$cols columns: only $n bar lines: $(cat -A "$TMP/tty$cols.txt" | head -5)"
  long=$(bars "$TMP/tty$cols.txt" | awk -v c=$cols 'length($0) > c - 1' | head -1)
  [ -z "$long" ] || fail "$cols columns: a bar line of ${#long} columns: '$long'"
  bars "$TMP/tty$cols.txt" | grep -v 'done in' | grep -qvE 'ETA [0-9]+:[0-9]{2}$' && fail "$cols columns: a bar line without the ETA at its end"
  bars "$TMP/tty$cols.txt" | tail -1 | grep -q 'done in' || fail "$cols columns: last bar line is not the final one"
  echo "ok: $cols columns: $n bar lines, e.g. '$(bars "$TMP/tty$cols.txt" | sed -n 2p)'"
done
# At 200 columns nothing needs to go; at 40 the optional fields have gone, the ETA stays.
bars "$TMP/tty200.txt" | sed -n 2p | grep -qE 'words/s  lr [0-9.]+  loss [0-9.]+  epoch [0-9]+/40  ETA' || fail "200 columns: fields missing"
bars "$TMP/tty40.txt" | sed -n 2p | grep -qE '^train \[[= ]+\] +[0-9.]+%  ETA [0-9:]+$' || fail "40 columns: unexpected layout: $(bars "$TMP/tty40.txt" | sed -n 2p)"
# The bar line is redrawn in place: one line feed for the bar, at its end.
[ "$(sed 's/\x1b\[K//g' "$TMP/tty80.txt" | tr -d '\r' | grep -ac '^train')" -eq 1 ] || fail "80 columns: the bar took more than one line"

# Resized from 200 to 40 columns while training: later lines fit the new width.
$PTY 200 40 -- $T --output "$TMP/r.bin" > "$TMP/resize.txt" || fail "resize: train failed"
last=$(bars "$TMP/resize.txt" | tail -1)
[ ${#last} -le 39 ] && echo "ok: after SIGWINCH: '$last'" || fail "after a resize to 40 columns the bar is ${#last} wide: '$last'"

# Not a terminal: plain lines as before, no carriage return.
$T --output "$TMP/p.bin" 2> "$TMP/plain.txt" || fail "train to a file failed"
grep -q $'\r' "$TMP/plain.txt" && fail "carriage returns in non-terminal output"
grep -qE '^train: 100.0% .*epoch 40/40  elapsed .*done$' "$TMP/plain.txt" || fail "plain progress changed: $(cat "$TMP/plain.txt")"

# What a user sees: an 80-column tmux pane holds a single bar line, however many redraws there were.
if command -v tmux >/dev/null; then
  sock="wordvec-test-$$"
  tmux -L "$sock" new-session -d -x 80 -y 24 "$T --output $TMP/t.bin; echo EXITED; sleep 60"
  for _ in $(seq 1 600); do
    tmux -L "$sock" capture-pane -p > "$TMP/pane.txt" 2>/dev/null
    grep -q EXITED "$TMP/pane.txt" && break
    sleep 0.2
  done
  tmux -L "$sock" kill-server 2>/dev/null
  grep -q EXITED "$TMP/pane.txt" || fail "tmux: the run did not finish"
  [ "$(grep -c '^train ' "$TMP/pane.txt")" -eq 1 ] && echo "ok: tmux pane at 80 columns: $(grep '^train ' "$TMP/pane.txt")" \
    || fail "tmux pane shows $(grep -c '^train ' "$TMP/pane.txt") bar lines: $(cat "$TMP/pane.txt")"
  awk 'length($0) > 80' "$TMP/pane.txt" | grep -q . && fail "tmux pane line wider than 80"
else
  echo "note: tmux absent; the pane check is skipped"
fi
finish
