#pragma once
/// The actor face of the journal: the runtime pools a few of them for the aggregate and process actors.

#include <caf/all.hpp>

#include "actors/journal.hpp"

namespace contoso::actors {

/// Does a journal's blocking calls; spawn it `detached`, so they block its own thread only.
caf::behavior journal_worker(caf::event_based_actor* self, journal_stores stores);

} // namespace contoso::actors
