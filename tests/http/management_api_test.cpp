/// Conference management (API.md §3) end to end: `conference serve` as a real process over a scratch
/// database, driven over HTTP as an owner's browser or script would.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/owner_auth.hpp"
#include "tests/http/conference_server.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/scratch_database.hpp"

using contoso::http::failure_throttle;
using contoso::http::parse_basic_authorization;
using contoso::testing::conference_server;
using contoso::testing::scratch_database;
using nlohmann::json;

namespace {

struct credentials {
  std::string email;
  std::string access_code;
};

struct answer {
  int status = 0;
  json body;
  httplib::Headers headers;
};

/// A client of one server that sends JSON and reads JSON.
class api_client {
public:
  explicit api_client(const conference_server& server) : client_(server.client()) {}

  answer get(const std::string& path, const std::optional<credentials>& who = std::nullopt) {
    return read(client_.Get(path.c_str(), headers(who)));
  }
  answer post(const std::string& path, const json& body, const std::optional<credentials>& who = std::nullopt) {
    return post_text(path, body.dump(), who);
  }
  answer post_text(const std::string& path, const std::string& body,
                   const std::optional<credentials>& who = std::nullopt, const std::string& idempotency_key = "") {
    auto sent = headers(who);
    if (!idempotency_key.empty())
      sent.emplace("Idempotency-Key", idempotency_key);
    return read(client_.Post(path.c_str(), sent, body, "application/json"));
  }
  answer post_keyed(const std::string& path, const json& body, const std::string& idempotency_key,
                    const std::optional<credentials>& who = std::nullopt) {
    return post_text(path, body.dump(), who, idempotency_key);
  }
  answer put(const std::string& path, const json& body, const std::optional<credentials>& who = std::nullopt) {
    return read(client_.Put(path.c_str(), headers(who), body.dump(), "application/json"));
  }
  answer del(const std::string& path, const std::optional<credentials>& who = std::nullopt) {
    return read(client_.Delete(path.c_str(), headers(who)));
  }

private:
  static httplib::Headers headers(const std::optional<credentials>& who) {
    if (!who)
      return {};
    return {httplib::make_basic_authentication_header(who->email, who->access_code)};
  }

  static answer read(const httplib::Result& result) {
    REQUIRE(result);
    answer got{result->status, json(), result->headers};
    if (!result->body.empty())
      got.body = json::parse(result->body);
    return got;
  }

  httplib::Client client_;
};

json conference_body(const std::string& slug, const std::string& email = "owner@example.com") {
  return {{"name", "CQRS Summit"},
          {"description", "Two days of event sourcing."},
          {"location", "Redmond"},
          {"tagline", "Commands and queries"},
          {"twitterSearch", "#cqrs"},
          {"slug", slug},
          {"startDate", "2027-03-01"},
          {"endDate", "2027-03-02"},
          {"owner", {{"name", "Olive Owner"}, {"email", email}}}};
}

json seat_type_body(const std::string& name = "General", int quantity = 100, double price = 199) {
  return {{"name", name}, {"description", "A seat for both days."}, {"quantity", quantity}, {"price", price}};
}

std::string conference_path(const json& conference) {
  return "/api/management/conferences/" + conference["id"].get<std::string>();
}

credentials owner_of(const json& conference) {
  return {conference["owner"]["email"].get<std::string>(), conference["accessCode"].get<std::string>()};
}

/// Creates a conference and checks it was created.
json create_conference(api_client& api, const std::string& slug, const std::string& email = "owner@example.com") {
  auto created = api.post("/api/conferences", conference_body(slug, email));
  REQUIRE(created.status == 201);
  return created.body;
}

using contoso::testing::eventually;

std::string error_code_of(const answer& got) {
  REQUIRE(got.body.is_object());
  REQUIRE(got.body.contains("error"));
  return got.body["error"]["code"].get<std::string>();
}

} // namespace

