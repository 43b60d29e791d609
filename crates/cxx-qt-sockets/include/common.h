// What every binding of cxx-qt-sockets shares: object creation, and the QIODevice calls that take
// a Rust slice. Templates, so that one definition serves every class: cxx takes each function's
// address with the exact type it declares, which picks the instance.
#pragma once

#include <QtCore/QIODevice>
#include <QtCore/QObject>

#include <cstdint>
#include <memory>

#include "rust/cxx.h"

namespace cxx_qt_sockets {

// A new object of any default-constructible QObject class, owned by Rust. Bind it once per class:
//   #[namespace = "cxx_qt_sockets"] #[cxx_name = "newObject"] fn new_my_object() -> UniquePtr<MyObject>;
template<typename T>
std::unique_ptr<T>
newObject()
{
  return std::make_unique<T>();
}

// A server's next pending connection, still its child (null if none).
template<typename Server>
auto
takePendingConnection(Server& server) -> decltype(server.nextPendingConnection())
{
  return server.nextPendingConnection();
}

// Qt's idiom for a socket nobody holds: deleted once disconnected (now, if it is not connected).
template<typename Socket>
void
deleteWhenDisconnected(Socket& socket)
{
  QObject::connect(&socket, &Socket::disconnected, &socket, &QObject::deleteLater);
  if (socket.state() == Socket::UnconnectedState)
    socket.deleteLater();
}

// QIODevice::write(const char *, qint64) from a Rust slice.
template<typename Device>
qint64
writeSlice(Device& device, rust::Slice<const std::uint8_t> data)
{
  return device.write(reinterpret_cast<const char*>(data.data()),
                      qint64(data.size()));
}

// QIODevice::read(char *, qint64) into a Rust slice: bytes read, 0 if none, -1 on error.
template<typename Device>
qint64
readSlice(Device& device, rust::Slice<std::uint8_t> buffer)
{
  return device.read(reinterpret_cast<char*>(buffer.data()),
                     qint64(buffer.size()));
}

// waitForNewConnection(msec, &timedOut) of QLocalServer and QTcpServer: 1 when a connection
// came, 0 when the time ran out, -1 on an error (serverError() says which).
template<typename Server>
std::int32_t
waitForNewConnection(Server& server, std::int32_t msec)
{
  bool timedOut = false;
  if (server.waitForNewConnection(msec, &timedOut))
    return 1;
  return timedOut ? 0 : -1;
}

} // namespace cxx_qt_sockets
