//! ZIdentity tools (`/ziam/admin/api/v1`): users, groups and the memberships between them.
//!
//! Ids are short strings (`iidkfk0g906h3` for a user, `iadkfk65g07tr` for a group). Lists
//! page with numeric `offset`/`limit` and answer `{records: [...], next_link}`; filters are
//! the lower-case wire names of zscaler-api.md §4 (`loginname[like]`, `displayname[like]`,
//! `primaryemail[like]`, `name[like]`, `domainname`, `idpname`, `excludedynamicgroups`).
//!
//! Three custom hooks: searching users tries the email, login name and display name filters
//! in turn (the way Zscaler's Python MCP server does, `src/zscaler_mcp/tools/zid/users.py`),
//! and the two `_by_name` tools resolve a user or group by name before listing its
//! memberships.

use serde_json::Value;

use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};

macro_rules! ziam {
    ($p:literal) => {
        concat!("/ziam/admin/api/v1", $p)
    };
}

const ZID: Service = Service::Zid;
const USERS: &str = "zid_users";
const GROUPS: &str = "zid_groups";

/// Page size of the name lookups that precede a membership listing.
const LOOKUP_LIMIT: u32 = 100;

const fn list(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    read(
        name,
        ZID,
        toolset,
        title,
        description,
        path,
        params,
        Paging::ZidOffset,
    )
}

const fn get(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    read(
        name,
        ZID,
        toolset,
        title,
        description,
        path,
        params,
        Paging::None,
    )
}

/// A read tool whose logic is a hook of this file; it still takes `offset`/`limit`.
const fn custom(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
    hook: CustomHook,
) -> ToolSpec {
    ToolSpec {
        hook: Hook::Custom(hook),
        ..list(name, toolset, title, description, path, params)
    }
}

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

const USER_ID: Param = path_str(
    "user_id",
    "ZIdentity user id, a short string such as iidkfk0g906h3 (the `id` of zid_list_users or \
     zid_search_users results).",
);
const GROUP_ID: Param = path_str(
    "group_id",
    "ZIdentity group id, a short string such as iadkfk65g07tr (the `id` of zid_list_groups or \
     zid_search_groups results).",
);

const LOGIN_NAME: Param = query(
    "login_name",
    "loginname[like]",
    Kind::Str,
    "Users whose login name contains this text (case-insensitive).",
);
const DISPLAY_NAME: Param = query(
    "display_name",
    "displayname[like]",
    Kind::Str,
    "Users whose display name contains this text (case-insensitive).",
);
const PRIMARY_EMAIL: Param = query(
    "primary_email",
    "primaryemail[like]",
    Kind::Str,
    "Users whose primary email contains this text (case-insensitive).",
);
const DOMAIN_NAME: Param = query(
    "domain_name",
    "domainname",
    Kind::Str,
    "Only users of this exact domain, e.g. example.com.",
);
const IDP_NAME: Param = query(
    "idp_name",
    "idpname",
    Kind::Str,
    "Only entries that come from the identity provider with this exact name.",
);

/// The free-text name of the search tools; the hook picks the wire filter.
const USER_NAME: Param = required(query(
    "name",
    "name",
    Kind::Str,
    "Text to look for (case-insensitive, partial). A value containing @ is matched against \
     the primary email; anything else against the login name, then the display name when \
     no login name matches.",
));
const GROUP_NAME: Param = required(query(
    "name",
    "name[like]",
    Kind::Str,
    "Text the group name contains (case-insensitive, partial).",
));

