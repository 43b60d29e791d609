// Entry point of the QML tests (tests/qml_tests.rs): Qt's QuickTest runner, linked with our
// statically built QML module, which the system `qmltestrunner` cannot load.
#include <QtQuickTest/quicktest.h>

extern "C" int lf_quick_test_main(int argc, char **argv, const char *sourceDir)
{
    return quick_test_main(argc, argv, "local-fortune", sourceDir);
}
