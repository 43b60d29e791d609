// Drives an UNMODIFIED original Qt fortune program the way a user would, from inside: the clients
// (localfortuneclient, and the TCP fortuneclient and blockingfortuneclient) of Qt 5 and Qt 6, and
// Qt 6's localfortuneserver, which listens only once "Listen" is pressed. Built against the Qt of
// the program it is loaded into (Qt5Widgets or Qt6Widgets).
//
// LD_PRELOAD loads this library into the program; Q_COREAPP_STARTUP_FUNCTION runs once the
// program's QApplication exists, and a timer then finds the widgets through
// QApplication::allWidgets(), presses "Get Fortune" and watches what the window shows.
//
// It prints exactly one line and ends the program with _exit():
//   label: <the status label's text once it changed>     exit 0
//   messagebox: <title>: <text>                          exit 0 (e.g. the server-not-found box)
//   driver: <why it could not drive the window>          exit 1 (no button, no change in time)
// With LF_DRIVER_KEEP_RUNNING=1 it prints the label line and leaves the program running (a
// server, serving until it is stopped).
// No sleeps: it polls every 10 ms inside the program's own event loop (the modal message box
// runs a nested loop, which keeps the timer alive) and gives up after a deadline.
//
// Optional: LF_DRIVER_NAME=<server name> types that name into the "Server name" field first;
// for the TCP clients LF_DRIVER_HOST=<host> goes into the host field (an editable combo box or
// the line edit without a validator) and LF_DRIVER_PORT=<port> into the port field (the line edit
// with a validator); LF_DRIVER_TIMEOUT_MS=<ms> changes the deadline (default 10000);
// LF_DRIVER_BUTTON=<text> presses another button (default "Get Fortune", e.g. "Listen") and
// LF_DRIVER_STATUS=<text> finds the status label by that part of its first text (default
// "requires that you run", which every client shows; the Qt 6 server shows "to start the
// server").

#include <QtCore/QElapsedTimer>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <unistd.h>

namespace {

// One line "kind: text", every byte of the text as shown (a U+0000 included).
void print(const char *kind, const QString &text)
{
    const QByteArray line = QByteArray(kind) + ": " + text.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

[[noreturn]] void report(const char *kind, const QString &text, int code)
{
    print(kind, text);
    _exit(code);
}

template <typename T> T *find(const std::function<bool(T *)> &match)
{
    for (QWidget *w : QApplication::allWidgets())
        if (T *t = qobject_cast<T *>(w); t && t->isVisible() && match(t))
            return t;
    return nullptr;
}

QString setting(const char *name, const char *fallback)
{
    const char *value = std::getenv(name);
    return QString::fromUtf8(value ? value : fallback);
}

void drive()
{
    const QString buttonText = setting("LF_DRIVER_BUTTON", "Get Fortune");
    const QString statusText = setting("LF_DRIVER_STATUS", "requires that you run");
    const bool keepRunning = qEnvironmentVariableIntValue("LF_DRIVER_KEEP_RUNNING") == 1;
    const qint64 deadline = qEnvironmentVariableIsSet("LF_DRIVER_TIMEOUT_MS")
        ? qEnvironmentVariableIntValue("LF_DRIVER_TIMEOUT_MS")
        : 10000;
    auto *clock = new QElapsedTimer;
    clock->start();
    auto *poll = new QTimer;
    auto *status = new QPointer<QLabel>;
    auto *initial = new QString;
    auto *clicked = new bool(false);
    QObject::connect(poll, &QTimer::timeout, [=] {
        if (clock->elapsed() > deadline)
            report("driver", QStringLiteral("nothing happened within %1 ms").arg(deadline), 1);
        if (auto *box = find<QMessageBox>([](QMessageBox *) { return true; }))
            report("messagebox", box->windowTitle() + QStringLiteral(": ") + box->text(), 0);
        if (!*clicked) {
            auto *button = find<QPushButton>([&](QPushButton *b) { return b->text() == buttonText; });
            auto *label = find<QLabel>([&](QLabel *l) { return l->text().contains(statusText); });
            if (!button || !label)
                return; // the window is not shown yet
            if (const char *name = std::getenv("LF_DRIVER_NAME")) {
                if (auto *edit = find<QLineEdit>([](QLineEdit *) { return true; }))
                    edit->setText(QString::fromUtf8(name));
            }
            if (const char *host = std::getenv("LF_DRIVER_HOST")) {
                if (auto *combo = find<QComboBox>([](QComboBox *c) { return c->isEditable(); }))
                    combo->setEditText(QString::fromUtf8(host));
                else if (auto *edit = find<QLineEdit>([](QLineEdit *e) { return !e->validator(); }))
                    edit->setText(QString::fromUtf8(host));
            }
            if (const char *port = std::getenv("LF_DRIVER_PORT")) {
                if (auto *edit = find<QLineEdit>([](QLineEdit *e) { return e->validator(); }))
                    edit->setText(QString::fromUtf8(port));
            }
            *status = label;
            *initial = label->text();
            *clicked = true;
            // Clicked from its own timer event: the error box is modal, and its nested event
            // loop must find this poll timer free to fire.
            QTimer::singleShot(0, button, &QPushButton::click);
            return;
        }
        if (*status && (*status)->text() != *initial) {
            if (!keepRunning)
                report("label", (*status)->text(), 0);
            print("label", (*status)->text());
            poll->stop();
        }
    });
    poll->start(10);
}

void install() { QTimer::singleShot(0, drive); }

} // namespace

Q_COREAPP_STARTUP_FUNCTION(install)
