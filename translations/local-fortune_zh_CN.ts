<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BridgeWindow</name>
    <message>
        <location filename="../qml/BridgeWindow.qml" line="+41"/>
        <source>Local Fortune Bridge</source>
        <translation>本地幸运语桥接器</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Unable to start the bridge: %1.</source>
        <translation>无法启动桥接器：%1。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Clients connect here</source>
        <translation>客户端连接到这里</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+79"/>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location line="-73"/>
        <location line="+79"/>
        <source>Local socket</source>
        <translation>本地套接字</translation>
    </message>
    <message>
        <location line="-79"/>
        <location line="+79"/>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Address and port:</source>
        <translation>地址和端口：</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+79"/>
        <source>Server name:</source>
        <translation>服务器名称：</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+79"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+4"/>
        <source>Default (this Qt&apos;s examples)</source>
        <translation>默认（本 Qt 版本示例所用格式）</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Qt 4.0 – 5.6</source>
        <translation>Qt 4.0 – 5.6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.7 and later</source>
        <translation>Qt 5.7 及更高版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qt 4.x – 5.7</source>
        <translation>Qt 4.x – 5.7</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.8 – 5.9</source>
        <translation>Qt 5.8 – 5.9</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.10 – 6.5</source>
        <translation>Qt 5.10 – 6.5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 6.6 and later</source>
        <translation>Qt 6.6 及更高版本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fortunes come from</source>
        <translation>幸运语的来源</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Host and port:</source>
        <translation>主机和端口：</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Detect (auto)</source>
        <translation>自动检测 (auto)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The bridge is running on %1 (%2).</source>
        <translation>桥接器正在 %1 上运行（%2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Press &quot;Start&quot; to start the bridge</source>
        <translation>按“启动”开始桥接</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Relayed: %1   Failed: %2   In flight: %3</source>
        <translation>已转发：%1   失败：%2   进行中：%3</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ClientWindow</name>
    <message>
        <location filename="../qml/ClientWindow.qml" line="+28"/>
        <source>Fortune Client</source>
        <translation>幸运语客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Local Fortune Client</source>
        <translation>本地幸运语客户端</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Local socket (QLocalSocket)</source>
        <translation>本地套接字 (QLocalSocket)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TCP (QTcpSocket)</source>
        <translation>TCP (QTcpSocket)</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+14"/>
        <source>Server name:</source>
        <translation>服务器名称：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Server port:</source>
        <translation>服务器端口：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This examples requires that you run the Fortune Server example as well.</source>
        <translation>运行本示例时，还需要同时运行幸运语服务器示例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This examples requires that you run the Local Fortune Server example as well.</source>
        <translation>运行本示例时，还需要同时运行本地幸运语服务器示例。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>TLS, verified server: %1</source>
        <translation>TLS，已验证的服务器：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Get Fortune</source>
        <translation>获取幸运语</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>FortuneBridge</name>
    <message>
        <location filename="../src/qt/texts.rs" line="+247"/>
        <source>unknown transport %1 (expected local or tcp)</source>
        <translation>未知的传输方式 %1（应为 local 或 tcp）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no fortune from upstream %1: %2 The client was closed without a frame.</source>
        <translation>未从上游 %1 获得幸运语：%2 已关闭该客户端连接，未发送任何帧。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the upstream fortune does not fit a %1 frame (%2); the client was closed without a frame</source>
        <translation>上游的幸运语无法放入 %1 帧（%2）；已关闭该客户端连接，未发送任何帧</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>too many clients: %1 fetches in flight and %2 waiting; a client was closed without a frame</source>
        <translation>客户端过多：%1 个获取正在进行，%2 个在等待；已关闭一个客户端连接，未发送任何帧</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>listening on %1 without TLS: anyone on the network who can reach this port fetches the fortunes of %2 through this bridge, past the --access of that server (give --tls-cert, --tls-key and --tls-client-ca to admit only clients with a certificate)</source>
        <translation>正在 %1 上监听，未使用 TLS：网络上任何能访问此端口的人都能通过本桥接器获取 %2 的幸运语，绕过该服务器的 --access（提供 --tls-cert、--tls-key 和 --tls-client-ca 以只接纳持有证书的客户端）</translation>
    </message>
