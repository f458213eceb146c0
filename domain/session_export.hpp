// A session's exports for reviewers: answers and results as CSV that a Dutch Excel opens as it should
// (UTF-8 byte order mark, ';' between fields, a decimal comma, ISO 8601 UTC times, CRLF line ends), and
// the redaction every served event payload passes (credentials and the join code never leave the server).
// Pure functions of their arguments; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "domain/catalogue.hpp"
#include "domain/replay.hpp"
#include "domain/timeline.hpp"

namespace scsa::domain {

// Payload fields that are never served: token hashes are credentials, and the join code lets its holder
// join (and so answer in) a session that is open: a reviewer reads, never writes.
inline constexpr std::array<std::string_view, 3> withheld_payload_fields{
    "token_hash", "facilitator_token_hash", "join_code"};

// The payload without the withheld fields (any event type, any schema version; a non-object is kept).
nlohmann::json redact_payload(nlohmann::json payload);

// "2025-03-14T09:30:12.345Z": ms since the Unix epoch as ISO 8601 in UTC.
std::string format_iso_time(std::int64_t time_ms);

// A number for a Dutch spreadsheet: at most `decimals` decimals, trailing zeros dropped, a decimal comma
// ("2,167", "3", "-0,5").
std::string format_decimal(double value, int decimals = 3);

// One CSV field for ';'-separated files: quoted when it holds ';', '"', CR or LF (quotes doubled), and
// prefixed with an apostrophe when it starts with = + - @ TAB or CR, so a spreadsheet never runs it as
// a formula (the only free text in an export is the department participants type).
std::string csv_field(std::string_view text);

// The first bytes of every CSV export: the UTF-8 byte order mark, so Excel reads UTF-8.
inline constexpr std::string_view csv_byte_order_mark = "\xEF\xBB\xBF";

// Every answer given, in log order: time;round;participant;department;statement;aspect;level;counted
// where counted is 1 when the answer still stands after the last event (not replaced, not withdrawn, the
// participant not removed), so the rows with counted 1 are exactly what results_csv summarises.
// With `words`, the export is for people in that language (a Dutch team shares it as it is): headers,
// aspects, themes and yes/no in words, and each statement's title beside its number. Without, the codes.
struct export_words {
  const catalogue& statements;  // titles and theme names
  language lang;                // nl or en
};
std::string answers_csv(std::span<const replay_event> events, const export_words* words = nullptr);

// Per round, statement and aspect:
// round;statement;theme;aspect;n;mean;median;q1;q3;interquartile_range;standard_deviation;consensus;
// iqr_consensus;gap (statistics empty when n is 0; gap = desired mean - current mean, on both rows).
std::string results_csv(const replay_state& state, const export_words* words = nullptr);

}  // namespace scsa::domain
