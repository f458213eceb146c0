// The `overloaded` helper for std::visit with one lambda per alternative (no catch-all, so that a new
// event or command fails to compile until every visitor handles it).
#pragma once

namespace scsa::domain {

template <class... handlers>
struct overloaded : handlers... {
  using handlers::operator()...;
};
// Clang before 17 has no class template argument deduction for aggregates (P1816): the guide spells it out.
template <class... handlers>
overloaded(handlers...) -> overloaded<handlers...>;

}  // namespace scsa::domain
