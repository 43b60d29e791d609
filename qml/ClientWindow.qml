// The client window: the original's dialog, with the detected format shown discreetly.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    property string initialName: "fortune"
    property string initialWire: "auto"
    readonly property alias client: client

    title: qsTr("Local Fortune Client")
    visible: true
    width: 460
    height: 220
    minimumWidth: 360
    minimumHeight: layout.implicitHeight + 24

    FortuneClient {
        id: client

        serverName: nameField.text
        wire: window.initialWire
        onErrorOccurred: (kind, message) => {
            errorDialog.message = message;
            errorDialog.open();
        }
    }

    Shortcut {
        sequence: "Alt+S"
        onActivated: nameField.forceActiveFocus()
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

        RowLayout {
            Layout.fillWidth: true

            Label {
                text: qsTr("Server name:")
            }
            TextField {
                id: nameField

                objectName: "nameField"
                text: window.initialName
                focus: true
                Layout.fillWidth: true
            }
        }

        Label {
            objectName: "statusLabel"
            text: client.currentFortune.length > 0
                  ? client.currentFortune
                  : qsTr("This examples requires that you run the Local Fortune Server example as well.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Label {
            objectName: "wireLabel"
            text: client.detectedWire.length > 0 ? qsTr("Format: %1").arg(client.detectedWire) : ""
            opacity: 0.6
            font.pointSize: Qt.application.font.pointSize * 0.85
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
                enabled: !client.busy && nameField.text.length > 0
                onClicked: client.requestFortune()
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
        title: qsTr("Local Fortune Client")
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
