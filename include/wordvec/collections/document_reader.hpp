#pragma once
// Documents to embed, read as llm embed-multi reads them: CSV, TSV, a JSON array, newline-delimited
// JSON (first column or "id" key = id, the other columns or keys = content), or files under a folder.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wordvec {

/// The input formats.
enum class DocumentFormat {
  Auto,    ///< from the extension (.csv .tsv .json .jsonl .ndjson), else from the first bytes
  Csv,     ///< RFC 4180, a header row
  Tsv,     ///< tab-separated, a header row, no quoting
  Json,    ///< an array of objects
  Ndjson,  ///< one object per line ("nl" in llm)
};

/// The format named `name` ("auto", "csv", "tsv", "json", "nl"/"ndjson"); throws OptionError.
DocumentFormat parse_document_format(const std::string& name);

/// How text bytes are decoded.
enum class TextEncoding {
  Auto,    ///< UTF-8, else Latin-1 (llm's rule for --files)
  Utf8,    ///< UTF-8 only: anything else is a bad document
  Latin1,  ///< ISO-8859-1
};

/// The encoding named `name` ("auto", "utf-8"/"utf8", "latin-1"/"latin1"/"iso-8859-1"); throws OptionError.
TextEncoding parse_text_encoding(const std::string& name);

/// How documents are read.
struct DocumentReadOptions {
  DocumentFormat format = DocumentFormat::Auto;  ///< of INPUT (not of --files)
  TextEncoding encoding = TextEncoding::Auto;    ///< of --files, and of INPUT (where Auto means UTF-8 only)
  std::string metadata_key;  ///< column or key whose value becomes the metadata (a JSON object, or {key: value})
  std::string prefix;        ///< prepended to every id
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// One document.
struct Document {
  std::string id;                       ///< with the prefix
  std::string content;                  ///< UTF-8
  std::optional<std::string> metadata;  ///< JSON object text
  std::string source;                   ///< file name, for messages
  std::size_t line = 0;                 ///< 1-based line where it starts (0 for --files)
};

/// A row that could not become a document: what, where.
struct DocumentProblem {
  std::string source;
  std::size_t line = 0;
  std::string what;
  /// "source: line N: what" (or "source: what" without a line).
  std::string message() const;
};

/// Receives each problem; throwing from it stops reading (--strict).
using ProblemFn = std::function<void(const DocumentProblem&)>;

/// Documents of a CSV/TSV/JSON/NDJSON file ("-" = standard input, named `source` in messages).
/// Rows with no id, no content, bad JSON or undecodable text go to `problem` and are left out.
/// Throws IoError when the file cannot be read, FormatError when no row could be read at all.
std::vector<Document> read_documents(const std::string& path, const DocumentReadOptions& options, const ProblemFn& problem);

/// Documents from the files under `dir` matching `glob` (fnmatch per path segment, "**" any number of
/// segments); id = path relative to `dir`; content = the file's text.
std::vector<Document> read_document_files(const std::filesystem::path& dir, const std::string& glob,
                                          const DocumentReadOptions& options, const ProblemFn& problem);

/// True when `path` (relative, '/'-separated) matches `glob` as read_document_files matches it.
bool glob_matches(const std::string& glob, const std::string& path);

/// Latin-1 bytes as UTF-8.
std::string latin1_to_utf8(std::string_view text);

}  // namespace wordvec
