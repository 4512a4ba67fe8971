#include "actors/message_types.hpp"

namespace contoso::actors {

void add_message_types(caf::actor_system_config& config) {
  config.add_message_type<command_envelope>("command_envelope");
  config.add_message_type<command_reply>("command_reply");
}

} // namespace contoso::actors
