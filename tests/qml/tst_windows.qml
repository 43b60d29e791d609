// The server and client windows against live Rust servers, over real local sockets.
import QtQuick
import QtTest
import LocalFortune

TestCase {
    id: testCase

    name: "Windows"
    when: windowShown

    readonly property var originals: [
        "You've been leading a dog's life. Stay off the furniture.",
        "You've got to think about tomorrow.",
        "You will be surprised by a loud noise.",
        "You will feel hungry again in another hour.",
        "You might have mail.",
        "You cannot kill time without injuring eternity.",
        "Computers are not intelligent. They only think they are."
    ]
    readonly property string clientIntro: "This examples requires that you run the Local Fortune Server example as well."

    Component {
        id: serverWindow
        ServerWindow {}
    }
    Component {
        id: clientWindow
        ClientWindow {}
    }
    Component {
        id: bridgeWindow
        BridgeWindow {}
    }

    // A private socket path per test: never a real server named `fortune`.
    function uniqueName(tag) {
        return "/tmp/lf-qmltest-" + tag + "-" + Date.now() + "-" + Math.floor(Math.random() * 1e9);
    }

    function openServer(name, wire) {
        const w = createTemporaryObject(serverWindow, testCase, { initialName: name, initialWire: wire || "qt6.6" });
        verify(w);
        tryVerify(() => w.active || w.visible);
        return w;
    }

    function openClient(name) {
        const w = createTemporaryObject(clientWindow, testCase, { initialName: name });
        verify(w);
        tryVerify(() => w.visible);
        return w;
    }

    function click(window, objectName) {
        const button = findChild(window.contentItem, objectName);
        verify(button, objectName);
        verify(button.enabled, objectName + " enabled");
        mouseClick(button);
    }

    function test_server_window_listen_stop_and_counter() {
        const name = uniqueName("server");
        const s = openServer(name);
        compare(s.title, "Local Fortune Server");
        const status = findChild(s.contentItem, "statusLabel");
        compare(status.text, "Press \"Listen\" to start the server");
        verify(findChild(s.contentItem, "listenButton").enabled);
        verify(!findChild(s.contentItem, "stopButton").enabled);

        click(s, "listenButton");
        tryVerify(() => s.server.listening);
        compare(status.text, "The server is running.\nRun the Local Fortune Client example now.");
        verify(!findChild(s.contentItem, "listenButton").enabled);
        verify(findChild(s.contentItem, "stopButton").enabled);
        verify(!findChild(s.contentItem, "nameField").enabled, "name locked while listening");

        const c = openClient(name);
        click(c, "getButton");
        tryVerify(() => s.server.served == 1);
        compare(findChild(s.contentItem, "servedLabel").text, "Fortunes served: 1");

        click(s, "stopButton");
        tryVerify(() => !s.server.listening);
        compare(status.text, "Press \"Listen\" to start the server");
        verify(findChild(s.contentItem, "nameField").enabled);
    }

    function test_client_types_a_name_and_shows_a_fortune() {
        const name = uniqueName("typed");
        const s = openServer(name, "qt5.10");
        s.server.listen();
        tryVerify(() => s.server.listening);

        const c = openClient("fortune");
        compare(c.title, "Local Fortune Client");
        // Qt 6.4's TestCase sends key events only to its own window, so the typing is done
        // through the field's editing API, one character at a time, as keystrokes would.
        const status = findChild(c.contentItem, "statusLabel");
        compare(status.text, clientIntro);
        const field = findChild(c.contentItem, "nameField");
        field.forceActiveFocus();
        field.remove(0, field.length);
        const button = findChild(c.contentItem, "getButton");
        verify(!button.enabled, "Get Fortune disabled while the name is empty");
        for (const ch of name)
            field.insert(field.cursorPosition, ch);
        compare(field.text, name);
        verify(button.enabled);

        mouseClick(button);
        verify(!button.enabled, "disabled while the request is in flight");
        tryVerify(() => originals.indexOf(status.text) >= 0, 5000, "a fortune is shown");
        tryVerify(() => button.enabled);
        compare(findChild(c.contentItem, "wireLabel").text, "Format: qt5.10");
    }

    function test_error_dialog_for_a_missing_server() {
        const c = openClient(uniqueName("missing"));
        click(c, "getButton");
        const dialog = findChild(c.contentItem, "errorDialog") || findChild(c, "errorDialog");
        verify(dialog);
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "Local Fortune Client");
        compare(dialog.message, "The host was not found. Please make sure that the server is running and that the server name is correct.");
        compare(findChild(c.contentItem, "statusLabel").text, clientIntro);
        verify(findChild(c.contentItem, "getButton").enabled);
    }

    function test_listen_failure_dialog() {
        const name = uniqueName("taken");
        const first = openServer(name);
        first.server.listen();
        tryVerify(() => first.server.listening);
        const second = openServer(name);
        click(second, "listenButton");
        const dialog = findChild(second, "failDialog") || findChild(second.contentItem, "failDialog");
        verify(dialog);
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "Local Fortune Server");
        compare(dialog.message, "Unable to start the server: another server is already listening on " + name + "; stop it or choose another name.");
        verify(!second.server.listening);
        verify(first.server.listening);
    }

    function test_format_selector_changes_what_is_sent() {
        const name = uniqueName("wire");
        const s = openServer(name, "qt6.6");
        s.server.listen();
        tryVerify(() => s.server.listening);
        const c = openClient(name);
        const labels = { "qt4": 0, "qt5.8": 1, "qt5.10": 2, "qt6.6": 3 };
        const box = findChild(s.contentItem, "wireBox");
        compare(box.currentValue, "qt6.6");
        for (const wire of ["qt4", "qt5.8", "qt5.10", "qt6.6"]) {
            box.currentIndex = labels[wire];
            box.activated(labels[wire]);
            compare(s.server.wire, wire);
            const before = s.server.served;
            click(c, "getButton");
            tryCompare(c.client, "busy", false, 5000);
            compare(c.client.detectedWire, wire);
            compare(findChild(c.contentItem, "wireLabel").text, "Format: " + wire);
            tryVerify(() => s.server.served > before);
        }
        compare(box.displayText, "Qt 6.6 and later");
    }

    // No format given (the CMake apps without --wire): the window keeps the server's default,
    // the format of the Local Fortune examples of the Qt we are built with (Qt 6.4: qt5.10, as
    // its installed Qt 5.15 and 6.4 originals speak; Qt 6.8: qt6.6; tests/qobjects.rs pins the
    // default itself), and its selector shows that format's Qt releases.
    function test_server_window_default_format_is_this_qts() {
        const w = createTemporaryObject(serverWindow, testCase, { initialName: uniqueName("default") });
        verify(w);
        const releases = { "qt5.10": "Qt 5.10 – 6.5", "qt6.6": "Qt 6.6 and later" };
        verify(w.server.wire in releases, w.server.wire);
        compare(findChild(w.contentItem, "wireBox").displayText, releases[w.server.wire]);
    }

    // Types `text` into a field through its editing API, one character at a time.
    function typeInto(window, objectName, text) {
        const field = findChild(window.contentItem, objectName);
        verify(field, objectName);
        field.forceActiveFocus();
        field.remove(0, field.length);
        for (const ch of text)
            field.insert(field.cursorPosition, ch);
        compare(field.text, text);
    }

    // Over TCP: the original Fortune Server's status text with the address and port really
    // listened on, the TCP formats by Qt version, and the client's host and port rules.
    function test_tcp_server_and_client_windows() {
        const s = createTemporaryObject(serverWindow, testCase, { initialTransport: "tcp" });
        verify(s);
        compare(s.title, "Fortune Server");
        compare(s.server.wire, "qt6.6");
        const box = findChild(s.contentItem, "wireBox");
        compare(box.count, 2);
        compare(box.displayText, "Qt 5.7 and later");
        verify(!findChild(s.contentItem, "allAddressesBox").checked, "loopback unless asked");
        click(s, "listenButton");
        tryVerify(() => s.server.listening);
        const port = s.server.serverPort;
        verify(port > 0, "the system's port is reported");
        compare(findChild(s.contentItem, "statusLabel").text,
                "The server is running on\n\nIP: 127.0.0.1\nport: " + port + "\n\nRun the Fortune Client example now.");
        verify(!findChild(s.contentItem, "portField").enabled, "port locked while listening");

        const c = createTemporaryObject(clientWindow, testCase, { initialTransport: "tcp", initialHost: "127.0.0.1" });
        verify(c);
        tryVerify(() => c.visible);
        compare(c.title, "Fortune Client");
        const status = findChild(c.contentItem, "statusLabel");
        compare(status.text, "This examples requires that you run the Fortune Server example as well.");
        const button = findChild(c.contentItem, "getButton");
        verify(!button.enabled, "disabled until a port is given");
        typeInto(c, "portField", "0");
        verify(!button.enabled, "0 is not a port to connect to");
        typeInto(c, "portField", String(port));
        verify(button.enabled);
        typeInto(c, "hostField", "");
        verify(!button.enabled, "disabled without a host");
        typeInto(c, "hostField", "127.0.0.1");
        mouseClick(button);
        tryVerify(() => originals.indexOf(status.text) >= 0, 5000, "a fortune is shown");
        compare(c.client.detectedWire, "qt6.6");
        tryVerify(() => s.server.served == 1);

        // Qt 4.0 – 5.6's frame, chosen by its Qt versions, is detected by the client too.
        box.currentIndex = 0;
        box.activated(0);
        compare(s.server.wire, "qt4");
        tryVerify(() => button.enabled);
        mouseClick(button);
        tryCompare(c.client, "detectedWire", "qt4", 5000);
    }

    function test_tcp_client_error_dialog_and_listen_on_a_taken_port() {
        const first = createTemporaryObject(serverWindow, testCase, { initialTransport: "tcp" });
        first.server.listen();
        tryVerify(() => first.server.listening);
        const port = first.server.serverPort;

        const second = createTemporaryObject(serverWindow, testCase, { initialTransport: "tcp", initialPort: port });
        click(second, "listenButton");
        const failDialog = findChild(second, "failDialog") || findChild(second.contentItem, "failDialog");
        tryVerify(() => failDialog.opened, 5000);
        compare(failDialog.title, "Fortune Server");
        compare(failDialog.message, "Unable to start the server: port " + port + " is already in use on 127.0.0.1; stop the other server or choose another port.");

        first.server.stopListening();
        const c = createTemporaryObject(clientWindow, testCase, { initialTransport: "tcp", initialHost: "127.0.0.1", initialPort: port });
        tryVerify(() => c.visible);
        click(c, "getButton");
        const dialog = findChild(c.contentItem, "errorDialog") || findChild(c, "errorDialog");
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "Fortune Client");
        compare(dialog.message, "The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.");
    }

    function test_server_window_access_and_abstract_namespace() {
        const s = openServer(uniqueName("access"));
        compare(s.server.access, "user", "only this user by default");
        const box = findChild(s.contentItem, "accessBox");
        compare(box.displayText, "This user only");
        box.currentIndex = 3;
        box.activated(3);
        compare(s.server.access, "world");
        const w = createTemporaryObject(serverWindow, testCase,
                                        { initialName: "lf-qml-abstract-" + Date.now(), initialAccess: "group", initialAbstract: true });
        compare(w.server.access, "group");
        compare(findChild(w.contentItem, "accessBox").displayText, "This user and group");
        verify(w.server.abstractNamespace);
        click(w, "listenButton");
        tryVerify(() => w.server.listening);
        verify(!findChild(w.contentItem, "abstractBox").enabled, "locked while listening");
    }

    // A Qt 4-era client reaching a Qt 6.6-format server through the bridge window; then an
    // upstream that is gone: no frame for the client, the cause in the window.
    function test_bridge_window_relays_and_reports() {
        const up = uniqueName("bridge-up");
        const s = openServer(up, "qt6.6");
        s.server.listen();
        tryVerify(() => s.server.listening);
        const name = uniqueName("bridge");
        const b = createTemporaryObject(bridgeWindow, testCase,
                                        { initialName: name, initialWire: "qt4", initialUpstreamName: up });
        verify(b);
        tryVerify(() => b.visible);
        compare(b.title, "Local Fortune Bridge");
        compare(findChild(b.contentItem, "statusLabel").text, "Press \"Start\" to start the bridge");
        click(b, "startButton");
        tryVerify(() => b.bridge.listening);
        compare(findChild(b.contentItem, "statusLabel").text, "The bridge is running on " + name + " (qt4).");
        verify(!findChild(b.contentItem, "startButton").enabled);

        const c = openClient(name);
        click(c, "getButton");
        tryVerify(() => originals.indexOf(findChild(c.contentItem, "statusLabel").text) >= 0, 5000);
        compare(c.client.detectedWire, "qt4");
        tryCompare(b.bridge, "relayed", 1);
        compare(findChild(b.contentItem, "countersLabel").text, "Relayed: 1   Failed: 0   In flight: 0");

        s.server.stopListening();
        tryVerify(() => findChild(c.contentItem, "getButton").enabled);
        click(c, "getButton");
        tryCompare(b.bridge, "failed", 1, 5000);
        verify(findChild(b.contentItem, "lastErrorLabel").text.startsWith("no fortune from upstream " + up + ": "),
               findChild(b.contentItem, "lastErrorLabel").text);
        const dialog = findChild(c.contentItem, "errorDialog") || findChild(c, "errorDialog");
        tryVerify(() => dialog.opened, 5000);
        // A bridge with nothing to relay closes, as a server does to a user it does not admit.
        compare(dialog.message, "The server closed the connection without a fortune (it may not admit this user: see its --access).");
        click(b, "stopButton");
        tryVerify(() => !b.bridge.listening);
    }

    function test_zz_screenshots() {
        const name = uniqueName("shot");
        const s = openServer(name, "qt5.10");
        s.server.listen();
        tryVerify(() => s.server.listening);
        const c = openClient(name);
        click(c, "getButton");
        tryVerify(() => originals.indexOf(findChild(c.contentItem, "statusLabel").text) >= 0, 5000);
        tryVerify(() => s.server.served == 1);
        // grabImage renders the window as it is now (waitForRendering would only wait for a
        // frame that nothing asks for, 5 s each).
        const serverShot = grabImage(s.contentItem);
        verify(serverShot.width > 100 && serverShot.height > 100);
        serverShot.save("server-window.png"); // checked by tests/qml_tests.rs
        const clientShot = grabImage(c.contentItem);
        verify(clientShot.width > 100 && clientShot.height > 100);
        clientShot.save("client-window.png");
    }
}
