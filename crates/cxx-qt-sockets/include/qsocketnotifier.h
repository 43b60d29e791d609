// QSocketNotifier's nested enum, and its constructor (a descriptor and a type).
#pragma once

#include <QtCore/QSocketNotifier>

#include "cxx-qt-sockets/common.h"

namespace cxx_qt_sockets {

using SocketNotifierType = QSocketNotifier::Type;

inline std::unique_ptr<QSocketNotifier>
newSocketNotifier(qintptr descriptor, SocketNotifierType type)
{
  return std::make_unique<QSocketNotifier>(descriptor, type);
}

// activated is a private signal: cxx-qt binds no connection to it. This connects it to a Rust
// closure (a Box of Closure, whose call(QSocketNotifier &) runs it), the notifier as the context.
template<typename Closure>
QMetaObject::Connection
connectActivated(QSocketNotifier& notifier, rust::Box<Closure> closure)
{
  auto shared = std::make_shared<rust::Box<Closure>>(std::move(closure));
  return QObject::connect(&notifier, &QSocketNotifier::activated, &notifier,
                          [&notifier, shared]() { (*shared)->call(notifier); });
}

} // namespace cxx_qt_sockets
