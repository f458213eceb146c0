// libFuzzer target: parse_client_message on arbitrary bytes. It must never throw or crash; a frame that
// parses must keep every documented bound (id 1..64, token 32..128, name 1..80), must write back to a frame
// that parses to the same message (the round trip), and the server frames built from what was read (ack,
// error, pong) must be valid JSON that carries the same id. Input: one WebSocket text frame.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/overloaded.hpp"
#include "server/live/protocol.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using nlohmann::json;
using scsa::fuzz::check;
namespace server = scsa::server;
namespace domain = scsa::domain;

json statement_field(const std::optional<int>& statement) {
  return statement ? json(*statement) : json("all");
}

// The roadmap's commands as their wire fields (ids and text ids are the server's, never on the wire).
void write_roadmap(json& frame, const domain::roadmap_command& command) {
  std::visit(domain::overloaded{
                 [&](const domain::give_explanation& e) {
                   frame["type"] = "explain";
                   frame["statement"] = e.statement;
                   frame["aspect"] = domain::to_string(e.which);
                   frame["text"] = e.text;
                   frame["signed"] = e.is_signed;
                 },
                 [&](const domain::propose_action& p) {
                   frame["type"] = "propose";
                   frame["statement"] = p.statement;
                   frame["text"] = p.text;
                 },
                 [&](const domain::cast_vote& v) {
                   frame["type"] = "vote";
                   frame["action_id"] = v.action_id;
                 },
                 [&](const domain::withdraw_vote& v) {
                   frame["type"] = "unvote";
                   frame["action_id"] = v.action_id;
                 },
                 [&](const domain::show_explanations& s) {
                   frame["type"] = "show_explanations";
                   frame["statement"] = s.statement;
                 },
                 [&](const domain::hide_explanations& h) {
                   frame["type"] = "hide_explanations";
                   frame["statement"] = h.statement;
                 },
                 [&](const domain::reword_action& w) {
                   frame["type"] = "reword";
                   frame["action_id"] = w.action_id;
                   frame["text"] = w.text;
                 },
                 [&](const domain::hide_action& h) {
                   frame["type"] = "hide_action";
                   frame["action_id"] = h.action_id;
                 },
                 [&](const domain::show_action& s) {
                   frame["type"] = "show_action";
                   frame["action_id"] = s.action_id;
                 },
                 [&](const domain::merge_actions& m) {
                   frame["type"] = "merge";
                   frame["action_id"] = m.action_id;
                   frame["into"] = m.into;
                 },
                 [&](const domain::set_action_owner& o) {
                   frame["type"] = "set_owner";
                   frame["action_id"] = o.action_id;
                   frame["owner"] = o.text;
                 },
                 [&](const domain::set_action_horizon& h) {
                   frame["type"] = "set_horizon";
                   frame["action_id"] = h.action_id;
                   frame["horizon"] = domain::to_string(h.horizon);
                 },
                 [&](const domain::set_action_status& s) {
                   frame["type"] = "set_status";
                   frame["action_id"] = s.action_id;
                   frame["status"] = domain::to_string(s.status);
                 },
                 [&](const domain::set_vote_budget& b) {
                   frame["type"] = "vote_budget";
                   frame["budget"] = b.budget;
                 },
                 [&](const domain::record_conclusion& c) {
                   frame["type"] = "conclude";
                   frame["statement"] = c.statement;
                   frame["text"] = c.text;
                 },
             },
             command);
}

// The session commands the protocol can produce, written as their wire fields; other commands never
// come from a client frame.
void write_command(json& frame, const domain::command_body& body) {
  std::visit(
      domain::overloaded{
          [&](const domain::give_answer& a) {
            frame["type"] = "answer";
            frame["statement"] = a.statement;
            frame["aspect"] = domain::to_string(a.which);
            frame["level"] = a.level;
          },
          [&](const domain::withdraw_answer& w) {
            frame["type"] = "withdraw";
            frame["statement"] = w.statement;
            frame["aspect"] = domain::to_string(w.which);
          },
          [&](const domain::open_statements& o) {
            frame["type"] = "open";
            frame["statement"] = statement_field(o.statement);
          },
          [&](const domain::close_statements& c) {
            frame["type"] = "close";
            frame["statement"] = statement_field(c.statement);
          },
          [&](const domain::focus_statement& f) {
            frame["type"] = "focus";
            frame["statement"] = f.statement;
          },
          [&](const domain::reveal_results&) { frame["type"] = "reveal"; },
          [&](const domain::hide_results&) { frame["type"] = "hide"; },
          [&](const domain::start_round&) { frame["type"] = "new_round"; },
          [&](const domain::close_session&) { frame["type"] = "close_session"; },
          [&](const domain::reopen_session&) { frame["type"] = "reopen_session"; },
          [&](const domain::remove_participant& r) {
            frame["type"] = "remove";
            frame["participant_id"] = r.participant_id;
          },
          [&](const domain::create_session&) { check(false, "a frame parsed to create_session"); },
          [&](const domain::join_session&) { check(false, "a frame parsed to join_session"); },
          [&](const domain::rename_participant&) { check(false, "a frame parsed to rename_participant"); },
          [&](const domain::roadmap_command& roadmap) { write_roadmap(frame, roadmap); },
          [&](const domain::baseline_command& baseline) {
            std::visit(domain::overloaded{
                           [&](const domain::choose_baseline&) {
                             check(false, "a frame parsed to choose_baseline (the hub fills it in)");
                           },
                           [&](const domain::remove_baseline&) { frame["type"] = "remove_baseline"; },
                           [&](const domain::review_baseline_action& r) {
                             frame["type"] = "review_baseline_action";
                             frame["action_id"] = r.action_id;
                             frame["status"] = domain::to_string(r.status);
                           },
                       },
                       baseline);
          },
      },
      body);
}

