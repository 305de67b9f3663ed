//! Drift test for the SAM template (`template.yaml`) and the deploy scripts.
//!
//! The template is checked against the server's own lists, so a renamed variable or secret
//! key breaks this test instead of a deployment: every environment variable the function
//! sets is one the server reads (`config::all_env_vars`), every key a created secret holds
//! is one the server accepts (`secrets::SECRET_KEYS`), the generated key ring parses with
//! `KeyRing::parse`, Secrets Manager access is never granted on `*`, and the function is
//! the arm64-by-default cargo-lambda build of the real Lambda binary.
//!
//! The template is read with saphyr-parser (a maintained, pure-Rust YAML 1.2 parser whose
//! event stream keeps CloudFormation's short-form tags (`!Ref`, `!If`, ...) and every
//! node's position, which serde-based crates lose or resolve away). The tree built from its
//! events refuses duplicate keys, anchors and multi-line flow collections with a line
//! number, so the checks never silently look at less than the whole template. Each check is
//! also run on a mutated template to prove it can fail.
//!
//! The template's Rules are evaluated the way CloudFormation does before it creates a change
//! set (parameter constraints, then each applicable rule's assertions): the defaults and
//! every ready profile in `infra/deploy/samconfig.toml` must pass, and each rule must stop a
//! deploy with one line naming what to set.
//!
//! The last tests run `infra/scripts/secrets.py` against moto_server and bootstrap the real
//! server from the secret it wrote.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Map, Value};
use zscaler_mcp::confirm::{Binding, KeyRing, Purpose, Rejection};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn template_text() -> String {
    std::fs::read_to_string(root().join("template.yaml")).expect("template.yaml is readable")
}

// ---------------------------------------------------------------------------------------
// YAML: saphyr-parser's events, CloudFormation's short-form tags kept
// ---------------------------------------------------------------------------------------

mod yaml {
    use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

    /// A parsed node. Scalars keep their text as written (no type resolution: `true`, `64`
    /// and `'64'` are all text, as CloudFormation passes them on). A short-form tag keeps its
    /// name (`!Ref`), its value, and the whole written on one line in flow style (`!If [C,
    /// !Ref A, '']`), which is what the checks compare and print.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Node {
        Scalar(String),
        Map(Vec<(String, Node)>),
        Seq(Vec<Node>),
        Tagged {
            tag: String,
            value: Box<Node>,
            text: String,
        },
    }

    impl Node {
        pub fn get(&self, key: &str) -> Option<&Node> {
            match self {
                Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        pub fn path(&self, keys: &[&str]) -> Option<&Node> {
            keys.iter().try_fold(self, |n, k| n.get(k))
        }

        /// A scalar's text, or a tagged value's one-line text.
        pub fn str(&self) -> Option<&str> {
            match self {
                Node::Scalar(s) | Node::Tagged { text: s, .. } => Some(s),
                _ => None,
            }
        }

        /// A scalar's text only (an intrinsic function is not a literal).
        pub fn literal(&self) -> Option<&str> {
            match self {
                Node::Scalar(s) => Some(s),
                _ => None,
            }
        }

        pub fn entries(&self) -> &[(String, Node)] {
            match self {
                Node::Map(entries) => entries,
                _ => &[],
            }
        }

        /// The items of a sequence as text, or the scalar (or tagged value) alone.
        pub fn items(&self) -> Vec<String> {
            match self {
                Node::Seq(items) => items
                    .iter()
                    .map(|n| n.str().map(str::to_string).unwrap_or_default())
                    .collect(),
                Node::Scalar(_) | Node::Tagged { .. } => vec![self.str().unwrap().to_string()],
                Node::Map(_) => Vec::new(),
            }
        }

        /// Every node in the tree, depth first.
        pub fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
            out.push(self);
            match self {
                Node::Map(entries) => entries.iter().for_each(|(_, v)| v.walk(out)),
                Node::Seq(items) => items.iter().for_each(|v| v.walk(out)),
                Node::Tagged { value, .. } => value.walk(out),
                Node::Scalar(_) => {}
            }
        }

        /// The node written on one line in flow style.
        pub fn flow(&self) -> String {
            match self {
                Node::Scalar(s) => flow_scalar(s),
                Node::Seq(items) => {
                    let items: Vec<String> = items.iter().map(Node::flow).collect();
                    format!("[{}]", items.join(", "))
                }
                Node::Map(entries) => {
                    let entries: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{}: {}", flow_scalar(k), v.flow()))
                        .collect();
                    format!("{{{}}}", entries.join(", "))
                }
                Node::Tagged { text, .. } => text.clone(),
            }
        }
    }

    /// A scalar as a flow item: plain when it is an identifier, ARN or path piece, else
    /// single-quoted (so `''`, `'${X}/y'` and `'a, b'` read back as one item).
    fn flow_scalar(s: &str) -> String {
        let plain = !s.is_empty()
            && !s.starts_with(['-', ':'])
            && !s.ends_with(':')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-/:".contains(c));
        if plain {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', "''"))
        }
    }

    /// The items of a flow sequence's inside (`a, !Ref B, [c, d]`): scalars as their text,
    /// anything else in flow style.
    pub fn split_flow(s: &str) -> Vec<String> {
        match parse(&format!("[{s}]")) {
            Ok(Node::Seq(items)) => items
                .iter()
                .map(|n| n.literal().map_or_else(|| n.flow(), str::to_string))
                .collect(),
            other => panic!("not the inside of a flow sequence: {s:?} ({other:?})"),
        }
    }

    /// Parses one YAML document with saphyr-parser's event stream. On top of YAML, the
    /// template's house rules are enforced so the checks never look at less than the whole
    /// template: no duplicate keys (YAML forbids them, the event stream does not check),
    /// only scalar keys, no anchors or aliases (CloudFormation does not resolve them), and
    /// each flow collection on one line (the checks print expressions as one line).
    pub fn parse(text: &str) -> Result<Node, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut events = Vec::new();
        for item in Parser::new_from_str(text) {
            events.push(item.map_err(|e| scan_error(&e))?);
        }
        let mut reader = Reader {
            chars,
            events: events.into_iter(),
        };
        let mut documents = Vec::new();
        while let Some((event, span)) = reader.events.next() {
            match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
                Event::DocumentStart(_) => match reader.next(span)? {
                    (Event::DocumentEnd, _) => documents.push(Node::Scalar(String::new())),
                    first => documents.push(reader.node(first)?),
                },
                _ => return Err(format!("line {}: unexpected content", span.start.line())),
            }
        }
        match documents.len() {
            0 => Ok(Node::Scalar(String::new())),
            1 => Ok(documents.pop().unwrap()),
            n => Err(format!("{n} YAML documents; a template is one")),
        }
    }

    /// The scanner's message with its line; the commonest block-context error gets the
    /// hint that names its usual cause.
    fn scan_error(e: &ScanError) -> String {
        let hint = if e.info().contains("mapping values are not allowed") {
            " (check the indentation)"
        } else {
            ""
        };
        format!("line {}: {}{hint}", e.marker().line(), e.info())
    }

    struct Reader<'a> {
        chars: Vec<char>,
        events: std::vec::IntoIter<(Event<'a>, Span)>,
    }

    impl<'a> Reader<'a> {
        fn next(&mut self, after: Span) -> Result<(Event<'a>, Span), String> {
            self.events
                .next()
                .ok_or_else(|| format!("line {}: unexpected end", after.end.line()))
        }

        fn node(&mut self, (event, span): (Event<'a>, Span)) -> Result<Node, String> {
            let line = span.start.line();
            let (node, tag) = match event {
                Event::Scalar(value, style, anchor, tag) => {
                    no_anchor(anchor, line)?;
                    // An empty plain value (`key:`) is null; its text is empty.
                    let value = if style == ScalarStyle::Plain && value == "~" {
                        String::new()
                    } else {
                        value.into_owned()
                    };
                    (Node::Scalar(value), tag)
                }
                Event::SequenceStart(anchor, tag) => {
                    no_anchor(anchor, line)?;
                    (self.seq(span)?, tag)
                }
                Event::MappingStart(anchor, tag) => {
                    no_anchor(anchor, line)?;
                    (self.map(span)?, tag)
                }
                Event::Alias(_) => return Err(format!("line {line}: aliases are not supported")),
                other => return Err(format!("line {line}: unexpected {other:?}")),
            };
            match tag {
                None => Ok(node),
                Some(tag) => tagged(&tag, node, line),
            }
        }

        fn seq(&mut self, start: Span) -> Result<Node, String> {
            let mut items = Vec::new();
            loop {
                match self.next(start)? {
                    (Event::SequenceEnd, end) => {
                        self.one_line(start, end)?;
                        return Ok(Node::Seq(items));
                    }
                    item => items.push(self.node(item)?),
                }
            }
        }

        fn map(&mut self, start: Span) -> Result<Node, String> {
            let mut entries: Vec<(String, Node)> = Vec::new();
            loop {
                let (key, key_span) = match self.next(start)? {
                    (Event::MappingEnd, end) => {
                        self.one_line(start, end)?;
                        return Ok(Node::Map(entries));
                    }
                    (Event::Scalar(key, _, 0, None), span) => (key.into_owned(), span),
                    (_, span) => {
                        let line = span.start.line();
                        return Err(format!("line {line}: keys must be plain text"));
                    }
                };
                if entries.iter().any(|(k, _)| *k == key) {
                    let line = key_span.start.line();
                    return Err(format!("line {line}: duplicate key {key}"));
                }
                let value = self.next(key_span)?;
                entries.push((key, self.node(value)?));
            }
        }

        /// A flow collection (`[`/`{` where it starts) must close on the line it opens.
        fn one_line(&self, start: Span, end: Span) -> Result<(), String> {
            let opener = self.chars.get(start.start.index());
            let flow = matches!(opener, Some('[' | '{'));
            if flow && end.end.line() != start.start.line() {
                return Err(format!(
                    "line {}: multi-line flow collections are not supported (keep it on one line)",
                    start.start.line()
                ));
            }
            Ok(())
        }
    }

    fn no_anchor(anchor: usize, line: usize) -> Result<(), String> {
        match anchor {
            0 => Ok(()),
            _ => Err(format!("line {line}: anchors are not supported")),
        }
    }

    /// A local tag (`!Ref`) wraps its node; a core-schema tag (`!!str`) changes nothing
    /// here, since scalars stay text.
    fn tagged(tag: &Tag, node: Node, line: usize) -> Result<Node, String> {
        if tag.is_yaml_core_schema() {
            return Ok(node);
        }
        if tag.handle != "!" || tag.suffix.is_empty() {
            return Err(format!("line {line}: unsupported tag {tag}"));
        }
        let name = format!("!{}", tag.suffix);
        let text = format!("{name} {}", node.flow());
        Ok(Node::Tagged {
            tag: name,
            value: Box::new(node),
            text,
        })
    }
}

