#pragma once
/// Conferences in memory, for tests of the layers above: same rules as pg::conference_store, with the
/// events appended to the event store it is given.

#include <map>
#include <mutex>

#include "persistence/conference_store.hpp"
#include "persistence/event_store.hpp"

namespace contoso::persistence::memory {

/// conference_store in a map. The slug is checked before the events are appended, since an append
/// cannot be taken back; so when a save both clashes on the slug and expects a stale version it is
/// `slug_taken` here and `conflict` in PostgreSQL. Either way nothing is written.
class conference_store : public persistence::conference_store {
public:
  /// Appends the conferences' events to `events`, which must outlive this store.
  explicit conference_store(persistence::event_store& events) : events_(events) {}

  result<conference_save_result> save(const management::conference::state& after, std::int64_t expected_version,
                                      std::vector<new_event> events, const std::string& command_id,
                                      const std::string& conference_id) override;
  result<std::optional<stored_conference>> find(const std::string& conference_id) override;
  result<std::optional<stored_conference>> find_by_slug(const std::string& slug) override;
  result<std::vector<std::string>> find_by_owner(const std::string& email, const std::string& access_code) override;

private:
  mutable std::mutex mutex_;
  persistence::event_store& events_;
  std::map<std::string, stored_conference> conferences_; ///< by id
};

} // namespace contoso::persistence::memory
