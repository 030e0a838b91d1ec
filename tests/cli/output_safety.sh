# The output policy from the command line: what an output path may be, checks before work, group commit,
# temporary files, stale leftovers, and "-" for standard output. Nothing here mounts anything.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
W=$WORDVEC
TRAIN="$W train --quiet --threads 1 --epochs 1 --dim 8 --min-count 1 --sample 0"
$TRAIN --input "$TMP/corpus.txt" --output "$TMP/base.bin" || fail "train"
cd "$TMP" || exit 1

# unchanged NAME FILE SUM: FILE still has checksum SUM.
sum() { stat -c '%F %h %U %a' "$1"; md5sum < "$1" 2>/dev/null; }

# Case 1: devices, FIFOs, symlinks, hard links, read-only and foreign-owned files.
if mknod -m 666 dev c 1 3 2>/dev/null; then
  expect_error "char device is refused" "a character device.*refusing" $W convert base.bin dev --to w2v-bin
  [ -c dev ] || fail "the device was replaced"
fi
mkfifo fifo
expect_error "FIFO is refused (and nothing blocks)" "a FIFO.*refusing" timeout 10 $W convert base.bin fifo --to w2v-text
[ -p fifo ] || fail "the FIFO was replaced"
expect_error "a directory output is an error" "a directory" $W convert base.bin . --to w2v-text
mkdir real && cp base.bin real/model.bin && ln -s real/model.bin link.bin
$W convert --quiet base.bin link.bin --to w2v-bin --limit 5 || fail "convert to a symlink"
[ -L link.bin ] || fail "the symlink was replaced by a file"
[ "$(head -1 real/model.bin)" = "5 8" ] || fail "the symlink's target was not written: $(head -1 real/model.bin)"
[ "$(ls -A real)" = "model.bin" ] || fail "leftovers next to the symlink's target: $(ls -A real)"
cp base.bin hard.bin && ln hard.bin hard2.bin && before=$(sum hard.bin)
expect_error "hard-linked file is refused" "2 hard links" $W convert base.bin hard.bin --to w2v-text
[ "$(sum hard.bin)" = "$before" ] || fail "the hard-linked file changed"
cp base.bin ro.bin && chmod 444 ro.bin && before=$(sum ro.bin)
expect_error "read-only file is refused" "read-only" $W convert base.bin ro.bin --to w2v-text
[ "$(sum ro.bin)" = "$before" ] || fail "the read-only file changed"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  cp base.bin theirs.bin && chown nobody theirs.bin && chmod 600 theirs.bin
  $W convert --quiet base.bin theirs.bin --to w2v-text || fail "convert onto a file of another user"
  [ "$(stat -c '%U %a' theirs.bin)" = "nobody 600" ] || fail "owner/mode not kept: $(stat -c '%U %a' theirs.bin)"
fi
before=$(sum base.bin)
expect_error "output == input (convert)" "same file as the input" $W convert base.bin base.bin --to w2v-text
ln -s base.bin alias.bin
expect_error "output == input through a symlink" "same file as the input" $W convert base.bin alias.bin --to w2v-text
expect_error "train --output == --input" "same file as the input" $TRAIN --input corpus.txt --output corpus.txt --format w2v-text
expect_error "glove --save-vocab == --input" "same file as the input" $W train --model glove --quiet --input corpus.txt --output g.txt --save-vocab corpus.txt
[ "$(sum base.bin)" = "$before" ] || fail "the input changed"
[ "$(wc -l < corpus.txt)" -eq 3000 ] || fail "the corpus changed"

# Case 3: found before the work, not after: a file where a directory is expected, a .vec that is a
# directory, a name too long for the file system (a 250-byte name still works: the temporary name fits).
expect_error "file where a directory is expected" "not a directory" $TRAIN --input corpus.txt --output base.bin/v.bin
mkdir ft.vec
expect_error "fastText .vec companion is a directory" "ft.vec: cannot write: it is a directory" $TRAIN --model fasttext --input corpus.txt --output ft.bin
[ -e ft.bin ] && fail "ft.bin written although its .vec cannot be"
long=$(printf 'x%.0s' $(seq 1 246)).bin
$W convert --quiet base.bin "$long" || fail "convert to a 250-byte name"
[ -f "$long" ] || fail "the 250-byte name was not written"
expect_error "a name too long is refused" "too long" $W convert base.bin "$(printf 'y%.0s' $(seq 1 300)).bin"

