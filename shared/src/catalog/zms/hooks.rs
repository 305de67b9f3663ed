//! The zms hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::spec::*;
use crate::executor::paging::{self, Batch, Notes, Position, Walk};
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::UpstreamError;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------
// Hook
// ---------------------------------------------------------------------------------------

pub(super) fn operation(tool: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.tool == tool)
}

/// Build GraphQL variables: a dotted wire name nests, `filter.name.contains` ->
/// `{"filter": {"name": {"contains": ..}}}`.
pub(super) fn variables(body: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Object(fields)) = body else {
        return out;
    };
    for (key, value) in fields {
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut node = &mut out;
        for part in parts {
            let entry = node
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            node = match entry {
                Value::Object(m) => m,
                _ => unreachable!("made an object above"),
            };
        }
        node.insert(last.to_string(), value.clone());
    }
    out
}

pub(super) fn api_error(status: u16, message: String) -> ToolError {
    ToolError::Upstream(UpstreamError::Api {
        product: "ZMS",
        status,
        code: None,
        message: Some(message),
    })
}

/// One GraphQL call; returns `data.<field>`.
pub(super) async fn run_query(
    ctx: &HookCtx<'_>,
    op: &Operation,
    variables: &Map<String, Value>,
) -> Result<Value, ToolError> {
    let body = json!({
        "query": op.document,
        "variables": variables,
        "operationName": op.name,
    });
    let resp = ctx
        .send(HttpMethod::Post, ctx.path, &[], Some(&body))
        .await?;
    let mut reply = resp.body;
    if let Some(errors) = reply.get("errors").and_then(Value::as_array) {
        if !errors.is_empty() {
            let messages: Vec<String> = errors
                .iter()
                .map(|e| {
                    e.get("message")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| e.to_string())
                })
                .collect();
            return Err(api_error(resp.status, messages.join("; ")));
        }
    }
    Ok(reply
        .get_mut("data")
        .and_then(|d| d.get_mut(op.field))
        .map(Value::take)
        .unwrap_or(Value::Null))
}

/// `(nodes, totalPages)` of a connection result.
pub(super) fn connection(value: Value) -> (Vec<Value>, Option<u64>) {
    let total = value
        .get("pageInfo")
        .or_else(|| value.get("page_info"))
        .and_then(|p| p.get("totalPages"))
        .and_then(Value::as_u64);
    let nodes = match value {
        Value::Object(mut m) => match m.remove("nodes") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    (nodes, total)
}

pub(super) fn graphql<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let op = operation(ctx.spec.name).ok_or_else(|| {
            ToolError::Upstream(UpstreamError::Config(format!(
                "{}: no GraphQL operation is defined for this tool",
                ctx.spec.name
            )))
        })?;
        let customer = ctx.client.settings().customer_id.clone().ok_or_else(|| {
            ToolError::Upstream(UpstreamError::Config(
                "ZSCALER_CUSTOMER_ID is not set: ZMS tools need the ZMS customer (tenant) id. \
                 Set ZSCALER_CUSTOMER_ID in the environment or the credentials secret."
                    .to_string(),
            ))
        })?;
        let mut vars = variables(ctx.plan.body.as_ref());
        vars.insert("customerId".to_string(), Value::String(customer));

        let Some(page_var) = op.page_var else {
            let value = run_query(&ctx, op, &vars).await?;
            return Ok(ToolOutput { value, note: None });
        };

        let (default_size, max_size) = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => (default_size, max_size),
            _ => (20, 100),
        };
        let fetch = |position: Position, size: u32| {
            let mut vars = vars.clone();
            let page = match position {
                Position::Page(p) => p,
                _ => 1,
            };
            vars.insert(page_var.to_string(), Value::from(page));
            vars.insert("pageSize".to_string(), Value::from(size));
            let ctx = &ctx;
            async move {
                let (nodes, total_pages) = connection(run_query(ctx, op, &vars).await?);
                let count = nodes.len() as u32;
                let more = match total_pages {
                    Some(total) => u64::from(page) < total,
                    None => count >= size,
                } && count > 0;
                Ok(Batch {
                    items: nodes,
                    next: more.then(|| Position::Page(page + 1)),
                    total: None,
                })
            }
        };
        let walk = Walk::pages(ctx.plan, default_size, max_size);
        let max_items = ctx.client.settings().max_items;
        paging::walk(walk, max_items, Notes::STANDARD, |_| true, fetch).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_one_operation() {
        for spec in TOOLS {
            let op = operation(spec.name).unwrap_or_else(|| panic!("{}", spec.name));
            assert!(op.document.contains(op.name), "{}", spec.name);
            assert!(op.document.contains(op.field), "{}", spec.name);
            // Paged operations are exactly the tools with paging arguments.
            assert_eq!(
                op.page_var.is_some(),
                spec.paging != Paging::None,
                "{}",
                spec.name
            );
            if let Some(var) = op.page_var {
                assert!(op.document.contains(&format!("${var}:")), "{}", spec.name);
            }
            // Every variable a parameter sets is declared by the document.
            for p in spec.params {
                if let Place::Body(wire) = p.place {
                    let root = wire.split('.').next().unwrap_or(wire);
                    assert!(
                        op.document.contains(&format!("${root}:")),
                        "{}: ${root}",
                        spec.name
                    );
                }
            }
        }
        assert_eq!(OPERATIONS.len(), TOOLS.len());
    }

    #[test]
    fn dotted_names_nest() {
        let body = json!({"filter.name.contains": "web", "filter.status.equals": "UP",
                          "orderBy.name": "ASC", "includeDeleted": true});
        assert_eq!(
            Value::Object(variables(Some(&body))),
            json!({"filter": {"name": {"contains": "web"}, "status": {"equals": "UP"}},
                   "orderBy": {"name": "ASC"}, "includeDeleted": true})
        );
    }
}
