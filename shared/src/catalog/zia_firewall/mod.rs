//! ZIA cloud firewall tools (`/zia/api/v1`): filtering, DNS and IPS rules, custom IPS
//! signatures, IP source and destination groups, network services and applications, and
//! their groups.
//!
//! Every id here is an integer, except network application ids (`SKYPE`, `DNS_OVER_HTTPS`)
//! and URL category ids, which are strings. Every write is staged until
//! `zia_activate_configuration`; updates are read-modify-write, so fields not given keep
//! their current values.
//!
//! Two custom hooks: the DNS rule, IPS rule and IPS signature lists filter by name on our
//! side (the API has no name filter there), and network services turn a compact port
//! notation into the API's port-range objects.

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

/// A write tool's description, with the reminder that ZIA stages changes.
macro_rules! staged {
    ($text:literal) => {
        concat!(
            $text,
            " The change is staged: it takes effect only after zia_activate_configuration."
        )
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
