// Reading the data files; the domain parses and validates their text.
#include "server/ops/data_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace scsa::server {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

domain::catalogue load_catalogue(const std::string& data_dir) {
  const std::string path = data_dir + "/catalogue.json";
  try {
    return domain::parse_catalogue(read_text_file(path));
  } catch (const domain::catalogue_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

domain::municipality_registry load_municipalities(const std::string& data_dir) {
  const std::string path = data_dir + "/municipalities-nl.csv";
  const std::string aliases_path = data_dir + "/municipality-aliases.csv";
  std::string aliases = std::filesystem::exists(aliases_path) ? read_text_file(aliases_path) : std::string{};
  try {
    return domain::municipality_registry::parse(read_text_file(path), aliases);
  } catch (const domain::municipality_data_error& e) {
    throw std::runtime_error(data_dir + ": " + e.what());
  }
}

}  // namespace scsa::server
