//! ZIA under `/zia/api/v1`. Every collection goes through the one CRUD
//! engine (`crud::serve`) in the ZIA `dialect`, from two tables: the core
//! collections (URL categories, URL and firewall rules, rule labels,
//! locations, users, departments, groups, admin users) in `core_specs`,
//! whose build hooks and list filters live in the files named for them,
//! and the registry in `specs`. The views beside them (URL category lite
//! and quota, URL lookup, location lite, groups and sub-locations) are
//! routed here; singletons and helper endpoints are in `helpers`.
//!
//! Conventions: integer ids (URL category ids are strings), plain
//! JSON arrays, POST → 200 with the object, PUT → 200 with the object (full
//! replace), DELETE → 204, every successful configuration write sets the
//! activation status to PENDING.
//!
//! Activation: `POST /status/activate` moves the status to INPROGRESS when
//! `SimConfig::activation_in_progress_polls` is N > 0 (answering
//! `{"status":"INPROGRESS"}`); the next N `GET /status` calls report
//! INPROGRESS and the status is ACTIVE after the N-th. With N = 0 activation
//! is immediate (`{"status":"ACTIVE"}`), which is what the recordings show.

mod core_seeds;
mod core_specs;
mod dialect;
mod helpers;
mod locations;
mod registry;
mod rules;
mod seeds;
mod specs;
mod url_categories;
mod users;

use crate::crud::Built;
use locations::*;
pub use registry::{zia_collections, zia_singletons, ZiaCollectionInfo, ZiaSingletonInfo};
pub(crate) use registry::{MoreState, Outer};
use rules::*;
use url_categories::*;
use users::*;

