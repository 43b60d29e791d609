#!/usr/bin/env bash
# After configuring: Qt Creator's QML code model reads QML_IMPORT_PATH from the CMake cache. It
# must name, first, the folder where cargo exports the module LocalFortune for this build type,
# holding the module's qmldir already (the first build adds its type information:
# tests/qml_module.rs checks it), then Qt's own QML modules (QtQuick.Controls and
# QtQuick.Layouts, which the windows import).
# Usage: tests/cmake/qml-import-path.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
die() { echo "qml-import-path: $*" >&2; exit 1; }
line=$(grep -E '^QML_IMPORT_PATH:' "$build/CMakeCache.txt") || die "no QML_IMPORT_PATH in $build/CMakeCache.txt"
IFS=';' read -r -a dirs <<<"${line#*=}"
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
profile=release; [ "$type" = Debug ] && profile=debug
[ "${dirs[0]:-}" = "$build/cxxqt/$profile/qml_modules" ] \
  || die "QML_IMPORT_PATH starts with '${dirs[0]:-}', not this build's module folder $build/cxxqt/$profile/qml_modules"
# The code model looks modules up at configure time: LocalFortune's qmldir must be there already.
[ -f "${dirs[0]}/LocalFortune/qmldir" ] \
  || die "no ${dirs[0]}/LocalFortune/qmldir after configuring: Qt Creator's code model would say \"module not found\""
for module in QtQuick/Controls QtQuick/Layouts; do
  found=
  for dir in "${dirs[@]}"; do [ -f "$dir/$module/qmldir" ] && found=$dir; done
  [ -n "$found" ] || die "no folder of QML_IMPORT_PATH (${line#*=}) holds $module/qmldir"
done
echo "qml-import-path: QML_IMPORT_PATH=${line#*=}"
