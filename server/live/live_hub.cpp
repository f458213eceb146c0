// The hub: binds connections to sessions, routes protocol messages to session actors, keeps the indexes and
// municipality averages current on every commit, and flushes coalesced updates on its flush thread: a change
// (a commit, a watcher coming or going, a name) puts its session on a leading-edge schedule
// (update_throttle) and wakes the thread when it is due, so the first update after a quiet interval leaves
// at once and a busy session still gets at most one update per interval per audience.
// Lock order: connections_mutex_ before a session's state mutex; index, averages and flush locks are leaves.
#include "server/live/live_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "domain/event_codec.hpp"
#include "domain/overloaded.hpp"
#include "server/tokens.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<const std::string> shared_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

void send_outcome(const std::shared_ptr<client_connection>& connection, const std::string& id,
                  const command_outcome& outcome, const command_meter& meter) {
  meter.answered(outcome.accepted);
  if (outcome.accepted)
    connection->send(shared_frame(ack_frame(id, outcome.seq)));
  else
    connection->send(shared_frame(error_frame(id, outcome.code, outcome.message)));
}

// The metrics' name for what a message asks, by the protocol's type names. Exhaustive visits: a new
// message or command does not compile until it is named here.
command_type type_of(const domain::command_body& command) {
  return std::visit(domain::overloaded{
                        // Never sent by a client: the server creates sessions and joins through join_message.
                        [](const domain::create_session&) { return command_type::other; },
                        [](const domain::join_session&) { return command_type::other; },
                        [](const domain::rename_participant&) { return command_type::rename; },
                        [](const domain::remove_participant&) { return command_type::remove; },
                        [](const domain::open_statements&) { return command_type::open; },
                        [](const domain::close_statements&) { return command_type::close; },
                        [](const domain::focus_statement&) { return command_type::focus; },
                        [](const domain::reveal_results&) { return command_type::reveal; },
                        [](const domain::hide_results&) { return command_type::hide; },
                        [](const domain::start_round&) { return command_type::new_round; },
                        [](const domain::close_session&) { return command_type::close_session; },
                        [](const domain::reopen_session&) { return command_type::reopen_session; },
                        [](const domain::give_answer&) { return command_type::answer; },
                        [](const domain::withdraw_answer&) { return command_type::withdraw; },
                    },
                    command);
}

command_type type_of(const client_body& body) {
  return std::visit(domain::overloaded{
                        [](const join_message&) { return command_type::join; },
                        [](const resume_message&) { return command_type::resume; },
                        [](const facilitate_message&) { return command_type::facilitate; },
                        [](const rename_message&) { return command_type::rename; },
                        [](const ping_message&) { return command_type::ping; },
                        [](const domain::command_body& command) { return type_of(command); },
                    },
                    body);
}

}  // namespace

live_hub::live_hub(events::event_log& log, personal_store& names, hub_options options)
    : log_(log),
      names_(names),
      options_(std::move(options)),
      session_schedule_(options_.update_interval),
      average_schedule_(options_.update_interval) {}

live_hub::~live_hub() {
  stop();
}

std::shared_ptr<live_session> live_hub::session_for(const std::string& session_id) {
  std::unique_lock lock(index_mutex_);
  auto& session = sessions_[session_id];
  if (!session)
    session = std::make_shared<live_session>(
        session_id, log_,
        [this](const std::string& id, const std::vector<domain::session_event>& events) {
          on_commit(id, events);
        },
        [this](const std::shared_ptr<live_session>& changed) { schedule(changed); },
        options_.min_respondents);
  return session;
}

