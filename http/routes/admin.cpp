#include "http/routes/admin.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <sstream>
#include <variant>

#include <httplib.h>

#include "domain/ids.hpp"
#include "domain/time.hpp"
#include "http/error_mapping.hpp"
#include "http/json_io.hpp"

namespace contoso::http {
namespace {

constexpr std::int64_t default_limit = 100;
constexpr std::int64_t max_limit = 1000;

/// Compares in time that depends only on the expected token's length, so that timing does not reveal
/// how much of a guess was right.
bool same_token(const std::string& given, const std::string& expected) {
  unsigned difference = given.size() == expected.size() ? 0u : 1u;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(expected[i]) ^
                  static_cast<unsigned char>(i < given.size() ? given[i] : static_cast<char>(~expected[i]));
  return difference == 0;
}

std::optional<reply> refuse_without_token(const api_context& api, const request& incoming) {
  static const std::string scheme = "Bearer ";
  auto authorization = incoming.header("authorization");
  if (api.admin_token && authorization.compare(0, scheme.size(), scheme) == 0 &&
      same_token(authorization.substr(scheme.size()), *api.admin_token))
    return std::nullopt;
  auto refused = error_reply(error_code::unauthorized, api.admin_token
                                                         ? "The admin API needs Authorization: Bearer <admin token>."
                                                         : "The admin API is disabled: no admin token is configured.");
  refused.headers.emplace_back("WWW-Authenticate", "Bearer");
  return refused;
}

/// A query parameter; its last value when repeated.
std::optional<std::string> query_value(const request& incoming, const std::string& name) {
  auto [first, last] = incoming.query.equal_range(name);
  if (first == last)
    return std::nullopt;
  return std::prev(last)->second;
}

/// A query parameter that must be an integer in [lowest, highest]; `fallback` when absent.
struct integer_parameter {
  std::optional<std::int64_t> value;
  std::optional<reply> malformed;
};

integer_parameter integer_query(const request& incoming, const std::string& name, std::int64_t fallback,
                                std::int64_t lowest, std::int64_t highest) {
  auto text = query_value(incoming, name);
  if (!text)
    return {fallback, std::nullopt};
  std::int64_t value = 0;
  auto [end, problem] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (problem != std::errc{} || end != text->data() + text->size() || value < lowest || value > highest)
    return {std::nullopt, error_reply(error_code::bad_request, "Query parameter '" + name + "' must be an integer from " +
                                                                 std::to_string(lowest) + " to " +
                                                                 std::to_string(highest) + ".")};
  return {value, std::nullopt};
}

/// `limit` as the admin lists take it: default 100, at most 1000 (larger values are capped).
integer_parameter limit_query(const request& incoming) {
  auto limit = integer_query(incoming, "limit", default_limit, 1, INT64_MAX);
  if (limit.value)
    limit.value = std::min(*limit.value, max_limit);
  return limit;
}

bool known_actor_type(const std::string& type) {
  auto types = actors::runtime::actor_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

/// 404 for an unknown actor type, 400 for an id that is not a UUID (every actor is addressed by one).
std::optional<reply> actor_address_error(const request& incoming) {
  if (!is_uuid(incoming.path_params.at("id")))
    return error_reply(error_code::bad_request, "The actor id must be a UUID.");
  if (!known_actor_type(incoming.path_params.at("type")))
    return error_reply(error_code::not_found, "No such actor type.");
  return std::nullopt;
}

/// One live actor as the list shows it, from its own account.
nlohmann::json actor_summary(const std::string& node, const std::string& type, const std::string& id,
                             const std::optional<actors::actor_inspection>& seen) {
  nlohmann::json summary = {{"type", type}, {"id", id}, {"node", node}, {"version", nullptr},
                            {"mailbox", nullptr}, {"lastActiveAt", nullptr}};
  if (seen)
    for (const char* field : {"version", "mailbox", "lastActiveAt"})
      if (seen->contains(field))
        summary[field] = seen->at(field);
  return summary;
}

nlohmann::json event_json(const persistence::recorded_event& event) {
  return {{"position", event.position},       {"version", event.version},
          {"type", event.event.type},         {"schemaVersion", event.event.schema_version},
          {"data", event.event.data},         {"metadata", event.metadata},
          {"recordedAt", format_instant(event.recorded_at)}};
}

nlohmann::json dead_letter_json(const persistence::dead_letter_entry& entry) {
  auto event = event_json(entry.letter.message);
  event["streamId"] = entry.letter.message.stream_id;
  event["eventId"] = entry.letter.message.event_id;
  return {{"id", entry.id},
          {"subscription", entry.letter.subscription},
          {"error", entry.letter.error},
          {"attempts", entry.letter.attempts},
          {"status", entry.status == persistence::dead_letter_status::dead ? "dead" : "retrying"},
          {"recordedAt", format_instant(entry.recorded_at)},
          {"event", event}};
}

/// Each subscription with its lag; a lag that cannot be counted now is null.
std::vector<nlohmann::json> subscriptions_with_lag(api_context& api) {
  auto found = api.runtime.subscriptions();
  for (auto& subscription : found) {
    auto lag = api.log_statistics.events_after(subscription.value("position", std::int64_t{0}));
    subscription["lag"] = lag.ok() ? nlohmann::json(lag.value()) : nlohmann::json(nullptr);
    if (subscription.value("error", std::string{}).empty())
      subscription.erase("error");
  }
  return found;
}

std::size_t live_actor_count(api_context& api) {
  std::size_t count = 0;
  for (const auto& type : actors::runtime::actor_types())
    count += api.runtime.live(type).size();
  return count;
}

/// The live actors of every node this one reaches, counted by node id.
std::map<std::string, std::size_t> live_actor_counts(api_context& api) {
  std::map<std::string, std::size_t> counts;
  for (const auto& type : actors::runtime::actor_types())
    for (const auto& [node_id, ids] : api.runtime.live_everywhere(type))
      counts[node_id] += ids.size();
  return counts;
}

/// The cluster's part of `/metrics`: members by status, shards owned, what routing cost.
void cluster_exposition(api_context& api, std::ostream& out) {
  const auto seen = api.runtime.cluster();
  std::map<std::string, int> by_status{{"joining", 0}, {"up", 0}, {"leaving", 0}, {"down", 0}};
  for (const auto& member : seen.members)
    ++by_status[std::string(persistence::to_string(member.status))];
  out << "# HELP conference_cluster_members Cluster members as this node last read them, by status.\n"
         "# TYPE conference_cluster_members gauge\n";
  for (const auto& [status, count] : by_status)
    out << "conference_cluster_members{status=\"" << status << "\"} " << count << '\n';
  int owned = 0;
  for (const auto& shard : seen.shards)
    owned += shard.node_id == api.runtime.node_id() ? 1 : 0;
  out << single_sample("conference_shards_owned", "gauge", "Shards this node owns.", owned);
  const auto routing = api.runtime.routing();
  out << "# HELP conference_remote_send_seconds Commands and process inputs sent to another node's home, by the "
         "time to their answer.\n"
         "# TYPE conference_remote_send_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t bucket = 0; bucket < actors::routing_figures::bounds.size(); ++bucket) {
    cumulative += routing.buckets[bucket];
    out << "conference_remote_send_seconds_bucket{le=\"" << actors::routing_figures::bounds[bucket] / 1000 << "\"} "
        << cumulative << '\n';
  }
  out << "conference_remote_send_seconds_bucket{le=\"+Inf\"} " << routing.remote_sends << '\n'
      << "conference_remote_send_seconds_sum " << routing.remote_seconds << '\n'
      << "conference_remote_send_seconds_count " << routing.remote_sends << '\n';
  out << single_sample("conference_moved_retries_total", "counter",
                       "Messages a node answered `moved` for (its shard had moved), tried again.",
                       static_cast<double>(routing.moved_retries));
}

/// The actors, subscription and dead letter gauges of `/metrics`.
std::string runtime_exposition(api_context& api) {
  std::ostringstream out;
  out << "# HELP conference_actors_live Live actors on this node, by type.\n"
         "# TYPE conference_actors_live gauge\n";
  for (const auto& type : actors::runtime::actor_types())
    out << "conference_actors_live{type=\"" << escape_label(type) << "\"} " << api.runtime.live(type).size() << '\n';
  out << "# HELP conference_subscription_lag Events in the log after a subscription's position.\n"
         "# TYPE conference_subscription_lag gauge\n";
  for (const auto& subscription : subscriptions_with_lag(api))
    if (subscription["lag"].is_number())
      out << "conference_subscription_lag{subscription=\""
          << escape_label(subscription.value("name", std::string{})) << "\"} " << subscription["lag"].get<std::int64_t>()
          << '\n';
  auto dead = api.log_statistics.dead_letters();
  if (dead.ok())
    out << single_sample("conference_dead_letters", "gauge", "Messages handlers gave up on, waiting for an operator.",
                         static_cast<double>(dead.value()));
  if (api.runtime.node_id())
    cluster_exposition(api, out);
  return out.str();
}

/// `GET /api/admin/actors`: the live actors of every node (`node`: its id in a cluster, else this node's
/// address), of one type when `type` is given, at most `limit`.
reply list_actors(api_context& api, const std::string& node, const request& incoming) {
  auto limit = limit_query(incoming);
  if (limit.malformed)
    return *limit.malformed;
  auto types = actors::runtime::actor_types();
  if (auto type = query_value(incoming, "type"); type && !type->empty()) {
    if (!known_actor_type(*type))
      return error_reply(error_code::bad_request, "Unknown actor type '" + *type + "'.");
    types = {*type};
  }
  auto listed = nlohmann::json::array();
  for (const auto& type : types)
    for (const auto& [node_id, ids] : api.runtime.live_everywhere(type))
      for (const auto& id : ids) {
        if (static_cast<std::int64_t>(listed.size()) >= *limit.value)
          return json_reply(200, listed);
        listed.push_back(actor_summary(node_id.empty() ? node : node_id, type, id, api.runtime.inspect(type, id)));
      }
  return json_reply(200, listed);
}

/// `GET /api/admin/actors/{type}/{id}`: the actor's own account of itself, from its home; it is started
/// there when not live.
reply show_actor(api_context& api, const std::string& node, const request& incoming) {
  if (auto wrong = actor_address_error(incoming))
    return *wrong;
  auto seen = api.runtime.inspect(incoming.path_params.at("type"), incoming.path_params.at("id"));
  if (!seen)
    return unavailable();
  (*seen)["node"] = api.runtime.home_of(incoming.path_params.at("id")).value_or(node);
  return json_reply(200, *seen);
}

/// `POST /api/admin/actors/{type}/{id}/passivate`: stops the actor; its next message recreates it.
reply passivate_actor(api_context& api, const request& incoming) {
  if (auto wrong = actor_address_error(incoming))
    return *wrong;
  const auto& type = incoming.path_params.at("type");
  const auto& id = incoming.path_params.at("id");
  api.runtime.passivate(type, id);
  return json_reply(202, {{"type", type}, {"id", id}, {"status", "passivating"}});
}

/// `GET /api/admin/streams/{streamId}`: every event of the stream, in version order.
reply show_stream(api_context& api, const request& incoming) {
  auto read = api.events.read_stream(incoming.path_params.at("streamId"));
  if (!read.ok())
    return store_failure(read.error());
  if (read.value().empty())
    return error_reply(error_code::not_found, "No such stream.");
  auto events = nlohmann::json::array();
  for (const auto& event : read.value())
    events.push_back(event_json(event));
  return json_reply(200, events);
}

/// The message log query of `GET /api/admin/messages` (`kind`, `type`, `sourceId`, `after`, `limit`), or
/// the 400 for a malformed parameter.
std::variant<persistence::message_query, reply> message_query_of(const request& incoming) {
  persistence::message_query query;
  if (auto kind = query_value(incoming, "kind"); kind && !kind->empty()) {
    query.kind = persistence::message_kind_from_string(*kind);
    if (!query.kind)
      return error_reply(error_code::bad_request, "Query parameter 'kind' must be 'command' or 'event'.");
  }
  if (auto type = query_value(incoming, "type"); type && !type->empty())
    query.type = *type;
  if (auto source = query_value(incoming, "sourceId"); source && !source->empty()) {
    if (!is_uuid(*source))
      return error_reply(error_code::bad_request, "Query parameter 'sourceId' must be a UUID.");
    query.source_id = *source;
  }
  auto after = integer_query(incoming, "after", 0, 0, INT64_MAX);
  if (after.malformed)
    return *after.malformed;
  auto limit = limit_query(incoming);
  if (limit.malformed)
    return *limit.malformed;
  query.after = *after.value;
  query.limit = static_cast<std::size_t>(*limit.value);
  return query;
}

nlohmann::json message_json(const persistence::logged_message& message) {
  return {{"position", message.position},
          {"kind", persistence::to_string(message.entry.kind)},
          {"type", message.entry.type},
          {"sourceId", message.entry.source_id},
          {"correlationId", message.entry.correlation_id},
          {"causationId", message.entry.causation_id},
          {"data", message.entry.data},
          {"recordedAt", format_instant(message.recorded_at)}};
}

/// `GET /api/admin/messages`: the commands and events handled, filtered by the query.
reply list_messages(api_context& api, const request& incoming) {
  auto query = message_query_of(incoming);
  if (auto* malformed = std::get_if<reply>(&query))
    return *malformed;
  auto found = api.messages.query(std::get<persistence::message_query>(query));
  if (!found.ok())
    return store_failure(found.error());
  auto listed = nlohmann::json::array();
  for (const auto& message : found.value())
    listed.push_back(message_json(message));
  return json_reply(200, listed);
}

/// `GET /api/admin/projections`: every subscription with its position and lag.
reply list_projections(api_context& api) { return json_reply(200, subscriptions_with_lag(api)); }

/// The request sent on to the cluster member `node_id`, its answer relayed; 503 when it does not answer.
reply relay_to(api_context& api, const std::string& node_id, const request& incoming) {
  for (const auto& member : api.runtime.cluster().members) {
    if (member.node_id != node_id)
      continue;
    const auto colon = member.http_address.rfind(':');
    httplib::Client client{member.http_address.substr(0, colon), std::stoi(member.http_address.substr(colon + 1))};
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    if (auto authorization = incoming.headers.find("authorization"); authorization != incoming.headers.end())
      headers.emplace("Authorization", authorization->second);
    if (auto answer = client.Post(incoming.path.c_str(), headers, incoming.body, "application/json"))
      return reply{answer->status, answer->body, answer->get_header_value("Content-Type"), {}};
  }
  return unavailable();
}

/// `POST /api/admin/projections/{name}/rebuild`: starts replaying the log into fresh tables, on the node
/// that runs the projection (in a cluster, the request goes on to it).
reply rebuild_projection(api_context& api, const request& incoming) {
  const auto& name = incoming.path_params.at("name");
  if (const auto self = api.runtime.node_id()) {
    const auto holders = api.runtime.singletons();
    if (auto holder = holders.find(name); holder != holders.end() && holder->second != *self)
      return relay_to(api, holder->second, incoming);
  }
  if (!api.runtime.rebuild(name))
    return error_reply(error_code::not_found, "No projection of that name can be rebuilt.");
  return json_reply(202, {{"name", name}, {"status", "rebuilding"}});
}

/// `GET /api/admin/dead-letters`: the messages handlers gave up on, newest first.
reply list_dead_letters(api_context& api, const request& incoming) {
  auto limit = limit_query(incoming);
  if (limit.malformed)
    return *limit.malformed;
  auto found = api.runtime.dead_letters(static_cast<std::size_t>(*limit.value));
  if (!found.ok())
    return store_failure(found.error());
  auto listed = nlohmann::json::array();
  for (const auto& entry : found.value())
    listed.push_back(dead_letter_json(entry));
  return json_reply(200, listed);
}

/// `POST /api/admin/dead-letters/{id}/retry`: hands the letter to its handler again.
reply retry_dead_letter(api_context& api, const request& incoming) {
  std::int64_t id = 0;
  const auto& text = incoming.path_params.at("id");
  auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (problem != std::errc{} || end != text.data() + text.size())
    return error_reply(error_code::bad_request, "A dead letter id is an integer.");
  auto retried = api.runtime.retry_dead_letter(id);
  if (retried.ok() && !retried.value())
    return error_reply(error_code::not_found, "No such dead letter.");
  // A retry that failed again is an outcome to report, not a failure of this request: the letter stays.
  nlohmann::json outcome = {{"id", id}, {"retried", retried.ok()}};
  if (!retried.ok())
    outcome["error"] = retried.error().message;
  return json_reply(200, outcome);
}

/// `GET /api/admin/cluster`: every member as this node last read the membership table (a lapsed heartbeat
/// reads `down`) with the shards it owns and its live actors (null for a node not reached), the shard
/// map, and the node each singleton runs on; a node that runs alone lists itself, up.
reply show_cluster(api_context& api, const std::string& node) {
  const auto self = api.runtime.node_id();
  if (!self)
    return json_reply(200, {{"self", node},
                            {"nodes", {{{"id", node}, {"address", node}, {"status", "up"},
                                        {"actors", live_actor_count(api)}}}}});
  const auto seen = api.runtime.cluster();
  std::map<std::string, int> owned;
  auto shards = nlohmann::json::array();
  for (const auto& shard : seen.shards) {
    if (shard.node_id)
      ++owned[*shard.node_id];
    shards.push_back({{"shard", shard.shard},
                      {"owner", shard.node_id ? nlohmann::json(*shard.node_id) : nlohmann::json()},
                      {"epoch", shard.epoch}});
  }
  const auto actors = live_actor_counts(api);
  auto nodes = nlohmann::json::array();
  for (const auto& member : seen.members)
    nodes.push_back({{"id", member.node_id},
                     {"address", member.http_address},
                     {"nodeAddress", member.node_address},
                     {"status", persistence::to_string(member.status)},
                     {"heartbeatAgeMs", member.heartbeat_age.count()},
                     {"startedAt", member.started_at},
                     {"shards", owned[member.node_id]},
                     {"actors", actors.count(member.node_id) ? nlohmann::json(actors.at(member.node_id))
                                                             : nlohmann::json()}});
  return json_reply(200, {{"self", *self}, {"nodes", nodes}, {"shards", shards}, {"singletons", api.runtime.singletons()}});
}

} // namespace

void register_admin_routes(server& routes, api_context& api) {
  const auto url = routes.url();
  const auto node = url.substr(url.find("//") + 2);
  routes.guard_prefix("/api/admin", [&api](const request& incoming) { return refuse_without_token(api, incoming); });
  routes.add_metrics([&api] { return runtime_exposition(api); });

  auto* deps = &api;
  const route table[] = {
    {"GET", "/api/admin/actors", body_kind::none,
     [deps, node](const request& from) { return list_actors(*deps, node, from); }},
    {"GET", "/api/admin/actors/{type}/{id}", body_kind::none,
     [deps, node](const request& from) { return show_actor(*deps, node, from); }},
    {"POST", "/api/admin/actors/{type}/{id}/passivate", body_kind::none,
     [deps](const request& from) { return passivate_actor(*deps, from); }},
    {"GET", "/api/admin/streams/{streamId}", body_kind::none,
     [deps](const request& from) { return show_stream(*deps, from); }},
    {"GET", "/api/admin/messages", body_kind::none,
     [deps](const request& from) { return list_messages(*deps, from); }},
    {"GET", "/api/admin/projections", body_kind::none,
     [deps](const request&) { return list_projections(*deps); }},
    {"POST", "/api/admin/projections/{name}/rebuild", body_kind::none,
     [deps](const request& from) { return rebuild_projection(*deps, from); }},
    {"GET", "/api/admin/dead-letters", body_kind::none,
     [deps](const request& from) { return list_dead_letters(*deps, from); }},
    {"POST", "/api/admin/dead-letters/{id}/retry", body_kind::none,
     [deps](const request& from) { return retry_dead_letter(*deps, from); }},
    {"GET", "/api/admin/cluster", body_kind::none, [deps, node](const request&) { return show_cluster(*deps, node); }},
  };
  for (const auto& entry : table)
    routes.add(entry);
}

} // namespace contoso::http
