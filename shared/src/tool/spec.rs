//! The shape of a tool: parameters, paging, and the `Spec` builder.

use super::{Action, HttpMethod, Service};

/// JSON type of an argument, as the API really uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Bool,
    StrList,
    IntList,
    /// A closed set of strings (rendered as a JSON Schema `enum`).
    Enum(&'static [&'static str]),
    /// A JSON object passed through as-is (e.g. a rule body fragment).
    Object,
    /// A JSON number; a numeric string is taken too (the Python server's coordinates).
    Number,
    /// A JSON array whose items the tool's hook checks (e.g. ports as strings or tuples).
    List,
}

/// Where an argument goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Substituted into `{name}` in the path template.
    Path,
    /// A query parameter with this wire name.
    Query(&'static str),
    /// A ZPA `search` filter: a bare value becomes `name+EQ+value`.
    ZpaSearch,
    /// A field of the JSON body with this wire name.
    Body(&'static str),
    /// The whole JSON body (e.g. the URL array of a lookup).
    WholeBody,
    /// A list of ids sent as `[{"id": ..}, ..]` under this body field.
    BodyRefs(&'static str),
    /// An object whose fields are merged into the body: the escape hatch for rarely used
    /// fields the typed parameters do not cover.
    BodyExtra,
    /// A boolean sent as one of two strings under a body field: the official server's
    /// `enabled` flag for what the API calls `state` (`ENABLED` / `DISABLED`).
    BodyFlag(&'static str, [&'static str; 2]),
    /// ZDX's `since`: a look-back in hours, sent as `from`/`to` epoch seconds (each only
    /// when not given explicitly), as the official SDK does.
    SinceHours,
    /// The official server's `advanced` dict: converted as its SDK converts it and merged
    /// into the body last (`catalog::advanced`).
    Advanced(Sdk),
}

/// Which of the official SDK's body conversions an `advanced` dict goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sdk {
    /// ZIA rules: id lists become `[{"id": n}]` (url_categories too), `enabled` `state`.
    ZiaRule,
    /// ZIA rules whose `url_categories` stay a list of names (sandbox, SSL, ...).
    ZiaRuleUrlNames,
    /// Other ZIA objects (locations, URL categories): keys camelCased only.
    ZiaObject,
    /// A ZIA settings object (`settings`): keys camelCased; the named parameters win.
    ZiaSettings,
    /// ZPA application segments: server groups, port ranges, clientless apps.
    ZpaSegment,
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub place: Place,
    pub description: &'static str,
}

/// How a list endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// One request, whatever comes back.
    None,
    /// ZIA and ZCC: `page` (1-based) and `pageSize`, plain array, stop on a short page.
    Pages { default_size: u32, max_size: u32 },
    /// ZPA: `page` and lower-case `pagesize`, `{totalPages,totalCount,list}` with string counts.
    ZpaPages,
    /// ZDX: `limit` and an opaque `offset` cursor; `{<items>: [...], next_offset}`.
    ZdxCursor { items: &'static str },
    /// ZIdentity: numeric `offset`/`limit`; `{records: [...], next_link}`.
    ZidOffset,
}

/// An argument a paging style adds to a list tool.
#[derive(Clone, Copy, Debug)]
pub struct PagingArg {
    pub name: &'static str,
    pub kind: Kind,
    /// Bounds for integer arguments.
    pub min: u32,
    pub max: Option<u32>,
    pub description: &'static str,
}

const fn paging_arg(
    name: &'static str,
    kind: Kind,
    min: u32,
    max: Option<u32>,
    description: &'static str,
) -> PagingArg {
    PagingArg {
        name,
        kind,
        min,
        max,
        description,
    }
}

const PAGE: PagingArg = paging_arg(
    "page",
    Kind::Int,
    1,
    None,
    "Fetch only this page (1-based). Omit to fetch every page.",
);

