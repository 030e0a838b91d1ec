// The tokenizer stage: words on tricky English, chars, zh against jieba's own output (a fixture made
// once with Debian python3-jieba: tests/data/make_jieba_fixture.py), bad dictionaries, metadata, and
// tokens that do not depend on the thread count.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "corpus/line_reader.hpp"
#include "temp_dir.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/text/tokenize_text.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/text/zh_tokenizer.hpp"
#include "wordvec/vocab/subwords.hpp"
#include "wordvec/vocab/vocab.hpp"

using namespace wordvec;

namespace {

std::string tokens_of(const Tokenizer& t, std::string_view line) {
  TokenList out;
  t.tokenize(line, out);
  return out.joined();
}

std::shared_ptr<const Tokenizer> make(TokenizerKind kind, bool lowercase = true, bool keep_urls = false) {
  TokenizerOptions o;
  o.kind = kind;
  o.lowercase = lowercase;
  o.keep_urls = keep_urls;
  return make_tokenizer(o);
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

const std::filesystem::path kData = WORDVEC_TEST_DATA_DIR;

}  // namespace

// Options of one kind with every other field at its default (a braced initializer would leave
// GCC warning about the members it does not name).
TokenizerOptions options_for(TokenizerKind kind) {
  TokenizerOptions o;
  o.kind = kind;
  return o;
}

TEST_CASE("words: punctuation split off, apostrophes and hyphens inside words, numbers kept") {
  const auto t = make(TokenizerKind::Words);
  CHECK(tokens_of(*t, "Hello, World!") == "hello , world !");
  CHECK(tokens_of(*t, "Don't stop: it's rock'n'roll.") == "don't stop : it's rock'n'roll .");
  CHECK(tokens_of(*t, "Don\u2019t") == "don't");  // the typographic apostrophe is the same word
  CHECK(tokens_of(*t, "'quoted' words' end") == "' quoted ' words ' end");
  CHECK(tokens_of(*t, "a well-known 1923-24 season -- dash") == "a well-known 1923-24 season - - dash");
  CHECK(tokens_of(*t, "pi is 3.14, not 1,000.5 or 10:30.") == "pi is 3.14 , not 1,000.5 or 10:30 .");
  CHECK(tokens_of(*t, "\u201cQuoted\u201d \u2018single\u2019 \u00abguillemets\u00bb") ==
        "\u201c quoted \u201d \u2018 single \u2019 \u00ab guillemets \u00bb");
  CHECK(tokens_of(*t, "2019\u201320 season") == "2019 \u2013 20 season");
  CHECK(tokens_of(*t, "cost $5 + 10% (approx.)") == "cost $ 5 + 10 % ( approx . )");
  CHECK(tokens_of(*t, "U.S. e.g. AT&T snake_case") == "u.s . e.g . at&t snake_case");
  CHECK(tokens_of(*t, "  tabs\tand\u00a0nbsp\u3000ideographic  ") == "tabs and nbsp ideographic");
  CHECK(tokens_of(*t, "").empty());
}

TEST_CASE("words: NFC and Unicode lower case") {
  const auto t = make(TokenizerKind::Words);
  CHECK(tokens_of(*t, "Cafe\u0301 CAF\u00c9") == "caf\u00e9 caf\u00e9");  // decomposed and composed agree
  CHECK(tokens_of(*t, "\u0130stanbul \u03a3\u039f\u03a6\u0399\u0391") == "i\u0307stanbul \u03c3\u03bf\u03c6\u03b9\u03b1");
  CHECK(tokens_of(*t, "Stra\u00dfe M\u00dcNCHEN") == "stra\u00dfe m\u00fcnchen");
  const auto keep_case = make(TokenizerKind::Words, false);
  CHECK(tokens_of(*keep_case, "Hello World") == "Hello World");
}

TEST_CASE("words: URLs and e-mail addresses are one token or dropped") {
  const auto keep = make(TokenizerKind::Words, true, true);
  CHECK(tokens_of(*keep, "See https://example.com/a_(b)?x=1, or www.debian.org.") ==
        "see https://example.com/a_(b)?x=1 , or www.debian.org .");
  CHECK(tokens_of(*keep, "(mail John.Doe@Example.org)") == "( mail john.doe@example.org )");
  CHECK(tokens_of(*keep, "not@an address@x") == "not @ an address @ x");
  const auto drop = make(TokenizerKind::Words);
  CHECK(tokens_of(*drop, "See https://example.com/x, mail a.b@c.org now") == "see , mail now");
}

TEST_CASE("words: invalid UTF-8 bytes separate and never reach a token") {
  const auto t = make(TokenizerKind::Words);
  CHECK(tokens_of(*t, "ab\xff" "cd \xc3(x \xe4\xb8") == "ab cd ( x");
}

TEST_CASE("chars: every Han, Kana and Hangul character is a token; other scripts as words") {
  const auto t = make(TokenizerKind::Chars);
  CHECK(tokens_of(*t, "我爱Python和C++！") == "我 爱 python 和 c + + ！");
  CHECK(tokens_of(*t, "日本語のテキスト 한국어") == "日 本 語 の テ キ ス ト 한 국 어");
}

// The rows of the jieba fixture (mode TAB sentence TAB jieba's tokens joined by '|', made by
// tests/data/make_jieba_fixture.py) whose mode `keep` accepts, cut by `zh`; returns how many were checked.
template <typename Keep>
int check_jieba_fixture(const ZhTokenizer& zh, Keep&& keep) {
  std::ifstream in(kData / "jieba_cut.txt");
  REQUIRE(in);
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string mode, sentence, expected;
    std::getline(fields, mode, '\t');
    std::getline(fields, sentence, '\t');
    std::getline(fields, expected);
    if (!keep(mode)) continue;
    TokenList out;
    zh.jieba_cut(sentence, mode != "nohmm", out);  // "hmm" and "user" rows: HMM on
    std::string got;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (i) got += '|';
      got += out[i];
    }
    INFO(mode << ": " << sentence);
    CHECK(got == expected);
    ++checked;
  }
  return checked;
}

