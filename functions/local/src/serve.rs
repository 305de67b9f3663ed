//! The local HTTP(S) server: an accept loop that hands each connection to hyper with the
//! peer address attached (for the source-IP ACL), over rustls when a certificate is set.
//!
//! Every resource a client can hold is bounded in time or number:
//! - connections: at most [`MAX_CONNECTIONS`] at once. At the cap the loop stops accepting,
//!   so further clients wait in the kernel's listen backlog (no descriptor, no task, no
//!   CPU) and are served as slots free up. They are not refused: the slots held by idle or
//!   slow clients free themselves within the timeouts below, so a legitimate client waits
//!   seconds at worst, while closing excess connections at once would hand an attacker
//!   who fills the slots a way to refuse everyone else for as long as they keep it up;
//! - the TLS handshake: [`TLS_HANDSHAKE_TIMEOUT`];
//! - request headers: [`HEADER_READ_TIMEOUT`], from the end of the handshake (protocol
//!   detection included) for the first request and, on HTTP/1.1, from the end of the
//!   previous response for the next one, which is also the keep-alive bound;
//! - request bodies: [`REQUEST_BODY_TIMEOUT`] from the end of the headers;
//! - HTTP/2 connections with no request open: closed after [`IDLE_TIMEOUT`] (pings do not
//!   count), and at most [`MAX_H2_STREAMS`] streams at once;
//! - accept errors (the descriptor limit, out of memory): the loop backs off from
//!   [`ACCEPT_BACKOFF_MIN`] to [`ACCEPT_BACKOFF_MAX`] instead of spinning, and logs one line
//!   per [`ACCEPT_ERROR_LOG_INTERVAL`] with the count of the errors it did not log.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use zscaler_mcp::http::PeerAddr;
use zscaler_mcp::McpHttpService;

/// Most connections served at once; more wait in the listen backlog.
pub const MAX_CONNECTIONS: usize = 256;
/// Time for a client to complete the TLS handshake.
pub const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for a client to send a request's headers (see the module documentation).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for a client to send a request's body, from the end of its headers. MCP request
/// bodies are small JSON documents; a client that needs longer is stalling.
pub const REQUEST_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// An HTTP/2 connection with no request open for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// After a graceful close starts (idle, or no first request in time), the connection gets
/// this long to finish before it is dropped.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Concurrent streams per HTTP/2 connection.
pub const MAX_H2_STREAMS: u32 = 32;
/// First pause after a failed accept; doubles per consecutive failure.
pub const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
/// Longest pause between accept attempts while they keep failing.
pub const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);
/// At most one log line per this interval for accept errors and for the connection cap.
pub const ACCEPT_ERROR_LOG_INTERVAL: Duration = Duration::from_secs(30);

/// rustls settings from PEM files; errors name the setting and never echo key material.
pub fn tls_config(cert_file: &str, key_file: &str) -> Result<Arc<rustls::ServerConfig>, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_file)
        .and_then(|it| it.collect())
        .map_err(|_| {
            format!("ZSCALER_MCP_TLS_CERTFILE: cannot read certificates from {cert_file}")
        })?;
    if certs.is_empty() {
        return Err(format!(
            "ZSCALER_MCP_TLS_CERTFILE: no certificate in {cert_file}"
        ));
    }
    let key = PrivateKeyDer::from_pem_file(key_file).map_err(|_| {
        format!("ZSCALER_MCP_TLS_KEYFILE: cannot read a private key from {key_file}")
    })?;
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!("ZSCALER_MCP_TLS_KEYFILE: the key does not fit the certificate ({e})")
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// One log line per [`ACCEPT_ERROR_LOG_INTERVAL`]; counts what it did not log.
struct LogLimit {
    last: Option<Instant>,
    suppressed: u64,
}

impl LogLimit {
    fn new() -> LogLimit {
        LogLimit {
            last: None,
            suppressed: 0,
        }
    }

    /// `Some(suppressed since the last line)` when a line may be logged now.
    fn admit(&mut self) -> Option<u64> {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < ACCEPT_ERROR_LOG_INTERVAL)
        {
            self.suppressed += 1;
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.suppressed))
    }
}

/// The accept loop's state between failures.
struct AcceptBackoff {
    next: Duration,
    failures: u64,
    log: LogLimit,
    recovered_log: LogLimit,
}

impl AcceptBackoff {
    fn new() -> AcceptBackoff {
        AcceptBackoff {
            next: ACCEPT_BACKOFF_MIN,
            failures: 0,
            log: LogLimit::new(),
            recovered_log: LogLimit::new(),
        }
    }

    /// Logs (rate-limited) and returns how long to pause.
    fn failed(&mut self, e: &std::io::Error) -> Duration {
        let pause = self.next;
        self.failures += 1;
        if let Some(suppressed) = self.log.admit() {
            tracing::warn!(
                error = %e,
                suppressed,
                pause_ms = pause.as_millis() as u64,
                "accept failed; backing off (at most one such line per {} s)",
                ACCEPT_ERROR_LOG_INTERVAL.as_secs()
            );
        }
        self.next = (self.next * 2).min(ACCEPT_BACKOFF_MAX);
        pause
    }

    fn succeeded(&mut self) {
        if self.failures > 0 {
            // Rate-limited too: at the descriptor limit, accepts alternate with failures.
            if self.recovered_log.admit().is_some() {
                tracing::info!(
                    failed_accepts = self.failures,
                    "accepting connections again"
                );
            }
            self.failures = 0;
            self.next = ACCEPT_BACKOFF_MIN;
        }
    }
}

