// The personal-data tables on their own SQLite connection (WAL, synchronous=FULL like the log).
#include "server/live/personal_store.hpp"

#include "events/sqlite_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

personal_store::personal_store(const std::string& path)
    : connection_(std::make_unique<events::sqlite_connection>(
          open_side_database(path,
                             "CREATE TABLE IF NOT EXISTS participant_names ("
                             " session_id TEXT NOT NULL, participant_id TEXT NOT NULL, name TEXT NOT NULL,"
                             " PRIMARY KEY (session_id, participant_id)) WITHOUT ROWID"))),
      texts_(path) {}

personal_store::~personal_store() = default;

void personal_store::save_name(const std::string& session_id, const std::string& participant_id,
                               const std::string& name) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement upsert(
      *connection_,
      "INSERT INTO participant_names (session_id, participant_id, name) VALUES (?, ?, ?)"
      " ON CONFLICT (session_id, participant_id) DO UPDATE SET name = excluded.name");
  upsert.bind(1, session_id);
  upsert.bind(2, participant_id);
  upsert.bind(3, name);
  upsert.run();
}

std::map<std::string, std::string> personal_store::names_of(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_,
                                  "SELECT participant_id, name FROM participant_names WHERE session_id = ?");
  select.bind(1, session_id);
  std::map<std::string, std::string> names;
  while (select.step()) names.emplace(select.column_text(0), select.column_text(1));
  return names;
}

std::size_t personal_store::forget_name(const std::string& name) {
  std::lock_guard lock(mutex_);
  // Their texts first, found through their names (the texts table is in the same file).
  events::sqlite_statement texts(
      *connection_,
      "DELETE FROM typed_texts WHERE (session_id, author) IN"
      " (SELECT session_id, participant_id FROM participant_names WHERE name = ?)");
  texts.bind(1, name);
  texts.run();
  events::sqlite_statement erase(*connection_, "DELETE FROM participant_names WHERE name = ?");
  erase.bind(1, name);
  erase.run();
  return static_cast<std::size_t>(sqlite3_changes(connection_->get()));
}

}  // namespace scsa::server
