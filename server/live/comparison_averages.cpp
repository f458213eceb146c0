// The averages every comparison uses (see comparison_averages.hpp).
#include "server/live/comparison_averages.hpp"

#include "domain/disclosure.hpp"

namespace scsa::server {

void comparison_averages::adopt(domain::municipality_averages averages) {
  std::lock_guard lock(mutex_);
  averages_ = std::move(averages);
}

std::string comparison_averages::fold(const std::string& session_id,
                                      const std::vector<domain::session_event>& events) {
  std::lock_guard lock(mutex_);
  for (const auto& event : events) averages_ = domain::evolve(std::move(averages_), session_id, event);
  auto found = averages_.sessions.find(session_id);
  return found == averages_.sessions.end() ? std::string{} : found->second.municipality;
}

nlohmann::json comparison_averages::municipality_average(const std::string& code) const {
  std::lock_guard lock(mutex_);
  auto average = domain::disclosed_average(averages_, code, min_respondents_);
  if (!domain::may_compare(average.respondents, min_respondents_)) return nullptr;
  return average;
}

nlohmann::json comparison_averages::national_average() const {
  std::lock_guard lock(mutex_);
  return domain::disclosed_national_average(averages_, min_respondents_);
}

std::vector<std::string> comparison_averages::municipalities_with_data(int min_respondents) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> codes;
  for (const auto& code : averages_.municipalities_with_data())
    if (domain::may_compare(averages_.averages_for(code).respondents, min_respondents)) codes.push_back(code);
  return codes;
}

domain::municipality_averages comparison_averages::tallies() const {
  std::lock_guard lock(mutex_);
  domain::municipality_averages tallies;
  tallies.municipalities = averages_.municipalities;
  tallies.national = averages_.national;
  return tallies;
}

std::map<std::string, domain::session_respondents> comparison_averages::sessions_of(
    const std::string& municipality) const {
  std::lock_guard lock(mutex_);
  std::map<std::string, domain::session_respondents> found;
  for (const auto& [id, session] : averages_.sessions)
    if (session.municipality == municipality) found.emplace(id, session);
  return found;
}

}  // namespace scsa::server
