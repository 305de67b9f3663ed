//! The graph of the crate's top-level modules has no cycle (issue 17 item 5).
//!
//! The crate's files are found the way rustc finds them, from lib.rs through each `mod x;`
//! (and its `#[path]`), so a stray file in `src/` is not read; each is parsed with `syn`
//! (already compiled in the tree for the proc macros; comments, strings and doc text are
//! never taken for code). An edge `a → b` exists when a file of top-level module `a` names
//! `crate::b…` or reaches `b` through `super::` (in a path, a `use` tree, or the tokens of a
//! macro call such as `format!`).
//! `crate::Name` re-exported by lib.rs counts as the module it comes from. Code under
//! `#[cfg(test)]` is left out: tests may use any module without making it a dependency.
//!
//! Cycles still being removed are listed in [`KNOWN_CYCLES`]; the test fails on a cycle
//! that is not listed and on a listed cycle that is gone, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// Module cycles tolerated while they are being removed, each written from its smallest
/// module and closed (`"a -> b -> a"`); remove a line when its cycle is gone. The 15 cycles
/// this test found first (through auth, catalog, config, confirm, executor, secrets and
/// zscaler) were all gone by the time it landed, so the list is empty: any cycle fails.
const KNOWN_CYCLES: &[&str] = &[];

/// A dependency found in one file: the top-level module it reaches and the line.
type Uses = Vec<(String, usize)>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// An out-of-line `mod x;` met in a file: the module's path and its `#[path]`, if any.
#[derive(Debug, PartialEq)]
struct Declared {
    module: Vec<String>,
    path_attr: Option<String>,
}

/// The file of a declared module: `#[path]` is relative to the declaring file's directory;
/// otherwise `x.rs` or `x/mod.rs` in the directory that owns the declaring file's children
/// (its own directory for lib.rs and mod.rs, `a/` for `a.rs`), under any inline modules.
fn module_file(declaring: &Path, file_module: &[String], d: &Declared) -> PathBuf {
    let dir = declaring.parent().unwrap();
    if let Some(p) = &d.path_attr {
        return dir.join(p);
    }
    let stem = declaring.file_stem().unwrap().to_string_lossy();
    let mut base = if stem == "mod" || stem == "lib" {
        dir.to_path_buf()
    } else {
        dir.join(&*stem)
    };
    let (name, inline) = d.module[file_module.len()..].split_last().unwrap();
    inline.iter().for_each(|m| base.push(m));
    let flat = base.join(format!("{name}.rs"));
    if flat.exists() {
        flat
    } else {
        base.join(name).join("mod.rs")
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Collects the top-level modules a file reaches.
struct Collector<'a> {
    /// The module the code being visited is in (file path plus inline `mod`s).
    here: Vec<String>,
    modules: &'a BTreeSet<String>,
    reexports: &'a BTreeMap<String, String>,
    uses: Uses,
    /// Out-of-line `mod x;` declarations met (`#[cfg(test)]` ones are not followed).
    declared: Vec<Declared>,
}

impl Collector<'_> {
    /// A path given as its leading segments: records the top-level module it reaches when
    /// it starts with `crate` or `super`.
    fn segments(&mut self, segments: &[String], line: usize) {
        let Some(first) = segments.first() else {
            return;
        };
        let mut at: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "super" => self.here.clone(),
            _ => return,
        };
        let mut rest = &segments[1..];
        if first == "super" {
            at.pop();
            while rest.first().is_some_and(|s| s == "super") {
                at.pop();
                rest = &rest[1..];
            }
        }
        let target = match (at.first(), rest.first()) {
            (Some(top), _) => Some(top.clone()),
            (None, Some(name)) if self.modules.contains(name) => Some(name.clone()),
            (None, Some(name)) => self.reexports.get(name).cloned(),
            (None, None) => None,
        };
        if let Some(t) = target {
            self.uses.push((t, line));
        }
    }

    /// `use` trees: each branch is a path of its own.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(prefix, t)),
            syn::UseTree::Name(n) => self.leaf(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.leaf(prefix, &r.ident),
            syn::UseTree::Glob(g) => {
                let line = g.star_token.spans[0].start().line;
                self.segments(prefix, line);
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let mut path = prefix.to_vec();
        path.push(ident.to_string());
        self.segments(&path, ident.span().start().line);
    }

    /// Macro arguments are tokens, not syntax: `crate :: x` / `super :: x` sequences in them.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            if let TokenTree::Group(g) = &trees[i] {
                self.tokens(g.stream());
            }
            let (path, next) = token_path(&trees, i);
            if path.len() > 1 {
                let line = trees[i].span().start().line;
                self.segments(&path, line);
            }
            i = next.max(i + 1);
        }
    }
}

