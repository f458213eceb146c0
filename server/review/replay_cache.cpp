// The replay cache: indexes built from read_stream in pages, caught up on each request, sought by copying a
// checkpoint under a shared lock and folding the events read after it without any lock held.
#include "server/review/replay_cache.hpp"

#include <algorithm>
#include <stdexcept>

#include "domain/session_export.hpp"
#include "server/stored_event.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

constexpr std::size_t read_page = 4096;  // events per read while building or exporting

domain::replay_event decode(const events::recorded_event& recorded) {
  return domain::replay_event{recorded.sequence, recorded.version, recorded.time_ms, decode_stored(recorded)};
}

std::string actor_kind(const std::string& actor) {
  return actor.substr(0, actor.find(':'));
}

}  // namespace

json reviewer_event_json(const events::recorded_event& recorded) {
  json payload = json::parse(recorded.payload, nullptr, false);
  if (payload.is_discarded()) payload = nullptr;
  return json{{"seq", recorded.sequence},
              {"version", recorded.version},
              {"type", recorded.type},
              {"schema_version", recorded.schema_version},
              {"time_ms", recorded.time_ms},
              {"actor", actor_kind(recorded.actor)},
              {"payload", domain::redact_payload(std::move(payload))}};
}

replay_cache::replay_cache(const events::event_log& log, replay_cache_options options)
    : log_(log), options_(options) {
  options_.max_sessions = std::max<std::size_t>(options_.max_sessions, 1);
}

std::vector<domain::replay_event> replay_cache::read_events(const std::string& session_id, std::int64_t from,
                                                            std::int64_t to) const {
  std::vector<domain::replay_event> decoded;
  if (to < from) return decoded;
  decoded.reserve(static_cast<std::size_t>(to - from + 1));
  for_each_stored(session_id, from, to,
                  [&](const events::recorded_event& recorded) { decoded.push_back(decode(recorded)); });
  return decoded;
}

void replay_cache::for_each_stored(const std::string& session_id, std::int64_t from, std::int64_t to,
                                   const std::function<void(const events::recorded_event&)>& visit) const {
  while (from <= to) {
    auto batch = log_.read_stream(session_id, from,
                                  static_cast<std::size_t>(std::min<std::int64_t>(
                                      to - from + 1, static_cast<std::int64_t>(read_page))));
    if (batch.empty()) break;
    for (const auto& recorded : batch) visit(recorded);
    from += static_cast<std::int64_t>(batch.size());
  }
}

std::int64_t replay_cache::indexed_events(const entry& e) {
  std::shared_lock lock(e.mutex);
  return e.index.size();
}

std::shared_ptr<replay_cache::entry> replay_cache::caught_up(const std::string& session_id,
                                                             std::int64_t known_last_sequence) {
  std::shared_ptr<entry> e;
  {
    std::lock_guard lock(entries_mutex_);
    auto& slot = entries_[session_id];
    if (!slot) slot = std::make_shared<entry>(options_.replay);
    e = slot;
    uses_[session_id] = ++tick_;
    while (entries_.size() > options_.max_sessions) {
      auto oldest = std::min_element(uses_.begin(), uses_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
      entries_.erase(oldest->first);  // a reader holding the entry keeps it alive until it is done
      uses_.erase(oldest);
    }
  }
  {
    std::shared_lock lock(e->mutex);
    const auto size = e->index.size();
    if (known_last_sequence > 0 && size > 0 && e->index.sequence_of(size) == known_last_sequence) return e;
  }
  std::unique_lock lock(e->mutex);
  for (;;) {
    auto batch = log_.read_stream(session_id, e->index.size() + 1, read_page);
    for (const auto& recorded : batch) e->index.add(decode(recorded));
    if (batch.size() < read_page) break;
  }
  if (e->index.size() > 0) return e;
  lock.unlock();
  std::lock_guard entries_lock(entries_mutex_);
  entries_.erase(session_id);  // no such session: keep no empty index for it
  uses_.erase(session_id);
  return nullptr;
}

std::int64_t replay_cache::version_of(const domain::replay_index& index, replay_point at) const {
  std::int64_t version = index.size();
  if (at.by == replay_point::kind::sequence) version = index.version_at_sequence(at.value);
  if (at.by == replay_point::kind::time) version = index.version_at_time(at.value);
  return std::clamp<std::int64_t>(version, 1, index.size());
}

domain::replay_state replay_cache::state_at(const std::string& session_id, const entry& e,
                                            std::int64_t version) const {
  domain::replay_state state;
  std::int64_t from = 0;
  {
    std::shared_lock lock(e.mutex);
    if (version >= e.index.size()) return e.index.head();
    const auto& checkpoint = e.index.checkpoint_at_or_before(version);
    state = checkpoint.state;
    from = checkpoint.version;
  }
  for (const auto& recorded : read_events(session_id, from + 1, version))
    state = domain::evolve(std::move(state), recorded.event);
  if (state.session.version != version)
    throw std::runtime_error("the log of " + session_id + " ended before version " + std::to_string(version));
  return state;
}

std::optional<json> replay_cache::results(const std::string& session_id, replay_point at,
                                          std::int64_t known_last_sequence) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  std::int64_t version = 0, seq = 0, time = 0, count = 0, last_seq = 0;
  {
    std::shared_lock lock(e->mutex);
    count = e->index.size();
    version = version_of(e->index, at);
    seq = e->index.sequence_of(version);
    time = e->index.time_of(version);
    last_seq = e->index.sequence_of(count);
  }
  json body = domain::results_json(state_at(session_id, *e, version), seq);
  body["replay"] =
      json{{"version", version}, {"time_ms", time}, {"event_count", count}, {"last_seq", last_seq}};
  return body;
}

