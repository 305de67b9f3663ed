//! The vocabulary every layer speaks: services, actions, methods, and the shape of a tool
//! (`Spec`, its parameters and paging) with the one builder the catalog tables are written
//! in. A leaf: it depends on nothing else in the crate but `shape` (the JMESPath argument
//! a call plan carries).
//!
//! A `Spec` is generic over its hook type so that this module need not know the executor:
//! the executor fixes it (`executor::ToolSpec = Spec<executor::Hook>`).

pub(crate) mod advanced;
pub mod args;
mod spec;

pub use spec::*;

/// The ten Zscaler services, with the short codes the Python server uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Zia,
    Zpa,
    Zdx,
    Zcc,
    Ztw,
    Zid,
    Zeasm,
    Zins,
    Zms,
    Zcell,
}

impl Service {
    pub const ALL: [Service; 10] = [
        Service::Zia,
        Service::Zpa,
        Service::Zdx,
        Service::Zcc,
        Service::Ztw,
        Service::Zid,
        Service::Zeasm,
        Service::Zins,
        Service::Zms,
        Service::Zcell,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Service::Zia => "zia",
            Service::Zpa => "zpa",
            Service::Zdx => "zdx",
            Service::Zcc => "zcc",
            Service::Ztw => "ztw",
            Service::Zid => "zid",
            Service::Zeasm => "zeasm",
            Service::Zins => "zins",
            Service::Zms => "zms",
            Service::Zcell => "zcell",
        }
    }

    pub fn from_code(code: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The service a OneAPI `service-info[].prd` value stands for (python-server-compat §1.6).
    pub fn from_prd(prd: &str) -> Option<Service> {
        Some(match prd.to_ascii_uppercase().as_str() {
            "ZIA" => Service::Zia,
            "ZPA" => Service::Zpa,
            "ZDX" => Service::Zdx,
            "ZCC" => Service::Zcc,
            "ZTW" | "CLOUD_CONNECTOR" => Service::Ztw,
            "ZIDENTITY" | "ZID" | "IDENTITY" | "ZIAM" => Service::Zid,
            "ZEASM" | "EASM" => Service::Zeasm,
            "ZINS" | "INSIGHTS" | "ZINSIGHTS" => Service::Zins,
            "ZMS" => Service::Zms,
            "ZCELL" | "ZCELLULAR" | "CELLULAR" => Service::Zcell,
            _ => return None,
        })
    }

    /// Product name used in messages a human reads.
    pub fn product(self) -> &'static str {
        match self {
            Service::Zia => "ZIA",
            Service::Zpa => "ZPA",
            Service::Zdx => "ZDX",
            Service::Zcc => "ZCC",
            Service::Ztw => "ZTW",
            Service::Zid => "ZIdentity",
            Service::Zeasm => "EASM",
            Service::Zins => "Z-Insights",
            Service::Zms => "ZMS",
            Service::Zcell => "ZCell",
        }
    }
}

/// The four actions of the Python server; everything but `Read` is a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }

    pub fn is_write(self) -> bool {
        !matches!(self, Action::Read)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}
