# Fails when a test case's name holds a semicolon. catch_discover_tests hands the names to CMake, whose
# lists split on ';': such a test becomes two ctest entries whose filters match nothing, and "passes"
# without running.
file(GLOB_RECURSE sources "${SOURCE_DIR}/tests/*.cpp")
set(failures "")
foreach(source IN LISTS sources)
  file(READ "${source}" text)
  # The name is the string literals (possibly several, concatenated) before the tag argument.
  string(REGEX MATCHALL "TEST_CASE\\(([ \t\r\n]*\"[^\"]*\")+" cases "${text}")
  foreach(found IN LISTS cases)
    # A semicolon inside a name split `found` itself: the piece after it no longer starts with TEST_CASE.
    if(NOT found MATCHES "^TEST_CASE")
      string(APPEND failures "\n  ${source}: ...${found}")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "test names with a semicolon (ctest would split them and run nothing):${failures}")
endif()
message(STATUS "test names: none holds a semicolon")
