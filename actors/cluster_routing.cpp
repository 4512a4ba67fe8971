#include "actors/cluster_routing.hpp"

#include <functional>
#include <unordered_map>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/message_types.hpp"
#include "actors/replies.hpp"

namespace contoso::actors {

namespace {

using nlohmann::json;

// A router tries a message again this often, this many times: past a member timeout and the beats that
// move a shard to its next owner.
constexpr auto retry_every = std::chrono::milliseconds(100);
constexpr int attempts = 150;
// How long a router waits for another node's answer before it asks the map again.
constexpr auto remote_timeout = std::chrono::seconds(10);
// How long a gateway waits for a process's reaction (its sender gave up long before).
constexpr auto process_timeout = std::chrono::seconds(60);

// A process input as it crosses to another node: JSON text of the recorded event or the deadline.
std::string to_wire(const process_input& input) {
  json wire{{"processId", input.process_id}, {"event", nullptr}, {"deadline", nullptr}};
  if (const auto& event = input.event)
    wire["event"] = {{"streamId", event->stream_id},
                     {"version", event->version},
                     {"position", event->position},
                     {"tx", event->tx},
                     {"eventId", event->event_id},
                     {"type", event->event.type},
                     {"schemaVersion", event->event.schema_version},
                     {"data", event->event.data},
                     {"metadata", event->metadata},
                     {"commandId", event->command_id},
                     {"recordedAt", event->recorded_at}};
  if (const auto& deadline = input.deadline)
    wire["deadline"] = {{"id", deadline->id},
                        {"owner", deadline->owner},
                        {"kind", deadline->kind},
                        {"dueAt", deadline->due_at},
                        {"payload", deadline->payload}};
  return wire.dump();
}

// The process input of its wire form; throws json::exception for text that is not one.
process_input from_wire(const std::string& text) {
  const auto wire = json::parse(text);
  process_input input;
  input.process_id = wire.at("processId").get<std::string>();
  if (const auto& event = wire.at("event"); !event.is_null()) {
    persistence::recorded_event recorded;
    recorded.stream_id = event.at("streamId").get<std::string>();
    recorded.version = event.at("version").get<std::int64_t>();
    recorded.position = event.at("position").get<std::int64_t>();
    recorded.tx = event.at("tx").get<std::uint64_t>();
    recorded.event_id = event.at("eventId").get<std::string>();
    recorded.event = {event.at("type").get<std::string>(), event.at("schemaVersion").get<int>(), event.at("data")};
    recorded.metadata = event.at("metadata");
    recorded.command_id = event.at("commandId").get<std::string>();
    recorded.recorded_at = event.at("recordedAt").get<instant>();
    input.event = std::move(recorded);
  }
  if (const auto& deadline = wire.at("deadline"); !deadline.is_null())
    input.deadline = persistence::deadline{deadline.at("id").get<std::string>(), deadline.at("owner").get<std::string>(),
                                           deadline.at("kind").get<std::string>(), deadline.at("dueAt").get<instant>(),
                                           deadline.at("payload")};
  return input;
}

struct gateway_state {
  static inline const char* name = "gateway";
  std::string node_id;
  std::map<std::string, caf::actor> directories;
  std::shared_ptr<const shard_homes> homes;

