// The text of a PDF as poppler's pdftotext extracts it (poppler-utils), with every run of whitespace made
// one space, so that a title wrapped over two lines in a table cell still reads as one string, and no space
// around an arrow ("2 → 4" becomes "2→4": pdftotext keeps or drops those spaces depending on the glyphs).
// Header-only, for the report tests.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace scsa::testing {

// What `pdftotext OPTIONS file -` prints for the PDF.
inline std::string run_pdftotext(const std::string& pdf_bytes, const std::string& options) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto file = dir / ("scsa-report-" + std::to_string(::getpid()) + "-" +
                           std::to_string(reinterpret_cast<std::uintptr_t>(&pdf_bytes)) + ".pdf");
  {
    std::ofstream out(file, std::ios::binary);
    out << pdf_bytes;
  }
  const std::string command = "pdftotext " + options + " '" + file.string() + "' - 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run pdftotext");
  std::string raw;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    raw.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  if (status != 0) throw std::runtime_error("pdftotext failed (is poppler-utils installed?): " + raw);
  return raw;
}

// One word as drawn on a page, with its box in points.
struct pdf_word {
  int page = 0;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
  std::string text;
};

// Every word of the PDF with its box (pdftotext -bbox).
inline std::vector<pdf_word> pdf_words(const std::string& pdf_bytes) {
  const std::string html = run_pdftotext(pdf_bytes, "-enc UTF-8 -bbox");
  static const std::regex word(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  std::vector<pdf_word> words;
  int page = 0;
  std::size_t at = 0;
  for (;;) {
    const auto next_page = html.find("<page ", at);
    const auto page_end = next_page == std::string::npos ? html.size() : next_page;
    for (std::sregex_iterator it(html.begin() + static_cast<std::ptrdiff_t>(at),
                                 html.begin() + static_cast<std::ptrdiff_t>(page_end), word),
         end;
         it != end; ++it)
      words.push_back({page, std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                       std::stod((*it)[4]), (*it)[5]});
    if (next_page == std::string::npos) break;
    ++page;
    at = next_page + 1;
  }
  return words;
}

// Pairs of words on one page drawn over each other: their boxes share more than a hair across and more
// than a third of the lower one's height (the boxes of tightly set lines touch; text over text does more).
inline std::vector<std::string> overlapping_words(const std::vector<pdf_word>& words) {
  std::vector<std::string> found;
  constexpr double hair = 0.5;
  for (std::size_t i = 0; i < words.size(); ++i)
    for (std::size_t j = i + 1; j < words.size(); ++j) {
      const auto& a = words[i];
      const auto& b = words[j];
      if (a.page != b.page) continue;
      const bool across = a.x_min + hair < b.x_max && b.x_min + hair < a.x_max;
      const double shared = std::min(a.y_max, b.y_max) - std::max(a.y_min, b.y_min);
      const bool down = shared > std::min(a.y_max - a.y_min, b.y_max - b.y_min) / 3;
      if (across && down)
        found.push_back("page " + std::to_string(a.page) + ": '" + a.text + "' over '" + b.text + "'");
    }
  return found;
}

inline std::string pdf_text(const std::string& pdf_bytes) {
  const std::string raw = run_pdftotext(pdf_bytes, "-enc UTF-8");
  std::string text;
  bool space = false;
  for (const char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !text.empty()) text += ' ';
    space = false;
    text += c;
  }
  const std::string arrow = "→";
  for (std::size_t at = 0; (at = text.find(arrow, at)) != std::string::npos; at += arrow.size()) {
    if (at > 0 && text[at - 1] == ' ') text.erase(--at, 1);
    if (at + arrow.size() < text.size() && text[at + arrow.size()] == ' ') text.erase(at + arrow.size(), 1);
  }
  return text;
}

}  // namespace scsa::testing
