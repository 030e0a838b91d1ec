#include "wordvec/collections/document_reader.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wordvec/core/error.hpp"
#include "wordvec/core/json_string.hpp"
#include "wordvec/core/utf8.hpp"

namespace wordvec {

namespace {

using Json = nlohmann::ordered_json;  // keys in input order: content follows the columns

std::string read_all(const std::string& path) {
  if (path == "-") {
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) throw IoError("standard input: read error");
    return data;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open the input", path));
  // In blocks, not a character at a time: the file may be hundreds of megabytes.
  std::string data;
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(path, ec); !ec) data.reserve(size);  // no regrowing copies
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0) data.append(block, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw IoError(fmt::format("{}: read error", path));
  return data;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

DocumentFormat sniff(const std::string& path, const std::string& data) {
  const std::string ext = lower(std::filesystem::path(path).extension().string());
  if (ext == ".csv") return DocumentFormat::Csv;
  if (ext == ".tsv" || ext == ".tab") return DocumentFormat::Tsv;
  if (ext == ".json") return DocumentFormat::Json;
  if (ext == ".jsonl" || ext == ".ndjson") return DocumentFormat::Ndjson;
  const auto first = data.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (first != std::string::npos && data[first] == '[') return DocumentFormat::Json;
  if (first != std::string::npos && data[first] == '{') return DocumentFormat::Ndjson;
  const std::string head = data.substr(0, data.find('\n'));
  return head.find('\t') != std::string::npos && head.find(',') == std::string::npos ? DocumentFormat::Tsv
                                                                                      : DocumentFormat::Csv;
}

// A field's content text: a CSV/TSV cell as it is; a JSON string as it is, null as nothing, the rest as JSON.
const std::string& value_text(const std::string& cell) { return cell; }
std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

// The metadata a text gives: a JSON object as it is, any other text as {key: text}.
std::optional<std::string> metadata_of(const std::string& key, const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {  // only an object can be one
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_object()) return parsed.dump();
  }
  // {key: text} written directly (a JSON object per row costs more than the rest of the row); text that
  // is not UTF-8 goes the library's way, which reports it.
  if (invalid_utf8_offset(key) != std::string_view::npos || invalid_utf8_offset(text) != std::string_view::npos)
    return Json{{key, text}}.dump();
  std::string out;
  out.reserve(key.size() + text.size() + 8);
  out += '{';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, text);
  out += '}';
  return out;
}
// The metadata a JSON value gives: an object as it is, a string as above, null none, the rest {key: value}.
std::optional<std::string> metadata_of(const std::string& key, const Json& v) {
  if (v.is_string()) return metadata_of(key, v.get_ref<const std::string&>());
  if (v.is_null()) return std::nullopt;
  if (v.is_object()) return v.dump();
  return Json{{key, v}}.dump();
}

// Builds documents from rows of named fields, in one place for every format.
class Collector {
 public:
  Collector(const std::string& source, const DocumentReadOptions& o, const ProblemFn& p, std::vector<Document>& out)
      : source_(source), options_(o), problem_(p), out_(out) {}

  void problem(std::size_t line, std::string what) { problem_({source_, line, std::move(what)}); }

  // `values[i]` is the field named `names[i]` (in input order; CSV cells or JSON values); the id is
  // `id_key` when present, else the first field.
  // `values` is consumed: a CSV cell that is the whole content is moved, not copied.
  template <class Value>
  void row(std::size_t line, const std::vector<std::string>& names, std::vector<Value>& values, const std::string& id_key) {
    if (values.empty()) return problem(line, "an empty row (expected an id and content)");
    std::size_t id_at = 0;
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!id_key.empty() && names[i] == id_key) id_at = i;
    Document d;
    d.source = source_;
    d.line = line;
    const auto& id = value_text(values[id_at]);
    if (id.empty()) return problem(line, "no id (the first column, or the \"id\" key)");
    d.id = options_.prefix + id;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i == id_at) continue;
      if (!options_.metadata_key.empty() && names[i] == options_.metadata_key) {
        d.metadata = metadata_of(options_.metadata_key, values[i]);
        continue;
      }
      if constexpr (std::is_same_v<Value, std::string>) {
        if (d.content.empty()) {
          d.content = std::move(values[i]);
          continue;
        }
      }
      const auto& text = value_text(values[i]);
      if (text.empty()) continue;
      if (!d.content.empty()) d.content += ' ';
      d.content += text;
    }
    if (d.content.find_first_not_of(" \t\r\n") == std::string::npos)
      return problem(line, fmt::format("document '{}' has no content", d.id));
    if (options_.encoding != TextEncoding::Latin1 && invalid_utf8_offset(d.content) != std::string_view::npos)
      return problem(line, fmt::format("document '{}' is not valid UTF-8 (give --encoding latin-1 if it is Latin-1)", d.id));
    out_.push_back(std::move(d));
  }

 private:
  const std::string& source_;
  const DocumentReadOptions& options_;
  const ProblemFn& problem_;
  std::vector<Document>& out_;
};

