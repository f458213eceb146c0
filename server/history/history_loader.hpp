// The long-lived projections (domain/history_snapshot.hpp) read at start: the newest valid snapshot, then
// the events after it; or, without a usable snapshot, the whole log. And the snapshot written back: the same
// fold, so a snapshot can only ever hold what folding the log gives. Called from one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/history_snapshot.hpp"
#include "events/event_log.hpp"

namespace scsa::server {

inline constexpr const char* history_snapshot_name = "history";

// A snapshot's text and the sequence it covers, ready to be written.
struct history_text {
  std::int64_t through_sequence = 0;
  std::string text;
};

struct loaded_history {
  domain::long_lived_projections projections;
  std::optional<history_text> unsaved;  // a long fold at start, encoded for the keeper to write
  bool from_snapshot = false;           // a snapshot was used
  std::int64_t snapshot_sequence = 0;   // the sequence it covered
  std::int64_t folded_events = 0;       // events folded after it (all of them without one)
  std::string refused;  // why a stored snapshot was not used ("" when it was, or none was stored)
};

// Reads the snapshot (unless `use_snapshot` is false: `scsa-server rebuild`) and folds the log after it.
// Throws events::storage_failure, or std::runtime_error for an event that cannot be decoded.
loaded_history load_history(const events::event_log& log, bool use_snapshot = true);

// Folds the events after `projections.through_sequence`; returns how many.
std::int64_t fold_log_after(domain::long_lived_projections& projections, const events::event_log& log);

// The snapshot of `projections`, encoded.
history_text encode_history(const domain::long_lived_projections& projections);
// Writes an encoded snapshot; throws events::storage_failure.
void write_history_text(events::event_log& log, const history_text& snapshot, std::int64_t now_ms);
// Writes `projections` as the history snapshot; throws events::storage_failure.
void write_history_snapshot(events::event_log& log, const domain::long_lived_projections& projections,
                            std::int64_t now_ms);

}  // namespace scsa::server
