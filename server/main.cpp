// scsa-server's entry point: parses the command line and runs the server.
#include <cstdio>
#include <string_view>

#include "server/version.hpp"

namespace {

constexpr const char* usage = R"(Usage: scsa-server [options]

The live, event-sourced Smart City Self Assessment server.

Options:
  --help      show this help and exit
  --version   show the version and exit
)";

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage, stdout);
      return 0;
    }
    if (arg == "--version") {
      std::printf("scsa-server %s\n", scsa::server::version);
      return 0;
    }
    std::fprintf(stderr, "scsa-server: unknown option '%s' (see --help)\n", argv[i]);
    return 2;
  }
  std::fputs(usage, stdout);
  return 0;
}
