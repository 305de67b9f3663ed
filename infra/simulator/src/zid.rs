//! ZIdentity under `/ziam/admin/api/v1` (zscaler-api.md §4 and §5.5, the
//! `ziam/admin` recordings): string ids ("iidkfk0g906h3"), camelCase JSON,
//! POST → 201 with the object, PUT → 200 with the object, DELETE → 204.
//!
//! Lists take `offset` (default 0) and `limit` (default 100, at most 1000;
//! a larger limit is a 400, and `limit=0` means the default) and answer
//! `{"pageOffset","pageSize","totalRecord","results_total","next_link"?,
//! "prev_link"?,"records":[...]}`. `next_link` is present only while more
//! records remain; it is an absolute URL on this simulator's base URL with
//! the same path and filters and the next `offset`/`limit` (the real API
//! points at `/admin/api/v1/...` on the ZIdentity host instead, §1.2).
//! `prev_link` (in both SDKs' pagination models) is present when
//! `offset > 0`. Users are listed by `displayName`, groups by `name`
//! (case-insensitive), which is the order the recordings show.
//!
//! Filters: `loginname` (exact, repeatable), `loginname[like]`,
//! `displayname[like]`, `primaryemail[like]`, `name[like]` (groups: name;
//! users: display name), all case-insensitive contains; `domainname` and
//! `idpname` (exact, repeatable); `excludedynamicgroups=true` on group lists.
//! An unknown `search` parameter is ignored, as recorded.
//!
//! Error bodies are UNVERIFIED (§3.4, §8). This simulator answers
//! `{"code":"<CODE>","message":"<text>"}`, the shape both official SDKs parse
//! for non-ZPA services: `zscaler-sdk-go` `zscaler/errorx/errors.go`
//! (`ParsedAPIError` reads `code` and `message`) and `zscaler-sdk-python`
//! `zscaler/errors/zscaler_api_error.py` (`ZscalerAPIError`: `code` or `id`,
//! `message` or `reason`). The codes themselves are simulator-chosen.
//!
//! Group membership writes follow the Go SDK (`zscaler/zid/services/groups/
//! groups.go`): POST/PUT `/groups/{id}/users` with `[{"id":"..."}]` add to or
//! replace the members, POST/DELETE `/groups/{id}/users/{userId}` add or
//! remove one. Their responses are UNVERIFIED: the group object (201 for
//! POST, 200 for PUT) and 204 for DELETE.

use crate::util::{
    icontains, keys_first, overlay, parse_count_opt, person_name, str_field, zid_style_id, Req,
    Resp,
};
use axum::http::Method;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

/// Gateway quota advertised on ZIdentity responses (recorded).
const QUOTA: crate::product::Quota = crate::util::quota("500, 500;w=1, 20000;w=60", 500, 1);

const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1000;
const USER_COUNT: u64 = 230;

const USER_KEYS: [&str; 12] = [
    "loginName",
    "displayName",
    "firstName",
    "lastName",
    "primaryEmail",
    "secondaryEmail",
    "department",
    "status",
    "customAttrsInfo",
    "id",
    "source",
    "idp",
];

const GROUP_KEYS: [&str; 8] = [
    "name",
    "description",
    "id",
    "source",
    "idp",
    "adminEntitlementEnabled",
    "serviceEntitlementEnabled",
    "dynamicGroup",
];

// ---------------------------------------------------------------- errors

fn error(status: u16, code: &str, message: impl Into<String>) -> Resp {
    Resp::json(status, json!({"code": code, "message": message.into()}))
}

fn not_found(what: &str, id: &str) -> Resp {
    error(
        404,
        "RESOURCE_NOT_FOUND",
        format!("{what} with id {id} not found"),
    )
}

fn invalid(message: impl Into<String>) -> Resp {
    error(400, "INVALID_INPUT_ARGUMENT", message)
}

fn invalid_body() -> Resp {
    error(400, "INVALID_REQUEST_BODY", "Request body is invalid.")
}

fn duplicate(message: impl Into<String>) -> Resp {
    error(409, "DUPLICATE_ITEM", message)
}

fn method_not_allowed(m: &Method) -> Resp {
    error(
        405,
        "METHOD_NOT_ALLOWED",
        format!("Request method '{m}' is not supported"),
    )
}

