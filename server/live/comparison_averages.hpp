// The municipality and national averages of every respondent's latest answers, folded from every commit
// of every session, and shown only under the k-anonymity rule (domain::may_compare). Thread-safe: one
// mutex, a leaf lock.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/municipality_averages.hpp"

namespace scsa::server {

class comparison_averages {
 public:
  explicit comparison_averages(int min_respondents) : min_respondents_(min_respondents) {}

  // Takes over the averages folded at start (from a snapshot and the log after it).
  void adopt(domain::municipality_averages averages);
  // Folds a session's committed events; returns the session's municipality, "" while it is not known.
  std::string fold(const std::string& session_id, const std::vector<domain::session_event>& events);

  // The municipality's averages, or null below k respondents.
  nlohmann::json municipality_average(const std::string& code) const;
  nlohmann::json national_average() const;
  std::vector<std::string> municipalities_with_data(int min_respondents) const;
  // The municipality and national tallies (without the per-session detail), for building reports.
  domain::municipality_averages tallies() const;
  // The per-session detail of one municipality's sessions (by session id), for its trend.
  // A session's participants who joined and were not removed (a list of sessions shows it).
  std::size_t active_participants(const std::string& session_id) const;
  std::map<std::string, domain::session_respondents> sessions_of(const std::string& municipality) const;

 private:
  const int min_respondents_;
  mutable std::mutex mutex_;
  domain::municipality_averages averages_;
};

}  // namespace scsa::server
