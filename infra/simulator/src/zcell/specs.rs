//! The ZCell collection registry (`COLLS`): which operations each
//! collection has (only where the Python SDK has the call), served by the
//! shared CRUD engine in the ZCell dialect (`dialect`). Also the paging and
//! query helpers the other endpoints (`helpers`) share.

use super::{error, seeds, ZcellState};
use crate::crud;
use crate::util::{parse_count_opt, scalar_string, Req, Resp};
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
    /// The list takes a (checked, not applied) `startDateTime`/`endDateTime`
    /// window.
    pub list_window: bool,
    /// Created items carry `creationTime` (only for collections without
    /// an update: it is stamped on every write).
    pub creation_time: bool,
    /// Why an item may not be deleted (answered 409), if it may not.
    pub delete_conflict: Option<fn(&ZcellState, &Value) -> Option<String>>,
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
        list_window: true,
        creation_time: false,
        delete_conflict: None,
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
        list_window: false,
        creation_time: false,
        delete_conflict: Some(linked_to_policy),
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
        list_window: false,
        creation_time: true,
        delete_conflict: None,
        build: seeds::build_tag,
        seeds: seeds::tags,
        sample_create: Some(seeds::tag_create),
        sample_update: None,
    },
];

/// A sim location group an anomaly policy links to stays.
fn linked_to_policy(st: &ZcellState, group: &Value) -> Option<String> {
    let gid = group.get("id").and_then(Value::as_i64);
    let used = st.coll("anomaly-policy").iter().any(|p| {
        p.get("simLocationGroupIds")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_i64() == gid))
    });
    used.then(|| "is linked to an anomaly policy".to_string())
}

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
    crud::serve(&mut super::dialect::ZcellCrud(st), req, tail)
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
