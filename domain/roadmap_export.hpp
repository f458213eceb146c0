// The roadmap as a CSV file (';'-separated, UTF-8 with a byte order mark, like the other exports): one row
// per action that is not a merged duplicate, statements in priority order and their actions by votes:
// priority;statement;[title;]action;by;votes;status;horizon;owner;hidden;conclusion
// With `words` (for people) the headers, status, horizon and by are words in that language and each
// statement's title is beside its number; without, the codes. A statement with a conclusion but no actions
// gets one row with an empty action. Texts come by id (an erased one is empty). Pure.
#pragma once

#include <string>

#include "domain/consensus_projection.hpp"
#include "domain/roadmap_view.hpp"
#include "domain/session_export.hpp"
#include "domain/session_state.hpp"

namespace scsa::domain {

std::string roadmap_csv(const session_state& state, const round_consensus& consensus,
                        const text_lookup& texts, const export_words* words = nullptr);

}  // namespace scsa::domain
