#pragma once
// word2vec's own files: binary (word2vec.c -binary 1) and text (-binary 0), header "count dim";
// the same whitespace-separated text without a header is GloVe's layout, with it fastText's .vec.
#include <filesystem>
#include <functional>
#include <string_view>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// Called now and then by the parsers with the number of bytes already consumed.
using ConsumedCallback = std::function<void(std::size_t consumed)>;

/// Reads a word2vec binary file; throws FormatError with the byte offset of what is wrong, Cancelled once
/// `cancel` is set.
Embeddings read_word2vec_binary(const std::filesystem::path& path, const CancellationToken& cancel = {});
/// Parses word2vec binary bytes; `source` names them in messages.
Embeddings parse_word2vec_binary(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed = {},
                                 const CancellationToken& cancel = {});
/// Writes "count dim\n" then per word "word " + dim little-endian float32 + "\n", atomically.
void write_word2vec_binary(const Embeddings& emb, const std::filesystem::path& path);
/// Writes the same bytes to a sink (standard output, a file of a group).
void write_word2vec_binary(const Embeddings& emb, ByteSink& out);

/// Reads whitespace-separated text vectors, with a "count dim" header (word2vec, fastText .vec)
/// or without one (GloVe); throws FormatError with the line number of what is wrong.
/// Cancelled once `cancel` is set.
Embeddings read_word2vec_text(const std::filesystem::path& path, const CancellationToken& cancel = {});
/// Parses text vectors from memory straight into the final matrix; `source` names them in messages.
Embeddings parse_word2vec_text(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed = {},
                               const CancellationToken& cancel = {});
/// Writes "count dim\n" then per word "word v1 v2 ... vd\n", each value the shortest decimal
/// that reads back exactly (so text round trips are bit-exact); atomically.
void write_word2vec_text(const Embeddings& emb, const std::filesystem::path& path);
/// Writes the same text to a sink.
void write_word2vec_text(const Embeddings& emb, ByteSink& out);

/// Writes GloVe's text layout: no header, per word "word v1 v2 ... vd\n" (shortest decimals); atomically.
void write_glove_text(const Embeddings& emb, const std::filesystem::path& path);
/// Writes the same text to a sink.
void write_glove_text(const Embeddings& emb, ByteSink& out);

/// True when the bytes start like a word2vec binary file (a "count dim" header followed by raw floats).
bool looks_like_word2vec_binary(std::string_view head);
/// True when the first non-blank line is "count dim" (word2vec / fastText text rather than GloVe).
bool has_word2vec_text_header(std::string_view head);

/// Throws FormatError when `word` cannot be stored in a whitespace-separated format.
void require_plain_word(std::string_view word, std::string_view format);

}  // namespace wordvec
