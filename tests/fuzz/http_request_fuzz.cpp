// libFuzzer target: the HTTP request handling that runs before any route, free of Beast: request path and
// query decoding (http_types, url_decode), the Origin check of a WebSocket upgrade (origin_check) and
// static file resolution (static_files) against a temporary web root that has a secret file and symbolic
// links pointing outside it. No path ever resolves to a file outside the root. Input: the lines
// `<target>\n<origin>\n<host>\n<allowed origins, comma-separated>\n<query parameter name>`; a missing origin
// line means no Origin header.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_types.hpp"
#include "server/net/origin_check.hpp"
#include "server/net/static_files.hpp"
#include "server/url_decode.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;
namespace server = scsa::server;
using scsa::fuzz::check;

void write_file(const fs::path& file, std::string_view content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << content;
}

// <tmp>/scsa-fuzz-XXXXXX/{web,outside}: the web root with a page, assets, a dotfile and links out of it;
// beside it a secret the server must never serve. Made once per process and removed when it exits.
struct web_root {
  fs::path base;
  fs::path root;
  fs::path real_root;

  web_root() {
    std::string pattern = (fs::temp_directory_path() / "scsa-fuzz-XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "mkdtemp works");
    base = pattern;
    root = base / "web";
    write_file(root / "index.html", "<!doctype html>");
    write_file(root / "app.js", "1");
    write_file(root / "assets" / "index-4f3a.js", "1");
    write_file(root / "sub" / "index.html", "sub");
    write_file(root / ".env", "SECRET=1");
    write_file(base / "outside" / "secret.txt", "secret");
    write_file(base / "web-evil" / "secret.txt", "secret");  // shares the root's name as a prefix
    fs::create_symlink(base / "outside" / "secret.txt", root / "link.txt");
    fs::create_directory_symlink(base / "outside", root / "out");
    fs::create_symlink("../outside/secret.txt", root / "assets" / "relative.js");
    real_root = fs::canonical(root);
  }
  ~web_root() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
  web_root(const web_root&) = delete;
  web_root& operator=(const web_root&) = delete;

  static web_root& instance() {
    static web_root made;
    return made;
  }
};

bool under(const fs::path& root, const fs::path& file) {
  const auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return root_end == root.end();
}

void check_percent_decode(std::string_view text) {
  for (const bool plus : {false, true}) {
    const auto decoded = server::percent_decode(text, plus);
    if (!decoded) continue;
    check(decoded->size() <= text.size(), "decoding never grows the text");
    // Every byte escaped decodes back to itself.
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string escaped;
    for (const char c : *decoded) {
      const auto byte = static_cast<unsigned char>(c);
      escaped += '%';
      escaped += hex[byte >> 4];
      escaped += hex[byte & 15];
    }
    check(server::percent_decode(escaped, plus) == decoded, "escaped bytes decode to themselves");
  }
}

void check_request(const std::string& target, const std::string& parameter) {
  server::http_request request;
  request.target = target;
  const auto path = request.path();
  check(path.find('?') == std::string_view::npos, "a path has no query");
  check(std::string_view(target).substr(0, path.size()) == path, "the path starts the target");
  const auto value = request.query_parameter(parameter);
  check(value.size() <= target.size(), "a query value is no longer than the target");
  check_percent_decode(target);
}

void check_origin(const std::optional<std::string>& origin, const std::string& host,
                  const std::vector<std::string>& allowed) {
  if (origin) {
    if (const auto normal = server::normalize_origin(*origin)) {
      check(normal->rfind("http://", 0) == 0 || normal->rfind("https://", 0) == 0,
            "a normalised origin is http or https", *normal);
      check(server::normalize_origin(*normal) == normal, "normalising is idempotent", *normal);
      check(std::none_of(normal->begin(), normal->end(), [](char c) { return c >= 'A' && c <= 'Z'; }),
            "a normalised origin is lower case", *normal);
    }
  }
  const std::optional<std::string_view> header =
      origin ? std::optional<std::string_view>(*origin) : std::nullopt;
  const bool allowed_now = server::origin_allowed(header, host, allowed);
  check(origin || allowed_now, "a request without an Origin header is allowed");
  if (origin && allowed_now)
    check(server::normalize_origin(*origin).has_value(), "only a well-formed origin is allowed", *origin);
  if (origin && !allowed.empty() && allowed_now) {
    const auto normal = server::normalize_origin(*origin);
    check(std::any_of(allowed.begin(), allowed.end(),
                      [&](const std::string& a) { return server::normalize_origin(a) == normal; }),
          "an allowed origin is on the list", *origin);
  }
}

void check_static(const std::string& target) {
  const auto& web = web_root::instance();
  server::http_request request;
  request.target = target;
  const auto file = server::resolve_static_file(web.root, request.path());
  if (file.result != server::static_file::outcome::found) return;
  std::error_code ec;
  const fs::path real = fs::canonical(file.file, ec);
  check(!ec, "a found file exists", file.file.string());
  check(fs::is_regular_file(real), "a found file is a regular file", real.string());
  check(under(web.real_root, real), "a found file lies inside the web root", real.string());
  check(real.filename() != "secret.txt" && real.filename() != ".env", "no secret is ever served",
        real.string());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto lines = scsa::fuzz::lines(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto line = [&](std::size_t i) { return i < lines.size() ? std::string(lines[i]) : std::string{}; };
  const std::string target = line(0);
  const std::optional<std::string> origin = lines.size() > 1 ? std::optional(line(1)) : std::nullopt;
  const std::string host = line(2);
  std::vector<std::string> allowed;
  for (std::string_view list = lines.size() > 3 ? lines[3] : std::string_view{}; !list.empty();) {
    const auto comma = list.find(',');
    allowed.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  check_request(target, line(4));
  check_origin(origin, host, allowed);
  check_static(target);
  return 0;
}
