// The windows in Simplified Chinese: run by tests/qml_tests.rs with LANG=zh_CN.UTF-8 and the
// translations installed as the windows install them for the system's language (cpp/i18n.h).
// Every expected text is written out here, so a missing or changed translation fails.
import QtQuick
import QtQuick.Controls
import QtTest
import LocalFortune

TestCase {
    id: testCase

    name: "WindowsZhCN"
    when: windowShown

    // The fortunes are data on the wire: never translated.
    readonly property var originals: [
        "You've been leading a dog's life. Stay off the furniture.",
        "You've got to think about tomorrow.",
        "You will be surprised by a loud noise.",
        "You will feel hungry again in another hour.",
        "You might have mail.",
        "You cannot kill time without injuring eternity.",
        "Computers are not intelligent. They only think they are."
    ]

    Component {
        id: serverWindow
        ServerWindow {}
    }
    Component {
        id: clientWindow
        ClientWindow {}
    }
    // One character on white, in a window of its own (grabImage takes the item's rectangle
    // out of its whole window).
    Component {
        id: glyphWindow
        Window {
            property alias text: glyph.text
            property alias family: glyph.font.family
            readonly property Item glyph: glyph

            width: 64
            height: 64
            visible: true
            color: "white"

            Text {
                id: glyph

                font.pixelSize: 32
                color: "black"
            }
        }
    }

    function uniqueName(tag) {
        return "/tmp/lf-qmltest-zh-" + tag + "-" + Date.now() + "-" + Math.floor(Math.random() * 1e9);
    }

    function openServer(props) {
        const w = createTemporaryObject(serverWindow, testCase, props);
        verify(w);
        tryVerify(() => w.visible);
        return w;
    }

    function openClient(props) {
        const w = createTemporaryObject(clientWindow, testCase, props);
        verify(w);
        tryVerify(() => w.visible);
        return w;
    }

    function child(window, objectName) {
        const item = findChild(window.contentItem, objectName) || findChild(window, objectName);
        verify(item, objectName);
        return item;
    }

    function click(window, objectName) {
        const button = child(window, objectName);
        verify(button.enabled, objectName + " enabled");
        mouseClick(button);
    }

    function test_server_window_in_chinese() {
        const name = uniqueName("server");
        const s = openServer({ initialName: name, initialWire: "qt5.10" });
        compare(s.title, "本地幸运语服务器");
        const status = child(s, "statusLabel");
        compare(status.text, "按“监听”启动服务器");
        compare(child(s, "listenButton").text, "监听");
        compare(child(s, "stopButton").text, "停止监听");
        compare(child(s, "servedLabel").text, "已发送幸运语：0");
        compare(child(s, "transportBox").displayText, "本地套接字 (QLocalServer)");

        click(s, "listenButton");
        tryVerify(() => s.server.listening);
        compare(status.text, "服务器正在运行。\n现在请运行本地幸运语客户端示例。");

        const c = openClient({ initialName: name });
        compare(c.title, "本地幸运语客户端");
        compare(child(c, "getButton").text, "获取幸运语");
        compare(child(c, "statusLabel").text, "运行本示例时，还需要同时运行本地幸运语服务器示例。");
        click(c, "getButton");
        // The fortune itself is shown as the server sent it, in English.
        tryVerify(() => originals.indexOf(child(c, "statusLabel").text) >= 0, 5000, "a fortune is shown");
        compare(child(c, "wireLabel").text, "格式：qt5.10");
        tryVerify(() => s.server.served == 1);
        compare(child(s, "servedLabel").text, "已发送幸运语：1");
    }

    function test_tcp_windows_in_chinese() {
        const s = openServer({ initialTransport: "tcp" });
        compare(s.title, "幸运语服务器");
        compare(child(s, "wireBox").displayText, "Qt 5.7 及更高版本");
        compare(child(s, "allAddressesBox").text, "所有地址");
        click(s, "listenButton");
        tryVerify(() => s.server.listening);
        const port = s.server.serverPort;
        compare(child(s, "statusLabel").text,
                "服务器正在运行，地址为\n\nIP：127.0.0.1\n端口：" + port + "\n\n现在请运行幸运语客户端示例。");

        const c = openClient({ initialTransport: "tcp", initialHost: "127.0.0.1", initialPort: port });
        compare(c.title, "幸运语客户端");
        compare(child(c, "statusLabel").text, "运行本示例时，还需要同时运行幸运语服务器示例。");
        s.server.stopListening();
        tryVerify(() => !s.server.listening);
        click(c, "getButton");
        const dialog = child(c, "errorDialog");
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "幸运语客户端");
        compare(dialog.message, "连接被对方拒绝。请确认幸运语服务器正在运行，并检查主机名和端口设置是否正确。");
    }

    // A Rust text (FortuneClient's), and Qt's own button text from Qt's catalog.
    function test_client_error_dialog_in_chinese() {
        const c = openClient({ initialName: uniqueName("missing") });
        click(c, "getButton");
        const dialog = child(c, "errorDialog");
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "本地幸运语客户端");
        compare(dialog.message, "找不到主机。请确认服务器正在运行，并且服务器名称正确。");
        compare(dialog.standardButton(Dialog.Ok).text, "确定");
    }

    // QML's sentence around FortuneServer's reason, both translated.
    function test_listen_failure_dialog_in_chinese() {
        const name = uniqueName("taken");
        const first = openServer({ initialName: name });
        first.server.listen();
        tryVerify(() => first.server.listening);
        const second = openServer({ initialName: name });
        click(second, "listenButton");
        const dialog = child(second, "failDialog");
        tryVerify(() => dialog.opened, 5000);
        compare(dialog.title, "本地幸运语服务器");
        compare(dialog.message, "无法启动服务器：已有另一个服务器在 " + name + " 上监听；请停止它，或选择其他名称。");
        compare(dialog.standardButton(Dialog.Ok).text, "确定");
    }

    // Chinese renders as Chinese: without a CJK font every character is the same missing-glyph
    // box ("tofu"), so different characters of the window's labels would render to identical
    // images. Each must be drawn (dark pixels) and differ from every other one.
    function test_chinese_labels_render_as_glyphs_not_tofu() {
        const s = openServer({ initialName: uniqueName("glyphs") });
        const chars = Array.from(child(s, "listenButton").text + child(s, "stopButton").text.charAt(0) + s.title.substr(0, 2));
        compare(chars.join(""), "监听停本地");
        // The labels' own font (the Controls style's).
        const family = child(s, "listenButton").font.family;
        const images = [];
        for (const ch of chars) {
            const w = createTemporaryObject(glyphWindow, testCase, { text: ch, family: family });
            verify(w);
            tryVerify(() => w.visible);
            const image = grabImage(w.glyph);
            verify(image.width > 8 && image.height > 8, ch + " has a size");
            let dark = 0;
            for (let x = 0; x < image.width; ++x)
                for (let y = 0; y < image.height; ++y)
                    if (image.red(x, y) < 128 && image.alpha(x, y) > 128)
                        ++dark;
            verify(dark > 10, ch + " is drawn");
            images.push(image);
        }
        for (let i = 0; i < images.length; ++i)
            for (let j = i + 1; j < images.length; ++j)
                verify(!images[i].equals(images[j]), chars[i] + " and " + chars[j] + " render alike: tofu, no CJK font?");
    }

    function test_zz_screenshots_zh_CN() {
        const name = uniqueName("shot");
        const s = openServer({ initialName: name, initialWire: "qt5.10" });
        s.server.listen();
        tryVerify(() => s.server.listening);
        const c = openClient({ initialName: name });
        click(c, "getButton");
        tryVerify(() => originals.indexOf(child(c, "statusLabel").text) >= 0, 5000);
        tryVerify(() => s.server.served == 1);
        const serverShot = grabImage(s.contentItem);
        verify(serverShot.width > 100 && serverShot.height > 100);
        serverShot.save("server-window-zh_CN.png"); // checked by tests/qml_tests.rs
        const clientShot = grabImage(c.contentItem);
        verify(clientShot.width > 100 && clientShot.height > 100);
        clientShot.save("client-window-zh_CN.png");
    }
}
