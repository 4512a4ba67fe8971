#include "actors/upcast.hpp"

#include "actors/aggregate_traits.hpp"

namespace contoso::actors {

persistence::recorded_event upcast(persistence::recorded_event recorded) {
  for_each_decider([&](auto decider) {
    using decider_type = decltype(decider);
    if (is_stream_of<decider_type>(recorded.stream_id))
      recorded.event = aggregate_traits<decider_type>::upcast().apply(std::move(recorded.event));
  });
  return recorded;
}

std::vector<persistence::recorded_event> upcast(std::vector<persistence::recorded_event> batch) {
  for (auto& recorded : batch)
    recorded = upcast(std::move(recorded));
  return batch;
}

} // namespace contoso::actors
