//! The local HTTP server under clients that hold its resources (issue 14): slow or silent
//! connections are closed within the timeouts, the descriptor limit does not make the accept
//! loop spin or flood its log, and the connection cap makes extra clients wait, not fail.
//! The limits are the constants of functions/local/src/serve.rs, repeated here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_zscaler-mcp");

/// serve.rs `HEADER_READ_TIMEOUT`.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// serve.rs `TLS_HANDSHAKE_TIMEOUT`.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// serve.rs `REQUEST_BODY_TIMEOUT`.
const REQUEST_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// serve.rs `SHUTDOWN_GRACE`.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// serve.rs `MAX_CONNECTIONS`.
const MAX_CONNECTIONS: usize = 256;
/// Scheduling slack on a busy two-core machine.
const SLACK: Duration = Duration::from_secs(4);

struct Server {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn log_lines(&self) -> usize {
        self.log_text().lines().count()
    }
}

fn log_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "zscaler-mcp-limits-{name}-{}.log",
        std::process::id()
    ))
}

/// `zscaler-mcp --sandbox` over HTTP on a free loopback port, stderr to a file; with
/// `nofile`, under that descriptor limit (set by the shell, which then execs the server,
/// so the pid is the server's).
fn spawn(name: &str, nofile: Option<u32>, env: &[(&str, String)]) -> Server {
    let log = log_path(name);
    let args = ["--transport", "streamable-http", "--port", "0", "--sandbox"];
    let mut cmd = match nofile {
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                .arg(BIN)
                .args(args);
            c
        }
        None => {
            let mut c = Command::new(BIN);
            c.args(args);
            c
        }
    };
    let child = cmd
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.to_string(), v.clone())))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("server starts");
    let mut server = Server {
        child,
        addr: String::new(),
        log,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = server.log_text();
        if let Some(line) = text
            .lines()
            .find_map(|l| l.strip_prefix("zscaler-mcp listening on "))
        {
            let rest = line.split("://").nth(1).unwrap();
            server.addr = rest.trim_end_matches("/mcp").to_string();
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("server exited {status}: {text}");
        }
        assert!(Instant::now() < deadline, "server did not start: {text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Reads until the peer closes (or errors), answering nothing; returns when it closed,
/// or `None` if it was still open at `limit`. Keeps writing `trickle` every second,
/// like a slowloris client, when given.
fn wait_closed(mut s: TcpStream, limit: Duration, trickle: Option<&[u8]>) -> Option<Duration> {
    let start = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(250)))
        .unwrap();
    let mut buf = [0u8; 4096];
    let mut last_write = Instant::now();
    loop {
        if start.elapsed() > limit {
            return None;
        }
        match s.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(start.elapsed()),
        }
        if let Some(bytes) = trickle {
            if last_write.elapsed() >= Duration::from_secs(1) {
                last_write = Instant::now();
                if s.write_all(bytes).is_err() {
                    return Some(start.elapsed());
                }
            }
        }
    }
}

fn connect(addr: &str) -> TcpStream {
    TcpStream::connect(addr).expect("loopback connect")
}

/// `GET /health` on a fresh connection; the status code, or `None` on any failure.
fn health(addr: &str, timeout: Duration) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(timeout)).ok()?;
    s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const H2_EMPTY_SETTINGS: &[u8] = &[0, 0, 0, 4, 0, 0, 0, 0, 0];
const H2_PING: &[u8] = &[0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

#[test]
fn slow_and_silent_connections_are_closed_within_the_header_timeout() {
    let server = spawn("slowloris", None, &[]);
    let addr = server.addr.clone();
    let h1_limit = HEADER_READ_TIMEOUT + SLACK;
    // HTTP/2 closes gracefully (GOAWAY), then waits SHUTDOWN_GRACE for a peer that never
    // acknowledges.
    let h2_limit = HEADER_READ_TIMEOUT + SHUTDOWN_GRACE + SLACK;
    type Variant = (&'static str, &'static [u8], Option<&'static [u8]>, Duration);
    let variants: Vec<Variant> = vec![
        ("silent", b"", None, h1_limit),
        ("partial request line", b"POST /mcp HTT", None, h1_limit),
        (
            "partial headers",
            b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            None,
            h1_limit,
        ),
        (
            "headers trickled a line a second",
            b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            Some(b"X-Slow: 1\r\n"),
            h1_limit,
        ),
        ("one byte a second", b"G", Some(b"E"), h1_limit),
        // Protocol detection waits for the whole 24-byte preface.
        (
            "partial h2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM",
            None,
            h2_limit,
        ),
        ("h2 preface, then nothing", H2_PREFACE, None, h2_limit),
        (
            "h2 settings, then pings",
            H2_PREFACE,
            Some(H2_PING),
            h2_limit,
        ),
    ];
    let mut handles = Vec::new();
    // 30 connections: every variant several times, all at once.
    for i in 0..30 {
        let (name, first, trickle, limit) = variants[i % variants.len()];
        let addr = addr.clone();
        handles.push(std::thread::spawn(move || {
            let mut s = connect(&addr);
            s.write_all(first).unwrap();
            if name == "h2 settings, then pings" {
                s.write_all(H2_EMPTY_SETTINGS).unwrap();
            }
            (name, limit, wait_closed(s, limit, trickle))
        }));
    }
    // A keep-alive connection left idle after a complete request.
    let idle_addr = addr.clone();
    let idle = std::thread::spawn(move || {
        let mut s = connect(&idle_addr);
        s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        assert_eq!(&head[9..12], b"200");
        wait_closed(s, h1_limit, None)
    });
    // Meanwhile the server serves others.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(health(&addr, Duration::from_secs(5)), Some(200));

    for h in handles {
        let (name, limit, closed) = h.join().unwrap();
        let closed = closed.unwrap_or_else(|| panic!("{name}: still open after {limit:?}"));
        assert!(
            closed >= HEADER_READ_TIMEOUT - Duration::from_secs(2),
            "{name}: closed after {closed:?}, before the timeout (a different cause?)"
        );
    }
    let closed = idle.join().unwrap().expect("idle keep-alive closed");
    assert!(closed <= h1_limit, "{closed:?}");
    assert_eq!(health(&addr, Duration::from_secs(5)), Some(200));
    assert!(
        !server.log_text().contains("panicked"),
        "{}",
        server.log_text()
    );
}

#[test]
fn a_stalled_request_body_is_cut_off() {
    let server = spawn("body", None, &[]);
    let mut s = connect(&server.addr);
    s.write_all(
        b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
          Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"",
    )
    .unwrap();
    let start = Instant::now();
    s.set_read_timeout(Some(REQUEST_BODY_TIMEOUT + SLACK + SLACK))
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Trickle nothing more: the body never completes.
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
        }
    }
    let took = start.elapsed();
    assert!(
        took >= REQUEST_BODY_TIMEOUT - Duration::from_secs(2)
            && took <= REQUEST_BODY_TIMEOUT + SLACK,
        "answered after {took:?}"
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 400"),
        "a 400 or a closed connection: {text}"
    );
}

