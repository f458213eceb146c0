// The hub put together (live_hub.hpp): loading the log at start, what every commit changes beyond its
// session (indexes, averages, the flush schedule), and the in-process API that POST /api/sessions, demo
// seeding and the readers use. The WebSocket protocol's messages are in message_dispatch.cpp.
// Lock order: connection_bindings before a session's state mutex; the registry's, the averages' and the
// flusher's locks are leaves.
#include "server/live/live_hub.hpp"

#include <spdlog/spdlog.h>

#include "server/live/update_merge.hpp"
#include "server/stored_event.hpp"
#include "server/tokens.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

}  // namespace

live_hub::live_hub(events::event_log& log, personal_store& names, hub_options options)
    : log_(log),
      names_(names),
      options_(std::move(options)),
      sessions_([this](const std::string& session_id) { return make_session(session_id); },
                [this](const std::string& session_id) { return fold_from_log(session_id); }),
      averages_(options_.min_respondents),
      connections_(options_.messages_per_second, options_.message_burst),
      flusher_(options_.update_interval, options_.clock,
               [this](const std::string& municipality) { send_average(municipality); }) {}

live_hub::~live_hub() {
  stop();
}

std::shared_ptr<live_session> live_hub::make_session(const std::string& session_id) const {
  // Every session tells the hub of its commits and changes, also one made from a const view of the hub.
  auto* listener = static_cast<session_listener*>(const_cast<live_hub*>(this));
  auto session = std::make_shared<live_session>(session_id, log_, listener, options_.min_respondents);
  session->set_participant_interval(options_.participant_update_interval);
  return session;
}

std::shared_ptr<live_session> live_hub::fold_from_log(const std::string& session_id) const {
  try {
    auto session = make_session(session_id);
    for (const auto& recorded : log_.read_stream(session_id))
      session->load(recorded, decode_stored(recorded));
    session->set_texts(names_.texts().of_session(session_id));  // a facilitator's actions or conclusions
    for (auto& [participant_id, name] : names_.names_of(session_id)) session->set_name(participant_id, name);
    return session;
  } catch (const events::storage_failure& e) {
    // The database is away: the caller answers "try again" (storage_error), never "no such session",
    // which would make a phone give up its token and the answers it still holds.
    spdlog::error("waking session {} from the log failed: {}", session_id, e.what());
    throw;
  } catch (const std::exception& e) {
    spdlog::error("waking session {} from the log failed: {}", session_id, e.what());
    return nullptr;
  }
}

loaded_history live_hub::load(bool use_snapshot, std::int64_t keep_after) {
  const auto started = std::chrono::steady_clock::now();
  auto loaded = load_history(log_, use_snapshot);
  if (!loaded.refused.empty()) spdlog::warn("history snapshot not used: {}", loaded.refused);
  const auto session_count = loaded.projections.directory.size();
  loaded_through_ = loaded.projections.through_sequence;
  // Encoded rather than copied: the text is one block given back whole once written, where a copy of the
  // projections beside the hub's would leave the heap in pieces (10 M events: 12 MiB more, for good).
  if (loaded.folded_events >= keep_after) loaded.unsaved = encode_history(loaded.projections);
  sessions_.adopt(std::move(loaded.projections.directory));
  averages_.adopt(std::move(loaded.projections.averages));
  loaded.projections = {};
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (loaded.from_snapshot)
    spdlog::info("loaded {} sessions from the snapshot at sequence {} and {} events after it in {} ms",
                 session_count, loaded.snapshot_sequence, loaded.folded_events, took.count());
  else
    spdlog::info("loaded {} sessions from {} events in {} ms", session_count, loaded.folded_events,
                 took.count());
  return loaded;
}

void live_hub::follow_other_nodes() {
  log_.follow_others(loaded_through_, [this](const std::vector<events::recorded_event>& events) {
    fold_other_nodes_commits(events);
  });
}

