// The form_submissions and mail_outbox tables, and the outbox worker's delivery pass driven by a fake
// transport and a test clock: one mail per submission, retries with backoff, purge and erasure.
#include <filesystem>
#include <random>

#include <catch2/catch.hpp>

#include "server/forms/form_store.hpp"
#include "server/forms/mail_outbox.hpp"
#include "server/live/personal_store.hpp"

using namespace scsa::server;

namespace {

struct temp_db {
  std::filesystem::path dir;
  temp_db() {
    std::random_device entropy;
    dir = std::filesystem::temp_directory_path() / ("scsa-forms-" + std::to_string(entropy()));
    std::filesystem::create_directories(dir);
  }
  ~temp_db() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::string path() const { return (dir / "t.db").string(); }
};

stored_submission submission(std::string id, std::string email, std::int64_t created_ms,
                             form_kind kind = form_kind::information) {
  stored_submission s;
  s.id = std::move(id);
  s.created_ms = created_ms;
  s.form.kind = kind;
  s.form.name = "Anne";
  s.form.email = std::move(email);
  s.form.organisation = "Gemeente Ede";
  s.form.message = "Hallo";
  return s;
}

// Records every mail; fails while `down` is set.
struct fake_transport final : mail_transport {
  bool down = false;
  std::vector<std::string> sent;  // rendered messages
  std::vector<std::string> to;
  std::optional<std::string> send(const std::string&, const std::string& recipient,
                                  const std::string& message) override {
    if (down) return "connection refused";
    sent.push_back(message);
    to.push_back(recipient);
    return std::nullopt;
  }
};

const mail_settings settings{"noreply@scsa.example.org", "SCSA", "", ""};

}  // namespace

TEST_CASE("form store: a submission and its queued mail are stored together and survive a reopen",
          "[forms]") {
  temp_db db;
  {
    form_store store(db.path());
    store.add(submission("f-1", "anne@gemeente.nl", 1000, form_kind::workshop));
    CHECK(store.mail_sent("f-1") == false);
    CHECK(store.unsent_count() == 1);
    CHECK(store.next_attempt_ms() == 1000);
  }
  form_store reopened(db.path());
  const auto all = reopened.desk_list();
  REQUIRE(all.size() == 1);
  CHECK(all[0].submission.id == "f-1");
  CHECK(all[0].submission.form.kind == form_kind::workshop);
  CHECK(all[0].submission.form.organisation == "Gemeente Ede");
  CHECK_FALSE(all[0].submission.handled_ms);
  CHECK(reopened.due_mails(999, 10).empty());
  CHECK(reopened.due_mails(1000, 10).size() == 1);
  CHECK_THROWS(reopened.add(submission("f-1", "other@gemeente.nl", 2000)));  // one row, one mail per id
  CHECK(reopened.unsent_count() == 1);
}

TEST_CASE("form store: handled and reopened, by whom, in the history; newest first", "[forms][desk]") {
  form_store store(":memory:");
  store.add(submission("f-old", "a@b.nl", 1000));
  store.add(submission("f-new", "c@d.nl", 2000));
  CHECK(store.desk_list().front().submission.id == "f-new");
  CHECK(store.set_handled("f-old", true, 5000, "anna") == true);
  CHECK(store.set_handled("f-old", true, 6000, "bert") == false);  // the first time counts
  CHECK_FALSE(store.set_handled("f-none", true, 5000, "anna").has_value());
  CHECK(store.desk_list().back().submission.handled_ms == 5000);
  auto old = store.desk_find("f-old");
  REQUIRE(old);
  CHECK(old->handled_by == "anna");

  CHECK(store.set_handled("f-old", false, 7000, "bert") == true);
  CHECK(store.set_handled("f-old", false, 7500, "bert") == false);  // already open: nothing recorded
  CHECK_FALSE(store.desk_find("f-old")->submission.handled_ms);
  CHECK(store.set_handled("f-old", true, 8000, "carla") == true);
  CHECK(store.desk_find("f-old")->handled_by == "carla");  // the latest one

  const auto history = store.history("f-old");
  REQUIRE(history.size() == 3);
  CHECK((history[0].action == "handled" && history[0].by == "anna" && history[0].at_ms == 5000));
  CHECK((history[1].action == "reopened" && history[1].by == "bert"));
  CHECK((history[2].action == "handled" && history[2].by == "carla"));
  CHECK(store.history("f-new").empty());
}

