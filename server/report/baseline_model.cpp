// The baseline's model (see baseline_model.hpp).
#include "server/report/baseline_model.hpp"

#include <nlohmann/json.hpp>

#include "domain/session_export.hpp"

namespace scsa::server::report {

namespace {

using json = nlohmann::json;

std::string text_of(const std::map<std::string, std::string>& texts, const std::string& id) {
  if (id.empty()) return {};
  auto found = texts.find(id);
  return found == texts.end() ? std::string() : found->second;
}

}  // namespace

std::optional<baseline_model> find_baseline(
    live_hub& hub, const domain::session_state& today, const domain::consensus_projection& today_projection,
    const std::function<std::int64_t(const std::string&)>& created_ms) {
  if (today.baseline.session_id.empty()) return std::nullopt;
  auto earlier = hub.find_session(today.baseline.session_id);
  if (!earlier) return std::nullopt;
  const auto [state, projection] = earlier->report_view();
  const auto texts = earlier->typed_texts();
  baseline_model model;
  model.session_id = state.session_id;
  model.title = state.title;
  model.mode = state.mode;
  model.created_ms = created_ms(state.session_id);
  model.participants = static_cast<int>(state.active_participant_count());
  model.round = state.round;
  model.comparison = domain::compare_with_baseline(domain::summarize_session(projection, state.round),
                                                   domain::summarize_session(today_projection));
  for (const auto& p : domain::baseline_progress(state.roadmap, today.baseline))
    model.actions.push_back({p.action_id, p.statement, text_of(texts, p.text_id),
                             text_of(texts, p.owner_text_id), p.horizon, p.then, p.now, p.reviewed});
  return model;
}

void to_json(json& j, const baseline_model& model) {
  json actions = json::array();
  for (const auto& a : model.actions)
    actions.push_back(json{{"action_id", a.action_id},
                           {"statement", a.statement},
                           {"text", a.text},
                           {"owner", a.owner.empty() ? json(nullptr) : json(a.owner)},
                           {"horizon", a.horizon ? json(domain::to_string(*a.horizon)) : json(nullptr)},
                           {"then", domain::to_string(a.then)},
                           {"now", domain::to_string(a.now)},
                           {"reviewed", a.reviewed}});
  j = json{{"session_id", model.session_id},        {"title", model.title},
           {"mode", domain::to_string(model.mode)}, {"created", domain::format_iso_time(model.created_ms)},
           {"participants", model.participants},    {"round", model.round},
           {"comparison", model.comparison},        {"actions", std::move(actions)}};
}

}  // namespace scsa::server::report
