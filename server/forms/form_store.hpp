// The public forms' submissions, the mail outbox and what the provider's desk did with each request (its
// history: handled, reopened, notes, resent), in tables beside the event log (side_database.hpp: the same
// SQLite file, or the PostgreSQL database every node shares; personal data, so never in the log). A
// submission and its outbox row are written in one transaction, so a stored request always has its
// confirmation mail queued, and the outbox row's key is the submission id: one mail per submission. Erasing a
// request erases its mail and history with it; the desk's audit keeps only the id, time and operator of an
// erasure. Thread-safe: one connection behind a mutex; every call may wait for an fsync, so callers are
// worker threads, never io threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/forms/form_submission.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

// An unsent mail: the submission it confirms and how often sending failed so far.
struct outbox_entry {
  stored_submission submission;
  int attempts = 0;
};

// Where a request's confirmation mail is.
enum class mail_state {
  queued,    // not tried yet (or queued again by the desk)
  retrying,  // at least one attempt failed; the next is scheduled
  sent,      // the relay accepted it
};

struct mail_status {
  mail_state state = mail_state::queued;
  int attempts = 0;        // failed attempts so far
  std::string last_error;  // the relay's last answer or the connection error; "" when none
  std::int64_t next_attempt_ms = 0;
  std::optional<std::int64_t> sent_ms;
};

// A request as the desk lists it.
struct desk_request {
  stored_submission submission;
  std::optional<std::string> handled_by;  // the operator's label of the latest "handled"
  int notes = 0;                          // internal notes
  std::optional<mail_status> mail;        // nullopt only for rows from before the outbox existed
};

// One line of a request's history.
struct history_entry {
  std::int64_t at_ms = 0;
  std::string by;      // the operator's label
  std::string action;  // "handled", "reopened", "note", "mail_resent"
  std::string text;    // a note's text; "" otherwise
};

class form_store {
 public:
  // Opens (and creates the tables in) the side database (a SQLite file, ":memory:" for this process only,
  // or a PostgreSQL URI). Throws events::storage_failure.
  explicit form_store(const std::string& location);
  ~form_store();
  form_store(const form_store&) = delete;
  form_store& operator=(const form_store&) = delete;

  // Stores a submission and queues its mail (next attempt: now), durably, in one transaction.
  void add(const stored_submission& submission);

  // The desk. Each change returns nullopt when there is no such request, and is recorded in its history
  // with `by` (the operator's label) when it changed something.
  std::vector<desk_request> desk_list() const;  // newest first
  std::optional<desk_request> desk_find(const std::string& id) const;
  std::vector<history_entry> history(const std::string& id) const;  // oldest first
  // true when it was open (or handled) before and is now handled (or open)
  std::optional<bool> set_handled(const std::string& id, bool handled, std::int64_t now_ms,
                                  const std::string& by);
  std::optional<history_entry> add_note(const std::string& id, const std::string& text, std::int64_t now_ms,
                                        const std::string& by);
  // Queues the request's mail for now (also one already sent); false when there is no such request.
  bool resend(const std::string& id, std::int64_t now_ms, const std::string& by);
  // Erases the request, its mail and its history; the audit keeps id, time, `by` and "erased".
  bool erase(const std::string& id, std::int64_t now_ms, const std::string& by);

  // Unsent mails whose next attempt is due, oldest first.
  std::vector<outbox_entry> due_mails(std::int64_t now_ms, std::size_t limit) const;
  // The same, claimed for sending: their next attempt moves to now + lease in the same transaction, so
  // another node sharing the database does not send them too (rows another node is claiming right now
  // are skipped, FOR UPDATE SKIP LOCKED). A node that dies while sending leaves the mail to be claimed
  // again once the lease ends: at least once, as with one node.
  std::vector<outbox_entry> claim_due_mails(std::int64_t now_ms, std::size_t limit, std::int64_t lease_ms);
  // Gives a claimed mail back, due at `at_ms` (a send aborted by stopping: not the relay's fault).
  void release(const std::string& submission_id, std::int64_t at_ms);
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
  std::size_t erase_where(const std::string& where, const side_value& value);
  std::size_t delete_where(const std::string& where, const side_value& value);
  // Under mutex_: whether the request exists; appends a history line.
  bool exists(const std::string& id) const;
  void record(const history_entry& entry, const std::string& id);
  mutable std::mutex mutex_;
  std::unique_ptr<side_database> database_;
};

}  // namespace scsa::server
