// AtomicFile: the target appears whole on commit() or not at all.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <sys/stat.h>
#include <sys/types.h>
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
    CHECK(names.begin()->rfind(".out.bin.wordvec-tmp-", 0) == 0);
    CHECK(is_our_temp_name(*names.begin()));
    // Created exclusively, readable by us alone until it is committed.
    CHECK((fs::status(dir.path / *names.begin()).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
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

TEST_CASE("Output policy: devices, FIFOs and sockets are refused, never replaced", "[atomic_file]") {
  TempDir dir("policy");
  const auto fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  CHECK_THROWS_WITH(AtomicFile(fifo), Catch::Contains("a FIFO"));
  CHECK_THROWS_AS(check_output(fifo), IoError);
  CHECK(fs::is_fifo(fifo));
  CHECK_THROWS_WITH(AtomicFile("/dev/null"), Catch::Contains("a character device"));
  CHECK(fs::is_character_file("/dev/null"));
  CHECK(listing(dir.path) == std::set<std::string>{"pipe"});
}

TEST_CASE("Output policy: a symlink is followed and its target replaced, the link kept", "[atomic_file]") {
  TempDir dir("policy");
  fs::create_directory(dir.path / "real");
  spit(dir.path / "real" / "model.txt", "old");
  fs::create_symlink("real/model.txt", dir.path / "link.txt");
  fs::create_symlink("link.txt", dir.path / "link2.txt");  // a chain
  {
    AtomicFile out(dir.path / "link2.txt");
    // The temporary file sits next to the target, so the rename stays on one file system.
    CHECK(out.temp_path().parent_path() == dir.path / "real");
    out.write("new");
    out.commit();
  }
  CHECK(fs::is_symlink(dir.path / "link.txt"));
  CHECK(fs::is_symlink(dir.path / "link2.txt"));
  CHECK(slurp(dir.path / "real" / "model.txt") == "new");
  CHECK(listing(dir.path / "real") == std::set<std::string>{"model.txt"});
  // A dangling link is refused, as cp does.
  fs::create_symlink("real/nothing.txt", dir.path / "dangling.txt");
  CHECK_THROWS_WITH(AtomicFile(dir.path / "dangling.txt"), Catch::Contains("does not exist"));
}

TEST_CASE("Output policy: a hard-linked or read-only file is refused and left as it was", "[atomic_file]") {
  TempDir dir("policy");
  spit(dir.path / "a.txt", "shared");
  fs::create_hard_link(dir.path / "a.txt", dir.path / "b.txt");
  CHECK_THROWS_WITH(AtomicFile(dir.path / "a.txt"), Catch::Contains("2 hard links"));
  CHECK(fs::hard_link_count(dir.path / "a.txt") == 2);
  spit(dir.path / "ro.txt", "keep");
  fs::permissions(dir.path / "ro.txt", fs::perms::owner_read | fs::perms::group_read);
  CHECK_THROWS_WITH(AtomicFile(dir.path / "ro.txt"), Catch::Contains("read-only"));
  CHECK(slurp(dir.path / "ro.txt") == "keep");
  CHECK(listing(dir.path) == std::set<std::string>{"a.txt", "b.txt", "ro.txt"});
}

TEST_CASE("Output policy: a replaced file keeps its mode (and owner); a new one gets 0666 & ~umask", "[atomic_file]") {
  TempDir dir("policy");
  const auto target = dir.path / "kept.txt";
  spit(target, "old");
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  if (::geteuid() == 0) REQUIRE(::chown(target.c_str(), 65534, 65534) == 0);
  struct stat before {};
  REQUIRE(::stat(target.c_str(), &before) == 0);
  {
    AtomicFile out(target);
    out.write("new");
    out.commit();
  }
  struct stat after {};
  REQUIRE(::stat(target.c_str(), &after) == 0);
  CHECK((after.st_mode & 07777) == 0640);
  CHECK(after.st_uid == before.st_uid);
  CHECK(after.st_gid == before.st_gid);
  CHECK(slurp(target) == "new");
  {
    AtomicFile out(dir.path / "fresh.txt");
    out.commit();
  }
  const mode_t mask = ::umask(022);
  ::umask(mask);
  struct stat fresh {};
  REQUIRE(::stat((dir.path / "fresh.txt").c_str(), &fresh) == 0);
  CHECK((fresh.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("Output policy: output equal to an input, names too long, no space", "[atomic_file]") {
  TempDir dir("policy");
  spit(dir.path / "corpus.txt", "words");
  fs::create_symlink("corpus.txt", dir.path / "alias.txt");
  CHECK_THROWS_WITH(require_distinct(dir.path / "alias.txt", dir.path / "corpus.txt"),
                    Catch::Contains("same file as the input"));
  CHECK_NOTHROW(require_distinct(dir.path / "other.txt", dir.path / "corpus.txt"));
  CHECK_NOTHROW(require_distinct(dir.path / "corpus.txt", "-"));
  const std::string long_name(250, 'x');
  // The name itself fits (250 < 255): the temporary file's name must fit too.
  CHECK_NOTHROW(check_output(dir.path / long_name));
  {
    AtomicFile out(dir.path / long_name);
    out.write("ok");
    out.commit();
  }
  CHECK(slurp(dir.path / long_name) == "ok");
  CHECK_THROWS_WITH(check_output(dir.path / std::string(300, 'y')), Catch::Contains("too long"));
  CHECK_THROWS_WITH(check_output(dir.path / "big.bin", std::uint64_t{1} << 62), Catch::Contains("MB free"));
  // A file where a directory is expected.
  CHECK_THROWS_WITH(check_output(dir.path / "corpus.txt" / "out.bin"), Catch::Contains("not a directory"));
  CHECK(listing(dir.path) == std::set<std::string>{"corpus.txt", "alias.txt", long_name});
}

TEST_CASE("check_free_space adds up the outputs that go to one file system", "[atomic_file]") {
  TempDir dir("space");
  const auto free_bytes = std::filesystem::space(dir.path).available;
  REQUIRE(free_bytes > 1000);
  // 60% each: alone they fit, together they do not (a margin for what other processes write meanwhile).
  const std::uint64_t part = free_bytes / 10 * 6;
  CHECK_NOTHROW(check_free_space({{dir.path / "a.bin", part}}));
  CHECK_NOTHROW(check_free_space({{dir.path / "a.bin", part}, {dir.path / "b.txt", 0}}));
  CHECK_THROWS_WITH(check_free_space({{dir.path / "a.bin", part}, {dir.path / "b.bin", part}}),
                    Catch::Contains("a.bin, " + (dir.path / "b.bin").string() + ": cannot write: together they need"));
  CHECK(listing(dir.path).empty());
}

TEST_CASE("OutputGroup: a failure in any file leaves every old file as it was", "[atomic_file]") {
  TempDir dir("group");
  spit(dir.path / "m.bin", "old bin");
  spit(dir.path / "m.vec", "old vec");
  try {
    OutputGroup group;
    group.add(dir.path / "m.bin").write("new bin");
    group.add(dir.path / "m.vec").write("new ");
    throw std::runtime_error("the second writer failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(slurp(dir.path / "m.bin") == "old bin");
  CHECK(slurp(dir.path / "m.vec") == "old vec");
  {
    OutputGroup group;
    group.add(dir.path / "m.bin").write("new bin");
    group.add(dir.path / "m.vec").write("new vec");
    CHECK(slurp(dir.path / "m.bin") == "old bin");
    group.commit();
  }
  CHECK(slurp(dir.path / "m.bin") == "new bin");
  CHECK(slurp(dir.path / "m.vec") == "new vec");
  CHECK(listing(dir.path) == std::set<std::string>{"m.bin", "m.vec"});
}

TEST_CASE("Stale temporary files: ours with a dead pid are removed, nothing else", "[atomic_file]") {
  TempDir dir("stale");
  // A pid that cannot be running: beyond the kernel's limit.
  const std::string dead = ".model.bin.wordvec-tmp-99999999-AbC123";
  const std::string live = fmt::format(".model.bin.wordvec-tmp-{}-AbC123", static_cast<long>(::getppid()));
  spit(dir.path / dead, "left by kill -9");
  spit(dir.path / live, "being written");
  spit(dir.path / "model.bin.wordvec-tmp-notapid-AbC123", "not ours");
  spit(dir.path / "model.bin", "kept");
  fs::create_directory(dir.path / "wordvec-spill-99999999-Xy12Z9");
  spit(dir.path / "wordvec-spill-99999999-Xy12Z9" / "run-0.bin", "spilled");
  long pid = 0;
  CHECK(is_our_temp_name(dead, &pid));
  CHECK(pid == 99999999);
  CHECK_FALSE(is_our_temp_name("model.bin"));
  CHECK_FALSE(is_our_temp_name(".x.wordvec-tmp-12-short"));
  const auto removed = remove_stale_temp_files(dir.path);
  CHECK(removed.size() == 2);
  CHECK(listing(dir.path) == std::set<std::string>{live, "model.bin.wordvec-tmp-notapid-AbC123", "model.bin"});
}

TEST_CASE("StreamSink: a failed write is an IoError, not silence", "[atomic_file]") {
  std::FILE* full = std::fopen("/dev/full", "wb");
  if (!full) return;  // no /dev/full here
  std::setvbuf(full, nullptr, _IONBF, 0);
  StreamSink sink(full, "/dev/full");
  CHECK_THROWS_WITH(sink.write("some bytes"), Catch::Contains("No space left"));
  std::fclose(full);
}
