// The public forms' submissions and the mail outbox, in two tables beside the event log (same SQLite file;
// personal data, so never in the log). A submission and its outbox row are written in one transaction, so
// a stored request always has its confirmation mail queued, and the outbox row's key is the submission id:
// one mail per submission. Thread-safe: one connection behind a mutex; every call may wait for an fsync,
// so callers are worker threads, never io threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/forms/form_submission.hpp"

namespace scsa::events {
class sqlite_connection;
}

namespace scsa::server {

// An unsent mail: the submission it confirms and how often sending failed so far.
struct outbox_entry {
  stored_submission submission;
  int attempts = 0;
};

class form_store {
 public:
  // Opens (and creates the tables in) the database file; ":memory:" keeps them for this process only.
  // Throws events::storage_failure.
  explicit form_store(const std::string& path);
  ~form_store();
  form_store(const form_store&) = delete;
  form_store& operator=(const form_store&) = delete;

  // Stores a submission and queues its mail (next attempt: now), durably, in one transaction.
  void add(const stored_submission& submission);

  // Every stored submission, newest first.
  std::vector<stored_submission> list() const;

  // Marks a submission handled (the first time counts); false when there is no such submission.
  bool mark_handled(const std::string& id, std::int64_t now_ms);

  // Unsent mails whose next attempt is due, oldest first.
  std::vector<outbox_entry> due_mails(std::int64_t now_ms, std::size_t limit) const;
  // The earliest next attempt of any unsent mail, if there is one.
  std::optional<std::int64_t> next_attempt_ms() const;
  std::size_t unsent_count() const;
  // Whether the submission's mail has been sent (nullopt when there is no outbox row).
  std::optional<bool> mail_sent(const std::string& submission_id) const;

  void mark_sent(const std::string& submission_id, std::int64_t now_ms);
  void mark_failed(const std::string& submission_id, int attempts, std::int64_t next_attempt_ms,
                   const std::string& error);

  // Erases submissions older than the cutoff and their outbox rows; returns how many submissions.
  std::size_t purge_before(std::int64_t cutoff_ms);
  // Erases every submission (and outbox row) of an e-mail address, compared case-insensitively.
  std::size_t forget_email(const std::string& email);

 private:
  template <typename Value>
  std::size_t erase_where(const std::string& where, const Value& value);
  mutable std::mutex mutex_;
  std::unique_ptr<events::sqlite_connection> connection_;
};

}  // namespace scsa::server
