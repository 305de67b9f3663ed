//! The shape of a tool: everything the generic executor needs, as static data.
//!
//! The service tables are `const` `ToolSpec` tables. They are flattened at compile time into
//! pointer-free data (`compact.rs`); a tool's `ToolSpec` is rebuilt on its first use and its
//! JSON schema on the first `tools/list`.

/// The ten Zscaler services, with the short codes the Python server uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Zia,
    Zpa,
    Zdx,
    Zcc,
    Ztw,
    Zid,
    Zeasm,
    Zins,
    Zms,
    Zcell,
}

impl Service {
    pub const ALL: [Service; 10] = [
        Service::Zia,
        Service::Zpa,
        Service::Zdx,
        Service::Zcc,
        Service::Ztw,
        Service::Zid,
        Service::Zeasm,
        Service::Zins,
        Service::Zms,
        Service::Zcell,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Service::Zia => "zia",
            Service::Zpa => "zpa",
            Service::Zdx => "zdx",
            Service::Zcc => "zcc",
            Service::Ztw => "ztw",
            Service::Zid => "zid",
            Service::Zeasm => "zeasm",
            Service::Zins => "zins",
            Service::Zms => "zms",
            Service::Zcell => "zcell",
        }
    }

    pub fn from_code(code: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The service a OneAPI `service-info[].prd` value stands for (python-server-compat §1.6).
    pub fn from_prd(prd: &str) -> Option<Service> {
        Some(match prd.to_ascii_uppercase().as_str() {
            "ZIA" => Service::Zia,
            "ZPA" => Service::Zpa,
            "ZDX" => Service::Zdx,
            "ZCC" => Service::Zcc,
            "ZTW" | "CLOUD_CONNECTOR" => Service::Ztw,
            "ZIDENTITY" | "ZID" | "IDENTITY" | "ZIAM" => Service::Zid,
            "ZEASM" | "EASM" => Service::Zeasm,
            "ZINS" | "INSIGHTS" | "ZINSIGHTS" => Service::Zins,
            "ZMS" => Service::Zms,
            "ZCELL" | "ZCELLULAR" | "CELLULAR" => Service::Zcell,
            _ => return None,
        })
    }

    /// Product name used in messages a human reads.
    pub fn product(self) -> &'static str {
        match self {
            Service::Zia => "ZIA",
            Service::Zpa => "ZPA",
            Service::Zdx => "ZDX",
            Service::Zcc => "ZCC",
            Service::Ztw => "ZTW",
            Service::Zid => "ZIdentity",
            Service::Zeasm => "EASM",
            Service::Zins => "Z-Insights",
            Service::Zms => "ZMS",
            Service::Zcell => "ZCell",
        }
    }
}

/// The four actions of the Python server; everything but `Read` is a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }

    pub fn is_write(self) -> bool {
        !matches!(self, Action::Read)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

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

/// Tool-specific logic the generic executor cannot express as data.
#[derive(Clone, Copy, Debug)]
pub enum Hook {
    None,
    /// Resolve `{policySetId}` in the path from the policy type's policy set.
    ZpaPolicySet(&'static str),
    /// After `POST /status/activate`, poll `GET /status` while it says INPROGRESS.
    ZiaActivate,
    /// `POST /urlLookup` takes at most 100 URLs: split, call in turn, concatenate.
    ZiaUrlLookup,
    /// `PUT /urlCategories/{id}?action=...` edits the URL list incrementally; the API wants
    /// the category's name alongside the URLs, so it is read first.
    ZiaUrlListEdit(&'static str),
    /// Tool-specific logic written as a function next to the tool's spec.
    Custom(CustomHook),
}

/// Everything a custom hook may use: the validated call and the client.
pub struct HookCtx<'a> {
    pub client: &'a crate::zscaler::ZscalerClient,
    pub spec: &'a ToolSpec,
    /// The path with every placeholder filled.
    pub path: &'a str,
    pub plan: &'a super::args::CallPlan,
    pub deadline: std::time::Instant,
}

pub type HookFuture<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<crate::executor::ToolOutput, crate::executor::ToolError>,
            > + Send
            + 'a,
    >,
>;

/// A custom hook: a plain function, so it can live in a `const` tool table.
pub type CustomHook = for<'a> fn(HookCtx<'a>) -> HookFuture<'a>;

#[derive(Clone, Copy, Debug)]
pub struct ToolSpec {
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
    pub hook: Hook,
    /// Output is attacker-influenced content (python-server-compat.md §1.6).
    pub untrusted_content: bool,
}

impl ToolSpec {
    pub fn needs_customer_id(&self) -> bool {
        self.path.contains("{customerId}")
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

/// The same parameter, required.
pub const fn required(p: Param) -> Param {
    Param {
        required: true,
        ..p
    }
}

/// The `extra_fields` escape hatch of create and update tools.
pub const EXTRA_FIELDS: Param = Param {
    name: "extra_fields",
    kind: Kind::Object,
    required: false,
    place: Place::BodyExtra,
    description: "Further API fields (camelCase, as in the Zscaler API) merged into the \
                  request body, for settings the named parameters do not cover.",
};

pub const fn whole_body(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        place: Place::WholeBody,
        description,
    }
}

/// A GET tool with no hook: most read tools.
#[allow(clippy::too_many_arguments)]
pub const fn read(
    name: &'static str,
    service: Service,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
    paging: Paging,
) -> ToolSpec {
    ToolSpec {
        name,
        service,
        toolset,
        action: Action::Read,
        title,
        description,
        method: HttpMethod::Get,
        path,
        params,
        paging,
        hook: Hook::None,
        untrusted_content: false,
    }
}

/// A write tool without hook or paging; the HTTP method follows the action (create POST,
/// update PUT, delete DELETE).
#[allow(clippy::too_many_arguments)]
pub const fn write(
    name: &'static str,
    service: Service,
    toolset: &'static str,
    action: Action,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    let method = match action {
        Action::Create => HttpMethod::Post,
        Action::Update => HttpMethod::Put,
        Action::Delete => HttpMethod::Delete,
        Action::Read => HttpMethod::Get,
    };
    ToolSpec {
        name,
        service,
        toolset,
        action,
        title,
        description,
        method,
        path,
        params,
        paging: Paging::None,
        hook: Hook::None,
        untrusted_content: false,
    }
}