pub const TOOLS: &[ToolSpec] = &[
    // ----------------------------------------------------------------------- users
    list(
        "zid_list_users",
        USERS,
        "List ZIdentity users",
        "List ZIdentity users with their department, identity provider and status. Filters \
         are optional and combine; the text filters match case-insensitively on part of the \
         value. Returns every page unless `offset` is given. To find one person by a single \
         name or email, zid_search_users is simpler.",
        ziam!("/users"),
        &[
            LOGIN_NAME,
            DISPLAY_NAME,
            PRIMARY_EMAIL,
            DOMAIN_NAME,
            IDP_NAME,
        ],
    ),
    get(
        "zid_get_user",
        USERS,
        "Get a ZIdentity user",
        "Get one ZIdentity user by id (a short string such as iidkfk0g906h3, from \
         zid_list_users or zid_search_users): names, emails, department, identity provider, \
         status and custom attributes.",
        ziam!("/users/{user_id}"),
        &[USER_ID],
    ),
    custom(
        "zid_search_users",
        USERS,
        "Search ZIdentity users",
        "Find ZIdentity users by a name, login name or email (case-insensitive, partial). \
         Text with @ is matched against the primary email; other text against the login \
         name, and then against the display name if no login name matches. An empty result \
         means no user matches; use the returned `id` with zid_get_user or \
         zid_get_user_groups.",
        ziam!("/users"),
        &[USER_NAME],
        search_users,
    ),
    list(
        "zid_get_user_groups",
        USERS,
        "List a ZIdentity user's groups",
        "List the ZIdentity groups a user belongs to, by user id (a short string from \
         zid_list_users or zid_search_users). When you only have the user's name or email, \
         use zid_get_user_groups_by_name.",
        ziam!("/users/{user_id}/groups"),
        &[USER_ID],
    ),
    custom(
        "zid_get_user_groups_by_name",
        USERS,
        "List a ZIdentity user's groups by name",
        "List the ZIdentity groups of a user found by name, login name or email \
         (case-insensitive, partial; matched as zid_search_users does). When several users \
         match, an exact match is preferred, otherwise the first one is used; the note says \
         which user was chosen. `offset`/`limit` page the group list.",
        ziam!("/users"),
        &[USER_NAME],
        user_groups_by_name,
    ),
    // ----------------------------------------------------------------------- groups
    list(
        "zid_list_groups",
        GROUPS,
        "List ZIdentity groups",
        "List ZIdentity groups: name, description, source (UI, API, SCIM), whether the group \
         is dynamic, and its identity provider. Returns every page unless `offset` is given.",
        ziam!("/groups"),
        &[
            query(
                "name",
                "name[like]",
                Kind::Str,
                "Groups whose name contains this text (case-insensitive).",
            ),
            query(
                "exclude_dynamic_groups",
                "excludedynamicgroups",
                Kind::Bool,
                "true to leave out dynamic groups (groups whose members follow rules).",
            ),
        ],
    ),
    get(
        "zid_get_group",
        GROUPS,
        "Get a ZIdentity group",
        "Get one ZIdentity group by id (a short string such as iadkfk65g07tr, from \
         zid_list_groups or zid_search_groups).",
        ziam!("/groups/{group_id}"),
        &[GROUP_ID],
    ),
    list(
        "zid_search_groups",
        GROUPS,
        "Search ZIdentity groups",
        "Find ZIdentity groups whose name contains the given text (case-insensitive). An \
         empty result means no group name contains it; use the returned `id` with \
         zid_get_group or zid_get_group_users.",
        ziam!("/groups"),
        &[GROUP_NAME],
    ),
    list(
        "zid_get_group_users",
        GROUPS,
        "List a ZIdentity group's users",
        "List the members of a ZIdentity group, by group id (a short string from \
         zid_list_groups or zid_search_groups). The optional filters narrow the members. \
         When you only have the group's name, use zid_get_group_users_by_name.",
        ziam!("/groups/{group_id}/users"),
        &[GROUP_ID, LOGIN_NAME, DISPLAY_NAME, PRIMARY_EMAIL],
    ),
    custom(
        "zid_get_group_users_by_name",
        GROUPS,
        "List a ZIdentity group's users by name",
        "List the members of a ZIdentity group found by name (case-insensitive, partial). \
         When several groups match, a group with exactly this name is preferred, otherwise \
         the first one is used; the note says which group was chosen. `offset`/`limit` page \
         the member list.",
        ziam!("/groups"),
        &[GROUP_NAME],
        group_users_by_name,
    ),
];

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

fn get_request<'a>(path: &'a str, query: &'a [(String, String)]) -> ApiRequest<'a> {
    ApiRequest {
        service: ZID,
        method: HttpMethod::Get,
        path,
        query,
        body: None,
    }
}

fn with(base: &[(String, String)], extra: &[(&str, String)]) -> Vec<(String, String)> {
    let mut q = base.to_vec();
    q.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    q
}

