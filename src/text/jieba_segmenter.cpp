#include "text/jieba_segmenter.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "text/unicode.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::text {

namespace {

constexpr double kMinFloat = -3.14e100;  // finalseg's MIN_FLOAT
constexpr int B = 0, E = 1, M = 2, S = 3;
constexpr char32_t kInvalid = static_cast<char32_t>(-1);

std::string read_text_file(const std::filesystem::path& path, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw IoError(fmt::format("{}: cannot open {}: no such file (install python3-jieba, or give its path)",
                              path.string(), what));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open {}: {}", path.string(), what, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("{}: read failed", path.string()));
  return std::move(ss).str();
}

// Python's str.strip() for the ASCII white space these files hold.
std::string_view strip(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::int64_t parse_freq(std::string_view s, const std::filesystem::path& path, std::size_t line) {
  if (!all_digits(s) || s.size() > 15)
    throw FormatError(fmt::format("{}: line {}: expected a word frequency (a whole number), got '{}'", path.string(), line, s));
  return std::strtoll(std::string(s).c_str(), nullptr, 10);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size())
    if (next_code_point(s, i) == kInvalid) return false;
  return true;
}

bool in_block(char32_t c) {  // jieba's re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '#' ||
           c == '&' || c == '.' || c == '_' || c == '%' || c == '-';
  }
  return is_jieba_han(c);
}

bool ascii_alnum(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

// A reader of the Python literals in jieba's finalseg/prob_*.py: nested dicts of strings to floats.
class PyLiteral {
 public:
  PyLiteral(std::string text, std::string source) : text_(std::move(text)), source_(std::move(source)) {
    const auto eq = text_.find("P=");
    if (eq == std::string::npos) fail("expected 'P=' and a dict");
    pos_ = eq + 2;
  }
  // Calls on_entry(key, is_dict) for each entry of a dict; on_entry reads the value.
  template <typename F>
  void dict(F&& on_entry) {
    expect('{');
    skip();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      const std::u32string key = string();
      expect(':');
      skip();
      on_entry(key, peek() == '{');
      skip();
      if (peek() == ',') {
        ++pos_;
        skip();
        if (peek() == '}') {
          ++pos_;
          return;
        }
        continue;
      }
      expect('}');
      return;
    }
  }
  double number() {
    skip();
    const char* begin = text_.c_str() + pos_;
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin) fail("expected a number");
    pos_ += static_cast<std::size_t>(end - begin);
    return v;
  }
  [[noreturn]] void fail(const std::string& what) const {
    std::size_t line = 1;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) line += text_[i] == '\n';
    throw FormatError(fmt::format("{}: line {}: {}", source_, line, what));
  }

 private:
  void skip() {
    while (pos_ < text_.size() && std::strchr(" \t\r\n", text_[pos_]) && text_[pos_] != '\0') ++pos_;
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void expect(char c) {
    skip();
    if (peek() != c) fail(fmt::format("expected '{}'", c));
    ++pos_;
  }
  std::u32string string() {
    skip();
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected a quoted key");
    ++pos_;
    std::u32string out;
    while (pos_ < text_.size() && text_[pos_] != q) {
      if (text_[pos_] == '\\') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == 'u' && pos_ + 6 <= text_.size()) {
          const std::string hex = text_.substr(pos_ + 2, 4);
          char* end = nullptr;
          const auto v = std::strtoul(hex.c_str(), &end, 16);
          if (end != hex.c_str() + 4) fail("expected \\uXXXX");
          out.push_back(static_cast<char32_t>(v));
          pos_ += 6;
          continue;
        }
        if (pos_ + 1 >= text_.size()) fail("unterminated string");
        out.push_back(static_cast<unsigned char>(text_[pos_ + 1]));
        pos_ += 2;
        continue;
      }
      const char32_t cp = next_code_point(text_, pos_);
      if (cp == kInvalid) fail("invalid UTF-8");
      out.push_back(cp);
    }
    if (pos_ >= text_.size()) fail("unterminated string");
    ++pos_;
    return out;
  }

  std::string text_;
  std::string source_;
  std::size_t pos_ = 0;
};

int state_index(const std::u32string& key, PyLiteral& lit) {
  if (key.size() == 1) {
    switch (key[0]) {
      case U'B': return B;
      case U'E': return E;
      case U'M': return M;
      case U'S': return S;
      default: break;
    }
  }
  lit.fail("expected a state 'B', 'E', 'M' or 'S'");
}

