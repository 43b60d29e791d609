// See fortune_client.h.
#include "local-fortune/fortune_client.h"

#include "local-fortune/src/qt/fortune_client.cxxqt.h"

namespace lf {

void connectClientLocalSocket(FortuneClient &client, QLocalSocket &s)
{
    auto *socket = &s;
    QObject::connect(socket, &QLocalSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QLocalSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QLocalSocket::errorOccurred, &client,
                     [&client](QLocalSocket::LocalSocketError error) { client.localSocketError(int(error)); });
}

void connectClientTcpSocket(FortuneClient &client, QTcpSocket &s)
{
    auto *socket = &s;
    QObject::connect(socket, &QTcpSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QTcpSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QTcpSocket::errorOccurred, &client,
                     [&client](QAbstractSocket::SocketError error) { client.tcpSocketError(int(error)); });
}

void connectClientSslSocket(FortuneClient &client, QSslSocket &s)
{
    auto *socket = &s;
    QObject::connect(socket, &QSslSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QSslSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QSslSocket::errorOccurred, &client,
                     [&client](QAbstractSocket::SocketError error) { client.tlsSocketError(int(error)); });
    QObject::connect(socket, &QSslSocket::encrypted, &client, &FortuneClient::tlsEncrypted);
    // What the checks of this handshake found (sslHandshakeErrors() keeps an older attempt's).
    QObject::connect(socket, &QSslSocket::sslErrors, &client, [&client](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            client.tlsCheckFailed(int(error.error()));
    });
    QObject::connect(socket, &QSslSocket::alertReceived, &client,
                     [&client](QSsl::AlertLevel level, QSsl::AlertType type, const QString &) {
                         if (level == QSsl::AlertLevel::Fatal)
                             client.tlsAlertReceived(int(type));
                     });
}

void connectClientTimer(FortuneClient &client, QTimer &timer)
{
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &client, &FortuneClient::timedOut);
}

} // namespace lf
