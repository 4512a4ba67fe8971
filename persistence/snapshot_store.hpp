#pragma once
/// Snapshots of a stream's state, so that loading it replays only the events after the snapshot.
/// Only the latest snapshot of each stream is kept; an older one never replaces a newer one.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "persistence/result.hpp"

namespace contoso::persistence {

/// A stream's state as of `version`, in the shape `schema_version` of its state codec.
struct snapshot {
  std::string stream_id;
  std::int64_t version = 0;
  int schema_version = 1;
  nlohmann::json state;
};

/// Keeps the latest snapshot of each stream.
class snapshot_store {
public:
  virtual ~snapshot_store() = default;

  /// The stream's latest snapshot, or nullopt when it has none.
  virtual result<std::optional<snapshot>> read_latest(const std::string& stream_id) = 0;
  /// Keeps `taken` unless the stream already has a snapshot of a later version.
  virtual result<void> write(const snapshot& taken) = 0;
};

} // namespace contoso::persistence