# Case 4: a fastText pair is replaced together: a run that fails before the commit (here: a
# .vec that cannot be written) leaves both old files; a good run replaces both.
$TRAIN --model fasttext --bucket 1000 --input corpus.txt --output pair.bin || fail "fasttext train"
old_bin=$(sum pair.bin); old_vec=$(sum pair.vec)
rm -f pair.vec && mkfifo pair.vec
expect_error "fastText pair: .vec a FIFO" "pair.vec: cannot write: it is a FIFO" $TRAIN --model fasttext --bucket 1000 --input corpus.txt --output pair.bin
[ "$(sum pair.bin)" = "$old_bin" ] || fail "pair.bin replaced although pair.vec could not be"
rm pair.vec

# Case 2 and 9: spooled corpora leave nothing in $TMPDIR (they are unlinked at once), and a temporary file
# that a killed run left next to the output is removed by the next run, with a note.
mkdir spool
TMPDIR=$TMP/spool $TRAIN --input - --output s.bin < corpus.txt || fail "train from stdin"
[ -z "$(ls -A spool)" ] || fail "the spool directory is not empty: $(ls -A spool)"
echo junk > .base2.bin.wordvec-tmp-99999999-AbC123
echo theirs > .base2.bin.wordvec-tmp-notours
out=$($W convert base.bin base2.bin 2>&1) || fail "convert with a stale temporary file"
grep -q "note: removed .*wordvec-tmp-99999999-AbC123" <<<"$out" || fail "no note about the stale file: $out"
[ -e .base2.bin.wordvec-tmp-99999999-AbC123 ] && fail "the stale temporary file is still there"
[ -e .base2.bin.wordvec-tmp-notours ] || fail "a file that is not ours was removed"
mkdir glovetmp glovetmp/wordvec-spill-99999999-Ab12Cd
$W train --model glove --quiet --epochs 1 --dim 4 --min-count 1 --threads 1 --temp-dir glovetmp --input corpus.txt --output g.txt 2>/dev/null || fail "glove train"
[ -z "$(ls -A glovetmp)" ] || fail "stale spill directory not removed: $(ls -A glovetmp)"
[ -z "$(ls -A . | grep wordvec-tmp- | grep -v notours)" ] || fail "temporary files left: $(ls -A | grep wordvec-tmp-)"

# "-" is standard output for the text formats that stream; the others are refused (no file named "-").
$W convert --quiet base.bin - --to w2v-text > stdout.txt || fail "convert to -"
[ "$(head -1 stdout.txt)" = "16 8" ] || fail "convert to - wrote no w2v-text: $(head -1 stdout.txt)"
$W convert --quiet base.bin /dev/stdout --to glove-text | wc -l | grep -qx 16 || fail "convert to /dev/stdout"
expect_error "binary to stdout is refused" "cannot go to standard output" $W convert base.bin - --to w2v-bin
expect_error "- needs --to" "option --to" $W convert base.bin -
[ -e ./- ] && fail "a file named '-' was created"
$W embed base.bin --input corpus.txt --output - --quiet | head -1 | grep -qx "3000 8" || fail "embed --output -"
# The free space is checked before the corpus is read for what is known then (a fastText .bin's n-gram
# buckets: 100M x 100000 floats, 40 TB): standard input is a FIFO nobody writes to, so reading it would hang.
mkfifo never
exec 8<>never
expect_error "fastText matrix larger than the disk" "big.bin: cannot write: it needs about [0-9.]+ MB, but .* has [0-9.]+ MB free" \
  timeout 60 $W train --model fasttext --bucket 100000000 --dim 100000 --quiet --input - --output big.bin <never
exec 8>&-
[ -e big.bin ] || [ -e big.vec ] && fail "big.bin or big.vec created"
finish
