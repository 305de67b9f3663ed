//! ZPA under `/zpa/mgmtconfig/{v1,v2}/admin/customers/{customerId}/...` and
//! `/zpa/userconfig/v1/customers/{customerId}/...`: string ids and string
//! numbers, lists as `{"totalPages":"N","totalCount":"M","list":[...]}`,
//! `page`/`pagesize` paging (default 20, max 500), `search=name+EQ+value`
//! filters, POST → 201 with the object, PUT → 204, DELETE → 204, unknown id →
//! 400 `resource.not.found`.
//!
//! Both API versions are accepted for every resource here (the real API
//! serves some lists only on v2, e.g. `/idp`); the simulator is lenient.
//!
//! Every collection goes through the one CRUD engine (`crud::serve`) in the
//! ZPA `dialect`, from three tables: the core collections (application
//! segments, segment, server and connector groups, IdPs, SCIM groups by
//! IdP) and the rules of the policy sets in `core_specs`, with their
//! validators, renderers and rule ordering (`rules`), and the registry in
//! `specs`. The policy sets themselves and rule reordering are routed
//! here; the Browser Access / PRA / inspection sub-applications (`apps`),
//! the non-access policy types (`policy`), the lookups and bulk actions
//! (`lookups`) and the LSS catalogs (`lss`) are reached through hooks here.
//!
//! A customer id other than the configured one gets 401
//! `{"id":"access.denied","reason":"Access denied"}`: that is the only ZPA
//! access-denied body the reference documents (zscaler-api.md §3.4), and it
//! differs from the gateway's 401 body, so clients can tell the two apart.
//!
//! Validation errors that the reference does not document (missing name,
//! bad body, bad order, bad search) use simulator-chosen ids in the ZPA
//! `{"id","reason","params"}` shape. None of them uses `bad.request`, which the
//! Go SDK treats as retryable.

pub(crate) mod apps;
mod core_seeds;
mod core_specs;
mod dialect;
mod lookups;
mod lss;
pub(crate) mod policy;
mod registry;
mod rules;
mod seeds;
mod specs;

use core_specs::*;
pub use registry::{zpa_collections, ZpaCollectionInfo};
use rules::*;

use crate::crud::Built;
use crate::util::{
    keys_first, now_secs, overlay, page_slice, parse_count, scalar_string, str_field, Req, Resp,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

pub(crate) const MODIFIED_BY: &str = "216196257331372705";
pub(crate) const SEED_TIME: &str = "1773000000";
const DEFAULT_PAGE_SIZE: u64 = 20;
const MAX_PAGE_SIZE: u64 = 500;

// ---------------------------------------------------------------- errors

pub(crate) fn not_found(id: &str) -> Resp {
    Resp::json(
        400,
        json!({"id":"resource.not.found","reason":format!("No resource exists with the given id/name :{id}"),"params":[id]}),
    )
}

pub(crate) fn access_denied() -> Resp {
    Resp::json(401, json!({"id":"access.denied","reason":"Access denied"}))
}

pub(crate) fn invalid_body() -> Resp {
    Resp::json(
        400,
        json!({"id":"invalid.request.body","reason":"The request body is missing or is not a valid JSON object"}),
    )
}

pub(crate) fn invalid(id: &str, reason: &str, params: &[&str]) -> Resp {
    Resp::json(400, json!({"id": id, "reason": reason, "params": params}))
}

pub(crate) fn method_not_allowed(m: &Method) -> Resp {
    Resp::json(
        405,
        json!({"id":"method.not.allowed","reason":format!("Request method '{m}' is not supported")}),
    )
}

pub(crate) fn no_route(req: &Req) -> Resp {
    Resp::json(
        404,
        json!({"id":"api.not.found","reason":format!("No API found for /{}", req.segs.join("/"))}),
    )
}

// ---------------------------------------------------------------- helpers

pub(crate) fn sid(v: &Value) -> String {
    v.get("id").and_then(scalar_string).unwrap_or_default()
}

pub(crate) fn find<'a>(list: &'a [Value], id: &str) -> Option<&'a Value> {
    list.iter().find(|v| sid(v) == id)
}

