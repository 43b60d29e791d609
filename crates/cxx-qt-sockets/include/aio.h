// Futures on Qt's event loop: a wake posts one call to the application's thread, which polls the
// tasks woken meanwhile. No thread of its own, no second event loop.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QMetaObject>
#include <QtCore/QThread>

#include <memory>

#include "rust/cxx.h"

namespace cxx_qt_sockets {

using QEventLoop = ::QEventLoop;

// Defined by the bridge (src/aio/executor.rs): polls the tasks woken meanwhile.
void aioRunReady() noexcept;

// Queues aioRunReady() on the application's thread (from any thread); false without one.
inline bool
aioPost()
{
  QCoreApplication* app = QCoreApplication::instance();
  if (app == nullptr)
    return false;
  QMetaObject::invokeMethod(app, [] { aioRunReady(); }, Qt::QueuedConnection);
  return true;
}

// True on the thread of the application object (where tasks run).
inline bool
aioOnAppThread()
{
  QCoreApplication* app = QCoreApplication::instance();
  return app != nullptr && app->thread() == QThread::currentThread();
}

inline std::unique_ptr<QEventLoop>
aioNewLoop()
{
  return std::make_unique<QEventLoop>();
}

// exec() and quit() through a shared reference: Rust holds the loop in an Rc, and the task that
// ends it runs inside exec().
inline std::int32_t
aioExec(const QEventLoop& loop)
{
  return const_cast<QEventLoop&>(loop).exec();
}

inline void
aioQuit(const QEventLoop& loop)
{
  const_cast<QEventLoop&>(loop).quit();
}

} // namespace cxx_qt_sockets
