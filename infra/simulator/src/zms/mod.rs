//! ZMS (Zscaler Microsegmentation) at `POST /zms/graphql`.
//!
//! Sources: the Python SDK `zscaler/zms/*.py` (every call is a GraphQL POST
//! to `/zms/graphql` with `{"query","variables","operationName"}` and reads
//! `data.<field>`), `zscaler/zms/models/inputs.py` (filter and order-by
//! inputs). Conventions:
//! - Every root field takes `customerId`, which must be the ZPA customer id
//!   (`SimConfig::customer_id`); another id is a `FORBIDDEN` field error.
//! - Lists are connections `{nodes:[...], pageInfo:{pageNumber, pageSize,
//!   totalCount, totalPages}}`, paged by `page`/`pageSize` (agents, agent
//!   groups, nonces) or `pageNum`/`pageSize` (the rest); 1-based, default
//!   page size 20, at most 1000.
//! - Filters are `StringExpression`s (`contains`, `starts`, `ends`,
//!   `equals`, `in`) per field; `orderBy` maps a field to ASC/DESC; `search`
//!   matches names; `sort`/`sortDir` sort.
//! - Responses are HTTP 200 with `{"data":...}`; field errors add
//!   `{"errors":[{"message","path","extensions":{"classification"}}]}` with
//!   the field null; a syntax or validation error (unknown field, missing
//!   required argument) is `{"errors":[...]}` without data (graphql-java
//!   style). Only queries are served.
//!
//! Seeded data: agents 5, agent groups 3, nonces 3, resources 6, resource
//! groups 4 (2 managed, 2 unmanaged), policy rules 4, default policy rules
//! 3, app zones 3, app catalog 4, tag namespaces 3, tag keys 4, tag values
//! 6.

mod project;
mod resolve;
mod seeds;

pub use resolve::{zms_queries, ZmsQueryInfo};

use crate::util::{Req, Resp};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// ZMS data (read-only).
pub(crate) struct ZmsState {
    pub(crate) agents: Vec<Value>,
    pub(crate) agent_groups: Vec<Value>,
    pub(crate) nonces: Vec<Value>,
    pub(crate) resources: Vec<Value>,
    pub(crate) resource_groups: Vec<Value>,
    pub(crate) policy_rules: Vec<Value>,
    pub(crate) default_rules: Vec<Value>,
    pub(crate) app_zones: Vec<Value>,
    pub(crate) app_catalog: Vec<Value>,
    pub(crate) namespaces: Vec<Value>,
    pub(crate) tag_keys: Vec<Value>,
    pub(crate) tag_values: Vec<Value>,
}

impl ZmsState {
    pub(crate) fn seeded() -> ZmsState {
        ZmsState {
            agents: seeds::agents(),
            agent_groups: seeds::agent_groups(),
            nonces: seeds::nonces(),
            resources: seeds::resources(),
            resource_groups: seeds::resource_groups(),
            policy_rules: seeds::policy_rules(),
            default_rules: seeds::default_rules(),
            app_zones: seeds::app_zones(),
            app_catalog: seeds::app_catalog(),
            namespaces: seeds::namespaces(),
            tag_keys: seeds::tag_keys(),
            tag_values: seeds::tag_values(),
        }
    }
}

fn gql_error(msg: &str, classification: &str) -> Value {
    json!({"message": msg, "locations": [], "extensions": {"classification": classification}})
}

/// A request-level failure: 200 with errors and no data (graphql-java).
fn request_error(msg: &str, classification: &str) -> Resp {
    Resp::ok(json!({"errors": [gql_error(msg, classification)]}))
}

/// Serve `/zms/graphql`.
pub(crate) fn handle(st: &ZmsState, req: &Req, customer_id: &str) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs != ["zms", "graphql"] {
        return Resp::json(
            404,
            json!({"timestamp": crate::util::now_secs(), "status": 404, "error": "Not Found", "path": format!("/{}", segs.join("/"))}),
        );
    }
    if req.method != Method::POST {
        return Resp::json(
            405,
            json!({"timestamp": crate::util::now_secs(), "status": 405, "error": "Method Not Allowed", "path": "/zms/graphql"}),
        );
    }
    let Some(body) = req.json_object() else {
        return Resp::json(
            400,
            json!({"errors": [gql_error("The request body must be a JSON object with a 'query'", "InvalidSyntax")]}),
        );
    };
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        return request_error("Missing 'query' in the request body", "InvalidSyntax");
    };
    let vars: Map<String, Value> = match body.get("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return request_error("'variables' must be an object", "ValidationError"),
    };
    let doc = match crate::graphql::parse(query) {
        Ok(d) => d,
        Err(e) => return request_error(&format!("Invalid syntax: {e}"), "InvalidSyntax"),
    };
    let op_name = body.get("operationName").and_then(Value::as_str);
    let op = match op_name {
        Some(n) => doc.ops.iter().find(|o| o.name.as_deref() == Some(n)),
        None if doc.ops.len() == 1 => doc.ops.first(),
        None => {
            return request_error(
                "Must provide operation name if query contains multiple operations",
                "ValidationError",
            )
        }
    };
    let Some(op) = op else {
        return request_error(
            &format!("Unknown operation named '{}'", op_name.unwrap_or("")),
            "ValidationError",
        );
    };
    if op.kind != "query" {
        return request_error(
            &format!("Schema is not configured for {}s", op.kind),
            "ValidationError",
        );
    }
    resolve::execute(st, &doc, op, &vars, customer_id)
}

/// ZMS behind the simulator's product trait.
pub(crate) struct Zms {
    pub(crate) state: std::sync::Mutex<ZmsState>,
    /// The customer id expected in `customerId` arguments.
    pub(crate) customer_id: String,
}

impl crate::product::Product for Zms {
    fn segment(&self) -> &'static str {
        "zms"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(&crate::product::lock(&self.state), req, &self.customer_id)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
