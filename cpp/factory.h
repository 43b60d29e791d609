// Object creation for the Rust-defined QObjects, used by the headless CLI.
#pragma once

#include <memory>

#include "local-fortune/src/qt/fortune_bridge.cxxqt.h"
#include "local-fortune/src/qt/fortune_client.cxxqt.h"
#include "local-fortune/src/qt/fortune_listener.cxxqt.h"
#include "local-fortune/src/qt/fortune_server.cxxqt.h"
#include "local-fortune/src/qt/fortune_tcp_listener.cxxqt.h"

namespace lf {
inline std::unique_ptr<FortuneServer> newFortuneServer() { return std::make_unique<FortuneServer>(); }
inline std::unique_ptr<FortuneBridge> newFortuneBridge() { return std::make_unique<FortuneBridge>(); }
inline std::unique_ptr<FortuneClient> newFortuneClient() { return std::make_unique<FortuneClient>(); }
inline std::unique_ptr<FortuneListener> newFortuneListener() { return std::make_unique<FortuneListener>(); }
inline std::unique_ptr<FortuneTcpListener> newFortuneTcpListener() { return std::make_unique<FortuneTcpListener>(); }
} // namespace lf
