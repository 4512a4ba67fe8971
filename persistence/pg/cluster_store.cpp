#include "persistence/pg/cluster_store.hpp"

#include <stdexcept>

#include "persistence/pg/connection.hpp"
#include "persistence/pg/pool.hpp"

namespace contoso::persistence::pg {

namespace {

// The singletons' advisory locks are the two-key kind, this first key and the hash of the name: apart
// from the one-key lock of the migrations.
const std::string singleton_lock_class = "1129270868";

} // namespace

result<void> membership_store::join(const cluster_member& self) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("INSERT INTO cluster_members (node_id, http_address, node_address, status)"
              " VALUES ($1::uuid, $2, $3, 'joining')"
              " ON CONFLICT (node_id) DO UPDATE SET http_address = EXCLUDED.http_address,"
              " node_address = EXCLUDED.node_address, status = 'joining', started_at = now(), heartbeat_at = now()",
              {self.node_id, self.http_address, self.node_address});
  });
}

result<void> membership_store::heartbeat(const std::string& node_id, member_status status) {
  return db_.connections().run([&](connection& conn) {
    conn.exec("UPDATE cluster_members SET status = $2, heartbeat_at = now() WHERE node_id = $1::uuid",
              {node_id, std::string(to_string(status))});
  });
}

result<std::vector<cluster_member>> membership_store::members() {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec(
      "SELECT node_id::text, http_address, node_address, status,"
      " (extract(epoch FROM now() - heartbeat_at) * 1000)::bigint,"
      " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
      " FROM cluster_members ORDER BY started_at, node_id");
    std::vector<cluster_member> members;
    for (int row = 0; row < found.size(); ++row) {
      auto status = member_status_from_string(found.text(row, 3));
      if (!status)
        throw std::logic_error("cluster member with status " + found.text(row, 3));
      members.push_back(cluster_member{found.text(row, 0), found.text(row, 1), found.text(row, 2), *status,
                                       std::chrono::milliseconds(found.int64(row, 4)), found.text(row, 5)});
    }
    return members;
  });
}

result<std::map<std::string, std::string>> membership_store::singleton_holders(const std::vector<std::string>& names) {
  return db_.connections().run([&](connection& conn) {
    std::map<std::string, std::string> holders;
    for (const auto& name : names) {
      auto found = conn.exec("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                             " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                             " AND l.classid = $1::oid AND l.objid = hashtext($2)::oid",
                             {singleton_lock_class, name});
      if (found.size() > 0)
        holders.emplace(name, found.text(0, 0));
    }
    return holders;
  });
}

result<void> membership_store::fence(const std::vector<std::string>& node_ids) {
  return db_.connections().run([&](connection& conn) {
    for (const auto& node_id : node_ids) {
      conn.exec("UPDATE cluster_members SET status = 'down' WHERE node_id = $1::uuid", {node_id});
      // Waits (briefly) until the connection is gone, so that its locks are free on return.
      conn.exec("SELECT pg_terminate_backend(pid, 2000) FROM pg_stat_activity"
                " WHERE application_name = $1 AND pid <> pg_backend_pid()",
                {node_id});
    }
  });
}

result<std::vector<shard_owner>> shard_ownership_store::owners(int shard_count) {
  return db_.connections().run([&](connection& conn) {
    auto found = conn.exec("SELECT s, o.node_id::text, coalesce(o.epoch, 0)"
                           " FROM generate_series(0, $1::integer - 1) AS s LEFT JOIN shard_owners o ON o.shard = s"
                           " ORDER BY s",
                           {std::to_string(shard_count)});
    std::vector<shard_owner> owners;
    for (int row = 0; row < found.size(); ++row) {
      shard_owner owner{static_cast<int>(found.int64(row, 0)), std::nullopt, found.int64(row, 2)};
      if (!found.is_null(row, 1))
        owner.node_id = found.text(row, 1);
      owners.push_back(std::move(owner));
    }
    return owners;
  });
}

result<std::optional<std::int64_t>> shard_ownership_store::take(int shard, const std::string& node_id,
                                                                std::int64_t seen_epoch) {
  return db_.connections().run([&](connection& conn) -> std::optional<std::int64_t> {
    // A shard never taken has no row: the first taker creates it at epoch 1, a racing one finds it there.
    auto taken = conn.exec("INSERT INTO shard_owners AS o (shard, node_id, epoch) VALUES ($1::integer, $2::uuid, 1)"
                           " ON CONFLICT (shard) DO UPDATE SET node_id = EXCLUDED.node_id, epoch = o.epoch + 1"
                           " WHERE o.epoch = $3::bigint"
                           " RETURNING epoch",
                           {std::to_string(shard), node_id, std::to_string(seen_epoch)});
    if (taken.size() == 0)
      return std::nullopt;
    return taken.int64(0, 0);
  });
}

result<bool> shard_ownership_store::release(int shard, const std::string& node_id, std::int64_t epoch) {
  return db_.connections().run([&](connection& conn) {
    auto released = conn.exec("UPDATE shard_owners SET node_id = NULL"
                              " WHERE shard = $1::integer AND node_id = $2::uuid AND epoch = $3::bigint RETURNING 1",
                              {std::to_string(shard), node_id, std::to_string(epoch)});
    return released.size() > 0;
  });
}

singleton_leases::singleton_leases(database_settings settings, std::string node_id)
  : settings_(std::move(settings)), node_id_(std::move(node_id)) {}

singleton_leases::~singleton_leases() = default;

result<bool> singleton_leases::take(const std::string& name) {
  try {
    if (!conn_ || !conn_->open()) {
      conn_ = connection::open(settings_.url, settings_.call_timeout);
      conn_->exec("SELECT set_config('application_name', $1, false)", {node_id_});
    }
    // Taking a lock this session holds already succeeds again and stacks it; release_all undoes all.
    auto taken = conn_->exec("SELECT pg_try_advisory_lock($1::integer, hashtext($2))", {singleton_lock_class, name});
    return taken.text(0, 0) == "t";
  } catch (const sql_error& error) {
    conn_.reset();
    return to_persistence_error(error);
  }
}

result<void> singleton_leases::alive() {
  if (!conn_)
    return persistence_error{"the leases' connection is not open"};
  try {
    conn_->exec("SELECT 1");
    return {};
  } catch (const sql_error& error) {
    conn_.reset();
    return to_persistence_error(error);
  }
}

void singleton_leases::release_all() { conn_.reset(); }

} // namespace contoso::persistence::pg