// RFC 4180 records: quoted fields may hold separators, newlines and doubled quotes.
void read_delimited(const std::string& data, char sep, bool quoting, Collector& c) {
  std::vector<std::string> header;
  std::vector<std::string> fields;
  std::string field;
  std::size_t line = 1, record_line = 1;
  std::size_t i = 0;
  const std::size_t n = data.size();
  bool bad = false;
  auto end_record = [&]() {
    fields.push_back(std::move(field));
    field.clear();
    const bool blank = fields.size() == 1 && fields[0].empty();
    if (bad) {
      c.problem(record_line, "malformed CSV (a quote inside an unquoted field, or text after a closing quote)");
    } else if (!blank) {
      if (header.empty()) {
        header = fields;
      } else if (fields.size() > header.size()) {
        c.problem(record_line, fmt::format("{} fields, the header has {}", fields.size(), header.size()));
      } else {
        c.row(record_line, header, fields, "");
      }
    }
    fields.clear();
    bad = false;
    record_line = line;
  };
  if (n >= 3 && data.compare(0, 3, "\xef\xbb\xbf") == 0) i = 3;  // a UTF-8 byte-order mark
  while (i < n) {
    const char ch = data[i];
    if (quoting && ch == '"' && field.empty()) {
      // A quoted field: up to the closing quote ("" is a quote).
      std::size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        // Up to the next quote in one piece (the newlines in it counted).
        const auto* q = static_cast<const char*>(std::memchr(data.data() + j, '"', n - j));
        const std::size_t end = q ? static_cast<std::size_t>(q - data.data()) : n;
        line += static_cast<std::size_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(j),
                                                    data.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
        field.append(data, j, end - j);
        j = end;
        if (j == n) break;
        if (j + 1 < n && data[j + 1] == '"') {
          field += '"';
          j += 2;
          continue;
        }
        closed = true;
        ++j;
        break;
      }
      if (!closed) {
        c.problem(record_line, "malformed CSV (a quoted field is never closed)");
        return;
      }
      i = j;
      if (i < n && data[i] != sep && data[i] != '\n' && data[i] != '\r') bad = true;
      continue;
    }
    if (ch != sep && ch != '\n' && ch != '\r' && !(quoting && ch == '"')) {
      // A run of ordinary characters in one piece.
      std::size_t j = i + 1;
      while (j < n && data[j] != sep && data[j] != '\n' && data[j] != '\r' && !(quoting && data[j] == '"')) ++j;
      field.append(data, i, j - i);
      i = j;
      continue;
    }
    if (ch == sep) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n') {
      ++line;
      end_record();
    } else if (ch == '\r' && i + 1 < n && data[i + 1] == '\n') {
      // CRLF: the '\n' ends the record
    } else {
      if (quoting && ch == '"') bad = true;
      field += ch;
    }
    ++i;
  }
  if (!field.empty() || !fields.empty()) end_record();
  if (header.empty()) c.problem(1, "no header row");
}



void read_object(const std::string& text, std::size_t line, Collector& c) {
  Json v = Json::parse(text, nullptr, false);
  if (v.is_discarded()) return c.problem(line, "malformed JSON (expected an object)");
  if (!v.is_object()) return c.problem(line, fmt::format("expected a JSON object, got {}", v.type_name()));
  std::vector<std::string> names;
  std::vector<Json> values;
  for (auto it = v.begin(); it != v.end(); ++it) {
    names.push_back(it.key());
    values.push_back(it.value());
  }
  c.row(line, names, values, "id");
}

void read_ndjson(const std::string& data, Collector& c) {
  std::size_t line = 0, start = 0;
  while (start < data.size()) {
    std::size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    ++line;
    const std::string text = data.substr(start, end - start);
    if (text.find_first_not_of(" \t\r") != std::string::npos) read_object(text, line, c);
    start = end + 1;
  }
}

