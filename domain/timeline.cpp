// Building the timeline: one lambda per event (no catch-all), then a consensus check of whatever the event
// can have changed: one statement for an answer, every statement a participant answered when they join
// or are removed.
#include "domain/timeline.hpp"

#include <nlohmann/json.hpp>

#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

using json = nlohmann::json;

constexpr std::array<aspect, 2> both_aspects{aspect::current, aspect::desired};

// Records the first moments (round, statement) meets the rule, per aspect and for both at once.
void check(timeline& line, const consensus_projection& after, int in_round, int statement,
           const timeline_point& at) {
  std::array<bool, 2> meeting{};
  for (aspect which : both_aspects)
    meeting[aspect_index(which)] = meets(line.rule, after.summary(in_round, statement, which));
  if (!meeting[0] && !meeting[1]) return;
  auto& entry = line.reached[{in_round, statement}];
  entry.round = in_round;
  entry.statement = statement;
  for (std::size_t i = 0; i < 2; ++i)
    if (meeting[i] && !entry.aspect[i]) entry.aspect[i] = at;
  if (meeting[0] && meeting[1] && !entry.both) entry.both = at;
}

// Every statement of every round the participant has answers in.
void check_participant(timeline& line, const consensus_projection& after, const std::string& participant_id,
                       const timeline_point& at) {
  auto who = after.answers.participants.find(participant_id);
  if (who == after.answers.participants.end()) return;
  for (const auto& [in_round, sheet] : who->second.rounds)
    for (int statement = 1; statement <= statement_count; ++statement) {
      const auto& levels = sheet[static_cast<std::size_t>(statement - 1)];
      if (levels[0] != 0 || levels[1] != 0) check(line, after, in_round, statement, at);
    }
}

json point_json(const std::optional<timeline_point>& point) {
  if (!point) return nullptr;
  return json{{"seq", point->sequence}, {"version", point->version}, {"time_ms", point->time_ms}};
}

}  // namespace

bool meets(const consensus_rule& rule, const distribution_summary& summary) {
  return summary.n >= rule.min_n && summary.consensus >= rule.min_consensus;
}

namespace {

// The dialogue's moments worth jumping to: an action proposed, duplicates merged, explanations shown, a
// conclusion recorded. Votes and the facilitator's planning are too many to mark; the roadmap at any point
// shows them.
template <class make_marker>
std::optional<timeline_marker> roadmap_marker(const roadmap_event& event, const make_marker& mark) {
  auto on_statement = [&](const char* kind, int statement) {
    auto marker = mark(kind);
    marker.statement = statement;
    return std::optional(std::move(marker));
  };
  return std::visit(
      overloaded{
          [&](const action_proposed& e) { return on_statement("action_proposed", e.statement); },
          [&](const actions_merged&) { return std::optional(mark("actions_merged")); },
          [&](const explanations_shown& e) { return on_statement("explanations_shown", e.statement); },
          [&](const conclusion_recorded& e) { return on_statement("conclusion_recorded", e.statement); },
          [](const auto&) { return std::optional<timeline_marker>(); },
      },
      event);
}

}  // namespace

void note(timeline& line, const replay_event& event, const consensus_projection& after) {
  const timeline_point at{event.sequence, event.version, event.time_ms};
  if (!line.first) line.first = at;
  line.last = at;
  auto mark = [&](std::string kind) {
    timeline_marker marker;
    marker.at = at;
    marker.kind = std::move(kind);
    return marker;
  };
  std::visit(overloaded{
                 [&](const session_created&) { line.markers.push_back(mark("session_created")); },
                 [&](const participant_joined& e) {
                   auto marker = mark("participant_joined");
                   marker.participant_id = e.participant_id;
                   line.markers.push_back(std::move(marker));
                   check_participant(line, after, e.participant_id, at);
                 },
                 [&](const participant_renamed&) {},  // names are personal data, not history to review
                 [&](const participant_removed& e) {
                   auto marker = mark("participant_removed");
                   marker.participant_id = e.participant_id;
                   line.markers.push_back(std::move(marker));
                   check_participant(line, after, e.participant_id, at);
                 },
                 [&](const statement_opened& e) {
                   auto marker = mark("statement_opened");
                   marker.statement = e.statement;
                   line.markers.push_back(std::move(marker));
                 },
                 [&](const statement_closed& e) {
                   auto marker = mark("statement_closed");
                   marker.statement = e.statement;
                   line.markers.push_back(std::move(marker));
                 },
                 [&](const statement_focused& e) {
                   auto marker = mark("statement_focused");
                   marker.statement = e.statement;
                   line.markers.push_back(std::move(marker));
                 },
                 [&](const results_revealed&) { line.markers.push_back(mark("results_revealed")); },
                 [&](const results_hidden&) { line.markers.push_back(mark("results_hidden")); },
                 [&](const round_started& e) {
                   auto marker = mark("round_started");
                   marker.round = e.round;
                   line.markers.push_back(std::move(marker));
                 },
                 [&](const answer_given& e) {
                   if (is_valid_statement(e.statement)) check(line, after, e.round, e.statement, at);
                 },
                 [&](const answer_withdrawn&) {},  // fewer answers never reach consensus first
                 [&](const session_closed&) { line.markers.push_back(mark("session_closed")); },
                 [&](const session_reopened&) { line.markers.push_back(mark("session_reopened")); },
                 [&](const roadmap_event& e) {
                   if (auto marker = roadmap_marker(e, mark)) line.markers.push_back(std::move(*marker));
                 },
                 [&](const baseline_event& e) {
                   // Choosing the comparison and saying where last year's actions stand are moments of
                   // the dialogue worth jumping to.
                   std::visit(
                       overloaded{
                           [&](const baseline_chosen&) { line.markers.push_back(mark("baseline_chosen")); },
                           [&](const baseline_removed&) { line.markers.push_back(mark("baseline_removed")); },
                           [&](const baseline_action_reviewed&) {
                             line.markers.push_back(mark("baseline_action_reviewed"));
                           },
                       },
                       e);
                 },
             },
             event.event);
}

void to_json(nlohmann::json& j, const timeline& line) {
  json markers = json::array();
  for (const auto& m : line.markers) {
    json marker{
        {"seq", m.at.sequence}, {"version", m.at.version}, {"time_ms", m.at.time_ms}, {"kind", m.kind}};
    if (m.statement != 0) marker["statement"] = m.statement;
    if (m.round != 0) marker["round"] = m.round;
    if (!m.participant_id.empty()) marker["participant_id"] = m.participant_id;
    markers.push_back(std::move(marker));
  }
  json reached = json::array();
  for (const auto& [key, r] : line.reached)
    reached.push_back({{"round", r.round},
                       {"statement", r.statement},
                       {"both", point_json(r.both)},
                       {to_string(aspect::current), point_json(r.aspect[aspect_index(aspect::current)])},
                       {to_string(aspect::desired), point_json(r.aspect[aspect_index(aspect::desired)])}});
  j = json{{"rule", {{"min_n", line.rule.min_n}, {"min_consensus", line.rule.min_consensus}}},
           {"first", point_json(line.first)},
           {"last", point_json(line.last)},
           {"markers", std::move(markers)},
           {"consensus_reached", std::move(reached)}};
}

}  // namespace scsa::domain
