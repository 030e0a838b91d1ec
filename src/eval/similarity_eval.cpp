#include "wordvec/eval/similarity_eval.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/eval/correlation.hpp"
#include "eval/text_lines.hpp"
#include "eval/word_lookup.hpp"

namespace wordvec {

namespace {

bool parse_number(std::string_view text, double& out) {
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(out);
}

enum class Separator { Tab, Comma, Space };

std::vector<std::string_view> split(std::string_view line, Separator sep) {
  switch (sep) {
    case Separator::Tab:
      return split_on(line, '\t');
    case Separator::Comma:
      return split_on(line, ',');
    default:
      return split_fields(line);
  }
}

}  // namespace

WordPairSet parse_word_pairs(std::string_view text, const std::string& source) {
  WordPairSet set;
  set.source = source;
  bool first = true;
  Separator sep = Separator::Space;
  std::size_t score_col = 2, min_fields = 3, max_fields = 3;
  for_each_line(text, [&](std::string_view line, std::size_t line_no) {
    const auto content = trim(line);
    if (content.empty() || content.front() == '#') return;
    if (first) {
      sep = content.find('\t') != std::string_view::npos ? Separator::Tab
            : content.find(',') != std::string_view::npos ? Separator::Comma
                                                           : Separator::Space;
    }
    auto fields = split(content, sep);
    while (!fields.empty() && fields.back().empty()) fields.pop_back();  // trailing separators
    double gold = 0;
    if (first) {
      first = false;
      if (fields.size() >= 4 && fields[3] == "SimLex999") {  // the original SimLex-999 file
        score_col = 3;
        min_fields = 4;
        max_fields = fields.size();
        return;
      }
      if (fields.size() == 3 && !parse_number(fields[2], gold)) return;  // a column header
    }
    if (fields.size() < min_fields || fields.size() > max_fields)
      throw FormatError(fmt::format("{}: line {}: expected {} fields (word word score), got {}", source, line_no,
                                    min_fields, fields.size()));
    if (!parse_number(fields[score_col], gold))
      throw FormatError(fmt::format("{}: line {}: expected a number as the score, got '{}'", source, line_no,
                                    fields[score_col]));
    if (fields[0].empty() || fields[1].empty())
      throw FormatError(fmt::format("{}: line {}: expected two words, got an empty field", source, line_no));
    set.pairs.push_back(WordPair{std::string(fields[0]), std::string(fields[1]), gold, line_no});
  });
  if (set.pairs.empty()) throw FormatError(fmt::format("{}: no word pairs found", source));
  return set;
}

WordPairSet read_word_pairs(const std::filesystem::path& path, const NoticeCallback& notice) {
  MappedFile file(path);
  return parse_word_pairs(skip_bom(file.bytes(), file.path(), notice), file.path());
}

SimilarityResult evaluate_word_pairs(const SimilarityIndex& index, const WordPairSet& set, const SimilarityOptions& options) {
  const WordLookup lookup(index.vocab(), options.restrict, options.case_insensitive);
  SimilarityResult result;
  result.source = set.source;
  result.pairs = set.pairs.size();
  std::vector<double> gold, model;
  const bool subword = options.oov_subword && index.has_subwords();
  // The unit vector of a test word: its row, its subword vector when allowed, else none (empty).
  auto vector_of = [&](const std::string& w, std::int32_t row) -> Eigen::VectorXf {
    if (row >= 0) return index.unit_row(row);
    if (!subword) return {};
    try {
      return index.unit_vector(w);
    } catch (const UnknownWordError&) {
      return {};  // no n-gram of the word has a row
    }
  };
  for (const auto& p : set.pairs) {
    const auto a = lookup.find(p.a), b = lookup.find(p.b);
    Eigen::VectorXf va, vb;
    if (subword || (a >= 0 && b >= 0)) {
      va = vector_of(p.a, a);
      vb = vector_of(p.b, b);
    }
    const bool known = va.size() != 0 && vb.size() != 0;
    if (!known && !options.dummy4unknown) continue;
    result.used += known;
    gold.push_back(p.gold);
    model.push_back(known ? static_cast<double>(va.dot(vb)) : 0.0);
  }
  result.spearman = spearman(gold, model);
  result.pearson = pearson(gold, model);
  return result;
}

void normalize_words(WordPairSet& set, const Tokenizer& tokenizer) {
  if (tokenizer.is_whitespace()) return;
  for (auto& p : set.pairs) {
    p.a = tokenizer.normalize(p.a);
    p.b = tokenizer.normalize(p.b);
  }
}

}  // namespace wordvec
