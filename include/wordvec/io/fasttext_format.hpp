#pragma once
// Facebook fastText's model file (.bin, version 12; version 11 is read too): args, dictionary with
// its pruning index, input matrix (word rows then n-gram rows), output matrix.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/train/supervised_model.hpp"

namespace wordvec {

/// The magic number a fastText .bin starts with.
inline constexpr std::int32_t kFastTextMagic = 793712314;
/// The version we write.
inline constexpr std::int32_t kFastTextVersion = 12;

/// fastText's own settings as stored in a .bin file (Args::save). They are the file format's, not
/// the vectors': the readers record them in the metadata (fasttext_metadata) and the writers take
/// them back from it (fasttext_args), so a model read from a .bin is written back unchanged and a
/// model we trained records the options it was trained with.
struct FastTextArgs {
  std::int32_t dim = 100, ws = 5, epoch = 5, min_count = 5, neg = 5, word_ngrams = 1;
  std::int32_t loss = 2;   ///< 1 hs, 2 ns, 3 softmax, 4 ova
  std::int32_t model = 2;  ///< 1 cbow, 2 skipgram, 3 supervised
  std::int32_t bucket = 2000000, minn = 3, maxn = 6, lr_update_rate = 100;
  double t = 1e-4;
};

/// The args a .bin written from vectors with this metadata records: "model" (cbow, skipgram or
/// supervised), "window", "epochs", "min_count", "negative", "loss" (hs, ns, softmax or ova),
/// "sample", "word_ngrams" and "lr_update_rate", each fastText's default when absent (dim, minn,
/// maxn and bucket come from the matrices and the n-gram scheme). Throws FormatError naming a
/// key whose value is not a number.
FastTextArgs fasttext_args(const Metadata& metadata, const std::string& source);
/// Records `args` in `metadata` under the keys fasttext_args reads (and dim, minn, maxn, bucket).
void fasttext_metadata(const FastTextArgs& args, Metadata& metadata);

/// Reads a fastText .bin: word vectors (mean of each word's own and n-gram rows) plus the subword
/// model, so unseen words get vectors. Quantised models (.ftz) and other versions get a FormatError;
/// every size field is checked against the bytes left before anything is allocated.
Embeddings read_fasttext_bin(const std::filesystem::path& path);
/// Parses .bin bytes; `source` names them in messages.
Embeddings parse_fasttext_bin(std::string_view bytes, const std::string& source);
/// Writes `emb` as a fastText .bin (version 12) that fastText and gensim load; needs emb.subwords()
/// (a model trained with subwords or read from a .bin), else throws FormatError. Atomic.
void write_fasttext_bin(const Embeddings& emb, const std::filesystem::path& path);
/// Writes the same bytes to a sink; `name` is used in messages.
void write_fasttext_bin(const Embeddings& emb, ByteSink& out, const std::string& name = "fasttext-bin");

/// Reads a fastText supervised model (`fasttext supervised` or `wordvec train --model supervised`):
/// the dictionary with its labels and both matrices. FormatError for an unsupervised model, a
/// quantised one (.ftz) or matrices that do not fit the dictionary.
SupervisedModel read_fasttext_supervised(const std::filesystem::path& path);
/// Parses .bin bytes; `source` names them in messages.
SupervisedModel parse_fasttext_supervised(std::string_view bytes, const std::string& source);
/// Writes a classifier as a fastText .bin (version 12) that `fasttext predict` and `fasttext test` read. Atomic.
void write_fasttext_supervised(const SupervisedModel& model, const std::filesystem::path& path);
/// Writes the same bytes to a sink; `name` is used in messages.
void write_fasttext_supervised(const SupervisedModel& model, ByteSink& out, const std::string& name);

/// True when the bytes start with fastText's magic number.
bool looks_like_fasttext_bin(std::string_view head);

}  // namespace wordvec
