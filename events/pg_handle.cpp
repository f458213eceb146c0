// libpq wrappers (see pg_handle.hpp).
#include "events/pg_handle.hpp"

#include <charconv>

namespace scsa::events {

namespace {

// libpq's messages end with a line break.
std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::vector<const char*> raw(const pg_params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

}  // namespace

bool is_postgres_uri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redacted_uri(std::string_view uri) {
  // scheme://user:password@host...: the password is between the first ':' after the scheme and the '@'.
  const auto scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return std::string(uri);
  const auto authority = scheme_end + 3;
  const auto at = uri.find('@', authority);
  const auto slash = uri.find('/', authority);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
    return std::string(uri);
  const auto colon = uri.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(uri);
  return std::string(uri.substr(0, colon + 1)) + "***" + std::string(uri.substr(at));
}

std::string pg_result::text(int row, int column) const {
  const char* value = PQgetvalue(result_.get(), row, column);
  return std::string(value, static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t pg_result::integer(int row, int column) const {
  const char* value = PQgetvalue(result_.get(), row, column);
  const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row, column));
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(value, value + length, number);
  if (error != std::errc{} || end != value + length)
    throw storage_failure("postgresql: expected an integer, got '" + std::string(value, length) + "'");
  return number;
}

std::int64_t pg_result::changed() const {
  const char* count = PQcmdTuples(result_.get());
  return count == nullptr || *count == '\0' ? 0 : std::stoll(count);
}

pg_connection pg_connection::open(const std::string& uri) {
  PGconn* connection = PQconnectdb(uri.c_str());
  if (connection == nullptr)
    throw storage_failure("postgresql: out of memory connecting to " + redacted_uri(uri));
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string reason = trimmed(PQerrorMessage(connection));
    PQfinish(connection);
    throw storage_failure("cannot open the PostgreSQL database " + redacted_uri(uri) + ": " + reason);
  }
  // Notices ("table already exists, skipping") are no errors: not printed to stderr by libpq.
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  return pg_connection(connection, uri);
}

pg_result pg_connection::checked(PGresult* result, std::string_view what) {
  const auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return pg_result(result);
  std::string reason =
      result != nullptr ? trimmed(PQresultErrorMessage(result)) : trimmed(PQerrorMessage(get()));
  if (reason.empty()) reason = trimmed(PQerrorMessage(get()));
  if (result != nullptr) PQclear(result);
  throw storage_failure("postgresql: " + std::string(what) + ": " + reason);
}

pg_result pg_connection::exec(const std::string& sql) {
  return checked(PQexec(get(), sql.c_str()), "statement failed");
}

pg_result pg_connection::exec(const std::string& sql, const pg_params& params) {
  const auto values = raw(params);
  return checked(PQexecParams(get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0),
                 "statement failed");
}

void pg_connection::prepare(const std::string& name, const std::string& sql) {
  checked(PQprepare(get(), name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name);
}

pg_result pg_connection::run(const std::string& name, const pg_params& params) {
  const auto values = raw(params);
  return checked(PQexecPrepared(get(), name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                nullptr, 0),
                 name);
}

bool pg_connection::healthy() const {
  return PQstatus(get()) == CONNECTION_OK;
}

void pg_connection::reconnect() {
  PQreset(get());
  if (!healthy())
    throw storage_failure("cannot reconnect to the PostgreSQL database " + redacted_uri(uri_) + ": " +
                          trimmed(PQerrorMessage(get())));
}

}  // namespace scsa::events
