// The live session actor: decide against pending state, append, fold after commit, ack, coalesce updates.
#include "server/live/live_session.hpp"

#include <algorithm>
#include <utility>

#include "domain/department_comparison.hpp"
#include "domain/event_codec.hpp"
#include "domain/overloaded.hpp"
#include "domain/participant_view.hpp"
#include "domain/replay.hpp"
#include "domain/roadmap_view.hpp"
#include "domain/session_summary.hpp"
#include "server/live/protocol.hpp"
#include "server/live/update_merge.hpp"
#include "server/ops/metrics.hpp"
#include "server/stored_event.hpp"
#ifdef SCSA_UNSAFE_ACK_BEFORE_COMMIT
#include "server/live/unsafe_delayed_appends.hpp"
#endif

namespace scsa::server {

namespace {

using json = nlohmann::json;

std::string actor_text(const domain::actor& by) {
  switch (by.role) {
    case domain::actor_role::participant:
      return "participant:" + by.participant_id;
    case domain::actor_role::facilitator:
      return "facilitator";
    case domain::actor_role::operator_:
      return "operator";
    case domain::actor_role::anonymous:
      return "anonymous";
  }
  return "anonymous";
}

// What an event changes for the watchers.
struct event_effect {
  bool session = false;  // open statements, reveal, round or closed changed: everyone sees it
  bool results = false;  // the group's counts changed
  bool members = false;  // who takes part changed
};

event_effect effect_of(const domain::session_event& event) {
  using namespace domain;
  return std::visit(overloaded{
                        [](const session_created&) {
                          return event_effect{true, false, false};
                        },
                        [](const participant_joined&) {
                          return event_effect{false, false, true};
                        },
                        [](const participant_renamed&) {
                          return event_effect{false, false, true};
                        },
                        [](const participant_removed&) {
                          return event_effect{false, true, true};
                        },
                        [](const statement_opened&) {
                          return event_effect{true, false, false};
                        },
                        [](const statement_closed&) {
                          return event_effect{true, false, false};
                        },
                        [](const statement_focused&) {
                          return event_effect{true, false, false};
                        },
                        [](const results_revealed&) {
                          return event_effect{true, true, false};
                        },
                        [](const results_hidden&) {
                          return event_effect{true, false, false};
                        },
                        [](const round_started&) {
                          return event_effect{true, true, false};
                        },
                        [](const answer_given&) {
                          return event_effect{false, true, false};
                        },
                        [](const answer_withdrawn&) {
                          return event_effect{false, true, false};
                        },
                        [](const session_closed&) {
                          return event_effect{true, false, false};
                        },
                        [](const session_reopened&) {
                          return event_effect{true, false, false};
                        },
                        [](const roadmap_event&) {
                          return event_effect{};  // roadmap_changes notes what it changed
                        },
                        [](const baseline_event&) {
                          return event_effect{true, false, false};  // the session's baseline
                        },
                    },
                    event);
}

// Whether an event changes participants' own votes without their asking: they are told in an update of
// their own (a vote of their own is answered in its ack).
bool changes_own_votes(const domain::session_event& event) {
  if (std::holds_alternative<domain::round_started>(event)) return true;
  const auto* roadmap = std::get_if<domain::roadmap_event>(&event);
  return roadmap != nullptr && (std::holds_alternative<domain::actions_merged>(*roadmap) ||
                                std::holds_alternative<domain::vote_budget_set>(*roadmap));
}

// Activity stamps come from one counter for every session: a higher stamp was active more recently, so the
// registry can put the least recently active sessions to sleep first.
std::atomic<std::uint64_t> activity_clock{0};

std::uint64_t next_activity_stamp() {
  return activity_clock.fetch_add(1, std::memory_order_relaxed) + 1;
}

command_outcome refused(std::string code, std::string message) {
  return command_outcome{false, 0, std::move(code), std::move(message), std::nullopt};
}

command_outcome acknowledged(std::int64_t seq) {
  return command_outcome{true, seq, {}, {}, std::nullopt};
}

}  // namespace

live_session::live_session(std::string session_id, events::event_log& log, session_listener* listener,
                           int min_respondents)
    : session_id_(std::move(session_id)),
      log_(log),
      listener_(listener),
      min_respondents_(min_respondents),
      activity_(next_activity_stamp()) {}

void live_session::mark_active() {
  activity_.store(next_activity_stamp(), std::memory_order_relaxed);
}

void live_session::changed() {
  mark_active();
  if (listener_ != nullptr) listener_->changed(shared_from_this());
}

void live_session::load(const events::recorded_event& recorded, const domain::session_event& event) {
  std::lock_guard lock(state_mutex_);
  domain::stamped_event stamped{recorded.command_id, event};
  committed_ = domain::evolve(std::move(committed_), stamped);
  pending_ = domain::evolve(std::move(pending_), stamped);  // folded twice: a copy per event would be O(n²)
  consensus_ = domain::evolve(std::move(consensus_), event);
  last_sequence_ = recorded.sequence;
  command_sequences_[recorded.command_id] = recorded.sequence;
  member_counts_.reset();
}

void live_session::execute(domain::command command, std::string log_command_id, std::int64_t time_ms,
                           outcome_callback done) {
  execute_attempt(attempt{std::move(command), std::move(log_command_id), time_ms, std::move(done), 1});
}

void live_session::execute_attempt(attempt tried) {
  const auto received = std::chrono::steady_clock::now();
  mark_active();  // a refused command too: someone is at work here
  auto& command = tried.command;
  const std::string& log_command_id = tried.log_command_id;
  const std::int64_t time_ms = tried.time_ms;
  auto& done = tried.done;
  std::unique_lock submit(submit_mutex_);
  std::vector<domain::session_event> decided;
  std::int64_t expected_version = 0;
  std::optional<command_outcome> answer_now;
  std::vector<events::new_event> encoded;
  {
    std::lock_guard lock(state_mutex_);
    if (auto known = command_sequences_.find(log_command_id); known != command_sequences_.end()) {
      answer_now = acknowledged(known->second);  // a retry of a committed command: the original sequence
    } else if (catching_up_) {
      retries_.push_back(std::move(tried));  // decided once the log's state is known
      return;
    } else if (resync_) {
      answer_now = refused("storage_error", "the server could not store a change; try again");
    } else {
      command.command_id = log_command_id;
      auto decision = domain::decide(command, pending_);
      if (auto* rejected = std::get_if<domain::rejection>(&decision)) {
        answer_now = refused(rejected->code, rejected->message);
      } else {
        decided = std::move(std::get<std::vector<domain::session_event>>(decision));
        if (decided.empty()) {
          // Nothing changes; the state it relies on may still be in flight, so ack only once it is durable.
          if (in_flight_ == 0)
            answer_now = acknowledged(last_sequence_);
          else
            waiting_.push_back(waiting_ack{pending_.version, std::move(done)});
        } else {
          // Encoded before the pending state moves: a failure here must leave the session as it was.
          try {
            for (const auto& event : decided)
              encoded.push_back(events::new_event{std::string(domain::event_type(event)),
                                                  domain::event_schema_version,
                                                  domain::encode_event(event).dump()});
          } catch (const std::exception&) {
            answer_now = refused("internal_error", "the server could not store this command");
          }
          if (!answer_now) {
            expected_version = pending_.version;
            for (const auto& event : decided)
              pending_ = domain::evolve(std::move(pending_), domain::stamped_event{log_command_id, event});
            ++in_flight_;
          }
        }
      }
    }
  }
  if (answer_now) {
    submit.unlock();
    done(*answer_now);
    return;
  }
  if (decided.empty()) return;

  events::append_request request;
  request.stream_id = session_id_;
  request.expected_version = expected_version == 0 ? events::no_stream : expected_version;
  request.command_id = log_command_id;
  request.actor = actor_text(command.by);
  request.time_ms = time_ms;
  request.events = std::move(encoded);
#ifdef SCSA_UNSAFE_ACK_BEFORE_COMMIT
  // Test-only fault (ops/chaos proves the durability harness sees the loss): acknowledge before the
  // commit, and hold the append back a while, so a crash between the two loses acknowledged commands
  // whenever the harness kills (a commit alone takes a few milliseconds: too short a window to hit
  // reliably). Never in a package: CMake builds this only with the tests.
  done(acknowledged(last_sequence()));
  done = [](const command_outcome&) {};
  // Only answers wait: a session or a join must be indexed (on commit) before its code or token is used.
  const bool answers_only = std::all_of(decided.begin(), decided.end(), [](const domain::session_event& e) {
    return std::holds_alternative<domain::answer_given>(e) ||
           std::holds_alternative<domain::answer_withdrawn>(e);
  });
  if (answers_only) {
    unsafe_delayed_appends().post(
        [self = shared_from_this(), request = std::move(request),
         appended = appended_command{std::move(tried), decided, received}]() mutable {
          self->log_.append(std::move(request), [self, appended](const events::append_result& result) {
            self->on_appended(result, appended);
          });
        });
    return;
  }
#endif
  log_.append(std::move(request),
              [self = shared_from_this(),
               appended = appended_command{std::move(tried), std::move(decided), received, expected_version}](
                  const events::append_result& result) { self->on_appended(result, appended); });
}

void live_session::on_appended(const events::append_result& result, const appended_command& appended) {
  const auto& decided = appended.decided;
  const auto& log_command_id = appended.tried.log_command_id;
  const auto& done = appended.tried.done;
  const auto received = appended.received;
  const auto time_ms = appended.tried.time_ms;
  std::vector<std::pair<outcome_callback, command_outcome>> to_call;
  bool committed = result.status == events::append_status::committed;
  bool catch_up = false;
  {
    std::lock_guard lock(state_mutex_);
    --in_flight_;
    // Commands are decided on the pending state, one on top of the other while earlier ones are in flight:
    // if an earlier one lost (another node appended first), a later one can still match the stream's
    // version and land, on top of the other node's events. It is durable, so it is acknowledged; but its
    // events are not where this copy expected them, so the copy reads the log instead of folding them.
    const bool landed_as_decided =
        result.stream_version == appended.decided_at_version + static_cast<std::int64_t>(decided.size()) &&
        committed_.version == appended.decided_at_version;
    if (committed && !landed_as_decided) {
      last_sequence_ = std::max(last_sequence_, result.last_sequence);
      to_call.emplace_back(done, acknowledged(result.last_sequence));
      resync_ = true;
      catching_up_ = true;
    } else if (committed) {
      for (const auto& event : decided) fold_committed_locked(log_command_id, event);
      last_sequence_ = result.last_sequence;
      command_sequences_[log_command_id] = result.last_sequence;
      auto ack = acknowledged(result.last_sequence);
      ack.stages = ack_stages{result.submitted - received, result.batch_started - result.submitted,
                              result.committed_at - result.batch_started, result.committed_at};
      to_call.emplace_back(done, std::move(ack));
    } else if (result.status == events::append_status::duplicate) {
      // Stored before under this id, so the decided events were not written again: pending_ is ahead.
      command_sequences_[log_command_id] = result.last_sequence;
      to_call.emplace_back(done, acknowledged(result.last_sequence));
      resync_ = true;
    } else if (result.status == events::append_status::version_conflict) {
      // Another node appended to this stream since this was decided: read what it added, decide again.
      resync_ = true;
      catching_up_ = true;
      auto again = appended.tried;
      ++again.number;
      retries_.push_back(std::move(again));
    } else {
      resync_ = true;
      to_call.emplace_back(done, refused("storage_error", "the server could not store this; try again"));
    }
    settle_waiting_acks_locked(to_call);
    catch_up = catching_up_ && in_flight_ == 0;
  }
  if (committed && listener_ != nullptr) listener_->committed(session_id_, time_ms, decided);
  if (committed) changed();  // before the acks: the update's flush is underway when the sender hears back
  for (auto& [callback, outcome] : to_call) callback(outcome);
  if (catch_up) catch_up_and_retry();
}

void live_session::catch_up_and_retry() {
  std::int64_t from = 0;
  {
    std::lock_guard lock(state_mutex_);
    from = committed_.version + 1;
  }
  std::string failure;
  try {
    for (const auto& recorded : log_.read_stream(session_id_, from))
      fold_other_node(recorded, decode_stored(recorded));
  } catch (const std::exception& error) {
    failure = error.what();
  }
  std::vector<attempt> again;
  {
    std::lock_guard lock(state_mutex_);
    if (in_flight_ > 0) return;  // a command decided meanwhile is in flight: its completion comes back here
    again.swap(retries_);
    catching_up_ = false;
  }
  // Counted are the commands that lost on the expected version, not those that only waited meanwhile.
  metrics().command_retried(static_cast<std::size_t>(
      std::count_if(again.begin(), again.end(), [](const attempt& tried) { return tried.number > 1; })));
  for (auto& tried : again) {
    if (!failure.empty() || tried.number > max_attempts)
      tried.done(refused("storage_error", "the session changed on another server meanwhile; try again"));
    else
      execute_attempt(std::move(tried));
  }
}

void live_session::fold_committed_locked(const std::string& command_id, const domain::session_event& event) {
  committed_ = domain::evolve(std::move(committed_), domain::stamped_event{command_id, event});
  consensus_ = domain::evolve(std::move(consensus_), event);
  if (const auto* removed = std::get_if<domain::participant_removed>(&event))
    newly_removed_.push_back(removed->participant_id);
  auto effect = effect_of(event);
  dirty_ = true;
  for (auto* pending : {&for_facilitators_, &for_participants_}) {
    pending->session = pending->session || effect.session;
    pending->results = pending->results || effect.results;
    pending->roadmap.note(event, committed_);
    pending->statements.note(event);
  }
  own_votes_dirty_ = own_votes_dirty_ || changes_own_votes(event);
  if (effect.members)
    std::visit(
        [this](const auto& e) {
          if constexpr (requires { e.participant_id; }) changed_members_.insert(e.participant_id);
        },
        event);
}

void live_session::fold_other_node(const events::recorded_event& recorded,
                                   const domain::session_event& event) {
  bool read_log = false;
  {
    std::lock_guard lock(state_mutex_);
    // Read already when this session was folded from the log (the follower may come later with it).
    if (recorded.version <= committed_.version) return;
    if (recorded.version > committed_.version + 1) {
      // A commit of this node's in between is not folded yet (its completion is on its way), or this
      // session missed events: the log is read in order once nothing is in flight.
      catching_up_ = true;
      if (in_flight_ > 0)
        resync_ = true;
      else
        read_log = true;
    } else {
      fold_committed_locked(recorded.command_id, event);
      last_sequence_ = std::max(last_sequence_, recorded.sequence);
      command_sequences_[recorded.command_id] = recorded.sequence;
      if (in_flight_ == 0) {
        pending_ = domain::evolve(std::move(pending_), domain::stamped_event{recorded.command_id, event});
      } else {
        // What is in flight was decided without this event and will lose on the expected version: new
        // commands wait until it has, and are decided on the log's state then.
        resync_ = true;
        catching_up_ = true;
      }
    }
  }
  if (read_log)
    catch_up_and_retry();
  else
    changed();
}

void live_session::settle_waiting_acks_locked(
    std::vector<std::pair<outcome_callback, command_outcome>>& to_call) {
  auto durable = [&](const waiting_ack& w) { return w.version <= committed_.version; };
  for (auto& w : waiting_)
    if (durable(w)) to_call.emplace_back(std::move(w.done), acknowledged(last_sequence_));
  std::erase_if(waiting_, durable);
  if (resync_ && in_flight_ == 0) {
    // Every queued append has completed: start deciding from what is really in the log again.
    pending_ = committed_;
    resync_ = false;
    for (auto& w : waiting_)
      to_call.emplace_back(std::move(w.done),
                           refused("storage_error", "the server could not store this; try again"));
    waiting_.clear();
  }
}

void live_session::watch_as_facilitator(const std::shared_ptr<client_connection>& connection, int protocol,
                                        const snapshot_sink& deliver) {
  mark_active();
  std::lock_guard lock(state_mutex_);
  facilitators_.insert(connection);
  if (protocol >= 2)
    reads_changes_.insert(connection);
  else
    reads_changes_.erase(connection);
  if (deliver) deliver(facilitator_snapshot_locked());
}

bool live_session::may_sleep() const {
  std::lock_guard lock(state_mutex_);
  return committed_.created && facilitators_.empty() && participants_.empty() && in_flight_ == 0 &&
         waiting_.empty();
}

std::size_t live_session::approximate_bytes() const {
  std::lock_guard lock(state_mutex_);
  return bytes_per_session + static_cast<std::size_t>(committed_.version) * bytes_per_event;
}

void live_session::watch_as_participant(const std::shared_ptr<client_connection>& connection,
                                        const std::string& participant_id, int protocol,
                                        const snapshot_sink& deliver) {
  {
    std::lock_guard lock(state_mutex_);
    participants_[connection] = participant_id;
    if (protocol >= 2)
      reads_changes_.insert(connection);
    else
      reads_changes_.erase(connection);
    changed_members_.insert(participant_id);
    dirty_ = true;
    if (deliver) deliver(participant_snapshot_locked(participant_id));
  }
  changed();
}

void live_session::unwatch(const std::shared_ptr<client_connection>& connection) {
  mark_active();
  bool was_participant = false;
  {
    std::lock_guard lock(state_mutex_);
    facilitators_.erase(connection);
    reads_changes_.erase(connection);
    if (auto found = participants_.find(connection); found != participants_.end()) {
      changed_members_.insert(found->second);
      participants_.erase(found);
      was_participant = dirty_ = true;
    }
  }
  if (was_participant) changed();
}

void live_session::set_name(const std::string& participant_id, std::string name) {
  {
    std::lock_guard lock(state_mutex_);
    names_[participant_id] = std::move(name);
    changed_members_.insert(participant_id);
    dirty_ = true;
  }
  changed();
}

void live_session::set_text(const std::string& text_id, std::string text) {
  std::lock_guard lock(state_mutex_);
  texts_[text_id] = std::move(text);
}

void live_session::set_texts(std::map<std::string, std::string> texts) {
  std::lock_guard lock(state_mutex_);
  texts_ = std::move(texts);
}

nlohmann::json live_session::own_votes(const std::string& participant_id) const {
  std::lock_guard lock(state_mutex_);
  return domain::own_votes_json(committed_, participant_id);
}

void live_session::send_to_facilitators(const std::shared_ptr<const std::string>& frame) {
  std::vector<std::shared_ptr<client_connection>> receivers;
  {
    std::lock_guard lock(state_mutex_);
    receivers.assign(facilitators_.begin(), facilitators_.end());
  }
  for (const auto& connection : receivers) connection->send_update({frame});
}

void live_session::set_participant_interval(std::chrono::milliseconds interval) {
  std::lock_guard lock(state_mutex_);
  participant_interval_ = interval;
}

update_frame live_session::serialised(json update) {
  const auto shape = update_shape(update);
  return {std::make_shared<const std::string>(typed_frame("update", std::move(update))), shape};
}

live_session::audience_frames live_session::serialised(audience_updates updates) {
  audience_frames frames;
  if (updates.whole) frames.whole = serialised(std::move(*updates.whole));
  if (updates.same)
    frames.changes = frames.whole;
  else if (updates.changes)
    frames.changes = serialised(std::move(*updates.changes));
  return frames;
}

void live_session::flush_updates(std::chrono::steady_clock::time_point now) {
  bool participants_wait = false;  // participants have changes that wait for their interval
  // Built under the state lock, serialised after it: a large room's updates take a while to dump, and
  // deciding and the commit's fold wait for that lock (the ack path's p99).
  audience_updates facilitator_updates;
  audience_updates participant_updates;
  // Each receiver with whether it reads protocol 2's changes.
  std::vector<std::pair<std::shared_ptr<client_connection>, bool>> facilitators;
  std::vector<std::pair<std::shared_ptr<client_connection>, bool>> participants;
  std::vector<std::pair<std::shared_ptr<client_connection>, json>> personal;
  {
    std::lock_guard lock(state_mutex_);
    if (!dirty_ && !participants_held_) return;
    // Whether any of the receivers reads each format: {whole, changes}.
    auto formats_read = [](const auto& receivers) {
      std::pair<bool, bool> read{false, false};
      for (const auto& [connection, changes] : receivers) (changes ? read.second : read.first) = true;
      return read;
    };
    // One body per format: `update` as protocol 1 has it, and with `whole_views` (name -> the view whose
    // "statements" protocol 2 gets only the changed ones of, as name + "_changes") moved in.
    auto updates_of = [&](json update, std::vector<std::pair<const char*, json>> whole_views,
                          std::pair<bool, bool> read, const domain::statement_changes& statement_changes) {
      audience_updates updates;
      updates.same = whole_views.empty() || statement_changes.everything;
      if (read.second && !updates.same) {
        json changes = update;
        for (const auto& [name, view] : whole_views)
          changes[std::string(name) + "_changes"] = domain::changed_statements_of(view, statement_changes);
        updates.changes = std::move(changes);
      }
      if (read.first || (read.second && updates.same)) {
        for (auto& [name, view] : whole_views) update[name] = std::move(view);
        updates.whole = std::move(update);
      }
      return updates;
    };
    if (dirty_ && !facilitators_.empty()) {
      json update{
          {"seq", last_sequence_}, {"session", session_json_locked()}, {"presence", presence_json_locked()}};
      std::vector<std::pair<const char*, json>> views;
      const auto& changes = for_facilitators_;
      if (changes.results) {
        views.emplace_back("consensus", domain::consensus_of(consensus_, committed_.round));
        views.emplace_back("summary", domain::summarize_session(consensus_, committed_.round));
      }
      if (!changed_members_.empty())
        update["participants_changed"] = participant_entries_locked(changed_members_);
      if (changes.results || !changed_members_.empty()) update["departments"] = departments_json_locked();
      if (changes.roadmap.any() || changes.results) add_roadmap_locked(update, true, changes.roadmap);
      for (const auto& connection : facilitators_)
        facilitators.emplace_back(connection, reads_changes_.contains(connection));
      facilitator_updates =
          updates_of(std::move(update), std::move(views), formats_read(facilitators), changes.statements);
    }
    const auto& waiting = for_participants_;
    const bool sees_results = domain::participants_see_results(committed_);
    const bool wanted = waiting.session || (sees_results && waiting.results) || waiting.roadmap.any();
    // Results and roadmap wait out the participants' interval; the facilitator steering the room does not.
    const bool due = waiting.session || now - participants_flushed_ >= participant_interval_;
    if (!participants_.empty() && wanted && !due) participants_wait = true;
    if (!participants_.empty() && wanted && due) {
      json update{{"seq", last_sequence_}, {"session", session_json_locked()}};
      std::vector<std::pair<const char*, json>> views;
      // Protocol 1 gets the whole results with every update; 2 the statements answered since the last one
      // (all of them after a reveal, a new round or a removal).
      if (sees_results) views.emplace_back("results", group_results_json_locked());
      if (waiting.roadmap.any()) add_roadmap_locked(update, false, waiting.roadmap);
      for (const auto& [connection, participant_id] : participants_)
        participants.emplace_back(connection, reads_changes_.contains(connection));
      participant_updates =
          updates_of(std::move(update), std::move(views), formats_read(participants), waiting.statements);
      participants_flushed_ = now;
    }
    for (const auto& participant_id : newly_removed_) {
      const json update{{"seq", last_sequence_},
                        {"session", session_json_locked()},
                        {"you", {{"participant_id", participant_id}, {"removed", true}}}};
      for (const auto& [connection, watcher_id] : participants_)
        if (watcher_id == participant_id) personal.emplace_back(connection, update);
    }
    if (own_votes_dirty_) {
      for (const auto& [connection, participant_id] : participants_) {
        json you = domain::own_votes_json(committed_, participant_id);
        you["participant_id"] = participant_id;
        personal.emplace_back(connection, json{{"seq", last_sequence_}, {"you", std::move(you)}});
      }
    }
    newly_removed_.clear();
    changed_members_.clear();
    for_facilitators_.clear();
    if (!participants_wait) for_participants_.clear();
    dirty_ = own_votes_dirty_ = false;
    participants_held_ = participants_wait;
  }
  for (auto& [connection, update] : personal) connection->send_update(serialised(std::move(update)));
  const auto facilitator_frames = serialised(std::move(facilitator_updates));
  for (const auto& [connection, changes] : facilitators)
    connection->send_update(changes ? facilitator_frames.changes : facilitator_frames.whole);
  const auto participant_frames = serialised(std::move(participant_updates));
  for (const auto& [connection, changes] : participants)
    connection->send_update(changes ? participant_frames.changes : participant_frames.whole);
  if (participants_wait) changed();  // flushed again after the next interval
}

domain::session_state live_session::state() const {
  std::lock_guard lock(state_mutex_);
  return committed_;
}

std::pair<domain::session_state, domain::consensus_projection> live_session::report_view() const {
  std::lock_guard lock(state_mutex_);
  return {committed_, consensus_};
}

std::string live_session::municipality() const {
  std::lock_guard lock(state_mutex_);
  return committed_.municipality;
}

std::string live_session::participant_token_hash(const std::string& participant_id) const {
  std::lock_guard lock(state_mutex_);
  auto found = committed_.participants.find(participant_id);
  return found == committed_.participants.end() ? std::string{} : found->second.token_hash;
}

std::int64_t live_session::last_sequence() const {
  std::lock_guard lock(state_mutex_);
  return last_sequence_;
}

}  // namespace scsa::server
