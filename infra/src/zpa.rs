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
//! This file holds the core (application segments, segment, server and
//! connector groups, policy sets and rules, IdPs, SCIM groups); everything
//! else, and the Browser Access / PRA / inspection sub-applications and the
//! non-access policy types, is in `zpa_more`, reached through hooks here.
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

use crate::util::{
    keys_first, now_secs, overlay, page_slice, parse_count, scalar_string, str_field, Req, Resp,
};
use crate::zpa_more;
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

fn position(list: &[Value], id: &str) -> Option<usize> {
    list.iter().position(|v| sid(v) == id)
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coll {
    Apps,
    SegmentGroups,
    ServerGroups,
    ConnectorGroups,
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
    /// The registry-driven collections and helpers of `zpa_more`.
    pub(crate) more: zpa_more::MoreState,
    next_id: u64,
    next_cond_id: u64,
}

impl ZpaState {
    pub(crate) fn new_id(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    fn new_cond_id(&mut self) -> String {
        self.next_cond_id += 1;
        self.next_cond_id.to_string()
    }

    fn coll(&self, c: Coll) -> &Vec<Value> {
        match c {
            Coll::Apps => &self.apps,
            Coll::SegmentGroups => &self.segment_groups,
            Coll::ServerGroups => &self.server_groups,
            Coll::ConnectorGroups => &self.connector_groups,
        }
    }

    fn coll_mut(&mut self, c: Coll) -> &mut Vec<Value> {
        match c {
            Coll::Apps => &mut self.apps,
            Coll::SegmentGroups => &mut self.segment_groups,
            Coll::ServerGroups => &mut self.server_groups,
            Coll::ConnectorGroups => &mut self.connector_groups,
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

    // ------------------------------------------------------------ rendering

    fn render(&self, c: Coll, v: &Value) -> Value {
        match c {
            Coll::Apps => self.render_app(v),
            Coll::SegmentGroups => self.render_segment_group(v),
            Coll::ServerGroups => self.render_server_group(v),
            Coll::ConnectorGroups => self.render_connector_group(v),
        }
    }

    /// A connector group with its `connectors` (the app connectors of
    /// `zpa_more` that belong to it).
    fn render_connector_group(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        o.insert(
            "connectors".into(),
            Value::Array(zpa_more::connectors_of_group(self, &sid(v))),
        );
        Value::Object(o)
    }

    fn render_app(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        let sg_id = str_field(v, "segmentGroupId").to_string();
        if let Some(sg) = find(&self.segment_groups, &sg_id) {
            o.insert(
                "segmentGroupName".into(),
                sg.get("name").cloned().unwrap_or(Value::Null),
            );
        }
        if let Some(ids) = ref_ids(v.get("serverGroups")) {
            let groups: Vec<Value> = ids
                .iter()
                .map(|id| match find(&self.server_groups, id) {
                    Some(g) => {
                        let mut s = Map::new();
                        for k in [
                            "id",
                            "modifiedTime",
                            "creationTime",
                            "modifiedBy",
                            "name",
                            "enabled",
                            "description",
                            "configSpace",
                            "extranetEnabled",
                            "dynamicDiscovery",
                        ] {
                            if let Some(x) = g.get(k) {
                                s.insert(k.into(), x.clone());
                            }
                        }
                        Value::Object(s)
                    }
                    None => json!({"id": id}),
                })
                .collect();
            o.insert("serverGroups".into(), Value::Array(groups));
        }
        zpa_more::apps::render(self, &mut o);
        Value::Object(o)
    }

    fn app_summary(app: &Value) -> Value {
        let mut s = Map::new();
        for k in [
            "id",
            "modifiedTime",
            "creationTime",
            "modifiedBy",
            "name",
            "description",
            "enabled",
            "passiveHealthEnabled",
            "tcpPortRanges",
            "udpPortRanges",
            "doubleEncrypt",
            "healthCheckType",
            "icmpAccessType",
            "bypassType",
            "configSpace",
            "ipAnchored",
            "tcpKeepAlive",
            "matchStyle",
            "tcpPortRange",
            "udpPortRange",
        ] {
            if let Some(x) = app.get(k) {
                s.insert(k.into(), x.clone());
            }
        }
        if let Some(d) = app.get("domainNames").and_then(Value::as_array) {
            if let Some(first) = d.first() {
                s.insert("domainName".into(), first.clone());
            }
            s.insert("domainNames".into(), Value::Array(d.clone()));
        }
        Value::Object(s)
    }

    fn render_segment_group(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        let id = sid(v);
        let apps: Vec<Value> = self
            .apps
            .iter()
            .filter(|a| str_field(a, "segmentGroupId") == id)
            .map(Self::app_summary)
            .collect();
        o.insert("applications".into(), Value::Array(apps));
        Value::Object(o)
    }

    fn render_server_group(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        let id = sid(v);
        let apps: Vec<Value> = self
            .apps
            .iter()
            .filter(|a| ref_ids(a.get("serverGroups")).is_some_and(|ids| ids.contains(&id)))
            .map(|a| json!({"id": sid(a), "name": a.get("name"), "enabled": a.get("enabled")}))
            .collect();
        o.insert("applications".into(), Value::Array(apps));
        if let Some(ids) = ref_ids(v.get("appConnectorGroups")) {
            let groups: Vec<Value> = ids
                .iter()
                .map(|cid| match find(&self.connector_groups, cid) {
                    Some(g) => {
                        let mut g = g.clone();
                        if let Some(m) = g.as_object_mut() {
                            m.remove("connectors");
                        }
                        g
                    }
                    None => json!({"id": cid}),
                })
                .collect();
            o.insert("appConnectorGroups".into(), Value::Array(groups));
        }
        Value::Object(o)
    }

    fn render_rule(&self, v: &Value) -> Value {
        let mut o = v.as_object().cloned().unwrap_or_default();
        for (field, source) in [
            ("appConnectorGroups", &self.connector_groups),
            ("appServerGroups", &self.server_groups),
        ] {
            if let Some(ids) = ref_ids(v.get(field)) {
                let list: Vec<Value> = ids
                    .iter()
                    .map(|id| match find(source, id) {
                        Some(g) => {
                            let mut g = g.clone();
                            if let Some(m) = g.as_object_mut() {
                                m.remove("connectors");
                                m.remove("appConnectorGroups");
                            }
                            g
                        }
                        None => json!({"id": id}),
                    })
                    .collect();
                o.insert(field.into(), Value::Array(list));
            }
        }
        zpa_more::policy::render(self, &mut o);
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
            return zpa_more::special::lss_catalog(req, rest, customer_id)
                .unwrap_or_else(|| no_route(req));
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
    let m = &req.method;
    if userconfig {
        return match rest {
            ["scimgroup", "idpId", idp] => match *m {
                Method::GET => {
                    if find(&st.idps, idp).is_none() {
                        return not_found(idp);
                    }
                    let items: Vec<Value> = st
                        .scim_groups
                        .iter()
                        .filter(|g| g.get("idpId").and_then(scalar_string).as_deref() == Some(*idp))
                        .cloned()
                        .collect();
                    zpa_list(req, items, true)
                }
                _ => method_not_allowed(m),
            },
            ["scimgroup", id] => match *m {
                Method::GET => match find(&st.scim_groups, id) {
                    Some(g) => Resp::ok(g.clone()),
                    None => not_found(id),
                },
                _ => method_not_allowed(m),
            },
            _ => {
                zpa_more::special::route_userconfig(st, req, rest).unwrap_or_else(|| no_route(req))
            }
        };
    }
    match rest {
        ["application"] => collection(st, req, Coll::Apps),
        ["application", "getAppsByType"] => match *m {
            Method::GET => zpa_more::apps::by_type(st, req),
            _ => method_not_allowed(m),
        },
        ["application", id] => item(st, req, Coll::Apps, id),
        ["segmentGroup"] => collection(st, req, Coll::SegmentGroups),
        ["segmentGroup", id] => item(st, req, Coll::SegmentGroups, id),
        ["serverGroup"] => collection(st, req, Coll::ServerGroups),
        ["serverGroup", id] => item(st, req, Coll::ServerGroups, id),
        ["appConnectorGroup"] => collection(st, req, Coll::ConnectorGroups),
        ["appConnectorGroup", id] => item(st, req, Coll::ConnectorGroups, id),

        ["idp"] => match *m {
            Method::GET => zpa_list(req, st.idps.clone(), false),
            _ => method_not_allowed(m),
        },
        ["idp", id] => match *m {
            Method::GET => match find(&st.idps, id) {
                Some(v) => Resp::ok(v.clone()),
                None => not_found(id),
            },
            _ => method_not_allowed(m),
        },

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
        ["policySet", "rules", "policyType", t] => match *m {
            Method::GET => {
                let Some(ps) = st.policy_set_by_type(t) else {
                    return invalid(
                        "invalid.policy.type",
                        &format!("Invalid policy type {t}"),
                        &[t],
                    );
                };
                let ps_id = sid(ps);
                let items: Vec<Value> = sorted_rules(st, &ps_id)
                    .iter()
                    .map(|r| st.render_rule(r))
                    .collect();
                zpa_list(req, items, false)
            }
            _ => method_not_allowed(m),
        },
        ["policySet", ps] => match *m {
            Method::GET => match st.policy_set_by_id(ps) {
                Some(v) => Resp::ok(v.clone()),
                None => not_found(ps),
            },
            _ => method_not_allowed(m),
        },
        ["policySet", ps, "rule"] => match *m {
            Method::POST => rule_create(st, req, ps),
            _ => method_not_allowed(m),
        },
        ["policySet", ps, "reorder"] => match *m {
            Method::PUT => rules_bulk_reorder(st, req, ps),
            _ => method_not_allowed(m),
        },
        ["policySet", ps, "rule", rid] => {
            if st.policy_set_by_id(ps).is_none() {
                return not_found(ps);
            }
            let Some(idx) = rule_index(st, ps, rid) else {
                return not_found(rid);
            };
            match *m {
                Method::GET => Resp::ok(st.render_rule(&st.rules[idx])),
                Method::PUT => rule_update(st, req, idx),
                Method::DELETE => {
                    st.rules.remove(idx);
                    renumber(st, ps);
                    Resp::no_content()
                }
                _ => method_not_allowed(m),
            }
        }
        ["policySet", ps, "rule", rid, "reorder", order] => match *m {
            Method::PUT => rule_reorder(st, ps, rid, order),
            _ => method_not_allowed(m),
        },
        _ => zpa_more::route(st, req, rest, version).unwrap_or_else(|| no_route(req)),
    }
}

// ---------------------------------------------------------------- generic CRUD

fn collection(st: &mut ZpaState, req: &Req, c: Coll) -> Resp {
    match req.method {
        Method::GET => {
            let items: Vec<Value> = st.coll(c).iter().map(|v| st.render(c, v)).collect();
            zpa_list(req, items, false)
        }
        Method::POST => {
            let Some(body) = req.json_object() else {
                return invalid_body();
            };
            match build(st, c, &body, None) {
                Ok(obj) => {
                    let out = st.render(c, &obj);
                    st.coll_mut(c).push(obj);
                    Resp::json(201, out)
                }
                Err(r) => r,
            }
        }
        _ => method_not_allowed(&req.method),
    }
}

fn item(st: &mut ZpaState, req: &Req, c: Coll, id: &str) -> Resp {
    let Some(idx) = position(st.coll(c), id) else {
        return match req.method {
            Method::GET | Method::PUT | Method::DELETE => not_found(id),
            _ => method_not_allowed(&req.method),
        };
    };
    match req.method {
        Method::GET => Resp::ok(st.render(c, &st.coll(c)[idx])),
        Method::PUT => {
            let Some(body) = req.json_object() else {
                return invalid_body();
            };
            let existing = st.coll(c)[idx].clone();
            match build(st, c, &body, Some(&existing)) {
                Ok(obj) => {
                    st.coll_mut(c)[idx] = obj;
                    Resp::no_content()
                }
                Err(r) => r,
            }
        }
        Method::DELETE => {
            // `forceDelete=true` is accepted (and has nothing more to do here).
            st.coll_mut(c).remove(idx);
            Resp::no_content()
        }
        _ => method_not_allowed(&req.method),
    }
}

fn defaults(c: Coll) -> Value {
    match c {
        Coll::Apps => json!({
            "id": "",
            "modifiedTime": "",
            "creationTime": "",
            "modifiedBy": "",
            "name": "",
            "domainNames": [],
            "description": "",
            "serverGroups": [],
            "enabled": true,
            "passiveHealthEnabled": true,
            "tcpPortRanges": [],
            "udpPortRanges": [],
            "doubleEncrypt": false,
            "configSpace": "DEFAULT",
            "bypassType": "NEVER",
            "healthCheckType": "DEFAULT",
            "icmpAccessType": "NONE",
            "isCnameEnabled": true,
            "ipAnchored": false,
            "bypassOnReauth": false,
            "inspectTrafficWithZia": false,
            "healthReporting": "ON_ACCESS",
            "useInDrMode": false,
            "tcpKeepAlive": "0",
            "selectConnectorCloseToApp": false,
            "matchStyle": "EXCLUSIVE",
            "isIncompleteDRConfig": false,
            "adpEnabled": false,
            "autoAppProtectEnabled": false,
            "apiProtectionEnabled": false,
            "fqdnDnsCheck": false,
            "weightedLoadBalancing": false,
            "extranetEnabled": false,
            "policyStyle": "NONE",
            "readOnly": false,
            "zscalerManaged": false,
            "microtenantName": "Default",
        }),
        Coll::SegmentGroups => json!({
            "id": "",
            "modifiedTime": "",
            "creationTime": "",
            "modifiedBy": "",
            "name": "",
            "description": "",
            "enabled": true,
            "configSpace": "DEFAULT",
            "tcpKeepAliveEnabled": "0",
            "readOnly": false,
            "zscalerManaged": false,
            "microtenantName": "Default",
        }),
        Coll::ServerGroups => json!({
            "id": "",
            "modifiedTime": "",
            "creationTime": "",
            "modifiedBy": "",
            "name": "",
            "enabled": true,
            "description": "",
            "ipAnchored": false,
            "configSpace": "DEFAULT",
            "extranetEnabled": false,
            "readOnly": false,
            "zscalerManaged": false,
            "microtenantName": "Default",
            "dynamicDiscovery": true,
            "appConnectorGroups": [],
            "servers": [],
        }),
        Coll::ConnectorGroups => json!({
            "id": "",
            "modifiedTime": "",
            "creationTime": "",
            "modifiedBy": "",
            "name": "",
            "enabled": true,
            "description": "",
            "versionProfileId": "0",
            "overrideVersionProfile": false,
            "versionProfileName": "Default",
            "upgradeTimeInSecs": "66600",
            "upgradeDay": "SUNDAY",
            "location": "",
            "latitude": "0",
            "longitude": "0",
            "dnsQueryType": "IPV4_IPV6",
            "cityCountry": "",
            "countryCode": "",
            "tcpQuickAckApp": false,
            "tcpQuickAckAssistant": false,
            "tcpQuickAckReadAssistant": false,
            "praEnabled": false,
            "useInDrMode": false,
            "connectorGroupType": "APP",
            "wafDisabled": false,
            "readOnly": false,
            "zscalerManaged": false,
            "lssAppConnectorGroup": false,
            "connectors": [],
        }),
    }
}

/// Port ranges come as flat from/to string pairs (`tcpPortRanges`) or as
/// `tcpPortRange:[{from,to}]`; keep both forms in step.
fn sync_ports(o: &mut Map<String, Value>, flat: &str, pairs: &str) -> Result<(), Resp> {
    let flat_vals: Vec<String> = o
        .get(flat)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(scalar_string).collect())
        .unwrap_or_default();
    let pair_vals: Vec<(String, String)> = o
        .get(pairs)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let from = p.get("from").and_then(scalar_string)?;
                    let to = p
                        .get("to")
                        .and_then(scalar_string)
                        .unwrap_or_else(|| from.clone());
                    Some((from, to))
                })
                .collect()
        })
        .unwrap_or_default();
    let ranges: Vec<(String, String)> = if !flat_vals.is_empty() {
        if !flat_vals.len().is_multiple_of(2) {
            return Err(invalid(
                "invalid.port.range",
                &format!("{flat} must hold from/to pairs"),
                &[flat],
            ));
        }
        flat_vals
            .chunks(2)
            .map(|c| (c[0].clone(), c[1].clone()))
            .collect()
    } else {
        pair_vals
    };
    for (from, to) in &ranges {
        let (Ok(f), Ok(t)) = (from.trim().parse::<u32>(), to.trim().parse::<u32>()) else {
            return Err(invalid(
                "invalid.port.range",
                "Ports must be numbers",
                &[from, to],
            ));
        };
        if f == 0 || t > 65535 || f > t {
            return Err(invalid(
                "invalid.port.range",
                "Invalid port range",
                &[from, to],
            ));
        }
    }
    let flat_out: Vec<Value> = ranges
        .iter()
        .flat_map(|(f, t)| [json!(f), json!(t)])
        .collect();
    let pairs_out: Vec<Value> = ranges
        .iter()
        .map(|(f, t)| json!({"from": f, "to": t}))
        .collect();
    o.insert(flat.into(), Value::Array(flat_out));
    if pairs_out.is_empty() {
        o.remove(pairs);
    } else {
        o.insert(pairs.into(), Value::Array(pairs_out));
    }
    Ok(())
}