std::uint64_t hash_key(std::int32_t node, char32_t cp) {
  return ((static_cast<std::uint64_t>(node) << 21) | static_cast<std::uint64_t>(cp)) + 1;  // never 0
}

std::size_t slot_of(std::uint64_t key, std::size_t mask) { return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask; }

}  // namespace

std::u32string decode_utf8(std::string_view s, std::vector<std::uint32_t>* offsets) {
  std::u32string out;
  out.reserve(s.size());
  if (offsets) {
    offsets->clear();
    offsets->reserve(s.size() + 1);
  }
  std::size_t i = 0;
  while (i < s.size()) {
    if (offsets) offsets->push_back(static_cast<std::uint32_t>(i));
    out.push_back(next_code_point(s, i));
  }
  if (offsets) offsets->push_back(static_cast<std::uint32_t>(s.size()));
  return out;
}

JiebaSegmenter::JiebaSegmenter(const std::filesystem::path& dict, const std::filesystem::path& hmm_dir)
    : freq_(1, 0), log_freq_(1, 0.0), root_(0x10000, -1), keys_(1 << 20, 0), values_(1 << 20, -1) {
  read_dict(dict);
  read_hmm(hmm_dir);
}

std::int32_t JiebaSegmenter::child(std::int32_t node, char32_t cp) const {
  if (node == 0 && cp < 0x10000) return root_[cp];
  const std::uint64_t key = hash_key(node, cp);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t s = slot_of(key, mask);; s = (s + 1) & mask) {
    if (keys_[s] == key) return values_[s];
    if (keys_[s] == 0) return -1;
  }
}

std::int32_t JiebaSegmenter::add_child(std::int32_t node, char32_t cp) {
  const auto id = static_cast<std::int32_t>(freq_.size());
  freq_.push_back(0);
  log_freq_.push_back(0.0);
  if (node == 0 && cp < 0x10000) {
    root_[cp] = id;
    return id;
  }
  if ((used_ + 1) * 2 > keys_.size()) {  // keep the table at most half full
    std::vector<std::uint64_t> keys(keys_.size() * 2, 0);
    std::vector<std::int32_t> values(keys.size(), -1);
    const std::size_t mask = keys.size() - 1;
    for (std::size_t s = 0; s < keys_.size(); ++s) {
      if (keys_[s] == 0) continue;
      std::size_t t = slot_of(keys_[s], mask);
      while (keys[t] != 0) t = (t + 1) & mask;
      keys[t] = keys_[s];
      values[t] = values_[s];
    }
    keys_.swap(keys);
    values_.swap(values);
  }
  const std::uint64_t key = hash_key(node, cp);
  const std::size_t mask = keys_.size() - 1;
  std::size_t s = slot_of(key, mask);
  while (keys_[s] != 0) s = (s + 1) & mask;
  keys_[s] = key;
  values_[s] = id;
  ++used_;
  return id;
}

void JiebaSegmenter::insert(std::u32string_view word, std::int64_t freq) {
  std::int32_t node = 0;
  for (const char32_t cp : word) {
    const std::int32_t next = child(node, cp);
    node = next >= 0 ? next : add_child(node, cp);
  }
  freq_[static_cast<std::size_t>(node)] = freq;
  log_freq_[static_cast<std::size_t>(node)] = freq > 0 ? std::log(static_cast<double>(freq)) : 0.0;
  total_ += freq;
  log_total_ = std::log(static_cast<double>(total_));
}

std::int64_t JiebaSegmenter::frequency(std::u32string_view word) const {
  std::int32_t node = 0;
  for (const char32_t cp : word) {
    node = child(node, cp);
    if (node < 0) return -1;
  }
  return freq_[static_cast<std::size_t>(node)];
}

void JiebaSegmenter::read_dict(const std::filesystem::path& path) {
  const std::string text = read_text_file(path, "the jieba dictionary");
  std::size_t line_no = 0, pos = 0;
  std::u32string word;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view raw(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    const std::string_view line = strip(raw);
    if (line.empty()) continue;
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos)
      throw FormatError(fmt::format("{}: line {}: expected 'word frequency [tag]', got '{}'", path.string(), line_no, line));
    const std::string_view w = line.substr(0, sp);
    std::string_view rest = line.substr(sp + 1);
    const std::string_view f = rest.substr(0, rest.find(' '));
    const std::int64_t freq = parse_freq(f, path, line_no);
    word = decode_utf8(w);
    if (word.find(kInvalid) != std::u32string::npos)
      throw FormatError(fmt::format("{}: line {}: the word is not valid UTF-8", path.string(), line_no));
    insert(word, freq);
  }
  if (total_ <= 0) throw FormatError(fmt::format("{}: the dictionary has no word with a frequency above 0", path.string()));
}

