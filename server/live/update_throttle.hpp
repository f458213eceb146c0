// When coalesced updates go out: a leading-edge throttle per key (a session, a municipality). A change after
// a quiet interval is due at once; changes within the interval after a flush are due together at the end
// of that interval, so a key is flushed at most once per interval. The interval counts from the END of a
// flush: a flush slower than the interval (a facilitator's list of thousands) is still followed by a whole
// interval in which the session's state is left to the commits.
// Pure bookkeeping: time is passed in (the hub passes the steady clock, tests pass made-up instants).
// Not thread-safe; the hub guards it with its flush mutex.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <vector>

namespace scsa::server {

template <typename Key>
class update_throttle {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit update_throttle(std::chrono::milliseconds interval) : interval_(interval) {}

  // Something of `key` changed at `now`; returns when it is due (now when it has been quiet long enough).
  time_point changed(const Key& key, time_point now) {
    if (auto pending = due_.find(key); pending != due_.end()) return pending->second;
    time_point due = now;
    if (auto last = flushed_.find(key); last != flushed_.end()) {
      if (last->second + interval_ > now)
        due = last->second + interval_;
      else
        flushed_.erase(last);  // quiet for an interval: forget it, as if never flushed
    }
    due_.emplace(key, due);
    return due;
  }

  // The keys due at `now`, taken off the schedule; call flushed() for each when its flush is over.
  std::vector<Key> take_due(time_point now) {
    std::vector<Key> taken;
    for (auto it = due_.begin(); it != due_.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      taken.push_back(it->first);
      flushed_[it->first] = now;  // until flushed() says when it ended
      it = due_.erase(it);
    }
    // Keys flushed more than an interval ago behave as never flushed; dropping them bounds the memory.
    std::erase_if(flushed_, [&](const auto& entry) {
      return entry.second + interval_ <= now && !due_.contains(entry.first);
    });
    return taken;
  }

  // The flush of `key` ended at `at`: its next flush waits a whole interval from here, also for a change
  // that came while it ran.
  void flushed(const Key& key, time_point at) {
    flushed_[key] = at;
    if (auto pending = due_.find(key); pending != due_.end() && pending->second < at + interval_)
      pending->second = at + interval_;
  }

  // The earliest due instant, or nothing when no change is waiting.
  std::optional<time_point> next_due() const {
    std::optional<time_point> earliest;
    for (const auto& [key, due] : due_)
      if (!earliest || due < *earliest) earliest = due;
    return earliest;
  }

  std::chrono::milliseconds interval() const { return interval_; }

 private:
  std::chrono::milliseconds interval_;
  std::map<Key, time_point> due_;      // keys with a change waiting, and when it goes out
  std::map<Key, time_point> flushed_;  // when each key was last flushed (within the last interval)
};

}  // namespace scsa::server
