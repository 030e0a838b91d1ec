#include "train/negative_sampler.hpp"

#include <cmath>

#include "wordvec/core/error.hpp"

namespace wordvec {

NegativeSampler::NegativeSampler(const std::vector<std::uint64_t>& counts, double exponent) : size_(counts.size()) {
  const std::size_t n = counts.size();
  std::vector<double> prob(n);
  double total = 0.0;
  // pow(0, e) is 1 for e == 0 and inf for e < 0: a word never seen is never drawn, whatever the exponent.
  for (std::size_t i = 0; i < n; ++i)
    total += prob[i] = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), exponent);
  if (n == 0 || !(total > 0.0)) throw OptionError("negative sampling needs at least one word with a count above 0");
  threshold_.assign(n, 0);
  alias_.assign(n, 0);
  std::vector<std::size_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    prob[i] *= static_cast<double>(n) / total;  // mean 1
    (prob[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const auto s = small.back();
    small.pop_back();
    const auto l = large.back();
    threshold_[s] = static_cast<std::uint32_t>(std::min(prob[s] * 4294967296.0, 4294967295.0));
    alias_[s] = static_cast<std::int32_t>(l);
    prob[l] -= 1.0 - prob[s];
    if (prob[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left has probability 1 up to rounding.
  for (const auto i : large) { threshold_[i] = 0xFFFFFFFFu; alias_[i] = static_cast<std::int32_t>(i); }
  for (const auto i : small) { threshold_[i] = 0xFFFFFFFFu; alias_[i] = static_cast<std::int32_t>(i); }
}

}  // namespace wordvec
