// The models a training job trains, named once.
#include <catch2/catch.hpp>

#include "wordvec/core/error.hpp"
#include "wordvec/pipeline/train_model.hpp"

using namespace wordvec;

TEST_CASE("parse_train_model: every model by its name, skip-gram's aliases, one error naming them all", "[train_model]") {
  for (const auto m : {TrainModel::SkipGram, TrainModel::Cbow, TrainModel::FastText, TrainModel::Glove,
                       TrainModel::Supervised, TrainModel::Dbow, TrainModel::Dm})
    CHECK(parse_train_model(to_string(m)) == m);
  CHECK(parse_train_model("sg") == TrainModel::SkipGram);
  CHECK(parse_train_model("skip-gram") == TrainModel::SkipGram);
  CHECK_THROWS_WITH(parse_train_model("glov"),
                    Catch::StartsWith("option --model: expected one of skipgram, cbow, fasttext, glove, supervised, "
                                      "dbow, dm, got 'glov'"));
  CHECK(word2vec_architecture(TrainModel::FastText) == Word2VecModel::SkipGram);
  CHECK(word2vec_architecture(TrainModel::Dm) == Word2VecModel::Dm);
  CHECK_THROWS_AS(word2vec_architecture(TrainModel::Glove), OptionError);
  CHECK(trains_words(TrainModel::FastText));
  CHECK(!trains_words(TrainModel::Dbow));
  CHECK(trains_documents(TrainModel::Dbow));
  CHECK(!trains_documents(TrainModel::Supervised));
}
