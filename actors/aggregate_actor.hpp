#pragma once
/// One actor template for every aggregate: a thin shell around a decider (STYLE.md "Actors").
///
/// - recovering: loads the latest snapshot and the later events from the journal and folds `evolve`.
/// - running: each command waits in `pending` with its response promise; the first one schedules a
///   flush message behind everything already in the mailbox, so one flush takes the whole mailbox
///   (bounded by `max_batch`). The flush asks the journal which commands it handled before (those are
///   answered from the store), decides the rest in order against the running state, appends all their
///   events in one transaction, and only then answers every sender (group commit).
/// - A failed append, an unknown outcome or a version conflict answers `unavailable` to the whole batch
///   and stops the actor; the directory's next message recreates it from the store.
/// - Idle for `passivate_after`, it asks its directory to stop it, so no message can be lost in between.

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/aggregate_traits.hpp"
#include "actors/decision_context.hpp"
#include "actors/fault_injection.hpp"
#include "actors/message_types.hpp"
#include "actors/replies.hpp"
#include "domain/codec.hpp"
#include "domain/ids.hpp"
#include "domain/message.hpp"
#include "persistence/storable.hpp"

namespace contoso::actors {

/// What every aggregate actor needs from the runtime.
struct aggregate_environment {
  caf::actor journal;   ///< the pool of journal workers
  caf::actor directory; ///< told when this actor is idle
  registration::policy policy;
  int snapshot_every = 100;
  caf::timespan passivate_after = std::chrono::minutes(5);
  std::size_t max_batch = 500;
};

template <class Decider>
struct aggregate_state {
  static inline const char* name = aggregate_traits<Decider>::name;

  struct waiting {
    command_envelope command;
    caf::response_promise reply;
  };

  std::string id;
  aggregate_environment env;
  typename Decider::state current = Decider::initial_state();
  std::int64_t version = 0;
  std::int64_t snapshot_version = 0;
  std::vector<waiting> pending;
  bool flush_scheduled = false;
  instant last_active{};
  std::uint64_t activity = 0; ///< counts handled messages; an idle check finding it moved is stale

