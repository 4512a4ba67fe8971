#include "http/openapi.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "http/json_io.hpp"

namespace contoso::http {
namespace {

/// Who may call an operation.
enum class caller { anyone, owner, admin };

/// One operation of the contract: its success answer, and the error statuses it may give besides those
/// every operation may give (400, 413, 415, 429 are listed where they apply; 503 everywhere).
struct operation {
  const char* method;
  const char* path;
  const char* summary;
  caller who;
  const char* request_schema; ///< a component name, or nullptr for no body
  int status;
  const char* response_schema; ///< a component name, "text", "html", or nullptr for no body
  std::vector<int> errors;
};

const std::vector<operation>& operations() {
  static const std::vector<operation> table = {
    // §3 Conference management
    {"POST", "/api/conferences", "Create a conference (unpublished); the answer carries its access code.",
     caller::anyone, "ConferenceCreation", 201, "ManagedConference", {400, 409, 413, 415, 422}},
    {"POST", "/api/management/login", "Check an owner's email and access code.", caller::anyone, "OwnerLogin", 200,
     "LoginResult", {400, 401, 413, 415, 429}},
    {"GET", "/api/management/conferences/{id}", "A conference as its owner sees it.", caller::owner, nullptr, 200,
     "ManagedConference", {400, 401, 404, 429}},
    {"PUT", "/api/management/conferences/{id}", "Edit a conference's details; publishing state is untouched.",
     caller::owner, "ConferenceEdit", 200, "ManagedConference", {400, 401, 404, 413, 415, 422, 429}},
    {"POST", "/api/management/conferences/{id}/publish", "Publish a conference.", caller::owner, nullptr, 200,
     "PublishState", {400, 401, 404, 429}},
    {"POST", "/api/management/conferences/{id}/unpublish", "Unpublish a conference; no new orders.", caller::owner,
     nullptr, 200, "PublishState", {400, 401, 404, 429}},
    {"POST", "/api/management/conferences/{id}/seat-types", "Add a seat type.", caller::owner, "SeatTypeInput", 201,
     "ManagedSeatType", {400, 401, 404, 413, 415, 422, 429}},
    {"PUT", "/api/management/conferences/{id}/seat-types/{seatTypeId}", "Change a seat type.", caller::owner,
     "SeatTypeInput", 200, "ManagedSeatType", {400, 401, 404, 413, 415, 422, 429}},
    {"DELETE", "/api/management/conferences/{id}/seat-types/{seatTypeId}",
     "Delete a seat type of a conference that was never published.", caller::owner, nullptr, 204, nullptr,
     {400, 401, 404, 409, 429}},
    {"GET", "/api/management/conferences/{id}/orders", "The conference's orders (expired ones are not listed).",
     caller::owner, nullptr, 200, "OwnerOrderList", {400, 401, 404, 429}},
    {"POST", "/api/management/conferences/{id}/promo-codes", "Create a promo code.", caller::owner, "PromoCodeInput",
     201, "PromoCode", {400, 401, 404, 409, 413, 415, 422, 429}},
    {"GET", "/api/management/conferences/{id}/promo-codes", "The conference's promo codes with their uses.",
     caller::owner, nullptr, 200, "PromoCodeList", {400, 401, 404, 429}},
    // §4 Registration
    {"GET", "/api/conferences", "Published conferences.", caller::anyone, nullptr, 200, "ConferenceSummaryList", {}},
    {"GET", "/api/conferences/{slug}", "A published conference with its seat types and seats left.", caller::anyone,
     nullptr, 200, "PublicConference", {404}},
    {"POST", "/api/conferences/{slug}/orders", "Place an order; seats are reserved asynchronously.", caller::anyone,
     "OrderPlacement", 202, "Order", {400, 404, 409, 413, 415, 422}},
    {"GET", "/api/orders/{orderId}", "An order; `minVersion` waits up to 5 s for the view to catch up.",
     caller::anyone, nullptr, 200, "Order", {400, 404}},
    {"PUT", "/api/orders/{orderId}/seats", "Change the seats of an order; re-reserves.", caller::anyone,
     "SeatsChange", 202, "Order", {400, 404, 409, 413, 415, 422}},
    {"PUT", "/api/orders/{orderId}/registrant", "Assign the registrant's details.", caller::anyone, "Person", 200,
     "Order", {400, 404, 409, 413, 415, 422}},
    {"POST", "/api/orders/{orderId}/payment", "Start a payment (or confirm a free order).", caller::anyone,
     "PaymentRequest", 201, "PaymentStart", {400, 404, 409, 413, 415, 422}},
    {"GET", "/api/payments/{paymentId}", "A payment.", caller::anyone, nullptr, 200, "Payment", {400, 404}},
    {"POST", "/api/payments/{paymentId}/accept", "The simulated processor accepts the payment.", caller::anyone,
     nullptr, 200, "Payment", {400, 404, 409}},
    {"POST", "/api/payments/{paymentId}/reject", "The simulated processor rejects the payment.", caller::anyone,
     nullptr, 200, "Payment", {400, 404, 409}},
    {"POST", "/api/orders/lookup", "Find an order by registrant email and access code.", caller::anyone,
     "OrderLookup", 200, "OrderLookupResult", {400, 404, 413, 415}},
    {"GET", "/api/orders/{orderId}/seat-assignments", "The seats of a confirmed order and their attendees.",
     caller::anyone, nullptr, 200, "SeatAssignments", {400, 404}},
    {"PUT", "/api/orders/{orderId}/seat-assignments/{position}", "Assign an attendee to a seat.", caller::anyone,
     "Person", 202, "Accepted", {400, 404, 413, 415, 422}},
    {"DELETE", "/api/orders/{orderId}/seat-assignments/{position}", "Unassign a seat (no-op when empty).",
     caller::anyone, nullptr, 202, "Accepted", {400, 404, 422}},
    // §5 Administration and operations
    {"GET", "/api/admin/actors", "Live actors on this node (`type`, `limit` ≤ 1000, default 100).", caller::admin,
     nullptr, 200, "ActorList", {400, 401}},
    {"GET", "/api/admin/actors/{type}/{id}", "An actor's own account of itself; started when not live.",
     caller::admin, nullptr, 200, "ActorDetail", {400, 401, 404}},
    {"POST", "/api/admin/actors/{type}/{id}/passivate", "Stop an actor; its next message brings it back.",
     caller::admin, nullptr, 202, "Passivation", {400, 401, 404}},
    {"GET", "/api/admin/streams/{streamId}", "A stream's events, oldest first.", caller::admin, nullptr, 200,
     "StreamEvents", {401, 404}},
    {"GET", "/api/admin/messages",
     "The message log, oldest first: `kind`, `type`, `sourceId`, `after` (exclusive), `limit` (default 100, ≤ 1000).",
     caller::admin, nullptr, 200, "MessageList", {400, 401}},
    {"GET", "/api/admin/projections", "Subscriptions (projections and processes) with position, lag and status.",
     caller::admin, nullptr, 200, "ProjectionList", {401}},
    {"POST", "/api/admin/projections/{name}/rebuild", "Start rebuilding a projection into shadow tables.",
     caller::admin, nullptr, 202, "Rebuild", {401, 404}},
    {"GET", "/api/admin/dead-letters", "Messages a handler gave up on, newest first, with the error.", caller::admin,
     nullptr, 200, "DeadLetterList", {400, 401}},
    {"POST", "/api/admin/dead-letters/{id}/retry", "Hand a dead letter to its handler again.", caller::admin, nullptr,
     200, "RetryOutcome", {400, 401, 404}},
    {"GET", "/api/admin/cluster", "The nodes of the cluster.", caller::admin, nullptr, 200, "Cluster", {401}},
    {"GET", "/healthz", "Liveness.", caller::anyone, nullptr, 200, "Status", {}},
    {"GET", "/readyz", "Readiness: database reachable, migrations applied, not leaving.", caller::anyone, nullptr, 200, "Status",
     {}},
    {"GET", "/metrics", "Prometheus text format.", caller::anyone, nullptr, 200, "text", {}},
    {"GET", "/api/openapi.json", "This document.", caller::anyone, nullptr, 200, "OpenApi", {}},
  };
  return table;
}

/// Component schemas, at the top level of each body.
const char* const schemas = R"json({
  "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
    "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
  "Owner": {"type": "object", "required": ["name", "email"], "properties": {"name": {"type": "string"},
    "email": {"type": "string", "format": "email"}}},
  "Person": {"type": "object", "required": ["firstName", "lastName", "email"], "properties": {
    "firstName": {"type": "string"}, "lastName": {"type": "string"}, "email": {"type": "string", "format": "email"}}},
  "ConferenceCreation": {"type": "object", "required": ["name", "description", "location", "slug", "startDate",
    "endDate", "owner"], "properties": {"name": {"type": "string"}, "description": {"type": "string"},
    "location": {"type": "string"}, "tagline": {"type": "string"}, "twitterSearch": {"type": "string"},
    "slug": {"type": "string", "pattern": "^[A-Za-z0-9_]+$"}, "startDate": {"type": "string", "format": "date"},
    "endDate": {"type": "string", "format": "date"}, "owner": {"$ref": "#/components/schemas/Owner"}}},
  "ConferenceEdit": {"type": "object", "properties": {"name": {"type": "string"}, "description": {"type": "string"},
    "location": {"type": "string"}, "tagline": {"type": "string"}, "twitterSearch": {"type": "string"},
    "startDate": {"type": "string", "format": "date"}, "endDate": {"type": "string", "format": "date"}}},
  "ManagedSeatType": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"},
    "name": {"type": "string"}, "description": {"type": "string"}, "quantity": {"type": "integer"},
    "price": {"type": "number"}, "available": {"type": "integer"}}},
  "ManagedConference": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"},
    "slug": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
    "location": {"type": "string"}, "tagline": {"type": "string"}, "twitterSearch": {"type": "string"},
    "startDate": {"type": "string", "format": "date"}, "endDate": {"type": "string", "format": "date"},
    "owner": {"$ref": "#/components/schemas/Owner"}, "accessCode": {"type": "string"},
    "isPublished": {"type": "boolean"}, "wasEverPublished": {"type": "boolean"},
    "seatTypes": {"type": "array", "items": {"$ref": "#/components/schemas/ManagedSeatType"}},
    "version": {"type": "integer"}}},
  "OwnerLogin": {"type": "object", "required": ["email", "accessCode"], "properties": {
    "email": {"type": "string"}, "accessCode": {"type": "string"}}},
  "LoginResult": {"type": "object", "properties": {"conferenceId": {"type": "string", "format": "uuid"},
    "slug": {"type": "string"}}},
  "PublishState": {"type": "object", "properties": {"isPublished": {"type": "boolean"}}},
  "SeatTypeInput": {"type": "object", "required": ["name", "description", "quantity", "price"], "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 70}, "description": {"type": "string", "maxLength": 250},
    "quantity": {"type": "integer", "minimum": 0, "maximum": 100000},
    "price": {"type": "number", "minimum": 0, "maximum": 50000}}},
  "OwnerOrderList": {"type": "array", "items": {"type": "object", "properties": {
    "orderId": {"type": "string", "format": "uuid"}, "accessCode": {"type": "string"},
    "status": {"type": "string", "enum": ["pending", "paid", "attention"]}, "total": {"type": "number"},
    "registrant": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Person"}]},
    "seats": {"type": "array", "items": {"$ref": "#/components/schemas/AssignedSeat"}}}}},
  "PromoCodeInput": {"type": "object", "required": ["code"], "properties": {
    "code": {"type": "string", "pattern": "^[A-Z0-9]{3,20}$"}, "percentOff": {"type": "integer", "minimum": 1,
    "maximum": 100}, "amountOff": {"type": "number"}, "seatTypeIds": {"type": "array", "items": {"type": "string",
    "format": "uuid"}}, "maxUses": {"type": "integer", "nullable": true, "minimum": 1}}},
  "PromoCode": {"type": "object", "properties": {"code": {"type": "string"}, "percentOff": {"type": "integer"},
    "amountOff": {"type": "number"}, "seatTypeIds": {"type": "array", "items": {"type": "string"}},
    "maxUses": {"type": "integer", "nullable": true}, "used": {"type": "integer"}}},
  "PromoCodeList": {"type": "array", "items": {"$ref": "#/components/schemas/PromoCode"}},
  "ConferenceSummaryList": {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "slug": {"type": "string"}, "name": {"type": "string"},
    "tagline": {"type": "string"}, "location": {"type": "string"}, "startDate": {"type": "string", "format": "date"},
    "endDate": {"type": "string", "format": "date"}}}},
  "PublicConference": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"},
    "slug": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
    "location": {"type": "string"}, "tagline": {"type": "string"}, "twitterSearch": {"type": "string"},
    "startDate": {"type": "string", "format": "date"}, "endDate": {"type": "string", "format": "date"},
    "seatTypes": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string",
    "format": "uuid"}, "name": {"type": "string"}, "description": {"type": "string"}, "price": {"type": "number"},
    "available": {"type": "integer", "minimum": 0}}}},
    "version": {"type": "integer"}, "maxSeatsPerLine": {"type": "integer", "minimum": 1}}},
  "SeatRequest": {"type": "object", "required": ["seatTypeId", "quantity"], "properties": {
    "seatTypeId": {"type": "string", "format": "uuid"}, "quantity": {"type": "integer"}}},
  "OrderPlacement": {"type": "object", "required": ["seats"], "properties": {"orderId": {"type": "string",
    "format": "uuid"}, "seats": {"type": "array", "items": {"$ref": "#/components/schemas/SeatRequest"}},
    "promoCode": {"type": "string"}}},
  "SeatsChange": {"type": "object", "required": ["seats"], "properties": {"seats": {"type": "array",
    "items": {"$ref": "#/components/schemas/SeatRequest"}}}},
  "Order": {"type": "object", "properties": {"orderId": {"type": "string", "format": "uuid"},
    "conferenceId": {"type": "string", "format": "uuid"}, "conferenceSlug": {"type": "string"},
    "status": {"type": "string", "enum": ["pending", "reserved", "partiallyReserved", "confirmed", "expired",
    "rejected", "attention"]}, "version": {"type": "integer"}, "accessCode": {"type": "string"},
    "lines": {"type": "array", "items": {"type": "object", "properties": {"seatTypeId": {"type": "string"},
    "seatTypeName": {"type": "string"}, "requested": {"type": "integer"}, "reserved": {"type": "integer"},
    "unitPrice": {"type": "number"}, "lineTotal": {"type": "number"}}}}, "promoCode": {"type": "string",
    "nullable": true}, "discount": {"type": "number"}, "total": {"type": "number"},
    "isFreeOfCharge": {"type": "boolean"}, "reservationExpiresAt": {"type": "string", "format": "date-time",
    "nullable": true}, "registrant": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Person"}]},
    "paymentId": {"type": "string", "format": "uuid", "nullable": true}}},
  "PaymentRequest": {"type": "object", "required": ["method"], "properties": {"method": {"type": "string",
    "enum": ["thirdParty"]}}},
  "PaymentStart": {"type": "object", "description": "201: the payment started; 200: a free order, confirmed (an Order).",
    "properties": {"paymentId": {"type": "string", "format": "uuid"}, "amount": {"type": "number"},
    "paymentUrl": {"type": "string"}}},
  "Payment": {"type": "object", "properties": {"paymentId": {"type": "string", "format": "uuid"},
    "orderId": {"type": "string", "format": "uuid"}, "amount": {"type": "number"}, "description": {"type": "string"},
    "status": {"type": "string", "enum": ["initiated", "completed", "rejected"]}}},
  "OrderLookup": {"type": "object", "required": ["email", "accessCode"], "properties": {
    "email": {"type": "string"}, "accessCode": {"type": "string"}}},
  "OrderLookupResult": {"type": "object", "properties": {"orderId": {"type": "string", "format": "uuid"},
    "conferenceSlug": {"type": "string"}}},
  "AssignedSeat": {"type": "object", "properties": {"position": {"type": "integer"}, "seatTypeId": {"type": "string"},
    "seatTypeName": {"type": "string"}, "attendee": {"nullable": true,
    "allOf": [{"$ref": "#/components/schemas/Person"}]}}},
  "SeatAssignments": {"type": "object", "properties": {"assignmentsId": {"type": "string", "format": "uuid"},
    "seats": {"type": "array", "items": {"$ref": "#/components/schemas/AssignedSeat"}}}},
  "Accepted": {"type": "object", "description": "The command was accepted; its effect shows in the views shortly."},
  "ActorList": {"type": "array", "items": {"type": "object", "properties": {"type": {"type": "string"},
    "id": {"type": "string"}, "node": {"type": "string"}, "version": {"type": "integer"},
    "mailbox": {"type": "integer"}, "lastActiveAt": {"type": "string", "format": "date-time"}}}},
  "ActorDetail": {"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "string"},
    "node": {"type": "string"}, "version": {"type": "integer"}, "snapshotVersion": {"type": "integer"},
    "state": {}, "pendingDeadlines": {"type": "array", "items": {}}}},
  "Passivation": {"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "string"},
    "status": {"type": "string"}}},
  "StreamEvents": {"type": "array", "items": {"type": "object", "properties": {"position": {"type": "integer"},
    "version": {"type": "integer"}, "type": {"type": "string"}, "schemaVersion": {"type": "integer"}, "data": {},
    "metadata": {}, "recordedAt": {"type": "string", "format": "date-time"}}}},
  "MessageList": {"type": "array", "items": {"type": "object", "properties": {"position": {"type": "integer"},
    "kind": {"type": "string", "enum": ["command", "event"]}, "type": {"type": "string"},
    "sourceId": {"type": "string"}, "correlationId": {"type": "string"}, "causationId": {"type": "string"},
    "data": {}, "recordedAt": {"type": "string", "format": "date-time"}}}},
  "ProjectionList": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"},
    "position": {"type": "integer"}, "lag": {"type": "integer", "nullable": true},
    "status": {"type": "string", "enum": ["running", "rebuilding", "failing", "standby"]}, "error": {"type": "string"}}}},
  "Rebuild": {"type": "object", "properties": {"name": {"type": "string"}, "status": {"type": "string"}}},
  "DeadLetterList": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"},
    "subscription": {"type": "string"}, "error": {"type": "string"}, "attempts": {"type": "integer"},
    "status": {"type": "string", "enum": ["dead", "retrying"]}, "recordedAt": {"type": "string",
    "format": "date-time"}, "event": {"type": "object"}}}},
  "RetryOutcome": {"type": "object", "properties": {"id": {"type": "integer"}, "retried": {"type": "boolean"},
    "error": {"type": "string"}}},
  "Cluster": {"type": "object", "properties": {"self": {"type": "string"}, "nodes": {"type": "array",
    "items": {"type": "object", "properties": {"id": {"type": "string"}, "address": {"type": "string"},
    "nodeAddress": {"type": "string"}, "status": {"type": "string", "enum": ["joining", "up", "leaving", "down"]},
    "heartbeatAgeMs": {"type": "integer"}, "startedAt": {"type": "string", "format": "date-time"},
    "shards": {"type": "integer"}, "actors": {"type": "integer", "nullable": true}}}},
    "shards": {"type": "array", "items": {"type": "object", "properties": {"shard": {"type": "integer"},
    "owner": {"type": "string", "nullable": true}, "epoch": {"type": "integer"}}}},
    "singletons": {"type": "object", "additionalProperties": {"type": "string"}}}},
  "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
  "OpenApi": {"type": "object", "required": ["openapi", "paths"]}
})json";

