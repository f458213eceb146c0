# Compiler warnings for the project's own targets; errors unless SCSA_WERROR is OFF.
function(scsa_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(SCSA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
