// `scsa-server --check-config`: everything a start would need, checked without starting. The port can be
// bound, the database's folder is writable (or the database opens), the data files load, the web root
// holds index.html, the operator token file holds a hash. Touches the file system and binds a socket
// briefly; call from main only.
#pragma once

#include <string>
#include <vector>

#include "server/ops/server_config.hpp"

namespace scsa::server {

// Every problem found, each naming the option and what is wrong; empty when the configuration is usable.
std::vector<std::string> check_config(const server_config& config);

}  // namespace scsa::server
