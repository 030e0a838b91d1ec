// AtomicFile: the target appears whole on commit() or not at all.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
using wordvec::test::slurp;
namespace fs = std::filesystem;

namespace {

void spit(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// File names in `dir`.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("AtomicFile: nothing at the target until commit, then the whole content", "[atomic_file]") {
  TempDir dir("atomic");
  const auto target = dir.path / "out.bin";
  {
    AtomicFile out(target);
    CHECK(out.target() == target);
    REQUIRE(out.stream() != nullptr);
    out.write("hello ");
    const char raw[3] = {'\0', '\x01', '\xff'};
    out.write(raw, sizeof raw);
    std::fputs(" tail", out.stream());
    CHECK_FALSE(fs::exists(target));
    // The only thing in the directory is the temporary file, which is not the target.
    const auto names = listing(dir.path);
    REQUIRE(names.size() == 1);
    CHECK(*names.begin() != "out.bin");
    CHECK(names.begin()->rfind("out.bin.tmp.", 0) == 0);
    out.commit();
    CHECK(fs::exists(target));
  }
  CHECK(slurp(target) == std::string("hello \0\x01\xff tail", 14));
  CHECK(listing(dir.path) == std::set<std::string>{"out.bin"});
}

TEST_CASE("AtomicFile: commit replaces an existing target", "[atomic_file]") {
  TempDir dir("atomic");
  const auto target = dir.path / "vectors.txt";
  spit(target, "old content that is longer than the new one\n");
  {
    AtomicFile out(target);
    out.write("new\n");
    CHECK(slurp(target) == "old content that is longer than the new one\n");
    out.commit();
  }
  CHECK(slurp(target) == "new\n");
  CHECK(listing(dir.path) == std::set<std::string>{"vectors.txt"});
}

TEST_CASE("AtomicFile: without commit an existing target is untouched and no temporary is left", "[atomic_file]") {
  TempDir dir("atomic");
  const auto target = dir.path / "vectors.bin";
  spit(target, "precious");

  SECTION("destroyed normally") {
    {
      AtomicFile out(target);
      out.write("garbage that must never be seen");
      std::fflush(out.stream());
    }
  }
  SECTION("destroyed by an exception while writing") {
    try {
      AtomicFile out(target);
      out.write("half a file");
      throw std::runtime_error("writer failed");
    } catch (const std::runtime_error&) {
    }
  }
  CHECK(slurp(target) == "precious");
  CHECK(listing(dir.path) == std::set<std::string>{"vectors.bin"});
}

TEST_CASE("AtomicFile: without commit and no existing target nothing appears", "[atomic_file]") {
  TempDir dir("atomic");
  {
    AtomicFile out(dir.path / "never.bin");
    out.write("data");
  }
  CHECK(listing(dir.path).empty());
}

TEST_CASE("AtomicFile: two files to the same target get distinct temporaries", "[atomic_file]") {
  TempDir dir("atomic");
  const auto target = dir.path / "same.txt";
  {
    AtomicFile a(target);
    AtomicFile b(target);
    a.write("from a");
    b.write("from b");
    CHECK(listing(dir.path).size() == 2);
    a.commit();
    b.commit();
  }
  CHECK(slurp(target) == "from b");
  CHECK(listing(dir.path) == std::set<std::string>{"same.txt"});
}

TEST_CASE("AtomicFile: a missing directory or a directory target gives IoError", "[atomic_file]") {
  TempDir dir("atomic");
  CHECK_THROWS_AS(AtomicFile(dir.path / "no" / "such" / "dir" / "out.bin"), IoError);
  CHECK_THROWS_AS(require_output_directory(dir.path / "missing" / "out.bin"), IoError);
  try {
    AtomicFile out(dir.path / "missing" / "out.bin");
    FAIL("expected IoError");
  } catch (const IoError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("missing"));
  }
  fs::create_directory(dir.path / "sub");
  CHECK_THROWS_AS(AtomicFile(dir.path / "sub"), IoError);
  CHECK_NOTHROW(require_output_directory(dir.path / "fine.bin"));
  // Nothing was created by the failed attempts.
  CHECK(listing(dir.path) == std::set<std::string>{"sub"});
  CHECK(fs::is_empty(dir.path / "sub"));
}

TEST_CASE("AtomicFile: commit twice or write after commit gives IoError, not a crash", "[atomic_file]") {
  TempDir dir("atomic");
  const auto target = dir.path / "once.txt";
  AtomicFile out(target);
  out.write("data");
  out.commit();
  CHECK_THROWS_AS(out.commit(), IoError);
  CHECK_THROWS_AS(out.write("more"), IoError);
  CHECK(slurp(target) == "data");
}