/// The `name` argument, and the rest of the query without it.
fn take_name(ctx: &HookCtx<'_>, wire: &str) -> (String, Vec<(String, String)>) {
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
fn user_filters(name: &str) -> &'static [&'static str] {
    if name.contains('@') {
        &["primaryemail[like]"]
    } else {
        &["loginname[like]", "displayname[like]"]
    }
}

/// A list endpoint, paged as the generic executor pages `Paging::ZidOffset`: one page when
/// the caller gave `offset`, otherwise every page up to the server's item cap.
async fn zid_list(
    ctx: &HookCtx<'_>,
    path: &str,
    base: &[(String, String)],
) -> Result<ToolOutput, ToolError> {
    let given = ctx.plan.paging.get("offset").and_then(Value::as_u64);
    let limit = ctx
        .plan
        .paging_u32("limit")
        .unwrap_or(if given.is_some() { 100 } else { 1000 });
    let max_items = ctx.client.settings().max_items;
    let mut offset = given.unwrap_or(0);
    let mut all = Vec::new();
    loop {
        let query = with(
            base,
            &[("offset", offset.to_string()), ("limit", limit.to_string())],
        );
        let mut body = ctx
            .client
            .call(get_request(path, &query), ctx.deadline)
            .await?
            .body;
        let more = body
            .get("next_link")
            .and_then(Value::as_str)
            .is_some_and(|l| !l.is_empty());
        let items = match body.get_mut("records").map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let empty = items.is_empty();
        offset += items.len() as u64;
        all.extend(items);
        if given.is_some() {
            let note = more.then(|| {
                format!("More results: call again with offset={offset} for the next page.")
            });
            return Ok(ToolOutput {
                value: Value::Array(all),
                note,
            });
        }
        if all.len() >= max_items {
            all.truncate(max_items);
            return Ok(ToolOutput {
                value: Value::Array(all),
                note: Some(format!(
                    "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                     Use offset/limit to read the rest, or narrow the search."
                )),
            });
        }
        if !more || empty {
            return Ok(ToolOutput {
                value: Value::Array(all),
                note: None,
            });
        }
    }
}

/// One page of a lookup (`offset=0`, [`LOOKUP_LIMIT`]), as its records.
async fn lookup(
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

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn id_of(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The match whose one of `keys` equals `name` (case-insensitive), else the first.
fn best_match<'v>(items: &'v [Value], name: &str, keys: &[&str]) -> Option<&'v Value> {
    items
        .iter()
        .find(|i| keys.iter().any(|k| text(i, k).eq_ignore_ascii_case(name)))
        .or_else(|| items.first())
}

fn not_found(what: &str, name: &str) -> ToolError {
    ToolError::Upstream(UpstreamError::NotFound {
        product: "ZIdentity",
        message: format!("no {what} matches {name:?}"),
    })
}

fn search_users<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
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

fn user_groups_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
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
        let path = format!("{}/{}/groups", ctx.path, super::args::encode_segment(&id));
        let mut out = zid_list(&ctx, &path, &[]).await?;
        let chosen = format!(
            "Groups of user {} ({}, id {id}){}.",
            text(user, "displayName"),
            text(user, "loginName"),
            if users.len() > 1 {
                format!(", chosen among {} matching users", users.len())
            } else {
                String::new()
            }
        );
        out.note = Some(match out.note {
            Some(more) => format!("{chosen} {more}"),
            None => chosen,
        });
        Ok(out)
    })
}

fn group_users_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (name, _) = take_name(&ctx, "name[like]");
        let groups = lookup(&ctx, ctx.path, "name[like]", &name).await?;
        let group = best_match(&groups, &name, &["name"])
            .ok_or_else(|| not_found("ZIdentity group", &name))?;
        let id = id_of(group).ok_or_else(|| not_found("ZIdentity group with an id", &name))?;
        let path = format!("{}/{}/users", ctx.path, super::args::encode_segment(&id));
        let mut out = zid_list(&ctx, &path, &[]).await?;
        let chosen = format!(
            "Members of group {} (id {id}){}.",
            text(group, "name"),
            if groups.len() > 1 {
                format!(", chosen among {} matching groups", groups.len())
            } else {
                String::new()
            }
        );
        out.note = Some(match out.note {
            Some(more) => format!("{chosen} {more}"),
            None => chosen,
        });
        Ok(out)
    })
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
