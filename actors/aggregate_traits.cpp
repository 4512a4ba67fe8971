#include "actors/aggregate_traits.hpp"

namespace contoso::actors {

batch_write aggregate_traits<management::conference::decider>::write(const management::conference::state& after,
                                                                     append_request request) {
  return [after, request = std::move(request)](const batch_stores& stores) mutable {
    auto saved = stores.conferences.save(after, request.expected_version, std::move(request.events), "",
                                         after.conference_id);
    if (!saved)
      return append_outcome{saved.error(), std::nullopt};
    auto& outcome = saved.value();
    if (outcome.what == persistence::conference_save_result::slug_taken)
      return append_outcome{persistence::append_result{persistence::append_result::conflict, outcome.version, {}},
                            rejection{error_code::slug_taken, "This slug is taken.", {}}};
    const auto what = outcome.what == persistence::conference_save_result::appended ? persistence::append_result::appended
                      : outcome.what == persistence::conference_save_result::duplicate
                        ? persistence::append_result::duplicate
                        : persistence::append_result::conflict;
    return append_outcome{persistence::append_result{what, outcome.version, std::move(outcome.events)}, std::nullopt};
  };
}

} // namespace contoso::actors
