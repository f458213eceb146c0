// Connections, their sessions and their rate limits (see connection_bindings.hpp).
#include "server/live/connection_bindings.hpp"

#include <algorithm>

namespace scsa::server {

void connection_bindings::opened(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(mutex_);
  connection_state state;
  state.tokens = burst_;
  state.refilled = std::chrono::steady_clock::now();
  connections_[connection->id()] = std::move(state);
}

void connection_bindings::closed(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) return;
  if (found->second.bound.session) found->second.bound.session->unwatch(connection);
  connections_.erase(found);
}

bool connection_bindings::take_rate_token(const std::shared_ptr<client_connection>& connection) {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) return false;
  auto& state = found->second;
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - state.refilled).count();
  state.tokens = std::min(burst_, state.tokens + elapsed * per_second_);
  state.refilled = now;
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}

std::optional<connection_binding> connection_bindings::find(
    const std::shared_ptr<client_connection>& connection) const {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end() || !found->second.bound.session) return std::nullopt;
  return found->second.bound;
}

void connection_bindings::bind(const std::shared_ptr<client_connection>& connection,
                               const std::shared_ptr<live_session>& session, const domain::actor& as,
                               int protocol, const live_session::snapshot_sink& deliver) {
  const bool facilitator = as.role == domain::actor_role::facilitator;
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection->id());
  if (found == connections_.end()) {  // closed meanwhile: the reply goes nowhere, but it is made once
    if (deliver)
      deliver(facilitator ? session->facilitator_snapshot()
                          : session->participant_snapshot(as.participant_id));
    return;
  }
  auto& bound = found->second.bound;
  if (bound.session) bound.session->unwatch(connection);
  bound = connection_binding{session, as};
  if (facilitator)
    session->watch_as_facilitator(connection, protocol, deliver);
  else
    session->watch_as_participant(connection, as.participant_id, protocol, deliver);
  watched_.insert(session);
}

std::vector<std::shared_ptr<live_session>> connection_bindings::watched_sessions() const {
  std::lock_guard lock(mutex_);
  return {watched_.begin(), watched_.end()};
}

}  // namespace scsa::server
