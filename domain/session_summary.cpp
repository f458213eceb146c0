// Building the round overview from the consensus projection's counts: 42 summaries, 6 theme means and
// two sorts of at most 21 entries, so it is cheap enough to rebuild on every tick that saw a change.
#include "domain/session_summary.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace scsa::domain {

namespace {

constexpr std::array<aspect, 2> both_aspects{aspect::current, aspect::desired};

std::size_t cell(int statement) {
  return static_cast<std::size_t>(statement - 1);
}

std::optional<double> difference(const std::optional<double>& desired, const std::optional<double>& current) {
  if (!desired || !current) return std::nullopt;
  return *desired - *current;
}

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

std::array<std::array<std::optional<double>, 2>, theme_count> theme_means(
    const std::array<std::array<std::optional<double>, 2>, statement_count>& statement_means) {
  std::array<std::array<std::optional<double>, 2>, theme_count> means{};
  for (int t = 0; t < theme_count; ++t) {
    const auto range = statements_of(static_cast<theme>(t));
    for (aspect which : both_aspects) {
      double sum = 0;
      int answered = 0;
      for (int statement = range.first; statement <= range.last; ++statement) {
        if (const auto& m = statement_means[cell(statement)][aspect_index(which)]) {
          sum += *m;
          ++answered;
        }
      }
      if (answered > 0) means[static_cast<std::size_t>(t)][aspect_index(which)] = sum / answered;
    }
  }
  return means;
}

session_summary summarize_session(const consensus_projection& projection) {
  return summarize_session(projection, projection.current_round());
}

session_summary summarize_session(const consensus_projection& projection, int in_round) {
  session_summary s;
  s.round = in_round;
  s.participant_count = projection.answers.active_count;

  std::array<std::array<std::optional<double>, 2>, statement_count> means{};
  for (int statement = 1; statement <= statement_count; ++statement) {
    auto& st = s.statements[cell(statement)];
    st.statement = statement;
    st.in_theme = *theme_of_statement(statement);
    for (aspect which : both_aspects) {
      auto& d = st.by_aspect[aspect_index(which)];
      d = projection.summary(in_round, statement, which);
      if (d.n > 0) means[cell(statement)][aspect_index(which)] = d.mean;
    }
    st.gap = difference(means[cell(statement)][aspect_index(aspect::desired)],
                        means[cell(statement)][aspect_index(aspect::current)]);

    if (st.gap) s.by_gap.push_back({statement, *st.gap});

    // A statement's disagreement is that of its less agreed aspect among those with answers.
    std::optional<disagreement_rank> least;
    for (aspect which : both_aspects) {
      const auto& d = st.by_aspect[aspect_index(which)];
      if (d.n == 0 || (least && least->consensus <= d.consensus)) continue;
      least = disagreement_rank{statement, which, d.consensus, d.interquartile_range};
    }
    if (least) s.by_disagreement.push_back(*least);
  }

  const auto themed = theme_means(means);
  for (int t = 0; t < theme_count; ++t) {
    auto& th = s.themes[static_cast<std::size_t>(t)];
    th.which = static_cast<theme>(t);
    th.mean = themed[static_cast<std::size_t>(t)];
    th.gap = difference(th.mean[aspect_index(aspect::desired)], th.mean[aspect_index(aspect::current)]);
  }

  // Stable sorts on statement order: equal gaps or consensus keep the lower statement first.
  std::stable_sort(s.by_gap.begin(), s.by_gap.end(),
                   [](const gap_rank& a, const gap_rank& b) { return a.gap > b.gap; });
  std::stable_sort(
      s.by_disagreement.begin(), s.by_disagreement.end(),
      [](const disagreement_rank& a, const disagreement_rank& b) { return a.consensus < b.consensus; });
  return s;
}

void to_json(nlohmann::json& j, const session_summary& s) {
  auto statements = nlohmann::json::array();
  for (const auto& st : s.statements)
    statements.push_back({{"statement", st.statement},
                          {"theme", to_string(st.in_theme)},
                          {to_string(aspect::current), st.by_aspect[aspect_index(aspect::current)]},
                          {to_string(aspect::desired), st.by_aspect[aspect_index(aspect::desired)]},
                          {"gap", optional_number(st.gap)}});
  auto themes = nlohmann::json::array();
  for (const auto& th : s.themes)
    themes.push_back({{"theme", to_string(th.which)},
                      {to_string(aspect::current), optional_number(th.mean[aspect_index(aspect::current)])},
                      {to_string(aspect::desired), optional_number(th.mean[aspect_index(aspect::desired)])},
                      {"gap", optional_number(th.gap)}});
  auto by_gap = nlohmann::json::array();
  for (const auto& r : s.by_gap) by_gap.push_back({{"statement", r.statement}, {"gap", r.gap}});
  auto by_disagreement = nlohmann::json::array();
  for (const auto& r : s.by_disagreement)
    by_disagreement.push_back({{"statement", r.statement},
                               {"aspect", to_string(r.which)},
                               {"consensus", r.consensus},
                               {"interquartile_range", r.interquartile_range}});
  j = nlohmann::json{{"round", s.round},
                     {"participant_count", s.participant_count},
                     {"statements", std::move(statements)},
                     {"themes", std::move(themes)},
                     {"ranked_by_gap", std::move(by_gap)},
                     {"ranked_by_disagreement", std::move(by_disagreement)}};
}

}  // namespace scsa::domain
