#include "actors/singletons.hpp"

#include <caf/all.hpp>

#include "actors/message_types.hpp"

namespace contoso::actors {

namespace {

struct keeper_state {
  static inline const char* name = "singleton_keeper";
};

void keep(persistence::singleton_leases& leases, const std::vector<std::string>& names,
          singleton_leadership& leadership) {
  for (const auto& name : names) {
    if (leadership.leads(name))
      continue;
    auto taken = leases.take(name);
    if (!taken) {
      leadership.lose_all(); // the connection went, and every lease with it
      return;
    }
    if (taken.value())
      leadership.lead(name);
  }
  if (!leases.alive())
    leadership.lose_all();
}

caf::behavior keeper(caf::stateful_actor<keeper_state>* self, persistence::singleton_leases* leases,
                     std::vector<std::string> names, std::shared_ptr<singleton_leadership> leadership,
                     caf::timespan every) {
  self->send(self, tick_atom::value);
  // The leases themselves stay taken until the singletons have stopped (`release_all`, by the runtime).
  self->attach_functor([=] { leadership->lose_all(); });
  return {
    [=](tick_atom) {
      keep(*leases, names, *leadership);
      self->delayed_send(self, every, tick_atom::value);
    },
  };
}

} // namespace

caf::actor start_singleton_keeper(caf::actor_system& system, persistence::singleton_leases& leases,
                                  std::vector<std::string> names, std::shared_ptr<singleton_leadership> leadership,
                                  std::chrono::milliseconds every) {
  return system.spawn<caf::detached>(keeper, &leases, std::move(names), std::move(leadership),
                                     std::chrono::duration_cast<caf::timespan>(every));
}

} // namespace contoso::actors
