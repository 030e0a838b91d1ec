#pragma once
// NumPy: the matrix as a .npy file (float32, or float16 on request) plus the words in a vocabulary
// file beside it, "<name>.vocab": one word per line, or "word<TAB>count" when counts are known.
//   m = numpy.load("v.npy"); words = open("v.vocab", encoding="utf-8").read().splitlines()
#include <filesystem>
#include <string>
#include <string_view>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/native_format.hpp"

namespace wordvec {

/// The vocabulary file that goes with a .npy file: the same path with extension ".vocab".
std::filesystem::path npy_vocab_path(const std::filesystem::path& npy);
/// Reads "<name>.npy" (float32, float16 or float64; C or Fortran order) and its vocabulary file.
Embeddings read_npy(const std::filesystem::path& path);
/// Parses .npy bytes and vocabulary-file bytes; the names are for messages.
Embeddings parse_npy(std::string_view npy, const std::string& npy_source, std::string_view vocab,
                     const std::string& vocab_source);
/// Writes the matrix as a NumPy 1.0 file and the vocabulary beside it, both atomically.
void write_npy(const Embeddings& emb, const std::filesystem::path& path, Dtype dtype = Dtype::Float32);
/// Writes the .npy bytes and the vocabulary lines to two sinks.
void write_npy(const Embeddings& emb, ByteSink& npy, ByteSink& vocab, Dtype dtype = Dtype::Float32);

/// True when the bytes start with the NumPy magic string.
bool looks_like_npy(std::string_view head);

/// Parses a vocabulary file (one word per line, or word<TAB>count) expecting `rows` words.
Vocab parse_vocab_lines(std::string_view bytes, const std::string& source, std::size_t rows);
/// The vocabulary as lines: "word\n", or "word\tcount\n" for every word when any count is known.
std::string vocab_lines(const Vocab& vocab, std::string_view format);

}  // namespace wordvec
