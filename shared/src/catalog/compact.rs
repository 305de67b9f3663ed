//! The tool tables, flattened at compile time into data without pointers.
//!
//! The service tables are written as `ToolSpec` constants full of `&'static str`. Stored as
//! they are, every one of those pointers is a load-time relocation in a position-independent
//! executable, and every page holding one is copied on write when the process starts: the
//! catalog alone cost ~70 page faults and ~0.25 ms of every cold start (infra/bench). Here
//! `const fn`s copy every string into one byte pool and replace each pointer with an
//! offset, so the tables land in read-only data that is mapped, not written. Only the few
//! custom hook functions stay pointers, in their own small table. A tool's `ToolSpec` is
//! rebuilt from these tables the first time the tool is used (`super::tool`).

use super::spec::{Action, CustomHook, Hook, HttpMethod, Kind, Paging, Place, Service, ToolSpec};

/// A string in the pool: byte offset and length.
#[derive(Clone, Copy, Debug)]
pub(super) struct Str {
    at: u32,
    len: u32,
}

#[derive(Clone, Copy)]
pub(super) enum CKind {
    Str,
    Int,
    Bool,
    StrList,
    IntList,
    /// Values `at..at+len` of the enum-value table.
    Enum {
        at: u32,
        len: u32,
    },
    Object,
}

#[derive(Clone, Copy)]
pub(super) enum CPlace {
    Path,
    Query(Str),
    ZpaSearch,
    Body(Str),
    WholeBody,
    BodyRefs(Str),
    BodyExtra,
}

#[derive(Clone, Copy)]
pub(super) struct CParam {
    pub name: Str,
    pub kind: CKind,
    pub required: bool,
    pub place: CPlace,
    pub description: Str,
}

#[derive(Clone, Copy)]
pub(super) enum CPaging {
    None,
    Pages { default_size: u32, max_size: u32 },
    ZpaPages,
    ZdxCursor { items: Str },
    ZidOffset,
}

#[derive(Clone, Copy)]
pub(super) enum CHook {
    None,
    ZpaPolicySet(Str),
    ZiaActivate,
    ZiaUrlLookup,
    ZiaUrlListEdit(Str),
    /// Index into `HOOKS`.
    Custom(u16),
}

#[derive(Clone, Copy)]
pub(super) struct CTool {
    pub name: Str,
    pub service: Service,
    pub toolset: Str,
    pub action: Action,
    pub title: Str,
    pub description: Str,
    pub method: HttpMethod,
    pub path: Str,
    /// Parameters `params_at..params_at+params_len` of the parameter table.
    pub params_at: u32,
    pub params_len: u32,
    pub paging: CPaging,
    pub hook: CHook,
    pub untrusted_content: bool,
}

/// How big each table must be.
#[derive(Clone, Copy)]
pub(super) struct Sizes {
    pub pool: usize,
    pub tools: usize,
    pub params: usize,
    pub enum_values: usize,
    pub hooks: usize,
}

pub(super) struct Tables<const P: usize, const T: usize, const M: usize, const E: usize> {
    pub pool: [u8; P],
    pub tools: [CTool; T],
    pub params: [CParam; M],
    pub enum_values: [Str; E],
}

const fn spec_strings(spec: &ToolSpec) -> usize {
    let mut n = spec.name.len()
        + spec.toolset.len()
        + spec.title.len()
        + spec.description.len()
        + spec.path.len();
    if let Paging::ZdxCursor { items } = spec.paging {
        n += items.len();
    }
    match spec.hook {
        Hook::ZpaPolicySet(s) | Hook::ZiaUrlListEdit(s) => n += s.len(),
        _ => {}
    }
    let mut i = 0;
    while i < spec.params.len() {
        let p = &spec.params[i];
        n += p.name.len() + p.description.len();
        match p.place {
            Place::Query(s) | Place::Body(s) | Place::BodyRefs(s) => n += s.len(),
            _ => {}
        }
        if let Kind::Enum(values) = p.kind {
            let mut v = 0;
            while v < values.len() {
                n += values[v].len();
                v += 1;
            }
        }
        i += 1;
    }
    n
}

pub(super) const fn sizes(sources: &[&[ToolSpec]]) -> Sizes {
    let mut s = Sizes {
        pool: 0,
        tools: 0,
        params: 0,
        enum_values: 0,
        hooks: 0,
    };
    let mut t = 0;
    while t < sources.len() {
        let mut i = 0;
        while i < sources[t].len() {
            let spec = &sources[t][i];
            s.tools += 1;
            s.pool += spec_strings(spec);
            s.params += spec.params.len();
            if let Hook::Custom(_) = spec.hook {
                s.hooks += 1;
            }
            let mut p = 0;
            while p < spec.params.len() {
                if let Kind::Enum(values) = spec.params[p].kind {
                    s.enum_values += values.len();
                }
                p += 1;
            }
            i += 1;
        }
        t += 1;
    }
    s
}

