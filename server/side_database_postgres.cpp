// The side tables in the PostgreSQL database of the log, shared by every node. Statements are written
// with SQLite's `?`/`?N` placeholders and numbered here ($N), so each store's SQL is written once; a
// connection lost (a restart, a failover) is opened again at the next call, and the call that saw it
// fails with storage_failure, never half-done (each statement or transaction is atomic).
#include <string>

#include "events/event_log.hpp"
#include "events/pg_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

namespace {

// Side tables are created under this advisory lock: nodes starting together would otherwise race on
// CREATE TABLE IF NOT EXISTS (PostgreSQL can fail one of them on its catalogue's unique index). And each
// store's schema runs once per database, noted by its digest in scsa_side_schema: CREATE INDEX IF NOT
// EXISTS locks its table even when the index is there, which deadlocked against another node's purge.
constexpr std::int64_t side_schema_lock = 7'310'002;

// `?` -> $1, $2, ... in order; `?N` -> $N. The stores' SQL has no `?` inside quotes.
std::string numbered(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '?') {
      out += sql[i];
      continue;
    }
    out += '$';
    if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') continue;  // ?N keeps its N
    out += std::to_string(++next);
  }
  return out;
}

events::pg_params texts(const side_values& values) {
  events::pg_params params;
  params.reserve(values.size());
  for (const auto& value : values) {
    if (const auto* number = std::get_if<std::int64_t>(&value))
      params.emplace_back(std::to_string(*number));
    else if (const auto* text = std::get_if<std::string>(&value))
      params.emplace_back(*text);
    else
      params.emplace_back(std::nullopt);
  }
  return params;
}

class postgres_side_database final : public side_database {
 public:
  explicit postgres_side_database(events::pg_connection connection) : connection_(std::move(connection)) {}

  side_engine engine() const override { return side_engine::postgres; }

  side_rows query(const std::string& sql, const side_values& values) override {
    const auto result = run(sql, values);
    std::vector<side_rows::row> rows(static_cast<std::size_t>(result.rows()));
    for (int r = 0; r < result.rows(); ++r) {
      auto& row = rows[static_cast<std::size_t>(r)];
      for (int c = 0; c < result.columns(); ++c) {
        if (result.is_null(r, c))
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(result.text(r, c));
      }
    }
    return side_rows(std::move(rows));
  }

  std::int64_t execute(const std::string& sql, const side_values& values) override {
    return run(sql, values).changed();
  }

 protected:
  void begin() override {
    usable();
    connection_.exec("BEGIN");
    in_transaction_ = true;
  }
  void commit() override {
    in_transaction_ = false;
    connection_.exec("COMMIT");
  }
  void rollback() noexcept override {
    in_transaction_ = false;
    try {
      if (connection_.healthy()) connection_.exec("ROLLBACK");
    } catch (const events::storage_failure&) {  // the server ends it with the session
    }
  }

 private:
  events::pg_result run(const std::string& sql, const side_values& values) {
    usable();
    try {
      return connection_.exec(numbered(sql), texts(values));
    } catch (const events::storage_failure&) {
      // A connection PostgreSQL closed (a restart) fails at its first use, before the statement reached
      // the server: it runs once more on a new connection. Only outside a transaction: the stores make
      // every write that must not run twice part of one, and a transaction fails whole instead.
      if (connection_.healthy() || in_transaction_) throw;
      connection_.reconnect();
      return connection_.exec(numbered(sql), texts(values));
    }
  }

  // A lost connection is opened again, except inside a transaction: that is gone with the old session,
  // and the statement must fail rather than run on its own.
  void usable() {
    if (connection_.healthy()) return;
    if (in_transaction_)
      throw events::storage_failure("postgresql: the connection was lost in a transaction");
    connection_.reconnect();
  }

  events::pg_connection connection_;
  bool in_transaction_ = false;
};

}  // namespace

std::unique_ptr<side_database> open_postgres_side_database(const std::string& uri,
                                                           const std::string& schema) {
  auto connection = events::pg_connection::open(uri);
  connection.exec("BEGIN");
  try {
    connection.exec("SELECT pg_advisory_xact_lock(" + std::to_string(side_schema_lock) + ")");
    connection.exec("CREATE TABLE IF NOT EXISTS scsa_side_schema (digest TEXT PRIMARY KEY)");
    const auto digest = events::snapshot_digest(schema);
    if (connection.exec("SELECT 1 FROM scsa_side_schema WHERE digest = $1", {digest}).rows() == 0) {
      connection.exec(schema);
      connection.exec("INSERT INTO scsa_side_schema (digest) VALUES ($1)", {digest});
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.healthy()) connection.exec("ROLLBACK");
    throw;
  }
  return std::make_unique<postgres_side_database>(std::move(connection));
}

}  // namespace scsa::server