use crate::util::{
    icontains, istarts_with, now_secs, overlay, page_slice, parse_count, str_field, Req, Resp,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// `lastModifiedBy` / `createdBy` recorded for writes made through OneAPI.
pub(crate) fn api_admin() -> Value {
    json!({"id": 117810311, "name": "API Client Secret Authentication"})
}

pub(crate) const SEED_TIME: u64 = 1_773_000_000;
const URL_QUOTA_TOTAL: usize = 25_000;
const URL_LOOKUP_MAX: usize = 100;

// ---------------------------------------------------------------- errors

pub(crate) fn not_found(what: &str, id: &str) -> Resp {
    Resp::json(
        404,
        json!({"code":"RESOURCE_NOT_FOUND","message":format!("{what} with id {id} not found")}),
    )
}

pub(crate) fn invalid_body() -> Resp {
    Resp::json(400, json!({"message":"Request body is invalid."}))
}

pub(crate) fn invalid_input(msg: &str) -> Resp {
    Resp::json(400, json!({"code":"INVALID_INPUT_ARGUMENT","message":msg}))
}

pub(crate) fn duplicate(msg: &str) -> Resp {
    Resp::json(400, json!({"code":"DUPLICATE_ITEM","message":msg}))
}

pub(crate) fn method_not_allowed(m: &Method) -> Resp {
    Resp::json(
        405,
        json!({"code":"METHOD_NOT_ALLOWED","message":format!("Request method '{m}' is not supported")}),
    )
}

pub(crate) fn no_route(req: &Req) -> Resp {
    Resp::json(
        404,
        json!({"code":"RESOURCE_NOT_FOUND","message":format!("No API resource at /{}", req.segs.join("/"))}),
    )
}

// ---------------------------------------------------------------- state

pub(crate) struct ZiaState {
    pub(crate) activation: String,
    /// `GET /status` calls that report INPROGRESS after an activation.
    pub(crate) activation_in_progress_polls: u32,
    /// INPROGRESS polls left in the current activation.
    polls_left: u32,
    url_categories: Vec<Value>,
    next_custom: u32,
    next_val: i64,
    url_rules: Vec<Value>,
    fw_rules: Vec<Value>,
    locations: Vec<Value>,
    location_groups: Vec<Value>,
    users: Vec<Value>,
    departments: Vec<Value>,
    groups: Vec<Value>,
    rule_labels: Vec<Value>,
    admin_users: Vec<Value>,
    eusa: Value,
    next_id: i64,
    /// The registry-driven collections, singletons and helper endpoints of
    /// `registry`.
    pub(crate) more: registry::MoreState,
}

#[derive(Clone, Copy)]
enum RuleKind {
    Url,
    Firewall,
}

impl RuleKind {
    fn coll(self) -> Coll {
        match self {
            RuleKind::Url => Coll::UrlRules,
            RuleKind::Firewall => Coll::FwRules,
        }
    }
}

/// The core collections' places in `ZiaState` (see `core_specs`).
#[derive(Clone, Copy)]
pub(crate) enum Coll {
    UrlCategories,
    UrlRules,
    FwRules,
    Locations,
    Users,
    Departments,
    Groups,
    RuleLabels,
    AdminUsers,
}

pub(crate) fn id_of(v: &Value) -> Option<i64> {
    v.get("id").and_then(Value::as_i64)
}

fn find_idx(list: &[Value], id: &str) -> Option<usize> {
    crate::crud::find(crate::crud::IdStyle::Int, list, id)
}

fn name_taken(list: &[Value], key: &str, name: &str, except: Option<i64>) -> bool {
    list.iter().any(|v| {
        id_of(v) != except && str_field(v, key).eq_ignore_ascii_case(name) && !name.is_empty()
    })
}

/// The trimmed `name` of a write body: required (`missing` otherwise) and
/// unique (case-insensitive) among `list` but for the item itself.
fn unique_name(
    body: &Map<String, Value>,
    list: &[Value],
    existing: Option<&Value>,
    missing: &str,
    what: &str,
) -> Result<String, Resp> {
    let name = crate::util::trimmed(body, "name");
    if name.is_empty() {
        return Err(invalid_input(missing));
    }
    if name_taken(list, "name", &name, existing.and_then(id_of)) {
        return Err(duplicate(&format!(
            "A {what} named '{name}' already exists"
        )));
    }
    Ok(name)
}

/// `{id, name}` reference.
fn id_name(v: &Value) -> Value {
    json!({"id": v.get("id").cloned().unwrap_or(Value::Null), "name": v.get("name").cloned().unwrap_or(Value::Null)})
}

/// Fill in `name` for `[{id}]` references found in `source`.
fn enrich_refs(obj: &mut Map<String, Value>, field: &str, source: &[Value]) {
    if let Some(Value::Array(refs)) = obj.get_mut(field) {
        refs.iter_mut().for_each(|r| fill_ref_name(r, source));
    }
}

/// Fill in the `name` of an `{id}` reference from the item of `source`
/// with that id (left as is when there is none).
pub(crate) fn fill_ref_name(r: &mut Value, source: &[Value]) {
    let Some(id) = r.get("id").and_then(Value::as_i64) else {
        return;
    };
    if let Some(found) = source.iter().find(|s| id_of(s) == Some(id)) {
        if let Some(m) = r.as_object_mut() {
            m.insert(
                "name".into(),
                found.get("name").cloned().unwrap_or(Value::Null),
            );
        }
    }
}

/// `search` = name contains (most core lists).
fn name_search(req: &Req, v: &Value) -> bool {
    req.q("search")
        .filter(|s| !s.is_empty())
        .is_none_or(|s| icontains(str_field(v, "name"), s))
}

/// Return page `page` of `items` using ZIA's `page`/`pageSize` parameters.
/// A ZIA-family list: one page when the collection pages (`(default,
/// max)` page size), otherwise the whole array.
pub(crate) fn zia_list(req: &Req, items: Vec<Value>, paging: Option<(u64, u64)>) -> Resp {
    match paging {
        Some((default, max)) => zia_page(req, items, default, max),
        None => Resp::ok(Value::Array(items)),
    }
}

pub(crate) fn zia_page(req: &Req, items: Vec<Value>, default_size: u64, max_size: u64) -> Resp {
    let size = parse_count(req.q("pageSize"))
        .filter(|n| *n > 0)
        .unwrap_or(default_size)
        .min(max_size);
    let page = parse_count(req.q("page")).filter(|n| *n > 0).unwrap_or(1);
    Resp::ok(Value::Array(page_slice(&items, page, size)))
}

fn location_group_for_profile(profile: &str) -> (i64, &'static str) {
    match profile {
        "CORPORATE" => (24326828, "Corporate User Traffic Group"),
        "SERVER" => (24326829, "Server Traffic Group"),
        "GUESTWIFI" => (24326830, "Guest Wifi Group"),
        "IOT" => (24326831, "IoT Traffic Group"),
        "WORKLOAD" => (59050241, "Workload Traffic Group"),
        _ => (24326827, "Unassigned Locations"),
    }
}

impl ZiaState {
    fn new_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub(crate) fn mark_pending(&mut self) {
        self.activation = "PENDING".to_string();
        self.polls_left = 0;
    }

    /// Set the activation status directly (simulator control). INPROGRESS
    /// starts a new countdown of `activation_in_progress_polls` polls; with
    /// a count of 0 it stays INPROGRESS until activated or set again.
    pub(crate) fn set_activation(&mut self, status: &str) {
        self.activation = status.to_string();
        self.polls_left = if status == "INPROGRESS" {
            self.activation_in_progress_polls
        } else {
            0
        };
    }

    /// `POST /status/activate`.
    fn activate(&mut self) -> Resp {
        if self.activation_in_progress_polls > 0 {
            self.activation = "INPROGRESS".to_string();
            self.polls_left = self.activation_in_progress_polls;
        } else {
            self.activation = "ACTIVE".to_string();
            self.polls_left = 0;
        }
        Resp::ok(json!({"status": self.activation}))
    }

    /// `GET /status`: reports the status, counting down an activation in
    /// progress.
    fn poll_status(&mut self) -> Resp {
        let status = self.activation.clone();
        if status == "INPROGRESS" && self.polls_left > 0 {
            self.polls_left -= 1;
            if self.polls_left == 0 {
                self.activation = "ACTIVE".to_string();
            }
        }
        Resp::ok(json!({"status": status}))
    }

    pub(crate) fn coll(&self, c: Coll) -> &Vec<Value> {
        match c {
            Coll::UrlCategories => &self.url_categories,
            Coll::UrlRules => &self.url_rules,
            Coll::FwRules => &self.fw_rules,
            Coll::Locations => &self.locations,
            Coll::Users => &self.users,
            Coll::Departments => &self.departments,
            Coll::Groups => &self.groups,
            Coll::RuleLabels => &self.rule_labels,
            Coll::AdminUsers => &self.admin_users,
        }
    }

    pub(crate) fn coll_mut(&mut self, c: Coll) -> &mut Vec<Value> {
        match c {
            Coll::UrlCategories => &mut self.url_categories,
            Coll::UrlRules => &mut self.url_rules,
            Coll::FwRules => &mut self.fw_rules,
            Coll::Locations => &mut self.locations,
            Coll::Users => &mut self.users,
            Coll::Departments => &mut self.departments,
            Coll::Groups => &mut self.groups,
            Coll::RuleLabels => &mut self.rule_labels,
            Coll::AdminUsers => &mut self.admin_users,
        }
    }

    /// A fresh custom URL category id and its `val`.
    fn new_category_ids(&mut self) -> (String, i64) {
        let id = format!("CUSTOM_{:02}", self.next_custom);
        self.next_custom += 1;
        let val = self.next_val;
        self.next_val += 1;
        (id, val)
    }

    /// Read access to the hand-written collections registry objects
    /// reference.
    pub(crate) fn outer(&self) -> registry::Outer<'_> {
        registry::Outer {
            labels: &self.rule_labels,
            locations: &self.locations,
            location_groups: &self.location_groups,
            groups: &self.groups,
            departments: &self.departments,
            users: &self.users,
        }
    }
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &mut ZiaState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs.len() < 3 || segs[1] != "api" || segs[2] != "v1" {
        return no_route(req);
    }
    let rest = &segs[3..];
    route_status(st, req, rest)
        .or_else(|| route_url(st, req, rest))
        .or_else(|| route_locations(st, req, rest))
        .or_else(|| dialect::route(st, req, rest, dialect::Table::Core))
        .unwrap_or_else(|| registry::handle(st, req, rest))
}