/// Appends strings to the pool.
struct PoolWriter<const P: usize> {
    bytes: [u8; P],
    end: usize,
}

impl<const P: usize> PoolWriter<P> {
    const fn push(&mut self, s: &str) -> Str {
        let at = self.end;
        let (_, rest) = self.bytes.split_at_mut(at);
        let (dst, _) = rest.split_at_mut(s.len());
        dst.copy_from_slice(s.as_bytes());
        self.end += s.len();
        Str {
            at: at as u32,
            len: s.len() as u32,
        }
    }
}

const EMPTY: Str = Str { at: 0, len: 0 };
const BLANK_PARAM: CParam = CParam {
    name: EMPTY,
    kind: CKind::Str,
    required: false,
    place: CPlace::Path,
    description: EMPTY,
};
const BLANK_TOOL: CTool = CTool {
    name: EMPTY,
    service: Service::Zia,
    toolset: EMPTY,
    action: Action::Read,
    title: EMPTY,
    description: EMPTY,
    method: HttpMethod::Get,
    path: EMPTY,
    params_at: 0,
    params_len: 0,
    paging: CPaging::None,
    hook: CHook::None,
    untrusted_content: false,
};

/// Flattens `sources`, whose sizes `sizes(sources)` gave.
pub(super) const fn flatten<const P: usize, const T: usize, const M: usize, const E: usize>(
    sources: &[&[ToolSpec]],
) -> Tables<P, T, M, E> {
    let mut pool = PoolWriter::<P> {
        bytes: [0; P],
        end: 0,
    };
    let mut tools = [BLANK_TOOL; T];
    let mut params = [BLANK_PARAM; M];
    let mut enum_values = [EMPTY; E];
    let (mut n_tools, mut n_params, mut n_values, mut n_hooks) = (0, 0, 0, 0u16);
    // Names and toolsets first, side by side: choosing the tools at start-up reads only
    // these, so it touches a few pages of the pool instead of all of them.
    let mut t = 0;
    while t < sources.len() {
        let mut i = 0;
        while i < sources[t].len() {
            tools[n_tools].name = pool.push(sources[t][i].name);
            tools[n_tools].toolset = pool.push(sources[t][i].toolset);
            n_tools += 1;
            i += 1;
        }
        t += 1;
    }
    n_tools = 0;
    t = 0;
    while t < sources.len() {
        let mut i = 0;
        while i < sources[t].len() {
            let spec = &sources[t][i];
            let params_at = n_params;
            let mut p = 0;
            while p < spec.params.len() {
                let src = &spec.params[p];
                let kind = match src.kind {
                    Kind::Str => CKind::Str,
                    Kind::Int => CKind::Int,
                    Kind::Bool => CKind::Bool,
                    Kind::StrList => CKind::StrList,
                    Kind::IntList => CKind::IntList,
                    Kind::Object => CKind::Object,
                    Kind::Enum(values) => {
                        let at = n_values;
                        let mut v = 0;
                        while v < values.len() {
                            enum_values[n_values] = pool.push(values[v]);
                            n_values += 1;
                            v += 1;
                        }
                        CKind::Enum {
                            at: at as u32,
                            len: values.len() as u32,
                        }
                    }
                };
                let place = match src.place {
                    Place::Path => CPlace::Path,
                    Place::Query(s) => CPlace::Query(pool.push(s)),
                    Place::ZpaSearch => CPlace::ZpaSearch,
                    Place::Body(s) => CPlace::Body(pool.push(s)),
                    Place::WholeBody => CPlace::WholeBody,
                    Place::BodyRefs(s) => CPlace::BodyRefs(pool.push(s)),
                    Place::BodyExtra => CPlace::BodyExtra,
                };
                params[n_params] = CParam {
                    name: pool.push(src.name),
                    kind,
                    required: src.required,
                    place,
                    description: pool.push(src.description),
                };
                n_params += 1;
                p += 1;
            }
            let paging = match spec.paging {
                Paging::None => CPaging::None,
                Paging::Pages {
                    default_size,
                    max_size,
                } => CPaging::Pages {
                    default_size,
                    max_size,
                },
                Paging::ZpaPages => CPaging::ZpaPages,
                Paging::ZdxCursor { items } => CPaging::ZdxCursor {
                    items: pool.push(items),
                },
                Paging::ZidOffset => CPaging::ZidOffset,
            };
            let hook = match spec.hook {
                Hook::None => CHook::None,
                Hook::ZpaPolicySet(s) => CHook::ZpaPolicySet(pool.push(s)),
                Hook::ZiaActivate => CHook::ZiaActivate,
                Hook::ZiaUrlLookup => CHook::ZiaUrlLookup,
                Hook::ZiaUrlListEdit(s) => CHook::ZiaUrlListEdit(pool.push(s)),
                Hook::Custom(_) => {
                    n_hooks += 1;
                    CHook::Custom(n_hooks - 1)
                }
            };
            tools[n_tools] = CTool {
                name: tools[n_tools].name,
                service: spec.service,
                toolset: tools[n_tools].toolset,
                action: spec.action,
                title: pool.push(spec.title),
                description: pool.push(spec.description),
                method: spec.method,
                path: pool.push(spec.path),
                params_at: params_at as u32,
                params_len: spec.params.len() as u32,
                paging,
                hook,
                untrusted_content: spec.untrusted_content,
            };
            n_tools += 1;
            i += 1;
        }
        t += 1;
    }
    assert!(pool.end == P && n_tools == T && n_params == M && n_values == E);
    Tables {
        pool: pool.bytes,
        tools,
        params,
        enum_values,
    }
}

