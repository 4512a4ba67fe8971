# Fails when a folder includes something its layer may not see (DESIGN.md: domain <- persistence <- actors <- http).
# Actors see the stores through their interfaces only; `http/main.cpp` builds the PostgreSQL ones.
# Debian installs CAF, libpq and httplib in /usr/include, so the compiler alone would not catch this.
set(rules
  "domain|caf/|libpq|postgresql/|httplib|config/|persistence/|actors/|http/"
  "config|caf/|libpq|postgresql/|httplib|domain/|persistence/|actors/|http/"
  "persistence|caf/|httplib|config/|actors/|http/"
  "actors|httplib|config/|http/|persistence/pg/"
)
set(failures "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts folder)
  list(JOIN parts "|" forbidden)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${folder}/*.hpp" "${SOURCE_DIR}/${folder}/*.cpp")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      if(line MATCHES "[<\"](${forbidden})")
        string(APPEND failures "\n  ${source}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "forbidden includes across layers:${failures}")
endif()
message(STATUS "layering: every include respects domain <- persistence <- actors <- http")
