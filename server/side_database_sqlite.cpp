// The side tables in a SQLite file, on their own connection with the log's durability (WAL,
// synchronous=FULL); write transactions BEGIN IMMEDIATE, so they never fail half-way on a busy upgrade.
#include <sqlite3.h>

#include "events/sqlite_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

namespace {

class sqlite_side_database final : public side_database {
 public:
  explicit sqlite_side_database(events::sqlite_connection connection) : connection_(std::move(connection)) {}

  side_engine engine() const override { return side_engine::sqlite; }

  side_rows query(const std::string& sql, const side_values& values) override {
    auto statement = bound(sql, values);
    std::vector<side_rows::row> rows;
    while (statement.step()) {
      auto& row = rows.emplace_back();
      const int columns = statement.column_count();
      for (int c = 0; c < columns; ++c) {
        if (statement.column_is_null(c))
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(statement.column_text(c));
      }
    }
    return side_rows(std::move(rows));
  }

  std::int64_t execute(const std::string& sql, const side_values& values) override {
    bound(sql, values).run();
    return sqlite3_changes64(connection_.get());
  }

 protected:
  void begin() override { connection_.exec("BEGIN IMMEDIATE"); }
  void commit() override { connection_.exec("COMMIT"); }
  void rollback() noexcept override {
    // A failed ROLLBACK leaves nothing to do: SQLite rolls back when the connection closes.
    if (connection_.in_transaction()) sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  events::sqlite_statement bound(const std::string& sql, const side_values& values) {
    events::sqlite_statement statement(connection_, sql);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      if (const auto* number = std::get_if<std::int64_t>(&values[i])) statement.bind(index, *number);
      if (const auto* text = std::get_if<std::string>(&values[i])) statement.bind(index, *text);
      // NULL: an unbound parameter is NULL
    }
    return statement;
  }

  events::sqlite_connection connection_;
};

}  // namespace

std::unique_ptr<side_database> open_sqlite_side_database(const std::string& path, const std::string& schema) {
  auto connection = events::sqlite_connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  connection.exec("PRAGMA busy_timeout=5000");
  if (path != ":memory:") connection.exec("PRAGMA journal_mode=WAL");
  connection.exec("PRAGMA synchronous=FULL");
  connection.exec(schema);
  return std::make_unique<sqlite_side_database>(std::move(connection));
}

}  // namespace scsa::server