  std::string stream_id() const { return std::string(aggregate_traits<Decider>::name) + "-" + id; }
};

template <class Decider>
using aggregate_actor = caf::stateful_actor<aggregate_state<Decider>>;

namespace detail {

template <class Decider>
typename Decider::state apply_events(typename Decider::state current,
                                     const std::vector<persistence::recorded_event>& events) {
  for (const auto& recorded : events) {
    auto decoded = decode<typename Decider::event>(recorded.event, aggregate_traits<Decider>::upcast());
    if (!decoded)
      throw std::logic_error(recorded.stream_id + " v" + std::to_string(recorded.version) + ": "
                             + decoded.error().message);
    current = Decider::evolve(std::move(current), decoded.value());
  }
  return current;
}

template <class Decider>
nlohmann::json inspection(aggregate_actor<Decider>* self) {
  auto& st = self->state;
  return {{"type", aggregate_traits<Decider>::name},
          {"id", st.id},
          {"version", st.version},
          {"snapshotVersion", st.snapshot_version},
          {"mailbox", self->mailbox().size()},
          {"lastActiveAt", format_instant(st.last_active)},
          {"state", nlohmann::json(st.current)},
          {"pendingDeadlines", nlohmann::json::array()}};
}

template <class Decider>
void touch(aggregate_actor<Decider>* self) {
  auto& st = self->state;
  st.last_active = clock_now();
  auto seen = ++st.activity;
  self->delayed_send(self, st.env.passivate_after, idle_atom::value, seen);
}

template <class Decider>
void maybe_snapshot(aggregate_actor<Decider>* self) {
  auto& st = self->state;
  if (st.version - st.snapshot_version < st.env.snapshot_every)
    return;
  st.snapshot_version = st.version;
  self->send(st.env.journal, snapshot_atom::value,
             persistence::snapshot{st.stream_id(), st.version, aggregate_traits<Decider>::snapshot_version,
                                   nlohmann::json(st.current)});
}

template <class Decider>
outcome<typename Decider::command> decode_command(const command_envelope& command) {
  auto data = nlohmann::json::parse(command.data, nullptr, false);
  if (data.is_discarded())
    return reject(error_code::bad_request, command.type + ": data is not JSON");
  return decode<typename Decider::command>(stored_event{command.type, command.schema_version, std::move(data)});
}

/// Answers a command that holds a NUL character, which no store can keep (neither in the message log nor
/// in an event): it is decided against the current state for the domain's own refusal (a field message
/// from its text rules, or 404 first), and refused anyway if the domain would take it.
template <class Decider>
command_reply refuse_unstorable(aggregate_actor<Decider>* self, const command_envelope& command) {
  auto decoded = decode_command<Decider>(command);
  if (!decoded)
    return rejected_reply(decoded.error());
  auto decided = Decider::decide(self->state.current, decoded.value(), decision_context(self->state.env.policy));
  if (!decided)
    return rejected_reply(decided.error());
  return rejected_reply(rejection{error_code::validation_failed, "A text holds a character the system cannot store.", {}});
}

/// An accepted reply carries the aggregate's own answer, from its state after the batch.
template <class Decider>
command_reply with_answer(aggregate_actor<Decider>* self, command_reply reply) {
  if (reply.status == command_reply::accepted)
    reply.answer = aggregate_traits<Decider>::answer(self->state.current).dump();
  return reply;
}

/// The store could not take the batch, or its outcome is unknown: answer everyone `unavailable` and
/// stop, so that the next message recreates the actor from the store rather than guessing.
template <class Decider>
void give_up(aggregate_actor<Decider>* self, std::vector<typename aggregate_state<Decider>::waiting>& batch,
             const std::string& why) {
  for (auto& waiting : batch)
    waiting.reply.deliver(unavailable_reply(why));
  self->quit(caf::exit_reason::user_shutdown);
}

/// Decides the commands not handled before, appends their events, answers everyone.
template <class Decider>
void commit(aggregate_actor<Decider>* self, std::vector<typename aggregate_state<Decider>::waiting> batch,
            const std::vector<persistence::recorded_event>& earlier) {
  auto& st = self->state;
  std::map<std::string, std::vector<persistence::recorded_event>> handled;
  for (const auto& event : earlier)
    handled[event.command_id].push_back(event);

  auto running = st.current;
  const auto ctx = decision_context(st.env.policy);
  append_request request{st.stream_id(), st.version, {}};
  // Per command in the batch: its reply when known now, or the range of its events in the request.
  std::vector<std::pair<std::size_t, std::size_t>> produced(batch.size());
  std::vector<std::optional<command_reply>> replies(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& command = batch[i].command;
    if (auto before = handled.find(command.id); before != handled.end()) {
      replies[i] = accepted_reply(before->second.back().version, before->second);
      continue;
    }
    auto decoded = decode_command<Decider>(command);
    if (!decoded) {
      replies[i] = rejected_reply(decoded.error());
      continue;
    }
    auto decided = Decider::decide(running, decoded.value(), ctx);
    if (!decided) {
      replies[i] = rejected_reply(decided.error());
      continue;
    }
    produced[i].first = request.events.size();
    const metadata meta{command.correlation_id, command.id, command.id};
    for (const auto& event : decided.value()) {
      running = Decider::evolve(std::move(running), event);
      request.events.push_back(persistence::new_event{encode(event), nlohmann::json(meta), random_uuid(), command.id});
    }
    produced[i].second = request.events.size();
  }

  if (request.events.empty()) {
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i].reply.deliver(with_answer(self, replies[i] ? *replies[i] : accepted_reply(st.version, {})));
    return;
  }
  self->request(st.env.journal, caf::infinite, append_atom::value,
                aggregate_traits<Decider>::write(running, std::move(request)))
    .await(
      [=](const append_outcome& outcome) mutable {
        auto& live = self->state;
        const auto& written = outcome.written;
        if (outcome.refused) {
          // The store turned the batch down for the domain (e.g. a slug clash): nothing was written and
          // the state stands. The aggregate's `max_batch` keeps such a batch to the command it concerns.
          for (auto& waiting : batch)
            waiting.reply.deliver(rejected_reply(*outcome.refused));
          return;
        }
        if (!written && written.error().invalid_input()) {
          // The store refused a value of the batch: nothing was written and the state stands.
          for (auto& waiting : batch)
            waiting.reply.deliver(rejected_reply(
              rejection{error_code::validation_failed, "A text holds a character the system cannot store.", {}}));
          return;
        }
        if (!written || written.value().what != persistence::append_result::appended) {
          give_up(self, batch, !written ? written.error().message : "another writer changed the stream");
          return;
        }
        fault_point("aggregate_appended");
        live.current = std::move(running);
        live.version = written.value().version;
        const auto& events = written.value().events;
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (replies[i]) {
            batch[i].reply.deliver(with_answer(self, *replies[i]));
            continue;
          }
          std::vector<persistence::recorded_event> own(events.begin() + static_cast<std::ptrdiff_t>(produced[i].first),
                                                        events.begin() + static_cast<std::ptrdiff_t>(produced[i].second));
          batch[i].reply.deliver(with_answer(self, accepted_reply(own.empty() ? live.version : own.back().version, own)));
        }
        maybe_snapshot(self);
      },
      [=](caf::error& failed) mutable { give_up(self, batch, self->system().render(failed)); });
}