void live_hub::fold_other_nodes_commits(const std::vector<events::recorded_event>& events) {
  for (const auto& recorded : events) {
    domain::session_event event;
    try {
      event = decode_stored(recorded);
    } catch (const std::runtime_error& error) {
      spdlog::error("from another node: {}", error.what());
      continue;
    }
    committed(recorded.stream_id, recorded.time_ms, {event});
    auto session = sessions_.in_memory(recorded.stream_id);
    if (!session) continue;
    // What people typed is beside the log, saved by the other node before its command was decided: read
    // it from the shared tables, so this node's watchers see the names and texts too (texts before the
    // fold, so its update carries them; a name after, as it marks the participant changed).
    const bool typed = std::holds_alternative<domain::roadmap_event>(event) ||
                       std::holds_alternative<domain::baseline_event>(event);
    try {
      if (typed) session->set_texts(names_.texts().of_session(recorded.stream_id));
    } catch (const std::exception& error) {  // the database is away: the text shows at the next read
      spdlog::warn("from another node: texts of {}: {}", recorded.stream_id, error.what());
    }
    session->fold_other_node(recorded, event);
    try {
      if (const auto* who = std::get_if<domain::participant_joined>(&event))
        adopt_name(*session, who->participant_id);
      else if (const auto* renamed = std::get_if<domain::participant_renamed>(&event))
        adopt_name(*session, renamed->participant_id);
    } catch (const std::exception& error) {
      spdlog::warn("from another node: names of {}: {}", recorded.stream_id, error.what());
    }
  }
}

void live_hub::adopt_name(live_session& session, const std::string& participant_id) {
  const auto names = names_.names_of(session.id());
  if (auto found = names.find(participant_id); found != names.end())
    session.set_name(participant_id, found->second);
}

std::size_t live_hub::sweep_memory() {
  if (options_.dormant_after.count() == 0 && options_.memory_budget_bytes == 0) return 0;
  const auto slept =
      sessions_.put_to_sleep(options_.clock(), options_.dormant_after, options_.memory_budget_bytes);
  if (slept > 0) spdlog::info("{} quiet sessions left memory (asleep: {})", slept, sessions_.dormant_count());
  return slept;
}

void live_hub::committed(const std::string& session_id, std::int64_t time_ms,
                         const std::vector<domain::session_event>& events) {
  sessions_.fold(session_id, time_ms, events);
  if (auto municipality = averages_.fold(session_id, events); !municipality.empty())
    flusher_.average_changed(municipality);
}

void live_hub::changed(const std::shared_ptr<live_session>& session) {
  flusher_.session_changed(session);
}

void live_hub::start() {
  flusher_.start();
}

void live_hub::stop() {
  flusher_.stop();
}

frame_merge live_hub::merge_updates(const update_frame& older, const update_frame& newer) {
  return merge_frames(older, newer);
}

void live_hub::flush_due(std::chrono::steady_clock::time_point now) {
  flusher_.flush_due(now);
}

void live_hub::send_average(const std::string& municipality) {
  std::shared_ptr<const std::string> frame;
  for (const auto& session : connections_.watched_sessions()) {
    if (session->municipality() != municipality) continue;
    if (!frame)
      frame = std::make_shared<const std::string>(
          typed_frame("municipality_average",
                      json{{"municipality", municipality}, {"average", municipality_average(municipality)}}));
    session->send_to_facilitators(frame);
  }
}

void live_hub::create_session(const std::string& title, const std::string& municipality,
                              domain::session_mode mode,
                              std::function<void(std::variant<created_session, command_outcome>)> done,
                              std::int64_t time_ms) {
  // Creating sessions is what fills memory, so it is also when quiet ones leave it (at most one quiet
  // sweep per dormant_after; the budget at every creation).
  sweep_memory();
  const auto ids = sessions_.make_ids();
  created_session created{ids.session_id, ids.join_code, make_token()};
  auto session = sessions_.get_or_create(created.session_id);
  domain::command command{{},
                          domain::actor{domain::actor_role::operator_, {}},
                          domain::create_session{created.session_id, title, municipality, mode,
                                                 created.join_code, hash_token(created.facilitator_token)}};
  session->execute(std::move(command), created.session_id + "/create",
                   time_ms != 0 ? time_ms : wall_clock_ms(),
                   [this, created, done = std::move(done)](const command_outcome& outcome) {
                     if (outcome.accepted) {
                       done(created);
                       return;
                     }
                     sessions_.forget(created.session_id);
                     done(outcome);
                   });
}