/// Convert the listed fields to strings when a client sent numbers.
pub(crate) fn stringify(obj: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = obj.get(*k) {
            if matches!(v, Value::Number(_)) {
                let s = scalar_string(v).unwrap_or_default();
                obj.insert((*k).to_string(), Value::String(s));
            }
        }
    }
}

/// `[{id}]` list → ids (as strings); None if the field is not an array.
pub(crate) fn ref_ids(v: Option<&Value>) -> Option<Vec<String>> {
    let arr = v?.as_array()?;
    Some(
        arr.iter()
            .filter_map(|r| {
                r.get("id")
                    .and_then(scalar_string)
                    .or_else(|| scalar_string(r))
            })
            .collect(),
    )
}

#[derive(Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Contains,
    StartsWith,
    EndsWith,
    Gt,
    Lt,
    Ge,
    Le,
}

pub(crate) struct Filter {
    field: String,
    op: Op,
    value: String,
}

/// Parse ZPA's `field+OP+value` search (the separators arrive as '+' when
/// sent as %2B, or as spaces when sent as a literal '+'). A search without
/// an operator is a plain "name contains".
pub(crate) fn parse_search(s: &str) -> Filter {
    let s = s.trim();
    let mut parts = s.splitn(3, ['+', ' ']);
    let field = parts.next().unwrap_or("");
    let op = parts.next().unwrap_or("");
    let value = parts.next();
    let op = match op.to_ascii_uppercase().as_str() {
        "EQ" => Some(Op::Eq),
        "NE" => Some(Op::Ne),
        "CONTAINS" => Some(Op::Contains),
        "STARTSWITH" => Some(Op::StartsWith),
        "ENDSWITH" => Some(Op::EndsWith),
        "GT" => Some(Op::Gt),
        "LT" => Some(Op::Lt),
        "GE" => Some(Op::Ge),
        "LE" => Some(Op::Le),
        _ => None,
    };
    match (op, value) {
        (Some(op), Some(value)) if !field.is_empty() => Filter {
            field: field.to_string(),
            op,
            value: value.to_string(),
        },
        _ => Filter {
            field: "name".to_string(),
            op: Op::Contains,
            value: s.to_string(),
        },
    }
}

pub(crate) fn filter_matches(f: &Filter, item: &Value) -> bool {
    let Some(actual) = item.get(&f.field).and_then(scalar_string) else {
        return f.op == Op::Ne;
    };
    let a = actual.to_lowercase();
    let v = f.value.to_lowercase();
    let cmp = || match (actual.trim().parse::<f64>(), f.value.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y),
        _ => Some(a.cmp(&v)),
    };
    match f.op {
        Op::Eq => a == v,
        Op::Ne => a != v,
        Op::Contains => a.contains(&v),
        Op::StartsWith => a.starts_with(&v),
        Op::EndsWith => a.ends_with(&v),
        Op::Gt => cmp() == Some(std::cmp::Ordering::Greater),
        Op::Lt => cmp() == Some(std::cmp::Ordering::Less),
        Op::Ge => matches!(
            cmp(),
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        ),
        Op::Le => matches!(
            cmp(),
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        ),
    }
}

/// Apply `search`, `page` and `pagesize`; `numeric` selects number-typed
/// counts (SCIM group lists) instead of strings.
pub(crate) fn zpa_list(req: &Req, items: Vec<Value>, numeric: bool) -> Resp {
    zpa_list_by(req, items, numeric, "name")
}

