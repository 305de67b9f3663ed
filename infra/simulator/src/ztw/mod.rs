//! Cloud & Branch Connector (ZTW) under `/ztw/api/v1/...`: a registry of
//! collections (`specs::SPECS`, served by the shared CRUD engine in the ZTW
//! `dialect`), the workload discovery settings and the activation gate.
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

mod dialect;
mod seeds;
mod specs;

use crate::crud;
use crate::util::{now_secs, Req, Resp};
use crate::zia::{id_of, method_not_allowed, no_route};
use axum::http::Method;
use serde_json::{json, Value};
use specs::SPECS;

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
        _ => crud::serve(&mut dialect::ZtwCrud(st), req, rest).unwrap_or_else(|| no_route(req)),
    }
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
