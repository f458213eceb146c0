// Merging two waiting frames (see update_merge.hpp). Each rule mirrors how a reader applies an update
// (docs/protocol.md; web-client/src/lib/statement-changes.ts, roadmap.ts, facilitator/model.ts), so that
// applying the merged frame equals applying the older, then the newer.
#include "server/live/update_merge.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace scsa::server {

namespace {

using nlohmann::json;

constexpr std::string_view changes_suffix = "_changes";

// The fields of an update, each a bit of its shape; a field that is changes names the whole it changes.
struct shape_field {
  std::string_view name;
  int whole = -1;  // for changes: the index of the whole field that makes them moot; -1: itself whole
};
constexpr std::array<shape_field, 15> shape_fields{{
    {"seq"},
    {"session"},
    {"presence"},
    {"departments"},
    {"results"},
    {"consensus"},
    {"summary"},
    {"participants"},
    {"roadmap"},
    {"results_changes", 4},
    {"consensus_changes", 5},
    {"summary_changes", 6},
    {"participants_changed", 7},
    {"roadmap_changes", 8},
    {"you", 15},  // merged field by field: no whole makes it moot (bit 15 is never set)
}};
constexpr std::uint64_t shape_known = std::uint64_t{1} << 63;
constexpr int round_shift = 32;  // bits 32..62: the session's round (0: not in the update)

int round_in(std::uint64_t shape) {
  return static_cast<int>((shape & ~shape_known) >> round_shift);
}

// Whether `newer` alone says everything `older` says, so the merge is `newer` itself.
bool newer_makes_moot(std::uint64_t older, std::uint64_t newer) {
  if (!(older & shape_known) || !(newer & shape_known)) return false;
  for (std::size_t bit = 0; bit < shape_fields.size(); ++bit) {
    if (!(older & (std::uint64_t{1} << bit))) continue;
    const int whole = shape_fields[bit].whole < 0 ? static_cast<int>(bit) : shape_fields[bit].whole;
    if (!(newer & (std::uint64_t{1} << whole))) return false;
  }
  return true;
}

// The entries of `newer` take the place of those of `older` with the same `key`; new ones join at the end.
json merged_by_key(const json& older, const json& newer, const char* key) {
  if (!older.is_array() || !newer.is_array()) return newer;
  json merged = older;
  for (const auto& entry : newer) {
    const auto same = std::find_if(merged.begin(), merged.end(), [&](const json& known) {
      return entry.is_object() && known.is_object() && entry.contains(key) &&
             known.value(key, json()) == entry[key];
    });
    if (same != merged.end())
      *same = entry;
    else
      merged.push_back(entry);
  }
  return merged;
}

// `changes` (a view's statements answered since, every other field whole) laid over `view`, which may be the
// whole view or earlier changes: the result is of the same kind as `view`.
json with_statement_changes(json view, const json& changes) {
  if (!view.is_object() || !changes.is_object()) return changes;
  for (const auto& [field, value] : changes.items())
    view[field] = field == "statements" && view.contains(field)
                      ? merged_by_key(view[field], value, "statement")
                      : value;
  return view;
}

std::set<std::string> ids_of(const json& entries, const char* key) {
  std::set<std::string> ids;
  if (entries.is_array())
    for (const auto& entry : entries)
      if (entry.is_object() && entry.contains(key) && entry[key].is_string()) ids.insert(entry[key]);
  return ids;
}

std::set<int> statements_of(const json& list) {
  std::set<int> statements;
  if (list.is_array())
    for (const auto& statement : list)
      if (statement.is_number_integer()) statements.insert(statement.get<int>());
  return statements;
}

bool about(const json& entry, const std::set<int>& statements) {
  return entry.is_object() && entry.contains("statement") && entry["statement"].is_number_integer() &&
         statements.contains(entry["statement"].get<int>());
}

// The entries of `older` not about `statements`, then those of `newer` that are: what a statement's
// explanations and conclusions become when changes list it.
json replaced_for(const json& older, const json& newer, const std::set<int>& statements) {
  json result = json::array();
  if (older.is_array())
    for (const auto& entry : older)
      if (!about(entry, statements)) result.push_back(entry);
  if (newer.is_array())
    for (const auto& entry : newer)
      if (about(entry, statements)) result.push_back(entry);
  std::stable_sort(result.begin(), result.end(), [](const json& a, const json& b) {
    return a.value("statement", 0) < b.value("statement", 0);
  });
  return result;
}

// Two `roadmap_changes`, the older first. A reader applies one as: actions, then vote counts, then removals,
// then the listed statements' explanations and conclusions; the merge keeps that order's outcome.
json merged_roadmap_changes(json older, const json& newer) {
  if (!older.is_object() || !newer.is_object()) return newer;
  const auto renewed = ids_of(newer.value("actions", json()), "action_id");
  json votes = older.value("votes", json::object());
  if (votes.is_object())
    for (const auto& id : renewed) votes.erase(id);  // the newer entry's count is current
  json removed = json::array();
  for (const auto& id : older.value("removed_actions", json::array()))
    if (!id.is_string() || !renewed.contains(id.get<std::string>())) removed.push_back(id);
  for (const auto& [field, value] : newer.items()) {
    if (field == "actions") {
      older[field] = merged_by_key(older.value(field, json::array()), value, "action_id");
    } else if (field == "votes") {
      if (votes.is_object() && value.is_object()) votes.update(value);
    } else if (field == "removed_actions") {
      if (value.is_array()) removed.insert(removed.end(), value.begin(), value.end());
    } else if (field == "statements") {
      const auto listed = statements_of(value);
      older["explanations"] =
          replaced_for(older.value("explanations", json()), newer.value("explanations", json()), listed);
      older["conclusions"] =
          replaced_for(older.value("conclusions", json()), newer.value("conclusions", json()), listed);
      std::set<int> all = statements_of(older.value(field, json()));
      all.insert(listed.begin(), listed.end());
      older[field] = json(all);
    } else if (field != "explanations" && field != "conclusions") {
      older[field] = value;  // vote_budget, explanations_shown, priorities: whole
    }
  }
  if (!votes.empty()) older["votes"] = std::move(votes);
  if (!removed.empty()) older["removed_actions"] = std::move(removed);
  return older;
}

// `changes` applied to a whole roadmap, as a reader applies it.
json roadmap_with_changes(json roadmap, const json& changes) {
  if (!roadmap.is_object() || !changes.is_object()) return roadmap;
  json actions = merged_by_key(roadmap.value("actions", json::array()),
                               changes.value("actions", json::array()), "action_id");
  if (const auto votes = changes.value("votes", json::object()); votes.is_object())
    for (auto& action : actions)
      if (action.is_object() && action.contains("action_id") && action["action_id"].is_string() &&
          votes.contains(action["action_id"].get<std::string>()))
        action["votes"] = votes[action["action_id"].get<std::string>()];
  std::set<std::string> removed;
  for (const auto& id : changes.value("removed_actions", json::array()))
    if (id.is_string()) removed.insert(id);
  json kept = json::array();
  for (auto& action : actions)
    if (!action.is_object() || !removed.contains(action.value("action_id", std::string())))
      kept.push_back(action);
  std::stable_sort(kept.begin(), kept.end(),
                   [](const json& a, const json& b) { return a.value("order", 0) < b.value("order", 0); });
  roadmap["actions"] = std::move(kept);
  if (changes.contains("statements")) {
    const auto listed = statements_of(changes["statements"]);
    roadmap["explanations"] =
        replaced_for(roadmap.value("explanations", json()), changes.value("explanations", json()), listed);
    roadmap["conclusions"] =
        replaced_for(roadmap.value("conclusions", json()), changes.value("conclusions", json()), listed);
  }
  for (const char* whole : {"vote_budget", "explanations_shown", "priorities"})
    if (changes.contains(whole)) roadmap[whole] = changes[whole];
  return roadmap;
}

bool ends_with_changes(const std::string& field) {
  return field.size() > changes_suffix.size() && field.ends_with(changes_suffix);
}

// `newer` laid over `older`, two `update` frames of the same round.
json merged_updates(json older, const json& newer) {
  for (const auto& [field, value] : newer.items()) {
    if (field == "participants_changed") {
      if (older.contains("participants"))
        older["participants"] = merged_by_key(older["participants"], value, "participant_id");
      else
        older[field] = merged_by_key(older.value(field, json::array()), value, "participant_id");
    } else if (field == "roadmap_changes") {
      if (older.contains("roadmap"))
        older["roadmap"] = roadmap_with_changes(std::move(older["roadmap"]), value);
      else
        older[field] = older.contains(field) ? merged_roadmap_changes(std::move(older[field]), value) : value;
    } else if (ends_with_changes(field)) {  // a statement view's changes: results, consensus, summary
      const auto view = field.substr(0, field.size() - changes_suffix.size());
      if (older.contains(view))
        older[view] = with_statement_changes(std::move(older[view]), value);
      else
        older[field] = older.contains(field) ? with_statement_changes(std::move(older[field]), value) : value;
    } else if (field == "you" && value.is_object() && older.contains(field) && older[field].is_object()) {
      older[field].update(value);  // a removal stays said beside later votes
    } else {
      older[field] = value;  // whole: the newer wins, and earlier changes to it are moot
      older.erase(field + std::string(changes_suffix));
      if (field == "participants") older.erase("participants_changed");
    }
  }
  return older;
}

json round_of(const json& update) {
  const auto session = update.find("session");
  if (session == update.end() || !session->is_object()) return nullptr;
  return session->value("round", json());
}

}  // namespace

