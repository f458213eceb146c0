// The public forms' validation: required fields, e-mail syntax, lengths, CR/LF, the honeypot, languages.
#include <catch2/catch.hpp>

#include "server/forms/form_submission.hpp"

using scsa::server::form_kind;
using scsa::server::parse_request_form;
using scsa::server::parse_sample_report_form;
using scsa::server::valid_email;

TEST_CASE("forms: a complete request is accepted with its fields trimmed", "[forms]") {
  const auto parsed = parse_request_form(
      R"({"name":" Anne de Vries ","email":"anne@gemeente.nl","organisation":"Gemeente Ede",)"
      R"("message":"Graag een workshop.\nIn maart?","kind":"workshop","language":"en"})");
  REQUIRE(parsed.submission);
  CHECK(parsed.error_code.empty());
  CHECK(parsed.submission->name == "Anne de Vries");
  CHECK(parsed.submission->email == "anne@gemeente.nl");
  CHECK(parsed.submission->organisation == "Gemeente Ede");
  CHECK(parsed.submission->message == "Graag een workshop.\nIn maart?");  // line breaks only go into bodies
  CHECK(parsed.submission->kind == form_kind::workshop);
  CHECK(parsed.submission->language == scsa::domain::language::en);
}

TEST_CASE("forms: kind and language have defaults", "[forms]") {
  const auto parsed = parse_request_form(R"({"name":"Anne","email":"anne@gemeente.nl"})");
  REQUIRE(parsed.submission);
  CHECK(parsed.submission->kind == form_kind::information);
  CHECK(parsed.submission->language == scsa::domain::language::nl);
}

TEST_CASE("forms: missing and malformed fields give per-field errors in the sender's language", "[forms]") {
  auto dutch = parse_request_form(R"({"email":"not-an-address","kind":"party"})");
  CHECK_FALSE(dutch.submission);
  CHECK(dutch.error_code == "invalid_fields");
  CHECK(dutch.field_errors.at("name") == "Vul dit veld in.");
  CHECK(dutch.field_errors.at("email").find("geldig e-mailadres") != std::string::npos);
  CHECK(dutch.field_errors.at("kind").find("workshop") != std::string::npos);

  auto english = parse_request_form(R"({"name":"","email":"","language":"en"})");
  CHECK(english.field_errors.at("name") == "Please fill in this field.");
  CHECK(english.field_errors.at("email") == "Please fill in this field.");
  CHECK(english.language == scsa::domain::language::en);

  auto wrong_types = parse_request_form(R"({"name":42,"email":["a@b.nl"],"language":"de"})");
  CHECK(wrong_types.field_errors.contains("name"));
  CHECK(wrong_types.field_errors.contains("email"));
  CHECK(wrong_types.field_errors.contains("language"));
}

TEST_CASE("forms: CR or LF in a field that can reach a header is refused", "[forms]") {
  for (const char* name :
       {R"("Anne\r\nBcc: victim@example.org")", R"("Anne\nX")", R"("Anne\rX")", R"("A\u0000")"}) {
    auto parsed = parse_request_form(std::string(R"({"email":"anne@gemeente.nl","name":)") + name + "}");
    INFO(name);
    CHECK_FALSE(parsed.submission);
    CHECK(parsed.field_errors.contains("name"));
  }
  auto email = parse_sample_report_form(R"({"name":"Anne","email":"anne@gemeente.nl\r\nBcc: x@y.nl"})");
  CHECK(email.field_errors.contains("email"));
  auto organisation = parse_request_form(R"({"name":"A","email":"a@b.nl","organisation":"X\nY"})");
  CHECK(organisation.field_errors.contains("organisation"));
}

TEST_CASE("forms: lengths are counted in characters", "[forms]") {
  const std::string two_hundred_e_acute = [] {
    std::string s;
    for (int i = 0; i < 200; ++i) s += "\xC3\xA9";
    return s;
  }();
  auto fits = parse_request_form(R"({"email":"a@b.nl","name":")" + two_hundred_e_acute + R"("})");
  CHECK(fits.submission);
  auto too_long = parse_request_form(R"({"email":"a@b.nl","name":")" + two_hundred_e_acute + R"(e"})");
  CHECK(too_long.field_errors.at("name") == "Dit veld is te lang (hoogstens 200 tekens).");
  auto long_message =
      parse_request_form(R"({"email":"a@b.nl","name":"A","message":")" + std::string(5001, 'x') + R"("})");
  CHECK(long_message.field_errors.contains("message"));
}

TEST_CASE("forms: the honeypot looks like success and keeps nothing", "[forms]") {
  auto robot = parse_request_form(R"({"name":"Bot","email":"bot@spam.example","website":"http://spam"})");
  CHECK(robot.honeypot);
  CHECK(robot.error_code.empty());
  CHECK_FALSE(robot.submission);
  auto person = parse_request_form(R"({"name":"Anne","email":"anne@gemeente.nl","website":""})");
  CHECK_FALSE(person.honeypot);
  CHECK(person.submission);
}

TEST_CASE("forms: a body that is not a JSON object is bad_json", "[forms]") {
  CHECK(parse_request_form("").error_code == "bad_json");
  CHECK(parse_request_form("[1]").error_code == "bad_json");
  CHECK(parse_sample_report_form("{\"name\":").error_code == "bad_json");
}

TEST_CASE("forms: the sample-report form needs a name and an e-mail address", "[forms]") {
  auto ok = parse_sample_report_form(R"({"name":"Anne","email":"Anne.de-Vries+scsa@ede.gemeente.nl"})");
  REQUIRE(ok.submission);
  CHECK(ok.submission->kind == form_kind::sample_report);
  auto missing = parse_sample_report_form(R"({"language":"en"})");
  CHECK(missing.field_errors.size() == 2);
}

TEST_CASE("forms: e-mail syntax", "[forms]") {
  for (const char* good :
       {"a@b.nl", "anne.de.vries@gemeente-ede.nl", "x+tag@sub.example.org", "o'neil@ie.ie"})
    CHECK(valid_email(good));
  for (const char* bad :
       {"",          "a",       "a@",      "@b.nl",      "a@b",           "a@b.",      "a@.nl",
        "a..b@c.nl", ".a@c.nl", "a.@c.nl", "a b@c.nl",   "a@b c.nl",      "a@-b.nl",   "a@b-.nl",
        "a@b.n",     "a@b.123", "a@@b.nl", "\"a\"@b.nl", "a@[127.0.0.1]", "a<b>@c.nl", "a@b.nl\r\n"})
    CHECK_FALSE(valid_email(bad));
  CHECK_FALSE(valid_email(std::string(65, 'a') + "@b.nl"));
  CHECK_FALSE(valid_email("a@" + std::string(250, 'b') + ".nl"));
}
