//! The Python server's command line, `.env` files and start-up checks, on the real binary:
//! each flag's effect, `.env` precedence and errors, the start-up warnings, the cloud check
//! and a connection error that names the host it tried.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_zscaler-mcp");

/// A fresh empty directory for one test (the binary reads `./.env` from its working dir).
fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "zscaler-mcp-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The services of the `--list-tools` rows, in order of first appearance.
fn listed_services(out: &Output) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for line in text(&out.stdout).lines() {
        let service = line.split('\t').nth(1).unwrap().to_string();
        if !seen.contains(&service) {
            seen.push(service);
        }
    }
    seen
}

#[test]
fn dotenv_in_the_working_directory_is_read() {
    let dir = scratch();
    std::fs::write(
        dir.join(".env"),
        "# selection\nexport ZSCALER_MCP_SERVICES='zdx' # inline\n",
    )
    .unwrap();
    let out = run(&dir, &["--list-tools"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(listed_services(&out), ["zdx"]);
}

#[test]
fn the_process_environment_and_flags_win_over_dotenv() {
    let dir = scratch();
    std::fs::write(dir.join(".env"), "ZSCALER_MCP_SERVICES=zdx\n").unwrap();
    let out = run(&dir, &["--list-tools"], &[("ZSCALER_MCP_SERVICES", "zcc")]);
    assert_eq!(listed_services(&out), ["zcc"]);
    let out = run(&dir, &["--list-tools", "--services", "zid"], &[]);
    assert_eq!(listed_services(&out), ["zid"]);
}

#[test]
fn dotenv_path_flag_and_variable_choose_the_file() {
    let dir = scratch();
    std::fs::write(dir.join(".env"), "ZSCALER_MCP_SERVICES=zdx\n").unwrap();
    std::fs::write(dir.join("other.env"), "ZSCALER_MCP_SERVICES=zcell\n").unwrap();
    let out = run(&dir, &["--list-tools", "--dotenv-path", "other.env"], &[]);
    assert_eq!(listed_services(&out), ["zcell"]);
    let out = run(
        &dir,
        &["--list-tools"],
        &[("ZSCALER_MCP_DOTENV_PATH", "other.env")],
    );
    assert_eq!(listed_services(&out), ["zcell"]);
    // A path that is not a file: reported, then ./.env as the Python server does.
    let out = run(&dir, &["--list-tools", "--dotenv-path", "missing.env"], &[]);
    assert_eq!(listed_services(&out), ["zdx"]);
    assert!(text(&out.stderr)
        .starts_with("warning: dotenv path missing.env does not exist — falling back to ./.env\n"));
}

#[test]
fn a_malformed_dotenv_line_stops_startup_without_its_text() {
    let dir = scratch();
    std::fs::write(
        dir.join(".env"),
        "ZSCALER_CLIENT_ID=id\n\nZSCALER_CLIENT_SECRET hunter2-secret\n",
    )
    .unwrap();
    let out = run(&dir, &["--list-tools"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "configuration error: .env: .env line 3: not a KEY=value statement, an export or a \
         comment (python-dotenv syntax)\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn credentials_in_dotenv_earn_an_advisory_naming_keys_only() {
    let dir = scratch();
    std::fs::write(
        dir.join(".env"),
        "ZSCALER_CLIENT_ID=id\nZSCALER_CLIENT_SECRET=\"hunter2-secret\"\n",
    )
    .unwrap();
    let out = run(&dir, &["--list-tools", "-s", "zcc"], &[]);
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(
        "warning: credentials in the plaintext file .env (ZSCALER_CLIENT_SECRET): fine for \
         local use; keep it out of version control, and use a secret store \
         (ZSCALER_SECRET_NAME) when shared\n"
    ));
    assert!(!stderr.contains("hunter2"));
}

#[test]
fn generate_auth_token_prints_headers_from_settings() {
    let dir = scratch();
    std::fs::write(
        dir.join(".env"),
        "ZSCALER_CLIENT_ID=id\nZSCALER_CLIENT_SECRET=secret\n",
    )
    .unwrap();
    let out = run(&dir, &["--generate-auth-token", "--port", "9100"], &[]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout
        .contains("  Mode:   zscaler (Basic Auth)\n  Header: Authorization: Basic aWQ6c2VjcmV0\n"));
    assert!(stdout.contains("\"url\": \"http://127.0.0.1:9100/mcp\""));
    let out = run(
        &dir,
        &["--generate-auth-token", "bearer"],
        &[("ZSCALER_MCP_AUTH_API_KEY", "k3y")],
    );
    assert!(text(&out.stdout).contains("  Header: Authorization: Bearer k3y\n"));
    let out = run(&scratch(), &["--generate-auth-token"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "Error: ZSCALER_CLIENT_ID and ZSCALER_CLIENT_SECRET must be set.\nSet them in your \
         .env file or as environment variables.\n"
    );
}

#[test]
fn version_flag_has_the_python_short_form() {
    for flag in ["-v", "--version"] {
        let out = run(&scratch(), &[flag], &[]);
        assert_eq!(
            text(&out.stdout),
            format!("zscaler-mcp {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn list_tools_names_why_each_tool_is_off() {
    let out = run(
        &scratch(),
        &[
            "--list-tools",
            "--enable-write-tools",
            "--write-tools",
            "zia_create_cloud_firewall_rule",
            "--disabled-tools",
            "zia_get_cloud_firewall_rule",
            "--disabled-toolsets",
            "zia_admin",
            "--disabled-services",
            "zcc",
        ],
        &[],
    );
    let stdout = text(&out.stdout);
    let status = |name: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name}\t")))
            .map(|l| l.split('\t').nth(4).unwrap().to_string())
    };
    assert_eq!(
        status("zia_create_cloud_firewall_rule").as_deref(),
        Some("enabled")
    );
    assert_eq!(
        status("zia_update_cloud_firewall_rule").as_deref(),
        Some("off: write tool not in ZSCALER_MCP_WRITE_TOOLS")
    );
    assert_eq!(
        status("zia_get_cloud_firewall_rule").as_deref(),
        Some("off: disabled by ZSCALER_MCP_DISABLED_TOOLS pattern \"zia_get_cloud_firewall_rule\"")
    );
    assert_eq!(
        status("zia_get_activation_status").as_deref(),
        Some("off: toolset in ZSCALER_MCP_DISABLED_TOOLSETS")
    );
    assert_eq!(status("zcc_list_devices"), None);
    assert!(text(&out.stderr)
        .contains("\nzcc: 4 tools, not listed: service in ZSCALER_MCP_DISABLED_SERVICES\n"));
}

/// The JSON log lines at level WARN on stderr.
fn warnings(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["level"] == "WARN" && v["target"] == "zscaler_mcp")
        .map(|v| {
            v["fields"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn half_set_write_settings_warn_once_at_startup() {
    let out = run(
        &scratch(),
        &[
            "--sandbox",
            "--enable-write-tools",
            "--disabled-tools",
            "nope_*",
        ],
        &[("ZSCALER_MCP_CONFIRM_TOOLS", "zia_list_*,zz_*")],
    );
    assert_eq!(
        warnings(&text(&out.stderr)),
        [
            "Write tools are enabled but no allowlist was given — registering 0 write tools. \
             Name what you want to permit: --write-tools 'zpa_create_*,zia_update_*' \
             (env: ZSCALER_MCP_WRITE_TOOLS).",
            "ZSCALER_MCP_DISABLED_TOOLS: pattern \"nope_*\" matches no tool",
            "ZSCALER_MCP_CONFIRM_TOOLS: pattern \"zz_*\" matches no tool",
        ]
    );
    let out = run(
        &scratch(),
        &["--sandbox", "--write-tools", "zpa_create_*,zia_list_*"],
        &[],
    );
    assert_eq!(
        warnings(&text(&out.stderr)),
        [
            "A write-tool allowlist was given (2 pattern(s)) but write tools are disabled — \
             registering 0 write tools. Add --enable-write-tools \
             (env: ZSCALER_MCP_WRITE_ENABLED=true) to turn them on.",
            "ZSCALER_MCP_WRITE_TOOLS: pattern \"zia_list_*\" matches no write tool",
        ]
    );
    let out = run(&scratch(), &["--sandbox"], &[]);
    assert_eq!(warnings(&text(&out.stderr)), Vec::<String>::new());
}

#[test]
fn debug_flag_raises_the_log_level() {
    let quiet = run(&scratch(), &["--sandbox"], &[]);
    let debug = run(&scratch(), &["--sandbox", "--debug"], &[]);
    let levels = |o: &Output| {
        text(&o.stderr)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .any(|v| v["level"] == "DEBUG")
    };
    assert!(!levels(&quiet));
    assert!(levels(&debug), "{}", text(&debug.stderr));
}

#[test]
fn an_unknown_cloud_is_refused_with_the_accepted_list() {
    let out = run(
        &scratch(),
        &[],
        &[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "secret"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
            ("ZSCALER_CLOUD", "zscalertwo"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "configuration error: ZSCALER_CLOUD: unknown cloud \"zscalertwo\" (accepted: \
         production, beta, alpha, gov, govus)\n"
    );
}

/// One stdio session: initialize, then one tool call; returns the call's response.
fn stdio_call(args: &[&str], env: &[(&str, String)], tool: &str) -> (Value, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(scratch())
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for msg in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "cli-test", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
               "params": {"name": tool, "arguments": {}}}),
    ] {
        writeln!(stdin, "{msg}").unwrap();
    }
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let answer = std::io::BufRead::lines(reader)
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<Value>(&l).ok())
        .find(|v| v["id"] == 2)
        .expect("an answer to the call");
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (answer, text(&out.stderr))
}

#[test]
fn a_closed_token_endpoint_is_named_by_host_and_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = [
        ("ZSCALER_CLIENT_ID", "id".to_string()),
        ("ZSCALER_CLIENT_SECRET", "secret".to_string()),
        ("ZSCALER_VANITY_DOMAIN", "acme".to_string()),
        (
            "ZSCALER_MCP_TOKEN_URL",
            format!("http://127.0.0.1:{port}/oauth2/v1/token"),
        ),
        (
            "ZSCALER_MCP_API_BASE_URL",
            format!("http://127.0.0.1:{port}"),
        ),
        ("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "1000".to_string()),
    ];
    let (answer, _) = stdio_call(&[], &env, "zia_get_activation_status");
    assert_eq!(answer["result"]["isError"], true);
    let message = answer["result"]["content"][0]["text"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "Could not reach the Zscaler API: token endpoint at 127.0.0.1:{port}: connection failed"
        )
    );
}

#[test]
fn log_tool_calls_flag_writes_an_audit_line() {
    let (answer, quiet) = stdio_call(&["--sandbox"], &[], "zia_get_activation_status");
    assert_eq!(answer["result"]["isError"], false);
    let (_, logged) = stdio_call(
        &["--sandbox", "--log-tool-calls"],
        &[],
        "zia_get_activation_status",
    );
    let audit = |s: &str| -> Vec<(String, String)> {
        s.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["target"] == "audit")
            .map(|v| {
                let f = &v["fields"];
                (
                    f["tool"].as_str().unwrap_or_default().to_string(),
                    f["outcome"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(audit(&quiet), vec![], "{quiet}");
    assert_eq!(
        audit(&logged),
        vec![("zia_get_activation_status".to_string(), "ok".to_string())],
        "{logged}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_api_host_is_named_by_host_and_port() {
    let sim = zscaler_sim::start(
        zscaler_sim::SimConfig::default(),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = zscaler_sim::SimConfig::default();
    let env = [
        ("ZSCALER_CLIENT_ID", d.client_id),
        ("ZSCALER_CLIENT_SECRET", d.client_secret),
        ("ZSCALER_VANITY_DOMAIN", "sandbox".to_string()),
        ("ZSCALER_MCP_TOKEN_URL", sim.token_url()),
        (
            "ZSCALER_MCP_API_BASE_URL",
            format!("http://127.0.0.1:{port}"),
        ),
        ("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "1000".to_string()),
    ];
    let (answer, _) =
        tokio::task::spawn_blocking(move || stdio_call(&[], &env, "zia_get_activation_status"))
            .await
            .unwrap();
    let message = answer["result"]["content"][0]["text"].as_str().unwrap();
    assert_eq!(
        message,
        format!("Could not reach the Zscaler API: ZIA at 127.0.0.1:{port}: connection failed")
    );
}
