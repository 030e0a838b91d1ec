#pragma once
// The documents of a Doc2Vec corpus: one per line, named by a tag (see DocTags). Training reads
// the corpus in shards as word2vec does; this table tells which document each line is.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "wordvec/train/word2vec_options.hpp"

namespace wordvec {

class Corpus;
class Tokenizer;

/// Every document of a corpus: its tag, and where the lines with words start.
struct Documents {
  /// The distinct tags in order of first appearance; document vector i belongs to tags[i]. Lines
  /// with the same tag (first-token tags) share one vector, as in gensim.
  std::vector<std::string> tags;
  std::vector<std::uint64_t> starts;  ///< byte offset of each line that holds words, ascending
  std::vector<std::uint32_t> rows;    ///< the tag (index into tags) of each of those lines
  std::uint64_t end = 0;              ///< size of the corpus file
  /// First-token tags: how many lines each tag begins (a vocabulary counted on the corpus counted
  /// them as words, see exclude_tags in pipeline/train_jobs).
  std::unordered_map<std::string, std::uint64_t> tag_tokens;

  /// Moves the byte range [begin, end) of a shard to line starts of documents, so that no document
  /// is split between shards (the moved ranges of consecutive shards still cover every line once);
  /// `first` receives the index (into starts) of its first document.
  std::pair<std::uint64_t, std::uint64_t> align(std::uint64_t begin, std::uint64_t end, std::size_t& first) const;
};

/// Splits the first whitespace-separated field (a first-token tag) off `line`, which keeps the rest.
std::string_view take_tag(std::string_view& line);

/// Reads the lines of `corpus` once: a line is a document when it has a token (`tokenizer`, null:
/// whitespace; with DocTags::FirstToken, its tag, which may stand alone); other lines get no tag
/// and no vector. Line tags are the line numbers from 0, counting every line; first-token tags are the
/// first whitespace-separated field as it is.
/// Throws OptionError for first-token tags with another tokenizer than whitespace, DataError when no
/// line holds a tag.
Documents scan_documents(const Corpus& corpus, DocTags tags, const Tokenizer* tokenizer);

}  // namespace wordvec
