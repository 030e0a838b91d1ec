#pragma once
// Correlation coefficients for similarity benchmarks (as scipy.stats computes them).
#include <vector>

namespace wordvec {

/// Ranks 1..n of `values`, tied values sharing the average of their ranks.
std::vector<double> average_ranks(const std::vector<double>& values);
/// Pearson's r of two equally long samples; NaN when either is constant or shorter than 2.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
/// Spearman's rho: Pearson's r of the average ranks.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace wordvec
