# cluster, reduce and embed end to end on vectors trained from a two-topic corpus.
source "$(dirname "$0")/common.bash"
make_corpus "$TMP/corpus.txt"
$WORDVEC train --quiet --epochs 3 --dim 20 --min-count 1 --sample 0 --seed 3 --threads 2 --model cbow \
  --input "$TMP/corpus.txt" --output "$TMP/v.txt" || fail "train failed"
ANIMALS="cat dog mouse horse cow sheep goat pig"

# cluster: two clusters are the two topics; same seed, same file, whatever the thread count.
$WORDVEC cluster "$TMP/v.txt" -k 2 --threads 1 --seed 5 -o "$TMP/c1.tsv" --centroids "$TMP/cent.txt" 2> "$TMP/cluster.err" \
  || fail "cluster failed: $(cat "$TMP/cluster.err")"
$WORDVEC cluster "$TMP/v.txt" -k 2 --threads 2 --seed 5 -q > "$TMP/c2.tsv" || fail "cluster to stdout failed"
cmp -s "$TMP/c1.tsv" "$TMP/c2.tsv" || fail "cluster: 1 and 2 threads disagree"
[ "$(wc -l < "$TMP/c1.tsv")" -eq 16 ] || fail "cluster: expected 16 lines"
grep -qP '^[a-z]+\t[01]$' "$TMP/c1.tsv" || fail "cluster: lines are not word<TAB>cluster"
animal_clusters=$(for w in $ANIMALS; do awk -F'\t' -v w=$w '$1 == w { print $2 }' "$TMP/c1.tsv"; done | sort -u | wc -l)
colour_cluster=$(awk -F'\t' '$1 == "red" { print $2 }' "$TMP/c1.tsv")
cat_cluster=$(awk -F'\t' '$1 == "cat" { print $2 }' "$TMP/c1.tsv")
[ "$animal_clusters" -eq 1 ] && [ "$colour_cluster" != "$cat_cluster" ] || fail "cluster: topics not separated: $(cat "$TMP/c1.tsv")"
grep -q 'converged' "$TMP/cluster.err" || fail "cluster: no summary: $(cat "$TMP/cluster.err")"
head -1 "$TMP/cent.txt" | grep -qx "2 20" || fail "centroids: header is '$(head -1 "$TMP/cent.txt")'"
$WORDVEC cluster "$TMP/v.txt" -k 3 --limit 5 -q | wc -l | grep -qx 5 || fail "cluster --limit 5: expected 5 lines"
expect_error "cluster k > words" "--k: expected at most the number of vectors" $WORDVEC cluster "$TMP/v.txt" -k 17
expect_error "cluster k = 0" "--k" $WORDVEC cluster "$TMP/v.txt" -k 0

# reduce: TSV with a header, the requested dimension, unknown words reported; SVG well-formed.
printf 'cat dog\nunicorn red\nblue\n' > "$TMP/words.txt"
$WORDVEC reduce "$TMP/v.txt" --words "$TMP/words.txt" --dim 3 -o "$TMP/r.tsv" 2> "$TMP/reduce.err" || fail "reduce failed"
head -1 "$TMP/r.tsv" | grep -qP '^word\tx\ty\tz$' || fail "reduce: bad header $(head -1 "$TMP/r.tsv")"
[ "$(tail -n +2 "$TMP/r.tsv" | cut -f1 | tr '\n' ' ')" = "cat dog red blue " ] || fail "reduce: words $(cut -f1 "$TMP/r.tsv")"
tail -n +2 "$TMP/r.tsv" | grep -qvP '^[a-z]+(\t-?[0-9]+\.[0-9]{6}){3}$' && fail "reduce: bad rows $(cat "$TMP/r.tsv")"
grep -q "line 2: 'unicorn' is not in the vectors" "$TMP/reduce.err" || fail "reduce: unknown word not reported: $(cat "$TMP/reduce.err")"
$WORDVEC reduce "$TMP/v.txt" --top 16 --svg "$TMP/map.svg" --clusters "$TMP/c1.tsv" --title 'two <topics>' -q > "$TMP/stdout.txt" \
  || fail "reduce --svg failed"
