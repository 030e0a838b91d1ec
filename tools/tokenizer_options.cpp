#include "tokenizer_options.hpp"

#include "wordvec/core/error.hpp"

namespace wordvec::cli {

void add_tokenizer_options(po::options_description& opts, TokenizerFlags& flags, const char* default_help) {
  opts.add_options()
      ("tokenizer", po::value(&flags.name), (std::string("how text splits into words: whitespace (bytes between ASCII white space, as they are), words (Unicode words of raw text: NFC, lower case, punctuation split off), chars (every Han/Kana/Hangul character a token, the rest as words) or zh (Chinese word segmentation as jieba's, the rest as words); default: ") + default_help).c_str())
      ("lowercase", po::value<bool>()->implicit_value(true), "words/chars/zh: lower-case tokens (default 1; --lowercase=0 keeps case)")
      ("punctuation", po::value<bool>()->implicit_value(true), "words/chars/zh: keep punctuation and symbols as tokens (default 1; --punctuation=0 drops them)")
      ("keep-urls", po::bool_switch(&flags.keep_urls), "words/chars/zh: keep URLs and e-mail addresses as one token (default: dropped; zh: cut as jieba cuts them)")
      ("t2s", po::bool_switch(&flags.t2s), "chars/zh: convert traditional to simplified Chinese first (OpenCC t2s)")
      ("dict", po::value(&flags.dict), ("zh: jieba dictionary, 'word freq [tag]' lines (default: " + default_jieba_dict().string() + ", from python3-jieba)").c_str())
      ("hmm", po::value(&flags.hmm), "zh: folder of jieba's HMM tables prob_start.py, prob_trans.py, prob_emit.py (default: finalseg/ beside the dictionary)")
      ("user-dict", po::value(&flags.user_dict), "zh: extra words, 'word [freq] [tag]' lines, as jieba.load_userdict");
}

TokenizerOptions tokenizer_options(const po::variables_map& vm, const TokenizerFlags& flags,
                                   const TokenizerOptions& fallback) {
  if (flags.name.empty()) {
    for (const char* name : {"lowercase", "punctuation", "dict", "hmm", "user-dict"})
      if (vm.count(name)) throw OptionError(fmt::format("option --{}: needs --tokenizer words, chars or zh", name));
    if (flags.keep_urls) throw OptionError("option --keep-urls: needs --tokenizer words, chars or zh");
    if (flags.t2s) throw OptionError("option --t2s: needs --tokenizer zh or chars");
    return fallback;
  }
  TokenizerOptions o;
  o.kind = parse_tokenizer_kind(flags.name);
  if (o.kind == TokenizerKind::Whitespace) {
    for (const char* name : {"lowercase", "punctuation"})
      if (vm.count(name)) throw OptionError(fmt::format("option --{}: needs --tokenizer words, chars or zh", name));
    if (flags.keep_urls) throw OptionError("option --keep-urls: needs --tokenizer words, chars or zh");
  }
  if (vm.count("lowercase")) o.lowercase = vm["lowercase"].as<bool>();
  if (vm.count("punctuation")) o.punctuation = vm["punctuation"].as<bool>();
  o.keep_urls = flags.keep_urls;
  o.t2s = flags.t2s;
  o.dict = flags.dict;
  o.hmm_dir = flags.hmm;
  o.user_dict = flags.user_dict;
  o.validate();
  return o;
}

}  // namespace wordvec::cli