use yaml::Node;

// ---------------------------------------------------------------------------------------
// The checks. Each returns the problems it found (empty = fine).
// ---------------------------------------------------------------------------------------

fn resources_of<'a>(t: &'a Node, ty: &str) -> Vec<(&'a str, &'a Node)> {
    t.get("Resources")
        .map(|r| r.entries())
        .unwrap_or(&[])
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Node::str) == Some(ty))
        .map(|(name, r)| (name.as_str(), r))
        .collect()
}

fn the_function(t: &Node) -> Result<(&str, &Node), String> {
    match resources_of(t, "AWS::Serverless::Function").as_slice() {
        [one] => Ok(*one),
        other => Err(format!(
            "expected exactly one AWS::Serverless::Function, found {}",
            other.len()
        )),
    }
}

/// Names of the variables the function sets (Globals included).
fn function_env(t: &Node) -> Result<Vec<String>, String> {
    let (_, f) = the_function(t)?;
    let mut names = Vec::new();
    for vars in [
        t.path(&["Globals", "Function", "Environment", "Variables"]),
        f.path(&["Properties", "Environment", "Variables"]),
    ]
    .into_iter()
    .flatten()
    {
        if !matches!(vars, Node::Map(_)) {
            return Err("Environment.Variables must be a block mapping".into());
        }
        names.extend(vars.entries().iter().map(|(k, _)| k.clone()));
    }
    if names.is_empty() {
        return Err("the function sets no environment variables (parser found none)".into());
    }
    Ok(names)
}

fn env_problems(t: &Node) -> Vec<String> {
    let known = zscaler_mcp::config::all_env_vars();
    match function_env(t) {
        Err(e) => vec![e],
        Ok(names) => names
            .into_iter()
            .filter(|n| !known.contains(&n.as_str()))
            .map(|n| format!("environment variable {n} is not read by the server"))
            .collect(),
    }
}

fn env_value<'a>(t: &'a Node, name: &str) -> Option<&'a str> {
    the_function(t)
        .ok()?
        .1
        .path(&["Properties", "Environment", "Variables", name])?
        .str()
}

/// Keys each created secret stores, and its generated-key settings.
struct CreatedSecret {
    name: String,
    keys: Vec<String>,
    generated: Option<(String, usize, bool, String)>,
}

fn created_secrets(t: &Node) -> Result<Vec<CreatedSecret>, String> {
    let mut out = Vec::new();
    for (name, r) in resources_of(t, "AWS::SecretsManager::Secret") {
        let props = r.get("Properties");
        let mut keys = Vec::new();
        let mut generated = None;
        let json_keys = |text: &str| -> Result<Vec<String>, String> {
            let v: Value = serde_json::from_str(text)
                .map_err(|e| format!("{name}: secret JSON does not parse: {e}"))?;
            let obj = v
                .as_object()
                .ok_or_else(|| format!("{name}: secret JSON is not an object"))?;
            Ok(obj.keys().cloned().collect())
        };
        if let Some(s) = props.and_then(|p| p.get("SecretString")) {
            let text = s
                .literal()
                .ok_or_else(|| format!("{name}: SecretString must be a literal"))?;
            keys.extend(json_keys(text)?);
        }
        if let Some(g) = props.and_then(|p| p.get("GenerateSecretString")) {
            if let Some(tpl) = g.get("SecretStringTemplate") {
                let text = tpl
                    .literal()
                    .ok_or_else(|| format!("{name}: SecretStringTemplate must be a literal"))?;
                keys.extend(json_keys(text)?);
                let key = g
                    .get("GenerateStringKey")
                    .and_then(Node::str)
                    .ok_or_else(|| format!("{name}: template without GenerateStringKey"))?
                    .to_string();
                keys.push(key.clone());
                let len = g
                    .get("PasswordLength")
                    .and_then(Node::str)
                    .unwrap_or("32")
                    .parse()
                    .map_err(|_| format!("{name}: PasswordLength is not a number"))?;
                let flag = |k: &str| g.get(k).and_then(Node::str) == Some("true");
                let exclude = g
                    .get("ExcludeCharacters")
                    .and_then(Node::str)
                    .unwrap_or("")
                    .to_string();
                let mut charset = String::new();
                if !flag("ExcludeUppercase") {
                    charset.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
                }
                if !flag("ExcludeLowercase") {
                    charset.push_str("abcdefghijklmnopqrstuvwxyz");
                }
                if !flag("ExcludeNumbers") {
                    charset.push_str("0123456789");
                }
                if !flag("ExcludePunctuation") {
                    charset.push_str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
                }
                if flag("IncludeSpace") {
                    charset.push(' ');
                }
                let charset: String = charset.chars().filter(|c| !exclude.contains(*c)).collect();
                generated = Some((key, len, flag("ExcludePunctuation"), charset));
            }
        }
        out.push(CreatedSecret {
            name: name.to_string(),
            keys,
            generated,
        });
    }
    Ok(out)
}

/// Strings Secrets Manager could generate from `charset` that are hardest for the parser:
/// every single character repeated, and the charset cycled (all classes present).
fn generated_samples(len: usize, charset: &str) -> Vec<String> {
    let chars: Vec<char> = charset.chars().collect();
    let mut samples: Vec<String> = chars
        .iter()
        .map(|c| std::iter::repeat_n(*c, len).collect())
        .collect();
    for start in 0..chars.len().min(8) {
        samples.push(
            (0..len)
                .map(|i| chars[(start + i * 7) % chars.len()])
                .collect(),
        );
    }
    samples
}

