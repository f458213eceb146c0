// The browser-hardening headers every HTTP response carries, pages and API alike (docs/security.md).
// Tokens live in the browser's storage and in review links, so no script but our own bundle may run
// (no inline script, no eval), no page may frame ours, and no URL leaks to another site as a referrer.
// The web client needs nothing beyond 'self': Chart.js draws on a canvas, the QR code is a data: image,
// and the WebSocket goes to the page's own host ('self' covers ws:/wss: there in CSP level 3).
#pragma once

#include <array>
#include <string_view>
#include <utility>

namespace scsa::server {

inline constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

inline constexpr std::array<std::pair<std::string_view, std::string_view>, 6> security_headers{{
    {"Content-Security-Policy", content_security_policy},
    {"X-Frame-Options", "DENY"},  // frame-ancestors for browsers that predate it
    {"Referrer-Policy", "no-referrer"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"X-Content-Type-Options", "nosniff"},
}};

}  // namespace scsa::server
