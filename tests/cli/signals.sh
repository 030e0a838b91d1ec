# SIGINT, SIGTERM and SIGHUP stop every long command with 128+signal and "stopped by ..., nothing written";
# no temporary file is left; kill -9 leftovers are removed by the next run; the prompt takes Ctrl-C like a shell.
# Nothing waits on a timer: each signal is sent once a marker shows the process is where the test wants it
# (a line on stderr, its handler installed, a temporary file present).
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
cd "$TMP" || exit 1
W=$WORDVEC
for i in 1 2 3 4 5 6 7 8; do cat corpus.txt; done > big.txt  # long enough that training is still running

# wait_for COND...: runs COND every 10 ms until it succeeds (at most 60 s).
wait_for() { local n=0; until "$@"; do n=$((n + 1)); [ $n -gt 6000 ] && return 1; sleep 0.01; done; }
# handler_installed PID: the process is wordvec (not the shell's child before its exec, which has handlers of
# its own) and catches SIGHUP, SIGINT and SIGTERM (bits 0, 1 and 14 of SigCgt).
WORDVEC_EXE=$(readlink -f "$W")
handler_installed() {
  [ "$(readlink -f /proc/$1/exe 2>/dev/null)" = "$WORDVEC_EXE" ] && grep -q '^SigCgt:' /proc/$1/status 2>/dev/null &&
    (( (0x$(awk '/^SigCgt:/ {print $2}' /proc/$1/status) & 0x4003) == 0x4003 ))
}
no_temp_files() { [ -z "$(ls -A "$1" | grep -e wordvec-tmp- -e wordvec-spill-)" ] || { fail "$2: temporary files left: $(ls -A "$1")"; }; }

# has_temp_data NAME: a temporary file of output NAME holds data (the probe that proves an output creatable before
# any work is empty, and gone at once). stop_in_write NAME PID: stops PID (SIGSTOP) once it has such a file, or
# has ended; a stopped process keeps whatever it had, so the test can look before it signals.
has_temp_data() { find . -maxdepth 1 -name ".$1.wordvec-tmp-*" -size +0c | grep -q .; }
temp_data_or_gone() { has_temp_data "$1" || ! kill -0 "$2" 2>/dev/null; }
stopped_or_gone() { [ "$(awk '{print $3}' /proc/$1/stat 2>/dev/null)" = T ] || ! kill -0 $1 2>/dev/null; }
stop_in_write() { wait_for temp_data_or_gone "$1" "$2"; kill -STOP "$2" 2>/dev/null; wait_for stopped_or_gone "$2"; }

# expect_stop NAME SIGNAL STATUS LOG PID: the process ends with STATUS and says it stopped.
expect_stop() {
  local name=$1 sig=$2 want=$3 log=$4 pid=$5 rc
  wait "$pid"; rc=$?
  [ "$rc" -eq "$want" ] || fail "$name: exit $rc after $sig, expected $want ($(tail -2 "$log"))"
  grep -q "stopped by $sig, nothing written" "$log" || fail "$name: no 'stopped by $sig' message: $(tail -2 "$log")"
  echo "ok: $name: exit $rc: $(grep stopped "$log")"
}

# train: SIGTERM during training, once its progress is on stderr.
echo old > model.bin
$W train --threads 2 --epochs 50 --dim 16 --min-count 1 --input big.txt --output model.bin 2> train.log &
pid=$!
wait_for grep -q "train:" train.log || fail "train: no progress line"
kill -TERM $pid
expect_stop "train SIGTERM" SIGTERM 143 train.log $pid
[ "$(cat model.bin)" = old ] || fail "train: model.bin changed"
no_temp_files . "train SIGTERM"

# SIGHUP (a dropped ssh session) during GloVe counting and training: spill directory removed too.
mkdir spill
$W train --model glove --threads 2 --epochs 100000 --dim 16 --min-count 1 --temp-dir spill --memory 0.001 --input big.txt --output g.txt 2> glove.log &
pid=$!
wait_for grep -q "glove\|cooccur\|co-occurrence" glove.log || fail "glove: no progress line"
kill -HUP $pid
expect_stop "glove SIGHUP" SIGHUP 129 glove.log $pid
[ -e g.txt ] && fail "glove: g.txt written"
[ -z "$(ls -A spill)" ] || fail "glove: spill directory left: $(ls -A spill)"