TEST_CASE("management: an owner creates a conference, adds seat types, publishes, edits and unpublishes it",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};

  auto created = api.post("/api/conferences", conference_body("cqrs_summit"));
  REQUIRE(created.status == 201);
  const auto& conference = created.body;
  CHECK(conference["id"].is_string());
  CHECK(conference["slug"] == "cqrs_summit");
  CHECK(conference["name"] == "CQRS Summit");
  CHECK(conference["tagline"] == "Commands and queries");
  CHECK(conference["twitterSearch"] == "#cqrs");
  CHECK(conference["startDate"] == "2027-03-01");
  CHECK(conference["endDate"] == "2027-03-02");
  CHECK(conference["owner"] == json{{"name", "Olive Owner"}, {"email", "owner@example.com"}});
  CHECK(conference["accessCode"].get<std::string>().size() == 6);
  CHECK(conference["isPublished"] == false);
  CHECK(conference["wasEverPublished"] == false);
  CHECK(conference["seatTypes"] == json::array());
  CHECK(conference["version"].get<std::int64_t>() >= 1);
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);

  // The owner logs in with the email in another case: emails are case-insensitive.
  auto login = api.post("/api/management/login", {{"email", "OWNER@example.com"}, {"accessCode", owner.access_code}});
  REQUIRE(login.status == 200);
  CHECK(login.body == json{{"conferenceId", conference["id"]}, {"slug", "cqrs_summit"}});

  auto seat = api.post(path + "/seat-types", seat_type_body("General", 100, 199.5), owner);
  REQUIRE(seat.status == 201);
  CHECK(seat.body["name"] == "General");
  CHECK(seat.body["description"] == "A seat for both days.");
  CHECK(seat.body["quantity"] == 100);
  CHECK(seat.body["price"] == 199.5);
  CHECK(seat.body["available"] == 100);
  CHECK(seat.body["version"].get<std::int64_t>() > conference["version"].get<std::int64_t>());
  const auto seat_type_id = seat.body["id"].get<std::string>();

  auto edited_seat = api.put(path + "/seat-types/" + seat_type_id, seat_type_body("General", 120, 150), owner);
  REQUIRE(edited_seat.status == 200);
  CHECK(edited_seat.body["quantity"] == 120);
  CHECK(edited_seat.body["price"] == 150);

  auto published = api.post(path + "/publish", json::object(), owner);
  REQUIRE(published.status == 200);
  CHECK(published.body["isPublished"] == true);
  const auto published_version = published.body["version"].get<std::int64_t>();

  auto read = api.get(path + "?minVersion=" + std::to_string(published_version), owner);
  REQUIRE(read.status == 200);
  CHECK(read.body["isPublished"] == true);
  CHECK(read.body["wasEverPublished"] == true);
  REQUIRE(read.body["seatTypes"].size() == 1);
  CHECK(read.body["seatTypes"][0]["id"] == seat_type_id);
  CHECK(read.body["seatTypes"][0]["quantity"] == 120);
  CHECK(read.body["version"] == published_version);
  // Seats left come from registration's side once it has taken the seat type in.
  CHECK(eventually([&] { return api.get(path, owner).body["seatTypes"][0]["available"] == 120; }));

  auto details = conference_body("ignored");
  details["name"] = "CQRS Summit 2027";
  details["endDate"] = "2027-03-03";
  auto edited = api.put(path, details, owner);
  REQUIRE(edited.status == 200);
  CHECK(edited.body["name"] == "CQRS Summit 2027");
  CHECK(edited.body["endDate"] == "2027-03-03");
  CHECK(edited.body["slug"] == "cqrs_summit");
  CHECK(edited.body["isPublished"] == true); // an edit never touches publishing
  CHECK(edited.body["version"].get<std::int64_t>() > published_version);

  auto unpublished = api.post(path + "/unpublish", json::object(), owner);
  REQUIRE(unpublished.status == 200);
  CHECK(unpublished.body["isPublished"] == false);
  auto after = api.get(path, owner);
  REQUIRE(after.status == 200);
  CHECK(after.body["isPublished"] == false);
  CHECK(after.body["wasEverPublished"] == true);
  CHECK(after.body["name"] == "CQRS Summit 2027");

  // A version the conference has not reached yet: the current view, after waiting, as 202.
  auto ahead = api.get(path + "?minVersion=" + std::to_string(after.body["version"].get<std::int64_t>() + 5), owner);
  CHECK(ahead.status == 202);
  CHECK(ahead.body["version"] == after.body["version"]);
}

TEST_CASE("management: a slug already taken, in any case, is refused with slug_taken", "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};

  create_conference(api, "DDD_Europe");
  auto second = api.post("/api/conferences", conference_body("ddd_europe", "other@example.com"));
  CHECK(second.status == 409);
  CHECK(error_code_of(second) == "slug_taken");
}

