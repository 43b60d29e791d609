// Integer property types that QML's tooling resolves on Qt 6.4 and 6.8 (src/qt/qml_types.rs).
// moc defines Q_MOC_RUN while it reads this header: it then records a property of type lf_int as
// `int`, which every qmllint knows; the C++ compiler sees an alias of int (cxx needs a name that
// can take a leading "::"). qlonglong is Qt's own.
#pragma once

#include <QtCore/QtGlobal>

#ifdef Q_MOC_RUN
#define lf_int int
#else
using lf_int = int;
#endif
