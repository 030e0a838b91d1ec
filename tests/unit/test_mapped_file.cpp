// MappedFile: releasing parsed pages keeps the view valid (pages are read again when touched).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"

using namespace wordvec;

TEST_CASE("MappedFile release_before drops pages without changing the bytes", "[mapped_file]") {
  const auto path = std::filesystem::temp_directory_path() / ("wordvec-mapped-" + std::to_string(::getpid()));
  std::string content;
  for (int i = 0; i < 300000; ++i) content += static_cast<char>('a' + i % 26);
  { std::ofstream(path, std::ios::binary) << content; }
  {
    const MappedFile file(path);
    REQUIRE(file.bytes() == content);
    file.release_before(200000);       // not page aligned: rounded down
    file.release_before(0);            // nothing
    file.release_before(10'000'000);   // past the end: clamped
    CHECK(file.bytes() == content);    // released pages come back from the file
    CHECK(file.size() == content.size());
  }
  std::filesystem::remove(path);
  CHECK_THROWS_AS(MappedFile(path), IoError);
}
