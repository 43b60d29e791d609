// Entry point of the QML tests (tests/qml_tests.rs): Qt's QuickTest runner, linked with our
// statically built QML module, which the system `qmltestrunner` cannot load.
#include <QtGui/QGuiApplication>
#include <QtQuickTest/quicktest.h>

#include "i18n.h"

// `language`: null runs the suite untranslated (no translator: the English of `--lang en`);
// otherwise the application is made here first, with the translations the windows install
// for that language ("" = the system's, from LANG) before QuickTest runs the suite in it.
extern "C" int lf_quick_test_main(int argc, char **argv, const char *sourceDir,
                                  const char *language)
{
    if (!language)
        return quick_test_main(argc, argv, "local-fortune", sourceDir);
    QGuiApplication app(argc, argv);
    if (!lf::installTranslations(QString::fromUtf8(language))) {
        qCritical("lf_quick_test_main: no translation installed for language \"%s\" (LANG=%s)",
                  language, qgetenv("LANG").constData());
        return 1;
    }
    return quick_test_main(argc, argv, "local-fortune", sourceDir);
}