/// OpenAPI names operations by lower-case method.
std::string lower_method(const char* method) {
  std::string lower = method;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

nlohmann::json schema_ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}

std::vector<std::string> path_parameters(const std::string& path) {
  std::vector<std::string> names;
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1))
    names.push_back(path.substr(open + 1, path.find('}', open) - open - 1));
  return names;
}

nlohmann::json error_response(int status) {
  return {{"description", "Error " + std::to_string(status)},
          {"content", {{"application/json", {{"schema", schema_ref("Error")}}}}}};
}

nlohmann::json operation_object(const operation& op) {
  nlohmann::json object = {{"summary", op.summary}, {"operationId", lower_method(op.method) + op.path}};
  auto parameters = nlohmann::json::array();
  for (const auto& name : path_parameters(op.path))
    parameters.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  if (op.request_schema) {
    object["requestBody"] = {{"required", true},
                             {"content", {{"application/json", {{"schema", schema_ref(op.request_schema)}}}}}};
    if (std::string(op.method) == "POST")
      parameters.push_back({{"name", "Idempotency-Key"},
                            {"in", "header"},
                            {"required", false},
                            {"description", "Repeats answer the first response for 24 h (API §2, §7)."},
                            {"schema", {{"type", "string"}, {"format", "uuid"}}}});
  }
  if (!parameters.empty())
    object["parameters"] = parameters;
  nlohmann::json success = {{"description", "Success"}};
  if (op.response_schema && std::string(op.response_schema) == "text")
    success["content"] = {{"text/plain", {{"schema", {{"type", "string"}}}}}};
  else if (op.response_schema)
    success["content"] = {{"application/json", {{"schema", schema_ref(op.response_schema)}}}};
  nlohmann::json responses = {{std::to_string(op.status), success}};
  for (int status : op.errors)
    responses[std::to_string(status)] = error_response(status);
  responses["503"] = error_response(503);
  object["responses"] = responses;
  if (op.who == caller::owner)
    object["security"] = {{{"ownerBasic", nlohmann::json::array()}}};
  if (op.who == caller::admin)
    object["security"] = {{{"adminBearer", nlohmann::json::array()}}};
  return object;
}

nlohmann::json build_document() {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& op : operations())
    paths[op.path][lower_method(op.method)] = operation_object(op);
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Conference registration"},
            {"version", "1.0.0"},
            {"description", "Contoso conference management and registration: the public contract (API.md)."}}},
          {"paths", paths},
          {"components",
           {{"schemas", nlohmann::json::parse(schemas)},
            {"securitySchemes",
             {{"ownerBasic",
               {{"type", "http"}, {"scheme", "basic"}, {"description", "owner email : conference access code"}}},
              {"adminBearer", {{"type", "http"}, {"scheme", "bearer"}, {"description", "CONFERENCE_ADMIN_TOKEN"}}}}}}}};
}

} // namespace

const nlohmann::json& openapi_document() {
  static const nlohmann::json document = build_document();
  return document;
}

void register_openapi_routes(server& routes) {
  routes.add({"GET", "/api/openapi.json", body_kind::none,
              [](const request&) { return json_reply(200, openapi_document()); }});
}

} // namespace contoso::http