</context>
<context>
    <name>FortuneClient</name>
    <message>
        <location line="-278"/>
        <source>No fortune arrived within %1 ms.</source>
        <translation>%1 毫秒内没有收到幸运语。</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>The host was not found. Please make sure that the server is running and that the server name is correct.</source>
        <translation>找不到主机。请确认服务器正在运行，并且服务器名称正确。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection was refused by the peer. Make sure the fortune server is running, and check that the server name is correct.</source>
        <translation>连接被对方拒绝。请确认幸运语服务器正在运行，并检查服务器名称是否正确。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The host was not found. Please check the host name and port settings.</source>
        <translation>找不到主机。请检查主机名和端口设置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.</source>
        <translation>连接被对方拒绝。请确认幸运语服务器正在运行，并检查主机名和端口设置是否正确。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Permission denied: the server at %1 does not admit this user (it chooses who may connect: its --access).</source>
        <translation>权限被拒绝：%1 上的服务器不允许此用户连接（由服务器决定谁可以连接：见其 --access 选项）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No server: %1.</source>
        <translation>没有服务器：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Permission denied: %1.</source>
        <translation>权限被拒绝：%1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server closed the connection without a fortune (it may not admit this user: see its --access).</source>
        <translation>服务器没有发送幸运语就关闭了连接（它可能不允许此用户连接：见其 --access 选项）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bad server name: %1.</source>
        <translation>服务器名称无效：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server sent no fortune: an empty %1 string.</source>
        <translation>服务器没有发送幸运语：收到一个空的 %1 字符串。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Port %1 is not a port from 1 to 65535.</source>
        <translation>%1 不是 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>no TLS backend: Qt cannot load its OpenSSL plugin (tls/libqopensslbackend.so, package libqt6network6) or OpenSSL itself (backend: %1)</source>
        <translation>没有 TLS 后端：Qt 无法加载它的 OpenSSL 插件（tls/libqopensslbackend.so，软件包 libqt6network6）或 OpenSSL 本身（后端：%1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s certificate is not trusted: %1.</source>
        <translation>服务器的证书不受信任：%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server&apos;s certificate is not for %1 (it names %2).</source>
        <translation>服务器的证书不是颁发给 %1 的（它写的是 %2）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s certificate has expired (or is not valid yet).</source>
        <translation>服务器的证书已过期（或尚未生效）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server requires a client certificate, and this client has none (give --tls-cert and --tls-key).</source>
        <translation>服务器要求客户端证书，而本客户端没有（请提供 --tls-cert 和 --tls-key）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server refused this client&apos;s certificate (it is not signed by a CA the server trusts).</source>
        <translation>服务器拒绝了本客户端的证书（它不是由服务器信任的 CA 签发的）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The TLS handshake did not finish within %1 ms.</source>
        <translation>TLS 握手未能在 %1 毫秒内完成。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it is self-signed</source>
        <translation>它是自签名的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its chain ends in a self-signed certificate that is not trusted</source>
        <translation>它的证书链止于一个不受信任的自签名证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its issuer is not a trusted CA (see --tls-ca)</source>
        <translation>它的签发者不是受信任的 CA（参见 --tls-ca）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a signature of its chain does not verify</source>
        <translation>它的证书链中有签名无法验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it was revoked</source>
        <translation>它已被吊销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an issuer of its chain is not a valid CA</source>
        <translation>它的证书链中有签发者不是有效的 CA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it may not identify a server</source>
        <translation>它不能用于标识服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the server sent no certificate</source>
        <translation>服务器没有发送证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its chain could not be verified</source>
        <translation>它的证书链无法验证</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>The server sent a malformed frame: %1.</source>
        <translation>服务器发送的数据帧格式有误：%1。</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>The following error occurred: %1.</source>
        <translation>发生了以下错误：%1。</translation>
    </message>
