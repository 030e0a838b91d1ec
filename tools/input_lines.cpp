#include "input_lines.hpp"

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "outputs.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::cli {

std::vector<std::string> read_lines(const std::string& path) {
  require_not_directory(path);
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw IoError(fmt::format("{}: cannot open the input", path));
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  stop_token().throw_if_requested();  // the read was cut short by the signal
  if (in.bad()) throw IoError(fmt::format("{}: read error", path));
  return lines;
}

}  // namespace wordvec::cli
