// The online backup (https://sqlite.org/backup.html) in one step: one read transaction, one snapshot.
#include "server/ops/database_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "events/sqlite_handle.hpp"

namespace scsa::server {

namespace {

namespace fs = std::filesystem;

// Removes the temporary copy unless it was renamed into place.
struct temporary_file {
  fs::path path;
  bool kept = false;
  ~temporary_file() {
    if (kept) return;
    std::error_code ignored;
    fs::remove(path, ignored);
    fs::remove(path.string() + "-journal", ignored);
  }
};

void copy_pages(events::sqlite_connection& source, events::sqlite_connection& target) {
  sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", source.get(), "main");
  if (backup == nullptr) target.fail(sqlite3_errcode(target.get()), "cannot start the backup");
  int code = SQLITE_OK;
  // A busy source (a checkpoint in progress) is retried briefly; -1 copies every page in one step.
  for (int attempt = 0; attempt < 100; ++attempt) {
    code = sqlite3_backup_step(backup, -1);
    if (code != SQLITE_BUSY && code != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(backup);
  if (code != SQLITE_DONE) target.fail(code, "the backup failed");
}

}  // namespace

backup_report backup_database(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) throw std::runtime_error(from + ": no database file here");
  if (to.empty()) throw std::runtime_error("the backup needs a target file (--to FILE)");
  if (fs::equivalent(from, to, ec)) throw std::runtime_error(to + ": is the database itself");
  const fs::path target(to);
  if (target.has_parent_path() && !fs::is_directory(target.parent_path(), ec)) {
    throw std::runtime_error(target.parent_path().string() + ": no such folder");
  }

  temporary_file partial{target.string() + ".partial"};
  fs::remove(partial.path, ec);
  try {
    auto source = events::sqlite_connection::open(from, SQLITE_OPEN_READONLY);
    sqlite3_busy_timeout(source.get(), 5000);
    {
      auto copy =
          events::sqlite_connection::open(partial.path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      copy_pages(source, copy);
      copy.exec("PRAGMA journal_mode=DELETE");  // one self-contained file
      const std::string integrity = copy.query_text("PRAGMA integrity_check");
      if (integrity != "ok") throw std::runtime_error("integrity_check of the copy failed: " + integrity);
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(from + " -> " + to + ": " + e.what());
  }

  auto copy = events::sqlite_connection::open(partial.path.string(), SQLITE_OPEN_READONLY);
  backup_report report;
  report.last_sequence = copy.query_int("SELECT COALESCE(MAX(sequence), 0) FROM events");
  report.events = copy.query_int("SELECT COUNT(*) FROM events");
  report.bytes = static_cast<std::int64_t>(fs::file_size(partial.path));
  fs::rename(partial.path, target);  // atomic within one file system
  partial.kept = true;
  return report;
}

}  // namespace scsa::server