/// The custom hook functions, in the order `CHook::Custom` numbers them. (`Option` only
/// because a const array needs an initial value; every slot is filled.)
pub(super) const fn hooks<const H: usize>(sources: &[&[ToolSpec]]) -> [Option<CustomHook>; H] {
    let mut hooks: [Option<CustomHook>; H] = [None; H];
    let mut n = 0;
    let mut t = 0;
    while t < sources.len() {
        let mut i = 0;
        while i < sources[t].len() {
            if let Hook::Custom(f) = sources[t][i].hook {
                hooks[n] = Some(f);
                n += 1;
            }
            i += 1;
        }
        t += 1;
    }
    assert!(n == H);
    hooks
}

impl<const P: usize, const T: usize, const M: usize, const E: usize> Tables<P, T, M, E> {
    pub fn str(&'static self, s: Str) -> &'static str {
        let bytes = &self.pool[s.at as usize..(s.at + s.len) as usize];
        // Each range was copied from one `&str` at compile time, so it is whole UTF-8.
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The tool's `ToolSpec`, built from the tables. Its parameter (and enum value) slices
    /// are leaked: this runs at most once per tool per process (`super::tool`).
    pub fn rebuild(&'static self, index: usize, hooks: &[Option<CustomHook>]) -> ToolSpec {
        let t = &self.tools[index];
        let start = t.params_at as usize;
        let params: Vec<super::spec::Param> = self.params[start..start + t.params_len as usize]
            .iter()
            .map(|p| super::spec::Param {
                name: self.str(p.name),
                kind: match p.kind {
                    CKind::Str => Kind::Str,
                    CKind::Int => Kind::Int,
                    CKind::Bool => Kind::Bool,
                    CKind::StrList => Kind::StrList,
                    CKind::IntList => Kind::IntList,
                    CKind::Object => Kind::Object,
                    CKind::Enum { at, len } => {
                        let values: Vec<&'static str> = self.enum_values
                            [at as usize..(at + len) as usize]
                            .iter()
                            .map(|&v| self.str(v))
                            .collect();
                        Kind::Enum(Box::leak(values.into_boxed_slice()))
                    }
                },
                required: p.required,
                place: match p.place {
                    CPlace::Path => Place::Path,
                    CPlace::Query(s) => Place::Query(self.str(s)),
                    CPlace::ZpaSearch => Place::ZpaSearch,
                    CPlace::Body(s) => Place::Body(self.str(s)),
                    CPlace::WholeBody => Place::WholeBody,
                    CPlace::BodyRefs(s) => Place::BodyRefs(self.str(s)),
                    CPlace::BodyExtra => Place::BodyExtra,
                },
                description: self.str(p.description),
            })
            .collect();
        ToolSpec {
            name: self.str(t.name),
            service: t.service,
            toolset: self.str(t.toolset),
            action: t.action,
            title: self.str(t.title),
            description: self.str(t.description),
            method: t.method,
            path: self.str(t.path),
            params: Box::leak(params.into_boxed_slice()),
            paging: match t.paging {
                CPaging::None => Paging::None,
                CPaging::Pages {
                    default_size,
                    max_size,
                } => Paging::Pages {
                    default_size,
                    max_size,
                },
                CPaging::ZpaPages => Paging::ZpaPages,
                CPaging::ZdxCursor { items } => Paging::ZdxCursor {
                    items: self.str(items),
                },
                CPaging::ZidOffset => Paging::ZidOffset,
            },
            hook: match t.hook {
                CHook::None => Hook::None,
                CHook::ZpaPolicySet(s) => Hook::ZpaPolicySet(self.str(s)),
                CHook::ZiaActivate => Hook::ZiaActivate,
                CHook::ZiaUrlLookup => Hook::ZiaUrlLookup,
                CHook::ZiaUrlListEdit(s) => Hook::ZiaUrlListEdit(self.str(s)),
                // `hooks` fills every slot `flatten` numbers (both asserted at compile time).
                CHook::Custom(k) => hooks[k as usize].map_or(Hook::None, Hook::Custom),
            },
            untrusted_content: t.untrusted_content,
        }
    }
}