TEST_CASE("management: input against a rule is refused with 422 and the offending fields", "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};

  auto body = conference_body("rules");
  body["startDate"] = "2027-03-05";
  body["endDate"] = "2027-03-01";
  body["owner"]["email"] = "not-an-email";
  body["name"] = std::string(201, 'n');
  body["slug"] = "has spaces";
  auto refused = api.post("/api/conferences", body);
  REQUIRE(refused.status == 422);
  CHECK(error_code_of(refused) == "validation_failed");
  const auto& fields = refused.body["error"]["fields"];
  CHECK(fields.contains("endDate"));
  CHECK(fields.contains("owner.email"));
  CHECK(fields.contains("name"));
  CHECK(fields.contains("slug"));

  auto impossible = conference_body("impossible_day");
  impossible["startDate"] = "2027-02-30";
  auto impossible_day = api.post("/api/conferences", impossible);
  REQUIRE(impossible_day.status == 422);
  CHECK(impossible_day.body["error"]["fields"].contains("startDate"));

  auto conference = create_conference(api, "rules_ok");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);
  auto too_many = api.post(path + "/seat-types", seat_type_body("General", 100001), owner);
  REQUIRE(too_many.status == 422);
  CHECK(too_many.body["error"]["fields"].contains("quantity"));
  auto short_name = api.post(path + "/seat-types", seat_type_body("G", 10), owner);
  REQUIRE(short_name.status == 422);
  CHECK(short_name.body["error"]["fields"].contains("name"));
  auto three_decimals = api.post(path + "/seat-types", seat_type_body("General", 10, 9.999), owner);
  REQUIRE(three_decimals.status == 422);
  CHECK(three_decimals.body["error"]["fields"].contains("price"));

  auto unchanged = api.get(path, owner);
  REQUIRE(unchanged.status == 200);
  CHECK(unchanged.body["seatTypes"] == json::array());
}

TEST_CASE("management: a NUL character in any text field is refused with 422 and its field, and nothing is stored",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  const std::string nul(1, '\0');

  // The message is not the database's refusal mapped to 503: the text is refused as the field's.
  const std::string fields[] = {"name", "description", "location", "tagline", "twitterSearch", "slug", "owner.name",
                                "owner.email"};
  for (const auto& field : fields) {
    INFO(field);
    const auto slug = "nul_" + std::to_string(&field - fields);
    auto body = conference_body(slug);
    auto dot = field.find('.');
    auto& target = dot == std::string::npos ? body[field] : body["owner"][field.substr(dot + 1)];
    target = target.get<std::string>() + nul + "x";
    auto refused = api.post("/api/conferences", body);
    REQUIRE(refused.status == 422);
    CHECK(error_code_of(refused) == "validation_failed");
    CHECK(refused.body["error"]["fields"].contains(field));
    // Nothing was kept under the slug: the same conference without the NUL is created.
    create_conference(api, slug);
  }

  auto conference = create_conference(api, "nul_edits");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);
  for (const auto* field : {"name", "description", "location", "tagline", "twitterSearch"}) {
    INFO(field);
    json edit{{"name", "Edited"},    {"description", "Edited"},    {"location", "Edited"}, {"tagline", "Edited"},
              {"twitterSearch", "#e"}, {"startDate", "2027-03-01"}, {"endDate", "2027-03-02"}};
    edit[field] = "Edit" + nul + "ed";
    auto refused = api.put(path, edit, owner);
    REQUIRE(refused.status == 422);
    CHECK(refused.body["error"]["fields"].contains(field));
  }
  for (const auto* field : {"name", "description"}) {
    INFO(field);
    auto seat_type = seat_type_body();
    seat_type[field] = "Gen" + nul + "eral";
    auto refused = api.post(path + "/seat-types", seat_type, owner);
    REQUIRE(refused.status == 422);
    CHECK(refused.body["error"]["fields"].contains(field));
  }
  auto unchanged = api.get(path, owner);
  REQUIRE(unchanged.status == 200);
  CHECK(unchanged.body["name"] == "CQRS Summit");
  CHECK(unchanged.body["seatTypes"] == json::array());

  auto login = api.post("/api/management/login", {{"email", "owner@example.com" + nul}, {"accessCode", owner.access_code}});
  REQUIRE(login.status == 422);
  CHECK(login.body["error"]["fields"].contains("email"));
  // In Basic credentials a NUL matches no conference: 401, as any wrong credentials.
  CHECK(api.get(path, credentials{owner.email, owner.access_code + nul}).status == 401);
  CHECK(api.get(path, credentials{owner.email + nul, owner.access_code}).status == 401);
}

