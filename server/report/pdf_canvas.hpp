// A small drawing surface for A4 PDF documents over Cairo (vector shapes) and Pango (text layout with
// font fallback, so Dutch diacritics and en dashes always render). Units are PDF points (1/72 inch) from
// the page's top left. The bytes collect in memory; finish() returns the document.
// One canvas belongs to one thread; pdf_canvas::lock() serialises rendering process-wide, because
// fontconfig's caches are not guaranteed thread-safe in every version Debian ships.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace scsa::server::report {

inline constexpr double a4_width = 595.28;
inline constexpr double a4_height = 841.89;

struct rgb {
  double r = 0, g = 0, b = 0;
};

// A colour from 0xRRGGBB.
constexpr rgb hex(unsigned value) {
  return {((value >> 16) & 0xFF) / 255.0, ((value >> 8) & 0xFF) / 255.0, (value & 0xFF) / 255.0};
}

enum class align { left, center, right };

// How a piece of text looks.
struct text_style {
  double size = 9.5;  // points
  bool bold = false;
  bool italic = false;
  rgb colour = hex(0x1F2933);
  align alignment = align::left;
  double line_spacing = 1.0;  // multiplier of the font's line height
};

struct point {
  double x = 0, y = 0;
};

class pdf_canvas {
 public:
  // Starts a document with the first page open; the metadata goes into the PDF's info dictionary.
  pdf_canvas(const std::string& title, const std::string& subject);
  ~pdf_canvas();
  pdf_canvas(const pdf_canvas&) = delete;
  pdf_canvas& operator=(const pdf_canvas&) = delete;

  // Held around building a whole document.
  static std::unique_lock<std::mutex> lock();

  // Draws text wrapped to `width` with its top at y; returns its height. Plain text, not markup.
  double text(double x, double y, double width, const std::string& text, const text_style& style = {});
  // The height text would take, without drawing it.
  double measure(double width, const std::string& text, const text_style& style = {});

  void fill_rect(double x, double y, double w, double h, rgb colour);
  void stroke_rect(double x, double y, double w, double h, rgb colour, double line_width = 0.75);
  void fill_rounded(double x, double y, double w, double h, double radius, rgb colour);
  void line(double x1, double y1, double x2, double y2, rgb colour, double line_width = 0.75,
            bool dashed = false);
  void fill_circle(double cx, double cy, double radius, rgb colour);
  void stroke_circle(double cx, double cy, double radius, rgb colour, double line_width = 1);
  void fill_diamond(double cx, double cy, double radius, rgb colour);
  // A closed polygon, filled with `fill` at `fill_alpha` and outlined with `stroke`.
  void polygon(const std::vector<point>& points, rgb fill, double fill_alpha, rgb stroke, double line_width);

  void next_page();
  // Ends the document and returns its bytes; the canvas draws nothing afterwards.
  std::string finish();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace scsa::server::report