/// Check that every `[{id}]` in `field` refers to an object in `source`, and
/// normalise the list to `[{"id":"..."}]`.
fn check_refs(o: &mut Map<String, Value>, field: &str, source: &[Value]) -> Result<(), Resp> {
    let Some(v) = o.get(field) else {
        return Ok(());
    };
    if v.is_null() {
        o.insert(field.into(), json!([]));
        return Ok(());
    }
    let Some(ids) = ref_ids(Some(v)) else {
        return Err(invalid_body());
    };
    for id in &ids {
        if find(source, id).is_none() {
            return Err(not_found(id));
        }
    }
    let refs: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    o.insert(field.into(), Value::Array(refs));
    Ok(())
}

/// Build the stored object for a create (existing None) or update (merge
/// onto existing).
fn build(
    st: &mut ZpaState,
    c: Coll,
    body: &Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Value, Resp> {
    let mut o = match existing {
        Some(e) => e.as_object().cloned().unwrap_or_default(),
        None => defaults(c).as_object().cloned().unwrap_or_default(),
    };
    let mut body = body.clone();
    for k in ["id", "creationTime", "modifiedTime", "modifiedBy"] {
        body.remove(k);
    }
    // Derived, read-only fields are never taken from the client.
    for k in ["applications", "segmentGroupName"] {
        body.remove(k);
    }
    if c == Coll::ConnectorGroups {
        // The group's connectors are the app connectors that enrolled in it.
        body.remove("connectors");
    }
    overlay(&mut o, &body);
    o.retain(|_, v| !v.is_null());
    let name = o
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(invalid("invalid.input.name", "name is required", &["name"]));
    }
    match c {
        Coll::Apps => {
            let domains_ok = o
                .get("domainNames")
                .and_then(Value::as_array)
                .is_some_and(|d| !d.is_empty() && d.iter().all(Value::is_string));
            if !domains_ok {
                return Err(invalid(
                    "invalid.input.domainNames",
                    "domainNames must be a non-empty list of names",
                    &["domainNames"],
                ));
            }
            stringify(&mut o, &["segmentGroupId", "tcpKeepAlive"]);
            let sg = str_field(&Value::Object(o.clone()), "segmentGroupId").to_string();
            if sg.is_empty() {
                return Err(invalid(
                    "invalid.input.segmentGroupId",
                    "segmentGroupId is required",
                    &["segmentGroupId"],
                ));
            }
            if find(&st.segment_groups, &sg).is_none() {
                return Err(not_found(&sg));
            }
            check_refs(&mut o, "serverGroups", &st.server_groups)?;
            sync_ports(&mut o, "tcpPortRanges", "tcpPortRange")?;
            sync_ports(&mut o, "udpPortRanges", "udpPortRange")?;
            // Browser Access, PRA and inspection sub-applications.
            zpa_more::apps::normalize(st, &mut o, &body, existing)?;
        }
        Coll::ServerGroups => {
            check_refs(&mut o, "appConnectorGroups", &st.connector_groups)?;
        }
        Coll::ConnectorGroups => {
            stringify(
                &mut o,
                &[
                    "latitude",
                    "longitude",
                    "upgradeTimeInSecs",
                    "versionProfileId",
                ],
            );
        }
        Coll::SegmentGroups => {
            stringify(&mut o, &["tcpKeepAliveEnabled"]);
        }
    }
    let now = now_secs().to_string();
    match existing {
        Some(_) => {
            o.insert("modifiedTime".into(), json!(now));
        }
        None => {
            let id = st.new_id();
            o.insert("id".into(), json!(id));
            o.insert("creationTime".into(), json!(now));
            o.insert("modifiedTime".into(), json!(now));
        }
    }
    o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    o.insert("name".into(), json!(name));
    Ok(Value::Object(o))
}

