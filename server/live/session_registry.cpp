// The sessions, in memory or asleep, and their directory (see session_registry.hpp).
#include "server/live/session_registry.hpp"

#include <algorithm>
#include <mutex>

#include "server/tokens.hpp"

namespace scsa::server {

session_registry::session_registry(session_factory make_session, session_loader wake)
    : make_session_(std::move(make_session)), wake_(std::move(wake)) {}

std::shared_ptr<live_session> session_registry::get_or_create(const std::string& session_id) {
  {
    std::unique_lock lock(mutex_);
    if (auto found = sessions_.find(session_id); found != sessions_.end()) return found->second;
    if (directory_.find(session_id) == nullptr)
      return sessions_.emplace(session_id, make_session_(session_id)).first->second;
  }
  return wake(session_id);  // asleep
}

std::shared_ptr<live_session> session_registry::find(const std::string& session_id) const {
  {
    std::shared_lock lock(mutex_);
    if (auto found = sessions_.find(session_id); found != sessions_.end()) return found->second;
    if (directory_.find(session_id) == nullptr) return nullptr;
  }
  return wake(session_id);
}

std::shared_ptr<live_session> session_registry::wake(const std::string& session_id) const {
  std::unique_lock lock(mutex_);
  // Another thread may have woken it while this one waited for the lock.
  if (auto found = sessions_.find(session_id); found != sessions_.end()) return found->second;
  auto woken = wake_ ? wake_(session_id) : nullptr;
  if (!woken) return nullptr;
  return sessions_.emplace(session_id, std::move(woken)).first->second;
}

std::shared_ptr<live_session> session_registry::find_by_join_code(std::string_view code) const {
  std::optional<std::string> session_id;
  {
    std::shared_lock lock(mutex_);
    session_id = directory_.session_of_code(normalize_join_code(code));
  }
  return session_id ? find(*session_id) : nullptr;
}

std::optional<participant_ref> session_registry::find_by_token_hash(const std::string& token_hash) const {
  std::shared_lock lock(mutex_);
  return directory_.owner_of(token_hash);
}

std::vector<std::shared_ptr<live_session>> session_registry::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<live_session>> all;
  all.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) all.push_back(session);
  return all;
}

std::vector<session_listing> session_registry::listings() const {
  std::shared_lock lock(mutex_);
  std::vector<session_listing> listed;
  listed.reserve(directory_.size());
  directory_.for_each([&](std::string_view id, const domain::directory_entry& e) {
    if (e.created)
      listed.push_back(session_listing{std::string(id), std::string(directory_.title(e)),
                                       std::string(directory_.municipality(e)), e.mode, 0, e.closed,
                                       e.created_ms, e.events, e.round});
  });
  return listed;
}

std::string session_registry::facilitator_token_hash(const std::string& session_id) const {
  std::shared_lock lock(mutex_);
  const auto* entry = directory_.find(session_id);
  return entry == nullptr ? std::string{} : directory_.facilitator_token_hash(*entry);
}

std::size_t session_registry::dormant_count() const {
  std::shared_lock lock(mutex_);
  std::size_t awake = 0;
  for (const auto& [id, session] : sessions_) awake += directory_.find(id) != nullptr ? 1 : 0;
  return directory_.size() - awake;
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
    if (directory_.find(session->id()) == nullptr) continue;  // not committed yet: it could not wake
    sessions_.erase(found);
    ++slept;
  }
  return slept;
}

void session_registry::adopt(domain::session_directory directory) {
  std::unique_lock lock(mutex_);
  directory_ = std::move(directory);
}

std::shared_ptr<live_session> session_registry::in_memory(const std::string& session_id) const {
  std::shared_lock lock(mutex_);
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : found->second;
}

void session_registry::fold(const std::string& session_id, std::int64_t time_ms,
                            const std::vector<domain::session_event>& events) {
  std::unique_lock lock(mutex_);
  for (const auto& event : events)
    directory_ = domain::evolve(std::move(directory_), session_id, time_ms, event);
}

new_session_ids session_registry::make_ids() const {
  new_session_ids ids;
  std::shared_lock lock(mutex_);
  do {
    ids.session_id = make_id("s");
  } while (sessions_.contains(ids.session_id) || directory_.find(ids.session_id) != nullptr);
  do {
    ids.join_code = make_join_code();
  } while (directory_.has_code(ids.join_code));
  return ids;
}

void session_registry::forget(const std::string& session_id) {
  std::unique_lock lock(mutex_);
  sessions_.erase(session_id);
}

}  // namespace scsa::server
