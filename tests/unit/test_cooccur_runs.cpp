// The parts co-occurrence counting is built from: radix sort, spill directory, run files and the
// k-way merge of sorted sources.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "cooccur/radix_sort.hpp"
#include "cooccur/run_sources.hpp"
#include "cooccur/run_writer.hpp"
#include "cooccur/spill_dir.hpp"
#include "temp_dir.hpp"

using namespace wordvec;
using namespace wordvec::cooccur;

TEST_CASE("radix_sort sorts by the low bits, whichever buffer ends up holding the result", "[cooccur]") {
  std::mt19937_64 rng(3);
  for (const int bits : {1, 7, 12, 13, 25, 40, 63}) {
    const std::size_t n = 5000;
    std::vector<std::uint64_t> a(n), tmp(n);
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    for (auto& x : a) x = rng() & mask;
    if (bits == 40) std::fill(a.begin(), a.begin() + 4000, a[0] & ~std::uint64_t{0xFFF});  // digits of one bucket
    auto expected = a;
    std::sort(expected.begin(), expected.end());
    const std::uint64_t* sorted = radix_sort(a.data(), tmp.data(), n, bits);
    CHECK(std::vector<std::uint64_t>(sorted, sorted + n) == expected);
  }
}

TEST_CASE("SpillDir names fresh files and removes itself with them", "[cooccur]") {
  test::TempDir parent("spill");
  std::filesystem::path dir, file;
  {
    SpillDir spill(parent.path);
    dir = spill.path();
    CHECK(dir.parent_path() == parent.path);
    CHECK(std::filesystem::is_directory(dir));
    file = spill.next_file();
    CHECK(file != spill.next_file());
    RunWriter w(file);
    w.add({1, 2});
    w.close();
    CHECK(std::filesystem::file_size(file) == sizeof(RunEntry));
  }
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK_THROWS_AS(SpillDir(parent.path / "missing" / "deeper"), IoError);
}

TEST_CASE("merge_sources sums equal keys across memory, file and dense sources, in key order", "[cooccur]") {
  test::TempDir tmp("merge");
  // Dense cells of a 3-word triangle: (0,0)=5, (1,0)=0, (1,1)=7, (2,0)=1, (2,1)=0, (2,2)=0; keys hi*V+lo, V=10.
  const std::vector<std::uint32_t> cells{5, 0, 7, 1, 0, 0};
  const Run memory{{0, 1}, {11, 2}, {55, 3}};
  RunWriter writer(tmp.path / "run.bin");
  const Run on_disk{{20, 4}, {55, 10}, {99, 1}};
  for (const auto& e : on_disk) writer.add(e);
  writer.close();

  DenseSource dense(cells, 10);
  MemorySource mem(memory);
  FileSource file(tmp.path / "run.bin");
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged;
  merge_sources({&dense, &mem, &file}, [&](std::uint64_t key, std::uint64_t count) { merged.emplace_back(key, count); });
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> expected{{0, 6}, {11, 9}, {20, 5}, {55, 13}, {99, 1}};
  CHECK(merged == expected);
  CHECK_THROWS_AS(FileSource(tmp.path / "absent.bin"), IoError);
}
