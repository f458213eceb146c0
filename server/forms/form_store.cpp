// The form_submissions and mail_outbox tables on their own connection to the side database.
#include "server/forms/form_store.hpp"

namespace scsa::server {

namespace {

// request_history has no key of its own: SQLite orders its lines by rowid, PostgreSQL by a serial `line`.
const side_schema schema{
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
    " at_ms INTEGER NOT NULL, by_label TEXT NOT NULL, action TEXT NOT NULL, submission_id TEXT NOT NULL);",

    "CREATE TABLE IF NOT EXISTS form_submissions ("
    " id TEXT PRIMARY KEY, kind TEXT NOT NULL, language TEXT NOT NULL, name TEXT NOT NULL,"
    " email TEXT NOT NULL, organisation TEXT NOT NULL, message TEXT NOT NULL,"
    " created_ms BIGINT NOT NULL, handled_ms BIGINT);"
    "CREATE INDEX IF NOT EXISTS form_submissions_email ON form_submissions (lower(email));"
    "CREATE INDEX IF NOT EXISTS form_submissions_created ON form_submissions (created_ms);"
    "CREATE TABLE IF NOT EXISTS mail_outbox ("
    " submission_id TEXT PRIMARY KEY REFERENCES form_submissions (id), attempts INTEGER NOT NULL,"
    " next_attempt_ms BIGINT NOT NULL, sent_ms BIGINT, last_error TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE sent_ms IS NULL;"
    "CREATE TABLE IF NOT EXISTS request_history ("
    " line BIGSERIAL PRIMARY KEY, submission_id TEXT NOT NULL, at_ms BIGINT NOT NULL, by_label TEXT NOT NULL,"
    " action TEXT NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS request_history_submission ON request_history (submission_id, at_ms);"
    "CREATE TABLE IF NOT EXISTS desk_audit ("
    " at_ms BIGINT NOT NULL, by_label TEXT NOT NULL, action TEXT NOT NULL, submission_id TEXT NOT NULL);"};

constexpr const char* submission_columns =
    "s.id, s.kind, s.language, s.name, s.email, s.organisation, s.message, s.created_ms, s.handled_ms";

// The column that orders request_history's lines of the same millisecond.
std::string line_column(const side_database& database) {
  return database.engine() == side_engine::postgres ? "line" : "rowid";
}

// The desk's columns after submission_columns: the mail, the notes and who last marked it handled.
std::string desk_columns(const side_database& database) {
  return ", o.attempts, o.next_attempt_ms, o.sent_ms, o.last_error,"
         " CASE WHEN o.submission_id IS NULL THEN 0 ELSE 1 END,"
         " (SELECT count(*) FROM request_history h WHERE h.submission_id = s.id AND h.action = 'note'),"
         " (SELECT h.by_label FROM request_history h WHERE h.submission_id = s.id AND h.action = 'handled'"
         "  ORDER BY h.at_ms DESC, h." +
         line_column(database) +
         " DESC LIMIT 1)"
         " FROM form_submissions s LEFT JOIN mail_outbox o ON o.submission_id = s.id";
}

stored_submission read_submission(const side_rows& rows, std::size_t r) {
  stored_submission s;
  s.id = rows.text(r, 0);
  s.form.kind = parse_form_kind(rows.text(r, 1)).value_or(form_kind::information);
  s.form.language = domain::parse_language(rows.text(r, 2)).value_or(domain::language::nl);
  s.form.name = rows.text(r, 3);
  s.form.email = rows.text(r, 4);
  s.form.organisation = rows.text(r, 5);
  s.form.message = rows.text(r, 6);
  s.created_ms = rows.integer(r, 7);
  if (!rows.is_null(r, 8)) s.handled_ms = rows.integer(r, 8);
  return s;
}

desk_request read_desk_request(const side_rows& rows, std::size_t r) {
  desk_request request{read_submission(rows, r), std::nullopt, static_cast<int>(rows.integer(r, 14)),
                       std::nullopt};
  if (rows.integer(r, 13) != 0) {
    mail_status mail;
    mail.attempts = static_cast<int>(rows.integer(r, 9));
    mail.next_attempt_ms = rows.integer(r, 10);
    if (!rows.is_null(r, 11)) mail.sent_ms = rows.integer(r, 11);
    mail.last_error = rows.text(r, 12);
    mail.state = mail.sent_ms        ? mail_state::sent
                 : mail.attempts > 0 ? mail_state::retrying
                                     : mail_state::queued;
    request.mail = std::move(mail);
  }
  if (!rows.is_null(r, 15)) request.handled_by = rows.text(r, 15);
  return request;
}

std::vector<outbox_entry> read_outbox(const side_rows& rows) {
  std::vector<outbox_entry> due;
  for (std::size_t r = 0; r < rows.size(); ++r)
    due.push_back({read_submission(rows, r), static_cast<int>(rows.integer(r, 9))});
  return due;
}

const std::string due_query =
    std::string("SELECT ") + submission_columns +
    ", o.attempts FROM mail_outbox o JOIN form_submissions s ON s.id = o.submission_id"
    " WHERE o.sent_ms IS NULL AND o.next_attempt_ms <= ? ORDER BY o.next_attempt_ms"
    " LIMIT ?";

}  // namespace

form_store::form_store(const std::string& location) : database_(side_database::open(location, schema)) {}

form_store::~form_store() = default;

void form_store::add(const stored_submission& submission) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  database_->execute(
      "INSERT INTO form_submissions (id, kind, language, name, email, organisation,"
      " message, created_ms, handled_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
      {submission.id, std::string(form_kind_name(submission.form.kind)),
       std::string(submission.form.language == domain::language::en ? "en" : "nl"), submission.form.name,
       submission.form.email, submission.form.organisation, submission.form.message, submission.created_ms});
  database_->execute(
      "INSERT INTO mail_outbox (submission_id, attempts, next_attempt_ms, sent_ms, last_error)"
      " VALUES (?, 0, ?, NULL, '')",
      {submission.id, submission.created_ms});
  transaction.commit();
}

