// The `overloaded` helper for std::visit with one lambda per alternative (no catch-all, so that a new
// event or command fails to compile until every visitor handles it).
#pragma once

namespace scsa::domain {

template <class... handlers>
struct overloaded : handlers... {
  using handlers::operator()...;
};

}  // namespace scsa::domain
