// The learn-from rows with names and titles.
#include "server/report/learn_from_rows.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace scsa::server::report {

std::vector<learn_from_row> learn_from_rows(const std::vector<domain::standing>& reader,
                                            const domain::municipality_averages& averages,
                                            const domain::municipality_registry& registry,
                                            const domain::catalogue& catalogue, domain::language lang,
                                            const std::string& own, int k) {
  std::vector<learn_from_row> rows;
  for (const auto& gap : domain::whom_to_learn_from(reader, averages, own, k)) {
    learn_from_row row{
        gap.statement, catalogue.statement(gap.statement).title.in(lang), gap.now, gap.ambition, {}};
    for (const auto& peer : gap.peers)
      if (const auto* place = registry.find(peer.municipality))
        row.peers.push_back({place->name, peer.now, peer.respondents});
    rows.push_back(std::move(row));
  }
  return rows;
}

void to_json(nlohmann::json& j, const learn_from_row& row) {
  auto peers = nlohmann::json::array();
  auto rounded = [](double v) { return std::round(v * 100) / 100; };
  for (const auto& p : row.peers)
    peers.push_back({{"name", p.name}, {"now", rounded(p.now)}, {"respondents", p.respondents}});
  j = nlohmann::json{{"statement", row.statement},
                     {"title", row.title},
                     {"now", rounded(row.now)},
                     {"ambition", rounded(row.ambition)},
                     {"peers", std::move(peers)}};
}

}  // namespace scsa::server::report
