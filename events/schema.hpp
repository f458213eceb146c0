// The log's tables and their migrations: an ordered list of steps, numbered by PRAGMA user_version and
// applied in one transaction each. Acts on the connection given; safe against other processes migrating
// the same file at the same time (BEGIN IMMEDIATE, then the version is read again).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "events/sqlite_handle.hpp"

namespace scsa::events {

// One schema change; `version` is the user_version the database has once it is applied.
struct migration {
  std::int64_t version;          // 1, 2, 3, ... in order, never renumbered
  std::string_view description;  // what the step does, for the log
  std::string_view sql;          // the statements, run inside the step's transaction
};

// Every migration, in the order they are applied.
std::span<const migration> migrations() noexcept;

// The user_version a fully migrated database has.
std::int64_t latest_schema_version() noexcept;

// Applies the missing steps; returns the resulting user_version. Idempotent. Throws storage_failure when
// the file is newer than this code knows (user_version above latest_schema_version()).
std::int64_t apply_migrations(sqlite_connection& connection);

}  // namespace scsa::events
