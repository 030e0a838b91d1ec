#pragma once
// A labelled scatter plot drawn as SVG, with labels placed so that none overlaps another.
#include <string>
#include <vector>

namespace wordvec {

/// One point of the plot; points earlier in the list get their labels first.
struct ScatterPoint {
  std::string label;  ///< text next to the point (UTF-8); empty for none
  double x = 0.0;     ///< data coordinates
  double y = 0.0;
  int group = -1;     ///< colour group (e.g. a k-means cluster); -1 for the default colour
};

/// An axis-aligned rectangle in SVG pixel coordinates (y grows downwards).
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  ///< left, top, right, bottom
  /// True when the two boxes share interior area (touching edges do not count).
  bool overlaps(const Box& other) const { return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1; }
  /// True when `inner` lies inside this box.
  bool contains(const Box& inner) const { return inner.x0 >= x0 && inner.x1 <= x1 && inner.y0 >= y0 && inner.y1 <= y1; }
};

/// Size and text of the plot.
struct SvgScatterOptions {
  int width = 1000;              ///< pixels
  int height = 800;              ///< pixels
  double font_size = 12.0;       ///< label size in pixels (a monospace font, so widths are known)
  std::string title;             ///< drawn above the plot when not empty
  std::string x_label = "x";     ///< axis captions
  std::string y_label = "y";
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// Where each label went: `placed[i]` tells whether point i's label is drawn, `boxes[i]` its box.
struct LabelLayout {
  std::vector<bool> placed;
  std::vector<Box> boxes;
};

/// Pixel width and height of `text` at `font_size` in a monospace font (UTF-8 aware).
Box label_extent(const std::string& text, double font_size);

/// Greedy placement: in list order, each label tries eight positions around its anchor and takes the
/// first that stays inside `frame` and overlaps no label placed before, preferring spots that hide no
/// other point; a label with no such position is left out. `anchors` are pixel positions, `sizes` come from label_extent.
LabelLayout place_labels(const std::vector<std::pair<double, double>>& anchors, const std::vector<Box>& sizes,
                         const Box& frame, double gap);

/// The SVG document of the scatter plot; `layout` (optional) receives where the labels went.
std::string render_svg_scatter(const std::vector<ScatterPoint>& points, const SvgScatterOptions& options,
                               LabelLayout* layout = nullptr);

/// Escapes &, <, >, " and ' for XML text and attributes.
std::string xml_escape(const std::string& text);

}  // namespace wordvec
