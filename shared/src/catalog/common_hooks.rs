//! Hooks more than one service uses.

use serde_json::Value;

use super::spec::*;
use crate::executor::paging::{self, read_batch, Notes, Position, Walk};

/// Lists whose API has no name filter (ZIA firewall, ZTW): fetch every page, or the one
/// asked for, without `search`, and keep the items whose name contains it
/// (case-insensitive).
pub(super) fn filter_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(filter_locally(ctx, "search", &["name"], None))
}

/// Lists whose SDK sends `search` to the API (zscaler-sdk-python
/// zscaler/zia/file_type_control_rule.py:59, ips_signature_rules.py:82 pass the query on)
/// although the API documents no such filter there: `search` is sent as the SDK sends it,
/// and the items are also filtered by name here, so the answer is the same whether the
/// API applies it or ignores it.
pub(super) fn search_and_filter_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let needle = split_search(&ctx.plan.query).0;
        let keeps = |item: &Value| needle.as_deref().is_none_or(|n| name_contains(item, n));
        walk_filtered(&ctx, ctx.plan.query.clone(), keeps).await
    })
}

/// The official server's client-side `name` match (`get_zia_user_groups`,
/// `zia_list_network_services`: "more reliable than the server-side search"): the `name`
/// argument is never sent; items whose name contains it are kept, and a `search` given
/// with it is not sent either (zscaler_mcp tools/zia/network_services.py:99).
pub(super) fn filter_by_name_arg<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(filter_locally(ctx, "name", &["name"], Some("search")))
}

/// URL categories: zscaler-sdk-python applies `search` locally, to the category's
/// configured name (and here also its id, which is the name of predefined ones).
pub(super) fn filter_categories<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(filter_locally(
        ctx,
        "search",
        &["configuredName", "id"],
        None,
    ))
}

/// Fetch every page (or the one asked for) without the `key` query pair, and keep the
/// items whose `fields` contain its value (case-insensitive). With a value, the
/// `displaced` query pair is not sent either.
async fn filter_locally(
    ctx: HookCtx<'_>,
    key: &str,
    fields: &[&str],
    displaced: Option<&str>,
) -> Result<ToolOutput, ToolError> {
    let (needle, mut base) = split_key(&ctx.plan.query, key);
    if let (Some(_), Some(other)) = (&needle, displaced) {
        base.retain(|(k, _)| k != other);
    }
    let keeps = |item: &Value| {
        needle
            .as_deref()
            .is_none_or(|n| fields.iter().any(|f| field_contains(item, f, n)))
    };
    walk_filtered(&ctx, base, keeps).await
}

/// Every page (or the one asked for) of the tool's list with `base` as the query, keeping
/// the items `keeps` accepts.
async fn walk_filtered(
    ctx: &HookCtx<'_>,
    base: Vec<(String, String)>,
    keeps: impl Fn(&Value) -> bool,
) -> Result<ToolOutput, ToolError> {
    let base = &base;
    let fetch = |position: Position, size: u32| {
        let query = paging::page_query(ctx.spec.paging, base, &position, size);
        async move {
            let body = ctx.call(HttpMethod::Get, ctx.path, &query, None).await?;
            Ok(read_batch(ctx.spec.paging, body, &position, size))
        }
    };
    // An endpoint that does not page: its one answer is the one (last) page.
    let walk = Walk::of(ctx.spec.paging, ctx.plan).unwrap_or(Walk {
        start: Position::Page(1),
        single: true,
        size: 0,
    });
    let max_items = ctx.client.settings().max_items;
    paging::walk(walk, max_items, Notes::STANDARD, keeps, fetch).await
}

/// The non-empty value of the `key` query pair, lower-cased, and the rest of the query.
fn split_key(query: &[(String, String)], key: &str) -> (Option<String>, Vec<(String, String)>) {
    let needle = query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.to_lowercase())
        .filter(|s| !s.is_empty());
    let rest = query.iter().filter(|(k, _)| k != key).cloned().collect();
    (needle, rest)
}

fn field_contains(item: &Value, field: &str, needle: &str) -> bool {
    item.get(field)
        .and_then(Value::as_str)
        .is_some_and(|v| v.to_lowercase().contains(needle))
}

/// The non-empty `search` text, lower-cased, and the rest of the query without it.
pub(super) fn split_search(query: &[(String, String)]) -> (Option<String>, Vec<(String, String)>) {
    split_key(query, "search")
}

/// Whether the item's `name` contains the lower-cased `needle`, ignoring case.
pub(super) fn name_contains(item: &Value, needle: &str) -> bool {
    field_contains(item, "name", needle)
}

/// ZIA rule creates: the API requires `order`, and the official server (zscaler_mcp
/// common/zia_helpers.py `apply_default_order` / `apply_default_rank`, and its default
/// `enabled=True`) fills what the agent left out with order 1 (top), rank 7 and
/// `ENABLED`. The same defaults here, so a call without them has the same effect.
pub(super) fn create_zia_rule<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = body_object(&ctx);
        zia_rule_defaults(&mut body);
        let body = Value::Object(body);
        let value = ctx
            .call(HttpMethod::Post, ctx.path, &[], Some(&body))
            .await?;
        Ok(ToolOutput { value, note: None })
    })
}

/// The request body the plan built, as an object (empty when the tool sent none).
pub(super) fn body_object(ctx: &HookCtx<'_>) -> serde_json::Map<String, Value> {
    match &ctx.plan.body {
        Some(Value::Object(m)) => m.clone(),
        _ => serde_json::Map::new(),
    }
}

/// The official server's defaults for a ZIA rule the agent created without them: first in
/// order, admin rank 7, enabled.
pub(super) fn zia_rule_defaults(body: &mut serde_json::Map<String, Value>) {
    body.entry("order").or_insert(Value::from(1));
    body.entry("rank").or_insert(Value::from(7));
    body.entry("state").or_insert(Value::from("ENABLED"));
}
