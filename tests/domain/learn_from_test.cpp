// Whom to learn from: the largest gaps first, the municipalities already at the ambition, never the own one,
// never one below k respondents, never a statement below k answers there.
#include <catch2/catch.hpp>

#include <string>

#include "domain/learn_from.hpp"

using namespace scsa::domain;

namespace {

constexpr int k = 3;

// `people` solo respondents in `code`, each with current level `now` on statements 1 to 3 (statement 3
// answered by `on_three` of them only).
void add(municipality_averages& averages, const std::string& code, int people, int now, int on_three) {
  static int next = 0;
  for (int i = 0; i < people; ++i) {
    const std::string session = "l" + std::to_string(++next);
    averages = evolve(std::move(averages), session,
                      session_created{session, "T", code, session_mode::solo, "C" + session, "h"});
    averages = evolve(std::move(averages), session, participant_joined{"p", std::nullopt, "t"});
    for (int statement = 1; statement <= 3; ++statement)
      if (statement < 3 || i < on_three)
        averages =
            evolve(std::move(averages), session, answer_given{"p", statement, aspect::current, now, 1});
  }
}

}  // namespace

TEST_CASE("learn from: municipalities already at the ambition, for the largest gaps", "[learn_from]") {
  municipality_averages averages;
  add(averages, "GM0344", 4, 5, 4);  // Utrecht: at 5 everywhere (the reader's own municipality)
  add(averages, "GM0599", 3, 4, 3);  // Rotterdam: at 4
  add(averages, "GM0363", 5, 5, 2);  // Amsterdam: at 5, but statement 3 has only 2 answers
  add(averages, "GM0014", 2, 5, 2);  // Groningen: at 5, but 2 respondents (below k)
  const std::vector<standing> reader{
      {1, 2.0, 4.0},  // gap 2
      {2, 1.0, 5.0},  // gap 4: first
      {3, 2.0, 4.0},  // gap 2
      {4, 3.0, 3.0},  // no gap
      {5, std::nullopt, 4.0},
  };
  const auto found = whom_to_learn_from(reader, averages, "GM0344", k);
  REQUIRE(found.size() == 3);
  CHECK(found[0].statement == 2);
  CHECK(found[1].statement == 1);
  CHECK(found[2].statement == 3);
  // Statement 2 (ambition 5): Amsterdam alone; Rotterdam is at 4, Utrecht is the reader's own, Groningen
  // below k.
  REQUIRE(found[0].peers.size() == 1);
  CHECK(found[0].peers[0].municipality == "GM0363");
  CHECK(found[0].peers[0].respondents == 5);
  // Statement 1 (ambition 4): Amsterdam (5) before Rotterdam (4).
  REQUIRE(found[1].peers.size() == 2);
  CHECK(found[1].peers[0].municipality == "GM0363");
  CHECK(found[1].peers[1].municipality == "GM0599");
  // Statement 3: Amsterdam's 2 answers are too few to name it there.
  REQUIRE(found[2].peers.size() == 1);
  CHECK(found[2].peers[0].municipality == "GM0599");
  for (const auto& gap : found)
    for (const auto& peer : gap.peers) CHECK(peer.municipality != "GM0014");
}

TEST_CASE("learn from: at most the asked number of statements and peers", "[learn_from]") {
  municipality_averages averages;
  for (const char* code : {"GM0344", "GM0599", "GM0363", "GM0518"}) add(averages, code, 3, 5, 3);
  std::vector<standing> reader;
  for (int s = 1; s <= 3; ++s) reader.push_back({s, 1.0, 2.0});
  const auto found = whom_to_learn_from(reader, averages, "", k, 2, 2);
  REQUIRE(found.size() == 2);
  CHECK(found[0].statement == 1);  // equal gaps: statement order
  CHECK(found[0].peers.size() == 2);
}
