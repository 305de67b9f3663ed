//! ZPA infrastructure tools (`/zpa/mgmtconfig/{v1,v2}/admin/customers/{customerId}` and
//! `/zpa/userconfig/v1/customers/{customerId}`): Private Service Edge groups and edges, App
//! Connectors, application servers, provisioning keys and enrollment certificates, Browser
//! Access certificates, Privileged Remote Access portals and credentials, Log Streaming
//! Service (LSS) configuration and catalogs, and the reference lookups other ZPA tools need
//! ids from (posture profiles, trusted networks, isolation and AppProtection profiles, SAML
//! and SCIM attributes, SCIM groups).
//!
//! Ids are numeric strings, except SCIM group ids, which the API sends as numbers. ZPA has
//! no activation step: writes apply at once. Updates are read-modify-write, so fields not
//! given keep their current values.
//!
//! Custom hooks, all small:
//! - provisioning keys: the `key_type` argument (`connector` / `service_edge`) becomes the
//!   API's association type in the path (`CONNECTOR_GRP` / `SERVICE_EDGE_GRP`);
//! - the `get_zpa_*` lookups either list (optionally by name) or fetch one item by id, and
//!   the IdP-scoped ones resolve an IdP name to its id first;
//! - LSS: the log-type catalog is static, log-format and status-code lookups translate the
//!   readable log type names to the API's internal log type codes.

macro_rules! zpa_v1 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}", $p)
    };
}

macro_rules! zpa_v2 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v2/admin/customers/{customerId}", $p)
    };
}

macro_rules! zpa_user {
    ($p:literal) => {
        concat!("/zpa/userconfig/v1/customers/{customerId}", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
// The ZPA segment tools run the generic executor with an adjusted query too.
pub(crate) use hooks::run_generic;
