#pragma once
/// Reading the contract's error body (`{"error": {"code", "message", "fields"?}}`) in tests: they
/// compare codes, never messages.

#include <string>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace contoso::testing {

/// The `error.code` of an answer; fails the test when there is no answer.
inline std::string error_code_of(const httplib::Result& answer) {
  REQUIRE(answer);
  return nlohmann::json::parse(answer->body).at("error").at("code").get<std::string>();
}

} // namespace contoso::testing
