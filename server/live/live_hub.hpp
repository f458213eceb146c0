// The live side of the server, put together: the sessions and their indexes (session_registry), the
// averages every comparison uses (comparison_averages), which connection is bound where
// (connection_bindings), the flush thread (update_flusher), and the WebSocket protocol's messages
// (message_dispatch.cpp) and the in-process API (live_hub.cpp) that drive the session actors. Every session
// tells the hub of its commits and changes (session_listener). Thread-safety: every public member may be
// called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/municipality_averages.hpp"
#include "events/event_log.hpp"
#include "server/client_connection.hpp"
#include "server/history/history_loader.hpp"
#include "server/limits/open_write_limits.hpp"
#include "server/live/command_reply.hpp"
#include "server/live/comparison_averages.hpp"
#include "server/live/connection_bindings.hpp"
#include "server/live/live_session.hpp"
#include "server/live/personal_store.hpp"
#include "server/live/protocol.hpp"
#include "server/live/session_registry.hpp"
#include "server/live/update_flusher.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

struct hub_options {
  // At most one update per interval per session audience (--update-interval-ms); the first change after a
  // quiet interval goes out at once, later ones are coalesced into one flush at the end of the interval.
  std::chrono::milliseconds update_interval{50};
  // Participants get the group's results and roadmap changes at most once per this interval
  // (--participant-update-interval-ms): a few updates a second is all a phone shows usefully, and the room's
  // Wi-Fi carries a fraction. Changes to the session itself (focus, open, reveal) still go at once.
  std::chrono::milliseconds participant_update_interval{0};
  // The flush schedule's clock; tests pass a made-up one and call flush_due() themselves.
  std::function<std::chrono::steady_clock::time_point()> clock = [] {
    return std::chrono::steady_clock::now();
  };
  double messages_per_second = 20;  // per connection, sustained
  double message_burst = 60;        // per connection, at once
  // k: a municipality average is shown only with this many respondents (--min-respondents)
  int min_respondents = domain::min_respondents_to_compare;
  // Throttles new participants per client address and session, and join codes that match nothing; null:
  // no limit (tests of other things).
  open_write_limits* limits = nullptr;
  // A session nobody ever joined and nobody watches leaves memory after this long without activity
  // (between one and two times it): its id and join code stay, it is folded from the log when found
  // again (--dormant-after-s). 0: never.
  std::chrono::milliseconds dormant_after{std::chrono::hours(1)};
  // Beyond this estimate of what the sessions in memory hold (--memory-budget-mb), the least recently active
  // of those nobody watches leave memory at the next sweep (sweep_memory). 0: no budget.
  std::size_t memory_budget_bytes = 0;
  // Whether a token is a review token of a session (the review links live beside the hub); null: none is.
  // A baseline with fewer than k participants is chosen only with its facilitator or a review token.
  std::function<bool(const std::string& session_id, const std::string& token)> may_review;
};

// What POST /api/sessions hands to the creator; the token is shown once and never stored.
struct created_session {
  std::string session_id;
  std::string join_code;
  std::string facilitator_token;
};

class live_hub final : public websocket_handler, private session_listener {
 public:
  live_hub(events::event_log& log, personal_store& names, hub_options options = {});
  ~live_hub() override;

  // Reads the long-lived projections (the directory of sessions, the municipality averages) from the newest
  // snapshot and the log after it (the whole log with use_snapshot false); call once before serving. No
  // session is in memory afterwards: each is folded from the log when first found. Returns what was read
  // (the projections themselves moved into the hub); when at least `keep_after` events were folded after
  // the snapshot, also their snapshot text, for the caller to write as the next snapshot.
  loaded_history load(bool use_snapshot = true, std::int64_t keep_after = INT64_MAX);
  // Several nodes on one PostgreSQL database: from now on, fold what other nodes commit (after what load()
  // read) into the directory, the averages and the sessions in memory, whose watchers get it as an update.
  // Call after load() and before anything is appended (demo data); a no-op on SQLite.
  void follow_other_nodes();
  // Puts the sessions to sleep that the dormancy rule or the memory budget says should leave memory
  // (hub_options::dormant_after, memory_budget_bytes); returns how many left. Called by the housekeeping.
  std::size_t sweep_memory();
  // Starts and stops the thread that flushes coalesced updates when they are due.
  void start();
  void stop();
  // Flushes every session and municipality average due at `now` (the flush thread's step; tests call it
  // with their own clock instead of starting the thread).
  void flush_due(std::chrono::steady_clock::time_point now);

  void on_open(const std::shared_ptr<client_connection>& connection) override;
  void on_message(const std::shared_ptr<client_connection>& connection, std::string text) override;
  void on_close(const std::shared_ptr<client_connection>& connection) override;
  frame_merge merge_updates(const update_frame& older, const update_frame& newer) override;

