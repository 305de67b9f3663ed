//! The zid hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::spec::*;
use crate::executor::paging::{self, read_batch, Notes, Position, Walk};
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

pub(super) fn get_request<'a>(path: &'a str, query: &'a [(String, String)]) -> ApiRequest<'a> {
    ApiRequest {
        service: ZID,
        method: HttpMethod::Get,
        path,
        query,
        body: None,
    }
}

pub(super) fn with(base: &[(String, String)], extra: &[(&str, String)]) -> Vec<(String, String)> {
    let mut q = base.to_vec();
    q.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    q
}

/// The `name` argument, and the rest of the query without it.
pub(super) fn take_name(ctx: &HookCtx<'_>, wire: &str) -> (String, Vec<(String, String)>) {
    let name = ctx
        .plan
        .query
        .iter()
        .find(|(k, _)| k == wire)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let rest = ctx
        .plan
        .query
        .iter()
        .filter(|(k, _)| k != wire)
        .cloned()
        .collect();
    (name, rest)
}

/// The user filters to try for a search text, in order.
pub(super) fn user_filters(name: &str) -> &'static [&'static str] {
    if name.contains('@') {
        &["primaryemail[like]"]
    } else {
        &["loginname[like]", "displayname[like]"]
    }
}

/// A list endpoint, paged as the generic executor pages `Paging::ZidOffset`: one page when
/// the caller gave `offset`, otherwise every page up to the server's item cap. Unlike the
/// executor's, the note names no total.
pub(super) async fn zid_list(
    ctx: &HookCtx<'_>,
    path: &str,
    base: &[(String, String)],
) -> Result<ToolOutput, ToolError> {
    let fetch = |position: Position, size: u32| {
        let query = paging::page_query(Paging::ZidOffset, base, &position, size);
        async move {
            let body = ctx
                .client
                .call(get_request(path, &query), ctx.deadline)
                .await?
                .body;
            let mut batch = read_batch(Paging::ZidOffset, body, &position, size);
            batch.total = None;
            Ok(batch)
        }
    };
    let walk = Walk::offsets(ctx.plan);
    let max_items = ctx.client.settings().max_items;
    paging::walk(walk, max_items, NOTES, |_| true, fetch).await
}

/// The truncation note of these lists names `offset/limit`.
pub(super) const NOTES: Notes = Notes {
    total_label: "items in all",
    rest: "offset/limit",
};

/// One page of a lookup (`offset=0`, [`LOOKUP_LIMIT`]), as its records.
pub(super) async fn lookup(
    ctx: &HookCtx<'_>,
    path: &str,
    filter: &str,
    name: &str,
) -> Result<Vec<Value>, ToolError> {
    let query = with(
        &[],
        &[
            (filter, name.to_string()),
            ("offset", "0".to_string()),
            ("limit", LOOKUP_LIMIT.to_string()),
        ],
    );
    let mut body = ctx
        .client
        .call(get_request(path, &query), ctx.deadline)
        .await?
        .body;
    Ok(match body.get_mut("records").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    })
}

pub(super) fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(super) fn id_of(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The match whose one of `keys` equals `name` (case-insensitive), else the first.
pub(super) fn best_match<'v>(items: &'v [Value], name: &str, keys: &[&str]) -> Option<&'v Value> {
    items
        .iter()
        .find(|i| keys.iter().any(|k| text(i, k).eq_ignore_ascii_case(name)))
        .or_else(|| items.first())
}

pub(super) fn not_found(what: &str, name: &str) -> ToolError {
    ToolError::Upstream(UpstreamError::NotFound {
        product: "ZIdentity",
        message: format!("no {what} matches {name:?}"),
    })
}

pub(super) fn search_users<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (name, rest) = take_name(&ctx, "name");
        let mut out = ToolOutput {
            value: Value::Array(Vec::new()),
            note: None,
        };
        for filter in user_filters(&name) {
            out = zid_list(&ctx, ctx.path, &with(&rest, &[(filter, name.clone())])).await?;
            if out.value.as_array().is_some_and(|a| !a.is_empty()) {
                break;
            }
        }
        Ok(out)
    })
}

pub(super) fn user_groups_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (name, _) = take_name(&ctx, "name");
        let mut users = Vec::new();
        for filter in user_filters(&name) {
            users = lookup(&ctx, ctx.path, filter, &name).await?;
            if !users.is_empty() {
                break;
            }
        }
        let user = best_match(&users, &name, &["loginName", "primaryEmail", "displayName"])
            .ok_or_else(|| not_found("ZIdentity user", &name))?;
        let id = id_of(user).ok_or_else(|| not_found("ZIdentity user with an id", &name))?;
        let said = format!(
            "Groups of user {} ({}, id {id})",
            text(user, "displayName"),
            text(user, "loginName")
        );
        chosen_listing(&ctx, &id, "groups", said, users.len(), "users").await
    })
}

pub(super) fn group_users_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (name, _) = take_name(&ctx, "name[like]");
        let groups = lookup(&ctx, ctx.path, "name[like]", &name).await?;
        let group = best_match(&groups, &name, &["name"])
            .ok_or_else(|| not_found("ZIdentity group", &name))?;
        let id = id_of(group).ok_or_else(|| not_found("ZIdentity group with an id", &name))?;
        let said = format!("Members of group {} (id {id})", text(group, "name"));
        chosen_listing(&ctx, &id, "users", said, groups.len(), "groups").await
    })
}

/// The `<path>/<id>/<list>` listing of the entity a name lookup chose, with a note saying
/// which one it was (`said`) and among how many matches.
async fn chosen_listing(
    ctx: &HookCtx<'_>,
    id: &str,
    list: &str,
    said: String,
    matches: usize,
    plural: &str,
) -> Result<ToolOutput, ToolError> {
    let path = format!(
        "{}/{}/{list}",
        ctx.path,
        crate::tool::args::encode_segment(id)
    );
    let mut out = zid_list(ctx, &path, &[]).await?;
    let among = if matches > 1 {
        format!(", chosen among {matches} matching {plural}")
    } else {
        String::new()
    };
    let chosen = format!("{said}{among}.");
    out.note = Some(match out.note {
        Some(more) => format!("{chosen} {more}"),
        None => chosen,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn email_text_searches_the_email_only() {
        assert_eq!(user_filters("ann@example.com"), &["primaryemail[like]"]);
        assert_eq!(
            user_filters("ann"),
            &["loginname[like]", "displayname[like]"]
        );
    }

    #[test]
    fn exact_names_win_over_the_first_match() {
        let items = vec![
            json!({"id": "a", "name": "Sales EMEA"}),
            json!({"id": "b", "name": "sales"}),
        ];
        assert_eq!(best_match(&items, "Sales", &["name"]).unwrap()["id"], "b");
        assert_eq!(best_match(&items, "sal", &["name"]).unwrap()["id"], "a");
        assert!(best_match(&[], "x", &["name"]).is_none());
    }
}
