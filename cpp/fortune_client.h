// What FortuneClient's bridge (src/qt/fortune_client.rs) cannot say in Rust: its reusable sockets
// and its deadline timer, children of the client whose signals call its methods directly, with
// the client as the receiver (Qt disconnects them when it goes, before its children are deleted).
// Declared only: the class is complete in fortune_client.cpp.
#pragma once

#include <QtCore/QTimer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>

class FortuneClient;

namespace lf {
QLocalSocket *newClientLocalSocket(FortuneClient &client);
QTcpSocket *newClientTcpSocket(FortuneClient &client);
QSslSocket *newClientSslSocket(FortuneClient &client);
QTimer *newClientTimer(FortuneClient &client);
} // namespace lf
