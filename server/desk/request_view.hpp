// What the provider's desk shows of a request: the filters of its list, a request and its history as JSON,
// and the requests as CSV (docs/api.md, "The provider's desk"). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/forms/form_store.hpp"

namespace scsa::server {

// ?state=open|handled&kind=…&q=…; every part optional.
struct request_filter {
  std::optional<bool> handled;    // state: open (false) or handled (true)
  std::optional<form_kind> kind;  // one kind only
  std::string query;              // found (case-insensitively) in name, e-mail, organisation or message

  bool matches(const stored_submission& s) const;
};

// The filter, or the refusal's code ("invalid_state", "invalid_kind").
struct parsed_request_filter {
  request_filter filter;
  std::string error_code;  // "" when valid
};
parsed_request_filter parse_request_filter(std::string_view state, std::string_view kind, std::string_view q);

// When the retention rule erases a request, and how many whole days are left until then.
struct retention_left {
  std::int64_t erase_at_ms = 0;
  std::int64_t days_left = 0;  // 0 on the last day
};
retention_left retention_of(std::int64_t created_ms, std::int64_t now_ms, std::size_t retention_days);

std::string_view mail_state_name(mail_state state);

// {"id","kind","language","name","email","organisation","message","created","handled","handled_by",
//  "erase_on","days_left","notes","mail"}
nlohmann::json request_json(const desk_request& request, std::int64_t now_ms, std::size_t retention_days);

// {"at","by","action","text"}; the first line of every history is "received" (by null) at its arrival.
nlohmann::json history_json(const stored_submission& submission, const std::vector<history_entry>& lines);

// The requests as CSV for a spreadsheet, like the session exports: UTF-8 with a byte order mark, ';' between
// fields, a header row; a cell that a spreadsheet would run as a formula starts with an apostrophe.
std::string requests_csv(const std::vector<desk_request>& requests);

}  // namespace scsa::server
