// Writing the roadmap CSV.
#include "domain/roadmap_export.hpp"

#include <algorithm>
#include <vector>

#include "domain/roadmap_priority.hpp"

namespace scsa::domain {

namespace {

constexpr std::string_view crlf = "\r\n";

std::string status_word(action_status status, const export_words* words) {
  if (words == nullptr) return std::string(to_string(status));
  const bool nl = words->lang == language::nl;
  switch (status) {
    case action_status::proposed:
      return nl ? "voorgesteld" : "proposed";
    case action_status::agreed:
      return nl ? "afgesproken" : "agreed";
    case action_status::dropped:
      return nl ? "vervallen" : "dropped";
    case action_status::started:
      return nl ? "gestart" : "started";
    case action_status::done:
      return nl ? "klaar" : "done";
  }
  return {};
}

std::string horizon_word(const std::optional<action_horizon>& horizon, const export_words* words) {
  if (!horizon) return {};
  if (words == nullptr) return std::string(to_string(*horizon));
  const bool nl = words->lang == language::nl;
  switch (*horizon) {
    case action_horizon::now:
      return nl ? "nu" : "now";
    case action_horizon::within_a_year:
      return nl ? "binnen 1 jaar" : "within a year";
    case action_horizon::one_to_three_years:
      return nl ? "1-3 jaar" : "1-3 years";
    case action_horizon::three_to_five_years:
      return nl ? "3-5 jaar" : "3-5 years";
  }
  return {};
}

std::string text_or_empty(const text_lookup& texts, const std::string& text_id) {
  if (text_id.empty()) return {};
  auto found = texts.find(text_id);
  return found == texts.end() ? std::string() : found->second;
}

void add_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ';';
    out += fields[i];
  }
  out += crlf;
}

}  // namespace

std::string roadmap_csv(const session_state& state, const round_consensus& consensus,
                        const text_lookup& texts, const export_words* words) {
  const bool nl = words != nullptr && words->lang == language::nl;
  std::string out(csv_byte_order_mark);
  std::vector<std::string> header;
  if (words == nullptr) {
    header = {"priority", "statement", "action", "by",     "votes",
              "status",   "horizon",   "owner",  "hidden", "conclusion"};
  } else if (nl) {
    header = {"prioriteit", "stelling", "titel",    "actie",     "door",     "stemmen",
              "status",     "termijn",  "eigenaar", "verborgen", "conclusie"};
  } else {
    header = {"priority", "statement", "title", "action", "by",        "votes",
              "status",   "horizon",   "owner", "hidden", "conclusion"};
  }
  add_row(out, header);

  const auto ranked = rank_priorities(consensus, state, state.round);
  for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
    const int statement = ranked[rank].statement;
    std::vector<const roadmap_action*> actions;
    for (const auto& [id, action] : state.roadmap.actions)
      if (action.statement == statement && action.merged_into.empty()) actions.push_back(&action);
    const std::string conclusion =
        text_or_empty(texts, state.roadmap.conclusions[static_cast<std::size_t>(statement - 1)]);
    if (actions.empty() && conclusion.empty()) continue;
    std::vector<std::pair<const roadmap_action*, int>> counted;
    for (const auto* action : actions)
      counted.emplace_back(action, counted_votes(state, action->action_id, state.round));
    std::stable_sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first->order < b.first->order;
    });
    auto row_for = [&](const roadmap_action* action, int votes) {
      std::vector<std::string> row{std::to_string(rank + 1), std::to_string(statement)};
      if (words != nullptr)
        row.push_back(csv_field(words->statements.statement(statement).title.in(words->lang)));
      const bool by_facilitator = action != nullptr && action->proposer.empty();
      row.push_back(action != nullptr ? csv_field(text_or_empty(texts, action->text_id)) : std::string());
      row.push_back(action == nullptr  ? std::string()
                    : words == nullptr ? std::string(by_facilitator ? "facilitator" : "participant")
                    : by_facilitator   ? std::string(nl ? "begeleider" : "facilitator")
                                       : std::string(nl ? "deelnemer" : "participant"));
      row.push_back(action != nullptr ? std::to_string(votes) : std::string());
      row.push_back(action != nullptr ? status_word(action->status, words) : std::string());
      row.push_back(action != nullptr ? horizon_word(action->horizon, words) : std::string());
      row.push_back(action != nullptr ? csv_field(text_or_empty(texts, action->owner_text_id))
                                      : std::string());
      const bool hidden = action != nullptr && action->hidden;
      row.push_back(words == nullptr ? (hidden ? "1" : "0")
                                     : (hidden ? (nl ? "ja" : "yes") : (nl ? "nee" : "no")));
      row.push_back(csv_field(conclusion));
      add_row(out, row);
    };
    if (counted.empty()) row_for(nullptr, 0);
    for (const auto& [action, votes] : counted) row_for(action, votes);
  }
  return out;
}

}  // namespace scsa::domain