TEST_CASE("zh: jieba.cut's tokens on the fixture sentences (HMM on and off)") {
  ZhTokenizer zh(options_for(TokenizerKind::Zh));
  CHECK(check_jieba_fixture(zh, [](const std::string& mode) { return mode != "user"; }) >= 50);
}

TEST_CASE("zh: a user dictionary adds words as jieba.load_userdict does") {
  TokenizerOptions o = options_for(TokenizerKind::Zh);
  o.user_dict = kData / "jieba_user_dict.txt";
  ZhTokenizer zh(o);
  CHECK(check_jieba_fixture(zh, [](const std::string& mode) { return mode == "user"; }) == 4);
}

TEST_CASE("zh: the HMM finds unknown names; white space is dropped; mixed text") {
  const auto zh = make(TokenizerKind::Zh);
  // 杭研 is in no dictionary: the HMM joins it.
  CHECK(tokens_of(*zh, "他来到了网易杭研大厦") == "他 来到 了 网易 杭研 大厦");
  CHECK(tokens_of(*zh, "  iPhone15的售价是5999元，便宜了10.5%。") == "iphone15 的 售价 是 5999 元 ， 便宜 了 10.5% 。");
  // Scripts jieba cuts into single characters become words; URLs stay whole when kept, else are cut as jieba does.
  CHECK(tokens_of(*zh, "Ελληνικά 混在中文里") == "ελληνικά 混在 中文 里");
  TokenizerOptions o = options_for(TokenizerKind::Zh);
  o.keep_urls = true;
  const auto urls = make_tokenizer(o);
  CHECK(tokens_of(*urls, "访问https://www.debian.org/获取信息") == "访问 https://www.debian.org/ 获取信息");
  CHECK(tokens_of(*zh, "访问https://www.debian.org/获取信息") == "访问 https : / / www . debian . org / 获取信息");
  CHECK(tokens_of(*zh, "邮件 a.b@c.org 或 http://x.cn/a_b?x=1") == "邮件 a . b @ c . org 或 http : / / x . cn / a _ b ? x = 1");
  CHECK(tokens_of(*zh, "坏\xff字节") == "坏 字节");
}

TEST_CASE("zh: --t2s converts traditional characters before segmentation") {
  if (!opencc_available()) {
    TokenizerOptions o = options_for(TokenizerKind::Zh);
    o.t2s = true;
    CHECK_THROWS_AS(make_tokenizer(o), OptionError);
    return;
  }
  TokenizerOptions o = options_for(TokenizerKind::Zh);
  o.t2s = true;
  const auto zh = make_tokenizer(o);
  CHECK(tokens_of(*zh, "乾隆皇帝與紫禁城") == "乾隆皇帝 与 紫禁城");
  CHECK(zh->normalize("與") == "与");
}

