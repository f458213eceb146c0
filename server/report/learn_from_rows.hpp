// Whom to learn from, as the reports print it (domain/learn_from.hpp decides): for the reader's largest
// gaps, the municipalities whose average current level already reaches the reader's ambition, by name. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/catalogue.hpp"
#include "domain/learn_from.hpp"
#include "domain/municipalities.hpp"

namespace scsa::server::report {

struct learn_from_peer {
  std::string name;  // the municipality's name
  double now = 0;    // its average current level there
  int respondents = 0;
};

struct learn_from_row {
  int statement = 0;
  std::string title;
  double now = 0;       // the reader's (a level, or the group's mean)
  double ambition = 0;  // the reader's
  std::vector<learn_from_peer> peers;
};

std::vector<learn_from_row> learn_from_rows(const std::vector<domain::standing>& reader,
                                            const domain::municipality_averages& averages,
                                            const domain::municipality_registry& registry,
                                            const domain::catalogue& catalogue, domain::language lang,
                                            const std::string& own, int k);

void to_json(nlohmann::json& j, const learn_from_row& row);

}  // namespace scsa::server::report
