// The form_submissions and mail_outbox tables on their own connection (WAL, synchronous=FULL like the log).
#include "server/forms/form_store.hpp"

#include "events/sqlite_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

namespace {

constexpr const char* schema =
    "CREATE TABLE IF NOT EXISTS form_submissions ("
    " id TEXT PRIMARY KEY, kind TEXT NOT NULL, language TEXT NOT NULL, name TEXT NOT NULL,"
    " email TEXT NOT NULL, organisation TEXT NOT NULL, message TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL, handled_ms INTEGER) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS form_submissions_email ON form_submissions (lower(email));"
    "CREATE INDEX IF NOT EXISTS form_submissions_created ON form_submissions (created_ms);"
    // One row per submission: its key is the idempotency of the confirmation mail.
    "CREATE TABLE IF NOT EXISTS mail_outbox ("
    " submission_id TEXT PRIMARY KEY REFERENCES form_submissions (id), attempts INTEGER NOT NULL,"
    " next_attempt_ms INTEGER NOT NULL, sent_ms INTEGER, last_error TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE sent_ms IS NULL;";

constexpr const char* submission_columns =
    "s.id, s.kind, s.language, s.name, s.email, s.organisation, s.message, s.created_ms, s.handled_ms";

stored_submission read_submission(const events::sqlite_statement& row) {
  stored_submission s;
  s.id = row.column_text(0);
  s.form.kind = parse_form_kind(row.column_text(1)).value_or(form_kind::information);
  s.form.language = domain::parse_language(row.column_text(2)).value_or(domain::language::nl);
  s.form.name = row.column_text(3);
  s.form.email = row.column_text(4);
  s.form.organisation = row.column_text(5);
  s.form.message = row.column_text(6);
  s.created_ms = row.column_int(7);
  if (!row.column_is_null(8)) s.handled_ms = row.column_int(8);
  return s;
}

}  // namespace

form_store::form_store(const std::string& path)
    : connection_(std::make_unique<events::sqlite_connection>(open_side_database(path, schema))) {}

form_store::~form_store() = default;

void form_store::add(const stored_submission& submission) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  events::sqlite_statement insert(
      *connection_,
      "INSERT INTO form_submissions (id, kind, language, name, email, organisation,"
      " message, created_ms, handled_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)");
  insert.bind(1, submission.id);
  insert.bind(2, form_kind_name(submission.form.kind));
  insert.bind(3, submission.form.language == domain::language::en ? "en" : "nl");
  insert.bind(4, submission.form.name);
  insert.bind(5, submission.form.email);
  insert.bind(6, submission.form.organisation);
  insert.bind(7, submission.form.message);
  insert.bind(8, submission.created_ms);
  insert.run();
  events::sqlite_statement queue(*connection_,
                                 "INSERT INTO mail_outbox (submission_id, attempts, next_attempt_ms, sent_ms,"
                                 " last_error) VALUES (?, 0, ?, NULL, '')");
  queue.bind(1, submission.id);
  queue.bind(2, submission.created_ms);
  queue.run();
  transaction.commit();
}

std::vector<stored_submission> form_store::list() const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_,
                                  std::string("SELECT ") + submission_columns +
                                      " FROM form_submissions s ORDER BY s.created_ms DESC, s.id");
  std::vector<stored_submission> all;
  while (select.step()) all.push_back(read_submission(select));
  return all;
}

bool form_store::mark_handled(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement exists(*connection_, "SELECT 1 FROM form_submissions WHERE id = ?");
  exists.bind(1, id);
  if (!exists.step()) return false;
  exists.reset();
  events::sqlite_statement update(
      *connection_, "UPDATE form_submissions SET handled_ms = ? WHERE id = ? AND handled_ms IS NULL");
  update.bind(1, now_ms);
  update.bind(2, id);
  update.run();
  return true;
}

std::vector<outbox_entry> form_store::due_mails(std::int64_t now_ms, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(
      *connection_,
      std::string("SELECT ") + submission_columns +
          ", o.attempts FROM mail_outbox o JOIN form_submissions s ON s.id = o.submission_id"
          " WHERE o.sent_ms IS NULL AND o.next_attempt_ms <= ? ORDER BY o.next_attempt_ms LIMIT ?");
  select.bind(1, now_ms);
  select.bind(2, static_cast<std::int64_t>(limit));
  std::vector<outbox_entry> due;
  while (select.step()) due.push_back({read_submission(select), static_cast<int>(select.column_int(9))});
  return due;
}

std::optional<std::int64_t> form_store::next_attempt_ms() const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_,
                                  "SELECT min(next_attempt_ms) FROM mail_outbox WHERE sent_ms IS NULL");
  if (!select.step() || select.column_is_null(0)) return std::nullopt;
  return select.column_int(0);
}

std::size_t form_store::unsent_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      connection_->query_int("SELECT count(*) FROM mail_outbox WHERE sent_ms IS NULL"));
}

std::optional<bool> form_store::mail_sent(const std::string& submission_id) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_,
                                  "SELECT sent_ms IS NOT NULL FROM mail_outbox WHERE submission_id = ?");
  select.bind(1, submission_id);
  if (!select.step()) return std::nullopt;
  return select.column_int(0) != 0;
}

void form_store::mark_sent(const std::string& submission_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement update(
      *connection_, "UPDATE mail_outbox SET sent_ms = ?, last_error = '' WHERE submission_id = ?");
  update.bind(1, now_ms);
  update.bind(2, submission_id);
  update.run();
}

void form_store::mark_failed(const std::string& submission_id, int attempts, std::int64_t next_attempt_ms,
                             const std::string& error) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement update(
      *connection_,
      "UPDATE mail_outbox SET attempts = ?, next_attempt_ms = ?, last_error = ? WHERE submission_id = ?");
  update.bind(1, static_cast<std::int64_t>(attempts));
  update.bind(2, next_attempt_ms);
  update.bind(3, error);
  update.bind(4, submission_id);
  update.run();
}

// Erases the submissions that `where` selects (a condition on form_submissions with one parameter) and
// their queued mails, in one transaction; returns how many submissions went.
template <typename Value>
std::size_t form_store::erase_where(const std::string& where, const Value& value) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  events::sqlite_statement outbox(*connection_,
                                  "DELETE FROM mail_outbox WHERE submission_id IN"
                                  " (SELECT id FROM form_submissions WHERE " +
                                      where + ")");
  outbox.bind(1, value);
  outbox.run();
  events::sqlite_statement forms(*connection_, "DELETE FROM form_submissions WHERE " + where);
  forms.bind(1, value);
  forms.run();
  const auto erased = static_cast<std::size_t>(sqlite3_changes(connection_->get()));
  transaction.commit();
  return erased;
}

std::size_t form_store::purge_before(std::int64_t cutoff_ms) {
  return erase_where("created_ms < ?", cutoff_ms);
}

std::size_t form_store::forget_email(const std::string& email) {
  return erase_where("lower(email) = lower(?)", email);
}

}  // namespace scsa::server
