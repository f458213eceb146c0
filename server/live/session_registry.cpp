// The sessions, in memory or asleep, and their directory (see session_registry.hpp).
#include "server/live/session_registry.hpp"

#include <algorithm>
#include <mutex>

#include "server/tokens.hpp"

namespace scsa::server {

session_registry::session_registry(session_factory make_session, session_loader wake)
    : make_session_(std::move(make_session)), wake_(std::move(wake)) {}

std::shared_ptr<live_session> session_registry::get_or_create(const std::string& session_id) {
  std::unique_lock lock(mutex_);
  auto [found, inserted] = sessions_.try_emplace(session_id);
  if (inserted) found->second = make_session_(session_id);
  if (found->second) return found->second;
  lock.unlock();
  return wake(session_id);  // dormant
}

std::shared_ptr<live_session> session_registry::find(const std::string& session_id) const {
  {
    std::shared_lock lock(mutex_);
    auto found = sessions_.find(session_id);
    if (found == sessions_.end()) return nullptr;
    if (found->second) return found->second;
  }
  return wake(session_id);
}

std::shared_ptr<live_session> session_registry::wake(const std::string& session_id) const {
  std::unique_lock lock(mutex_);
  auto found = sessions_.find(session_id);
  if (found == sessions_.end()) return nullptr;
  if (!found->second) {  // still dormant: nobody woke it while this thread waited for the lock
    auto woken = wake_ ? wake_(session_id) : nullptr;
    if (!woken) return nullptr;
    found->second = std::move(woken);
    --dormant_;
  }
  return found->second;
}

std::shared_ptr<live_session> session_registry::find_by_join_code(std::string_view code) const {
  std::string session_id;
  {
    std::shared_lock lock(mutex_);
    auto found = directory_.join_codes.find(normalize_join_code(code));
    if (found == directory_.join_codes.end()) return nullptr;
    session_id = found->second;
  }
  return find(session_id);
}

std::optional<participant_ref> session_registry::find_by_token_hash(const std::string& token_hash) const {
  std::shared_lock lock(mutex_);
  auto found = directory_.tokens.find(token_hash);
  if (found == directory_.tokens.end()) return std::nullopt;
  return found->second;
}

std::vector<std::shared_ptr<live_session>> session_registry::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<live_session>> all;
  all.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_)
    if (session) all.push_back(session);
  return all;
}

std::vector<session_listing> session_registry::listings() const {
  std::shared_lock lock(mutex_);
  std::vector<session_listing> listed;
  listed.reserve(directory_.sessions.size());
  for (const auto& [id, e] : directory_.sessions)
    if (e.created)
      listed.push_back(session_listing{id, e.title, e.municipality, e.mode, e.active_participants(), e.closed,
                                       e.created_ms, e.events, e.round});
  return listed;
}

std::string session_registry::facilitator_token_hash(const std::string& session_id) const {
  std::shared_lock lock(mutex_);
  auto found = directory_.sessions.find(session_id);
  return found == directory_.sessions.end() ? std::string{} : found->second.facilitator_token_hash;
}

std::size_t session_registry::dormant_count() const {
  std::shared_lock lock(mutex_);
  return dormant_;
}

std::size_t session_registry::put_to_sleep(std::chrono::steady_clock::time_point now,
                                           std::chrono::milliseconds quiet, std::size_t budget_bytes) {
  std::lock_guard sweep(sweep_mutex_);
  const bool quiet_sweep = quiet.count() > 0 && (!last_sweep_ || now - *last_sweep_ >= quiet);
  if (!quiet_sweep && budget_bytes == 0) return 0;
  std::vector<std::shared_ptr<live_session>> in_memory = all();
  // may_sleep() takes the session's state lock, and a session's commit reaches fold() with it held: so
  // it is asked here, without mutex_; under mutex_ only the activity stamp is compared again.
  std::vector<std::pair<std::shared_ptr<live_session>, std::uint64_t>> sleepers;
  std::vector<std::pair<std::shared_ptr<live_session>, std::uint64_t>> may_go;  // the rest that may sleep
  std::size_t bytes = 0;
  std::unordered_map<std::string, std::uint64_t> candidates;
  for (const auto& session : in_memory) {
    const auto activity = session->activity();
    if (!session->may_sleep()) {
      bytes += session->approximate_bytes();
      continue;
    }
    auto seen = quiet_candidates_.find(session->id());
    if (quiet_sweep && seen != quiet_candidates_.end() && seen->second == activity) {
      sleepers.emplace_back(session, activity);
      continue;
    }
    if (quiet_sweep) candidates.emplace(session->id(), activity);
    bytes += session->approximate_bytes();
    may_go.emplace_back(session, activity);
  }
  if (quiet_sweep) {
    last_sweep_ = now;
    quiet_candidates_ = std::move(candidates);
  }
  if (budget_bytes > 0 && bytes > budget_bytes) {
    std::sort(may_go.begin(), may_go.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [session, activity] : may_go) {
      if (bytes <= budget_bytes) break;
      bytes -= std::min(bytes, session->approximate_bytes());
      sleepers.emplace_back(session, activity);
    }
  }
  std::size_t slept = 0;
  std::unique_lock lock(mutex_);
  for (const auto& [session, activity] : sleepers) {
    auto found = sessions_.find(session->id());
    if (found == sessions_.end() || found->second != session || session->activity() != activity) continue;
    found->second = nullptr;
    ++dormant_;
    ++slept;
  }
  return slept;
}

void session_registry::adopt(domain::session_directory directory) {
  std::unique_lock lock(mutex_);
  directory_ = std::move(directory);
  for (const auto& [id, entry] : directory_.sessions)
    if (auto [found, inserted] = sessions_.try_emplace(id, nullptr); inserted) ++dormant_;
}

std::shared_ptr<live_session> session_registry::in_memory(const std::string& session_id) const {
  std::shared_lock lock(mutex_);
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : found->second;
}

void session_registry::fold(const std::string& session_id, std::int64_t time_ms,
                            const std::vector<domain::session_event>& events) {
  std::unique_lock lock(mutex_);
  if (auto [found, inserted] = sessions_.try_emplace(session_id, nullptr); inserted) ++dormant_;
  for (const auto& event : events)
    directory_ = domain::evolve(std::move(directory_), session_id, time_ms, event);
}

new_session_ids session_registry::make_ids() const {
  new_session_ids ids;
  std::shared_lock lock(mutex_);
  do {
    ids.session_id = make_id("s");
  } while (sessions_.contains(ids.session_id));
  do {
    ids.join_code = make_join_code();
  } while (directory_.join_codes.contains(ids.join_code));
  return ids;
}

void session_registry::forget(const std::string& session_id) {
  std::unique_lock lock(mutex_);
  if (auto found = sessions_.find(session_id); found != sessions_.end()) {
    if (!found->second) --dormant_;
    sessions_.erase(found);
  }
}

}  // namespace scsa::server
