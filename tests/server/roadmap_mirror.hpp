// A client's copy of the roadmap, kept as docs/protocol.md ("The roadmap dialogue") tells clients to keep
// it: whole from a snapshot or an update that carries `roadmap`, patched by each update's
// `roadmap_changes`. Tests read views through it, so they prove that the changes add up to the whole.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/server/live_support.hpp"

namespace scsa::testing {

class roadmap_mirror {
 public:
  explicit roadmap_mirror(live_peer& peer) : peer_(peer) {}

  // Takes the peer's roadmap frames in order until `ready` holds for the copy (up to 10 s); returns the
  // copy, or null when it never got there.
  json when(const std::function<bool(const json&)>& ready) {
    if (roadmap_.is_object() && ready(roadmap_)) return roadmap_;
    while (auto frame = peer_.take(
               [](const json& f) { return f.contains("roadmap") || f.contains("roadmap_changes"); })) {
      apply(*frame);
      // An update that reaches a new watcher before its snapshot changes a copy it does not have yet.
      if (roadmap_.is_object() && ready(roadmap_)) return roadmap_;
    }
    return nullptr;
  }

  const json& roadmap() const { return roadmap_; }

  // The same roadmap in one order, whatever order entries arrived in (for comparing with a snapshot).
  static json canonical(json roadmap) {
    auto by_dump = [](const json& a, const json& b) { return a.dump() < b.dump(); };
    for (const char* list : {"explanations", "conclusions"})
      if (roadmap.contains(list)) std::sort(roadmap[list].begin(), roadmap[list].end(), by_dump);
    return roadmap;
  }

  // An update's `roadmap_changes` laid over a whole roadmap, as a client lays them.
  static void apply_changes(json& roadmap, const json& changes) {
    roadmap["vote_budget"] = changes["vote_budget"];
    json& actions = roadmap["actions"];
    for (const auto& entry : changes["actions"]) {
      auto same = std::find_if(actions.begin(), actions.end(),
                               [&](const json& a) { return a["action_id"] == entry["action_id"]; });
      if (same != actions.end())
        *same = entry;
      else
        actions.push_back(entry);
    }
    for (auto& action : actions)
      if (auto count = changes["votes"].find(action["action_id"].get<std::string>());
          count != changes["votes"].end())
        action["votes"] = *count;
    for (const auto& gone : changes["removed_actions"])
      actions.erase(std::remove_if(actions.begin(), actions.end(),
                                   [&](const json& a) { return a["action_id"] == gone; }),
                    actions.end());
    std::stable_sort(actions.begin(), actions.end(),
                     [](const json& a, const json& b) { return a["order"] < b["order"]; });
    const std::set<int> statements = changes["statements"].get<std::set<int>>();
    for (const char* list : {"explanations", "conclusions"}) {
      json& entries = roadmap[list];
      entries.erase(
          std::remove_if(entries.begin(), entries.end(),
                         [&](const json& e) { return statements.contains(e["statement"].get<int>()); }),
          entries.end());
      for (const auto& entry : changes[list]) entries.push_back(entry);
    }
    for (const char* whole : {"explanations_shown", "priorities"})
      if (changes.contains(whole)) roadmap[whole] = changes[whole];
  }

 private:
  void apply(const json& frame) {
    if (frame.contains("roadmap")) {
      roadmap_ = frame["roadmap"];
      return;
    }
    if (!roadmap_.is_object()) return;  // changes to a copy this client does not have yet
    apply_changes(roadmap_, frame["roadmap_changes"]);
  }

  live_peer& peer_;
  json roadmap_;
};

}  // namespace scsa::testing
