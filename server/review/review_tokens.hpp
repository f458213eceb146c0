// Review links: read-only tokens a facilitator hands to reviewers, one session each. Kept in the
// credentials table `review_tokens` beside the event log (same SQLite file), never in the log: a review
// link grants access to the archive, it is no fact of the assessment, and it can be revoked or erased
// without rewriting history. Only SHA-256 hashes are stored; all of them are held in memory for lookups.
// Thread-safe: the connection and the index have a mutex each, so a lookup never waits for a write's fsync.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace scsa::events {
class sqlite_connection;
}

namespace scsa::server {

class review_tokens {
 public:
  // Opens (and creates the table in) the database file; ":memory:" keeps tokens for this process only.
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
  std::mutex write_mutex_;  // guards connection_
  std::unique_ptr<events::sqlite_connection> connection_;
  mutable std::shared_mutex index_mutex_;                  // guards sessions_
  std::unordered_map<std::string, std::string> sessions_;  // token hash -> session id
};

}  // namespace scsa::server
