// The long-lived projections (every session's directory entry and the municipality averages) with the
// log sequence they cover, and their snapshot: the text that a start-up reads instead of folding the whole
// log. A snapshot is an optimisation, never a second truth: decoding it gives exactly what folding the
// same events gives (tests compare both on random histories), and anything it cannot read is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/municipality_averages.hpp"
#include "domain/session_directory.hpp"

namespace scsa::domain {

// Raise when the snapshot's shape or what the projections mean changes: older snapshots are then ignored
// and the log is folded from its start (and a new snapshot written).
inline constexpr int history_snapshot_schema = 2;

struct long_lived_projections {
  std::int64_t through_sequence = 0;  // every event up to this global sequence is folded, none after it
  session_directory directory;
  municipality_averages averages;
  bool operator==(const long_lived_projections&) const = default;
};

// Folds the event with this global sequence (greater than through_sequence) of stream `session_id`.
long_lived_projections evolve(long_lived_projections projections, std::int64_t sequence,
                              const std::string& session_id, std::int64_t time_ms,
                              const session_event& event);

std::string encode_snapshot(const long_lived_projections& projections);
// Null when the text is not a snapshot of this schema (damaged, cut short, another shape).
std::optional<long_lived_projections> decode_snapshot(std::string_view text);

}  // namespace scsa::domain
