// The bridge window, in the style of the server window: where old (or local-only) clients
// connect, where the fortunes come from, Start/Stop, and what happened.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    // Downstream, as for the server window; upstream, as for the client window.
    property string initialTransport: "local"
    property string initialName: "fortune"
    property bool initialAbstract: false
    property string initialHost: "127.0.0.1"
    property int initialPort: 0
    property string initialWire: ""
    property string initialUpstreamTransport: "local"
    property string initialUpstreamName: ""
    property bool initialUpstreamAbstract: false
    property string initialUpstreamHost: "localhost"
    property int initialUpstreamPort: 0
    property string initialUpstreamWire: "auto"
    property bool startAtOnce: false
    // TLS over TCP, downstream (bridge --tls-cert, --tls-key, --tls-client-ca) and upstream
    // (--upstream-tls, --upstream-tls-ca, --upstream-tls-cert, --upstream-tls-key).
    property string initialTlsCertificate: ""
    property string initialTlsKey: ""
    property string initialTlsClientCa: ""
    property bool initialUpstreamTls: false
    property string initialUpstreamTlsCa: ""
    property string initialUpstreamTlsCertificate: ""
    property string initialUpstreamTlsKey: ""

    readonly property bool tcp: transportBox.currentIndex === 1
    readonly property bool upstreamTcp: upstreamTransportBox.currentIndex === 1
    readonly property bool canStart: (tcp ? portField.acceptableInput : nameField.text.length > 0)
                                     && (upstreamTcp ? upstreamHostField.text.length > 0 && upstreamPortField.acceptableInput
                                                     : upstreamNameField.text.length > 0)

    title: qsTr("Local Fortune Bridge")
    visible: true
    width: 520
    height: 420
    minimumWidth: 420
    minimumHeight: layout.implicitHeight + 24

    readonly property FortuneBridge bridge: FortuneBridge {
        transport: window.tcp ? "tcp" : "local"
        serverName: nameField.text
        abstractNamespace: window.initialAbstract
        host: addressField.text
        port: portField.acceptableInput ? parseInt(portField.text) : -1
        wire: wireBox.currentValue ?? ""
        upstreamTransport: window.upstreamTcp ? "tcp" : "local"
        upstreamName: upstreamNameField.text
        upstreamAbstract: window.initialUpstreamAbstract
        upstreamHost: upstreamHostField.text
        upstreamPort: upstreamPortField.acceptableInput ? parseInt(upstreamPortField.text) : 0
        upstreamWire: upstreamWireBox.currentValue ?? "auto"
        tlsCertificate: window.initialTlsCertificate
        tlsKey: window.initialTlsKey
        tlsClientCa: window.initialTlsClientCa
        upstreamTls: window.upstreamTcp && window.initialUpstreamTls
        upstreamTlsCa: window.initialUpstreamTlsCa
        upstreamTlsCertificate: window.initialUpstreamTlsCertificate
        upstreamTlsKey: window.initialUpstreamTlsKey
        onStartFailed: message => {
            failDialog.message = qsTr("Unable to start the bridge: %1.").arg(message);
            failDialog.open();
        }
    }

    Component.onCompleted: {
        if (startAtOnce)
            window.bridge.start();
    }

    // Quit (Qt reads Ctrl as Cmd on macOS).
    Shortcut {
        sequence: "Ctrl+Q"
        onActivated: window.close()
    }

    ColumnLayout {
        id: layout

        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            text: qsTr("Clients connect here")
            font.bold: true
        }
        GridLayout {
            columns: 2
            enabled: !window.bridge.listening
            Layout.fillWidth: true

            Label {
                text: qsTr("Transport:")
            }
            ComboBox {
                id: transportBox

                objectName: "transportBox"
                model: [qsTr("Local socket"), qsTr("TCP")]
                currentIndex: window.initialTransport === "tcp" ? 1 : 0
                Layout.fillWidth: true
            }
            Label {
                text: window.tcp ? qsTr("Address and port:") : qsTr("Server name:")
            }
            RowLayout {
                Layout.fillWidth: true

                TextField {
                    id: nameField

                    objectName: "nameField"
                    text: window.initialName
                    visible: !window.tcp
                    Layout.fillWidth: true
                }
                TextField {
                    id: addressField

                    objectName: "addressField"
                    text: window.initialHost
                    visible: window.tcp
                    Layout.fillWidth: true
                }
                TextField {
                    id: portField

                    objectName: "portField"
                    text: String(window.initialPort)
                    validator: IntValidator {
                        bottom: 0
                        top: 65535
                    }
                    visible: window.tcp
                }
            }
            Label {
                text: qsTr("Format:")
            }
            ComboBox {
                id: wireBox

                objectName: "wireBox"
                textRole: "text"
                valueRole: "wire"
                Layout.fillWidth: true
                model: window.tcp ? [
                    { text: qsTr("Default (this Qt's examples)"), wire: "" },
                    { text: qsTr("Qt 4.0 – 5.6"), wire: "qt4" },
                    { text: qsTr("Qt 5.7 and later"), wire: "qt6.6" }
                ] : [
                    { text: qsTr("Default (this Qt's examples)"), wire: "" },
                    { text: qsTr("Qt 4.x – 5.7"), wire: "qt4" },
                    { text: qsTr("Qt 5.8 – 5.9"), wire: "qt5.8" },
                    { text: qsTr("Qt 5.10 – 6.5"), wire: "qt5.10" },
                    { text: qsTr("Qt 6.6 and later"), wire: "qt6.6" }
                ]
                currentIndex: Math.max(0, model.findIndex(entry => entry.wire === window.initialWire))
            }
        }

        Label {
            text: qsTr("Fortunes come from")
            font.bold: true
        }
        GridLayout {
            columns: 2
            enabled: !window.bridge.listening
            Layout.fillWidth: true

            Label {
                text: qsTr("Transport:")
            }
            ComboBox {
                id: upstreamTransportBox

                objectName: "upstreamTransportBox"
                model: [qsTr("Local socket"), qsTr("TCP")]
                currentIndex: window.initialUpstreamTransport === "tcp" ? 1 : 0
                Layout.fillWidth: true
            }
            Label {
                text: window.upstreamTcp ? qsTr("Host and port:") : qsTr("Server name:")
            }
            RowLayout {
                Layout.fillWidth: true

                TextField {
                    id: upstreamNameField

                    objectName: "upstreamNameField"
                    text: window.initialUpstreamName
                    visible: !window.upstreamTcp
                    Layout.fillWidth: true
                }
                TextField {
                    id: upstreamHostField

                    objectName: "upstreamHostField"
                    text: window.initialUpstreamHost
                    visible: window.upstreamTcp
                    Layout.fillWidth: true
                }
                TextField {
                    id: upstreamPortField

                    objectName: "upstreamPortField"
                    text: window.initialUpstreamPort > 0 ? String(window.initialUpstreamPort) : ""
                    validator: IntValidator {
                        bottom: 1
                        top: 65535
                    }
                    visible: window.upstreamTcp
                }
            }
            Label {
                text: qsTr("Format:")
            }
            ComboBox {
                id: upstreamWireBox

                objectName: "upstreamWireBox"
                textRole: "text"
                valueRole: "wire"
                Layout.fillWidth: true
                model: [
                    { text: qsTr("Detect (auto)"), wire: "auto" },
                    { text: "qt4", wire: "qt4" },
                    { text: "qt5.8", wire: "qt5.8" },
                    { text: "qt5.10", wire: "qt5.10" },
                    { text: "qt6.6", wire: "qt6.6" }
                ]
                currentIndex: Math.max(0, model.findIndex(entry => entry.wire === window.initialUpstreamWire))
            }
        }

        Label {
            objectName: "statusLabel"
            text: window.bridge.listening
                  ? qsTr("The bridge is running on %1 (%2).").arg(window.bridge.endpoint).arg(window.bridge.effectiveWire)
                  : qsTr("Press \"Start\" to start the bridge")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "countersLabel"
            text: qsTr("Relayed: %1   Failed: %2   In flight: %3")
                  .arg(window.bridge.relayed).arg(window.bridge.failed).arg(window.bridge.inFlight)
            opacity: 0.7
        }
        Label {
            objectName: "lastErrorLabel"
            text: window.bridge.lastError
            visible: text.length > 0
            wrapMode: Text.WordWrap
            color: "firebrick"
            Layout.fillWidth: true
        }

        Item {
            Layout.fillHeight: true
        }

        RowLayout {
            Layout.alignment: Qt.AlignHCenter

            Button {
                objectName: "startButton"
                text: qsTr("Start")
                enabled: !window.bridge.listening && window.canStart
                onClicked: window.bridge.start()
            }
            Button {
                objectName: "stopButton"
                text: qsTr("Stop")
                enabled: window.bridge.listening
                onClicked: window.bridge.stop()
            }
            Button {
                text: qsTr("Quit")
                onClicked: window.close()
            }
        }
    }

    Dialog {
        id: failDialog

        property string message

        objectName: "failDialog"
        title: window.title
        modal: true
        standardButtons: Dialog.Ok
        anchors.centerIn: parent
        width: Math.min(parent.width - 24, 460)

        Label {
            text: failDialog.message
            wrapMode: Text.WordWrap
            width: parent.width
        }
    }
}
