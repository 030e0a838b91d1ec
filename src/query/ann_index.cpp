#include "wordvec/query/ann_index.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"

#ifdef WORDVEC_HAVE_HNSWLIB
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <hnswlib/hnswlib.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#endif

namespace wordvec {

bool ann_available() {
#ifdef WORDVEC_HAVE_HNSWLIB
  return true;
#else
  return false;
#endif
}

void AnnOptions::validate() const {
  require_option(m >= 2, "m", "at least 2", m);
  require_option(ef_construction >= 1, "ef-construction", "at least 1", ef_construction);
  require_option(ef_search >= 1, "ef", "at least 1", ef_search);
  require_option(threads >= 1, "threads", "at least 1", threads);
}

#ifdef WORDVEC_HAVE_HNSWLIB

struct AnnIndex::Impl {
  std::unique_ptr<hnswlib::SpaceInterface<float>> space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
  std::size_t dim = 0;
  std::size_t ef = 64;
};

namespace {

std::unique_ptr<hnswlib::SpaceInterface<float>> make_space(Metric metric, std::size_t dim) {
  if (metric == Metric::Euclidean) return std::make_unique<hnswlib::L2Space>(dim);
  return std::make_unique<hnswlib::InnerProductSpace>(dim);  // cosine: on unit rows
}

}  // namespace

AnnIndex::AnnIndex(std::unique_ptr<Impl> impl, Metric metric) : impl_(std::move(impl)), metric_(metric) {}
AnnIndex::~AnnIndex() = default;
AnnIndex::AnnIndex(AnnIndex&&) noexcept = default;
AnnIndex& AnnIndex::operator=(AnnIndex&&) noexcept = default;

AnnIndex AnnIndex::build(const Matrix& rows, Metric metric, const AnnOptions& options) {
  options.validate();
  auto impl = std::make_unique<Impl>();
  impl->dim = static_cast<std::size_t>(rows.cols());
  impl->ef = static_cast<std::size_t>(options.ef_search);
  impl->space = make_space(metric, impl->dim);
  const auto n = static_cast<std::size_t>(rows.rows());
  impl->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(impl->space.get(), std::max<std::size_t>(n, 1),
                                                                 static_cast<std::size_t>(options.m),
                                                                 static_cast<std::size_t>(options.ef_construction),
                                                                 static_cast<std::size_t>(options.seed));
  Matrix unit;
  const Matrix* data = &rows;
  if (metric == Metric::Cosine) {
    unit = rows;
    normalize_rows(unit);
    data = &unit;
  }
  if (n > 0) impl->graph->addPoint(data->row(0).data(), 0);  // the entry point first, then in parallel
  // hnswlib's addPoint takes its own locks, so rows can be added from many threads at once.
#pragma omp parallel for num_threads(options.threads) schedule(dynamic, 256)
  for (std::size_t i = 1; i < n; ++i) impl->graph->addPoint(data->row(static_cast<Eigen::Index>(i)).data(), i);
  return AnnIndex(std::move(impl), metric);
}

AnnIndex AnnIndex::load(const std::filesystem::path& path, std::size_t dim, Metric metric) {
  auto impl = std::make_unique<Impl>();
  impl->dim = dim;
  impl->space = make_space(metric, dim);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw IoError(fmt::format("{}: no such index", path.string()));
  try {
    impl->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(impl->space.get(), path.string());
  } catch (const std::exception& e) {
    throw FormatError(fmt::format("{}: not an HNSW index of {}-dimensional vectors ({})", path.string(), dim, e.what()));
  }
  if (impl->graph->data_size_ != dim * sizeof(float))
    throw FormatError(fmt::format("{}: an index of {}-byte rows, expected {} dimensions", path.string(), impl->graph->data_size_, dim));
  return AnnIndex(std::move(impl), metric);
}

void AnnIndex::save(const std::filesystem::path& path, const CancellationToken& cancel) const {
  // hnswlib writes by path: into our atomic file's temporary name, which commit() then renames.
  AtomicFile file(path, cancel);
  impl_->graph->saveIndex(file.temp_path().string());
  file.commit();
}

std::size_t AnnIndex::size() const { return impl_->graph->cur_element_count; }

std::vector<std::vector<ScoredRow>> AnnIndex::search(const Matrix& queries, std::size_t topn,
                                                     const std::vector<std::vector<std::int32_t>>& exclude, int threads,
                                                     std::size_t ef) const {
  require_option(static_cast<std::size_t>(queries.cols()) == impl_->dim, "query", fmt::format("vectors of {} dimensions", impl_->dim), queries.cols());
  Matrix q = queries;
  if (metric_ == Metric::Cosine) normalize_rows(q);
  const std::size_t n = size();
  impl_->graph->setEf(std::max(ef > 0 ? ef : impl_->ef, topn));
  std::vector<std::vector<ScoredRow>> out(static_cast<std::size_t>(q.rows()));
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(dynamic, 8)
  for (Eigen::Index j = 0; j < q.rows(); ++j) {
    const auto& skip = exclude.empty() ? std::vector<std::int32_t>{} : exclude[static_cast<std::size_t>(j)];
    const std::size_t k = std::min(n, topn + skip.size());
    auto found = impl_->graph->searchKnn(q.row(j).data(), k);
    std::vector<ScoredRow> rows;
    while (!found.empty()) {  // farthest first
      const auto [d, label] = found.top();
      found.pop();
      const auto r = static_cast<std::int32_t>(label);
      if (std::find(skip.begin(), skip.end(), r) != skip.end()) continue;
      // hnswlib's inner-product distance is 1 - dot; L2 is the squared distance.
      const float score = metric_ == Metric::Euclidean ? std::sqrt(std::max(0.0f, d)) : 1.0f - d;
      rows.push_back({r, score});
    }
    std::reverse(rows.begin(), rows.end());
    if (rows.size() > topn) rows.resize(topn);
    out[static_cast<std::size_t>(j)] = std::move(rows);
  }
  return out;
}

#else

struct AnnIndex::Impl {};
AnnIndex::AnnIndex(std::unique_ptr<Impl> impl, Metric metric) : impl_(std::move(impl)), metric_(metric) {}
AnnIndex::~AnnIndex() = default;
AnnIndex::AnnIndex(AnnIndex&&) noexcept = default;
AnnIndex& AnnIndex::operator=(AnnIndex&&) noexcept = default;
namespace {
[[noreturn]] void unavailable() { throw DataError("approximate search needs hnswlib: this wordvec was built without libhnswlib-dev"); }
}  // namespace
AnnIndex AnnIndex::build(const Matrix&, Metric, const AnnOptions&) { unavailable(); }
AnnIndex AnnIndex::load(const std::filesystem::path&, std::size_t, Metric) { unavailable(); }
void AnnIndex::save(const std::filesystem::path&, const CancellationToken&) const { unavailable(); }
std::size_t AnnIndex::size() const { return 0; }
std::vector<std::vector<ScoredRow>> AnnIndex::search(const Matrix&, std::size_t, const std::vector<std::vector<std::int32_t>>&, int,
                                                     std::size_t) const {
  unavailable();
}

#endif

}  // namespace wordvec
