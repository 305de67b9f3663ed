//! ZIdentity tools (`/ziam/admin/api/v1`): users, groups and the memberships between them.
//!
//! Ids are short strings (`iidkfk0g906h3` for a user, `iadkfk65g07tr` for a group). Lists
//! page with numeric `offset`/`limit` and answer `{records: [...], next_link}`; filters are
//! the lower-case wire names of zscaler-api.md §4 (`loginname[like]`, `displayname[like]`,
//! `primaryemail[like]`, `name[like]`, `domainname`, `idpname`, `excludedynamicgroups`).
//!
//! Three custom hooks: searching users tries the email, login name and display name filters
//! in turn (the way Zscaler's Python MCP server does, `src/zscaler_mcp/tools/zid/users.py`),
//! and the two `_by_name` tools resolve a user or group by name before listing its
//! memberships.

macro_rules! ziam {
    ($p:literal) => {
        concat!("/ziam/admin/api/v1", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