# convert: SIGINT while it reads a large file.
$W train --quiet --threads 2 --epochs 1 --dim 100 --min-count 1 --input corpus.txt --output small.bin
awk 'BEGIN { srand(3); print 60000, 100; for (i = 0; i < 60000; i++) { l = "w" i; for (k = 0; k < 100; k++) l = l " " rand(); print l } }' > large.txt
echo old > conv.bin
$W convert large.txt conv.bin 2> convert.log &
pid=$!
wait_for handler_installed $pid
kill -INT $pid
expect_stop "convert SIGINT" SIGINT 130 convert.log $pid
[ "$(cat conv.bin)" = old ] || fail "convert: conv.bin changed"
no_temp_files . "convert SIGINT"

# eval: SIGINT while the questions are being answered. 100,000 questions over 60,000 words take seconds of CPU; the
# signal goes once worker threads exist, which only the scoring starts (reading and normalising are one thread).
$W convert --quiet large.txt large.wv
awk 'BEGIN { srand(5); print ": s"; for (i = 0; i < 100000; i++) print "w" int(rand() * 1000), "w" int(rand() * 1000), "w" int(rand() * 1000), "w" int(rand() * 60000) }' > questions.txt
threads() { awk '/^Threads:/ {print $2}' /proc/$1/status 2>/dev/null; }
scoring_or_gone() { [ "$(threads $1)" -gt 1 ] 2>/dev/null || ! kill -0 $1 2>/dev/null; }
OMP_NUM_THREADS=2 $W eval large.wv --analogies questions.txt --restrict 0 > eval.out 2> eval.log &
pid=$!
wait_for scoring_or_gone $pid
[ "$(threads $pid)" -gt 1 ] 2>/dev/null || fail "eval: ended before its scoring was seen: $(tail -2 eval.log)"
kill -INT $pid
expect_stop "eval SIGINT" SIGINT 130 eval.log $pid
[ -s eval.out ] && fail "eval: printed results after SIGINT: $(head -3 eval.out)"

# similar --batch on standard input that never ends: SIGHUP stops the wait.
mkfifo queries
exec 7<>queries  # held open, so the reader waits
$W similar small.bin --batch - < queries > similar.out 2> similar.log 7>&- &
pid=$!
wait_for handler_installed $pid
echo cat >&7
kill -HUP $pid
expect_stop "similar --batch - SIGHUP" SIGHUP 129 similar.log $pid
exec 7>&-

# kill -9 while the output is being written leaves a temporary file; the next run removes it with a note. The kill
# goes to the process stopped with its temporary file in place; a stop that came after the rename is tried again.
for attempt in 1 2 3; do
  $W convert --quiet large.txt k9.wv 2> k9.log &
  pid=$!
  stop_in_write k9.wv $pid
  if has_temp_data k9.wv; then kill -KILL $pid; wait $pid 2>/dev/null; break; fi
  kill -CONT $pid 2>/dev/null; wait $pid; rm -f k9.wv
  echo "kill -9: attempt $attempt stopped after the write; again"
  [ $attempt = 3 ] && fail "kill -9: the stop never came during the write in 3 attempts"
done
[ -e k9.wv ] && fail "kill -9: k9.wv exists although the write was killed"
left=$(ls -A | grep '^\.k9\.wv\.wordvec-tmp-')
[ -n "$left" ] || fail "kill -9: expected a leftover to clean up"
out=$($W convert small.bin k9.wv 2>&1) || fail "convert after kill -9: $out"
grep -q "note: removed .*$left" <<<"$out" || fail "kill -9: no note about $left: $out"
no_temp_files . "after kill -9"

