//! Client Connector tools (`/zcc/papi/public/v1`): RPC-style paths, page/pageSize paging.
//!
//! Paths follow the official Python SDK (`zscaler/zscaler-sdk-python`, `zscaler/zcc/
//! {devices,secrets,forwarding_profile,trusted_networks}.py`) and the recordings in its
//! `tests/integration/zcc/cassettes`. One custom hook: the trusted-network list wraps its
//! page in `{"totalCount": N, "trustedNetworkContracts": [...]}`, which the generic
//! plain-array paging cannot read.

mod hooks;
mod tables;

pub use tables::TOOLS;
