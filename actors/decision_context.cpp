#include "actors/decision_context.hpp"

#include <chrono>

#include "domain/ids.hpp"

namespace contoso::actors {

instant clock_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

context decision_context(const registration::policy& policy) {
  return context{clock_now(), [] { return random_uuid(); }, [] { return random_access_code(); }, policy};
}

} // namespace contoso::actors
