#pragma once
// Facebook fastText's model file (.bin, version 12; version 11 is read too): args, dictionary with
// its pruning index, input matrix (word rows then n-gram rows), output matrix.
#include <filesystem>
#include <string>
#include <string_view>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// The magic number a fastText .bin starts with.
inline constexpr std::int32_t kFastTextMagic = 793712314;
/// The version we write.
inline constexpr std::int32_t kFastTextVersion = 12;

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

/// True when the bytes start with fastText's magic number.
bool looks_like_fasttext_bin(std::string_view head);

}  // namespace wordvec
