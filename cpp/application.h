// The application object and a build fact, for the windows that the CLI and the CMake apps
// open (src/qt/application.rs).
#pragma once

#include <QtCore/QByteArray>
#include <QtGui/QGuiApplication>

#include <cstdint>
#include <memory>
#include <vector>

#include "rust/cxx.h"

namespace lf {

// QT_VERSION (0xMMNNPP) of the Qt this was compiled against: it picks the frame format that
// this Qt's own Local Fortune example speaks.
inline std::uint32_t builtQtVersion() { return QT_VERSION; }

// A QGuiApplication that sees only `args`: the program name and the options meant for Qt, named
// for the desktop (`name`: QCoreApplication's name, which xcb makes the WM_CLASS class;
// `desktopEntry`: the desktop entry, which Wayland takes for the app id). Our
// own options are parsed before it exists, because Qt's platform plugins take some of them out
// of argv (xcb takes -name/--name and -display). QGuiApplication keeps references to argc and
// argv for as long as it lives, so they are kept here, for the one application of a process.
inline std::unique_ptr<QGuiApplication> newGuiApplication(rust::Vec<rust::String> args,
                                                          rust::Str name, rust::Str desktopEntry)
{
    static std::vector<QByteArray> storage;
    static std::vector<char *> argv;
    static int argc = 0;
    storage.clear();
    for (const rust::String &arg : args)
        storage.emplace_back(arg.data(), qsizetype(arg.size()));
    argv.clear();
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    argc = int(storage.size());
    auto app = std::make_unique<QGuiApplication>(argc, argv.data());
    QCoreApplication::setApplicationName(QString::fromUtf8(name.data(), qsizetype(name.size())));
    QGuiApplication::setDesktopFileName(
        QString::fromUtf8(desktopEntry.data(), qsizetype(desktopEntry.size())));
    return app;
}

} // namespace lf
