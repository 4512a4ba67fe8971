#include "actors/registration_processes.hpp"

#include "actors/decision_context.hpp"
#include "actors/message_types.hpp"

namespace contoso::actors {

caf::behavior deadline_actor(caf::stateful_actor<deadline_state>* self, persistence::deadline_store* deadlines,
                             caf::actor processes, caf::timespan poll,
                             std::shared_ptr<const singleton_leadership> leadership) {
  self->send(self, fire_atom::value);
  return {
    [=](fire_atom) {
      if (!runs_here(leadership, deadlines_singleton)) {
        self->delayed_send(self, poll, fire_atom::value);
        return;
      }
      if (auto due = deadlines->due(clock_now(), 100); due) {
        caf::scoped_actor asker{self->system()};
        for (const auto& deadline : due.value())
          asker->request(processes, std::chrono::seconds(30), react_atom::value,
                         process_input{deadline.owner, std::nullopt, deadline})
            .receive([](bool) {}, [](caf::error&) {});
      }
      self->delayed_send(self, poll, fire_atom::value);
    },
  };
}

} // namespace contoso::actors
