#include "options.hpp"

#include <unistd.h>

#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <map>
#include <thread>
#include <typeinfo>

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

namespace wordvec::cli {

namespace {

// The single-dash names fastText and word2vec.c give their options, and ours where they differ.
// Only a hint is given, no alias: the semantics differ (fastText's -output is a prefix, say).
const std::map<std::string, std::string>& foreign_names() {
  static const std::map<std::string, std::string> names = {
      {"epoch", "epochs"},   {"minCount", "min-count"}, {"thread", "threads"}, {"ws", "window"},
      {"neg", "negative"},   {"train", "input"},        {"size", "dim"},       {"iter", "epochs"},
      {"alpha", "lr"},       {"cbow", "model"},         {"binary", "format"},  {"minCountLabel", "min-count-label"},
      {"wordNgrams", "word-ngrams"}, {"loss", "loss"},              {"lrUpdateRate", ""},  {"verbose", "quiet"},
      {"pretrainedVectors", ""}, {"saveOutput", ""},    {"hs", ""},            {"cutoff", ""}};
  return names;
}

// "-input", "-minCount": a single dash and a word, as fastText and word2vec.c spell long options.
bool looks_single_dash_long(std::string_view a) {
  if (a.size() < 3 || a[0] != '-' || a[1] == '-') return false;
  for (std::size_t i = 1; i < a.size(); ++i) {
    const char c = a[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c == '-' && i > 1))) return false;
  }
  return true;
}

std::vector<std::string> long_names(const po::options_description& visible) {
  std::vector<std::string> names;
  for (const auto& d : visible.options())
    if (!d->long_name().empty()) names.push_back(d->long_name());
  return names;
}

// Boost would read "-input" as "-i nput" and fail with a confusing message: say what was meant.
void reject_single_dash_long(int argc, char** argv, const po::options_description& all,
                             const po::options_description& visible) {
  const std::string command = argv[0];
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") return;
    if (!looks_single_dash_long(a)) continue;
    const std::string name(a.substr(1));
    const auto foreign = foreign_names().find(name);
    const std::string ours = foreign != foreign_names().end() ? foreign->second : name;
    if (!ours.empty() && all.find_nothrow(ours, false))
      throw OptionError(fmt::format("option '{}': wordvec's long options take two dashes: did you mean --{}? (see 'wordvec {} --help')",
                                    a, ours, command));
    const auto near = close_spellings(name, long_names(visible), 1);
    throw OptionError(fmt::format("option '{}' is not an option of 'wordvec {}'{}{} (see 'wordvec {} --help')", a,
                                  command, foreign != foreign_names().end() ? ", which has no counterpart of fastText's or word2vec.c's" : "",
                                  did_you_mean(near, "--"), command));
  }
}

bool is_unsigned(const std::type_info& t) {
  return t == typeid(unsigned) || t == typeid(unsigned long) || t == typeid(unsigned long long) ||
         t == typeid(unsigned short) || t == typeid(unsigned char);
}

// Boost's lexical_cast turns "-1" into 2^64 - 1 for an unsigned option: refuse the sign instead.
void reject_negative_unsigned(const po::parsed_options& parsed, const po::options_description& all) {
  for (const auto& o : parsed.options) {
    if (o.unregistered || o.string_key.empty()) continue;
    const auto* d = all.find_nothrow(o.string_key, false);
    if (!d) continue;
    const auto* typed = dynamic_cast<const po::typed_value_base*>(d->semantic().get());
    if (!typed || !is_unsigned(typed->value_type())) continue;
    for (const auto& v : o.value) {
      const auto start = v.find_first_not_of(" \t");
      if (start != std::string::npos && v[start] == '-')
        throw OptionError(fmt::format("option --{}: expected a non-negative integer, got '{}'", o.string_key, v));
    }
  }
}

