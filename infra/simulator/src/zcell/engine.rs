//! The ZCell collection registry (`COLLS`) and the generic engine that
//! serves it: paged list (Spring page envelope), get, create, update and
//! delete, each only where the Python SDK has the call. Also the paging and
//! query helpers the other endpoints (`helpers`) share.

use super::{error, method_not_allowed, seeds, ZcellState};
use crate::crud::{self, IdStyle, Op};
use crate::util::{
    icontains, keys_first, now_secs, overlay, parse_count_opt, scalar_string, Req, Resp,
};
use axum::http::Method;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// How a collection creates items.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Create {
    No,
    /// POST one object → 200 with the stored object.
    Object,
    /// POST a JSON array of objects → 200 with `[{"id","message"}]`.
    Bulk,
}

/// Validates and normalises a write (create: `existing` None).
pub(crate) type Build =
    fn(&ZcellState, &mut Map<String, Value>, Option<&Value>) -> Result<(), String>;

pub(crate) struct Coll {
    /// Path segment under `/customers/{id}`.
    pub key: &'static str,
    pub what: &'static str,
    /// Field the `name` query parameter matches (substring).
    pub name_field: &'static str,
    /// `sortBy` values accepted; the first is the default.
    pub sortable: &'static [&'static str],
    /// Default `sortDir`.
    pub default_dir: &'static str,
    /// Further `(query parameter, field)` equality filters.
    pub filters: &'static [(&'static str, &'static str)],
    pub get: bool,
    pub create: Create,
    /// Update verb and its success status (PUT → 200, PATCH → 204).
    pub update: Option<(Method, u16)>,
    pub delete: bool,
    pub build: Build,
    pub seeds: fn() -> Vec<Value>,
    pub sample_create: Option<fn() -> Value>,
    pub sample_update: Option<fn() -> Value>,
}

pub(crate) static COLLS: &[Coll] = &[
    // anomaly_policy.py: list (GET), create (POST), update (PATCH
    // /{policyId}), delete; sortable id, policyType, policyName, violations.
    Coll {
        key: "anomaly-policy",
        what: "Anomaly policy",
        name_field: "policyName",
        sortable: &["policyName", "id", "policyType", "violations"],
        default_dir: "ASC",
        filters: &[("policyType", "policyType")],
        get: false,
        create: Create::Object,
        update: Some((Method::PATCH, 204)),
        delete: true,
        build: seeds::build_policy,
        seeds: seeds::anomaly_policies,
        sample_create: Some(seeds::policy_create),
        sample_update: Some(seeds::policy_update),
    },
    // sim_location_groups.py: list, get, bulk create (array body), update
    // (PUT), delete; sortable id, name.
    Coll {
        key: "sim-location-groups",
        what: "Sim location group",
        name_field: "name",
        sortable: &["name", "id"],
        default_dir: "ASC",
        filters: &[],
        get: true,
        create: Create::Bulk,
        update: Some((Method::PUT, 200)),
        delete: true,
        build: seeds::build_group,
        seeds: seeds::sim_location_groups,
        sample_create: Some(seeds::group_create),
        sample_update: Some(seeds::group_update),
    },
    // tag_handling.py: list, create.
    Coll {
        key: "tag",
        what: "Tag",
        name_field: "name",
        sortable: &["name", "id"],
        default_dir: "ASC",
        filters: &[],
        get: false,
        create: Create::Object,
        update: None,
        delete: false,
        build: seeds::build_tag,
        seeds: seeds::tags,
        sample_create: Some(seeds::tag_create),
        sample_update: None,
    },
];

/// First value among several spellings of a query parameter.
pub(crate) fn q_any<'a>(req: &'a Req, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| req.q(n))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An epoch-seconds window from the query: Ok(None) when absent; 400 when
/// `required` and absent, malformed, or start > end.
pub(crate) fn window(
    req: &Req,
    start: &[&str],
    end: &[&str],
    required: bool,
) -> Result<Option<(i64, i64)>, Resp> {
    let parse = |names: &[&str]| -> Result<Option<i64>, Resp> {
        match q_any(req, names) {
            None => Ok(None),
            Some(s) => s
                .parse::<i64>()
                .map(Some)
                .map_err(|_| error(req, 400, &format!("Invalid value '{s}' for {}", names[0]))),
        }
    };
    match (parse(start)?, parse(end)?) {
        (Some(s), Some(e)) if s > e => Err(error(
            req,
            400,
            &format!("{} must not be after {}", start[0], end[0]),
        )),
        (Some(s), Some(e)) => Ok(Some((s, e))),
        (None, None) if !required => Ok(None),
        _ => Err(error(
            req,
            400,
            &format!(
                "Required parameters {} and {} are missing",
                start[0], end[0]
            ),
        )),
    }
}

fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => scalar_string(x)
            .unwrap_or_default()
            .to_lowercase()
            .cmp(&scalar_string(y).unwrap_or_default().to_lowercase()),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sort by `sortBy`/`sortDir` (one of `sortable`, the first by default),
/// then answer one Spring page of `items` (`page` 0-based, `size` 1–100,
/// default 10).
pub(crate) fn spring_page(
    req: &Req,
    mut items: Vec<Value>,
    sortable: &[&str],
    default_dir: &str,
) -> Resp {
    if let Some(default) = sortable.first() {
        let by = q_any(req, &["sortBy", "sort_by"]).unwrap_or(default);
        if !sortable.contains(&by) {
            return error(
                req,
                400,
                &format!(
                    "Invalid sortBy '{by}': sortable fields are {}",
                    sortable.join(", ")
                ),
            );
        }
        let dir = q_any(req, &["sortDir", "sort_dir"]).unwrap_or(default_dir);
        let desc = match dir.to_ascii_uppercase().as_str() {
            "ASC" => false,
            "DESC" => true,
            _ => {
                return error(
                    req,
                    400,
                    &format!("Invalid sortDir '{dir}': expected ASC or DESC"),
                )
            }
        };
        items.sort_by(|a, b| {
            let o = cmp_values(a.get(by), b.get(by));
            if desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    let page = match parse_count_opt(req.q("page")) {
        Ok(p) => p.unwrap_or(0),
        Err(()) => return error(req, 400, "page must be a non-negative integer"),
    };
    let size = match parse_count_opt(req.q("size")) {
        Ok(s) => s.unwrap_or(10),
        Err(()) => return error(req, 400, "size must be an integer from 1 to 100"),
    };
    if !(1..=100).contains(&size) {
        return error(req, 400, "size must be an integer from 1 to 100");
    }
    let total = items.len() as u64;
    let total_pages = total.div_ceil(size);
    let content = crate::util::page_slice(&items, page.saturating_add(1), size);
    let n = content.len();
    Resp::ok(json!({
        "content": content,
        "pageable": {
            "pageNumber": page,
            "pageSize": size,
            "offset": page.saturating_mul(size),
            "paged": true,
            "unpaged": false,
            "sort": {"sorted": true, "unsorted": false, "empty": false},
        },
        "totalElements": total,
        "totalPages": total_pages,
        "last": page.saturating_add(1) >= total_pages,
        "first": page == 0,
        "size": size,
        "number": page,
        "numberOfElements": n,
        "empty": n == 0,
        "sort": {"sorted": true, "unsorted": false, "empty": false},
    }))
}

/// Route `/customers/{id}/{key}[/{id}]` to a registry collection.
pub(crate) fn route(st: &mut ZcellState, req: &Req, tail: &[&str]) -> Option<Resp> {
    let hit = crud::match_base(COLLS.iter().map(|c| std::slice::from_ref(&c.key)), tail)?;
    let idx = hit.idx;
    let coll = COLLS.get(idx)?;
    let verbs = crud::Verbs {
        list: true,
        create: coll.create != Create::No,
        get: coll.get,
        update: coll.update.as_ref().map(|(verb, _)| verb.clone()),
        delete: coll.delete,
        lite: false,
    };
    let resp = match crud::op(&req.method, hit.tail, &verbs)? {
        Op::List | Op::Lite => list(st, req, coll, idx),
        Op::Create => create(st, req, coll, idx),
        Op::Get(id) => get(st, req, coll, idx, id),
        Op::Update(id) => update(st, req, coll, idx, id),
        Op::Delete(id) => delete(st, req, coll, idx, id),
        Op::NotAllowed => method_not_allowed(req),
    };
    Some(resp)
}

fn items(st: &ZcellState, idx: usize) -> &[Value] {
    st.colls.get(idx).map_or(&[], Vec::as_slice)
}

fn find(st: &ZcellState, idx: usize, id: &str) -> Option<usize> {
    crud::find(IdStyle::Int, items(st, idx), id)
}

fn not_found(req: &Req, coll: &Coll, id: &str) -> Resp {
    error(req, 404, &format!("{} with id {id} not found", coll.what))
}

fn list(st: &ZcellState, req: &Req, coll: &Coll, idx: usize) -> Resp {
    let name = q_any(req, &["name"]);
    let out: Vec<Value> = items(st, idx)
        .iter()
        .filter(|v| {
            name.is_none_or(|n| {
                v.get(coll.name_field)
                    .and_then(Value::as_str)
                    .is_some_and(|s| icontains(s, n))
            })
        })
        .filter(|v| {
            coll.filters.iter().all(|(param, field)| {
                q_any(req, &[param]).is_none_or(|want| {
                    v.get(*field)
                        .and_then(scalar_string)
                        .is_some_and(|s| s.eq_ignore_ascii_case(want))
                })
            })
        })
        .cloned()
        .collect();
    if coll.key == "anomaly-policy" {
        // A malformed window is rejected; the policies themselves are not
        // time-bound.
        if let Err(r) = window(
            req,
            &["startDateTime", "start_date_time"],
            &["endDateTime", "end_date_time"],
            false,
        ) {
            return r;
        }
    }
    spring_page(req, out, coll.sortable, coll.default_dir)
}

fn get(st: &ZcellState, req: &Req, coll: &Coll, idx: usize, id: &str) -> Resp {
    match find(st, idx, id).and_then(|p| items(st, idx).get(p)) {
        Some(v) => Resp::ok(v.clone()),
        None => not_found(req, coll, id),
    }
}

fn build_one(
    st: &ZcellState,
    coll: &Coll,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Map<String, Value>, String> {
    let mut body = body;
    body.remove("id");
    body.retain(|_, v| !v.is_null());
    let mut obj = existing
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    overlay(&mut obj, &body);
    (coll.build)(st, &mut obj, existing)?;
    let name = obj
        .get(coll.name_field)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if name.is_empty() {
        return Err(format!("{} is required", coll.name_field));
    }
    let self_id = existing.and_then(|e| e.get("id"));
    let idx = COLLS.iter().position(|c| c.key == coll.key);
    let clash = idx.is_some_and(|i| {
        items(st, i).iter().any(|v| {
            v.get("id") != self_id
                && v.get(coll.name_field)
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        })
    });
    if clash {
        return Err(format!("{} '{name}' already exists", coll.what));
    }
    Ok(obj)
}

fn next_id(st: &mut ZcellState, idx: usize) -> i64 {
    match st.next_ids.get_mut(idx) {
        Some(slot) => {
            *slot = slot.saturating_add(1);
            *slot
        }
        None => 0,
    }
}

fn create(st: &mut ZcellState, req: &Req, coll: &Coll, idx: usize) -> Resp {
    let bodies: Vec<Map<String, Value>> = match (coll.create, req.json()) {
        (Create::Object, Some(Value::Object(m))) => vec![m],
        (Create::Bulk, Some(Value::Array(a))) if !a.is_empty() => {
            let objs: Option<Vec<Map<String, Value>>> =
                a.into_iter().map(|v| v.as_object().cloned()).collect();
            match objs {
                Some(o) => o,
                None => return error(req, 400, "Each array item must be an object"),
            }
        }
        (Create::Bulk, _) => return error(req, 400, "Request body must be a non-empty JSON array"),
        _ => return error(req, 400, "Request body must be a JSON object"),
    };
    // Validate all before storing any (a bulk create is all-or-nothing).
    let mut built = Vec::new();
    for b in bodies {
        match build_one(st, coll, b, None) {
            Ok(o) => {
                let name = o.get(coll.name_field).cloned();
                if built
                    .iter()
                    .any(|x: &Map<String, Value>| x.get(coll.name_field) == name.as_ref())
                {
                    return error(req, 400, "Duplicate names in the request");
                }
                built.push(o)
            }
            Err(msg) => return error(req, 400, &msg),
        }
    }
    let mut stored = Vec::new();
    for mut o in built {
        let id = next_id(st, idx);
        o.insert("id".into(), json!(id));
        if coll.key == "tag" {
            o.insert("creationTime".into(), json!(now_secs()));
        }
        let v = Value::Object(keys_first(o, &["id"]));
        if let Some(list) = st.colls.get_mut(idx) {
            list.push(v.clone());
        }
        stored.push(v);
    }
    match coll.create {
        Create::Bulk => Resp::ok(Value::Array(
            stored
                .iter()
                .map(|v| json!({"id": v["id"], "message": format!("{} created", coll.what)}))
                .collect(),
        )),
        _ => Resp::ok(stored.into_iter().next().unwrap_or(Value::Null)),
    }
}

fn update(st: &mut ZcellState, req: &Req, coll: &Coll, idx: usize, id: &str) -> Resp {
    let Some(pos) = find(st, idx, id) else {
        return not_found(req, coll, id);
    };
    let Some(body) = req.json_object() else {
        return error(req, 400, "Request body must be a JSON object");
    };
    let existing = items(st, idx).get(pos).cloned().unwrap_or(Value::Null);
    let obj = match build_one(st, coll, body, Some(&existing)) {
        Ok(o) => Value::Object(keys_first(o, &["id"])),
        Err(msg) => return error(req, 400, &msg),
    };
    if let Some(slot) = st.colls.get_mut(idx).and_then(|l| l.get_mut(pos)) {
        *slot = obj.clone();
    }
    match coll.update {
        Some((_, 204)) => Resp::no_content(),
        _ => Resp::ok(obj),
    }
}

fn delete(st: &mut ZcellState, req: &Req, coll: &Coll, idx: usize, id: &str) -> Resp {
    let Some(pos) = find(st, idx, id) else {
        return not_found(req, coll, id);
    };
    if coll.key == "sim-location-groups" {
        let gid = items(st, idx)
            .get(pos)
            .and_then(|v| v.get("id"))
            .and_then(Value::as_i64);
        let used = st.coll("anomaly-policy").iter().any(|p| {
            p.get("simLocationGroupIds")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x.as_i64() == gid))
        });
        if used {
            return error(
                req,
                409,
                &format!("{} {id} is linked to an anomaly policy", coll.what),
            );
        }
    }
    if let Some(list) = st.colls.get_mut(idx) {
        list.remove(pos);
    }
    Resp::no_content()
}

/// A ZCell registry collection as clients see it, for contract tests.
#[derive(Clone, Debug)]
pub struct ZcellCollectionInfo {
    /// Path segment under `/zcell/config/api/v1/customers/{customerId}`.
    pub name: &'static str,
    pub what: &'static str,
    /// Field the `name` query parameter matches.
    pub name_field: &'static str,
    /// `GET {rest}/{id}` is served.
    pub get: bool,
    /// `POST {rest}` is served.
    pub create: bool,
    /// POST takes a JSON array and answers `[{"id","message"}]`.
    pub bulk_create: bool,
    /// Update verb ("PUT"/"PATCH") and its success status.
    pub update: Option<(&'static str, u16)>,
    /// `DELETE {rest}/{id}` is served.
    pub delete: bool,
    pub seeded: usize,
    pub sample_create: Option<Value>,
    pub sample_update: Option<Value>,
}

impl ZcellCollectionInfo {
    /// The list path for `customer_id`.
    pub fn path(&self, customer_id: &str) -> String {
        format!("/zcell/config/api/v1/customers/{customer_id}/{}", self.name)
    }
}

/// Every ZCell registry collection.
pub fn zcell_collections() -> Vec<ZcellCollectionInfo> {
    COLLS
        .iter()
        .map(|c| ZcellCollectionInfo {
            name: c.key,
            what: c.what,
            name_field: c.name_field,
            get: c.get,
            create: c.create != Create::No,
            bulk_create: c.create == Create::Bulk,
            update: c
                .update
                .as_ref()
                .map(|(m, s)| (if *m == Method::PATCH { "PATCH" } else { "PUT" }, *s)),
            delete: c.delete,
            seeded: (c.seeds)().len(),
            sample_create: c.sample_create.map(|f| f()),
            sample_update: c.sample_update.map(|f| f()),
        })
        .collect()
}
