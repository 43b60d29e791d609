// The server window: today's original (6.6+), plus a format selector and a served counter.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    property string initialName: "fortune"
    // Empty: the server's default, the format of the examples of the Qt we were built with.
    property string initialWire: ""
    property bool listenAtStart: false

    title: qsTr("Local Fortune Server")
    visible: true
    width: 460
    height: 260
    minimumWidth: 360
    minimumHeight: layout.implicitHeight + 24

    // A property, not a child: ApplicationWindow's default property takes visual items.
    readonly property FortuneServer server: FortuneServer {
        serverName: nameField.text
        onListenFailed: message => {
            failDialog.message = qsTr("Unable to start the server: %1.").arg(message);
            failDialog.open();
        }
    }

    Component.onCompleted: {
        if (initialWire.length > 0)
            window.server.wire = initialWire;
        if (listenAtStart)
            window.server.listen();
    }

    Shortcut {
        sequence: "Alt+S"
        onActivated: nameField.forceActiveFocus()
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
                text: qsTr("Server name:")
            }
            TextField {
                id: nameField

                objectName: "nameField"
                text: window.initialName
                enabled: !window.server.listening
                focus: true
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
                model: [
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
            text: window.server.listening
                  ? qsTr("The server is running.\nRun the Local Fortune Client example now.")
                  : qsTr("Press \"Listen\" to start the server")
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
                enabled: !window.server.listening && nameField.text.length > 0
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
        title: qsTr("Local Fortune Server")
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