impl Paging {
    /// Extra arguments a tool with this paging accepts.
    pub fn arguments(self) -> Vec<PagingArg> {
        match self {
            Paging::None => Vec::new(),
            Paging::Pages { max_size, .. } => vec![
                PAGE,
                paging_arg(
                    "page_size",
                    Kind::Int,
                    1,
                    Some(max_size),
                    "Items per page when `page` is given.",
                ),
            ],
            Paging::ZpaPages => vec![
                PAGE,
                paging_arg(
                    "page_size",
                    Kind::Int,
                    1,
                    Some(500),
                    "Items per page when `page` is given.",
                ),
            ],
            Paging::ZdxCursor { .. } => vec![
                paging_arg(
                    "offset",
                    Kind::Str,
                    0,
                    None,
                    "Continue from this `next_offset` cursor of an earlier call. Omit to fetch \
                     every batch.",
                ),
                paging_arg("limit", Kind::Int, 1, Some(500), "Items per batch."),
            ],
            Paging::ZidOffset => vec![
                paging_arg(
                    "offset",
                    Kind::Int,
                    0,
                    None,
                    "Fetch one page starting at this record offset. Omit to fetch every page.",
                ),
                paging_arg("limit", Kind::Int, 1, Some(1000), "Records per page."),
            ],
        }
    }
}

/// What a hook type must offer the builder: the value meaning "no hook".
pub trait NoHook: Copy {
    const NONE: Self;
}

/// The shape of a tool, as static data; `H` is the executor's hook type.
#[derive(Clone, Copy, Debug)]
pub struct Spec<H> {
    pub name: &'static str,
    pub service: Service,
    pub toolset: &'static str,
    pub action: Action,
    pub title: &'static str,
    pub description: &'static str,
    pub method: HttpMethod,
    /// Absolute path under the API base, with `{param}` and `{customerId}` placeholders.
    pub path: &'static str,
    pub params: &'static [Param],
    pub paging: Paging,
    pub hook: H,
    /// Output is attacker-influenced content (python-server-compat.md §1.6).
    pub untrusted_content: bool,
}

impl<H> Spec<H> {
    pub fn needs_customer_id(&self) -> bool {
        self.path.contains("{customerId}")
    }
}

/// The one builder every catalog table uses:
/// `ToolSpec::read(ZIA, "zia_users", "zia_list_users").title(..).describe(..).path(..)`,
/// then `.params`, `.paged`, `.hook`, `.method`, `.untrusted` as the tool needs.
impl<H: NoHook> Spec<H> {
    /// A tool of `action`; the HTTP method follows it (read GET, create POST, update PUT,
    /// delete DELETE) unless `.method` says otherwise.
    pub const fn new(
        service: Service,
        toolset: &'static str,
        action: Action,
        name: &'static str,
    ) -> Self {
        let method = match action {
            Action::Read => HttpMethod::Get,
            Action::Create => HttpMethod::Post,
            Action::Update => HttpMethod::Put,
            Action::Delete => HttpMethod::Delete,
        };
        Spec {
            name,
            service,
            toolset,
            action,
            title: "",
            description: "",
            method,
            path: "",
            params: &[],
            paging: Paging::None,
            hook: H::NONE,
            untrusted_content: false,
        }
    }

    pub const fn read(service: Service, toolset: &'static str, name: &'static str) -> Self {
        Self::new(service, toolset, Action::Read, name)
    }

    pub const fn create(service: Service, toolset: &'static str, name: &'static str) -> Self {
        Self::new(service, toolset, Action::Create, name)
    }

    pub const fn update(service: Service, toolset: &'static str, name: &'static str) -> Self {
        Self::new(service, toolset, Action::Update, name)
    }

    pub const fn delete(service: Service, toolset: &'static str, name: &'static str) -> Self {
        Self::new(service, toolset, Action::Delete, name)
    }

    pub const fn title(self, title: &'static str) -> Self {
        Spec { title, ..self }
    }

    pub const fn describe(self, description: &'static str) -> Self {
        Spec {
            description,
            ..self
        }
    }

    pub const fn path(self, path: &'static str) -> Self {
        Spec { path, ..self }
    }

    pub const fn params(self, params: &'static [Param]) -> Self {
        Spec { params, ..self }
    }

    pub const fn paged(self, paging: Paging) -> Self {
        Spec { paging, ..self }
    }