</context>
<context>
    <name>FortuneServer</name>
    <message>
        <location line="+109"/>
        <source>port %1 is not from 0 to 65535</source>
        <translation>端口 %1 不在 0 到 65535 之间</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not an IP address to listen on</source>
        <translation>%1 不是可以监听的 IP 地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>port %1 is already in use on every address; stop the other server or choose another port</source>
        <translation>所有地址上的端口 %1 都已被占用；请停止另一个服务器，或选择其他端口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>port %1 is already in use on %2; stop the other server or choose another port</source>
        <translation>%2 上的端口 %1 已被占用；请停止另一个服务器，或选择其他端口</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>every address is not an address of this machine</source>
        <translation>所有地址都不是本机的地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is not an address of this machine</source>
        <translation>%1 不是本机的地址</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot listen on every address port %1: %2</source>
        <translation>无法在所有地址的端口 %1 上监听：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot listen on %1 port %2: %3</source>
        <translation>无法在 %1 的端口 %2 上监听：%3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>out of file descriptors (ulimit -n is %1)</source>
        <translation>文件描述符已用尽（ulimit -n 为 %1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the system&apos;s table of open files is full</source>
        <translation>系统的打开文件表已满</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>out of memory for sockets (%1)</source>
        <translation>套接字内存不足（%1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot accept connections: %1; new clients wait until descriptors are free, and the server keeps listening</source>
        <translation>无法接受连接：%1；新客户端将等待，直到有空闲的描述符，服务器继续监听</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New clients wait: %1.</source>
        <translation>新客户端正在等待：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>accepting connections again after %1 s</source>
        <translation>%1 秒后重新开始接受连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>closed %1 client(s) that had not taken their whole fortune within %2 ms (--write-timeout-ms)</source>
        <translation>已关闭 %1 个未在 %2 毫秒内取走完整幸运语的客户端（--write-timeout-ms）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>closed %1 new client(s) at once: %2 clients were already taking their fortune slowly (--max-slow-clients)</source>
        <translation>已立即关闭 %1 个新客户端：已有 %2 个客户端正在缓慢地接收幸运语（--max-slow-clients）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>refused %1 connection(s) of users that --access %2 does not admit (the last from uid %3)</source>
        <translation>已拒绝 %1 个连接，其用户不在 --access %2 允许之列（最近一个来自 uid %3）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>refused %1 connection(s) whose user could not be told (%2)</source>
        <translation>已拒绝 %1 个无法确定用户的连接（%2）</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>listening on %1 without TLS: anyone on the network who can reach this port can fetch fortunes (give --tls-cert and --tls-key to encrypt, and --tls-client-ca to admit only clients with a certificate)</source>
        <translation>正在 %1 上监听，未使用 TLS：网络上任何能访问此端口的人都能获取幸运语（提供 --tls-cert 和 --tls-key 以加密，再加 --tls-client-ca 则只接纳持有证书的客户端）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>refused %1 TLS client(s) without a fortune (the last: %2)</source>
        <translation>拒绝了 %1 个 TLS 客户端，未发送幸运语（最后一个：%2）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no client certificate</source>
        <translation>没有客户端证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its certificate has expired</source>
        <translation>它的证书已过期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its certificate is not signed by --tls-client-ca</source>
        <translation>它的证书不是由 --tls-client-ca 签发的</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TLS needs the TCP transport (--tcp, or a TCP socket passed by systemd)</source>
        <translation>TLS 需要 TCP 传输（--tcp，或 systemd 传入的 TCP 套接字）</translation>
    </message>
    <message>
        <location line="-212"/>
        <source>another server is already listening on %1; stop it or choose another name</source>
        <translation>已有另一个服务器在 %1 上监听；请停止它，或选择其他名称</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>the abstract namespace has no socket file to guard it, and this system cannot tell who connects: use --access world, or a socket file</source>
        <translation>抽象命名空间没有可保护它的套接字文件，而本系统无法得知是谁在连接：请使用 --access world，或使用套接字文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot serve on the socket passed as descriptor %1: %2</source>
        <translation>无法在作为描述符 %1 传入的套接字上提供服务：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this Qt&apos;s QLocalServer cannot be kept from accepting by itself</source>
        <translation>无法阻止此 Qt 版本的 QLocalServer 自行接受连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>another server is already listening on the abstract name %1; stop it or choose another name</source>
        <translation>已有另一个服务器在抽象名称 %1 上监听；请停止它，或选择其他名称</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot create the socket %1: %2</source>
        <translation>无法创建套接字 %1：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is in the way (it is not a socket); it was left untouched</source>
        <translation>%1 已被占用（它不是套接字）；未对其做任何改动</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is in the way (%2); it was left untouched</source>
        <translation>%1 已被占用（%2）；未对其做任何改动</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <location filename="../qml/ServerWindow.qml" line="+33"/>
        <source>Fortune Server</source>
        <translation>幸运语服务器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Local Fortune Server</source>
        <translation>本地幸运语服务器</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Unable to start the server: %1.</source>
        <translation>无法启动服务器：%1。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Local socket (QLocalServer)</source>
        <translation>本地套接字 (QLocalServer)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TCP (QTcpServer)</source>
        <translation>TCP (QTcpServer)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server name:</source>
        <translation>服务器名称：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Access:</source>
        <translation>访问权限：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This user only</source>
        <translation>仅限本用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This user and group</source>
        <translation>本用户及其所在组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This user and others</source>
        <translation>本用户及组外其他用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No socket file</source>
        <translation>不使用套接字文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>All addresses</source>
        <translation>所有地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Qt 4.0 – 5.6</source>
        <translation>Qt 4.0 – 5.6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.7 and later</source>
        <translation>Qt 5.7 及更高版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt 4.x – 5.7</source>
        <translation>Qt 4.x – 5.7</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.8 – 5.9</source>
        <translation>Qt 5.8 – 5.9</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 5.10 – 6.5</source>
        <translation>Qt 5.10 – 6.5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt 6.6 and later</source>
        <translation>Qt 6.6 及更高版本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Press &quot;Listen&quot; to start the server</source>
        <translation>按“监听”启动服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is running on

