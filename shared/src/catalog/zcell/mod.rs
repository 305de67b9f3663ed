//! ZCell (Zscaler Cellular) tools (`/zcell/config/api/v1`): SIM inventory and analytics,
//! anomaly policies, SIM location groups, tags, regions, audit and network events.
//!
//! Every tool is a read. The tenant is the ZCell customer id (`ZCELL_CUSTOMER_ID`), filled
//! into `{zcellCustomerId}`; ids of policies and groups are strings even when numeric.
//!
//! UNVERIFIED shapes: paths, parameter names and body fields follow the official Python SDK
//! (`zscaler/zscaler-sdk-python`, `zscaler/zcell/*.py`) and the arguments of Zscaler's Python
//! MCP server (`zscaler/zscaler-mcp-server`, `src/zscaler_mcp/tools/zcell/*.py`). The SDK
//! passes snake_case query keys that its request layer sends in camelCase (its docstrings
//! name `startDateTime`/`endDateTime` on the wire), so the wire names here are camelCase.
//!
//! Paging is ZCell's own (`page` 0-based, `size` 1-100, a page object back): the tools
//! pass `page_number`/`size` through and return the page as the API sends it.
//!
//! One custom hook: several endpoints require an epoch-seconds window, and the Python
//! server's `days` shorthand (default 7) fills it; the window goes to the query, the body
//! or the path depending on the endpoint.

macro_rules! zcell {
    ($p:literal) => {
        concat!("/zcell/config/api/v1", $p)
    };
}

macro_rules! customer {
    ($p:literal) => {
        concat!("/zcell/config/api/v1/customers/{zcellCustomerId}", $p)
    };
}

mod hooks;
mod tables;

pub use tables::TOOLS;