std::uint64_t update_shape(const json& update) {
  if (!update.is_object()) return 0;
  std::uint64_t shape = shape_known;
  for (const auto& [field, value] : update.items()) {
    if (field == "type") continue;  // the frame's own type, added when serialising
    const auto known = std::find_if(shape_fields.begin(), shape_fields.end(),
                                    [&](const shape_field& f) { return f.name == field; });
    if (known == shape_fields.end()) return 0;
    shape |= std::uint64_t{1} << (known - shape_fields.begin());
  }
  const json round = round_of(update);
  if (round.is_number_integer() && round.get<std::int64_t>() > 0 && round.get<std::int64_t>() < (1 << 30))
    shape |= static_cast<std::uint64_t>(round.get<std::int64_t>()) << round_shift;
  return shape;
}

frame_merge merge_frames(const update_frame& older_frame, const update_frame& newer_frame) {
  if (!older_frame.text || !newer_frame.text) return {};
  const int older_shape_round = round_in(older_frame.shape), newer_shape_round = round_in(newer_frame.shape);
  if (older_shape_round > 0 && newer_shape_round > 0 && older_shape_round != newer_shape_round) return {};
  if (newer_makes_moot(older_frame.shape, newer_frame.shape))
    return {frame_merge::outcome::merged, newer_frame};  // the common case: no parsing at all
  const json older = json::parse(*older_frame.text, nullptr, false);
  const json newer = json::parse(*newer_frame.text, nullptr, false);
  if (!older.is_object() || !newer.is_object()) return {};
  const std::string older_type = older.value("type", std::string());
  const std::string newer_type = newer.value("type", std::string());
  const auto known = [](const std::string& type) {
    return type == "update" || type == "municipality_average";
  };
  if (!known(older_type) || !known(newer_type)) return {};
  if (older_type != newer_type) return {frame_merge::outcome::independent, nullptr};
  if (older_type == "municipality_average") {
    if (older.value("municipality", json()) != newer.value("municipality", json()))
      return {frame_merge::outcome::independent, nullptr};
    return {frame_merge::outcome::merged, newer_frame};
  }
  // A new round starts the views over: the older round's last changes must reach the reader as they are.
  const auto older_round = round_of(older);
  const auto newer_round = round_of(newer);
  if (!older_round.is_null() && !newer_round.is_null() && older_round != newer_round) return {};
  return {frame_merge::outcome::merged,
          std::make_shared<const std::string>(merged_updates(older, newer).dump())};
}

}  // namespace scsa::server
