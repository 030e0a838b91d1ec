# Streams and data checks: writes to standard output are checked (/dev/full, closed pipes), invalid
# UTF-8 in a corpus, non-finite numbers, diverging training, float16 range, safe messages, BOMs,
# directories given as files, and a mapped file truncated under a running query (no SIGBUS).
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
cd "$TMP" || exit 1
W=$WORDVEC
$W train --quiet --threads 1 --epochs 1 --dim 8 --min-count 1 --sample 0 --input corpus.txt --output v.bin || fail "train"

# Case 7: /dev/full is an error with one line and a non-zero exit, for every command that prints.
full() {
  local name=$1; shift
  local out rc
  out=$("$@" 2>&1 >/dev/full); rc=$?
  [ $rc -ne 0 ] || { fail "$name > /dev/full: exit 0"; return; }
  grep -q "writing to standard output failed: No space left on device" <<<"$out" || fail "$name > /dev/full: message: $out"
  echo "ok: $name > /dev/full: exit $rc: $(tail -1 <<<"$out")"
}
printf 'cat\n' > q.txt
full "similar" $W similar v.bin cat
full "similar --batch" $W similar v.bin --batch q.txt
full "--help" $W --help
full "train --help" $W train --help
full "embed" $W embed v.bin --input corpus.txt --quiet
full "print-vectors" sh -c "echo cat dog | $W print-vectors v.bin"
full "reduce" $W reduce v.bin --top 10 --quiet
full "cluster" $W cluster v.bin -k 2 --quiet
full "convert to -" $W convert --quiet v.bin - --to w2v-text
# A closed pipe ends the writer quietly (SIGPIPE), as with any tool in front of head.
awk 'BEGIN { print 20000, 4; for (i = 0; i < 20000; i++) print "w" i, 1, 2, 3, 4 }' > wide.txt
err=$( { $W convert --quiet wide.txt - --to w2v-text | head -1 >/dev/null; } 2>&1 )
[ -z "$err" ] || fail "closed pipe: stderr is not quiet: $err"

# Case 6: a corpus with invalid UTF-8 stops with the line and byte offset; skip leaves out those lines,
# replace puts U+FFFD in place of each invalid sequence; both say what they changed.
{ head -5 corpus.txt; printf 'the caf\xe9 is zzunique\n'; head -20 corpus.txt; } > latin1.txt
expect_error "invalid UTF-8 corpus" "latin1.txt: line 6, byte [0-9]+: the word 'caf\\\\xe9' is not valid UTF-8" $W train --quiet --min-count 1 --input latin1.txt --output u.bin
[ -e u.bin ] && fail "u.bin written for an invalid corpus"
out=$($W train --quiet --min-count 1 --threads 1 --invalid-utf8 skip --input latin1.txt --output u.txt 2>&1) || fail "train --invalid-utf8 skip: $out"
grep -q "note: latin1.txt: left out 1 line that is not valid UTF-8 (the first is line 6)" <<<"$out" || fail "skip: no note: $out"
$W convert --quiet u.txt u2.bin || fail "what --invalid-utf8 skip wrote is not readable"
grep -q "caf" u.txt && fail "skip: the invalid word was kept"
grep -q "^zzunique " u.txt && fail "skip: a word of the skipped line was kept (the whole line must go)"
gzip -c latin1.txt > latin1.txt.gz
for input in latin1.txt latin1.txt.gz -; do
  out=$($W train --quiet --min-count 1 --threads 2 --invalid-utf8 replace --input $input --output r.txt < latin1.txt 2>&1) \
    || fail "train --invalid-utf8 replace ($input): $out"
  grep -q "replaced 1 invalid UTF-8 sequence by U+FFFD on 1 line (the first is line 6)" <<<"$out" || fail "replace ($input): no note: $out"
  grep -q $'^caf\xef\xbf\xbd ' r.txt || fail "replace ($input): no word caf\uFFFD in r.txt"
  grep -q "^zzunique " r.txt || fail "replace ($input): the rest of the line was not kept"
