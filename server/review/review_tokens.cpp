// The review_tokens table on its own SQLite connection (WAL, synchronous=FULL like the log), mirrored in
// memory so that checking a token never touches the disk.
#include "server/review/review_tokens.hpp"

#include "events/sqlite_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

review_tokens::review_tokens(const std::string& path)
    : connection_(std::make_unique<events::sqlite_connection>(open_side_database(
          path,
          "CREATE TABLE IF NOT EXISTS review_tokens (token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
          " created_ms INTEGER NOT NULL) WITHOUT ROWID"))) {
  events::sqlite_statement select(*connection_, "SELECT token_hash, session_id FROM review_tokens");
  while (select.step()) sessions_.emplace(select.column_text(0), select.column_text(1));
}

review_tokens::~review_tokens() = default;

void review_tokens::add(const std::string& token_hash, const std::string& session_id,
                        std::int64_t created_ms) {
  std::lock_guard write(write_mutex_);
  events::sqlite_statement insert(
      *connection_, "INSERT INTO review_tokens (token_hash, session_id, created_ms) VALUES (?, ?, ?)");
  insert.bind(1, token_hash);
  insert.bind(2, session_id);
  insert.bind(3, created_ms);
  insert.run();
  std::unique_lock lock(index_mutex_);
  sessions_[token_hash] = session_id;
}

std::optional<std::string> review_tokens::session_of(const std::string& token_hash) const {
  std::shared_lock lock(index_mutex_);
  auto found = sessions_.find(token_hash);
  if (found == sessions_.end()) return std::nullopt;
  return found->second;
}

}  // namespace scsa::server
