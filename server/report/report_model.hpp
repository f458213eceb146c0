// What a report says, as pure data: the personal report of one respondent and the facilitator's workshop
// report, built from the projections (consensus projection, session state, municipality averages) and the
// catalogue's texts in one language. No drawing and no I/O here: the PDF renderer and the JSON for the web
// client's report page both read these structs, so both formats always show the same numbers.
// Safe from any thread (pure functions over values).
#pragma once

#include <array>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/consensus_projection.hpp"
#include "domain/municipalities.hpp"
#include "domain/municipality_averages.hpp"
#include "domain/scale.hpp"
#include "domain/session_state.hpp"
#include "domain/session_summary.hpp"
#include "server/report/baseline_rows.hpp"
#include "server/report/group_roadmap.hpp"
#include "server/report/learn_from_rows.hpp"

namespace scsa::server::report {

using domain::language;
using means_pair = std::array<std::optional<double>, 2>;  // [aspect_index]: current, desired

// A number as the reports print it: one decimal, a decimal comma in Dutch ("2,5"), "–" when absent.
std::string format_mean(const std::optional<double>& value, language lang);
// A fraction such as a consensus with two decimals: "0,82"; "–" when absent.
std::string format_fraction(const std::optional<double>& value, language lang);
// A gap with its sign: "+1,5" / "-0,3" / "0,0"; "–" when absent.
std::string format_gap(const std::optional<double>& value, language lang);

// One level of the scale, explained.
struct level_text {
  int level = 0;
  std::string name;     // e.g. "Verkennend"
  std::string meaning;  // one line
};

// A set of averages to compare with: the own municipality, a chosen one, or the nation.
struct comparison {
  enum class kind { own, chosen, national };
  kind role = kind::chosen;
  std::string code;  // CBS code; "" for the nation
  std::string name;  // "Utrecht", or "Nederland" / "The Netherlands"
  int respondents = 0;
  std::array<means_pair, domain::statement_count> statements{};  // [statement - 1]
  std::array<means_pair, domain::theme_count> themes{};          // [theme_index]
};

// Where the respondent stands in their workshop group on one statement (current situation).
struct group_position {
  int n = 0;                      // group answers to this statement's current situation
  double group_mean = 0;          // the group's mean current level
  domain::level_counts counts{};  // the group's answers per level
  int below = 0;                  // group answers lower than the respondent's level
  int same = 0;                   // group answers equal to it
};

struct personal_statement {
  int statement = 0;
  std::string title;
  std::string theme_name;
  std::optional<int> current;  // the respondent's latest level
  std::optional<int> desired;
  std::optional<int> gap;               // desired - current when both are given
  std::string current_text;             // the description of the current level ("" when unanswered)
  std::string desired_text;             // the description of the desired level
  std::optional<group_position> group;  // in a workshop with answers from the group
};

struct theme_row {
  std::string id;    // "strategy"
  std::string name;  // in the report's language
  means_pair mine;   // mean of the answered statements' levels
};

struct personal_report {
  language lang = language::nl;
  std::string session_title;
  std::string municipality_code;
  std::string municipality_name;
  bool workshop = false;  // answered in a workshop (group positions are given)
  bool sample = false;    // the public sample report (made-up answers): titled and marked as such
  std::string date;       // "28 november 2026", given by the caller (the model knows no clock)
  std::vector<level_text> levels;
  std::vector<personal_statement> statements;  // 1..21
  std::vector<theme_row> themes;               // in catalogue order
  means_pair overall;                          // mean over the answered statements
  std::vector<comparison> comparisons;         // own municipality, chosen ones, nation: only those with k
  std::vector<int> roadmap;                    // up to 5 statements with the largest positive gap
  std::optional<group_roadmap> group;          // in a workshop: what the group agreed, the reader's marked
  std::vector<learn_from_row> learn_from;      // for the largest gaps, municipalities already there
  std::optional<baseline_pages> baseline;      // a re-assessment: what changed since the baseline
  int answered = 0;                            // statements with both levels given
  int min_respondents = 5;                     // k, for the note on which comparisons appear
};

// What the personal report is built from.
struct personal_inputs {
  const domain::catalogue& catalogue;
  const domain::municipality_registry& municipalities;
  const domain::session_state& session;            // the respondent's session
  const domain::consensus_projection& projection;  // of that session
  const domain::municipality_averages& averages;   // every session's
  std::string participant_id;
  std::vector<std::string> chosen;  // CBS codes of municipalities to compare with (at most 2 are used)
  int min_respondents = 5;          // k: fewer respondents and a comparison is left out
  language lang = language::nl;
  std::string date;
  const std::map<std::string, std::string>* texts = nullptr;  // the roadmap's texts, by id
};

personal_report build_personal_report(const personal_inputs& in);

// One statement in the facilitator's report, as of the latest round in which the group answered it.
struct workshop_statement {
  int statement = 0;
  std::string title;
  std::string theme_name;
  int latest_round = 0;                                     // that round (0: never answered)
  std::array<domain::distribution_summary, 2> by_aspect{};  // [aspect_index], in that round
  std::optional<double> gap;
  std::vector<means_pair> rounds;  // [round - 1]: the group's means in each round
};

// One department's means per theme (latest answers of its active participants).
struct department_row {
  std::string name;
  int participants = 0;
  std::array<means_pair, domain::theme_count> themes{};
  means_pair overall;
};

struct workshop_report {
  language lang = language::nl;
  std::string session_title;
  std::string municipality_code;
  std::string municipality_name;
  std::string date;
  int participants = 0;  // active participants
  int rounds = 1;        // rounds run
  std::vector<level_text> levels;
  std::vector<workshop_statement> statements;              // 1..21
  std::vector<theme_row> themes;                           // the group's theme means (latest round)
  std::vector<domain::gap_rank> by_gap;                    // largest gap first
  std::vector<domain::disagreement_rank> by_disagreement;  // least consensus first
  std::vector<department_row> departments;                 // where participants gave one; by name
  std::optional<comparison> municipality;                  // the own municipality's average, when it has k
  int min_respondents = 5;                                 // k: departments and comparisons need this many
  group_roadmap roadmap;                                   // what the group agreed
  std::vector<learn_from_row> learn_from;                  // for the group's largest gaps, who is there
  std::optional<baseline_pages> baseline;                  // a re-assessment: what changed since then
};

struct workshop_inputs {
  const domain::catalogue& catalogue;
  const domain::municipality_registry& municipalities;
  const domain::session_state& session;
  const domain::consensus_projection& projection;
  const domain::municipality_averages& averages;
  int min_respondents = 5;
  language lang = language::nl;
  std::string date;
  const std::map<std::string, std::string>* texts = nullptr;  // the roadmap's texts, by id (none: no texts)
};

workshop_report build_workshop_report(const workshop_inputs& in);

// "28 november 2026" / "28 November 2026" for a day given as days since 1970-01-01.
std::string format_date(long long days_since_epoch, language lang);

// The personal report as JSON for the web client's report page (numbers as numbers, null when absent).
void to_json(nlohmann::json& j, const personal_report& r);

}  // namespace scsa::server::report
