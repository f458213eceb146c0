// The words of the confirmation mails. Plain text: every mail client shows it, and it cannot hide a link.
// Nothing the sender typed goes into the mail (no name, no message): the address is unconfirmed, so any
// text repeated here could be sent to a stranger under the site's name.
#include "server/forms/confirmation_mail.hpp"

namespace scsa::server {

namespace {

bool dutch(const stored_submission& s) {
  return s.form.language == domain::language::nl;
}

std::string what_was_asked(const stored_submission& s) {
  const bool nl = dutch(s);
  switch (s.form.kind) {
    case form_kind::workshop:
      return nl ? "een workshop" : "a workshop";
    case form_kind::support:
      return nl ? "ondersteuning" : "support";
    case form_kind::information:
    case form_kind::sample_report:
      break;
  }
  return nl ? "meer informatie" : "more information";
}

std::string next_step(const stored_submission& s) {
  const bool nl = dutch(s);
  if (s.form.kind == form_kind::workshop)
    return nl ? "Binnen vijf werkdagen nemen wij contact met u op om samen een datum, de deelnemers en de\n"
                "opzet van de workshop af te spreken."
              : "Within five working days we will contact you to agree on a date, the participants and the\n"
                "set-up of the workshop.";
  return nl ? "Binnen vijf werkdagen nemen wij contact met u op met een antwoord of een voorstel voor een\n"
              "gesprek."
            : "Within five working days we will contact you with an answer or a proposal for a conversation.";
}

std::string footer(const stored_submission& s) {
  return dutch(s)
             ? "Met vriendelijke groet,\nSmart City Self Assessment\n\n"
               "U ontvangt deze e-mail omdat dit adres op ons formulier is ingevuld. Was u dat niet? Dan\n"
               "kunt u deze e-mail negeren; wij bewaren uw gegevens alleen om uw aanvraag af te handelen.\n"
             : "Kind regards,\nSmart City Self Assessment\n\n"
               "You receive this e-mail because this address was entered on our form. If that was not\n"
               "you, please ignore it; we keep your details only to handle the request.\n";
}

}  // namespace

mail_message confirmation_mail(const stored_submission& submission, const mail_settings& settings,
                               std::int64_t now_ms, const std::optional<std::string>& sample_report_pdf) {
  const bool nl = dutch(submission);
  mail_message mail;
  mail.from = settings.from;
  mail.from_name = settings.from_name;
  mail.reply_to = settings.reply_to;
  mail.to = submission.form.email;
  mail.date_ms = now_ms;
  const auto at = settings.from.rfind('@');
  mail.message_id =
      submission.id + "@" + (at == std::string::npos ? "scsa.invalid" : settings.from.substr(at + 1));
  std::string text = nl ? "Goedendag,\n\n" : "Hello,\n\n";

  if (submission.form.kind == form_kind::sample_report) {
    mail.subject = nl ? "Het voorbeeldrapport van de Smart City Self Assessment"
                      : "The sample report of the Smart City Self Assessment";
    text += nl ? "Dank u voor uw belangstelling voor de Smart City Self Assessment. "
               : "Thank you for your interest in the Smart City Self Assessment. ";
    if (sample_report_pdf) {
      text += nl ? "In de bijlage vindt u het\nvoorbeeldrapport.\n\n" : "The sample report is attached.\n\n";
      mail.attachment = mail_attachment{nl ? "voorbeeldrapport.pdf" : "sample-report.pdf", "application/pdf",
                                        *sample_report_pdf};
    } else if (!settings.public_url.empty()) {
      text += (nl ? "U kunt het voorbeeldrapport\nhier downloaden:\n\n  "
                  : "You can download the sample report here:\n\n  ") +
              settings.public_url + "/api/sample-report.pdf?lang=" + (nl ? "nl" : "en") + "\n\n";
    } else {
      text += nl ? "Het voorbeeldrapport is in uw\nbrowser gedownload.\n\n"
                 : "The sample report was downloaded in your browser.\n\n";
    }
    // "Reply to this mail" only where a reply reaches someone: the sender may be a no-reply address.
    if (!settings.reply_to.empty())
      text +=
          nl ? "Wilt u de assessment met uw eigen gemeente doen, of een workshop aanvragen? Beantwoord dan\n"
               "deze e-mail of gebruik het aanvraagformulier op onze website.\n\n"
             : "Would you like to take the assessment with your own municipality, or request a workshop? "
               "Reply\n"
               "to this e-mail or use the request form on our website.\n\n";
    else
      text += nl ? "Wilt u de assessment met uw eigen gemeente doen, of een workshop aanvragen? Gebruik dan\n"
                   "het aanvraagformulier op onze website.\n\n"
                 : "Would you like to take the assessment with your own municipality, or request a workshop? "
                   "Use\n"
                   "the request form on our website.\n\n";
  } else {
    mail.subject = nl ? "Uw aanvraag is ontvangen" : "We have received your request";
    text += (nl ? "Dank u voor uw aanvraag voor " : "Thank you for your request for ") +
            what_was_asked(submission) +
            (nl ? ". Wij hebben uw aanvraag ontvangen.\n\n" : ". We have received it.\n\n");
    text += (nl ? "Wat gebeurt er nu?\n" : "What happens next?\n") + next_step(submission) + "\n\n";
  }
  mail.text = text + footer(submission);
  return mail;
}

}  // namespace scsa::server
