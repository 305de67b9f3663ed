//! `.env` files with python-dotenv's rules (1.2, `dotenv/parser.py` and `variables.py`), so a
//! file written for the Python server reads the same here:
//!
//! - `KEY=value`, `export KEY=value`, `'KEY'=value`; blank lines and `# comments`;
//! - unquoted values end at the line end, lose trailing spaces and an inline comment that
//!   follows whitespace (`KEY=a # note` is `a`; `KEY=a#b` is `a#b`; `KEY= # note` is empty);
//! - `'single'` and `"double"` quoted values may span lines; in single quotes only `\\` and
//!   `\'` are escapes, in double quotes also `\"` `\a` `\b` `\f` `\n` `\r` `\t` `\v`;
//! - `${NAME}` and `${NAME:-default}` expand (in any value) from the process environment, then
//!   from keys earlier in the file; `$NAME` without braces stays literal;
//! - a key without `=` sets nothing; a UTF-8 byte order mark is skipped.
//!
//! Two deliberate differences: a statement python-dotenv would skip with a warning stops
//! start-up here (one line naming the file and line, never its text, which may hold a
//! secret); and a variable already set in the process environment always wins, so an MCP
//! client's `env` block beats a stray `.env` (the Python server loads `./.env` with
//! `override=True`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A statement that is not `KEY=value`, an export, a bare key or a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
}

/// Reads a `.env` text: the bindings in file order (later ones win), not yet expanded.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

/// `[^\S\r\n]`: whitespace other than a line break.
fn inline_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Consume `n` bytes, counting line breaks (`\r\n`, `\n` or `\r` each count once).
    fn advance(&mut self, n: usize) {
        let taken = &self.text[self.pos..self.pos + n];
        self.line += taken.matches("\r\n").count()
            + taken.matches('\n').count()
            + taken.matches('\r').count()
            - 2 * taken.matches("\r\n").count();
        self.pos += n;
    }

    fn skip_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let n = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        self.advance(n);
        &rest[..n]
    }

    /// `quote ((\\.|[^quote\\])*) quote`, the inside returned raw.
    fn quoted(&mut self, quote: char) -> Option<&'a str> {
        let rest = self.rest();
        let mut chars = rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == '\\' {
                chars.next()?;
            } else if c == quote {
                self.advance(i + 1);
                return Some(&rest[1..i]);
            }
        }
        None
    }

    fn key(&mut self) -> Option<Option<String>> {
        match self.peek() {
            Some('#') => Some(None),
            Some('\'') => {
                let rest = self.rest();
                let end = rest[1..].find('\'')?;
                (end > 0).then(|| {
                    self.advance(end + 2);
                    Some(rest[1..end + 1].to_string())
                })
            }
            _ => {
                let key = self.skip_while(|c| c != '=' && c != '#' && !c.is_whitespace());
                (!key.is_empty()).then(|| Some(key.to_string()))
            }
        }
    }

    fn value(&mut self) -> Option<String> {
        match self.peek() {
            Some('\'') => self.quoted('\'').map(|v| unescape(v, "\\'")),
            Some('"') => self.quoted('"').map(|v| unescape(v, "\\'\"abfnrtv")),
            None | Some('\n') | Some('\r') => Some(String::new()),
            Some(_) => {
                let raw = self.skip_while(|c| c != '\n' && c != '\r');
                // `re.sub(r"\s+#.*", "", part).rstrip()`
                let cut = raw
                    .char_indices()
                    .find(|&(i, c)| {
                        c == '#' && raw[..i].ends_with(|p: char| p.is_whitespace()) && i > 0
                    })
                    .map_or(raw, |(i, _)| raw[..i].trim_end());
                Some(cut.trim_end().to_string())
            }
        }
    }

    /// One statement: `Ok(None)` for a blank, a comment, a bare key or the end.
    fn binding(&mut self) -> Result<Option<(String, String)>, Malformed> {
        self.skip_while(char::is_whitespace);
        if self.pos == self.text.len() {
            return Ok(None);
        }
        let bad = Malformed { line: self.line };
        if let Some(after) = self.rest().strip_prefix("export") {
            let spaces = after.len() - after.trim_start_matches(inline_space).len();
            if spaces > 0 {
                self.advance("export".len() + spaces);
            }
        }
        let key = self.key().ok_or(bad)?;
        self.skip_while(inline_space);
        let mut value = None;
        if self.peek() == Some('=') {
            self.advance(1);
            let spaced = !self.skip_while(inline_space).is_empty();
            value = if spaced && self.peek() == Some('#') {
                Some(String::new())
            } else {
                Some(self.value().ok_or(bad)?)
            };
        }
        // `(?:[^\S\r\n]*#[^\r\n]*)?` then `[^\S\r\n]*(?:\r\n|\n|\r|$)`
        self.skip_while(inline_space);
        if self.peek() == Some('#') {
            self.skip_while(|c| c != '\n' && c != '\r');
        }
        match self.peek() {
            None => {}
            Some('\r') if self.rest().starts_with("\r\n") => self.advance(2),
            Some('\n') | Some('\r') => self.advance(1),
            Some(_) => return Err(bad),
        }
        Ok(key.zip(value))
    }
}

