// Connection set-up for the log's database file; each setting is checked by reading its pragma back.
// Functions act on the connection given only.
#include "events/sqlite_settings.hpp"

#include <string>

namespace scsa::events {

namespace {

constexpr std::int64_t synchronous_full = 2;  // PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA

void set_busy_timeout(sqlite_connection& connection, std::chrono::milliseconds busy_timeout) {
  const int code = sqlite3_busy_timeout(connection.get(), static_cast<int>(busy_timeout.count()));
  if (code != SQLITE_OK) connection.fail(code, "cannot set busy_timeout");
  const std::int64_t in_effect = connection.query_int("PRAGMA busy_timeout");
  if (in_effect != busy_timeout.count()) {
    throw storage_failure("busy_timeout is " + std::to_string(in_effect) + " ms, not " +
                          std::to_string(busy_timeout.count()));
  }
}

}  // namespace

void configure_writer(sqlite_connection& connection, std::chrono::milliseconds busy_timeout) {
  set_busy_timeout(connection, busy_timeout);
  connection.exec("PRAGMA journal_mode=WAL");
  const std::string journal_mode = connection.query_text("PRAGMA journal_mode");
  if (journal_mode != "wal") throw storage_failure("journal_mode is '" + journal_mode + "', not 'wal'");
  connection.exec("PRAGMA synchronous=FULL");
  const std::int64_t synchronous = connection.query_int("PRAGMA synchronous");
  if (synchronous != synchronous_full) {
    throw storage_failure("synchronous is " + std::to_string(synchronous) + ", not FULL (2)");
  }
}

void configure_reader(sqlite_connection& connection, std::chrono::milliseconds busy_timeout) {
  set_busy_timeout(connection, busy_timeout);
  connection.exec("PRAGMA query_only=ON");
}

std::int64_t limit_page_count(sqlite_connection& connection, std::int64_t pages) {
  return connection.query_int("PRAGMA max_page_count=" + std::to_string(pages));
}

}  // namespace scsa::events
