//! Hooks more than one service uses.

use serde_json::Value;

use super::spec::*;
use crate::executor::paging::{self, read_batch, Notes, Position, Walk};
use crate::zscaler::ApiRequest;

/// Lists whose API has no name filter (ZIA firewall, ZTW): fetch every page, or the one
/// asked for, without `search`, and keep the items whose name contains it
/// (case-insensitive).
pub(super) fn filter_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let needle = ctx
            .plan
            .query
            .iter()
            .find(|(k, _)| k == "search")
            .map(|(_, v)| v.to_lowercase())
            .filter(|s| !s.is_empty());
        let base: Vec<(String, String)> = ctx
            .plan
            .query
            .iter()
            .filter(|(k, _)| k != "search")
            .cloned()
            .collect();
        let keeps = |item: &Value| match &needle {
            None => true,
            Some(n) => item
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.to_lowercase().contains(n.as_str())),
        };
        let fetch = |position: Position, size: u32| {
            let query = paging::page_query(ctx.spec.paging, &base, &position, size);
            async move {
                let resp = ctx
                    .client
                    .call(
                        ApiRequest {
                            service: ctx.spec.service,
                            method: HttpMethod::Get,
                            path: ctx.path,
                            query: &query,
                            body: None,
                        },
                        ctx.deadline,
                    )
                    .await?;
                Ok(read_batch(ctx.spec.paging, resp.body, &position, size))
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