void JiebaSegmenter::read_hmm(const std::filesystem::path& dir) {
  for (auto& row : trans_) row.fill(kMinFloat);
  start_.fill(kMinFloat);
  emit_.assign(0x10000, {kMinFloat, kMinFloat, kMinFloat, kMinFloat});
  {
    const auto path = dir / "prob_start.py";
    PyLiteral lit(read_text_file(path, "jieba's HMM start table"), path.string());
    lit.dict([&](const std::u32string& key, bool) { start_[static_cast<std::size_t>(state_index(key, lit))] = lit.number(); });
  }
  {
    const auto path = dir / "prob_trans.py";
    PyLiteral lit(read_text_file(path, "jieba's HMM transition table"), path.string());
    lit.dict([&](const std::u32string& from, bool is_dict) {
      if (!is_dict) lit.fail("expected a dict of transitions");
      auto& row = trans_[static_cast<std::size_t>(state_index(from, lit))];
      lit.dict([&](const std::u32string& to, bool) { row[static_cast<std::size_t>(state_index(to, lit))] = lit.number(); });
    });
  }
  {
    const auto path = dir / "prob_emit.py";
    PyLiteral lit(read_text_file(path, "jieba's HMM emission table"), path.string());
    std::size_t entries = 0;
    lit.dict([&](const std::u32string& state, bool is_dict) {
      if (!is_dict) lit.fail("expected a dict of emissions");
      const auto s = static_cast<std::size_t>(state_index(state, lit));
      lit.dict([&](const std::u32string& ch, bool) {
        const double p = lit.number();
        if (ch.size() != 1) lit.fail("expected one character");
        if (ch[0] < 0x10000) emit_[ch[0]][s] = p;
        ++entries;
      });
    });
    if (entries == 0) throw FormatError(fmt::format("{}: no emission probabilities", path.string()));
  }
}

double JiebaSegmenter::emit(int state, char32_t cp) const {
  return cp < 0x10000 ? emit_[cp][static_cast<std::size_t>(state)] : kMinFloat;
}

void JiebaSegmenter::add_word(const std::u32string& word, std::int64_t freq) {
  if (word.empty()) return;
  if (freq < 0) {  // suggest_freq(word, tune=False)
    const double ftotal = static_cast<double>(total_);
    double f = 1.0;
    std::vector<Span> segs;
    cut(word, false, segs);
    for (const Span& sp : segs) {
      const std::int64_t sf = frequency(std::u32string_view(word).substr(sp.begin, sp.end - sp.begin));
      f *= static_cast<double>(sf > 0 ? sf : 1) / ftotal;
    }
    const std::int64_t own = frequency(word);
    freq = std::max<std::int64_t>(static_cast<std::int64_t>(f * static_cast<double>(total_)) + 1, own > 0 ? own : 1);
  }
  insert(word, freq);
  if (freq == 0) force_split_.insert(word);
}

void JiebaSegmenter::load_user_dict(const std::filesystem::path& path) {
  const std::string text = read_text_file(path, "the user dictionary");
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    line = strip(line);
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.remove_prefix(3);
    if (line.empty()) continue;
    if (!valid_utf8(line))
      throw FormatError(fmt::format("{}: line {}: the user dictionary must be UTF-8", path.string(), line_no));
    // jieba's re_userdict ^(.+?)( [0-9]+)?( [a-z]+)?$: the shortest word whose rest is [ freq][ tag].
    std::string_view word = line, freq;
    for (std::size_t k = 1; k <= line.size(); ++k) {
      if (k < line.size() && (static_cast<unsigned char>(line[k]) & 0xC0) == 0x80) continue;  // inside a character
      std::string_view rest = line.substr(k), f;
      if (rest.size() > 1 && rest[0] == ' ' && ascii_digit(static_cast<unsigned char>(rest[1]))) {
        std::size_t e = 1;
        while (e < rest.size() && ascii_digit(static_cast<unsigned char>(rest[e]))) ++e;
        f = rest.substr(1, e - 1);
        rest.remove_prefix(e);
      }
      if (!rest.empty()) {
        bool tag = rest.size() > 1 && rest[0] == ' ';
        for (std::size_t e = 1; tag && e < rest.size(); ++e) tag = rest[e] >= 'a' && rest[e] <= 'z';
        if (!tag) continue;
      }
      word = line.substr(0, k);
      freq = f;
      break;
    }
    add_word(decode_utf8(word), freq.empty() ? -1 : parse_freq(freq, path, line_no));
  }
}

