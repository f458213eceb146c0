// What a live session shows, as JSON: the session's facts, presence, participants, departments, the
// rounds' results, and the snapshots of facilitators and participants. Members of live_session (its state
// is theirs); every *_locked one is called with state_mutex_ held, the others take it.
#include "server/live/live_session.hpp"

#include <algorithm>

#include "domain/roadmap_view.hpp"

#include "domain/department_comparison.hpp"
#include "domain/participant_view.hpp"
#include "domain/replay.hpp"
#include "domain/session_summary.hpp"

namespace scsa::server {

using json = nlohmann::json;

json live_session::session_json_locked() const {
  return domain::session_json(committed_);  // the same facts every view shows (domain/replay.hpp)
}

json live_session::presence_json_locked() const {
  json answered = json::array();
  for (int statement = 1; statement <= domain::statement_count; ++statement) {
    auto count = [&](domain::aspect which) {
      auto counts = consensus_.counts(committed_.round, statement, which);
      int n = 0;
      for (int c : counts) n += c;
      return n;
    };
    answered.push_back({{"statement", statement},
                        {"current", count(domain::aspect::current)},
                        {"desired", count(domain::aspect::desired)}});
  }
  const auto counts = member_counts_locked();
  return json{{"participants", counts.participants},
              {"connected", counts.connected},
              {"answered", std::move(answered)}};
}

live_session::member_counts live_session::member_counts_locked() const {
  // Every change of who takes part or whose page is open is in changed_members_ until the flush after it,
  // which comes here before it clears them; load() resets the counts itself.
  if (member_counts_ && changed_members_.empty()) return *member_counts_;
  member_counts counts;
  counts.participants = committed_.active_participant_count();
  // Connected counts the same people as `participants`: a removed participant whose page is still open
  // is neither (the dashboard once read "0 participants · 1 connected"). Both are in id order: one pass.
  auto participant = committed_.participants.begin();
  for (const std::string_view participant_id : connected_participants_locked()) {
    while (participant != committed_.participants.end() &&
           std::string_view(participant->first) < participant_id)
      ++participant;
    if (participant == committed_.participants.end()) break;
    if (participant->first == participant_id && !participant->second.removed) ++counts.connected;
  }
  member_counts_ = counts;
  return counts;
}

live_session::connected_ids live_session::connected_participants_locked() const {
  connected_ids connected;
  connected.reserve(participants_.size());
  for (const auto& [connection, participant_id] : participants_) connected.emplace_back(participant_id);
  std::sort(connected.begin(), connected.end());
  connected.erase(std::unique(connected.begin(), connected.end()), connected.end());
  return connected;
}

json live_session::participant_entry_locked(const std::string& participant_id,
                                            const connected_ids& connected) const {
  auto participant = committed_.participants.find(participant_id);
  if (participant == committed_.participants.end()) return nullptr;  // watching before its join committed
  auto name = names_.find(participant_id);
  return json{
      {"participant_id", participant_id},
      {"name", name == names_.end() ? json(nullptr) : json(name->second)},
      {"department", participant->second.department ? json(*participant->second.department) : json(nullptr)},
      {"removed", participant->second.removed},
      {"connected",
       std::binary_search(connected.begin(), connected.end(), std::string_view(participant_id))}};
}

json live_session::participants_json_locked() const {
  const auto connected = connected_participants_locked();
  json list = json::array();
  for (const auto& [participant_id, participant] : committed_.participants)
    list.push_back(participant_entry_locked(participant_id, connected));
  return list;
}

json live_session::participant_entries_locked(const std::set<std::string>& participant_ids) const {
  const auto connected = connected_participants_locked();
  json list = json::array();
  for (const auto& participant_id : participant_ids)
    if (auto entry = participant_entry_locked(participant_id, connected); !entry.is_null())
      list.push_back(std::move(entry));
  return list;
}

json live_session::group_results_json_locked() const {
  return domain::group_results_for_participants(consensus_, committed_.round);
}

json live_session::rounds_json_locked() const {
  json rounds = json::array();
  for (int round = 1; round <= committed_.round; ++round)
    rounds.push_back({{"round", round},
                      {"consensus", domain::consensus_of(consensus_, round)},
                      {"summary", domain::summarize_session(consensus_, round)}});
  return rounds;
}

json live_session::departments_json_locked() const {
  return domain::departments_json(
      domain::compare_departments(consensus_.answers, committed_, min_respondents_), min_respondents_);
}

json live_session::facilitator_roadmap_json_locked() const {
  return domain::facilitator_roadmap_json(committed_, domain::consensus_of(consensus_, committed_.round),
                                          texts_, names_);
}

void live_session::add_roadmap_locked(json& update, bool facilitator,
                                      const domain::roadmap_changes& changes) const {
  if (changes.everything) {
    update["roadmap"] = facilitator ? facilitator_roadmap_json_locked()
                                    : domain::participant_roadmap_json(committed_, texts_, names_);
  } else if (facilitator) {
    update["roadmap_changes"] = domain::facilitator_roadmap_changes_json(
        committed_, domain::consensus_of(consensus_, committed_.round), texts_, names_, changes);
  } else {
    update["roadmap_changes"] = domain::participant_roadmap_changes_json(committed_, texts_, names_, changes);
  }
}

std::map<std::string, std::string> live_session::typed_texts() const {
  std::lock_guard lock(state_mutex_);
  return texts_;
}

live_session::roadmap_sources live_session::roadmap_view() const {
  std::lock_guard lock(state_mutex_);
  return roadmap_sources{committed_, domain::consensus_of(consensus_, committed_.round), texts_, names_};
}

json live_session::facilitator_snapshot() const {
  std::lock_guard lock(state_mutex_);
  return facilitator_snapshot_locked();
}

json live_session::facilitator_snapshot_locked() const {
  json session = session_json_locked();
  session["join_code"] = committed_.join_code;
  return json{{"role", "facilitator"},
              {"seq", last_sequence_},
              {"session", std::move(session)},
              {"presence", presence_json_locked()},
              {"participants", participants_json_locked()},
              {"departments", departments_json_locked()},
              {"rounds", rounds_json_locked()},
              {"roadmap", facilitator_roadmap_json_locked()}};
}

json live_session::participant_snapshot(const std::string& participant_id) const {
  std::lock_guard lock(state_mutex_);
  return participant_snapshot_locked(participant_id);
}

json live_session::participant_snapshot_locked(const std::string& participant_id) const {
  json you{
      {"participant_id", participant_id},
      {"answers", domain::participant_answers_json(consensus_.answers, participant_id, committed_.round)}};
  if (auto name = names_.find(participant_id); name != names_.end()) you["name"] = name->second;
  if (auto found = committed_.participants.find(participant_id); found != committed_.participants.end()) {
    you["removed"] = found->second.removed;
    if (found->second.department) you["department"] = *found->second.department;
  }
  const auto votes = domain::own_votes_json(committed_, participant_id);
  you["votes"] = votes["votes"];
  you["votes_left"] = votes["votes_left"];
  json snapshot{{"role", "participant"},
                {"seq", last_sequence_},
                {"session", session_json_locked()},
                {"you", you},
                {"roadmap", domain::participant_roadmap_json(committed_, texts_, names_)}};
  if (domain::participants_see_results(committed_)) snapshot["results"] = group_results_json_locked();
  return snapshot;
}

json live_session::results() const {
  std::lock_guard lock(state_mutex_);
  return json{{"seq", last_sequence_},
              {"session", session_json_locked()},
              {"participants", committed_.active_participant_count()},
              {"rounds", rounds_json_locked()}};
}

}  // namespace scsa::server