/// Like [`zpa_list`], with the `name` of a `search` looked up at
/// `name_path` ("name", or "config/name" for LSS configs).
pub(crate) fn zpa_list_by(req: &Req, items: Vec<Value>, numeric: bool, name_path: &str) -> Resp {
    let items: Vec<Value> = match req.q("search").filter(|s| !s.trim().is_empty()) {
        Some(s) => {
            let f = parse_search(s);
            items
                .into_iter()
                .filter(|i| {
                    if f.field == "name" && name_path != "name" {
                        let name = i
                            .pointer(&format!("/{name_path}"))
                            .cloned()
                            .unwrap_or(Value::Null);
                        filter_matches(&f, &json!({ "name": name }))
                    } else {
                        filter_matches(&f, i)
                    }
                })
                .collect()
        }
        None => items,
    };
    page_envelope(req, items, numeric)
}

/// The `{totalPages,totalCount,list}` envelope of one page of `items`.
pub(crate) fn page_envelope(req: &Req, items: Vec<Value>, numeric: bool) -> Resp {
    let size = parse_count(req.q("pagesize"))
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    let page = parse_count(req.q("page")).filter(|n| *n > 0).unwrap_or(1);
    let total = items.len() as u64;
    let pages = total.div_ceil(size);
    let list = page_slice(&items, page, size);
    if numeric {
        Resp::ok(json!({"totalPages": pages, "totalCount": total, "list": list}))
    } else {
        Resp::ok(json!({
            "totalPages": pages.to_string(),
            "totalCount": total.to_string(),
            "list": list,
        }))
    }
}

// ---------------------------------------------------------------- state

/// The core collections' places in `ZpaState` (see `core_specs`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coll {
    Apps,
    SegmentGroups,
    ServerGroups,
    ConnectorGroups,
    Idps,
    ScimGroups,
    Rules,
}

pub(crate) struct ZpaState {
    pub(crate) apps: Vec<Value>,
    pub(crate) segment_groups: Vec<Value>,
    pub(crate) server_groups: Vec<Value>,
    pub(crate) connector_groups: Vec<Value>,
    /// (policy type name, policy set object)
    policy_sets: Vec<(&'static str, Value)>,
    /// Rules of all policy sets; each carries `policySetId`.
    pub(crate) rules: Vec<Value>,
    pub(crate) idps: Vec<Value>,
    scim_groups: Vec<Value>,
    /// The registry-driven collections and helpers of `registry`.
    pub(crate) more: registry::MoreState,
    /// Last id handed out to a core object; a Cell because validators
    /// that only read the state still number the sub-apps they create.
    next_id: std::cell::Cell<u64>,
    /// Last id handed out to a rule condition or operand (a Cell for the
    /// same reason as `next_id`).
    next_cond_id: std::cell::Cell<u64>,
}

impl ZpaState {
    pub(crate) fn new_id(&self) -> String {
        let id = self.next_id.get().saturating_add(1);
        self.next_id.set(id);
        id.to_string()
    }

    fn new_cond_id(&self) -> String {
        let id = self.next_cond_id.get().saturating_add(1);
        self.next_cond_id.set(id);
        id.to_string()
    }

    pub(crate) fn coll(&self, c: Coll) -> &Vec<Value> {
        match c {
            Coll::Apps => &self.apps,
            Coll::SegmentGroups => &self.segment_groups,
            Coll::ServerGroups => &self.server_groups,
            Coll::ConnectorGroups => &self.connector_groups,
            Coll::Idps => &self.idps,
            Coll::ScimGroups => &self.scim_groups,
            Coll::Rules => &self.rules,
        }
    }

    pub(crate) fn coll_mut(&mut self, c: Coll) -> &mut Vec<Value> {
        match c {
            Coll::Apps => &mut self.apps,
            Coll::SegmentGroups => &mut self.segment_groups,
            Coll::ServerGroups => &mut self.server_groups,
            Coll::ConnectorGroups => &mut self.connector_groups,
            Coll::Idps => &mut self.idps,
            Coll::ScimGroups => &mut self.scim_groups,
            Coll::Rules => &mut self.rules,
        }
    }

