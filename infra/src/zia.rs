//! ZIA under `/zia/api/v1`: integer ids (URL category ids are strings), plain
//! JSON arrays, POST → 200 with the object, PUT → 200 with the object (full
//! replace), DELETE → 204, every successful configuration write sets the
//! activation status to PENDING.
//!
//! Activation: `POST /status/activate` moves the status to INPROGRESS when
//! `SimConfig::activation_in_progress_polls` is N > 0 (answering
//! `{"status":"INPROGRESS"}`); the next N `GET /status` calls report
//! INPROGRESS and the status is ACTIVE after the N-th. With N = 0 activation
//! is immediate (`{"status":"ACTIVE"}`), which is what the recordings show.

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
    /// `zia_more`.
    pub(crate) more: crate::zia_more::MoreState,
}

#[derive(Clone, Copy)]
enum RuleKind {
    Url,
    Firewall,
}

pub(crate) fn id_of(v: &Value) -> Option<i64> {
    v.get("id").and_then(Value::as_i64)
}

fn find_idx(list: &[Value], id: &str) -> Option<usize> {
    let id: i64 = id.trim().parse().ok()?;
    list.iter().position(|v| id_of(v) == Some(id))
}

fn name_taken(list: &[Value], key: &str, name: &str, except: Option<i64>) -> bool {
    list.iter().any(|v| {
        id_of(v) != except && str_field(v, key).eq_ignore_ascii_case(name) && !name.is_empty()
    })
}

/// `{id, name}` reference.
fn id_name(v: &Value) -> Value {
    json!({"id": v.get("id").cloned().unwrap_or(Value::Null), "name": v.get("name").cloned().unwrap_or(Value::Null)})
}

