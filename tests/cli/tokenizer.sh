# --tokenizer end to end: `wordvec tokenize`, training on raw text with `words` and `zh`, the model
# recording its tokenizer so that queries and test words are normalised alike, and bad input (one
# line, exit 2 for options and 1 for files, nothing written).
source "$(dirname "$0")/common.bash"

# tokenize: one output line per input line, tokens separated by single spaces.
printf 'Hello, World! Don\xe2\x80\x99t stop.\n\nIt costs $3.50 (approx.)\n' > "$TMP/en.txt"
got=$($WORDVEC tokenize --tokenizer words -i "$TMP/en.txt")
want=$(printf "hello , world ! don't stop .\n\nit costs \$ 3.50 ( approx . )")
[ "$got" = "$want" ] || fail "tokenize words: got '$got'"
got=$($WORDVEC tokenize -i "$TMP/en.txt" | head -1)
[ "$got" = "Hello, World! Don’t stop." ] || fail "tokenize whitespace: got '$got'"

# Raw English: "King," and "king" are one word with --tokenizer words, and the model says so.
awk 'BEGIN { srand(3);
  split("The King, the Queen. A king! The queen? Royal throne, crown; palace.", a, " ");
  split("Red apples, green pears. Fruit! Sweet? Juicy fruit; ripe apples.", b, " ");
  for (l = 0; l < 2000; l++) { line = "";
    for (k = 0; k < 10; k++) { w = (l % 2) ? a[int(rand() * 11) + 1] : b[int(rand() * 10) + 1]; line = line (k ? " " : "") w }
    print line } }' > "$TMP/raw.txt"
$WORDVEC train --quiet --tokenizer words --input "$TMP/raw.txt" --output "$TMP/raw.wv" --dim 16 --epochs 3 --min-count 2 --threads 2 \
  || fail "train --tokenizer words"
$WORDVEC convert "$TMP/raw.wv" "$TMP/raw.vec.txt" --to w2v-text > /dev/null 2>&1 || fail "convert"
tail -n +2 "$TMP/raw.vec.txt" | cut -d' ' -f1 > "$TMP/raw.words"
grep -qx 'king' "$TMP/raw.words" || fail "words: 'king' not in the vocabulary"
grep -qx 'King,' "$TMP/raw.words" && fail "words: 'King,' still a word"
# The query word "KING" is lower-cased as the corpus was: found.
$WORDVEC similar "$TMP/raw.wv" KING -k 3 > "$TMP/sim.txt" 2>&1 || fail "similar KING on a words model: $(cat "$TMP/sim.txt")"
# ...unless the whitespace tokenizer is asked for explicitly.
$WORDVEC similar "$TMP/raw.wv" KING -k 3 --tokenizer whitespace > /dev/null 2>&1 && fail "similar KING --tokenizer whitespace should not find it"

# Chinese with zh: segmented words, and the subword default of one and two characters.
if [ -f /usr/lib/python3/dist-packages/jieba/dict.txt ]; then
  for i in $(seq 1 400); do echo "我爱北京天安门，天安门上太阳升。"; echo "小明硕士毕业于中国科学院计算所。"; done > "$TMP/zh.txt"
  $WORDVEC train --quiet --model fasttext --tokenizer zh --input "$TMP/zh.txt" --output "$TMP/zh.bin" --dim 8 --epochs 1 --min-count 1 --bucket 1000 \
    || fail "train --tokenizer zh"
  tail -n +2 "$TMP/zh.vec" | cut -d' ' -f1 | grep -qx '天安门' || fail "zh: 天安门 not a word"
  got=$($WORDVEC tokenize --tokenizer zh -i "$TMP/zh.txt" | head -2 | tr '\n' '/')
  [ "$got" = "我 爱 北京 天安门 ， 天安门 上 太阳升 。/小明 硕士 毕业 于 中国科学院 计算所 。/" ] || fail "tokenize zh: got '$got'"
  # A user dictionary line as jieba.load_userdict reads it.
  printf '杭研大厦 1000\n' > "$TMP/user.txt"
  got=$(echo "他来到了网易杭研大厦" | $WORDVEC tokenize --tokenizer zh --user-dict "$TMP/user.txt")
  [ "$got" = "他 来到 了 网易 杭研大厦" ] || fail "user dict: got '$got'"
  # Bad dictionaries: the file and the line.
  printf '北京 100 ns\n天安门 many n\n' > "$TMP/bad-dict.txt"
  expect_error "malformed dictionary" "bad-dict.txt: line 2: expected a word frequency" \
    $WORDVEC train --tokenizer zh --dict "$TMP/bad-dict.txt" --input "$TMP/zh.txt" --output "$TMP/bad.wv"
  [ -e "$TMP/bad.wv" ] && fail "malformed dictionary: output written"
  expect_error "missing dictionary" "nope.txt: cannot open the jieba dictionary: no such file" \
    $WORDVEC tokenize --tokenizer zh --dict "$TMP/nope.txt" -i "$TMP/zh.txt" -o "$TMP/bad.txt"
  [ -e "$TMP/bad.txt" ] && fail "missing dictionary: output written"
fi

expect_error "unknown tokenizer" "--tokenizer: expected whitespace, words, chars or zh, got 'jieba'" \
  $WORDVEC train --tokenizer jieba --input "$TMP/raw.txt" --output "$TMP/bad.wv"
[ -e "$TMP/bad.wv" ] && fail "unknown tokenizer: output written"
$WORDVEC tokenize --tokenizer jieba -i "$TMP/raw.txt" > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown tokenizer: exit code not 2"
expect_error "dictionary without zh" "--dict: applies to --tokenizer zh" $WORDVEC tokenize --tokenizer words --dict x -i "$TMP/raw.txt"
expect_error "t2s without zh" "--t2s" $WORDVEC tokenize --t2s -i "$TMP/raw.txt"
finish
