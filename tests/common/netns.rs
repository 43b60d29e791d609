//! Network namespaces that a test makes and removes itself, standing for machines: `ip netns add`
//! names them, `nsenter --net` runs commands in them. Not `ip netns exec` nor `ip -n`: those
//! remount `/` and `/sys`, which fails in the chroots of `make test-debian13`/`test-forky`
//! ("mount --make-rslave /" failed: Invalid argument), where `/` is no mount point.

use std::process::Command;

/// A network namespace with its loopback up; deleted (with its veth ends) when dropped.
pub struct Netns {
    pub name: String,
}

impl Netns {
    /// `lf-WHAT-PID`.
    pub fn new(what: &str) -> Self {
        let name = format!("lf-{what}-{}", std::process::id());
        run(Command::new("ip").args(["netns", "add", &name]));
        let ns = Netns { name };
        run(ns.command("ip").args(["link", "set", "lo", "up"]));
        ns
    }

    /// `program` to run in this namespace (its environment is the caller's to set).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = super::plain("nsenter");
        cmd.arg(format!("--net=/var/run/netns/{}", self.name))
            .arg(program);
        cmd
    }

    /// `command` (program, arguments and environment) in this namespace.
    pub fn wrap(&self, command: &Command) -> Command {
        let mut cmd = self.command(command.get_program());
        cmd.args(command.get_args());
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    /// Joins `self` and `other` by a veth pair in `subnet` (e.g. `10.1.2`): `.1` here, `.2`
    /// there. Returns the other end's address.
    pub fn link(&self, other: &Netns, subnet: &str) -> String {
        let pid = std::process::id();
        let (here, there) = (format!("lfa{pid}"), format!("lfb{pid}"));
        run(Command::new("ip")
            .args(["link", "add", &here, "netns", &self.name])
            .args(["type", "veth", "peer", "name", &there, "netns", &other.name]));
        for (ns, veth, host) in [(self, &here, 1), (other, &there, 2)] {
            let address = format!("{subnet}.{host}/24");
            run(ns
                .command("ip")
                .args(["addr", "add", &address, "dev", veth]));
            run(ns.command("ip").args(["link", "set", veth, "up"]));
        }
        format!("{subnet}.2")
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "delete", &self.name])
            .status();
    }
}

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("ip and nsenter (iproute2, util-linux)");
    assert!(status.success(), "{cmd:?} (network namespaces need root)");
}
