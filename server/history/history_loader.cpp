// Loading the long-lived projections and writing their snapshot (see history_loader.hpp).
#include "server/history/history_loader.hpp"

#include "server/stored_event.hpp"

namespace scsa::server {

std::int64_t fold_log_after(domain::long_lived_projections& projections, const events::event_log& log) {
  constexpr std::size_t page = 4096;
  std::vector<events::recorded_event> batch;
  std::int64_t folded = 0;
  for (;;) {
    log.read_all_after(projections.through_sequence, page, batch);
    for (const auto& recorded : batch) {
      projections = domain::evolve(std::move(projections), recorded.sequence, recorded.stream_id,
                                   recorded.time_ms, decode_stored(recorded));
    }
    folded += static_cast<std::int64_t>(batch.size());
    if (batch.size() < page) return folded;
  }
}

loaded_history load_history(const events::event_log& log, bool use_snapshot) {
  loaded_history loaded;
  if (use_snapshot) {
    auto read = log.read_snapshot(history_snapshot_name);
    if (read.snapshot && read.snapshot->schema_version != domain::history_snapshot_schema) {
      loaded.refused = "it has schema " + std::to_string(read.snapshot->schema_version) + ", this program " +
                       std::to_string(domain::history_snapshot_schema);
    } else if (read.snapshot) {
      auto decoded = domain::decode_snapshot(read.snapshot->payload);
      if (!decoded) {
        loaded.refused = "its content cannot be read";
      } else if (decoded->through_sequence != read.snapshot->covers_sequence) {
        loaded.refused = "its content covers another sequence than its record says";
      } else {
        loaded.projections = std::move(*decoded);
        loaded.from_snapshot = true;
        loaded.snapshot_sequence = loaded.projections.through_sequence;
      }
    } else {
      loaded.refused = read.damage;
    }
  }
  loaded.folded_events = fold_log_after(loaded.projections, log);
  return loaded;
}

history_text encode_history(const domain::long_lived_projections& projections) {
  return {projections.through_sequence, domain::encode_snapshot(projections)};
}

void write_history_text(events::event_log& log, const history_text& snapshot, std::int64_t now_ms) {
  log.write_snapshot(history_snapshot_name,
                     events::log_snapshot{snapshot.through_sequence, domain::history_snapshot_schema,
                                          snapshot.text, now_ms});
}

void write_history_snapshot(events::event_log& log, const domain::long_lived_projections& projections,
                            std::int64_t now_ms) {
  write_history_text(log, encode_history(projections), now_ms);
}

}  // namespace scsa::server
