//! Why a tool is not served, and which settings select nothing: the explanations behind
//! `--list-tools` and the start-up warnings. The order of the checks is the selection's own
//! (python-server-compat.md §1a), so the first reason given is the one that decided; a test
//! holds this module to `selected_tools`.

use std::fmt;

use globset::{Glob, GlobMatcher};

use super::Selection;
use crate::tool::Spec;

/// The first rule of the selection that keeps a tool out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    /// A `ZSCALER_MCP_DISABLED_TOOLS` pattern matches its name (the pattern).
    DisabledByPattern(String),
    /// `ZSCALER_MCP_SERVICES` is set and does not name its service.
    ServiceNotSelected,
    /// `ZSCALER_MCP_DISABLED_SERVICES` names its service.
    ServiceDisabled,
    /// `ZSCALER_MCP_TOOLSETS` is set and does not name its toolset.
    ToolsetNotSelected,
    /// `ZSCALER_MCP_DISABLED_TOOLSETS` names its toolset.
    ToolsetDisabled,
    /// A write tool while `ZSCALER_MCP_WRITE_ENABLED` is off.
    WritesOff,
    /// A write tool that no `ZSCALER_MCP_WRITE_TOOLS` pattern names (or the list is empty).
    WriteNotAllowed,
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::DisabledByPattern(p) => {
                write!(f, "disabled by ZSCALER_MCP_DISABLED_TOOLS pattern {p:?}")
            }
            Exclusion::ServiceNotSelected => f.write_str("service not in ZSCALER_MCP_SERVICES"),
            Exclusion::ServiceDisabled => f.write_str("service in ZSCALER_MCP_DISABLED_SERVICES"),
            Exclusion::ToolsetNotSelected => f.write_str("toolset not in ZSCALER_MCP_TOOLSETS"),
            Exclusion::ToolsetDisabled => f.write_str("toolset in ZSCALER_MCP_DISABLED_TOOLSETS"),
            Exclusion::WritesOff => {
                f.write_str("write tool; writes are off (ZSCALER_MCP_WRITE_ENABLED)")
            }
            Exclusion::WriteNotAllowed => f.write_str("write tool not in ZSCALER_MCP_WRITE_TOOLS"),
        }
    }
}

/// A compiled operator pattern, kept with its text for the messages. A pattern that is not
/// a valid glob matches its literal text, as the selection does.
struct Pattern {
    text: String,
    matcher: GlobMatcher,
}

fn compile(patterns: &[String]) -> Vec<Pattern> {
    patterns
        .iter()
        .map(|p| Pattern {
            text: p.clone(),
            matcher: Glob::new(p)
                .or_else(|_| Glob::new(&globset::escape(p)))
                .expect("an escaped pattern is a valid glob")
                .compile_matcher(),
        })
        .collect()
}

/// Explains a whole selection: compile the patterns once, then ask per tool.
pub struct Explainer<'a> {
    selection: &'a Selection,
    disabled: Vec<Pattern>,
    writes: Vec<Pattern>,
}

impl<'a> Explainer<'a> {
    pub fn new(selection: &'a Selection) -> Self {
        Explainer {
            selection,
            disabled: compile(&selection.disabled_tools),
            writes: compile(&selection.write_tools),
        }
    }

    /// `None` when the selection serves the tool; otherwise the rule that decided.
    pub fn why_excluded<H>(&self, spec: &Spec<H>) -> Option<Exclusion> {
        let s = self.selection;
        if let Some(p) = self.disabled.iter().find(|p| p.matcher.is_match(spec.name)) {
            return Some(Exclusion::DisabledByPattern(p.text.clone()));
        }
        if s.services
            .as_ref()
            .is_some_and(|l| !l.contains(&spec.service))
        {
            return Some(Exclusion::ServiceNotSelected);
        }
        if s.disabled_services.contains(&spec.service) {
            return Some(Exclusion::ServiceDisabled);
        }
        if s.toolsets
            .as_ref()
            .is_some_and(|l| !l.iter().any(|t| t == spec.toolset))
        {
            return Some(Exclusion::ToolsetNotSelected);
        }
        if s.disabled_toolsets.iter().any(|t| t == spec.toolset) {
            return Some(Exclusion::ToolsetDisabled);
        }
        if spec.action.is_write() {
            if !s.write_enabled {
                return Some(Exclusion::WritesOff);
            }
            if !self.writes.iter().any(|p| p.matcher.is_match(spec.name)) {
                return Some(Exclusion::WriteNotAllowed);
            }
        }
        None
    }
}

/// The patterns that match none of `names`, in the order given.
pub fn unmatched_patterns(patterns: &[String], names: &[&str]) -> Vec<String> {
    compile(patterns)
        .into_iter()
        .filter(|p| !names.iter().any(|n| p.matcher.is_match(n)))
        .map(|p| p.text)
        .collect()
}

