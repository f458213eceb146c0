// Review links: read-only tokens a facilitator hands to reviewers, one session each. Kept in the
// credentials table `review_tokens` beside the event log (side_database.hpp), never in the log: a review
// link grants access to the archive, it is no fact of the assessment, and it can be revoked or erased
// without rewriting history. Only SHA-256 hashes are stored; those known are held in memory for lookups,
// and on PostgreSQL a hash not known here is looked up in the database (another node may have made it).
// Thread-safe: the connection and the index have a mutex each, so a lookup never waits for a write's fsync.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "server/side_database.hpp"

namespace scsa::server {

class review_tokens {
 public:
  // Opens (and creates the table in) the side database (a SQLite file, ":memory:" for this process only,
  // or a PostgreSQL URI).
  // Throws events::storage_failure.
  explicit review_tokens(const std::string& path);
  ~review_tokens();
  review_tokens(const review_tokens&) = delete;
  review_tokens& operator=(const review_tokens&) = delete;

  // Stores a token's hash for a session (durable when it returns); throws events::storage_failure.
  void add(const std::string& token_hash, const std::string& session_id, std::int64_t created_ms);

  // The session a token hash reads, if it is a review token.
  std::optional<std::string> session_of(const std::string& token_hash) const;

 private:
  mutable std::mutex database_mutex_;  // guards database_
  std::unique_ptr<side_database> database_;
  mutable std::shared_mutex index_mutex_;                          // guards sessions_
  mutable std::unordered_map<std::string, std::string> sessions_;  // token hash -> session id
};

}  // namespace scsa::server
