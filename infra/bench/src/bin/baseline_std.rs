//! Second, even smaller baseline: std::net::TcpListener, one thread, answers every request
//! with one fixed JSON-RPC result (reads the headers and a Content-Length body; keep-alive).
//! Usage: baseline-std --port PORT (binds 127.0.0.1 only).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

const BODY: &str = r#"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"baseline","version":"0.1.0"}}}"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind");
    eprintln!(
        "baseline-std listening on http://{}",
        listener.local_addr().unwrap()
    );
    for stream in listener.incoming().flatten() {
        serve(stream);
    }
}

/// Serve one connection until the client closes it or asks to.
fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        let mut content_length = 0usize;
        let mut close = false;
        let mut lines = 0;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            lines += 1;
            let l = line.trim_end().to_ascii_lowercase();
            if l.is_empty() {
                if lines == 1 {
                    continue; // stray CRLF between requests
                }
                break;
            }
            if let Some(v) = l.strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap_or(0);
            }
            if l.starts_with("connection:") && l.contains("close") {
                close = true;
            }
        }
        let mut body = vec![0u8; content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let resp = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
            BODY.len(),
            BODY
        );
        if reader.get_mut().write_all(resp.as_bytes()).is_err() || close {
            return;
        }
    }
}