TEST_CASE("form store: notes, a resend and an erasure at the desk", "[forms][desk]") {
  temp_db db;
  form_store store(db.path());
  store.add(submission("f-1", "anne@gemeente.nl", 1000));
  store.add(submission("f-2", "bert@gemeente.nl", 1000));
  REQUIRE(store.add_note("f-1", "Belde terug, wil in maart", 2000, "anna"));
  CHECK_FALSE(store.add_note("f-none", "x", 2000, "anna"));
  CHECK(store.desk_find("f-1")->notes == 1);
  CHECK(store.desk_find("f-2")->notes == 0);

  // A sent mail queued again: due at once, state queued; a failed one stays "retrying" until it goes.
  store.mark_sent("f-1", 3000);
  CHECK(store.desk_find("f-1")->mail->state == mail_state::sent);
  store.mark_failed("f-2", 1, 999'999, "451 try later");
  auto failed = store.desk_find("f-2");
  CHECK(failed->mail->state == mail_state::retrying);
  CHECK(failed->mail->last_error == "451 try later");
  CHECK(store.due_mails(4000, 10).empty());
  CHECK(store.resend("f-1", 4000, "anna"));
  CHECK(store.resend("f-2", 4000, "anna"));
  CHECK_FALSE(store.resend("f-none", 4000, "anna"));
  CHECK(store.due_mails(4000, 10).size() == 2);
  CHECK(store.desk_find("f-1")->mail->state == mail_state::queued);
  CHECK(store.desk_find("f-2")->mail->state == mail_state::retrying);  // its failures still count
  CHECK(store.history("f-1").back().action == "mail_resent");

  // Erasing takes the request, its mail, notes and history; the audit keeps nothing personal.
  CHECK(store.erase("f-1", 5000, "anna"));
  CHECK_FALSE(store.erase("f-1", 5000, "anna"));
  CHECK_FALSE(store.desk_find("f-1"));
  CHECK(store.history("f-1").empty());
  CHECK_FALSE(store.mail_sent("f-1"));
  CHECK(store.desk_list().size() == 1);

  // Forgetting an address and the retention purge take the history too.
  REQUIRE(store.add_note("f-2", "Bert belt terug", 6000, "anna"));
  CHECK(store.forget_email("bert@gemeente.nl") == 1);
  CHECK(store.history("f-2").empty());
}

TEST_CASE("outbox: each due mail is sent once and marked sent", "[forms][mail]") {
  form_store store(":memory:");
  fake_transport transport;
  mail_outbox outbox(store, &transport, settings);
  store.add(submission("f-1", "anne@gemeente.nl", 1000));
  store.add(submission("f-2", "bert@gemeente.nl", 1000));
  CHECK(outbox.deliver_due(1000) == 2);
  CHECK(outbox.deliver_due(1000) == 0);
  CHECK(outbox.deliver_due(10'000'000) == 0);
  REQUIRE(transport.sent.size() == 2);
  CHECK(transport.to == std::vector<std::string>{"anne@gemeente.nl", "bert@gemeente.nl"});
  CHECK(transport.sent[0].find("Message-ID: <f-1@scsa.example.org>") != std::string::npos);
  CHECK(store.mail_sent("f-1") == true);
  CHECK(store.unsent_count() == 0);
}

TEST_CASE("outbox: a relay that is down gets exponential backoff, then the mail goes once", "[forms][mail]") {
  form_store store(":memory:");
  fake_transport transport;
  mail_outbox_options options;
  options.first_retry = std::chrono::milliseconds(1000);
  options.max_retry = std::chrono::milliseconds(5000);
  mail_outbox outbox(store, &transport, settings, options);
  CHECK(outbox.retry_delay_ms(1) == 1000);
  CHECK(outbox.retry_delay_ms(2) == 2000);
  CHECK(outbox.retry_delay_ms(3) == 4000);
  CHECK(outbox.retry_delay_ms(4) == 5000);
  CHECK(outbox.retry_delay_ms(40) == 5000);

  store.add(submission("f-1", "anne@gemeente.nl", 0));
  transport.down = true;
  CHECK(outbox.deliver_due(0) == 0);
  CHECK(store.next_attempt_ms() == 1000);
  CHECK(outbox.deliver_due(999) == 0);  // not due yet: no attempt
  CHECK(outbox.deliver_due(1000) == 0);
  CHECK(store.next_attempt_ms() == 3000);  // 1000 + 2000
  transport.down = false;
  CHECK(outbox.deliver_due(2999) == 0);
  CHECK(outbox.deliver_due(3000) == 1);
  CHECK(outbox.deliver_due(100'000) == 0);
  CHECK(transport.sent.size() == 1);
}

TEST_CASE("outbox: without a relay nothing is sent and the mail stays queued", "[forms][mail]") {
  form_store store(":memory:");
  mail_outbox outbox(store, nullptr, settings);
  store.add(submission("f-1", "anne@gemeente.nl", 0));
  CHECK(outbox.deliver_due(1'000'000) == 0);
  CHECK(store.mail_sent("f-1") == false);
}

TEST_CASE("outbox: the sample report's PDF is attached when the source has one", "[forms][mail]") {
  form_store store(":memory:");
  fake_transport transport;
  mail_outbox outbox(store, &transport, settings, {},
                     [](scsa::domain::language) { return std::optional<std::string>("%PDF-1.7 test"); });
  store.add(submission("f-1", "anne@gemeente.nl", 0, form_kind::sample_report));
  REQUIRE(outbox.deliver_due(0) == 1);
  CHECK(transport.sent[0].find("multipart/mixed") != std::string::npos);
  CHECK(transport.sent[0].find(base64("%PDF-1.7 test")) != std::string::npos);
}

TEST_CASE("form store: the retention purge and forgetting an address erase forms and mails", "[forms]") {
  temp_db db;
  form_store store(db.path());
  store.add(submission("f-old", "anne@gemeente.nl", 1000));
  store.add(submission("f-new", "Anne@Gemeente.nl", 5000));
  store.add(submission("f-other", "bert@gemeente.nl", 5000));
  CHECK(store.purge_before(2000) == 1);
  CHECK(store.desk_list().size() == 2);
  CHECK_FALSE(store.mail_sent("f-old"));  // its outbox row went with it
  CHECK(store.forget_email("ANNE@gemeente.nl") == 1);
  REQUIRE(store.desk_list().size() == 1);
  CHECK(store.desk_list()[0].submission.id == "f-other");
  CHECK_FALSE(store.mail_sent("f-new"));
  CHECK(store.unsent_count() == 1);

  personal_store names(db.path());
  names.save_name("s-1", "p-1", "Anne");
  names.save_name("s-2", "p-7", "Anne");
  names.save_name("s-1", "p-2", "Bert");
  names.texts().save("s-1", "t-1", "p-1", "Anne's explanation");
  names.texts().save("s-2", "t-2", "p-7", "Anne's action");
  names.texts().save("s-1", "t-3", "p-2", "Bert's action");
  names.texts().save("s-1", "t-4", "", "the facilitator's conclusion");
  CHECK(names.forget_name("Anne") == 2);
  CHECK(names.names_of("s-1") == std::map<std::string, std::string>{{"p-2", "Bert"}});
  CHECK(names.names_of("s-2").empty());
  // What Anne typed goes with her name; the others' texts stay.
  CHECK(
      names.texts().of_session("s-1") ==
      std::map<std::string, std::string>{{"t-3", "Bert's action"}, {"t-4", "the facilitator's conclusion"}});
  CHECK(names.texts().of_session("s-2").empty());
}

TEST_CASE("outbox: a sample report that cannot be rendered is linked instead", "[forms][mail]") {
  form_store store(":memory:");
  fake_transport transport;
  mail_outbox outbox(
      store, &transport, settings, {},
      [](scsa::domain::language) -> std::optional<std::string> { throw std::runtime_error("no fonts"); });
  store.add(submission("f-1", "anne@gemeente.nl", 0, form_kind::sample_report));
  REQUIRE(outbox.deliver_due(0) == 1);
  CHECK(transport.sent[0].find("multipart/mixed") == std::string::npos);
}
