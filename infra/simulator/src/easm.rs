//! EASM (External Attack Surface Management) under `/easm/easm-ui/v1`,
//! read-only, following the Python SDK (`zscaler/zeasm/organizations.py`,
//! `findings.py`, `lookalike_domains.py` and their models):
//!
//! - `GET /organizations` → `{"results":[{"id","name"}],"total_results",
//!   "next_page":null,"prev_page":null}`;
//! - `GET /organizations/{orgId}/findings` → `{"results":[FindingDetails],
//!   "total_results"}`;
//! - `GET /organizations/{orgId}/findings/{findingId}/details` → one
//!   finding; `/evidence` and `/scan-output` → `{"content","source_type"}`;
//! - `GET /organizations/{orgId}/lookalike-domains` → `{"results":
//!   [LookalikeDomainDetails],"total_results"}`;
//! - `GET /organizations/{orgId}/lookalike-domains/{lookalikeRaw}/details`.
//!
//! Ids are strings: organization UUIDs, 32-hex finding ids, and the raw
//! lookalike domain name. The SDK docstring examples' ids are seeded
//! (org `3f61a446-1a0d-11f0-94e8-8a5f4d45e80c`, finding
//! `8abfc6a2b3058cb75de44c4c65ca4641`, lookalike `assuredartners.com`).
//! The SDK passes no paging parameters, so lists are answered whole. Error
//! bodies are UNVERIFIED: `{"code","message"}` as for the other non-ZPA
//! products.

use crate::util::{str_field, Req, Resp, Str};
use axum::http::Method;
use serde_json::{json, Value};

fn error(status: u16, code: &str, message: impl Into<String>) -> Resp {
    Resp::json(status, json!({"code": code, "message": message.into()}))
}

fn not_found(what: &str, id: &str) -> Resp {
    error(404, "RESOURCE_NOT_FOUND", format!("{what} {id} not found"))
}

pub(crate) struct EasmState {
    orgs: Vec<Value>,
    /// (org id, finding)
    findings: Vec<(String, Value)>,
    /// (org id, lookalike)
    lookalikes: Vec<(String, Value)>,
}

/// The `{"results", "total_results"}` list of the items of organization `org`.
fn results_of(items: &[(String, Value)], org: &str) -> Value {
    let items: Vec<&Value> = items
        .iter()
        .filter(|(o, _)| o == org)
        .map(|(_, v)| v)
        .collect();
    json!({"results": items, "total_results": items.len()})
}

pub(crate) fn handle(st: &EasmState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let rest = match segs.as_slice() {
        ["easm", "easm-ui", "v1", rest @ ..] => rest,
        _ => return no_route(req),
    };
    let known = matches!(
        rest,
        ["organizations"]
            | ["organizations", _, "findings"]
            | [
                "organizations",
                _,
                "findings",
                _,
                "details" | "evidence" | "scan-output"
            ]
            | ["organizations", _, "lookalike-domains"]
            | ["organizations", _, "lookalike-domains", _, "details"]
    );
    if !known {
        return no_route(req);
    }
    if req.method != Method::GET {
        return error(
            405,
            "METHOD_NOT_ALLOWED",
            format!("Request method '{}' is not supported", req.method),
        );
    }
    if let ["organizations", org, ..] = rest {
        if !st.orgs.iter().any(|o| str_field(o, "id") == *org) {
            return not_found("Organization", org);
        }
    }
    serve(st, req, rest)
}

