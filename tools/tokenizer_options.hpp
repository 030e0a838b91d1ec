#pragma once
// The --tokenizer options every command that reads text shares, mapped onto TokenizerOptions.
#include <memory>
#include <string>

#include "options.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec::cli {

/// The tokenizer options as typed.
struct TokenizerFlags {
  std::string name;       ///< --tokenizer; empty: the default (whitespace, or the model's)
  bool keep_urls = false;
  bool t2s = false;
  std::string dict, hmm, user_dict;
};

/// Adds --tokenizer, --lowercase, --punctuation, --keep-urls, --t2s, --dict, --hmm, --user-dict.
/// `default_help` says what an absent --tokenizer means.
void add_tokenizer_options(po::options_description& opts, TokenizerFlags& flags, const char* default_help);

/// The settings the flags ask for; `fallback` is used when --tokenizer is absent (then no other
/// tokenizer flag may be given). Throws OptionError.
TokenizerOptions tokenizer_options(const po::variables_map& vm, const TokenizerFlags& flags,
                                   const TokenizerOptions& fallback = {});

}  // namespace wordvec::cli