# train: SIGTERM during the final write. Writing 30,000 x 300 values as text takes a fraction of a second, too short
# to hit from here every time, so the test holds the process still: SIGSTOP once the temporary output has data,
# then SIGTERM (pending while it is stopped) and SIGCONT, which delivers it exactly where the write was. If the stop
# came after the write (the run went on and replaced the output), the attempt says so and is repeated; a stop with
# more than 2 MiB still to write (more than the 1 MiB write buffer holds) that replaced the output is a failure.
awk 'BEGIN { for (l = 0; l < 4000; l++) { line = ""; for (k = 0; k < 10; k++) line = line (k ? " " : "") "w" (l * 10 + k) % 30000; print line } }' > wide.txt
for attempt in 1 2 3; do
  echo old > wout.txt
  $W train --threads 2 --epochs 1 --dim 300 --min-count 1 --input wide.txt --output wout.txt 2> wtrain.log &
  pid=$!
  stop_in_write wout.txt $pid
  at=$(find . -maxdepth 1 -name '.wout.txt.wordvec-tmp-*' -printf '%s\n' | sort -n | tail -1)
  kill -TERM $pid 2>/dev/null
  kill -CONT $pid 2>/dev/null
  wait $pid; rc=$?
  if [ "$(cat wout.txt)" = old ]; then  # the output was kept: the stop must say so
    [ "${at:-0}" -gt 0 ] || fail "train final write: no temporary output with data when stopped: $(tail -2 wtrain.log)"
    [ $rc -eq 143 ] || fail "train final write: exit $rc after SIGTERM, expected 143 ($(tail -2 wtrain.log))"
    grep -q "stopped by SIGTERM, nothing written" wtrain.log || fail "train final write: no 'stopped by SIGTERM': $(tail -2 wtrain.log)"
    no_temp_files . "train SIGTERM in the final write"
    echo "ok: train SIGTERM in the final write (stopped at $at bytes): exit $rc: $(grep stopped wtrain.log)"
    break
  fi
  size=$(stat -c %s wout.txt)
  if [ -n "$at" ] && [ $((at + 2097152)) -lt "$size" ]; then
    fail "train: SIGTERM at $at of $size bytes of the final write was not obeyed: $(tail -1 wtrain.log)"
    break
  fi
  echo "train final write: attempt $attempt stopped after the write (${at:-no} bytes of $size); again"
  [ $attempt = 3 ] && fail "train final write: the stop never came during the write in 3 attempts"
done
# The prompt: Ctrl-C cancels the line and prompts again; a second Ctrl-C in a row exits with 130.
if /usr/bin/python3 -c 'import pty' 2>/dev/null; then
  /usr/bin/python3 - "$W" small.bin <<'EOF' > prompt.log 2>&1 || fail "prompt: $(cat prompt.log)"
import os, pty, sys, select, termios, time
pid, fd = pty.fork()
if pid == 0:
    # NOFLSH: Ctrl-C must not throw away the prompt already on its way to us.
    attrs = termios.tcgetattr(0)
    attrs[3] |= termios.NOFLSH
    termios.tcsetattr(0, termios.TCSANOW, attrs)
    os.execv(sys.argv[1], [sys.argv[1], "similar", sys.argv[2]])
buf = b""
def wait_for(marker, count):
    global buf
    deadline = time.time() + 60
    while buf.count(marker) < count:
        if time.time() > deadline or not select.select([fd], [], [], 60)[0]:
            sys.exit("timed out waiting for %r; got %r" % (marker, buf))
        try: buf += os.read(fd, 4096)
        except OSError: sys.exit("pty closed early; got %r" % buf)
wait_for(b"(EXIT to break): ", 1)
os.write(fd, b"\x03")     # Ctrl-C at the prompt: a new prompt, no answer, still running
wait_for(b"(EXIT to break): ", 2)
os.write(fd, b"cat\n")    # it still answers
wait_for(b"(EXIT to break): ", 3)
if b"  1  " not in buf: sys.exit("no answer after the cancelled line: %r" % buf)
os.write(fd, b"\x03")
wait_for(b"(EXIT to break): ", 4)
os.write(fd, b"\x03")     # a second Ctrl-C in a row exits
deadline = time.time() + 60
try:
    while time.time() < deadline:
        if not select.select([fd], [], [], 60)[0]: break
        d = os.read(fd, 4096)
        if not d: break
        buf += d
except OSError: pass
for _ in range(1000):  # the pty closed: the child is exiting
    done, status = os.waitpid(pid, os.WNOHANG)
    if done: break
    time.sleep(0.01)
if done == 0:
    os.kill(pid, 9)
    sys.exit("still running after the second Ctrl-C: %r" % buf)
code = os.waitstatus_to_exitcode(status)
if code != 130: sys.exit("exit %d, expected 130: %r" % (code, buf))
print("ok: prompt: Ctrl-C cancels the line, a second one exits with 130")
EOF
  cat prompt.log
fi
finish
