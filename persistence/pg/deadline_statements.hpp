#pragma once
/// The statement behind pg::deadline_store's writes, on a connection the caller controls, so a process
/// save changes its deadlines in its own transaction with the very SQL the store uses.

#include "persistence/deadline_store.hpp"
#include "persistence/pg/connection.hpp"

namespace contoso::persistence::pg {

/// Removes, then schedules (so a deadline both dropped and rescheduled ends up scheduled), inside the
/// caller's transaction if it has one. Throws sql_error.
void apply_deadline_changes(connection& conn, const deadline_changes& changes);

} // namespace contoso::persistence::pg
