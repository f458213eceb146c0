// The WebSocket protocol's side of the hub (docs/protocol.md): a frame is parsed, rate-limited and routed
// to the session the connection is bound to; join, resume and facilitate bind it. Every message is answered
// exactly once through its command_reply, after the commit when it changed anything.
#include <spdlog/spdlog.h>

#include "domain/join_token.hpp"
#include "domain/overloaded.hpp"
#include "events/event_log.hpp"
#include "server/live/live_hub.hpp"
#include "server/tokens.hpp"
#include "server/wall_clock.hpp"

namespace scsa::server {

namespace {

using json = nlohmann::json;

// The metrics' name for what a message asks, by the protocol's type names. Exhaustive visits: a new
// message or command does not compile until it is named here.
command_type type_of(const domain::roadmap_command& command) {
  return std::visit(domain::overloaded{
                        [](const domain::give_explanation&) { return command_type::explain; },
                        [](const domain::propose_action&) { return command_type::propose; },
                        [](const domain::cast_vote&) { return command_type::vote; },
                        [](const domain::withdraw_vote&) { return command_type::unvote; },
                        [](const domain::record_conclusion&) { return command_type::conclude; },
                        [](const domain::show_explanations&) { return command_type::moderate; },
                        [](const domain::hide_explanations&) { return command_type::moderate; },
                        [](const domain::reword_action&) { return command_type::moderate; },
                        [](const domain::hide_action&) { return command_type::moderate; },
                        [](const domain::show_action&) { return command_type::moderate; },
                        [](const domain::merge_actions&) { return command_type::moderate; },
                        [](const domain::set_action_owner&) { return command_type::moderate; },
                        [](const domain::set_action_horizon&) { return command_type::moderate; },
                        [](const domain::set_action_status&) { return command_type::moderate; },
                        [](const domain::set_vote_budget&) { return command_type::moderate; },
                    },
                    command);
}

command_type type_of(const domain::command_body& command) {
  return std::visit(domain::overloaded{
                        // Never sent by a client: the server creates sessions and joins through join_message.
                        [](const domain::create_session&) { return command_type::other; },
                        [](const domain::join_session&) { return command_type::other; },
                        [](const domain::rename_participant&) { return command_type::rename; },
                        [](const domain::remove_participant&) { return command_type::remove; },
                        [](const domain::open_statements&) { return command_type::open; },
                        [](const domain::close_statements&) { return command_type::close; },
                        [](const domain::focus_statement&) { return command_type::focus; },
                        [](const domain::reveal_results&) { return command_type::reveal; },
                        [](const domain::hide_results&) { return command_type::hide; },
                        [](const domain::start_round&) { return command_type::new_round; },
                        [](const domain::close_session&) { return command_type::close_session; },
                        [](const domain::reopen_session&) { return command_type::reopen_session; },
                        [](const domain::give_answer&) { return command_type::answer; },
                        [](const domain::withdraw_answer&) { return command_type::withdraw; },
                        [](const domain::roadmap_command& roadmap) { return type_of(roadmap); },
                        [](const domain::baseline_command&) { return command_type::baseline; },
                    },
                    command);
}

command_type type_of(const client_body& body) {
  return std::visit(domain::overloaded{
                        [](const join_message&) { return command_type::join; },
                        [](const resume_message&) { return command_type::resume; },
                        [](const facilitate_message&) { return command_type::facilitate; },
                        [](const rename_message&) { return command_type::rename; },
                        [](const ping_message&) { return command_type::ping; },
                        [](const choose_baseline_message&) { return command_type::baseline; },
                        [](const domain::command_body& command) { return type_of(command); },
                    },
                    body);
}

}  // namespace

void live_hub::on_open(const std::shared_ptr<client_connection>& connection) {
  connections_.opened(connection);
}

void live_hub::on_close(const std::shared_ptr<client_connection>& connection) {
  connections_.closed(connection);
}

void live_hub::on_message(const std::shared_ptr<client_connection>& connection, std::string text) {
  // Parsed before the rate limit (frames are at most 64 KiB), so that a refusal names the command's id and
  // the client knows which command to send again.
  command_meter meter;
  auto parsed = parse_client_message(text);
  auto* message = std::get_if<client_message>(&parsed);
  meter.type = message != nullptr ? type_of(message->body) : command_type::invalid;
  const std::string id = std::visit([](const auto& p) { return p.id; }, parsed);
  const command_reply reply(connection, id, meter);
  if (!connections_.take_rate_token(connection)) {
    reply.error("rate_limited", "too many messages; slow down");
    return;
  }
  if (auto* error = std::get_if<protocol_error>(&parsed)) {
    reply.error(error->code, error->message);
    return;
  }
  try {
    handle(connection, std::move(*message), reply);
  } catch (const events::storage_failure& e) {  // a session could not be read from the database
    spdlog::warn("handling a message: {}", e.what());
    reply.error("storage_error", "the database is not reachable; try again");
  } catch (const std::exception& e) {
    spdlog::error("handling a message failed: {}", e.what());
    command_reply(connection, "", meter).error("internal_error", "the server failed to handle this message");
  }
}

void live_hub::handle(const std::shared_ptr<client_connection>& connection, client_message message,
                      const command_reply& reply) {
  const std::string& id = message.id;
  std::visit(
      domain::overloaded{
          [&](const join_message& join) { handle_join(connection, join, reply); },
          [&](const resume_message& resume) { handle_resume(connection, resume, reply); },
          [&](const facilitate_message& facilitate) { handle_facilitate(connection, facilitate, reply); },
          [&](const rename_message& rename) { handle_rename(connection, id, rename, reply); },
          [&](const ping_message&) { reply.pong(); },
          [&](const choose_baseline_message& choose) {
            handle_choose_baseline(connection, id, choose, reply);
          },
          [&](domain::command_body& body) { handle_command(connection, id, std::move(body), reply); },
      },
      message.body);
}

void live_hub::handle_join(const std::shared_ptr<client_connection>& connection, const join_message& join,
                           const command_reply& reply) {
  const auto now = options_.clock();
  open_write_limits* limits = options_.limits;
  if (limits != nullptr) {
    if (auto allowed = limits->may_look_up_code(connection->remote_address(), now); !allowed.allowed) {
      reply.rate_limited(allowed.retry_after, "too many unknown codes from this address; try again later");
      return;
    }
  }
  std::shared_ptr<live_session> session = find_by_join_code(join.code);
  if (!session) {
    if (limits != nullptr) limits->count_unknown_code(connection->remote_address(), now);
    reply.error("unknown_code", "no session has this code");
    return;
  }
  if (join.token) {
    std::optional<domain::token_owner> owner;
    if (auto known = sessions_.find_by_token_hash(hash_token(*join.token)))
      owner = domain::token_owner{known->session_id, known->participant_id};
    const auto decided = domain::decide_join_token(owner, session->id());
    if (const auto* refused = std::get_if<domain::rejection>(&decided)) {
      reply.error(refused->code, refused->message);
      return;
    }
    if (const auto* again = std::get_if<domain::join_again>(&decided)) {
      // The same join again (its ack was lost): answer as the first one did.
      connections_.bind(connection, session,
                        domain::actor{domain::actor_role::participant, again->participant_id}, join.protocol,
                        [&](json snapshot) {
                          const auto seq = snapshot.value("seq", std::int64_t{0});  // before the move
                          reply.ack_with_snapshot(seq,
                                                  json{{"participant_id", again->participant_id},
                                                       {"token", *join.token},
                                                       {"session_id", session->id()}},
                                                  std::move(snapshot));
                        });
      return;
    }
  }
  if (limits != nullptr) {
    // Only a new participant costs a token: the same phone joining again (above) never does.
    if (auto allowed = limits->admit_join(connection->remote_address(), session->id(), now);
        !allowed.allowed) {
      reply.rate_limited(allowed.retry_after,
                         "too many new participants from this address; try again shortly");
      return;
    }
  }
  std::string participant_id = make_id("p");
  std::string token = join.token.value_or(make_token());
  // Names are saved before the join is decided: the writer thread that completes it must not wait on disk.
  if (join.name) names_.save_name(session->id(), participant_id, *join.name);
  domain::command command{
      {}, domain::actor{}, domain::join_session{participant_id, join.department, hash_token(token)}};
  session->execute(
      std::move(command), session->id() + "/join/" + participant_id, wall_clock_ms(),
      [this, connection, session, participant_id, token, name = join.name, protocol = join.protocol,
       reply](const command_outcome& done) {
        if (!done.accepted) {
          reply.outcome(done);
          return;
        }
        if (name) session->set_name(participant_id, *name);
        connections_.bind(
            connection, session, domain::actor{domain::actor_role::participant, participant_id}, protocol,
            [&](json snapshot) {
              reply.ack_with_snapshot(
                  done.seq,
                  json{{"participant_id", participant_id}, {"token", token}, {"session_id", session->id()}},
                  std::move(snapshot));
            });
      });
}

void live_hub::handle_resume(const std::shared_ptr<client_connection>& connection,
                             const resume_message& resume, const command_reply& reply) {
  const std::string hash = hash_token(resume.token);
  auto known = sessions_.find_by_token_hash(hash);
  auto session = known ? find_session(known->session_id) : nullptr;
  if (!session || !equal_in_constant_time(session->participant_token_hash(known->participant_id), hash)) {
    reply.error("invalid_token", "this token belongs to no participant");
    return;
  }
  connections_.bind(connection, session,
                    domain::actor{domain::actor_role::participant, known->participant_id}, resume.protocol,
                    [&](json snapshot) {
                      const auto seq = snapshot.value("seq", std::int64_t{0});  // before the move
                      reply.ack_with_snapshot(
                          seq, json{{"participant_id", known->participant_id}, {"session_id", session->id()}},
                          std::move(snapshot));
                    });
}

void live_hub::handle_facilitate(const std::shared_ptr<client_connection>& connection,
                                 const facilitate_message& facilitate, const command_reply& reply) {
  auto session = find_session(facilitate.session_id);
  if (!session || !is_facilitator(facilitate.session_id, facilitate.token)) {
    // One answer for both, so a stranger learns nothing about which sessions exist.
    reply.error("invalid_token", "no session with this id and token");
    return;
  }
  // The average before the binding: reading it under the session's state lock would also need the session's
  // municipality, which takes that lock.
  json average = municipality_average(session->municipality());
  connections_.bind(connection, session, domain::actor{domain::actor_role::facilitator, {}},
                    facilitate.protocol, [&](json snapshot) {
                      snapshot["municipality_average"] = std::move(average);
                      const auto seq = snapshot.value("seq", std::int64_t{0});  // before the move
                      reply.ack_with_snapshot(seq, json{{"session_id", session->id()}}, std::move(snapshot));
                    });
}

void live_hub::handle_rename(const std::shared_ptr<client_connection>& connection, const std::string& id,
                             const rename_message& rename, const command_reply& reply) {
  auto bound = connections_.find(connection);
  if (!bound || bound->as.role != domain::actor_role::participant) {
    reply.error("not_joined", "join or resume a session first");
    return;
  }
  const std::string participant_id = bound->as.participant_id;
  auto session = bound->session;
  names_.save_name(session->id(), participant_id, rename.name);
  domain::command command{{}, bound->as, domain::rename_participant{participant_id}};
  session->execute(std::move(command), session->id() + "/" + participant_id + "/" + id, wall_clock_ms(),
                   [session, participant_id, name = rename.name, reply](const command_outcome& done) {
                     if (done.accepted) session->set_name(participant_id, name);
                     reply.outcome(done);
                   });
}

void live_hub::handle_command(const std::shared_ptr<client_connection>& connection, const std::string& id,
                              domain::command_body body, const command_reply& reply) {
  auto bound = connections_.find(connection);
  if (!bound) {
    reply.error("not_joined", "join, resume or facilitate a session first");
    return;
  }
  auto session = bound->session;
  std::string who =
      bound->as.role == domain::actor_role::facilitator ? "facilitator" : bound->as.participant_id;
  if (auto* roadmap = std::get_if<domain::roadmap_command>(&body)) {
    handle_roadmap(session, bound->as, who, id, std::move(*roadmap), reply);
    return;
  }
  if (auto* baseline = std::get_if<domain::baseline_command>(&body)) {
    // The decider cannot read the baseline session: say whether the action is on its roadmap.
    if (auto* review = std::get_if<domain::review_baseline_action>(baseline)) {
      const std::string baseline_id = session->state().baseline.session_id;
      auto earlier = baseline_id.empty() ? nullptr : find_session(baseline_id);
      review->in_baseline = earlier != nullptr && earlier->state().roadmap.find(review->action_id) != nullptr;
    }
  }
  domain::command command{{}, bound->as, std::move(body)};
  session->execute(std::move(command), session->id() + "/" + who + "/" + id, wall_clock_ms(),
                   [reply](const command_outcome& done) { reply.outcome(done); });
}

void live_hub::handle_roadmap(const std::shared_ptr<live_session>& session, const domain::actor& as,
                              const std::string& who, const std::string& id, domain::roadmap_command command,
                              const command_reply& reply) {
  // Ids are the server's, derived from the command's own id in the log: the same command sent again (its ack
  // was lost) names the same action and text, so its ack says what the first one made and no text is left
  // behind. A typed text is saved (outside the log) before the command is decided, as names are, since the
  // writer thread that completes it must not wait on disk; a refused command's text goes.
  const std::string log_command_id = session->id() + "/" + who + "/" + id;
  auto derived_id = [&](const char* prefix, const char* what) {
    return std::string(prefix) + "-" + hash_token(log_command_id + "#" + what).substr(0, 16);
  };
  std::string action_id;
  std::string text_id;
  std::string text;
  std::visit(
      [&](auto& c) {
        if constexpr (requires { c.text_id; }) {
          if (!c.text.empty()) {
            c.text_id = derived_id("t", "text");
            text_id = c.text_id;
            text = c.text;
          }
        }
        if constexpr (std::is_same_v<std::decay_t<decltype(c)>, domain::propose_action>) {
          c.action_id = derived_id("a", "action");
          action_id = c.action_id;
        }
      },
      command);
  const bool counts_votes = std::holds_alternative<domain::cast_vote>(command) ||
                            std::holds_alternative<domain::withdraw_vote>(command);
  if (!text_id.empty()) {
    names_.texts().save(session->id(), text_id, as.participant_id, text);
    session->set_text(text_id, text);
  }
  domain::command decided{{}, as, domain::command_body{std::move(command)}};
  session->execute(std::move(decided), log_command_id, wall_clock_ms(),
                   [this, session, reply, action_id, text_id, counts_votes,
                    participant = as.participant_id](const command_outcome& done) {
                     if (!done.accepted) {
                       // A refusal by the decider comes at once, on this thread; a storage error comes on
                       // the writer thread, which must not wait on disk: that text stays (unreferenced).
                       if (!text_id.empty() && done.code != "storage_error")
                         names_.texts().erase(session->id(), text_id);
                       reply.outcome(done);
                     } else if (!action_id.empty()) {
                       reply.ack(done.seq, json{{"action_id", action_id}});
                     } else if (counts_votes) {
                       reply.ack(done.seq, session->own_votes(participant));
                     } else {
                       reply.ack(done.seq);
                     }
                   });
}

void live_hub::handle_choose_baseline(const std::shared_ptr<client_connection>& connection,
                                      const std::string& id, const choose_baseline_message& choose,
                                      const command_reply& reply) {
  auto bound = connections_.find(connection);
  if (!bound) {
    reply.error("not_joined", "join, resume or facilitate a session first");
    return;
  }
  auto session = bound->session;
  // What the decider needs to know of the named session, found here: it does no I/O.
  domain::baseline_candidate candidate;
  candidate.session_id = choose.baseline_session_id;
  if (auto earlier = find_session(choose.baseline_session_id); earlier && earlier != session) {
    const auto state = earlier->state();
    candidate.exists = true;
    candidate.municipality = state.municipality;
    // Earlier: its first event is older in the log than this session's.
    const auto first_of = [this](const std::string& stream) {
      auto first = log_.read_stream(stream, 1, 1);
      return first.empty() ? std::int64_t{0} : first.front().sequence;
    };
    candidate.earlier = first_of(candidate.session_id) < first_of(session->id());
    const bool enough_people =
        domain::may_compare(static_cast<int>(state.active_participant_count()), options_.min_respondents);
    const std::string token = choose.token.value_or("");
    const bool holds_key =
        !token.empty() && (is_facilitator(candidate.session_id, token) ||
                           (options_.may_review && options_.may_review(candidate.session_id, token)));
    candidate.readable = enough_people || holds_key;
  } else if (earlier == session) {
    candidate.exists = true;  // the decider refuses a session as its own baseline
  }
  std::string who =
      bound->as.role == domain::actor_role::facilitator ? "facilitator" : bound->as.participant_id;
  domain::command command{
      {},
      bound->as,
      domain::command_body{domain::baseline_command{domain::choose_baseline{std::move(candidate)}}}};
  session->execute(std::move(command), session->id() + "/" + who + "/" + id, wall_clock_ms(),
                   [reply](const command_outcome& done) { reply.outcome(done); });
}

}  // namespace scsa::server
