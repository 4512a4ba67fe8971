// The kinds' names, from the one list of aggregates.
#include "actors/aggregate_kind.hpp"

#include <stdexcept>

#include "actors/aggregate_traits.hpp"

namespace contoso::actors {

std::string_view to_string(aggregate_kind kind) {
  std::string_view name;
  visit_decider(kind, [&](auto decider) { name = aggregate_traits<decltype(decider)>::name; });
  if (name.empty())
    throw std::logic_error("unknown aggregate kind");
  return name;
}

std::optional<aggregate_kind> aggregate_kind_from_string(std::string_view name) {
  std::optional<aggregate_kind> found;
  for_each_decider([&](auto decider) {
    if (name == aggregate_traits<decltype(decider)>::name)
      found = aggregate_traits<decltype(decider)>::kind;
  });
  return found;
}

} // namespace contoso::actors
