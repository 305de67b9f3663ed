//! ZIA core tools (`/zia/api/v1`): activation, advanced and authentication settings,
//! devices, locations and traffic forwarding (static IPs, VPN credentials, GRE tunnels,
//! geo lookups), mobile threat settings, rule labels, URL categories, URL filtering,
//! users and workload groups.
//!
//! Ids are integers, except URL category ids (`CUSTOM_01`, `FINANCE`, ...). Every write
//! is staged until `zia_activate_configuration`.

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
