// The callbacks told of each commit; the list is copied under the lock and called outside it.
#include "events/subscriber_list.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace scsa::events {

subscription_id subscriber_list::add(subscriber_callback callback) {
  auto shared = std::make_shared<const subscriber_callback>(std::move(callback));
  std::lock_guard lock(mutex_);
  const subscription_id id = next_id_++;
  entries_.emplace_back(id, std::move(shared));
  return id;
}

void subscriber_list::remove(subscription_id id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [id](const entry& e) { return e.first == id; });
}

void subscriber_list::publish(const std::vector<recorded_event>& events) const {
  std::vector<entry> receivers;
  {
    std::lock_guard lock(mutex_);
    receivers = entries_;
  }
  for (const auto& [id, callback] : receivers) {
    try {
      (*callback)(events);
    } catch (const std::exception& error) {
      spdlog::error("event log: subscriber {} threw: {}", id, error.what());
    } catch (...) {
      spdlog::error("event log: subscriber {} threw an unknown exception", id);
    }
  }
}

}  // namespace scsa::events
