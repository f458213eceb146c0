// Demo seeding: each phase queues its commands at once (so they share group commits) and waits for all.
#include "server/demo_seeder.hpp"

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>

namespace scsa::server {

namespace {

// Counts outstanding commands of one phase and remembers the first refusal.
class phase {
 public:
  outcome_callback expect() {
    std::lock_guard lock(mutex_);
    ++outstanding_;
    return [this](const command_outcome& outcome) {
      finish(outcome.accepted ? "" : outcome.code + ": " + outcome.message);
    };
  }

  void finish(const std::string& problem) {
    std::lock_guard lock(mutex_);
    if (!problem.empty() && problem_.empty()) problem_ = problem;
    if (--outstanding_ == 0) done_.notify_all();
  }

  void add() {
    std::lock_guard lock(mutex_);
    ++outstanding_;
  }

  void wait(const std::string& what) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return outstanding_ == 0; });
    if (!problem_.empty()) throw std::runtime_error("demo data: " + what + " was refused: " + problem_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  int outstanding_ = 0;
  std::string problem_;
};

std::string create(live_hub& hub, const demo_session& plan) {
  std::mutex mutex;
  std::condition_variable ready;
  std::optional<std::variant<created_session, command_outcome>> result;
  hub.create_session(plan.title, plan.municipality, plan.mode,
                     [&](std::variant<created_session, command_outcome> r) {
                       std::lock_guard lock(mutex);
                       result = std::move(r);
                       ready.notify_all();
                     });
  std::unique_lock lock(mutex);
  ready.wait(lock, [&] { return result.has_value(); });
  if (auto* refused = std::get_if<command_outcome>(&*result))
    throw std::runtime_error("demo data: creating '" + plan.title + "' was refused: " + refused->message);
  return std::get<created_session>(*result).session_id;
}

}  // namespace

std::size_t seed_demo(live_hub& hub, const demo_plan& plan) {
  const domain::actor facilitator{domain::actor_role::facilitator, {}};
  for (const auto& session_plan : plan.sessions) {
    const std::string session_id = create(hub, session_plan);

    std::vector<std::string> participant_ids(session_plan.participants.size());
    phase joining;
    for (std::size_t i = 0; i < session_plan.participants.size(); ++i) {
      const auto& person = session_plan.participants[i];
      joining.add();
      hub.join(session_id, person.name, person.department,
               [&joining, &participant_ids, i](std::optional<std::string> id) {
                 if (id) participant_ids[i] = *id;
                 joining.finish(id ? "" : "join refused");
               });
    }
    joining.wait("joining " + session_plan.title);

    int command_number = 0;
    for (int round = 1; round <= session_plan.rounds; ++round) {
      if (round > 1) {
        phase next_round;
        hub.execute(session_id, facilitator, domain::start_round{}, "demo-round-" + std::to_string(round),
                    next_round.expect());
        next_round.wait("starting round " + std::to_string(round));
      }
      phase answering;
      for (std::size_t i = 0; i < session_plan.participants.size(); ++i) {
        const domain::actor participant{domain::actor_role::participant, participant_ids[i]};
        for (const auto& answer : session_plan.participants[i].answers) {
          if (answer.round != round) continue;
          hub.execute(session_id, participant,
                      domain::give_answer{answer.statement, answer.which, answer.level},
                      "demo-" + std::to_string(++command_number), answering.expect());
        }
      }
      answering.wait("answering in " + session_plan.title);
    }

    phase finishing;
    for (int statement : session_plan.closed_statements)
      hub.execute(session_id, facilitator, domain::close_statements{statement},
                  "demo-close-" + std::to_string(statement), finishing.expect());
    if (session_plan.revealed)
      hub.execute(session_id, facilitator, domain::reveal_results{}, "demo-reveal", finishing.expect());
    finishing.wait("finishing " + session_plan.title);
  }
  return plan.sessions.size();
}

}  // namespace scsa::server
