#include "text/t2s_converter.hpp"

#include "wordvec/core/error.hpp"
#include "wordvec/text/tokenizer.hpp"

#ifdef WORDVEC_HAVE_OPENCC
#include <opencc/Exception.hpp>
#include <opencc/SimpleConverter.hpp>
#endif

namespace wordvec::text {

#ifdef WORDVEC_HAVE_OPENCC
struct T2sConverter::Impl {
  opencc::SimpleConverter converter{"t2s.json"};
};

T2sConverter::T2sConverter() {
  try {
    impl_ = std::make_unique<Impl>();
  } catch (const std::exception& e) {
    throw Error(std::string("OpenCC: cannot load t2s.json: ") + e.what());
  }
}

std::string T2sConverter::convert(std::string_view text) const {
  return impl_->converter.Convert(text.data(), text.size());
}
#else
struct T2sConverter::Impl {};

T2sConverter::T2sConverter() {
  throw OptionError("option --t2s: this wordvec was built without OpenCC (install libopencc-dev and rebuild)");
}

std::string T2sConverter::convert(std::string_view text) const { return std::string(text); }
#endif

T2sConverter::~T2sConverter() = default;

}  // namespace wordvec::text

namespace wordvec {
bool opencc_available() {
#ifdef WORDVEC_HAVE_OPENCC
  return true;
#else
  return false;
#endif
}
}  // namespace wordvec
