// RAII owners of SQLite connections and statements; every failing call becomes a sqlite_error.
// Not synchronised (see the header).
#include "events/sqlite_handle.hpp"

#include <utility>

namespace scsa::events {

namespace {

std::string message_for(sqlite3* db, int code, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  message += " (";
  message += std::to_string(code);
  message += ")";
  return message;
}

}  // namespace

sqlite_connection sqlite_connection::open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite_connection connection(db);  // sqlite3_open_v2 may return a handle even on failure: close it
  if (code != SQLITE_OK) throw sqlite_error(code, message_for(db, code, "cannot open " + path));
  sqlite3_extended_result_codes(db, 1);
  return connection;
}

sqlite_connection::sqlite_connection(sqlite_connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

sqlite_connection& sqlite_connection::operator=(sqlite_connection&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

sqlite_connection::~sqlite_connection() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

void sqlite_connection::exec(const std::string& sql) {
  const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code, sql);
}

std::string sqlite_connection::query_text(const std::string& sql) {
  sqlite_statement statement(*this, sql);
  if (!statement.step() || statement.column_is_null(0)) return {};
  return statement.column_text(0);
}

std::int64_t sqlite_connection::query_int(const std::string& sql) {
  sqlite_statement statement(*this, sql);
  if (!statement.step()) return 0;
  return statement.column_int(0);
}

bool sqlite_connection::in_transaction() const noexcept {
  return sqlite3_get_autocommit(db_) == 0;
}

void sqlite_connection::fail(int code, std::string_view context) const {
  throw sqlite_error(code, message_for(db_, code, context));
}

sqlite_statement::sqlite_statement(const sqlite_connection& connection, std::string_view sql)
    : db_(connection.get()) {
  const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (code != SQLITE_OK) connection.fail(code, "cannot prepare " + std::string(sql));
}

sqlite_statement::sqlite_statement(sqlite_statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

sqlite_statement& sqlite_statement::operator=(sqlite_statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

sqlite_statement::~sqlite_statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

void sqlite_statement::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value));
  if (code != SQLITE_OK) throw sqlite_error(code, message_for(db_, code, "cannot bind"));
}

void sqlite_statement::bind(int index, std::string_view value) {
  const int code = sqlite3_bind_text64(stmt_, index, value.data(), static_cast<sqlite3_uint64>(value.size()),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) throw sqlite_error(code, message_for(db_, code, "cannot bind"));
}

bool sqlite_statement::step() {
  const int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  throw sqlite_error(code, message_for(db_, code, sqlite3_sql(stmt_)));
}

void sqlite_statement::run() {
  while (step()) {
  }
}

void sqlite_statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t sqlite_statement::column_int(int index) const noexcept {
  return static_cast<std::int64_t>(sqlite3_column_int64(stmt_, index));
}

void sqlite_statement::column_text(int index, std::string& into) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr)
    into.clear();
  else
    into.assign(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::string sqlite_statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

bool sqlite_statement::column_is_null(int index) const noexcept {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int sqlite_statement::column_count() const noexcept {
  return sqlite3_column_count(stmt_);
}

sqlite_transaction::sqlite_transaction(sqlite_connection& connection) : connection_(connection) {
  connection_.exec("BEGIN IMMEDIATE");
}

sqlite_transaction::~sqlite_transaction() {
  // A failed ROLLBACK leaves nothing to do here: SQLite rolls back when the connection closes.
  if (connection_.in_transaction()) sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void sqlite_transaction::commit() {
  connection_.exec("COMMIT");
}

}  // namespace scsa::events
