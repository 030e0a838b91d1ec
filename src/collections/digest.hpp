#pragma once
// Content digests a collection records: MD5 of each document (llm's content_hash) and SHA-256 of the model file.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace wordvec {

/// The 16-byte MD5 digest of `data` (RFC 1321), as llm stores it in embeddings.content_hash.
std::array<std::uint8_t, 16> md5(std::string_view data);

/// The SHA-256 digest (FIPS 180-4) of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// The SHA-256 of a file's bytes as 64 lower-case hex digits; throws IoError naming the file.
std::string sha256_file(const std::filesystem::path& path);

/// `bytes` as lower-case hex digits.
std::string to_hex(const std::uint8_t* bytes, std::size_t size);

}  // namespace wordvec
