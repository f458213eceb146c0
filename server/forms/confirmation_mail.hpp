// What the confirmation mail of a form submission says, in the sender's language: a request's mail says
// what happens next; the sample report's mail carries the report (attached when there is a PDF, else a
// link). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "server/forms/form_submission.hpp"
#include "server/forms/mail_message.hpp"

namespace scsa::server {

struct mail_settings {
  std::string from = "scsa@localhost";  // --mail-from: the sender's address
  std::string from_name = "Smart City Self Assessment";
  std::string public_url;  // --public-url: the site's address for links in mails ("" = no links)
  std::string reply_to;    // --mail-reply-to: where replies reach a person ("" = the mail asks for none)
};

// The mail for one stored submission. `sample_report_pdf` is attached to a sample report's mail.
mail_message confirmation_mail(const stored_submission& submission, const mail_settings& settings,
                               std::int64_t now_ms, const std::optional<std::string>& sample_report_pdf);

}  // namespace scsa::server
