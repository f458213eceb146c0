// The reports' vector charts, drawn on a pdf_canvas: a radar of the six themes (levels 1..5 on each axis)
// and a horizontal 1..5 scale for one statement's levels and means. Pure drawing, no report logic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/report/pdf_canvas.hpp"
#include "server/report/report_model.hpp"

namespace scsa::server::report {

// The report's colours, shared by charts and pages.
namespace palette {
inline constexpr rgb ink = hex(0x1F2933);
inline constexpr rgb muted = hex(0x5B6B7A);
inline constexpr rgb navy = hex(0x15324D);
inline constexpr rgb teal = hex(0x167C88);
inline constexpr rgb orange = hex(0xD9731A);
inline constexpr rgb grey = hex(0x8C99A6);
inline constexpr rgb rule = hex(0xD5DCE3);
inline constexpr rgb tint = hex(0xEEF3F6);
inline constexpr rgb white = hex(0xFFFFFF);
inline constexpr rgb sky = hex(0xB9D7E3);
}  // namespace palette

// One closed line on the radar: a value 1..5 per theme (nullopt: drawn at the centre).
struct radar_series {
  std::vector<std::optional<double>> values;  // one per axis
  rgb colour;
  double fill_alpha = 0;  // 0: outline only
  double line_width = 1.5;
  bool dashed = false;
};

// A radar chart centred at (cx, cy) with the given radius; axis labels outside the rings.
void draw_radar(pdf_canvas& canvas, double cx, double cy, double radius, const std::vector<std::string>& axes,
                const std::vector<radar_series>& series);

// What one statement's scale shows.
struct scale_marks {
  std::optional<int> current;          // a filled dot
  std::optional<int> desired;          // a ring, joined to the dot by a bar
  std::optional<double> current_mean;  // a diamond (a comparison's mean current level)
  std::optional<double> desired_mean;  // a small open diamond
};

// A 1..5 scale from x to x + width at height y (the centre line).
void draw_scale(pdf_canvas& canvas, double x, double y, double width, const scale_marks& marks);
// The level numbers 1..5 above a scale of the same x and width.
void draw_scale_axis(pdf_canvas& canvas, double x, double y, double width);

}  // namespace scsa::server::report
