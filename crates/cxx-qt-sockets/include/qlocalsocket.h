// The QLocalSocket calls cxx cannot express as they are: default arguments, nested enums and flags.
#pragma once

#include <QtNetwork/QLocalSocket>

#include "cxx-qt-sockets/common.h"

namespace cxx_qt_sockets {

using LocalSocketError = QLocalSocket::LocalSocketError;
using LocalSocketState = QLocalSocket::LocalSocketState;

// connectToServer(name, openMode = ReadWrite).
inline void
localConnectToServer(QLocalSocket& socket, const QString& name)
{
  socket.connectToServer(name);
}

// setSocketDescriptor(fd, ConnectedState, ReadWrite): adopts a connected socket.
inline bool
localSetSocketDescriptor(QLocalSocket& socket, qintptr descriptor)
{
  return socket.setSocketDescriptor(descriptor);
}

// setSocketOptions(AbstractNamespaceOption or NoOptions) (Linux: a name with no file).
inline void
localSetAbstractNamespace(QLocalSocket& socket, bool on)
{
  socket.setSocketOptions(on ? QLocalSocket::AbstractNamespaceOption
                             : QLocalSocket::NoOptions);
}

inline bool
localIsAbstractNamespace(const QLocalSocket& socket)
{
  return socket.socketOptions().testFlag(QLocalSocket::AbstractNamespaceOption);
}

} // namespace cxx_qt_sockets
