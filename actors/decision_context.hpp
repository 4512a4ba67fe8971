#pragma once
/// The clock and fresh ids from outside, so that `decide` and `react` stay pure.

#include "domain/context.hpp"
#include "domain/registration/policy.hpp"
#include "domain/time.hpp"

namespace contoso::actors {

/// The context a decision runs with: now, fresh UUIDs and access codes, and the policy.
context decision_context(const registration::policy& policy);
/// Now, to the millisecond (what the stores keep).
instant clock_now();

} // namespace contoso::actors
