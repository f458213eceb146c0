// The live side of the server: every session's actor, the indexes that find a session by join code and a
// participant by token, the municipality averages, and the WebSocket protocol that ties clients to them.
// Thread-safety: every public member may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/municipality_averages.hpp"
#include "events/event_log.hpp"
#include "server/client_connection.hpp"
#include "server/live/live_session.hpp"
#include "server/live/personal_store.hpp"
#include "server/live/protocol.hpp"
#include "server/live/update_throttle.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

struct hub_options {
  // At most one update per interval per session audience (--update-interval-ms); the first change after a
  // quiet interval goes out at once, later ones are coalesced into one flush at the end of the interval.
  std::chrono::milliseconds update_interval{50};
  // The flush schedule's clock; tests pass a made-up one and call flush_due() themselves.
  std::function<std::chrono::steady_clock::time_point()> clock = [] {
    return std::chrono::steady_clock::now();
  };
  double messages_per_second = 20;  // per connection, sustained
  double message_burst = 60;        // per connection, at once
  // k: a municipality average is shown only with this many respondents (--min-respondents)
  int min_respondents = domain::min_respondents_to_compare;
};

// What POST /api/sessions hands to the creator; the token is shown once and never stored.
struct created_session {
  std::string session_id;
  std::string join_code;
  std::string facilitator_token;
};

// A short description of a session, for lists.
struct session_listing {
  std::string session_id;
  std::string title;
  std::string municipality;
  domain::session_mode mode;
  std::size_t participants;
  bool closed;
};

class live_hub final : public websocket_handler {
 public:
  live_hub(events::event_log& log, personal_store& names, hub_options options = {});
  ~live_hub() override;

  // Folds the whole log into the sessions and projections; call once before serving.
  void load();
  // Starts and stops the thread that flushes coalesced updates when they are due.
  void start();
  void stop();
  // Flushes every session and municipality average due at `now` (the flush thread's step; tests call it
  // with their own clock instead of starting the thread).
  void flush_due(std::chrono::steady_clock::time_point now);

  void on_open(const std::shared_ptr<client_connection>& connection) override;
  void on_message(const std::shared_ptr<client_connection>& connection, std::string text) override;
  void on_close(const std::shared_ptr<client_connection>& connection) override;

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
  // The participant whose token this is, when they belong to this session (constant-time on the hash).
  std::optional<std::string> participant_of(const std::string& session_id, std::string_view token) const;
  std::vector<session_listing> sessions() const;
  std::int64_t last_sequence() const;
  // Why the event log's writer stopped for good (fail-stop), or "" while it works.
  std::string log_failure() const;

 private:
  struct connection_state {
    std::shared_ptr<live_session> session;  // the session the connection is bound to, if any
    domain::actor as;                       // who the connection is in that session
    double tokens = 0;                      // rate-limit bucket
    std::chrono::steady_clock::time_point refilled;
  };
  struct participant_ref {
    std::string session_id;
    std::string participant_id;
  };

  // Each answers the message once (ack or error) and tells `meter` how it was answered.
  void handle(const std::shared_ptr<client_connection>& connection, client_message message,
              const command_meter& meter);
  void handle_join(const std::shared_ptr<client_connection>& connection, const std::string& id,
                   const join_message& join, const command_meter& meter);
  void handle_resume(const std::shared_ptr<client_connection>& connection, const std::string& id,
                     const resume_message& resume, const command_meter& meter);
  void handle_facilitate(const std::shared_ptr<client_connection>& connection, const std::string& id,
                         const facilitate_message& facilitate, const command_meter& meter);
  void handle_rename(const std::shared_ptr<client_connection>& connection, const std::string& id,
                     const rename_message& rename, const command_meter& meter);
  void handle_command(const std::shared_ptr<client_connection>& connection, const std::string& id,
                      domain::command_body body, const command_meter& meter);

  bool take_rate_token(const std::shared_ptr<client_connection>& connection);
  std::optional<connection_state> binding(const std::shared_ptr<client_connection>& connection) const;
  void bind(const std::shared_ptr<client_connection>& connection,
            const std::shared_ptr<live_session>& session, domain::actor as);
  std::shared_ptr<live_session> session_for(const std::string& session_id);
  void on_commit(const std::string& session_id, const std::vector<domain::session_event>& events);
  // Puts a changed session (or a municipality's average) on the flush schedule; wakes the flush thread
  // when it is due before the thread meant to wake.
  void schedule(const std::shared_ptr<live_session>& session);
  void schedule_average(const std::string& municipality);
  void wake_flusher_by(std::chrono::steady_clock::time_point due);
  void flush_loop();
  void flush_average(const std::string& municipality);

  events::event_log& log_;
  personal_store& names_;
  hub_options options_;

  mutable std::shared_mutex index_mutex_;
  std::unordered_map<std::string, std::shared_ptr<live_session>> sessions_;  // by session id
  std::unordered_map<std::string, std::string> join_codes_;                  // code -> session id
  std::unordered_map<std::string, participant_ref> participant_tokens_;      // token hash -> participant

  mutable std::mutex averages_mutex_;
  domain::municipality_averages averages_;

  mutable std::mutex connections_mutex_;
  std::unordered_map<std::uint64_t, connection_state> connections_;  // by connection id
  std::set<std::shared_ptr<live_session>> watched_;                  // sessions that ever had watchers

  std::mutex flush_mutex_;  // guards the two schedules, flusher_wakes_at_ and stopping_ (a leaf lock)
  update_throttle<std::shared_ptr<live_session>> session_schedule_;
  update_throttle<std::string> average_schedule_;                          // by municipality code
  std::optional<std::chrono::steady_clock::time_point> flusher_wakes_at_;  // none: sleeps until woken
  std::condition_variable flush_wakeup_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace scsa::server