  // Creates a session (the municipality code must already be valid); `done` gets the ids or the refusal.
  // `time_ms` (here and below): when the event happened, 0 for now; demo seeding gives a past timeline.
  void create_session(const std::string& title, const std::string& municipality, domain::session_mode mode,
                      std::function<void(std::variant<created_session, command_outcome>)> done,
                      std::int64_t time_ms = 0);

  // Runs a command as a given actor, as the demo seeding and tests do; `done` as for live_session::execute.
  void execute(const std::string& session_id, const domain::actor& by, domain::command_body body,
               std::string client_id, outcome_callback done, std::int64_t time_ms = 0);
  // Joins a participant outside the WebSocket protocol (demo seeding); returns the new participant id.
  void join(const std::string& session_id, const std::optional<std::string>& name,
            const std::optional<std::string>& department,
            std::function<void(std::optional<std::string>)> done, std::int64_t time_ms = 0);

  std::shared_ptr<live_session> find_session(const std::string& session_id) const;
  // The session a join code opens (any case; spaces and dashes ignored), or null: the join page checks a
  // code before it asks for a name.
  std::shared_ptr<live_session> find_by_join_code(std::string_view code) const;
  // Whether `token` is the facilitator token of the session (constant-time comparison of hashes).
  bool is_facilitator(const std::string& session_id, std::string_view token) const;
  // The municipality's averages, or null while it has fewer than k (hub_options::min_respondents)
  // respondents (snapshots, municipality_average frames and results all go through here).
  nlohmann::json municipality_average(const std::string& code) const;
  nlohmann::json national_average() const;
  std::vector<std::string> municipalities_with_data(int min_respondents) const;
  // The municipality and national tallies (without the per-session detail), for building reports.
  domain::municipality_averages comparison_tallies() const;
  // Each session's respondents of one municipality (by session id), as the averages fold them.
  std::map<std::string, domain::session_respondents> municipality_sessions(const std::string& code) const;
  // The participant whose token this is, when they belong to this session (constant-time on the hash).
  std::optional<std::string> participant_of(const std::string& session_id, std::string_view token) const;
  std::vector<session_listing> sessions() const;  // every session, from the directory (waking none)
  // Sessions in memory, and dormant ones (only their id and join code in memory).
  std::size_t sessions_in_memory() const;
  std::size_t dormant_sessions() const;
  std::int64_t last_sequence() const;
  // Why the event log's writer stopped for good (fail-stop), or "" while it works.
  std::string log_failure() const;

 private:
  // session_listener: what every session tells the hub.
  void committed(const std::string& session_id, std::int64_t time_ms,
                 const std::vector<domain::session_event>& events) override;
  void changed(const std::shared_ptr<live_session>& session) override;
  void fold_other_nodes_commits(const std::vector<events::recorded_event>& events);
  // Sets one participant's name as the shared tables hold it.
  void adopt_name(live_session& session, const std::string& participant_id);

  // The protocol's messages (message_dispatch.cpp); each answers its message once through `reply`.
  void handle(const std::shared_ptr<client_connection>& connection, client_message message,
              const command_reply& reply);
  void handle_join(const std::shared_ptr<client_connection>& connection, const join_message& join,
                   const command_reply& reply);
  void handle_resume(const std::shared_ptr<client_connection>& connection, const resume_message& resume,
                     const command_reply& reply);
  void handle_facilitate(const std::shared_ptr<client_connection>& connection,
                         const facilitate_message& facilitate, const command_reply& reply);
  void handle_choose_baseline(const std::shared_ptr<client_connection>& connection, const std::string& id,
                              const choose_baseline_message& choose, const command_reply& reply);
  void handle_rename(const std::shared_ptr<client_connection>& connection, const std::string& id,
                     const rename_message& rename, const command_reply& reply);
  void handle_command(const std::shared_ptr<client_connection>& connection, const std::string& id,
                      domain::command_body body, const command_reply& reply);
  void handle_roadmap(const std::shared_ptr<live_session>& session, const domain::actor& as,
                      const std::string& who, const std::string& id, domain::roadmap_command command,
                      const command_reply& reply);

  // A session folded again from its events in the log; null when the log cannot be read.
  std::shared_ptr<live_session> fold_from_log(const std::string& session_id) const;
  std::shared_ptr<live_session> make_session(const std::string& session_id) const;

  // Sends a municipality's average to the facilitators of the sessions there (on the flush thread).
  void send_average(const std::string& municipality);

  events::event_log& log_;
  personal_store& names_;
  std::int64_t loaded_through_ = 0;  // what load() read: other nodes' commits are followed from here
  hub_options options_;
  session_registry sessions_;
  comparison_averages averages_;
  connection_bindings connections_;
  update_flusher flusher_;
};

}  // namespace scsa::server
