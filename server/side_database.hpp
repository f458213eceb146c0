// Tables that live beside the event log in the same SQLite file (personal data, credentials, forms, the
// mail outbox): each owner opens its own connection with the log's durability settings through this one
// helper, so the set-up is written once. Not synchronised: the returned connection is its owner's to guard.
#pragma once

#include <string>

#include "events/sqlite_handle.hpp"

namespace scsa::server {

// Opens (creating the file) with busy_timeout 5 s, WAL (except ":memory:") and synchronous=FULL, then runs
// `schema` (CREATE TABLE IF NOT EXISTS ...). Throws events::sqlite_error.
events::sqlite_connection open_side_database(const std::string& path, const std::string& schema);

}  // namespace scsa::server
