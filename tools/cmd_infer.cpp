// `wordvec infer MODEL`: vectors of new documents from a Doc2Vec model (train --model dbow|dm
// --save-model MODEL), as gensim's Doc2Vec.infer_vector gives them.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "input_lines.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/train/documents.hpp"

namespace wordvec::cli {

namespace {

// The words of `text` as the model's corpus was split.
std::vector<std::string> words_of(const Tokenizer& tokenizer, std::string_view text) {
  TokenList tokens;
  tokenizer.tokenize(text, tokens);
  std::vector<std::string> words;
  for (std::size_t i = 0; i < tokens.size(); ++i) words.emplace_back(tokens[i]);
  return words;
}

int run_infer(int argc, char** argv) {
  std::string model_path, content, input, output = "-", format;
  InferOptions infer;
  infer.threads = default_threads();
  po::options_description opts("infer options");
  opts.add_options()
      ("content,c", po::value(&content), "infer the vector of this text and print it as a JSON array")
      ("input,i", po::value(&input), "infer one vector per line of FILE ('-' = standard input), keyed as the model's training lines were (--tags: the line number from 0, or the line's first token)")
      ("output,o", po::value(&output)->default_value("-"), "with --input: vector file to write ('-' = word2vec text on standard output)")
      ("format", po::value(&format)->default_value(""), fmt::format("with --input: output format: {} (default: from the output extension)", fmt::join(format_names(), ", ")).c_str())
      ("epochs", po::value(&infer.epochs)->default_value(0, "the model's"), "passes over each text (gensim's epochs; more give steadier vectors for short texts)")
      ("lr", po::value(&infer.lr)->default_value(0.0, "the model's"), "starting learning rate, falling linearly to --min-lr over the epochs")
      ("min-lr", po::value(&infer.min_lr)->default_value(infer.min_lr), "learning rate of the last epoch (gensim's min_alpha)")
      ("seed", po::value(&infer.seed)->default_value(infer.seed), "random seed: the start vector and the negative samples follow from it and the text, so the same seed and text give the same vector; another seed gives another (average several for a steadier one)")
      ("threads", po::value(&infer.threads)->default_value(infer.threads), "texts inferred at once (the vectors do not depend on it)");
  po::options_description hidden;
  hidden.add_options()("model", po::value(&model_path)->required(), "full model file");
  po::positional_options_description positional;
  positional.add("model", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec infer MODEL -c TEXT\n"
                          "       wordvec infer MODEL -i FILE [-o VECTORS] [--epochs N] [--seed N]\n\n"
                          "Vectors of new texts from a Doc2Vec model ('wordvec train --model dbow|dm --save-model MODEL'): "
                          "each starts from a random vector and only it trains against the frozen model, as gensim's "
                          "infer_vector. The result varies with --seed; average the vectors of several seeds for a steadier one.",
                          opts, positional, hidden, vm))
    return 0;
  if (vm.count("content") == vm.count("input"))
    throw OptionError("infer: give one of -c TEXT or -i FILE");
  infer.validate();
  const bool to_stdout = is_stdout(output);
  const Format out_format = format.empty() ? (to_stdout ? Format::W2vText : format_for_extension(output)) : parse_format(format);
  if (vm.count("input")) {
    if (to_stdout) require_stdout_format("--output", streams_to_stdout(out_format), format_name(out_format));
    else check_outputs("infer", {output}, {input, model_path});
  }
  const Doc2VecModel model = read_doc2vec_model(model_path);
  const Tokenizer& tokenizer = *model.options.tokenizer;

  if (vm.count("content")) {
    const Matrix v = infer_documents(model, {words_of(tokenizer, content)}, infer);
    std::string out = "[";
    for (Eigen::Index i = 0; i < v.cols(); ++i) out += fmt::format("{}{}", i ? ", " : "", v(0, i));
    out += "]\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  // Lines with words are documents, keyed as training keyed them.
  const bool first_token = model.options.tags == DocTags::FirstToken;
  std::vector<std::vector<std::string>> docs;
  Vocab keys;
  const auto lines = read_lines(input);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string_view text = lines[n];
    const std::string key = first_token ? std::string(take_tag(text)) : std::to_string(n);
    auto words = words_of(tokenizer, text);
    if (key.empty() || (words.empty() && !first_token)) continue;
    if (keys.contains(key))
      throw DataError(fmt::format("{}: line {}: the tag '{}' was seen before; infer gives one vector per tag", input,
                                  n + 1, key));
    keys.add(key, 1);
    docs.push_back(std::move(words));
  }
  if (docs.empty()) throw DataError(fmt::format("{}: no line holds a text", input));
  Embeddings emb(std::move(keys), infer_documents(model, docs, infer));
  emb.metadata()["model"] = "infer " + model_path;
  if (to_stdout) {
    StreamSink sink(stdout, "standard output", stop_token());
    write_embeddings(emb, sink, out_format);
    sink.flush();
  } else {
    write_embeddings(emb, output, out_format, write_options());
  }
  return 0;
}

const bool registered = register_command(
    {"infer", "vectors of new texts from a Doc2Vec model (train --model dbow|dm --save-model)", 12, run_infer});

}  // namespace

}  // namespace wordvec::cli
