// QTimer needs no helper of its own: its members are bound directly, its constructor through
// common.h's newObject and newChild. Beside it, the end of the event loop it runs in.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

#include "cxx-qt-sockets/common.h"

#include <memory>

namespace cxx_qt_sockets {

// QCoreApplication::exit is static.
inline void
exitEventLoop(std::int32_t code)
{
  QCoreApplication::exit(code);
}

// timeout is a private signal: cxx-qt binds no connection to it. This connects it to a Rust
// closure (a Box of Closure, whose call(QTimer &) runs it), with the timer as the context.
template<typename Closure>
QMetaObject::Connection
connectTimeout(QTimer& timer, rust::Box<Closure> closure)
{
  auto shared = std::make_shared<rust::Box<Closure>>(std::move(closure));
  return QObject::connect(&timer, &QTimer::timeout, &timer, [&timer, shared]() {
    (*shared)->call(timer);
  });
}

} // namespace cxx_qt_sockets
