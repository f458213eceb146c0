// The typed_texts table on its own SQLite connection (WAL, synchronous=FULL like the log).
#include "server/live/typed_texts.hpp"

#include "events/sqlite_handle.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

typed_texts::typed_texts(const std::string& path)
    : connection_(std::make_unique<events::sqlite_connection>(
          open_side_database(path,
                             "CREATE TABLE IF NOT EXISTS typed_texts ("
                             " session_id TEXT NOT NULL, text_id TEXT NOT NULL, author TEXT NOT NULL,"
                             " text TEXT NOT NULL, PRIMARY KEY (session_id, text_id)) WITHOUT ROWID"))) {}

typed_texts::~typed_texts() = default;

void typed_texts::save(const std::string& session_id, const std::string& text_id, const std::string& author,
                       const std::string& text) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement upsert(
      *connection_,
      "INSERT INTO typed_texts (session_id, text_id, author, text) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (session_id, text_id) DO UPDATE SET text = excluded.text");
  upsert.bind(1, session_id);
  upsert.bind(2, text_id);
  upsert.bind(3, author);
  upsert.bind(4, text);
  upsert.run();
}

void typed_texts::erase(const std::string& session_id, const std::string& text_id) {
  std::lock_guard lock(mutex_);
  events::sqlite_statement erase(*connection_,
                                 "DELETE FROM typed_texts WHERE session_id = ? AND text_id = ?");
  erase.bind(1, session_id);
  erase.bind(2, text_id);
  erase.run();
}

std::map<std::string, std::string> typed_texts::of_session(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  events::sqlite_statement select(*connection_, "SELECT text_id, text FROM typed_texts WHERE session_id = ?");
  select.bind(1, session_id);
  std::map<std::string, std::string> texts;
  while (select.step()) texts[select.column_text(0)] = select.column_text(1);
  return texts;
}

}  // namespace scsa::server