done
$W train --quiet --model glove --min-count 1 --threads 1 --epochs 1 --invalid-utf8 replace --input latin1.txt --output rg.txt 2>/dev/null \
  || fail "train --model glove --invalid-utf8 replace"
grep -q $'^caf\xef\xbf\xbd ' rg.txt || fail "glove replace: no word caf\uFFFD"
expect_error "--invalid-utf8 bad value" "expected error, skip or replace" $W train --invalid-utf8 maybe --input latin1.txt --output u.bin
$W train --help | grep -q "replace.*U+FFFD" || fail "train --help does not describe --invalid-utf8 replace"
# A BOM at the start of the corpus is not part of the first word, and is noted once.
{ printf '\xef\xbb\xbf'; cat corpus.txt; } > bomcorpus.txt
out=$($W train --quiet --min-count 1 --threads 2 --epochs 1 --input bomcorpus.txt --output bc.txt 2>&1) || fail "train on a BOM corpus: $out"
[ "$(grep -c 'skipped the UTF-8 byte order mark' <<<"$out")" = 1 ] || fail "BOM corpus: expected one note: $out"
grep -q $'\xef\xbb\xbf' bc.txt && fail "the BOM became part of a word"

# Case 10: inf and nan in text vectors are refused with the line; --allow-nonfinite reads them.
printf '3 2\na 1 2\nb 1e400 1\nc nan 0\n' > nonfinite.txt
expect_error "1e400 in a text file" "nonfinite.txt: line 3: value 1 of 'b' is not a finite number" $W similarity nonfinite.txt a b
$W convert --quiet --allow-nonfinite nonfinite.txt nf.wv || fail "convert --allow-nonfinite"
printf '2 2\na 1e6 1\nb 1 1\n' > big.txt
expect_error "float16 out of range" "outside float16's range" $W convert big.txt big.wv --dtype float16
[ -e big.wv ] && fail "big.wv written"
expect_error "word2vec diverging at --lr 9.99" "training diverged" $W train --quiet --threads 1 --epochs 3 --min-count 1 --lr 9.99 --input corpus.txt --output div.bin
[ -e div.bin ] && fail "div.bin written for a diverged run"

