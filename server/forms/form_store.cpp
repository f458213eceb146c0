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
    "CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE sent_ms IS NULL;"
    // What the desk did with a request; erased with it (a note is free text: personal data).
    "CREATE TABLE IF NOT EXISTS request_history ("
    " submission_id TEXT NOT NULL, at_ms INTEGER NOT NULL, by_label TEXT NOT NULL, action TEXT NOT NULL,"
    " text TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS request_history_submission ON request_history (submission_id, at_ms);"
    // Erasures outlive the request: who erased which id when, nothing personal.
    "CREATE TABLE IF NOT EXISTS desk_audit ("
    " at_ms INTEGER NOT NULL, by_label TEXT NOT NULL, action TEXT NOT NULL, submission_id TEXT NOT NULL);";

constexpr const char* submission_columns =
    "s.id, s.kind, s.language, s.name, s.email, s.organisation, s.message, s.created_ms, s.handled_ms";

// The desk's columns after submission_columns: the mail, the notes and who last marked it handled.
constexpr const char* desk_columns =
    ", o.attempts, o.next_attempt_ms, o.sent_ms, o.last_error, o.submission_id IS NOT NULL,"
    " (SELECT count(*) FROM request_history h WHERE h.submission_id = s.id AND h.action = 'note'),"
    " (SELECT h.by_label FROM request_history h WHERE h.submission_id = s.id AND h.action = 'handled'"
    "  ORDER BY h.at_ms DESC, h.rowid DESC LIMIT 1)"
    " FROM form_submissions s LEFT JOIN mail_outbox o ON o.submission_id = s.id";

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

desk_request read_desk_request(const events::sqlite_statement& row) {
  desk_request r{read_submission(row), std::nullopt, static_cast<int>(row.column_int(14)), std::nullopt};
  if (row.column_int(13) != 0) {
    mail_status mail;
    mail.attempts = static_cast<int>(row.column_int(9));
    mail.next_attempt_ms = row.column_int(10);
    if (!row.column_is_null(11)) mail.sent_ms = row.column_int(11);
    mail.last_error = row.column_text(12);
    mail.state = mail.sent_ms        ? mail_state::sent
                 : mail.attempts > 0 ? mail_state::retrying
                                     : mail_state::queued;
    r.mail = std::move(mail);
  }
  if (!row.column_is_null(15)) r.handled_by = row.column_text(15);
  return r;
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

bool form_store::exists(const std::string& id) const {
  events::sqlite_statement select(*connection_, "SELECT 1 FROM form_submissions WHERE id = ?");
  select.bind(1, id);
  return select.step();
}

void form_store::record(const history_entry& entry, const std::string& id) {
  events::sqlite_statement insert(*connection_,
                                  "INSERT INTO request_history (submission_id, at_ms, by_label, action, text)"
                                  " VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, entry.at_ms);
  insert.bind(3, entry.by);
  insert.bind(4, entry.action);
  insert.bind(5, entry.text);
  insert.run();
}

std::vector<desk_request> form_store::desk_list() const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_, std::string("SELECT ") + submission_columns + desk_columns +
                                                    " ORDER BY s.created_ms DESC, s.id");
  std::vector<desk_request> all;
  while (select.step()) all.push_back(read_desk_request(select));
  return all;
}

std::optional<desk_request> form_store::desk_find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(
      *connection_, std::string("SELECT ") + submission_columns + desk_columns + " WHERE s.id = ?");
  select.bind(1, id);
  if (!select.step()) return std::nullopt;
  return read_desk_request(select);
}

std::vector<history_entry> form_store::history(const std::string& id) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_,
                                  "SELECT at_ms, by_label, action, text FROM request_history"
                                  " WHERE submission_id = ? ORDER BY at_ms, rowid");
  select.bind(1, id);
  std::vector<history_entry> lines;
  while (select.step())
    lines.push_back(
        {select.column_int(0), select.column_text(1), select.column_text(2), select.column_text(3)});
  return lines;
}

std::optional<bool> form_store::set_handled(const std::string& id, bool handled, std::int64_t now_ms,
                                            const std::string& by) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  if (!exists(id)) return std::nullopt;
  events::sqlite_statement update(
      *connection_,
      "UPDATE form_submissions SET handled_ms = CASE WHEN ?1 THEN ?2 END WHERE id = ?3"
      " AND (handled_ms IS NULL) = ?1");
  update.bind(1, static_cast<std::int64_t>(handled ? 1 : 0));
  update.bind(2, now_ms);
  update.bind(3, id);
  update.run();
  const bool changed = sqlite3_changes(connection_->get()) > 0;
  if (changed) record({now_ms, by, handled ? "handled" : "reopened", ""}, id);
  transaction.commit();
  return changed;
}

std::optional<history_entry> form_store::add_note(const std::string& id, const std::string& text,
                                                  std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  if (!exists(id)) return std::nullopt;
  history_entry note{now_ms, by, "note", text};
  record(note, id);
  return note;
}

bool form_store::resend(const std::string& id, std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  if (!exists(id)) return false;
  // A request from before the outbox existed gets its row now: one mail per submission still holds.
  events::sqlite_statement queue(
      *connection_,
      "INSERT INTO mail_outbox (submission_id, attempts, next_attempt_ms, sent_ms, last_error)"
      " VALUES (?1, 0, ?2, NULL, '') ON CONFLICT (submission_id) DO UPDATE SET next_attempt_ms = ?2,"
      " sent_ms = NULL");
  queue.bind(1, id);
  queue.bind(2, now_ms);
  queue.run();
  record({now_ms, by, "mail_resent", ""}, id);
  transaction.commit();
  return true;
}

bool form_store::erase(const std::string& id, std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  if (delete_where("id = ?", id) == 0) return false;
  events::sqlite_statement audit(*connection_,
                                 "INSERT INTO desk_audit (at_ms, by_label, action, submission_id)"
                                 " VALUES (?, ?, 'erased', ?)");
  audit.bind(1, now_ms);
  audit.bind(2, by);
  audit.bind(3, id);
  audit.run();
  transaction.commit();
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

// Erases the submissions that `where` selects (a condition on form_submissions with one parameter), their
// mails and their history; returns how many submissions went. The caller holds mutex_ and a transaction.
template <typename Value>
std::size_t form_store::delete_where(const std::string& where, const Value& value) {
  for (const char* table : {"mail_outbox", "request_history"}) {
    events::sqlite_statement dependent(*connection_, std::string("DELETE FROM ") + table +
                                                         " WHERE submission_id IN"
                                                         " (SELECT id FROM form_submissions WHERE " +
                                                         where + ")");
    dependent.bind(1, value);
    dependent.run();
  }
  events::sqlite_statement forms(*connection_, "DELETE FROM form_submissions WHERE " + where);
  forms.bind(1, value);
  forms.run();
  return static_cast<std::size_t>(sqlite3_changes(connection_->get()));
}

template <typename Value>
std::size_t form_store::erase_where(const std::string& where, const Value& value) {
  std::lock_guard lock(mutex_);
  events::sqlite_transaction transaction(*connection_);
  const auto erased = delete_where(where, value);
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
