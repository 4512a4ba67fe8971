#include "persistence/cluster_store.hpp"

#include <utility>

namespace contoso::persistence {

namespace {

constexpr std::pair<member_status, std::string_view> status_names[] = {
  {member_status::joining, "joining"},
  {member_status::up, "up"},
  {member_status::leaving, "leaving"},
  {member_status::down, "down"},
};

} // namespace

std::string_view to_string(member_status status) {
  for (const auto& [candidate, name] : status_names)
    if (candidate == status)
      return name;
  return "down";
}

std::optional<member_status> member_status_from_string(std::string_view text) {
  for (const auto& [status, name] : status_names)
    if (name == text)
      return status;
  return std::nullopt;
}

} // namespace contoso::persistence
