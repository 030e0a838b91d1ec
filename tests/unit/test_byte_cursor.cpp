// ByteCursor: checked little-endian reads that name the source, the field and the offset.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/byte_cursor.hpp"
#include "wordvec/core/error.hpp"

using namespace wordvec;

namespace {

// The message of the FormatError `f` throws; fails the test when it throws nothing or something else.
template <typename F>
std::string format_error_message(F&& f) {
  try {
    f();
  } catch (const FormatError& e) {
    return e.what();
  }
  FAIL("expected a FormatError");
  return {};
}

}  // namespace

TEST_CASE("ByteCursor reads little-endian values in order", "[byte_cursor]") {
  std::string bytes;
  append_le<std::uint32_t>(bytes, 0x04030201u);
  append_le<std::int16_t>(bytes, -2);
  append_le<float>(bytes, 1.5f);
  append_le<double>(bytes, -0.25);
  REQUIRE(bytes.size() == 4 + 2 + 4 + 8);
  // Little-endian: the low byte comes first.
  CHECK(bytes.substr(0, 4) == std::string("\x01\x02\x03\x04", 4));

  ByteCursor cur(bytes, "mem");
  CHECK(cur.source() == "mem");
  CHECK(cur.remaining() == bytes.size());
  CHECK(cur.peek() == 0x01);
  CHECK(cur.read<std::uint32_t>("u32") == 0x04030201u);
  CHECK(cur.offset() == 4);
  CHECK(cur.read<std::int16_t>("i16") == -2);
  CHECK(cur.read<float>("f32") == 1.5f);
  CHECK_FALSE(cur.at_end());
  CHECK(cur.read<double>("f64") == -0.25);
  CHECK(cur.at_end());
  CHECK(cur.remaining() == 0);
  CHECK(cur.peek() == -1);
}

TEST_CASE("ByteCursor take, skip and read_array move the offset", "[byte_cursor]") {
  std::string bytes = "word ";
  for (float v : {0.5f, -1.0f, 2.0f}) append_le(bytes, v);
  ByteCursor cur(bytes, "mem");
  CHECK(cur.take(4, "word") == "word");
  CHECK(cur.peek() == ' ');
  cur.skip(1, "space");
  float out[3] = {0, 0, 0};
  cur.read_array(out, 3, "floats");
  CHECK(out[0] == 0.5f);
  CHECK(out[1] == -1.0f);
  CHECK(out[2] == 2.0f);
  CHECK(cur.at_end());
  // Zero-length reads at the end are fine.
  CHECK(cur.take(0, "nothing").empty());
  cur.read_array(out, 0, "no floats");
}

TEST_CASE("ByteCursor reads past the end throw FormatError naming source, offset and field", "[byte_cursor]") {
  const std::string bytes("\x01\x02\x03\x04\x05\x06", 6);
  ByteCursor cur(bytes, "vectors.bin");
  cur.skip(3, "prefix");

  const auto msg = format_error_message([&] { (void)cur.read<std::uint32_t>("the count"); });
  CHECK_THAT(msg, Catch::Contains("vectors.bin"));
  CHECK_THAT(msg, Catch::Contains("byte 3"));
  CHECK_THAT(msg, Catch::Contains("the count"));
  CHECK_THAT(msg, Catch::Contains("4 bytes"));
  CHECK_THAT(msg, Catch::Contains("only 3 bytes remain"));
  // A failed read consumes nothing.
  CHECK(cur.offset() == 3);
  CHECK(cur.remaining() == 3);

  CHECK_THROWS_AS(cur.take(4, "word"), FormatError);
  CHECK_THROWS_AS(cur.skip(4, "padding"), FormatError);
  float out[2];
  CHECK_THROWS_AS(cur.read_array(out, 1, "one float"), FormatError);
  CHECK(cur.offset() == 3);
  // Exactly what is left still reads.
  CHECK(cur.take(3, "tail") == std::string("\x04\x05\x06", 3));
  CHECK_THROWS_AS(cur.read<std::uint8_t>("one more byte"), FormatError);

  const auto fail_msg = format_error_message([&] { cur.fail("bad magic"); });
  CHECK_THAT(fail_msg, Catch::Contains("vectors.bin: byte 6: bad magic"));
}

TEST_CASE("ByteCursor read_array refuses counts whose byte size overflows", "[byte_cursor]") {
  // 2^62 + 1 floats is 2^64 + 4 bytes: multiplied in size_t that wraps to 4, which 8 remaining
  // bytes would satisfy. The read must be refused, not silently shortened to 4 bytes.
  std::string bytes(8, '\0');
  ByteCursor cur(bytes, "mem");
  std::vector<float> out(2, 7.0f);
  const std::size_t count = std::numeric_limits<std::size_t>::max() / sizeof(float) + 2;
  CHECK_THROWS_AS(cur.read_array(out.data(), count, "huge array"), FormatError);
  CHECK(cur.offset() == 0);
}
