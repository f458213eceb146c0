// Replay and review through real sockets against the scsa-server binary: a scripted workshop, then results
// at EVERY sequence equal to the fold of the log prefix, paged events without credentials, at_time, the
// timeline's markers and consensus-reached points, who may read what (facilitator, review token, operator,
// participant, nobody, another session), the exports as a Dutch Excel wants them, the operator's session
// list, and an exported NDJSON imported into an empty database giving identical results.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include <catch2/catch.hpp>

#include "domain/replay.hpp"
#include "server/tokens.hpp"
#include "tests/server/live_support.hpp"
#include "tests/server/server_process.hpp"

namespace {

using namespace scsa::testing;

bool is_type(const json& frame, const std::string& type) {
  return frame.value("type", "") == type;
}

header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

json get_json(std::uint16_t port, const std::string& target, const std::string& token, int status = 200) {
  auto response = http_get(port, target, bearer(token));
  INFO(target << " -> " << response.status << " " << response.body.substr(0, 300));
  REQUIRE(response.status == status);
  return json::parse(response.body);
}

// A file in the temp folder, removed at the end.
class temp_file {
 public:
  explicit temp_file(const std::string& name) {
    std::random_device entropy;
    path_ =
        std::filesystem::temp_directory_path() / ("scsa-replay-" + std::to_string(entropy()) + "-" + name);
  }
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& text) const { std::ofstream(path_, std::ios::binary) << text; }

 private:
  std::filesystem::path path_;
};

// The operator token and the file that holds its hash, for --operator-token-file.
struct operator_credentials {
  std::string token = scsa::server::make_token();
  temp_file file{"operator.hash"};
  operator_credentials() { file.write(scsa::server::hash_token(token) + "  -\n"); }
  std::vector<std::string> args() const { return {"--operator-token-file", file.path().string()}; }
};

// A small workshop run command by command (each acknowledged before the next), so its log is known.
struct workshop {
  created_session session;
  std::vector<std::string> participant_ids;     // p1..p5
  std::vector<std::string> participant_tokens;  // their resume tokens
  std::int64_t statement_two_reached = 0;       // seq of the third agreeing answer on statement 2, current
  std::int64_t last_seq = 0;                    // the session's last sequence
};

workshop run_workshop(std::uint16_t port, const std::string& title = "Replay workshop") {
  workshop w;
  w.session = create_session(port, title);
  live_peer facilitator;
  REQUIRE(facilitator.connect(port));
  auto facilitating = facilitator.request({{"type", "facilitate"},
                                           {"id", "f"},
                                           {"session_id", w.session.session_id},
                                           {"token", w.session.facilitator_token}});
  REQUIRE(facilitating);
  REQUIRE(is_type(*facilitating, "ack"));
  int command = 0;
  auto control = [&](json frame) {
    frame["id"] = "c-" + std::to_string(++command);
    auto reply = facilitator.request(frame);
    REQUIRE(reply);
    INFO(reply->dump());
    REQUIRE(is_type(*reply, "ack"));
    return (*reply)["seq"].get<std::int64_t>();
  };

  const std::vector<std::optional<std::string>> departments{"ICT", "Sociaal; Domein", std::nullopt,
                                                            "Mobiliteit", "=1+1"};
  std::vector<std::unique_ptr<live_peer>> peers;
  for (std::size_t i = 0; i < departments.size(); ++i) {
    peers.push_back(std::make_unique<live_peer>());
    REQUIRE(peers.back()->connect(port));
    json join{{"type", "join"}, {"id", "j"}, {"code", w.session.join_code}};
    if (departments[i]) join["department"] = *departments[i];
    auto joined = peers.back()->request(join);
    REQUIRE(joined);
    REQUIRE(is_type(*joined, "ack"));
    w.participant_ids.push_back((*joined)["participant_id"].get<std::string>());
    w.participant_tokens.push_back((*joined)["token"].get<std::string>());
  }
  auto answer = [&](std::size_t p, int statement, const std::string& aspect, int level) {
    auto reply = peers[p]->request(answer_frame("a-" + std::to_string(++command), statement, aspect, level));
    REQUIRE(reply);
    INFO(reply->dump());
    REQUIRE(is_type(*reply, "ack"));
    return (*reply)["seq"].get<std::int64_t>();
  };

  control({{"type", "close"}, {"statement", 7}});
  answer(0, 2, "current", 3);
  answer(3, 1, "current", 2);
  answer(1, 2, "current", 3);
  answer(4, 1, "current", 3);
  w.statement_two_reached = answer(2, 2, "current", 3);  // n 3, all level 3: consensus
  answer(0, 2, "desired", 4);
  answer(1, 2, "desired", 5);
  control({{"type", "reveal"}});
  answer(3, 3, "desired", 5);
  auto withdrawn =
      peers[3]->request({{"type", "withdraw"}, {"id", "w"}, {"statement", 3}, {"aspect", "desired"}});
  REQUIRE(withdrawn);
  REQUIRE(is_type(*withdrawn, "ack"));
  control({{"type", "remove"}, {"participant_id", w.participant_ids[4]}});
  control({{"type", "new_round"}});
  answer(0, 2, "current", 4);
  w.last_seq = control({{"type", "close_session"}});
  return w;
}

