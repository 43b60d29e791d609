// The client window: the original's dialog, with the detected format shown discreetly.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import LocalFortune

ApplicationWindow {
    id: window

    property string initialName: "fortune"
    property string initialWire: "auto"

    title: qsTr("Local Fortune Client")
    visible: true
    width: 460
    height: 220
    minimumWidth: 360
    minimumHeight: layout.implicitHeight + 24

    // A property, not a child: ApplicationWindow's default property takes visual items.
    readonly property FortuneClient client: FortuneClient {
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
            text: window.client.currentFortune.length > 0
                  ? window.client.currentFortune
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
                enabled: !window.client.busy && nameField.text.length > 0
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