fn no_route(req: &Req) -> Resp {
    error(
        404,
        "RESOURCE_NOT_FOUND",
        format!("No API resource at /{}", req.segs.join("/")),
    )
}

// ---------------------------------------------------------------- state

pub(crate) struct ZidState {
    users: Vec<Value>,
    groups: Vec<Value>,
    /// Group memberships as (group id, user id).
    members: Vec<(String, String)>,
    next_user: u64,
    next_group: u64,
}

fn sid(v: &Value) -> &str {
    str_field(v, "id")
}

fn position(list: &[Value], id: &str) -> Option<usize> {
    list.iter().position(|v| sid(v) == id)
}

fn default_idp() -> Value {
    json!({"id": "h1siolf1f0737", "name": "Sandbox_Okta_IDP"})
}

fn local_idp() -> Value {
    json!({"id": "h1siolf1f0738", "name": "Zscaler_Identity_Local"})
}

impl ZidState {
    /// A fresh id for a new item of `side` ("ih..." users, "ia..." groups).
    fn new_id(&mut self, side: Side) -> String {
        loop {
            let (prefix, next) = match side {
                Side::User => ("ih", &mut self.next_user),
                Side::Group => ("ia", &mut self.next_group),
            };
            *next += 1;
            let id = zid_style_id(prefix, *next);
            if position(side.items(self), &id).is_none() {
                return id;
            }
        }
    }

    fn is_member(&self, gid: &str, uid: &str) -> bool {
        self.members.iter().any(|(g, u)| g == gid && u == uid)
    }

    fn add_member(&mut self, gid: &str, uid: &str) {
        if !self.is_member(gid, uid) {
            self.members.push((gid.to_string(), uid.to_string()));
        }
    }
}

// ---------------------------------------------------------------- lists

/// Every value of a (repeatable) query parameter, trimmed, non-empty.
fn q_all<'a>(req: &'a Req, name: &str) -> Vec<&'a str> {
    req.query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

fn q_like<'a>(req: &'a Req, name: &str) -> Option<&'a str> {
    req.q(name).map(str::trim).filter(|s| !s.is_empty())
}

fn email_domain(s: &str) -> &str {
    s.rsplit_once('@').map_or("", |(_, d)| d)
}

fn idp_name_matches(req: &Req, v: &Value) -> bool {
    let names = q_all(req, "idpname");
    names.is_empty()
        || v.get("idp").is_some_and(|idp| {
            names
                .iter()
                .any(|n| str_field(idp, "name").eq_ignore_ascii_case(n))
        })
}

fn filter_users(req: &Req, users: Vec<Value>) -> Vec<Value> {
    let logins = q_all(req, "loginname");
    let domains = q_all(req, "domainname");
    let login_like = q_like(req, "loginname[like]");
    let display_like = q_like(req, "displayname[like]");
    let email_like = q_like(req, "primaryemail[like]");
    let name_like = q_like(req, "name[like]");
    let mut out: Vec<Value> = users
        .into_iter()
        .filter(|u| {
            logins.is_empty()
                || logins
                    .iter()
                    .any(|l| str_field(u, "loginName").eq_ignore_ascii_case(l))
        })
        .filter(|u| login_like.is_none_or(|s| icontains(str_field(u, "loginName"), s)))
        .filter(|u| display_like.is_none_or(|s| icontains(str_field(u, "displayName"), s)))
        .filter(|u| name_like.is_none_or(|s| icontains(str_field(u, "displayName"), s)))
        .filter(|u| email_like.is_none_or(|s| icontains(str_field(u, "primaryEmail"), s)))
        .filter(|u| {
            domains.is_empty()
                || domains.iter().any(|d| {
                    email_domain(str_field(u, "loginName")).eq_ignore_ascii_case(d)
                        || email_domain(str_field(u, "primaryEmail")).eq_ignore_ascii_case(d)
                })
        })
        .filter(|u| idp_name_matches(req, u))
        .collect();
    out.sort_by_cached_key(|u| {
        (
            str_field(u, "displayName").to_lowercase(),
            sid(u).to_string(),
        )
    });
    out
}

