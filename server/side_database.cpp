// Choosing the engine by the location, and reading a result's columns (see side_database.hpp).
#include "server/side_database.hpp"

#include <charconv>

#include "events/event_log.hpp"
#include "events/pg_handle.hpp"

namespace scsa::server {

const std::string& side_rows::text(std::size_t r, std::size_t c) const {
  static const std::string none;
  const auto& value = rows_.at(r).at(c);
  return value ? *value : none;
}

std::int64_t side_rows::integer(std::size_t r, std::size_t c) const {
  const auto& value = rows_.at(r).at(c);
  if (!value) return 0;
  std::int64_t number = 0;
  const auto* end = value->data() + value->size();
  if (auto [at, error] = std::from_chars(value->data(), end, number); error != std::errc{} || at != end)
    throw events::storage_failure("side tables: expected an integer, got '" + *value + "'");
  return number;
}

std::unique_ptr<side_database> side_database::open(const std::string& location, const side_schema& schema) {
  if (events::is_postgres_uri(location)) return open_postgres_side_database(location, schema.postgres);
  return open_sqlite_side_database(location, schema.sqlite);
}

}  // namespace scsa::server
