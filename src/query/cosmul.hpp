#pragma once
// 3CosMul (Levy & Goldberg 2014) as gensim's most_similar_cosmul computes it, for the index's
// queries and for analogy evaluation alike.

namespace wordvec {

/// A cosine shifted to [0, 1] (Levy & Goldberg, footnote 7), so that products of them rank well.
inline float cosmul_term(float cosine) { return (cosine + 1.0f) / 2.0f; }

/// The 3CosMul objective: the product of the positive words' terms over the product of the negative
/// words' terms (1 when there are none) plus gensim's epsilon 1e-6.
inline float cosmul_score(float positive_product, float negative_product) {
  return positive_product / (negative_product + 1e-6f);
}

}  // namespace wordvec