void live_hub::load() {
  constexpr std::size_t page = 4096;
  std::int64_t after = 0;
  std::size_t count = 0;
  for (;;) {
    auto batch = log_.read_all_after(after, page);
    for (const auto& recorded : batch) {
      auto decoded = domain::decode_event_text(recorded.type, recorded.schema_version, recorded.payload);
      if (auto* error = std::get_if<domain::decode_error>(&decoded))
        throw std::runtime_error("event " + std::to_string(recorded.sequence) +
                                 " cannot be read: " + error->message);
      const auto& event = std::get<domain::session_event>(decoded);
      session_for(recorded.stream_id)->load(recorded, event);
      on_commit(recorded.stream_id, {event});
      after = recorded.sequence;
    }
    count += batch.size();
    if (batch.size() < page) break;
  }
  for (const auto& stored : names_.all_names())
    if (auto session = find_session(stored.session_id)) session->set_name(stored.participant_id, stored.name);
  spdlog::info("loaded {} events of {} sessions", count, sessions().size());
}

void live_hub::on_commit(const std::string& session_id, const std::vector<domain::session_event>& events) {
  for (const auto& event : events) {
    if (const auto* created = std::get_if<domain::session_created>(&event)) {
      std::unique_lock lock(index_mutex_);
      join_codes_[created->join_code] = session_id;
    } else if (const auto* joined = std::get_if<domain::participant_joined>(&event)) {
      std::unique_lock lock(index_mutex_);
      participant_tokens_[joined->token_hash] = participant_ref{session_id, joined->participant_id};
    }
  }
  std::string municipality;
  {
    std::lock_guard lock(averages_mutex_);
    for (const auto& event : events) averages_ = domain::evolve(std::move(averages_), session_id, event);
    auto found = averages_.sessions.find(session_id);
    if (found != averages_.sessions.end()) municipality = found->second.municipality;
  }
  if (!municipality.empty()) schedule_average(municipality);
}

void live_hub::schedule(const std::shared_ptr<live_session>& session) {
  std::lock_guard lock(flush_mutex_);
  wake_flusher_by(session_schedule_.changed(session, options_.clock()));
}

void live_hub::schedule_average(const std::string& municipality) {
  std::lock_guard lock(flush_mutex_);
  wake_flusher_by(average_schedule_.changed(municipality, options_.clock()));
}

// Called with flush_mutex_ held. Most changes come within an interval of the last flush and are due no
// sooner than the thread already wakes: those cost no wakeup at all.
void live_hub::wake_flusher_by(std::chrono::steady_clock::time_point due) {
  if (flusher_wakes_at_ && *flusher_wakes_at_ <= due) return;
  flusher_wakes_at_ = due;
  flush_wakeup_.notify_one();
}

void live_hub::start() {
  std::lock_guard lock(flush_mutex_);
  if (flusher_.joinable()) return;
  stopping_ = false;
  flusher_ = std::thread([this] { flush_loop(); });
}