void live_hub::execute(const std::string& session_id, const domain::actor& by, domain::command_body body,
                       std::string client_id, outcome_callback done, std::int64_t time_ms) {
  auto session = find_session(session_id);
  if (!session) {
    done(command_outcome{false, 0, "session_not_found", "no such session", std::nullopt});
    return;
  }
  std::string who = by.role == domain::actor_role::participant ? by.participant_id : "facilitator";
  domain::command command{{}, by, std::move(body)};
  session->execute(std::move(command), session_id + "/" + who + "/" + client_id,
                   time_ms != 0 ? time_ms : wall_clock_ms(), std::move(done));
}

void live_hub::join(const std::string& session_id, const std::optional<std::string>& name,
                    const std::optional<std::string>& department,
                    std::function<void(std::optional<std::string>)> done, std::int64_t time_ms) {
  auto session = find_session(session_id);
  if (!session) {
    done(std::nullopt);
    return;
  }
  std::string participant_id = make_id("p");
  if (name) names_.save_name(session_id, participant_id, *name);
  domain::command command{
      {}, domain::actor{}, domain::join_session{participant_id, department, hash_token(make_token())}};
  session->execute(std::move(command), session_id + "/join/" + participant_id,
                   time_ms != 0 ? time_ms : wall_clock_ms(),
                   [session, participant_id, name, done = std::move(done)](const command_outcome& outcome) {
                     if (outcome.accepted && name) session->set_name(participant_id, *name);
                     done(outcome.accepted ? std::optional<std::string>(participant_id) : std::nullopt);
                   });
}

std::shared_ptr<live_session> live_hub::find_session(const std::string& session_id) const {
  return sessions_.find(session_id);
}

std::shared_ptr<live_session> live_hub::find_by_join_code(std::string_view code) const {
  return sessions_.find_by_join_code(code);
}

bool live_hub::is_facilitator(const std::string& session_id, std::string_view token) const {
  const auto expected = sessions_.facilitator_token_hash(session_id);  // from the directory: wakes nobody
  return !expected.empty() && equal_in_constant_time(expected, hash_token(token));
}

std::optional<std::string> live_hub::participant_of(const std::string& session_id,
                                                    std::string_view token) const {
  if (token.empty()) return std::nullopt;
  auto found = sessions_.find_by_token_hash(hash_token(token));
  if (!found || !equal_in_constant_time(found->session_id, session_id)) return std::nullopt;
  return found->participant_id;
}

json live_hub::municipality_average(const std::string& code) const {
  return averages_.municipality_average(code);
}

json live_hub::national_average() const {
  return averages_.national_average();
}

std::vector<std::string> live_hub::municipalities_with_data(int min_respondents) const {
  return averages_.municipalities_with_data(min_respondents);
}

domain::municipality_averages live_hub::comparison_tallies() const {
  return averages_.tallies();
}

std::map<std::string, domain::session_respondents> live_hub::municipality_sessions(
    const std::string& code) const {
  return averages_.sessions_of(code);
}

std::size_t live_hub::sessions_in_memory() const {
  return sessions_.all().size();
}

std::size_t live_hub::dormant_sessions() const {
  return sessions_.dormant_count();
}

std::vector<session_listing> live_hub::sessions() const {
  auto listed = sessions_.listings();
  for (auto& session : listed) session.participants = averages_.active_participants(session.session_id);
  return listed;
}

std::int64_t live_hub::last_sequence() const {
  return log_.last_sequence();
}

std::string live_hub::log_failure() const {
  return log_.writer_failure();
}

}  // namespace scsa::server
