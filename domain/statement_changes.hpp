// Which statements' results changed since the last update, so that clients that read protocol 2 get the
// changed statements' distributions rather than all 21 x 2 on every answer (docs/protocol.md, "Versions").
// Noted per event under the same lock as the state and read at flush time, like roadmap_changes. Pure.
#pragma once

#include <set>

#include <nlohmann/json.hpp>

#include "domain/session_events.hpp"

namespace scsa::domain {

struct statement_changes {
  bool everything = false;   // a new round, a removed participant, results revealed: every statement
  std::set<int> statements;  // statements with an answer given or withdrawn

  bool any() const { return everything || !statements.empty(); }
  void clear() { *this = statement_changes{}; }
  void note(const session_event& event);
};

// A view with a "statements" array of {"statement": n, ...} entries (results, consensus, a summary), with
// only the changed statements' entries left; the other fields as they are.
nlohmann::json changed_statements_of(nlohmann::json view, const statement_changes& changes);

}  // namespace scsa::domain
