//! The ranked index behind `zscaler_search_tools`: every tool of the catalog, built on the
//! first search (never at start-up, whose time is a budget) and shared by the process. The
//! index covers the whole catalog; who may see which tool is decided per request by the
//! caller of [`Index::rank`], so one index serves every caller and surface.
//!
//! Terms are lower-cased, split on anything not alphanumeric and lightly stemmed (plural and
//! -ing/-ed forms), so "policies", "policy" and "blocking"/"blocked"/"block" meet. A small
//! synonym table maps the words a security team types to the words the catalog uses
//! (block/deny, allow/permit, app/application, rule/policy, vpn/tunnel...), and product
//! words to service codes. Scores are a weighted term match (name > title > service and
//! toolset > parameters and description) times each term's rarity; ties keep catalog order,
//! so a query always ranks the same way.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::executor::ToolSpec;
use crate::tool::Action;

/// Where a term occurs in a tool, and what a match there is worth.
const NAME: f64 = 3.0;
const TITLE: f64 = 2.0;
const SCOPE: f64 = 1.5;
const PARAM: f64 = 0.6;
const DESCRIPTION: f64 = 1.0;
/// Cap on a term's rarity: a word found in one tool name only must not outweigh the rest
/// of the query (one `top` in `zdx_list_deeptrace_top_processes` against "top threats").
const MAX_IDF: f64 = 4.0;
/// What a synonym's match is worth against the word typed.
const SYNONYM: f64 = 0.7;

/// Words that carry no meaning for finding a tool.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "is",
    "are",
    "was",
    "be",
    "it",
    "its",
    "do",
    "does",
    "did",
    "i",
    "we",
    "my",
    "our",
    "me",
    "us",
    "you",
    "your",
    "with",
    "this",
    "that",
    "these",
    "those",
    "by",
    "from",
    "and",
    "or",
    "can",
    "could",
    "should",
    "would",
    "how",
    "what",
    "who",
    "why",
    "when",
    "where",
    "there",
    "have",
    "has",
    "had",
    "any",
    "some",
    "please",
    "into",
    "about",
    "than",
    "as",
    "up",
    "out",
    "so",
    "not",
    "no",
    "t",
    "s",
    "zscaler",
    "tell",
    "give",
    "want",
    "need",
    "let",
    "see",
    "look",
    "check",
    "currently",
    "right",
    "now",
];

/// Groups of words that mean the same thing to someone looking for a tool. Each word of a
/// group expands to the others (at `SYNONYM` weight).
const SYNONYMS: &[&[&str]] = &[
    &[
        "block",
        "deny",
        "blacklist",
        "blocklist",
        "ban",
        "prevent",
        "stop",
        "drop",
    ],
    &[
        "allow",
        "permit",
        "whitelist",
        "allowlist",
        "exempt",
        "exemption",
        "bypass",
    ],
    &["app", "application"],
    &["rule", "policy"],
    &["vpn", "tunnel", "ipsec", "gre"],
    &["location", "site", "office", "branch"],
    &["domain", "url", "website", "fqdn", "hostname"],
    &["user", "identity", "person", "employee", "people"],
    &["device", "endpoint", "machine", "laptop", "computer"],
    &["delete", "remove", "erase"],
    &["create", "add", "new", "make"],
    &[
        "update",
        "change",
        "modify",
        "edit",
        "rename",
        "configure",
        "turn",
    ],
    &[
        "list",
        "show",
        "which",
        "all",
        "every",
        "inventory",
        "enumerate",
        "many",
    ],
    &[
        "get",
        "detail",
        "info",
        "information",
        "specific",
        "single",
        "one",
    ],
    &["alert", "incident", "alarm"],
    &["score", "performance", "latency", "slow", "experience"],
    &["certificate", "cert"],
    &["credential", "password", "psk", "key"],
    &["malware", "virus", "threat", "atp", "malicious"],
    &["sandbox", "detonation", "detonate"],
    &["ssl", "tls", "https", "decryption", "decrypt"],
    &["dlp", "leak", "leakage", "exfiltration", "sensitive"],
    &[
        "trace",
        "deeptrace",
        "diagnose",
        "troubleshoot",
        "troubleshooting",
    ],
    &["shadow", "unsanctioned", "unapproved"],
    &["reach", "access", "connect", "reachable", "unreachable"],
    &["ips", "intrusion", "signature"],
    &["member", "membership", "belong"],
    &[
        "activate",
        "activation",
        "publish",
        "push",
        "commit",
        "apply",
        "pending",
    ],
    &[
        "lookalike",
        "typosquat",
        "typosquatting",
        "impersonation",
        "spoof",
    ],
    &[
        "finding",
        "vulnerability",
        "exposure",
        "exposed",
        "weakness",
    ],
    &["portal", "rdp", "ssh", "pra", "privileged"],
    &["label", "tag"],
    &["software", "installed", "program"],
    &["traffic", "bandwidth", "usage", "volume"],
    &["saas", "casb"],
    &["log", "logging", "lss", "streaming", "siem"],
    &["schedule", "interval", "hours"],
    &[
        "timeout",
        "reauthentication",
        "reauthenticate",
        "reauth",
        "idle",
    ],
    &["isolation", "isolate", "isolated"],
    &["administrator", "admin", "role"],
    &["provisioning", "enrollment", "enrol", "enroll"],
    &["connector", "connecter"],
    &["otp", "passcode", "uninstall"],
    &["sim", "iccid", "esim"],
    &["resource", "workload", "asset"],
    &["protected", "protection", "protect", "coverage", "covered"],
    &["geo", "geolocation", "city", "country", "coordinate"],
    &["ip", "address", "addresses", "cidr", "subnet"],
    &["group", "team"],
    &["file", "filetype", "document"],
    &["egress", "public", "static"],
];

