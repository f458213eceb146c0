// Every fixed text of the PDF reports in Dutch and English (the catalogue supplies the statements, themes
// and levels). Kept apart from the layout so that a translator reads one file.
#pragma once

#include <string>

#include "domain/scale.hpp"

namespace scsa::server::report {

struct labels {
  const char* brand;
  const char* personal_title;
  const char* workshop_title;
  const char* page;  // "Pagina" / "Page"
  const char* of;    // "van" / "of"
  const char* personal_intro;
  const char* workshop_intro;
  const char* mean_now;
  const char* mean_desired;
  const char* mean_gap;
  const char* participants;
  const char* rounds;
  const char* you;
  const char* now;
  const char* desired;
  const char* gap;
  const char* theme;
  const char* statement;
  const char* profile_title;
  const char* profile_intro;
  const char* group_profile_intro;
  const char* compare_themes_title;
  const char* roadmap_title;
  const char* roadmap_intro;
  const char* roadmap_empty;
  const char* level;
  const char* levels_title;
  const char* levels_intro;
  const char* statements_title;
  const char* statements_intro;
  const char* group_statements_intro;
  const char* legend_now;
  const char* legend_desired;
  const char* legend_average_now;  // followed by a name
  const char* legend_average_desired;
  const char* group_average;
  const char* group_below;
  const char* comparisons_title;
  const char* comparisons_intro;
  const char* comparisons_none;
  const char* k_note;  // printf: %d = k
  const char* respondents;
  const char* focus_title;
  const char* largest_gaps;
  const char* least_consensus;
  const char* consensus;
  const char* iqr;
  const char* answers;
  const char* table_title;
  const char* table_intro;
  const char* rounds_title;
  const char* rounds_intro;
  const char* one_round;
  const char* round;
  const char* change;
  const char* departments_title;
  const char* departments_intro;  // printf: %d = k
  const char* departments_none;   // printf: %d = k
  const char* department;
  const char* overall;
  const char* municipality_average;
  const char* sample_title;  // the sample report's title: it must not pass for a real personal report
  const char* sample_note;   // under the title: the data are made up
  // The roadmap section of the workshop report.
  const char* workshop_roadmap_title;
  const char* workshop_roadmap_intro;
  const char* roadmap_none;
  const char* priority;
  const char* votes;
  const char* conclusion;
  const char* timeline_title;
  const char* timeline_intro;
  const char* horizon_now;
  const char* horizon_year;
  const char* horizon_one_three;
  const char* horizon_three_five;
  const char* horizon_none;
  const char* owner;  // "Eigenaar: "
  const char* status_started;
  const char* status_done;
  const char* more;  // printf: %d = how many more
  // The workshop's roadmap in a participant's own report.
  const char* group_roadmap_title;
  const char* group_roadmap_intro;
  const char* you_proposed;  // marks an action the reader proposed
  const char* you_voted;     // ... or voted for
  // Whom to learn from (both reports).
  const char* learn_from_title;
  const char* learn_from_personal_intro;
  const char* learn_from_workshop_intro;
  const char* learn_from_peers;   // column head
  const char* learn_from_nobody;  // no municipality is there yet
  const char* learn_from_note;    // the k rule
  const char* group;              // the workshop's column head
  // Since the baseline (a re-assessment, both reports).
  const char* baseline_title;
  const char* baseline_intro;       // printf: %s title, %s date, %d participants
  const char* baseline_now;         // column head: now, then -> today
  const char* baseline_ambition;    // column head: ambition, then -> today
  const char* baseline_change;      // column head
  const char* baseline_shifts;      // sub-heading: the statements that moved most
  const char* baseline_actions;     // sub-heading: the actions agreed then
  const char* baseline_then;        // column head: status then
  const char* baseline_status_now;  // column head: status now
  const char* status_agreed;
  const char* status_dropped;
  const char* baseline_not_reviewed;  // the group has not said yet
};

const labels& labels_for(domain::language lang);

}  // namespace scsa::server::report
