// A mutex-guarded stack of idle reader connections; opening a new one happens outside the lock.
#include "events/reader_pool.hpp"

#include "events/sqlite_settings.hpp"

namespace scsa::events {

reader_pool::reader_pool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_idle_(max_idle) {
  idle_.reserve(max_idle_);  // give_back never allocates
}

reader_pool::lease reader_pool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return lease(*this, std::move(reader));
    }
  }
  auto connection = sqlite_connection::open(path_, SQLITE_OPEN_READWRITE);
  configure_reader(connection, busy_timeout_);
  return lease(*this, std::make_unique<event_reader>(std::move(connection)));
}

void reader_pool::give_back(std::unique_ptr<event_reader> reader) noexcept {
  if (!reader) return;
  std::unique_lock lock(mutex_);
  if (idle_.size() < max_idle_) {
    idle_.push_back(std::move(reader));
    return;
  }
  lock.unlock();  // reader closes outside the lock
}

}  // namespace scsa::events