TEST_CASE("management: a multipart body is refused with 415 before it is parsed, whatever it holds",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  auto client = server.client();
  for (const std::string& body : {conference_body("multipart").dump(), std::string("--x\r\n\r\nnot a form"),
                                 std::string("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n")}) {
    auto refused = client.Post("/api/conferences", body, "multipart/form-data; boundary=x");
    REQUIRE(refused);
    CHECK(refused->status == 415);
    CHECK(json::parse(refused->body)["error"]["code"] == "unsupported_media_type");
  }
  // The connection's next request is read as a request of its own.
  api_client api{server};
  create_conference(api, "multipart");
}

TEST_CASE("management: malformed bodies and ids are refused with 400 before anything else", "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto conference = create_conference(api, "shapes");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);

  auto wrong_type = conference_body("wrong_type");
  wrong_type["name"] = 42;
  CHECK(api.post("/api/conferences", wrong_type).status == 400);
  auto null_field = conference_body("null_field");
  null_field["slug"] = nullptr;
  CHECK(api.post("/api/conferences", null_field).status == 400);
  auto owner_not_object = conference_body("owner_not_object");
  owner_not_object["owner"] = "owner@example.com";
  CHECK(api.post("/api/conferences", owner_not_object).status == 400);
  CHECK(api.post_text("/api/conferences", "{\"name\": ").status == 400);
  CHECK(api.post("/api/conferences", json::array()).status == 400);

  auto fractional = seat_type_body();
  fractional["quantity"] = 1.5;
  CHECK(api.post(path + "/seat-types", fractional, owner).status == 400);
  // The shape is checked before the credentials.
  CHECK(api.post(path + "/seat-types", fractional).status == 400);

  auto not_uuid = api.get("/api/management/conferences/not-a-uuid", owner);
  CHECK(not_uuid.status == 400);
  CHECK(error_code_of(not_uuid) == "bad_request");
  CHECK(api.del(path + "/seat-types/42", owner).status == 400);
  CHECK(api.post(path + "/promo-codes", {{"code", "SAVE10"}, {"percentOff", 10}, {"seatTypeIds", {"nope"}}}, owner)
          .status == 400);
}

TEST_CASE("management: owners authenticate with their email and the conference's access code",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto first = create_conference(api, "first_conf", "first@example.com");
  auto second = create_conference(api, "second_conf", "second@example.com");
  const auto path = conference_path(first);

  auto missing = api.get(path);
  CHECK(missing.status == 401);
  CHECK(error_code_of(missing) == "unauthorized");
  auto lower_case_code = owner_of(first);
  for (auto& c : lower_case_code.access_code)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower_case_code.access_code != owner_of(first).access_code)
    CHECK(api.get(path, lower_case_code).status == 401); // access codes are case-sensitive
  CHECK(api.get(path, credentials{"first@example.com", "WRONG1"}).status == 401);
  CHECK(api.get(path, credentials{"FIRST@EXAMPLE.COM", owner_of(first).access_code}).status == 200);

  // Another owner's credentials on this conference: it is not theirs to see.
  auto foreign = api.get(path, owner_of(second));
  CHECK(foreign.status == 404);
  CHECK(error_code_of(foreign) == "not_found");
  // An unknown conference: 404 for an owner, 401 for credentials that open nothing.
  const std::string unknown = "/api/management/conferences/00000000-0000-4000-8000-000000000000";
  CHECK(api.get(unknown, owner_of(first)).status == 404);
  CHECK(api.get(unknown, credentials{"nobody@example.com", "AAAAAA"}).status == 401);

  auto bad_login = api.post("/api/management/login", {{"email", "first@example.com"}, {"accessCode", "WRONG1"}});
  CHECK(bad_login.status == 401);
  CHECK(api.post("/api/management/login", {{"email", "first@example.com"}, {"accessCode", 7}}).status == 400);
}

TEST_CASE("management: after ten failed authentications the address is answered 429, right credentials included",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto conference = create_conference(api, "throttled");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);

  for (int attempt = 0; attempt < 5; ++attempt)
    CHECK(api.get(path, credentials{owner.email, "WRONG1"}).status == 401);
  for (int attempt = 0; attempt < 5; ++attempt)
    CHECK(api.post("/api/management/login", {{"email", owner.email}, {"accessCode", "WRONG1"}}).status == 401);

  auto refused = api.get(path, owner);
  CHECK(refused.status == 429);
  CHECK(error_code_of(refused) == "too_many_requests");
  CHECK(api.post("/api/management/login", {{"email", owner.email}, {"accessCode", owner.access_code}}).status == 429);
}

