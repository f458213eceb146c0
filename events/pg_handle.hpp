// Thin RAII over libpq: a connection opened from a connection URI (the password from PGPASSWORD, ~/.pgpass
// or PGPASSFILE, as psql does: never from a flag), a result that frees itself, and statements with text
// parameters. Every failure throws storage_failure with libpq's message (which never holds the password).
// Not synchronised: one thread uses a connection at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_log.hpp"

namespace scsa::events {

// Whether `location` names a PostgreSQL database (postgresql:// or postgres://) rather than a file.
bool is_postgres_uri(std::string_view location);

// The URI with any password in it replaced by "***", for messages and logs.
std::string redacted_uri(std::string_view uri);

class pg_result {
 public:
  explicit pg_result(PGresult* result) : result_(result, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  int columns() const { return PQnfields(result_.get()); }
  // Rows an INSERT, UPDATE or DELETE changed (0 for other statements).
  std::int64_t changed() const;
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string text(int row, int column) const;
  std::int64_t integer(int row, int column) const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

// Text parameters of a statement; nullopt is SQL NULL.
using pg_params = std::vector<std::optional<std::string>>;

class pg_connection {
 public:
  // Connects; throws storage_failure naming the (redacted) URI and libpq's reason.
  static pg_connection open(const std::string& uri);

  pg_connection(pg_connection&&) noexcept = default;
  pg_connection& operator=(pg_connection&&) noexcept = default;

  // Runs SQL without parameters (may hold several statements); throws storage_failure.
  pg_result exec(const std::string& sql);
  // One statement with $1.. parameters; throws storage_failure.
  pg_result exec(const std::string& sql, const pg_params& params);
  // Prepares a named statement once on this connection, then runs it.
  void prepare(const std::string& name, const std::string& sql);
  pg_result run(const std::string& name, const pg_params& params);

  // Whether the connection is still usable; reconnect() tries once to open it again (prepared statements
  // are lost with the old session: the caller prepares them again).
  bool healthy() const;
  void reconnect();

  PGconn* get() const { return connection_.get(); }

 private:
  explicit pg_connection(PGconn* connection, std::string uri)
      : connection_(connection, &PQfinish), uri_(std::move(uri)) {}
  pg_result checked(PGresult* result, std::string_view what);

  std::unique_ptr<PGconn, decltype(&PQfinish)> connection_;
  std::string uri_;
};

}  // namespace scsa::events
