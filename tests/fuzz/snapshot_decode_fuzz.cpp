// libFuzzer target: domain::decode_snapshot on arbitrary text, as a damaged database could hand it over.
// Decoding never throws; a snapshot that decodes encodes again to text that decodes to the same
// projections (so what a start reads is what the snapshot says, whatever the bytes were).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/history_snapshot.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<scsa::domain::long_lived_projections> decoded;
  try {
    decoded = scsa::domain::decode_snapshot(text);
  } catch (...) {
    scsa::fuzz::check(false, "decode_snapshot never throws");
  }
  if (!decoded) return 0;
  const auto again = scsa::domain::decode_snapshot(scsa::domain::encode_snapshot(*decoded));
  scsa::fuzz::check(again.has_value() && *again == *decoded, "a decoded snapshot survives encoding again");
  return 0;
}