// The results without what only a replay (or only the live view) adds.
json comparable(json results) {
  results.erase("replay");
  results.erase("municipality_average");
  return results;
}

}  // namespace

TEST_CASE(
    "replay: results at every sequence equal the fold of the log prefix, events page without credentials",
    "[live][replay]") {
  server_process server;
  const auto port = server.port();
  const auto w = run_workshop(port);
  const auto& id = w.session.session_id;
  const auto& token = w.session.facilitator_token;
  const auto log = read_session_log(server.db_path(), id);
  REQUIRE(log.size() > 20);
  REQUIRE(log.back().sequence == w.last_seq);

  SECTION("results at every sequence, and between sequences") {
    scsa::domain::replay_state folded;
    std::int64_t previous_seq = 0;
    for (std::size_t k = 0; k < log.size(); ++k) {
      folded = scsa::domain::evolve(std::move(folded), log[k].event);
      const json expected = scsa::domain::results_json(folded, log[k].sequence);
      INFO("version " << k + 1 << ", seq " << log[k].sequence);
      const json served =
          get_json(port, "/api/sessions/" + id + "/results?at=" + std::to_string(log[k].sequence), token);
      CHECK(comparable(served) == expected);
      CHECK(served["replay"]["version"] == k + 1);
      CHECK(served["replay"]["event_count"] == log.size());
      CHECK(served["replay"]["last_seq"] == w.last_seq);
      CHECK(served.contains("municipality_average"));
      if (k > 0 && log[k].sequence - 1 > previous_seq) {
        // Between two of the session's events (another session's event, if any, or nothing): the earlier one.
        const json between = get_json(
            port, "/api/sessions/" + id + "/results?at=" + std::to_string(log[k].sequence - 1), token);
        CHECK(between["replay"]["version"] == k);
      }
      previous_seq = log[k].sequence;
    }
    // The live results are the replay's last point.
    const json live = get_json(port, "/api/sessions/" + id + "/results", token);
    CHECK(comparable(live) == scsa::domain::results_json(folded, w.last_seq));
    // Before the first event and far beyond the last: clamped to the first and the last.
    CHECK(get_json(port, "/api/sessions/" + id + "/results?at=0", token)["replay"]["version"] == 1);
    CHECK(get_json(port, "/api/sessions/" + id + "/results?at=999999999", token)["replay"]["version"] ==
          log.size());
  }

  SECTION("at_time: the last event at or before the time") {
    const json page = get_json(port, "/api/sessions/" + id + "/events?limit=5000", token);
    const auto& events = page["events"];
    REQUIRE(events.size() == log.size());
    for (std::size_t k = 0; k < events.size(); k += 3) {
      const std::int64_t time = events[k]["time_ms"].get<std::int64_t>();
      std::int64_t expected = 0, latest = 0;
      for (const auto& e : events) {
        latest = std::max(latest, e["time_ms"].get<std::int64_t>());
        if (latest > time) break;
        ++expected;
      }
      const json served =
          get_json(port, "/api/sessions/" + id + "/results?at_time=" + std::to_string(time), token);
      CHECK(served["replay"]["version"] == expected);
      CHECK(served["replay"]["time_ms"].get<std::int64_t>() <= time);
    }
  }

  SECTION("events in pages, in order, with envelopes and without credentials or the join code") {
    std::vector<json> all;
    std::int64_t after = 0;
    for (int pages = 0;; ++pages) {
      REQUIRE(pages < 100);
      const json page = get_json(
          port, "/api/sessions/" + id + "/events?after=" + std::to_string(after) + "&limit=7", token);
      CHECK(page["session_id"] == id);
      CHECK(page["events"].size() <= 7);
      for (const auto& e : page["events"]) all.push_back(e);
      if (!page["more"].get<bool>()) break;
      CHECK(page["events"].size() == 7);
      after = page["next_after"].get<std::int64_t>();
    }
    REQUIRE(all.size() == log.size());
    for (std::size_t k = 0; k < all.size(); ++k) {
      INFO(all[k].dump());
      CHECK(all[k]["seq"] == log[k].sequence);
      CHECK(all[k]["version"] == k + 1);
      CHECK(all[k]["type"] == log[k].type);
      CHECK(all[k]["schema_version"] == 1);
      CHECK(all[k]["time_ms"].is_number_integer());
      const std::string actor = all[k]["actor"];
      CHECK(
          (actor == "participant" || actor == "facilitator" || actor == "operator" || actor == "anonymous"));
      const std::string text = all[k]["payload"].dump();
      CHECK(text.find("token_hash") == std::string::npos);
      CHECK(text.find("join_code") == std::string::npos);
      CHECK(text.find(w.session.join_code) == std::string::npos);
    }
    CHECK(all[0]["type"] == "session_created");
    CHECK(all[0]["payload"]["title"] == "Replay workshop");
    CHECK(all[1]["payload"]["participant_id"] == w.participant_ids[0]);
    // A page from the middle starts right after `after`.
    const json middle = get_json(
        port, "/api/sessions/" + id + "/events?after=" + std::to_string(log[9].sequence) + "&limit=2", token);
    REQUIRE(middle["events"].size() == 2);
    CHECK(middle["events"][0]["seq"] == log[10].sequence);
    CHECK(middle["next_after"] == log[11].sequence);
    const json end =
        get_json(port, "/api/sessions/" + id + "/events?after=" + std::to_string(w.last_seq), token);
    CHECK(end["events"].empty());
    CHECK(end["more"] == false);
    for (const std::string bad : {"limit=0", "limit=5001", "limit=x", "after=-1", "after=1.5"}) {
      auto response = http_get(port, "/api/sessions/" + id + "/events?" + bad, bearer(token));
      INFO(bad << " -> " << response.body);
      CHECK(response.status == 400);
      CHECK(json::parse(response.body)["code"] ==
            (bad.rfind("limit", 0) == 0 ? "invalid_limit" : "invalid_after"));
    }
    for (const std::string bad : {"at=x", "at=-3", "at_time=soon", "at=1&at_time=1"}) {
      auto response = http_get(port, "/api/sessions/" + id + "/results?" + bad, bearer(token));
      CHECK(response.status == 400);
      CHECK(json::parse(response.body)["code"] == "invalid_point");
    }
  }

  SECTION("the timeline's markers and the moment statement 2 reached consensus") {
    const json body = get_json(port, "/api/sessions/" + id + "/timeline", token);
    CHECK(body["session_id"] == id);
    CHECK(body["event_count"] == log.size());
    const json& line = body["timeline"];
    CHECK(line["rule"]["min_n"] == 3);
    CHECK(line["rule"]["min_consensus"] == 0.8);
    CHECK(line["first"]["seq"] == log.front().sequence);
    CHECK(line["last"]["seq"] == w.last_seq);
    std::vector<std::string> kinds;
    for (const auto& marker : line["markers"]) kinds.push_back(marker["kind"]);
    CHECK(kinds == std::vector<std::string>{"session_created", "participant_joined", "participant_joined",
                                            "participant_joined", "participant_joined", "participant_joined",
                                            "statement_closed", "results_revealed", "participant_removed",
                                            "round_started", "session_closed"});
    CHECK(line["markers"][6]["statement"] == 7);
    CHECK(line["markers"][8]["participant_id"] == w.participant_ids[4]);
    CHECK(line["markers"][9]["round"] == 2);
    CHECK(line["markers"][10]["seq"] == w.last_seq);
    const json* statement_two = nullptr;
    for (const auto& r : line["consensus_reached"])
      if (r["round"] == 1 && r["statement"] == 2) statement_two = &r;
    REQUIRE(statement_two != nullptr);
    CHECK((*statement_two)["current"]["seq"] == w.statement_two_reached);
    CHECK((*statement_two)["desired"].is_null());  // 4 and 5: only two answers
    CHECK((*statement_two)["both"].is_null());
    // Jumping there shows the consensus.
    const json there = get_json(
        port, "/api/sessions/" + id + "/results?at=" + std::to_string(w.statement_two_reached), token);
    const json& current = there["rounds"][0]["consensus"]["statements"][1]["current"];
    CHECK(current["n"] == 3);
    CHECK(current["consensus"] == 1.0);
  }
}