# Case 12: messages escape control characters and cut long values; a BOM is skipped; --json stays UTF-8.
printf 'good 3\nbad\x1b[31mword x\n' > vocab.txt
out=$($W train --model glove --quiet --vocab vocab.txt --input corpus.txt --output g.txt 2>&1)
grep -q $'\x1b' <<<"$out" && fail "an escape character reached the terminal: $out"
grep -q 'bad\\x1b\[31mword' <<<"$out" || fail "control character not shown escaped: $out"
head -c 10000000 /dev/zero | tr '\0' 'x' > long.txt
out=$($W similar v.bin --batch long.txt 2>&1)
[ ${#out} -lt 1000 ] || fail "a 10 MB unknown word gives ${#out} bytes of stderr"
grep -q '…(10000000 bytes)' <<<"$out" || fail "long word not cut with its size: ${out:0:300}"
{ printf '\xef\xbb\xbf'; printf '2 2\na 1 0\nb 0 1\n'; } > bom.txt
out=$($W similarity bom.txt a b 2>&1 >/dev/null) || fail "a BOM at the start of a text file is not skipped"
grep -q "wordvec similarity: note: bom.txt: skipped the UTF-8 byte order mark at its start" <<<"$out" || fail "BOM: no note: $out"
out=$($W convert --quiet bom.txt bom.wv 2>&1) || fail "convert of a BOM file: $out"
[ "$(grep -c 'byte order mark' <<<"$out")" = 1 ] || fail "convert: expected one BOM note: $out"
# The same for the other text files the commands read whole: one note per file, the result of the file without
# the mark. Each pair of runs works in plain/ and bom/ on files of the same names, so the outputs compare.
mkdir plain bom
bom() { { printf '\xef\xbb\xbf'; cat "plain/$1"; } > "bom/$1"; }
$W convert --quiet v.bin plain/p.tsv  # projector: p.tsv and p.metadata.tsv
printf ': animals\ncat dog mouse horse\ncow sheep goat pig\n: colours\nred green blue yellow\n' > plain/q.txt
printf 'cat\tdog\t9\nred\tgreen\t8\ncat\tred\t1\nhorse\tblue\t2\n' > plain/ws.tsv
$W cluster v.bin -k 2 --quiet | sort -k2,2r > plain/cl.tsv  # first a word of cluster 1: unmatched, it would take 0's colour
$W reduce v.bin --top 16 --quiet --output plain/top.tsv
printf 'cat dog\nred green blue\n' > plain/words.txt
for f in p.tsv p.metadata.tsv q.txt ws.tsv cl.tsv words.txt; do bom $f; done
notes_once() {  # notes_once NAME OUT FILE...: each FILE named in exactly one note, and no other line but notes
  local name=$1 out=$2 f; shift 2
  for f; do [ "$(grep -c "note: $f: skipped the UTF-8 byte order mark" <<<"$out")" = 1 ] || fail "$name: no single note for $f: $out"; done
  [ "$(grep -vc 'note: ' <<<"$out")" = 0 ] || fail "$name: more than notes: $out"
}
for d in plain bom; do
  (cd $d && $W convert p.tsv p.txt --quiet 2> convert.err) || fail "convert of $d/p.tsv: $(cat $d/convert.err)"
  (cd $d && $W eval ../v.bin --analogies q.txt --similarity ws.tsv --json > eval.json 2> eval.err) || fail "eval ($d): $(cat $d/eval.err)"
  (cd $d && $W reduce ../v.bin --top 16 --quiet --svg map.svg --clusters cl.tsv 2> reduce.err) || fail "reduce --clusters ($d): $(cat $d/reduce.err)"
  (cd $d && $W reduce ../v.bin --words words.txt --quiet > words.out 2> words.err) || fail "reduce --words ($d): $(cat $d/words.err)"
done
notes_once "projector TSV" "$(cat bom/convert.err)" p.tsv p.metadata.tsv
notes_once "eval" "$(cat bom/eval.err)" q.txt ws.tsv
notes_once "reduce --clusters" "$(cat bom/reduce.err)" cl.tsv
notes_once "reduce --words" "$(cat bom/words.err)" words.txt
for f in p.txt eval.json map.svg words.out; do cmp -s plain/$f bom/$f || fail "a BOM changed $f: $(diff plain/$f bom/$f | head -5)"; done
grep -q '"answered":3' plain/eval.json || fail "eval: the analogies were not answered: $(cat plain/eval.json)"
[ -s plain/convert.err ] || [ -s plain/eval.err ] && fail "a note without a BOM: $(cat plain/*.err)"
printf 'caf\xe9\n' > badq.txt
$W similar v.bin --batch badq.txt --json 2>/dev/null > out.json
/usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8", errors="strict")]' out.json || fail "--json is not valid UTF-8 JSON: $(cat out.json)"

# A directory where a file is expected.
expect_error "--batch directory" "is a directory" $W similar v.bin --batch .
expect_error "stdin directory" "is a directory" sh -c "$W similar v.bin --batch - < ."
expect_error "--clusters directory" "is a directory" $W reduce v.bin --clusters . --top 5

# Case 8: a mapped file truncated under a running query gives a clear error, not SIGBUS (exit 135).
$W convert --quiet wide.txt v.wv
mkfifo qfifo
exec 7<>qfifo
$W similar v.wv --batch - < qfifo > sb.out 2> sb.err 7>&- &
pid=$!
# The marker: the file is mapped by the running query.
n=0; until grep -q 'v\.wv$' /proc/$pid/maps 2>/dev/null || [ $n -gt 6000 ]; do n=$((n + 1)); sleep 0.01; done
truncate -s 4096 v.wv
echo w2 >&7
exec 7>&-
wait $pid; rc=$?
[ $rc -eq 1 ] || fail "truncated mapped file: exit $rc, expected 1 ($(cat sb.err))"
grep -q "truncated while in use" sb.err || fail "truncated mapped file: message: $(cat sb.err)"
echo "ok: truncated mapped file: exit $rc: $(cat sb.err)"
finish
