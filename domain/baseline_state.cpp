// Folding the baseline events.
#include "domain/baseline_state.hpp"

#include "domain/overloaded.hpp"

namespace scsa::domain {

void baseline_state::apply(const baseline_event& event) {
  std::visit(overloaded{
                 [&](const baseline_chosen& e) {
                   if (e.baseline_session_id != session_id) reviews.clear();  // another session's actions
                   session_id = e.baseline_session_id;
                 },
                 [&](const baseline_removed&) {
                   session_id.clear();
                   reviews.clear();
                 },
                 [&](const baseline_action_reviewed& e) { reviews[e.action_id] = e.status; },
             },
             event);
}

}  // namespace scsa::domain