/// Serve until Ctrl-C.
pub async fn run(
    listener: TcpListener,
    service: McpHttpService,
    tls: Option<Arc<rustls::ServerConfig>>,
) {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_H2_STREAMS);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut backoff = AcceptBackoff::new();
    let mut at_cap_log = LogLimit::new();
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        // A slot first: at the cap, clients wait in the backlog rather than in our memory.
        let permit = match slots.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if let Some(suppressed) = at_cap_log.admit() {
                    tracing::warn!(
                        max = MAX_CONNECTIONS,
                        suppressed,
                        "connection limit reached; new connections wait until one closes"
                    );
                }
                tokio::select! {
                    p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
                    _ = &mut shutdown => return,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => {
                    backoff.succeeded();
                    conn
                }
                Err(e) => {
                    drop(permit);
                    let pause = backoff.failed(&e);
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = &mut shutdown => return,
                    }
                    continue;
                }
            },
            _ = &mut shutdown => return,
        };
        let service = service.clone();
        let acceptor = acceptor.clone();
        let builder = builder.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let served = match acceptor {
                Some(acceptor) => {
                    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                    {
                        Ok(Ok(tls)) => serve_io(&builder, TokioIo::new(tls), service, peer).await,
                        Ok(Err(e)) => {
                            tracing::debug!(error = %e, %peer, "TLS handshake failed");
                            return;
                        }
                        Err(_) => {
                            tracing::debug!(%peer, "TLS handshake timed out");
                            return;
                        }
                    }
                }
                None => serve_io(&builder, TokioIo::new(stream), service, peer).await,
            };
            if let Err(e) = served {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
}

/// What the connection's requests are doing, for the idle rules.
struct Activity {
    start: Instant,
    /// Requests that reached the service so far.
    requests: AtomicU64,
    /// Requests whose response is not produced yet.
    open: AtomicUsize,
    /// Milliseconds since `start` of the last request start or end.
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            requests: AtomicU64::new(0),
            open: AtomicUsize::new(0),
            last_ms: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn begin(self: &Arc<Self>) -> OpenRequest {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.open.fetch_add(1, Ordering::Relaxed);
        self.touch();
        OpenRequest(self.clone())
    }

    /// When the connection should start closing, as seen now: `None` while a request is
    /// open (its body has its own deadline, its handling the upstream budget).
    fn close_at(&self) -> Option<Instant> {
        if self.open.load(Ordering::Relaxed) > 0 {
            return None;
        }
        if self.requests.load(Ordering::Relaxed) == 0 {
            return Some(self.start + HEADER_READ_TIMEOUT);
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        Some(self.start + last + IDLE_TIMEOUT)
    }
}

/// Counts a request as open until dropped (response produced, or the request abandoned).
struct OpenRequest(Arc<Activity>);

impl Drop for OpenRequest {
    fn drop(&mut self) {
        self.0.touch();
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves one connection under the idle rules: no first request within
/// [`HEADER_READ_TIMEOUT`], or no request open for [`IDLE_TIMEOUT`], starts a graceful
/// close; [`SHUTDOWN_GRACE`] later the connection is dropped.
async fn serve_io<I>(
    builder: &Builder<TokioExecutor>,
    io: I,
    service: McpHttpService,
    peer: SocketAddr,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let hyper_service = TowerToHyperService::new(with_peer(service, peer, activity.clone()));
    let conn = builder.serve_connection(io, hyper_service);
    let mut conn = std::pin::pin!(conn);
    let mut closing_since: Option<Instant> = None;
    loop {
        let wake = match closing_since {
            Some(t) => t + SHUTDOWN_GRACE,
            // While a request is open, look again later.
            None => activity
                .close_at()
                .unwrap_or_else(|| Instant::now() + IDLE_TIMEOUT),
        };
        tokio::select! {
            done = conn.as_mut() => return done,
            _ = tokio::time::sleep_until(wake.into()) => {}
        }
        let now = Instant::now();
        match closing_since {
            Some(t) if now >= t + SHUTDOWN_GRACE => return Ok(()),
            Some(_) => {}
            None => {
                if activity.close_at().is_some_and(|at| now >= at) {
                    conn.as_mut().graceful_shutdown();
                    closing_since = Some(now);
                }
            }
        }
    }
}

/// A request body that fails once [`REQUEST_BODY_TIMEOUT`] has passed without its end.
struct TimedBody {
    inner: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

#[derive(Debug)]
struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body did not arrive within {} s",
            REQUEST_BODY_TIMEOUT.as_secs()
        )
    }
}

impl std::error::Error for BodyTimedOut {}

impl Body for TimedBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

fn with_peer(
    service: McpHttpService,
    peer: SocketAddr,
    activity: Arc<Activity>,
) -> impl tower::Service<
    http::Request<Incoming>,
    Response = zscaler_mcp::http::HttpResponse,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |req: http::Request<Incoming>| {
        let open = activity.begin();
        let (mut parts, body) = req.into_parts();
        parts.extensions.insert(PeerAddr(peer));
        let body = TimedBody {
            inner: body,
            deadline: Box::pin(tokio::time::sleep(REQUEST_BODY_TIMEOUT)),
        };
        let req = http::Request::from_parts(parts, body);
        let service = service.clone();
        async move {
            let response = service.handle(req).await;
            drop(open);
            Ok(response)
        }
    })
}
