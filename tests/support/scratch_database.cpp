#include "tests/support/scratch_database.hpp"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <libpq-fe.h>
#include <unistd.h>

#include "domain/ids.hpp"

namespace contoso::testing {

namespace {

using connection_handle = std::unique_ptr<PGconn, decltype(&PQfinish)>;

connection_handle connect(const std::string& url) {
  connection_handle conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("scratch_database: cannot connect to CONFERENCE_TEST_DB_URL ('" + url
                             + "'): " + PQerrorMessage(conn.get()));
  return conn;
}

// Database names cannot be statement parameters; this one is made of [a-z0-9_] by us and quoted too.
void run(PGconn* conn, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
    throw std::runtime_error("scratch_database: '" + sql + "' failed: " + PQerrorMessage(conn));
}

std::string quoted_identifier(PGconn* conn, const std::string& name) {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeIdentifier(conn, name.c_str(), name.size()),
                                                     &PQfreemem);
  return quoted.get();
}

// The server's connection options with dbname replaced, as a key=value string.
std::string with_database(const std::string& server_url, const std::string& name) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(server_url.c_str(), &error),
                                                                       &PQconninfoFree);
  if (!options) {
    std::string message = error ? error : "unparsable";
    PQfreemem(error);
    throw std::runtime_error("scratch_database: CONFERENCE_TEST_DB_URL is not a connection string: " + message);
  }
  auto quote = [](const std::string& value) {
    std::string text = "'";
    for (char c : value) {
      if (c == '\'' || c == '\\')
        text += '\\';
      text += c;
    }
    return text + "'";
  };
  std::string url = "dbname=" + quote(name);
  for (auto* option = options.get(); option->keyword; ++option)
    if (option->val && std::string(option->keyword) != "dbname")
      url += " " + std::string(option->keyword) + "=" + quote(option->val);
  return url;
}

} // namespace

std::string test_server_url() {
  const char* url = std::getenv("CONFERENCE_TEST_DB_URL");
  if (!url || !*url)
    throw std::runtime_error("CONFERENCE_TEST_DB_URL is not set: these tests need a PostgreSQL server "
                             "(a libpq connection string for a role that may create databases; "
                             "scripts/test starts one and sets it)");
  return url;
}

scratch_database::scratch_database() : server_url_(test_server_url()) {
  static std::atomic<int> counter{0};
  name_ = "contoso_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_"
          + random_uuid().substr(0, 8);
  auto conn = connect(server_url_);
  run(conn.get(), "CREATE DATABASE " + quoted_identifier(conn.get(), name_));
  url_ = with_database(server_url_, name_);
}

scratch_database::~scratch_database() {
  try {
    auto conn = connect(server_url_);
    run(conn.get(), "DROP DATABASE IF EXISTS " + quoted_identifier(conn.get(), name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // A database left behind on a throwaway test server is harmless; a throwing destructor is not.
  }
}

} // namespace contoso::testing
