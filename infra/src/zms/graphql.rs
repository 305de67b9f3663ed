//! A small GraphQL front end for the ZMS endpoint: parses an executable
//! document (operations, fields with aliases and arguments, inline
//! fragments, named fragments), resolves argument values against the
//! request variables and projects resolver results onto selection sets.
//! Unknown fields are validation errors, as in graphql-java.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Var(String),
    Lit(Value),
    List(Vec<Arg>),
    Obj(Vec<(String, Arg)>),
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, Arg)>,
    pub sel: Vec<Sel>,
}

impl Field {
    pub(crate) fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Sel {
    Field(Field),
    /// `... on Type { }` (type condition optional).
    Inline(Option<String>, Vec<Sel>),
    /// `...Name`
    Spread(String),
}

pub(crate) struct Operation {
    pub kind: String,
    pub name: Option<String>,
    pub sel: Vec<Sel>,
}

pub(crate) struct Document {
    pub ops: Vec<Operation>,
    pub fragments: HashMap<String, (String, Vec<Sel>)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Punct(char),
    Spread,
    Str(String),
    Num(String),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let cs: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() || c == ',' || c == '\u{feff}' {
            i += 1;
        } else if c == '#' {
            while i < cs.len() && cs[i] != '\n' {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let s = i;
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(Tok::Name(cs[s..i].iter().collect()));
        } else if c == '-' || c.is_ascii_digit() {
            let s = i;
            i += 1;
            while i < cs.len()
                && (cs[i].is_ascii_alphanumeric() || cs[i] == '.' || cs[i] == '+' || cs[i] == '-')
            {
                i += 1;
            }
            out.push(Tok::Num(cs[s..i].iter().collect()));
        } else if c == '"' {
            if cs.get(i + 1) == Some(&'"') && cs.get(i + 2) == Some(&'"') {
                i += 3;
                let s = i;
                while i + 2 < cs.len() && !(cs[i] == '"' && cs[i + 1] == '"' && cs[i + 2] == '"') {
                    i += 1;
                }
                if i + 2 >= cs.len() {
                    return Err("Unterminated block string".into());
                }
                out.push(Tok::Str(cs[s..i].iter().collect()));
                i += 3;
            } else {
                i += 1;
                let mut s = String::new();
                loop {
                    match cs.get(i) {
                        None | Some('\n') => return Err("Unterminated string".into()),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            let e = cs.get(i + 1).copied().unwrap_or('\\');
                            s.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                other => other,
                            });
                            i += 2;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(s));
            }
        } else if c == '.' {
            if cs.get(i + 1) == Some(&'.') && cs.get(i + 2) == Some(&'.') {
                out.push(Tok::Spread);
                i += 3;
            } else {
                return Err("Unexpected '.'".into());
            }
        } else if "{}()[]:$!=@&|".contains(c) {
            out.push(Tok::Punct(c));
            i += 1;
        } else {
            return Err(format!("Unexpected character '{c}'"));
        }
    }
    Ok(out)
}

