// Rendering of mail_message: MIME 1.0, UTF-8, base64 everywhere user text appears.
#include "server/forms/mail_message.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <vector>

namespace scsa::server {

namespace {

bool plain_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) return false;
  }
  return true;
}

// An RFC 2047 encoded-word for header text; ASCII letters, digits and spaces stay as they are.
std::string header_text(std::string_view text) {
  bool simple = plain_ascii(text);
  for (const char c : text)
    if (std::string_view("\"\\<>(),;:@[]=?").find(c) != std::string_view::npos) simple = false;
  if (simple) return std::string(text);
  return "=?UTF-8?B?" + base64(text) + "?=";
}

// Built by appending: GCC 12 at -O3 reports a false -Wrestrict for `"<" + std::string(address)`.
std::string mailbox(std::string_view name, std::string_view address) {
  std::string box;
  if (!name.empty()) {
    box = header_text(name);
    box += ' ';
  }
  box += '<';
  box += address;
  box += '>';
  return box;
}

// Base64 in lines of 76 characters, each ending CRLF.
std::string base64_lines(std::string_view bytes) {
  const std::string encoded = base64(bytes);
  std::string lines;
  lines.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (std::size_t at = 0; at < encoded.size(); at += 76) lines += encoded.substr(at, 76) + "\r\n";
  return lines;
}

// The body with CRLF line ends (a lone "\r" or "\n" becomes CRLF too).
std::string crlf_text(std::string_view text) {
  std::string result;
  result.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      result += "\r\n";
    } else if (text[i] == '\n') {
      result += "\r\n";
    } else {
      result += text[i];
    }
  }
  return result;
}

}  // namespace

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string rfc5322_date(std::int64_t ms_since_epoch) {
  static constexpr std::array<const char*, 7> days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 96> text{};
  std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                days.at(static_cast<std::size_t>(utc.tm_wday)), utc.tm_mday,
                months.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text.data();
}

std::string render_mail(const mail_message& mail) {
  std::string out;
  out += "From: " + mailbox(mail.from_name, mail.from) + "\r\n";
  out += "To: " + mailbox(mail.to_name, mail.to) + "\r\n";
  if (!mail.reply_to.empty()) out += "Reply-To: " + mailbox("", mail.reply_to) + "\r\n";
  out += "Subject: " + header_text(mail.subject) + "\r\n";
  out += "Date: " + rfc5322_date(mail.date_ms) + "\r\n";
  out += "Message-ID: <" + mail.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to a confirmation
  const std::string text_part =
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
      base64_lines(crlf_text(mail.text));
  if (!mail.attachment) return out + text_part;

  const std::string boundary = "=_scsa_" + mail.message_id.substr(0, mail.message_id.find('@'));
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a MIME message.\r\n";
  out += "--" + boundary + "\r\n" + text_part;
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: " + mail.attachment->content_type + "; name=\"" + mail.attachment->filename + "\"\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-Disposition: attachment; filename=\"" + mail.attachment->filename + "\"\r\n\r\n";
  out += base64_lines(mail.attachment->data);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace scsa::server
