// The items of a comma-separated value (an HTTP list header such as Accept-Encoding or If-None-Match, or an
// option such as --allowed-origins), trimmed of spaces and tabs, empty items left out. Views into `text`.
#pragma once

#include <string_view>
#include <vector>

namespace scsa::server {

inline std::vector<std::string_view> comma_list(std::string_view text) {
  std::vector<std::string_view> items;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace scsa::server