/// Product words, mapped to the service code that is also a term of each of its tools.
const SERVICE_WORDS: &[(&str, &[&str])] = &[
    ("zia", &["internet", "swg", "gateway"]),
    ("zpa", &["private", "ztna"]),
    ("zdx", &["digital", "experience", "monitoring"]),
    ("zcc", &["client", "agent", "forwarding"]),
    ("zid", &["zidentity", "directory"]),
    ("zeasm", &["easm", "attack", "surface", "external"]),
    (
        "zins",
        &[
            "insight",
            "insights",
            "analytic",
            "analytics",
            "report",
            "trend",
            "top",
            "week",
            "month",
            "most",
            "statistic",
        ],
    ),
    ("ztw", &["cloud", "workload"]),
    ("zms", &["microsegmentation", "segmentation", "zone"]),
    ("zcell", &["cellular", "cell", "mobile", "sim", "carrier"]),
];

/// Phrases whose words alone mislead, with the words the catalog uses for them. A phrase
/// applies when each of its words is in the query; its words are added as synonyms.
const PHRASES: &[(&str, &str)] = &[
    ("branch office", "location"),
    ("can't reach", "access policy"),
    ("cannot reach", "access policy"),
    ("can't access", "access policy"),
    ("cannot access", "access policy"),
    ("out of", "remove"),
    ("how long", "timeout"),
    ("what category", "lookup classification"),
    ("intrusion prevention", "ips"),
];

/// Words a result names last in a tool name that say nothing of what it returns.
const NAME_TAILS: &[&str] = &["lite", "ba", "pra", "name", "by", "type"];

/// Verbs that ask for a change, with the action they ask for.
const WRITE_VERBS: &[(&str, Action)] = &[
    ("block", Action::Create),
    ("allow", Action::Create),
    ("create", Action::Create),
    ("add", Action::Create),
    ("new", Action::Create),
    ("delete", Action::Delete),
    ("remove", Action::Delete),
    ("update", Action::Update),
    ("change", Action::Update),
    ("modify", Action::Update),
    ("edit", Action::Update),
    ("rename", Action::Update),
    ("enable", Action::Update),
    ("disable", Action::Update),
    ("turn", Action::Update),
    ("activate", Action::Create),
    ("start", Action::Create),
    ("run", Action::Create),
];

/// Lower-case, strip plural and -ing/-ed endings, drop a final silent `e`: the forms of one
/// word land on one term. Only needs to be consistent, not linguistically right.
pub fn stem(word: &str) -> String {
    // (ending, shortest word it is stripped from, what replaces it), first match wins.
    const ENDINGS: &[(&str, usize, &str)] = &[
        ("ies", 5, "y"),
        ("ied", 5, "y"),
        ("sses", 5, "ss"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("xes", 5, "x"),
        ("ches", 5, "ch"),
        ("shes", 5, "sh"),
    ];
    let w = word.to_ascii_lowercase();
    let n = w.len();
    let ending = ENDINGS
        .iter()
        .find(|(end, min, _)| n >= *min && w.ends_with(end));
    let mut s = match ending {
        // The ending is ASCII, so the cut is on a character boundary.
        Some((end, _, with)) => format!("{}{with}", &w[..n - end.len()]),
        None if n > 3 && w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) => {
            w[..n - 1].to_string()
        }
        None => w,
    };
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    s
}

