// The live tests' shared helpers: frame bookkeeping over ws_client, the HTTP calls every test makes, and the
// independent path to the truth: the events table read with the sqlite3 C API and folded with the domain.
#include "tests/server/live_support.hpp"

#include <sqlite3.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "domain/event_codec.hpp"
#include "domain/scale.hpp"

namespace scsa::testing {

namespace {

using clock_type = std::chrono::steady_clock;

std::chrono::milliseconds left_until(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
  return std::max(left, std::chrono::milliseconds(1));
}

bool is_reply_to(const json& frame, const std::string& id) {
  const auto type = frame.value("type", "");
  return (type == "ack" || type == "error") && frame.contains("id") && frame["id"].is_string() &&
         frame["id"].get<std::string>() == id;
}

}  // namespace

bool live_peer::connect(std::uint16_t port) {
  return ws_.connect(port);
}

bool live_peer::send(const json& frame) {
  return ws_.send(frame.dump());
}

bool live_peer::send_text(std::string_view text) {
  return ws_.send(text);
}

bool live_peer::receive_one(std::chrono::milliseconds timeout) {
  auto text = ws_.receive(timeout);
  if (!text) return false;
  json frame = json::parse(*text, nullptr, false);
  if (frame.is_discarded()) frame = json{{"type", "not_json"}, {"text", *text}};
  history_.push_back(frame);
  pending_.push_back(std::move(frame));
  return true;
}

std::optional<json> live_peer::take(const frame_predicate& matches, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  std::size_t checked = 0;
  for (;;) {
    for (; checked < pending_.size(); ++checked) {
      if (matches(pending_[checked])) {
        json found = std::move(pending_[checked]);
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(checked));
        return found;
      }
    }
    if (clock_type::now() >= deadline || ws_.ended()) return std::nullopt;
    receive_one(left_until(deadline));
  }
}

std::optional<json> live_peer::reply(const std::string& id, std::chrono::milliseconds timeout) {
  return take([&](const json& frame) { return is_reply_to(frame, id); }, timeout);
}

std::optional<json> live_peer::request(const json& frame, std::chrono::milliseconds timeout) {
  if (!send(frame)) return std::nullopt;
  return reply(frame.value("id", ""), timeout);
}

