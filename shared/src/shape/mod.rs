//! JMESPath shaping of tool results (the `query` argument of read tools), applied to the
//! upstream result before sanitization.
//!
//! The expression comes from the caller, so it is hostile input. Compiling and applying it is
//! bounded so that no expression can exhaust the stack, the heap or the CPU:
//!
//! * Compile: a length limit ([`MAX_QUERY_BYTES`]), then a cheap pre-scan that bounds how deep
//!   the `jmespath` crate's recursive-descent parser will recurse ([`MAX_QUERY_NESTING`]) —
//!   *before* that parser runs, because it has no depth limit of its own and a few thousand
//!   `(` overflow any thread's stack — then limits on the parsed syntax tree: its depth
//!   ([`MAX_QUERY_DEPTH`]; long left-associative chains such as `a.a.a…`, `a|a|…` or `[][]…`
//!   nest without brackets, and evaluation, `Clone` and `Drop` recurse over the tree) and its
//!   size ([`MAX_QUERY_NODES`]).
//! * Apply: our own small interpreter over the crate's syntax tree (`jmespath::ast::Ast`),
//!   reusing the crate's value type, comparisons and function registry, that counts its work
//!   ([`MAX_EVAL_STEPS`]), bounds how deep the values it builds can nest ([`MAX_VALUE_DEPTH`]),
//!   and bounds the size of the strings it builds and of the result ([`MAX_RESULT_BYTES`], or
//!   the size of the unshaped result when that is larger).
//!
//! Why an interpreter rather than a static bound: values share structure (`[@,@]` holds the
//! same node twice), so the crate builds a 2^n-node result for `[@,@] | [@,@] | …` in O(n)
//! memory and only explodes when it is serialized, compared or printed; and CPU cost depends
//! on the data (`sort_by` over a 10,000-item list, nested projections). A static bound on
//! output growth would have to assume the worst for every multi-select and so refuse ordinary
//! reshaping queries over large results, while counting the work actually done refuses only
//! what is actually expensive. The interpreter mirrors `jmespath::interpret` node for node, so
//! results are unchanged; the four functions that take an expression argument (`sort_by`,
//! `max_by`, `min_by`, `map`) are evaluated here too, so the work done inside their
//! expressions is counted; every other function is the crate's own, charged by the size of
//! its arguments before it runs (and, for `to_string`, `join` and `contains`, by the size of
//! what it will produce or compare).
//!
//! Every refusal names the limit and its value; the caller turns it into a tool error on the
//! `query` argument.

use std::sync::Arc;

use jmespath::ast::{Ast, Comparator};
use jmespath::functions::{ArgumentType, Signature};
use jmespath::{Context, ErrorReason, JmespathError, Rcvar, RuntimeError, Variable};
use serde_json::Value;

/// Longest accepted expression, in bytes. Real queries (a filter plus a projection naming a few
/// dozen fields) are a few hundred bytes; 2 KiB still fits a projection of some 80 fields. It
/// also bounds what the parser builds before it can fail: each byte adds at most one level to
/// the partial syntax tree (`[][][]…`), which the crate drops recursively on a syntax error,
/// and 2,048 levels fit in 256 KiB of stack even in a debug build.
pub const MAX_QUERY_BYTES: usize = 2048;

/// Deepest accepted nesting, counted as the parser recurses: each open bracket, parenthesis,
/// brace or function call, plus each call waiting inside one (a binary operator's right
/// operand, the operand of `!` or `&`, the rest of a projection such as `a[*].b[*]…`), plus
/// the nesting of JSON literals. String literals do not count. Real queries stay below 10.
/// The parser takes up to 7.5 KiB of stack per level in a debug build (under 1 KiB optimized),
/// so 24 levels fit in a 256 KiB stack; the threads queries run on have 2 MiB (tokio workers)
/// or more.
pub const MAX_QUERY_NESTING: usize = 24;

/// Deepest accepted syntax tree. Left-associative chains nest without brackets: `a.b.c` is
/// three levels, and a filter with 50 `||` alternatives about 55, so 128 admits any real
/// query while bounding the recursion of evaluation, `Clone` and `Drop` (evaluating the
/// deepest tree takes under 150 KiB of stack in a debug build).
pub const MAX_QUERY_DEPTH: usize = 128;

/// Largest accepted syntax tree, in nodes. Most queries have a node per two or three bytes
/// (a 50-field projection is about 100 nodes); this refuses only trees padded with constructs
/// like `[]` that are four nodes in two bytes.
pub const MAX_QUERY_NODES: usize = 1024;

/// Most work one evaluation may do, in steps, *plus one step per byte of the unshaped result*
/// (so the work a query may do grows with the data it reshapes). A step is one syntax node
/// evaluated, one value visited or collected, or 8 bytes of memory allocated or of string
/// compared, scanned or copied (a new value costs 12 steps, plus its slots). A 10-field
/// projection of 10,000 items (2.2 MB, so a limit of 6,200,000) takes 1,250,000 steps, a
/// `sort_by` of them 320,000. 4,000,000 steps are some tens of milliseconds of CPU and at most
/// about 32 MB of allocation.
pub const MAX_EVAL_STEPS: u64 = 4_000_000;

/// Largest result (approximate JSON bytes) a query may produce, and largest string it may
/// build, unless the unshaped result is larger: a query may always return as much as the tool
/// returned without one. Lambda cannot return more than 6 MB anyway, and the result is then
/// held as a `serde_json::Value`, which takes many times its JSON size.
pub const MAX_RESULT_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest value (nested arrays and objects) a query may build. JSON parsed by `serde_json`
/// (every upstream response) is at most 128 deep, and a real query adds a handful of levels.
pub const MAX_VALUE_DEPTH: u32 = 160;

/// Bytes of memory or string per step.
const BYTES_PER_STEP: u64 = 8;

/// Steps charged for allocating one value (an `Arc<Variable>`: about 96 bytes).
const VALUE_STEPS: u64 = 12;

/// Steps charged for the first node of an object's `BTreeMap` (about 400 bytes).
const MAP_STEPS: u64 = 48;

