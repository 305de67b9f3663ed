//! ZMS (Zscaler Microsegmentation) tools: every tool is a read against the GraphQL
//! endpoint `POST /zms/graphql`, scoped by the tenant id `ZSCALER_CUSTOMER_ID`, which goes
//! into the `customerId` variable (not the path).
//!
//! The specs stay data: each parameter is a GraphQL variable (`Place::Body(<variable>)`;
//! a dotted name such as `filter.name.contains` builds the nested input object), and the
//! operation each tool runs is in `OPERATIONS`, keyed by tool name. One custom hook,
//! `graphql`, builds `{query, variables, operationName}`, unwraps `data.<field>`, turns
//! GraphQL `errors` into a tool error and, for connection results (`{nodes, pageInfo}`),
//! walks the pages itself unless a `page` is asked for.
//!
//! UNVERIFIED shapes: the operations, variables and selected fields follow the official
//! Python SDK (`zscaler/zscaler-sdk-python`, `zscaler/zms/*.py` and
//! `zscaler/zms/models/inputs.py` for the filter inputs); the arguments follow Zscaler's
//! Python MCP server (`zscaler/zscaler-mcp-server`, `src/zscaler_mcp/tools/zms/*.py`).

mod hooks;
mod tables;

pub use tables::TOOLS;
