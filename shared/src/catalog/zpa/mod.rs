//! ZPA tools (`/zpa/mgmtconfig/v1/admin/customers/{customerId}`): application segments
//! (standard, browser access and privileged remote access), segment groups, server groups,
//! app connector groups, and the rules of five policy sets (access, client forwarding,
//! timeout, isolation and app protection).
//!
//! Ids and most numbers are strings on the wire; booleans are real booleans. ZPA has no
//! activation step: writes apply at once. Updates read the object first and write it back
//! with the given fields laid over it, so fields not given keep their values.
//!
//! Custom hooks:
//! - policy rule create/update resolve the policy set, build the v2 `conditions` from typed
//!   arguments and write through the v2 rule endpoint (updates convert the v1-shaped
//!   conditions they read into the v2 request shape);
//! - application segment create/update tag browser-access / PRA app configs, link them to
//!   the existing apps on update, and keep the two port-range notations from contradicting
//!   each other;
//! - group updates (segment, server, app connector, service edge groups) read first like
//!   every update, write segment groups through the v2 path as the SDK does, leave a
//!   segment or server group's read-back `applications` out of the write, and name the
//!   default enrollment certificate (`Connector`, `Service Edge`) when a group has none;
//!   the service edge group create names it too;
//! - `getAppsByType` states `expandAll` (false unless asked), as the SDK does;
//! - creates default `enabled` to true, as the Python server does;
//! - the BA and PRA segment lists keep only the segments of their kind.

macro_rules! zpa_v1 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
// The ZPA infrastructure tools share the group update and enrollment certificate logic.
pub(crate) use hooks::{edge_group_create, group_update, post_fields};
