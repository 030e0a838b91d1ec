#pragma once
// Starting a run from trained parameters: pretrained vectors (--init-from) or a full model file
// continued on a new corpus with its vocabulary updated (--continue).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/checkpoint_file.hpp"
#include "wordvec/train/train_state.hpp"
#include "wordvec/train/word2vec_options.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// A model's vocabulary updated with a new corpus's counts.
struct MergedVocab {
  Vocab vocab;                     ///< the model's words and the new ones, counts summed, most frequent first
  std::uint64_t new_words = 0;     ///< words the model did not have
  std::uint64_t corpus_words = 0;  ///< tokens of the new corpus whose word is in `vocab`
};

/// Every word of `model` (kept whatever its count in the new corpus) plus the words of `corpus`
/// (the new corpus counted with min_count 1) seen at least `min_count` times there; counts are
/// summed. Sorted by the summed count; ties keep the model's order, then the corpus's.
MergedVocab merge_vocab(const Vocab& model, const Vocab& corpus, std::uint64_t min_count);

/// Throws OptionError unless `options` (and the tokenizer in `tokenizer_meta`) train the same kind
/// of model as the full model file `path` with metadata `meta`: architecture, dimension, negative
/// sampling (hierarchical softmax cannot continue: its tree changes with the vocabulary), n-grams.
void require_continuable(const std::filesystem::path& path, const std::map<std::string, std::string>& meta,
                         const Word2VecOptions& options, const std::map<std::string, std::string>& tokenizer_meta);

/// The rows of `model` for the words of `vocab` it has (input and output rows), and its n-gram rows.
WarmStart warm_from_model(const CheckpointFile& model, const Vocab& vocab, const Word2VecOptions& options);

/// Input rows from pretrained vectors for the words of `vocab` they hold; a fastText model with the
/// same n-gram scheme also gives its raw word rows and its n-gram rows. `found` receives how many
/// words were found. Throws OptionError when the dimensions differ.
WarmStart warm_from_vectors(const std::filesystem::path& path, const Embeddings& pretrained, const Vocab& vocab,
                            const Word2VecOptions& options, std::size_t* found = nullptr);

}  // namespace wordvec