fn filter_groups(req: &Req, groups: Vec<Value>) -> Vec<Value> {
    let name_like = q_like(req, "name[like]");
    let exclude_dynamic = req.q_bool("excludedynamicgroups");
    let mut out: Vec<Value> = groups
        .into_iter()
        .filter(|g| name_like.is_none_or(|s| icontains(str_field(g, "name"), s)))
        .filter(|g| {
            !exclude_dynamic
                || !g
                    .get("dynamicGroup")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
        })
        .filter(|g| idp_name_matches(req, g))
        .collect();
    out.sort_by_cached_key(|g| (str_field(g, "name").to_lowercase(), sid(g).to_string()));
    out
}

/// One page of `items` in the ZIdentity envelope.
fn zid_page(req: &Req, items: Vec<Value>, base_url: &str) -> Resp {
    let offset = match parse_count_opt(req.q("offset")) {
        Ok(n) => n.unwrap_or(0),
        Err(()) => return invalid("'offset' must be a non-negative integer"),
    };
    let limit = match parse_count_opt(req.q("limit")) {
        Ok(None) | Ok(Some(0)) => DEFAULT_LIMIT,
        Ok(Some(n)) if n <= MAX_LIMIT => n,
        Ok(Some(_)) => {
            return invalid(format!("'limit' must be between 0 and {MAX_LIMIT}"));
        }
        Err(()) => return invalid("'limit' must be an integer"),
    };
    let total = items.len() as u64;
    let start = usize::try_from(offset).unwrap_or(usize::MAX);
    let records: Vec<Value> = items.into_iter().skip(start).take(limit as usize).collect();
    let end = offset.saturating_add(records.len() as u64);
    let mut out = Map::new();
    out.insert("pageOffset".into(), json!(offset));
    out.insert("pageSize".into(), json!(limit));
    out.insert("totalRecord".into(), json!(total));
    out.insert("results_total".into(), json!(total));
    if !records.is_empty() && end < total {
        out.insert("next_link".into(), json!(link(req, base_url, end, limit)));
    }
    if offset > 0 {
        let prev = offset.saturating_sub(limit).min(total);
        out.insert("prev_link".into(), json!(link(req, base_url, prev, limit)));
    }
    out.insert("records".into(), Value::Array(records));
    Resp::ok(Value::Object(out))
}

/// Absolute URL of this request's path with `offset`/`limit` replaced and
/// every other query parameter kept.
fn link(req: &Req, base_url: &str, offset: u64, limit: u64) -> String {
    let path: String = req
        .segs
        .iter()
        .map(|s| format!("/{}", utf8_percent_encode(s, NON_ALPHANUMERIC)))
        .collect();
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("offset", &offset.to_string());
    q.append_pair("limit", &limit.to_string());
    for (k, v) in &req.query {
        if k != "offset" && k != "limit" {
            q.append_pair(k, v);
        }
    }
    format!("{base_url}{path}?{}", q.finish())
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &mut ZidState, req: &Req, base_url: &str) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs.len() < 4 || segs[1] != "admin" || segs[2] != "api" || segs[3] != "v1" {
        return no_route(req);
    }
    let rest = &segs[4..];
    if let ["groups", gid, "users", uid] = rest {
        return member_write(st, req, gid, uid);
    }
    route_side(st, req, rest, base_url).unwrap_or_else(|| no_route(req))
}

/// The two collections. They mirror each other: each lists, reads, writes
/// and deletes its own items and lists the other side's items it shares a
/// membership with, so one router serves both.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    User,
    Group,
}

impl Side {
    fn of(seg: &str) -> Option<Side> {
        match seg {
            "users" => Some(Side::User),
            "groups" => Some(Side::Group),
            _ => None,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Side::User => "User",
            Side::Group => "Group",
        }
    }
    fn other(self) -> Side {
        match self {
            Side::User => Side::Group,
            Side::Group => Side::User,
        }
    }
    fn items(self, st: &ZidState) -> &Vec<Value> {
        match self {
            Side::User => &st.users,
            Side::Group => &st.groups,
        }
    }
    fn items_mut(self, st: &mut ZidState) -> &mut Vec<Value> {
        match self {
            Side::User => &mut st.users,
            Side::Group => &mut st.groups,
        }
    }
    fn filter(self, req: &Req, items: Vec<Value>) -> Vec<Value> {
        match self {
            Side::User => filter_users(req, items),
            Side::Group => filter_groups(req, items),
        }
    }
    fn write(self, st: &mut ZidState, req: &Req, id: Option<&str>) -> Resp {
        match self {
            Side::User => user_write(st, req, id).unwrap_or_else(|r| r),
            Side::Group => group_write(st, req, id).unwrap_or_else(|r| r),
        }
    }
    /// This side's id in a (group id, user id) membership.
    fn end(self, (g, u): &(String, String)) -> &str {
        match self {
            Side::User => u,
            Side::Group => g,
        }
    }
    /// Whether item `id` of this side and `other` of the other side share a
    /// membership.
    fn shares(self, st: &ZidState, id: &str, other: &str) -> bool {
        match self {
            Side::User => st.is_member(other, id),
            Side::Group => st.is_member(id, other),
        }
    }
}

