//! Hooks more than one service uses.

use serde_json::Value;

use super::spec::*;
use crate::executor::paging::{self, read_batch, Notes, Position, Walk};

/// Lists whose API has no name filter (ZIA firewall, ZTW): fetch every page, or the one
/// asked for, without `search`, and keep the items whose name contains it
/// (case-insensitive).
pub(super) fn filter_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (needle, base) = split_search(&ctx.plan.query);
        let keeps = |item: &Value| needle.as_deref().is_none_or(|n| name_contains(item, n));
        let ctx = &ctx;
        let fetch = |position: Position, size: u32| {
            let query = paging::page_query(ctx.spec.paging, &base, &position, size);
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
    })
}

/// The non-empty `search` text, lower-cased, and the rest of the query without it.
pub(super) fn split_search(query: &[(String, String)]) -> (Option<String>, Vec<(String, String)>) {
    let needle = query
        .iter()
        .find(|(k, _)| k == "search")
        .map(|(_, v)| v.to_lowercase())
        .filter(|s| !s.is_empty());
    let rest = query
        .iter()
        .filter(|(k, _)| k != "search")
        .cloned()
        .collect();
    (needle, rest)
}

/// Whether the item's `name` contains the lower-cased `needle`, ignoring case.
pub(super) fn name_contains(item: &Value, needle: &str) -> bool {
    item.get("name")
        .and_then(Value::as_str)
        .is_some_and(|name| name.to_lowercase().contains(needle))
}
