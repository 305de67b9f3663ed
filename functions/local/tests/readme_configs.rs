//! The README's copy-paste client configurations (Claude Desktop, Cursor, VS Code) work as
//! written: each `<!-- client-config: … -->` JSON block is parsed, the binary is started with
//! exactly its command, args and env (plus `--sandbox`, so no account is needed), and a
//! stdio session runs initialize, `tools/list` and one read call.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_zscaler-mcp");

/// The JSON block after each `<!-- client-config: NAME -->` marker, by name.
fn readme_configs() -> Vec<(String, Value)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let mut out = Vec::new();
    for chunk in readme.split("<!-- client-config: ").skip(1) {
        let (name, rest) = chunk.split_once(" -->").expect("marker end");
        let body = rest
            .trim_start()
            .strip_prefix("```json\n")
            .expect("a json block right after the marker");
        let json = &body[..body.find("\n```").expect("block end")];
        let value: Value = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("{name}: the README block is not JSON: {e}"));
        out.push((name.to_string(), value));
    }
    out
}

/// The one server entry of a client configuration (`mcpServers` or VS Code's `servers`).
fn server_entry(config: &Value) -> &Value {
    let servers = config
        .get("mcpServers")
        .or_else(|| config.get("servers"))
        .and_then(Value::as_object)
        .expect("mcpServers or servers");
    assert_eq!(servers.len(), 1);
    servers.values().next().unwrap()
}

struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    lines: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Session {
    /// Start the server as `entry` says, with the built binary for `zscaler-mcp`.
    fn start(entry: &Value) -> Session {
        assert_eq!(entry["command"], "zscaler-mcp");
        if let Some(kind) = entry.get("type") {
            assert_eq!(kind, "stdio");
        }
        let args: Vec<&str> = entry["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let env = entry["env"].as_object().unwrap();
        let mut child = Command::new(BIN)
            .args(&args)
            .arg("--sandbox")
            .current_dir(std::env::temp_dir())
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v.as_str().unwrap())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let v: Value = serde_json::from_str(&line).expect("stdout carries only JSON-RPC");
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            lines,
            next_id: 1,
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        writeln!(self.stdin, "{msg}").unwrap();
        let answer = self
            .lines
            .recv_timeout(Duration::from_secs(30))
            .expect("an answer");
        assert_eq!(answer["id"], id, "{answer}");
        answer
    }

    fn notify(&mut self, method: &str) {
        writeln!(
            self.stdin,
            "{}",
            json!({"jsonrpc": "2.0", "method": method})
        )
        .unwrap();
    }

    fn tool_names(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        let mut cursor = Value::Null;
        loop {
            let params = match &cursor {
                Value::String(_) => json!({"cursor": cursor}),
                _ => json!({}),
            };
            let page = self.request("tools/list", params);
            for tool in page["result"]["tools"].as_array().expect("tools") {
                names.push(tool["name"].as_str().unwrap().to_string());
            }
            cursor = page["result"]["nextCursor"].clone();
            if !cursor.is_string() {
                return names;
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The read tools of `services` (no write flags in these configurations).
#[test]
fn each_readme_client_config_starts_a_working_server() {
    let configs = readme_configs();
    let names: Vec<&str> = configs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["claude-desktop", "cursor", "vscode"]);
    for (name, config) in &configs {
        let entry = server_entry(config);
        let mut s = Session::start(entry);
        let init = s.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": name, "version": "1"}}),
        );
        assert_eq!(init["result"]["protocolVersion"], "2025-06-18", "{name}");
        s.notify("notifications/initialized");
        // The default surface: search and the read invoker (these configs allow no writes).
        let mut listed = s.tool_names();
        listed.sort();
        assert_eq!(
            listed,
            ["zscaler_call_read_tool", "zscaler_search_tools"],
            "{name}"
        );
        // The config's service selection applies to calls by name: ZCC is outside Claude
        // Desktop's `--services zia,zpa,zdx`, inside the others' (every service).
        let zcc = s.request(
            "tools/call",
            json!({"name": "zcc_list_devices", "arguments": {}}),
        );
        let refused = zcc["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Unknown tool: \"zcc_list_devices\"."));
        assert_eq!(refused, name == "claude-desktop", "{name}: {zcc}");
        let call = s.request(
            "tools/call",
            json!({"name": "zia_get_activation_status", "arguments": {}}),
        );
        assert_eq!(call["result"]["isError"], false, "{name}: {call}");
        let text = call["result"]["content"][0]["text"].as_str().unwrap();
        let status: Value = serde_json::from_str(text).unwrap();
        assert!(status.get("status").is_some(), "{name}: {text}");
    }
}