/// Fill in `name` for `[{id}]` references found in `source`.
fn enrich_refs(obj: &mut Map<String, Value>, field: &str, source: &[Value]) {
    let Some(Value::Array(refs)) = obj.get_mut(field) else {
        return;
    };
    for r in refs.iter_mut() {
        let Some(id) = r.get("id").and_then(Value::as_i64) else {
            continue;
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
}

fn enrich_ref(obj: &mut Map<String, Value>, field: &str, source: &[Value]) {
    let Some(r) = obj.get_mut(field) else {
        return;
    };
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

/// Return page `page` of `items` using ZIA's `page`/`pageSize` parameters.
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

    fn rules(&mut self, kind: RuleKind) -> &mut Vec<Value> {
        match kind {
            RuleKind::Url => &mut self.url_rules,
            RuleKind::Firewall => &mut self.fw_rules,
        }
    }

    /// The `zia_more` state together with read access to the hand-written
    /// collections its objects reference (for `{id, name}` enrichment).
    pub(crate) fn more_parts(
        &mut self,
    ) -> (&mut crate::zia_more::MoreState, crate::zia_more::Outer<'_>) {
        (
            &mut self.more,
            crate::zia_more::Outer {
                labels: &self.rule_labels,
                locations: &self.locations,
                location_groups: &self.location_groups,
                groups: &self.groups,
                departments: &self.departments,
                users: &self.users,
            },
        )
    }
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &mut ZiaState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs.len() < 3 || segs[1] != "api" || segs[2] != "v1" {
        return no_route(req);
    }
    let rest = &segs[3..];
    let m = &req.method;
    match rest {
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

        ["urlCategories"] => match *m {
            Method::GET => url_categories_list(st, req),
            Method::POST => url_category_create(st, req),
            _ => method_not_allowed(m),
        },
        ["urlCategories", "lite"] => match *m {
            Method::GET => url_categories_lite(st),
            _ => method_not_allowed(m),
        },
        ["urlCategories", "urlQuota"] => match *m {
            Method::GET => url_quota(st),
            _ => method_not_allowed(m),
        },
        ["urlCategories", id] => match *m {
            Method::GET => match st.url_categories.iter().find(|c| str_field(c, "id") == *id) {
                Some(c) => Resp::ok(c.clone()),
                None => not_found("URL category", id),
            },
            Method::PUT => url_category_update(st, req, id),
            Method::DELETE => url_category_delete(st, id),
            _ => method_not_allowed(m),
        },
        ["urlLookup"] => match *m {
            Method::POST => url_lookup(req),
            _ => method_not_allowed(m),
        },

        ["urlFilteringRules"] => match *m {
            Method::GET => rules_list(st, req, RuleKind::Url),
            Method::POST => rule_write(st, req, RuleKind::Url, None),
            _ => method_not_allowed(m),
        },
        ["urlFilteringRules", id] => rule_item(st, req, RuleKind::Url, id),
        ["firewallFilteringRules"] => match *m {
            Method::GET => rules_list(st, req, RuleKind::Firewall),
            Method::POST => rule_write(st, req, RuleKind::Firewall, None),
            _ => method_not_allowed(m),
        },
        ["firewallFilteringRules", id] => rule_item(st, req, RuleKind::Firewall, id),

        ["locations"] => match *m {
            Method::GET => locations_list(st, req),
            Method::POST => location_write(st, req, None),
            _ => method_not_allowed(m),
        },
        ["locations", "lite"] => match *m {
            Method::GET => locations_lite(st, req),
            _ => method_not_allowed(m),
        },
        ["locations", "groups"] => match *m {
            Method::GET => Resp::ok(Value::Array(location_groups_full(st))),
            _ => method_not_allowed(m),
        },
        ["locations", "groups", "lite"] => match *m {
            Method::GET => location_groups_lite(st),
            _ => method_not_allowed(m),
        },
        ["locations", "groups", "count"] => match *m {
            Method::GET => Resp::ok(json!(st.location_groups.len())),
            _ => method_not_allowed(m),
        },
        ["locations", "groups", id] => match *m {
            Method::GET => {
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
            _ => method_not_allowed(m),
        },
        ["locations", id, "sublocations"] => match *m {
            Method::GET => {
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
            _ => method_not_allowed(m),
        },
        ["locations", id] => match *m {
            Method::GET => match find_idx(&st.locations, id) {
                Some(i) => Resp::ok(st.locations[i].clone()),
                None => not_found("Location", id),
            },
            Method::PUT => location_write(st, req, Some(id)),
            Method::DELETE => location_delete(st, id),
            _ => method_not_allowed(m),
        },

        ["users"] => match *m {
            Method::GET => users_list(st, req),
            Method::POST => user_write(st, req, None),
            _ => method_not_allowed(m),
        },
        ["users", id] => match *m {
            Method::GET => match find_idx(&st.users, id) {
                Some(i) => Resp::ok(st.users[i].clone()),
                None => not_found("User", id),
            },
            Method::PUT => user_write(st, req, Some(id)),
            Method::DELETE => match find_idx(&st.users, id) {
                Some(i) => {
                    st.users.remove(i);
                    st.mark_pending();
                    Resp::no_content()
                }
                None => not_found("User", id),
            },
            _ => method_not_allowed(m),
        },
        ["departments"] => match *m {
            Method::GET => simple_list(req, &st.departments),
            _ => method_not_allowed(m),
        },
        ["departments", id] => match *m {
            Method::GET => match find_idx(&st.departments, id) {
                Some(i) => Resp::ok(st.departments[i].clone()),
                None => not_found("Department", id),
            },
            _ => method_not_allowed(m),
        },
        ["groups"] => match *m {
            Method::GET => simple_list(req, &st.groups),
            _ => method_not_allowed(m),
        },
        ["groups", id] => match *m {
            Method::GET => match find_idx(&st.groups, id) {
                Some(i) => Resp::ok(st.groups[i].clone()),
                None => not_found("Group", id),
            },
            _ => method_not_allowed(m),
        },

        ["ruleLabels"] => match *m {
            Method::GET => {
                let labels = rule_labels_rendered(st);
                let labels: Vec<Value> = match req.q("search").filter(|s| !s.is_empty()) {
                    Some(s) => labels
                        .into_iter()
                        .filter(|l| icontains(str_field(l, "name"), s))
                        .collect(),
                    None => labels,
                };
                zia_page(req, labels, 100, 1000)
            }
            Method::POST => rule_label_write(st, req, None),
            _ => method_not_allowed(m),
        },
        ["ruleLabels", id] => match *m {
            Method::GET => {
                let labels = rule_labels_rendered(st);
                match find_idx(&labels, id) {
                    Some(i) => Resp::ok(labels[i].clone()),
                    None => not_found("Rule label", id),
                }
            }
            Method::PUT => rule_label_write(st, req, Some(id)),
            Method::DELETE => match find_idx(&st.rule_labels, id) {
                Some(i) => {
                    st.rule_labels.remove(i);
                    st.mark_pending();
                    Resp::no_content()
                }
                None => not_found("Rule label", id),
            },
            _ => method_not_allowed(m),
        },

        ["adminUsers"] => match *m {
            Method::GET => {
                let items: Vec<Value> = match req.q("search").filter(|s| !s.is_empty()) {
                    Some(s) => st
                        .admin_users
                        .iter()
                        .filter(|a| {
                            icontains(str_field(a, "userName"), s)
                                || icontains(str_field(a, "loginName"), s)
                        })
                        .cloned()
                        .collect(),
                    None => st.admin_users.clone(),
                };
                zia_page(req, items, 100, 1000)
            }
            _ => method_not_allowed(m),
        },
        ["adminUsers", id] => match *m {
            Method::GET => match find_idx(&st.admin_users, id) {
                Some(i) => Resp::ok(st.admin_users[i].clone()),
                None => not_found("Admin user", id),
            },
            _ => method_not_allowed(m),
        },
        _ => crate::zia_more::handle(st, req, rest),
    }
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

/// `/departments`, `/groups`: paged, `search` = name contains.
fn simple_list(req: &Req, items: &[Value]) -> Resp {
    let items: Vec<Value> = match req.q("search").filter(|s| !s.is_empty()) {
        Some(s) => items
            .iter()
            .filter(|d| icontains(str_field(d, "name"), s))
            .cloned()
            .collect(),
        None => items.to_vec(),
    };
    zia_page(req, items, 100, 1000)
}

// ---------------------------------------------------------------- URL categories

const CATEGORY_LIST_FIELDS: [&str; 6] = [
    "urls",
    "dbCategorizedUrls",
    "keywords",
    "keywordsRetainingParentCategory",
    "ipRanges",
    "ipRangesRetainingParentCategory",
];

fn array_len(obj: &Map<String, Value>, key: &str) -> usize {
    obj.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn recount_category(obj: &mut Map<String, Value>) {
    let urls = array_len(obj, "urls");
    let retaining = array_len(obj, "dbCategorizedUrls");
    let ips = array_len(obj, "ipRanges");
    let ips_retaining = array_len(obj, "ipRangesRetainingParentCategory");
    obj.insert("customUrlsCount".into(), json!(urls));
    obj.insert("urlsRetainingParentCategoryCount".into(), json!(retaining));
    obj.insert("customIpRangesCount".into(), json!(ips));
    obj.insert(
        "ipRangesRetainingParentCategoryCount".into(),
        json!(ips_retaining),
    );
}

/// The list fields, when present, must be arrays of strings.
fn category_lists_valid(body: &Map<String, Value>) -> bool {
    CATEGORY_LIST_FIELDS.iter().all(|f| match body.get(*f) {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.iter().all(Value::is_string),
        _ => false,
    })
}

fn url_categories_list(st: &ZiaState, req: &Req) -> Resp {
    let custom_only = req.q_bool("customOnly");
    let counts_only = req.q_bool("includeOnlyUrlKeywordCounts");
    let type_filter = req
        .q("type")
        .map(str::to_ascii_uppercase)
        .filter(|t| !t.is_empty() && t != "ALL");
    let out: Vec<Value> = st
        .url_categories
        .iter()
        .filter(|c| !custom_only || c.get("customCategory") == Some(&Value::Bool(true)))
        .filter(|c| {
            type_filter
                .as_deref()
                .is_none_or(|t| str_field(c, "type") == t)
        })
        .map(|c| {
            let mut c = c.clone();
            if counts_only {
                if let Some(o) = c.as_object_mut() {
                    for f in CATEGORY_LIST_FIELDS {
                        o.remove(f);
                    }
                }
            }
            c
        })
        .collect();
    Resp::ok(Value::Array(out))
}

fn url_categories_lite(st: &ZiaState) -> Resp {
    let out: Vec<Value> = st
        .url_categories
        .iter()
        .map(|c| {
            let mut o = Map::new();
            for k in [
                "id",
                "configuredName",
                "superCategory",
                "customCategory",
                "type",
                "val",
            ] {
                if let Some(v) = c.get(k) {
                    o.insert(k.into(), v.clone());
                }
            }
            Value::Object(o)
        })
        .collect();
    Resp::ok(Value::Array(out))
}

fn url_quota(st: &ZiaState) -> Resp {
    let mut unique: Vec<&str> = st
        .url_categories
        .iter()
        .filter_map(|c| c.get("urls").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    unique.sort_unstable();
    unique.dedup();
    Resp::ok(json!({
        "uniqueUrlsProvisioned": unique.len(),
        "remainingUrlsQuota": URL_QUOTA_TOTAL.saturating_sub(unique.len()),
    }))
}

fn category_base(id: &str, val: i64, custom: bool) -> Map<String, Value> {
    let v = json!({
        "id": id,
        "urls": [],
        "dbCategorizedUrls": [],
        "customCategory": custom,
        "editable": true,
        "type": "URL_CATEGORY",
        "val": val,
        "categoryGroup": "REGULAR",
        "urlType": "EXACT",
    });
    v.as_object().cloned().unwrap_or_default()
}

fn url_category_create(st: &mut ZiaState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    if !category_lists_valid(&body) {
        return invalid_body();
    }
    let name = body
        .get("configuredName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return invalid_input("configuredName is required for a custom URL category");
    }
    if st
        .url_categories
        .iter()
        .any(|c| str_field(c, "configuredName").eq_ignore_ascii_case(&name))
    {
        return duplicate(&format!("A URL category named '{name}' already exists"));
    }
    let id = format!("CUSTOM_{:02}", st.next_custom);
    st.next_custom += 1;
    let val = st.next_val;
    st.next_val += 1;
    let mut obj = category_base(&id, val, true);
    obj.insert("superCategory".into(), json!("USER_DEFINED"));
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("id".into(), json!(id));
    obj.insert("val".into(), json!(val));
    obj.insert("customCategory".into(), json!(true));
    obj.insert("editable".into(), json!(true));
    recount_category(&mut obj);
    let v = Value::Object(obj);
    st.url_categories.push(v.clone());
    st.mark_pending();
    Resp::ok(v)
}

fn url_category_update(st: &mut ZiaState, req: &Req, id: &str) -> Resp {
    let Some(idx) = st
        .url_categories
        .iter()
        .position(|c| str_field(c, "id") == id)
    else {
        return not_found("URL category", id);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    if !category_lists_valid(&body) {
        return invalid_body();
    }
    let existing = st.url_categories[idx]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let custom = existing.get("customCategory") == Some(&Value::Bool(true));
    let action = req.q("action").map(str::to_ascii_uppercase);
    let mut obj = match action.as_deref() {
        Some(a @ ("ADD_TO_LIST" | "REMOVE_FROM_LIST")) => {
            let mut obj = existing.clone();
            for f in CATEGORY_LIST_FIELDS {
                let Some(Value::Array(change)) = body.get(f) else {
                    continue;
                };
                let mut cur: Vec<Value> = obj
                    .get(f)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if a == "ADD_TO_LIST" {
                    for u in change {
                        if !cur.contains(u) {
                            cur.push(u.clone());
                        }
                    }
                } else {
                    cur.retain(|u| !change.contains(u));
                }
                obj.insert(f.to_string(), Value::Array(cur));
            }
            obj
        }
        Some(other) if !other.is_empty() => {
            return invalid_input(&format!(
                "Invalid action '{other}': expected ADD_TO_LIST or REMOVE_FROM_LIST"
            ))
        }
        _ => {
            // Full replace; identity fields are kept.
            let val = existing.get("val").and_then(Value::as_i64).unwrap_or(0);
            let mut obj = category_base(id, val, custom);
            if !custom {
                if let Some(sc) = existing.get("superCategory") {
                    obj.insert("superCategory".into(), sc.clone());
                }
            }
            overlay(&mut obj, &body);
            obj.retain(|_, v| !v.is_null());
            if custom {
                let name = str_field(&Value::Object(obj.clone()), "configuredName").to_string();
                if name.trim().is_empty() {
                    if let Some(n) = existing.get("configuredName") {
                        obj.insert("configuredName".into(), n.clone());
                    }
                } else if st.url_categories.iter().any(|c| {
                    str_field(c, "id") != id
                        && str_field(c, "configuredName").eq_ignore_ascii_case(name.trim())
                }) {
                    return duplicate(&format!("A URL category named '{name}' already exists"));
                }
            }
            obj
        }
    };
    obj.insert("id".into(), json!(id));
    obj.insert("customCategory".into(), json!(custom));
    if let Some(v) = existing.get("val") {
        obj.insert("val".into(), v.clone());
    }
    recount_category(&mut obj);
    let v = Value::Object(obj);
    st.url_categories[idx] = v.clone();
    st.mark_pending();
    Resp::ok(v)
}

fn url_category_delete(st: &mut ZiaState, id: &str) -> Resp {
    let Some(idx) = st
        .url_categories
        .iter()
        .position(|c| str_field(c, "id") == id)
    else {
        return not_found("URL category", id);
    };
    if st.url_categories[idx].get("customCategory") != Some(&Value::Bool(true)) {
        return invalid_input("Predefined URL categories cannot be deleted");
    }
    st.url_categories.remove(idx);
    st.mark_pending();
    Resp::no_content()
}

/// Deterministic classification table for `/urlLookup`:
/// (domain, classifications, security-alert classifications).
const URL_TABLE: &[(&str, &[&str], &[&str])] = &[
    ("google.com", &["WEB_SEARCH"], &[]),
    ("bing.com", &["WEB_SEARCH"], &[]),
    ("duckduckgo.com", &["WEB_SEARCH"], &[]),
    ("facebook.com", &["SOCIAL_NETWORKING"], &[]),
    ("instagram.com", &["SOCIAL_NETWORKING"], &[]),
    ("twitter.com", &["SOCIAL_NETWORKING"], &[]),
    ("x.com", &["SOCIAL_NETWORKING"], &[]),
    ("linkedin.com", &["SOCIAL_NETWORKING"], &[]),
    ("youtube.com", &["STREAMING_MEDIA"], &[]),
    ("netflix.com", &["STREAMING_MEDIA"], &[]),
    ("github.com", &["DEVELOPER_TOOLS"], &[]),
    ("gitlab.com", &["DEVELOPER_TOOLS"], &[]),
    ("stackoverflow.com", &["DEVELOPER_TOOLS"], &[]),
    ("cnn.com", &["NEWS_AND_MEDIA"], &[]),
    ("bbc.co.uk", &["NEWS_AND_MEDIA"], &[]),
    ("nytimes.com", &["NEWS_AND_MEDIA"], &[]),
    ("amazon.com", &["ONLINE_SHOPPING"], &[]),
    ("ebay.com", &["ONLINE_SHOPPING"], &[]),
    ("zscaler.com", &["CORPORATE_MARKETING"], &[]),
    ("microsoft.com", &["CORPORATE_MARKETING"], &[]),
    ("outlook.com", &["WEB_MAIL"], &[]),
    ("gmail.com", &["WEB_MAIL"], &[]),
    ("wikipedia.org", &["REFERENCE_SITES"], &[]),
    ("chase.com", &["WEB_BANKING"], &[]),
    ("paypal.com", &["FINANCE"], &[]),
    ("pokerstars.com", &["GAMBLING"], &[]),
    (
        "malware.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["MALWARE_SITE"],
    ),
    (
        "phishing.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["PHISHING"],
    ),
    (
        "botnet.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["BOTNET"],
    ),
];

/// Reduce a URL to its lower-case host name.
fn url_host(url: &str) -> String {
    let mut s = url.trim().to_ascii_lowercase();
    if let Some(i) = s.find("://") {
        s = s[i + 3..].to_string();
    }
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    s.truncate(end);
    if let Some(i) = s.rfind('@') {
        s = s[i + 1..].to_string();
    }
    if let Some(i) = s.rfind(':') {
        if s[i + 1..].bytes().all(|b| b.is_ascii_digit()) {
            s.truncate(i);
        }
    }
    s.trim_end_matches('.').to_string()
}

fn classify(url: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let host = url_host(url);
    for (domain, cats, alerts) in URL_TABLE {
        if host == *domain || host.ends_with(&format!(".{domain}")) {
            return (cats.to_vec(), alerts.to_vec());
        }
    }
    (vec!["MISCELLANEOUS_OR_UNKNOWN"], vec![])
}

fn url_lookup(req: &Req) -> Resp {
    let Some(Value::Array(items)) = req.json() else {
        return invalid_body();
    };
    if items.len() > URL_LOOKUP_MAX {
        return invalid_input(&format!(
            "A maximum of {URL_LOOKUP_MAX} URLs can be looked up per request"
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let Some(url) = item.as_str() else {
            return invalid_body();
        };
        let (cats, alerts) = classify(url);
        out.push(json!({
            "url": url,
            "urlClassifications": cats,
            "urlClassificationsWithSecurityAlert": alerts,
        }));
    }
    Resp::ok(Value::Array(out))
}

// ---------------------------------------------------------------- rules

const URL_ACTIONS: [&str; 5] = ["ALLOW", "CAUTION", "BLOCK", "ISOLATE", "ICAP_RESPONSE"];
const FW_ACTIONS: [&str; 5] = [
    "ALLOW",
    "BLOCK_DROP",
    "BLOCK_RESET",
    "BLOCK_ICMP",
    "EVAL_NWAPP",
];

fn url_rule_defaults() -> Value {
    json!({
        "id": 0,
        "accessControl": "READ_WRITE",
        "name": "",
        "order": 1,
        "protocols": ["ANY_RULE"],
        "urlCategories": ["ANY"],
        "excludeSrcCountries": false,
        "state": "ENABLED",
        "rank": 7,
        "requestMethods": ["OPTIONS","GET","HEAD","POST","PUT","DELETE","TRACE","CONNECT","OTHER"],
        "blockOverride": false,
        "description": "",
        "enforceTimeValidity": false,
        "userAgentTypes": [],
        "deviceTrustLevels": [],
        "userRiskScoreLevels": [],
        "cbiProfileId": 0,
        "capturePCAP": false,
        "sourceIpGroups": [],
        "browserEunTemplateId": 0,
        "httpHeaderProfiles": [],
        "httpHeaderActionProfiles": [],
        "usersAndGroupsSet": false,
        "groupsAndDepartmentsSet": false,
        "action": "ALLOW",
        "predefined": false,
    })
}

fn fw_rule_defaults() -> Value {
    json!({
        "id": 0,
        "accessControl": "READ_WRITE",
        "enableFullLogging": false,
        "name": "",
        "order": 1,
        "rank": 7,
        "action": "ALLOW",
        "capturePCAP": false,
        "state": "ENABLED",
        "description": "",
        "srcIps": [],
        "destAddresses": [],
        "destIpCategories": [],
        "destCountries": [],
        "sourceCountries": [],
        "excludeSrcCountries": false,
        "excludeContextShieldEndPoint": false,
        "nwServices": [],
        "srcIpGroups": [],
        "destIpGroups": [],
        "deviceTrustLevels": [],
        "isEunEnabled": false,
        "eunTemplateId": 14,
        "defaultRule": false,
        "predefined": false,
    })
}

pub(crate) fn is_default_rule(v: &Value) -> bool {
    v.get("defaultRule") == Some(&Value::Bool(true))
}

pub(crate) fn order_of(v: &Value) -> i64 {
    v.get("order").and_then(Value::as_i64).unwrap_or(i64::MAX)
}

/// Put rule `id` at position `order` (1-based, clamped) among the
/// non-default rules and renumber them 1..n; default rules keep order -1.
pub(crate) fn place_rule(list: &mut Vec<Value>, id: i64, order: Option<i64>) {
    let Some(pos) = list.iter().position(|r| id_of(r) == Some(id)) else {
        return;
    };
    let target = list.remove(pos);
    let (mut defaults, mut others): (Vec<Value>, Vec<Value>) =
        list.drain(..).partition(is_default_rule);
    others.sort_by_key(order_of);
    if is_default_rule(&target) {
        defaults.push(target);
    } else {
        let at = match order {
            Some(o) if o >= 1 => usize::try_from(o - 1)
                .unwrap_or(usize::MAX)
                .min(others.len()),
            _ => others.len(),
        };
        others.insert(at, target);
    }
    for (i, r) in others.iter_mut().enumerate() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(i as i64 + 1));
        }
    }
    for r in defaults.iter_mut() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(-1));
        }
    }
    list.extend(defaults);
    list.extend(others);
}

pub(crate) fn renumber_rules(list: &mut Vec<Value>) {
    let (defaults, mut others): (Vec<Value>, Vec<Value>) =
        list.drain(..).partition(is_default_rule);
    others.sort_by_key(order_of);
    for (i, r) in others.iter_mut().enumerate() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(i as i64 + 1));
        }
    }
    list.extend(defaults);
    list.extend(others);
}

fn rules_list(st: &mut ZiaState, req: &Req, kind: RuleKind) -> Resp {
    let mut items = st.rules(kind).clone();
    items.sort_by_key(|r| if is_default_rule(r) { -1 } else { order_of(r) });
    match kind {
        // URL filtering rules ignore paging and return everything.
        RuleKind::Url => Resp::ok(Value::Array(items)),
        RuleKind::Firewall => {
            if let Some(a) = req.q("ruleAction").filter(|s| !s.is_empty()) {
                let wanted: Vec<String> = a
                    .split(',')
                    .map(|s| s.trim().to_ascii_uppercase())
                    .collect();
                items.retain(|r| wanted.iter().any(|w| w == str_field(r, "action")));
            }
            if let Some(s) = req.q("search").filter(|s| !s.is_empty()) {
                items.retain(|r| icontains(str_field(r, "name"), s));
            }
            zia_page(req, items, 5000, 10_000)
        }
    }
}

fn rule_item(st: &mut ZiaState, req: &Req, kind: RuleKind, id: &str) -> Resp {
    let what = match kind {
        RuleKind::Url => "URL filtering rule",
        RuleKind::Firewall => "Firewall filtering rule",
    };
    match req.method {
        Method::GET => match find_idx(st.rules(kind), id) {
            Some(i) => Resp::ok(st.rules(kind)[i].clone()),
            None => not_found(what, id),
        },
        Method::PUT => {
            if find_idx(st.rules(kind), id).is_none() {
                return not_found(what, id);
            }
            rule_write(st, req, kind, Some(id))
        }
        Method::DELETE => {
            let Some(i) = find_idx(st.rules(kind), id) else {
                return not_found(what, id);
            };
            let r = &st.rules(kind)[i];
            if is_default_rule(r) || r.get("predefined") == Some(&Value::Bool(true)) {
                return invalid_input("Default and predefined rules cannot be deleted");
            }
            let list = st.rules(kind);
            list.remove(i);
            renumber_rules(list);
            st.mark_pending();
            Resp::no_content()
        }
        _ => method_not_allowed(&req.method),
    }
}

fn rule_write(st: &mut ZiaState, req: &Req, kind: RuleKind, id: Option<&str>) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return invalid_input("Rule name is required");
    }
    let (defaults, actions) = match kind {
        RuleKind::Url => (url_rule_defaults(), &URL_ACTIONS),
        RuleKind::Firewall => (fw_rule_defaults(), &FW_ACTIONS),
    };
    if let Some(a) = body.get("action") {
        match a.as_str() {
            Some(a) if actions.contains(&a) => {}
            _ => {
                return invalid_input(&format!(
                    "Invalid rule action: expected one of {}",
                    actions.join(", ")
                ))
            }
        }
    }
    let existing = match id {
        Some(id) => match find_idx(st.rules(kind), id) {
            Some(i) => Some(st.rules(kind)[i].clone()),
            None => return not_found("Rule", id),
        },
        None => None,
    };
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(st.rules(kind), "name", &name, existing_id) {
        return duplicate(&format!("A rule named '{name}' already exists"));
    }
    let requested_order = body.get("order").and_then(|o| {
        o.as_i64()
            .or_else(|| o.as_str().and_then(|s| s.trim().parse().ok()))
    });
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let mut obj = defaults.as_object().cloned().unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("id".into(), json!(new_id));
    obj.insert("name".into(), json!(name));
    obj.insert("lastModifiedTime".into(), json!(now_secs()));
    obj.insert("lastModifiedBy".into(), api_admin());
    if let Some(ex) = &existing {
        for k in ["defaultRule", "predefined"] {
            if let Some(v) = ex.get(k) {
                obj.insert(k.into(), v.clone());
            }
        }
    } else {
        obj.insert("defaultRule".into(), json!(false));
        obj.insert("predefined".into(), json!(false));
    }
    enrich_refs(&mut obj, "labels", &st.rule_labels);
    enrich_refs(&mut obj, "groups", &st.groups);
    enrich_refs(&mut obj, "departments", &st.departments);
    enrich_refs(&mut obj, "users", &st.users);
    enrich_refs(&mut obj, "locations", &st.locations);
    enrich_refs(&mut obj, "locationGroups", &st.location_groups);
    if matches!(kind, RuleKind::Url) {
        let non_empty = |k: &str| array_len(&obj, k) > 0;
        let ug = non_empty("users") || non_empty("groups");
        let gd = non_empty("groups") || non_empty("departments");
        obj.insert("usersAndGroupsSet".into(), json!(ug));
        obj.insert("groupsAndDepartmentsSet".into(), json!(gd));
    }
    let v = Value::Object(obj);
    let list = st.rules(kind);
    match list.iter().position(|r| id_of(r) == Some(new_id)) {
        Some(i) => list[i] = v,
        None => list.push(v),
    }
    let order = match (&existing, requested_order) {
        (_, Some(o)) => Some(o),
        (Some(ex), None) => ex.get("order").and_then(Value::as_i64),
        (None, None) => None,
    };
    place_rule(list, new_id, order);
    let stored = list
        .iter()
        .find(|r| id_of(r) == Some(new_id))
        .cloned()
        .unwrap_or(Value::Null);
    st.mark_pending();
    Resp::ok(stored)
}

