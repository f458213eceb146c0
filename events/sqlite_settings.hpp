// How connections to the log's database file are set up: WAL, synchronous=FULL and a busy timeout for the
// writer, read-only use and a busy timeout for readers; every setting is read back and checked.
// Functions act on the connection given; use each connection from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>

#include "events/sqlite_handle.hpp"

namespace scsa::events {

// Sets journal_mode=WAL, synchronous=FULL and busy_timeout, then reads the pragmas back; throws
// storage_failure when one of them is not in effect (e.g. a file system without shared memory for WAL).
void configure_writer(sqlite_connection& connection, std::chrono::milliseconds busy_timeout);

// Sets busy_timeout and query_only on a reader connection.
void configure_reader(sqlite_connection& connection, std::chrono::milliseconds busy_timeout);

// Limits the database to `pages` pages (SQLite max_page_count; never below its current size), so that
// growing beyond it fails with SQLITE_FULL as a full disk would. Returns the limit now in effect.
std::int64_t limit_page_count(sqlite_connection& connection, std::int64_t pages);

}  // namespace scsa::events
