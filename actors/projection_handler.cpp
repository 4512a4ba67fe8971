#include "actors/handlers.hpp"

#include <utility>

#include "actors/fault_injection.hpp"
#include "actors/upcast.hpp"

namespace contoso::actors {

namespace {

using persistence::recorded_event;
using persistence::result;

class projection : public event_handler {
public:
  projection(persistence::read_models::projections& projections, std::string name)
    : projections_(projections), name_(std::move(name)) {}

  const std::string& name() const override { return name_; }

  result<persistence::global_cursor> position() override {
    auto listed = projections_.list();
    if (!listed)
      return listed.error();
    for (const auto& status : listed.value())
      if (status.name == name_)
        return status.cursor;
    return persistence::persistence_error{"no projection named " + name_};
  }

  result<void> handle(const std::vector<recorded_event>& events) override {
    auto applied = projections_.apply(name_, events);
    if (applied)
      fault_point("projection_applied");
    return applied;
  }

  result<void> skip(const recorded_event& event) override {
    // A type no projection reads moves the cursor past the dead letter and writes nothing else.
    auto passed = event;
    passed.event = stored_event{"DeadLettered", 1, nlohmann::json::object()};
    return projections_.apply(name_, {passed});
  }

  result<void> retry(const recorded_event&) override {
    return persistence::persistence_error{"a projection takes a dead letter back through a rebuild"};
  }

private:
  persistence::read_models::projections& projections_;
  std::string name_;
};

} // namespace

std::shared_ptr<event_handler> projection_handler(persistence::read_models::projections& projections,
                                                  std::string name) {
  return std::make_shared<projection>(projections, std::move(name));
}

persistence::result<void> rebuild_projection(persistence::read_models::projections& projections,
                                             persistence::event_store& events, const std::string& name) {
  if (auto begun = projections.begin_rebuild(name); !begun)
    return begun;
  persistence::global_cursor cursor;
  for (;;) {
    auto read = events.read_all(cursor, 500);
    if (!read)
      return read.error();
    const auto batch = upcast(std::move(read.value()));
    if (!batch.empty()) {
      if (auto applied = projections.apply_rebuild(name, batch); !applied)
        return applied;
      cursor = batch.back().cursor();
      continue;
    }
    auto swapped = projections.finish_rebuild(name);
    if (!swapped)
      return swapped.error();
    if (!swapped.value())
      return persistence::persistence_error{"rebuild of " + name + ": the log ended before the live tables' cursor"};
    return {};
  }
}

} // namespace contoso::actors
