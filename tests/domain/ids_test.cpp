#include <set>

#include <catch2/catch.hpp>

#include "domain/ids.hpp"

using namespace contoso;

TEST_CASE("ids: random UUIDs are well-formed version 4 and distinct", "[domain][ids]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = random_uuid();
    REQUIRE(is_uuid(id));
    CHECK(id[14] == '4');
    CHECK(seen.insert(id).second);
  }
}

TEST_CASE("ids: access codes use only the unambiguous alphabet", "[domain][ids]") {
  std::set<char> letters;
  for (int i = 0; i < 2000; ++i) {
    auto code = random_access_code();
    REQUIRE(code.size() == access_code_length);
    for (char c : code) {
      REQUIRE(access_code_alphabet.find(c) != std::string_view::npos);
      letters.insert(c);
    }
  }
  // 12000 draws from 32 letters: every letter shows up unless the source is badly skewed.
  CHECK(letters.size() == access_code_alphabet.size());
}

TEST_CASE("ids: derived UUIDs are stable per input and differ across inputs", "[domain][ids]") {
  auto a = derived_uuid("seat_assignments", "5d1a4d4e-0000-4000-8000-000000000001");
  CHECK(is_uuid(a));
  CHECK(a == derived_uuid("seat_assignments", "5d1a4d4e-0000-4000-8000-000000000001"));
  CHECK(a != derived_uuid("seat_assignments", "5d1a4d4e-0000-4000-8000-000000000002"));
  CHECK(a != derived_uuid("other_purpose", "5d1a4d4e-0000-4000-8000-000000000001"));
}

TEST_CASE("ids: UUID syntax check", "[domain][ids]") {
  CHECK(is_uuid("123e4567-E89B-12d3-a456-426614174000"));
  CHECK_FALSE(is_uuid("123e4567e89b12d3a456426614174000"));
  CHECK_FALSE(is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
  CHECK_FALSE(is_uuid("' OR 1=1 --"));
}
