// Demo seeding: each phase queues its commands at once (so they share group commits) and waits for all.
#include "server/live/demo_seeder.hpp"

#include <algorithm>
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

std::string create(live_hub& hub, const demo_session& plan, std::int64_t time_ms) {
  std::mutex mutex;
  std::condition_variable ready;
  std::optional<std::variant<created_session, command_outcome>> result;
  hub.create_session(
      plan.title, plan.municipality, plan.mode,
      [&](std::variant<created_session, command_outcome> r) {
        std::lock_guard lock(mutex);
        result = std::move(r);
        ready.notify_all();
      },
      time_ms);
  std::unique_lock lock(mutex);
  ready.wait(lock, [&] { return result.has_value(); });
  if (auto* refused = std::get_if<command_outcome>(&*result))
    throw std::runtime_error("demo data: creating '" + plan.title + "' was refused: " + refused->message);
  return std::get<created_session>(*result).session_id;
}

}  // namespace

std::size_t seed_demo(live_hub& hub, const demo_plan& plan, std::int64_t now_ms) {
  const domain::actor facilitator{domain::actor_role::facilitator, {}};
  for (std::size_t index = 0; index < plan.sessions.size(); ++index) {
    const auto& session_plan = plan.sessions[index];
    const auto when = schedule_demo(session_plan, demo_start_ms(index, plan.sessions.size(), now_ms));
    const std::string session_id = create(hub, session_plan, when.created_ms);

    std::vector<std::string> participant_ids(session_plan.participants.size());
    phase joining;
    for (std::size_t i = 0; i < session_plan.participants.size(); ++i) {
      const auto& person = session_plan.participants[i];
      joining.add();
      hub.join(
          session_id, person.name, person.department,
          [&joining, &participant_ids, i](std::optional<std::string> id) {
            if (id) participant_ids[i] = *id;
            joining.finish(id ? "" : "join refused");
          },
          when.joined_ms[i]);
    }
    joining.wait("joining " + session_plan.title);

    int command_number = 0;
    for (int round = 1; round <= session_plan.rounds; ++round) {
      if (round > 1) {
        phase next_round;
        hub.execute(session_id, facilitator, domain::start_round{}, "demo-round-" + std::to_string(round),
                    next_round.expect(), when.round_started_ms.at(static_cast<std::size_t>(round - 2)));
        next_round.wait("starting round " + std::to_string(round));
      }
      // The round's answers in the order of their times, as the room gave them.
      struct timed_answer {
        std::int64_t at;
        std::size_t participant;
        std::size_t answer;
      };
      std::vector<timed_answer> answers;
      for (std::size_t i = 0; i < session_plan.participants.size(); ++i)
        for (std::size_t a = 0; a < session_plan.participants[i].answers.size(); ++a)
          if (session_plan.participants[i].answers[a].round == round)
            answers.push_back({when.answered_ms[i][a], i, a});
      std::stable_sort(answers.begin(), answers.end(),
                       [](const timed_answer& x, const timed_answer& y) { return x.at < y.at; });
      phase answering;
      for (const auto& timed : answers) {
        const auto& answer = session_plan.participants[timed.participant].answers[timed.answer];
        const domain::actor participant{domain::actor_role::participant, participant_ids[timed.participant]};
        hub.execute(session_id, participant,
                    domain::give_answer{answer.statement, answer.which, answer.level},
                    "demo-" + std::to_string(++command_number), answering.expect(), timed.at);
      }
      answering.wait("answering in " + session_plan.title);
    }

    phase finishing;
    std::int64_t at = when.finished_ms;
    for (int statement : session_plan.closed_statements) {
      hub.execute(session_id, facilitator, domain::close_statements{statement},
                  "demo-close-" + std::to_string(statement), finishing.expect(), at);
      at += 5000;
    }
    if (session_plan.revealed)
      hub.execute(session_id, facilitator, domain::reveal_results{}, "demo-reveal", finishing.expect(), at);
    finishing.wait("finishing " + session_plan.title);
  }
  return plan.sessions.size();
}

}  // namespace scsa::server
