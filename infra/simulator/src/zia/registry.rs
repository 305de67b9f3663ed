//! ZIA endpoints beyond the hand-written core (see `mod.rs`), for the ZIA tool
//! catalog: a registry of plain CRUD collections (`specs::SPECS`, served by
//! the shared CRUD engine in the ZIA `dialect`), singleton settings
//! objects, URL lists changed with `?action=ADD_TO_LIST|REMOVE_FROM_LIST`,
//! and the helper endpoints that are
//! not collections (sandbox reports, GRE/VIP helpers, geo lookups, cloud
//! application catalogs, validators) in `helpers`.
//!
//! Conventions (zscaler-api.md §3–§6 and the recordings): plain JSON arrays;
//! `page` (1-based) and `pageSize` only on collections that page (others
//! return everything); integer ids (network applications use string ids);
//! POST → 200 with the stored object, PUT → 200 with the replaced object (id
//! kept), DELETE → 204; unknown id → 404 `RESOURCE_NOT_FOUND`; a non-object
//! body → 400 `{"message":"Request body is invalid."}`; a duplicate name →
//! 400 `DUPLICATE_ITEM`. Every successful write sets the activation status
//! to PENDING (through `ZiaState::mark_pending`).
//!
//! Where the SDKs disagree the Python SDK wins; each such place carries a
//! "SDKs disagree" comment.
//!
//! Seeded data: DNS rules 5, IPS rules 4, IPS signature rules 3, IP source
//! groups 4, IP destination groups 4, network services 11, network service
//! groups 3, network applications 8, network application groups 3, time
//! intervals 4, workload groups 3, device groups 5, devices 8, static IPs 6,
//! VPN credentials 5, GRE tunnels 3, SSL inspection rules 4, file type rules
//! 3, sandbox rules 3, web DLP rules 3, Cloud App Control rules 7 (3 of type
//! STREAMING_MEDIA), DLP dictionaries 4, DLP engines 4, custom tags 3; plus
//! 9 singletons, 3 URL lists, 10 shadow IT applications, 22 policy cloud
//! applications, 16 file type categories, 10 GRE VIPs, 14 cities and 3
//! sandbox reports.

use super::{dialect, helpers, seeds, specs};
use crate::util::{Req, Resp};
use crate::zia::ZiaState;
use serde_json::Value;

/// Read access to the hand-written ZIA collections that registry objects
/// reference (labels, locations, users, ...).
pub(crate) struct Outer<'a> {
    pub labels: &'a [Value],
    pub locations: &'a [Value],
    pub location_groups: &'a [Value],
    pub groups: &'a [Value],
    pub departments: &'a [Value],
    pub users: &'a [Value],
}

/// Mutable data of the registry collections and the other endpoints here.
pub(crate) struct MoreState {
    /// Items of each collection, parallel to `specs::SPECS`.
    pub(super) colls: Vec<Vec<Value>>,
    /// Last id handed out per collection, parallel to `specs::SPECS`.
    pub(super) next_ids: Vec<i64>,
    /// Singleton settings objects, parallel to `helpers::SINGLETONS`.
    pub(super) singles: Vec<Value>,
    /// URL lists, parallel to `helpers::URL_LISTS`.
    pub(super) url_lists: Vec<Vec<String>>,
    /// Shadow IT cloud applications (`/cloudApplications/lite`, bulk update).
    pub(super) shadow_apps: Vec<Value>,
    /// Sandbox report lookups made today (reported by `/sandbox/report/quota`).
    pub(super) sandbox_reports_used: u64,
    /// Set by a successful write; turned into PENDING by `handle`.
    pub(super) dirty: bool,
}

