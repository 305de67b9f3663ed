//! The zia_security hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::common_hooks::{name_contains, split_search};
use crate::catalog::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::segment;
use crate::zscaler::{ApiRequest, ApiResponse};
use serde_json::{json, Map, Value};

// ------------------------------------------------------------------------------ hooks

pub(super) fn zia_request<'r>(
    method: HttpMethod,
    path: &'r str,
    query: &'r [(String, String)],
    body: Option<&'r Value>,
) -> ApiRequest<'r> {
    ApiRequest {
        service: ZIA,
        method,
        path,
        query,
        body,
    }
}

pub(super) async fn get(
    ctx: &HookCtx<'_>,
    path: &str,
    query: &[(String, String)],
) -> Result<ApiResponse, ToolError> {
    Ok(ctx
        .client
        .call(
            zia_request(HttpMethod::Get, path, query, None),
            ctx.deadline,
        )
        .await?)
}

pub(super) fn query_value<'q>(query: &'q [(String, String)], key: &str) -> Option<&'q str> {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Keep the items whose `name` contains `needle` (lower-cased); anything but an array, or
/// no needle, passes as it came.
pub(super) fn filter_by_name(value: Value, needle: Option<&str>) -> Value {
    match (needle, value) {
        (Some(needle), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .filter(|item| name_contains(item, needle))
                .collect(),
        ),
        (_, value) => value,
    }
}

/// Rule lists without a server-side name filter: fetch all, filter by name here.
pub(super) fn list_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (needle, rest) = split_search(&ctx.plan.query);
        let resp = get(&ctx, ctx.path, &rest).await?;
        Ok(ToolOutput {
            value: filter_by_name(resp.body, needle.as_deref()),
            note: None,
        })
    })
}

/// The report endpoint wants `details`; the SDKs default it to `summary`.
pub(super) fn sandbox_report<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        if query_value(&query, "details").is_none() {
            query.push(("details".to_string(), "summary".to_string()));
        }
        let resp = get(&ctx, ctx.path, &query).await?;
        let not_found = ["/Summary/Summary/Status", "/Full Details/Summary/Status"]
            .iter()
            .any(|p| resp.body.pointer(p).and_then(Value::as_str) == Some("CONTENT_NOTFOUND"));
        Ok(ToolOutput {
            value: resp.body,
            note: not_found.then(|| {
                "The sandbox has no report for this hash (CONTENT_NOTFOUND): the file was \
                 never analysed."
                    .to_string()
            }),
        })
    })
}

/// DLP dictionaries and engines: one tool reads the full list, the lite list or one item.
/// The lite endpoint has no server-side search, so the filter is applied here.
pub(super) fn dlp_read<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let q = &ctx.plan.query;
        let lite = query_value(q, "action") == Some("read_lite");
        let search = query_value(q, "search");
        let value = match (lite, query_value(q, "id")) {
            (false, Some(id)) => {
                let path = format!("{}/{}", ctx.path, segment("id", id)?);
                get(&ctx, &path, &[]).await?.body
            }
            (true, _) => {
                let path = format!("{}/lite", ctx.path);
                let (needle, _) = split_search(q);
                filter_by_name(get(&ctx, &path, &[]).await?.body, needle.as_deref())
            }
            // zscaler-sdk-python zscaler/zia/dlp_engine.py:83 takes `search` out of the
            // query and matches engine names itself.
            (false, None) if ctx.path.ends_with("/dlpEngines") => {
                let (needle, _) = split_search(q);
                filter_by_name(get(&ctx, ctx.path, &[]).await?.body, needle.as_deref())
            }
            (false, None) => {
                let query: Vec<(String, String)> = search
                    .map(|s| vec![("search".to_string(), s.to_string())])
                    .unwrap_or_default();
                get(&ctx, ctx.path, &query).await?.body
            }
        };
        Ok(ToolOutput { value, note: None })
    })
}

/// The denylist is edited incrementally with `?action=`; answer with the list afterwards.
pub(super) async fn edit_malicious_urls(
    ctx: HookCtx<'_>,
    action: &'static str,
) -> Result<ToolOutput, ToolError> {
    let query = [("action".to_string(), action.to_string())];
    ctx.client
        .call(
            zia_request(HttpMethod::Put, ctx.path, &query, ctx.plan.body.as_ref()),
            ctx.deadline,
        )
        .await?;
    let current = get(&ctx, ctx.path, &[]).await?;
    Ok(ToolOutput {
        value: current.body,
        note: None,
    })
}

pub(super) fn add_malicious_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_malicious_urls(ctx, "ADD_TO_LIST"))
}

pub(super) fn remove_malicious_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_malicious_urls(ctx, "REMOVE_FROM_LIST"))
}

/// A cloud app control rule carries its category as `type` as well as in the path.
pub(super) fn cloud_app_rule_create<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let rule_type = ctx.path.rsplit('/').next().unwrap_or_default();
        let mut m = crate::catalog::common_hooks::body_object(&ctx);
        m.entry("type")
            .or_insert_with(|| Value::String(rule_type.to_string()));
        crate::catalog::common_hooks::zia_rule_defaults(&mut m);
        let body = Value::Object(m);
        let resp = ctx
            .client
            .call(
                zia_request(HttpMethod::Post, ctx.path, &[], Some(&body)),
                ctx.deadline,
            )
            .await?;
        Ok(ToolOutput {
            value: resp.body,
            note: None,
        })
    })
}

/// Available cloud app actions: without `cloud_apps` the official server posts
/// `{"cloudApps": []}` (zscaler_mcp tools/zia/cloud_app_control.py:129); so does this one.
pub(super) fn available_actions<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut m = crate::catalog::common_hooks::body_object(&ctx);
        m.entry("cloudApps")
            .or_insert_with(|| Value::Array(Vec::new()));
        let body = Value::Object(m);
        let value = ctx
            .call(HttpMethod::Post, ctx.path, &[], Some(&body))
            .await?;
        Ok(ToolOutput { value, note: None })
    })
}

/// A PUT that is not a replace of a readable object (bulk operations): send it as is.
pub(super) fn put_once<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let body = ctx
            .plan
            .body
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()));
        let resp = ctx
            .client
            .call(
                zia_request(HttpMethod::Put, ctx.path, &ctx.plan.query, Some(&body)),
                ctx.deadline,
            )
            .await?;
        let value = if resp.body.is_null() {
            json!({"updated": true, "request": body})
        } else {
            resp.body
        };
        Ok(ToolOutput { value, note: None })
    })
}
