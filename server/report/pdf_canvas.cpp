// Cairo's PDF surface writes through a callback into a string; Pango lays out text with absolute sizes in
// points (the surface's unit), so sizes mean the same on every machine whatever its screen resolution.
#include "server/report/pdf_canvas.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace scsa::server::report {

namespace {

// Lato (fonts-lato) reads well in reports; DejaVu Sans is the fallback fontconfig always has.
constexpr const char* font_family = "Lato, DejaVu Sans, sans-serif";

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void set_colour(cairo_t* cr, rgb c, double alpha = 1.0) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

}  // namespace

struct pdf_canvas::impl {
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoLayout* layout = nullptr;
  bool finished = false;

  // Prepares the shared layout for `text` in `style` at `width`.
  void prepare(double width, const std::string& text, const text_style& style) {
    PangoFontDescription* font = pango_font_description_from_string(font_family);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(layout, static_cast<float>(style.line_spacing));
    pango_layout_set_alignment(layout, style.alignment == align::left     ? PANGO_ALIGN_LEFT
                                       : style.alignment == align::center ? PANGO_ALIGN_CENTER
                                                                          : PANGO_ALIGN_RIGHT);
    pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  }

  double height() const {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
};

pdf_canvas::pdf_canvas(const std::string& title, const std::string& subject)
    : impl_(std::make_unique<impl>()) {
  impl_->surface = cairo_pdf_surface_create_for_stream(append_bytes, &impl_->bytes, a4_width, a4_height);
  if (cairo_surface_status(impl_->surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(impl_->surface);
    throw std::runtime_error("cannot create a PDF surface");
  }
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "scsa-server");
  impl_->cr = cairo_create(impl_->surface);
  impl_->layout = pango_cairo_create_layout(impl_->cr);
}

pdf_canvas::~pdf_canvas() {
  if (impl_->layout != nullptr) g_object_unref(impl_->layout);
  if (impl_->cr != nullptr) cairo_destroy(impl_->cr);
  if (impl_->surface != nullptr) cairo_surface_destroy(impl_->surface);
}

std::unique_lock<std::mutex> pdf_canvas::lock() {
  static std::mutex rendering;
  return std::unique_lock(rendering);
}

double pdf_canvas::text(double x, double y, double width, const std::string& text, const text_style& style) {
  impl_->prepare(width, text, style);
  set_colour(impl_->cr, style.colour);
  cairo_move_to(impl_->cr, x, y);
  pango_cairo_update_layout(impl_->cr, impl_->layout);
  pango_cairo_show_layout(impl_->cr, impl_->layout);
  cairo_new_path(impl_->cr);
  return impl_->height();
}

double pdf_canvas::measure(double width, const std::string& text, const text_style& style) {
  impl_->prepare(width, text, style);
  return impl_->height();
}

void pdf_canvas::fill_rect(double x, double y, double w, double h, rgb colour) {
  set_colour(impl_->cr, colour);
  cairo_rectangle(impl_->cr, x, y, w, h);
  cairo_fill(impl_->cr);
}

void pdf_canvas::stroke_rect(double x, double y, double w, double h, rgb colour, double line_width) {
  set_colour(impl_->cr, colour);
  cairo_set_line_width(impl_->cr, line_width);
  cairo_rectangle(impl_->cr, x, y, w, h);
  cairo_stroke(impl_->cr);
}

void pdf_canvas::fill_rounded(double x, double y, double w, double h, double radius, rgb colour) {
  cairo_t* cr = impl_->cr;
  constexpr double quarter = std::numbers::pi / 2;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - radius, y + radius, radius, -quarter, 0);
  cairo_arc(cr, x + w - radius, y + h - radius, radius, 0, quarter);
  cairo_arc(cr, x + radius, y + h - radius, radius, quarter, 2 * quarter);
  cairo_arc(cr, x + radius, y + radius, radius, 2 * quarter, 3 * quarter);
  cairo_close_path(cr);
  set_colour(cr, colour);
  cairo_fill(cr);
}

void pdf_canvas::line(double x1, double y1, double x2, double y2, rgb colour, double line_width,
                      bool dashed) {
  cairo_t* cr = impl_->cr;
  set_colour(cr, colour);
  cairo_set_line_width(cr, line_width);
  const double dash[] = {2.5, 2.0};
  cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}

void pdf_canvas::fill_circle(double cx, double cy, double radius, rgb colour) {
  set_colour(impl_->cr, colour);
  cairo_new_sub_path(impl_->cr);
  cairo_arc(impl_->cr, cx, cy, radius, 0, 2 * std::numbers::pi);
  cairo_fill(impl_->cr);
}

void pdf_canvas::stroke_circle(double cx, double cy, double radius, rgb colour, double line_width) {
  set_colour(impl_->cr, colour);
  cairo_set_line_width(impl_->cr, line_width);
  cairo_new_sub_path(impl_->cr);
  cairo_arc(impl_->cr, cx, cy, radius, 0, 2 * std::numbers::pi);
  cairo_stroke(impl_->cr);
}

void pdf_canvas::fill_diamond(double cx, double cy, double radius, rgb colour) {
  polygon({{cx, cy - radius}, {cx + radius, cy}, {cx, cy + radius}, {cx - radius, cy}}, colour, 1, colour, 0);
}

void pdf_canvas::polygon(const std::vector<point>& points, rgb fill, double fill_alpha, rgb stroke,
                         double line_width) {
  if (points.empty()) return;
  cairo_t* cr = impl_->cr;
  cairo_new_path(cr);
  cairo_move_to(cr, points.front().x, points.front().y);
  for (std::size_t i = 1; i < points.size(); ++i) cairo_line_to(cr, points[i].x, points[i].y);
  cairo_close_path(cr);
  set_colour(cr, fill, fill_alpha);
  if (line_width > 0) {
    cairo_fill_preserve(cr);
    set_colour(cr, stroke);
    cairo_set_line_width(cr, line_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
  } else {
    cairo_fill(cr);
  }
}

void pdf_canvas::next_page() {
  cairo_show_page(impl_->cr);
}

std::string pdf_canvas::finish() {
  if (!impl_->finished) {
    impl_->finished = true;
    g_object_unref(impl_->layout);
    impl_->layout = nullptr;
    cairo_destroy(impl_->cr);
    impl_->cr = nullptr;
    cairo_surface_finish(impl_->surface);
    const auto status = cairo_surface_status(impl_->surface);
    cairo_surface_destroy(impl_->surface);
    impl_->surface = nullptr;
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot finish the PDF");
  }
  return std::move(impl_->bytes);
}

}  // namespace scsa::server::report