void JiebaSegmenter::cut(const std::u32string& text, bool hmm, std::vector<Span>& out) const {
  const auto n = static_cast<std::uint32_t>(text.size());
  std::uint32_t i = 0;
  while (i < n) {
    std::uint32_t j = i;
    if (in_block(text[i])) {
      while (j < n && in_block(text[j])) ++j;
      cut_block(text.data() + i, j - i, i, hmm, out);
    } else {
      // re_skip_default (\r\n|\s) splits; with cut_all=False every other character is its own token.
      while (j < n && !in_block(text[j])) ++j;
      for (std::uint32_t k = i; k < j; ++k) {
        if (text[k] == U'\r' && k + 1 < j && text[k + 1] == U'\n') {
          out.push_back({k, k + 2});
          ++k;
        } else {
          out.push_back({k, k + 1});
        }
      }
    }
    i = j;
  }
}

void JiebaSegmenter::cut_block(const char32_t* s, std::uint32_t n, std::uint32_t offset, bool hmm,
                               std::vector<Span>& out) const {
  thread_local std::vector<std::uint32_t> dag_begin, dag_ends;
  thread_local std::vector<double> dag_log_freq;
  thread_local std::vector<double> prob;
  thread_local std::vector<std::uint32_t> next;
  // The DAG: for each start k, the ends x (inclusive) of dictionary words s[k..x] with their log
  // frequencies; [k] with log(1) when none (a character unknown or only a prefix).
  dag_begin.resize(n + 1);
  dag_ends.clear();
  dag_log_freq.clear();
  for (std::uint32_t k = 0; k < n; ++k) {
    dag_begin[k] = static_cast<std::uint32_t>(dag_ends.size());
    std::int32_t node = 0;
    for (std::uint32_t i = k; i < n; ++i) {
      node = child(node, s[i]);
      if (node < 0) break;
      if (freq_[static_cast<std::size_t>(node)] > 0) {
        dag_ends.push_back(i);
        dag_log_freq.push_back(log_freq_[static_cast<std::size_t>(node)]);
      }
    }
    if (dag_ends.size() == dag_begin[k]) {
      dag_ends.push_back(k);
      dag_log_freq.push_back(0.0);
    }
  }
  dag_begin[n] = static_cast<std::uint32_t>(dag_ends.size());
  // calc: route[idx] = max over x of (log(FREQ[s[idx..x]] or 1) - log(total) + route[x+1]); ties go
  // to the larger x, as Python's max over (prob, x) tuples.
  prob.resize(n + 1);
  next.resize(n + 1);
  prob[n] = 0.0;
  next[n] = 0;
  for (std::uint32_t idx = n; idx-- > 0;) {
    double best = 0.0;
    std::uint32_t best_x = 0;
    bool first = true;
    for (std::uint32_t d = dag_begin[idx]; d < dag_begin[idx + 1]; ++d) {
      const std::uint32_t x = dag_ends[d];
      const double p = (dag_log_freq[d] - log_total_) + prob[x + 1];
      if (first || p > best || (p == best && x > best_x)) {
        best = p;
        best_x = x;
        first = false;
      }
    }
    prob[idx] = best;
    next[idx] = best_x;
  }
  auto push = [&](std::uint32_t b, std::uint32_t e) { out.push_back({offset + b, offset + e}); };
  std::uint32_t x = 0;
  if (!hmm) {  // __cut_DAG_NO_HMM: runs of single ASCII letters/digits join
    std::uint32_t buf = UINT32_MAX;
    while (x < n) {
      const std::uint32_t y = next[x] + 1;
      if (y - x == 1 && ascii_alnum(s[x])) {
        if (buf == UINT32_MAX) buf = x;
      } else {
        if (buf != UINT32_MAX) push(buf, x);
        buf = UINT32_MAX;
        push(x, y);
      }
      x = y;
    }
    if (buf != UINT32_MAX) push(buf, n);
    return;
  }
  // __cut_DAG: runs of single characters go to the HMM unless the run is itself a dictionary word.
  auto flush = [&](std::uint32_t b, std::uint32_t e) {
    if (e - b == 1) {
      push(b, e);
    } else if (frequency(std::u32string_view(s + b, e - b)) <= 0) {
      cut_unknown(s + b, e - b, offset + b, out);
    } else {
      for (std::uint32_t k = b; k < e; ++k) push(k, k + 1);
    }
  };
  std::uint32_t buf = UINT32_MAX;
  while (x < n) {
    const std::uint32_t y = next[x] + 1;
    if (y - x == 1) {
      if (buf == UINT32_MAX) buf = x;
    } else {
      if (buf != UINT32_MAX) flush(buf, x);
      buf = UINT32_MAX;
      push(x, y);
    }
    x = y;
  }
  if (buf != UINT32_MAX) flush(buf, n);
}

