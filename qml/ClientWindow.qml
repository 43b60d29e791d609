// The client window: the original Local Fortune Client or, over TCP, Fortune Client, with the
// detected format shown discreetly.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    property string initialName: "fortune"
    property string initialTransport: "local"
    property bool initialAbstract: false
    property string initialHost: "localhost"
    property int initialPort: 0
    property string initialWire: "auto"
    // TLS over TCP (client --tls, --tls-ca, --tls-cert, --tls-key): files, or empty.
    property bool initialTls: false
    property string initialTlsCa: ""
    property string initialTlsCertificate: ""
    property string initialTlsKey: ""

    readonly property bool tcp: transportBox.currentIndex === 1
    // The original's rule: a name, or over TCP a host and a port from 1 to 65535.
    readonly property bool canAsk: tcp ? hostField.text.length > 0 && portField.acceptableInput
                                       : nameField.text.length > 0

    title: tcp ? qsTr("Fortune Client") : qsTr("Local Fortune Client")
    visible: true
    width: 460
    height: 220
    minimumWidth: 360
    minimumHeight: layout.implicitHeight + 24

    // A property, not a child: ApplicationWindow's default property takes visual items.
    readonly property FortuneClient client: FortuneClient {
        transport: window.tcp ? "tcp" : "local"
        serverName: nameField.text
        abstractNamespace: window.initialAbstract
        host: hostField.text
        port: portField.acceptableInput ? parseInt(portField.text) : 0
        wire: window.initialWire
        tls: window.tcp && window.initialTls
        tlsCa: window.initialTlsCa
        tlsCertificate: window.initialTlsCertificate
        tlsKey: window.initialTlsKey
        onErrorOccurred: (kind, message) => {
            errorDialog.message = message;
            errorDialog.open();
        }
    }

    Shortcut {
        sequence: "Alt+S"
        onActivated: (window.tcp ? hostField : nameField).forceActiveFocus()
    }
    // Quit (Qt reads Ctrl as Cmd on macOS).
    Shortcut {
        sequence: "Ctrl+Q"
        onActivated: window.close()
    }
    // "Get Fortune" is the default button: Enter anywhere in the window presses it.
    Shortcut {
        sequences: ["Return", "Enter"]
        enabled: getButton.enabled && !errorDialog.visible
        onActivated: getButton.clicked()
    }

    ColumnLayout {
        id: layout

        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        GridLayout {
            columns: 2
            Layout.fillWidth: true

            Label {
                text: qsTr("Transport:")
            }
            ComboBox {
                id: transportBox

                objectName: "transportBox"
                enabled: !window.client.busy
                model: [qsTr("Local socket (QLocalSocket)"), qsTr("TCP (QTcpSocket)")]
                currentIndex: window.initialTransport === "tcp" ? 1 : 0
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Server name:")
                visible: !window.tcp
            }
            TextField {
                id: nameField

                objectName: "nameField"
                text: window.initialName
                visible: !window.tcp
                focus: true
                Layout.fillWidth: true
            }
            // The original TCP client calls the host "Server name" too.
            Label {
                text: qsTr("Server name:")
                visible: window.tcp
            }
            TextField {
                id: hostField

                objectName: "hostField"
                text: window.initialHost
                visible: window.tcp
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Server port:")
                visible: window.tcp
            }
            TextField {
                id: portField

                objectName: "portField"
                text: window.initialPort > 0 ? String(window.initialPort) : ""
                validator: IntValidator {
                    bottom: 1
                    top: 65535
                }
                visible: window.tcp
                Layout.fillWidth: true
            }
        }

        Label {
            objectName: "statusLabel"
            text: window.client.currentFortune.length > 0
                  ? window.client.currentFortune
                  : window.tcp ? qsTr("This examples requires that you run the Fortune Server example as well.")
                  : qsTr("This examples requires that you run the Local Fortune Server example as well.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Label {
            objectName: "wireLabel"
            text: window.client.detectedWire.length > 0 ? qsTr("Format: %1").arg(window.client.detectedWire) : ""
            opacity: 0.6
            font.italic: true
        }

        Label {
            objectName: "tlsLabel"
            text: window.client.tls && window.client.peerSubject.length > 0
                  ? qsTr("TLS, verified server: %1").arg(window.client.peerSubject) : ""
            visible: text.length > 0
            opacity: 0.6
            font.italic: true
        }

        Item {
            Layout.fillHeight: true
        }

        RowLayout {
            Layout.alignment: Qt.AlignRight

            Button {
                id: getButton

                objectName: "getButton"
                text: qsTr("Get Fortune")
                highlighted: true
                enabled: !window.client.busy && window.canAsk
                onClicked: window.client.requestFortune()
            }
            Button {
                text: qsTr("Quit")
                onClicked: window.close()
            }
        }
    }

    Dialog {
        id: errorDialog

        property string message

        objectName: "errorDialog"
        title: window.title
        modal: true
        standardButtons: Dialog.Ok
        anchors.centerIn: parent
        width: Math.min(parent.width - 24, 420)

        Label {
            text: errorDialog.message
            wrapMode: Text.WordWrap
            width: parent.width
        }
    }
}
