# Compiler warnings for the project's own targets; errors only when SCSA_WERROR is ON (ops/build, ops/test
# and CI turn it on; a user's plain build, ops/run's included, leaves it off).
function(scsa_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O2/-O3 reports -Wrestrict for `"literal" + std::string` inside libstdc++ (GCC bug 105329,
    # fixed in 13): a false positive at dozens of ordinary call sites, which once broke ops/run's Release
    # build on a fresh Debian 12. Nothing in our code can overlap there. Its -Wmaybe-uninitialized at -O3
    # likewise flags a default-constructed std::string member inside aggregate temporaries (bug 105562).
    # Uninitialised reads stay covered: -Wuninitialized is on, and ops/test runs every suite under UBSan/ASan.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-maybe-uninitialized)
  endif()
  if(SCSA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