/// Decode python-dotenv's escapes: a backslash before one of `escapes` (given without the
/// backslash itself, which is always one); any other backslash stays as written.
fn unescape(raw: &str, escapes: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match next.filter(|n| c == '\\' && (*n == '\\' || escapes.contains(*n))) {
            Some(n) => {
                chars.next();
                out.push(match n {
                    'a' => '\x07',
                    'b' => '\x08',
                    'f' => '\x0c',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\x0b',
                    other => other,
                });
            }
            None => out.push(c),
        }
    }
    out
}

/// `${NAME}` / `${NAME:-default}` (`\$\{([^}:]*)(?::-([^}]*))?\}`), looked up in `env`.
fn expand(value: &str, env: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let body = &rest[start + 2..];
        let name_len = body.find(['}', ':']).unwrap_or(body.len());
        let name = &body[..name_len];
        let tail = &body[name_len..];
        let (default, used) = if let Some(d) = tail.strip_prefix(":-") {
            match d.find('}') {
                Some(e) => (Some(&d[..e]), name_len + 2 + e + 1),
                None => (None, usize::MAX),
            }
        } else if tail.starts_with('}') {
            (None, name_len + 1)
        } else {
            (None, usize::MAX)
        };
        if used == usize::MAX {
            out.push_str(&rest[..start + 2]);
            rest = body;
            continue;
        }
        out.push_str(&rest[..start]);
        out.push_str(&env(name).unwrap_or_else(|| default.unwrap_or("").to_string()));
        rest = &body[used..];
    }
    out.push_str(rest);
    out
}

/// Parse a whole `.env` text and expand its values; `process` answers for the environment.
pub fn parse(
    text: &str,
    process: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(String, String)>, Malformed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        text,
        pos: 0,
        line: 1,
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    while reader.pos < text.len() {
        if let Some((key, raw)) = reader.binding()? {
            let value = expand(&raw, |n| process(n).or_else(|| seen.get(n).cloned()));
            seen.insert(key.clone(), value.clone());
            out.push((key, value));
        }
    }
    Ok(out)
}

