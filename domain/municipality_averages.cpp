// Folding every session's events into per-municipality and national tallies; one lambda per event, no
// catch-all. A respondent counts when they are active and their session's municipality is known; every
// change first takes their old contribution out and then puts the new one in.
#include "domain/municipality_averages.hpp"

#include <algorithm>
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
  return who.active() && session.municipality != no_text;
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
void in_both(municipality_averages& a, const session_respondents& session, change_fn change) {
  const auto code = a.municipality_of(session);
  auto found = a.municipalities.find(code);
  if (found == a.municipalities.end())
    found = a.municipalities.emplace(std::string(code), averages_tally{}).first;
  change(found->second);
  change(a.national);
}

// Adds (+1) or takes out (-1) a respondent's whole contribution.
void contribute(municipality_averages& a, const session_respondents& session, const respondent& who,
                int delta) {
  if (who.latest_count == 0) return;
  const auto latest = who.latest();
  in_both(a, session, [&](averages_tally& t) {
    t.respondents += delta;
    for (std::size_t s = 0; s < latest.size(); ++s)
      for (std::size_t k = 0; k < 2; ++k) move_level(t, s, k, latest[s][k], delta);
  });
}

// The round's levels, added (in round order) when it has none yet.
answer_sheet& round_of(respondent& who, int round) {
  auto at = std::lower_bound(who.rounds.begin(), who.rounds.end(), round,
                             [](const round_levels& r, int wanted) { return r.round < wanted; });
  if (at == who.rounds.end() || at->round != round) at = who.rounds.insert(at, round_levels{round, {}});
  return at->levels;
}

bool has_round(const respondent& who, int round) {
  return std::any_of(who.rounds.begin(), who.rounds.end(),
                     [&](const round_levels& r) { return r.round == round; });
}

// The session's respondent for a participant id, added (in number order) when new.
respondent& respondent_of(municipality_averages& a, session_respondents& session, const std::string& id) {
  const auto number = a.participant_ids.intern(id);
  auto at =
      std::lower_bound(session.participants.begin(), session.participants.end(), number,
                       [](const respondent& r, std::uint32_t wanted) { return r.participant < wanted; });
  if (at == session.participants.end() || at->participant != number) {
    respondent fresh;
    fresh.participant = number;
    at = session.participants.insert(at, std::move(fresh));
  }
  return *at;
}

respondent* known_respondent(const municipality_averages& a, session_respondents& session,
                             const std::string& id) {
  const auto number = a.participant_ids.find(id);
  if (!number) return nullptr;
  auto at =
      std::lower_bound(session.participants.begin(), session.participants.end(), *number,
                       [](const respondent& r, std::uint32_t wanted) { return r.participant < wanted; });
  return at == session.participants.end() || at->participant != *number ? nullptr : &*at;
}

// Sets one cell of a round, recomputes the respondent's latest level there and moves the tallies.
void set_level(municipality_averages& a, session_respondents& session, respondent& who, int in_round,
               int statement, aspect which, int level) {
  const std::size_t s = cell(statement);
  const std::size_t k = aspect_index(which);
  const int before = who.latest_level(s, k);
  round_of(who, in_round)[s][k] = static_cast<std::uint8_t>(level);
  const int after = who.latest_level(s, k);
  if (before == after) return;
  const int count_before = who.latest_count;
  who.latest_count =
      static_cast<std::uint8_t>(who.latest_count + (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0));
  if (!counts(session, who)) return;
  in_both(a, session, [&](averages_tally& t) {
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
  if (before != after) contribute(a, session, who, after ? +1 : -1);
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

std::uint8_t respondent::latest_level(std::size_t statement_cell, std::size_t aspect_cell) const {
  for (auto r = rounds.rbegin(); r != rounds.rend(); ++r)
    if (const auto level = r->levels[statement_cell][aspect_cell]; level != 0) return level;
  return 0;
}

answer_sheet respondent::latest() const {
  answer_sheet latest{};
  for (std::size_t s = 0; s < latest.size(); ++s)
    for (std::size_t k = 0; k < 2; ++k) latest[s][k] = latest_level(s, k);
  return latest;
}

const session_respondents* municipality_averages::find_session(std::string_view session_id) const {
  const auto number = session_ids.find(session_id);
  return number ? &sessions[*number] : nullptr;
}

std::size_t municipality_averages::active_participants(std::string_view session_id) const {
  const auto* session = find_session(session_id);
  if (session == nullptr) return 0;
  return static_cast<std::size_t>(std::count_if(session->participants.begin(), session->participants.end(),
                                                [](const respondent& r) { return r.active(); }));
}

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
  const auto number = a.session_ids.intern(session_id);
  if (number == a.sessions.size()) a.sessions.emplace_back();
  auto& session = a.sessions[number];
  std::visit(overloaded{
                 [&](const session_created& e) {
                   // Respondents seen before the municipality was known start counting now.
                   if (session.municipality != no_text || e.municipality.empty()) return;
                   session.municipality = a.municipality_codes.intern(e.municipality);
                   for (const auto& who : session.participants)
                     if (counts(session, who)) contribute(a, session, who, +1);
                 },
                 [&](const participant_joined& e) {
                   set_standing(a, session, respondent_of(a, session, e.participant_id), true, false);
                 },
                 [&](const participant_renamed&) {},
                 [&](const participant_removed& e) {
                   auto& who = respondent_of(a, session, e.participant_id);
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
                   set_level(a, session, respondent_of(a, session, e.participant_id), e.round, e.statement,
                             e.which, e.level);
                 },
                 [&](const answer_withdrawn& e) {
                   if (!is_valid_statement(e.statement)) return;
                   auto* who = known_respondent(a, session, e.participant_id);
                   if (who == nullptr || !has_round(*who, e.round)) return;
                   set_level(a, session, *who, e.round, e.statement, e.which, 0);
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
