// Maps a request path to a file under the web root, the way a single-page app expects: "/" and unknown
// paths without an extension (outside /api/) get index.html. Nothing escapes the root: "..", encoded dots,
// backslashes, NUL and dotfiles are refused. A text file with a precompressed sibling made at build time
// (app.js.br, app.js.gz) is served as that sibling when the client accepts its encoding: a phone's first
// load is a third of the bytes, and nothing is compressed per request. Free of Beast; pure apart from
// reading the file system. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace scsa::server {

struct static_file {
  enum class outcome { found, not_found, bad_request };
  outcome result = outcome::not_found;
  std::filesystem::path file;    // the regular file to send, when found
  std::uintmax_t size = 0;       // its size in bytes, when found
  std::string content_type;      // e.g. "text/html; charset=utf-8"
  std::string cache_control;     // "no-cache" for pages, long-lived for Vite's hashed /assets/
  std::string content_encoding;  // "br" or "gzip" when `file` is a precompressed sibling; "" otherwise
  bool varies = false;           // a precompressed sibling exists: the answer depends on Accept-Encoding
  std::string etag;              // a strong validator of this representation (size, time, encoding)
};

// path is the request path without the query, still percent-encoded; accept_encoding is the request's
// Accept-Encoding header ("" when absent: the file as it is).
static_file resolve_static_file(const std::filesystem::path& web_root, std::string_view path,
                                std::string_view accept_encoding = {});

// Whether an Accept-Encoding header accepts `coding` ("br", "gzip"): named or "*", with a q-value above 0.
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

// The Content-Type for a file extension such as ".js"; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view extension);

}  // namespace scsa::server