// A JSON array of objects: each element is parsed on its own, so one bad element is reported at its
// line and the others still count.
void read_json_array(const std::string& data, Collector& c) {
  std::size_t i = data.find('[');
  if (i == std::string::npos || data.find_first_not_of(" \t\r\n\xef\xbb\xbf") != i)
    return c.problem(1, "malformed JSON (expected an array of objects)");
  std::size_t line = 1 + static_cast<std::size_t>(std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
  int depth = 0;  // nesting inside the current element
  bool in_string = false, escape = false;
  std::size_t start = std::string::npos, start_line = line;
  auto element = [&](std::size_t end) {
    read_object(data.substr(start, end - start), start_line, c);
    start = std::string::npos;
  };
  for (++i; i < data.size(); ++i) {
    const char ch = data[i];
    if (ch == '\n') ++line;
    if (in_string) {
      if (escape) escape = false;
      else if (ch == '\\') escape = true;
      else if (ch == '"') in_string = false;
      continue;
    }
    if (start == std::string::npos) {
      if (ch == ',' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
      if (ch == ']') return;
      start = i;
      start_line = line;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '{' || ch == '[') {
      ++depth;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0) {  // the array's own ']' right after a bare value
        element(i);
        return;
      }
      if (--depth == 0) element(i + 1);
    } else if (ch == ',' && depth == 0) {
      element(i);
    }
  }
  if (start != std::string::npos) element(data.size());
  c.problem(line, "malformed JSON (the array is never closed)");
}

bool match_segments(const std::vector<std::string>& g, std::size_t gi, const std::vector<std::string>& p, std::size_t pi) {
  if (gi == g.size()) return pi == p.size();
  if (g[gi] == "**") {
    for (std::size_t k = pi; k <= p.size(); ++k)
      if (match_segments(g, gi + 1, p, k)) return true;
    return false;
  }
  if (pi == p.size()) return false;
  return fnmatch(g[gi].c_str(), p[pi].c_str(), 0) == 0 && match_segments(g, gi + 1, p, pi + 1);
}

std::vector<std::string> split_path(const std::string& s) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, '/'))
    if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

DocumentFormat parse_document_format(const std::string& name) {
  if (name == "auto" || name.empty()) return DocumentFormat::Auto;
  if (name == "csv") return DocumentFormat::Csv;
  if (name == "tsv") return DocumentFormat::Tsv;
  if (name == "json") return DocumentFormat::Json;
  if (name == "nl" || name == "ndjson" || name == "jsonl") return DocumentFormat::Ndjson;
  throw OptionError(fmt::format("option --format: expected csv, tsv, json or nl, got '{}'", name));
}

TextEncoding parse_text_encoding(const std::string& name) {
  const std::string n = lower(name);
  if (n.empty() || n == "auto") return TextEncoding::Auto;
  if (n == "utf-8" || n == "utf8") return TextEncoding::Utf8;
  if (n == "latin-1" || n == "latin1" || n == "iso-8859-1") return TextEncoding::Latin1;
  throw OptionError(fmt::format("option --encoding: expected utf-8 or latin-1, got '{}'", name));
}

void DocumentReadOptions::validate() const {}

std::string DocumentProblem::message() const {
  return line > 0 ? fmt::format("{}: line {}: {}", source, line, what) : fmt::format("{}: {}", source, what);
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

bool glob_matches(const std::string& glob, const std::string& path) {
  return match_segments(split_path(glob), 0, split_path(path), 0);
}

std::vector<Document> read_documents(const std::string& path, const DocumentReadOptions& options, const ProblemFn& problem) {
  const std::string source = path == "-" ? "standard input" : path;
  std::string data = read_all(path);
  if (options.encoding == TextEncoding::Latin1) data = latin1_to_utf8(data);
  std::vector<Document> out;
  // At most a document per line: reserved, the vector is not regrown (copying and faulting in its
  // memory several times over).
  out.reserve(static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n')) + 1);
  Collector c(source, options, problem, out);
  const DocumentFormat format = options.format == DocumentFormat::Auto ? sniff(path, data) : options.format;
  switch (format) {
    case DocumentFormat::Csv: read_delimited(data, ',', true, c); break;
    case DocumentFormat::Tsv: read_delimited(data, '\t', false, c); break;
    case DocumentFormat::Json: read_json_array(data, c); break;
    case DocumentFormat::Ndjson:
    case DocumentFormat::Auto: read_ndjson(data, c); break;
  }
  return out;
}

std::vector<Document> read_document_files(const std::filesystem::path& dir, const std::string& glob,
                                          const DocumentReadOptions& options, const ProblemFn& problem) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw IoError(fmt::format("{}: not a directory (--files DIR GLOB)", dir.string()));
  std::vector<std::string> names;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = std::filesystem::relative(it->path(), dir, ec).generic_string();
    if (glob_matches(glob, rel)) names.push_back(rel);
  }
  if (ec) throw IoError(fmt::format("{}: cannot list the folder: {}", dir.string(), ec.message()));
  std::sort(names.begin(), names.end());
  std::vector<Document> out;
  for (const auto& rel : names) {
    const std::string full = (dir / rel).string();
    std::string text;
    try {
      text = read_all(full);
    } catch (const IoError& e) {
      problem({full, 0, "cannot be read"});
      continue;
    }
    if (options.encoding == TextEncoding::Latin1) {
      text = latin1_to_utf8(text);
    } else if (invalid_utf8_offset(text) != std::string_view::npos) {
      if (options.encoding == TextEncoding::Utf8) {
        problem({full, 0, "not valid UTF-8"});
        continue;
      }
      text = latin1_to_utf8(text);
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      problem({full, 0, "an empty file"});
      continue;
    }
    out.push_back({options.prefix + rel, std::move(text), std::nullopt, full, 0});
  }
  return out;
}

}  // namespace wordvec
