// The callbacks told of each commit. Thread-safe: add/remove from any thread; publish from the writer
// thread, which calls the callbacks outside the lock (so a callback may subscribe or unsubscribe).
#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "events/event_log.hpp"

namespace scsa::events {

class subscriber_list {
 public:
  subscription_id add(subscriber_callback callback);
  void remove(subscription_id id);

  // Calls every subscriber with `events`; an exception from a subscriber is logged and dropped.
  void publish(const std::vector<recorded_event>& events) const;

 private:
  using entry = std::pair<subscription_id, std::shared_ptr<const subscriber_callback>>;
  mutable std::mutex mutex_;  // guards entries_ and next_id_
  std::vector<entry> entries_;
  subscription_id next_id_{1};
};

}  // namespace scsa::events