// ---------------------------------------------------------------- rule labels

fn rule_labels_rendered(st: &ZiaState) -> Vec<Value> {
    st.rule_labels
        .iter()
        .map(|l| {
            let id = id_of(l);
            let count = st
                .url_rules
                .iter()
                .chain(st.fw_rules.iter())
                .chain(st.more.labelled_rules())
                .filter(|r| {
                    r.get("labels")
                        .and_then(Value::as_array)
                        .is_some_and(|ls| ls.iter().any(|x| id_of(x) == id))
                })
                .count();
            let mut l = l.clone();
            if let Some(o) = l.as_object_mut() {
                o.insert("referencedRuleCount".into(), json!(count));
            }
            l
        })
        .collect()
}

fn rule_label_write(st: &mut ZiaState, req: &Req, id: Option<&str>) -> Resp {
    let existing = match id {
        Some(id) => match find_idx(&st.rule_labels, id) {
            Some(i) => Some(st.rule_labels[i].clone()),
            None => return not_found("Rule label", id),
        },
        None => None,
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return invalid_input("Rule label name is required");
    }
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(&st.rule_labels, "name", &name, existing_id) {
        return duplicate(&format!("A rule label named '{name}' already exists"));
    }
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let created_by = existing
        .as_ref()
        .and_then(|e| e.get("createdBy").cloned())
        .unwrap_or_else(api_admin);
    let v = json!({
        "id": new_id,
        "name": name,
        "description": body.get("description").cloned().filter(|d| !d.is_null()).unwrap_or(json!("")),
        "lastModifiedTime": now_secs(),
        "lastModifiedBy": api_admin(),
        "createdBy": created_by,
        "referencedRuleCount": 0,
    });
    match st.rule_labels.iter().position(|l| id_of(l) == Some(new_id)) {
        Some(i) => st.rule_labels[i] = v,
        None => st.rule_labels.push(v),
    }
    st.mark_pending();
    let rendered = rule_labels_rendered(st);
    let out = rendered
        .into_iter()
        .find(|l| id_of(l) == Some(new_id))
        .unwrap_or(Value::Null);
    Resp::ok(out)
}

