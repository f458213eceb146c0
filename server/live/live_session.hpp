// One live assessment session: the actor that owns its state, decides commands, appends the events and,
// only after the commit, folds them into the projections and acknowledges the sender.
// Thread-safety: every public member may be called from any thread; two mutexes keep decisions in the
// order their appends are queued (submit_mutex_) and guard the state (state_mutex_).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/municipality_averages.hpp"
#include "domain/roadmap_changes.hpp"
#include "domain/session_decider.hpp"
#include "domain/statement_changes.hpp"
#include "events/event_log.hpp"
#include "server/client_connection.hpp"

namespace scsa::server {

// How a command ended, for the sender: an ack with the sequence that made it durable, or an error.
// Where an acknowledged command's time went on its way to the log (the /metrics ack-path stages).
struct ack_stages {
  std::chrono::nanoseconds decide{};  // from execute() to the append handed to the log's writer
  std::chrono::nanoseconds queue{};   // waiting for the writer to take it into a transaction
  std::chrono::nanoseconds commit{};  // that transaction, fsync included
  std::chrono::steady_clock::time_point committed_at{};  // from here to the ack's send is the reply stage
};

struct command_outcome {
  bool accepted = false;             // ack (true) or error (false)
  std::int64_t seq = 0;              // accepted: the log sequence that holds the command's effect
  std::string code;                  // refused: stable error code
  std::string message;               // refused: for people
  std::optional<ack_stages> stages;  // an ack of a command this call committed
};
using outcome_callback = std::function<void(const command_outcome&)>;

class live_session;

// Who hears of a session's commits and changes: the hub (live_hub), which indexes what commits make (join
// codes, tokens, municipality averages) and schedules the updates watchers get.
class session_listener {
 public:
  virtual ~session_listener() = default;
  // On the log's writer thread, after each commit of the session, before its acks are sent.
  // `time_ms`: the time the append carried.
  virtual void committed(const std::string& session_id, std::int64_t time_ms,
                         const std::vector<domain::session_event>& events) = 0;
  // Outside the session's locks, whenever something its watchers see changed (a commit, a watcher, a name).
  virtual void changed(const std::shared_ptr<live_session>& session) = 0;
};

class live_session : public std::enable_shared_from_this<live_session> {
 public:
  // `min_respondents` (k): the dashboard compares departments with at least this many participants.
  // `listener` may be null (a session on its own, in tests); it must outlive the session.
  live_session(std::string session_id, events::event_log& log, session_listener* listener,
               int min_respondents = domain::min_respondents_to_compare);

  // Folds one stored event while loading the log at start (no locking needed before the hub is live).
  void load(const events::recorded_event& recorded, const domain::session_event& event);

  // Folds an event another node committed (in version order; one already folded is skipped), as a commit
  // of its own would be: watchers get it in the next update.
  void fold_other_node(const events::recorded_event& recorded, const domain::session_event& event);

  // Decides a command and, when it decides events, appends them. `done` is called exactly once: at once
  // for a refusal, after the commit for an ack. `log_command_id` is unique over the whole log.
  void execute(domain::command command, std::string log_command_id, std::int64_t time_ms,
               outcome_callback done);

  // Watchers: connections that receive snapshots and coalesced updates.
  // `protocol` is the update format the connection reads (2: results and consensus as changes).
  // `deliver` gets the watcher's snapshot under the state lock, in the same step that makes it a watcher,
  // and must queue it there (send, never wait): every update the watcher gets is then queued after it. An
  // update built after a snapshot but queued before it would be undone by it on the client.
  using snapshot_sink = std::function<void(nlohmann::json snapshot)>;
  void watch_as_facilitator(const std::shared_ptr<client_connection>& connection, int protocol = 1,
                            const snapshot_sink& deliver = {});
  void watch_as_participant(const std::shared_ptr<client_connection>& connection,
                            const std::string& participant_id, int protocol = 1,
                            const snapshot_sink& deliver = {});
  void unwatch(const std::shared_ptr<client_connection>& connection);