IP: %1
port: %2

Run the Fortune Client example now.</source>
        <translation>服务器正在运行，地址为

IP：%1
端口：%2

现在请运行幸运语客户端示例。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server is running.
Run the Local Fortune Client example now.</source>
        <translation>服务器正在运行。
现在请运行本地幸运语客户端示例。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Fortunes served: %1</source>
        <translation>已发送幸运语：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stop Listening</source>
        <translation>停止监听</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>SocketName</name>
    <message>
        <location filename="../src/qt/texts.rs" line="-50"/>
        <source>the server name is empty; give a name such as fortune, or an absolute path</source>
        <translation>服务器名称为空；请输入名称（如 fortune）或绝对路径</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>socket path %1 is %2 bytes; the limit is %3: choose a shorter name or folder</source>
        <translation>套接字路径 %1 长 %2 字节，上限为 %3 字节：请选择更短的名称或文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>folder %1 does not exist: create it or choose another</source>
        <translation>文件夹 %1 不存在：请创建它，或选择其他文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is not a folder</source>
        <translation>%1 不是文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>folder %1 cannot be reached: this user may not enter %2 (permission denied)</source>
        <translation>无法访问文件夹 %1：此用户无权进入 %2（权限被拒绝）</translation>
    </message>
</context>
</TS>
