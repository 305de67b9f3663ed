//! Cloud & Branch Connector (ZTW) under `/ztw/api/v1/...`: a registry of
//! collections (`specs::SPECS`, served by the generic CRUD below), the
//! workload discovery settings and the activation gate.
//!
//! Sources: zscaler-api.md §1.2 (prefix) and §6 (activation), the Python SDK
//! (`zscaler/ztw/*.py` for paths and query parameters, `zscaler/ztw/models/`
//! for field names) and the Go SDK (`zscaler-sdk-go/v3/zscaler/ztw/...`).
//! ZTW is the ZIA admin API family, so it follows the ZIA conventions (and
//! reuses the ZIA error helpers): plain JSON arrays; integer ids; `search`
//! on lists; `page` (1-based) and `pageSize` on the collections that page;
//! POST → 200 with the stored object, PUT → 200 with the replaced object,
//! DELETE → 204; unknown id → 404 `RESOURCE_NOT_FOUND`; a non-object body →
//! 400 "Request body is invalid."; a duplicate name → 400 `DUPLICATE_ITEM`;
//! predefined (`isNonEditable`) items → 400 on PUT/DELETE.
//!
//! Activation: every successful write stages the change (the ZIA PENDING
//! state): `GET /ecAdminActivateStatus` then reports
//! `orgEditStatus: EDITS_PRESENT` and `adminActivateStatus: ADM_EDITING`.
//! `PUT /ecAdminActivateStatus/activate` (or `.../forcedActivate`) applies
//! it (the ZIA ACTIVE state): `EDITS_CLEARED`, `ADM_ACTV_DONE`,
//! `orgLastActivateStatus: CAC_ACTV_SUCCESS`, and answers 200 with the new
//! status. SDKs disagree: the Python SDK sends PUT to `forcedActivate`;
//! zscaler-api.md §6 (third-party) lists `forceActivate`, and a third-party
//! API list says POST. Both verbs and both spellings are accepted.
//!
//! Seeded data: IP groups 4, IP source groups 4, IP destination groups 4,
//! network services 8, network service groups 3, admin users 4, admin
//! roles 4, public cloud accounts (publicCloudInfo) 3, public cloud account
//! details 3; plus the workload discovery settings.

mod seeds;
mod specs;

use crate::crud::is_blank;
use crate::crud::{self, IdStyle, Op};
use crate::util::{icontains, keys_first, now_secs, overlay, scalar_string, Req, Resp};
use crate::zia::{
    duplicate, id_of, invalid_body, invalid_input, method_not_allowed, no_route, not_found,
    zia_page,
};
use axum::http::Method;
use serde_json::{json, Map, Value};
use specs::{Spec, SPECS};

/// Mutable ZTW data.
pub(crate) struct ZtwState {
    /// Items of each collection, parallel to `specs::SPECS`.
    colls: Vec<Vec<Value>>,
    /// Last id handed out per collection, parallel to `specs::SPECS`.
    next_ids: Vec<i64>,
    discovery: Value,
    /// Staged (unactivated) changes exist.
    pending: bool,
    /// Epoch seconds of the last activation.
    last_activation: u64,
}

impl ZtwState {
    pub(crate) fn seeded() -> ZtwState {
        let colls: Vec<Vec<Value>> = SPECS.iter().map(|s| (s.seeds)()).collect();
        let next_ids = SPECS
            .iter()
            .zip(colls.iter())
            .map(|(s, items)| items.iter().filter_map(id_of).fold(s.id_start, i64::max))
            .collect();
        ZtwState {
            colls,
            next_ids,
            discovery: seeds::discovery_settings(),
            pending: false,
            last_activation: crate::zia::SEED_TIME,
        }
    }

    /// The activation status object of `GET /ecAdminActivateStatus`.
    fn status(&self) -> Value {
        let (org, admin) = if self.pending {
            ("EDITS_PRESENT", "ADM_EDITING")
        } else {
            ("EDITS_CLEARED", "ADM_ACTV_DONE")
        };
        json!({
            "orgEditStatus": org,
            "orgLastActivateStatus": "CAC_ACTV_SUCCESS",
            "adminStatusMap": {"API Client Secret Authentication": admin},
            "adminActivateStatus": admin,
        })
    }
}

