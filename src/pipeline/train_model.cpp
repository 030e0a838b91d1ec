#include "wordvec/pipeline/train_model.hpp"

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

namespace wordvec {

namespace {

constexpr TrainModel kModels[] = {TrainModel::SkipGram, TrainModel::Cbow,  TrainModel::FastText, TrainModel::Glove,
                                  TrainModel::Supervised, TrainModel::Dbow, TrainModel::Dm};

}  // namespace

TrainModel parse_train_model(const std::string& name) {
  if (name == "sg" || name == "skip-gram") return TrainModel::SkipGram;
  std::vector<std::string> names;
  for (const TrainModel m : kModels) names.push_back(to_string(m));
  return kModels[parse_choice("model", name, names)];
}

std::string to_string(TrainModel model) {
  switch (model) {
    case TrainModel::SkipGram: return "skipgram";
    case TrainModel::Cbow: return "cbow";
    case TrainModel::FastText: return "fasttext";
    case TrainModel::Glove: return "glove";
    case TrainModel::Supervised: return "supervised";
    case TrainModel::Dbow: return "dbow";
    case TrainModel::Dm: return "dm";
  }
  return "skipgram";
}

bool trains_words(TrainModel model) {
  return model == TrainModel::SkipGram || model == TrainModel::Cbow || model == TrainModel::FastText;
}

bool trains_documents(TrainModel model) { return model == TrainModel::Dbow || model == TrainModel::Dm; }

Word2VecModel word2vec_architecture(TrainModel model) {
  switch (model) {
    case TrainModel::SkipGram:
    case TrainModel::FastText: return Word2VecModel::SkipGram;
    case TrainModel::Cbow: return Word2VecModel::Cbow;
    case TrainModel::Dbow: return Word2VecModel::Dbow;
    case TrainModel::Dm: return Word2VecModel::Dm;
    case TrainModel::Glove:
    case TrainModel::Supervised: break;
  }
  throw OptionError(fmt::format("model {}: is not a word2vec architecture", to_string(model)));
}

}  // namespace wordvec
