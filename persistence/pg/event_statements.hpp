#pragma once
/// The statements behind pg::event_store, on a connection the caller controls. `append_events` runs
/// inside the caller's transaction and neither begins nor ends it, so a test can hold an append open
/// (BEGIN, append_events, ..., COMMIT) exactly as the store would write it.

#include <cstdint>
#include <string>
#include <vector>

#include "persistence/event_store.hpp"
#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

/// Checks for a duplicate command id, then inserts in one statement that writes nothing unless the
/// stream is at the expected version. Throws sql_error; a unique violation (23505) means another
/// writer won the race (inside a transaction, it must then roll back).
append_result append_events(connection& conn, const std::string& stream_id, std::int64_t expected_version,
                            std::vector<new_event> events, const std::string& command_id);

/// The events a statement returned, in the column order of `recorded_event_columns`.
std::vector<recorded_event> recorded_events(const rows& found);

/// The select list that `recorded_events` decodes.
extern const char* const recorded_event_columns;

} // namespace contoso::persistence::pg
