#include "persistence/conference_store.hpp"

#include <utility>

namespace contoso::persistence {

std::string conference_stream(const std::string& conference_id) { return "conference-" + conference_id; }

conference_save_result conference_save_result::of(append_result appended) {
  status what = conference_save_result::appended;
  switch (appended.what) {
  case append_result::appended: what = conference_save_result::appended; break;
  case append_result::conflict: what = conference_save_result::conflict; break;
  case append_result::duplicate: what = conference_save_result::duplicate; break;
  }
  return conference_save_result{what, appended.version, std::move(appended.events)};
}

} // namespace contoso::persistence