/// Activation, EUSA and session endpoints. None when `rest` is not one of them.
fn route_status(st: &mut ZiaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["status"] => match *m {
            Method::GET => st.poll_status(),
            _ => method_not_allowed(m),
        },
        ["status", "activate"] => match *m {
            Method::POST => st.activate(),
            _ => method_not_allowed(m),
        },
        ["eusaStatus", "latest"] => match *m {
            Method::GET => Resp::ok(st.eusa.clone()),
            _ => method_not_allowed(m),
        },
        ["eusaStatus", id] => match *m {
            Method::PUT => eusa_put(st, req, id),
            _ => method_not_allowed(m),
        },
        ["authenticatedSession"] => match *m {
            Method::DELETE => Resp::no_content(),
            Method::GET => Resp::ok(json!({"authType":"ONEAPI","source":"ZIDENTITY"})),
            _ => method_not_allowed(m),
        },
        _ => return None,
    };
    Some(resp)
}

/// The URL category views and URL lookup beside the core collections.
/// None when `rest` is not one of them.
fn route_url(st: &mut ZiaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["urlCategories", "lite"] => match *m {
            Method::GET => url_categories_lite(st),
            _ => method_not_allowed(m),
        },
        ["urlCategories", "urlQuota"] => match *m {
            Method::GET => url_quota(st),
            _ => method_not_allowed(m),
        },
        ["urlLookup"] => match *m {
            Method::POST => url_lookup(req),
            _ => method_not_allowed(m),
        },
        _ => return None,
    };
    Some(resp)
}

