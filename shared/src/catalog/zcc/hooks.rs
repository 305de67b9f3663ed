//! The zcc hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::spec::*;
use crate::executor::paging::{self, Batch, Notes, Position, Walk};
use serde_json::Value;

/// Walk `webTrustedNetwork/listByCompany` pages and return the networks as one array.
pub(super) fn trusted_networks<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (default_size, max_size) = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => (default_size, max_size),
            _ => (50, 5000),
        };
        let ctx = &ctx;
        let fetch = |position: Position, size: u32| {
            let query = paging::page_query(PAGES, &ctx.plan.query, &position, size);
            async move {
                let body = ctx.call(HttpMethod::Get, ctx.path, &query, None).await?;
                Ok(trusted_network_page(body, &position, size))
            }
        };
        let walk = Walk::pages(ctx.plan, default_size, max_size);
        let max_items = ctx.client.settings().max_items;
        paging::walk(walk, max_items, NOTES, |_| true, fetch).await
    })
}

/// The notes of this list name `page` and `page_size` and count "in all".
pub(super) const NOTES: Notes = Notes {
    total_label: "in all",
    rest: "page and page_size",
};

/// `{"totalCount": N, "trustedNetworkContracts": [...]}` (or a plain array): a full page
/// continues unless the total says the list is complete.
pub(super) fn trusted_network_page(body: Value, position: &Position, size: u32) -> Batch {
    let total = body
        .get("totalCount")
        .and_then(|t| t.as_u64().or_else(|| t.as_str()?.parse().ok()));
    let items = match body {
        Value::Array(items) => items,
        Value::Object(mut m) => match m.remove("trustedNetworkContracts") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let page = match position {
        Position::Page(p) => *p,
        _ => 1,
    };
    let full = !items.is_empty() && items.len() as u32 >= size;
    let seen = (page as u64 - 1) * size as u64 + items.len() as u64;
    let more = full && total.is_none_or(|t| seen < t);
    Batch {
        items,
        next: more.then(|| Position::Page(page + 1)),
        total,
    }
}