void live_hub::stop() {
  {
    std::lock_guard lock(flush_mutex_);
    stopping_ = true;
  }
  flush_wakeup_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

void live_hub::flush_loop() {
  std::unique_lock lock(flush_mutex_);
  while (!stopping_) {
    auto next = session_schedule_.next_due();
    if (auto average = average_schedule_.next_due(); average && (!next || *average < *next)) next = average;
    const auto now = options_.clock();
    if (!next || *next > now) {
      flusher_wakes_at_ = next;
      if (next)
        flush_wakeup_.wait_until(lock, *next);
      else
        flush_wakeup_.wait(lock);
      // Awake: it reads the schedule again before it sleeps, so changes need not notify until then.
      flusher_wakes_at_ = std::chrono::steady_clock::time_point::min();
      continue;
    }
    lock.unlock();
    try {
      flush_due(now);
    } catch (const std::exception& e) {
      spdlog::error("flushing updates failed: {}", e.what());
    }
    lock.lock();
  }
}

void live_hub::flush_due(std::chrono::steady_clock::time_point now) {
  std::vector<std::shared_ptr<live_session>> sessions;
  std::vector<std::string> municipalities;
  {
    std::lock_guard lock(flush_mutex_);
    sessions = session_schedule_.take_due(now);
    municipalities = average_schedule_.take_due(now);
  }
  for (const auto& session : sessions) session->flush_updates();
  for (const auto& code : municipalities) flush_average(code);
  // The next flush of each waits a whole interval from now, the end of this one.
  const auto done = options_.clock();
  std::lock_guard lock(flush_mutex_);
  for (const auto& session : sessions) session_schedule_.flushed(session, done);
  for (const auto& code : municipalities) average_schedule_.flushed(code, done);
}

void live_hub::flush_average(const std::string& municipality) {
  std::vector<std::shared_ptr<live_session>> watched;
  {
    std::lock_guard lock(connections_mutex_);
    watched.assign(watched_.begin(), watched_.end());
  }
  std::shared_ptr<const std::string> frame;
  for (const auto& session : watched) {
    if (session->municipality() != municipality) continue;
    if (!frame)
      frame = shared_frame(
          typed_frame("municipality_average",
                      json{{"municipality", municipality}, {"average", municipality_average(municipality)}}));
    session->send_to_facilitators(frame);
  }
}

void live_hub::on_open(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(connections_mutex_);
  connection_state state;
  state.tokens = options_.message_burst;
  state.refilled = std::chrono::steady_clock::now();
  connections_[connection->id()] = std::move(state);
}

void live_hub::on_close(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(connections_mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) return;
  if (found->second.session) found->second.session->unwatch(connection);
  connections_.erase(found);
}

bool live_hub::take_rate_token(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(connections_mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) return false;
  auto& state = found->second;
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - state.refilled).count();
  state.tokens = std::min(options_.message_burst, state.tokens + elapsed * options_.messages_per_second);
  state.refilled = now;
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}

std::optional<live_hub::connection_state> live_hub::binding(
    const std::shared_ptr<client_connection>& connection) const {
  std::lock_guard lock(connections_mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end() || !found->second.session) return std::nullopt;
  return found->second;
}

void live_hub::bind(const std::shared_ptr<client_connection>& connection,
                    const std::shared_ptr<live_session>& session, domain::actor as) {
  std::lock_guard lock(connections_mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) return;  // closed meanwhile
  auto& state = found->second;
  if (state.session) state.session->unwatch(connection);
  state.session = session;
  state.as = as;
  if (as.role == domain::actor_role::facilitator)
    session->watch_as_facilitator(connection);
  else
    session->watch_as_participant(connection, as.participant_id);
  watched_.insert(session);
}

void live_hub::on_message(const std::shared_ptr<client_connection>& connection, std::string text) {
  // Parsed before the rate limit (frames are at most 64 KiB), so that a refusal names the command's id and
  // the client knows which command to send again.
  command_meter meter;
  auto parsed = parse_client_message(text);
  auto* message = std::get_if<client_message>(&parsed);
  meter.type = message != nullptr ? type_of(message->body) : command_type::invalid;
  if (!take_rate_token(connection)) {
    meter.answered(false);
    std::string id = std::visit([](const auto& p) { return p.id; }, parsed);
    connection->send(shared_frame(error_frame(id, "rate_limited", "too many messages; slow down")));
    return;
  }
  if (auto* error = std::get_if<protocol_error>(&parsed)) {
    meter.answered(false);
    connection->send(shared_frame(error_frame(error->id, error->code, error->message)));
    return;
  }
  try {
    handle(connection, std::move(*message), meter);
  } catch (const std::exception& e) {
    spdlog::error("handling a message failed: {}", e.what());
    meter.answered(false);
    connection->send(
        shared_frame(error_frame("", "internal_error", "the server failed to handle this message")));
  }
}