TEST_CASE("management: seat types can be deleted until the conference is first published", "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto conference = create_conference(api, "deletions");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);

  auto draft = api.post(path + "/seat-types", seat_type_body("Draft", 10), owner);
  REQUIRE(draft.status == 201);
  auto kept = api.post(path + "/seat-types", seat_type_body("Kept", 10), owner);
  REQUIRE(kept.status == 201);

  auto deleted = api.del(path + "/seat-types/" + draft.body["id"].get<std::string>(), owner);
  CHECK(deleted.status == 204);
  auto remaining = api.get(path, owner);
  REQUIRE(remaining.body["seatTypes"].size() == 1);
  CHECK(remaining.body["seatTypes"][0]["name"] == "Kept");
  CHECK(api.del(path + "/seat-types/" + draft.body["id"].get<std::string>(), owner).status == 404);

  REQUIRE(api.post(path + "/publish", json::object(), owner).status == 200);
  REQUIRE(api.post(path + "/unpublish", json::object(), owner).status == 200);
  auto refused = api.del(path + "/seat-types/" + kept.body["id"].get<std::string>(), owner);
  CHECK(refused.status == 409);
  CHECK(error_code_of(refused) == "conference_was_published");
  CHECK(api.get(path, owner).body["seatTypes"].size() == 1);
}

TEST_CASE("management: an owner creates promo codes, lists them, and cannot create one twice",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto conference = create_conference(api, "promotions");
  const auto path = conference_path(conference);
  const auto owner = owner_of(conference);
  auto seat = api.post(path + "/seat-types", seat_type_body("General", 10), owner);
  REQUIRE(seat.status == 201);
  const auto seat_type_id = seat.body["id"].get<std::string>();

  json early = {{"code", "early10"}, {"percentOff", 10}, {"seatTypeIds", json::array()}, {"maxUses", nullptr}};
  auto percent = api.post(path + "/promo-codes", early, owner);
  REQUIRE(percent.status == 201);
  CHECK(percent.body["code"] == "EARLY10");
  CHECK(percent.body["percentOff"] == 10);
  CHECK(percent.body["seatTypeIds"] == json::array());
  CHECK(percent.body["maxUses"] == nullptr);
  CHECK(percent.body["used"] == 0);

  json speaker = {{"code", "SPEAKER"}, {"amountOff", 25.5}, {"seatTypeIds", {seat_type_id}}, {"maxUses", 3}};
  auto amount = api.post(path + "/promo-codes", speaker, owner);
  REQUIRE(amount.status == 201);
  CHECK(amount.body["amountOff"] == 25.5);
  CHECK(amount.body["seatTypeIds"] == json{seat_type_id});
  CHECK(amount.body["maxUses"] == 3);

  auto again = api.post(path + "/promo-codes", {{"code", "Early10"}, {"percentOff", 20}}, owner);
  CHECK(again.status == 409);
  CHECK(error_code_of(again) == "promo_code_exists");

  auto invalid = api.post(path + "/promo-codes", {{"code", "no"}, {"percentOff", 101}}, owner);
  REQUIRE(invalid.status == 422);
  CHECK(invalid.body["error"]["fields"].contains("code"));
  CHECK(invalid.body["error"]["fields"].contains("percentOff"));
  json ghost = {{"code", "GHOST"}, {"percentOff", 5}, {"seatTypeIds", {"00000000-0000-4000-8000-000000000000"}}};
  auto unknown_seat = api.post(path + "/promo-codes", ghost, owner);
  REQUIRE(unknown_seat.status == 422);
  CHECK(unknown_seat.body["error"]["fields"].contains("seatTypeIds"));

  answer listed;
  CHECK(eventually([&] {
    listed = api.get(path + "/promo-codes", owner);
    return listed.status == 200 && listed.body.size() == 2;
  }));
  CHECK(listed.body[0] == json{{"code", "EARLY10"}, {"percentOff", 10}, {"seatTypeIds", json::array()},
                               {"maxUses", nullptr}, {"used", 0}});
  CHECK(listed.body[1] == json{{"code", "SPEAKER"}, {"amountOff", 25.5}, {"seatTypeIds", {seat_type_id}},
                               {"maxUses", 3}, {"used", 0}});
}

