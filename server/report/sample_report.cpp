// Folds the demo plan the way the seeder's commands would store it (created, joined, round-1 answers,
// round 2 and its answers), then picks the first solo respondent of the first municipality that has k
// respondents, and the next two qualifying municipalities of the plan to compare with.
#include "server/report/sample_report.hpp"

#include <algorithm>
#include <chrono>

#include "server/live/demo_data.hpp"
#include "server/report/report_pdf.hpp"

namespace scsa::server::report {

namespace {

constexpr int sample_k = 5;  // the default k: the sample shows what a default server would show

struct folded_session {
  domain::session_state state;
  domain::consensus_projection projection;
};

std::vector<domain::session_event> events_of(const demo_session& session, const std::string& id) {
  std::vector<domain::session_event> events;
  events.emplace_back(domain::session_created{id, session.title, session.municipality, session.mode, "", ""});
  for (std::size_t p = 0; p < session.participants.size(); ++p) {
    const auto& who = session.participants[p];
    const std::string pid = "p" + std::to_string(p + 1);
    events.emplace_back(domain::participant_joined{pid, who.department, ""});
    for (const auto& a : who.answers)
      if (a.round == 1) events.emplace_back(domain::answer_given{pid, a.statement, a.which, a.level, 1});
  }
  for (int round = 2; round <= session.rounds; ++round) {
    events.emplace_back(domain::round_started{round});
    for (std::size_t p = 0; p < session.participants.size(); ++p)
      for (const auto& a : session.participants[p].answers)
        if (a.round == round)
          events.emplace_back(
              domain::answer_given{"p" + std::to_string(p + 1), a.statement, a.which, a.level, round});
  }
  return events;
}

std::string today(domain::language lang) {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return format_date(now.time_since_epoch().count(), lang);
}

}  // namespace

personal_report sample_report(const domain::catalogue& catalogue,
                              const domain::municipality_registry& municipalities, domain::language lang) {
  const demo_plan plan = make_demo_plan();
  auto averages = domain::initial_municipality_averages;
  std::vector<std::vector<domain::session_event>> per_session;
  for (std::size_t i = 0; i < plan.sessions.size(); ++i) {
    const std::string id = "sample-" + std::to_string(i + 1);
    per_session.push_back(events_of(plan.sessions[i], id));
    for (const auto& e : per_session.back()) averages = domain::evolve(std::move(averages), id, e);
  }

  std::optional<std::size_t> chosen_session;
  std::vector<std::string> others;
  for (std::size_t i = 0; i < plan.sessions.size(); ++i) {
    const auto& code = plan.sessions[i].municipality;
    if (!domain::may_compare(averages.averages_for(code).respondents, sample_k)) continue;
    if (!chosen_session && plan.sessions[i].mode == domain::session_mode::solo) {
      chosen_session = i;
      continue;
    }
    if (chosen_session && code != plan.sessions[*chosen_session].municipality &&
        std::find(others.begin(), others.end(), code) == others.end() && others.size() < 2)
      others.push_back(code);
  }
  if (!chosen_session) chosen_session = plan.sessions.size() - 1;  // unreachable with the fixed plan

  folded_session folded;
  for (const auto& e : per_session[*chosen_session]) {
    folded.state = domain::evolve(std::move(folded.state), e);
    folded.projection = domain::evolve(std::move(folded.projection), e);
  }
  auto report = build_personal_report({catalogue, municipalities, folded.state, folded.projection, averages,
                                       "p1", others, sample_k, lang, today(lang)});
  report.sample = true;
  return report;
}

std::string render_sample_report_pdf(const domain::catalogue& catalogue,
                                     const domain::municipality_registry& municipalities,
                                     domain::language lang) {
  return render_personal_report_pdf(sample_report(catalogue, municipalities, lang));
}

}  // namespace scsa::server::report
