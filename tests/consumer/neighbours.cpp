// neighbours VECTORS WORD...: the three nearest words of each WORD in a vector file of any format.
#include <cstdio>

#include "wordvec/wordvec.hpp"

int main(int argc, char** argv) try {
  if (argc < 2) return std::fprintf(stderr, "usage: neighbours VECTORS WORD...\n"), 2;
  const wordvec::SimilarityIndex index = wordvec::load_similarity_index(argv[1]);
  std::printf("wordvec %s: %zu words, dim %zu\n", wordvec::version, index.size(), index.dim());
  for (int i = 2; i < argc; ++i) {
    std::printf("%s:", argv[i]);
    for (const wordvec::Neighbor& n : index.most_similar({argv[i]}, {}, 3)) std::printf(" %s %.4f", n.word.c_str(), n.score);
    std::printf("\n");
  }
} catch (const wordvec::Error& e) {
  std::fprintf(stderr, "neighbours: %s\n", e.what());
  return 1;
}