/// `/users...` and `/groups...` (but single memberships). None when `rest`
/// is not one of them.
fn route_side(st: &mut ZidState, req: &Req, rest: &[&str], base_url: &str) -> Option<Resp> {
    let [first, tail @ ..] = rest else {
        return None;
    };
    let side = Side::of(first)?;
    let m = &req.method;
    let resp = match tail {
        [] => match *m {
            Method::GET => zid_page(req, side.filter(req, side.items(st).clone()), base_url),
            Method::POST => side.write(st, req, None),
            _ => method_not_allowed(m),
        },
        [id] => match *m {
            Method::GET => match position(side.items(st), id) {
                Some(i) => Resp::ok(side.items(st)[i].clone()),
                None => not_found(side.label(), id),
            },
            Method::PUT => side.write(st, req, Some(id)),
            Method::DELETE => match position(side.items(st), id) {
                Some(i) => {
                    side.items_mut(st).remove(i);
                    st.members.retain(|p| side.end(p) != *id);
                    Resp::no_content()
                }
                None => not_found(side.label(), id),
            },
            _ => method_not_allowed(m),
        },
        [id, other] if Side::of(other) == Some(side.other()) => {
            related(st, req, side, id, base_url)
        }
        _ => return None,
    };
    Some(resp)
}

/// `GET /users/{id}/groups`, `GET|POST|PUT /groups/{id}/users`.
fn related(st: &mut ZidState, req: &Req, side: Side, id: &str, base_url: &str) -> Resp {
    let m = &req.method;
    if *m == Method::GET {
        if position(side.items(st), id).is_none() {
            return not_found(side.label(), id);
        }
        let other = side.other();
        let items: Vec<Value> = other
            .items(st)
            .iter()
            .filter(|o| side.shares(st, id, sid(o)))
            .cloned()
            .collect();
        return zid_page(req, other.filter(req, items), base_url);
    }
    match (side, m) {
        (Side::Group, &Method::POST) => members_write(st, req, id, false),
        (Side::Group, &Method::PUT) => members_write(st, req, id, true),
        _ => method_not_allowed(m),
    }
}

/// `POST|DELETE /groups/{gid}/users/{uid}`: add or remove one member.
fn member_write(st: &mut ZidState, req: &Req, gid: &str, uid: &str) -> Resp {
    let m = &req.method;
    let Some(gi) = position(&st.groups, gid) else {
        return not_found("Group", gid);
    };
    if position(&st.users, uid).is_none() {
        return not_found("User", uid);
    }
    match *m {
        Method::POST => {
            st.add_member(gid, uid);
            Resp::json(201, st.groups[gi].clone())
        }
        Method::DELETE => {
            if !st.is_member(gid, uid) {
                return not_found("Group member", uid);
            }
            st.members.retain(|(g, u)| !(g == gid && u == uid));
            Resp::no_content()
        }
        _ => method_not_allowed(m),
    }
}

/// A required, non-empty string field of a request body.
fn required(body: &Map<String, Value>, key: &str) -> Result<String, Resp> {
    match body.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            Err(invalid(format!("'{key}' is required")))
        }
        Some(_) => Err(invalid(format!("'{key}' must be a string"))),
    }
}

/// The item a PUT replaces (None for a POST), or the 404.
fn existing(st: &ZidState, side: Side, id: Option<&str>) -> Result<Option<Value>, Resp> {
    let Some(id) = id else {
        return Ok(None);
    };
    match position(side.items(st), id) {
        Some(i) => Ok(Some(side.items(st)[i].clone())),
        None => Err(not_found(side.label(), id)),
    }
}