// ---------------------------------------------------------------- policy rules

fn rule_order(r: &Value) -> u64 {
    r.get("ruleOrder")
        .and_then(scalar_string)
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX)
}

fn sorted_rules(st: &ZpaState, ps: &str) -> Vec<Value> {
    let mut rules: Vec<Value> = st
        .rules
        .iter()
        .filter(|r| str_field(r, "policySetId") == ps)
        .cloned()
        .collect();
    rules.sort_by_key(rule_order);
    rules
}

fn rule_index(st: &ZpaState, ps: &str, rid: &str) -> Option<usize> {
    st.rules
        .iter()
        .position(|r| sid(r) == rid && str_field(r, "policySetId") == ps)
}

/// Apply an ordering (rule ids, first = order 1) to the rules of a set.
fn apply_order(st: &mut ZpaState, ids: &[String]) {
    for r in st.rules.iter_mut() {
        let id = sid(r);
        if let Some(pos) = ids.iter().position(|x| *x == id) {
            if let Some(o) = r.as_object_mut() {
                let n = (pos + 1).to_string();
                o.insert("ruleOrder".into(), json!(n));
                o.insert("priority".into(), json!(n));
            }
        }
    }
}

fn renumber(st: &mut ZpaState, ps: &str) {
    let ids: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    apply_order(st, &ids);
}

