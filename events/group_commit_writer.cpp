// The single writer thread and its group commit; see the header. Storage failures are caught here and
// become storage_error results: no exception leaves the writer thread.
#include "events/group_commit_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <iterator>
#include <string>
#include <utility>

#include "events/append_completion.hpp"
#include "events/sqlite_settings.hpp"

namespace scsa::events {

namespace {

// Errors after which the file's state is unknown: fail-stop. SQLITE_FULL (and everything else) is not.
bool is_fatal(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

}  // namespace

group_commit_writer::group_commit_writer(sqlite_connection connection, std::size_t max_batch_size,
                                         std::size_t commands_held, const subscriber_list& subscribers,
                                         commit_observer on_commit)
    : connection_(std::move(connection)),
      commands_(connection_, commands_held),
      appender_(connection_, commands_),
      subscribers_(subscribers),
      max_batch_size_(std::max<std::size_t>(max_batch_size, 1)),
      on_commit_(std::move(on_commit)),
      thread_([this] { run(); }) {}

group_commit_writer::~group_commit_writer() {
  stop();
}

void group_commit_writer::submit(append_request request, append_callback completion) {
  std::unique_lock lock(queue_mutex_);
  if (stopping_ || !failure_.empty()) {
    std::string why = failure_.empty() ? "the event log is closed" : failure_;
    lock.unlock();
    complete(completion, storage_error(std::move(why)));
    return;
  }
  const bool was_empty = queue_.empty();  // the writer sleeps only on an empty queue
  queue_.push_back(
      pending_append{std::move(request), std::move(completion), std::chrono::steady_clock::now()});
  lock.unlock();
  if (was_empty) queue_changed_.notify_one();
}

void group_commit_writer::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void group_commit_writer::limit_page_count(std::int64_t pages) {
  std::lock_guard lock(queue_mutex_);
  page_limit_ = std::max<std::int64_t>(pages, 1);
}

batch_statistics group_commit_writer::statistics() const {
  std::lock_guard lock(statistics_mutex_);
  return statistics_;
}

std::string group_commit_writer::failure() const {
  std::lock_guard lock(queue_mutex_);
  return failure_;
}

void group_commit_writer::run() {
  std::vector<pending_append> batch;
  batch.reserve(max_batch_size_);
  for (;;) {
    std::int64_t page_limit = 0;
    {
      std::unique_lock lock(queue_mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {  // stopping, and everything queued is written
        const bool failed = !failure_.empty();
        lock.unlock();
        if (!failed) flush_commands();  // else the next open indexes them from the events
        return;
      }
      if (!failure_.empty()) {
        // Fail-stop: nothing more is written; what was queued before the failure is refused.
        std::deque<pending_append> refused = std::move(queue_);
        queue_.clear();
        const std::string why = failure_;
        lock.unlock();
        for (auto& pending : refused) complete(pending.completion, storage_error(why));
        continue;
      }
      while (!queue_.empty() && batch.size() < max_batch_size_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      page_limit = std::exchange(page_limit_, 0);
    }
    if (page_limit != 0) {
      try {
        const std::int64_t in_effect = scsa::events::limit_page_count(connection_, page_limit);
        spdlog::info("event log: max_page_count is now {}", in_effect);
      } catch (const std::exception& error) {
        spdlog::error("event log: cannot set max_page_count: {}", error.what());
      }
    }
    write_batch(batch);
    batch.clear();
    if (commands_.flush_due()) flush_commands();
  }
}

void group_commit_writer::flush_commands() {
  try {
    if (connection_.in_transaction()) connection_.exec("ROLLBACK");
    commands_.flush();
  } catch (const sqlite_error& error) {
    // Held commands stay held (and the events hold them too): the next flush, or the next open, writes them.
    spdlog::error("event log: cannot write the command index: {}", error.what());
    if (is_fatal(error.code())) stop_for_good(error.what());
  } catch (const std::exception& error) {
    spdlog::error("event log: cannot write the command index: {}", error.what());
  }
}

void group_commit_writer::stop_for_good(const std::string& io_error) {
  spdlog::critical("event log: I/O error, the writer stops (fail-stop); restart the server: {}", io_error);
  std::lock_guard lock(queue_mutex_);
  failure_ = "the event log stopped after an I/O error; nothing more is stored until a restart: " + io_error;
}

void group_commit_writer::write_batch(std::vector<pending_append>& batch) {
  std::vector<append_result> results;
  results.reserve(batch.size());
  std::vector<recorded_event> recorded;  // in sequence order: appends are written one after the other
  std::string failure;
  bool fatal = false;
  const auto started = std::chrono::steady_clock::now();
  try {
    // A ROLLBACK that failed earlier would leave the connection in a transaction and fail every batch.
    if (connection_.in_transaction()) connection_.exec("ROLLBACK");
    sqlite_transaction transaction(connection_);
    for (const pending_append& pending : batch) {
      append_outcome outcome = appender_.append(pending.request);
      std::move(outcome.recorded.begin(), outcome.recorded.end(), std::back_inserter(recorded));
      results.push_back(std::move(outcome.result));
    }
    transaction.commit();
  } catch (const sqlite_error& error) {
    failure = error.what();
    fatal = is_fatal(error.code());
  } catch (const std::exception& error) {
    failure = error.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (failure.empty()) {
    commands_.batch_committed();
    std::lock_guard lock(statistics_mutex_);
    ++statistics_.commits;
    statistics_.appends += batch.size();
    statistics_.events += recorded.size();
    statistics_.largest_batch = std::max<std::uint64_t>(statistics_.largest_batch, batch.size());
    if (on_commit_) on_commit_(batch.size(), recorded.size(), std::chrono::steady_clock::now() - started);
  } else {
    commands_.batch_rolled_back();
    spdlog::error("event log: batch of {} appends rolled back: {}", batch.size(), failure);
    if (fatal) stop_for_good(failure);
    results.assign(batch.size(), storage_error("nothing written, the commit failed: " + failure));
    recorded.clear();
    std::lock_guard lock(statistics_mutex_);
    ++statistics_.failed_commits;
  }
  const auto ended = std::chrono::steady_clock::now();
  if (failure.empty())
    for (std::size_t i = 0; i < batch.size(); ++i) {
      results[i].submitted = batch[i].submitted;
      results[i].batch_started = started;
      results[i].committed_at = ended;
    }
  if (!recorded.empty()) subscribers_.publish(recorded);
  for (std::size_t i = 0; i < batch.size(); ++i) complete(batch[i].completion, std::move(results[i]));
}

}  // namespace scsa::events