// finalseg.cut: Han runs through the HMM; the rest split by ([a-zA-Z0-9]+(?:\.\d+)?%?).
void JiebaSegmenter::cut_unknown(const char32_t* s, std::uint32_t n, std::uint32_t offset, std::vector<Span>& out) const {
  std::uint32_t i = 0;
  while (i < n) {
    std::uint32_t j = i;
    if (is_jieba_han(s[i])) {
      while (j < n && is_jieba_han(s[j])) ++j;
      viterbi(s + i, j - i, offset + i, out);
      i = j;
      continue;
    }
    while (j < n && !is_jieba_han(s[j])) ++j;
    // re_skip.split over s[i..j): matches and the non-empty pieces between them.
    std::uint32_t piece = i, k = i;
    while (k < j) {
      if (!ascii_alnum(s[k])) {
        ++k;
        continue;
      }
      std::uint32_t e = k;
      while (e < j && ascii_alnum(s[e])) ++e;
      if (e + 1 < j && s[e] == U'.' && ascii_digit(s[e + 1])) {
        e += 1;
        while (e < j && ascii_digit(s[e])) ++e;
      }
      if (e < j && s[e] == U'%') ++e;
      if (k > piece) out.push_back({offset + piece, offset + k});
      out.push_back({offset + k, offset + e});
      piece = k = e;
    }
    if (j > piece) out.push_back({offset + piece, offset + j});
    i = j;
  }
}

void JiebaSegmenter::viterbi(const char32_t* s, std::uint32_t n, std::uint32_t offset, std::vector<Span>& out) const {
  thread_local std::vector<std::array<double, 4>> v;
  thread_local std::vector<std::array<std::uint8_t, 4>> from;
  static constexpr int kPrev[4][2] = {{E, S}, {B, M}, {M, B}, {S, E}};  // B: ES, E: BM, M: MB, S: SE
  v.resize(n);
  from.resize(n);
  for (int y = 0; y < 4; ++y) v[0][static_cast<std::size_t>(y)] = start_[static_cast<std::size_t>(y)] + emit(y, s[0]);
  for (std::uint32_t t = 1; t < n; ++t) {
    for (int y = 0; y < 4; ++y) {
      const double em = emit(y, s[t]);
      double best = 0.0;
      int best_y0 = -1;
      for (const int y0 : kPrev[y]) {
        const double p = v[t - 1][static_cast<std::size_t>(y0)] + trans_[static_cast<std::size_t>(y0)][static_cast<std::size_t>(y)] + em;
        if (best_y0 < 0 || p > best || (p == best && y0 > best_y0)) {
          best = p;
          best_y0 = y0;
        }
      }
      v[t][static_cast<std::size_t>(y)] = best;
      from[t][static_cast<std::size_t>(y)] = static_cast<std::uint8_t>(best_y0);
    }
  }
  int state = v[n - 1][S] >= v[n - 1][E] ? S : E;  // max over (prob, y) for y in 'ES'
  thread_local std::vector<std::uint8_t> path;
  path.resize(n);
  for (std::uint32_t t = n; t-- > 0;) {
    path[t] = static_cast<std::uint8_t>(state);
    if (t > 0) state = from[t][static_cast<std::size_t>(state)];
  }
  std::uint32_t begin = 0, nexti = 0;
  auto push = [&](std::uint32_t b, std::uint32_t e) {
    if (!force_split_.empty() && force_split_.count(std::u32string(s + b, s + e))) {
      for (std::uint32_t k = b; k < e; ++k) out.push_back({offset + k, offset + k + 1});
    } else {
      out.push_back({offset + b, offset + e});
    }
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    const int pos = path[i];
    if (pos == B) {
      begin = i;
    } else if (pos == E) {
      push(begin, i + 1);
      nexti = i + 1;
    } else if (pos == S) {
      push(i, i + 1);
      nexti = i + 1;
    }
  }
  if (nexti < n) push(nexti, n);
}

}  // namespace wordvec::text