fn as_order(v: Option<&Value>) -> Option<u64> {
    v.and_then(scalar_string)
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|n| *n >= 1)
}

/// Normalise rule conditions from v1 (`lhs`/`rhs`) or v2 (`values`,
/// `entryValues`) operands to the stored v1 response shape with ids.
fn normalize_conditions(st: &mut ZpaState, conds: &Value, now: &str) -> Result<Value, Resp> {
    let Some(conds) = conds.as_array() else {
        return Err(invalid(
            "invalid.conditions",
            "conditions must be a list",
            &["conditions"],
        ));
    };
    let mut out = Vec::with_capacity(conds.len());
    for c in conds {
        let Some(cobj) = c.as_object() else {
            return Err(invalid(
                "invalid.conditions",
                "each condition must be an object",
                &["conditions"],
            ));
        };
        let cond_id = st.new_cond_id();
        let operator = cobj
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_ascii_uppercase();
        let negated = cobj
            .get("negated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut operands = Vec::new();
        let empty = Vec::new();
        for op in cobj
            .get("operands")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let object_type = op
                .get("objectType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_uppercase();
            if object_type.is_empty() {
                return Err(invalid(
                    "invalid.operand",
                    "operand objectType is required",
                    &["objectType"],
                ));
            }
            let mut pairs: Vec<(String, String)> = Vec::new();
            if let Some(values) = op.get("values").and_then(Value::as_array) {
                pairs.extend(
                    values
                        .iter()
                        .filter_map(scalar_string)
                        .map(|v| ("id".to_string(), v)),
                );
            } else if let Some(entries) = op.get("entryValues").and_then(Value::as_array) {
                for e in entries {
                    let lhs = e.get("lhs").and_then(scalar_string).unwrap_or_default();
                    let rhs = e.get("rhs").and_then(scalar_string).unwrap_or_default();
                    pairs.push((lhs, rhs));
                }
            } else {
                let lhs = op
                    .get("lhs")
                    .and_then(scalar_string)
                    .unwrap_or_else(|| "id".to_string());
                let rhs = op.get("rhs").and_then(scalar_string).unwrap_or_default();
                pairs.push((lhs, rhs));
            }
            for (lhs, rhs) in pairs {
                let mut operand = json!({
                    "id": st.new_cond_id(),
                    "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
                    "objectType": object_type, "lhs": lhs, "rhs": rhs,
                    "conditionId": cond_id,
                });
                if let Some(m) = operand.as_object_mut() {
                    match object_type.as_str() {
                        "SCIM_GROUP" | "SCIM" => {
                            m.insert("idpId".into(), json!(lhs));
                            if let Some(idp) = find(&st.idps, &lhs) {
                                m.insert(
                                    "idpName".into(),
                                    idp.get("name").cloned().unwrap_or(Value::Null),
                                );
                            }
                        }
                        "APP" => {
                            if let Some(a) = find(&st.apps, &rhs) {
                                m.insert(
                                    "name".into(),
                                    a.get("name").cloned().unwrap_or(Value::Null),
                                );
                            }
                        }
                        "APP_GROUP" => {
                            if let Some(g) = find(&st.segment_groups, &rhs) {
                                m.insert(
                                    "name".into(),
                                    g.get("name").cloned().unwrap_or(Value::Null),
                                );
                            }
                        }
                        _ => {}
                    }
                }
                operands.push(operand);
            }
        }
        out.push(json!({
            "id": cond_id,
            "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
            "operator": operator, "negated": negated, "operands": operands,
        }));
    }
    Ok(Value::Array(out))
}

/// Validate and normalise the rule fields shared by create and update.
fn rule_fields(
    st: &mut ZpaState,
    o: &mut Map<String, Value>,
    policy_type: &str,
    rule_id: &str,
    now: &str,
) -> Result<(), Resp> {
    let name = o
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(invalid("invalid.input.name", "name is required", &["name"]));
    }
    o.insert("name".into(), json!(name));
    let default_action = match policy_type {
        "1" => "ALLOW",
        "4" => "INTERCEPT",
        "2" => "RE_AUTH",
        "5" => "ISOLATE",
        "6" => "INSPECT",
        _ => "ALLOW",
    };
    let action = o
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or(default_action)
        .to_ascii_uppercase();
    if policy_type == "1" && action != "ALLOW" && action != "DENY" {
        return Err(invalid(
            "invalid.rule.action",
            "Access policy rule action must be ALLOW or DENY",
            &[&action],
        ));
    }
    o.insert("action".into(), json!(action));
    match o.get("disabled") {
        Some(Value::Bool(b)) => {
            o.insert("disabled".into(), json!(if *b { "1" } else { "0" }));
        }
        Some(Value::Number(n)) => {
            let s = n.to_string();
            o.insert("disabled".into(), json!(s));
        }
        Some(Value::String(_)) => {}
        _ => {
            o.insert("disabled".into(), json!("0"));
        }
    }
    if let Some(conds) = o.get("conditions").cloned() {
        let mut normalized = normalize_conditions(st, &conds, now)?;
        if let Some(list) = normalized.as_array_mut() {
            for c in list.iter_mut() {
                if let Some(m) = c.as_object_mut() {
                    m.insert("ruleGid".into(), json!(rule_id));
                }
            }
        }
        o.insert("conditions".into(), normalized);
    }
    check_refs(o, "appConnectorGroups", &st.connector_groups)?;
    check_refs(o, "appServerGroups", &st.server_groups)?;
    // Fields and actions specific to the other policy types.
    zpa_more::policy::check(st, o, policy_type)?;
    Ok(())
}

