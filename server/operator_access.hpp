// Who is an operator: a request that carries one of the operators' tokens (known to the server only by
// their SHA-256, see ops/operator_token.hpp), and which one, by its label, for the desk's history. Shared
// by the routes only operators may use (the desk, the list of sessions, metrics from afar). Wrong tokens on
// those routes are slowed down per client address (--limit-token-guesses) and logged without the token.
// Immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/http_types.hpp"
#include "server/ops/operator_token.hpp"

namespace scsa::server {

class open_write_limits;

class operator_gate {
 public:
  operator_gate() = default;  // nobody is an operator (no --operator-token-file)
  // `limits` may be null (no slowing down); it must outlive the gate.
  explicit operator_gate(std::vector<operator_token_entry> tokens, open_write_limits* limits = nullptr);

  bool configured() const { return !tokens_.empty(); }

  // The label of the operator whose token the request carries (constant-time on the hashes), or nullopt.
  // Counts nothing: for routes that also take other tokens (replay, reports, metrics).
  std::optional<std::string> label_of(const http_request& request) const;

  // For routes only operators may use: the operator's label, or the refusal: 401 without a token, 429 once
  // the address has tried too many wrong ones, 403 for any other token, saying `only_the_operator`
  // ("only the operator lists sessions"). A wrong token is counted and logged with the address.
  std::variant<std::string, http_response> admit(const http_request& request,
                                                 std::string_view only_the_operator) const;

 private:
  std::vector<operator_token_entry> tokens_;
  open_write_limits* limits_ = nullptr;
};

}  // namespace scsa::server
