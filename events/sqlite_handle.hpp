// RAII owners of a SQLite connection (sqlite3*) and of a prepared statement (sqlite3_stmt*), and the
// exception that carries a SQLite error. Not synchronised: connections are opened with SQLITE_OPEN_NOMUTEX,
// so a connection and its statements may move between threads but must be used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "events/event_log.hpp"

namespace scsa::events {

// A failed SQLite call: the result code and the connection's error message.
class sqlite_error : public storage_failure {
 public:
  sqlite_error(int code, const std::string& what) : storage_failure(what), code_(code) {}
  int code() const noexcept { return code_; }  // primary or extended SQLite result code

 private:
  int code_;
};

// Owns one sqlite3 connection; closing it finalizes nothing, so statements must be destroyed first.
class sqlite_connection {
 public:
  // Opens (flags as for sqlite3_open_v2; SQLITE_OPEN_NOMUTEX is added) with extended result codes on.
  static sqlite_connection open(const std::string& path, int flags);

  sqlite_connection(sqlite_connection&& other) noexcept;
  sqlite_connection& operator=(sqlite_connection&& other) noexcept;
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;
  ~sqlite_connection();

  sqlite3* get() const noexcept { return db_; }

  // Runs SQL without results (one or several statements); throws sqlite_error.
  void exec(const std::string& sql);

  // The first column of the first row of a query, as text ("" when there is no row or it is NULL).
  std::string query_text(const std::string& sql);

  // The first column of the first row of a query, as an integer (0 when there is no row).
  std::int64_t query_int(const std::string& sql);

  // Whether a transaction is open (sqlite3_get_autocommit is false).
  bool in_transaction() const noexcept;

  // Throws sqlite_error for `code` with the connection's message, prefixed by `context`.
  [[noreturn]] void fail(int code, std::string_view context) const;

 private:
  explicit sqlite_connection(sqlite3* db) noexcept : db_(db) {}
  sqlite3* db_{nullptr};
};

// Owns one prepared statement; reuse it by binding and stepping again after reset().
class sqlite_statement {
 public:
  sqlite_statement(const sqlite_connection& connection, std::string_view sql);
  sqlite_statement(sqlite_statement&& other) noexcept;
  sqlite_statement& operator=(sqlite_statement&& other) noexcept;
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;
  ~sqlite_statement();

  // Bind parameters by 1-based index; text is copied (SQLITE_TRANSIENT).
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view value);

  // Advances: true when a row is ready, false when the statement is done. Throws sqlite_error.
  bool step();

  // Runs a statement that returns no rows to completion.
  void run();

  // Back to the start with bindings cleared; ends the statement's read of the database. Never throws.
  void reset() noexcept;

  // Columns of the current row, 0-based.
  std::int64_t column_int(int index) const noexcept;
  std::string column_text(int index) const;
  // The same into an existing string, reusing its buffer.
  void column_text(int index, std::string& into) const;
  bool column_is_null(int index) const noexcept;
  int column_count() const noexcept;

 private:
  sqlite3* db_{nullptr};
  sqlite3_stmt* stmt_{nullptr};
};

// Resets a statement when the scope ends, so no reused statement keeps a read snapshot open.
class statement_scope {
 public:
  explicit statement_scope(sqlite_statement& statement) noexcept : statement_(statement) {}
  statement_scope(const statement_scope&) = delete;
  statement_scope& operator=(const statement_scope&) = delete;
  ~statement_scope() { statement_.reset(); }

 private:
  sqlite_statement& statement_;
};

// A BEGIN IMMEDIATE transaction that is rolled back when the scope ends without commit() (or when commit()
// fails and SQLite left it open).
class sqlite_transaction {
 public:
  explicit sqlite_transaction(sqlite_connection& connection);
  sqlite_transaction(const sqlite_transaction&) = delete;
  sqlite_transaction& operator=(const sqlite_transaction&) = delete;
  ~sqlite_transaction();

  void commit();  // throws sqlite_error

 private:
  sqlite_connection& connection_;
};

}  // namespace scsa::events