fn rule_create(st: &mut ZpaState, req: &Req, ps: &str) -> Resp {
    let Some(set) = st.policy_set_by_id(ps).cloned() else {
        return not_found(ps);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let policy_type = str_field(&set, "policyType").to_string();
    let id = st.new_id();
    let now = now_secs().to_string();
    let mut o = json!({
        "id": id, "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
        "name": "", "description": "", "ruleOrder": "0", "priority": "0",
        "policyType": policy_type, "operator": "AND", "action": "",
        "disabled": "0", "extranetEnabled": false,
        "devicePostureFailureNotificationEnabled": false,
        "policySetId": ps, "conditions": [],
        "defaultRule": false, "readOnly": false, "zscalerManaged": false,
        "appConnectorGroups": [], "appServerGroups": [],
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    let mut body = body;
    for k in [
        "id",
        "creationTime",
        "modifiedTime",
        "modifiedBy",
        "policySetId",
        "policyType",
        "ruleOrder",
        "priority",
    ] {
        body.remove(k);
    }
    let requested = as_order(req.json().as_ref().and_then(|b| b.get("ruleOrder")));
    overlay(&mut o, &body);
    o.insert(
        "action".into(),
        body.get("action").cloned().unwrap_or(Value::Null),
    );
    o.retain(|_, v| !v.is_null());
    if let Err(r) = rule_fields(st, &mut o, &policy_type, &id, &now) {
        return r;
    }
    st.rules.push(Value::Object(o));
    // New rules go last unless an order was asked for.
    let mut ids: Vec<String> = sorted_rules(st, ps)
        .iter()
        .map(sid)
        .filter(|x| *x != id)
        .collect();
    let at = requested
        .map(|n| usize::try_from(n - 1).unwrap_or(usize::MAX).min(ids.len()))
        .unwrap_or(ids.len());
    ids.insert(at, id.clone());
    apply_order(st, &ids);
    let Some(idx) = rule_index(st, ps, &id) else {
        return not_found(&id);
    };
    Resp::json(201, st.render_rule(&st.rules[idx]))
}

fn rule_update(st: &mut ZpaState, req: &Req, idx: usize) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let existing = st.rules[idx].clone();
    let mut o = existing.as_object().cloned().unwrap_or_default();
    let mut body = body;
    for k in [
        "id",
        "creationTime",
        "modifiedTime",
        "modifiedBy",
        "policySetId",
        "policyType",
        "ruleOrder",
        "priority",
    ] {
        body.remove(k);
    }
    overlay(&mut o, &body);
    o.retain(|_, v| !v.is_null());
    let policy_type = str_field(&existing, "policyType").to_string();
    let rule_id = sid(&existing);
    let now = now_secs().to_string();
    if let Err(r) = rule_fields(st, &mut o, &policy_type, &rule_id, &now) {
        return r;
    }
    o.insert("modifiedTime".into(), json!(now_secs().to_string()));
    o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    st.rules[idx] = Value::Object(o);
    Resp::no_content()
}

fn rule_reorder(st: &mut ZpaState, ps: &str, rid: &str, order: &str) -> Resp {
    if st.policy_set_by_id(ps).is_none() {
        return not_found(ps);
    }
    if rule_index(st, ps, rid).is_none() {
        return not_found(rid);
    }
    let mut ids: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    let n = ids.len() as u64;
    let Some(order) = order
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|o| *o >= 1 && *o <= n)
    else {
        return invalid(
            "invalid.rule.order",
            &format!("Rule order must be between 1 and {n}"),
            &[order],
        );
    };
    ids.retain(|x| x != rid);
    let at = usize::try_from(order - 1)
        .unwrap_or(usize::MAX)
        .min(ids.len());
    ids.insert(at, rid.to_string());
    apply_order(st, &ids);
    Resp::no_content()
}

/// PUT /policySet/{ps}/reorder with a JSON array of rule ids in the new
/// order (or `[{"id":..}]`); rules not listed keep their relative order
/// after the listed ones.
fn rules_bulk_reorder(st: &mut ZpaState, req: &Req, ps: &str) -> Resp {
    if st.policy_set_by_id(ps).is_none() {
        return not_found(ps);
    }
    let Some(Value::Array(items)) = req.json() else {
        return invalid_body();
    };
    let wanted: Vec<String> = items
        .iter()
        .filter_map(|i| {
            i.get("id")
                .and_then(scalar_string)
                .or_else(|| scalar_string(i))
        })
        .collect();
    let current: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    if let Some(bad) = wanted.iter().find(|w| !current.contains(w)) {
        return not_found(bad);
    }
    let mut ids: Vec<String> = Vec::new();
    for w in &wanted {
        if !ids.contains(w) {
            ids.push(w.clone());
        }
    }
    ids.extend(current.into_iter().filter(|c| !wanted.contains(c)));
    apply_order(st, &ids);
    Resp::no_content()
}

// ---------------------------------------------------------------- seed data

const IDP_ID: &str = "216196257331285825";
const SEG_GROUP_IDS: [&str; 3] = [
    "216196257331370167",
    "216196257331370168",
    "216196257331370169",
];
const SERVER_GROUP_IDS: [&str; 3] = [
    "216196257331370180",
    "216196257331370181",
    "216196257331370182",
];
const CONNECTOR_GROUP_IDS: [&str; 2] = ["216196257331370190", "216196257331370191"];

fn with_times(mut v: Value, id: &str) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(id));
        o.insert("creationTime".into(), json!(SEED_TIME));
        o.insert("modifiedTime".into(), json!(SEED_TIME));
        o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    }
    v
}

