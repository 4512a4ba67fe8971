#include "actors/aggregate_factory.hpp"

#include <stdexcept>

#include "actors/aggregate_actor.hpp"

namespace contoso::actors {

namespace {

template <class Decider>
instance_factory factory_of(std::function<aggregate_environment()> environment) {
  return [environment](caf::event_based_actor* directory, const std::string& id) -> caf::actor {
    auto env = environment();
    env.directory = caf::actor_cast<caf::actor>(directory);
    return directory->spawn<caf::linked>(aggregate<Decider>, id, env);
  };
}

} // namespace

instance_factory aggregate_factory(aggregate_kind kind, std::function<aggregate_environment()> environment) {
  instance_factory factory;
  visit_decider(kind, [&](auto decider) { factory = factory_of<decltype(decider)>(environment); });
  if (!factory)
    throw std::logic_error("unknown aggregate kind");
  return factory;
}

} // namespace contoso::actors
