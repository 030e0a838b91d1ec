#pragma once
// The one error hierarchy of the library: it throws, the front end prints.
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace wordvec {

/// Base of every error the library throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file's content does not match the format it claims to be.
class FormatError : public Error {
 public:
  using Error::Error;
};

/// A file could not be opened, read, written or renamed.
class IoError : public Error {
 public:
  using Error::Error;
};

/// An option value is outside what the operation accepts.
class OptionError : public Error {
 public:
  using Error::Error;
};

/// Training or data produced something unusable (empty corpus, NaN cost, ...).
class DataError : public Error {
 public:
  using Error::Error;
};

/// Throws OptionError("{name}: expected {expected}, got {got}") unless ok.
template <typename T>
void require_option(bool ok, const std::string& name, const std::string& expected, const T& got) {
  if (!ok) throw OptionError(fmt::format("option --{}: expected {}, got {}", name, expected, got));
}

}  // namespace wordvec
