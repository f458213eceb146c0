#!/usr/bin/env bash
# Fails when a file in domain/ includes a header that brings I/O, a clock, threads or a foreign library.
set -euo pipefail
dir=${1:?usage: check_purity.sh DOMAIN_DIR}
forbidden='#include *[<"](boost/|sqlite3|spdlog/|fmt/|thread|mutex|chrono|ctime|fstream|iostream|cstdio|filesystem|random|future|condition_variable|atomic)'
if grep -nE "$forbidden" "$dir"/*.hpp "$dir"/*.cpp; then
  echo "domain/ must stay pure: the includes above bring I/O, a clock, threads or a foreign library" >&2
  exit 1
fi
echo "domain/ is pure"