/// Serve `/ztw/api/v1/{rest...}`.
pub(crate) fn handle(st: &mut ZtwState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let rest: &[&str] = match segs.as_slice() {
        ["ztw", "api", "v1", rest @ ..] => rest,
        _ => return no_route(req),
    };
    let m = &req.method;
    match rest {
        ["ecAdminActivateStatus"] => match *m {
            Method::GET => Resp::ok(st.status()),
            _ => method_not_allowed(m),
        },
        ["ecAdminActivateStatus", "activate" | "forcedActivate" | "forceActivate"] => match *m {
            Method::PUT | Method::POST => {
                st.pending = false;
                st.last_activation = now_secs();
                Resp::ok(st.status())
            }
            _ => method_not_allowed(m),
        },
        ["discoveryService", "workloadDiscoverySettings"] => match *m {
            Method::GET => Resp::ok(st.discovery.clone()),
            _ => method_not_allowed(m),
        },
        _ => route(st, req, rest).unwrap_or_else(|| no_route(req)),
    }
}

fn route(st: &mut ZtwState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let hit = crud::match_base(SPECS.iter().map(|s| std::slice::from_ref(&s.key)), rest)?;
    let idx = hit.idx;
    let spec = SPECS.get(idx)?;
    let verbs = crud::Verbs {
        list: true,
        create: spec.writable,
        get: spec.get,
        update: spec.writable.then_some(Method::PUT),
        delete: spec.writable,
        lite: spec.lite.is_some(),
    };
    let resp = match crud::op(&req.method, hit.tail, &verbs)? {
        Op::List => list(st, req, spec, idx, false),
        Op::Lite => list(st, req, spec, idx, true),
        Op::Create => create(st, req, spec, idx),
        Op::Get(id) => get(st, spec, idx, id),
        Op::Update(id) => update(st, req, spec, idx, id),
        Op::Delete(id) => delete(st, spec, idx, id),
        Op::NotAllowed => method_not_allowed(&req.method),
    };
    Some(resp)
}

fn items(st: &ZtwState, idx: usize) -> &[Value] {
    st.colls.get(idx).map_or(&[], Vec::as_slice)
}

fn find(st: &ZtwState, idx: usize, id: &str) -> Option<usize> {
    crud::find(IdStyle::Int, items(st, idx), id)
}

fn list(st: &ZtwState, req: &Req, spec: &Spec, idx: usize, lite: bool) -> Resp {
    let search = req.q("search").map(str::trim).filter(|s| !s.is_empty());
    let mut out: Vec<Value> = items(st, idx)
        .iter()
        .filter(|v| {
            search.is_none_or(|q| {
                spec.search_fields.iter().any(|f| {
                    v.get(*f)
                        .and_then(scalar_string)
                        .is_some_and(|s| icontains(&s, q))
                })
            })
        })
        .filter(|v| (spec.filter)(req, v))
        .cloned()
        .collect();
    if let (true, Some(keys)) = (lite, spec.lite) {
        out = crud::lite(out, keys);
    }
    match spec.paging {
        Some((default, max)) => zia_page(req, out, default, max),
        None => Resp::ok(Value::Array(out)),
    }
}

fn get(st: &ZtwState, spec: &Spec, idx: usize, id: &str) -> Resp {
    match find(st, idx, id).and_then(|p| items(st, idx).get(p)) {
        Some(v) => Resp::ok(v.clone()),
        None => not_found(spec.what, id),
    }
}

/// Validate a body and build the object to store (without its id).
fn build(
    st: &ZtwState,
    spec: &Spec,
    idx: usize,
    body: Map<String, Value>,
    self_id: Option<i64>,
) -> Result<Map<String, Value>, Resp> {
    let template = (spec.template)().as_object().cloned().unwrap_or_default();
    let mut body =
        crud::conform(body, &template, crud::NumericStrings::Int).map_err(|()| invalid_body())?;
    for k in ["id", "isNonEditable", "lastModifiedTime", "lastModifiedBy"] {
        body.remove(k);
    }
    for f in spec.required {
        if is_blank(body.get(*f)) {
            return Err(invalid_input(&format!("{}: '{f}' is required", spec.what)));
        }
    }
    if let Some(check) = spec.validate {
        check(&body)?;
    }
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    if !name.is_empty()
        && items(st, idx).iter().any(|v| {
            id_of(v) != self_id
                && v.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(&name))
        })
    {
        return Err(duplicate(&format!(
            "{} with name '{name}' already exists",
            spec.what
        )));
    }
    let mut obj = template;
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    if spec.stamp {
        obj.insert("lastModifiedTime".into(), json!(now_secs()));
        obj.insert("lastModifiedBy".into(), crate::zia::api_admin());
    }
    Ok(obj)
}