template <class Decider>
void flush(aggregate_actor<Decider>* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  const auto take = std::min(st.pending.size(), st.env.max_batch);
  std::vector<typename aggregate_state<Decider>::waiting> batch;
  for (auto taken = st.pending.begin(); taken != st.pending.begin() + static_cast<std::ptrdiff_t>(take); ++taken) {
    if (persistence::holds_nul(taken->command.data))
      taken->reply.deliver(refuse_unstorable(self, taken->command));
    else
      batch.push_back(std::move(*taken));
  }
  st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(take));
  if (!st.pending.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
  if (batch.empty())
    return;
  std::vector<persistence::message_entry> logged;
  for (const auto& waiting : batch) {
    const auto& command = waiting.command;
    auto data = nlohmann::json::parse(command.data, nullptr, false);
    logged.push_back(persistence::message_entry{persistence::message_kind::command, command.id, command.type,
                                                command.source_id, command.correlation_id, command.causation_id,
                                                data.is_discarded() ? nlohmann::json::object() : data,
                                                {{"sender", command.sender}}});
  }
  self->request(st.env.journal, caf::infinite, lookup_atom::value, st.stream_id(), std::move(logged))
    .await(
      [=](const lookup_result& earlier) mutable {
        if (!earlier) {
          give_up(self, batch, earlier.error().message);
          return;
        }
        commit<Decider>(self, std::move(batch), earlier.value());
      },
      [=](caf::error& failed) mutable { give_up(self, batch, self->system().render(failed)); });
}

} // namespace detail

/// The behaviour once recovered.
template <class Decider>
caf::behavior running(aggregate_actor<Decider>* self) {
  return {
    [=](command_atom, command_envelope& command) -> caf::result<command_reply> {
      auto& st = self->state;
      detail::touch(self);
      st.pending.push_back({std::move(command), self->make_response_promise()});
      if (!st.flush_scheduled) {
        st.flush_scheduled = true;
        self->send(self, flush_atom::value);
      }
      return st.pending.back().reply;
    },
    [=](flush_atom) { detail::flush(self); },
    [=](inspect_atom) { return detail::inspection(self).dump(); },
    [=](idle_atom, std::uint64_t seen) {
      if (seen == self->state.activity && self->state.pending.empty())
        self->send(self->state.env.directory, idle_atom::value, self->state.id);
    },
    [=](passivate_atom) { self->quit(); },
  };
}

/// Spawned by the directory for aggregate `id`: recovers, then runs.
template <class Decider>
caf::behavior aggregate(aggregate_actor<Decider>* self, std::string id, aggregate_environment env) {
  self->state.id = std::move(id);
  self->state.env = std::move(env);
  self->state.env.max_batch = std::min(self->state.env.max_batch, aggregate_traits<Decider>::max_batch);
  self->state.last_active = clock_now();
  self->request(self->state.env.journal, caf::infinite, load_atom::value, self->state.stream_id(),
                aggregate_traits<Decider>::snapshot_version)
    .await(
      [=](const load_result& loaded) {
        auto& st = self->state;
        if (!loaded) {
          self->quit(caf::make_error(caf::sec::runtime_error, loaded.error().message));
          return;
        }
        if (const auto& snap = loaded.value().snapshot) {
          st.current = snap->state.template get<typename Decider::state>();
          st.version = st.snapshot_version = snap->version;
        }
        st.current = detail::apply_events<Decider>(std::move(st.current), loaded.value().events);
        if (!loaded.value().events.empty())
          st.version = loaded.value().events.back().version;
        // A long stream without a usable snapshot (none yet, or one of an older state shape) gets one now.
        detail::maybe_snapshot(self);
        detail::touch(self);
      },
      [=](caf::error& failed) { self->quit(failed); });
  return running<Decider>(self);
}

} // namespace contoso::actors
