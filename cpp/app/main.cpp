// Entry point of the CMake-built apps (`local-fortune-server`, `local-fortune-client`): the same
// QML windows and Rust QObjects as `local-fortune server|client`, started from C++ so that Qt
// Creator can build, run and debug them. All fortune logic stays in the Rust static library;
// CMakeLists.txt compiles this file once per window (LF_WINDOW, LF_SERVER).
#include <QtCore/QCommandLineParser>
#include <QtCore/QUrl>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption name("name", "Server name (default: fortune).", "name", "fortune");
    const QCommandLineOption wire("wire", "Wire format: qt4, qt5.8, qt5.10, qt6.6 (client: also auto).",
                                  "wire");
    const QCommandLineOption listen("listen", "Start listening at once.");
    parser.addOptions({name, wire});
    if (LF_SERVER)
        parser.addOption(listen);
    parser.process(app);

    // The window's own defaults apply unless an option was given; the Rust object validates.
    QVariantMap initial{{"initialName", parser.value(name)}};
    if (parser.isSet(wire))
        initial.insert("initialWire", parser.value(wire));
    if (LF_SERVER)
        initial.insert("listenAtStart", parser.isSet(listen));

    QQmlApplicationEngine engine;
    engine.setInitialProperties(initial);
    // cxx-qt places the module under qrc:/qt/qml, which Qt 6.4 neither searches by default nor
    // loads by module name (loadFromModule is 6.5+).
    engine.addImportPath("qrc:/qt/qml");
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl("qrc:/qt/qml/LocalFortune/qml/" LF_WINDOW ".qml"));
    return app.exec();
}
