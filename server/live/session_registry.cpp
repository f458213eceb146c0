// The sessions and their join-code and token indexes (see session_registry.hpp).
#include "server/live/session_registry.hpp"

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
    auto found = join_codes_.find(normalize_join_code(code));
    if (found == join_codes_.end()) return nullptr;
    session_id = found->second;
  }
  return find(session_id);
}

std::optional<participant_ref> session_registry::find_by_token_hash(const std::string& token_hash) const {
  std::shared_lock lock(mutex_);
  auto found = participant_tokens_.find(token_hash);
  if (found == participant_tokens_.end()) return std::nullopt;
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

std::vector<std::string> session_registry::dormant_ids() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> ids;
  ids.reserve(dormant_);
  for (const auto& [id, session] : sessions_)
    if (!session) ids.push_back(id);
  return ids;
}

std::size_t session_registry::dormant_count() const {
  std::shared_lock lock(mutex_);
  return dormant_;
}

std::size_t session_registry::put_to_sleep(std::chrono::steady_clock::time_point now,
                                           std::chrono::milliseconds quiet) {
  std::lock_guard sweep(sweep_mutex_);
  if (last_sweep_ && now - *last_sweep_ < quiet) return 0;
  last_sweep_ = now;
  std::vector<std::shared_ptr<live_session>> in_memory = all();
  // may_sleep() takes the session's state lock, and a session's commit reaches index() with it held: so
  // it is asked here, without mutex_; under mutex_ only the activity counter is compared again.
  std::unordered_map<std::string, std::uint64_t> candidates;
  std::vector<std::pair<std::shared_ptr<live_session>, std::uint64_t>> sleepers;
  for (const auto& session : in_memory) {
    if (!session->may_sleep()) continue;
    const auto activity = session->activity();
    auto seen = quiet_candidates_.find(session->id());
    if (seen != quiet_candidates_.end() && seen->second == activity)
      sleepers.emplace_back(session, activity);
    else
      candidates.emplace(session->id(), activity);
  }
  quiet_candidates_ = std::move(candidates);
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

void session_registry::index(const std::string& session_id,
                             const std::vector<domain::session_event>& events) {
  for (const auto& event : events) {
    if (const auto* created = std::get_if<domain::session_created>(&event)) {
      std::unique_lock lock(mutex_);
      join_codes_[created->join_code] = session_id;
    } else if (const auto* joined = std::get_if<domain::participant_joined>(&event)) {
      std::unique_lock lock(mutex_);
      participant_tokens_[joined->token_hash] = participant_ref{session_id, joined->participant_id};
    }
  }
}

new_session_ids session_registry::make_ids() const {
  new_session_ids ids;
  std::shared_lock lock(mutex_);
  do {
    ids.session_id = make_id("s");
  } while (sessions_.contains(ids.session_id));
  do {
    ids.join_code = make_join_code();
  } while (join_codes_.contains(ids.join_code));
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
