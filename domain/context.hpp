#pragma once
/// Everything a decision may need from outside: the time, fresh ids and codes, and the policy.
/// Passing them in keeps `decide` and `react` pure, and lets tests fix the clock and the ids.

#include <functional>
#include <string>

#include "domain/registration/policy.hpp"
#include "domain/time.hpp"

namespace contoso {

struct context {
  instant now{};
  std::function<std::string()> new_id;          ///< a fresh UUID
  std::function<std::string()> new_access_code; ///< six letters of ids.hpp's alphabet
  registration::policy policy{};
};

} // namespace contoso
