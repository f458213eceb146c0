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
  const auto* session = averages_.find_session(session_id);
  return session == nullptr ? std::string{} : std::string(averages_.municipality_of(*session));
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

std::size_t comparison_averages::active_participants(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  return averages_.active_participants(session_id);
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
  for (std::uint32_t n = 0; n < averages_.sessions.size(); ++n)
    if (averages_.municipality_of(averages_.sessions[n]) == municipality)
      found.emplace(std::string(averages_.session_ids.at(n)), averages_.sessions[n]);
  return found;
}

}  // namespace scsa::server