/// Which file to read: `--dotenv-path`, else `ZSCALER_MCP_DOTENV_PATH`, else `./.env`. An
/// explicit path that is not a file is reported and `./.env` read instead, as the Python
/// server does (`_resolve_dotenv_path`). `None`: no file to read.
pub fn choose(explicit: Option<&str>, warn: &mut impl FnMut(String)) -> Option<PathBuf> {
    let from_env = std::env::var("ZSCALER_MCP_DOTENV_PATH").ok();
    let explicit = explicit
        .or(from_env.as_deref())
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(p) = explicit {
        let path = expand_home(p);
        if path.is_file() {
            return Some(path);
        }
        warn(format!(
            "dotenv path {} does not exist — falling back to ./.env",
            path.display()
        ));
    }
    let cwd = PathBuf::from(".env");
    cwd.is_file().then_some(cwd)
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// Keys whose presence in a plaintext file earns the Python server's advisory.
const SECRET_KEYS: [&str; 3] = [
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_MCP_AUTH_API_KEY",
    "ZSCALER_PRIVATE_KEY",
];

/// Read `path` into the process environment, skipping every variable already set there.
/// Must run before any other thread exists (it calls `set_var`). Returns the warnings to
/// print; an unreadable or malformed file is an error naming the file (and line).
pub fn load(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read(path)
        .map_err(|e| format!("cannot read {}: {}", path.display(), e.kind()))
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
        })?;
    let pairs = parse(&text, |n| std::env::var(n).ok()).map_err(|m| {
        format!(
            "{} line {}: not a KEY=value statement, an export or a comment (python-dotenv syntax)",
            path.display(),
            m.line
        )
    })?;
    let mut warnings = Vec::new();
    let secrets: Vec<&str> = SECRET_KEYS
        .into_iter()
        .filter(|k| pairs.iter().any(|(key, _)| key == k))
        .collect();
    if !secrets.is_empty() {
        warnings.push(format!(
            "credentials in the plaintext file {} ({}): fine for local use; keep it out of \
             version control, and use a secret store (ZSCALER_SECRET_NAME) when shared",
            path.display(),
            secrets.join(", ")
        ));
    }
    for (key, value) in pairs {
        if std::env::var_os(&key).is_none() {
            std::env::set_var(key, value);
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |n| {
            pairs
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    fn parsed(text: &str) -> Vec<(String, String)> {
        parse(text, env_of(&[])).expect("parses")
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn unquoted_values_comments_and_export() {
        let text = "\u{feff}# a comment\n\nA=plain\nexport B = spaced   \nC=a # note\nD=a#b\n\
                    E= # only a comment\nF=\n'G'=quoted key\nBARE\n  H=indented\r\nI=last";
        assert_eq!(
            parsed(text),
            pairs(&[
                ("A", "plain"),
                ("B", "spaced"),
                ("C", "a"),
                ("D", "a#b"),
                ("E", ""),
                ("F", ""),
                ("G", "quoted key"),
                ("H", "indented"),
                ("I", "last"),
            ])
        );
    }

    #[test]
    fn quotes_escapes_and_multiline() {
        let text = "S='it\\'s \\n raw'\nD=\"tab\\there\\nnew \\\"q\\\" \\\\ \\x\"\n\
                    M=\"line one\nline two\" # trailing\nE='a\\\\b'\n";
        assert_eq!(
            parsed(text),
            pairs(&[
                ("S", "it's \\n raw"),
                ("D", "tab\there\nnew \"q\" \\ \\x"),
                ("M", "line one\nline two"),
                ("E", "a\\b"),
            ])
        );
    }

    #[test]
    fn expansion_prefers_the_process_environment() {
        let text = "HOST=file\nA=${HOST}/x\nB=${MISSING:-dflt}\nC=$HOST\nD='${HOST}'\nE=${HOST\n";
        assert_eq!(
            parse(text, env_of(&[("HOST", "proc")])).unwrap(),
            pairs(&[
                ("HOST", "file"),
                ("A", "proc/x"),
                ("B", "dflt"),
                ("C", "$HOST"),
                ("D", "proc"),
                ("E", "${HOST"),
            ])
        );
        assert_eq!(
            parse("K=v\nL=${K}\n", env_of(&[])).unwrap(),
            pairs(&[("K", "v"), ("L", "v")])
        );
    }

    #[test]
    fn malformed_statements_name_their_line() {
        for (text, line) in [
            ("A=1\n\nB C\n", 3),
            ("A=1\nB=\"unterminated\n", 2),
            ("=value\n", 1),
            ("A=1\nB='x' junk\n", 2),
            ("A=\"multi\nline\"\nB C", 3),
        ] {
            assert_eq!(
                parse(text, env_of(&[])),
                Err(Malformed { line }),
                "{text:?}"
            );
        }
    }
}