TEST_CASE("replay: who may read a session's history, and who may share it", "[live][replay]") {
  operator_credentials op;
  server_process server(op.args());
  const auto port = server.port();
  const auto w = run_workshop(port);
  const auto other = create_session(port, "Another session");
  const auto& id = w.session.session_id;

  auto created =
      http_post(port, "/api/sessions/" + id + "/review-tokens", "", bearer(w.session.facilitator_token));
  REQUIRE(created.status == 201);
  const std::string review = json::parse(created.body)["review_token"];
  CHECK(json::parse(created.body)["session_id"] == id);
  CHECK(review.size() == 64);
  auto other_created = http_post(port, "/api/sessions/" + other.session_id + "/review-tokens", "",
                                 bearer(other.facilitator_token));
  REQUIRE(other_created.status == 201);
  const std::string other_review = json::parse(other_created.body)["review_token"];

  const std::vector<std::string> reads{
      "/results",  "/results?at=3",       "/results?at_time=1",  "/events",
      "/timeline", "/export/answers.csv", "/export/results.csv", "/export/events.ndjson"};
  struct holder {
    std::string who;
    std::optional<std::string> token;
    int status;
  };
  const std::vector<holder> holders{
      {"facilitator", w.session.facilitator_token, 200},
      {"review token", review, 200},
      {"operator", op.token, 200},
      {"participant", w.participant_tokens[0], 403},
      {"nobody", std::nullopt, 401},
      {"another session's facilitator", other.facilitator_token, 403},
      {"another session's review token", other_review, 403},
      {"a made-up token", scsa::server::make_token(), 403},
  };
  for (const auto& h : holders) {
    for (const auto& read : reads) {
      INFO(h.who << " reads " << read);
      auto response =
          http_get(port, "/api/sessions/" + id + read, h.token ? bearer(*h.token) : header_list{});
      CHECK(response.status == h.status);
      if (h.status != 200) {
        CHECK(json::parse(response.body)["code"] == (h.status == 401 ? "unauthorized" : "forbidden"));
      }
    }
  }
  // An unknown session answers as a wrong token does, whoever asks.
  for (const auto& token : {w.session.facilitator_token, review, op.token}) {
    auto response = http_get(port, "/api/sessions/s-0000000000000000/timeline", bearer(token));
    CHECK(response.status == 403);
    CHECK(response.body == http_get(port, "/api/sessions/" + id + "/timeline", bearer("wrong")).body);
  }
  // Only the facilitator and the operator (from the desk) share.
  CHECK(http_post(port, "/api/sessions/" + id + "/review-tokens", "", bearer(op.token)).status == 201);
  for (const auto& token : {review, w.participant_tokens[0], other.facilitator_token}) {
    auto response = http_post(port, "/api/sessions/" + id + "/review-tokens", "", bearer(token));
    CHECK(response.status == 403);
  }
  CHECK(http_post(port, "/api/sessions/" + id + "/review-tokens", "").status == 401);
  CHECK(
      http_get(port, "/api/sessions/" + id + "/review-tokens", bearer(w.session.facilitator_token)).status ==
      405);
  CHECK(
      http_post(port, "/api/sessions/" + id + "/timeline", "", bearer(w.session.facilitator_token)).status ==
      405);
  // A review token is no key to the live session: facilitating with it is refused.
  live_peer peer;
  REQUIRE(peer.connect(port));
  auto refused = peer.request({{"type", "facilitate"}, {"id", "r"}, {"session_id", id}, {"token", review}});
  REQUIRE(refused);
  CHECK((*refused)["code"] == "invalid_token");
  // Nor to the operator's list.
  CHECK(http_get(port, "/api/sessions", bearer(review)).status == 403);
  CHECK(http_get(port, "/api/sessions", bearer(w.session.facilitator_token)).status == 403);
  CHECK(http_get(port, "/api/sessions").status == 401);
  // Review tokens survive a restart (their hashes are stored).
  server.restart();
  CHECK(http_get(server.port(), "/api/sessions/" + id + "/timeline", bearer(review)).status == 200);
  CHECK(http_get(server.port(), "/api/sessions/" + id + "/timeline", bearer(other_review)).status == 403);
}