/// Answer a known GET path of an existing organization.
fn serve(st: &EasmState, req: &Req, rest: &[&str]) -> Resp {
    match rest {
        ["organizations"] => Resp::ok(json!({
            "results": st.orgs,
            "total_results": st.orgs.len(),
            "next_page": Value::Null,
            "prev_page": Value::Null,
        })),
        ["organizations", org, "findings"] => Resp::ok(results_of(&st.findings, org)),
        ["organizations", org, "findings", fid, what] => {
            let Some(f) = st
                .findings
                .iter()
                .find(|(o, f)| o == org && str_field(f, "id") == *fid)
                .map(|(_, f)| f)
            else {
                return not_found("Finding", fid);
            };
            match *what {
                "details" => Resp::ok(f.clone()),
                "evidence" => Resp::ok(evidence(f)),
                _ => Resp::ok(scan_output(f)),
            }
        }
        ["organizations", org, "lookalike-domains"] => Resp::ok(results_of(&st.lookalikes, org)),
        ["organizations", org, "lookalike-domains", raw, _] => st
            .lookalikes
            .iter()
            .find(|(o, l)| o == org && str_field(l, "lookalike_raw").eq_ignore_ascii_case(raw))
            .map(|(_, l)| Resp::ok(l.clone()))
            .unwrap_or_else(|| not_found("Lookalike domain", raw)),
        _ => no_route(req),
    }
}

fn no_route(req: &Req) -> Resp {
    error(
        404,
        "RESOURCE_NOT_FOUND",
        format!("No API resource at /{}", req.segs.join("/")),
    )
}

fn evidence(f: &Value) -> Value {
    let asset = str_field(f, "impacted_asset_name");
    let content = match str_field(f, "category") {
        "Vulnerable Software" => format!(
            "Server: Apache/2.4.49 (Unix)\nX-Powered-By: PHP/7.4.3\nHost: {asset}"
        ),
        "TLS/SSL" => format!(
            "subject=CN={asset}\nnotAfter=Jan 12 23:59:59 2026 GMT\nverify error:num=10:certificate has expired"
        ),
        "Exposed Service" => format!("{asset}:3389/tcp open ms-wbt-server"),
        _ => format!("{asset}: {}", str_field(f, "name")),
    };
    json!({"content": content, "source_type": "scanner"})
}

fn scan_output(f: &Value) -> Value {
    let asset = str_field(f, "impacted_asset_name");
    json!({
        "content": format!(
            "Starting scan of {asset}\nPORT     STATE SERVICE  VERSION\n80/tcp   open  http     Apache httpd 2.4.49\n\
             443/tcp  open  ssl/http Apache httpd 2.4.49\n3389/tcp open  ms-wbt-server\n\
             Finding: {} ({})\nScan completed: 3 open ports",
            str_field(f, "name"),
            str_field(f, "id"),
        ),
        "source_type": "scanner",
    })
}

/// The SDK docstrings' organization id.
pub(crate) const DOC_ORG_ID: &str = "3f61a446-1a0d-11f0-94e8-8a5f4d45e80c";

