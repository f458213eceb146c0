// The text of a PDF as poppler's pdftotext extracts it (poppler-utils), with every run of whitespace made
// one space, so that a title wrapped over two lines in a table cell still reads as one string, and no space
// around an arrow ("2 → 4" becomes "2→4": pdftotext keeps or drops those spaces depending on the glyphs).
// Header-only, for the report tests.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace scsa::testing {

inline std::string pdf_text(const std::string& pdf_bytes) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto file = dir / ("scsa-report-" + std::to_string(::getpid()) + "-" +
                           std::to_string(reinterpret_cast<std::uintptr_t>(&pdf_bytes)) + ".pdf");
  {
    std::ofstream out(file, std::ios::binary);
    out << pdf_bytes;
  }
  const std::string command = "pdftotext -enc UTF-8 '" + file.string() + "' - 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run pdftotext");
  std::string raw;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    raw.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  if (status != 0) throw std::runtime_error("pdftotext failed (is poppler-utils installed?): " + raw);
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
