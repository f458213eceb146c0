// Building the workshop's roadmap for the reports from the session's roadmap board.
#include "server/report/group_roadmap.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/roadmap_priority.hpp"

namespace scsa::server::report {

namespace {

std::string text_by_id(const std::map<std::string, std::string>* texts, const std::string& text_id) {
  if (texts == nullptr || text_id.empty()) return {};
  auto found = texts->find(text_id);
  return found == texts->end() ? std::string() : found->second;
}

bool on_the_roadmap(domain::action_status status) {
  return status == domain::action_status::agreed || status == domain::action_status::started ||
         status == domain::action_status::done;
}

}  // namespace

group_roadmap build_group_roadmap(const domain::catalogue& catalogue, domain::language lang,
                                  const domain::session_state& session,
                                  const domain::consensus_projection& projection,
                                  const std::map<std::string, std::string>* texts,
                                  const std::string& reader) {
  group_roadmap r;
  const auto& board = session.roadmap;
  const int round = projection.current_round();
  const auto ranked = domain::rank_priorities(domain::consensus_of(projection, round), session, round);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& p = ranked[i];
    const auto conclusion = text_by_id(texts, board.conclusions[static_cast<std::size_t>(p.statement - 1)]);
    const bool has_actions = std::any_of(board.actions.begin(), board.actions.end(), [&](const auto& entry) {
      return entry.second.statement == p.statement && entry.second.open_for_votes();
    });
    if (!has_actions && conclusion.empty()) continue;
    r.priorities.push_back({static_cast<int>(i) + 1, p.statement,
                            catalogue.statement(p.statement).title.in(lang), p.gap, p.agreement, p.votes,
                            conclusion});
  }
  for (const auto& [id, action] : board.actions) {
    if (!action.open_for_votes() || !on_the_roadmap(action.status)) continue;
    r.agreed_actions.push_back({action.statement, text_by_id(texts, action.text_id),
                                text_by_id(texts, action.owner_text_id),
                                domain::counted_votes(session, action.action_id, round), action.horizon,
                                action.status, !reader.empty() && action.proposer == reader,
                                !reader.empty() && board.has_voted(reader, action.action_id, round)});
  }
  // By horizon (none last), then most votes first.
  auto horizon_rank = [](const roadmap_action_row& a) {
    return a.horizon ? static_cast<int>(*a.horizon) : 99;
  };
  std::stable_sort(r.agreed_actions.begin(), r.agreed_actions.end(), [&](const auto& a, const auto& b) {
    return horizon_rank(a) != horizon_rank(b) ? horizon_rank(a) < horizon_rank(b) : a.votes > b.votes;
  });
  return r;
}

void to_json(nlohmann::json& j, const group_roadmap& r) {
  auto priorities = nlohmann::json::array();
  for (const auto& p : r.priorities)
    priorities.push_back(
        {{"rank", p.rank},
         {"statement", p.statement},
         {"title", p.title},
         {"gap", p.gap},
         {"agreement", p.agreement},
         {"votes", p.votes},
         {"conclusion", p.conclusion.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.conclusion)}});
  auto actions = nlohmann::json::array();
  for (const auto& a : r.agreed_actions)
    actions.push_back(
        {{"statement", a.statement},
         {"text", a.text},
         {"owner", a.owner.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.owner)},
         {"votes", a.votes},
         {"horizon", a.horizon ? nlohmann::json(domain::to_string(*a.horizon)) : nlohmann::json(nullptr)},
         {"status", domain::to_string(a.status)},
         {"proposed_by_you", a.proposed_by_reader},
         {"voted_by_you", a.voted_by_reader}});
  j = nlohmann::json{{"priorities", std::move(priorities)}, {"actions", std::move(actions)}};
}

}  // namespace scsa::server::report