fn secret_problems(t: &Node) -> Vec<String> {
    let secrets = match created_secrets(t) {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let env = function_env(t).unwrap_or_default();
    let mut problems = Vec::new();
    if secrets.is_empty() {
        problems.push("no AWS::SecretsManager::Secret found (parser found none)".to_string());
    }
    for s in &secrets {
        for k in &s.keys {
            if !zscaler_mcp::secrets::SECRET_KEYS.contains(&k.as_str()) {
                problems.push(format!(
                    "{}: key {k} is not in SECRET_KEYS (the server would drop it)",
                    s.name
                ));
            }
            // A secret value overrides the environment, even when empty.
            if env.contains(k) {
                problems.push(format!(
                    "{}: key {k} is also set on the function; the secret's value would hide it",
                    s.name
                ));
            }
        }
        let Some((key, len, _, charset)) = &s.generated else {
            continue;
        };
        if key != "ZSCALER_MCP_REQUEST_STATE_KEYS" {
            continue;
        }
        let bits = *len as f64 * (charset.chars().count() as f64).log2();
        if bits < 256.0 {
            problems.push(format!(
                "{}: the generated key ring has {bits:.0} bits of entropy (< 256)",
                s.name
            ));
        }
        if let Some(bad) = generated_samples(*len, charset)
            .into_iter()
            .find(|k| KeyRing::parse(k).is_err())
        {
            problems.push(format!(
                "{}: a generated key ring like {bad:?} is refused by KeyRing::parse",
                s.name
            ));
        }
    }
    problems
}

/// Policy statements: any mapping with `Action` and (`Resource` or `NotResource`).
fn iam_problems(t: &Node) -> Vec<String> {
    let mut nodes = Vec::new();
    t.walk(&mut nodes);
    let mut problems = Vec::new();
    let mut secret_grants = 0;
    for n in nodes {
        let (Some(action), resource) = (n.get("Action"), n.get("Resource")) else {
            continue;
        };
        if n.get("NotResource").is_some() || n.get("NotAction").is_some() {
            problems.push("a policy statement uses NotResource/NotAction".into());
        }
        let Some(resource) = resource else {
            continue; // trust policies have a Principal, no Resource
        };
        let actions = action.items();
        let resources = resource.items();
        for r in &resources {
            if r.trim() == "*" || (!r.starts_with('!') && r.contains('*')) {
                problems.push(format!("a policy statement grants {actions:?} on {r:?}"));
            }
        }
        if actions
            .iter()
            .any(|a| a == "*" || a.to_ascii_lowercase().starts_with("secretsmanager:"))
        {
            secret_grants += 1;
            if actions != ["secretsmanager:GetSecretValue"] {
                problems.push(format!(
                    "secretsmanager actions must be exactly GetSecretValue, got {actions:?}"
                ));
            }
            // The credentials secret, or (several tenants) exactly the listed tenant secrets.
            let only_the_secret = resources.iter().all(|r| {
                r == "!If [CreateSecret, !Ref CredentialsSecret, !Ref CredentialsSecretArn]"
                    || r == "!Ref TenantSecretArns"
            });
            if !only_the_secret {
                problems.push(format!(
                    "secretsmanager access must name the credentials secret only, got {resources:?}"
                ));
            }
        }
    }
    if secret_grants == 0 {
        problems.push("no secretsmanager:GetSecretValue grant found (parser found none)".into());
    }
    match the_function(t) {
        Err(e) => problems.push(e),
        Ok((_, f)) => {
            if f.path(&["Properties", "Policies"]).is_some() {
                problems.push(
                    "the function uses SAM Policies (managed policies are not checked here); \
                     grant through its explicit Role"
                        .into(),
                );
            }
            if f.path(&["Properties", "Role"]).is_none() {
                problems.push("the function has no explicit Role".into());
            }
        }
    }
    problems
}

fn arch_problems(t: &Node) -> Vec<String> {
    let mut problems = Vec::new();
    let p = t.path(&["Parameters", "Architecture"]);
    if p.and_then(|p| p.get("Default")).and_then(Node::str) != Some("arm64") {
        problems.push("parameter Architecture must default to arm64".into());
    }
    let allowed: BTreeSet<String> = p
        .and_then(|p| p.get("AllowedValues"))
        .map(Node::items)
        .unwrap_or_default()
        .into_iter()
        .collect();
    if allowed != BTreeSet::from(["arm64".to_string(), "x86_64".to_string()]) {
        problems.push(format!(
            "parameter Architecture must allow arm64 and x86_64, got {allowed:?}"
        ));
    }
    match the_function(t) {
        Err(e) => problems.push(e),
        Ok((_, f)) => {
            let archs = f
                .path(&["Properties", "Architectures"])
                .map(Node::items)
                .unwrap_or_default();
            if archs != ["!Ref Architecture"] {
                problems.push(format!(
                    "the function's Architectures must be [!Ref Architecture], got {archs:?}"
                ));
            }
        }
    }
    problems
}

fn lambda_bin_name() -> String {
    let cargo = std::fs::read_to_string(root().join("functions/mcp/Cargo.toml")).unwrap();
    let bin = cargo
        .split("[[bin]]")
        .nth(1)
        .expect("functions/mcp has a [[bin]]");
    bin.lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .map(|n| n.trim_matches('"').to_string())
        .expect("the [[bin]] has a name")
}

fn function_problems(t: &Node) -> Vec<String> {
    let (_, f) = match the_function(t) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    let prop = |k: &str| f.path(&["Properties", k]).and_then(Node::str);
    let expect = |problems: &mut Vec<String>, what: &str, got: Option<&str>, want: &str| {
        if got != Some(want) {
            problems.push(format!("{what} must be {want:?}, got {got:?}"));
        }
    };
    expect(&mut problems, "Runtime", prop("Runtime"), "provided.al2023");
    expect(&mut problems, "Handler", prop("Handler"), "bootstrap");
    // The cargo-lambda builder looks for target/lambda/<bin>/bootstrap under CodeUri, and a
    // workspace builds into the root's target/: CodeUri must be the workspace root.
    expect(&mut problems, "CodeUri", prop("CodeUri"), ".");
    expect(
        &mut problems,
        "Metadata.BuildMethod",
        f.path(&["Metadata", "BuildMethod"]).and_then(Node::str),
        "rust-cargolambda",
    );
    expect(
        &mut problems,
        "Metadata.BuildProperties.Binary",
        f.path(&["Metadata", "BuildProperties", "Binary"])
            .and_then(Node::str),
        &lambda_bin_name(),
    );
    let timeout: u64 = prop("Timeout").and_then(|v| v.parse().ok()).unwrap_or(0);
    if timeout == 0 || timeout >= 29 {
        problems.push(format!(
            "Timeout must be a literal under API Gateway's 29 s, got {timeout}"
        ));
    }
    let budget: u64 = env_value(t, "ZSCALER_MCP_UPSTREAM_BUDGET_MS")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if budget == 0 || budget + 2000 > timeout * 1000 {
        problems.push(format!(
            "ZSCALER_MCP_UPSTREAM_BUDGET_MS ({budget}) must end at least 2 s before the \
             function Timeout ({timeout} s)"
        ));
    }
    let secret = env_value(t, "ZSCALER_SECRET_NAME").unwrap_or("");
    if secret != "!If [CreateSecret, !Ref CredentialsSecret, !Ref CredentialsSecretArn]" {
        problems.push(format!(
            "ZSCALER_SECRET_NAME must be the secret the role may read, got {secret:?}"
        ));
    }
    // Routes: every one the server answers, all on the HTTP API.
    let mut routes = BTreeSet::new();
    if let Some(events) = f.path(&["Properties", "Events"]) {
        for (_, e) in events.entries() {
            if e.get("Type").and_then(Node::str) != Some("HttpApi") {
                continue;
            }
            let m = e.path(&["Properties", "Method"]).and_then(Node::str);
            let p = e.path(&["Properties", "Path"]).and_then(Node::str);
            if let (Some(m), Some(p)) = (m, p) {
                routes.insert(format!("{} {p}", m.to_ascii_uppercase()));
            }
        }
    }
    for want in [
        "POST /mcp",
        "GET /mcp",
        "DELETE /mcp",
        "GET /.well-known/oauth-protected-resource",
        "GET /.well-known/oauth-protected-resource/mcp",
        // The surfaces by URL and the tenant paths (README: progressive discovery, tenants).
        "POST /mcp/readonly",
        "POST /mcp/x/{toolsets}",
        "POST /mcp/x/{toolsets}/readonly",
        "POST /mcp/t/{tenantpath+}",
        "GET /.well-known/oauth-protected-resource/mcp/{surface+}",
    ] {
        if !routes.contains(want) {
            problems.push(format!("HttpApi route {want} is missing"));
        }
    }
    problems
}

fn all_problems(text: &str) -> Vec<String> {
    let t = match yaml::parse(text) {
        Ok(t) => t,
        Err(e) => return vec![format!("template does not parse: {e}")],
    };
    [
        env_problems(&t),
        secret_problems(&t),
        iam_problems(&t),
        arch_problems(&t),
        function_problems(&t),
    ]
    .concat()
}

// ---------------------------------------------------------------------------------------
// Evaluating the function's environment for given parameter values
// ---------------------------------------------------------------------------------------

/// A value of CloudFormation's intrinsic functions as far as this template uses them.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Str(String),
    List(Vec<Val>),
    Bool(bool),
    NoValue,
}

struct Stack<'a> {
    t: &'a Node,
    params: std::collections::HashMap<String, String>,
}

/// CloudFormation parameter types whose `Ref` is a list (comma-separated input).
fn is_list_type(ty: &str) -> bool {
    ty == "CommaDelimitedList" || ty.starts_with("List<")
}

impl<'a> Stack<'a> {
    /// Parameter defaults, then `overrides`.
    fn new(t: &'a Node, overrides: &[(&str, &str)]) -> Stack<'a> {
        let mut params = std::collections::HashMap::new();
        for (name, p) in t.get("Parameters").map(Node::entries).unwrap_or(&[]) {
            let default = p.get("Default").and_then(Node::str).unwrap_or("");
            params.insert(name.clone(), default.to_string());
        }
        for (k, v) in overrides {
            assert!(params.contains_key(*k), "no parameter {k}");
            params.insert(k.to_string(), v.to_string());
        }
        Stack { t, params }
    }

    fn reference(&self, name: &str) -> Val {
        match name {
            "AWS::NoValue" => Val::NoValue,
            "AWS::Region" => Val::Str("us-east-1".into()),
            "AWS::URLSuffix" => Val::Str("amazonaws.com".into()),
            "AWS::StackName" => Val::Str("zscaler-mcp".into()),
            _ => match self.params.get(name) {
                Some(v) if self.param_type(name).is_some_and(is_list_type) => Val::List(
                    v.split(',')
                        .map(|item| Val::Str(item.trim().to_string()))
                        .collect(),
                ),
                Some(v) => Val::Str(v.clone()),
                // A resource: its physical id is only known in AWS.
                None => Val::Str(format!("<{name}>")),
            },
        }
    }

    fn param_type(&self, name: &str) -> Option<&str> {
        self.t
            .path(&["Parameters", name, "Type"])
            .and_then(Node::str)
    }

    fn condition(&self, name: &str) -> bool {
        let node = self
            .t
            .path(&["Conditions", name])
            .unwrap_or_else(|| panic!("no condition {name}"));
        match self.eval(node) {
            Val::Bool(b) => b,
            other => panic!("condition {name} is {other:?}"),
        }
    }

    /// The arguments of an intrinsic: the items of its list, or its one value.
    fn args(&self, arg: &Node) -> Vec<Val> {
        match self.eval(arg) {
            Val::List(items) => items,
            other => vec![other],
        }
    }

    fn eval(&self, n: &Node) -> Val {
        match n {
            Node::Scalar(s) => Val::Str(s.clone()),
            Node::Seq(items) => Val::List(items.iter().map(|i| self.eval(i)).collect()),
            Node::Map(_) => panic!("a mapping is not a value here: {}", n.flow()),
            Node::Tagged { tag, value, text } => self.intrinsic(tag, value, text),
        }
    }

    /// One short-form intrinsic function applied to its (unevaluated) argument.
    fn intrinsic(&self, tag: &str, arg: &Node, text: &str) -> Val {
        let truth = |v: &Val| match v {
            Val::Bool(b) => *b,
            other => panic!("expected a condition, got {other:?} in {text}"),
        };
        let name = || {
            arg.literal()
                .unwrap_or_else(|| panic!("{text}: expected a name"))
        };
        match tag {
            "!Ref" => self.reference(name()),
            "!Condition" => Val::Bool(self.condition(name())),
            "!Equals" => {
                let a = self.args(arg);
                Val::Bool(a[0] == a[1])
            }
            "!Not" => Val::Bool(!truth(&self.args(arg)[0])),
            "!And" => Val::Bool(self.args(arg).iter().all(truth)),
            "!Or" => Val::Bool(self.args(arg).iter().any(truth)),
            // Rules only: is the value (a string) one of the list's members?
            "!Contains" => {
                let a = self.args(arg);
                let Val::List(items) = &a[0] else {
                    panic!("!Contains needs a list first: {text}");
                };
                Val::Bool(items.contains(&a[1]))
            }
            // Rules only: does every member of the list equal the value?
            "!EachMemberEquals" => {
                let a = self.args(arg);
                let Val::List(items) = &a[0] else {
                    panic!("!EachMemberEquals needs a list first: {text}");
                };
                Val::Bool(items.iter().all(|i| *i == a[1]))
            }
            "!If" => {
                let Node::Seq(items) = arg else {
                    panic!("!If needs a list: {text}");
                };
                let condition = items[0].literal().expect("!If names a condition");
                if self.condition(condition) {
                    self.eval(&items[1])
                } else {
                    self.eval(&items[2])
                }
            }
            "!Join" => {
                let a = self.args(arg);
                let (Val::Str(sep), Val::List(items)) = (&a[0], &a[1]) else {
                    panic!("bad {text}");
                };
                let parts: Vec<String> = items
                    .iter()
                    .filter_map(|v| match v {
                        Val::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                Val::Str(parts.join(sep))
            }
            "!Sub" => Val::Str(self.substitute(name())),
            other => panic!("intrinsic {other} is not evaluated by this test"),
        }
    }

    /// `!Sub`'s `${Name}` references replaced by their values.
    fn substitute(&self, template: &str) -> String {
        let mut s = template.to_string();
        while let Some(start) = s.find("${") {
            let end = start + s[start..].find('}').expect("closed ${");
            let name = s[start + 2..end].to_string();
            let value = match self.reference(&name) {
                Val::Str(v) => v,
                other => panic!("!Sub of {other:?}"),
            };
            s.replace_range(start..=end, &value);
        }
        s
    }

    /// The descriptions of the Rules assertions these parameters violate.
    fn rule_violations(&self) -> Vec<String> {
        self.rule_failures()
            .into_iter()
            .map(|(rule, why)| format!("{rule}: {why}"))
            .collect()
    }

    /// Every failing assertion as (rule, AssertDescription), the way CloudFormation checks
    /// Rules before it creates a change set: a rule applies when it has no RuleCondition or
    /// its RuleCondition is true, and then each of its assertions must be true.
    fn rule_failures(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, rule) in self.t.get("Rules").map(Node::entries).unwrap_or(&[]) {
            let applies = match rule.get("RuleCondition") {
                None => true,
                Some(c) => match self.eval(c) {
                    Val::Bool(b) => b,
                    other => panic!("{name}: RuleCondition is {other:?}, not a condition"),
                },
            };
            if !applies {
                continue;
            }
            let Some(Node::Seq(asserts)) = rule.get("Assertions") else {
                panic!("{name}: Assertions must be a block sequence");
            };
            for a in asserts {
                let expr = a.get("Assert").expect("Assert");
                let holds = match self.eval(expr) {
                    Val::Bool(b) => b,
                    other => panic!("{name}: Assert is {other:?}, not a condition"),
                };
                if !holds {
                    let why = a.get("AssertDescription").and_then(Node::str).unwrap_or("");
                    out.push((name.clone(), why.to_string()));
                }
            }
        }
        out
    }

    /// Parameter values CloudFormation refuses before it looks at Rules: AllowedValues and,
    /// for Number parameters, numbers, MinValue and MaxValue. (AllowedPattern is a Java
    /// regular expression and is checked by `placeholders_are_refused_by_the_parameters`
    /// for what matters here.)
    fn constraint_failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, p) in self.t.get("Parameters").map(Node::entries).unwrap_or(&[]) {
            let v = &self.params[name];
            if let Some(allowed) = p.get("AllowedValues") {
                if !allowed.items().contains(v) {
                    out.push(format!("{name}: {v:?} is not one of {:?}", allowed.items()));
                }
            }
            if p.get("Type").and_then(Node::str) == Some("Number") {
                let Ok(n) = v.parse::<f64>() else {
                    out.push(format!("{name}: {v:?} is not a number"));
                    continue;
                };
                let bound = |k: &str| {
                    p.get(k)
                        .and_then(Node::str)
                        .map(|b| b.parse::<f64>().unwrap())
                };
                if bound("MinValue").is_some_and(|min| n < min)
                    || bound("MaxValue").is_some_and(|max| n > max)
                {
                    out.push(format!("{name}: {v} is out of range"));
                }
            }
        }
        out
    }

