#pragma once
// Traditional to simplified Chinese with OpenCC's t2s configuration (when built with libopencc-dev).
#include <memory>
#include <string>
#include <string_view>

namespace wordvec::text {

/// One loaded OpenCC converter; convert() may be called from many threads at once.
class T2sConverter {
 public:
  /// Loads OpenCC's t2s.json; throws OptionError when this build has no OpenCC, Error when it fails to load.
  T2sConverter();
  ~T2sConverter();
  T2sConverter(const T2sConverter&) = delete;
  T2sConverter& operator=(const T2sConverter&) = delete;
  /// The simplified form of `text`.
  std::string convert(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wordvec::text
