#pragma once
/// The line protocol of `runtime_host` (tests/actors/runtime_host.cpp): one JSON object per line.
///
/// - In, a command: `{"kind": "order", "envelope": {id, sourceId, correlationId, causationId, sender,
///   type, schemaVersion, data}}` (`data` is the command's JSON object); out, the aggregate's reply
///   `{"command": id, "status", "version", "code", "message", "fields", "events"}`.
/// - In, a wait: `{"awaitReservation": orderId}` waits (up to 30 s) until the order's registration
///   process has had its reservation answered (its phase is no longer `new`, `awaitingReservation` or
///   `paidAwaitingReservation`), so a script pays only for reserved seats; out, `{"awaitReservation":
///   orderId, "phase": the phase then}`.

#include <string>

#include <nlohmann/json.hpp>

#include "actors/aggregate_kind.hpp"
#include "actors/commands.hpp"

namespace contoso::testing {

/// The command line for `command`, addressed to an aggregate of `kind`.
inline nlohmann::json command_line(actors::aggregate_kind kind, const actors::command_envelope& command) {
  return {{"kind", std::string(actors::to_string(kind))},
          {"envelope",
           {{"id", command.id},
            {"sourceId", command.source_id},
            {"correlationId", command.correlation_id},
            {"causationId", command.causation_id},
            {"sender", command.sender},
            {"type", command.type},
            {"schemaVersion", command.schema_version},
            {"data", nlohmann::json::parse(command.data)}}}};
}

/// The envelope of a command line.
inline actors::command_envelope envelope_of(const nlohmann::json& line) {
  const auto& in = line.at("envelope");
  return {in.at("id").get<std::string>(),
          in.at("sourceId").get<std::string>(),
          in.value("correlationId", std::string()),
          in.value("causationId", std::string()),
          in.value("sender", std::string("runtime_host")),
          in.at("type").get<std::string>(),
          in.value("schemaVersion", 1),
          in.at("data").dump()};
}

/// The reply line for the answer to command `command_id`.
inline nlohmann::json reply_line(const std::string& command_id, const actors::command_reply& reply) {
  return {{"command", command_id},
          {"status", reply.status},
          {"version", reply.version},
          {"code", to_string(reply.code)},
          {"message", reply.message},
          {"fields", nlohmann::json::parse(reply.fields)},
          {"events", nlohmann::json::parse(reply.events)}};
}

/// The line that makes the host wait until the order's reservation was answered.
inline nlohmann::json await_reservation_line(const std::string& order_id) {
  return {{"awaitReservation", order_id}};
}

} // namespace contoso::testing
