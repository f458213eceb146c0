// The roadmap as the live views show it (docs/protocol.md, "The roadmap dialogue"): the facilitator sees
// everything, with the priority order and why; participants see the actions open for votes, the
// explanations the facilitator showed, and the conclusions. Texts live outside the log: they arrive as a
// map from text id to text (a text that was erased shows as null). Pure.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

using text_lookup = std::map<std::string, std::string>;  // text id -> text
using name_lookup = std::map<std::string, std::string>;  // participant id -> display name

// The parts the whole views and their changes (roadmap_changes.hpp) are made of.
using statement_filter = std::optional<std::set<int>>;                         // nullopt: every statement
nlohmann::json text_of(const text_lookup& texts, const std::string& text_id);  // null when erased or empty
nlohmann::json facilitator_action_json(const session_state& state, const roadmap_action& action,
                                       const text_lookup& texts);
nlohmann::json participant_action_json(const session_state& state, const roadmap_action& action,
                                       const text_lookup& texts);
nlohmann::json conclusions_json(const session_state& state, const text_lookup& texts,
                                const statement_filter& only);
// The explanations of active participants, of every statement or of the shown ones only.
nlohmann::json explanations_json(const session_state& state, const text_lookup& texts,
                                 const name_lookup& names, bool shown_only, const statement_filter& only);
nlohmann::json explanations_shown_json(const session_state& state);
nlohmann::json priorities_json(const session_state& state, const round_consensus& consensus);

nlohmann::json facilitator_roadmap_json(const session_state& state, const round_consensus& consensus,
                                        const text_lookup& texts, const name_lookup& names);

nlohmann::json participant_roadmap_json(const session_state& state, const text_lookup& texts,
                                        const name_lookup& names);

// A participant's own votes this round and how many they have left: {"votes": [ids], "votes_left": n}.
nlohmann::json own_votes_json(const session_state& state, const std::string& participant_id);

}  // namespace scsa::domain