/// Start-up warnings for a selection that is half set or names nothing, in the Python
/// server's words where it has them (`server.py::build_server`): the server still starts,
/// with the tools the selection does select.
pub fn selection_warnings(selection: &Selection) -> Vec<String> {
    let mut warnings = Vec::new();
    if selection.write_enabled && selection.write_tools.is_empty() {
        warnings.push(
            "Write tools are enabled but no allowlist was given — registering 0 write tools. \
             Name what you want to permit: --write-tools 'zpa_create_*,zia_update_*' \
             (env: ZSCALER_MCP_WRITE_TOOLS)."
                .to_string(),
        );
    } else if !selection.write_enabled && !selection.write_tools.is_empty() {
        warnings.push(format!(
            "A write-tool allowlist was given ({} pattern(s)) but write tools are disabled — \
             registering 0 write tools. Add --enable-write-tools \
             (env: ZSCALER_MCP_WRITE_ENABLED=true) to turn them on.",
            selection.write_tools.len()
        ));
    }
    let all: Vec<&str> = super::all_tools().map(|t| t.name).collect();
    let writes: Vec<&str> = super::all_tools()
        .filter(|t| t.action.is_write())
        .map(|t| t.name)
        .collect();
    for p in unmatched_patterns(&selection.disabled_tools, &all) {
        warnings.push(format!(
            "ZSCALER_MCP_DISABLED_TOOLS: pattern {p:?} matches no tool"
        ));
    }
    for p in unmatched_patterns(&selection.write_tools, &writes) {
        warnings.push(format!(
            "ZSCALER_MCP_WRITE_TOOLS: pattern {p:?} matches no write tool"
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::Service;

    fn sel() -> Selection {
        Selection::default()
    }

    /// Every tool the explainer passes is selected, and only those, for selections that
    /// exercise each rule.
    #[test]
    fn agrees_with_selected_tools() {
        let cases = [
            sel(),
            Selection {
                services: Some(vec![Service::Zpa, Service::Zia]),
                disabled_services: vec![Service::Zia],
                ..sel()
            },
            Selection {
                toolsets: Some(vec![
                    "zia_cloud_firewall".into(),
                    "zpa_segment_groups".into(),
                ]),
                disabled_toolsets: vec!["zpa_segment_groups".into()],
                disabled_tools: vec!["*_list_*".into()],
                ..sel()
            },
            Selection {
                write_enabled: true,
                write_tools: vec!["zpa_create_*".into(), "zia_update_*".into()],
                ..sel()
            },
            Selection {
                write_tools: vec!["*".into()],
                ..sel()
            },
        ];
        for case in &cases {
            let explainer = Explainer::new(case);
            let mine: Vec<&str> = super::super::all_tools()
                .filter(|t| explainer.why_excluded(t).is_none())
                .map(|t| t.name)
                .collect();
            let theirs: Vec<&str> = super::super::selected_tools(case).map(|t| t.name).collect();
            assert_eq!(mine, theirs);
        }
    }

    #[test]
    fn each_reason_is_named() {
        let find = |n: &str| super::super::find_tool(n).expect(n);
        let s = Selection {
            services: Some(vec![Service::Zia, Service::Zpa]),
            disabled_services: vec![Service::Zpa],
            disabled_tools: vec!["zia_list_cloud_firewall_r*".into()],
            ..sel()
        };
        let e = Explainer::new(&s);
        assert_eq!(
            e.why_excluded(find("zia_list_cloud_firewall_rules")),
            Some(Exclusion::DisabledByPattern(
                "zia_list_cloud_firewall_r*".into()
            ))
        );
        assert_eq!(
            e.why_excluded(find("zdx_list_devices")),
            Some(Exclusion::ServiceNotSelected)
        );
        assert_eq!(
            e.why_excluded(find("zpa_list_segment_groups")),
            Some(Exclusion::ServiceDisabled)
        );
        assert_eq!(
            e.why_excluded(find("zia_create_cloud_firewall_rule")),
            Some(Exclusion::WritesOff)
        );
        let w = Selection {
            write_enabled: true,
            write_tools: vec!["zpa_*".into()],
            toolsets: Some(vec!["zia_cloud_firewall".into()]),
            disabled_toolsets: vec!["zia_cloud_firewall".into()],
            ..sel()
        };
        let e = Explainer::new(&w);
        assert_eq!(
            e.why_excluded(find("zia_list_cloud_firewall_rules")),
            Some(Exclusion::ToolsetDisabled)
        );
        assert_eq!(
            e.why_excluded(find("zpa_list_segment_groups")),
            Some(Exclusion::ToolsetNotSelected)
        );
        let w = Selection {
            write_enabled: true,
            write_tools: vec!["zpa_*".into()],
            ..sel()
        };
        let e = Explainer::new(&w);
        assert_eq!(
            e.why_excluded(find("zia_create_cloud_firewall_rule")),
            Some(Exclusion::WriteNotAllowed)
        );
        assert_eq!(e.why_excluded(find("zpa_create_segment_group")), None);
    }

    #[test]
    fn half_set_writes_and_dead_patterns_warn() {
        let on_alone = Selection {
            write_enabled: true,
            ..sel()
        };
        assert_eq!(
            selection_warnings(&on_alone),
            vec![
                "Write tools are enabled but no allowlist was given — registering 0 write tools. \
                 Name what you want to permit: --write-tools 'zpa_create_*,zia_update_*' \
                 (env: ZSCALER_MCP_WRITE_TOOLS)."
            ]
        );
        let list_alone = Selection {
            write_tools: vec!["zpa_create_*".into(), "zia_list_*".into()],
            disabled_tools: vec!["zia_list_*".into(), "nope_*".into()],
            ..sel()
        };
        assert_eq!(
            selection_warnings(&list_alone),
            vec![
                "A write-tool allowlist was given (2 pattern(s)) but write tools are disabled — \
                 registering 0 write tools. Add --enable-write-tools \
                 (env: ZSCALER_MCP_WRITE_ENABLED=true) to turn them on."
                    .to_string(),
                "ZSCALER_MCP_DISABLED_TOOLS: pattern \"nope_*\" matches no tool".to_string(),
                "ZSCALER_MCP_WRITE_TOOLS: pattern \"zia_list_*\" matches no write tool".to_string(),
            ]
        );
        assert!(selection_warnings(&sel()).is_empty());
    }
}