    /// The function's environment, as Lambda would receive it.
    fn function_vars(&self) -> Vec<(String, String)> {
        let (_, f) = the_function(self.t).unwrap();
        f.path(&["Properties", "Environment", "Variables"])
            .unwrap()
            .entries()
            .iter()
            .filter_map(|(k, v)| match self.eval(v) {
                Val::Str(s) => Some((k.clone(), s)),
                Val::NoValue => None,
                other => panic!("{k} evaluates to {other:?}"),
            })
            .collect()
    }
}

/// What the stack's secret holds once filled in (secrets.py create --update).
const FILLED_SECRET: &str = r#"{"ZSCALER_CLIENT_ID": "client", "ZSCALER_CLIENT_SECRET": "secret",
    "ZSCALER_VANITY_DOMAIN": "acme", "ZSCALER_MCP_AUTH_API_KEY": "an-api-key-of-32-characters-0123",
    "ZSCALER_MCP_REQUEST_STATE_KEYS": "Zq8Rb3Xk0PmW7sLc2VtN9yHd4JfG6aQe1UoI5rTxKwEvBnMhCgYpDjSlAz0RuF3i"}"#;

/// [`FILLED_SECRET`] plus the identity provider client's secret (oidc-proxy mode).
const FILLED_SECRET_WITH_PROXY_CLIENT: &str = r#"{"ZSCALER_CLIENT_ID": "client", "ZSCALER_CLIENT_SECRET": "secret",
    "ZSCALER_VANITY_DOMAIN": "acme", "OIDCPROXY_CLIENT_SECRET": "provider-client-secret",
    "ZSCALER_MCP_REQUEST_STATE_KEYS": "Zq8Rb3Xk0PmW7sLc2VtN9yHd4JfG6aQe1UoI5rTxKwEvBnMhCgYpDjSlAz0RuF3i"}"#;

/// The configuration the deployed function would build, or the error it would stop with.
fn deployed_config(stack: &Stack<'_>) -> Result<zscaler_mcp::Config, String> {
    deployed_config_with(stack, FILLED_SECRET)
}

/// The same with the secret holding `secret` (flat JSON).
fn deployed_config_with(stack: &Stack<'_>, secret: &str) -> Result<zscaler_mcp::Config, String> {
    let mut vars = zscaler_mcp::Vars::from_pairs(stack.function_vars());
    vars.set("AWS_REGION", "us-east-1");
    zscaler_mcp::secrets::SecretValues::parse("creds", secret)
        .unwrap()
        .overlay(&mut vars);
    let config = zscaler_mcp::Config::from_vars(&vars).map_err(|e| e.to_string())?;
    config.validate_for_http().map_err(|e| e.to_string())?;
    Ok(config)
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn template_matches_the_server() {
    let problems = all_problems(&template_text());
    assert!(
        problems.is_empty(),
        "template.yaml drift:\n{}",
        problems.join("\n")
    );
}

#[test]
fn parser_reads_the_template_fully() {
    let t = yaml::parse(&template_text()).expect("template.yaml parses");
    let env = function_env(&t).unwrap();
    assert!(env.len() >= 15, "{env:?}");
    assert!(env.contains(&"ZSCALER_SECRET_NAME".to_string()));
    assert_eq!(
        t.path(&["Transform"]).and_then(Node::str),
        Some("AWS::Serverless-2016-10-31")
    );
    // Outputs the README refers to.
    for o in [
        "McpUrl",
        "ProtectedResourceMetadataUrl",
        "FunctionUrlMcpUrl",
        "CredentialsSecret",
    ] {
        assert!(t.path(&["Outputs", o]).is_some(), "output {o}");
    }
    let url = t
        .path(&["Outputs", "McpUrl", "Value"])
        .and_then(Node::str)
        .unwrap();
    assert!(
        url.contains("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/mcp"),
        "{url}"
    );
}

#[test]
fn parser_refuses_what_it_cannot_read() {
    for (bad, why) in [
        ("a:\n  b: [1,\n    2]\n", "multi-line"),
        ("a: 1\n   b: 2\n", "indentation"),
        ("a: 1\na: 2\n", "duplicate"),
        ("a:\n\tb: 1\n", "tab"),
    ] {
        let e = yaml::parse(bad).unwrap_err();
        assert!(e.contains(why), "{bad:?}: {e}");
    }
    let t = yaml::parse(
        "k: v # comment\nl:\n  - x\n  - y: 1\n    z: '#not a comment'\nf: >-\n  folded\n  text\n",
    )
    .unwrap();
    assert_eq!(t.get("k").and_then(Node::str), Some("v"));
    assert_eq!(
        t.path(&["l"]).unwrap(),
        &Node::Seq(vec![
            Node::Scalar("x".into()),
            Node::Map(vec![
                ("y".into(), Node::Scalar("1".into())),
                ("z".into(), Node::Scalar("#not a comment".into()))
            ])
        ])
    );
    assert_eq!(t.get("f").and_then(Node::str), Some("folded text"));
    assert_eq!(
        yaml::split_flow("a, !Ref B, [c, d], 'e, f'"),
        vec!["a", "!Ref B", "[c, d]", "e, f"]
    );
}

/// Apply `from → to` to the real template (which must contain `from`) and return problems.
fn mutated(from: &str, to: &str) -> Vec<String> {
    let text = template_text();
    assert!(
        text.contains(from),
        "the mutation target {from:?} is no longer in template.yaml; update this test"
    );
    all_problems(&text.replacen(from, to, 1))
}

fn assert_caught(problems: Vec<String>, expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:#?}"
    );
}

