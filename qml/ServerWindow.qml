// The server window: the original Local Fortune Server (6.6+) or, over TCP, Fortune Server, plus
// a format selector and a served counter.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    property string initialName: "fortune"
    property string initialTransport: "local"
    // Local: who may connect (user, group, other, world) and Linux's abstract namespace.
    property string initialAccess: "user"
    property bool initialAbstract: false
    // TCP: loopback unless the user asks for every address ("" or an any-address).
    property string initialHost: "127.0.0.1"
    property int initialPort: 0
    // Empty: the server's default, the format of the examples of the Qt we were built with.
    property string initialWire: ""
    // 0: the server's defaults (--write-timeout-ms, --max-slow-clients).
    property int initialWriteTimeoutMs: 0
    property int initialMaxSlowClients: 0
    property bool listenAtStart: false
    // TLS over TCP (server --tls-cert, --tls-key, --tls-client-ca): files, or empty.
    property string initialTlsCertificate: ""
    property string initialTlsKey: ""
    property string initialTlsClientCa: ""

    readonly property bool tcp: transportBox.currentIndex === 1
    readonly property bool allAddresses: initialHost === "" || initialHost === "0.0.0.0" || initialHost === "::"

    title: tcp ? qsTr("Fortune Server") : qsTr("Local Fortune Server")
    visible: true
    width: 460
    height: 260
    minimumWidth: 360
    minimumHeight: layout.implicitHeight + 24

    // A property, not a child: ApplicationWindow's default property takes visual items.
    readonly property FortuneServer server: FortuneServer {
        transport: window.tcp ? "tcp" : "local"
        serverName: nameField.text
        abstractNamespace: abstractBox.checked
        host: allBox.checked ? (window.allAddresses ? window.initialHost : "") : addressField.text
        port: portField.acceptableInput ? parseInt(portField.text) : -1
        tlsCertificate: window.initialTlsCertificate
        tlsKey: window.initialTlsKey
        tlsClientCa: window.initialTlsClientCa
        onListenFailed: message => {
            failDialog.message = qsTr("Unable to start the server: %1.").arg(message);
            failDialog.open();
        }
    }

    Component.onCompleted: {
        window.server.access = initialAccess;
        if (initialWire.length > 0)
            window.server.wire = initialWire;
        if (initialWriteTimeoutMs > 0)
            window.server.writeTimeoutMs = initialWriteTimeoutMs;
        if (initialMaxSlowClients > 0)
            window.server.maxSlowClients = initialMaxSlowClients;
        if (listenAtStart)
            window.server.listen();
    }

    Shortcut {
        sequence: "Alt+S"
        onActivated: (window.tcp ? portField : nameField).forceActiveFocus()
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

        GridLayout {
            columns: 2
            Layout.fillWidth: true

            Label {
                text: qsTr("Transport:")
            }
            ComboBox {
                id: transportBox

                objectName: "transportBox"
                enabled: !window.server.listening
                model: [qsTr("Local socket (QLocalServer)"), qsTr("TCP (QTcpServer)")]
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
                enabled: !window.server.listening
                visible: !window.tcp
                focus: true
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Access:")
                visible: !window.tcp
            }
            RowLayout {
                visible: !window.tcp
                Layout.fillWidth: true

                ComboBox {
                    id: accessBox

                    objectName: "accessBox"
                    textRole: "text"
                    valueRole: "access"
                    enabled: !window.server.listening
                    Layout.fillWidth: true
                    model: [
                        { text: qsTr("This user only"), access: "user" },
                        { text: qsTr("This user and group"), access: "group" },
                        { text: qsTr("This user and others"), access: "other" },
                        { text: qsTr("Everyone"), access: "world" }
                    ]
                    currentIndex: model.findIndex(entry => entry.access === window.server.access)
                    onActivated: window.server.access = currentValue
                }
                CheckBox {
                    id: abstractBox

                    objectName: "abstractBox"
                    text: qsTr("No socket file")
                    checked: window.initialAbstract
                    enabled: !window.server.listening
                }
            }
            Label {
                text: qsTr("Address:")
                visible: window.tcp
            }
            RowLayout {
                visible: window.tcp
                Layout.fillWidth: true

                TextField {
                    id: addressField

                    objectName: "addressField"
                    text: window.allAddresses ? "127.0.0.1" : window.initialHost
                    enabled: !window.server.listening && !allBox.checked
                    Layout.fillWidth: true
                }
                CheckBox {
                    id: allBox

                    objectName: "allAddressesBox"
                    text: qsTr("All addresses")
                    checked: window.allAddresses
                    enabled: !window.server.listening
                }
            }
            Label {
                text: qsTr("Port:")
                visible: window.tcp
            }
            TextField {
                id: portField

                objectName: "portField"
                // 0: the system picks a free port, as the original does.
                text: String(window.initialPort)
                validator: IntValidator {
                    bottom: 0
                    top: 65535
                }
                enabled: !window.server.listening
                visible: window.tcp
                Layout.fillWidth: true
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
                // The Qt releases of the chosen transport's examples, and the frame each sends.
                model: window.tcp ? [
                    { text: qsTr("Qt 4.0 – 5.6"), wire: "qt4" },
                    { text: qsTr("Qt 5.7 and later"), wire: "qt6.6" }
                ] : [
                    { text: qsTr("Qt 4.x – 5.7"), wire: "qt4" },
                    { text: qsTr("Qt 5.8 – 5.9"), wire: "qt5.8" },
                    { text: qsTr("Qt 5.10 – 6.5"), wire: "qt5.10" },
                    { text: qsTr("Qt 6.6 and later"), wire: "qt6.6" }
                ]
                // A binding on window.server.wire: indexOfValue() would run before the model exists.
                currentIndex: model.findIndex(entry => entry.wire === window.server.wire)
                onActivated: window.server.wire = currentValue
            }
        }

        Label {
            objectName: "statusLabel"
            text: !window.server.listening ? qsTr("Press \"Listen\" to start the server")
                  : window.tcp ? qsTr("The server is running on\n\nIP: %1\nport: %2\n\nRun the Fortune Client example now.")
                                 .arg(window.server.serverAddress).arg(window.server.serverPort)
                  : qsTr("The server is running.\nRun the Local Fortune Client example now.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        // What the server is going through on its own (e.g. out of descriptors: clients wait).
        Label {
            objectName: "noticeLabel"
            text: window.server.notice
            visible: window.server.listening && text.length > 0
            color: window.palette.highlight
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Label {
            objectName: "servedLabel"
            text: qsTr("Fortunes served: %1").arg(window.server.served)
            opacity: 0.7
        }

        Item {
            Layout.fillHeight: true
        }

        RowLayout {
            Layout.alignment: Qt.AlignHCenter

            Button {
                objectName: "listenButton"
                text: qsTr("Listen")
                enabled: !window.server.listening && (window.tcp
                         ? portField.acceptableInput && (allBox.checked || addressField.text.length > 0)
                         : nameField.text.length > 0)
                onClicked: window.server.listen()
            }
            Button {
                objectName: "stopButton"
                text: qsTr("Stop Listening")
                enabled: window.server.listening
                onClicked: window.server.stopListening()
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
        width: Math.min(parent.width - 24, 420)

        Label {
            text: failDialog.message
            wrapMode: Text.WordWrap
            width: parent.width
        }
    }
}