TEST_CASE("bad tokenizer settings and dictionaries: one message with the file and line") {
  CHECK_THROWS_WITH(parse_tokenizer_kind("jieba"), Catch::Contains("expected whitespace, words, chars or zh, got 'jieba'"));
  TokenizerOptions words = options_for(TokenizerKind::Words);
  words.user_dict = "x.txt";
  CHECK_THROWS_AS(make_tokenizer(words), OptionError);
  test::TempDir dir("tokenizer");
  TokenizerOptions o = options_for(TokenizerKind::Zh);
  o.dict = dir.path / "missing.txt";
  CHECK_THROWS_AS(make_tokenizer(o), IoError);
  CHECK_THROWS_WITH(make_tokenizer(o), Catch::Contains("missing.txt") && Catch::Contains("no such file"));
  write_file(dir.path / "bad.txt", "北京 100 ns\n天安门 lots n\n");
  o.dict = dir.path / "bad.txt";
  o.hmm_dir = default_jieba_dict().parent_path() / "finalseg";
  CHECK_THROWS_AS(make_tokenizer(o), FormatError);
  CHECK_THROWS_WITH(make_tokenizer(o), Catch::Contains("bad.txt: line 2") && Catch::Contains("'lots'"));
  write_file(dir.path / "good.txt", "北京 100 ns\n");
  o.dict = dir.path / "good.txt";
  std::filesystem::create_directories(dir.path / "hmm");
  write_file(dir.path / "hmm" / "prob_start.py", "P={'B': -0.26,\n 'X': -1.0}\n");
  o.hmm_dir = dir.path / "hmm";
  CHECK_THROWS_WITH(make_tokenizer(o), Catch::Contains("prob_start.py: line 2"));
  TokenizerOptions user = options_for(TokenizerKind::Zh);
  user.user_dict = dir.path / "no-user-dict.txt";
  CHECK_THROWS_WITH(make_tokenizer(user), Catch::Contains("no-user-dict.txt"));
}

TEST_CASE("tokenizer settings go into metadata and come back") {
  TokenizerOptions o = options_for(TokenizerKind::Zh);
  o.lowercase = false;
  o.keep_urls = true;
  o.user_dict = "/tmp/u.txt";
  std::map<std::string, std::string> m;
  o.to_metadata(m);
  const auto back = TokenizerOptions::from_metadata(m);
  CHECK(back.kind == TokenizerKind::Zh);
  CHECK_FALSE(back.lowercase);
  CHECK(back.keep_urls);
  CHECK(back.user_dict == "/tmp/u.txt");
  std::map<std::string, std::string> none;
  TokenizerOptions{}.to_metadata(none);
  CHECK(none.empty());  // the whitespace default writes nothing: files stay as they were
  CHECK(TokenizerOptions::from_metadata(none).kind == TokenizerKind::Whitespace);
  CHECK_THROWS_AS(TokenizerOptions::from_metadata({{"tokenizer", "klingon"}}), FormatError);
}

TEST_CASE("line shards yield every line once, whatever the cut") {
  test::TempDir dir("lines");
  const auto path = dir.path / "c.txt";
  const std::string text = "one two\n\nthree\r\nfour five six\nseven";
  write_file(path, text);
  for (std::uint64_t cut = 0; cut <= text.size(); ++cut) {
    std::string all;
    for (const auto& [b, e] : {std::pair<std::uint64_t, std::uint64_t>{0, cut}, {cut, text.size()}}) {
      LineReader r(path, b, e);
      std::string_view line;
      while (r.next(line)) all += std::string(line) + "|";
    }
    INFO("cut at " << cut);
    CHECK(all == "one two||three|four five six|seven|");
  }
}

TEST_CASE("tokens do not depend on the thread count (tokenize_text and vocabulary counts)") {
  std::string text;
  for (int i = 0; i < 3000; ++i)
    text += fmt::format("第{}行：小明和Xiao Ming在北京大学读书，It's {} o'clock.\n", i, i % 12);
  for (const auto kind : {TokenizerKind::Words, TokenizerKind::Zh, TokenizerKind::Chars}) {
    const auto t = make(kind);
    std::string one, two;
    tokenize_text(text, *t, 1, one);
    tokenize_text(text, *t, 2, two);
    CHECK(one == two);
    CHECK(std::count(one.begin(), one.end(), '\n') == 3000);
  }
  test::TempDir dir("vocab-threads");
  write_file(dir.path / "c.txt", text);
  Corpus corpus = Corpus::open((dir.path / "c.txt").string());
  VocabOptions o;
  o.min_count = 1;
  o.tokenizer = make(TokenizerKind::Zh);
  o.threads = 1;
  const Vocab a = build_vocab(corpus, o);
  o.threads = 2;
  const Vocab b = build_vocab(corpus, o);
  CHECK(a.words() == b.words());
  CHECK(a.counts() == b.counts());
  CHECK(a.contains("北京大学"));
  CHECK(a.contains("xiao"));  // ASCII next to Chinese is cut as jieba cuts it, then lower-cased
  CHECK(a.count(static_cast<std::size_t>(a.find("小明"))) == 3000);
}

TEST_CASE("subwords of Chinese words count characters, not bytes") {
  SubwordOptions o{1, 2, 1000};
  const auto grams = subword_strings("<北京大学>", o);
  const std::vector<std::string_view> expected{"<北", "北", "北京", "京", "京大", "大", "大学", "学", "学>"};
  std::vector<std::string_view> sorted_got(grams), sorted_expected(expected);
  std::sort(sorted_got.begin(), sorted_got.end());
  std::sort(sorted_expected.begin(), sorted_expected.end());
  CHECK(sorted_got == sorted_expected);
}
