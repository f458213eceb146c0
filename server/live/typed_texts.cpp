// The typed_texts table on its own connection to the side database.
#include "server/live/typed_texts.hpp"

namespace scsa::server {

namespace {

const side_schema texts_schema{
    "CREATE TABLE IF NOT EXISTS typed_texts ("
    " session_id TEXT NOT NULL, text_id TEXT NOT NULL, author TEXT NOT NULL,"
    " text TEXT NOT NULL, PRIMARY KEY (session_id, text_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS typed_texts ("
    " session_id TEXT NOT NULL, text_id TEXT NOT NULL, author TEXT NOT NULL,"
    " text TEXT NOT NULL, PRIMARY KEY (session_id, text_id))"};

}  // namespace

typed_texts::typed_texts(const std::string& location)
    : database_(side_database::open(location, texts_schema)) {}

typed_texts::~typed_texts() = default;

void typed_texts::save(const std::string& session_id, const std::string& text_id, const std::string& author,
                       const std::string& text) {
  std::lock_guard lock(mutex_);
  database_->execute(
      "INSERT INTO typed_texts (session_id, text_id, author, text) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (session_id, text_id) DO UPDATE SET text = excluded.text",
      {session_id, text_id, author, text});
}

void typed_texts::erase(const std::string& session_id, const std::string& text_id) {
  std::lock_guard lock(mutex_);
  database_->execute("DELETE FROM typed_texts WHERE session_id = ? AND text_id = ?", {session_id, text_id});
}

std::map<std::string, std::string> typed_texts::of_session(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  const auto rows =
      database_->query("SELECT text_id, text FROM typed_texts WHERE session_id = ?", {session_id});
  std::map<std::string, std::string> texts;
  for (std::size_t r = 0; r < rows.size(); ++r) texts[rows.text(r, 0)] = rows.text(r, 1);
  return texts;
}

}  // namespace scsa::server
