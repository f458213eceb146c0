// Two buckets per write: the client's, then the ceiling over every client. The address bucket is checked
// first and taken last, so a refusal by the ceiling costs the client nothing.
#include "server/limits/open_write_limits.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace scsa::server {

namespace {

// The ceiling's buckets have one key.
const std::string everyone;

}  // namespace

std::string address_key(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1)
    return address;
  const bool ipv4_mapped =
      std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
      bytes[10] == 0xff && bytes[11] == 0xff;
  std::array<char, 64> text{};
  if (ipv4_mapped) {
    std::snprintf(text.data(), text.size(), "%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  } else {
    std::snprintf(text.data(), text.size(), "%x:%x:%x:%x::/64", (bytes[0] << 8) | bytes[1],
                  (bytes[2] << 8) | bytes[3], (bytes[4] << 8) | bytes[5], (bytes[6] << 8) | bytes[7]);
  }
  return text.data();
}

open_write_limits::open_write_limits(open_write_settings settings)
    : settings_(settings),
      sessions_per_address_(settings.sessions_per_address),
      sessions_total_(settings.sessions_total, 1),
      joins_per_address_(settings.joins_per_address),
      joins_total_(settings.joins_total, 1),
      code_guesses_per_address_(settings.code_guesses_per_address),
      token_guesses_per_address_(settings.token_guesses_per_address),
      forms_per_address_(settings.forms_per_address),
      // The forms have no option of their own for a ceiling: 50 times an address's share is plenty.
      forms_total_(rate_limit{settings.forms_per_address.burst * 50, settings.forms_per_address.refill / 50},
                   1) {}

limit_decision open_write_limits::admit(open_write kind, rate_limiter& per_address, rate_limiter& total,
                                        const std::string& key, time_point now) {
  if (auto mine = per_address.check(key, now); !mine.allowed) {
    metrics().open_write_refused(kind, limit_scope::address);
    return mine;
  }
  if (auto all = total.take(everyone, now); !all.allowed) {
    metrics().open_write_refused(kind, limit_scope::total);
    return all;
  }
  auto taken = per_address.take(key, now);  // another thread may have taken the last one since check()
  if (!taken.allowed) metrics().open_write_refused(kind, limit_scope::address);
  return taken;
}

limit_decision open_write_limits::admit_session(const std::string& address, time_point now) {
  return admit(open_write::session, sessions_per_address_, sessions_total_, address_key(address), now);
}

limit_decision open_write_limits::admit_join(const std::string& address, const std::string& session_id,
                                             time_point now) {
  return admit(open_write::join, joins_per_address_, joins_total_, address_key(address) + " " + session_id,
               now);
}

limit_decision open_write_limits::admit_form(const std::string& address, time_point now) {
  return admit(open_write::form, forms_per_address_, forms_total_, address_key(address), now);
}

limit_decision open_write_limits::may_look_up_code(const std::string& address, time_point now) {
  auto decision = code_guesses_per_address_.check(address_key(address), now);
  if (!decision.allowed) metrics().open_write_refused(open_write::code_guess, limit_scope::address);
  return decision;
}

void open_write_limits::count_unknown_code(const std::string& address, time_point now) {
  code_guesses_per_address_.take(address_key(address), now);
}

limit_decision open_write_limits::may_try_operator_token(const std::string& address, time_point now) {
  auto decision = token_guesses_per_address_.check(address_key(address), now);
  if (!decision.allowed) metrics().open_write_refused(open_write::token_guess, limit_scope::address);
  return decision;
}

void open_write_limits::count_wrong_operator_token(const std::string& address, time_point now) {
  token_guesses_per_address_.take(address_key(address), now);
}

}  // namespace scsa::server
