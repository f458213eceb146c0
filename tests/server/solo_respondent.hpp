// A respondent who fills in the assessment through the real protocol: creates a session for a municipality
// over HTTP, joins it over the WebSocket and gives a sheet of answers, waiting for every ack (the
// municipality averages are updated before an ack is sent). Header-only, for the comparison and report tests.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/scale.hpp"
#include "tests/server/live_support.hpp"

namespace scsa::testing {

// [statement - 1] = {current, desired}; 0 leaves that answer out.
using level_sheet = std::array<std::array<int, 2>, domain::statement_count>;

struct respondent_ids {
  std::string session_id;
  std::string participant_id;
  std::string token;  // the participant's resume token: it opens their own report
  std::string facilitator_token;
  std::string join_code;
};

// POST /api/sessions for any municipality; throws unless 201.
inline created_session create_session_in(std::uint16_t port, const std::string& municipality,
                                         const std::string& mode, const std::string& title = "Zelfscan") {
  auto response = http_post(port, "/api/sessions",
                            json{{"title", title}, {"municipality", municipality}, {"mode", mode}}.dump(),
                            {{"Content-Type", "application/json"}});
  if (response.status != 201)
    throw std::runtime_error("POST /api/sessions answered " + std::to_string(response.status) + ": " +
                             response.body);
  json body = json::parse(response.body);
  return created_session{body.at("session_id").get<std::string>(), body.at("join_code").get<std::string>(),
                         body.at("facilitator_token").get<std::string>()};
}

// Joins the session with its join code and gives every non-zero level of the sheet; throws on a refusal.
inline respondent_ids answer_sheet_in(std::uint16_t port, const created_session& session,
                                      const level_sheet& sheet, const std::string& name = "Respondent",
                                      const std::string& department = "") {
  live_peer peer;
  if (!peer.connect(port)) throw std::runtime_error("cannot connect to /ws");
  json join{{"type", "join"}, {"id", "join"}, {"code", session.join_code}, {"name", name}};
  if (!department.empty()) join["department"] = department;
  auto joined = peer.request(join);
  if (!joined || (*joined)["type"] != "ack") throw std::runtime_error("join refused");
  respondent_ids ids{session.session_id, (*joined)["participant_id"].get<std::string>(),
                     (*joined)["token"].get<std::string>(), session.facilitator_token, session.join_code};
  for (int s = 1; s <= domain::statement_count; ++s) {
    for (int a = 0; a < 2; ++a) {
      const int level = sheet[static_cast<std::size_t>(s - 1)][static_cast<std::size_t>(a)];
      if (level == 0) continue;
      const std::string id = "a" + std::to_string(s) + (a == 0 ? "c" : "d");
      auto reply = peer.request(answer_frame(id, s, a == 0 ? "current" : "desired", level));
      if (!reply || (*reply)["type"] != "ack")
        throw std::runtime_error("answer refused: " + (reply ? reply->dump() : std::string("no reply")));
    }
  }
  return ids;
}

// A solo respondent of `municipality` who gives the whole sheet.
inline respondent_ids solo_respondent(std::uint16_t port, const std::string& municipality,
                                      const level_sheet& sheet) {
  return answer_sheet_in(port, create_session_in(port, municipality, "solo"), sheet);
}

// Every statement answered with the same current and desired level.
inline level_sheet flat_sheet(int current, int desired) {
  level_sheet sheet{};
  for (auto& row : sheet) row = {current, desired};
  return sheet;
}

}  // namespace scsa::testing
