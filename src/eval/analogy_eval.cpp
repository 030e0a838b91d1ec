#include "wordvec/eval/analogy_eval.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "eval/text_lines.hpp"
#include "eval/word_lookup.hpp"
#include "query/cosmul.hpp"

namespace wordvec {

namespace {

// The five best (score, row) so far, best first; rows arrive in increasing order, so a tie keeps the lower row.
struct Best5 {
  static constexpr int kSize = 5;
  float score[kSize];
  std::int32_t row[kSize];
  int n = 0;
  float threshold() const { return n < kSize ? -std::numeric_limits<float>::infinity() : score[kSize - 1]; }
  void push(float s, std::int32_t r) {
    int i = n < kSize ? n++ : kSize - 1;
    while (i > 0 && score[i - 1] < s) {
      score[i] = score[i - 1];
      row[i] = row[i - 1];
      --i;
    }
    score[i] = s;
    row[i] = r;
  }
};

// One answerable question: its four rows and the matrix rows of A, B, C's similarities.
struct Item {
  std::array<std::int32_t, 4> row;
  std::array<std::int32_t, 3> col;
  std::size_t section;
  std::size_t outcome;  // index into AnalogyResult::outcomes
};

// gensim's rule: the first of the five best whose word is no case variant of A, B, C; if all are, the last one.
bool is_correct(const Best5& best, const Item& item, const WordLookup& lookup) {
  if (best.n == 0) return false;
  std::int32_t predicted = -1;
  for (int k = 0; k < best.n; ++k) {
    predicted = lookup.canonical(best.row[k]);
    if (predicted != item.row[0] && predicted != item.row[1] && predicted != item.row[2]) break;
  }
  return predicted == item.row[3];
}

// Rows of candidates scored per block: the block's similarity matrix is distinct-words x kBlockRows floats.
constexpr Eigen::Index kBlockRows = 8192;

}  // namespace

std::size_t AnalogySet::size() const {
  std::size_t n = 0;
  for (const auto& s : sections) n += s.questions.size();
  return n;
}

void AnalogyOptions::validate() const {
  if (!add && !mul) throw OptionError("analogy evaluation: choose at least one method (3CosAdd or 3CosMul)");
}

AnalogyScore& AnalogyScore::operator+=(const AnalogyScore& o) {
  questions += o.questions;
  answered += o.answered;
  correct_add += o.correct_add;
  correct_mul += o.correct_mul;
  return *this;
}

AnalogySet parse_analogies(std::string_view text, const std::string& source) {
  AnalogySet set;
  set.source = source;
  for_each_line(text, [&](std::string_view line, std::size_t line_no) {
    const auto fields = split_fields(line);
    if (fields.empty()) return;
    if (line.rfind(": ", 0) == 0 || trim(line) == ":") {  // gensim: line.startswith(': ')
      // gensim: line.lstrip(': ').strip()
      const auto start = line.find_first_not_of(": ");
      const auto name = start == std::string_view::npos ? std::string_view{} : trim(line.substr(start));
      set.sections.push_back(AnalogySection{std::string(name), {}});
      return;
    }
    if (set.sections.empty())
      throw FormatError(fmt::format("{}: line {}: expected a section header ': name' before the first question", source, line_no));
    if (fields.size() != 4)
      throw FormatError(fmt::format("{}: line {}: expected 4 words, got {}", source, line_no, fields.size()));
    AnalogyQuestion q;
    for (std::size_t k = 0; k < 4; ++k) q.words[k] = std::string(fields[k]);
    q.line = line_no;
    set.sections.back().questions.push_back(std::move(q));
  });
  if (set.sections.empty()) throw FormatError(fmt::format("{}: no analogy sections found", source));
  return set;
}

AnalogySet read_analogies(const std::filesystem::path& path, const NoticeCallback& notice) {
  MappedFile file(path);
  return parse_analogies(skip_bom(file.bytes(), file.path(), notice), file.path());
}

AnalogyResult evaluate_analogies(const SimilarityIndex& index, const AnalogySet& set, const AnalogyOptions& options) {
  options.validate();
  const WordLookup lookup(index.vocab(), options.restrict, options.case_insensitive);
  AnalogyResult result;
  result.source = set.source;
  result.options = options;

  // Map the questions to rows; collect the distinct A, B, C rows.
  std::vector<Item> items;
  std::vector<std::int32_t> col_of(lookup.rows(), -1), distinct;
  // Unseen A, B, C of a subword model (oov_subword): their vectors, columns after the distinct rows.
  const bool subword = options.oov_subword && index.has_subwords();
  std::vector<Eigen::VectorXf> unseen;
  std::unordered_map<std::string, std::int32_t> unseen_col;  // word -> index in `unseen`, -1: no vector
  auto unseen_index = [&](const std::string& w) -> std::int32_t {
    auto [it, inserted] = unseen_col.emplace(w, -1);
    if (inserted) {
      try {
        unseen.push_back(index.unit_vector(w));
        it->second = static_cast<std::int32_t>(unseen.size() - 1);
      } catch (const UnknownWordError&) {
      }
    }
    return it->second;
  };
  for (std::size_t s = 0; s < set.sections.size(); ++s) {
    const auto& section = set.sections[s];
    result.sections.push_back(AnalogySectionScore{section.name, section.syntactic(), {}});
    auto& score = result.sections.back().score;
    for (std::size_t qi = 0; qi < section.questions.size(); ++qi) {
      const auto& q = section.questions[qi];
      ++score.questions;
      result.outcomes.push_back(AnalogyOutcome{s, qi, false, false, false});
      Item item{};
      item.section = s;
      item.outcome = result.outcomes.size() - 1;
      bool known = true;
      std::array<std::int32_t, 3> extra{-1, -1, -1};
      for (std::size_t k = 0; k < 4 && known; ++k) {
        known = (item.row[k] = lookup.find(q.words[k])) >= 0;
        if (!known && subword && k < 3) known = (extra[k] = unseen_index(q.words[k])) >= 0;
      }
      if (!known) continue;
      ++score.answered;
      result.outcomes.back().answered = true;
      for (std::size_t k = 0; k < 3; ++k) {
        if (item.row[k] < 0) {
          item.col[k] = -1 - extra[k];  // resolved below, once the number of distinct rows is known
          continue;
        }
        auto& col = col_of[static_cast<std::size_t>(item.row[k])];
        if (col < 0) {
          col = static_cast<std::int32_t>(distinct.size());
          distinct.push_back(item.row[k]);
        }
        item.col[k] = col;
      }
      items.push_back(item);
    }
  }

  const auto& stored = index.rows();
  Matrix words(static_cast<Eigen::Index>(distinct.size() + unseen.size()), stored.cols());
  for (std::size_t i = 0; i < distinct.size(); ++i) words.row(static_cast<Eigen::Index>(i)) = index.unit_row(distinct[i]).transpose();
  for (std::size_t i = 0; i < unseen.size(); ++i)
    words.row(static_cast<Eigen::Index>(distinct.size() + i)) = unseen[i].transpose();
  for (auto& item : items)
    for (auto& col : item.col)
      if (col < 0) col = static_cast<std::int32_t>(distinct.size()) + (-1 - col);
  std::vector<Best5> best_add(options.add ? items.size() : 0), best_mul(options.mul ? items.size() : 0);
  const auto rows = static_cast<Eigen::Index>(lookup.rows());
  Matrix sims;  // distinct words x block rows: cosines shared by every question
  for (Eigen::Index b = 0; b < rows && !items.empty(); b += kBlockRows) {
    options.cancel.throw_if_requested();
    const auto len = std::min(kBlockRows, rows - b);
    sims.noalias() = words * stored.middleRows(b, len).transpose();
    if (index.row_scale().size() != 0)  // raw rows: products become cosines
      sims.array().rowwise() *= index.row_scale().segment(b, len).transpose().array();
#pragma omp parallel
    {
      std::vector<float> scores(static_cast<std::size_t>(len));
#pragma omp for schedule(dynamic, 64)
      for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        const float* sa = sims.row(item.col[0]).data();
        const float* sb = sims.row(item.col[1]).data();
        const float* sc = sims.row(item.col[2]).data();
        for (int method = 0; method < 2; ++method) {
          if (method == 0 ? !options.add : !options.mul) continue;
          if (method == 0) {
            for (Eigen::Index r = 0; r < len; ++r) scores[r] = sb[r] - sa[r] + sc[r];
          } else {
            // As SimilarityIndex::most_similar_cosmul({B, C}, {A}) scores, in one pass.
            for (Eigen::Index r = 0; r < len; ++r)
              scores[r] = cosmul_score(cosmul_term(sb[r]) * cosmul_term(sc[r]), cosmul_term(sa[r]));
          }
          // A, B and C themselves are never answers.
          for (std::size_t k = 0; k < 3; ++k)
            if (item.row[k] >= b && item.row[k] < b + len) scores[item.row[k] - b] = -std::numeric_limits<float>::infinity();
          auto& best = method == 0 ? best_add[i] : best_mul[i];
          // Groups of 16 scores are tested at once (vectorised); most groups hold nothing better.
          float threshold = best.threshold();
          for (Eigen::Index g = 0; g < len; g += 16) {
            const auto end = std::min<Eigen::Index>(g + 16, len);
            bool any = false;
            for (auto r = g; r < end; ++r) any |= scores[r] > threshold;
            if (!any) continue;
            for (auto r = g; r < end; ++r)
              if (scores[r] > threshold) {
                best.push(scores[r], static_cast<std::int32_t>(b + r));
                threshold = best.threshold();
              }
          }
        }
      }
    }
  }

  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& score = result.sections[items[i].section].score;
    auto& outcome = result.outcomes[items[i].outcome];
    outcome.correct_add = options.add && is_correct(best_add[i], items[i], lookup);
    outcome.correct_mul = options.mul && is_correct(best_mul[i], items[i], lookup);
    score.correct_add += outcome.correct_add;
    score.correct_mul += outcome.correct_mul;
  }
  for (const auto& s : result.sections) {
    (s.syntactic ? result.syntactic : result.semantic) += s.score;
    result.total += s.score;
  }
  return result;
}

void normalize_words(AnalogySet& set, const Tokenizer& tokenizer) {
  if (tokenizer.is_whitespace()) return;
  for (auto& section : set.sections)
    for (auto& q : section.questions)
      for (auto& w : q.words) w = tokenizer.normalize(w);
}

}  // namespace wordvec
