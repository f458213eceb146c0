// Radar and scale charts. The radar's first axis points up and the others follow clockwise; rings mark
// the five levels, so a reader can read a theme's level off the chart as on the scales.
#include "server/report/report_charts.hpp"

#include <cmath>
#include <numbers>

namespace scsa::server::report {

namespace {

point on_axis(double cx, double cy, double radius, std::size_t axis, std::size_t axes, double fraction) {
  const double angle =
      -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(axis) / static_cast<double>(axes);
  return {cx + std::cos(angle) * radius * fraction, cy + std::sin(angle) * radius * fraction};
}

double position(double x, double width, double level) {
  return x + (level - 1) / 4.0 * width;
}

}  // namespace

void draw_radar(pdf_canvas& canvas, double cx, double cy, double radius, const std::vector<std::string>& axes,
                const std::vector<radar_series>& series) {
  const std::size_t n = axes.size();
  if (n < 3) return;
  // Rings for levels 1..5 (level 0 is the centre, so level L sits at L/5 of the radius).
  for (int level = 1; level <= 5; ++level) {
    std::vector<point> ring;
    for (std::size_t a = 0; a < n; ++a) ring.push_back(on_axis(cx, cy, radius, a, n, level / 5.0));
    canvas.polygon(ring, palette::white, 0, level == 5 ? palette::grey : palette::rule,
                   level == 5 ? 0.8 : 0.5);
  }
  for (std::size_t a = 0; a < n; ++a) {
    const point end = on_axis(cx, cy, radius, a, n, 1);
    canvas.line(cx, cy, end.x, end.y, palette::rule, 0.5);
  }
  text_style tick{6.5, false, false, palette::grey, align::left};
  for (int level = 1; level <= 5; ++level) {
    const point p = on_axis(cx, cy, radius, 0, n, level / 5.0);
    // Just inside its ring: above it, the 5 ran into the first axis's label.
    canvas.text(p.x + 2, p.y + 0.5, 12, std::to_string(level), tick);
  }
  for (const auto& s : series) {
    std::vector<point> shape;
    for (std::size_t a = 0; a < n && a < s.values.size(); ++a)
      shape.push_back(on_axis(cx, cy, radius, a, n, s.values[a].value_or(0) / 5.0));
    if (s.dashed) {
      for (std::size_t a = 0; a < shape.size(); ++a) {
        const point& p = shape[a];
        const point& q = shape[(a + 1) % shape.size()];
        canvas.line(p.x, p.y, q.x, q.y, s.colour, s.line_width, true);
      }
    } else {
      canvas.polygon(shape, s.colour, s.fill_alpha, s.colour, s.line_width);
    }
    for (const auto& p : shape) canvas.fill_circle(p.x, p.y, s.line_width + 0.6, s.colour);
  }
  text_style label{8, true, false, palette::ink, align::center};
  for (std::size_t a = 0; a < n; ++a) {
    const point p = on_axis(cx, cy, radius, a, n, 1.0);
    const double dx = p.x - cx;
    const double width = 80;
    double x = p.x - width / 2;
    if (dx > 1)
      x = p.x + 6, label.alignment = align::left;
    else if (dx < -1)
      x = p.x - 6 - width, label.alignment = align::right;
    else
      label.alignment = align::center;
    const double h = canvas.measure(width, axes[a], label);
    double y = p.y - h / 2;
    if (p.y < cy - radius * 0.9) y = p.y - h - 5;
    if (p.y > cy + radius * 0.9) y = p.y + 5;
    canvas.text(x, y, width, axes[a], label);
  }
}

void draw_scale_axis(pdf_canvas& canvas, double x, double y, double width) {
  text_style tick{7, true, false, palette::muted, align::center};
  for (int level = 1; level <= 5; ++level)
    canvas.text(position(x, width, level) - 6, y, 12, std::to_string(level), tick);
}

void draw_scale(pdf_canvas& canvas, double x, double y, double width, const scale_marks& marks) {
  canvas.line(x, y, x + width, y, palette::rule, 0.8);
  for (int level = 1; level <= 5; ++level) {
    const double px = position(x, width, level);
    canvas.line(px, y - 2.5, px, y + 2.5, palette::rule, 0.8);
  }
  if (marks.current && marks.desired) {
    const double a = position(x, width, *marks.current), b = position(x, width, *marks.desired);
    canvas.fill_rect(std::min(a, b), y - 2, std::abs(b - a), 4, palette::sky);
  }
  if (marks.current_mean) canvas.fill_diamond(position(x, width, *marks.current_mean), y, 3.6, palette::grey);
  if (marks.desired_mean) {
    const double px = position(x, width, *marks.desired_mean);
    canvas.polygon({{px, y - 3.6}, {px + 3.6, y}, {px, y + 3.6}, {px - 3.6, y}}, palette::white, 1,
                   palette::grey, 0.9);
  }
  if (marks.desired) {
    const double px = position(x, width, *marks.desired);
    canvas.fill_circle(px, y, 4.2, palette::white);
    canvas.stroke_circle(px, y, 3.6, palette::orange, 1.6);
  }
  if (marks.current) canvas.fill_circle(position(x, width, *marks.current), y, 4, palette::teal);
}

}  // namespace scsa::server::report
