#include "wordvec/explore/svg_scatter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

// DejaVu Sans Mono (the usual "monospace") advances 0.602 em per character; a little slack on top.
constexpr double kCharWidth = 0.62;
constexpr double kAscent = 0.82;
constexpr double kDescent = 0.26;
constexpr double kPad = 1.0;  // pixels around each label's box
constexpr double kRadius = 3.0;

// Colour-blind-safe categorical colours (Tableau 10), then repeated.
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
constexpr const char* kDefaultColour = "#4e79a7";

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string fmt_num(double v) { return fmt::format("{:.2f}", v); }

// 1, 2 or 5 times a power of ten, so that about `count` steps cover `range`.
double nice_step(double range, int count) {
  const double raw = range / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * power) return m * power;
  return 10.0 * power;
}

struct Range {
  double lo, hi;
};

Range padded_range(const std::vector<ScatterPoint>& points, bool x) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& p : points) {
    const double v = x ? p.x : p.y;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!(lo <= hi)) return {-1.0, 1.0};
  if (hi - lo < 1e-12) return {lo - 1.0, hi + 1.0};
  const double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

}  // namespace

void SvgScatterOptions::validate() const {
  require_option(width >= 100 && width <= 20000, "width", "100..20000 pixels", width);
  require_option(height >= 100 && height <= 20000, "height", "100..20000 pixels", height);
  require_option(font_size >= 4.0 && font_size <= 100.0, "font-size", "4..100 pixels", font_size);
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

Box label_extent(const std::string& text, double font_size) {
  return {0.0, 0.0, static_cast<double>(utf8_length(text)) * kCharWidth * font_size + 2 * kPad,
          (kAscent + kDescent) * font_size + 2 * kPad};
}

namespace {

// Boxes bucketed by a uniform grid, so a test against thousands of placed boxes looks at a few.
class BoxGrid {
 public:
  BoxGrid(const Box& frame, double cell) : frame_(frame), cell_(cell) {
    cols_ = std::max(1, static_cast<int>((frame.x1 - frame.x0) / cell) + 1);
    rows_ = std::max(1, static_cast<int>((frame.y1 - frame.y0) / cell) + 1);
    cells_.resize(static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_));
  }
  void add(const Box& box) {
    boxes_.push_back(box);
    for (auto cell : cells_of(box)) cells_[cell].push_back(boxes_.size() - 1);
  }
  // True when `box` overlaps a stored box other than number `except`.
  bool hits(const Box& box, std::size_t except = static_cast<std::size_t>(-1)) const {
    for (auto cell : cells_of(box))
      for (auto i : cells_[cell])
        if (i != except && boxes_[i].overlaps(box)) return true;
    return false;
  }

 private:
  std::vector<std::size_t> cells_of(const Box& box) const {
    auto index = [&](double v, double origin, int n) {
      return std::clamp(static_cast<int>(std::floor((v - origin) / cell_)), 0, n - 1);
    };
    std::vector<std::size_t> out;
    for (int r = index(box.y0, frame_.y0, rows_); r <= index(box.y1, frame_.y0, rows_); ++r)
      for (int c = index(box.x0, frame_.x0, cols_); c <= index(box.x1, frame_.x0, cols_); ++c)
        out.push_back(static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c));
    return out;
  }
  Box frame_;
  double cell_;
  int cols_ = 1, rows_ = 1;
  std::vector<Box> boxes_;
  std::vector<std::vector<std::size_t>> cells_;
};

}  // namespace

LabelLayout place_labels(const std::vector<std::pair<double, double>>& anchors, const std::vector<Box>& sizes,
                         const Box& frame, double gap) {
  LabelLayout layout;
  layout.placed.assign(anchors.size(), false);
  layout.boxes.assign(anchors.size(), Box{});
  BoxGrid labels(frame, 40.0), markers(frame, 40.0);
  for (const auto& [px, py] : anchors) markers.add(Box{px - kRadius, py - kRadius, px + kRadius, py + kRadius});
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const auto [px, py] = anchors[i];
    const double w = sizes[i].x1 - sizes[i].x0, h = sizes[i].y1 - sizes[i].y0;
    if (w <= 2 * kPad) continue;  // no text
    // Right, left, above, below (these four never overlap each other), then the four diagonals.
    const std::pair<double, double> corners[] = {
        {px + gap, py - h / 2},     {px - gap - w, py - h / 2}, {px - w / 2, py - h / 2 - h}, {px - w / 2, py + h / 2},
        {px + gap, py - gap - h},   {px + gap, py + gap},       {px - gap - w, py - gap - h}, {px - gap - w, py + gap}};
    // First choice: a spot that hides no other point either; second: one that only avoids labels.
    for (int pass = 0; pass < 2 && !layout.placed[i]; ++pass) {
      for (const auto& [x0, y0] : corners) {
        const Box box{x0, y0, x0 + w, y0 + h};
        if (!frame.contains(box) || labels.hits(box) || (pass == 0 && markers.hits(box, i))) continue;
        labels.add(box);
        layout.placed[i] = true;
        layout.boxes[i] = box;
        break;
      }
    }
  }
  return layout;
}

