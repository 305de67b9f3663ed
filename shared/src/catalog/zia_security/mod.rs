//! ZIA security policy tools (`/zia/api/v1`): sandbox, DLP, advanced threat protection,
//! malware protection, cloud app control, SSL inspection, file type control, time
//! intervals and shadow IT.
//!
//! Ids are integers. Rule lists return every rule in one response (no paging); where the
//! API has no server-side name filter the `search` argument filters the rules here.
//! Sandbox *submission* (`/zscsb/submit`) is not a OneAPI endpoint and has no tool.

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