/// The `a :: b :: c` identifiers starting at `trees[i]`, and the index after them.
fn token_path(trees: &[TokenTree], mut i: usize) -> (Vec<String>, usize) {
    let mut path = Vec::new();
    while let Some(TokenTree::Ident(id)) = trees.get(i) {
        path.push(id.to_string());
        let colons = matches!(
            (trees.get(i + 1), trees.get(i + 2)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':'
        );
        if !colons {
            return (path, i + 1);
        }
        i += 3;
    }
    (path, i)
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(s) = p.segments.first() {
            self.segments(&segments, s.ident.span().start().line);
        }
        syn::visit::visit_path(self, p);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !is_cfg_test(&u.attrs) {
            self.use_tree(&mut Vec::new(), &u.tree);
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let mut path = self.here.clone();
        path.push(m.ident.to_string());
        if is_cfg_test(&m.attrs) {
            return;
        }
        if m.content.is_none() {
            let path_attr = m.attrs.iter().find_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            });
            self.declared.push(Declared {
                module: path,
                path_attr,
            });
            return;
        }
        let outer = std::mem::replace(&mut self.here, path);
        syn::visit::visit_item_mod(self, m);
        self.here = outer;
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_cfg_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if !is_cfg_test(&i.attrs) {
            syn::visit::visit_item_impl(self, i);
        }
    }
}

/// The crate's top-level modules and the names lib.rs re-exports (name → module).
fn crate_root() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap();
    let file = syn::parse_file(&text).expect("lib.rs parses");
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(m) => {
                modules.insert(m.ident.to_string());
            }
            syn::Item::Use(u) => reexported(&u.tree, None, &mut reexports),
            _ => {}
        }
    }
    (modules, reexports)
}

