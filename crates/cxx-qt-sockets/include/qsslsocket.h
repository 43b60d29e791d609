// QSslSocket, QSslConfiguration and their enums: the calls cxx cannot express as they are (default
// arguments, QList, static functions, value types), and one of Qt's own checks run early.
#pragma once

#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslError>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QHostAddress>

#include <cstdint>
#include <unistd.h>
#include <memory>

#include "rust/cxx.h"

#include "cxx-qt-sockets/common.h"
#include "cxx-qt-sockets/qabstractsocket.h"

namespace cxx_qt_sockets {

// cxx names an enum by its namespace, not by its class: these aliases give them one.
using PeerVerifyMode = QSslSocket::PeerVerifyMode;
using SslErrorCode = QSslError::SslError;
using AlertLevel = QSsl::AlertLevel;
using AlertType = QSsl::AlertType;

// QSslConfiguration::defaultConfiguration(): the system's CA certificates, Qt's defaults.
inline std::unique_ptr<QSslConfiguration>
sslDefaultConfiguration()
{
  return std::make_unique<QSslConfiguration>(
    QSslConfiguration::defaultConfiguration());
}

// The certificates of a PEM text (a chain: the first is this end's); how many were read.
inline QByteArray
bytesOf(rust::Slice<const std::uint8_t> data)
{
  return QByteArray(reinterpret_cast<const char*>(data.data()),
                    qsizetype(data.size()));
}

inline std::int32_t
sslSetLocalCertificateChain(QSslConfiguration& configuration,
                            rust::Slice<const std::uint8_t> pem)
{
  const auto chain = QSslCertificate::fromData(bytesOf(pem), QSsl::Pem);
  if (!chain.isEmpty())
    configuration.setLocalCertificateChain(chain);
  return std::int32_t(chain.size());
}

// A PEM private key (RSA, EC or DSA, unencrypted); false if Qt cannot read it.
inline bool
sslSetPrivateKey(QSslConfiguration& configuration,
                 rust::Slice<const std::uint8_t> pem)
{
  const QByteArray text = bytesOf(pem);
  // A PEM key does not say its algorithm to Qt: each is tried.
  for (auto algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Dsa }) {
    QSslKey key(text, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (!key.isNull()) {
      configuration.setPrivateKey(key);
      return true;
    }
  }
  return false;
}

// The CA certificates that verify the peer, from a PEM text; how many were read.
inline std::int32_t
sslSetCaCertificates(QSslConfiguration& configuration,
                     rust::Slice<const std::uint8_t> pem)
{
  const auto cas = QSslCertificate::fromData(bytesOf(pem), QSsl::Pem);
  if (!cas.isEmpty())
    configuration.setCaCertificates(cas);
  return std::int32_t(cas.size());
}

inline void
sslClearCaCertificates(QSslConfiguration& configuration)
{
  configuration.setCaCertificates({});
}

inline void
sslSetPeerVerifyMode(QSslConfiguration& configuration, PeerVerifyMode mode)
{
  configuration.setPeerVerifyMode(mode);
}

inline void
sslSetHandshakeMustInterruptOnError(QSslConfiguration& configuration,
                                    bool interrupt)
{
  configuration.setHandshakeMustInterruptOnError(interrupt);
}

inline void
sslSetMissingCertificateIsFatal(QSslConfiguration& configuration, bool fatal)
{
  configuration.setMissingCertificateIsFatal(fatal);
}

// Whether TLS 1.3 session tickets may resume sessions (Qt's SslOptionDisableSessionPersistence,
// on by default).
inline void
sslSetSessionPersistence(QSslConfiguration& configuration, bool persist)
{
  configuration.setSslOption(QSsl::SslOptionDisableSessionPersistence,
                             !persist);
}

// The subject of the configuration's own certificate, as Qt shows it (empty if none).
inline QString
sslLocalCertificateSubject(const QSslConfiguration& configuration)
{
  const QSslCertificate certificate = configuration.localCertificate();
  return certificate.isNull() ? QString() : certificate.subjectDisplayName();
}

// Whether the TLS backend accepts the configuration for a server: Qt makes its TLS context (the
// certificate with its key, as OpenSSL checks them) on a connected loopback pair, no byte sent.
// 0: it does; 1: it does not (`failure`: the backend's own message); 2: the check could not be
// made (`failure`: why).
inline std::int32_t
sslCheckServerConfiguration(const QSslConfiguration& configuration,
                            QString& failure)
{
  // A listener that keeps the descriptor it accepts, for a QSslSocket to take.
  struct Listener : QTcpServer
  {
    qintptr accepted = -1;
    void incomingConnection(qintptr descriptor) override
    {
      accepted = descriptor;
    }
  } listener;
  if (!listener.listen(QHostAddress::LocalHost, 0)) {
    failure = listener.errorString();
    return 2;
  }
  QTcpSocket client;
  client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
  listener.waitForNewConnection(5000);
  if (listener.accepted < 0) {
    failure = QStringLiteral("no loopback connection within 5 s");
    return 2;
  }
  QSslSocket server;
  server.setSslConfiguration(configuration);
  if (!server.setSocketDescriptor(listener.accepted)) {
    failure = server.errorString();
    ::close(int(listener.accepted));
    return 2;
  }
  // Qt may say it twice (the backend's reason, then a second line without it): the first
  // is kept.
  QObject::connect(&server,
                   &QAbstractSocket::errorOccurred,
                   &server,
                   [&server, &failure](QAbstractSocket::SocketError) {
                     if (failure.isEmpty())
                       failure = server.errorString();
                   });
  server.startServerEncryption();
  server.abort();
  client.abort();
  return failure.isEmpty() ? 0 : 1;
}

inline void
sslSocketSetConfiguration(QSslSocket& socket,
                          const QSslConfiguration& configuration)
{
  socket.setSslConfiguration(configuration);
}

// connectToHostEncrypted(host, port, ReadWrite, AnyIPProtocol).
inline void
sslConnectToHostEncrypted(QSslSocket& socket,
                          const QString& host,
                          std::uint16_t port)
{
  socket.connectToHostEncrypted(host, port);
}

// setSocketDescriptor(fd, ConnectedState, ReadWrite): adopts a connected socket.
inline bool
sslSetSocketDescriptor(QSslSocket& socket, qintptr descriptor)
{
  return socket.setSocketDescriptor(descriptor);
}

// sslHandshakeErrors(), as their codes.
inline rust::Vec<std::int32_t>
sslHandshakeErrorCodes(const QSslSocket& socket)
{
  rust::Vec<std::int32_t> codes;
  for (const QSslError& error : socket.sslHandshakeErrors())
    codes.push_back(std::int32_t(error.error()));
  return codes;
}

// The peer's certificate: its subject and issuer as Qt shows them (empty if none).
inline QString
sslPeerSubject(const QSslSocket& socket)
{
  const QSslCertificate certificate = socket.peerCertificate();
  return certificate.isNull() ? QString() : certificate.subjectDisplayName();
}

inline QString
sslPeerIssuer(const QSslSocket& socket)
{
  const QSslCertificate certificate = socket.peerCertificate();
  return certificate.isNull() ? QString() : certificate.issuerDisplayName();
}

inline bool
sslSupportsSsl()
{
  return QSslSocket::supportsSsl();
}

inline rust::Vec<rust::String>
sslAvailableBackends()
{
  rust::Vec<rust::String> names;
  for (const QString& name : QSslSocket::availableBackends())
    names.push_back(rust::String(name.toStdString()));
  return names;
}

inline QString
sslActiveBackend()
{
  return QSslSocket::activeBackend();
}

inline QString
sslLibraryVersion()
{
  return QSslSocket::sslLibraryVersionString();
}

} // namespace cxx_qt_sockets
