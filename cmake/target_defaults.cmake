# Warnings are errors everywhere; the sanitizer build instruments every target of ours.
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