TEST_CASE("management: a creating request repeated with its Idempotency-Key creates once and answers alike",
          "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  const std::string key = "7f1c2f4e-4d1a-4c55-9a51-0d7e8c1b2a33";

  auto first = api.post_keyed("/api/conferences", conference_body("keyed"), key);
  REQUIRE(first.status == 201);
  auto again = api.post_keyed("/api/conferences", conference_body("keyed"), key);
  REQUIRE(again.status == 201);
  CHECK(again.body["id"] == first.body["id"]);
  CHECK(again.body["accessCode"] == first.body["accessCode"]);
  CHECK(again.body["version"] == first.body["version"]);

  auto other_body = api.post_keyed("/api/conferences", conference_body("other_slug"), key);
  CHECK(other_body.status == 422);
  CHECK(error_code_of(other_body) == "idempotency_key_reused");
  CHECK(api.post_keyed("/api/conferences", conference_body("bad_key"), "not-a-uuid").status == 400);

  const auto path = conference_path(first.body);
  const auto owner = owner_of(first.body);
  auto seat = api.post_keyed(path + "/seat-types", seat_type_body("General", 10), key, owner);
  REQUIRE(seat.status == 201);
  auto seat_again = api.post_keyed(path + "/seat-types", seat_type_body("General", 10), key, owner);
  REQUIRE(seat_again.status == 201);
  CHECK(seat_again.body["id"] == seat.body["id"]);
  CHECK(api.get(path, owner).body["seatTypes"].size() == 1);

  json code = {{"code", "ONCE"}, {"percentOff", 10}};
  REQUIRE(api.post_keyed(path + "/promo-codes", code, key, owner).status == 201);
  CHECK(api.post_keyed(path + "/promo-codes", code, key, owner).status == 201);
  CHECK(api.post(path + "/promo-codes", code, owner).status == 409);
}

TEST_CASE("management: a new conference's owner sees an empty orders list", "[http][management]") {
  scratch_database database;
  conference_server server{database.url()};
  api_client api{server};
  auto conference = create_conference(api, "no_orders");

  auto orders = api.get(conference_path(conference) + "/orders", owner_of(conference));
  REQUIRE(orders.status == 200);
  CHECK(orders.body == json::array());
  CHECK(api.get(conference_path(conference) + "/orders").status == 401);
}

TEST_CASE("management: the failure throttle turns an address away after ten failures within the window, for the "
          "penalty only",
          "[http][management][owner_auth]") {
  failure_throttle throttle{10, std::chrono::seconds(60), std::chrono::seconds(60)};
  const failure_throttle::clock::time_point start{};
  using std::chrono::seconds;

  SECTION("failures spread beyond the window never add up to ten") {
    for (int failure = 0; failure < 20; ++failure)
      throttle.record_failure("10.0.0.1", start + seconds(7 * failure));
    CHECK_FALSE(throttle.blocked("10.0.0.1", start + seconds(7 * 19)));
  }
  SECTION("the tenth failure within the window blocks that address alone, until the penalty is over") {
    for (int failure = 0; failure < 9; ++failure)
      throttle.record_failure("10.0.0.1", start + seconds(failure));
    CHECK_FALSE(throttle.blocked("10.0.0.1", start + seconds(9)));
    throttle.record_failure("10.0.0.1", start + seconds(9));
    CHECK(throttle.blocked("10.0.0.1", start + seconds(10)));
    CHECK(throttle.blocked("10.0.0.1", start + seconds(68)));
    CHECK_FALSE(throttle.blocked("10.0.0.2", start + seconds(10)));
    CHECK_FALSE(throttle.blocked("10.0.0.1", start + seconds(69)));
  }
}

TEST_CASE("management: Basic credentials are read from the Authorization header, and nothing else is",
          "[http][management][owner_auth]") {
  auto read = parse_basic_authorization("Basic b3duZXJAZXhhbXBsZS5jb206QUJDOjEy"); // owner@example.com:ABC:12
  REQUIRE(read);
  CHECK(read->user == "owner@example.com");
  CHECK(read->password == "ABC:12");
  CHECK(parse_basic_authorization("basic  b3duZXI6QUJD ")); // owner:ABC
  CHECK_FALSE(parse_basic_authorization("Basic"));
  CHECK_FALSE(parse_basic_authorization("Basic "));
  CHECK_FALSE(parse_basic_authorization("Basic !!!!"));
  CHECK_FALSE(parse_basic_authorization("Basic b3duZXI=")); // "owner": no colon
  CHECK_FALSE(parse_basic_authorization("Bearer b3duZXI6QUJD"));
  CHECK(contoso::http::equal_in_constant_time("ABC123", "ABC123"));
  CHECK_FALSE(contoso::http::equal_in_constant_time("ABC123", "abc123"));
  CHECK_FALSE(contoso::http::equal_in_constant_time("ABC123", "ABC1234"));
}