void optional_field(json& frame, const char* name, const std::optional<std::string>& value) {
  if (value) frame[name] = *value;
}

// The message written back as a wire frame, with every field the parser read.
json to_frame(const server::client_message& message) {
  json frame = json::object();
  frame["id"] = message.id;
  std::visit(domain::overloaded{
                 [&](const server::join_message& j) {
                   frame["type"] = "join";
                   frame["code"] = j.code;
                   optional_field(frame, "name", j.name);
                   optional_field(frame, "department", j.department);
                   optional_field(frame, "token", j.token);
                 },
                 [&](const server::resume_message& r) {
                   frame["type"] = "resume";
                   frame["token"] = r.token;
                   frame["after"] = r.after;
                 },
                 [&](const server::facilitate_message& f) {
                   frame["type"] = "facilitate";
                   frame["session_id"] = f.session_id;
                   frame["token"] = f.token;
                 },
                 [&](const server::rename_message& r) {
                   frame["type"] = "rename";
                   frame["name"] = r.name;
                 },
                 [&](const server::ping_message&) { frame["type"] = "ping"; },
                 [&](const server::choose_baseline_message& c) {
                   frame["type"] = "choose_baseline";
                   frame["baseline_session_id"] = c.baseline_session_id;
                   optional_field(frame, "token", c.token);
                 },
                 [&](const domain::command_body& body) { write_command(frame, body); },
             },
             message.body);
  return frame;
}

bool within(const std::string& text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max;
}

void check_bounds(const server::client_message& message) {
  check(within(message.id, 1, server::max_id_length), "id is 1..64 characters", message.id);
  if (const auto* join = std::get_if<server::join_message>(&message.body)) {
    check(within(join->code, 1, 32), "join code is 1..32 characters");
    check(!join->name || within(*join->name, 1, server::max_name_length), "name is 1..80 characters");
    check(!join->department || within(*join->department, 1, 100), "department is 1..100 characters");
    check(!join->token || within(*join->token, server::min_client_token_length, 128),
          "client token is 32..128 characters");
  } else if (const auto* resume = std::get_if<server::resume_message>(&message.body)) {
    check(within(resume->token, 1, 128), "resume token is 1..128 characters");
    check(resume->after >= 0, "after is >= 0");
  } else if (const auto* rename = std::get_if<server::rename_message>(&message.body)) {
    check(within(rename->name, 1, server::max_name_length), "name is 1..80 characters");
  }
}

// The frames the server answers with must be valid JSON and carry the id back.
void check_server_frames(const std::string& id) {
  const json expected_id = id.empty() ? json(nullptr) : json(id);
  const json error = json::parse(server::error_frame(id, "bad_message", "why: " + id), nullptr, false);
  check(!error.is_discarded() && error.value("type", "") == "error", "error_frame is valid JSON");
  check(error["id"] == expected_id, "error_frame carries the id", id);
  if (id.empty()) return;
  const json ack = json::parse(server::ack_frame(id, 7, json{{"participant_id", "p-1"}}), nullptr, false);
  check(!ack.is_discarded() && ack["id"] == id && ack["seq"] == 7, "ack_frame is valid JSON with id and seq");
  const json pong = json::parse(server::typed_frame("pong", json{{"id", id}}), nullptr, false);
  check(!pong.is_discarded() && pong["id"] == id && pong["type"] == "pong", "pong frame carries the id");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = server::parse_client_message(text);

  if (const auto* error = std::get_if<server::protocol_error>(&parsed)) {
    check(error->code == "bad_json" || error->code == "bad_message" || error->code == "unknown_type",
          "a protocol error has a documented code", error->code);
    check(error->id.size() <= server::max_id_length, "an error's id is at most 64 characters");
    check_server_frames(error->id);
    return 0;
  }

  const auto& message = std::get<server::client_message>(parsed);
  check_bounds(message);
  check_server_frames(message.id);

  // The round trip: the message written back as a frame parses to the same message.
  const json frame = to_frame(message);
  const std::string written = frame.dump();
  const auto again = server::parse_client_message(written);
  const auto* reparsed = std::get_if<server::client_message>(&again);
  check(reparsed != nullptr, "a parsed message written back parses again", written);
  check(to_frame(*reparsed) == frame, "a parsed message written back parses to the same message", written);
  return 0;
}
