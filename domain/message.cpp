#include "domain/message.hpp"

#include <nlohmann/json.hpp>

namespace contoso {

void to_json(nlohmann::json& j, const metadata& m) {
  j = nlohmann::json{{"correlationId", m.correlation_id},
                     {"causationId", m.causation_id},
                     {"commandId", m.command_id}};
}

void from_json(const nlohmann::json& j, metadata& m) {
  m.correlation_id = j.value("correlationId", std::string{});
  m.causation_id = j.value("causationId", std::string{});
  m.command_id = j.value("commandId", std::string{});
}

} // namespace contoso
