// The personal-data tables on their own connection to the side database.
#include "server/live/personal_store.hpp"

namespace scsa::server {

namespace {

const side_schema names_schema{
    "CREATE TABLE IF NOT EXISTS participant_names ("
    " session_id TEXT NOT NULL, participant_id TEXT NOT NULL, name TEXT NOT NULL,"
    " PRIMARY KEY (session_id, participant_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS participant_names ("
    " session_id TEXT NOT NULL, participant_id TEXT NOT NULL, name TEXT NOT NULL,"
    " PRIMARY KEY (session_id, participant_id));"
    "CREATE INDEX IF NOT EXISTS participant_names_name ON participant_names (name)"};

}  // namespace

personal_store::personal_store(const std::string& location)
    : database_(side_database::open(location, names_schema)), texts_(location) {}

personal_store::~personal_store() = default;

void personal_store::save_name(const std::string& session_id, const std::string& participant_id,
                               const std::string& name) {
  std::lock_guard lock(mutex_);
  database_->execute(
      "INSERT INTO participant_names (session_id, participant_id, name) VALUES (?, ?, ?)"
      " ON CONFLICT (session_id, participant_id) DO UPDATE SET name = excluded.name",
      {session_id, participant_id, name});
}

std::map<std::string, std::string> personal_store::names_of(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  const auto rows = database_->query(
      "SELECT participant_id, name FROM participant_names WHERE session_id = ?", {session_id});
  std::map<std::string, std::string> names;
  for (std::size_t r = 0; r < rows.size(); ++r) names.emplace(rows.text(r, 0), rows.text(r, 1));
  return names;
}

std::size_t personal_store::forget_name(const std::string& name) {
  std::lock_guard lock(mutex_);
  side_database::transaction transaction(*database_);
  // Their texts first, found through their names (the texts table is in the same database).
  database_->execute(
      "DELETE FROM typed_texts WHERE (session_id, author) IN"
      " (SELECT session_id, participant_id FROM participant_names WHERE name = ?)",
      {name});
  const auto erased = database_->execute("DELETE FROM participant_names WHERE name = ?", {name});
  transaction.commit();
  return static_cast<std::size_t>(erased);
}

}  // namespace scsa::server
