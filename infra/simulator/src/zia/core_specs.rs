//! The hand-written ZIA core collections (URL categories, URL and firewall
//! rules, rule labels, locations, users, departments, groups, admin users)
//! as a table for the CRUD engine (`crud::serve` in the ZIA `dialect`):
//! where each lives in `ZiaState`, its list filters and paging, its build
//! (validation) hook, and the special steps around a write — rule ordering
//! (`ordered`), the predefined URL categories and default rules that stay
//! (`before_delete`), sub-locations (`cascade`, `refresh`).
//!
//! They differ from the registry collections (`specs`) in what the wire
//! shows: ids come from the one core counter (custom URL categories are
//! `CUSTOM_nn` with their own `val`), a write body is taken as sent (no
//! type conforming) and each collection has its own error texts.

use super::*;

/// Validate a write body and build the object to store (None on create:
/// `existing`); its id is set afterwards by the engine.
pub(crate) type CoreBuild =
    fn(&ZiaState, &Req, Map<String, Value>, Option<&Value>) -> Result<Built, Resp>;

/// A write gate of a delete.
pub(crate) type DeleteGate = fn(&Value) -> Result<(), Resp>;

/// One core collection.
pub(crate) struct CoreSpec {
    pub coll: Coll,
    /// Path segments under `/zia/api/v1`.
    pub base: &'static [&'static str],
    /// Human name in "not found" errors.
    pub what: &'static str,
    /// Ids are strings (URL categories) rather than integers.
    pub string_ids: bool,
    /// POST, PUT and DELETE are served through this hook (None: read-only).
    pub build: Option<CoreBuild>,
    /// The list filters of the query string.
    pub keep: fn(&Req, &Value) -> bool,
    /// The item as clients read it (None: as stored).
    pub render: Option<fn(&ZiaState, &Value) -> Value>,
    /// Changes to the listed items after filtering (projections).
    pub shape_list: Option<fn(&Req, &mut [Value])>,
    /// `(default, max)` page size; None lists everything.
    pub paging: Option<(u64, u64)>,
    /// A rule table: listed by `order`, re-placed after a write and
    /// renumbered after a delete.
    pub ordered: bool,
    /// The write gate of a delete.
    pub before_delete: Option<DeleteGate>,
    /// What goes with a deleted item.
    pub cascade: Option<fn(&mut ZiaState, &Value)>,
    /// Derived fields to bring up to date after any write or delete.
    pub refresh: Option<fn(&mut ZiaState)>,
}

fn everything(_: &Req, _: &Value) -> bool {
    true
}

const DEFAULT: CoreSpec = CoreSpec {
    coll: Coll::Users,
    base: &[],
    what: "",
    string_ids: false,
    build: None,
    keep: name_search,
    render: None,
    shape_list: None,
    paging: Some((100, 1000)),
    ordered: false,
    before_delete: None,
    cascade: None,
    refresh: None,
};

/// `search` on `userName` or `loginName` (contains).
fn admin_search(req: &Req, a: &Value) -> bool {
    req.q("search").filter(|s| !s.is_empty()).is_none_or(|s| {
        icontains(str_field(a, "userName"), s) || icontains(str_field(a, "loginName"), s)
    })
}

/// Every core collection, in the order they are matched.
pub(crate) const CORE: &[CoreSpec] = &[
    CoreSpec {
        coll: Coll::UrlCategories,
        base: &["urlCategories"],
        what: "URL category",
        string_ids: true,
        build: Some(build_category),
        keep: category_filter,
        shape_list: Some(category_counts_only),
        paging: None,
        before_delete: Some(category_delete_gate),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::UrlRules,
        base: &["urlFilteringRules"],
        what: "URL filtering rule",
        build: Some(build_url_rule),
        // URL filtering rules ignore paging and filters.
        keep: everything,
        paging: None,
        ordered: true,
        before_delete: Some(rule_delete_gate),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::FwRules,
        base: &["firewallFilteringRules"],
        what: "Firewall filtering rule",
        build: Some(build_fw_rule),
        keep: fw_rule_filter,
        paging: Some((5000, 10_000)),
        ordered: true,
        before_delete: Some(rule_delete_gate),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Locations,
        base: &["locations"],
        what: "Location",
        build: Some(build_location),
        keep: location_filter,
        cascade: Some(drop_sublocations),
        refresh: Some(refresh_child_counts),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Users,
        base: &["users"],
        what: "User",
        build: Some(build_user),
        keep: user_filter,
        paging: Some((100, 10_000)),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Departments,
        base: &["departments"],
        what: "Department",
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Groups,
        base: &["groups"],
        what: "Group",
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::RuleLabels,
        base: &["ruleLabels"],
        what: "Rule label",
        build: Some(build_label),
        render: Some(render_label),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::AdminUsers,
        base: &["adminUsers"],
        what: "Admin user",
        keep: admin_search,
        ..DEFAULT
    },
];