struct P {
    t: Vec<Tok>,
    i: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.t.get(self.i).cloned();
        self.i += 1;
        t
    }
    fn is(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.next() {
            Some(Tok::Punct(x)) if x == c => Ok(()),
            other => Err(format!("Expected '{c}', found {}", show(other.as_ref()))),
        }
    }
    fn name(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Tok::Name(n)) => Ok(n),
            other => Err(format!("Expected a name, found {}", show(other.as_ref()))),
        }
    }
    /// Skip a balanced `( ... )` or `[ ... ]` group.
    fn skip_group(&mut self, open: char, close: char) -> Result<(), String> {
        self.expect(open)?;
        let mut d = 1;
        while d > 0 {
            match self.next() {
                Some(Tok::Punct(c)) if c == open => d += 1,
                Some(Tok::Punct(c)) if c == close => d -= 1,
                Some(_) => {}
                None => return Err(format!("Unbalanced '{open}'")),
            }
        }
        Ok(())
    }
    fn directives(&mut self) -> Result<(), String> {
        while self.is('@') {
            self.next();
            self.name()?;
            if self.is('(') {
                self.skip_group('(', ')')?;
            }
        }
        Ok(())
    }
    fn value(&mut self) -> Result<Arg, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("Query is nested too deeply".into());
        }
        let v = match self.next() {
            Some(Tok::Punct('$')) => Arg::Var(self.name()?),
            Some(Tok::Str(s)) => Arg::Lit(json!(s)),
            Some(Tok::Num(n)) => {
                if let Ok(i) = n.parse::<i64>() {
                    Arg::Lit(json!(i))
                } else {
                    match n.parse::<f64>() {
                        Ok(f) if f.is_finite() => Arg::Lit(json!(f)),
                        _ => return Err(format!("Invalid number '{n}'")),
                    }
                }
            }
            Some(Tok::Name(n)) => match n.as_str() {
                "true" => Arg::Lit(json!(true)),
                "false" => Arg::Lit(json!(false)),
                "null" => Arg::Lit(Value::Null),
                _ => Arg::Lit(json!(n)),
            },
            Some(Tok::Punct('[')) => {
                let mut items = Vec::new();
                while !self.is(']') {
                    if self.peek().is_none() {
                        return Err("Unterminated list".into());
                    }
                    items.push(self.value()?);
                }
                self.next();
                Arg::List(items)
            }
            Some(Tok::Punct('{')) => {
                let mut items = Vec::new();
                while !self.is('}') {
                    let k = self.name()?;
                    self.expect(':')?;
                    items.push((k, self.value()?));
                }
                self.next();
                Arg::Obj(items)
            }
            other => return Err(format!("Expected a value, found {}", show(other.as_ref()))),
        };
        self.depth -= 1;
        Ok(v)
    }
    fn selection_set(&mut self) -> Result<Vec<Sel>, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("Query is nested too deeply".into());
        }
        self.expect('{')?;
        let mut out = Vec::new();
        while !self.is('}') {
            match self.peek() {
                None => return Err("Unterminated selection set".into()),
                Some(Tok::Spread) => {
                    self.next();
                    match self.peek() {
                        Some(Tok::Name(n)) if n == "on" => {
                            self.next();
                            let t = self.name()?;
                            self.directives()?;
                            out.push(Sel::Inline(Some(t), self.selection_set()?));
                        }
                        Some(Tok::Name(_)) => {
                            let n = self.name()?;
                            self.directives()?;
                            out.push(Sel::Spread(n));
                        }
                        _ => {
                            self.directives()?;
                            out.push(Sel::Inline(None, self.selection_set()?));
                        }
                    }
                }
                Some(_) => {
                    let first = self.name()?;
                    let (alias, name) = if self.is(':') {
                        self.next();
                        (Some(first), self.name()?)
                    } else {
                        (None, first)
                    };
                    let mut args = Vec::new();
                    if self.is('(') {
                        self.next();
                        while !self.is(')') {
                            if self.peek().is_none() {
                                return Err("Unterminated arguments".into());
                            }
                            let k = self.name()?;
                            self.expect(':')?;
                            args.push((k, self.value()?));
                        }
                        self.next();
                    }
                    self.directives()?;
                    let sel = if self.is('{') {
                        self.selection_set()?
                    } else {
                        Vec::new()
                    };
                    out.push(Sel::Field(Field {
                        alias,
                        name,
                        args,
                        sel,
                    }));
                }
            }
        }
        self.next();
        self.depth -= 1;
        Ok(out)
    }
}

fn show(t: Option<&Tok>) -> String {
    match t {
        None => "end of document".into(),
        Some(Tok::Name(n)) => format!("'{n}'"),
        Some(Tok::Punct(c)) => format!("'{c}'"),
        Some(Tok::Spread) => "'...'".into(),
        Some(Tok::Str(_)) => "a string".into(),
        Some(Tok::Num(n)) => format!("'{n}'"),
    }
}

