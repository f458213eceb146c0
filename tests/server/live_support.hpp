// What the live-server tests share: a WebSocket peer that keeps every frame and finds replies by command id,
// session creation and results over HTTP, and an independent reading of the event log (sqlite3 directly,
// decode, fold) to compare the server's answers with. A live_peer belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/session_events.hpp"
#include "tests/server/test_client.hpp"

namespace scsa::testing {

using json = nlohmann::json;
using frame_predicate = std::function<bool(const json&)>;

// A WebSocket client that parses every frame, keeps them all (history) and lets a test take the first
// frame that matches, leaving the others for later.
class live_peer {
 public:
  bool connect(std::uint16_t port);
  bool send(const json& frame);
  bool send_text(std::string_view text);

  // The first frame not yet taken that matches, reading more until the timeout; nullopt when none came.
  std::optional<json> take(const frame_predicate& matches, std::chrono::milliseconds timeout = 10s);
  // The ack or error that carries this command id.
  std::optional<json> reply(const std::string& id, std::chrono::milliseconds timeout = 10s);
  // Sends the frame and waits for its reply.
  std::optional<json> request(const json& frame, std::chrono::milliseconds timeout = 10s);
  // Collects the replies to many command ids (sent before); the map misses the ids that got none in time.
  std::map<std::string, json> replies(const std::set<std::string>& ids,
                                      std::chrono::milliseconds timeout = 10s);
  // Reads everything the server sent before the reply to a ping (frames on one connection stay in order).
  bool sync(std::chrono::milliseconds timeout = 10s);

  const std::vector<json>& history() const { return history_; }  // every frame received, in order
  ws_client& socket() { return ws_; }

 private:
  bool receive_one(std::chrono::milliseconds timeout);

  ws_client ws_;
  std::deque<json> pending_;  // received, not yet taken
  std::vector<json> history_;
  int sync_count_ = 0;
};

// POST /api/sessions; throws (with the status and body) unless the server answers 201.
struct created_session {
  std::string session_id;
  std::string join_code;
  std::string facilitator_token;
};
created_session create_session(std::uint16_t port, const std::string& title,
                               const std::string& mode = "workshop");

// GET /api/sessions/{id}/results with the bearer token; throws unless 200.
json fetch_results(std::uint16_t port, const std::string& session_id, const std::string& token);

// One stored event of a session, decoded.
struct logged_event {
  std::int64_t sequence = 0;
  std::string type;
  std::string command_id;
  domain::session_event event;
};

// Every event of the session in sequence order, read with the sqlite3 C API on a read-only connection.
// Throws on a storage or decoding failure.
std::vector<logged_event> read_session_log(const std::filesystem::path& db, const std::string& session_id);

// domain::evolve over the events, from the initial consensus projection.
domain::consensus_projection fold_consensus(const std::vector<logged_event>& events);

// Where a served consensus ({"round","statements":[...]}) differs from the fold's in counts, n or mean;
// empty when they agree.
std::vector<std::string> consensus_differences(const json& served, const domain::consensus_projection& folded,
                                               int round = 1);

// {"type":"answer",...} with the given command id.
json answer_frame(const std::string& id, int statement, const std::string& aspect, int level);

}  // namespace scsa::testing