  // Sends what changed since the last flush to the watchers: one buffer per audience and format, shared by
  // all. Participants' results and roadmap wait for their interval to pass since their last update; the
  // session then asks to be flushed again.
  void flush_updates(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  // Participants get results and roadmap changes at most once per `interval` (0: with every flush).
  void set_participant_interval(std::chrono::milliseconds interval);

  // Read-only views, built under the state lock.
  nlohmann::json facilitator_snapshot() const;
  nlohmann::json participant_snapshot(const std::string& participant_id) const;
  nlohmann::json results() const;
  domain::session_state state() const;
  // The session's state and consensus projection as of one commit (a consistent pair), for reports.
  std::pair<domain::session_state, domain::consensus_projection> report_view() const;
  std::int64_t last_sequence() const;

  // Sends one shared update to every facilitator watching (e.g. the municipality's live average).
  void send_to_facilitators(const std::shared_ptr<const std::string>& frame);

  // Names are personal data kept outside the log; the hub tells the session who is called what.
  void set_name(const std::string& participant_id, std::string name);
  // Texts of the roadmap dialogue live outside the log too: the hub hands them over by id.
  void set_text(const std::string& text_id, std::string text);
  void set_texts(std::map<std::string, std::string> texts);
  // What the roadmap's page and exports read: the state, the current round's consensus and the texts.
  struct roadmap_sources {
    domain::session_state state;
    domain::round_consensus consensus;
    std::map<std::string, std::string> texts;
    std::map<std::string, std::string> names;
  };
  roadmap_sources roadmap_view() const;
  // The roadmap's texts alone (reports and exports that already have the state, or need no state).
  std::map<std::string, std::string> typed_texts() const;
  // A participant's votes this round and how many are left: {"votes": [...], "votes_left": n}.
  nlohmann::json own_votes(const std::string& participant_id) const;

  // Whether dropping it from memory and folding it again from the log later loses nothing: nobody watches
  // and no append is in flight (its names and texts are read again on waking; docs/operations.md).
  bool may_sleep() const;
  // What it holds in memory, estimated from its events (measured: ops/bench S8, docs/performance.md).
  std::size_t approximate_bytes() const;
  static constexpr std::size_t bytes_per_session = 4096;
  static constexpr std::size_t bytes_per_event = 480;
  // A stamp that moves whenever anything happens to the session (a command, a watcher, a change), from one
  // counter for all sessions: the registry tells "quiet since I last looked" and which was active last.
  std::uint64_t activity() const { return activity_.load(std::memory_order_relaxed); }

  const std::string& id() const { return session_id_; }
  std::string municipality() const;
  // The stored hash of a participant's token, or "" when there is no such participant.
  std::string participant_token_hash(const std::string& participant_id) const;

 private:
  struct waiting_ack {
    std::int64_t version = 0;  // the pending version the command's effect depends on
    outcome_callback done;     // called when that version is committed (or with an error)
  };
  // A command to decide (again): after another node moved the stream, it is decided on the log's state.
  struct attempt {
    domain::command command;
    std::string log_command_id;
    std::int64_t time_ms = 0;
    outcome_callback done;
    int number = 1;  // at most max_attempts
  };
  static constexpr int max_attempts = 4;
  // What an append's completion needs to know of its command.
  struct appended_command {
    attempt tried;
    std::vector<domain::session_event> decided;
    std::chrono::steady_clock::time_point received;
    std::int64_t decided_at_version = 0;  // the pending state's version it was decided on
  };

  void execute_attempt(attempt tried);
  void on_appended(const events::append_result& result, const appended_command& appended);
  // Reads the events other nodes added to the stream, folds them, and decides the held commands again.
  void catch_up_and_retry();
  void fold_committed_locked(const std::string& command_id, const domain::session_event& event);
  void settle_waiting_acks_locked(std::vector<std::pair<outcome_callback, command_outcome>>& to_call);
  void changed();  // tells the listener; call without state_mutex_
  void mark_active();
  nlohmann::json session_json_locked() const;
  nlohmann::json presence_json_locked() const;
  // Presence's counts walk every participant and every open page: a large room's every facilitator update
  // did that under the state lock. Kept until the room's members or pages change.
  struct member_counts {
    std::size_t participants = 0;  // not removed
    std::size_t connected = 0;     // of those, with a page open
  };
  member_counts member_counts_locked() const;
  nlohmann::json departments_json_locked() const;  // departments with at least k participants
  nlohmann::json participants_json_locked() const;
  nlohmann::json facilitator_snapshot_locked() const;
  nlohmann::json participant_snapshot_locked(const std::string& participant_id) const;
  // The entries of these participants only: what a facilitator's update carries (a full list of thousands of
  // participants in every update made a large event's dashboard slow and its joins slower).
  nlohmann::json participant_entries_locked(const std::set<std::string>& participant_ids) const;
  // The ids of the participants with a page open, sorted and each once; views into participants_, valid while
  // the state lock is held. Built for every facilitator update: a std::set of copies cost a large room's
  // flush more than the rest of the update (and deciding waits for that flush's lock).
  using connected_ids = std::vector<std::string_view>;
  nlohmann::json participant_entry_locked(const std::string& participant_id,
                                          const connected_ids& connected) const;
  connected_ids connected_participants_locked() const;
  nlohmann::json group_results_json_locked() const;  // participants' view: counts, n and mean only
  nlohmann::json rounds_json_locked() const;         // every round's consensus and summary, round 1 first
  nlohmann::json facilitator_roadmap_json_locked() const;
  // The frame for each update format of an audience: `whole` for protocol 1, `changes` for 2 (the same
  // frame when nothing in it differs); made only for formats someone reads.
  struct audience_frames {
    update_frame whole;
    update_frame changes;
  };
  // The same before serialising: built under the state lock, serialised outside it.
  struct audience_updates {
    std::optional<nlohmann::json> whole;
    std::optional<nlohmann::json> changes;
    bool same = false;  // protocol 2 reads the whole frame too (nothing in it is sent as changes)
  };
  static audience_frames serialised(audience_updates updates);
  static update_frame serialised(nlohmann::json update);  // with its shape (update_merge.hpp)
  // The whole roadmap or what changed in it, for one audience.
  void add_roadmap_locked(nlohmann::json& update, bool facilitator,
                          const domain::roadmap_changes& changes) const;

  const std::string session_id_;
  events::event_log& log_;
  session_listener* const listener_;
  int min_respondents_;

  std::mutex submit_mutex_;  // held from decide to append, so appends are queued in decision order
  mutable std::mutex state_mutex_;

  domain::session_state committed_;  // folded from committed events only: what everyone sees
  domain::session_state pending_;    // committed plus decided-but-not-yet-committed: what decide sees
  domain::consensus_projection consensus_;
  std::int64_t last_sequence_ = 0;  // of this session's newest committed event
  int in_flight_ = 0;               // appends queued, not completed
  bool resync_ = false;             // an append failed: pending_ must be rebuilt
  bool catching_up_ = false;        // another node moved the stream: commands wait in retries_
  std::vector<attempt> retries_;    // decided again once the in-flight appends ended and the log is read
  std::unordered_map<std::string, std::int64_t> command_sequences_;  // log command id -> its last sequence
  std::vector<waiting_ack> waiting_;                                 // acks that depend on in-flight appends
  std::map<std::string, std::string> names_;                         // participant id -> display name
  std::map<std::string, std::string> texts_;                         // text id -> what was typed

  std::set<std::shared_ptr<client_connection>> facilitators_;
  std::map<std::shared_ptr<client_connection>, std::string> participants_;  // connection -> participant id
  std::set<std::shared_ptr<client_connection>> reads_changes_;  // watchers of protocol 2 and later
  std::atomic<std::uint64_t> activity_{0};
  bool dirty_ = false;  // something changed since the last flush
  // What changed since an audience's last update. Facilitators get theirs every flush; participants at
  // most once per participant interval (--participant-update-interval-ms), except for changes to the session
  // itself (the facilitator steering the room), which go at once.
  struct pending_changes {
    bool session = false;  // open statements, reveal, focus, round or closed changed
    bool results = false;  // the group's counts changed
    // The roadmap's changed entries, and the statements whose results changed: updates carry those, not
    // whole views (a whole roadmap of hundreds of actions, or all 42 distributions, on every change).
    domain::roadmap_changes roadmap;
    domain::statement_changes statements;
    void clear() { *this = pending_changes{}; }
  };
  pending_changes for_facilitators_;
  pending_changes for_participants_;
  std::chrono::milliseconds participant_interval_{0};
  std::chrono::steady_clock::time_point participants_flushed_{};  // the last participants' update
  bool participants_held_ = false;  // for_participants_ waits for the interval: flush again
  bool own_votes_dirty_ = false;    // a merge, a new budget or a new round changed everyone's own votes
  std::set<std::string> changed_members_;  // participants who joined, left, reconnected or were renamed
  mutable std::optional<member_counts> member_counts_;  // see member_counts_locked
  std::vector<std::string> newly_removed_;  // participants removed since the last flush: they are told
};

}  // namespace scsa::server