  /// The directory of `type` when this node takes the shard of `id`; a null handle otherwise.
  caf::actor taking(const std::string& type, const std::string& id) const {
    auto found = directories.find(type);
    if (found == directories.end() || !homes->takes(homes->shard_of(id)))
      return {};
    return found->second;
  }
};
using gateway_actor = caf::stateful_actor<gateway_state>;

caf::behavior gateway(gateway_actor* self, std::string node_id, std::map<std::string, caf::actor> directories,
                      std::shared_ptr<const shard_homes> homes) {
  self->state.node_id = std::move(node_id);
  self->state.directories = std::move(directories);
  self->state.homes = std::move(homes);
  return {
    [=](node_atom) { return self->state.node_id; },
    [=](command_atom, const std::string& type, command_envelope& command) {
      if (auto directory = self->state.taking(type, command.source_id))
        self->delegate(directory, command_atom::value, std::move(command));
      else
        self->make_response_promise().deliver(moved_reply());
    },
    [=](react_atom, const std::string& type, const std::string& wire) {
      auto promise = self->make_response_promise();
      process_input input;
      try {
        input = from_wire(wire);
      } catch (const json::exception& unreadable) {
        return promise.deliver(unavailable_reply(std::string("unreadable process input: ") + unreadable.what()));
      }
      auto directory = self->state.taking(type, input.process_id);
      if (!directory)
        return promise.deliver(moved_reply());
      self->request(directory, process_timeout, react_atom::value, std::move(input))
        .then([=](bool done) mutable { promise.deliver(done ? command_reply{} : unavailable_reply("not done")); },
              [=](caf::error& failed) mutable { promise.deliver(unavailable_reply(self->system().render(failed))); });
    },
    [=](inspect_atom, const std::string& type, const std::string& id) {
      auto found = self->state.directories.find(type);
      if (found != self->state.directories.end())
        self->delegate(found->second, inspect_atom::value, id);
      else
        self->make_response_promise().deliver(caf::make_error(caf::sec::invalid_argument));
    },
    [=](list_atom, const std::string& type) {
      auto found = self->state.directories.find(type);
      if (found != self->state.directories.end())
        self->delegate(found->second, list_atom::value);
      else
        self->make_response_promise().deliver(std::vector<std::string>{});
    },
    [=](passivate_atom, const std::string& type, const std::string& id) {
      if (auto found = self->state.directories.find(type); found != self->state.directories.end())
        self->send(found->second, passivate_atom::value, id);
    },
  };
}

struct router_state {
  static inline const char* name = "router";
  std::string type;
  caf::actor local;
  std::shared_ptr<const shard_homes> homes;
  std::shared_ptr<routing_counters> counters;
  std::uint64_t next_retry = 0;
  std::unordered_map<std::uint64_t, std::function<void()>> retries; ///< by key, each to run once
};
using router_actor = caf::stateful_actor<router_state>;

/// Runs `again` after the retry interval.
void later(router_actor* self, std::function<void()> again) {
  auto key = ++self->state.next_retry;
  self->state.retries.emplace(key, std::move(again));
  self->delayed_send(self, retry_every, retry_atom::value, key);
}

/// The home of the actor `id`'s shard, if it has one now.
std::optional<shard_homes::home> home_of(router_actor* self, const std::string& id) {
  return self->state.homes->home_of(self->state.homes->shard_of(id));
}

/// Sends a message for actor `id` to its home until one answers it, `left` more times. `here` hands it to
/// this node's directory; `remote` sends it to a gateway and calls back with its reply: false for
/// `moved` or no answer, which tries again; `give_up` answers when no attempt is left.
struct routed {
  std::string id;
  std::function<void(router_actor*)> here;
  std::function<void(router_actor*, const caf::actor& gateway, std::function<void(bool)> answered)> remote;
  std::function<void()> give_up;
};

void route(router_actor* self, std::shared_ptr<routed> message, int left) {
  auto again = [=] {
    if (left == 0)
      return message->give_up();
    later(self, [=] { route(self, message, left - 1); });
  };
  auto home = home_of(self, message->id);
  if (!home)
    return again();
  if (home->here)
    return message->here(self);
  message->remote(self, home->gateway, [=](bool delivered) {
    if (!delivered)
      again();
  });
}

caf::behavior router(router_actor* self, std::string type, caf::actor local, std::shared_ptr<const shard_homes> homes,
                     std::shared_ptr<routing_counters> counters) {
  auto& st = self->state;
  st.type = std::move(type);
  st.local = std::move(local);
  st.homes = std::move(homes);
  st.counters = std::move(counters);
  // The answer of a remote send, timed; `moved` counts as not delivered.
  auto timed = [self](std::chrono::steady_clock::time_point sent, const command_reply& reply) {
    self->state.counters->remote_answered(std::chrono::steady_clock::now() - sent);
    if (reply.status != command_reply::moved)
      return true;
    self->state.counters->moved();
    return false;
  };
  return {
    [=](command_atom, command_envelope& command) {
      auto promise = self->make_response_promise();
      auto message = std::make_shared<routed>();
      message->id = command.source_id;
      message->here = [=](router_actor* at) mutable {
        promise.delegate(at->state.local, command_atom::value, command);
      };
      message->remote = [=](router_actor* at, const caf::actor& gateway, std::function<void(bool)> answered) mutable {
        const auto sent = std::chrono::steady_clock::now();
        at->request(gateway, remote_timeout, command_atom::value, at->state.type, command)
          .then(
            [=](command_reply& reply) mutable {
              const bool delivered = timed(sent, reply);
              if (delivered)
                promise.deliver(std::move(reply));
              answered(delivered);
            },
            [=](caf::error&) { answered(false); });
      };
      message->give_up = [=]() mutable {
        promise.deliver(unavailable_reply("no node took the shard of " + command.source_id + " in time"));
      };
      route(self, message, attempts);
    },
    [=](react_atom, process_input& input) {
      auto promise = self->make_response_promise();
      auto message = std::make_shared<routed>();
      message->id = input.process_id;
      message->here = [=](router_actor* at) mutable { promise.delegate(at->state.local, react_atom::value, input); };
      message->remote = [=, wire = to_wire(input)](router_actor* at, const caf::actor& gateway,
                                                   std::function<void(bool)> answered) mutable {
        const auto sent = std::chrono::steady_clock::now();
        at->request(gateway, remote_timeout, react_atom::value, at->state.type, wire)
          .then(
            [=](command_reply& reply) mutable {
              const bool delivered = timed(sent, reply);
              if (delivered)
                promise.deliver(reply.status == command_reply::accepted);
              answered(delivered);
            },
            [=](caf::error&) { answered(false); });
      };
      message->give_up = [=]() mutable { promise.deliver(false); };
      route(self, message, attempts);
    },
    [=](inspect_atom, const std::string& id) {
      auto home = home_of(self, id);
      if (!home || home->here)
        self->delegate(self->state.local, inspect_atom::value, id);
      else
        self->delegate(home->gateway, inspect_atom::value, self->state.type, id);
    },
    [=](list_atom) { self->delegate(self->state.local, list_atom::value); },
    [=](passivate_atom, const std::string& id) {
      auto home = home_of(self, id);
      if (!home || home->here)
        self->send(self->state.local, passivate_atom::value, id);
      else
        self->send(home->gateway, passivate_atom::value, self->state.type, id);
    },
    [=](retry_atom, std::uint64_t key) {
      auto found = self->state.retries.find(key);
      if (found == self->state.retries.end())
        return;
      auto again = std::move(found->second);
      self->state.retries.erase(found);
      again();
    },
  };
}

} // namespace

caf::actor spawn_gateway(caf::actor_system& system, std::string node_id, std::map<std::string, caf::actor> directories,
                         std::shared_ptr<const shard_homes> homes) {
  return system.spawn(gateway, std::move(node_id), std::move(directories), std::move(homes));
}

caf::actor spawn_router(caf::actor_system& system, std::string type, caf::actor local,
                        std::shared_ptr<const shard_homes> homes, std::shared_ptr<routing_counters> counters) {
  return system.spawn(router, std::move(type), std::move(local), std::move(homes), std::move(counters));
}

} // namespace contoso::actors