/// The location views beside the location collection (lite, groups,
/// sub-locations). None when `rest` is not one of them.
fn route_locations(st: &mut ZiaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    if !matches!(
        rest,
        ["locations", "lite" | "groups", ..] | ["locations", _, "sublocations"]
    ) {
        return None;
    }
    if *m != Method::GET {
        return Some(method_not_allowed(m));
    }
    let resp = match rest {
        ["locations", "lite"] => locations_lite(st, req),
        ["locations", "groups"] => Resp::ok(Value::Array(location_groups_full(st))),
        ["locations", "groups", "lite"] => location_groups_lite(st),
        ["locations", "groups", "count"] => Resp::ok(json!(st.location_groups.len())),
        ["locations", "groups", id] => location_group(st, id),
        ["locations", id, "sublocations"] => sublocations(st, id),
        _ => return None,
    };
    Some(resp)
}

/// `GET /locations/groups/{id}`: the group without its count.
fn location_group(st: &ZiaState, id: &str) -> Resp {
    let groups = location_groups_full(st);
    match find_idx(&groups, id) {
        Some(i) => {
            let mut g = groups[i].clone();
            if let Some(o) = g.as_object_mut() {
                o.remove("locationsCount");
            }
            Resp::ok(g)
        }
        None => not_found("Location group", id),
    }
}

/// `GET /locations/{id}/sublocations`.
fn sublocations(st: &ZiaState, id: &str) -> Resp {
    let Some(i) = find_idx(&st.locations, id) else {
        return not_found("Location", id);
    };
    let parent = id_of(&st.locations[i]);
    let subs: Vec<Value> = st
        .locations
        .iter()
        .filter(|l| l.get("parentId").and_then(Value::as_i64) == parent)
        .cloned()
        .collect();
    Resp::ok(Value::Array(subs))
}

fn eusa_put(st: &mut ZiaState, req: &Req, id: &str) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    if id.parse::<i64>().ok() != id_of(&st.eusa) {
        return not_found("EUSA status", id);
    }
    if let Some(accepted) = body.get("acceptedStatus").and_then(Value::as_bool) {
        if let Some(o) = st.eusa.as_object_mut() {
            o.insert("acceptedStatus".into(), Value::Bool(accepted));
        }
    }
    Resp::ok(st.eusa.clone())
}

/// ZIA behind the simulator's product trait.
pub(crate) struct Zia {
    pub(crate) state: std::sync::Mutex<ZiaState>,
}