void live_hub::handle(const std::shared_ptr<client_connection>& connection, client_message message,
                      const command_meter& meter) {
  const std::string& id = message.id;
  std::visit(
      [&](auto& body) {
        using body_type = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<body_type, join_message>) {
          handle_join(connection, id, body, meter);
        } else if constexpr (std::is_same_v<body_type, resume_message>) {
          handle_resume(connection, id, body, meter);
        } else if constexpr (std::is_same_v<body_type, facilitate_message>) {
          handle_facilitate(connection, id, body, meter);
        } else if constexpr (std::is_same_v<body_type, rename_message>) {
          handle_rename(connection, id, body, meter);
        } else if constexpr (std::is_same_v<body_type, ping_message>) {
          meter.answered(true);
          connection->send(shared_frame(typed_frame("pong", json{{"id", id}})));
        } else {
          handle_command(connection, id, std::move(body), meter);
        }
      },
      message.body);
}

std::shared_ptr<live_session> live_hub::find_by_join_code(std::string_view code) const {
  std::shared_lock lock(index_mutex_);
  auto found = join_codes_.find(normalize_join_code(code));
  return found == join_codes_.end() ? nullptr : sessions_.at(found->second);
}

void live_hub::handle_join(const std::shared_ptr<client_connection>& connection, const std::string& id,
                           const join_message& join, const command_meter& meter) {
  std::shared_ptr<live_session> session = find_by_join_code(join.code);
  if (!session) {
    meter.answered(false);
    connection->send(shared_frame(error_frame(id, "unknown_code", "no session has this code")));
    return;
  }
  if (join.token) {
    // A join sent again with the token of an earlier one: the participant exists, so answer as that join did.
    std::string hash = hash_token(*join.token);
    std::string known_participant;
    bool used_elsewhere = false;
    {
      std::shared_lock lock(index_mutex_);
      auto found = participant_tokens_.find(hash);
      if (found != participant_tokens_.end()) {
        used_elsewhere = found->second.session_id != session->id();
        known_participant = found->second.participant_id;
      }
    }
    if (used_elsewhere) {
      meter.answered(false);
      connection->send(shared_frame(error_frame(id, "token_in_use", "make a new token for each session")));
      return;
    }
    if (!known_participant.empty()) {
      meter.answered(true);
      bind(connection, session, domain::actor{domain::actor_role::participant, known_participant});
      connection->send(shared_frame(ack_frame(id, session->last_sequence(),
                                              json{{"participant_id", known_participant},
                                                   {"token", *join.token},
                                                   {"session_id", session->id()}})));
      connection->send(
          shared_frame(typed_frame("snapshot", session->participant_snapshot(known_participant))));
      return;
    }
  }
  std::string participant_id = make_id("p");
  std::string token = join.token.value_or(make_token());
  // Names are saved before the join is decided: the writer thread that completes it must not wait on disk.
  if (join.name) names_.save_name(session->id(), participant_id, *join.name);
  domain::command command{
      {}, domain::actor{}, domain::join_session{participant_id, join.department, hash_token(token)}};
  session->execute(
      std::move(command), session->id() + "/join/" + participant_id, now_ms(),
      [this, connection, session, id, participant_id, token, name = join.name,
       meter](const command_outcome& done) {
        if (!done.accepted) {
          send_outcome(connection, id, done, meter);
          return;
        }
        meter.answered(true);
        if (name) session->set_name(participant_id, *name);
        bind(connection, session, domain::actor{domain::actor_role::participant, participant_id});
        connection->send(shared_frame(ack_frame(
            id, done.seq,
            json{{"participant_id", participant_id}, {"token", token}, {"session_id", session->id()}})));
        connection->send(
            shared_frame(typed_frame("snapshot", session->participant_snapshot(participant_id))));
      });
}

