// Loads the data files the server needs at start (catalogue, municipalities, aliases) from the data folder.
// A missing or broken file throws std::runtime_error with a message that names the file and the problem.
#pragma once

#include <string>

#include "domain/catalogue.hpp"
#include "domain/municipalities.hpp"

namespace scsa::server {

std::string read_text_file(const std::string& path);

domain::catalogue load_catalogue(const std::string& data_dir);
domain::municipality_registry load_municipalities(const std::string& data_dir);

}  // namespace scsa::server
