#pragma once
/// A fresh, uniquely named PostgreSQL database for one test, dropped again (WITH (FORCE)) when the
/// object goes away. The server comes from `CONFERENCE_TEST_DB_URL`, a libpq connection string for a
/// role that may create databases (scripts/test starts a throwaway cluster and sets it). Without that
/// variable the constructor throws, so the test fails and says why instead of being skipped.
///
///   contoso::testing::scratch_database db;
///   contoso::persistence::database store({db.url()});

#include <string>

namespace contoso::testing {

/// A database that exists for the lifetime of this object.
class scratch_database {
public:
  /// Creates the database; throws std::runtime_error when CONFERENCE_TEST_DB_URL is unset or the
  /// server refuses.
  scratch_database();
  /// Drops the database, disconnecting whoever still uses it.
  ~scratch_database();

  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  /// A libpq connection string (key=value form) for the new database.
  const std::string& url() const { return url_; }
  /// The new database's name.
  const std::string& name() const { return name_; }

private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

/// The connection string of the test server, from CONFERENCE_TEST_DB_URL; throws when it is unset.
std::string test_server_url();

} // namespace contoso::testing