TEST_CASE("replay: exports open in a Dutch Excel and the operator lists sessions", "[live][replay]") {
  operator_credentials op;
  server_process server(op.args());
  const auto port = server.port();
  const auto w = run_workshop(port);
  const auto solo = create_session(port, "Zelfevaluatie", "solo");
  const auto& id = w.session.session_id;
  const auto auth = bearer(w.session.facilitator_token);

  auto answers = http_get(port, "/api/sessions/" + id + "/export/answers.csv", auth);
  REQUIRE(answers.status == 200);
  CHECK(answers.header("Content-Type") == "text/csv; charset=utf-8");
  CHECK(answers.header("Content-Disposition") == "attachment; filename=\"" + id + "-answers.csv\"");
  REQUIRE(answers.body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(answers.body.find("\r\n") != std::string::npos);
  CHECK(answers.body.find('\n') == answers.body.find("\r\n") + 1);
  CHECK(answers.body.substr(3, answers.body.find("\r\n") - 3) ==
        "time;round;participant;department;statement;aspect;level;counted");
  CHECK(answers.body.find(";\"Sociaal; Domein\";2;current;3;1\r\n") != std::string::npos);
  CHECK(answers.body.find(";'=1+1;") != std::string::npos);             // never a formula
  CHECK(answers.body.find(";3;desired;5;0\r\n") != std::string::npos);  // withdrawn later
  CHECK(answers.body.find(";2;" + w.participant_ids[0] + ";ICT;2;current;4;1\r\n") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = answers.body.find("\r\n"); at != std::string::npos;
       at = answers.body.find("\r\n", at + 2))
    ++rows;
  CHECK(rows == 1 + 9);  // header and 9 answers

  auto results = http_get(port, "/api/sessions/" + id + "/export/results.csv", auth);
  REQUIRE(results.status == 200);
  CHECK(results.header("Content-Type") == "text/csv; charset=utf-8");
  REQUIRE(results.body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(results.body.find("round;statement;theme;aspect;n;mean;median;q1;q3;interquartile_range;"
                          "standard_deviation;consensus;iqr_consensus;gap\r\n") == 3);
  // Statement 1 now: 2 and 3 (p5 with the 3 is removed, so at the end only the 2 counts); at the reveal both.
  CHECK(results.body.find("\r\n1;1;strategy;current;1;2;2;2;2;0;0;1;1;\r\n") != std::string::npos);
  auto earlier = http_get(
      port, "/api/sessions/" + id + "/export/results.csv?at=" + std::to_string(w.statement_two_reached),
      auth);
  REQUIRE(earlier.status == 200);
  CHECK(earlier.body.find("\r\n1;1;strategy;current;2;2,5;2,5;2,25;2,75;0,5;0,5;") != std::string::npos);
  CHECK(earlier.body.find("\r\n2;") == std::string::npos);  // round 2 had not started

  // For people, in their language: a Dutch team shares the file as it is.
  auto dutch = http_get(port, "/api/sessions/" + id + "/export/answers.csv?lang=nl", auth);
  REQUIRE(dutch.status == 200);
  CHECK(dutch.body.substr(3, dutch.body.find("\r\n") - 3) ==
        "tijd;ronde;deelnemer;afdeling;stelling;titel;aspect;niveau;telt mee");
  CHECK(dutch.body.find(";\"Sociaal; Domein\";2;Routekaart voor smart city;nu;3;ja\r\n") !=
        std::string::npos);
  CHECK(dutch.body.find(";ambitie;5;nee\r\n") != std::string::npos);
  auto dutch_results = http_get(port, "/api/sessions/" + id + "/export/results.csv?lang=nl", auth);
  REQUIRE(dutch_results.status == 200);
  CHECK(dutch_results.body.find("ronde;stelling;titel;thema;aspect;n;gemiddelde;") == 3);
  CHECK(dutch_results.body.find("\r\n1;1;Gedeelde smart city-visie;Strategie;nu;1;2;") != std::string::npos);
  auto english = http_get(port, "/api/sessions/" + id + "/export/results.csv?lang=en", auth);
  REQUIRE(english.status == 200);
  CHECK(english.body.find("\r\n1;1;Shared smart city vision;Strategy;now;1;2;") != std::string::npos);
  CHECK(http_get(port, "/api/sessions/" + id + "/export/answers.csv?lang=fr", auth).status == 400);

  auto ndjson = http_get(port, "/api/sessions/" + id + "/export/events.ndjson", auth);
  REQUIRE(ndjson.status == 200);
  CHECK(ndjson.header("Content-Type") == "application/x-ndjson; charset=utf-8");
  CHECK(ndjson.body.find("token_hash") == std::string::npos);
  const auto log = read_session_log(server.db_path(), id);
  std::size_t lines = 0;
  for (std::size_t start = 0; start < ndjson.body.size(); ++lines) {
    const auto end = ndjson.body.find('\n', start);
    REQUIRE(end != std::string::npos);
    const json line = json::parse(ndjson.body.substr(start, end - start));
    CHECK(line["seq"] == log[lines].sequence);
    start = end + 1;
  }
  CHECK(lines == log.size());

  // The operator's list, newest first, with filters.
  const json all = get_json(port, "/api/sessions", op.token);
  REQUIRE(all["sessions"].size() == 2);
  CHECK(all["sessions"][0]["session_id"] == solo.session_id);
  const json& listed = all["sessions"][1];
  CHECK(listed["session_id"] == id);
  CHECK(listed["title"] == "Replay workshop");
  CHECK(listed["municipality"] == "GM0344");
  CHECK(listed["mode"] == "workshop");
  CHECK(listed["participants"] == 4);
  CHECK(listed["events"] == log.size());
  CHECK(listed["closed"] == true);
  CHECK(listed["created_ms"] == get_json(port, "/api/sessions/" + id + "/events?limit=1",
                                         w.session.facilitator_token)["events"][0]["time_ms"]);
  CHECK(listed["created"].get<std::string>().size() == 24);
  CHECK(get_json(port, "/api/sessions?mode=solo", op.token)["sessions"].size() == 1);
  CHECK(get_json(port, "/api/sessions?mode=workshop&municipality=gm0344", op.token)["sessions"].size() == 1);
  CHECK(get_json(port, "/api/sessions?municipality=GM0363", op.token)["sessions"].empty());
  CHECK(get_json(port, "/api/sessions?from=2000-01-01&to=2999-12-31", op.token)["sessions"].size() == 2);
  CHECK(get_json(port, "/api/sessions?to=2000-01-01", op.token)["sessions"].empty());
  const auto created = listed["created_ms"].get<std::int64_t>();
  CHECK(get_json(port, "/api/sessions?from=" + std::to_string(created) + "&to=" + std::to_string(created),
                 op.token)["sessions"]
            .size() >= 1);
  CHECK(get_json(port, "/api/sessions?mode=group", op.token, 400)["code"] == "invalid_mode");
  CHECK(get_json(port, "/api/sessions?from=2025-02-30", op.token, 400)["code"] == "invalid_date");
  CHECK(get_json(port, "/api/sessions?to=yesterday", op.token, 400)["code"] == "invalid_date");
}

TEST_CASE("replay: an exported NDJSON imported into an empty database gives identical results",
          "[live][replay]") {
  temp_file exported("export.ndjson");
  std::string session_id;
  json original;
  json original_timeline;
  json original_roadmap;
  std::string original_answers;
  {
    server_process server;
    // Another session's event first, so the sequences of the import differ from the original's.
    create_session(server.port(), "Noise");
    const auto w = run_workshop(server.port());
    session_id = w.session.session_id;
    {
      // The roadmap dialogue too: its texts live beside the log, and the export carries them.
      live_peer facilitator;
      REQUIRE(facilitator.connect(server.port()));
      int n = 0;
      for (json frame :
           {json{{"type", "facilitate"}, {"session_id", session_id}, {"token", w.session.facilitator_token}},
            json{{"type", "reopen_session"}},
            json{{"type", "propose"}, {"statement", 2}, {"text", "Eén loket voor data"}},
            json{{"type", "conclude"}, {"statement", 2}, {"text", "Samen beginnen"}}}) {
        frame["id"] = "r" + std::to_string(++n);
        auto reply = facilitator.request(frame);
        REQUIRE(reply);
        INFO(reply->dump());
        REQUIRE(is_type(*reply, "ack"));
      }
    }
    original_roadmap = get_json(server.port(), "/api/sessions/" + session_id + "/roadmap",
                                w.session.facilitator_token)["roadmap"];
    REQUIRE(original_roadmap["actions"][0]["text"] == "Eén loket voor data");
    auto ndjson = http_get(server.port(), "/api/sessions/" + session_id + "/export/events.ndjson",
                           bearer(w.session.facilitator_token));
    REQUIRE(ndjson.status == 200);
    exported.write(ndjson.body);
    original = fetch_results(server.port(), session_id, w.session.facilitator_token);
    original_timeline =
        get_json(server.port(), "/api/sessions/" + session_id + "/timeline", w.session.facilitator_token);
    original_answers = http_get(server.port(), "/api/sessions/" + session_id + "/export/answers.csv",
                                bearer(w.session.facilitator_token))
                           .body;
  }

  server_process target;  // an empty database
  target.terminate();
  const std::string output_file = exported.path().string() + ".out";
  const std::string command = std::string(SCSA_SERVER_BINARY) + " import --db '" + target.db_path().string() +
                              "' '" + exported.path().string() + "' > '" + output_file + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream output_stream(output_file);
  const std::string output((std::istreambuf_iterator<char>(output_stream)), std::istreambuf_iterator<char>());
  std::filesystem::remove(output_file);
  INFO(output);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const std::string marker = "facilitator token (shown once): ";
  const auto at = output.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string token = output.substr(at + marker.size(), 64);

  // Importing the same session again is refused and writes nothing.
  const int again =
      std::system((std::string(SCSA_SERVER_BINARY) + " import --db '" + target.db_path().string() + "' '" +
                   exported.path().string() + "' > /dev/null 2>&1")
                      .c_str());
  CHECK(WEXITSTATUS(again) == 1);

  target.restart();
  const json imported = fetch_results(target.port(), session_id, token);
  CHECK(imported["rounds"] == original["rounds"]);
  CHECK(imported["session"] == original["session"]);
  CHECK(imported["participants"] == original["participants"]);
  CHECK(imported["seq"] != original["seq"]);  // a new log, new sequences
  const json timeline = get_json(target.port(), "/api/sessions/" + session_id + "/timeline", token);
  CHECK(timeline["event_count"] == original_timeline["event_count"]);
  CHECK(timeline["timeline"]["markers"].size() == original_timeline["timeline"]["markers"].size());
  CHECK(http_get(target.port(), "/api/sessions/" + session_id + "/export/answers.csv", bearer(token)).body ==
        original_answers);
  CHECK(get_json(target.port(), "/api/sessions/" + session_id + "/roadmap", token)["roadmap"] ==
        original_roadmap);
  // The imported session has new credentials: the facilitator can take it up again.
  live_peer facilitator;
  REQUIRE(facilitator.connect(target.port()));
  auto facilitating = facilitator.request(
      {{"type", "facilitate"}, {"id", "f"}, {"session_id", session_id}, {"token", token}});
  REQUIRE(facilitating);
  CHECK(is_type(*facilitating, "ack"));
}

TEST_CASE("replay: a broken NDJSON file is refused with the line that is wrong", "[live][replay]") {
  server_process target;
  target.terminate();
  temp_file file("broken.ndjson");
  auto import = [&](const std::string& text) {
    file.write(text);
    const std::string output_file = file.path().string() + ".out";
    const int status =
        std::system((std::string(SCSA_SERVER_BINARY) + " import --db '" + target.db_path().string() + "' '" +
                     file.path().string() + "' > '" + output_file + "' 2>&1")
                        .c_str());
    std::ifstream stream(output_file);
    std::string output((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    std::filesystem::remove(output_file);
    return std::pair{WEXITSTATUS(status), output};
  };
  const std::string created =
      R"({"seq":1,"version":1,"type":"session_created","schema_version":1,"time_ms":1,"actor":"operator",)"
      R"("payload":{"session_id":"s-1","title":"T","municipality":"GM0344","mode":"workshop"}})";
  auto [code, output] = import(created + "\nnot json\n");
  CHECK(code == 1);
  CHECK(output.find("line 2: not a JSON object") != std::string::npos);
  std::tie(code, output) = import(
      created + "\n" +
      R"({"seq":2,"version":3,"type":"results_revealed","schema_version":1,"time_ms":1,"actor":"x","payload":{}})");
  CHECK(code == 1);
  CHECK(output.find("line 2: version 3 where 2 was expected") != std::string::npos);
  std::tie(code, output) = import(
      created + "\n" +
      R"({"seq":2,"version":2,"type":"answer_given","schema_version":1,"time_ms":1,"actor":"x","payload":{}})");
  CHECK(code == 1);
  CHECK(output.find("line 2: answer_given: participant_id is missing") != std::string::npos);
  std::tie(code, output) = import("");
  CHECK(code == 1);
  // Nothing was written by any of them.
  target.restart();
  CHECK(json::parse(http_get(target.port(), "/healthz").body)["last_sequence"] == 0);
}

TEST_CASE("replay: a server whose operator token file holds no hash does not start", "[live][replay]") {
  temp_file file("operator.hash");
  file.write("the token itself, not its hash\n");
  CHECK_THROWS(server_process({"--operator-token-file", file.path().string()}, std::chrono::seconds(5)));
  CHECK_THROWS(
      server_process({"--operator-token-file", file.path().string() + ".missing"}, std::chrono::seconds(5)));
}