fn reexported(tree: &syn::UseTree, module: Option<&str>, out: &mut BTreeMap<String, String>) {
    match tree {
        syn::UseTree::Path(p) => {
            let name = p.ident.to_string();
            reexported(&p.tree, Some(module.unwrap_or(&name)), out);
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| reexported(t, module, out)),
        syn::UseTree::Name(n) => {
            if let Some(m) = module {
                out.insert(n.ident.to_string(), m.to_string());
            }
        }
        syn::UseTree::Rename(r) => {
            if let Some(m) = module {
                out.insert(r.rename.to_string(), m.to_string());
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// The modules one source text reaches from module path `here` (in order of appearance),
/// and the out-of-line modules it declares.
fn uses_of(
    text: &str,
    here: Vec<String>,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> (Uses, Vec<Declared>) {
    let file = syn::parse_file(text).expect("the file parses");
    let mut c = Collector {
        here,
        modules,
        reexports,
        uses: Vec::new(),
        declared: Vec::new(),
    };
    c.visit_file(&file);
    (c.uses, c.declared)
}

/// Edges `(from, to)` between different top-level modules, each with its first example,
/// over the files reached from lib.rs (lib.rs itself only declares and re-exports).
fn edges() -> BTreeMap<(String, String), String> {
    let (modules, reexports) = crate_root();
    let root = src_dir();
    let mut queue = vec![(root.join("lib.rs"), Vec::<String>::new())];
    let mut edges = BTreeMap::new();
    while let Some((path, here)) = queue.pop() {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (uses, declared) = uses_of(&text, here.clone(), &modules, &reexports);
        for d in &declared {
            queue.push((module_file(&path, &here, d), d.module.clone()));
        }
        let Some(from) = here.first() else {
            continue;
        };
        let relative = path.strip_prefix(&root).unwrap().display().to_string();
        for (to, line) in uses {
            if to != *from {
                let example = format!("shared/src/{relative}:{line}");
                let entry = edges.entry((from.clone(), to)).or_insert(example.clone());
                // The smallest file:line, so the example does not depend on the walk order.
                if example_key(&example) < example_key(entry) {
                    *entry = example;
                }
            }
        }
    }
    edges
}

fn example_key(example: &str) -> (String, usize) {
    let (file, line) = example.rsplit_once(':').unwrap();
    (file.to_string(), line.parse().unwrap())
}

/// Every elementary cycle, each written from its smallest module and closed
/// (`a -> b -> a`), found by a depth-first walk from each module over larger ones only.
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    let mut found = Vec::new();
    for &start in next.keys() {
        let mut stack = vec![start];
        walk(start, &next, &mut stack, &mut found);
    }
    found
}

fn walk<'a>(
    start: &'a str,
    next: &BTreeMap<&'a str, Vec<&'a str>>,
    stack: &mut Vec<&'a str>,
    found: &mut Vec<Vec<String>>,
) {
    let here = *stack.last().unwrap();
    for &to in next.get(here).map(Vec::as_slice).unwrap_or(&[]) {
        if to == start {
            let mut cycle: Vec<String> = stack.iter().map(|s| s.to_string()).collect();
            cycle.push(start.to_string());
            found.push(cycle);
        } else if to > start && !stack.contains(&to) {
            stack.push(to);
            walk(start, next, stack, found);
            stack.pop();
        }
    }
}

#[test]
fn top_level_modules_form_no_cycle_beyond_the_known_ones() {
    let edges = edges();
    let found = cycles(&edges);
    let mut report = String::new();
    for cycle in &found {
        report.push_str(&format!("cycle {}\n", cycle.join(" -> ")));
        for pair in cycle.windows(2) {
            let example = &edges[&(pair[0].clone(), pair[1].clone())];
            report.push_str(&format!("    {} -> {}: {example}\n", pair[0], pair[1]));
        }
    }
    println!("{report}");
    let found: BTreeSet<String> = found.iter().map(|c| c.join(" -> ")).collect();
    // The list as it would read today, ready to paste over KNOWN_CYCLES.
    let today: String = found.iter().map(|c| format!("    \"{c}\",\n")).collect();
    let known: BTreeSet<String> = KNOWN_CYCLES.iter().map(|c| c.to_string()).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "module cycles not in KNOWN_CYCLES: {new:#?}\nKNOWN_CYCLES entries that are gone \
         (remove them): {gone:#?}\nthe cycles today:\n{today}\n{report}"
    );
}

#[test]
fn the_collector_reads_paths_uses_and_macros_but_not_comments_or_strings() {
    let modules: BTreeSet<String> = ["a", "b", "c", "d", "e", "f", "g", "zz"]
        .map(String::from)
        .into();
    let reexports = BTreeMap::from([("Thing".to_string(), "g".to_string())]);
    let text = r#"
use crate::{a::X, b};
// crate::zz::not_code
fn f() {
    let _ = super::super::c::f();
    let _ = format!("{} crate::zz", crate::d::E);
    let _: super::Local = crate::Thing::new();
}
mod inner {
    use super::super::e::Y;
}
#[cfg(test)]
mod tests {
    use crate::zz::Anything;
}
#[cfg(test)]
mod more_tests;
#[path = "elsewhere/sub.rs"]
mod sub;
/// [`crate::zz`] in a doc comment
pub(in crate::f) fn g() {}
"#;
    let here = vec!["m".to_string(), "n".to_string()];
    let (uses, declared) = uses_of(text, here, &modules, &reexports);
    assert_eq!(
        uses,
        [
            ("a".to_string(), 2),
            ("b".to_string(), 2),
            ("c".to_string(), 5),
            ("d".to_string(), 6),
            ("m".to_string(), 7),
            ("g".to_string(), 7),
            ("m".to_string(), 10),
            ("f".to_string(), 21),
        ]
    );
    let declared_paths: Vec<&[String]> = declared.iter().map(|d| &d.module[..]).collect();
    assert_eq!(declared_paths, [["m", "n", "sub"].map(String::from)]);
    assert_eq!(declared[0].path_attr.as_deref(), Some("elsewhere/sub.rs"));
}

#[test]
fn module_files_are_found_the_way_rustc_finds_them() {
    let src = src_dir();
    let declared = |module: &[&str], path_attr: Option<&str>| Declared {
        module: module.iter().map(|m| m.to_string()).collect(),
        path_attr: path_attr.map(str::to_string),
    };
    let auth = ["auth".to_string()];
    assert_eq!(
        module_file(&src.join("lib.rs"), &[], &declared(&["auth"], None)),
        src.join("auth/mod.rs")
    );
    assert_eq!(
        module_file(
            &src.join("auth/mod.rs"),
            &auth,
            &declared(&["auth", "jwt"], None)
        ),
        src.join("auth/jwt.rs")
    );
    let sanitize = ["sanitize".to_string()];
    let fast = declared(&["sanitize", "fast"], Some("sanitize/fast.rs"));
    assert_eq!(
        module_file(&src.join("sanitize.rs"), &sanitize, &fast),
        src.join("sanitize/fast.rs")
    );
}

#[test]
fn every_elementary_cycle_is_found_once() {
    let edges: BTreeMap<(String, String), String> = [
        ("a", "b"),
        ("b", "a"),
        ("b", "c"),
        ("c", "a"),
        ("d", "a"),
        ("c", "e"),
    ]
    .into_iter()
    .map(|(f, t)| ((f.to_string(), t.to_string()), String::new()))
    .collect();
    let found: Vec<String> = cycles(&edges).iter().map(|c| c.join(" -> ")).collect();
    assert_eq!(found, ["a -> b -> a", "a -> b -> c -> a"]);
}
