// The review_tokens table on its own connection to the side database, mirrored in memory so that checking
// a known token never touches the disk.
#include "server/review/review_tokens.hpp"

#include "events/event_log.hpp"

namespace scsa::server {

namespace {

const side_schema tokens_schema{
    "CREATE TABLE IF NOT EXISTS review_tokens (token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS review_tokens (token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
    " created_ms BIGINT NOT NULL)"};

}  // namespace

review_tokens::review_tokens(const std::string& location)
    : database_(side_database::open(location, tokens_schema)) {
  const auto rows = database_->query("SELECT token_hash, session_id FROM review_tokens");
  for (std::size_t r = 0; r < rows.size(); ++r) sessions_.emplace(rows.text(r, 0), rows.text(r, 1));
}

review_tokens::~review_tokens() = default;

void review_tokens::add(const std::string& token_hash, const std::string& session_id,
                        std::int64_t created_ms) {
  {
    std::lock_guard write(database_mutex_);
    database_->execute("INSERT INTO review_tokens (token_hash, session_id, created_ms) VALUES (?, ?, ?)",
                       {token_hash, session_id, created_ms});
  }
  std::unique_lock lock(index_mutex_);
  sessions_[token_hash] = session_id;
}

std::optional<std::string> review_tokens::session_of(const std::string& token_hash) const {
  {
    std::shared_lock lock(index_mutex_);
    if (auto found = sessions_.find(token_hash); found != sessions_.end()) return found->second;
  }
  // A SQLite file has one server: what it does not know, nobody made. PostgreSQL is shared by nodes.
  if (database_->engine() != side_engine::postgres) return std::nullopt;
  std::string session_id;
  try {
    std::lock_guard read(database_mutex_);
    const auto rows =
        database_->query("SELECT session_id FROM review_tokens WHERE token_hash = ?", {token_hash});
    if (rows.empty()) return std::nullopt;
    session_id = rows.text(0, 0);
  } catch (const events::storage_failure&) {
    return std::nullopt;  // the database is away: the link works again when it is back
  }
  std::unique_lock lock(index_mutex_);
  sessions_.emplace(token_hash, session_id);
  return session_id;
}

}  // namespace scsa::server