void live_hub::handle_resume(const std::shared_ptr<client_connection>& connection, const std::string& id,
                             const resume_message& resume, const command_meter& meter) {
  std::string hash = hash_token(resume.token);
  std::shared_ptr<live_session> session;
  std::string participant_id;
  {
    std::shared_lock lock(index_mutex_);
    auto found = participant_tokens_.find(hash);
    if (found != participant_tokens_.end()) {
      session = sessions_.at(found->second.session_id);
      participant_id = found->second.participant_id;
    }
  }
  if (!session) {
    meter.answered(false);
    connection->send(shared_frame(error_frame(id, "invalid_token", "this token belongs to no participant")));
    return;
  }
  if (!equal_in_constant_time(session->participant_token_hash(participant_id), hash)) {
    meter.answered(false);
    connection->send(shared_frame(error_frame(id, "invalid_token", "this token belongs to no participant")));
    return;
  }
  bind(connection, session, domain::actor{domain::actor_role::participant, participant_id});
  meter.answered(true);
  connection->send(
      shared_frame(ack_frame(id, session->last_sequence(),
                             json{{"participant_id", participant_id}, {"session_id", session->id()}})));
  connection->send(shared_frame(typed_frame("snapshot", session->participant_snapshot(participant_id))));
}

void live_hub::handle_facilitate(const std::shared_ptr<client_connection>& connection, const std::string& id,
                                 const facilitate_message& facilitate, const command_meter& meter) {
  auto session = find_session(facilitate.session_id);
  if (!session || !is_facilitator(facilitate.session_id, facilitate.token)) {
    // One answer for both, so a stranger learns nothing about which sessions exist.
    meter.answered(false);
    connection->send(shared_frame(error_frame(id, "invalid_token", "no session with this id and token")));
    return;
  }
  bind(connection, session, domain::actor{domain::actor_role::facilitator, {}});
  json snapshot = session->facilitator_snapshot();
  snapshot["municipality_average"] = municipality_average(session->municipality());
  meter.answered(true);
  connection->send(
      shared_frame(ack_frame(id, session->last_sequence(), json{{"session_id", session->id()}})));
  connection->send(shared_frame(typed_frame("snapshot", std::move(snapshot))));
}

void live_hub::handle_rename(const std::shared_ptr<client_connection>& connection, const std::string& id,
                             const rename_message& rename, const command_meter& meter) {
  auto bound = binding(connection);
  if (!bound || bound->as.role != domain::actor_role::participant) {
    meter.answered(false);
    connection->send(shared_frame(error_frame(id, "not_joined", "join or resume a session first")));
    return;
  }
  const std::string participant_id = bound->as.participant_id;
  auto session = bound->session;
  names_.save_name(session->id(), participant_id, rename.name);
  domain::command command{{}, bound->as, domain::rename_participant{participant_id}};
  session->execute(
      std::move(command), session->id() + "/" + participant_id + "/" + id, now_ms(),
      [connection, session, id, participant_id, name = rename.name, meter](const command_outcome& done) {
        if (done.accepted) session->set_name(participant_id, name);
        send_outcome(connection, id, done, meter);
      });
}

void live_hub::handle_command(const std::shared_ptr<client_connection>& connection, const std::string& id,
                              domain::command_body body, const command_meter& meter) {
  auto bound = binding(connection);
  if (!bound) {
    meter.answered(false);
    connection->send(
        shared_frame(error_frame(id, "not_joined", "join, resume or facilitate a session first")));
    return;
  }
  auto session = bound->session;
  std::string who =
      bound->as.role == domain::actor_role::facilitator ? "facilitator" : bound->as.participant_id;
  domain::command command{{}, bound->as, std::move(body)};
  session->execute(
      std::move(command), session->id() + "/" + who + "/" + id, now_ms(),
      [connection, id, meter](const command_outcome& done) { send_outcome(connection, id, done, meter); });
}

void live_hub::create_session(const std::string& title, const std::string& municipality,
                              domain::session_mode mode,
                              std::function<void(std::variant<created_session, command_outcome>)> done,
                              std::int64_t time_ms) {
  created_session created;
  created.facilitator_token = make_token();
  {
    std::unique_lock lock(index_mutex_);
    do {
      created.session_id = make_id("s");
    } while (sessions_.contains(created.session_id));
    do {
      created.join_code = make_join_code();
    } while (join_codes_.contains(created.join_code));
  }
  auto session = session_for(created.session_id);
  domain::command command{{},
                          domain::actor{domain::actor_role::operator_, {}},
                          domain::create_session{created.session_id, title, municipality, mode,
                                                 created.join_code, hash_token(created.facilitator_token)}};
  session->execute(std::move(command), created.session_id + "/create", time_ms != 0 ? time_ms : now_ms(),
                   [this, created, done = std::move(done)](const command_outcome& outcome) {
                     if (outcome.accepted) {
                       done(created);
                       return;
                     }
                     std::unique_lock lock(index_mutex_);
                     sessions_.erase(created.session_id);
                     lock.unlock();
                     done(outcome);
                   });
}

