#include "actors/fault_injection.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace contoso::actors {

namespace {

struct armed_fault {
  std::string name;
  long hits_before_crash = 1;
  std::atomic<long> hits{0};

  armed_fault() {
    const char* setting = std::getenv("CONFERENCE_FAULT_POINT");
    if (setting == nullptr)
      return;
    name = setting;
    if (auto colon = name.find(':'); colon != std::string::npos) {
      hits_before_crash = std::strtol(name.c_str() + colon + 1, nullptr, 10);
      name.resize(colon);
    }
  }
};

} // namespace

void fault_point(std::string_view name) {
  static armed_fault armed;
  if (armed.name.empty() || armed.name != name)
    return;
  if (++armed.hits >= armed.hits_before_crash)
    std::raise(SIGKILL);
}

} // namespace contoso::actors
