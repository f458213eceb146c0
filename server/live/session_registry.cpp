// The sessions and their join-code and token indexes (see session_registry.hpp).
#include "server/live/session_registry.hpp"

#include <mutex>

#include "server/tokens.hpp"

namespace scsa::server {

session_registry::session_registry(session_factory make_session) : make_session_(std::move(make_session)) {}

std::shared_ptr<live_session> session_registry::get_or_create(const std::string& session_id) {
  std::unique_lock lock(mutex_);
  auto& session = sessions_[session_id];
  if (!session) session = make_session_(session_id);
  return session;
}

std::shared_ptr<live_session> session_registry::find(const std::string& session_id) const {
  std::shared_lock lock(mutex_);
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : found->second;
}

std::shared_ptr<live_session> session_registry::find_by_join_code(std::string_view code) const {
  std::shared_lock lock(mutex_);
  auto found = join_codes_.find(normalize_join_code(code));
  return found == join_codes_.end() ? nullptr : sessions_.at(found->second);
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
  for (const auto& [id, session] : sessions_) all.push_back(session);
  return all;
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
  sessions_.erase(session_id);
}

}  // namespace scsa::server