/// Err naming the first of `keys` whose value is neither null nor of the
/// JSON type `is` checks (`kind` names it).
fn check_kinds(
    body: &Map<String, Value>,
    keys: &[&str],
    kind: &str,
    is: fn(&Value) -> bool,
) -> Result<(), Resp> {
    let wrong = keys
        .iter()
        .find(|k| body.get(**k).is_some_and(|v| !is(v) && !v.is_null()));
    match wrong {
        Some(key) => Err(invalid(format!("'{key}' must be {kind}"))),
        None => Ok(()),
    }
}

/// Whether an item other than `existing` has `field` equal to `value`
/// (ignoring case).
fn taken(items: &[Value], existing: Option<&Value>, field: &str, value: &str) -> bool {
    let own = existing.map(sid);
    items
        .iter()
        .any(|v| Some(sid(v)) != own && str_field(v, field).eq_ignore_ascii_case(value))
}

/// The id and `source` of a write: those of the item a PUT replaces, or a
/// new id and "API" for a POST.
fn identity(existing: Option<&Value>, new_id: impl FnOnce() -> String) -> (String, Value) {
    match existing {
        Some(v) => (
            sid(v).to_string(),
            v.get("source").cloned().unwrap_or(json!("API")),
        ),
        None => (new_id(), json!("API")),
    }
}

/// Save `v`: replace the item with its id (200) or append it (201).
fn store(st: &mut ZidState, side: Side, replace: bool, v: Value) -> Resp {
    let items = side.items_mut(st);
    if !replace {
        items.push(v.clone());
        return Resp::json(201, v);
    }
    if let Some(i) = position(items, sid(&v)) {
        items[i] = v.clone();
    }
    Resp::ok(v)
}

/// `POST /users`, `PUT /users/{id}` (Err is the 4xx answer).
fn user_write(st: &mut ZidState, req: &Req, id: Option<&str>) -> Result<Resp, Resp> {
    let existing = existing(st, Side::User, id)?;
    let body = req.json_object().ok_or_else(invalid_body)?;
    let login = required(&body, "loginName")?;
    let display = required(&body, "displayName")?;
    let objects = ["department", "idp", "customAttrsInfo"];
    check_kinds(&body, &objects, "an object", Value::is_object)?;
    check_kinds(&body, &["status"], "a boolean", Value::is_boolean)?;
    if taken(&st.users, existing.as_ref(), "loginName", &login) {
        let msg = format!("A user with login name '{login}' already exists");
        return Err(duplicate(msg));
    }
    let mut obj = json!({"department": {}, "status": true, "customAttrsInfo": {}})
        .as_object()
        .cloned()
        .unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("loginName".into(), json!(login));
    obj.insert("displayName".into(), json!(display));
    let (new_id, source) = identity(existing.as_ref(), || st.new_id(Side::User));
    let idp = existing
        .as_ref()
        .and_then(|u| u.get("idp").cloned())
        .unwrap_or_else(default_idp);
    obj.insert("id".into(), json!(new_id));
    obj.insert("source".into(), source);
    if !obj.contains_key("idp") {
        obj.insert("idp".into(), idp);
    }
    let v = Value::Object(keys_first(obj, &USER_KEYS));
    Ok(store(st, Side::User, existing.is_some(), v))
}

