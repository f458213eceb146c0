// The helpers declared in http_types.hpp: header lookup, query decoding and JSON error bodies.
// Pure functions of their arguments; safe from any thread.
#include "server/http_types.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "server/url_decode.hpp"

namespace scsa::server {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

}  // namespace

bool case_insensitive_less::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

std::string_view http_request::path() const {
  std::string_view view = target;
  return view.substr(0, view.find('?'));
}

std::string http_request::query_parameter(std::string_view name) const {
  const auto question = target.find('?');
  if (question == std::string::npos) return {};
  std::string_view query = std::string_view(target).substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto equals = pair.find('=');
    const auto key = percent_decode(pair.substr(0, equals), true);
    if (!key || *key != name) continue;
    if (equals == std::string_view::npos) return {};
    // A malformed escape yields "" rather than a half-decoded value.
    return percent_decode(pair.substr(equals + 1), true).value_or(std::string{});
  }
  return {};
}

std::string http_request::header(std::string_view name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string{} : found->second;
}

std::string http_request::bearer_token() const {
  const std::string authorization = header("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0)
    return {};
  return authorization.substr(prefix.size());
}

http_response http_response::error(int status, std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"code", code}, {"message", message}};
  // replace: a message echoing user input must never make dump() throw on invalid UTF-8.
  return json_body(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http_response http_response::json_body(int status, std::string body) {
  http_response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto end = path.find('/');
    segments.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return segments;
}

}  // namespace scsa::server
