// Personal data kept outside the event log, so it can be erased without rewriting history: participants'
// display names, keyed by session and participant id, and the texts of the roadmap dialogue (typed_texts).
// Thread-safe (one connection behind a mutex); writes are small and rare (a join or a rename), so they run on
// the caller's thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/live/typed_texts.hpp"
#include "server/side_database.hpp"

namespace scsa::server {

class personal_store {
 public:
  // Opens (and creates the table in) the side database: a SQLite file (":memory:" keeps names for this
  // process only) or a PostgreSQL URI (side_database.hpp). Throws events::storage_failure.
  explicit personal_store(const std::string& location);
  ~personal_store();

  void save_name(const std::string& session_id, const std::string& participant_id, const std::string& name);
  // The names of one session's participants, by participant id (a session woken from the log).
  std::map<std::string, std::string> names_of(const std::string& session_id) const;
  // Erases every participant name equal to `name` (the erasure of `scsa-server forget --name`), and what
  // those participants typed into the roadmap dialogue; returns how many names. The events keep only ids,
  // so the log is untouched.
  std::size_t forget_name(const std::string& name);

  // What people typed into the roadmap dialogue, in the same file.
  typed_texts& texts() { return texts_; }

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<side_database> database_;
  typed_texts texts_;
};

}  // namespace scsa::server