#[test]
fn each_check_can_fail() {
    // An environment variable the server does not read.
    assert_caught(
        mutated(
            "          ZSCALER_CLOUD: !Ref Cloud\n",
            "          ZSCALER_CLOUD: !Ref Cloud\n          ZSCALER_MCP_LOG_LEVEL: debug\n",
        ),
        "ZSCALER_MCP_LOG_LEVEL is not read by the server",
    );
    // A secret key the server drops.
    assert_caught(
        mutated(r#""ZSCALER_CUSTOMER_ID": """#, r#""ZSCALER_TENANT": """#),
        "key ZSCALER_TENANT is not in SECRET_KEYS",
    );
    // A secret key that would hide a variable the template sets.
    assert_caught(
        mutated(
            r#""ZSCALER_CUSTOMER_ID": """#,
            r#""ZSCALER_CUSTOMER_ID": "", "ZSCALER_CLOUD": """#,
        ),
        "key ZSCALER_CLOUD is also set on the function",
    );
    // A key ring the server cannot parse / too little entropy.
    assert_caught(
        mutated("PasswordLength: 64", "PasswordLength: 40"),
        "refused by KeyRing::parse",
    );
    assert_caught(
        mutated("PasswordLength: 64", "PasswordLength: 40"),
        "bits of entropy",
    );
    // Punctuation allowed: '!' and friends are neither base64 nor hex.
    assert_caught(
        mutated("ExcludePunctuation: true", "ExcludePunctuation: false"),
        "refused by KeyRing::parse",
    );
    // Secrets Manager on '*', or more than GetSecretValue.
    assert_caught(
        mutated(
            "Resource: !If [CreateSecret, !Ref CredentialsSecret, !Ref CredentialsSecretArn]",
            "Resource: '*'",
        ),
        "on \"*\"",
    );
    assert_caught(
        mutated(
            "Action: secretsmanager:GetSecretValue",
            "Action: [secretsmanager:GetSecretValue, secretsmanager:ListSecrets]",
        ),
        "must be exactly GetSecretValue",
    );
    assert_caught(
        mutated(
            "Resource: !If [CreateSecret, !Ref CredentialsSecret, !Ref CredentialsSecretArn]",
            "Resource: !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*'",
        ),
        "must name the credentials secret only",
    );
    assert_caught(
        mutated(
            "Action: [logs:CreateLogStream, logs:PutLogEvents]\n                Resource: !GetAtt McpLogGroup.Arn",
            "Action: [logs:CreateLogStream, logs:PutLogEvents]\n                Resource: 'arn:aws:logs:*'",
        ),
        "arn:aws:logs:*",
    );
    assert_caught(
        mutated(
            "      Role: !GetAtt McpFunctionRole.Arn\n",
            "      Role: !GetAtt McpFunctionRole.Arn\n      Policies: [AWSLambdaBasicExecutionRole]\n",
        ),
        "uses SAM Policies",
    );
    // Architecture.
    assert_caught(
        mutated("    Default: arm64\n", "    Default: x86_64\n"),
        "must default to arm64",
    );
    assert_caught(
        mutated(
            "Architectures: [!Ref Architecture]",
            "Architectures: [x86_64]",
        ),
        "must be [!Ref Architecture]",
    );
    // Function shape, timeouts and routes.
    assert_caught(
        mutated("Binary: zscaler-mcp-lambda", "Binary: zscaler-mcp"),
        "Metadata.BuildProperties.Binary",
    );
    assert_caught(mutated("Timeout: 28", "Timeout: 30"), "Timeout must be");
    assert_caught(
        mutated(
            "ZSCALER_MCP_UPSTREAM_BUDGET_MS: '25000'",
            "ZSCALER_MCP_UPSTREAM_BUDGET_MS: '27500'",
        ),
        "must end at least 2 s before",
    );
    assert_caught(
        mutated(
            "Path: /.well-known/oauth-protected-resource/mcp",
            "Path: /prm",
        ),
        "route GET /.well-known/oauth-protected-resource/mcp is missing",
    );
    assert_caught(
        mutated("            Method: DELETE\n", "            Method: PUT\n"),
        "route DELETE /mcp is missing",
    );
    // Parser strictness reaches the real template.
    assert_caught(
        mutated(
            "Architectures: [!Ref Architecture]",
            "Architectures: [\n        !Ref Architecture]",
        ),
        "does not parse",
    );
}

#[test]
fn parameters_that_pass_the_rules_make_a_config_the_server_accepts() {
    let t = yaml::parse(&template_text()).unwrap();
    let modes = t
        .path(&["Parameters", "AuthMode", "AllowedValues"])
        .unwrap()
        .items();
    assert!(modes.len() >= 5, "{modes:?}");
    let settings: [(&str, &str); 5] = [
        ("JwksUri", "https://idp.example.com/.well-known/jwks.json"),
        ("Issuer", "https://idp.example.com/"),
        ("Audience", "zscaler-mcp"),
        (
            "OidcConfigUrl",
            "https://idp.example.com/.well-known/openid-configuration",
        ),
        ("OidcBaseUrl", "https://mcp.example.com"),
    ];
    let mut accepted = 0;
    for mode in &modes {
        for mask in 0..(1u32 << settings.len()) {
            let mut overrides = vec![("AuthMode", mode.as_str())];
            for (i, s) in settings.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    overrides.push(*s);
                }
            }
            let stack = Stack::new(&t, &overrides);
            if !stack.rule_violations().is_empty() {
                continue;
            }
            let config = deployed_config(&stack).unwrap_or_else(|e| {
                panic!("{overrides:?} pass the template's Rules but the server refuses: {e}")
            });
            let auth = config.auth.clone().unwrap();
            assert_eq!(
                auth.map(|a| a.mode().as_str().to_string()),
                (mode != "none").then(|| mode.clone()),
                "{overrides:?}"
            );
            accepted += 1;
        }
    }
    assert!(accepted >= modes.len(), "every mode has a valid setting");

    // jwt without its settings is refused at deploy time (one line naming both) rather
    // than by a function that cannot start. (The defaults deploy: see
    // `the_defaults_deploy_and_stay_closed_until_the_key_is_set`.)
    let jwt = Stack::new(&t, &[("AuthMode", "jwt")]);
    let violations = jwt.rule_violations();
    assert!(
        violations.iter().any(|v| v.contains("JwksUri and Issuer")),
        "{violations:?}"
    );
    assert!(deployed_config(&jwt)
        .unwrap_err()
        .contains("ZSCALER_MCP_AUTH_JWKS_URI"));
}

#[test]
fn template_settings_reach_the_server() {
    let t = yaml::parse(&template_text()).unwrap();
    let stack = Stack::new(
        &t,
        &[
            ("AuthMode", "api-key"),
            ("WriteEnabled", "true"),
            ("WriteTools", "zia_create_*,zia_delete_*"),
            ("Services", "zia"),
            ("AllowedSourceIps", "203.0.113.0/24, 2001:db8::/32"),
            ("AllowedOrigins", "https://app.example.com"),
            ("CustomDomainName", "mcp.example.com"),
            (
                "CertificateArn",
                "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            ),
            ("Cloud", "beta"),
        ],
    );
    assert_eq!(stack.rule_violations(), Vec::<String>::new());
    let c = deployed_config(&stack).unwrap();
    assert!(c.selection.write_enabled);
    assert_eq!(c.selection.write_tools.len(), 2);
    assert_eq!(
        c.allowed_hosts.as_deref(),
        Some(&["mcp.example.com".to_string()][..])
    );
    assert_eq!(c.allowed_source_ips.as_ref().map(Vec::len), Some(2));
    assert!(c.log_tool_calls, "audit on by default");
    assert_eq!(c.zscaler.api_base_url, "https://api.beta.zsapi.net");
    assert_eq!(c.zscaler.upstream_budget_ms, 25_000);
    assert!(c.key_ring.is_some());
    // No custom domain: the Host list stays unset, so the gateway's own domain is used.
    let c = deployed_config(&Stack::new(&t, &[("AuthMode", "none")])).unwrap();
    assert_eq!(c.allowed_hosts, None);
    assert_eq!(c.allowed_origins, None);
    // A Function URL with an explicit Host list is refused at deploy time.
    let v = Stack::new(
        &t,
        &[
            ("AuthMode", "none"),
            ("EnableFunctionUrl", "true"),
            ("AllowedHosts", "mcp.example.com"),
        ],
    )
    .rule_violations();
    assert!(v.iter().any(|v| v.contains("EnableFunctionUrl")), "{v:?}");
}

#[test]
fn the_script_allowlist_matches_the_server() {
    let script = std::fs::read_to_string(root().join("infra/scripts/secrets.py")).unwrap();
    let start = script
        .find("SECRET_KEYS = (")
        .expect("secrets.py lists SECRET_KEYS");
    let block = &script[start..script[start..].find(')').unwrap() + start];
    let listed: Vec<&str> = block.split('"').skip(1).step_by(2).collect();
    assert_eq!(listed, zscaler_mcp::secrets::SECRET_KEYS);
}

// ---------------------------------------------------------------------------------------
// Rules: the defaults, the ready profiles (infra/deploy/samconfig.toml), each rule's message
// ---------------------------------------------------------------------------------------

/// Functions CloudFormation allows in Rules (RuleCondition and Assert). `!Condition`, `!If`,
/// `!Sub` and friends are refused there by CloudFormation.
const RULE_FUNCTIONS: [&str; 11] = [
    "And",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "Equals",
    "Not",
    "Or",
    "RefAll",
    "ValueOf",
    "ValueOfAll",
    "Ref",
];

/// Problems with the shape of the Rules section: functions CloudFormation does not allow in
/// Rules, `!And`/`!Or` outside 2..=10 arguments, Refs to anything but parameters and
/// pseudo parameters, and descriptions that are not one line.
fn rule_shape_problems(t: &Node) -> Vec<String> {
    let params: Vec<&str> = t
        .get("Parameters")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    let mut problems = Vec::new();
    for (name, rule) in t.get("Rules").map(Node::entries).unwrap_or(&[]) {
        if let Some(c) = rule.get("RuleCondition") {
            problems.extend(expression_shape_problems(name, c, &params));
        }
        for a in match rule.get("Assertions") {
            Some(Node::Seq(a)) => a.as_slice(),
            _ => &[],
        } {
            if let Some(e) = a.get("Assert") {
                problems.extend(expression_shape_problems(name, e, &params));
            }
            match a.get("AssertDescription").and_then(Node::str) {
                Some(d) if !d.is_empty() && !d.contains('\n') => {}
                other => problems.push(format!(
                    "{name}: AssertDescription {other:?} is not one line"
                )),
            }
        }
    }
    problems
}

/// The shape problems of one Rules expression, found by walking its tags.
fn expression_shape_problems(rule: &str, expr: &Node, params: &[&str]) -> Vec<String> {
    let mut nodes = Vec::new();
    expr.walk(&mut nodes);
    let mut problems = Vec::new();
    for n in nodes {
        let Node::Tagged { tag, value, .. } = n else {
            continue;
        };
        if !RULE_FUNCTIONS.contains(&&tag[1..]) {
            problems.push(format!("{rule}: {tag} is not allowed in Rules"));
        }
        let name = value.literal().unwrap_or("");
        if tag == "!Ref" && !params.contains(&name) && !name.starts_with("AWS::") {
            problems.push(format!("{rule}: !Ref {name} is not a parameter"));
        }
        if tag == "!And" || tag == "!Or" {
            let n = match &**value {
                Node::Seq(items) => items.len(),
                _ => 1,
            };
            if !(2..=10).contains(&n) {
                problems.push(format!("{rule}: {tag} [..] has {n} arguments (2 to 10)"));
            }
        }
    }
    problems
}

/// A value in the TOML subset SAM config files use here.
#[derive(Clone, Debug, PartialEq)]
enum TomlVal {
    Str(String),
    Bool(bool),
    Num(String),
    List(Vec<String>),
}

/// Parse `infra/deploy/samconfig.toml`: `[dotted.table]` headers, `key = "string"`, booleans,
/// numbers and arrays of strings (over several lines, trailing comma allowed), `#` comments
/// on their own lines. Anything else is refused with a line number.
fn parse_samconfig(
    text: &str,
) -> Result<std::collections::BTreeMap<String, Vec<(String, TomlVal)>>, String> {
    let mut tables: std::collections::BTreeMap<String, Vec<(String, TomlVal)>> = Default::default();
    // Top-level keys (`version`) go to the table named "".
    tables.insert(String::new(), Vec::new());
    let mut current = String::new();
    let mut lines = text.lines().enumerate();
    let string = |s: &str, no: usize| -> Result<String, String> {
        let s = s.trim();
        if s.len() >= 2
            && s.starts_with('"')
            && s.ends_with('"')
            && !s[1..s.len() - 1].contains(['"', '\\'])
        {
            Ok(s[1..s.len() - 1].to_string())
        } else {
            Err(format!("line {no}: expected a plain \"string\", got {s:?}"))
        }
    };
    while let Some((i, line)) = lines.next() {
        let no = i + 1;
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(h) = l.strip_prefix('[') {
            let h = h
                .strip_suffix(']')
                .ok_or_else(|| format!("line {no}: bad table header"))?;
            if !h
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                return Err(format!("line {no}: bad table name {h:?}"));
            }
            if tables.contains_key(h) {
                return Err(format!("line {no}: duplicate table {h}"));
            }
            current = h.to_string();
            tables.insert(current.clone(), Vec::new());
            continue;
        }
        let (k, v) = l
            .split_once(" = ")
            .ok_or_else(|| format!("line {no}: expected `key = value`"))?;
        let v = v.trim();
        let value = if v == "true" || v == "false" {
            TomlVal::Bool(v == "true")
        } else if v.parse::<f64>().is_ok() {
            TomlVal::Num(v.to_string())
        } else if v.starts_with('"') {
            TomlVal::Str(string(v, no)?)
        } else if let Some(rest) = v.strip_prefix('[') {
            let mut body = rest.to_string();
            while !body.trim_end().ends_with(']') {
                let (_, next) = lines
                    .next()
                    .ok_or_else(|| format!("line {no}: unclosed array"))?;
                body.push_str(next.trim());
            }
            let body = body.trim_end().strip_suffix(']').unwrap();
            let items = body
                .split("\",")
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let s = if s.ends_with('"') {
                        s.to_string()
                    } else {
                        format!("{s}\"")
                    };
                    string(&s, no)
                })
                .collect::<Result<Vec<_>, _>>()?;
            TomlVal::List(items)
        } else {
            return Err(format!("line {no}: unsupported value {v:?}"));
        };
        let table = tables
            .get_mut(&current)
            .ok_or_else(|| format!("line {no}: key outside a table"))?;
        if table.iter().any(|(key, _)| key == k) {
            return Err(format!("line {no}: duplicate key {k}"));
        }
        table.push((k.trim().to_string(), value));
    }
    Ok(tables)
}