/// The terms of a text: split on anything not a letter or digit, stemmed; stopwords kept
/// (a tool's text is indexed whole; queries drop them in `query_terms`).
fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
}

/// One tool's terms with the best weight each reaches (plus a little per repeat).
struct Doc {
    spec: &'static ToolSpec,
    weights: HashMap<String, f64>,
}

impl Doc {
    fn new(spec: &'static ToolSpec) -> Doc {
        let mut weights: HashMap<String, f64> = HashMap::new();
        let mut add = |text: &str, weight: f64| {
            for term in terms(text) {
                let w = weights.entry(term).or_insert(0.0);
                *w = if *w == 0.0 {
                    weight
                } else {
                    w.max(weight) + 0.05
                };
            }
        };
        add(spec.name, NAME);
        add(spec.title, TITLE);
        add(spec.service.code(), SCOPE);
        add(spec.toolset, SCOPE);
        for p in spec.params {
            add(p.name, PARAM);
        }
        add(spec.description, DESCRIPTION);
        Doc { spec, weights }
    }
}

/// The ranked index over the whole catalog.
pub struct Index {
    docs: Vec<Doc>,
    /// Rarity of each term: ln(1 + docs / docs with the term).
    idf: HashMap<String, f64>,
    /// Stemmed word → its synonyms (stemmed).
    synonyms: HashMap<String, Vec<String>>,
}

/// One query term and what a match on it is worth.
struct Want {
    term: String,
    weight: f64,
}

impl Index {
    /// The process-wide index, built on first use.
    pub fn shared() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(|| Index::build(crate::catalog::all_tools()))
    }

    pub fn build(specs: impl Iterator<Item = &'static ToolSpec>) -> Index {
        let docs: Vec<Doc> = specs.map(Doc::new).collect();
        let mut df: HashMap<String, usize> = HashMap::new();
        for doc in &docs {
            for term in doc.weights.keys() {
                *df.entry(term.clone()).or_default() += 1;
            }
        }
        let n = docs.len() as f64;
        let idf = df
            .into_iter()
            .map(|(t, d)| (t, (1.0 + n / d as f64).ln().min(MAX_IDF)))
            .collect();
        Index {
            docs,
            idf,
            synonyms: synonym_map(),
        }
    }

    /// The query's terms: stopwords dropped, each with its synonyms and service codes.
    fn wants(&self, query: &str) -> Vec<Vec<Want>> {
        let mut groups: Vec<Vec<Want>> = Vec::new();
        for term in terms(query).filter(|t| !STOPWORDS.contains(&t.as_str())) {
            if groups.iter().any(|g| g[0].term == term) {
                continue;
            }
            let mut group = vec![Want {
                term: term.clone(),
                weight: 1.0,
            }];
            for syn in self.synonyms.get(&term).into_iter().flatten() {
                group.push(Want {
                    term: syn.clone(),
                    weight: SYNONYM,
                });
            }
            groups.push(group);
        }
        let lower = query.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut extra: Vec<&str> = PHRASES
            .iter()
            .filter(|(phrase, _)| {
                phrase
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .all(|w| words.contains(&w))
            })
            .flat_map(|(_, words)| words.split(' '))
            .collect();
        // A domain or URL in the query: the task is about URLs.
        if lower.split_whitespace().any(is_domain) {
            extra.push("url");
        }
        for word in extra {
            let term = stem(word);
            if !groups.iter().any(|g| g.iter().any(|w| w.term == term)) {
                groups.push(vec![Want {
                    term,
                    weight: SYNONYM,
                }]);
            }
        }
        groups
    }

    /// Every tool that `keep` admits, best first, with its score; tools matching no term
    /// are left out. An exact tool name ranks first.
    pub fn rank(
        &self,
        query: &str,
        keep: impl Fn(&'static ToolSpec) -> bool,
    ) -> Vec<(&'static ToolSpec, f64)> {
        let groups = self.wants(query);
        let exact = query.trim().to_ascii_lowercase();
        let intent = intent(&exact);
        let services = services_named(&groups);
        let mut scored: Vec<(usize, &'static ToolSpec, f64)> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| keep(d.spec))
            .filter_map(|(i, d)| {
                let mut score = self.score(d, &groups)?;
                score *= intent_factor(d.spec.action, intent);
                if names_what_is_asked(d.spec.name, &groups) {
                    score *= 1.25;
                }
                // A product named (or its words: "private access", "insights") narrows
                // the domain more than any single term match says.
                if services.contains(&d.spec.service.code()) {
                    score *= 1.3;
                }
                if d.spec.name == exact {
                    score += 1000.0;
                }
                Some((i, d.spec, score))
            })
            .collect();
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(_, s, score)| (s, score)).collect()
    }

    /// Sum over query terms of the best match among the term and its synonyms; `None`
    /// when nothing matches.
    fn score(&self, doc: &Doc, groups: &[Vec<Want>]) -> Option<f64> {
        let mut total = 0.0;
        let mut matched = 0;
        for group in groups {
            let best = group
                .iter()
                .filter_map(|w| {
                    let weight = doc.weights.get(&w.term)?;
                    Some(w.weight * weight * self.idf.get(&w.term).copied().unwrap_or(0.0))
                })
                .fold(0.0, f64::max);
            if best > 0.0 {
                matched += 1;
                total += best;
            }
        }
        // Covering more of the query beats matching one word very well.
        (matched > 0).then(|| total * (1.0 + matched as f64 / groups.len().max(1) as f64))
    }
}

