// The QLocalServer calls cxx cannot express as they are: static members, flags, and the switch
// that hands accepting to the owner of the listening socket.
#pragma once

#include <QtCore/QSocketNotifier>
#include <QtNetwork/QLocalServer>

#include "cxx-qt-sockets/common.h"
#include "cxx-qt-sockets/qabstractsocket.h"
#include "cxx-qt-sockets/qlocalsocket.h"

namespace cxx_qt_sockets {

using LocalServerOption = QLocalServer::SocketOption;

// setSocketOptions from the bits of LocalServerOption (0x1 user, 0x2 group, 0x4 other, 0x8
// abstract namespace).
inline void
localServerSetSocketOptions(QLocalServer& server, std::uint32_t bits)
{
  server.setSocketOptions(QLocalServer::SocketOptions(int(bits)));
}

inline std::uint32_t
localServerSocketOptions(const QLocalServer& server)
{
  return std::uint32_t(server.socketOptions().toInt());
}

// QLocalServer::removeServer is static.
inline bool
localRemoveServer(const QString& name)
{
  return QLocalServer::removeServer(name);
}

// A listening QLocalServer accepts with its own QSocketNotifier on the listening socket, a child
// of its own (qlocalserver_unix.cpp, Qt 6.4 to 6.11), and when accept() fails it closes itself and
// removes its socket file. This disables that notifier for good, so that the owner accepts from
// socketDescriptor() itself (Qt enables it again only after one of its own accepts). False, with
// nothing changed, when the server has not exactly one such child.
inline bool
localServerStopAccepting(QLocalServer& server)
{
  const auto notifiers =
    server.findChildren<QSocketNotifier*>(Qt::FindDirectChildrenOnly);
  if (notifiers.size() != 1)
    return false;
  notifiers.front()->setEnabled(false);
  return true;
}

} // namespace cxx_qt_sockets