fn seed_connector_groups() -> Vec<Value> {
    let specs = [
        (
            CONNECTOR_GROUP_IDS[0],
            "SJC-Connector-Group",
            "San Jose, CA, USA",
            "37.33874",
            "-121.8852525",
            "San Jose, US",
            "US",
        ),
        (
            CONNECTOR_GROUP_IDS[1],
            "AWS-USW2-Connector-Group",
            "Portland, OR, USA",
            "45.5152",
            "-122.6784",
            "Portland, US",
            "US",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, loc, lat, lon, city, cc)| {
            let mut o = defaults(Coll::ConnectorGroups).as_object().cloned().unwrap_or_default();
            overlay(
                &mut o,
                json!({
                    "name": name, "description": format!("{name} (seeded)"),
                    "location": loc, "latitude": lat, "longitude": lon,
                    "cityCountry": city, "countryCode": cc,
                    "overrideVersionProfile": true, "praEnabled": true,
                    "tcpQuickAckApp": true, "tcpQuickAckAssistant": true, "tcpQuickAckReadAssistant": true,
                })
                .as_object()
                .unwrap_or(&Map::new()),
            );
            with_times(Value::Object(o), id)
        })
        .collect()
}

fn seed_server_groups() -> Vec<Value> {
    let specs = [
        (
            SERVER_GROUP_IDS[0],
            "Datacenter-SJC-Servers",
            CONNECTOR_GROUP_IDS[0],
            false,
        ),
        (
            SERVER_GROUP_IDS[1],
            "AWS-USW2-Servers",
            CONNECTOR_GROUP_IDS[1],
            false,
        ),
        (
            SERVER_GROUP_IDS[2],
            "Finance-Servers",
            CONNECTOR_GROUP_IDS[0],
            true,
        ),
    ];
    specs
        .iter()
        .map(|(id, name, cg, anchored)| {
            let mut o = defaults(Coll::ServerGroups)
                .as_object()
                .cloned()
                .unwrap_or_default();
            o.insert("name".into(), json!(name));
            o.insert("description".into(), json!(format!("{name} (seeded)")));
            o.insert("ipAnchored".into(), json!(anchored));
            o.insert("appConnectorGroups".into(), json!([{"id": cg}]));
            with_times(Value::Object(o), id)
        })
        .collect()
}