/// `POST /groups`, `PUT /groups/{id}` (Err is the 4xx answer).
fn group_write(st: &mut ZidState, req: &Req, id: Option<&str>) -> Result<Resp, Resp> {
    let existing = existing(st, Side::Group, id)?;
    let body = req.json_object().ok_or_else(invalid_body)?;
    let name = required(&body, "name")?;
    let flags = [
        "adminEntitlementEnabled",
        "serviceEntitlementEnabled",
        "dynamicGroup",
    ];
    check_kinds(&body, &flags, "a boolean", Value::is_boolean)?;
    if taken(&st.groups, existing.as_ref(), "name", &name) {
        return Err(duplicate(format!(
            "A group with name '{name}' already exists"
        )));
    }
    let mut obj = json!({
        "adminEntitlementEnabled": true,
        "serviceEntitlementEnabled": true,
        "dynamicGroup": false,
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("name".into(), json!(name));
    // Recorded: a POST with "source":"SCIM" still comes back as "API".
    let (new_id, source) = identity(existing.as_ref(), || st.new_id(Side::Group));
    obj.insert("id".into(), json!(new_id));
    obj.insert("source".into(), source);
    if let Some(idp) = existing.as_ref().and_then(|g| g.get("idp")) {
        if !obj.contains_key("idp") {
            obj.insert("idp".into(), idp.clone());
        }
    }
    let v = Value::Object(keys_first(obj, &GROUP_KEYS));
    Ok(store(st, Side::Group, existing.is_some(), v))
}

/// POST (add) or PUT (replace) `/groups/{id}/users` with `[{"id":"..."}]`.
fn members_write(st: &mut ZidState, req: &Req, gid: &str, replace: bool) -> Resp {
    let Some(gi) = position(&st.groups, gid) else {
        return not_found("Group", gid);
    };
    let Some(Value::Array(items)) = req.json() else {
        return invalid_body();
    };
    let mut ids = Vec::with_capacity(items.len());
    for item in &items {
        let id = match item {
            Value::Object(o) => o.get("id").and_then(Value::as_str),
            Value::String(s) => Some(s.as_str()),
            _ => None,
        };
        let Some(id) = id.map(str::trim).filter(|s| !s.is_empty()) else {
            return invalid_body();
        };
        if position(&st.users, id).is_none() {
            return not_found("User", id);
        }
        ids.push(id.to_string());
    }
    if replace {
        st.members.retain(|(g, _)| g != gid);
    }
    for uid in &ids {
        st.add_member(gid, uid);
    }
    let group = st.groups[gi].clone();
    if replace {
        Resp::ok(group)
    } else {
        Resp::json(201, group)
    }
}

// ---------------------------------------------------------------- seed data

const DEPARTMENTS: [(&str, &str); 5] = [
    ("tpsipgof807kh", "Finance"),
    ("tpsipgoilg66e", "Engineering"),
    ("tpsipgp2r06a1", "Sales"),
    ("tpsipgpk3g6c4", "Human Resources"),
    ("tpsipgq1o06e9", "Operations"),
];

/// The first ten groups partition the users by `i % 10`; "All Employees"
/// (dynamic) holds everyone, "Executives" every 23rd user.
const GROUP_NAMES: [(&str, &str); 12] = [
    ("Engineering", "Engineering staff"),
    ("Finance", "Finance and accounting"),
    ("Sales", "Sales team"),
    ("Marketing", "Marketing team"),
    ("Human Resources", "HR"),
    ("IT Operations", "IT operations and helpdesk"),
    ("Customer Support", "Support engineers"),
    ("Legal", "Legal and compliance"),
    ("Product", "Product management"),
    ("Security Operations", "SOC analysts"),
    ("All Employees", "Every employee (dynamic)"),
    ("Executives", "Executive team"),
];

fn seed_users() -> Vec<Value> {
    (0..USER_COUNT)
        .map(|i| {
            let (first, last) = person_name(i);
            let login = format!(
                "{}.{}@sandbox.example.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let (did, dname) = DEPARTMENTS[(i % DEPARTMENTS.len() as u64) as usize];
            let (source, idp) = if i.is_multiple_of(10) {
                ("UI", local_idp())
            } else if i.is_multiple_of(3) {
                ("API", default_idp())
            } else {
                ("SCIM", default_idp())
            };
            let mut u = json!({
                "loginName": login,
                "displayName": format!("{first} {last}"),
                "firstName": first,
                "lastName": last,
                "primaryEmail": login,
                "department": {"id": did, "name": dname},
                "status": i % 17 != 5,
                "customAttrsInfo": {},
                "id": zid_style_id("ih", i),
                "source": source,
                "idp": idp,
            });
            if i.is_multiple_of(4) {
                if let Some(o) = u.as_object_mut() {
                    o.insert(
                        "secondaryEmail".into(),
                        json!(format!(
                            "{}.{}@personal.example.net",
                            first.to_lowercase(),
                            last.to_lowercase()
                        )),
                    );
                }
            }
            Value::Object(keys_first(
                u.as_object().cloned().unwrap_or_default(),
                &USER_KEYS,
            ))
        })
        .collect()
}

fn seed_groups() -> Vec<Value> {
    GROUP_NAMES
        .iter()
        .enumerate()
        .map(|(g, (name, description))| {
            let scim = g % 3 != 2;
            let mut v = json!({
                "name": name,
                "description": description,
                "id": zid_style_id("ia", g as u64),
                "source": if scim { "SCIM" } else { "API" },
                "adminEntitlementEnabled": true,
                "serviceEntitlementEnabled": true,
                "dynamicGroup": *name == "All Employees",
            });
            if scim {
                if let Some(o) = v.as_object_mut() {
                    o.insert("idp".into(), default_idp());
                }
            }
            Value::Object(keys_first(
                v.as_object().cloned().unwrap_or_default(),
                &GROUP_KEYS,
            ))
        })
        .collect()
}

impl ZidState {
    pub(crate) fn seeded() -> ZidState {
        let users = seed_users();
        let groups = seed_groups();
        let gid = |g: usize| sid(&groups[g]).to_string();
        let mut members = Vec::new();
        for (i, u) in users.iter().enumerate() {
            let uid = sid(u).to_string();
            members.push((gid(i % 10), uid.clone()));
            members.push((gid(10), uid.clone()));
            if i.is_multiple_of(23) {
                members.push((gid(11), uid));
            }
        }
        ZidState {
            next_user: USER_COUNT,
            next_group: groups.len() as u64,
            users,
            groups,
            members,
        }
    }
}

/// ZIdentity behind the simulator's product trait.
pub(crate) struct Zid {
    pub(crate) state: std::sync::Mutex<ZidState>,
    /// "http://ADDR", for the absolute `next_link`.
    pub(crate) base_url: String,
}

impl crate::product::Product for Zid {
    fn segment(&self) -> &'static str {
        "ziam"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(&mut crate::product::lock(&self.state), req, &self.base_url)
    }

    fn quota(&self) -> &'static crate::product::Quota {
        &QUOTA
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(st: &mut ZidState, method: Method, rest: &str, body: &str) -> u16 {
        let path = format!("ziam/admin/api/v1/{rest}");
        let req = Req {
            method,
            segs: path.split('/').map(String::from).collect(),
            query: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
        handle(st, &req, "http://sim").status
    }

    #[test]
    fn users_and_groups_share_one_router() {
        let mut st = ZidState::seeded();
        let gid = zid_style_id("ia", 11);
        let uid = st
            .members
            .iter()
            .find(|(g, _)| *g == gid)
            .unwrap()
            .1
            .clone();
        // Deleting a user drops its memberships (the group had 10 members).
        assert_eq!(
            call(&mut st, Method::DELETE, &format!("users/{uid}"), ""),
            204
        );
        assert_eq!(st.members.iter().filter(|(g, _)| *g == gid).count(), 9);
        assert_eq!(call(&mut st, Method::GET, &format!("users/{uid}"), ""), 404);
        assert_eq!(
            call(&mut st, Method::GET, &format!("users/{uid}/groups"), ""),
            404
        );
        // Only a group's related list takes member writes.
        assert_eq!(call(&mut st, Method::PUT, "users/x/groups", "[]"), 405);
        assert_eq!(
            call(&mut st, Method::PUT, &format!("groups/{gid}/users"), "[]"),
            200
        );
        assert_eq!(st.members.iter().filter(|(g, _)| *g == gid).count(), 0);
        // A collection's own name is not its related list.
        assert_eq!(
            call(&mut st, Method::GET, &format!("groups/{gid}/groups"), ""),
            404
        );
        // Deleting a group drops its memberships too.
        let other = st.members[0].0.clone();
        assert_eq!(
            call(&mut st, Method::DELETE, &format!("groups/{other}"), ""),
            204
        );
        assert!(st.members.iter().all(|(g, _)| *g != other));
    }

    #[test]
    fn seeds() {
        let st = ZidState::seeded();
        assert_eq!(st.users.len(), 230);
        assert_eq!(st.groups.len(), 12);
        let ids: std::collections::HashSet<&str> = st.users.iter().map(sid).collect();
        assert_eq!(ids.len(), 230);
        let logins: std::collections::HashSet<&str> =
            st.users.iter().map(|u| str_field(u, "loginName")).collect();
        assert_eq!(logins.len(), 230);
        let execs = st
            .members
            .iter()
            .filter(|(g, _)| *g == zid_style_id("ia", 11))
            .count();
        assert_eq!(execs, 10);
    }
}