// Stores parsed options against `all` into vm and notifies it; prints the help and returns false for --help.
bool store_options(const po::parsed_options& parsed, const po::options_description& all, const std::string& usage,
                   const po::options_description& visible, po::variables_map& vm) {
  reject_negative_unsigned(parsed, all);
  po::store(parsed, vm);
  if (vm.count("help")) {
    std::cout << usage << "\n\n" << visible << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

// Runs `parse`, turning Boost's errors into OptionError with a spelling hint from `visible`.
template <typename Parse>
bool translating_errors(const char* command, const po::options_description& visible, Parse&& parse) {
  try {
    return parse();
  } catch (const po::unknown_option& e) {
    std::string name = e.get_option_name();
    while (!name.empty() && name[0] == '-') name.erase(0, 1);
    throw OptionError(fmt::format("{}{} (see 'wordvec {} --help')", e.what(),
                                  did_you_mean(close_spellings(name, long_names(visible), 1), "--"), command));
  } catch (const po::error& e) {
    throw OptionError(fmt::format("{} (see 'wordvec {} --help')", e.what(), command));
  }
}

// An option as typed ("--dimm=5" as Boost names an unknown one).
std::string typed_name(const po::option& o) {
  return o.original_tokens.empty() ? "--" + o.string_key : o.original_tokens.front();
}

}  // namespace

bool parse_command_line(int argc, char** argv, const std::string& usage, po::options_description& visible,
                        const po::positional_options_description& positional, po::options_description& hidden,
                        po::variables_map& vm) {
  visible.add_options()("help,h", "show this help and exit");
  po::options_description all;
  all.add(visible).add(hidden);
  reject_single_dash_long(argc, argv, all, visible);
  return translating_errors(argv[0], visible, [&] {
    const auto parsed = po::command_line_parser(argc, argv).options(all).positional(positional).run();
    return store_options(parsed, all, usage, visible, vm);
  });
}

VariantCommandLine::VariantCommandLine(int argc, char** argv, const std::vector<po::options_description*>& variants)
    : argc_(argc), argv_(argv) {
  for (auto* variant : variants) {
    variant->add_options()("help,h", "show this help and exit");
    for (const auto& option : variant->options()) {
      const auto* seen = all_.find_nothrow(option->long_name(), false);
      if (!seen) {
        all_.add(option);
      } else if (seen->semantic()->min_tokens() != option->semantic()->min_tokens() ||
                 seen->semantic()->max_tokens() != option->semantic()->max_tokens()) {
        throw std::logic_error("option --" + option->long_name() + " takes different values in two variants");
      }
    }
  }
  whole_ = split(all_);
  // A command line the union cannot split may still be one variant's (glove's --out is --output, but
  // matches --output and --output-words of all of train's options): each variant splits it as it would
  // alone, so the chosen one's options, or its own error, decide.
  if (!whole_.parsed)
    for (const auto* variant : variants) alone_.push_back(split(*variant));
}

VariantCommandLine::Split VariantCommandLine::split(const po::options_description& options) const {
  Split out;
  out.options = &options;
  // Unknown options are kept (as unregistered) rather than thrown here: which options are unknown, and
  // the spelling hint, depend on the variant, which is known only after this parse.
  try {
    out.parsed.emplace(po::command_line_parser(argc_, argv_).options(options).allow_unregistered().run());
  } catch (const po::error&) {
    out.error = std::current_exception();
  }
  return out;
}

std::optional<std::string> VariantCommandLine::value(const std::string& name) const {
  const po::parsed_options* parsed = whole_.parsed ? &*whole_.parsed : nullptr;
  for (const auto& a : alone_)
    if (!parsed && a.parsed) parsed = &*a.parsed;
  std::optional<std::string> last;
  if (parsed)
    for (const auto& o : parsed->options)
      if (!o.unregistered && o.string_key == name && !o.value.empty()) last = o.value.back();
  return last;
}

bool VariantCommandLine::parse(const std::string& usage, po::options_description& visible,
                               po::variables_map& vm) const {
  reject_single_dash_long(argc_, argv_, visible, visible);
  return translating_errors(argv_[0], visible, [&] {
    const Split* split = &whole_;
    for (const auto& a : alone_)
      if (a.options == &visible) split = &a;
    if (!split->parsed) std::rethrow_exception(split->error);
    const po::parsed_options* parsed = &*split->parsed;
    // As Boost's own parser against `visible` alone: the first unknown option, then stray positionals.
    for (const auto& o : parsed->options)
      if (o.unregistered || (!o.string_key.empty() && !visible.find_nothrow(o.string_key, false)))
        throw po::unknown_option(typed_name(o));
    for (const auto& o : parsed->options)
      if (o.string_key.empty()) throw po::too_many_positional_options_error();
    po::parsed_options mine(&visible, parsed->m_options_prefix);
    mine.options = parsed->options;
    return store_options(mine, visible, usage, visible, vm);
  });
}

int default_threads() {
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace wordvec::cli
