#include "domain/codec.hpp"

#include <stdexcept>

namespace contoso {

upcasters& upcasters::add(std::string type, int schema_version, rewrite apply) {
  entries_.push_back(entry{std::move(type), schema_version, std::move(apply)});
  return *this;
}

stored_event upcasters::apply(stored_event event) const {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& candidate : entries_) {
      if (candidate.type == event.type && candidate.schema_version == event.schema_version) {
        auto next = candidate.apply(event);
        if (next.type == event.type && next.schema_version <= event.schema_version)
          throw std::logic_error("upcaster for " + event.type + " did not advance the schema");
        event = std::move(next);
        changed = true;
      }
    }
  }
  return event;
}

} // namespace contoso