// ---------------------------------------------------------------- locations

fn location_defaults() -> Value {
    json!({
        "id": 0,
        "name": "",
        "nonEditable": false,
        "parentId": 0,
        "upBandwidth": 0,
        "dnBandwidth": 0,
        "country": "NONE",
        "language": "NONE",
        "tz": "NOT_SPECIFIED",
        "geoOverride": false,
        "latitude": 0.0,
        "longitude": 0.0,
        "ipAddresses": [],
        "vpnCredentials": [],
        "authRequired": false,
        "sslScanEnabled": false,
        "zappSslScanEnabled": false,
        "xffForwardEnabled": false,
        "otherSubLocation": false,
        "ecLocation": false,
        "bcLocation": false,
        "ccLocation": false,
        "surrogateIP": false,
        "cookiesAndProxy": false,
        "idleTimeInMinutes": 0,
        "surrogateIPEnforcedForKnownBrowsers": false,
        "kerberosAuth": false,
        "jwtAuth": false,
        "digestAuthEnabled": false,
        "ofwEnabled": false,
        "ipsControl": false,
        "aupEnabled": false,
        "cautionEnabled": false,
        "aupBlockInternetUntilAccepted": false,
        "aupForceSslInspection": false,
        "iotDiscoveryEnabled": false,
        "iotEnforcePolicySet": false,
        "aupTimeoutInDays": 0,
        "childCount": 0,
        "matchInChild": false,
        "staticLocationGroups": [],
        "excludeFromDynamicGroups": false,
        "excludeFromManualGroups": false,
        "defaultExtranetTsPool": false,
        "defaultExtranetDns": false,
        "profile": "NONE",
        "description": "",
    })
}

