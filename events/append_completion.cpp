// Completing appends (see append_completion.hpp).
#include "events/append_completion.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace scsa::events {

void complete(const append_callback& completion, append_result result) noexcept {
  try {
    completion(std::move(result));
  } catch (const std::exception& error) {
    spdlog::error("event log: append completion threw: {}", error.what());
  } catch (...) {
    spdlog::error("event log: append completion threw an unknown exception");
  }
}

bool rejected_as_invalid(const append_request& request, const append_callback& completion) {
  auto problem = validate(request);
  if (!problem) return false;
  append_result result;
  result.status = append_status::rejected;
  result.message = std::move(*problem);
  completion(std::move(result));
  return true;
}

append_result storage_error(std::string message) {
  append_result result;
  result.status = append_status::storage_error;
  result.message = std::move(message);
  return result;
}

}  // namespace scsa::events
