#include <catch2/catch.hpp>

#include "domain/validation.hpp"

using namespace contoso;

TEST_CASE("validation: lengths count code points, not bytes", "[domain][validation]") {
  CHECK(code_points("abc") == 3);
  CHECK(code_points("\xC3\xA9t\xC3\xA9") == 3);        // été
  CHECK(code_points("\xF0\x9F\x8E\x9F") == 1);         // one emoji, four bytes
  validator v;
  v.max_length("name", "Name", std::string(200, 'x'), 200).max_length("location", "Location",
                                                                      std::string(201, 'x'), 200);
  CHECK(v.fields().count("name") == 0);
  CHECK(v.fields().at("location") == "The field Location must be a string with a maximum length of 200.");
}

TEST_CASE("validation: required fields use the contract's sentence", "[domain][validation]") {
  validator v;
  v.required("lastName", "LastName", "  ").required("firstName", "FirstName", "Ann");
  REQUIRE_FALSE(v.empty());
  auto why = v.to_rejection();
  CHECK(why.code == error_code::validation_failed);
  CHECK(why.fields.at("lastName") == "The LastName field is required.");
  CHECK(why.fields.count("firstName") == 0);
}

TEST_CASE("validation: e-mail addresses", "[domain][validation]") {
  CHECK(is_valid_email("ann@example.com"));
  CHECK(is_valid_email("a.b+c@mail.example.co.uk"));
  for (auto bad : {"", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "ann @example.com",
                   "ann@.example.com", "ann@example..com", "ann@example.com."})
    CHECK_FALSE(is_valid_email(bad));
}

TEST_CASE("validation: slugs are letters, digits and underscores", "[domain][validation]") {
  CHECK(is_valid_slug("Conf_2026"));
  CHECK_FALSE(is_valid_slug(""));
  CHECK_FALSE(is_valid_slug("conf-2026"));
  CHECK_FALSE(is_valid_slug("conf 2026"));
}

TEST_CASE("validation: every text rule refuses the NUL character with a field message", "[domain][validation]") {
  const std::string with_nul{"Ann\0Smith", 9};
  validator v;
  v.text("a", "A", with_nul)
    .required("b", "B", with_nul)
    .max_length("c", "C", with_nul, 200)
    .length_between("d", "D", with_nul, 2, 70)
    .email("e", "E", std::string{"ann\0@example.com", 16})
    .text("f", "F", "Ann Smith");
  CHECK(v.fields()
        == field_messages{{"a", "The A field must not contain the NUL character."},
                          {"b", "The B field must not contain the NUL character."},
                          {"c", "The C field must not contain the NUL character."},
                          {"d", "The D field must not contain the NUL character."},
                          {"e", "The E field must not contain the NUL character."}});
}