std::map<std::string, json> live_peer::replies(const std::set<std::string>& ids,
                                               std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  std::map<std::string, json> found;
  for (;;) {
    for (auto it = pending_.begin(); it != pending_.end();) {
      const auto type = it->value("type", "");
      const json& id = (*it)["id"];
      if ((type == "ack" || type == "error") && id.is_string() && ids.contains(id.get<std::string>()) &&
          !found.contains(id.get<std::string>())) {
        std::string key = id.get<std::string>();  // before the move empties the frame
        found.emplace(std::move(key), std::move(*it));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    if (found.size() == ids.size() || clock_type::now() >= deadline || ws_.ended()) return found;
    receive_one(left_until(deadline));
  }
}

bool live_peer::sync(std::chrono::milliseconds timeout) {
  const std::string id = "sync-" + std::to_string(++sync_count_);
  if (!send(json{{"type", "ping"}, {"id", id}})) return false;
  return take(
             [&](const json& frame) {
               return frame.value("type", "") == "pong" && frame.value("id", "") == id;
             },
             timeout)
      .has_value();
}

created_session create_session(std::uint16_t port, const std::string& title, const std::string& mode) {
  auto response = http_post(port, "/api/sessions",
                            json{{"title", title}, {"municipality", "GM0344"}, {"mode", mode}}.dump(),
                            {{"Content-Type", "application/json"}});
  if (response.status != 201)
    throw std::runtime_error("POST /api/sessions answered " + std::to_string(response.status) + ": " +
                             response.body);
  json body = json::parse(response.body);
  return created_session{body.at("session_id").get<std::string>(), body.at("join_code").get<std::string>(),
                         body.at("facilitator_token").get<std::string>()};
}

json fetch_results(std::uint16_t port, const std::string& session_id, const std::string& token) {
  auto response =
      http_get(port, "/api/sessions/" + session_id + "/results", {{"Authorization", "Bearer " + token}});
  if (response.status != 200)
    throw std::runtime_error("GET results answered " + std::to_string(response.status) + ": " +
                             response.body);
  return json::parse(response.body);
}

std::vector<logged_event> read_session_log(const std::filesystem::path& db, const std::string& session_id) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> connection(raw, &sqlite3_close);
  if (opened != SQLITE_OK)
    throw std::runtime_error("cannot open " + db.string() + ": " + (raw ? sqlite3_errmsg(raw) : "no memory"));
  sqlite3_busy_timeout(raw, 5000);

  const char* sql =
      "SELECT sequence, type, schema_version, payload, command_id FROM events WHERE stream_id = ?1 "
      "ORDER BY sequence";
  sqlite3_stmt* statement_raw = nullptr;
  if (sqlite3_prepare_v2(raw, sql, -1, &statement_raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("cannot read events: ") + sqlite3_errmsg(raw));
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(statement_raw, &sqlite3_finalize);
  sqlite3_bind_text(statement_raw, 1, session_id.c_str(), static_cast<int>(session_id.size()),
                    SQLITE_TRANSIENT);

  auto text_column = [&](int column) {
    const auto* bytes = sqlite3_column_text(statement_raw, column);
    return bytes == nullptr
               ? std::string{}
               : std::string(reinterpret_cast<const char*>(bytes),
                             static_cast<std::size_t>(sqlite3_column_bytes(statement_raw, column)));
  };
  std::vector<logged_event> events;
  int step = 0;
  while ((step = sqlite3_step(statement_raw)) == SQLITE_ROW) {
    logged_event logged;
    logged.sequence = sqlite3_column_int64(statement_raw, 0);
    logged.type = text_column(1);
    const int schema_version = sqlite3_column_int(statement_raw, 2);
    const std::string payload = text_column(3);
    logged.command_id = text_column(4);
    auto decoded = domain::decode_event_text(logged.type, schema_version, payload);
    if (auto* error = std::get_if<domain::decode_error>(&decoded))
      throw std::runtime_error("event " + std::to_string(logged.sequence) + ": " + error->message);
    logged.event = std::get<domain::session_event>(std::move(decoded));
    events.push_back(std::move(logged));
  }
  if (step != SQLITE_DONE)
    throw std::runtime_error(std::string("reading events failed: ") + sqlite3_errmsg(raw));
  return events;
}

domain::consensus_projection fold_consensus(const std::vector<logged_event>& events) {
  domain::consensus_projection folded = domain::initial_consensus_projection;
  for (const auto& logged : events) folded = domain::evolve(std::move(folded), logged.event);
  return folded;
}

std::vector<std::string> consensus_differences(const json& served, const domain::consensus_projection& folded,
                                               int round) {
  std::vector<std::string> differences;
  if (!served.contains("statements") || !served["statements"].is_array() ||
      served["statements"].size() != static_cast<std::size_t>(domain::statement_count))
    return {"served consensus has no 21 statements: " + served.dump()};
  if (served.value("round", 0) != round) differences.push_back("served round " + served["round"].dump());
  for (int statement = 1; statement <= domain::statement_count; ++statement) {
    const json& row = served["statements"][static_cast<std::size_t>(statement - 1)];
    if (row.value("statement", 0) != statement)
      differences.push_back("row " + std::to_string(statement) + " misplaced");
    for (auto which : {domain::aspect::current, domain::aspect::desired}) {
      const std::string where =
          "statement " + std::to_string(statement) + " " + std::string(domain::to_string(which));
      const json& got = row[std::string(domain::to_string(which))];
      const auto expected = folded.summary(round, statement, which);
      if (got["counts"] != json(expected.counts))
        differences.push_back(where + ": counts " + got["counts"].dump() +
                              " != " + json(expected.counts).dump());
      if (got["n"] != expected.n)
        differences.push_back(where + ": n " + got["n"].dump() + " != " + std::to_string(expected.n));
      if (expected.n == 0) {
        if (!got["mean"].is_null())
          differences.push_back(where + ": mean " + got["mean"].dump() + " without answers");
      } else if (!got["mean"].is_number() || std::fabs(got["mean"].get<double>() - expected.mean) > 1e-9) {
        differences.push_back(where + ": mean " + got["mean"].dump() +
                              " != " + std::to_string(expected.mean));
      }
    }
  }
  return differences;
}

json answer_frame(const std::string& id, int statement, const std::string& aspect, int level) {
  return json{{"type", "answer"}, {"id", id}, {"statement", statement}, {"aspect", aspect}, {"level", level}};
}

}  // namespace scsa::testing