pub(crate) fn parse(src: &str) -> Result<Document, String> {
    let mut p = P {
        t: tokenize(src)?,
        i: 0,
        depth: 0,
    };
    let mut doc = Document {
        ops: Vec::new(),
        fragments: HashMap::new(),
    };
    while let Some(t) = p.peek().cloned() {
        match t {
            Tok::Punct('{') => doc.ops.push(Operation {
                kind: "query".into(),
                name: None,
                sel: p.selection_set()?,
            }),
            Tok::Name(k) if k == "fragment" => {
                p.next();
                let name = p.name()?;
                if p.name()? != "on" {
                    return Err("Expected 'on' in fragment definition".into());
                }
                let ty = p.name()?;
                p.directives()?;
                let sel = p.selection_set()?;
                doc.fragments.insert(name, (ty, sel));
            }
            Tok::Name(k) if k == "query" || k == "mutation" || k == "subscription" => {
                p.next();
                let name = match p.peek() {
                    Some(Tok::Name(_)) => Some(p.name()?),
                    _ => None,
                };
                if p.is('(') {
                    p.skip_group('(', ')')?;
                }
                p.directives()?;
                doc.ops.push(Operation {
                    kind: k,
                    name,
                    sel: p.selection_set()?,
                });
            }
            other => return Err(format!("Unexpected {}", show(Some(&other)))),
        }
    }
    if doc.ops.is_empty() {
        return Err("The document has no operation".into());
    }
    Ok(doc)
}

/// Resolve an argument against the variables (an absent variable is null).
pub(crate) fn arg_value(a: &Arg, vars: &Map<String, Value>) -> Value {
    match a {
        Arg::Var(n) => vars.get(n).cloned().unwrap_or(Value::Null),
        Arg::Lit(v) => v.clone(),
        Arg::List(items) => Value::Array(items.iter().map(|i| arg_value(i, vars)).collect()),
        Arg::Obj(items) => Value::Object(
            items
                .iter()
                .map(|(k, v)| (k.clone(), arg_value(v, vars)))
                .collect(),
        ),
    }
}

/// Resolved arguments of a field, nulls dropped.
pub(crate) fn args_of(f: &Field, vars: &Map<String, Value>) -> Map<String, Value> {
    f.args
        .iter()
        .map(|(k, a)| (k.clone(), arg_value(a, vars)))
        .filter(|(_, v)| !v.is_null())
        .collect()
}

/// Project `v` onto `sel`. Objects carry their type in `__typename`; a
/// selected field the object does not have is a `FieldUndefined`
/// validation error (recorded in `errs`).
pub(crate) fn project(
    v: &Value,
    sel: &[Sel],
    doc: &Document,
    path: &str,
    errs: &mut Vec<String>,
) -> Value {
    match v {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| project(i, sel, doc, path, errs))
                .collect(),
        ),
        Value::Object(o) if !sel.is_empty() => {
            let ty = o
                .get("__typename")
                .and_then(Value::as_str)
                .unwrap_or("Object");
            let mut out = Map::new();
            project_into(o, ty, sel, doc, path, errs, &mut out, 0);
            Value::Object(out)
        }
        Value::Object(_) => {
            errs.push(format!(
                "Validation error (SubselectionRequired@[{path}]) : Subselection required"
            ));
            Value::Null
        }
        other => {
            if !sel.is_empty() {
                errs.push(format!(
                    "Validation error (SubselectionNotAllowed@[{path}]) : Subselection not allowed"
                ));
            }
            other.clone()
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn project_into(
    o: &Map<String, Value>,
    ty: &str,
    sel: &[Sel],
    doc: &Document,
    path: &str,
    errs: &mut Vec<String>,
    out: &mut Map<String, Value>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        errs.push("Fragment spreads form a cycle".into());
        return;
    }
    for s in sel {
        match s {
            Sel::Field(f) => {
                let here = if path.is_empty() {
                    f.key().to_string()
                } else {
                    format!("{path}/{}", f.key())
                };
                if f.name == "__typename" {
                    out.insert(f.key().to_string(), json!(ty));
                    continue;
                }
                match o.get(&f.name) {
                    Some(v) => {
                        let pv = project(v, &f.sel, doc, &here, errs);
                        out.insert(f.key().to_string(), pv);
                    }
                    None => errs.push(format!(
                        "Validation error (FieldUndefined@[{here}]) : Field '{}' in type '{ty}' is undefined",
                        f.name
                    )),
                }
            }
            Sel::Inline(cond, inner) => {
                if cond.as_deref().is_none_or(|c| c == ty) {
                    project_into(o, ty, inner, doc, path, errs, out, depth + 1);
                }
            }
            Sel::Spread(name) => match doc.fragments.get(name) {
                Some((cond, inner)) => {
                    if cond == ty {
                        project_into(o, ty, inner, doc, path, errs, out, depth + 1);
                    }
                }
                None => errs.push(format!(
                    "Validation error (UndefinedFragment) : Undefined fragment {name}"
                )),
            },
        }
    }
}