[ -s "$TMP/stdout.txt" ] && fail "reduce --svg without --output printed TSV"
[ "$(grep -c '<circle' "$TMP/map.svg")" -eq 16 ] || fail "svg: expected 16 points"
grep -q 'two &lt;topics&gt;' "$TMP/map.svg" || fail "svg: title not escaped"
[ "$(grep -o 'fill="#[0-9a-f]*"/>' "$TMP/map.svg" | sort -u | wc -l)" -eq 2 ] || fail "svg: expected two cluster colours"
if /usr/bin/python3 -c 'import xml.etree.ElementTree' 2>/dev/null; then
  /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/map.svg" || fail "svg: not well-formed XML"
fi
[ "$($WORDVEC reduce "$TMP/v.txt" --top 5 -q | wc -l)" -eq 6 ] || fail "reduce --top 5: expected header + 5 rows on stdout"
expect_error "reduce dim 4" "--dim: expected 2 or 3" $WORDVEC reduce "$TMP/v.txt" --dim 4
printf 'cat 1\ndog\n' > "$TMP/bad_clusters.tsv"
expect_error "reduce bad clusters" "bad_clusters.tsv: line 2: expected" $WORDVEC reduce "$TMP/v.txt" --svg "$TMP/x.svg" --clusters "$TMP/bad_clusters.tsv"
echo unicorn > "$TMP/none.txt"
expect_error "reduce no known word" "none of the listed words" $WORDVEC reduce "$TMP/v.txt" --words "$TMP/none.txt"

# embed: a one-word line is that word's vector; lines with no known word are reported and skipped.
echo cat | $WORDVEC embed "$TMP/v.txt" -q > "$TMP/cat.txt" || fail "embed from stdin failed"
[ "$(sed -n 2p "$TMP/cat.txt" | cut -d' ' -f2-)" = "$(grep '^cat ' "$TMP/v.txt" | cut -d' ' -f2- | sed 's/ $//')" ] \
  || fail "embed: one-word line differs from the word's vector"
printf 'cat dog cow\nred blue\nunicorn\ndog horse pig sheep\ngreen white black\n' > "$TMP/sent.txt"
$WORDVEC embed "$TMP/v.txt" --input "$TMP/sent.txt" -o "$TMP/sent.bin" 2> "$TMP/embed.err" || fail "embed failed"
grep -q 'sent.txt: line 3: no word of the line has a vector; skipped' "$TMP/embed.err" || fail "embed: skipped line not reported: $(cat "$TMP/embed.err")"
head -1 "$TMP/sent.bin" | grep -qx "4 20" || fail "embed: expected 4 vectors"
out=$($WORDVEC similar "$TMP/sent.bin" line_1 -k 1) || fail "similar over sentences failed"
grep -q ' line_4 ' <<<"$out" || fail "embed: nearest sentence to line_1 is not line_4: $out"
$WORDVEC embed "$TMP/v.txt" --input "$TMP/sent.txt" --sif 1e-3 --keys text -o "$TMP/sif.txt" 2> "$TMP/sif.err" || fail "embed --sif failed"
grep -q '^cat_dog_cow ' "$TMP/sif.txt" || fail "embed --keys text: key missing"
grep -q 'Zipf' "$TMP/sif.err" || fail "embed --sif: no note about the probability source"
expect_error "embed strict" "sent.txt: line 3: no word of the line has a vector" $WORDVEC embed "$TMP/v.txt" --input "$TMP/sent.txt" --strict
expect_error "embed bad keys" "--keys" $WORDVEC embed "$TMP/v.txt" --keys name
for c in cluster reduce embed; do $WORDVEC --help | grep -q "^  $c " || fail "wordvec --help does not list $c"; done
finish