/// Numeric fields that clients sometimes send as strings (the recorded PUT
/// sent `"idleTimeInMinutes":"720"` and got a number back).
pub(crate) fn numify(obj: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(Value::String(s)) = obj.get(*k) {
            if let Ok(n) = s.trim().parse::<i64>() {
                obj.insert((*k).to_string(), json!(n));
            }
        }
    }
}

fn refresh_child_counts(st: &mut ZiaState) {
    let counts: Vec<(i64, usize)> = st
        .locations
        .iter()
        .filter_map(id_of)
        .map(|id| {
            let n = st
                .locations
                .iter()
                .filter(|l| l.get("parentId").and_then(Value::as_i64) == Some(id))
                .count();
            (id, n)
        })
        .collect();
    for l in st.locations.iter_mut() {
        let id = id_of(l);
        if let (Some(id), Some(o)) = (id, l.as_object_mut()) {
            let n = counts.iter().find(|(i, _)| *i == id).map_or(0, |(_, n)| *n);
            o.insert("childCount".into(), json!(n));
        }
    }
}

fn locations_list(st: &ZiaState, req: &Req) -> Resp {
    let items: Vec<Value> = st
        .locations
        .iter()
        .filter(|l| l.get("parentId").and_then(Value::as_i64).unwrap_or(0) == 0)
        .filter(|l| {
            req.q("search")
                .filter(|s| !s.is_empty())
                .is_none_or(|s| icontains(str_field(l, "name"), s))
        })
        .cloned()
        .collect();
    zia_page(req, items, 100, 1000)
}

fn locations_lite(st: &ZiaState, req: &Req) -> Resp {
    let lite_keys = [
        "id",
        "name",
        "parentId",
        "tz",
        "xffForwardEnabled",
        "aupEnabled",
        "cautionEnabled",
        "aupBlockInternetUntilAccepted",
        "aupForceSslInspection",
        "surrogateIP",
        "surrogateIPEnforcedForKnownBrowsers",
        "otherSubLocation",
        "ofwEnabled",
        "ipsControl",
        "kerberosAuth",
        "digestAuthEnabled",
        "zappSslScanEnabled",
        "ecLocation",
        "iotDiscoveryEnabled",
    ];
    let road_warrior = json!({
        "id": -3, "name": "Road Warrior", "parentId": 0, "tz": "GMT",
        "xffForwardEnabled": false, "aupEnabled": false, "cautionEnabled": false,
        "aupBlockInternetUntilAccepted": false, "aupForceSslInspection": false,
        "surrogateIP": false, "surrogateIPEnforcedForKnownBrowsers": false,
        "otherSubLocation": false, "ofwEnabled": false, "ipsControl": false,
        "kerberosAuth": false, "digestAuthEnabled": false, "zappSslScanEnabled": false,
        "ecLocation": false, "iotDiscoveryEnabled": false
    });
    let mut out = vec![road_warrior];
    out.extend(st.locations.iter().map(|l| {
        let mut o = Map::new();
        for k in lite_keys {
            if let Some(v) = l.get(k) {
                o.insert(k.into(), v.clone());
            }
        }
        Value::Object(o)
    }));
    if let Some(s) = req.q("search").filter(|s| !s.is_empty()) {
        out.retain(|l| icontains(str_field(l, "name"), s));
    }
    zia_page(req, out, 1000, 1000)
}

fn location_write(st: &mut ZiaState, req: &Req, id: Option<&str>) -> Resp {
    let existing = match id {
        Some(id) => match find_idx(&st.locations, id) {
            Some(i) => Some(st.locations[i].clone()),
            None => return not_found("Location", id),
        },
        None => None,
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return invalid_input("Location name is required");
    }
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(&st.locations, "name", &name, existing_id) {
        return duplicate(&format!("A location named '{name}' already exists"));
    }
    let parent = body
        .get("parentId")
        .and_then(Value::as_i64)
        .or_else(|| {
            existing
                .as_ref()
                .and_then(|e| e.get("parentId").and_then(Value::as_i64))
        })
        .unwrap_or(0);
    if parent != 0 && !st.locations.iter().any(|l| id_of(l) == Some(parent)) {
        return invalid_input(&format!("Parent location {parent} does not exist"));
    }
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let mut obj = location_defaults().as_object().cloned().unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    numify(
        &mut obj,
        &[
            "idleTimeInMinutes",
            "upBandwidth",
            "dnBandwidth",
            "aupTimeoutInDays",
        ],
    );
    obj.insert("id".into(), json!(new_id));
    obj.insert("name".into(), json!(name));
    obj.insert("parentId".into(), json!(parent));
    let profile = str_field(&Value::Object(obj.clone()), "profile").to_string();
    let (gid, gname) = location_group_for_profile(&profile);
    obj.insert(
        "dynamiclocationGroups".into(),
        json!([{"id": gid, "name": gname}]),
    );
    let v = Value::Object(obj);
    match st.locations.iter().position(|l| id_of(l) == Some(new_id)) {
        Some(i) => st.locations[i] = v,
        None => st.locations.push(v),
    }
    refresh_child_counts(st);
    st.mark_pending();
    let out = st
        .locations
        .iter()
        .find(|l| id_of(l) == Some(new_id))
        .cloned()
        .unwrap_or(Value::Null);
    Resp::ok(out)
}

