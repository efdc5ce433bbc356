//! Where `serve` listens and which `Host` a request may name. A page of another site whose name was made to
//! resolve to this machine (DNS rebinding) sends its own name as `Host`: refusing names the server was not
//! given keeps the preview unreadable from such pages.

use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs};

/// The address `--interface` names: an IP address, or a host name (e.g. `localhost`) resolved to its first
/// IPv4 address (IPv6 if it has none).
pub fn resolve_interface(spec: &str) -> Result<IpAddr, String> {
    if let Ok(ip) = spec.trim_matches(['[', ']']).parse::<IpAddr>() {
        return Ok(ip);
    }
    let addrs: Vec<IpAddr> = (spec, 0)
        .to_socket_addrs()
        .map_err(|e| {
            format!("`{spec}` is neither an IP address nor a name this machine resolves: {e}")
        })?
        .map(|a| a.ip())
        .collect();
    addrs
        .iter()
        .find(|ip| ip.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
        .ok_or_else(|| format!("`{spec}` resolves to no address"))
}

/// The `Host` names requests may use.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// Names and address literals allowed, lower-case, IPv6 in brackets.
    names: Vec<String>,
    /// Any IP address literal is allowed (when listening beyond loopback).
    any_address: bool,
}

impl AllowedHosts {
    /// For a server bound to `ip`, started with `--interface` spelt `spec`. On loopback: `localhost`, the
    /// bound address and `spec`. Beyond loopback also any IP address (an address cannot be rebound: a page
    /// that names it is its own origin) and this machine's name (and `<name>.local`); other names are refused,
    /// since any of them may be rebound.
    pub fn new(ip: IpAddr, spec: &str) -> AllowedHosts {
        let mut names = vec!["localhost".to_owned(), literal(ip)];
        if ip.is_unspecified() {
            names.push(literal(IpAddr::V4(Ipv4Addr::LOCALHOST)));
            names.push("[::1]".to_owned());
        }
        if spec.parse::<IpAddr>().is_err() {
            names.push(normalise(spec));
        }
        let any_address = !ip.is_loopback();
        if any_address {
            if let Some(name) = machine_name() {
                names.push(format!("{name}.local"));
                names.push(name);
            }
        }
        names.sort();
        names.dedup();
        AllowedHosts { names, any_address }
    }

    /// True if a request naming `host` (a `Host` header value, port included or not) may be answered.
    pub fn allows(&self, host: &str) -> bool {
        let name = normalise(strip_port(host));
        if self.names.contains(&name) {
            return true;
        }
        self.any_address && is_address(&name)
    }

    /// The names allowed, for a message.
    pub fn describe(&self) -> String {
        let mut text = self.names.join(", ");
        if self.any_address {
            text.push_str(" or any IP address");
        }
        text
    }
}

/// An address as it appears in a `Host` header.
fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.split_once(':').map_or(host, |(name, _)| name)
}

/// Lower-case, without a trailing dot (`localhost.` names the same host).
fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn is_address(name: &str) -> bool {
    name.parse::<Ipv4Addr>().is_ok()
        || name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .is_some_and(|n| n.parse::<std::net::Ipv6Addr>().is_ok())
}

/// This machine's host name, lower-case.
fn machine_name() -> Option<String> {
    #[cfg(unix)]
    {
        let uname = rustix::system::uname();
        let name = uname.nodename().to_str().ok()?;
        (!name.is_empty()).then(|| normalise(name))
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    #[test]
    fn loopback_answers_to_localhost_and_its_address_only() {
        let hosts = AllowedHosts::new(IpAddr::V4(Ipv4Addr::LOCALHOST), "127.0.0.1");
        for good in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "localhost.:8080",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "10.0.0.1:1111",
            "[::1]:1111",
            "localhost.evil",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn ipv6_loopback_and_a_named_interface() {
        let hosts = AllowedHosts::new(IpAddr::V6(Ipv6Addr::LOCALHOST), "::1");
        assert!(hosts.allows("[::1]:1111"));
        assert!(!hosts.allows("127.0.0.1:1111"));
        let hosts = AllowedHosts::new(IpAddr::V4(Ipv4Addr::LOCALHOST), "Preview.Test");
        assert!(hosts.allows("preview.test:1111"));
        assert!(!hosts.allows("other.test:1111"));
    }

    #[test]
    fn beyond_loopback_any_address_but_not_any_name() {
        let hosts = AllowedHosts::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), "0.0.0.0");
        for good in [
            "192.168.1.20:1111",
            "127.0.0.1:1111",
            "[fe80::1]:1111",
            "localhost:1111",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        assert!(!hosts.allows("evil.example:1111"));
        assert!(hosts.describe().ends_with("or any IP address"));
        if let Some(name) = machine_name() {
            assert!(hosts.allows(&format!("{name}:1111")));
            assert!(hosts.allows(&format!("{name}.local")));
        }
    }

    #[test]
    fn interfaces_are_addresses_or_names_that_resolve() {
        assert_eq!(
            resolve_interface("127.0.0.1"),
            Ok(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
        assert_eq!(
            resolve_interface("[::1]"),
            Ok(IpAddr::V6(Ipv6Addr::LOCALHOST))
        );
        assert!(resolve_interface("localhost").is_ok_and(|ip| ip.is_loopback()));
        assert!(resolve_interface("").is_err());
    }
}
