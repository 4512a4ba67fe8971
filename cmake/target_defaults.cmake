# Warnings are errors everywhere; the sanitizer build instruments every target of ours.
# No -Wnull-dereference: GCC 12 only evaluates it when optimizing, and then reports false positives
# inside nlohmann_json's inlined accessors (json::value), which broke the Release build.
set(CONTOSO_WARNINGS
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)

if(CONTOSO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

function(contoso_target_defaults target)
  target_compile_options(${target} PRIVATE ${CONTOSO_WARNINGS})
endfunction()
