// The roadmap as the live views show it (docs/protocol.md, "The roadmap dialogue"): the facilitator sees
// everything, with the priority order and why; participants see the actions open for votes, the
// explanations the facilitator showed, and the conclusions. Texts live outside the log: they arrive as a
// map from text id to text (a text that was erased shows as null). Pure.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/consensus_projection.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

using text_lookup = std::map<std::string, std::string>;  // text id -> text
using name_lookup = std::map<std::string, std::string>;  // participant id -> display name

nlohmann::json facilitator_roadmap_json(const session_state& state, const round_consensus& consensus,
                                        const text_lookup& texts, const name_lookup& names);

nlohmann::json participant_roadmap_json(const session_state& state, const text_lookup& texts,
                                        const name_lookup& names);

// A participant's own votes this round and how many they have left: {"votes": [ids], "votes_left": n}.
nlohmann::json own_votes_json(const session_state& state, const std::string& participant_id);

}  // namespace scsa::domain
