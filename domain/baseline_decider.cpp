// One function per baseline command; every refusal's code is documented in docs/protocol.md.
#include "domain/baseline_decider.hpp"

#include "domain/decider_checks.hpp"
#include "domain/overloaded.hpp"

namespace scsa::domain {

namespace {

using events = std::vector<session_event>;

// A workshop's facilitator; in a solo session the respondent (or the creator's token) chooses their own.
std::optional<rejection> check_chooser(const actor& by, const session_state& s) {
  if (s.mode == session_mode::solo) {
    if (is_facilitator(by)) return std::nullopt;
    auto participant = active_participant(by, s);
    if (auto* refused = std::get_if<rejection>(&participant)) return *refused;
    return std::nullopt;
  }
  return check_facilitator_control(by, s);
}

decision decide_choose(const choose_baseline& c, const actor& by, const session_state& s) {
  if (auto refused = check_chooser(by, s)) return *refused;
  const auto& candidate = c.candidate;
  if (candidate.session_id == s.session_id)
    return reject("invalid_baseline", "a session cannot be its own baseline");
  if (!candidate.exists) return reject("unknown_baseline", "no session has this id");
  if (candidate.municipality != s.municipality)
    return reject("other_municipality", "the baseline must be a session of the same municipality");
  if (!candidate.earlier) return reject("baseline_not_earlier", "the baseline must be an earlier session");
  if (!candidate.readable)
    return reject("baseline_not_shared",
                  "give that session's review or facilitator token, or pick one with enough participants");
  if (s.baseline.session_id == candidate.session_id) return events{};
  return events{baseline_event(baseline_chosen{candidate.session_id})};
}

decision decide_remove(const actor& by, const session_state& s) {
  if (auto refused = check_chooser(by, s)) return *refused;
  if (s.baseline.session_id.empty()) return events{};
  return events{baseline_event(baseline_removed{})};
}

decision decide_review(const review_baseline_action& c, const actor& by, const session_state& s) {
  if (auto refused = check_facilitator_control(by, s)) return *refused;
  if (s.baseline.session_id.empty()) return reject("no_baseline", "choose a baseline first");
  if (!c.in_baseline) return reject("unknown_action", "the baseline's roadmap has no such action");
  if (c.status == action_status::proposed)
    return reject("invalid_status", "a baseline action is agreed, started, done or dropped");
  const auto known = s.baseline.reviews.find(c.action_id);
  if (known != s.baseline.reviews.end() && known->second == c.status) return events{};
  return events{baseline_event(baseline_action_reviewed{c.action_id, c.status})};
}

}  // namespace

decision decide_baseline(const baseline_command& command, const actor& by, const session_state& s) {
  return std::visit(overloaded{
                        [&](const choose_baseline& c) { return decide_choose(c, by, s); },
                        [&](const remove_baseline&) { return decide_remove(by, s); },
                        [&](const review_baseline_action& c) { return decide_review(c, by, s); },
                    },
                    command);
}

}  // namespace scsa::domain
