// SVG scatter plots: well-formed XML, labels inside the frame, no two labels overlapping.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/explore/svg_scatter.hpp"

using namespace wordvec;

namespace {

// A small XML well-formedness check: one root, balanced and properly nested tags, quoted
// attributes, no raw '<' or stray '&' in text. Returns "" when fine, else what is wrong.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t i = 0;
  const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
  while (i < doc.size()) {
    if (doc[i] == '&') {
      std::smatch m;
      const std::string rest = doc.substr(i, 12);
      if (!std::regex_search(rest, m, entity)) return fmt::format("bad entity at {}", i);
      i += m.length(0);
      continue;
    }
    if (doc[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i]))) return fmt::format("text outside the root at {}", i);
      ++i;
      continue;
    }
    const auto end = doc.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = doc.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.rfind("?xml", 0) == 0) continue;
    if (tag.find('<') != std::string::npos) return "'<' inside a tag: " + tag;
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag.substr(1) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (name.empty()) return "empty tag name";
    // Attributes: name="value" pairs only.
    const std::string attrs = tag.substr(name.size(), tag.size() - name.size() - (self_closing ? 1 : 0));
    static const std::regex attr_list(R"(^(\s+[a-zA-Z_:][a-zA-Z0-9_:.-]*="[^"<]*")*\s*$)");
    if (!std::regex_match(attrs, attr_list)) return "bad attributes in <" + tag + ">";
    if (open.empty()) {
      if (root_seen) return "second root element";
      root_seen = true;
    }
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return root_seen ? "" : "no root element";
}

}  // namespace

TEST_CASE("the XML checker itself catches broken documents", "[svg_scatter]") {
  CHECK(xml_problem("<svg><g></g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a < b</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a & b</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg x=1></svg>").empty());
  CHECK(xml_problem("<svg x1=\"1\" font-size=\"2\"><a/></svg>") == "");
}

TEST_CASE("a dense scatter plot is well-formed and its labels never overlap", "[svg_scatter]") {
  Random rng(17);
  std::vector<ScatterPoint> points;
  for (int i = 0; i < 400; ++i)
    points.push_back({fmt::format("w{}", i), rng.uniform() * 10.0, rng.uniform() * 4.0 - 2.0, i % 7});
  points[5].label = "<tom & \"jerry\">";
  points[6].label = "café";
  SvgScatterOptions opt;
  opt.width = 600;
  opt.height = 400;
  opt.title = "a & b";
  LabelLayout layout;
  const std::string svg = render_svg_scatter(points, opt, &layout);
  INFO(svg.substr(0, 400));
  CHECK(xml_problem(svg) == "");
  CHECK(svg.find("&lt;tom &amp; &quot;jerry&quot;&gt;") != std::string::npos);
  CHECK(svg.find("<circle") != std::string::npos);
  REQUIRE(layout.placed.size() == points.size());
  // The most frequent (first) labels always show; in a dense plot some later ones must be left out.
  CHECK(layout.placed[0]);
  CHECK(layout.placed[1]);
  const auto shown = std::count(layout.placed.begin(), layout.placed.end(), true);
  CHECK(shown > 40);
  CHECK(shown < 400);
  std::size_t texts = 0;
  for (std::size_t pos = 0; (pos = svg.find("<text x=", pos)) != std::string::npos; ++pos) ++texts;
  CHECK(texts >= static_cast<std::size_t>(shown));
  const Box frame{0, 0, 600, 400};
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!layout.placed[i]) continue;
    CHECK(frame.contains(layout.boxes[i]));
    for (std::size_t j = i + 1; j < points.size(); ++j)
      if (layout.placed[j]) {
        INFO(points[i].label << " and " << points[j].label);
        CHECK_FALSE(layout.boxes[i].overlaps(layout.boxes[j]));
      }
  }
}

TEST_CASE("label placement tries other sides before giving up", "[svg_scatter]") {
  // Points at the same spot: labels go right, left, above and below; a fifth finds no room.
  const Box frame{0, 0, 1000, 1000};
  std::vector<std::pair<double, double>> anchors(6, {500.0, 500.0});
  std::vector<Box> sizes(6, label_extent("word", 12.0));
  const auto layout = place_labels(anchors, sizes, frame, 4.0);
  CHECK(layout.placed == std::vector<bool>{true, true, true, true, false, false});
  CHECK(layout.boxes[0].x0 > 500.0);
  CHECK(layout.boxes[1].x1 < 500.0);
  CHECK(layout.boxes[2].y1 < 500.0);
  CHECK(layout.boxes[3].y0 > 500.0);
  // A label that does not fit inside the frame on any side is left out.
  const auto edge = place_labels({{2.0, 2.0}}, {label_extent("a very long label", 12.0)}, Box{0, 0, 50, 50}, 4.0);
  CHECK_FALSE(edge.placed[0]);
  CHECK(label_extent("café", 10.0).x1 == Approx(label_extent("cafe", 10.0).x1));  // UTF-8 counted as characters
}

TEST_CASE("a degenerate plot still renders, bad sizes are refused", "[svg_scatter]") {
  INFO(render_svg_scatter({}, {}));
  CHECK(xml_problem(render_svg_scatter({}, {})) == "");
  CHECK(xml_problem(render_svg_scatter({{"only", 1.0, 1.0, -1}}, {})) == "");
  SvgScatterOptions opt;
  opt.width = 10;
  CHECK_THROWS_AS(render_svg_scatter({}, opt), OptionError);
}