/// Whether the query asks for a change (and which): a change verb as typed, so "blocked"
/// or "blocking" (a question about what is blocked) is not a request to block.
fn intent(query: &str) -> Option<Action> {
    query
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|word| WRITE_VERBS.iter().find(|(verb, _)| *verb == word))
        .map(|(_, action)| *action)
}

/// Whether the last meaningful word of the tool's name (what it returns: `..._user_groups`
/// returns groups) is one the query asks for.
fn names_what_is_asked(name: &str, groups: &[Vec<Want>]) -> bool {
    let head = name
        .rsplit('_')
        .find(|w| !NAME_TAILS.contains(w))
        .map(stem)
        .unwrap_or_default();
    groups.iter().any(|g| g.iter().any(|w| w.term == head))
}

/// The service codes the query names, directly or through a product word.
fn services_named(groups: &[Vec<Want>]) -> Vec<&'static str> {
    SERVICE_WORDS
        .iter()
        .filter(|(code, words)| {
            groups
                .iter()
                .any(|g| g[0].term == *code || words.iter().any(|w| stem(w) == g[0].term))
        })
        .map(|(code, _)| *code)
        .collect()
}

/// `example.com`, `https://x.example/path`: letters on both sides of a dot.
fn is_domain(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    word.split_once('.').is_some_and(|(a, b)| {
        a.chars().any(|c| c.is_ascii_alphabetic()) && b.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// Reads rank ahead when the query asks nothing to change; a matching write when it does.
fn intent_factor(action: Action, intent: Option<Action>) -> f64 {
    match (intent, action) {
        (None, Action::Read) => 1.25,
        (None, _) => 0.8,
        (Some(want), got) if want == got => 1.3,
        (Some(_), Action::Read) => 0.9,
        (Some(_), _) => 1.1,
    }
}

fn synonym_map() -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut link = |from: String, to: String| {
        let entry = map.entry(from.clone()).or_default();
        if from != to && !entry.contains(&to) {
            entry.push(to);
        }
    };
    for group in SYNONYMS {
        for a in group.iter() {
            for b in group.iter() {
                link(stem(a), stem(b));
            }
        }
    }
    for (code, words) in SERVICE_WORDS {
        for w in words.iter() {
            link(stem(w), code.to_string());
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_word_share_a_term() {
        for (a, b) in [
            ("policies", "policy"),
            ("blocking", "block"),
            ("blocked", "blocks"),
            ("enabled", "enable"),
            ("denied", "deny"),
            ("credentials", "credential"),
            ("addresses", "address"),
            ("devices", "device"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("analysis"), "analysis");
    }

    #[test]
    fn an_exact_name_ranks_first_and_ties_keep_catalog_order() {
        let index = Index::shared();
        let ranked = index.rank("zia_list_vpn_credentials", |_| true);
        assert_eq!(ranked[0].0.name, "zia_list_vpn_credentials");
        let again = index.rank("zia_list_vpn_credentials", |_| true);
        let names = |r: &[(&ToolSpec, f64)]| r.iter().map(|(s, _)| s.name).collect::<Vec<_>>();
        assert_eq!(names(&ranked), names(&again));
    }

    #[test]
    fn synonyms_and_filters_apply() {
        let index = Index::shared();
        let ranked = index.rank("deny list of websites", |s| s.service.code() == "zia");
        assert!(ranked.iter().all(|(s, _)| s.service.code() == "zia"));
        assert!(index.rank("qqqzzz", |_| true).is_empty());
    }
}