impl crate::product::Product for Zia {
    fn segment(&self) -> &'static str {
        "zia"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(&mut crate::product::lock(&self.state), req)
    }

    fn gateway_headers(&self, resp: &Resp, _remaining: u64, out: &mut Vec<(&'static str, String)>) {
        if !resp.headers.iter().any(|(k, _)| *k == "x-zscaler-mode") {
            out.push(("x-zscaler-mode", "read-write".to_string()));
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::core_seeds::*;
    use super::*;

    #[test]
    fn hosts_and_classification() {
        assert_eq!(
            url_host("https://www.Google.com:443/search?q=1"),
            "www.google.com"
        );
        assert_eq!(url_host("user@github.com/x"), "github.com");
        assert_eq!(classify("www.google.com").0, vec!["WEB_SEARCH"]);
        assert_eq!(
            classify("notgoogle.com").0,
            vec!["MISCELLANEOUS_OR_UNKNOWN"]
        );
        assert_eq!(classify("malware.testcategory.com").1, vec!["MALWARE_SITE"]);
        assert_eq!(classify("").0, vec!["MISCELLANEOUS_OR_UNKNOWN"]);
    }

    #[test]
    fn place_rule_renumbers() {
        let mut list = seed_fw_rules();
        // Move "Block SMB Outbound" (order 5) to position 1.
        place_rule(&mut list, 1_690_914, Some(1));
        let smb = list.iter().find(|r| id_of(r) == Some(1_690_914)).unwrap();
        assert_eq!(order_of(smb), 1);
        let default = list.iter().find(|r| is_default_rule(r)).unwrap();
        assert_eq!(order_of(default), -1);
        let mut orders: Vec<i64> = list
            .iter()
            .filter(|r| !is_default_rule(r))
            .map(order_of)
            .collect();
        orders.sort();
        assert_eq!(orders, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn activation_countdown() {
        let mut st = ZiaState::seeded();
        st.activation_in_progress_polls = 2;
        st.mark_pending();
        assert!(
            matches!(st.activate().body, crate::util::RespBody::Json(ref v) if v["status"] == "INPROGRESS")
        );
        let polled: Vec<String> = (0..3)
            .map(|_| match st.poll_status().body {
                crate::util::RespBody::Json(v) => str_field(&v, "status").to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(polled, vec!["INPROGRESS", "INPROGRESS", "ACTIVE"]);
        // A write during an activation stages changes again.
        st.activate();
        st.mark_pending();
        st.poll_status();
        assert_eq!(st.activation, "PENDING");
    }

    /// `(status, JSON body)` of a ZIA request on seeded data.
    fn call(st: &mut ZiaState, method: Method, path: &str, body: &str) -> (u16, Value) {
        let req = Req {
            method,
            segs: format!("zia/api/v1/{path}")
                .split('/')
                .map(String::from)
                .collect(),
            query: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
        let resp = handle(st, &req);
        match resp.body {
            crate::util::RespBody::Json(v) => (resp.status, v),
            _ => (resp.status, Value::Null),
        }
    }

    #[test]
    fn core_collections_through_the_engine() {
        let mut st = ZiaState::seeded();
        let body = r#"{"configuredName":"Mine","urls":["a.com"]}"#;
        let (status, cat) = call(&mut st, Method::POST, "urlCategories", body);
        assert_eq!(status, 200);
        assert_eq!(
            (&cat["id"], &cat["val"], &cat["customUrlsCount"]),
            (&json!("CUSTOM_04"), &json!(131), &json!(1))
        );
        assert_eq!(st.activation, "PENDING");
        let keep = call(&mut st, Method::DELETE, "urlCategories/NEWS_AND_MEDIA", "");
        assert_eq!(
            keep,
            (
                400,
                json!({"code": "INVALID_INPUT_ARGUMENT", "message": "Predefined URL categories cannot be deleted"})
            )
        );
        // A new firewall rule asked for position 1 goes first; the others
        // move down.
        let rule = r#"{"name":"First","action":"ALLOW","order":1}"#;
        let (status, r) = call(&mut st, Method::POST, "firewallFilteringRules", rule);
        assert_eq!(
            (status, &r["id"], &r["order"]),
            (200, &json!(180_000_001), &json!(1))
        );
        let (_, list) = call(&mut st, Method::GET, "firewallFilteringRules", "");
        let orders: Vec<i64> = list
            .as_array()
            .map(|a| a.iter().map(order_of).collect())
            .unwrap_or_default();
        assert_eq!(orders, vec![-1, 1, 2, 3, 4, 5, 6]);
        let dup = call(&mut st, Method::POST, "locations", r#"{"name":"  "}"#);
        assert_eq!(
            dup,
            (
                400,
                json!({"code": "INVALID_INPUT_ARGUMENT", "message": "Location name is required"})
            )
        );
    }

    #[test]
    fn deleting_a_location_takes_its_sublocations() {
        let mut st = ZiaState::seeded();
        let (_, parent) = call(&mut st, Method::POST, "locations", r#"{"name":"P"}"#);
        let sub = format!(r#"{{"name":"S","parentId":{}}}"#, parent["id"]);
        let (status, s) = call(&mut st, Method::POST, "locations", &sub);
        assert_eq!((status, &s["parentId"]), (200, &parent["id"]));
        let path = format!("locations/{}", parent["id"]);
        assert_eq!(call(&mut st, Method::GET, &path, "").1["childCount"], 1);
        let before = st.locations.len();
        assert_eq!(call(&mut st, Method::DELETE, &path, "").0, 204);
        assert_eq!(st.locations.len(), before - 2);
    }

    #[test]
    fn seed_counts() {
        let st = ZiaState::seeded();
        assert_eq!(st.users.len(), 250);
        assert_eq!(st.departments.len(), 8);
        assert_eq!(st.groups.len(), 8);
        assert_eq!(st.rule_labels.len(), 5);
        assert_eq!(st.url_rules.len(), 5);
        assert_eq!(st.fw_rules.len(), 6);
        assert!(st
            .url_categories
            .iter()
            .any(|c| str_field(c, "id") == "CUSTOM_03"));
    }
}