impl MoreState {
    pub(crate) fn seeded() -> MoreState {
        let colls: Vec<Vec<Value>> = specs::SPECS.iter().map(|s| (s.seeds)()).collect();
        let floors = specs::SPECS.iter().map(|s| s.id_start);
        let next_ids = crate::crud::last_ids(&colls, floors, crate::zia::id_of);
        MoreState {
            colls,
            next_ids,
            singles: helpers::SINGLETONS.iter().map(|s| (s.seed)()).collect(),
            url_lists: helpers::URL_LISTS.iter().map(|l| (l.seed)()).collect(),
            shadow_apps: seeds::shadow_apps(),
            sandbox_reports_used: 0,
            dirty: false,
        }
    }

    /// Items of the collection with this key (empty for an unknown key).
    pub(crate) fn coll(&self, key: &str) -> &[Value] {
        specs::index_of(key)
            .and_then(|i| self.colls.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Every rule of the ordered rule collections (for label reference
    /// counts).
    pub(crate) fn labelled_rules(&self) -> impl Iterator<Item = &Value> {
        specs::SPECS
            .iter()
            .zip(self.colls.iter())
            .filter(|(s, _)| s.ordered)
            .flat_map(|(_, items)| items.iter())
    }

    pub(super) fn touch(&mut self) {
        self.dirty = true;
    }

    pub(super) fn take_dirty(&mut self) -> bool {
        std::mem::replace(&mut self.dirty, false)
    }
}

/// Serve `/zia/api/v1/{rest...}` for everything the ZIA core does not handle
/// itself; unknown routes get the ZIA 404.
pub(crate) fn handle(st: &mut ZiaState, req: &Req, rest: &[&str]) -> Resp {
    let resp = helpers::route(&mut st.more, req, rest)
        .or_else(|| dialect::route(st, req, rest, dialect::Table::Registry))
        .unwrap_or_else(|| crate::zia::no_route(req));
    if st.more.take_dirty() {
        st.mark_pending();
    }
    resp
}

/// A registry collection as clients see it, for contract tests and docs.
#[derive(Clone, Debug)]
pub struct ZiaCollectionInfo {
    /// Registry key, e.g. "ipSourceGroups".
    pub name: &'static str,
    /// Human name used in error messages, e.g. "IP source group".
    pub what: &'static str,
    /// Full list path, e.g. "/zia/api/v1/ipSourceGroups" (a path parameter
    /// is filled with an example value that has seeded items).
    pub path: String,
    /// Ids are strings (network applications) rather than integers.
    pub string_ids: bool,
    /// `(default, maximum)` page size when the list honours `page`/`pageSize`.
    pub paging: Option<(u64, u64)>,
    /// POST/PUT/DELETE are served (otherwise 405).
    pub writable: bool,
    /// `GET {path}/lite` is served.
    pub lite: bool,
    /// The query parameters the list honours.
    pub filters: Vec<&'static str>,
    /// Field whose value must be unique, and the status of a duplicate.
    pub unique: Option<(&'static str, u16)>,
    /// Items seeded under `path`.
    pub seeded: usize,
    /// A valid create body (writable collections).
    pub sample_create: Option<Value>,
    /// A valid full-replace body for an item created from `sample_create`.
    pub sample_update: Option<Value>,
}

/// Every registry collection (the data that drives the generic CRUD).
pub fn zia_collections() -> Vec<ZiaCollectionInfo> {
    specs::SPECS.iter().map(specs::info).collect()
}

/// A singleton settings object (GET returns it, PUT replaces and returns
/// it).
#[derive(Clone, Debug)]
pub struct ZiaSingletonInfo {
    /// Full path, e.g. "/zia/api/v1/advancedSettings".
    pub path: String,
    /// A valid PUT body that differs from the seeded object.
    pub sample_update: Value,
}

/// Every singleton settings object.
pub fn zia_singletons() -> Vec<ZiaSingletonInfo> {
    helpers::SINGLETONS
        .iter()
        .map(|s| ZiaSingletonInfo {
            path: format!("/zia/api/v1/{}", s.path.join("/")),
            sample_update: (s.sample_update)(),
        })
        .collect()
}