fn seed_segment_groups() -> Vec<Value> {
    let specs = [
        (
            SEG_GROUP_IDS[0],
            "Corporate-Apps",
            "Intranet and collaboration",
        ),
        (
            SEG_GROUP_IDS[1],
            "Engineering-Apps",
            "Source control, CI, dev tools",
        ),
        (SEG_GROUP_IDS[2], "Finance-Apps", "ERP and payroll"),
    ];
    specs
        .iter()
        .map(|(id, name, desc)| {
            let mut o = defaults(Coll::SegmentGroups)
                .as_object()
                .cloned()
                .unwrap_or_default();
            o.insert("name".into(), json!(name));
            o.insert("description".into(), json!(desc));
            with_times(Value::Object(o), id)
        })
        .collect()
}

fn seed_apps() -> Vec<Value> {
    (1..=25_u64)
        .map(|n| {
            let group = ((n - 1) % 3) as usize;
            let port = (8000 + n).to_string();
            let mut o = defaults(Coll::Apps)
                .as_object()
                .cloned()
                .unwrap_or_default();
            o.insert("name".into(), json!(format!("app{n:02}")));
            o.insert(
                "description".into(),
                json!(format!("app{n:02}.sandbox.example")),
            );
            o.insert(
                "domainNames".into(),
                json!([format!("app{n:02}.sandbox.example")]),
            );
            o.insert("segmentGroupId".into(), json!(SEG_GROUP_IDS[group]));
            o.insert(
                "serverGroups".into(),
                json!([{"id": SERVER_GROUP_IDS[group]}]),
            );
            o.insert("tcpPortRanges".into(), json!(["443", "443", port, port]));
            o.insert(
                "tcpPortRange".into(),
                json!([{"from": "443", "to": "443"}, {"from": port, "to": port}]),
            );
            let id = (216_196_257_331_371_000_u64 + n).to_string();
            with_times(Value::Object(o), &id)
        })
        .collect()
}