#[test]
fn silent_clients_of_the_tls_server_are_closed_within_the_handshake_timeout() {
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-limits-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert_file, key_file) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let server = spawn(
        "tls",
        None,
        &[
            ("ZSCALER_MCP_TLS_CERTFILE", cert_file.display().to_string()),
            ("ZSCALER_MCP_TLS_KEYFILE", key_file.display().to_string()),
        ],
    );
    let limit = TLS_HANDSHAKE_TIMEOUT + SLACK;
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut s = connect(&addr);
                // Half of them send the start of a ClientHello record and stop.
                if i % 2 == 1 {
                    s.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01]).unwrap();
                }
                wait_closed(s, limit, None)
            })
        })
        .collect();
    for h in handles {
        let closed = h
            .join()
            .unwrap()
            .expect("closed within the handshake timeout");
        assert!(
            closed >= TLS_HANDSHAKE_TIMEOUT - Duration::from_secs(2),
            "{closed:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// utime + stime of `pid`, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of proc(5), counted from after the command name.
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / clock_ticks()
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn assert_quiet_and_serving_again(server: &Server, held: Vec<TcpStream>, label: &str) {
    let pid = server.pid();
    let lines_before = server.log_lines();
    let cpu_before = cpu_seconds(pid);
    let window = Duration::from_secs(4);
    std::thread::sleep(window);
    let cpu = (cpu_seconds(pid) - cpu_before) / window.as_secs_f64();
    let new_lines = server.log_lines() - lines_before;
    assert!(
        cpu < 0.2,
        "{label}: the server used {:.0}% of a CPU while at the limit",
        cpu * 100.0
    );
    assert!(
        new_lines <= 3,
        "{label}: {new_lines} log lines in {window:?}: {}",
        server.log_text()
    );
    // Everything held is released: the server serves again, quickly.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if health(&server.addr, Duration::from_secs(3)) == Some(200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{label}: not serving again: {}",
            server.log_text()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn at_the_descriptor_limit_the_accept_loop_backs_off_quietly_and_recovers() {
    let server = spawn("nofile", Some(64), &[]);
    let pid = server.pid();
    assert_eq!(health(&server.addr, Duration::from_secs(5)), Some(200));
    // More connections than the server has descriptors: it accepts until accept fails
    // with EMFILE, and the rest wait in the backlog.
    let held: Vec<TcpStream> = (0..120).map(|_| connect(&server.addr)).collect();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.log_text().contains("accept failed") {
        assert!(
            Instant::now() < deadline,
            "the server never hit its descriptor limit ({} fds open): {}",
            open_fds(pid),
            server.log_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(open_fds(pid) >= 60, "{} fds", open_fds(pid));
    // Measured well within the header timeout, while the connections are still held.
    assert_quiet_and_serving_again(&server, held, "EMFILE");
    let text = server.log_text();
    assert!(
        text.lines().filter(|l| l.contains("accept failed")).count() <= 2,
        "{text}"
    );
}

#[test]
fn past_the_connection_cap_clients_wait_and_are_then_served() {
    let server = spawn("cap", None, &[]);
    let held: Vec<TcpStream> = (0..MAX_CONNECTIONS)
        .map(|_| connect(&server.addr))
        .collect();
    // Let the server accept all of them.
    std::thread::sleep(Duration::from_millis(1000));
    let addr = server.addr.clone();
    let waiting = std::thread::spawn(move || {
        let start = Instant::now();
        (health(&addr, Duration::from_secs(30)), start.elapsed())
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !waiting.is_finished(),
        "the 257th connection was served at once"
    );
    assert!(server.log_text().contains("connection limit reached"));
    // Free a few slots: the waiting client is served, well before the silent ones time out.
    let mut held = held;
    held.truncate(MAX_CONNECTIONS - 5);
    let (status, took) = waiting.join().unwrap();
    assert_eq!(status, Some(200));
    assert!(took < HEADER_READ_TIMEOUT, "{took:?}");
    assert_quiet_and_serving_again(&server, held, "cap");
}