fn location_delete(st: &mut ZiaState, id: &str) -> Resp {
    let Some(i) = find_idx(&st.locations, id) else {
        return not_found("Location", id);
    };
    let lid = id_of(&st.locations[i]);
    // Sub-locations go with their parent.
    st.locations
        .retain(|l| id_of(l) != lid && l.get("parentId").and_then(Value::as_i64) != lid);
    refresh_child_counts(st);
    st.mark_pending();
    Resp::no_content()
}

fn location_groups_full(st: &ZiaState) -> Vec<Value> {
    st.location_groups
        .iter()
        .map(|g| {
            let mut g = g.clone();
            let dynamic = str_field(&g, "groupType") == "DYNAMIC_GROUP";
            let members: Vec<Value> = if dynamic {
                let profiles: Vec<String> = g
                    .pointer("/dynamicLocationGroupCriteria/profiles")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| p.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                st.locations
                    .iter()
                    .filter(|l| profiles.iter().any(|p| p == str_field(l, "profile")))
                    .map(id_name)
                    .collect()
            } else {
                let ids: Vec<i64> = g
                    .get("locations")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(id_of).collect())
                    .unwrap_or_default();
                st.locations
                    .iter()
                    .filter(|l| id_of(l).is_some_and(|i| ids.contains(&i)))
                    .map(id_name)
                    .collect()
            };
            if let Some(o) = g.as_object_mut() {
                o.insert("locationsCount".into(), json!(members.len()));
                o.insert("locations".into(), Value::Array(members));
            }
            g
        })
        .collect()
}

fn location_groups_lite(st: &ZiaState) -> Resp {
    let out: Vec<Value> = st
        .location_groups
        .iter()
        .map(|g| {
            let mut o = Map::new();
            for k in ["id", "name", "dynamicLocationGroupCriteria"] {
                if let Some(v) = g.get(k) {
                    o.insert(k.into(), v.clone());
                }
            }
            Value::Object(o)
        })
        .collect();
    Resp::ok(Value::Array(out))
}

// ---------------------------------------------------------------- users

fn users_list(st: &ZiaState, req: &Req) -> Resp {
    let name = req.q("name").filter(|s| !s.is_empty());
    let dept = req.q("dept").filter(|s| !s.is_empty());
    let group = req.q("group").filter(|s| !s.is_empty());
    let search = req.q("search").filter(|s| !s.is_empty());
    let items: Vec<Value> = st
        .users
        .iter()
        .filter(|u| name.is_none_or(|n| istarts_with(str_field(u, "name"), n)))
        .filter(|u| {
            dept.is_none_or(|d| {
                u.get("department")
                    .is_some_and(|dep| istarts_with(str_field(dep, "name"), d))
            })
        })
        .filter(|u| {
            group.is_none_or(|g| {
                u.get("groups")
                    .and_then(Value::as_array)
                    .is_some_and(|gs| gs.iter().any(|x| istarts_with(str_field(x, "name"), g)))
            })
        })
        .filter(|u| {
            search.is_none_or(|s| {
                icontains(str_field(u, "name"), s) || icontains(str_field(u, "email"), s)
            })
        })
        .cloned()
        .collect();
    zia_page(req, items, 100, 10_000)
}

