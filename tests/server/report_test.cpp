// The reports as a reader gets them: PDFs from the real server (and the sample drawn in memory), read back
// with pdftotext. They must hold every statement title, the municipality names and numbers equal to the
// projections, in Dutch and English; a municipality with k - 1 respondents is neither offered nor printed;
// only the right token opens a report.
#include <algorithm>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "server/ops/data_files.hpp"
#include "server/report/report_model.hpp"
#include "server/report/sample_report.hpp"
#include "tests/server/pdf_text.hpp"
#include "tests/server/server_process.hpp"
#include "tests/server/solo_respondent.hpp"

using namespace scsa::testing;
namespace report = scsa::server::report;
using scsa::domain::language;

namespace {

const scsa::domain::catalogue& catalogue() {
  static const auto c = scsa::server::load_catalogue(SCSA_DATA_DIR);
  return c;
}

const scsa::domain::municipality_registry& registry() {
  static const auto r = scsa::server::load_municipalities(SCSA_DATA_DIR);
  return r;
}

std::string one_decimal(double value, language lang) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string s = text;
  if (lang == language::nl)
    for (auto& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string pair_text(double now, double ambition, language lang) {
  return one_decimal(now, lang) + "→" + one_decimal(ambition, lang);
}

bool holds(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// R's sheet: varied levels, every gap between 0 and 2.
level_sheet varied_sheet() {
  level_sheet sheet{};
  for (int s = 1; s <= scsa::domain::statement_count; ++s) {
    const int now = 1 + s % 4;
    sheet[static_cast<std::size_t>(s - 1)] = {now, std::min(5, now + s % 3)};
  }
  return sheet;
}

http_result get(std::uint16_t port, const std::string& target, const std::string& token = "") {
  header_list headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return http_get(port, target, headers);
}

std::string code_of(const http_result& response) {
  return json::parse(response.body, nullptr, false).value("code", "");
}

}  // namespace

TEST_CASE(
    "the sample report holds every statement, the comparisons and the demo numbers, in Dutch and English",
    "[report]") {
  for (const language lang : {language::nl, language::en}) {
    INFO(scsa::domain::to_string(lang));
    const auto model = report::sample_report(catalogue(), registry(), lang);
    const std::string text = pdf_text(report::render_sample_report_pdf(catalogue(), registry(), lang));
    CHECK(holds(text, lang == language::nl ? "Voorbeeldrapport" : "Sample report"));
    CHECK(
        holds(text,
              lang == language::nl ? "Pagina 1 van 5" : "Page 1 of 5"));  // title, roadmap and whom to learn
                                                                          // from, levels, scales, table
    for (const auto& statement : catalogue().statements) {
      INFO(statement.id);
      CHECK(holds(text, statement.title.in(lang)));
      const auto& other = statement.title.in(lang == language::nl ? language::en : language::nl);
      if (other != statement.title.in(lang)) CHECK_FALSE(holds(text, other));
    }
    // Own municipality, two chosen ones and the nation, each with the projection's numbers.
    REQUIRE(model.comparisons.size() == 4);
    CHECK(model.comparisons[0].name == "Utrecht");
    for (const auto& c : model.comparisons) {
      INFO(c.name);
      CHECK(c.respondents >= 5);
      CHECK(holds(text, c.name));
      for (const auto& theme : c.themes) CHECK(holds(text, pair_text(*theme[0], *theme[1], lang)));
      for (const auto& s : c.statements) CHECK(holds(text, pair_text(*s[0], *s[1], lang)));
    }
    CHECK(holds(text, lang == language::nl ? "Nederland" : "The Netherlands"));
    for (const auto& s : model.statements)
      CHECK(holds(text, std::to_string(*s.current) + "→" + std::to_string(*s.desired)));
    REQUIRE_FALSE(model.roadmap.empty());
    for (const int statement : model.roadmap) {
      const auto& row = model.statements[static_cast<std::size_t>(statement - 1)];
      CHECK(holds(text, row.desired_text.substr(0, 30)));
    }
  }
}

TEST_CASE(
    "live: a solo respondent's report compares with qualifying municipalities only, numbers as projected",
    "[live][report]") {
  constexpr int k = 3;
  server_process server({"--min-respondents", std::to_string(k)});
  const auto port = server.port();

  const level_sheet mine = varied_sheet();
  const auto me = solo_respondent(port, "GM0344", mine);  // Utrecht: me and two others at 3 -> 4
  for (int i = 0; i < 2; ++i) solo_respondent(port, "GM0344", flat_sheet(3, 4));
  for (int i = 0; i < 3; ++i) solo_respondent(port, "GM0307", flat_sheet(1, 3));  // Amersfoort: k
  for (int i = 0; i < 2; ++i) solo_respondent(port, "GM0193", flat_sheet(5, 5));  // Zwolle: k - 1

  for (const language lang : {language::nl, language::en}) {
    const std::string lang_text(scsa::domain::to_string(lang));
    INFO(lang_text);
    const auto response =
        get(port,
            "/api/sessions/" + me.session_id + "/my-report.pdf?lang=" + lang_text + "&compare=GM0307,GM0193",
            me.token);
    REQUIRE(response.status == 200);
    CHECK(response.header("Content-Type") == "application/pdf");
    CHECK(response.header("Cache-Control") == "no-store");
    const std::string text = pdf_text(response.body);

    CHECK(holds(text, "Utrecht"));
    CHECK(holds(text, "Amersfoort"));
    CHECK_FALSE(holds(text, "Zwolle"));  // k - 1 respondents: not in the PDF at all
    CHECK(holds(text, lang == language::nl ? "Nederland" : "The Netherlands"));
    for (int s = 1; s <= scsa::domain::statement_count; ++s) {
      INFO(s);
      const auto& row = mine[static_cast<std::size_t>(s - 1)];
      CHECK(holds(text, catalogue().statement(s).title.in(lang)));
      CHECK(holds(text, std::to_string(row[0]) + "→" + std::to_string(row[1])));
      // Utrecht: (mine + 3 + 3) / 3 and (mine + 4 + 4) / 3; the nation adds Amersfoort's, not Zwolle's
      // two (fewer than k: the nation minus the others would show them).
      CHECK(holds(text, pair_text((row[0] + 6) / 3.0, (row[1] + 8) / 3.0, lang)));
      CHECK(holds(text, pair_text((row[0] + 6 + 3) / 6.0, (row[1] + 8 + 9) / 6.0, lang)));
    }
    CHECK(holds(text, pair_text(1, 3, lang)));  // Amersfoort, every statement and theme

    // The report page's JSON: the same comparisons and numbers.
    const auto page = get(
        port, "/api/sessions/" + me.session_id + "/my-report?lang=" + lang_text + "&compare=GM0193,GM0307",
        me.token);
    REQUIRE(page.status == 200);
    const json model = json::parse(page.body);
    REQUIRE(model["comparisons"].size() == 3);
    CHECK(model["comparisons"][0]["code"] == "GM0344");
    CHECK(model["comparisons"][0]["respondents"] == k);
    CHECK(model["comparisons"][1]["code"] == "GM0307");
    CHECK(model["comparisons"][2]["role"] == "national");
    CHECK(model["comparisons"][2]["respondents"] == 6);  // Zwolle's two left out of the nation
    CHECK(model["comparisons"][0]["statements"][0]["current"].get<double>() ==
          Approx((mine[0][0] + 6) / 3.0).epsilon(0.01));
    CHECK(model["statements"][13]["current"] == mine[13][0]);
    CHECK(model["statements"][13]["gap"] == mine[13][1] - mine[13][0]);
  }
}

TEST_CASE("live: the workshop report shows consensus, departments and rounds to its readers only",
          "[live][report]") {
  constexpr int k = 3;
  server_process server({"--min-respondents", std::to_string(k)});
  const auto port = server.port();
  const auto workshop = create_session_in(port, "GM0363", "workshop", "Smart city-sessie Amsterdam");
  std::vector<respondent_ids> people;
  people.push_back(answer_sheet_in(port, workshop, flat_sheet(2, 4), "A", "Mobiliteit"));
  people.push_back(answer_sheet_in(port, workshop, flat_sheet(2, 4), "B", "Mobiliteit"));
  people.push_back(answer_sheet_in(port, workshop, flat_sheet(5, 5), "C", "Mobiliteit"));
  people.push_back(answer_sheet_in(port, workshop, flat_sheet(1, 2), "D", "Financiën"));  // one: not shown

  const std::string path = "/api/sessions/" + workshop.session_id + "/report.pdf";
  const auto response = get(port, path, workshop.facilitator_token);
  REQUIRE(response.status == 200);
  CHECK(response.header("Content-Type") == "application/pdf");
  const std::string text = pdf_text(response.body);
  CHECK(holds(text, "Workshoprapport"));
  CHECK(holds(text, "Amsterdam"));
  CHECK(holds(text, "Smart city-sessie Amsterdam"));
  for (const auto& statement : catalogue().statements) CHECK(holds(text, statement.title.nl));
  CHECK(holds(text, "2,5"));  // the group's mean now: (2 + 2 + 5 + 1) / 4
  CHECK(holds(text, "3,8"));  // and the ambition: (4 + 4 + 5 + 2) / 4 = 3.75
  CHECK(holds(text, "Mobiliteit"));
  CHECK_FALSE(holds(text, "Financiën"));  // fewer than k participants
  CHECK(holds(pdf_text(get(port, path + "?lang=en", workshop.facilitator_token).body), "Workshop report"));

  // The participant's own report shows where they stand in the group.
  const auto own = get(port, "/api/sessions/" + workshop.session_id + "/my-report?lang=en", people[2].token);
  REQUIRE(own.status == 200);
  const json model = json::parse(own.body);
  CHECK(model["workshop"] == true);
  CHECK(model["statements"][0]["group"]["n"] == 4);
  CHECK(model["statements"][0]["group"]["below"] == 3);
  CHECK(model["comparisons"].size() ==
        2);  // Amsterdam (4 respondents) and the nation; nothing else qualifies

  // Who may read what.
  CHECK(get(port, path).status == 401);
  CHECK(code_of(get(port, path)) == "unauthorized");
  CHECK(get(port, path, people[0].token).status == 403);  // a participant's token opens no workshop report
  CHECK(get(port, path, std::string(64, 'a')).status == 403);
  CHECK(get(port, "/api/sessions/s-unknown/report.pdf", workshop.facilitator_token).status == 403);
  const std::string mine = "/api/sessions/" + workshop.session_id + "/my-report.pdf";
  CHECK(get(port, mine).status == 401);
  CHECK(get(port, mine, workshop.facilitator_token).status == 403);
  CHECK(get(port, "/api/sessions/s-unknown/my-report.pdf", people[0].token).status == 403);
  CHECK(code_of(get(port, mine + "?lang=fr", people[0].token)) == "invalid_language");
  CHECK(code_of(get(port, mine + "?compare=GM9999", people[0].token)) == "unknown_municipality");
  CHECK(code_of(get(port, mine + "?compare=GM0344,GM0307,GM0193", people[0].token)) ==
        "too_many_comparisons");
  CHECK(http_post(port, mine, "{}").status == 405);

  // No text is drawn over other text, in either language ("Kloof" and "Groep lager" once ran together).
  for (const std::string lang : {"nl", "en"}) {
    INFO(lang);
    for (const auto& report : {get(port, mine + "?lang=" + lang, people[0].token),
                               get(port, path + "?lang=" + lang, workshop.facilitator_token)}) {
      REQUIRE(report.status == 200);
      const auto words = pdf_words(report.body);
      CHECK(words.size() > 100);
      CHECK(overlapping_words(words) == std::vector<std::string>{});
    }
    // Run together, the two headers were one word to a reader (and to pdftotext): "KloofGroep".
    const auto words = pdf_words(get(port, mine + "?lang=" + lang, people[0].token).body);
    const auto has_word = [&](const std::string& wanted) {
      return std::any_of(words.begin(), words.end(), [&](const pdf_word& w) { return w.text == wanted; });
    };
    CHECK(has_word(lang == "nl" ? "Kloof" : "Gap"));
    CHECK(has_word(lang == "nl" ? "Groep" : "Group"));
  }

  const auto sample = get(port, "/api/sample-report.pdf?lang=en");
  REQUIRE(sample.status == 200);
  // Marked as a sample, so that nobody takes it for a real personal report.
  const std::string sample_text = pdf_text(sample.body);
  CHECK(holds(sample_text, "Sample report"));
  CHECK(holds(sample_text, "made-up answers"));
  CHECK_FALSE(holds(sample_text, "Personal report"));
  CHECK(holds(pdf_text(get(port, "/api/sample-report.pdf?lang=nl").body), "Voorbeeldrapport"));
  CHECK(code_of(get(port, "/api/sample-report.pdf?lang=de")) == "invalid_language");
}

TEST_CASE("live: the report names whom to learn from: municipalities already at the ambition, with k",
          "[live][report]") {
  constexpr int k = 3;
  server_process server({"--min-respondents", std::to_string(k)});
  const auto port = server.port();
  const auto me = solo_respondent(port, "GM0344", flat_sheet(1, 4));                  // Utrecht: 1 -> 4
  for (int i = 0; i < k; ++i) solo_respondent(port, "GM0307", flat_sheet(4, 5));      // Amersfoort: at 4
  for (int i = 0; i < k - 1; ++i) solo_respondent(port, "GM0193", flat_sheet(5, 5));  // Zwolle: k - 1
  for (int i = 0; i < k; ++i) solo_respondent(port, "GM0268", flat_sheet(3, 5));      // Nijmegen: at 3

  const auto pdf = get(port, "/api/sessions/" + me.session_id + "/my-report.pdf?lang=nl", me.token);
  REQUIRE(pdf.status == 200);
  const std::string text = pdf_text(pdf.body);
  CHECK(holds(text, "Van wie kunt u leren"));
  CHECK(holds(text, "Amersfoort 4,0 (3)"));
  CHECK_FALSE(holds(text, "Zwolle"));    // below k: never named
  CHECK_FALSE(holds(text, "Nijmegen"));  // not yet at the ambition
  CHECK(overlapping_words(pdf_words(pdf.body)).empty());

  const auto model =
      json::parse(get(port, "/api/sessions/" + me.session_id + "/my-report?lang=en", me.token).body);
  REQUIRE(model["learn_from"].size() == 5);  // the five largest gaps (all 3 here: statement order)
  CHECK(model["learn_from"][0]["statement"] == 1);
  CHECK(model["learn_from"][0]["now"] == 1);
  CHECK(model["learn_from"][0]["ambition"] == 4);
  REQUIRE(model["learn_from"][0]["peers"].size() == 1);
  CHECK(model["learn_from"][0]["peers"][0]["name"] == "Amersfoort");
  CHECK(model["learn_from"][0]["peers"][0]["respondents"] == k);
}