impl EasmState {
    pub(crate) fn seeded() -> EasmState {
        let orgs = vec![
            json!({"id": DOC_ORG_ID, "name": "Sandbox Corp"}),
            json!({"id": "5a0c2d7e-1a0d-11f0-94e8-8a5f4d45e80c", "name": "Sandbox Subsidiary EU"}),
            json!({"id": "7b1e3f90-1a0d-11f0-94e8-8a5f4d45e80c", "name": "Sandbox Labs"}),
        ];
        // (id, name, category, asset, risk level, risk score, severity, status, type, cisa, epss)
        type F = (Str, Str, Str, Str, Str, f64, f64, Str, Str, Str, f64);
        let specs: [F; 6] = [
            (
                "8abfc6a2b3058cb75de44c4c65ca4641",
                "Apache HTTP Server Path Traversal (CVE-2021-41773)",
                "Vulnerable Software",
                "www.sandbox.example.com",
                "critical",
                9.8,
                9.8,
                "open",
                "vulnerability",
                "Known Exploited",
                0.97,
            ),
            (
                "1f3c9e2b7a4d48e1b6c0d5a7e9f21c34",
                "Expired TLS Certificate",
                "TLS/SSL",
                "vpn.sandbox.example.com",
                "medium",
                5.3,
                5.0,
                "open",
                "misconfiguration",
                "Unknown",
                0.0,
            ),
            (
                "2b7d4a1e9c3f4e8a8d6b1c2e3f4a5b6c",
                "RDP Exposed to the Internet",
                "Exposed Service",
                "203.0.113.24",
                "high",
                8.1,
                7.5,
                "open",
                "exposure",
                "Unknown",
                0.31,
            ),
            (
                "3c8e5b2f0d4a4f9b9e7c2d3f4a5b6c7d",
                "Missing HTTP Strict Transport Security",
                "Web Security",
                "shop.sandbox.example.com",
                "low",
                3.1,
                2.6,
                "open",
                "misconfiguration",
                "Unknown",
                0.0,
            ),
            (
                "4d9f6c3a1e5b4a0c8f8d3e4a5b6c7d8e",
                "Outdated OpenSSH (CVE-2023-38408)",
                "Vulnerable Software",
                "bastion.sandbox.example.com",
                "high",
                7.8,
                9.8,
                "resolved",
                "vulnerability",
                "Unknown",
                0.12,
            ),
            (
                "5e0a7d4b2f6c4b1d9a9e4f5b6c7d8e9f",
                "Open DNS Resolver",
                "Exposed Service",
                "ns2.sandbox.example.com",
                "medium",
                5.8,
                5.8,
                "open",
                "exposure",
                "Unknown",
                0.02,
            ),
        ];
        let mut findings: Vec<(String, Value)> = specs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    DOC_ORG_ID.to_string(),
                    json!({
                        "id": s.0,
                        "name": s.1,
                        "category": s.2,
                        "impacted_asset_id": format!("asset-{:04}", 1001 + i),
                        "impacted_asset_name": s.3,
                        "risk_level": s.4,
                        "risk_score": s.5,
                        "severity_score": s.6,
                        "status": s.7,
                        "type": s.8,
                        "cisa_likelihood": s.9,
                        "epss_likelihood": s.10,
                        "country": "United States",
                        "description": format!("{} was detected on {}.", s.1, s.3),
                        "first_seen": "2025-09-14T08:12:44Z",
                        "last_seen": "2026-03-08T19:40:02Z",
                        "is_stale": s.7 == "resolved",
                        "profile_id": "prof-7731",
                        "scan_type": "external",
                    }),
                )
            })
            .collect();
        for (k, org) in orgs.iter().skip(1).enumerate() {
            let oid = str_field(org, "id").to_string();
            for j in 0..3u32 {
                let ju = j as usize;
                let fname = [
                    "Expired TLS Certificate",
                    "Missing DMARC Record",
                    "Exposed Admin Panel",
                ][ju];
                let fcat = ["TLS/SSL", "Email Security", "Exposed Service"][ju];
                let flevel = ["medium", "low", "high"][ju];
                let frisk = [5.3, 3.7, 8.2][ju];
                let fsev = [5.0, 3.1, 8.0][ju];
                let id = format!("{:08x}{:024x}", 0x9000_0000u32 + k as u32 * 16 + j, j + 1);
                findings.push((
                    oid.clone(),
                    json!({
                        "id": id,
                        "name": fname,
                        "category": fcat,
                        "impacted_asset_id": format!("asset-{:04}", 2001 + k as u32 * 10 + j),
                        "impacted_asset_name": format!("host{}.org{}.example.com", j + 1, k + 2),
                        "risk_level": flevel,
                        "risk_score": frisk,
                        "severity_score": fsev,
                        "status": "open",
                        "type": "misconfiguration",
                        "cisa_likelihood": "Unknown",
                        "epss_likelihood": 0.0,
                        "country": "Germany",
                        "description": "Detected by the weekly external scan.",
                        "first_seen": "2025-12-01T00:00:00Z",
                        "last_seen": "2026-03-08T00:00:00Z",
                        "is_stale": false,
                        "profile_id": "prof-8802",
                        "scan_type": "external",
                    }),
                ));
            }
        }
        // (raw, original, registered, registrar, risk, category, score, status, methods)
        type L = (
            &'static str,
            &'static str,
            bool,
            &'static str,
            &'static str,
            &'static str,
            u64,
            &'static str,
            &'static [&'static str],
        );
        let lspecs: [L; 5] = [
            (
                "assuredartners.com",
                "assuredpartners.com",
                true,
                "NameCheap, Inc.",
                "Typosquatting",
                "high",
                82,
                "active",
                &["omission"],
            ),
            (
                "examp1e.com",
                "example.com",
                true,
                "GoDaddy.com, LLC",
                "Homoglyph",
                "high",
                77,
                "active",
                &["homoglyph"],
            ),
            (
                "sandbox-example.com",
                "sandbox.example.com",
                true,
                "Tucows Domains Inc.",
                "Hyphenation",
                "medium",
                58,
                "monitoring",
                &["hyphenation"],
            ),
            (
                "sandboxexample.net",
                "sandbox.example.com",
                false,
                "",
                "TLD swap",
                "low",
                24,
                "unregistered",
                &["tld-swap", "omission"],
            ),
            (
                "sanbdox.example.com",
                "sandbox.example.com",
                false,
                "",
                "Transposition",
                "low",
                18,
                "unregistered",
                &["transposition"],
            ),
        ];
        let mut lookalikes: Vec<(String, Value)> = lspecs
            .iter()
            .map(|l| {
                (
                    DOC_ORG_ID.to_string(),
                    json!({
                        "lookalike_raw": l.0,
                        "original_domain": l.1,
                        "is_registered": l.2,
                        "registrar": if l.2 { json!(l.3) } else { Value::Null },
                        "registered_by": if l.2 { json!("REDACTED FOR PRIVACY") } else { Value::Null },
                        "created_date": if l.2 { json!("2025-10-02T00:00:00Z") } else { Value::Null },
                        "updated_date": if l.2 { json!("2026-02-11T00:00:00Z") } else { Value::Null },
                        "expiration_date": if l.2 { json!("2026-10-02T00:00:00Z") } else { Value::Null },
                        "risk_category": l.5,
                        "risk_score": l.6,
                        "status": l.7,
                        "deception_method": l.8,
                        "description": format!("{} ({}) imitates {}.", l.0, l.4, l.1),
                        "remediation": if l.2 {
                            "Request a takedown from the registrar and block the domain in URL filtering."
                        } else {
                            "Consider registering the domain defensively."
                        },
                    }),
                )
            })
            .collect();
        for org in orgs.iter().skip(1) {
            let oid = str_field(org, "id").to_string();
            for (raw, method) in [
                ("sandb0x.de", "homoglyph"),
                ("sandboxx.de", "repetition"),
                ("sandbox-eu.com", "hyphenation"),
            ] {
                lookalikes.push((
                    oid.clone(),
                    json!({
                        "lookalike_raw": raw,
                        "original_domain": "sandbox.de",
                        "is_registered": true,
                        "registrar": "DENIC eG",
                        "registered_by": "REDACTED FOR PRIVACY",
                        "created_date": "2025-08-19T00:00:00Z",
                        "updated_date": "2026-01-05T00:00:00Z",
                        "expiration_date": "2026-08-19T00:00:00Z",
                        "risk_category": "medium",
                        "risk_score": 55,
                        "status": "active",
                        "deception_method": [method],
                        "description": format!("{raw} imitates sandbox.de."),
                        "remediation": "Monitor the domain for mail exchange records.",
                    }),
                ));
            }
        }
        EasmState {
            orgs,
            findings,
            lookalikes,
        }
    }
}

/// EASM behind the simulator's product trait.
pub(crate) type Easm = crate::util::Locked<EasmState>;

impl crate::util::LockedState for EasmState {
    const SEGMENT: &'static str = "easm";
    fn answer(&mut self, req: &Req) -> Resp {
        handle(self, req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_include_sdk_doc_ids() {
        let st = EasmState::seeded();
        assert!(st.orgs.len() >= 3);
        assert!(st
            .findings
            .iter()
            .any(|(o, f)| o == DOC_ORG_ID
                && str_field(f, "id") == "8abfc6a2b3058cb75de44c4c65ca4641"));
        assert!(st
            .lookalikes
            .iter()
            .any(|(_, l)| str_field(l, "lookalike_raw") == "assuredartners.com"));
        let ids: std::collections::HashSet<&str> = st
            .findings
            .iter()
            .map(|(_, f)| str_field(f, "id"))
            .collect();
        assert_eq!(ids.len(), st.findings.len());
    }
}