    pub(crate) fn policy_set_by_type(&self, t: &str) -> Option<&Value> {
        let t = t.to_ascii_uppercase();
        let canonical = match t.as_str() {
            "GLOBAL_POLICY" => "ACCESS_POLICY",
            "REAUTH_POLICY" => "TIMEOUT_POLICY",
            "BYPASS_POLICY" => "CLIENT_FORWARDING_POLICY",
            other => other,
        };
        self.policy_sets
            .iter()
            .find(|(n, _)| *n == canonical)
            .map(|(_, v)| v)
    }

    fn policy_set_by_id(&self, id: &str) -> Option<&Value> {
        self.policy_sets
            .iter()
            .map(|(_, v)| v)
            .find(|v| sid(v) == id)
    }

    /// A rule with its connector and server groups embedded.
    fn render_rule(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        let shape = |g: &Value| core_specs::without(g, &["connectors", "appConnectorGroups"]);
        for (field, source) in [
            ("appConnectorGroups", &self.connector_groups),
            ("appServerGroups", &self.server_groups),
        ] {
            if let Some(list) = core_specs::embedded(v, field, source, shape) {
                o.insert(field.into(), list);
            }
        }
        policy::render(self, &mut o);
        Value::Object(o)
    }
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &mut ZpaState, req: &Req, customer_id: &str) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    // /zpa/mgmtconfig/{v1|v2}/admin/customers/{cid}/...
    // /zpa/userconfig/v1/customers/{cid}/...
    // /zpa/mgmtconfig/v2/admin/lssConfig/... (LSS catalogs, mostly outside
    // the customer path)
    let (cid, rest, userconfig, version) = match segs.as_slice() {
        ["zpa", "mgmtconfig", "v2", "admin", "lssConfig", rest @ ..] => {
            return lss::lss_catalog(req, rest, customer_id).unwrap_or_else(|| no_route(req));
        }
        ["zpa", "mgmtconfig", v @ ("v1" | "v2"), "admin", "customers", cid, rest @ ..] => {
            (*cid, rest, false, *v)
        }
        ["zpa", "userconfig", "v1", "customers", cid, rest @ ..] => (*cid, rest, true, "v1"),
        _ => return no_route(req),
    };
    if cid != customer_id {
        return access_denied();
    }
    let found = if userconfig {
        dialect::route_core(st, req, rest, dialect::Table::User)
            .or_else(|| lookups::route_userconfig(st, req, rest))
    } else {
        route_apps_by_type(st, req, rest)
            .or_else(|| dialect::route_core(st, req, rest, dialect::Table::Mgmt))
            .or_else(|| route_policy_sets(st, req, rest))
            .or_else(|| dialect::route_core(st, req, rest, dialect::Table::Rules))
            .or_else(|| registry::route(st, req, rest, version))
    };
    found.unwrap_or_else(|| no_route(req))
}

/// `GET /application/getAppsByType` (beside the application segments).
fn route_apps_by_type(st: &ZpaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    match (rest, &req.method) {
        (["application", "getAppsByType"], &Method::GET) => Some(apps::by_type(st, req)),
        (["application", "getAppsByType"], m) => Some(method_not_allowed(m)),
        _ => None,
    }
}

/// Policy sets and their rules. None when `rest` is not one of them.
fn route_policy_sets(st: &mut ZpaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["policySet", "policyType", t] => match *m {
            Method::GET => match st.policy_set_by_type(t) {
                Some(ps) => Resp::ok(ps.clone()),
                None => invalid(
                    "invalid.policy.type",
                    &format!("Invalid policy type {t}"),
                    &[t],
                ),
            },
            _ => method_not_allowed(m),
        },
        ["policySet", ps] => match *m {
            Method::GET => match st.policy_set_by_id(ps) {
                Some(v) => Resp::ok(v.clone()),
                None => not_found(ps),
            },
            _ => method_not_allowed(m),
        },
        ["policySet", ps, "reorder"] => match *m {
            Method::PUT => rules_bulk_reorder(st, req, ps),
            _ => method_not_allowed(m),
        },
        ["policySet", ps, "rule", rid, "reorder", order] => match *m {
            Method::PUT => rule_reorder(st, ps, rid, order),
            _ => method_not_allowed(m),
        },
        _ => return None,
    };
    Some(resp)
}