/// What a user types for each placeholder in the profiles (realistic shapes).
const PLACEHOLDER_VALUES: [(&str, &str); 6] = [
    ("<user-pool-region>", "eu-west-1"),
    ("<user-pool-id>", "eu-west-1_AbCdEfGhI"),
    ("<app-client-id>", "1example23456789abcdefghij"),
    ("<m2m-app-client-id>", "2example23456789abcdefghij"),
    ("<api-id>", "a1b2c3d4e5"),
    ("<stack-region>", "eu-west-1"),
];

struct Profile {
    env: String,
    /// (parameter, value as committed, value with the placeholders filled in)
    overrides: Vec<(String, String, String)>,
    table: Vec<(String, TomlVal)>,
}

fn profiles() -> Vec<Profile> {
    let text = std::fs::read_to_string(root().join("infra/deploy/samconfig.toml"))
        .expect("infra/deploy/samconfig.toml is readable");
    let tables = parse_samconfig(&text).unwrap_or_else(|e| panic!("samconfig.toml: {e}"));
    let envs: BTreeSet<String> = tables
        .keys()
        .filter_map(|k| k.split_once('.').map(|(env, _)| env.to_string()))
        .collect();
    assert_eq!(
        tables.get(""),
        Some(&vec![("version".to_string(), TomlVal::Num("0.1".into()))]),
        "samconfig.toml starts with version = 0.1"
    );
    envs.into_iter()
        .map(|env| {
            // SAM merges global.parameters into every command's parameters.
            let mut table = Vec::new();
            for cmd in ["global", "deploy"] {
                table.extend(
                    tables
                        .get(&format!("{env}.{cmd}.parameters"))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            let overrides = match table.iter().find(|(k, _)| k == "parameter_overrides") {
                Some((_, TomlVal::List(items))) => items
                    .iter()
                    .map(|item| {
                        let (k, v) = item
                            .split_once('=')
                            .unwrap_or_else(|| panic!("{env}: {item:?} is not KEY=VALUE"));
                        let filled = PLACEHOLDER_VALUES
                            .iter()
                            .fold(v.to_string(), |acc, (p, real)| acc.replace(p, real));
                        assert!(
                            !filled.contains(['<', '>']),
                            "{env}: {item:?} has a placeholder this test does not know"
                        );
                        (k.to_string(), v.to_string(), filled)
                    })
                    .collect(),
                other => panic!("{env}: parameter_overrides must be an array, got {other:?}"),
            };
            Profile {
                env,
                overrides,
                table,
            }
        })
        .collect()
}

#[test]
fn the_defaults_deploy_and_stay_closed_until_the_key_is_set() {
    let t = yaml::parse(&template_text()).unwrap();
    let defaults = Stack::new(&t, &[]);
    assert_eq!(defaults.constraint_failures(), Vec::<String>::new());
    assert_eq!(
        defaults.rule_failures(),
        Vec::<(String, String)>::new(),
        "`sam deploy --guided` with every default must pass the Rules"
    );
    // Secure by default: an authenticating mode, never `none`.
    assert_eq!(defaults.params["AuthMode"], "api-key");
    let c = deployed_config(&defaults).expect("the filled-in secret starts the server");
    assert_eq!(
        c.auth
            .clone()
            .unwrap()
            .map(|a| a.mode().as_str().to_string()),
        Some("api-key".to_string())
    );
    // The stack-created secret has no API key until secrets.py --generate-api-key stores
    // one: the function refuses to start (fail closed) and says which key is missing.
    let without_key = FILLED_SECRET.replace(
        r#""ZSCALER_MCP_AUTH_API_KEY": "an-api-key-of-32-characters-0123","#,
        "",
    );
    assert_ne!(without_key, FILLED_SECRET);
    let e = deployed_config_with(&defaults, &without_key).unwrap_err();
    assert!(e.contains("ZSCALER_MCP_AUTH_API_KEY"), "{e}");
}

#[test]
fn every_profile_passes_the_rules_and_starts_the_server() {
    let t = yaml::parse(&template_text()).unwrap();
    let profiles = profiles();
    let names: Vec<&str> = profiles.iter().map(|p| p.env.as_str()).collect();
    assert_eq!(names, ["agentcore", "api-key", "cognito", "oidc-proxy"]);
    for p in &profiles {
        let env = &p.env;
        let get = |k: &str| p.table.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        // Complete enough for `sam deploy --config-env <env>` without prompts.
        assert!(
            matches!(get("stack_name"), Some(TomlVal::Str(s)) if !s.is_empty()),
            "{env}: stack_name"
        );
        assert_eq!(
            get("capabilities"),
            Some(&TomlVal::Str("CAPABILITY_IAM".into())),
            "{env}: the stack creates an IAM role"
        );
        assert_eq!(get("resolve_s3"), Some(&TomlVal::Bool(true)), "{env}");
        let overrides: Vec<(&str, &str)> = p
            .overrides
            .iter()
            .map(|(k, _, filled)| (k.as_str(), filled.as_str()))
            .collect();
        let stack = Stack::new(&t, &overrides);
        assert_eq!(stack.constraint_failures(), Vec::<String>::new(), "{env}");
        assert_eq!(
            stack.rule_failures(),
            Vec::<(String, String)>::new(),
            "{env}"
        );
        // oidc-proxy also needs the provider client's secret in the stack's secret.
        let secret = if env == "oidc-proxy" {
            FILLED_SECRET_WITH_PROXY_CLIENT.to_string()
        } else {
            FILLED_SECRET.to_string()
        };
        let c = deployed_config_with(&stack, &secret)
            .unwrap_or_else(|e| panic!("{env} passes the Rules but the server refuses: {e}"));
        let mode = c
            .auth
            .clone()
            .unwrap()
            .map(|a| a.mode().as_str().to_string());
        let want = match env.as_str() {
            "api-key" => "api-key",
            "oidc-proxy" => "oidc-proxy",
            _ => "jwt",
        };
        assert_eq!(mode.as_deref(), Some(want), "{env}");
        if want == "jwt" {
            let vars = stack.function_vars();
            let var = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            assert_eq!(
                var("ZSCALER_MCP_AUTH_ISSUER"),
                Some("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI")
            );
            assert_eq!(
                var("ZSCALER_MCP_AUTH_JWKS_URI"),
                Some("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/jwks.json")
            );
            assert!(
                var("ZSCALER_MCP_AUTH_COGNITO_CLIENT_IDS").is_some_and(|v| !v.is_empty()),
                "{env}: Cognito access tokens carry no aud; the client id admits them"
            );
        }
    }
}

#[test]
fn placeholders_are_refused_by_the_parameters() {
    // A placeholder left in place must stop the deploy at parameter validation: every
    // parameter a profile fills with a <placeholder> has an AllowedPattern that refuses
    // '<' and '>' (a negated class naming both, or a class that allows neither).
    let t = yaml::parse(&template_text()).unwrap();
    let mut seen = 0;
    for p in profiles() {
        for (k, committed, _) in &p.overrides {
            if !committed.contains('<') {
                continue;
            }
            seen += 1;
            let pattern = t
                .path(&["Parameters", k, "AllowedPattern"])
                .and_then(Node::str)
                .unwrap_or_else(|| {
                    panic!("{}: {k} has a placeholder but no AllowedPattern", p.env)
                });
            let classes: Vec<&str> = pattern
                .split('[')
                .skip(1)
                .map(|c| c.split(']').next().unwrap())
                .collect();
            assert!(
                pattern.starts_with('^') && pattern.ends_with('$') && !classes.is_empty(),
                "{k}: {pattern}"
            );
            let refuses = classes.iter().all(|c| {
                if let Some(neg) = c.strip_prefix('^') {
                    neg.contains('<') && neg.contains('>')
                } else {
                    !c.contains('<') && !c.contains('>')
                }
            });
            assert!(
                refuses && !pattern.contains('.'),
                "{k}: {pattern} would accept {committed:?}"
            );
            let why = t
                .path(&["Parameters", k, "ConstraintDescription"])
                .and_then(Node::str)
                .unwrap_or("");
            assert!(
                why.contains("placeholder"),
                "{k}: ConstraintDescription {why:?}"
            );
        }
    }
    assert!(seen >= 6, "the jwt profiles have placeholders ({seen})");
}

#[test]
fn each_rule_stops_with_one_line_naming_what_to_set() {
    let t = yaml::parse(&template_text()).unwrap();
    assert_eq!(rule_shape_problems(&t), Vec::<String>::new());
    let cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    let jwks = "https://idp.example.com/jwks.json";
    // (overrides, None or Some((the one failing rule, names its message must carry)))
    type Case<'a> = (Vec<(&'a str, &'a str)>, Option<(&'a str, &'a [&'a str])>);
    let cases: Vec<Case> = vec![
        (
            vec![("AuthMode", "jwt")],
            Some(("JwtModeNeedsKeys", &["JwksUri", "Issuer", "api-key"])),
        ),
        (
            vec![("AuthMode", "jwt"), ("JwksUri", jwks)],
            Some(("JwtModeNeedsKeys", &["Issuer"])),
        ),
        (
            vec![("AuthMode", "jwt"), ("Issuer", "https://idp.example.com/")],
            Some(("JwtModeNeedsKeys", &["JwksUri"])),
        ),
        (
            vec![("AuthMode", "oidc")],
            Some((
                "OidcModeNeedsProvider",
                &[
                    "OidcConfigUrl",
                    "Audience",
                    "OidcBaseUrl",
                    "CustomDomainName",
                ],
            )),
        ),
        (
            vec![
                ("AuthMode", "oidc"),
                (
                    "OidcConfigUrl",
                    "https://idp.example.com/.well-known/openid-configuration",
                ),
                ("Audience", "zscaler-mcp"),
            ],
            Some(("OidcModeNeedsProvider", &["OidcBaseUrl"])),
        ),
        (
            vec![
                ("AuthMode", "oidc"),
                (
                    "OidcConfigUrl",
                    "https://idp.example.com/.well-known/openid-configuration",
                ),
                ("Audience", "zscaler-mcp"),
                ("CustomDomainName", "mcp.example.com"),
                ("CertificateArn", cert),
            ],
            None,
        ),
        (
            vec![("CustomDomainName", "mcp.example.com")],
            Some(("CustomDomainNeedsCertificate", &["CertificateArn"])),
        ),
        (
            vec![
                ("EnableFunctionUrl", "true"),
                ("AllowedHosts", "mcp.example.com"),
            ],
            Some((
                "FunctionUrlNeedsGatewayDomainDefault",
                &["CustomDomainName", "AllowedHosts"],
            )),
        ),
        (vec![("EnableFunctionUrl", "true")], None),
        (vec![("AuthMode", "zscaler")], None),
        (vec![("AuthMode", "none")], None),
        (
            vec![("AuthMode", "oidc-proxy")],
            Some((
                "OidcProxyModeNeedsProvider",
                &[
                    "OidcConfigUrl",
                    "OidcClientId",
                    "OidcBaseUrl",
                    "CustomDomainName",
                    "api-key",
                ],
            )),
        ),
        (
            vec![
                ("AuthMode", "oidc-proxy"),
                (
                    "OidcConfigUrl",
                    "https://idp.example.com/.well-known/openid-configuration",
                ),
                ("OidcBaseUrl", "https://mcp.example.com"),
            ],
            Some(("OidcProxyModeNeedsProvider", &["OidcClientId"])),
        ),
        (
            vec![
                ("AuthMode", "oidc-proxy"),
                (
                    "OidcConfigUrl",
                    "https://idp.example.com/.well-known/openid-configuration",
                ),
                ("OidcClientId", "app-client"),
            ],
            Some(("OidcProxyModeNeedsProvider", &["OidcBaseUrl"])),
        ),
        (
            vec![
                ("AuthMode", "oidc-proxy"),
                (
                    "OidcConfigUrl",
                    "https://idp.example.com/.well-known/openid-configuration",
                ),
                ("OidcClientId", "app-client"),
                ("CustomDomainName", "mcp.example.com"),
                ("CertificateArn", cert),
            ],
            None,
        ),
        (
            vec![(
                "Tenants",
                "acme=arn:aws:secretsmanager:us-east-1:123456789012:secret:tenants/acme-AbCdEf",
            )],
            Some(("TenantsNeedTheirSecretArns", &["TenantSecretArns"])),
        ),
        (
            vec![
                (
                    "Tenants",
                    "acme=arn:aws:secretsmanager:us-east-1:123456789012:secret:tenants/acme-AbCdEf",
                ),
                (
                    "TenantSecretArns",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:tenants/acme-AbCdEf",
                ),
            ],
            None,
        ),
    ];
    let mut reached = BTreeSet::new();
    for (overrides, want) in cases {
        let got = Stack::new(&t, &overrides).rule_failures();
        match want {
            None => assert_eq!(got, Vec::<(String, String)>::new(), "{overrides:?}"),
            Some((rule, names)) => {
                assert_eq!(
                    got.len(),
                    1,
                    "{overrides:?}: exactly one failure, got {got:?}"
                );
                let (r, why) = &got[0];
                assert_eq!(r, rule, "{overrides:?}");
                for n in names {
                    assert!(why.contains(n), "{overrides:?}: {why:?} does not name {n}");
                }
                reached.insert(rule.to_string());
            }
        }
    }
    let all: BTreeSet<String> = t
        .get("Rules")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(reached, all, "every rule is exercised");
    // The exact line CloudFormation prints for the commonest mistake.
    assert_eq!(
        Stack::new(&t, &[("AuthMode", "jwt")]).rule_failures()[0].1,
        "AuthMode jwt needs JwksUri and Issuer: set both (infra/deploy/samconfig.toml, \
         --config-env cognito), or choose AuthMode api-key"
    );
}

