# The Debian package (`make deb`, or `cpack -G DEB` in a Release build folder): CPack's DEB
# generator, with every dependency computed on the building machine, never listed by hand:
# - shared libraries (the Qt 6 libraries the binary links): dpkg-shlibdeps;
# - the QML modules the windows need (lf_qml_modules, below: their imports, the style, and
#   what those modules import in turn), and Qt's xcb platform plugin: the Debian package that
#   ships each one's file (dpkg -S), at least the version installed here;
# - Recommends: a font that has Chinese (fc-match :lang=zh-cn) and Qt's own Chinese catalog.
# Included by CMakeLists.txt on Debian (dpkg present); `lf_deb_version` is the crate's version.

# The Debian package that owns PATH (empty if none), with " (>= VERSION)" when `versioned`.
function(lf_deb_owner path versioned out)
  set(${out} "" PARENT_SCOPE)
  execute_process(COMMAND dpkg-query -S "${path}" OUTPUT_VARIABLE owner
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR owner STREQUAL "")
    return()
  endif()
  string(REGEX REPLACE ":.*" "" package "${owner}")
  if(versioned)
    execute_process(COMMAND dpkg-query -W "-f=\${Version}" "${package}"
      OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    set(package "${package} (>= ${version})")
  endif()
  set(${out} "${package}" PARENT_SCOPE)
endfunction()

# Every QML module the windows need: the imports of qml/*.qml but our own, the style Qt Quick
# Controls picks for them, and what those modules import or depend on, transitively: their
# qmldir's `import` and `depends` lines (optional imports are left out) and the imports of the
# QML files they ship (Fusion's ApplicationWindow.qml imports QtQuick.Window, which no qmldir
# names: on Debian 12 nothing else pulls it in). The style: our windows set none, so Qt uses its
# desktop default, Fusion on Linux (QQuickStyle's default since Qt 6.0), one of QtQuick.Controls'
# optional imports. A module whose qmldir is not installed on the building machine is left out:
# either Qt registers it from a library it links (QtQml.Models, which QtQml imports, on Debian
# 12), or only a type the windows never load imports it (Basic's SelectionRectangle.qml imports
# QtQuick.Shapes). The windows run without them here, and `make test-install` runs them in a
# fresh root from the package's dependencies alone.
function(lf_qml_modules qml_dir out)
  file(GLOB windows "${PROJECT_SOURCE_DIR}/qml/*.qml")
  set(todo QtQuick.Controls.Fusion)
  foreach(window IN LISTS windows)
    file(STRINGS "${window}" lines REGEX "^import [A-Za-z]")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^import ([A-Za-z0-9_.]+).*" "\\1" module "${line}")
      if(NOT module STREQUAL "LocalFortune")
        list(APPEND todo "${module}")
      endif()
    endforeach()
  endforeach()
  set(done)
  while(todo)
    list(POP_FRONT todo module)
    if(module IN_LIST done)
      continue()
    endif()
    list(APPEND done "${module}")
    string(REPLACE "." "/" folder "${module}")
    set(qmldir "${qml_dir}/${folder}/qmldir")
    if(NOT EXISTS "${qmldir}")
      message(STATUS "local-fortune: QML module ${module}: no qmldir installed here, not a dependency")
      continue()
    endif()
    file(STRINGS "${qmldir}" lines REGEX "^(default )?import |^depends ")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^(default )?(import|depends) ([A-Za-z0-9_.]+).*" "\\3" next "${line}")
      list(APPEND todo "${next}")
    endforeach()
    file(GLOB files "${qml_dir}/${folder}/*.qml")
    foreach(file IN LISTS files)
      file(STRINGS "${file}" lines REGEX "^import [A-Za-z]")
      foreach(line IN LISTS lines)
        string(REGEX REPLACE "^import ([A-Za-z0-9_.]+).*" "\\1" next "${line}")
        list(APPEND todo "${next}")
      endforeach()
    endforeach()
  endwhile()
  set(${out} "${done}" PARENT_SCOPE)
endfunction()

lf_qmake_query(QT_INSTALL_QML lf_qml_dir)
lf_qmake_query(QT_INSTALL_PLUGINS lf_plugin_dir)
lf_qml_modules("${lf_qml_dir}" lf_modules)
set(lf_deb_depends)
foreach(module IN LISTS lf_modules)
  string(REPLACE "." "/" folder "${module}")
  lf_deb_owner("${lf_qml_dir}/${folder}/qmldir" TRUE package)
  if(package AND NOT package IN_LIST lf_deb_depends)
    list(APPEND lf_deb_depends "${package}")
  endif()
endforeach()
lf_deb_owner("${lf_plugin_dir}/platforms/libqxcb.so" TRUE lf_xcb)
if(lf_xcb AND NOT lf_xcb IN_LIST lf_deb_depends)
  list(APPEND lf_deb_depends "${lf_xcb}")
endif()
list(SORT lf_deb_depends)
list(JOIN lf_deb_depends ", " lf_deb_depends)

set(lf_deb_recommends)
execute_process(COMMAND fc-match -f "%{file}" ":lang=zh-cn"
  OUTPUT_VARIABLE lf_cjk_font OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
lf_qmake_query(QT_INSTALL_TRANSLATIONS lf_qt_translations)
foreach(file IN ITEMS "${lf_cjk_font}" "${lf_qt_translations}/qt_zh_CN.qm")
  lf_deb_owner("${file}" FALSE package)
  if(package)
    list(APPEND lf_deb_recommends "${package}")
  endif()
endforeach()
list(JOIN lf_deb_recommends ", " lf_deb_recommends)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME local-fortune)
set(CPACK_PACKAGE_VERSION "${lf_deb_version}")
set(CPACK_PACKAGE_VENDOR "The local-fortune developers")
set(CPACK_PACKAGE_CONTACT "The local-fortune developers <local-fortune@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Qt's Local Fortune and Fortune examples, in Rust over Qt's sockets")
# The extended description (CPack puts the summary above it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Qt's Local Fortune IPC example and its TCP siblings (Fortune Server and
 Fortune Client) rebuilt in Rust through cxx-qt: the server, client and
 bridge windows (QML, in English and Chinese) and a command line drive the
 same objects over Qt's own QLocalServer/QLocalSocket and QTcpServer/
 QTcpSocket, and speak every generation of the original C++ examples' wire
 formats, byte for byte, from Qt 4 to Qt 6.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${lf_deb_depends}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "${lf_deb_recommends}")
set(CPACK_SET_DESTDIR OFF)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
include(CPack)