/// ZPA behind the simulator's product trait.
pub(crate) struct Zpa {
    pub(crate) state: std::sync::Mutex<ZpaState>,
    /// The customer id expected in paths.
    pub(crate) customer_id: String,
}

impl crate::product::Product for Zpa {
    fn segment(&self) -> &'static str {
        "zpa"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(
            &mut crate::product::lock(&self.state),
            req,
            &self.customer_id,
        )
    }

    fn content_type(&self, gateway_401: bool) -> &'static str {
        if gateway_401 {
            "application/json"
        } else {
            "application/json;charset=utf-8"
        }
    }

    fn errors(&self) -> crate::product::ErrorDialect {
        crate::product::ErrorDialect::Zpa
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::core_seeds::IDP_ID;
    use super::*;

    #[test]
    fn search_parsing() {
        let f = parse_search("name+EQ+app01");
        assert_eq!(
            (f.field.as_str(), &f.op, f.value.as_str()),
            ("name", &Op::Eq, "app01")
        );
        let f = parse_search("name EQ my app+x");
        assert_eq!((f.op, f.value.as_str()), (Op::Eq, "my app+x"));
        let f = parse_search("app0");
        assert_eq!(
            (f.field.as_str(), f.op, f.value.as_str()),
            ("name", Op::Contains, "app0")
        );
        let f = parse_search("name+STARTSWITH+App1");
        assert!(filter_matches(&f, &json!({"name": "app12"})));
        assert!(!filter_matches(&f, &json!({"name": "app21"})));
    }

    #[test]
    fn seeds() {
        let st = ZpaState::seeded();
        assert_eq!(st.apps.len(), 25);
        assert_eq!(st.rules.len(), 5);
        assert_eq!(st.segment_groups.len(), 3);
        let r = &st.rules[0];
        assert_eq!(
            r.pointer("/conditions/1/operands/0/idpName"),
            Some(&json!("Sandbox_Okta_Users"))
        );
        assert_eq!(
            r.pointer("/conditions/0/operands/0/name"),
            Some(&json!("Engineering-Apps"))
        );
    }

    /// `(status, JSON body)` of a ZPA request on seeded data.
    fn call(st: &mut ZpaState, method: Method, path: &str, body: &str) -> (u16, Value) {
        let req = Req {
            method,
            segs: path.split('/').map(String::from).collect(),
            query: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
        let resp = handle(st, &req, "c1");
        match resp.body {
            crate::util::RespBody::Json(v) => (resp.status, v),
            _ => (resp.status, Value::Null),
        }
    }

    #[test]
    fn core_collections_through_the_engine() {
        let mut st = ZpaState::seeded_full();
        let m = "zpa/mgmtconfig/v1/admin/customers/c1";
        let u = "zpa/userconfig/v1/customers/c1";
        // The name is checked before anything else, and a rejected create
        // takes no id.
        let bad = call(&mut st, Method::POST, &format!("{m}/application"), "{}");
        assert_eq!(
            bad,
            (
                400,
                json!({"id": "invalid.input.name", "reason": "name is required", "params": ["name"]})
            )
        );
        let (status, sg) = call(
            &mut st,
            Method::POST,
            &format!("{m}/segmentGroup"),
            r#"{"name":" sg ","tcpKeepAliveEnabled":1}"#,
        );
        assert_eq!(status, 201);
        assert_eq!(
            (
                &sg["id"],
                &sg["name"],
                &sg["tcpKeepAliveEnabled"],
                &sg["applications"]
            ),
            (
                &json!("216196257331410001"),
                &json!("sg"),
                &json!("1"),
                &json!([])
            )
        );
        let put = call(&mut st, Method::PUT, &format!("{m}/idp/{IDP_ID}"), "{}");
        assert_eq!(put.0, 405);
        // SCIM groups by IdP: an unknown IdP is a 400, other verbs a 405,
        // and nothing is served below the list.
        let unknown = call(&mut st, Method::GET, &format!("{u}/scimgroup/idpId/9"), "");
        assert_eq!(unknown.0, 400);
        let post = call(&mut st, Method::POST, &format!("{u}/scimgroup/idpId/9"), "");
        assert_eq!(post.0, 405);
        let below = call(
            &mut st,
            Method::GET,
            &format!("{u}/scimgroup/idpId/9/x"),
            "",
        );
        assert_eq!(below.0, 404);
        let (status, list) = call(
            &mut st,
            Method::GET,
            &format!("{u}/scimgroup/idpId/{IDP_ID}"),
            "",
        );
        assert_eq!(
            (status, &list["totalCount"]),
            (200, &json!(st.scim_groups.len()))
        );
    }

    #[test]
    fn policy_rules_through_the_engine() {
        let mut st = ZpaState::seeded();
        let set = "zpa/mgmtconfig/v1/admin/customers/c1/policySet/216196257331281925";
        let body = r#"{"name":"Second","action":"deny","ruleOrder":"2"}"#;
        let (status, r) = call(&mut st, Method::POST, &format!("{set}/rule"), body);
        assert_eq!(
            (status, &r["id"], &r["ruleOrder"], &r["action"]),
            (
                201,
                &json!("216196257331410001"),
                &json!("2"),
                &json!("DENY")
            )
        );
        let orders: Vec<String> = sorted_rules(&st, "216196257331281925")
            .iter()
            .map(|r| format!("{}:{}", sid(r), str_field(r, "ruleOrder")))
            .collect();
        assert_eq!(
            orders,
            vec![
                "216196257331404600:1",
                "216196257331410001:2",
                "216196257331404601:3",
                "216196257331404602:4",
                "216196257331404603:5",
                "216196257331404604:6",
            ]
        );
        // A verb the rule path does not serve: the set, then the rule,
        // must exist first.
        let refused =
            |st: &mut ZpaState, path: &str| call(st, Method::POST, path, "").1["id"].clone();
        assert_eq!(
            refused(&mut st, &format!("{set}9/rule/1")),
            "resource.not.found"
        );
        assert_eq!(
            refused(&mut st, &format!("{set}/rule/1")),
            "resource.not.found"
        );
        let known = format!("{set}/rule/216196257331410001");
        assert_eq!(refused(&mut st, &known), "method.not.allowed");
        assert_eq!(call(&mut st, Method::DELETE, &known, "").0, 204);
        assert_eq!(st.rules.len(), 5);
    }

    #[test]
    fn port_sync() {
        let mut o = json!({"tcpPortRanges": [9001, "9002"]})
            .as_object()
            .cloned()
            .unwrap();
        sync_ports(&mut o, "tcpPortRanges", "tcpPortRange").unwrap();
        assert_eq!(o["tcpPortRange"], json!([{"from":"9001","to":"9002"}]));
        let mut o = json!({"tcpPortRange": [{"from": "80", "to": "81"}]})
            .as_object()
            .cloned()
            .unwrap();
        sync_ports(&mut o, "tcpPortRanges", "tcpPortRange").unwrap();
        assert_eq!(o["tcpPortRanges"], json!(["80", "81"]));
        let mut o = json!({"tcpPortRanges": ["9001"]})
            .as_object()
            .cloned()
            .unwrap();
        assert!(sync_ports(&mut o, "tcpPortRanges", "tcpPortRange").is_err());
    }
}
