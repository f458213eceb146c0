// Folding every session's events into per-municipality and national tallies; one lambda per event, no
// catch-all. A respondent counts when they are active and their session's municipality is known; every
// change first takes their old contribution out and then puts the new one in.
#include "domain/municipality_averages.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "domain/overloaded.hpp"
#include "domain/session_summary.hpp"

namespace scsa::domain {

namespace {

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

bool counts(const session_respondents& session, const respondent& who) {
  return who.active() && !session.municipality.empty();
}

// Adds (+1) or takes out (-1) one latest level of one respondent.
void move_level(averages_tally& t, std::size_t statement_cell, std::size_t aspect_cell, int level,
                int delta) {
  if (level == 0) return;
  t.sums[statement_cell][aspect_cell] += delta * level;
  t.answered[statement_cell][aspect_cell] += delta;
}

// Applies `change` to the municipality's and the nation's tally.
template <class change_fn>
void in_both(municipality_averages& a, const std::string& municipality, change_fn change) {
  change(a.municipalities[municipality]);
  change(a.national);
}

// Adds (+1) or takes out (-1) a respondent's whole contribution.
void contribute(municipality_averages& a, const std::string& municipality, const respondent& who, int delta) {
  if (who.latest_count == 0) return;
  in_both(a, municipality, [&](averages_tally& t) {
    t.respondents += delta;
    for (std::size_t s = 0; s < who.latest.size(); ++s)
      for (std::size_t k = 0; k < 2; ++k) move_level(t, s, k, who.latest[s][k], delta);
  });
}

// The standing level of the highest round that has one, for one cell.
std::uint8_t latest_level(const respondent& who, std::size_t statement_cell, std::size_t aspect_cell) {
  for (auto r = who.rounds.rbegin(); r != who.rounds.rend(); ++r)
    if (const auto level = r->second[statement_cell][aspect_cell]; level != 0) return level;
  return 0;
}

// Sets one cell of a round, recomputes the respondent's latest level there and moves the tallies.
void set_level(municipality_averages& a, session_respondents& session, respondent& who, int in_round,
               int statement, aspect which, int level) {
  const std::size_t s = cell(statement);
  const std::size_t k = aspect_index(which);
  who.rounds[in_round][s][k] = static_cast<std::uint8_t>(level);
  const int before = who.latest[s][k];
  const int after = latest_level(who, s, k);
  if (before == after) return;
  const int count_before = who.latest_count;
  who.latest[s][k] = static_cast<std::uint8_t>(after);
  who.latest_count += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
  if (!counts(session, who)) return;
  in_both(a, session.municipality, [&](averages_tally& t) {
    move_level(t, s, k, before, -1);
    move_level(t, s, k, after, +1);
    if (count_before == 0 && who.latest_count > 0) ++t.respondents;
    if (count_before > 0 && who.latest_count == 0) --t.respondents;
  });
}

// Changes a respondent's standing and moves their contribution when whether they count changes.
void set_standing(municipality_averages& a, session_respondents& session, respondent& who, bool joined,
                  bool removed) {
  const bool before = counts(session, who);
  who.joined = joined;
  who.removed = removed;
  const bool after = counts(session, who);
  if (before != after) contribute(a, session.municipality, who, after ? +1 : -1);
}

municipality_average average_of(const averages_tally& t, std::string code) {
  municipality_average a;
  a.municipality = std::move(code);
  a.respondents = t.respondents;
  std::array<std::array<std::optional<double>, 2>, statement_count> means{};
  for (std::size_t s = 0; s < a.statements.size(); ++s) {
    for (std::size_t k = 0; k < 2; ++k) {
      auto& out = a.statements[s][k];
      out.respondents = t.answered[s][k];
      if (out.respondents > 0)
        out.mean = means[s][k] = static_cast<double>(t.sums[s][k]) / static_cast<double>(out.respondents);
    }
  }
  a.themes = theme_means(means);
  return a;
}

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

municipality_average municipality_averages::averages_for(const std::string& code) const {
  auto found = municipalities.find(code);
  if (found == municipalities.end()) return average_of(averages_tally{}, code);
  return average_of(found->second, code);
}

municipality_average municipality_averages::national_average() const {
  return average_of(national, "");
}

std::vector<std::string> municipality_averages::municipalities_with_data() const {
  std::vector<std::string> codes;
  for (const auto& [code, tally] : municipalities)
    if (tally.respondents > 0) codes.push_back(code);
  return codes;
}

municipality_averages evolve(municipality_averages a, const std::string& session_id,
                             const session_event& event) {
  auto& session = a.sessions[session_id];
  std::visit(overloaded{
                 [&](const session_created& e) {
                   // Respondents seen before the municipality was known start counting now.
                   if (!session.municipality.empty() || e.municipality.empty()) return;
                   session.municipality = e.municipality;
                   for (const auto& [id, who] : session.participants)
                     if (counts(session, who)) contribute(a, session.municipality, who, +1);
                 },
                 [&](const participant_joined& e) {
                   set_standing(a, session, session.participants[e.participant_id], true, false);
                 },
                 [&](const participant_renamed&) {},
                 [&](const participant_removed& e) {
                   auto& who = session.participants[e.participant_id];
                   set_standing(a, session, who, who.joined, true);
                 },
                 [&](const statement_opened&) {},
                 [&](const statement_closed&) {},
                 [&](const statement_focused&) {},
                 [&](const results_revealed&) {},
                 [&](const results_hidden&) {},
                 [&](const round_started&) {},  // latest answers span rounds: a new round changes nothing yet
                 [&](const answer_given& e) {
                   if (!is_valid_statement(e.statement) || !is_valid_level(e.level)) return;
                   set_level(a, session, session.participants[e.participant_id], e.round, e.statement,
                             e.which, e.level);
                 },
                 [&](const answer_withdrawn& e) {
                   if (!is_valid_statement(e.statement)) return;
                   auto who = session.participants.find(e.participant_id);
                   if (who == session.participants.end() || !who->second.rounds.contains(e.round)) return;
                   set_level(a, session, who->second, e.round, e.statement, e.which, 0);
                 },
                 [&](const session_closed&) {},  // a closed session's answers still count
                 [&](const session_reopened&) {},
                 [&](const roadmap_event&) {},
                 [&](const baseline_event&) {},
             },
             event);
  return a;
}

void to_json(nlohmann::json& j, const municipality_average& a) {
  auto statements = nlohmann::json::array();
  for (std::size_t s = 0; s < a.statements.size(); ++s) {
    auto aspect_json = [&](aspect which) {
      const auto& v = a.statements[s][aspect_index(which)];
      return nlohmann::json{{"mean", optional_number(v.mean)}, {"respondents", v.respondents}};
    };
    statements.push_back({{"statement", static_cast<int>(s) + 1},
                          {to_string(aspect::current), aspect_json(aspect::current)},
                          {to_string(aspect::desired), aspect_json(aspect::desired)}});
  }
  auto themes = nlohmann::json::array();
  for (int t = 0; t < theme_count; ++t) {
    const auto& m = a.themes[static_cast<std::size_t>(t)];
    themes.push_back({{"theme", to_string(static_cast<theme>(t))},
                      {to_string(aspect::current), optional_number(m[aspect_index(aspect::current)])},
                      {to_string(aspect::desired), optional_number(m[aspect_index(aspect::desired)])}});
  }
  j = nlohmann::json{
      {"municipality", a.municipality.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.municipality)},
      {"respondents", a.respondents},
      {"statements", std::move(statements)},
      {"themes", std::move(themes)}};
}

}  // namespace scsa::domain