/// A compiled expression. Compiling happens during argument validation, so a bad
/// expression is reported before any API call.
#[derive(Clone)]
pub struct Shape {
    source: Arc<str>,
    ast: Arc<Ast>,
    /// Depth of the deepest JSON literal in the expression.
    literal_depth: u32,
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shape({})", self.source)
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Shape {
    pub fn compile(expr: &str) -> Result<Shape, String> {
        if expr.len() > MAX_QUERY_BYTES {
            return Err(format!(
                "the query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
                expr.len()
            ));
        }
        let nesting = parser_nesting(expr);
        if nesting > MAX_QUERY_NESTING {
            return Err(format!(
                "the query is nested {nesting} deep; the limit is {MAX_QUERY_NESTING}"
            ));
        }
        let ast = jmespath::parse(expr)
            .map_err(|e| format!("not a valid JMESPath expression: {}", e.reason))?;
        let tree = tree_stats(&ast);
        if tree.depth > MAX_QUERY_DEPTH || tree.nodes > MAX_QUERY_NODES {
            discard(ast);
            return Err(if tree.depth > MAX_QUERY_DEPTH {
                format!(
                    "the query's syntax tree is {} levels deep; the limit is {MAX_QUERY_DEPTH}",
                    tree.depth
                )
            } else {
                format!(
                    "the query has {} syntax nodes; the limit is {MAX_QUERY_NODES}",
                    tree.nodes
                )
            });
        }
        Ok(Shape {
            source: Arc::from(expr),
            ast: Arc::new(ast),
            literal_depth: tree.literal_depth,
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn apply(&self, data: &Value) -> Result<Value, String> {
        self.evaluate(data).0
    }

    /// `apply`, and the steps of work it took.
    fn evaluate(&self, data: &Value) -> (Result<Value, String>, u64) {
        let input = json_stats(data);
        let step_limit = MAX_EVAL_STEPS.saturating_add(input.bytes);
        let mut steps = step_limit;
        let out = self.evaluate_within(data, &input, &mut steps);
        (out, step_limit - steps)
    }

    fn evaluate_within(
        &self,
        data: &Value,
        input: &JsonStats,
        steps: &mut u64,
    ) -> Result<Value, String> {
        let var = Variable::from_serializable(data)
            .map_err(|e| format!("the result could not be queried: {e}"))?;
        let byte_limit = MAX_RESULT_BYTES.max(input.bytes);
        let mut eval = Eval {
            ctx: Context::new(&self.source, &jmespath::DEFAULT_RUNTIME),
            steps: *steps,
            step_limit: *steps,
            base_depth: input.depth,
            literal_depth: self.literal_depth,
            byte_limit,
            null: Rcvar::new(Variable::Null),
            yes: Rcvar::new(Variable::Bool(true)),
            no: Rcvar::new(Variable::Bool(false)),
        };
        let result = eval.eval(&(Rcvar::new(var), 0), &self.ast);
        *steps = eval.steps;
        let (out, _) = result.map_err(|stop| match *stop.0 {
            Halt::Limit(problem) => problem,
            Halt::Failed(e) => format!("the query failed: {}", e.reason),
        })?;
        let size = match measure(&out, byte_limit, u64::MAX) {
            Ok(m) => m,
            Err(_) => return Err(too_large(byte_limit)),
        };
        let depth_limit = MAX_VALUE_DEPTH.max(input.depth);
        if size.depth > depth_limit {
            return Err(too_deep(size.depth, depth_limit));
        }
        serde_json::to_value(&*out).map_err(|e| format!("the query result is not JSON: {e}"))
    }
}

fn too_large(limit: u64) -> String {
    format!(
        "the query result is more than {limit} bytes of JSON; the limit is {limit} bytes \
         ({MAX_RESULT_BYTES}, or the size of the unshaped result when larger)"
    )
}

fn too_deep(depth: u32, limit: u32) -> String {
    format!("the query result could be nested {depth} deep; the limit is {limit}")
}

// ---------------------------------------------------------------------------------------------
// Compile-time checks
// ---------------------------------------------------------------------------------------------

/// What an open bracket is, for the pre-scan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bracket {
    /// The whole expression.
    Top,
    /// `(…)`, `{…}`, a function's arguments.
    Group,
    /// `[…]`: a list, an index, or (if `*` or `:` shows up) a projection.
    Square,
    /// `[?…]`: a filter, always a projection.
    Filter,
}

/// One open bracket in the pre-scan, with the parser calls in progress inside it.
struct Level {
    kind: Bracket,
    /// The binding power each call in progress stops at (the Pratt parser's `rbp`): binary
    /// operators wait for their right operand, `!` and `&` for theirs, projections for what
    /// follows them.
    open: Vec<u8>,
    /// A `[` with nothing after it yet (a `*` now makes it `[*]`).
    fresh: bool,
    /// A `[` that turned out to be a projection (`[*]`, a slice).
    projection: bool,
}

impl Level {
    fn new(kind: Bracket) -> Level {
        Level {
            kind,
            open: Vec::new(),
            fresh: kind == Bracket::Square,
            projection: false,
        }
    }

    /// Ends the calls that stop at a token binding with `lbp` (the Pratt loop returns from
    /// every call whose `rbp` is not below it).
    fn close_calls(&mut self, lbp: u8) {
        while self.open.last().is_some_and(|&rbp| rbp >= lbp) {
            self.open.pop();
        }
    }
}

/// Binding powers of the `jmespath` crate's tokens (`lexer::Token::lbp`).
const PIPE: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const COMPARE: u8 = 5;
const FLATTEN: u8 = 9;
const STAR: u8 = 20;
const FILTER: u8 = 21;
const DOT: u8 = 40;
const NOT: u8 = 45;
const AMPERSAND: u8 = 0;

/// An upper bound on how deep the `jmespath` parser will recurse on `expr`, in "levels" of a
/// few parser frames each, by simulating its precedence climbing in one pass over the bytes:
/// every open bracket is a level, and so is every call still waiting inside one (the right
/// operand of a binary operator, the operand of `!` or `&`, the rest of a projection). String
/// literals are skipped (their brackets are text); the nesting of a JSON literal is added
/// where it occurs. It never under-counts what the parser does, and over-counts a little.
fn parser_nesting(expr: &str) -> usize {
    let b = expr.as_bytes();
    let mut scan = NestingScan::new();
    let mut max = 0;
    let mut i = 0;
    while i < b.len() {
        let (width, literal_depth) = scan.step(&b[i..]);
        max = max.max(scan.depth() + literal_depth);
        i += width;
    }
    max
}

/// The state of [`parser_nesting`]'s one pass.
struct NestingScan {
    levels: Vec<Level>,
    /// Calls in progress in the levels below the top one, plus one per bracket open.
    outer: usize,
    /// Expecting an operand (a "nud" token) rather than an operator (a "led" one).
    operand: bool,
    /// Just after a projection, whose right-hand side takes a following `.`, `[` or `[?` as
    /// its own (nested) expression.
    projection_rhs: bool,
}

impl NestingScan {
    fn new() -> NestingScan {
        NestingScan {
            levels: vec![Level::new(Bracket::Top)],
            outer: 0,
            operand: true,
            projection_rhs: false,
        }
    }

    fn top(&mut self) -> &mut Level {
        self.levels
            .last_mut()
            .expect("the top level is never popped")
    }

    /// The parser's depth at this point.
    fn depth(&self) -> usize {
        self.outer + self.levels.last().map_or(0, |l| l.open.len())
    }

    /// Consume the token at the start of `b`: its width, and the nesting of a JSON literal.
    fn step(&mut self, b: &[u8]) -> (usize, usize) {
        let (c, next) = (b[0], b.get(1).copied());
        let after_projection = std::mem::take(&mut self.projection_rhs);
        let fresh = std::mem::take(&mut self.top().fresh);
        let mut width = 1;
        let mut literal_depth = 0;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                self.top().fresh = fresh;
                self.projection_rhs = after_projection;
                return (1, 0);
            }
            b'\'' | b'"' => width = skip_quoted(b, c),
            b'`' => (width, literal_depth) = scan_json_literal(b),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'0'..=b'9' | b'-' | b'@' => {
                width = 1 + b[1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
            }
            b'[' if next == Some(b']') => width = self.flatten(),
            b'[' | b'(' | b'{' => return (self.open(c, next, after_projection), 0),
            b')' | b']' | b'}' => self.close(),
            b'*' if fresh => self.top().projection = true, // `[*`
            b'*' => {
                // Projection of an object's values.
                self.top().open.push(STAR);
                self.projection_rhs = true;
            }
            b':' => {
                let top = self.top();
                top.projection |= top.kind == Bracket::Square;
                self.operand = true;
                return (1, 0);
            }
            b'.' => {
                self.dot(after_projection);
                return (1, 0);
            }
            b'!' if next != Some(b'=') => {
                self.top().open.push(NOT);
                return (1, 0);
            }
            b'&' if next != Some(b'&') => {
                self.top().open.push(AMPERSAND);
                return (1, 0);
            }
            b'|' | b'&' | b'!' | b'=' | b'<' | b'>' => return (self.binary(c, next), 0),
            b',' => {
                self.top().open.clear();
                self.operand = true;
                return (1, 0);
            }
            _ => return (1, 0),
        }
        self.operand = false;
        (width, literal_depth)
    }

    /// `[]`: flatten, then the projection of what follows.
    fn flatten(&mut self) -> usize {
        if !self.operand {
            self.top().close_calls(FLATTEN);
        }
        self.top().open.push(FLATTEN);
        self.projection_rhs = true;
        2
    }

    /// `[`, `[?`, `(` or `{`: a new level. Returns the token's width.
    fn open(&mut self, c: u8, next: Option<u8>, after_projection: bool) -> usize {
        let (kind, width) = match (c, next) {
            (b'[', Some(b'?')) => (Bracket::Filter, 2),
            (b'[', _) => (Bracket::Square, 1),
            _ => (Bracket::Group, 1),
        };
        let operand = self.operand;
        let top = self.top();
        if after_projection && c == b'[' {
            // The projection parses it as a new expression.
            top.open.push(STAR);
        } else if !operand && kind == Bracket::Filter {
            top.close_calls(FILTER);
        }
        self.outer += top.open.len() + 1;
        self.levels.push(Level::new(kind));
        self.operand = true;
        width
    }

    fn close(&mut self) {
        if let Some(closed) = self.levels.pop_if(|l| l.kind != Bracket::Top) {
            self.outer -= self.top().open.len() + 1;
            let rbp = match closed.kind {
                Bracket::Filter => Some(FILTER),
                Bracket::Square if closed.projection => Some(STAR),
                _ => None,
            };
            if let Some(rbp) = rbp {
                self.top().open.push(rbp);
                self.projection_rhs = true;
            }
        }
    }

    fn dot(&mut self, after_projection: bool) {
        if after_projection {
            self.top().open.push(STAR);
        } else {
            self.top().close_calls(DOT);
            self.top().open.push(DOT);
        }
        self.operand = true;
    }

    /// `|`, `||`, `&&`, comparisons: ends the calls binding tighter, then waits for the
    /// right operand. Returns the token's width.
    fn binary(&mut self, c: u8, next: Option<u8>) -> usize {
        let lbp = match (c, next) {
            (b'|', Some(b'|')) => OR,
            (b'|', _) => PIPE,
            (b'&', _) => AND,
            _ => COMPARE,
        };
        let two =
            matches!((c, next), (b'|', Some(b'|')) | (b'&', Some(b'&'))) || next == Some(b'=');
        self.top().close_calls(lbp);
        self.top().open.push(lbp);
        self.operand = true;
        if two {
            2
        } else {
            1
        }
    }
}

/// Width of a `'…'` or `"…"` literal starting at `b[0]` (a backslash escapes the next byte;
/// an unclosed literal runs to the end).
fn skip_quoted(b: &[u8], quote: u8) -> usize {
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Width of a `` `…` `` JSON literal starting at `b[0]`, and how deep its arrays and objects
/// nest (brackets inside JSON strings do not count).
fn scan_json_literal(b: &[u8]) -> (usize, usize) {
    let (mut depth, mut max, mut in_string) = (0usize, 0usize, false);
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => return (i + 1, max),
            b'"' => in_string = !in_string,
            b'[' | b'{' if !in_string => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    (b.len(), max)
}

struct TreeStats {
    depth: usize,
    nodes: usize,
    literal_depth: u32,
}

/// The direct children of a syntax node.
fn children(node: &Ast) -> impl Iterator<Item = &Ast> {
    let (pair, list, hash): ([Option<&Ast>; 2], &[Ast], &[jmespath::ast::KeyValuePair]) = match node
    {
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => ([Some(lhs), Some(rhs)], &[], &[]),
        Ast::Condition {
            predicate, then, ..
        } => ([Some(predicate), Some(then)], &[], &[]),
        Ast::Expref { ast: n, .. }
        | Ast::Flatten { node: n, .. }
        | Ast::Not { node: n, .. }
        | Ast::ObjectValues { node: n, .. } => ([Some(n), None], &[], &[]),
        Ast::Function { args, .. } => ([None, None], args, &[]),
        Ast::MultiList { elements, .. } => ([None, None], elements, &[]),
        Ast::MultiHash { elements, .. } => ([None, None], &[], elements),
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => ([None, None], &[], &[]),
    };
    pair.into_iter()
        .flatten()
        .chain(list.iter())
        .chain(hash.iter().map(|kv| &kv.value))
}

/// Depth and size of a syntax tree, and the depth of its deepest JSON literal (iteratively:
/// the tree may be far deeper than the limit).
fn tree_stats(ast: &Ast) -> TreeStats {
    let mut stats = TreeStats {
        depth: 0,
        nodes: 0,
        literal_depth: 0,
    };
    let mut stack = vec![(ast, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        stats.nodes += 1;
        stats.depth = stats.depth.max(depth);
        if let Ast::Literal { value, .. } = node {
            let d = measure(value, u64::MAX, u64::MAX).map_or(u32::MAX, |m| m.depth);
            stats.literal_depth = stats.literal_depth.max(d);
        }
        stack.extend(children(node).map(|c| (c, depth + 1)));
    }
    stats
}

/// Drops a syntax tree without recursing (a refused tree can be thousands of levels deep).
fn discard(ast: Ast) {
    let hole = || Ast::Identity { offset: 0 };
    let mut stack = vec![ast];
    while let Some(mut node) = stack.pop() {
        match &mut node {
            Ast::Comparison { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => {
                stack.push(std::mem::replace(&mut **lhs, hole()));
                stack.push(std::mem::replace(&mut **rhs, hole()));
            }
            Ast::Condition {
                predicate, then, ..
            } => {
                stack.push(std::mem::replace(&mut **predicate, hole()));
                stack.push(std::mem::replace(&mut **then, hole()));
            }
            Ast::Expref { ast: n, .. }
            | Ast::Flatten { node: n, .. }
            | Ast::Not { node: n, .. }
            | Ast::ObjectValues { node: n, .. } => {
                stack.push(std::mem::replace(&mut **n, hole()));
            }
            Ast::Function { args: list, .. } | Ast::MultiList { elements: list, .. } => {
                stack.append(list);
            }
            Ast::MultiHash { elements, .. } => {
                stack.extend(elements.drain(..).map(|kv| kv.value));
            }
            Ast::Identity { .. }
            | Ast::Field { .. }
            | Ast::Index { .. }
            | Ast::Literal { .. }
            | Ast::Slice { .. } => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sizes of values
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Meas {
    /// Approximate length as compact JSON (string escapes not counted).
    bytes: u64,
    /// Arrays, objects and scalars visited.
    nodes: u64,
    /// Nesting of arrays and objects (a scalar is 0, `[]` is 1).
    depth: u32,
}

impl Meas {
    /// Work of visiting the value once, in steps.
    fn cost(&self) -> u64 {
        self.nodes + self.bytes / BYTES_PER_STEP
    }
}

#[derive(Debug)]
enum Over {
    Bytes,
    Cost,
}

fn digits(mut n: u64) -> u64 {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Counts what is written through `fmt::Write`.
struct CountingWriter(u64);

impl std::fmt::Write for CountingWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len() as u64;
        Ok(())
    }
}

/// JSON length of a number (24 bounds any float).
fn number_bytes(n: &serde_json::Number) -> u64 {
    if let Some(u) = n.as_u64() {
        digits(u)
    } else if let Some(i) = n.as_i64() {
        1 + digits(i.unsigned_abs())
    } else {
        24
    }
}

/// JSON length of one node, not counting its children.
fn own_bytes(v: &Variable) -> u64 {
    match v {
        Variable::Null => 4,
        Variable::Bool(b) => 4 + u64::from(!*b),
        Variable::Number(n) => number_bytes(n),
        Variable::String(s) => s.len() as u64 + 2,
        Variable::Array(a) => 2 + a.len().saturating_sub(1) as u64,
        Variable::Object(o) => {
            2 + o.len().saturating_sub(1) as u64 + o.keys().map(|k| k.len() as u64 + 3).sum::<u64>()
        }
        // Serialized as the string "<expression: {ast:?}>".
        Variable::Expref(ast) => {
            let mut w = CountingWriter(0);
            let _ = std::fmt::Write::write_fmt(&mut w, format_args!("{ast:?}"));
            w.0 + 16
        }
    }
}

/// Size of a value as a tree (shared parts counted each time they occur, as serialization
/// writes them), without recursion, stopping once `max_bytes` or `max_cost` is exceeded.
fn measure(v: &Variable, max_bytes: u64, max_cost: u64) -> Result<Meas, Over> {
    let mut m = Meas {
        bytes: 0,
        nodes: 0,
        depth: 0,
    };
    let mut stack: Vec<(&Variable, u32)> = vec![(v, 0)];
    while let Some((v, depth)) = stack.pop() {
        m.nodes += 1;
        m.bytes = m.bytes.saturating_add(own_bytes(v));
        if m.bytes > max_bytes {
            return Err(Over::Bytes);
        }
        if m.cost() > max_cost {
            return Err(Over::Cost);
        }
        match v {
            Variable::Array(a) => {
                m.depth = m.depth.max(depth + 1);
                stack.extend(a.iter().map(|c| (&**c, depth + 1)));
            }
            Variable::Object(o) => {
                m.depth = m.depth.max(depth + 1);
                stack.extend(o.values().map(|c| (&**c, depth + 1)));
            }
            _ => {}
        }
    }
    Ok(m)
}

struct JsonStats {
    bytes: u64,
    depth: u32,
}

/// Size and depth of the unshaped result (iteratively).
fn json_stats(v: &Value) -> JsonStats {
    let mut s = JsonStats { bytes: 0, depth: 0 };
    let mut stack: Vec<(&Value, u32)> = vec![(v, 0)];
    while let Some((v, depth)) = stack.pop() {
        s.bytes += match v {
            Value::Null => 4,
            Value::Bool(b) => 4 + u64::from(!*b),
            Value::Number(n) => number_bytes(n),
            Value::String(t) => t.len() as u64 + 2,
            Value::Array(a) => {
                s.depth = s.depth.max(depth + 1);
                stack.extend(a.iter().map(|c| (c, depth + 1)));
                2 + a.len().saturating_sub(1) as u64
            }
            Value::Object(o) => {
                s.depth = s.depth.max(depth + 1);
                stack.extend(o.values().map(|c| (c, depth + 1)));
                2 + o.len().saturating_sub(1) as u64
                    + o.keys().map(|k| k.len() as u64 + 3).sum::<u64>()
            }
        };
    }
    s
}

/// Steps for the memory of a new value, not counting the values it holds (which exist).
fn alloc_steps(v: &Variable) -> u64 {
    VALUE_STEPS
        + match v {
            Variable::String(s) => s.len() as u64 / BYTES_PER_STEP,
            Variable::Array(a) => a.len() as u64,
            Variable::Object(o) => {
                MAP_STEPS
                    + o.keys()
                        .map(|k| 4 + k.len() as u64 / BYTES_PER_STEP)
                        .sum::<u64>()
            }
            _ => 0,
        }
}

/// Steps to look at a function argument without descending into it: its elements or
/// entries, and the bytes of the strings among them.
fn shallow_cost(v: &Variable) -> u64 {
    let text = |v: &Variable| v.as_string().map_or(0, |s| s.len() as u64) / BYTES_PER_STEP;
    match v {
        Variable::String(s) => 1 + s.len() as u64 / BYTES_PER_STEP,
        Variable::Array(a) => 1 + a.iter().map(|e| 1 + text(e)).sum::<u64>(),
        Variable::Object(o) => {
            1 + o
                .iter()
                .map(|(k, e)| 1 + k.len() as u64 / BYTES_PER_STEP + text(e))
                .sum::<u64>()
        }
        _ => 1,
    }
}

/// `array[start:stop:step]` exactly as the crate computes it, but in 64-bit arithmetic: the
/// crate's own `Variable::slice` overflows (and panics) on a step near `i32::MAX`.
fn slice_items(array: &[Rcvar], start: Option<i32>, stop: Option<i32>, step: i32) -> Vec<Rcvar> {
    let len = array.len() as i64;
    let step = i64::from(step);
    let mut result = Vec::new();
    if len == 0 || step == 0 {
        return result;
    }
    let adjust = |endpoint: i32| {
        let endpoint = i64::from(endpoint);
        if endpoint < 0 {
            let endpoint = endpoint + len;
            if endpoint >= 0 {
                endpoint
            } else if step < 0 {
                -1
            } else {
                0
            }
        } else if endpoint < len {
            endpoint
        } else if step < 0 {
            len - 1
        } else {
            len
        }
    };
    let a = match start {
        Some(start) => adjust(start),
        None if step < 0 => len - 1,
        None => 0,
    };
    let b = match stop {
        Some(stop) => adjust(stop),
        None if step < 0 => -1,
        None => len,
    };
    let mut i = a;
    while (step > 0 && i < b) || (step < 0 && i > b) {
        result.push(array[i as usize].clone());
        i += step;
    }
    result
}

// ---------------------------------------------------------------------------------------------
// The budgeted interpreter
// ---------------------------------------------------------------------------------------------

/// Why an evaluation stopped (boxed: it is returned through every level of the recursion).
struct Stop(Box<Halt>);

enum Halt {
    /// A limit of this module was reached (the message names it).
    Limit(String),
    /// The expression failed as it would in the crate's interpreter.
    Failed(JmespathError),
}

impl Stop {
    fn limit(problem: String) -> Stop {
        Stop(Box::new(Halt::Limit(problem)))
    }
}

impl From<JmespathError> for Stop {
    fn from(e: JmespathError) -> Self {
        Stop(Box::new(Halt::Failed(e)))
    }
}

/// A value and an upper bound on how much deeper than the input it can nest (its "lift"):
/// parts taken out of a value keep its lift, containers built around values add one.
type Val = (Rcvar, u32);

type Outcome = Result<Val, Stop>;

struct Eval<'a> {
    ctx: Context<'a>,
    /// Steps left.
    steps: u64,
    /// Steps at the start.
    step_limit: u64,
    /// Depth of the input.
    base_depth: u32,
    /// Depth of the deepest JSON literal of the expression (the lift of any literal).
    literal_depth: u32,
    /// Largest string (or result) in bytes.
    byte_limit: u64,
    /// Shared `null`, `true` and `false` (the crate allocates a new one each time).
    null: Rcvar,
    yes: Rcvar,
    no: Rcvar,
}

impl Eval<'_> {
    fn out_of_steps(&self) -> Stop {
        let limit = self.step_limit;
        Stop::limit(format!(
            "the query needs more than {limit} steps of work; the limit is {limit} steps \
             ({MAX_EVAL_STEPS}, plus one per byte of the unshaped result)"
        ))
    }

    fn null(&self) -> Val {
        (self.null.clone(), 0)
    }

    fn boolean(&self, b: bool) -> Val {
        (if b { self.yes.clone() } else { self.no.clone() }, 0)
    }

    fn charge(&mut self, n: u64) -> Result<(), Stop> {
        match self.steps.checked_sub(n) {
            Some(left) => {
                self.steps = left;
                Ok(())
            }
            None => {
                self.steps = 0;
                Err(self.out_of_steps())
            }
        }
    }

    /// Visits `v` (charged), refusing more than `byte_limit` bytes.
    fn measure_charged(&mut self, v: &Variable) -> Result<Meas, Stop> {
        match measure(v, self.byte_limit, self.steps) {
            Ok(m) => {
                self.charge(m.cost())?;
                Ok(m)
            }
            Err(Over::Cost) => Err(self.out_of_steps()),
            Err(Over::Bytes) => Err(self.string_too_large()),
        }
    }

    fn string_too_large(&self) -> Stop {
        let limit = self.byte_limit;
        Stop::limit(format!(
            "the query builds a string of more than {limit} bytes; the limit is {limit} bytes \
             ({MAX_RESULT_BYTES}, or the size of the unshaped result when larger)"
        ))
    }

    /// A new container whose values have at most `lift` (so it has `lift + 1`); charged for
    /// its memory.
    fn container(&mut self, v: Variable, lift: u32) -> Outcome {
        self.charge(alloc_steps(&v))?;
        let lift = lift.saturating_add(1);
        let depth = self.base_depth.saturating_add(lift);
        if depth > MAX_VALUE_DEPTH {
            return Err(Stop::limit(too_deep(depth, MAX_VALUE_DEPTH)));
        }
        Ok((Rcvar::new(v), lift))
    }

    /// Work of `a == b`: the values are walked in step until the smaller is done, as the
    /// crate's comparison may (types differ: nothing).
    fn charge_equality(&mut self, a: &Variable, b: &Variable) -> Result<(), Stop> {
        match (a, b) {
            (Variable::String(x), Variable::String(y)) => {
                self.charge(1 + x.len().min(y.len()) as u64 / BYTES_PER_STEP)
            }
            // The same value: its parts are compared by address.
            _ if std::ptr::eq(a, b) => self.charge(shallow_cost(a)),
            (Variable::Array(_), Variable::Array(_))
            | (Variable::Object(_), Variable::Object(_))
            | (Variable::Expref(_), Variable::Expref(_)) => {
                // Walk both with a growing cap until one is done: the walks cost a small
                // multiple of the smaller value, like the comparison itself.
                let mut cap = 64u64;
                loop {
                    let budget = self.steps;
                    let cap_now = cap.min(budget);
                    let x = measure(a, u64::MAX, cap_now).map(|m| m.cost());
                    let y = measure(b, u64::MAX, cap_now).map(|m| m.cost());
                    let walked =
                        x.as_ref().map_or(cap_now, |c| *c) + y.as_ref().map_or(cap_now, |c| *c);
                    self.charge(walked)?;
                    match (x, y) {
                        (Ok(x), Ok(y)) => return self.charge(x.min(y)),
                        (Ok(c), Err(_)) | (Err(_), Ok(c)) => return self.charge(c),
                        (Err(_), Err(_)) if cap_now >= budget => return Err(self.out_of_steps()),
                        (Err(_), Err(_)) => cap = cap.saturating_mul(4),
                    }
                }
            }
            _ => self.charge(1),
        }
    }

    /// Evaluates `node` against `data`. This recurses as deep as the syntax tree, so it only
    /// dispatches: the work is in separate functions, keeping each level's stack frame small.
    fn eval(&mut self, data: &Val, node: &Ast) -> Outcome {
        self.charge(1)?;
        match node {
            Ast::Field { name, .. } => Ok(self.field(data, name)),
            Ast::Identity { .. } => Ok(data.clone()),
            Ast::Literal { value, .. } => Ok((value.clone(), self.literal_depth)),
            Ast::Index { idx, .. } => Ok(self.index(data, *idx)),
            Ast::Subexpr { .. } => self.subexpr(data, node),
            Ast::Or { .. } | Ast::And { .. } => self.logic(data, node),
            Ast::Not { node, .. } => self.not(data, node),
            Ast::Condition {
                predicate, then, ..
            } => self.condition(data, predicate, then),
            Ast::Comparison {
                comparator,
                lhs,
                rhs,
                ..
            } => self.comparison(data, comparator, lhs, rhs),
            Ast::ObjectValues { node, .. } => self.object_values(data, node),
            Ast::Projection { lhs, rhs, .. } => self.projection(data, lhs, rhs),
            Ast::Flatten { node, .. } => self.flatten(data, node),
            Ast::MultiList { elements, .. } => self.multi_list(data, elements),
            Ast::MultiHash { elements, .. } => self.multi_hash(data, elements),
            Ast::Function { name, args, offset } => self.function(data, name, args, *offset),
            Ast::Expref { ast, .. } => self.expref(ast),
            Ast::Slice {
                start,
                stop,
                step,
                offset,
            } => self.slice(data, *start, *stop, *step, *offset),
        }
    }

    #[inline(never)]
    fn field(&self, data: &Val, name: &str) -> Val {
        match &*data.0 {
            Variable::Object(o) => match o.get(name) {
                Some(v) => (v.clone(), data.1),
                None => self.null(),
            },
            _ => self.null(),
        }
    }

    #[inline(never)]
    fn index(&self, data: &Val, idx: i32) -> Val {
        let Some(items) = data.0.as_array() else {
            return self.null();
        };
        // As the crate: -1 (and -0) is the last element.
        let at = if idx >= 0 {
            Some(idx as usize)
        } else {
            items
                .len()
                .checked_sub((idx.unsigned_abs() as usize).max(1))
        };
        match at.and_then(|at| items.get(at)) {
            Some(v) => (v.clone(), data.1),
            None => self.null(),
        }
    }

    #[inline(never)]
    fn not(&mut self, data: &Val, node: &Ast) -> Outcome {
        let v = self.eval(data, node)?;
        Ok(self.boolean(!v.0.is_truthy()))
    }

    #[inline(never)]
    fn condition(&mut self, data: &Val, predicate: &Ast, then: &Ast) -> Outcome {
        if self.eval(data, predicate)?.0.is_truthy() {
            self.eval(data, then)
        } else {
            Ok(self.null())
        }
    }

    /// `a.b.c` and `a | b | c` nest to the left: walked as a loop, not recursion.
    #[inline(never)]
    fn subexpr(&mut self, data: &Val, node: &Ast) -> Outcome {
        let mut rest = Vec::new();
        let mut cur = node;
        while let Ast::Subexpr { lhs, rhs, .. } = cur {
            rest.push(&**rhs);
            cur = lhs;
        }
        let mut v = self.eval(data, cur)?;
        for rhs in rest.into_iter().rev() {
            self.charge(1)?;
            v = self.eval(&v, rhs)?;
        }
        Ok(v)
    }

    /// Chains of `||` (first truthy operand, else the last) or of `&&` (first falsy operand,
    /// else the last), as a loop.
    #[inline(never)]
    fn logic(&mut self, data: &Val, node: &Ast) -> Outcome {
        let is_or = matches!(node, Ast::Or { .. });
        let mut rest = Vec::new();
        let mut cur = node;
        loop {
            match cur {
                Ast::Or { lhs, rhs, .. } if is_or => {
                    rest.push(&**rhs);
                    cur = lhs;
                }
                Ast::And { lhs, rhs, .. } if !is_or => {
                    rest.push(&**rhs);
                    cur = lhs;
                }
                _ => break,
            }
        }
        let mut v = self.eval(data, cur)?;
        for rhs in rest.into_iter().rev() {
            if v.0.is_truthy() == is_or {
                return Ok(v);
            }
            self.charge(1)?;
            v = self.eval(data, rhs)?;
        }
        Ok(v)
    }

    #[inline(never)]
    fn comparison(&mut self, data: &Val, cmp: &Comparator, lhs: &Ast, rhs: &Ast) -> Outcome {
        let left = self.eval(data, lhs)?;
        let right = self.eval(data, rhs)?;
        if matches!(cmp, Comparator::Equal | Comparator::NotEqual) {
            self.charge_equality(&left.0, &right.0)?;
        }
        Ok(match left.0.compare(cmp, &right.0) {
            Some(b) => self.boolean(b),
            None => self.null(),
        })
    }

    #[inline(never)]
    fn object_values(&mut self, data: &Val, node: &Ast) -> Outcome {
        let subject = self.eval(data, node)?;
        match &*subject.0 {
            Variable::Object(o) => {
                self.charge(o.len() as u64)?;
                let values = o.values().cloned().collect();
                // The values nest no deeper than the object did.
                self.container(Variable::Array(values), subject.1.saturating_sub(1))
            }
            _ => Ok(self.null()),
        }
    }

    #[inline(never)]
    fn projection(&mut self, data: &Val, lhs: &Ast, rhs: &Ast) -> Outcome {
        let left = self.eval(data, lhs)?;
        let Some(items) = left.0.as_array() else {
            return Ok(self.null());
        };
        let mut collected = Vec::new();
        let mut lift = 0;
        for item in items {
            self.charge(1)?;
            let v = self.eval(&(item.clone(), left.1), rhs)?;
            if !v.0.is_null() {
                lift = lift.max(v.1);
                collected.push(v.0);
            }
        }
        self.container(Variable::Array(collected), lift)
    }

    #[inline(never)]
    fn flatten(&mut self, data: &Val, node: &Ast) -> Outcome {
        let v = self.eval(data, node)?;
        let Some(items) = v.0.as_array() else {
            return Ok(self.null());
        };
        let mut collected = Vec::new();
        for item in items {
            match item.as_array() {
                Some(inner) => {
                    self.charge(1 + inner.len() as u64)?;
                    collected.extend(inner.iter().cloned());
                }
                None => {
                    self.charge(1)?;
                    collected.push(item.clone());
                }
            }
        }
        // Flattening nests no deeper than the array did.
        self.container(Variable::Array(collected), v.1.saturating_sub(1))
    }

    #[inline(never)]
    fn multi_list(&mut self, data: &Val, elements: &[Ast]) -> Outcome {
        if data.0.is_null() {
            return Ok(self.null());
        }
        let mut collected = Vec::with_capacity(elements.len());
        let mut lift = 0;
        for node in elements {
            let v = self.eval(data, node)?;
            lift = lift.max(v.1);
            collected.push(v.0);
        }
        self.container(Variable::Array(collected), lift)
    }

    #[inline(never)]
    fn multi_hash(&mut self, data: &Val, elements: &[jmespath::ast::KeyValuePair]) -> Outcome {
        if data.0.is_null() {
            return Ok(self.null());
        }
        let mut collected = std::collections::BTreeMap::new();
        let mut lift = 0;
        for kvp in elements {
            let v = self.eval(data, &kvp.value)?;
            self.charge(1 + kvp.key.len() as u64 / BYTES_PER_STEP)?;
            lift = lift.max(v.1);
            collected.insert(kvp.key.clone(), v.0);
        }
        self.container(Variable::Object(collected), lift)
    }

    #[inline(never)]
    fn slice(
        &mut self,
        data: &Val,
        start: Option<i32>,
        stop: Option<i32>,
        step: i32,
        offset: usize,
    ) -> Outcome {
        if step == 0 {
            self.ctx.offset = offset;
            let reason = ErrorReason::Runtime(RuntimeError::InvalidSlice);
            return Err(JmespathError::from_ctx(&self.ctx, reason).into());
        }
        let Some(array) = data.0.as_array() else {
            return Ok(self.null());
        };
        self.charge(array.len() as u64)?;
        let items = slice_items(array, start, stop, step);
        self.container(Variable::Array(items), data.1.saturating_sub(1))
    }

    /// An expression reference used as a value: the crate copies the expression into it.
    #[inline(never)]
    fn expref(&mut self, ast: &Ast) -> Outcome {
        self.charge(VALUE_STEPS + tree_stats(ast).nodes as u64 * 8)?;
        Ok((Rcvar::new(Variable::Expref(ast.clone())), 0))
    }

    #[inline(never)]
    fn function(&mut self, data: &Val, name: &str, args: &[Ast], offset: usize) -> Outcome {
        if matches!(name, "sort_by" | "max_by" | "min_by" | "map") {
            return self.expref_function(data, name, args, offset);
        }
        let mut values = Vec::with_capacity(args.len());
        let mut lift = 0;
        for arg in args {
            let v = self.eval(data, arg)?;
            lift = lift.max(v.1);
            values.push(v.0);
        }
        self.ctx.offset = offset;
        let runtime: &jmespath::Runtime = self.ctx.runtime;
        let Some(function) = runtime.get_function(name) else {
            let reason = ErrorReason::Runtime(RuntimeError::UnknownFunction(name.to_owned()));
            return Err(JmespathError::from_ctx(&self.ctx, reason).into());
        };
        self.charge_builtin(name, &values)?;
        let out = function.evaluate(&values, &mut self.ctx)?;
        self.charge_output(name, &out, &values)?;
        let lift = match name {
            "to_array" => lift + 1,
            // A string that holds JSON becomes that JSON (at most 128 deep: serde_json's limit).
            "to_number" if !out.is_number() && !out.is_null() => {
                let m = self.measure_charged(&out)?;
                self.charge(m.nodes * VALUE_STEPS)?;
                m.depth
            }
            _ => lift,
        };
        if !(out.is_array() || out.is_object()) {
            return Ok((out, 0));
        }
        let depth = self.base_depth.saturating_add(lift);
        if depth > MAX_VALUE_DEPTH {
            return Err(Stop::limit(too_deep(depth, MAX_VALUE_DEPTH)));
        }
        Ok((out, lift))
    }

    /// Charges a built-in function's work before it runs: its arguments' elements and bytes,
    /// plus what it sorts, compares or writes.
    fn charge_builtin(&mut self, name: &str, args: &[Rcvar]) -> Result<(), Stop> {
        let base: u64 = args.iter().map(|a| shallow_cost(a)).sum();
        self.charge(VALUE_STEPS + base)?;
        match (name, args) {
            ("sort", [list]) => {
                let n = list.as_array().map_or(0, Vec::len) as u64;
                self.charge(base.saturating_mul(u64::from(n.max(1).ilog2())))
            }
            ("to_string", [v]) if !v.is_string() => {
                let m = self.measure_charged(v)?;
                self.charge(m.bytes / BYTES_PER_STEP)
            }
            ("join", [glue, list]) => {
                let (Some(glue), Some(list)) = (glue.as_string(), list.as_array()) else {
                    return Ok(());
                };
                let text: u64 = list
                    .iter()
                    .map(|s| s.as_string().map_or(0, |s| s.len() as u64))
                    .sum();
                let bytes = text + glue.len() as u64 * list.len().saturating_sub(1) as u64;
                if bytes > self.byte_limit {
                    return Err(self.string_too_large());
                }
                self.charge(bytes / BYTES_PER_STEP)
            }
            ("contains", [haystack, needle]) => {
                if let Some(list) = haystack.as_array() {
                    for item in list {
                        self.charge_equality(item, needle)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Charges the memory of what a built-in function returned (unless it returned one of its
    /// arguments): the crate's functions allocate no more than their arguments' size.
    fn charge_output(&mut self, name: &str, out: &Rcvar, args: &[Rcvar]) -> Result<(), Stop> {
        if args.iter().any(|a| Rcvar::ptr_eq(a, out)) {
            return Ok(());
        }
        let mut steps = alloc_steps(out);
        if name == "keys" {
            // New strings, one per key.
            let keys = out.as_array().map_or(&[][..], Vec::as_slice);
            steps += keys.iter().map(|k| alloc_steps(k)).sum::<u64>();
        }
        self.charge(steps)
    }

    /// `sort_by`, `max_by`, `min_by` and `map`, as the crate defines them, with the work of
    /// their expression counted.
    #[inline(never)]
    fn expref_function(&mut self, data: &Val, name: &str, args: &[Ast], offset: usize) -> Outcome {
        // An `&expr` argument is not copied (the crate copies it): a placeholder stands in for
        // it in the signature check, and the expression is taken from the syntax tree.
        let mut values = Vec::with_capacity(args.len());
        let mut exprs = Vec::with_capacity(args.len());
        let mut lift = 0;
        for arg in args {
            self.charge(VALUE_STEPS)?;
            if let Ast::Expref { ast, .. } = arg {
                values.push(Rcvar::new(Variable::Expref(Ast::Identity { offset: 0 })));
                exprs.push(Some(&**ast));
            } else {
                let v = self.eval(data, arg)?;
                lift = lift.max(v.1);
                values.push(v.0);
                exprs.push(None);
            }
        }
        self.ctx.offset = offset;
        let (list_at, expr_at) = if name == "map" { (1, 0) } else { (0, 1) };
        let mut inputs = vec![ArgumentType::Array, ArgumentType::Expref];
        if name == "map" {
            inputs.reverse();
        }
        Signature::new(inputs, None).validate(&values, &self.ctx)?;
        let expr: &Ast = match exprs[expr_at] {
            Some(ast) => ast,
            // An expression reference passed as a value (e.g. through `not_null(&a)`).
            None => match values[expr_at].as_expref() {
                Some(ast) => ast,
                None => return Ok(self.null()),
            },
        };
        let items = values[list_at].as_array().cloned().unwrap_or_default();
        self.charge(items.len() as u64)?;
        match name {
            "map" => {
                let mut results = Vec::with_capacity(items.len());
                let mut out_lift = 0;
                for item in &items {
                    let v = self.eval(&(item.clone(), lift), expr)?;
                    out_lift = out_lift.max(v.1);
                    results.push(v.0);
                }
                self.container(Variable::Array(results), out_lift)
            }
            "sort_by" => self.sort_by(items, expr, lift),
            _ => self.min_max_by(items, expr, lift, name == "max_by"),
        }
    }

    fn key_type_error(&self, expected: String, actual: &Variable, invocation: usize) -> Stop {
        let reason = ErrorReason::Runtime(RuntimeError::InvalidReturnType {
            expected,
            actual: actual.get_type().to_string(),
            position: 1,
            invocation,
        });
        JmespathError::from_ctx(&self.ctx, reason).into()
    }

    fn sort_by(&mut self, items: Vec<Rcvar>, expr: &Ast, lift: u32) -> Outcome {
        if items.is_empty() {
            return self.container(Variable::Array(items), lift.saturating_sub(1));
        }
        let mut keyed: Vec<(Rcvar, Rcvar)> = Vec::with_capacity(items.len());
        let mut key_bytes = 0u64;
        for (invocation, item) in items.iter().enumerate() {
            let key = self.eval(&(item.clone(), lift), expr)?.0;
            if invocation == 0 {
                if !(key.is_string() || key.is_number()) {
                    let expected = "expression->string|expression->number".to_owned();
                    return Err(self.key_type_error(expected, &key, 1));
                }
            } else if key.get_type() != keyed[0].1.get_type() {
                let expected = format!("expression->{}", keyed[0].1.get_type());
                return Err(self.key_type_error(expected, &key, invocation));
            }
            key_bytes += key.as_string().map_or(0, |s| s.len() as u64);
            keyed.push((item.clone(), key));
        }
        let n = keyed.len() as u64;
        let per_compare = 1 + key_bytes / n / BYTES_PER_STEP;
        self.charge(n * u64::from(n.max(2).ilog2()) * per_compare)?;
        keyed.sort_by(|a, b| a.1.cmp(&b.1));
        let sorted = keyed.into_iter().map(|(item, _)| item).collect();
        self.container(Variable::Array(sorted), lift.saturating_sub(1))
    }

    fn min_max_by(&mut self, items: Vec<Rcvar>, expr: &Ast, lift: u32, max: bool) -> Outcome {
        let Some(first) = items.first() else {
            return Ok(self.null());
        };
        let initial = self.eval(&(first.clone(), lift), expr)?.0;
        if !(initial.is_string() || initial.is_number()) {
            let expected = "expression->number|expression->string".to_owned();
            return Err(self.key_type_error(expected, &initial, 1));
        }
        let mut best = (first.clone(), initial);
        for (invocation, item) in items.iter().enumerate().skip(1) {
            let key = self.eval(&(item.clone(), lift), expr)?.0;
            if key.get_type() != best.1.get_type() {
                let expected = format!("expression->{}", best.1.get_type());
                return Err(self.key_type_error(expected, &key, invocation));
            }
            self.charge(1 + key.as_string().map_or(0, |s| s.len() as u64) / BYTES_PER_STEP)?;
            let better = if max { *key > *best.1 } else { *key < *best.1 };
            if better {
                best = (item.clone(), key);
            }
        }
        Ok((best.0, lift))
    }
}

#[cfg(test)]
mod tests;
