//! Z-Insights tools: read-only analytics over one GraphQL endpoint, `POST /zins/graphql`.
//!
//! UNVERIFIED against recordings: the endpoint, the domains (`WEB_TRAFFIC`,
//! `CYBER_SECURITY`, `ZERO_TRUST_FIREWALL`, `IOT`, `SAAS_SECURITY`, `SHADOW_IT`), their
//! fields, argument names and enum values follow the official Python SDK
//! (`zscaler/zscaler-sdk-python`, `zscaler/zins/*.py` and `zscaler/zins/models/enums.py`);
//! which arguments each tool takes, the default windows and the 7-or-14-day rule follow
//! Zscaler's Python MCP server (`zscaler/zscaler-mcp-server`,
//! `src/zscaler_mcp/tools/zins/*.py`). The GraphQL documents below are our own.
//!
//! Every tool is one spec with the same hook, [`graphql`]: the typed arguments are `Body`
//! params whose wire names are the GraphQL variable names; the hook turns the time-window
//! arguments into `startTime`/`endTime` (epoch milliseconds), adds the report's defaults,
//! posts `{query, variables, operationName}` and unwraps `data.<DOMAIN>.<field>` — the
//! `entries` list, or the whole object for the two single-object reports. GraphQL errors
//! arrive with HTTP 200 and become tool errors.

mod hooks;
mod tables;

pub use tables::TOOLS;
