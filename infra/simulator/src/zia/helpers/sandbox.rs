//! ZIA sandbox reports and the report quota.

use super::*;

pub(crate) const REPORT_QUOTA: u64 = 3000;

pub(crate) fn sandbox_quota(more: &MoreState) -> Resp {
    let used = more.sandbox_reports_used.min(REPORT_QUOTA);
    Resp::ok(
        json!([{"startTime": -1, "used": used, "allowed": REPORT_QUOTA, "scale": "DAYS", "unused": REPORT_QUOTA - used}]),
    )
}

pub(crate) struct Sample {
    md5: &'static str,
    sha1: &'static str,
    sha256: &'static str,
    file_type: &'static str,
    size: u64,
    verdict: &'static str,
    category: &'static str,
    score: u64,
    malware: &'static str,
}

pub(crate) const SAMPLES: &[Sample] = &[
    Sample {
        md5: "42914d6d213a20a2684064be5c80ffa9",
        sha1: "3c2d7a1f1b6e0a9f4e8d2c6b5a4f3e2d1c0b9a88",
        sha256: "9b1f0c4d5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e",
        file_type: "EXE",
        size: 412_672,
        verdict: "MALICIOUS",
        category: "MALWARE_BOTNET",
        score: 100,
        malware: "Win32.Trojan.Emotet",
    },
    Sample {
        md5: "c0202cf6aeab8437c638533d14563d35",
        sha1: "7e1f2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
        sha256: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
        file_type: "PDF",
        size: 183_104,
        verdict: "BENIGN",
        category: "BENIGN",
        score: 8,
        malware: "",
    },
    Sample {
        md5: "1ca31319721740ecb79f4b9ee74cd9b0",
        sha1: "0f9e8d7c6b5a49382716a5b4c3d2e1f0a9b8c7d6",
        sha256: "f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f30291a0b9c8d7e6f5a4b",
        file_type: "DOCX",
        size: 96_512,
        verdict: "SUSPICIOUS",
        category: "SUSPICIOUS_MACRO",
        score: 62,
        malware: "",
    },
];

pub(crate) fn sandbox_parts(s: &Sample) -> (Value, Value, Value) {
    let summary = json!({"Status": "COMPLETED", "Category": s.category, "FileType": s.file_type,
                         "StartTime": 1_772_900_000, "Duration": 142_000});
    let classification = json!({"Type": s.verdict, "Category": s.category, "Score": s.score, "DetectedMalware": s.malware});
    let props = json!({"FileType": s.file_type, "FileSize": s.size, "MD5": s.md5, "SHA1": s.sha1, "Sha256": s.sha256,
                       "Issuer": "", "DigitalCerificate": "", "SSDeep": "", "RootCA": ""});
    (summary, classification, props)
}

/// `GET /sandbox/report/{md5}?details=summary|full`: the report is wrapped
/// in `{"Summary": {...}}` or `{"Full Details": {...}}`; an unknown hash
/// is still a 200 with `Status: CONTENT_NOTFOUND` (recorded for summary;
/// the same wrapper is used for full).
pub(crate) fn sandbox_report(more: &mut MoreState, req: &Req, md5: &str) -> Resp {
    let details = req
        .q("details")
        .map(|d| d.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "summary".to_string());
    let key = match details.as_str() {
        "summary" | "" => "Summary",
        "full" => "Full Details",
        other => {
            return invalid_input(&format!(
                "Invalid details '{other}': expected full or summary"
            ));
        }
    };
    if !is_md5(md5.trim()) {
        return invalid_input(&format!("'{md5}' is not a valid MD5 hash"));
    }
    more.sandbox_reports_used = more.sandbox_reports_used.saturating_add(1);
    let md5 = md5.trim().to_ascii_lowercase();
    let Some(s) = SAMPLES.iter().find(|s| s.md5 == md5) else {
        return Resp::ok(
            json!({ key: {"Summary": {"Status": "CONTENT_NOTFOUND", "Message": "Content lookup failed."}} }),
        );
    };
    let (summary, classification, props) = sandbox_parts(s);
    if key == "Summary" {
        return Resp::ok(
            json!({"Summary": {"Summary": summary, "Classification": classification, "FileProperties": props}}),
        );
    }
    let malicious = s.verdict == "MALICIOUS";
    let sig = |risk: &str, text: &str| json!({"Risk": risk, "Signature": text, "SignatureSources": ["SANDBOX"]});
    let (networking, persistence, stealth) = if malicious {
        (
            vec![sig("HIGH", "Connects to known command and control servers")],
            vec![sig("HIGH", "Creates an autorun registry key")],
            vec![sig(
                "MEDIUM",
                "Disables Windows Defender real-time protection",
            )],
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Resp::ok(json!({"Full Details": {
        "Summary": summary,
        "Classification": classification,
        "FileProperties": props,
        "Origin": {"Risk": if malicious { "HIGH" } else { "LOW" }, "Language": "English", "Country": "United States"},
        "SystemSummary": if malicious { vec![sig("HIGH", "Injects code into a remote process")] } else { Vec::new() },
        "Spyware": [],
        "Networking": networking,
        "SecurityBypass": [],
        "Exploit": [],
        "Stealth": stealth,
        "Persistence": persistence,
    }}))
}