bool form_store::exists(const std::string& id) const {
  return !database_->query("SELECT 1 FROM form_submissions WHERE id = ?", {id}).empty();
}

void form_store::record(const history_entry& entry, const std::string& id) {
  database_->execute(
      "INSERT INTO request_history (submission_id, at_ms, by_label, action, text) VALUES (?, ?, ?, ?, ?)",
      {id, entry.at_ms, entry.by, entry.action, entry.text});
}

std::vector<desk_request> form_store::desk_list() const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query(std::string("SELECT ") + submission_columns + desk_columns(*database_) +
                                     " ORDER BY s.created_ms DESC, s.id");
  std::vector<desk_request> all;
  for (std::size_t r = 0; r < rows.size(); ++r) all.push_back(read_desk_request(rows, r));
  return all;
}

std::optional<desk_request> form_store::desk_find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query(
      std::string("SELECT ") + submission_columns + desk_columns(*database_) + " WHERE s.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return read_desk_request(rows, 0);
}

std::vector<history_entry> form_store::history(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query(
      "SELECT at_ms, by_label, action, text FROM request_history"
      " WHERE submission_id = ? ORDER BY at_ms, " +
          line_column(*database_),
      {id});
  std::vector<history_entry> lines;
  for (std::size_t r = 0; r < rows.size(); ++r)
    lines.push_back({rows.integer(r, 0), rows.text(r, 1), rows.text(r, 2), rows.text(r, 3)});
  return lines;
}

std::optional<bool> form_store::set_handled(const std::string& id, bool handled, std::int64_t now_ms,
                                            const std::string& by) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  if (!exists(id)) return std::nullopt;
  // Changes only a request that is not yet what is asked: handling it twice records one line.
  const bool changed =
      (handled ? database_->execute(
                     "UPDATE form_submissions SET handled_ms = ? WHERE id = ? AND handled_ms IS NULL",
                     {now_ms, id})
               : database_->execute(
                     "UPDATE form_submissions SET handled_ms = NULL WHERE id = ? AND handled_ms IS NOT NULL",
                     {id})) > 0;
  if (changed) record({now_ms, by, handled ? "handled" : "reopened", ""}, id);
  transaction.commit();
  return changed;
}

std::optional<history_entry> form_store::add_note(const std::string& id, const std::string& text,
                                                  std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);  // a note is written once, never again on a retry
  if (!exists(id)) return std::nullopt;
  history_entry note{now_ms, by, "note", text};
  record(note, id);
  transaction.commit();
  return note;
}

