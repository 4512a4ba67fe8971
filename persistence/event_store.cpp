#include "persistence/event_store.hpp"

namespace contoso::persistence {

std::string_view stream_category(std::string_view stream_id) {
  return stream_id.substr(0, stream_id.find('-'));
}

} // namespace contoso::persistence
