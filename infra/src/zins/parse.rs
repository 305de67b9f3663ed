//! A small GraphQL document reader: one operation (`query Name($v: T!) {
//! ... }` or the `{ ... }` shorthand), fields with aliases, arguments
//! (variables, numbers, strings, enums, booleans, null, lists, objects) and
//! nested selection sets. Fragments and directives are not supported (the
//! Z-Insights SDK queries use neither). Arguments are resolved against the
//! request's `variables` while parsing.

use serde_json::{Map, Number, Value};

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Map<String, Value>,
    pub sel: Vec<Field>,
}

impl Field {
    /// The response key (alias or name).
    pub(crate) fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
    pub(crate) fn child(&self, name: &str) -> Option<&Field> {
        self.sel.iter().find(|f| f.name == name)
    }
}

pub(crate) struct Parser<'a> {
    s: Vec<char>,
    pos: usize,
    vars: &'a Map<String, Value>,
    /// Variables referenced but neither given nor defaulted.
    pub missing: Vec<String>,
    /// Current nesting of selection sets and values (bounded).
    depth: usize,
}

/// Deepest nesting accepted (selection sets, lists and objects).
const MAX_DEPTH: usize = 32;

type PResult<T> = Result<T, String>;

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &str, vars: &'a Map<String, Value>) -> Parser<'a> {
        Parser {
            s: text.chars().collect(),
            pos: 0,
            vars,
            missing: Vec::new(),
            depth: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == ',' || c == '\u{feff}' {
                self.pos += 1;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn expect(&mut self, c: char) -> PResult<()> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!(
                "Invalid syntax: expected '{c}' at offset {} but found {}",
                self.pos,
                self.peek()
                    .map(|c| format!("'{c}'"))
                    .unwrap_or_else(|| "end of document".into())
            ))
        }
    }

    fn name(&mut self) -> PResult<String> {
        self.skip_ws();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if start == self.pos || self.s[start].is_ascii_digit() {
            return Err(format!("Invalid syntax: expected a name at offset {start}"));
        }
        Ok(self.s[start..self.pos].iter().collect())
    }

    /// Parse the document; returns (operation name, root selection set).
    /// Required variables that are missing are collected in `missing`.
    pub(crate) fn document(&mut self) -> PResult<(Option<String>, Vec<Field>)> {
        self.skip_ws();
        let mut op_name = None;
        if self.peek() != Some('{') {
            let kw = self.name()?;
            if kw != "query" {
                return Err(format!(
                    "Unsupported operation type '{kw}': this API only serves queries"
                ));
            }
            self.skip_ws();
            if self
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                op_name = Some(self.name()?);
            }
            self.skip_ws();
            if self.peek() == Some('(') {
                self.var_defs()?;
            }
        }
        let sel = self.selection_set()?;
        self.skip_ws();
        if self.pos < self.s.len() {
            return Err("Only one operation per document is supported (no fragments)".to_string());
        }
        Ok((op_name, sel))
    }

    /// `($a: Long!, $b: [X!]! = ...)`: records required variables that
    /// were not given.
    fn var_defs(&mut self) -> PResult<()> {
        self.expect('(')?;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(')') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some('$') => {
                    self.pos += 1;
                    let name = self.name()?;
                    self.expect(':')?;
                    let ty = self.type_ref()?;
                    self.skip_ws();
                    let mut has_default = false;
                    if self.peek() == Some('=') {
                        self.pos += 1;
                        let _ = self.value()?;
                        has_default = true;
                    }
                    let given = self.vars.get(&name).is_some_and(|v| !v.is_null());
                    if ty.ends_with('!') && !given && !has_default {
                        self.missing.push(format!(
                            "Variable '{name}' has an invalid value: Variable '{name}' has coerced Null value for NonNull type '{ty}'"
                        ));
                    }
                }
                _ => {
                    return Err(format!(
                        "Invalid syntax in variable definitions at offset {}",
                        self.pos
                    ))
                }
            }
        }
    }

    fn type_ref(&mut self) -> PResult<String> {
        self.skip_ws();
        let mut out = String::new();
        if self.peek() == Some('[') {
            self.pos += 1;
            out.push('[');
            out.push_str(&self.type_ref()?);
            self.expect(']')?;
            out.push(']');
        } else {
            out.push_str(&self.name()?);
        }
        self.skip_ws();
        if self.peek() == Some('!') {
            self.pos += 1;
            out.push('!');
        }
        Ok(out)
    }

    fn selection_set(&mut self) -> PResult<Vec<Field>> {
        self.depth += 1;
        let r = self.selection_set_inner();
        self.depth -= 1;
        r
    }

    fn selection_set_inner(&mut self) -> PResult<Vec<Field>> {
        if self.depth > MAX_DEPTH {
            return Err(format!("Query is nested deeper than {MAX_DEPTH} levels"));
        }
        self.expect('{')?;
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    if out.is_empty() {
                        return Err("Invalid syntax: empty selection set".into());
                    }
                    return Ok(out);
                }
                None => return Err("Invalid syntax: unterminated selection set".into()),
                Some('.') => return Err("Fragments are not supported".into()),
                _ => out.push(self.field()?),
            }
        }
    }

    fn field(&mut self) -> PResult<Field> {
        let first = self.name()?;
        self.skip_ws();
        let (alias, name) = if self.peek() == Some(':') {
            self.pos += 1;
            (Some(first), self.name()?)
        } else {
            (None, first)
        };
        self.skip_ws();
        let mut args = Map::new();
        if self.peek() == Some('(') {
            self.pos += 1;
            loop {
                self.skip_ws();
                if self.peek() == Some(')') {
                    self.pos += 1;
                    break;
                }
                let k = self.name()?;
                self.expect(':')?;
                let v = self.value()?;
                args.insert(k, v);
            }
        }
        self.skip_ws();
        let sel = if self.peek() == Some('{') {
            self.selection_set()?
        } else {
            Vec::new()
        };
        Ok(Field {
            alias,
            name,
            args,
            sel,
        })
    }

    fn value(&mut self) -> PResult<Value> {
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH {
            Err(format!("Value is nested deeper than {MAX_DEPTH} levels"))
        } else {
            self.value_inner()
        };
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self) -> PResult<Value> {
        self.skip_ws();
        match self.peek() {
            Some('$') => {
                self.pos += 1;
                let n = self.name()?;
                Ok(self.vars.get(&n).cloned().unwrap_or(Value::Null))
            }
            Some('"') => {
                self.pos += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        None => return Err("Invalid syntax: unterminated string".into()),
                        Some('"') => {
                            self.pos += 1;
                            break;
                        }
                        Some('\\') => {
                            self.pos += 1;
                            if let Some(c) = self.peek() {
                                out.push(match c {
                                    'n' => '\n',
                                    't' => '\t',
                                    other => other,
                                });
                                self.pos += 1;
                            }
                        }
                        Some(c) => {
                            out.push(c);
                            self.pos += 1;
                        }
                    }
                }
                Ok(Value::String(out))
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        return Ok(Value::Array(items));
                    }
                    if self.peek().is_none() {
                        return Err("Invalid syntax: unterminated list".into());
                    }
                    items.push(self.value()?);
                }
            }
            Some('{') => {
                self.pos += 1;
                let mut obj = Map::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        return Ok(Value::Object(obj));
                    }
                    let k = self.name()?;
                    self.expect(':')?;
                    let v = self.value()?;
                    obj.insert(k, v);
                }
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let start = self.pos;
                self.pos += 1;
                while let Some(c) = self.peek() {
                    if c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let t: String = self.s[start..self.pos].iter().collect();
                if let Ok(i) = t.parse::<i64>() {
                    Ok(Value::Number(i.into()))
                } else {
                    t.parse::<f64>()
                        .ok()
                        .and_then(Number::from_f64)
                        .map(Value::Number)
                        .ok_or_else(|| format!("Invalid number '{t}'"))
                }
            }
            _ => {
                let n = self.name()?;
                Ok(match n.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => Value::String(n),
                })
            }
        }
    }
}