bool form_store::resend(const std::string& id, std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  if (!exists(id)) return false;
  // A request from before the outbox existed gets its row now: one mail per submission still holds.
  database_->execute(
      "INSERT INTO mail_outbox (submission_id, attempts, next_attempt_ms, sent_ms, last_error)"
      " VALUES (?1, 0, ?2, NULL, '') ON CONFLICT (submission_id) DO UPDATE SET next_attempt_ms = ?2,"
      " sent_ms = NULL",
      {id, now_ms});
  record({now_ms, by, "mail_resent", ""}, id);
  transaction.commit();
  return true;
}

bool form_store::erase(const std::string& id, std::int64_t now_ms, const std::string& by) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  if (delete_where("id = ?", id) == 0) return false;
  database_->execute(
      "INSERT INTO desk_audit (at_ms, by_label, action, submission_id) VALUES (?, ?, 'erased', ?)",
      {now_ms, by, id});
  transaction.commit();
  return true;
}

std::vector<outbox_entry> form_store::due_mails(std::int64_t now_ms, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  return read_outbox(database_->query(due_query, {now_ms, static_cast<std::int64_t>(limit)}));
}

std::vector<outbox_entry> form_store::claim_due_mails(std::int64_t now_ms, std::size_t limit,
                                                      std::int64_t lease_ms) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  // SQLite has one writer at a time (BEGIN IMMEDIATE): nothing to skip there.
  const bool shared = database_->engine() == side_engine::postgres;
  auto due = read_outbox(database_->query(due_query + (shared ? " FOR UPDATE OF o SKIP LOCKED" : ""),
                                          {now_ms, static_cast<std::int64_t>(limit)}));
  for (const auto& entry : due)
    database_->execute("UPDATE mail_outbox SET next_attempt_ms = ? WHERE submission_id = ?",
                       {now_ms + lease_ms, entry.submission.id});
  transaction.commit();
  return due;
}

void form_store::release(const std::string& submission_id, std::int64_t at_ms) {
  std::lock_guard lock(mutex_);
  database_->execute("UPDATE mail_outbox SET next_attempt_ms = ? WHERE submission_id = ? AND sent_ms IS NULL",
                     {at_ms, submission_id});
}

std::optional<std::int64_t> form_store::next_attempt_ms() const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query("SELECT min(next_attempt_ms) FROM mail_outbox WHERE sent_ms IS NULL");
  if (rows.empty() || rows.is_null(0, 0)) return std::nullopt;
  return rows.integer(0, 0);
}

std::size_t form_store::unsent_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      database_->query("SELECT count(*) FROM mail_outbox WHERE sent_ms IS NULL").integer(0, 0));
}

std::optional<bool> form_store::mail_sent(const std::string& submission_id) const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query(
      "SELECT CASE WHEN sent_ms IS NULL THEN 0 ELSE 1 END FROM mail_outbox WHERE submission_id = ?",
      {submission_id});
  if (rows.empty()) return std::nullopt;
  return rows.integer(0, 0) != 0;
}

void form_store::mark_sent(const std::string& submission_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  database_->execute("UPDATE mail_outbox SET sent_ms = ?, last_error = '' WHERE submission_id = ?",
                     {now_ms, submission_id});
}

void form_store::mark_failed(const std::string& submission_id, int attempts, std::int64_t next_attempt_ms,
                             const std::string& error) {
  std::lock_guard lock(mutex_);
  database_->execute(
      "UPDATE mail_outbox SET attempts = ?, next_attempt_ms = ?, last_error = ? WHERE submission_id = ?",
      {static_cast<std::int64_t>(attempts), next_attempt_ms, error, submission_id});
}

// Erases the submissions that `where` selects (a condition on form_submissions with one parameter), their
// mails and their history; returns how many submissions went. The caller holds mutex_ and a transaction.
std::size_t form_store::delete_where(const std::string& where, const side_value& value) {
  for (const char* table : {"mail_outbox", "request_history"})
    database_->execute(std::string("DELETE FROM ") + table +
                           " WHERE submission_id IN (SELECT id FROM form_submissions WHERE " + where + ")",
                       {value});
  return static_cast<std::size_t>(database_->execute("DELETE FROM form_submissions WHERE " + where, {value}));
}

std::size_t form_store::erase_where(const std::string& where, const side_value& value) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
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
