# The Debian package `scsa-server` (CPack's DEB generator; ops/package builds it in Release):
#   /usr/bin/scsa-server, /usr/share/scsa/{web,data}, /lib/systemd/system/scsa-server.service,
#   /etc/scsa/scsa.conf (a conffile), /usr/share/doc/scsa-server/operations.md, and maintainer scripts
#   that create the `scsa` user and keep /var/lib/scsa on remove and purge. See docs/operations.md.
set(SCSA_WEB_DIST "${PROJECT_SOURCE_DIR}/web-client/dist" CACHE PATH "the built web client to package")

install(TARGETS scsa-server RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/data/catalogue.json ${PROJECT_SOURCE_DIR}/data/municipalities-nl.csv
              ${PROJECT_SOURCE_DIR}/data/municipality-aliases.csv DESTINATION share/scsa/data)
# Optional so that a plain `cmake --install` works before the client is built; ops/package builds it first
# and checks that index.html is in the package.
install(DIRECTORY ${SCSA_WEB_DIST}/ DESTINATION share/scsa/web OPTIONAL)
install(FILES ${PROJECT_SOURCE_DIR}/ops/deb/scsa-server.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/ops/deb/scsa.conf DESTINATION /etc/scsa)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/ops/nginx/scsa.conf
              ${PROJECT_SOURCE_DIR}/ops/nginx/scsa-nodes.conf DESTINATION share/doc/scsa-server)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME scsa-server)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "scsa maintainers <scsa@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Smart City Self Assessment: live, event-sourced workshop server")
set(CPACK_PACKAGE_DESCRIPTION
    "The scsa server with its web client, the statement catalogue and the Dutch municipalities, run as the\n"
    "systemd service scsa-server under its own user; its SQLite database lives in /var/lib/scsa.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps finds libsqlite3, libssl, libspdlog, libfmt
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/ops/deb/conffiles ${PROJECT_SOURCE_DIR}/ops/deb/postinst
    ${PROJECT_SOURCE_DIR}/ops/deb/prerm ${PROJECT_SOURCE_DIR}/ops/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
