// The throttles of writes anyone may make without an account (docs/security.md, "Open writes"): creating a
// session (a workshop or a solo assessment), joining one, guessing join codes, and the public forms. Each
// kind has a bucket per client address and a ceiling over all addresses together; a join's bucket is per
// address *and session*, so a town hall's guest Wi-Fi (hundreds of phones, one public address) joining
// its workshop never competes with anything else. A refusal says when to try again and is counted in
// /metrics. IPv6 clients are limited per /64, the block one household or office gets.
// Thread-safe; time arrives as an argument.
#pragma once

#include <chrono>
#include <string>

#include "server/limits/open_write_settings.hpp"
#include "server/limits/rate_limiter.hpp"
#include "server/ops/metrics.hpp"

namespace scsa::server {

class open_write_limits {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  explicit open_write_limits(open_write_settings settings = {});

  // Each takes a token from the address's bucket and from the ceiling, or refuses and takes none.
  limit_decision admit_session(const std::string& address, time_point now);
  limit_decision admit_join(const std::string& address, const std::string& session_id, time_point now);
  limit_decision admit_form(const std::string& address, time_point now);

  // Join codes: only a code that matches no session costs a token (people who mistype are few; a script
  // that enumerates codes is many). Ask before the lookup, count after a miss.
  limit_decision may_look_up_code(const std::string& address, time_point now);
  void count_unknown_code(const std::string& address, time_point now);

  // Operator tokens the same way: only a wrong one costs, and an address that spent its tokens is refused
  // before its token is compared, so the right one is refused too until the bucket refills.
  limit_decision may_try_operator_token(const std::string& address, time_point now);
  void count_wrong_operator_token(const std::string& address, time_point now);

  const open_write_settings& settings() const { return settings_; }

 private:
  limit_decision admit(open_write kind, rate_limiter& per_address, rate_limiter& total,
                       const std::string& key, time_point now);

  open_write_settings settings_;
  rate_limiter sessions_per_address_;
  rate_limiter sessions_total_;
  rate_limiter joins_per_address_;
  rate_limiter joins_total_;
  rate_limiter code_guesses_per_address_;
  rate_limiter token_guesses_per_address_;
  rate_limiter forms_per_address_;
  rate_limiter forms_total_;
};

// The key an address is limited by: IPv4 as written, IPv6 by its /64 ("2001:db8:1:2::/64"), an
// IPv4-mapped IPv6 address as its IPv4 address; anything unparsable as it is.
std::string address_key(const std::string& address);

}  // namespace scsa::server
