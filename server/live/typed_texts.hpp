// What people type into the roadmap dialogue (explanations, actions, owners, conclusions), kept outside the
// event log like participants' names, so it can be erased without rewriting history: the events name each
// text by id. Thread-safe (one connection behind a mutex); writes are small and run on the caller's thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/side_database.hpp"

namespace scsa::server {

class typed_texts {
 public:
  // Opens (and creates the table in) the side database (a SQLite file, ":memory:" for this process only,
  // or a PostgreSQL URI). Throws events::storage_failure.
  explicit typed_texts(const std::string& location);
  ~typed_texts();

  // `author` is the participant's id, or "" for the facilitator.
  void save(const std::string& session_id, const std::string& text_id, const std::string& author,
            const std::string& text);
  void erase(const std::string& session_id, const std::string& text_id);
  // One session's texts (waking a dormant session, exports).
  std::map<std::string, std::string> of_session(const std::string& session_id) const;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<side_database> database_;
};

}  // namespace scsa::server
