// Resolves static file requests under the web root. Refuses rather than normalises: a ".." segment is a
// bad request even when it would stay inside the root, since browsers remove dot segments themselves.
#include "server/net/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "server/comma_list.hpp"
#include "server/url_decode.hpp"

namespace scsa::server {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

static_file refused(static_file::outcome outcome) {
  static_file file;
  file.result = outcome;
  return file;
}

// Whether candidate lies inside root after following symbolic links.
bool inside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  const fs::path real_root = fs::weakly_canonical(root, ec);
  if (ec) return false;
  const fs::path real = fs::weakly_canonical(candidate, ec);
  if (ec) return false;
  const auto [root_end, ignored] =
      std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
  return root_end == real_root.end();
}

std::optional<static_file> regular_file(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  if (!fs::is_regular_file(candidate, ec) || !inside(root, candidate)) return std::nullopt;
  const auto size = fs::file_size(candidate, ec);
  if (ec) return std::nullopt;
  static_file file;
  file.result = static_file::outcome::found;
  file.file = candidate;
  file.size = size;
  file.content_type = std::string(content_type_for(lower(candidate.extension().string())));
  return file;
}

// The validator of one representation: its size, modification time and encoding.
std::string etag_of(const fs::path& file, std::uintmax_t size, std::string_view encoding) {
  std::error_code ec;
  const auto modified = fs::last_write_time(file, ec);
  const auto ticks = ec ? 0 : static_cast<long long>(modified.time_since_epoch().count());
  char text[96];
  std::snprintf(text, sizeof text, "\"%llx-%llx%s%.*s\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(ticks), encoding.empty() ? "" : "-",
                static_cast<int>(encoding.size()), encoding.data());
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Swaps the found file for a precompressed sibling the client accepts, brotli first (smaller).
void choose_encoding(static_file& found, std::string_view accept_encoding) {
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    fs::path sibling = found.file;
    sibling += suffix;
    std::error_code ec;
    if (!fs::is_regular_file(sibling, ec)) continue;
    found.varies = true;
    if (!found.content_encoding.empty() || !accepts_encoding(accept_encoding, coding)) continue;
    const auto size = fs::file_size(sibling, ec);
    if (ec) continue;
    found.file = sibling;
    found.size = size;
    found.content_encoding = coding;
  }
}

}  // namespace

bool accepts_encoding(std::string_view accept_encoding, std::string_view coding) {
  bool by_name = false, by_star = false, named = false;
  for (const auto entry : comma_list(accept_encoding)) {
    const auto semicolon = entry.find(';');
    const std::string_view name = trim(entry.substr(0, semicolon));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      const std::string_view parameter = trim(entry.substr(semicolon + 1));
      if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=')
        q = std::strtod(std::string(parameter.substr(2)).c_str(), nullptr);
    }
    if (lower(name) == coding) {
      named = true;
      by_name = q > 0;
    } else if (name == "*") {
      by_star = q > 0;
    }
  }
  return named ? by_name : by_star;
}

std::string_view content_type_for(std::string_view extension) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> types = {{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  }};
  for (const auto& [known, type] : types) {
    if (known == extension) return type;
  }
  return "application/octet-stream";
}

static_file resolve_static_file(const fs::path& web_root, std::string_view path,
                                std::string_view accept_encoding) {
  if (web_root.empty()) return refused(static_file::outcome::not_found);
  const auto decoded = percent_decode(path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/')
    return refused(static_file::outcome::bad_request);
  if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
    return refused(static_file::outcome::bad_request);
  }

  std::vector<std::string_view> segments;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return refused(static_file::outcome::bad_request);
    if (segment.front() == '.') return refused(static_file::outcome::not_found);  // .env, .git, ...
    segments.push_back(segment);
  }

  fs::path candidate = web_root;
  for (const auto segment : segments) candidate /= fs::path(segment);

  std::optional<static_file> found = regular_file(web_root, candidate);
  std::error_code ec;
  if (!found && fs::is_directory(candidate, ec)) found = regular_file(web_root, candidate / "index.html");
  // A client-side route such as /join/ABC123 has no extension: the app's index.html handles it. Not so
  // under /api/: an API client asking for an unknown route must get a JSON 404, not a web page.
  const bool api = !segments.empty() && segments.front() == "api";
  const bool extensionless = !api && (segments.empty() || fs::path(segments.back()).extension().empty());
  if (!found && extensionless) found = regular_file(web_root, web_root / "index.html");
  if (!found) return refused(static_file::outcome::not_found);

  // Vite puts content-hashed files under /assets/: they never change, so caches may keep them for a year.
  const bool hashed =
      !segments.empty() && segments.front() == "assets" && found->file != web_root / "index.html";
  found->cache_control = hashed ? "public, max-age=31536000, immutable" : "no-cache";
  choose_encoding(*found, accept_encoding);
  found->etag = etag_of(found->file, found->size, found->content_encoding);
  return *found;
}

}  // namespace scsa::server