#[test]
fn oidc_proxy_parameters_reach_the_server_and_the_client_secret_comes_from_the_secret() {
    let t = yaml::parse(&template_text()).unwrap();
    let stack = Stack::new(
        &t,
        &[
            ("AuthMode", "oidc-proxy"),
            (
                "OidcConfigUrl",
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/openid-configuration",
            ),
            ("OidcClientId", "1example23456789abcdefghij"),
            ("OidcBaseUrl", "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"),
            ("ReadScope", "zscaler/read"),
            ("WriteScope", "zscaler/write"),
        ],
    );
    assert_eq!(stack.constraint_failures(), Vec::<String>::new());
    assert_eq!(stack.rule_failures(), Vec::<(String, String)>::new());
    let vars = stack.function_vars();
    let var = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(var("ZSCALER_MCP_AUTH_MODE"), Some("oidc-proxy"));
    assert_eq!(
        var("OIDCPROXY_CLIENT_ID"),
        Some("1example23456789abcdefghij")
    );
    assert_eq!(
        var("OIDCPROXY_BASE_URL"),
        Some("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com")
    );
    assert_eq!(var("OIDCPROXY_AUDIENCE"), None);
    assert_eq!(var("ZSCALER_MCP_AUTH_WRITE_SCOPE"), Some("zscaler/write"));
    let c = deployed_config_with(&stack, FILLED_SECRET_WITH_PROXY_CLIENT).unwrap();
    assert_eq!(
        c.auth
            .clone()
            .unwrap()
            .map(|a| a.mode().as_str().to_string()),
        Some("oidc-proxy".to_string())
    );
    // Without the client secret in the secret the function stops, naming it.
    let e = deployed_config(&stack).unwrap_err();
    assert!(
        e.starts_with("configuration error: OIDCPROXY_CLIENT_SECRET: required in oidc-proxy mode"),
        "{e}"
    );
    // The client id is a parameter only in oidc-proxy mode.
    let oidc = Stack::new(&t, &[("AuthMode", "oidc"), ("OidcClientId", "x")]);
    assert_eq!(
        oidc.function_vars()
            .iter()
            .find(|(n, _)| n == "OIDCPROXY_CLIENT_ID"),
        None
    );
}

#[test]
fn the_rule_evaluator_follows_cloudformation() {
    let t = yaml::parse(
        "Parameters:\n  \
           Mode:\n    Type: String\n    Default: a\n  \
           Zones:\n    Type: CommaDelimitedList\n    Default: 'x, x'\n  \
           Other:\n    Type: String\n    Default: ''\n\
         Conditions:\n  \
           IsA: !Equals [!Ref Mode, a]\n\
         Rules:\n  \
           Always:\n    Assertions:\n      \
             - Assert: !Contains [[a, b], !Ref Mode]\n        AssertDescription: Mode is a or b\n      \
             - Assert: !EachMemberEquals [!Ref Zones, x]\n        AssertDescription: every zone is x\n  \
           OnlyForB:\n    RuleCondition: !Equals [!Ref Mode, b]\n    Assertions:\n      \
             - Assert: !Not [!Equals [!Ref Other, '']]\n        AssertDescription: b needs Other\n      \
             - Assert: !Or [!Equals [!Ref Other, o], !And [!Condition IsA, !Equals [!Ref Other, '']]]\n        AssertDescription: b needs Other=o\n",
    )
    .unwrap();
    let fails = |o: &[(&str, &str)]| -> Vec<String> {
        Stack::new(&t, o)
            .rule_failures()
            .into_iter()
            .map(|(_, d)| d)
            .collect()
    };
    assert_eq!(fails(&[]), Vec::<String>::new());
    assert_eq!(fails(&[("Mode", "c")]), ["Mode is a or b"]);
    assert_eq!(fails(&[("Zones", "x,y")]), ["every zone is x"]);
    // A RuleCondition that is false skips the whole rule; a true one checks every assertion.
    assert_eq!(
        fails(&[("Mode", "b")]),
        ["b needs Other", "b needs Other=o"]
    );
    assert_eq!(fails(&[("Mode", "b"), ("Other", "p")]), ["b needs Other=o"]);
    assert_eq!(
        fails(&[("Mode", "b"), ("Other", "o")]),
        Vec::<String>::new()
    );
    // The shape check refuses functions Rules do not allow and Refs to non-parameters.
    let bad = yaml::parse(
        "Parameters:\n  M:\n    Type: String\n\
         Rules:\n  R:\n    RuleCondition: !Condition IsA\n    Assertions:\n      \
           - Assert: !And [!Equals [!Ref Bucket, '']]\n        AssertDescription: x\n",
    )
    .unwrap();
    let problems = rule_shape_problems(&bad);
    for want in [
        "!Condition is not allowed",
        "!Ref Bucket is not a parameter",
        "has 1 arguments",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(want)),
            "{want}: {problems:?}"
        );
    }
    // Parameter constraints come before Rules.
    let real = yaml::parse(&template_text()).unwrap();
    let c = Stack::new(&real, &[("AuthMode", "basic"), ("MemorySize", "64")]).constraint_failures();
    assert_eq!(c.len(), 2, "{c:?}");
}