fn seed_policy_sets() -> Vec<(&'static str, Value)> {
    let specs: [(&'static str, &str, &str, &str, &str); 5] = [
        (
            "ACCESS_POLICY",
            "216196257331281925",
            "Global_Policy",
            "1",
            "The rules in this policy set are executed first.",
        ),
        (
            "TIMEOUT_POLICY",
            "216196257331281926",
            "Reauth_Policy",
            "2",
            "Timeout policy",
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "216196257331281927",
            "Bypass_Policy",
            "4",
            "Client forwarding policy",
        ),
        (
            "ISOLATION_POLICY",
            "216196257331281928",
            "Isolation_Policy",
            "5",
            "Isolation policy",
        ),
        // AppProtection: policy type "6", name "Inspection_Policy" (ZPA help,
        // "Configuring AppProtection Policies Using API").
        (
            "INSPECTION_POLICY",
            "216196257331281929",
            "Inspection_Policy",
            "6",
            "Inspection Policies",
        ),
    ];
    specs
        .iter()
        .map(|(t, id, name, ptype, desc)| {
            let v = json!({
                "id": id, "modifiedTime": SEED_TIME, "creationTime": "1619672239",
                "modifiedBy": MODIFIED_BY, "name": name, "enabled": true,
                "description": desc, "policyType": ptype, "sorted": true,
            });
            (*t, v)
        })
        .collect()
}

fn seed_idps() -> Vec<Value> {
    vec![with_times(
        json!({
            "name": "Sandbox_Okta_Users", "loginUrl": "https://idp.sandbox.example/sso/saml",
            "idpEntityId": "http://idp.sandbox.example/entity", "autoProvision": "0",
            "signSamlRequest": "1", "ssoType": ["USER"], "domainList": ["sandbox.example"],
            "scimEnabled": true, "enableScimBasedPolicy": true, "disableSamlBasedPolicy": false,
            "reauthOnUserUpdate": false, "enabled": true
        }),
        IDP_ID,
    )]
}

const SCIM_GROUPS: [(u64, &str); 5] = [
    (3_251_059, "Engineering"),
    (3_251_058, "All Employees"),
    (3_251_055, "Contractors"),
    (3_251_054, "Finance"),
    (3_251_053, "IT Admins"),
];

fn seed_scim_groups() -> Vec<Value> {
    SCIM_GROUPS
        .iter()
        .map(|(id, name)| {
            json!({
                "id": id, "modifiedTime": 1_765_237_277_u64, "creationTime": 1_765_237_277_u64,
                "name": name, "idpId": 216_196_257_331_285_825_u64, "idpGroupId": null,
                "internalId": format!("00000000-0000-4000-8000-{id:012}"),
            })
        })
        .collect()
}

impl ZpaState {
    pub(crate) fn seeded() -> ZpaState {
        let mut st = ZpaState {
            apps: seed_apps(),
            segment_groups: seed_segment_groups(),
            server_groups: seed_server_groups(),
            connector_groups: seed_connector_groups(),
            policy_sets: seed_policy_sets(),
            rules: Vec::new(),
            idps: seed_idps(),
            scim_groups: seed_scim_groups(),
            more: zpa_more::MoreState::seeded(),
            next_id: 216_196_257_331_410_000,
            next_cond_id: 46_300_000,
        };
        let access = "216196257331281925";
        let scim = |g: &str| json!({"objectType": "SCIM_GROUP", "lhs": IDP_ID, "rhs": g});
        let rules = [
            json!({"name": "Allow Engineering to Engineering Apps", "action": "ALLOW",
                   "description": "Engineers reach source control and CI",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[1]}]},
                       {"operator": "OR", "operands": [scim("3251059")]}]}),
            json!({"name": "Allow All Employees to Corporate Apps", "action": "ALLOW",
                   "description": "Intranet for everyone",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[0]},
                                                       {"objectType": "APP", "lhs": "id", "rhs": "216196257331371001"}]},
                       {"operator": "OR", "operands": [scim("3251058")]}]}),
            json!({"name": "Deny Contractors to Finance Apps", "action": "DENY",
                   "description": "Contractors never reach finance systems",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[2]}]},
                       {"operator": "OR", "operands": [scim("3251055")]}]}),
            json!({"name": "Allow Finance to Finance Apps", "action": "ALLOW",
                   "description": "Finance team, posture-checked devices",
                   "appServerGroups": [{"id": SERVER_GROUP_IDS[2]}],
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[2]}]},
                       {"operator": "OR", "operands": [scim("3251054")]},
                       {"operator": "AND", "operands": [{"objectType": "POSTURE", "lhs": "d0b05ecf-b36e-4b28-ab83-f8665a32fd73", "rhs": "true"}]}]}),
            json!({"name": "Allow Client Connector Access", "action": "ALLOW",
                   "description": "Zscaler Client Connector and browser access clients",
                   "disabled": "1",
                   "conditions": [
                       {"operator": "OR", "operands": [
                           {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_zapp"},
                           {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_exporter"}]}]}),
        ];
        for (i, r) in rules.iter().enumerate() {
            let id = (216_196_257_331_404_600_u64 + i as u64).to_string();
            let mut o = r.as_object().cloned().unwrap_or_default();
            if let Err(e) = rule_fields(&mut st, &mut o, "1", &id, SEED_TIME) {
                tracing::error!(?e, "invalid seeded ZPA rule");
                continue;
            }
            let order = (i + 1).to_string();
            overlay(
                &mut o,
                json!({
                    "id": id, "modifiedTime": SEED_TIME, "creationTime": SEED_TIME,
                    "modifiedBy": MODIFIED_BY, "ruleOrder": order, "priority": order,
                    "policyType": "1", "operator": "AND", "policySetId": access,
                    "extranetEnabled": false, "devicePostureFailureNotificationEnabled": false,
                    "defaultRule": false, "readOnly": false, "zscalerManaged": false,
                })
                .as_object()
                .unwrap_or(&Map::new()),
            );
            o.entry("appConnectorGroups").or_insert(json!([]));
            o.entry("appServerGroups").or_insert(json!([]));
            let o = keys_first(
                o,
                &[
                    "id",
                    "modifiedTime",
                    "creationTime",
                    "modifiedBy",
                    "name",
                    "description",
                ],
            );
            st.rules.push(Value::Object(o));
        }
        st
    }

    /// [`ZpaState::seeded`] plus the seeds that depend on the core data:
    /// rules of the other policy types and Browser Access, PRA and
    /// inspection sub-applications on a few application segments.
    pub(crate) fn seeded_full() -> ZpaState {
        let mut st = ZpaState::seeded();
        zpa_more::seed_core_extras(&mut st);
        st
    }

    /// Add a seeded rule (conditions in the v1 request shape) at the end of
    /// the policy set of `policy_type`.
    pub(crate) fn seed_rule(&mut self, policy_type: &str, id: &str, rule: Value) {
        let Some(set) = self.policy_set_by_type(policy_type).cloned() else {
            return;
        };
        let ps = sid(&set);
        let ptype = str_field(&set, "policyType").to_string();
        let mut o = rule.as_object().cloned().unwrap_or_default();
        if let Err(e) = rule_fields(self, &mut o, &ptype, id, SEED_TIME) {
            tracing::error!(?e, "invalid seeded ZPA rule");
            return;
        }
        let order = (sorted_rules(self, &ps).len() + 1).to_string();
        overlay(
            &mut o,
            json!({
                "id": id, "modifiedTime": SEED_TIME, "creationTime": SEED_TIME,
                "modifiedBy": MODIFIED_BY, "ruleOrder": order, "priority": order,
                "policyType": ptype, "operator": "AND", "policySetId": ps,
                "extranetEnabled": false, "devicePostureFailureNotificationEnabled": false,
                "defaultRule": false, "readOnly": false, "zscalerManaged": false,
            })
            .as_object()
            .unwrap_or(&Map::new()),
        );
        o.entry("appConnectorGroups").or_insert(json!([]));
        o.entry("appServerGroups").or_insert(json!([]));
        let o = keys_first(
            o,
            &[
                "id",
                "modifiedTime",
                "creationTime",
                "modifiedBy",
                "name",
                "description",
            ],
        );
        self.rules.push(Value::Object(o));
    }
}

#[cfg(test)]
mod tests {
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
