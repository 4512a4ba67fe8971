#include "actors/registration_processes.hpp"

#include <utility>
#include <vector>

#include "actors/decision_context.hpp"
#include "actors/fault_injection.hpp"
#include "actors/message_types.hpp"
#include "actors/replies.hpp"
#include "domain/registration/registration_process.hpp"

namespace contoso::actors {

namespace process = registration::registration_process;

namespace {

struct process_state {
  static inline const char* name = registration_process_type;
  std::string id;
  process_environment env;
  process::state current = process::initial_state();
  std::int64_t revision = 0;
  persistence::global_cursor handled_through;
  std::vector<persistence::owed_command> owed;
  /// The end of a placement, kept for its caller until the last step's commands are sent (not saved).
  std::optional<process::command_answer> placed;
  instant last_active{};
  std::uint64_t activity = 0;
};
using process_actor = caf::stateful_actor<process_state>;

nlohmann::json inspection(process_actor* self) {
  const auto& st = self->state;
  auto deadlines = nlohmann::json::array();
  if (st.current.deadline)
    deadlines.push_back(*st.current.deadline);
  auto owed = nlohmann::json::array();
  for (const auto& command : st.owed)
    owed.push_back(command.command);
  return {{"type", process_state::name}, {"id", st.id},           {"version", st.revision},
          {"snapshotVersion", st.revision}, {"mailbox", self->mailbox().size()},
          {"lastActiveAt", format_instant(st.last_active)}, {"state", st.current},
          {"pendingDeadlines", deadlines}, {"owedCommands", owed}};
}

void touch(process_actor* self) {
  auto& st = self->state;
  st.last_active = clock_now();
  self->delayed_send(self, st.env.passivate_after, idle_atom::value, ++st.activity);
}

/// How long after a failed delivery a fresh instance of the process tries again.
constexpr auto owed_retry_delay = std::chrono::seconds(1);

/// Stops the process after it could not deliver what it owes (a fresh one recovers from the store),
/// and has its directory start that fresh one later: it sends the owed commands first. Nothing else
/// may ever wake this process again (the deadline that made it expire is gone with the save).
void stop_and_retry_later(process_actor* self) {
  caf::delayed_anon_send(self->state.env.directory, owed_retry_delay, inspect_atom::value, self->state.id);
  self->quit(caf::exit_reason::user_shutdown);
}

/// Called when a reaction's commands are all sent (true), or when one could not be delivered (false).
using sent_callback = std::function<void(bool)>;

void save_and_send(process_actor* self, process::reaction reaction, const process_input* in, sent_callback done);

/// How an aggregate's reply reads to the process.
process::command_answer answer_of(const std::string& command_id, const command_reply& reply) {
  process::command_answer answered{command_id, std::nullopt, reply.produced_events(), reply.version, reply.answer};
  if (reply.status == command_reply::rejected)
    answered.refused = rejection{reply.code, reply.message, nlohmann::json::parse(reply.fields).get<field_messages>()};
  return answered;
}

/// The target directory and envelope of an owed command.
std::pair<caf::actor, command_envelope> addressed(process_actor* self, const process::command& owed) {
  const auto& env = self->state.env;
  const auto sender = "registration_process " + self->state.id;
  return std::visit(
    [&](const auto& message) -> std::pair<caf::actor, command_envelope> {
      using body_type = std::decay_t<decltype(message.body)>;
      if constexpr (std::is_same_v<body_type, registration::order::command>)
        return {env.order_directory, envelope(message, sender)};
      else if constexpr (std::is_same_v<body_type, registration::seats_availability::command>)
        return {env.seats_directory, envelope(message, sender)};
      else
        return {env.promo_code_directory, envelope(message, sender)};
    },
    owed);
}

/// Sends the owed commands from `next` on, each after the previous one was answered. The answer to a
/// command a step waits for goes back into the process, whose next reaction is saved and sent in turn.
void send_owed(process_actor* self, std::size_t next, sent_callback done) {
  auto& st = self->state;
  if (next == st.owed.size()) {
    std::vector<std::string> ids;
    for (const auto& command : st.owed)
      ids.push_back(command.id);
    if (!ids.empty())
      self->send(st.env.journal, psent_atom::value, st.id, std::move(ids));
    st.owed.clear();
    done(true);
    return;
  }
  auto decoded = process::decode_command(st.owed[next].command);
  if (!decoded) {
    // A command this build cannot read again is a bug, not bad input: fail loudly.
    throw std::logic_error("registration process " + st.id + ": " + decoded.error().message);
  }
  auto [target, command] = addressed(self, decoded.value());
  const auto command_id = command.id;
  self->request(target, std::chrono::seconds(30), command_atom::value, std::move(command))
    .await(
      [=](const command_reply& reply) {
        auto& live = self->state;
        if (reply.status == command_reply::unavailable)
          return done(false);
        if (!process::awaits(live.current, command_id))
          return send_owed(self, next + 1, done);
        if (next + 1 != live.owed.size())
          throw std::logic_error("registration process " + live.id + ": a step waits for a command owed before others");
        save_and_send(self, process::react(live.current, answer_of(command_id, reply), decision_context(live.env.policy)),
                      nullptr, done);
      },
      [=](caf::error&) { done(false); });
}

/// The deadline rows a reaction changes: the fired one goes, a dropped one goes, a new one is scheduled.
persistence::deadline_changes deadline_changes(const process_actor* self, const process::state& after,
                                               const process_input* in) {
  persistence::deadline_changes changes;
  if (in && in->deadline)
    changes.remove.push_back(in->deadline->id);
  const auto& before = self->state.current.deadline;
  const auto& next = after.deadline;
  if (before && (!next || next->id != before->id))
    changes.remove.push_back(before->id);
  if (next && (!before || before->id != next->id))
    changes.schedule.push_back(persistence::deadline{next->id, self->state.id,
                                                     std::string(process::expire_registration_process::type),
                                                     next->due, {}});
  return changes;
}

/// Saves the reaction to `in` (null: to a placement or an answer) in one transaction (state, owed
/// commands, the position followed, deadline changes), then sends what it owes. `in` is read before the
/// save starts, never after.
void save_and_send(process_actor* self, process::reaction reaction, const process_input* in, sent_callback done) {
  auto& st = self->state;
  // A deadline that fired is gone (its row goes in this save), also when the reaction keeps waiting.
  if (in && in->deadline && reaction.state.deadline && reaction.state.deadline->id == in->deadline->id)
    reaction.state.deadline.reset();

  process_save_request save;
  save.record.process_id = st.id;
  save.record.state = reaction.state;
  for (const auto& command : reaction.commands) {
    auto encoded = process::encode_command(command);
    save.record.owed.push_back({encoded.at("id").get<std::string>(), encoded});
  }
  save.record.handled_through = in && in->event ? in->event->cursor() : st.handled_through;
  save.expected_revision = st.revision;
  save.deadlines = deadline_changes(self, reaction.state, in);

  auto placed = std::move(reaction.placed);
  self->request(st.env.journal, caf::infinite, psave_atom::value, save)
    .await(
      [=](const process_save_result& saved) {
        auto& live = self->state;
        if (!saved || saved.value().what != persistence::process_save_result::saved) {
          done(false);
          self->quit(caf::exit_reason::user_shutdown); // recover from the store
          return;
        }
        fault_point("process_saved");
        live.current = save.record.state.get<process::state>();
        live.revision = saved.value().revision;
        live.handled_through = save.record.handled_through;
        live.owed = save.record.owed;
        if (placed)
          live.placed = placed;
        send_owed(self, 0, done);
      },
      [=](caf::error&) {
        done(false);
        self->quit(caf::exit_reason::user_shutdown);
      });
}

/// Reacts to one input, saves, sends; answers whether all of it is done.
caf::result<bool> react(process_actor* self, const process_input& in) {
  auto& st = self->state;
  touch(self);
  if (in.event && !(st.handled_through < in.event->cursor()))
    return true; // a repeat of an event already followed
  std::optional<process::input> input;
  if (in.event) {
    input = followed_input(*in.event); // the feeder read it before sending it here
    if (!input)
      return true;
  } else {
    input = command_message<process::expire_registration_process>{in.deadline->id, st.id, {st.id, in.deadline->id, ""},
                                                                    {}};
  }
  auto promise = self->make_response_promise<bool>();
  save_and_send(self, process::react(st.current, *input, decision_context(st.env.policy)), &in,
                [=](bool sent) mutable {
                  promise.deliver(sent);
                  if (!sent)
                    stop_and_retry_later(self);
                });
  return promise;
}

/// Places an order with a promo code, step by step; answers with the order's answer to the placement
/// (or the code's refusal) once the last step's commands are sent.
caf::result<command_reply> place(process_actor* self, const command_envelope& command) {
  auto& st = self->state;
  touch(self);
  auto data = nlohmann::json::parse(command.data, nullptr, false);
  if (data.is_discarded())
    return rejected_reply(reject(error_code::bad_request, command.type + ": data is not JSON"));
  auto body = decode<std::variant<process::place_order>>(stored_event{command.type, command.schema_version, data});
  if (!body)
    return rejected_reply(body.error());
  const command_message<process::place_order> placing{
    command.id, command.source_id, {command.correlation_id, command.causation_id, command.id},
    std::get<process::place_order>(body.value())};
  auto promise = self->make_response_promise<command_reply>();
  st.placed.reset();
  save_and_send(self, process::react(st.current, process::input{placing}, decision_context(st.env.policy)), nullptr,
                [=](bool sent) mutable {
                  auto& live = self->state;
                  auto placed = std::exchange(live.placed, std::nullopt);
                  if (!sent || !placed) {
                    promise.deliver(unavailable_reply("the placement could not finish now; it goes on"));
                    if (!sent)
                      stop_and_retry_later(self);
                    return;
                  }
                  promise.deliver(placed->refused ? rejected_reply(*placed->refused)
                                                  : accepted_reply(placed->version, {}));
                });
  return promise;
}

caf::behavior registration_process(process_actor* self, std::string id, process_environment env) {
  self->state.id = std::move(id);
  self->state.env = std::move(env);
  self->state.last_active = clock_now();
  self->request(self->state.env.journal, caf::infinite, pload_atom::value, self->state.id)
    .await(
      [=](const process_load_result& loaded) {
        auto& st = self->state;
        if (!loaded) {
          self->quit(caf::make_error(caf::sec::runtime_error, loaded.error().message));
          return;
        }
        if (const auto& record = loaded.value()) {
          st.current = record->state.get<process::state>();
          st.revision = record->revision;
          st.handled_through = record->handled_through;
          st.owed = record->owed;
        }
        touch(self);
        // Whatever it saved but may not have sent before it stopped goes out again first.
        send_owed(self, 0, [=](bool sent) {
          if (!sent)
            stop_and_retry_later(self);
        });
      },
      [=](caf::error& failed) { self->quit(failed); });
  return {
    [=](react_atom, const process_input& in) { return react(self, in); },
    [=](command_atom, const command_envelope& command) { return place(self, command); },
    [=](inspect_atom) { return inspection(self).dump(); },
    [=](idle_atom, std::uint64_t seen) {
      if (seen == self->state.activity)
        self->send(self->state.env.directory, idle_atom::value, self->state.id);
    },
    [=](passivate_atom) { self->quit(); },
  };
}

} // namespace

instance_factory process_factory(std::function<process_environment()> environment) {
  return [environment](caf::event_based_actor* directory, const std::string& id) -> caf::actor {
    auto env = environment();
    env.directory = caf::actor_cast<caf::actor>(directory);
    return directory->spawn<caf::linked>(registration_process, id, env);
  };
}

} // namespace contoso::actors
