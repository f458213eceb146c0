// The tables beside the log on both engines (a SQLite file, and the PostgreSQL database that several nodes
// share), each store opened twice on one location as two nodes would: what one writes the other reads
// (names, typed texts, review links), an erasure reaches both, the desk's dialect-sensitive reads agree,
// and each due mail is claimed by exactly one node even when both claim at once, until its lease ends.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "server/forms/form_store.hpp"
#include "server/live/personal_store.hpp"
#include "server/review/review_tokens.hpp"
#include "tests/events/log_store.hpp"

using namespace scsa::server;
using scsa::events::testing::engines;
using scsa::events::testing::log_store;

namespace {

stored_submission request(std::string id, std::int64_t created_ms) {
  stored_submission s;
  s.id = std::move(id);
  s.created_ms = created_ms;
  s.form.kind = form_kind::information;
  s.form.name = "Anne";
  s.form.email = "anne@ede.nl";
  s.form.organisation = "Gemeente Ede";
  s.form.message = "Hallo";
  return s;
}

}  // namespace

TEST_CASE("side tables: a name and a text written on one node are read on another, and erased on both",
          "[side][postgres]") {
  log_store store(GENERATE(engines()));
  personal_store node_a(store.location());
  personal_store node_b(store.location());
  node_a.save_name("s-1", "p-1", "Anne");
  node_a.save_name("s-1", "p-2", "Bram");
  node_a.texts().save("s-1", "t-1", "p-1", "Eerst de data op orde");
  CHECK(node_b.names_of("s-1") == std::map<std::string, std::string>{{"p-1", "Anne"}, {"p-2", "Bram"}});
  CHECK(node_b.texts().of_session("s-1") ==
        std::map<std::string, std::string>{{"t-1", "Eerst de data op orde"}});
  node_b.save_name("s-1", "p-1", "Anne de Vries");  // a rename on B
  CHECK(node_a.names_of("s-1").at("p-1") == "Anne de Vries");

  CHECK(node_b.forget_name("Anne de Vries") == 1);
  CHECK(node_a.names_of("s-1") == std::map<std::string, std::string>{{"p-2", "Bram"}});
  CHECK(node_a.texts().of_session("s-1").empty());  // what she typed went with her name
}

TEST_CASE("side tables: a review link made on one node opens on another", "[side][postgres]") {
  log_store store(GENERATE(engines()));
  review_tokens node_a(store.location());
  review_tokens node_b(store.location());  // opened before the link exists
  node_a.add("hash-1", "s-1", 1000);
  CHECK(node_a.session_of("hash-1") == "s-1");
  // PostgreSQL is shared while both run; a SQLite file has one server, which reads it at its start.
  if (store.engine() == "postgres") CHECK(node_b.session_of("hash-1") == "s-1");
  CHECK(review_tokens(store.location()).session_of("hash-1") == "s-1");
  CHECK_FALSE(node_b.session_of("hash-2"));
}

TEST_CASE("side tables: the desk reads the same on both engines", "[side][forms][postgres]") {
  log_store store(GENERATE(engines()));
  form_store forms(store.location());
  forms.add(request("f-1", 1000));
  forms.add(request("f-2", 2000));
  auto found = forms.desk_find("f-1");
  REQUIRE(found);
  CHECK_FALSE(found->submission.handled_ms);
  REQUIRE(found->mail);
  CHECK(found->mail->state == mail_state::queued);

  CHECK(forms.set_handled("f-1", true, 3000, "desk-a") == true);
  CHECK(forms.set_handled("f-1", true, 3000, "desk-b") == false);  // already handled: no second line
  CHECK(forms.set_handled("f-1", false, 3000, "desk-b") == true);
  CHECK(forms.set_handled("f-1", true, 3000, "desk-c") == true);
  CHECK(forms.add_note("f-1", "gebeld", 3000, "desk-c"));
  found = forms.desk_find("f-1");
  CHECK(found->submission.handled_ms == 3000);
  CHECK(found->handled_by == "desk-c");  // the latest of three lines in the same millisecond
  CHECK(found->notes == 1);
  std::vector<std::string> actions;
  for (const auto& line : forms.history("f-1")) actions.push_back(line.action + ":" + line.by);
  CHECK(actions ==
        std::vector<std::string>{"handled:desk-a", "reopened:desk-b", "handled:desk-c", "note:desk-c"});

  forms.mark_sent("f-2", 4000);
  CHECK(forms.mail_sent("f-2") == true);
  CHECK(forms.desk_find("f-2")->mail->state == mail_state::sent);
  CHECK(forms.resend("f-2", 5000, "desk-a"));
  CHECK(forms.mail_sent("f-2") == false);
  const auto list = forms.desk_list();
  REQUIRE(list.size() == 2);
  CHECK(list[0].submission.id == "f-2");  // newest first
  CHECK(forms.unsent_count() == 2);
  CHECK(forms.next_attempt_ms() == 1000);
  CHECK(forms.erase("f-1", 6000, "desk-a"));
  CHECK_FALSE(forms.desk_find("f-1"));
  CHECK(forms.history("f-1").empty());
  CHECK(forms.forget_email("ANNE@ede.nl") == 1);
  CHECK(forms.desk_list().empty());
}

TEST_CASE("side tables: each due mail is claimed by one node, and again only when its lease ends",
          "[side][mail][postgres]") {
  log_store store(GENERATE(engines()));
  form_store node_a(store.location());
  form_store node_b(store.location());
  constexpr int mails = 60;
  for (int i = 0; i < mails; ++i) node_a.add(request("f-" + std::to_string(i), 1000 + i));

  // Both nodes claim at once, in batches, until nothing is due: every mail exactly once.
  constexpr std::int64_t now = 10'000, lease = 600'000;
  std::vector<std::string> claimed_a, claimed_b;
  auto claim_all = [&](form_store& node, std::vector<std::string>& claimed) {
    for (;;) {
      const auto due = node.claim_due_mails(now, 7, lease);
      if (due.empty()) return;
      for (const auto& entry : due) claimed.push_back(entry.submission.id);
    }
  };
  std::thread a([&] { claim_all(node_a, claimed_a); });
  std::thread b([&] { claim_all(node_b, claimed_b); });
  a.join();
  b.join();
  std::multiset<std::string> all(claimed_a.begin(), claimed_a.end());
  all.insert(claimed_b.begin(), claimed_b.end());
  CHECK(all.size() == static_cast<std::size_t>(mails));
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == static_cast<std::size_t>(mails));

  // A sent mail is done; one claimed by a node that died comes back when the lease ends.
  node_a.mark_sent("f-0", now + 1);
  CHECK(node_b.claim_due_mails(now + lease - 1, 100, lease).empty());
  const auto again = node_b.claim_due_mails(now + lease, 100, lease);
  CHECK(again.size() == static_cast<std::size_t>(mails - 1));
  CHECK(std::none_of(again.begin(), again.end(), [](const auto& e) { return e.submission.id == "f-0"; }));
  // A claim given back is due at once (a send aborted by stopping).
  node_b.release("f-1", now + lease);
  REQUIRE(node_a.claim_due_mails(now + lease, 100, lease).size() == 1);
}
