// The replay fold, checkpoints and the results view of a replayed state. The header's evolve mirrors
// session_state's for the fields it keeps (a property test holds them equal); the consensus projection is
// the live one, unchanged.
#include "domain/replay.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "domain/overloaded.hpp"
#include "domain/session_summary.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

}  // namespace

replay_state evolve(replay_state state, const session_event& event) {
  state.session = evolve(std::move(state.session), event);
  state.consensus = evolve(std::move(state.consensus), event);
  return state;
}

replay_state replay_from(const replay_state& from, std::span<const session_event> events) {
  replay_state state = from;
  for (const auto& event : events) state = evolve(std::move(state), event);
  return state;
}

json session_json(const session_header& h) {
  json open = json::array();
  for (int statement = 1; statement <= statement_count; ++statement)
    if (h.open[cell(statement)]) open.push_back(statement);
  json focus = nullptr;
  if (h.focus_number > 0) focus = json{{"statement", h.focus}, {"number", h.focus_number}};
  json baseline = nullptr;
  if (!h.baseline.session_id.empty()) {
    json reviews = json::object();
    for (const auto& [action_id, status] : h.baseline.reviews) reviews[action_id] = to_string(status);
    baseline = json{{"session_id", h.baseline.session_id}, {"reviews", std::move(reviews)}};
  }
  return json{{"session_id", h.session_id},     {"title", h.title},          {"municipality", h.municipality},
              {"mode", to_string(h.mode)},      {"round", h.round},          {"open", std::move(open)},
              {"revealed", h.revealed},         {"focus", std::move(focus)}, {"closed", h.closed},
              {"baseline", std::move(baseline)}};
}

json results_json(const replay_state& state, std::int64_t seq) {
  json rounds = json::array();
  for (int round = 1; round <= state.session.round; ++round)
    rounds.push_back({{"round", round},
                      {"consensus", consensus_of(state.consensus, round)},
                      {"summary", summarize_session(state.consensus, round)}});
  return json{{"seq", seq},
              {"session", session_json(state.session)},
              {"participants", state.consensus.answers.active_count},
              {"rounds", std::move(rounds)}};
}

replay_index::replay_index(replay_options options)
    : options_(options), every_(std::max<std::int64_t>(options.checkpoint_every, 1)) {
  options_.max_checkpoints = std::max<std::size_t>(options_.max_checkpoints, 2);
  timeline_.rule = options_.rule;
  checkpoints_.push_back(replay_checkpoint{0, head_});
}

void replay_index::add(const replay_event& event) {
  if (event.version != size() + 1)
    throw std::invalid_argument("replay_index: event version " + std::to_string(event.version) +
                                " follows version " + std::to_string(size()));
  head_ = evolve(std::move(head_), event.event);
  sequences_.push_back(event.sequence);
  times_.push_back(event.time_ms);
  latest_times_.push_back(latest_times_.empty() ? event.time_ms
                                                : std::max(latest_times_.back(), event.time_ms));
  note(timeline_, event, head_.consensus);

  if (event.version % every_ != 0) return;
  checkpoints_.push_back(replay_checkpoint{event.version, head_});
  if (checkpoints_.size() <= options_.max_checkpoints) return;
  // Too many: keep every other one (the versions divisible by 2K, version 0 among them) and double K.
  every_ *= 2;
  std::erase_if(checkpoints_, [&](const replay_checkpoint& c) { return c.version % every_ != 0; });
}

std::int64_t replay_index::sequence_of(std::int64_t version) const {
  if (version <= 0 || version > size()) return 0;
  return sequences_[static_cast<std::size_t>(version - 1)];
}

std::int64_t replay_index::time_of(std::int64_t version) const {
  if (version <= 0 || version > size()) return 0;
  return times_[static_cast<std::size_t>(version - 1)];
}

std::int64_t replay_index::version_at_sequence(std::int64_t sequence) const {
  return std::upper_bound(sequences_.begin(), sequences_.end(), sequence) - sequences_.begin();
}

std::int64_t replay_index::version_at_time(std::int64_t time_ms) const {
  return std::upper_bound(latest_times_.begin(), latest_times_.end(), time_ms) - latest_times_.begin();
}

const replay_checkpoint& replay_index::checkpoint_at_or_before(std::int64_t version) const {
  auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), version,
                                [](std::int64_t v, const replay_checkpoint& c) { return v < c.version; });
  return after == checkpoints_.begin() ? checkpoints_.front() : *std::prev(after);
}

replay_state replay_to(const replay_index& index, std::int64_t version,
                       std::span<const session_event> events) {
  version = std::clamp<std::int64_t>(version, 0, std::min<std::int64_t>(index.size(), std::ssize(events)));
  if (version == index.size()) return index.head();
  const auto& checkpoint = index.checkpoint_at_or_before(version);
  return replay_from(checkpoint.state,
                     events.subspan(static_cast<std::size_t>(checkpoint.version),
                                    static_cast<std::size_t>(version - checkpoint.version)));
}

}  // namespace scsa::domain
