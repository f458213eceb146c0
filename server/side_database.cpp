// One connection to the shared database file with the same durability as the log.
#include "server/side_database.hpp"

namespace scsa::server {

events::sqlite_connection open_side_database(const std::string& path, const std::string& schema) {
  auto connection = events::sqlite_connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  connection.exec("PRAGMA busy_timeout=5000");
  if (path != ":memory:") connection.exec("PRAGMA journal_mode=WAL");
  connection.exec("PRAGMA synchronous=FULL");
  connection.exec(schema);
  return connection;
}

}  // namespace scsa::server