    /// Some APIs use another method than the action implies (e.g. a POST that removes).
    pub const fn method(self, method: HttpMethod) -> Self {
        Spec { method, ..self }
    }

    pub const fn hook(self, hook: H) -> Self {
        Spec { hook, ..self }
    }

    /// The output is attacker-influenced content (python-server-compat.md §1.6).
    pub const fn untrusted(self) -> Self {
        Spec {
            untrusted_content: true,
            ..self
        }
    }
}

// Small constructors keep the tables readable.

pub const fn path_int(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Int,
        required: true,
        place: Place::Path,
        description,
    }
}

pub const fn path_str(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Str,
        required: true,
        place: Place::Path,
        description,
    }
}

pub const fn query(
    name: &'static str,
    wire: &'static str,
    kind: Kind,
    description: &'static str,
) -> Param {
    Param {
        name,
        kind,
        required: false,
        place: Place::Query(wire),
        description,
    }
}

pub const fn zpa_search(description: &'static str) -> Param {
    Param {
        name: "search",
        kind: Kind::Str,
        required: false,
        place: Place::ZpaSearch,
        description,
    }
}

pub const fn body(
    name: &'static str,
    wire: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
) -> Param {
    Param {
        name,
        kind,
        required,
        place: Place::Body(wire),
        description,
    }
}

pub const fn body_refs(name: &'static str, wire: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::IntList,
        required: false,
        place: Place::BodyRefs(wire),
        description,
    }
}

/// A list of string ids sent as `[{"id": "..."}, ...]` under `wire` (ZPA ids are strings).
pub const fn str_refs(name: &'static str, wire: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::StrList,
        required: false,
        place: Place::BodyRefs(wire),
        description,
    }
}

/// An optional field of the JSON body.
pub const fn field(
    name: &'static str,
    wire: &'static str,
    kind: Kind,
    description: &'static str,
) -> Param {
    body(name, wire, kind, false, description)
}

/// The `extra_fields` escape hatch (fields merged into the body) under a name and
/// description of the tool's own.
pub const fn body_extra(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Object,
        required: false,
        place: Place::BodyExtra,
        description,
    }
}

/// An optional boolean sent as `on` / `off` under `wire` (see [`Place::BodyFlag`]).
pub const fn state_flag(
    name: &'static str,
    wire: &'static str,
    on_off: [&'static str; 2],
    description: &'static str,
) -> Param {
    Param {
        name,
        kind: Kind::Bool,
        required: false,
        place: Place::BodyFlag(wire, on_off),
        description,
    }
}

/// The optional ZDX `since` parameter (see [`Place::SinceHours`]).
pub const fn since_hours(description: &'static str) -> Param {
    Param {
        name: "since",
        kind: Kind::Int,
        required: false,
        place: Place::SinceHours,
        description,
    }
}

/// The same parameter, required.
pub const fn required(p: Param) -> Param {
    Param {
        required: true,
        ..p
    }
}

/// The `extra_fields` escape hatch of create and update tools.
pub const EXTRA_FIELDS: Param = body_extra(
    "extra_fields",
    "Further API fields (camelCase, as in the Zscaler API) merged into the request body, for \
     settings the named parameters do not cover.",
);

pub const fn whole_body(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        place: Place::WholeBody,
        description,
    }
}

/// The number of parameters in `parts`, for [`params!`](crate::params).
pub const fn params_len(parts: &[&[Param]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts` laid end to end, for [`params!`](crate::params).
pub const fn params_concat<const N: usize>(parts: &[&[Param]]) -> [Param; N] {
    let mut out = [EXTRA_FIELDS; N];
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(n == N, "params_concat: wrong length");
    out
}

/// A parameter list composed of lists, in a `const`:
/// `params!(&[RULE_ID, NAME], FTC_COMMON, &[EXTRA_FIELDS])`.
#[macro_export]
macro_rules! params {
    ($($part:expr),* $(,)?) => {{
        const PARTS: &[&[$crate::tool::Param]] = &[$($part),*];
        const OUT: [$crate::tool::Param; $crate::tool::params_len(PARTS)] =
            $crate::tool::params_concat(PARTS);
        &OUT
    }};
}