fn create(st: &mut ZtwState, req: &Req, spec: &Spec, idx: usize) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let mut obj = match build(st, spec, idx, body, None) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(slot) = st.next_ids.get_mut(idx) else {
        return no_route(req);
    };
    *slot = slot.saturating_add(1);
    obj.insert("id".into(), json!(*slot));
    let obj = Value::Object(keys_first(obj, &["id", "name"]));
    if let Some(list) = st.colls.get_mut(idx) {
        list.push(obj.clone());
    }
    st.pending = true;
    Resp::ok(obj)
}

fn protected(v: &Value) -> bool {
    v.get("isNonEditable").and_then(Value::as_bool) == Some(true)
        || v.get("predefined").and_then(Value::as_bool) == Some(true)
}

fn update(st: &mut ZtwState, req: &Req, spec: &Spec, idx: usize, id: &str) -> Resp {
    let Some(pos) = find(st, idx, id) else {
        return not_found(spec.what, id);
    };
    let existing = items(st, idx).get(pos).cloned().unwrap_or(Value::Null);
    if protected(&existing) {
        return invalid_input(&format!(
            "{} {id} is predefined and cannot be changed",
            spec.what
        ));
    }
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let num = id_of(&existing);
    let mut obj = match build(st, spec, idx, body, num) {
        Ok(o) => o,
        Err(r) => return r,
    };
    obj.insert("id".into(), json!(num));
    let obj = Value::Object(keys_first(obj, &["id", "name"]));
    if let Some(slot) = st.colls.get_mut(idx).and_then(|l| l.get_mut(pos)) {
        *slot = obj.clone();
    }
    st.pending = true;
    Resp::ok(obj)
}

fn delete(st: &mut ZtwState, spec: &Spec, idx: usize, id: &str) -> Resp {
    let Some(pos) = find(st, idx, id) else {
        return not_found(spec.what, id);
    };
    if items(st, idx).get(pos).is_some_and(protected) {
        return invalid_input(&format!(
            "{} {id} is predefined and cannot be deleted",
            spec.what
        ));
    }
    if let Some(list) = st.colls.get_mut(idx) {
        list.remove(pos);
    }
    st.pending = true;
    Resp::no_content()
}

/// A ZTW registry collection as clients see it, for contract tests and docs.
#[derive(Clone, Debug)]
pub struct ZtwCollectionInfo {
    /// Path segment under `/ztw/api/v1`, e.g. "ipGroups".
    pub name: &'static str,
    /// Human name used in error messages.
    pub what: &'static str,
    /// Full list path, e.g. "/ztw/api/v1/ipGroups".
    pub path: String,
    /// `GET {path}/{id}` is served.
    pub get: bool,
    /// POST/PUT/DELETE are served (otherwise 405).
    pub writable: bool,
    /// `GET {path}/lite` is served.
    pub lite: bool,
    /// `(default, maximum)` page size when the list honours `page`/`pageSize`.
    pub paging: Option<(u64, u64)>,
    /// Items seeded.
    pub seeded: usize,
    /// A valid create body (writable collections).
    pub sample_create: Option<Value>,
    /// A valid full-replace body for an item created from `sample_create`.
    pub sample_update: Option<Value>,
}

/// Every ZTW registry collection.
pub fn ztw_collections() -> Vec<ZtwCollectionInfo> {
    SPECS
        .iter()
        .map(|s| ZtwCollectionInfo {
            name: s.key,
            what: s.what,
            path: format!("/ztw/api/v1/{}", s.key),
            get: s.get,
            writable: s.writable,
            lite: s.lite.is_some(),
            paging: s.paging,
            seeded: (s.seeds)().len(),
            sample_create: s.sample_create.map(|f| f()),
            sample_update: s.sample_update.map(|f| f()),
        })
        .collect()
}

/// Cloud & Branch Connector behind the simulator's product trait.
pub(crate) struct Ztw {
    pub(crate) state: std::sync::Mutex<ZtwState>,
}

impl crate::product::Product for Ztw {
    fn segment(&self) -> &'static str {
        "ztw"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(&mut crate::product::lock(&self.state), req)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