std::optional<replayed_session> replay_cache::session_at(const std::string& session_id, replay_point at,
                                                         std::int64_t known_last_sequence) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  replayed_session found;
  {
    std::shared_lock lock(e->mutex);
    found.event_count = e->index.size();
    found.version = version_of(e->index, at);
    found.sequence = e->index.sequence_of(found.version);
    found.time_ms = e->index.time_of(found.version);
  }
  for (const auto& recorded : read_events(session_id, 1, found.version))
    found.state = domain::evolve(std::move(found.state), recorded.event);
  found.replay = state_at(session_id, *e, found.version);
  return found;
}

std::optional<json> replay_cache::timeline(const std::string& session_id, std::int64_t known_last_sequence) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  std::shared_lock lock(e->mutex);
  return json{{"session_id", session_id}, {"event_count", e->index.size()}, {"timeline", e->index.markers()}};
}

std::optional<event_page> replay_cache::events(const std::string& session_id, std::int64_t after,
                                               std::size_t limit, std::int64_t known_last_sequence) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  std::int64_t from = 0, count = 0;
  {
    std::shared_lock lock(e->mutex);
    from = e->index.version_at_sequence(after) + 1;
    count = e->index.size();
  }
  event_page page;
  page.next_after = after;
  if (from > count || limit == 0) return page;
  for (const auto& recorded : log_.read_stream(session_id, from, limit)) {
    page.events.push_back(reviewer_event_json(recorded));
    page.next_after = recorded.sequence;
  }
  page.more = from + static_cast<std::int64_t>(page.events.size()) <= count;
  return page;
}

std::optional<std::string> replay_cache::events_ndjson(const std::string& session_id,
                                                       std::int64_t known_last_sequence) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  std::string out;
  for_each_stored(session_id, 1, indexed_events(*e), [&](const events::recorded_event& recorded) {
    out += reviewer_event_json(recorded).dump(-1, ' ', false, json::error_handler_t::replace);
    out += '\n';
  });
  return out;
}

std::optional<std::string> replay_cache::answers_csv(const std::string& session_id,
                                                     std::int64_t known_last_sequence,
                                                     const domain::export_words* words) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  return domain::answers_csv(read_events(session_id, 1, indexed_events(*e)), words);
}

std::optional<std::string> replay_cache::results_csv(const std::string& session_id, replay_point at,
                                                     std::int64_t known_last_sequence,
                                                     const domain::export_words* words) {
  auto e = caught_up(session_id, known_last_sequence);
  if (!e) return std::nullopt;
  std::int64_t version = 0;
  {
    std::shared_lock lock(e->mutex);
    version = version_of(e->index, at);
  }
  return domain::results_csv(state_at(session_id, *e, version), words);
}

std::size_t replay_cache::cached_sessions() const {
  std::lock_guard lock(entries_mutex_);
  return entries_.size();
}

std::shared_ptr<replay_cache::entry> replay_cache::cached(const std::string& session_id) const {
  std::lock_guard lock(entries_mutex_);
  auto found = entries_.find(session_id);
  return found == entries_.end() ? nullptr : found->second;
}

std::size_t replay_cache::checkpoint_count(const std::string& session_id) const {
  auto e = cached(session_id);
  if (!e) return 0;
  std::shared_lock lock(e->mutex);
  return e->index.checkpoint_count();
}

std::int64_t replay_cache::checkpoint_every(const std::string& session_id) const {
  auto e = cached(session_id);
  if (!e) return 0;
  std::shared_lock lock(e->mutex);
  return e->index.checkpoint_every();
}

}  // namespace scsa::server