fn user_write(st: &mut ZiaState, req: &Req, id: Option<&str>) -> Resp {
    let existing = match id {
        Some(id) => match find_idx(&st.users, id) {
            Some(i) => Some(st.users[i].clone()),
            None => return not_found("User", id),
        },
        None => None,
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let field = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let name = field("name");
    let email = field("email");
    if name.is_empty() {
        return invalid_input("User name is required");
    }
    if email.is_empty() {
        return invalid_input("User email is required");
    }
    if existing.is_none() && field("password").is_empty() {
        return invalid_input("A password is required to create a user");
    }
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(&st.users, "email", &email, existing_id) {
        return duplicate(&format!("A user with email '{email}' already exists"));
    }
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let mut obj = json!({
        "id": 0,
        "name": "",
        "email": "",
        "groups": [],
        "comments": "",
        "adminUser": false,
        "isNonEditable": false,
        "pwdLastModifiedTime": 0,
        "deleted": false,
        "pilotUser": false,
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.remove("password");
    obj.insert("id".into(), json!(new_id));
    obj.insert("name".into(), json!(name));
    obj.insert("email".into(), json!(email));
    enrich_refs(&mut obj, "groups", &st.groups);
    enrich_ref(&mut obj, "department", &st.departments);
    let v = Value::Object(obj);
    match st.users.iter().position(|u| id_of(u) == Some(new_id)) {
        Some(i) => st.users[i] = v.clone(),
        None => st.users.push(v.clone()),
    }
    st.mark_pending();
    Resp::ok(v)
}

// ---------------------------------------------------------------- seed data

/// (id, val, configuredName, description, urls, keywords)
type CustomCategorySeed = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
/// (id, name, action, urlCategories, state, extra fields)
type UrlRuleSeed = (
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    Value,
);

fn seed_categories() -> Vec<Value> {
    let predefined: &[(&str, &str, i64)] = &[
        ("OTHER_ADULT_MATERIAL", "ADULT_MATERIAL", 1),
        ("ADULT_THEMES", "ADULT_MATERIAL", 2),
        ("LINGERIE_BIKINI", "ADULT_MATERIAL", 3),
        ("NUDITY", "ADULT_MATERIAL", 4),
        ("PORNOGRAPHY", "ADULT_MATERIAL", 5),
        ("GAMBLING", "GAMBLING", 14),
        ("NEWS_AND_MEDIA", "NEWS_AND_MEDIA", 25),
        ("ONLINE_SHOPPING", "SHOPPING_AND_AUCTIONS", 29),
        ("SOCIAL_NETWORKING", "INTERNET_COMMUNICATION", 35),
        ("WEB_MAIL", "INTERNET_COMMUNICATION", 37),
        ("STREAMING_MEDIA", "ENTERTAINMENT_AND_RECREATION", 43),
        ("REFERENCE_SITES", "EDUCATION", 48),
        ("WEB_SEARCH", "INFORMATION_TECHNOLOGY", 54),
        ("INTERNET_SERVICES", "INFORMATION_TECHNOLOGY", 55),
        ("CORPORATE_MARKETING", "BUSINESS_AND_ECONOMY", 60),
        ("FINANCE", "BUSINESS_AND_ECONOMY", 61),
        ("PROFESSIONAL_SERVICES", "BUSINESS_AND_ECONOMY", 62),
        ("WEB_BANKING", "BUSINESS_AND_ECONOMY", 63),
        ("OTHER_MISCELLANEOUS", "MISCELLANEOUS", 90),
        ("MISCELLANEOUS_OR_UNKNOWN", "MISCELLANEOUS", 91),
        ("DEVELOPER_TOOLS", "INFORMATION_TECHNOLOGY", 3075),
    ];
    let mut out: Vec<Value> = predefined
        .iter()
        .map(|(id, sup, val)| {
            let mut o = category_base(id, *val, false);
            o.insert("superCategory".into(), json!(sup));
            o.insert("keywords".into(), json!([]));
            o.insert("ipRanges".into(), json!([]));
            if *id == "OTHER_ADULT_MATERIAL" {
                o.insert("keywordsRetainingParentCategory".into(), json!(["test"]));
                o.insert(
                    "dbCategorizedUrls".into(),
                    json!(["test1.acme.com", "test2.acme.com"]),
                );
                o.insert("ipRanges".into(), json!(["10.0.1.0/24"]));
                o.insert(
                    "ipRangesRetainingParentCategory".into(),
                    json!(["10.0.0.0/24"]),
                );
            }
            recount_category(&mut o);
            Value::Object(o)
        })
        .collect();
    let custom: &[CustomCategorySeed] = &[
        (
            "CUSTOM_01",
            128,
            "Sandbox Allowed Sites",
            "Sites always allowed in the sandbox tenant",
            &["intranet.sandbox.example", "wiki.sandbox.example"],
            &[],
        ),
        (
            "CUSTOM_02",
            129,
            "Sandbox Blocked Sites",
            "Sites blocked by policy",
            &[
                "blocked.sandbox.example",
                "ads.tracker.example",
                "badsite.example",
            ],
            &[],
        ),
        (
            "CUSTOM_03",
            130,
            "Partner Portals",
            "Partner extranet portals",
            &["portal.partner-one.example"],
            &["partner"],
        ),
    ];
    for (id, val, name, desc, urls, keywords) in custom {
        let mut o = category_base(id, *val, true);
        o.insert("configuredName".into(), json!(name));
        o.insert("superCategory".into(), json!("USER_DEFINED"));
        o.insert("urls".into(), json!(urls));
        o.insert("keywords".into(), json!(keywords));
        o.insert("ipRanges".into(), json!([]));
        o.insert("description".into(), json!(desc));
        recount_category(&mut o);
        out.push(Value::Object(o));
    }
    out
}

fn seed_rule_labels() -> Vec<Value> {
    [
        (
            171_100_001,
            "Production",
            "Rules that protect production traffic",
        ),
        (
            171_100_002,
            "Change-Window",
            "Changed during the monthly change window",
        ),
        (171_100_003, "Compliance", "Required by compliance"),
        (
            171_100_004,
            "Temporary",
            "Temporary exception; review monthly",
        ),
        (171_100_005, "Sandbox-Managed", "Managed by automation"),
    ]
    .iter()
    .map(|(id, name, desc)| {
        json!({
            "id": id, "name": name, "description": desc,
            "lastModifiedTime": SEED_TIME, "lastModifiedBy": api_admin(),
            "createdBy": api_admin(), "referencedRuleCount": 0
        })
    })
    .collect()
}

fn seed_url_rules() -> Vec<Value> {
    let specs: &[UrlRuleSeed] = &[
        (
            1_690_901,
            "Block Adult Content",
            "BLOCK",
            &[
                "OTHER_ADULT_MATERIAL",
                "ADULT_THEMES",
                "NUDITY",
                "PORNOGRAPHY",
            ],
            "ENABLED",
            json!({"labels": [{"id": 171_100_003, "name": "Compliance"}]}),
        ),
        (
            1_690_902,
            "Block Custom Blocked Sites",
            "BLOCK",
            &["CUSTOM_02"],
            "ENABLED",
            json!({"labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        (
            1_690_903,
            "Caution Gambling",
            "CAUTION",
            &["GAMBLING"],
            "ENABLED",
            json!({}),
        ),
        (
            1_690_904,
            "Allow Developer Tools for Engineering",
            "ALLOW",
            &["DEVELOPER_TOOLS"],
            "ENABLED",
            json!({"groups": [{"id": 62_718_401, "name": "Engineering"}], "usersAndGroupsSet": true, "groupsAndDepartmentsSet": true}),
        ),
        (
            1_690_905,
            "Block Uncategorized",
            "BLOCK",
            &["MISCELLANEOUS_OR_UNKNOWN"],
            "DISABLED",
            json!({"labels": [{"id": 171_100_004, "name": "Temporary"}]}),
        ),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (id, name, action, cats, state, extra))| {
            let mut o = url_rule_defaults().as_object().cloned().unwrap_or_default();
            o.insert("id".into(), json!(id));
            o.insert("name".into(), json!(name));
            o.insert("order".into(), json!(i + 1));
            o.insert("action".into(), json!(action));
            o.insert("urlCategories".into(), json!(cats));
            o.insert("state".into(), json!(state));
            o.insert("description".into(), json!(format!("Seeded rule: {name}")));
            o.insert("lastModifiedTime".into(), json!(SEED_TIME));
            o.insert("lastModifiedBy".into(), api_admin());
            if let Some(e) = extra.as_object() {
                overlay(&mut o, e);
            }
            Value::Object(o)
        })
        .collect()
}

fn seed_fw_rules() -> Vec<Value> {
    let specs: &[(i64, &str, i64, &str, &str, Value)] = &[
        (
            1_583_292,
            "Default Firewall Filtering Rule",
            -1,
            "ALLOW",
            "ENABLED",
            json!({"defaultRule": true, "description": "Default rule"}),
        ),
        (
            184_226,
            "Office 365 One Click Rule",
            1,
            "ALLOW",
            "DISABLED",
            json!({"predefined": true, "appServiceGroups": [{"id": 1, "name": "OFFICE365"}]}),
        ),
        (
            1_690_911,
            "Allow DNS to Corporate Resolvers",
            2,
            "ALLOW",
            "ENABLED",
            json!({"destAddresses": ["192.0.2.53", "192.0.2.54"], "nwServices": [{"id": 774_003, "name": "DNS"}], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        (
            1_690_912,
            "Block Embargoed Countries",
            3,
            "BLOCK_DROP",
            "ENABLED",
            json!({"destCountries": ["COUNTRY_KP", "COUNTRY_IR", "COUNTRY_SY"], "enableFullLogging": true, "labels": [{"id": 171_100_003, "name": "Compliance"}]}),
        ),
        (
            1_690_913,
            "Allow Web Egress",
            4,
            "ALLOW",
            "ENABLED",
            json!({"nwServices": [{"id": 774_001, "name": "HTTP"}, {"id": 774_002, "name": "HTTPS"}]}),
        ),
        (
            1_690_914,
            "Block SMB Outbound",
            5,
            "BLOCK_RESET",
            "ENABLED",
            json!({"nwServices": [{"id": 774_010, "name": "SMB"}], "srcIps": ["10.0.0.0/8"]}),
        ),
    ];
    specs
        .iter()
        .map(|(id, name, order, action, state, extra)| {
            let mut o = fw_rule_defaults().as_object().cloned().unwrap_or_default();
            o.insert("id".into(), json!(id));
            o.insert("name".into(), json!(name));
            o.insert("order".into(), json!(order));
            o.insert("action".into(), json!(action));
            o.insert("state".into(), json!(state));
            o.insert("lastModifiedTime".into(), json!(SEED_TIME));
            o.insert("lastModifiedBy".into(), api_admin());
            if let Some(e) = extra.as_object() {
                overlay(&mut o, e);
            }
            Value::Object(o)
        })
        .collect()
}

fn seed_locations() -> Vec<Value> {
    let specs: &[(i64, &str, i64, &str, &str, &str, Value)] = &[
        (
            149_873_535,
            "HQ-San-Jose",
            0,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "CORPORATE",
            json!({"ipAddresses": ["198.51.100.10"], "authRequired": true, "sslScanEnabled": true, "xffForwardEnabled": true, "surrogateIP": true, "idleTimeInMinutes": 480, "displayTimeUnit": "HOUR", "ofwEnabled": true, "ipsControl": true, "upBandwidth": 100000, "dnBandwidth": 500000, "state": "California", "description": "Headquarters"}),
        ),
        (
            149_873_536,
            "Branch-Toronto",
            0,
            "CANADA",
            "CANADA_AMERICA_TORONTO",
            "CORPORATE",
            json!({"ipAddresses": ["198.51.100.20"], "authRequired": true, "ofwEnabled": true, "state": "Ontario", "description": "Toronto branch office"}),
        ),
        (
            36_788_941,
            "AWS-us-west-2-vpc-sandbox",
            0,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "WORKLOAD",
            json!({"ecLocation": true, "ccLocation": true, "xffForwardEnabled": true, "ofwEnabled": true, "ipsControl": true, "description": "Cloud workload egress", "subLocScopeEnabled": true}),
        ),
        (
            149_873_537,
            "London-Guest-Wifi",
            0,
            "UNITED_KINGDOM",
            "UNITED_KINGDOM_EUROPE_LONDON",
            "GUESTWIFI",
            json!({"ipAddresses": ["203.0.113.30"], "aupEnabled": true, "aupTimeoutInDays": 1, "cautionEnabled": true, "description": "Guest wireless"}),
        ),
        (
            149_873_538,
            "HQ-San-Jose-Servers",
            149_873_535,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "SERVER",
            json!({"ipAddresses": ["10.10.0.0-10.10.255.255"], "ofwEnabled": true, "description": "Server VLAN sub-location"}),
        ),
    ];
    let mut out: Vec<Value> = specs
        .iter()
        .map(|(id, name, parent, country, tz, profile, extra)| {
            let mut o = location_defaults().as_object().cloned().unwrap_or_default();
            o.insert("id".into(), json!(id));
            o.insert("name".into(), json!(name));
            o.insert("parentId".into(), json!(parent));
            o.insert("country".into(), json!(country));
            o.insert("tz".into(), json!(tz));
            o.insert("profile".into(), json!(profile));
            let (gid, gname) = location_group_for_profile(profile);
            o.insert(
                "dynamiclocationGroups".into(),
                json!([{"id": gid, "name": gname}]),
            );
            if let Some(e) = extra.as_object() {
                overlay(&mut o, e);
            }
            Value::Object(o)
        })
        .collect();
    // childCount for the parent.
    for l in out.iter_mut() {
        if id_of(l) == Some(149_873_535) {
            if let Some(o) = l.as_object_mut() {
                o.insert("childCount".into(), json!(1));
            }
        }
    }
    out
}

fn seed_location_groups() -> Vec<Value> {
    let dynamic: &[(i64, &str, &str, &str)] = &[
        (
            24_326_827,
            "Unassigned Locations",
            "NONE",
            "Default Location Group - Unassigned",
        ),
        (
            24_326_828,
            "Corporate User Traffic Group",
            "CORPORATE",
            "Default Location Group - Corporate User Traffic",
        ),
        (
            24_326_829,
            "Server Traffic Group",
            "SERVER",
            "Default Location Group - Server Traffic",
        ),
        (
            24_326_830,
            "Guest Wifi Group",
            "GUESTWIFI",
            "Default Location Group - Guest Wifi",
        ),
        (
            24_326_831,
            "IoT Traffic Group",
            "IOT",
            "Default Location Group - IoT Traffic",
        ),
        (
            59_050_241,
            "Workload Traffic Group",
            "WORKLOAD",
            "Default Location Group - Workload Traffic",
        ),
    ];
    let mut out: Vec<Value> = dynamic
        .iter()
        .map(|(id, name, profile, comments)| {
            json!({
                "id": id, "name": name, "groupType": "DYNAMIC_GROUP",
                "dynamicLocationGroupCriteria": {"profiles": [profile]},
                "locations": [], "comments": comments,
                "lastModTime": 1_619_561_356, "predefined": true
            })
        })
        .collect();
    out.push(json!({
        "id": 66_754_722, "name": "SDWAN_USA", "groupType": "STATIC_GROUP",
        "locations": [{"id": 149_873_535, "name": "HQ-San-Jose"}],
        "comments": "US SD-WAN sites", "lastModTime": SEED_TIME, "predefined": false
    }));
    out
}

const DEPARTMENTS: [(i64, &str); 8] = [
    (68_759_301, "Engineering"),
    (68_759_302, "Finance"),
    (68_759_303, "Human Resources"),
    (68_759_304, "Legal"),
    (68_759_305, "Marketing"),
    (68_759_306, "Sales"),
    (68_759_307, "Support"),
    (24_326_815, "Service Admin"),
];

const GROUPS: [(i64, &str); 8] = [
    (62_718_401, "Engineering"),
    (62_718_402, "Finance"),
    (62_718_403, "All Employees"),
    (62_718_404, "Contractors"),
    (62_718_405, "Executives"),
    (62_718_406, "IT Admins"),
    (62_718_407, "Sales Team"),
    (24_326_814, "Service Admin"),
];

fn seed_users() -> Vec<Value> {
    (1..=250_i64)
        .map(|n| {
            let (did, dname) = DEPARTMENTS[((n - 1) % 7) as usize];
            let (gid, gname) = GROUPS[((n - 1) % 7) as usize];
            let mut groups = vec![json!({"id": gid, "name": gname})];
            if gid != 62_718_403 {
                groups.push(json!({"id": 62_718_403, "name": "All Employees"}));
            }
            json!({
                "id": 72_000_000 + n,
                "name": format!("User {n:03}"),
                "email": format!("user{n:03}@sandbox.example.com"),
                "groups": groups,
                "department": {"id": did, "name": dname},
                "comments": "",
                "adminUser": n <= 3,
                "isNonEditable": false,
                "pwdLastModifiedTime": 0,
                "deleted": false,
                "pilotUser": false,
            })
        })
        .collect()
}

fn seed_admin_users() -> Vec<Value> {
    let specs: &[(i64, &str, &str, i64, &str, &str)] = &[
        (
            165_214_882,
            "admin@sandbox.example.com",
            "Sandbox Admin",
            11521,
            "Super Admin",
            "EXEC_INSIGHT_AND_ORG_ADMIN",
        ),
        (
            165_215_336,
            "secops@sandbox.example.com",
            "SecOps Analyst",
            51988,
            "API_Role01",
            "PUBLIC_API",
        ),
        (
            165_215_387,
            "auditor@sandbox.example.com",
            "Read Only Auditor",
            72345,
            "API_Role_READONLY",
            "PUBLIC_API",
        ),
    ];
    specs
        .iter()
        .map(|(id, login, uname, rid, rname, rtype)| {
            json!({
                "id": id, "loginName": login, "userName": uname, "email": login,
                "role": {"id": rid, "name": rname, "isNameL10nTag": true,
                         "extensions": {"adminRank": "7", "roleType": rtype}},
                "adminScopescopeGroupMemberEntities": [],
                "adminScopeType": "ORGANIZATION",
                "adminScopeScopeEntities": [],
                "disabled": false,
                "isPasswordLoginAllowed": true,
                "pwdLastModifiedTime": SEED_TIME,
                "name": uname,
            })
        })
        .collect()
}

impl ZiaState {
    pub(crate) fn seeded() -> ZiaState {
        ZiaState {
            activation: "ACTIVE".to_string(),
            activation_in_progress_polls: 0,
            polls_left: 0,
            url_categories: seed_categories(),
            next_custom: 4,
            next_val: 131,
            url_rules: seed_url_rules(),
            fw_rules: seed_fw_rules(),
            locations: seed_locations(),
            location_groups: seed_location_groups(),
            users: seed_users(),
            departments: DEPARTMENTS
                .iter()
                .map(|(id, name)| json!({"id": id, "name": name, "comments": name}))
                .collect(),
            groups: GROUPS
                .iter()
                .map(|(id, name)| json!({"id": id, "name": name, "comments": name}))
                .collect(),
            rule_labels: seed_rule_labels(),
            admin_users: seed_admin_users(),
            eusa: json!({"id": 3183, "version": {"id": 7, "name": "SLA-11-01-16"}, "acceptedStatus": true}),
            next_id: 180_000_000,
            more: crate::zia_more::MoreState::seeded(),
        }
    }
}

#[cfg(test)]
mod tests {
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