// ---------------------------------------------------------------------------------------
// secrets.py against moto, read back by the real server
// ---------------------------------------------------------------------------------------

fn python() -> String {
    let venv = root().join(".venv/bin/python");
    if venv.exists() {
        venv.display().to_string()
    } else {
        "python3".into()
    }
}

struct ScriptRun {
    ok: bool,
    output: String,
}

fn run_script(moto: &integration_tests::Moto, args: &[&str], env: &[(&str, &str)]) -> ScriptRun {
    let out = std::process::Command::new(python())
        .arg(root().join("infra/scripts/secrets.py"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", &moto.endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .envs(env.iter().copied())
        .output()
        .expect("python runs");
    ScriptRun {
        ok: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn signing_kid(ring: &KeyRing) -> String {
    ring.purpose_key(Purpose::Confirmation, None)
        .unwrap()
        .0
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_script_feeds_the_server_and_rotates_without_breaking_tokens() {
    let moto = integration_tests::start_moto().await;
    let sim = integration_tests::start_sim().await;
    const CLIENT_SECRET: &str = "sandbox-secret";
    let created = run_script(
        &moto,
        &["create", "zscaler/deploy-test", "--from-env"],
        &[
            ("ZSCALER_CLIENT_ID", "sandbox-client"),
            ("ZSCALER_CLIENT_SECRET", CLIENT_SECRET),
            ("ZSCALER_VANITY_DOMAIN", "sandbox"),
            ("ZSCALER_CUSTOMER_ID", "sandbox-customer"),
            ("ZSCALER_MCP_DEBUG", "true"), // a real variable, but not a secret key
        ],
    );
    assert!(created.ok, "{}", created.output);
    assert!(
        !created.output.contains(CLIENT_SECRET),
        "{}",
        created.output
    );

    let boot = || async {
        let mut vars = moto.vars("zscaler/deploy-test");
        vars.set("ZSCALER_MCP_API_BASE_URL", sim.base_url());
        vars.set("ZSCALER_MCP_TOKEN_URL", sim.token_url());
        zscaler_mcp::bootstrap(vars, |_| {})
            .await
            .expect("the server starts from the secret secrets.py wrote")
    };
    let state = boot().await;
    assert_eq!(state.config.zscaler.client_id, "sandbox-client");
    let ring1 = state
        .config
        .key_ring
        .clone()
        .expect("the secret carries a key ring");
    assert!(!ring1.is_ephemeral());
    let kid1 = signing_kid(&ring1);
    assert!(
        created.output.contains(&format!("{kid1} (signs)")),
        "secrets.py names keys by the server's key id: {}",
        created.output
    );
    // Only allowlisted keys were stored.
    let stored = moto
        .client()
        .await
        .get_secret_value()
        .secret_id("zscaler/deploy-test")
        .send()
        .await
        .unwrap();
    let stored: Map<String, Value> = serde_json::from_str(stored.secret_string().unwrap()).unwrap();
    assert!(!stored.contains_key("ZSCALER_MCP_DEBUG"));
    assert!(stored
        .keys()
        .all(|k| zscaler_mcp::secrets::SECRET_KEYS.contains(&k.as_str())));

    // A token minted before the rotation verifies after it; the new key signs.
    let args: Map<String, Value> = serde_json::from_str(r#"{"rule_id": 7}"#).unwrap();
    let binding = Binding {
        tenant: "",
        tool: "zia_delete_rule_label",
        args: &args,
        principal: "api-key:test",
    };
    let now = 1_000_000;
    let token = ring1.mint(&binding, now, 300);
    let rotated = run_script(&moto, &["rotate-keys", "zscaler/deploy-test"], &[]);
    assert!(rotated.ok, "{}", rotated.output);
    let ring2 = boot().await.config.key_ring.clone().unwrap();
    assert_ne!(signing_kid(&ring2), kid1);
    assert_eq!(ring2.verify(&token, &binding, now + 1), Ok(()));

    // With --keep 0 the old key is gone and its tokens are refused by key id.
    let rotated = run_script(
        &moto,
        &["rotate-keys", "zscaler/deploy-test", "--keep", "0"],
        &[],
    );
    assert!(rotated.ok, "{}", rotated.output);
    let ring3 = boot().await.config.key_ring.clone().unwrap();
    assert_eq!(
        ring3.verify(&token, &binding, now + 1),
        Err(Rejection::UnknownKey)
    );

    // Two-phase: a staged key verifies but does not sign; promoted, it signs.
    let staged = run_script(
        &moto,
        &["rotate-keys", "zscaler/deploy-test", "--stage"],
        &[],
    );
    assert!(staged.ok, "{}", staged.output);
    let ring4 = boot().await.config.key_ring.clone().unwrap();
    assert_eq!(signing_kid(&ring4), signing_kid(&ring3));
    let promoted = run_script(
        &moto,
        &["rotate-keys", "zscaler/deploy-test", "--promote"],
        &[],
    );
    assert!(promoted.ok, "{}", promoted.output);
    let ring5 = boot().await.config.key_ring.clone().unwrap();
    assert_ne!(signing_kid(&ring5), signing_kid(&ring3));
    let minted_by_staged_key = ring5.mint(&binding, now, 300);
    assert_eq!(
        ring4.verify(&minted_by_staged_key, &binding, now + 1),
        Ok(())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_script_refuses_unknown_keys_and_fills_a_stack_created_secret() {
    let moto = integration_tests::start_moto().await;
    let dir = std::env::temp_dir().join(format!("zscaler-deploy-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.env");
    std::fs::write(&bad, "ZSCALER_CLIENT_ID=x\nAWS_SECRET_ACCESS_KEY=leak-me\n").unwrap();
    let r = run_script(
        &moto,
        &["create", "zscaler/bad", "--file", bad.to_str().unwrap()],
        &[],
    );
    assert!(!r.ok);
    assert!(r.output.contains("AWS_SECRET_ACCESS_KEY") && !r.output.contains("leak-me"));

    // What CloudFormation creates: the template's placeholder JSON plus a generated key
    // ring of its format (64 alphanumerics).
    let t = yaml::parse(&template_text()).unwrap();
    let tpl = t
        .path(&[
            "Resources",
            "CredentialsSecret",
            "Properties",
            "GenerateSecretString",
            "SecretStringTemplate",
        ])
        .and_then(Node::str)
        .unwrap();
    let mut placeholder: Map<String, Value> = serde_json::from_str(tpl).unwrap();
    placeholder.insert(
        "ZSCALER_MCP_REQUEST_STATE_KEYS".into(),
        Value::String("Zq8Rb3Xk0PmW7sLc2VtN9yHd4JfG6aQe1UoI5rTxKwEvBnMhCgYpDjSlAz0RuF3i".into()),
    );
    moto.client()
        .await
        .create_secret()
        .name("zscaler/stack")
        .secret_string(Value::Object(placeholder).to_string())
        .send()
        .await
        .unwrap();
    // The stack-created secret alone does not start the server, and says why.
    let e = zscaler_mcp::bootstrap(moto.vars("zscaler/stack"), |_| {})
        .await
        .err()
        .unwrap();
    assert!(e.contains("ZSCALER_CLIENT_ID"), "{e}");
    let ring_before =
        KeyRing::parse("Zq8Rb3Xk0PmW7sLc2VtN9yHd4JfG6aQe1UoI5rTxKwEvBnMhCgYpDjSlAz0RuF3i")
            .expect("the CloudFormation key ring format parses");

    let creds = dir.join("creds.json");
    std::fs::write(
        &creds,
        r#"{"ZSCALER_CLIENT_ID": "sandbox-client", "ZSCALER_CLIENT_SECRET": "sandbox-secret",
            "ZSCALER_VANITY_DOMAIN": "sandbox"}"#,
    )
    .unwrap();
    let key_file = dir.join("api-key");
    let r = run_script(
        &moto,
        &[
            "create",
            "zscaler/stack",
            "--update",
            "--file",
            creds.to_str().unwrap(),
            "--generate-api-key",
            key_file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(r.ok, "{}", r.output);
    let api_key = std::fs::read_to_string(&key_file).unwrap();
    assert!(api_key.trim().len() >= 32);
    assert!(!r.output.contains(api_key.trim()), "{}", r.output);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut vars = moto.vars("zscaler/stack");
    vars.set("ZSCALER_MCP_AUTH_MODE", "api-key");
    let state = zscaler_mcp::bootstrap(vars, |_| {}).await.expect("starts");
    state
        .config
        .auth
        .clone()
        .expect("api-key auth is configured from the secret");
    // The generated key ring was kept, and the empty placeholders were dropped.
    let ring = state.config.key_ring.clone().unwrap();
    assert_eq!(signing_kid(&ring), signing_kid(&ring_before));
    let stored = moto
        .client()
        .await
        .get_secret_value()
        .secret_id("zscaler/stack")
        .send()
        .await
        .unwrap();
    let stored: Map<String, Value> = serde_json::from_str(stored.secret_string().unwrap()).unwrap();
    assert!(
        !stored.contains_key("ZSCALER_CUSTOMER_ID"),
        "{:?}",
        stored.keys()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The clouds a deploy may choose are exactly the ones the server accepts at start-up, so a
/// stack can never be created with a cloud that stops every cold start.
#[test]
fn cloud_parameter_allows_exactly_the_clouds_the_server_accepts() {
    let t = yaml::parse(&template_text()).unwrap();
    let allowed: Vec<String> = t
        .path(&["Parameters", "Cloud", "AllowedValues"])
        .expect("Cloud has AllowedValues")
        .items();
    assert_eq!(allowed, zscaler_mcp::zscaler::settings::CLOUDS);
    assert_eq!(
        t.path(&["Parameters", "Cloud", "Default"])
            .and_then(|v| v.str()),
        Some("production")
    );
}
