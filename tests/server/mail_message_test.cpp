// Rendering confirmation mails: the headers, encoded words instead of raw user text, base64 bodies, the
// attachment, and what each mail says in Dutch and English.
#include <catch2/catch.hpp>

#include "server/forms/confirmation_mail.hpp"
#include "server/forms/mail_message.hpp"

using namespace scsa::server;

namespace {

std::string header_block(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

stored_submission request(form_kind kind, scsa::domain::language language,
                          std::string name = "Anne de Vries") {
  stored_submission s;
  s.id = "f-0123456789abcdef";
  s.created_ms = 1'795'800'000'000;
  s.form.kind = kind;
  s.form.language = language;
  s.form.name = std::move(name);
  s.form.email = "anne@gemeente.nl";
  s.form.message = "Graag in maart.\nDank!";
  return s;
}

}  // namespace

TEST_CASE("mail: the date header is RFC 5322 in UTC", "[mail]") {
  CHECK(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(1'795'800'005'123) == "Fri, 27 Nov 2026 17:20:05 +0000");
}

TEST_CASE("mail: base64", "[mail]") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
}

TEST_CASE("mail: headers carry user text only as encoded words", "[mail]") {
  mail_message mail;
  mail.from = "noreply@scsa.example.org";
  mail.from_name = "Smart City Self Assessment";
  mail.to = "anne@gemeente.nl";
  mail.to_name = "Anne <evil>\r\nBcc: victim@example.org";
  mail.subject = "Uw aanvraag is ontvangen: één";
  mail.text = "Beste Anne,\n\n.\nregel";
  mail.message_id = "f-1@scsa.example.org";
  mail.date_ms = 0;
  const auto rendered = render_mail(mail);
  const auto headers = header_block(rendered);
  CHECK(headers.find("From: Smart City Self Assessment <noreply@scsa.example.org>\r\n") != std::string::npos);
  CHECK(headers.find("To: =?UTF-8?B?" + base64(mail.to_name) + "?= <anne@gemeente.nl>\r\n") !=
        std::string::npos);
  CHECK(headers.find("Subject: =?UTF-8?B?" + base64(mail.subject) + "?=\r\n") != std::string::npos);
  CHECK(headers.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") != std::string::npos);
  CHECK(headers.find("Message-ID: <f-1@scsa.example.org>\r\n") != std::string::npos);
  CHECK(headers.find("MIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(headers.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
  CHECK(rendered.find("Bcc:") == std::string::npos);
  CHECK(rendered.find("\r\n.\r\n") == std::string::npos);  // the body is base64: no line is a lone dot
  CHECK(rendered.find(base64("Beste Anne,\r\n\r\n.\r\nregel")) != std::string::npos);  // CRLF line ends
  for (std::size_t at = 0; at < rendered.size();) {  // every line ends CRLF and fits in 998 octets
    const auto end = rendered.find("\r\n", at);
    REQUIRE(end != std::string::npos);
    CHECK(end - at <= 998);
    CHECK(rendered.substr(at, end - at).find('\n') == std::string::npos);
    at = end + 2;
  }
}

TEST_CASE("mail: an attachment makes a multipart/mixed message", "[mail]") {
  mail_message mail;
  mail.from = "noreply@scsa.example.org";
  mail.to = "anne@gemeente.nl";
  mail.subject = "Rapport";
  mail.text = "Bijlage.";
  mail.message_id = "f-2@scsa.example.org";
  mail.attachment =
      mail_attachment{"voorbeeldrapport.pdf", "application/pdf", std::string("%PDF-1.7\n\0\xff", 11)};
  const auto rendered = render_mail(mail);
  CHECK(rendered.find("Content-Type: multipart/mixed; boundary=\"=_scsa_f-2\"\r\n") != std::string::npos);
  CHECK(rendered.find("\r\n--=_scsa_f-2\r\nContent-Type: text/plain; charset=UTF-8\r\n") !=
        std::string::npos);
  CHECK(rendered.find("Content-Disposition: attachment; filename=\"voorbeeldrapport.pdf\"\r\n") !=
        std::string::npos);
  CHECK(rendered.find(base64(mail.attachment->data)) != std::string::npos);
  CHECK(rendered.ends_with("--=_scsa_f-2--\r\n"));
}

TEST_CASE("mail: a request's confirmation says what happens next, in the sender's language", "[mail]") {
  mail_settings settings{"noreply@scsa.example.org", "Smart City Self Assessment", "", ""};
  const auto nl =
      confirmation_mail(request(form_kind::workshop, scsa::domain::language::nl), settings, 5, {});
  CHECK(nl.to == "anne@gemeente.nl");
  CHECK(nl.to_name.empty());
  CHECK(nl.subject == "Uw aanvraag is ontvangen");
  CHECK(nl.message_id == "f-0123456789abcdef@scsa.example.org");  // stable: the same on every retry
  CHECK(nl.date_ms == 5);
  CHECK(nl.text.starts_with("Goedendag,\n"));
  CHECK(nl.text.find("een workshop") != std::string::npos);
  CHECK(nl.text.find("Wat gebeurt er nu?\nBinnen vijf werkdagen") != std::string::npos);
  // Nothing the sender typed: the address is not confirmed, so the mail must not carry their text to it.
  CHECK(nl.text.find("Anne") == std::string::npos);
  CHECK(nl.text.find("Graag in maart") == std::string::npos);
  CHECK(render_mail(nl).find("Anne") == std::string::npos);
  CHECK_FALSE(nl.attachment);

  const auto en = confirmation_mail(request(form_kind::support, scsa::domain::language::en), settings, 5, {});
  CHECK(en.subject == "We have received your request");
  CHECK(en.text.find("request for support") != std::string::npos);
  CHECK(en.text.find("What happens next?\nWithin five working days") != std::string::npos);
}

TEST_CASE("mail: the sample report is attached when there is a PDF, else linked", "[mail]") {
  mail_settings settings{"noreply@scsa.example.org", "Smart City Self Assessment", "https://scsa.example.org",
                         ""};
  const auto s = request(form_kind::sample_report, scsa::domain::language::nl);
  const auto attached = confirmation_mail(s, settings, 5, std::string("%PDF-1.7"));
  REQUIRE(attached.attachment);
  CHECK(attached.attachment->filename == "voorbeeldrapport.pdf");
  CHECK(attached.attachment->data == "%PDF-1.7");
  CHECK(attached.text.find("bijlage") != std::string::npos);

  const auto linked = confirmation_mail(s, settings, 5, std::nullopt);
  CHECK_FALSE(linked.attachment);
  CHECK(linked.text.find("https://scsa.example.org/api/sample-report.pdf?lang=nl") != std::string::npos);
}

TEST_CASE("mail: 'reply to this mail' only with a Reply-To that reaches a person", "[mail]") {
  mail_settings settings{"noreply@scsa.example.org", "Smart City Self Assessment", "", ""};
  const auto s = request(form_kind::sample_report, scsa::domain::language::nl);
  const auto no_reply = confirmation_mail(s, settings, 5, std::nullopt);
  CHECK(no_reply.text.find("Beantwoord") == std::string::npos);
  CHECK(render_mail(no_reply).find("Reply-To:") == std::string::npos);

  settings.reply_to = "info@scsa.example.org";
  const auto replied = confirmation_mail(s, settings, 5, std::nullopt);
  CHECK(replied.text.find("Beantwoord dan\ndeze e-mail") != std::string::npos);
  CHECK(render_mail(replied).find("Reply-To: <info@scsa.example.org>\r\n") != std::string::npos);
  const auto en = confirmation_mail(request(form_kind::sample_report, scsa::domain::language::en), settings,
                                    5, std::nullopt);
  CHECK(en.text.find("Reply\nto this e-mail") != std::string::npos);
}
