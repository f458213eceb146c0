// A small pool of reader connections (each an event_reader) so that reads run in parallel with each other
// and with the writer (WAL). Thread-safe: acquire() may be called from any thread; a lease is used by one.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "events/event_reader.hpp"

namespace scsa::events {

class reader_pool {
 public:
  // Readers open `path` (which must exist) on demand; at most `max_idle` are kept between reads.
  reader_pool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle);

  // Exclusive use of one reader until the lease is destroyed.
  class lease {
   public:
    lease(reader_pool& pool, std::unique_ptr<event_reader> reader) noexcept
        : pool_(pool), reader_(std::move(reader)) {}
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() { pool_.give_back(std::move(reader_)); }
    event_reader* operator->() const noexcept { return reader_.get(); }

   private:
    reader_pool& pool_;
    std::unique_ptr<event_reader> reader_;
  };

  // An idle reader, or a new one (throws storage_failure if it cannot be opened).
  lease acquire();

 private:
  void give_back(std::unique_ptr<event_reader> reader) noexcept;

  const std::string path_;
  const std::chrono::milliseconds busy_timeout_;
  const std::size_t max_idle_;
  std::mutex mutex_;  // guards idle_
  std::vector<std::unique_ptr<event_reader>> idle_;
};

}  // namespace scsa::events