void live_hub::execute(const std::string& session_id, const domain::actor& by, domain::command_body body,
                       std::string client_id, outcome_callback done, std::int64_t time_ms) {
  auto session = find_session(session_id);
  if (!session) {
    done(command_outcome{false, 0, "session_not_found", "no such session"});
    return;
  }
  std::string who = by.role == domain::actor_role::participant ? by.participant_id : "facilitator";
  domain::command command{{}, by, std::move(body)};
  session->execute(std::move(command), session_id + "/" + who + "/" + client_id,
                   time_ms != 0 ? time_ms : now_ms(), std::move(done));
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
                   time_ms != 0 ? time_ms : now_ms(),
                   [session, participant_id, name, done = std::move(done)](const command_outcome& outcome) {
                     if (outcome.accepted && name) session->set_name(participant_id, *name);
                     done(outcome.accepted ? std::optional<std::string>(participant_id) : std::nullopt);
                   });
}

std::shared_ptr<live_session> live_hub::find_session(const std::string& session_id) const {
  std::shared_lock lock(index_mutex_);
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : found->second;
}

bool live_hub::is_facilitator(const std::string& session_id, std::string_view token) const {
  auto session = find_session(session_id);
  if (!session) return false;
  return equal_in_constant_time(session->facilitator_token_hash(), hash_token(token));
}

domain::municipality_averages live_hub::comparison_tallies() const {
  std::lock_guard lock(averages_mutex_);
  domain::municipality_averages tallies;
  tallies.municipalities = averages_.municipalities;
  tallies.national = averages_.national;
  return tallies;
}

std::optional<std::string> live_hub::participant_of(const std::string& session_id,
                                                    std::string_view token) const {
  if (token.empty()) return std::nullopt;
  std::shared_lock lock(index_mutex_);
  auto found = participant_tokens_.find(hash_token(token));
  if (found == participant_tokens_.end() || !equal_in_constant_time(found->second.session_id, session_id))
    return std::nullopt;
  return found->second.participant_id;
}

json live_hub::municipality_average(const std::string& code) const {
  std::lock_guard lock(averages_mutex_);
  auto average = averages_.averages_for(code);
  if (!domain::may_compare(average.respondents, options_.min_respondents)) return nullptr;
  return average;
}

json live_hub::national_average() const {
  std::lock_guard lock(averages_mutex_);
  return averages_.national_average();
}

std::vector<std::string> live_hub::municipalities_with_data(int min_respondents) const {
  std::lock_guard lock(averages_mutex_);
  std::vector<std::string> codes;
  for (const auto& code : averages_.municipalities_with_data())
    if (domain::may_compare(averages_.averages_for(code).respondents, min_respondents)) codes.push_back(code);
  return codes;
}

std::vector<session_listing> live_hub::sessions() const {
  std::vector<std::shared_ptr<live_session>> all;
  {
    std::shared_lock lock(index_mutex_);
    for (const auto& [id, session] : sessions_) all.push_back(session);
  }
  std::vector<session_listing> listings;
  for (const auto& session : all) {
    auto state = session->state();
    if (!state.created) continue;
    listings.push_back(session_listing{state.session_id, state.title, state.municipality, state.mode,
                                       state.active_participant_count(), state.closed});
  }
  return listings;
}

std::int64_t live_hub::last_sequence() const {
  return log_.last_sequence();
}

std::string live_hub::log_failure() const {
  return log_.writer_failure();
}

}  // namespace scsa::server