std::string render_svg_scatter(const std::vector<ScatterPoint>& points, const SvgScatterOptions& options,
                               LabelLayout* layout_out) {
  options.validate();
  const double W = options.width, H = options.height, fs = options.font_size;
  const double left = 70, right = W - 20, top = options.title.empty() ? 20 : 20 + 1.6 * fs, bottom = H - 50;
  const Range xr = padded_range(points, true), yr = padded_range(points, false);
  auto px = [&](double x) { return left + (x - xr.lo) / (xr.hi - xr.lo) * (right - left); };
  auto py = [&](double y) { return bottom - (y - yr.lo) / (yr.hi - yr.lo) * (bottom - top); };

  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n",
                     options.width, options.height);
  svg += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n", options.width, options.height);
  if (!options.title.empty())
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       fmt_num(W / 2), fmt_num(14 + fs), fmt_num(fs * 1.3), xml_escape(options.title));
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", fmt_num(left),
                     fmt_num(top), fmt_num(right - left), fmt_num(bottom - top));

  // Ticks and captions.
  svg += "<g font-family=\"sans-serif\" font-size=\"10\" fill=\"#444\">\n";
  const double xs = nice_step(xr.hi - xr.lo, 6), ys = nice_step(yr.hi - yr.lo, 6);
  for (double t = std::ceil(xr.lo / xs) * xs; t <= xr.hi; t += xs)
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/><text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4:.3g}</text>\n",
                       fmt_num(px(t)), fmt_num(bottom), fmt_num(bottom + 4), fmt_num(bottom + 15), std::abs(t) < xs * 1e-9 ? 0.0 : t);
  for (double t = std::ceil(yr.lo / ys) * ys; t <= yr.hi; t += ys)
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#888\"/><text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5:.3g}</text>\n",
                       fmt_num(left - 4), fmt_num(py(t)), fmt_num(left), fmt_num(left - 6), fmt_num(py(t) + 3.5), std::abs(t) < ys * 1e-9 ? 0.0 : t);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>\n", fmt_num((left + right) / 2),
                     fmt_num(H - 12), xml_escape(options.x_label));
  svg += fmt::format("<text x=\"16\" y=\"{0}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 {0})\">{1}</text>\n",
                     fmt_num((top + bottom) / 2), xml_escape(options.y_label));
  svg += "</g>\n";

  // Points, then labels on top of them.
  std::vector<std::pair<double, double>> anchors;
  std::vector<Box> sizes;
  svg += "<g stroke=\"white\" stroke-width=\"0.5\">\n";
  for (const auto& p : points) {
    anchors.emplace_back(px(p.x), py(p.y));
    sizes.push_back(label_extent(p.label, fs));
    const char* colour = p.group < 0 ? kDefaultColour : kPalette[static_cast<std::size_t>(p.group) % std::size(kPalette)];
    svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>\n", fmt_num(anchors.back().first),
                       fmt_num(anchors.back().second), kRadius, colour);
  }
  svg += "</g>\n";
  const LabelLayout layout = place_labels(anchors, sizes, Box{left, top, right, bottom}, kRadius + 1.0);
  svg += fmt::format("<g font-family=\"DejaVu Sans Mono, monospace\" font-size=\"{}\" fill=\"#222\">\n", fmt_num(fs));
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!layout.placed[i]) continue;
    const Box& b = layout.boxes[i];
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", fmt_num(b.x0 + kPad), fmt_num(b.y0 + kPad + kAscent * fs),
                       xml_escape(points[i].label));
  }
  svg += "</g>\n</svg>\n";
  if (layout_out) *layout_out = layout;
  return svg;
}

}  // namespace wordvec
