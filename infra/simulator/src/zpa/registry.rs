//! ZPA endpoints beyond the hand-written core, for the ZPA tool
//! catalog: a registry of CRUD collections (`specs::SPECS`, served by the
//! shared CRUD engine in the ZPA `dialect`) and the endpoints that are not
//! plain collections (`lookups`: bulk deletes, issued-certificate views, SAML attributes by
//! IdP, SCIM attribute values; the LSS catalogs in `lss`), plus two extensions of
//! the core: Browser Access / PRA / inspection sub-applications of
//! application segments (`apps`, with `GET /application/getAppsByType`) and
//! the fields and actions of the non-access policy types (`policy`).
//!
//! Conventions (zscaler-api.md §3–§5.2 and the recordings), the same as the
//! core: string ids and string numbers; lists as
//! `{"totalPages":"N","totalCount":"M","list":[...]}` with `page` and
//! lower-case `pagesize` (default 20, max 500) and `search=name+EQ+value`;
//! POST → 201 with the object (provisioning keys → 200); PUT → 204 with an
//! empty body, merging the body onto the stored object; DELETE → 204;
//! unknown id → 400 `resource.not.found`. Both API versions are accepted on
//! every path (as in the core); [`ZpaCollectionInfo`] records the version
//! the SDKs use.
//!
//! Where the SDKs disagree the Python SDK wins unless the Go SDK's choice is
//! checked against the live API; each such place carries an "SDKs disagree"
//! comment.
//!
//! Seeded data: app connectors 4, service edge groups 3, service edges 4,
//! provisioning keys 6 (3 CONNECTOR_GRP, 2 SERVICE_EDGE_GRP, 1
//! NP_ASSISTANT_GRP), enrollment certificates 4, application servers 4, BA
//! certificates 3, PRA portals 3, PRA credentials 3, SAML attributes 5,
//! SCIM attributes 5, AppProtection (inspection) profiles 3, isolation
//! profiles 3, posture profiles 4, trusted networks 3, LSS configs 3; plus
//! 3 rules in each of the timeout, client forwarding, isolation and
//! inspection policy sets, and Browser Access, PRA and inspection
//! sub-applications on app03, app06 and app09.

use super::{apps, dialect, lookups, policy, specs};
use crate::util::Req;
use crate::util::Resp;
use crate::zpa::ZpaState;
use serde_json::Value;

/// Items of the registry collections.
pub(crate) struct MoreState {
    /// Items of each collection, parallel to `specs::SPECS`.
    pub(super) colls: Vec<Vec<Value>>,
    /// Last id handed out per collection, parallel to `specs::SPECS`.
    pub(super) next_ids: Vec<u64>,
}

impl MoreState {
    pub(crate) fn seeded() -> MoreState {
        let colls: Vec<Vec<Value>> = specs::SPECS.iter().map(|s| (s.seeds)()).collect();
        let floors = specs::SPECS.iter().map(|s| s.id_start);
        let next_ids =
            crate::crud::last_ids(&colls, floors, |v| crate::zpa::sid(v).parse::<u64>().ok());
        MoreState { colls, next_ids }
    }

    /// Items of the collection with this key (empty for an unknown key).
    pub(crate) fn coll(&self, key: &str) -> &[Value] {
        specs::index_of(key)
            .and_then(|i| self.colls.get(i))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn coll_mut(&mut self, key: &str) -> Option<&mut Vec<Value>> {
        specs::index_of(key).and_then(|i| self.colls.get_mut(i))
    }

    /// A fresh id for the collection at `idx`.
    pub(super) fn next_id(&mut self, idx: usize) -> Option<String> {
        let slot = self.next_ids.get_mut(idx)?;
        *slot = slot.saturating_add(1);
        Some(slot.to_string())
    }
}

/// Serve `/zpa/mgmtconfig/{v1|v2}/admin/customers/{cid}/{rest...}` for what
/// the ZPA core does not handle itself; None when nothing here matches.
pub(crate) fn route(st: &mut ZpaState, req: &Req, rest: &[&str], version: &str) -> Option<Resp> {
    lookups::route(st, req, rest, version).or_else(|| dialect::route(st, req, rest))
}

/// The app connectors of a connector group, as the group embeds them.
pub(crate) fn connectors_of_group(st: &ZpaState, group_id: &str) -> Vec<Value> {
    dialect::rendered_where(st, "connectors", |c| {
        crate::util::str_field(c, "appConnectorGroupId") == group_id
    })
}

/// Seeds that need the core data (policy sets, application segments).
pub(crate) fn seed_core_extras(st: &mut ZpaState) {
    policy::seed_rules(st);
    apps::seed(st);
}

/// A registry collection as clients see it, for contract tests and docs.
#[derive(Clone, Debug)]
pub struct ZpaCollectionInfo {
    /// Registry key, e.g. "praCredentials".
    pub name: &'static str,
    /// Human name, e.g. "PRA credential".
    pub what: &'static str,
    /// Path under `/zpa/mgmtconfig/{version}/admin/customers/{customerId}`,
    /// e.g. "associationType/CONNECTOR_GRP/provisioningKey" (a path
    /// parameter is filled with an example value that has seeded items).
    pub rest: String,
    /// API version the SDKs use for the list ("v1" or "v2").
    pub list_version: &'static str,
    /// API version the SDKs use for get/create/update/delete.
    pub item_version: &'static str,
    /// `GET {rest}` is served.
    pub list: bool,
    /// `GET {rest}/{id}` is served.
    pub get: bool,
    /// `POST {rest}` is served.
    pub create: bool,
    /// `PUT {rest}/{id}` is served.
    pub update: bool,
    /// `DELETE {rest}/{id}` is served.
    pub delete: bool,
    /// Status of a successful POST (201, or 200 for provisioning keys).
    pub create_status: u16,
    /// Path to the item's name ("name", or "config/name").
    pub name_path: &'static str,
    /// Fields accepted on write and never returned.
    pub write_only: Vec<&'static str>,
    /// Request fields that come back under another name (aliases such as a
    /// provisioning key's `componentId`, an LSS `policyRuleResource`).
    pub request_only: Vec<&'static str>,
    /// Items seeded under `rest`.
    pub seeded: usize,
    /// A valid create body (when `create`).
    pub sample_create: Option<Value>,
    /// A valid update body (when `update`); for collections without create
    /// it applies to the first seeded item.
    pub sample_update: Option<Value>,
}

impl ZpaCollectionInfo {
    /// The full list path for `customer_id`, with the SDK's version.
    pub fn list_path(&self, customer_id: &str) -> String {
        format!(
            "/zpa/mgmtconfig/{}/admin/customers/{customer_id}/{}",
            self.list_version, self.rest
        )
    }

    /// The full item path for `customer_id`, with the SDK's version.
    pub fn item_path(&self, customer_id: &str, id: &str) -> String {
        format!(
            "/zpa/mgmtconfig/{}/admin/customers/{customer_id}/{}/{id}",
            self.item_version, self.rest
        )
    }
}

/// Every ZPA registry collection (the data that drives the generic CRUD).
pub fn zpa_collections() -> Vec<ZpaCollectionInfo> {
    specs::SPECS.iter().map(specs::info).collect()
}
