// Folding every session's events into the directory; one lambda per event, no catch-all.
#include "domain/session_directory.hpp"

#include <algorithm>

#include "domain/overloaded.hpp"

namespace scsa::domain {

std::size_t directory_entry::active_participants() const {
  return static_cast<std::size_t>(
      std::count_if(participants.begin(), participants.end(), [](const auto& p) { return !p.second; }));
}

session_directory evolve(session_directory directory, const std::string& session_id, std::int64_t time_ms,
                         const session_event& event) {
  auto& entry = directory.sessions[session_id];
  if (entry.events == 0) entry.created_ms = time_ms;
  ++entry.events;
  std::visit(overloaded{
                 [&](const session_created& e) {
                   entry.created = true;
                   entry.title = e.title;
                   entry.municipality = e.municipality;
                   entry.mode = e.mode;
                   entry.join_code = e.join_code;
                   entry.facilitator_token_hash = e.facilitator_token_hash;
                   directory.join_codes[e.join_code] = session_id;
                 },
                 [&](const participant_joined& e) {
                   entry.participants[e.participant_id] = false;  // joining again undoes a removal
                   directory.tokens[e.token_hash] = token_owner{session_id, e.participant_id};
                 },
                 [&](const participant_removed& e) { entry.participants[e.participant_id] = true; },
                 [&](const round_started& e) { entry.round = e.round; },
                 [&](const session_closed&) { entry.closed = true; },
                 [&](const session_reopened&) { entry.closed = false; },
                 [](const participant_renamed&) {},
                 [](const statement_opened&) {},
                 [](const statement_closed&) {},
                 [](const statement_focused&) {},
                 [](const results_revealed&) {},
                 [](const results_hidden&) {},
                 [](const answer_given&) {},
                 [](const answer_withdrawn&) {},
                 [](const roadmap_event&) {},
                 [](const baseline_event&) {},
             },
             event);
  return directory;
}

}  // namespace scsa::domain
