//! The local HTTP(S) server: an accept loop that hands each connection to hyper with the
//! peer address attached (for the source-IP ACL), over rustls when a certificate is set.

use std::net::SocketAddr;
use std::sync::Arc;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use zscaler_mcp::http::PeerAddr;
use zscaler_mcp::McpHttpService;

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

/// Serve until Ctrl-C.
pub async fn run(
    listener: TcpListener,
    service: McpHttpService,
    tls: Option<Arc<rustls::ServerConfig>>,
) {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    continue;
                }
            },
            _ = &mut shutdown => return,
        };
        let service = service.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let hyper_service = TowerToHyperService::new(with_peer(service, peer));
            let builder = Builder::new(TokioExecutor::new());
            let served = match acceptor {
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(tls) => {
                        builder
                            .serve_connection(TokioIo::new(tls), hyper_service)
                            .await
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, %peer, "TLS handshake failed");
                        return;
                    }
                },
                None => {
                    builder
                        .serve_connection(TokioIo::new(stream), hyper_service)
                        .await
                }
            };
            if let Err(e) = served {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
}

fn with_peer(
    service: McpHttpService,
    peer: SocketAddr,
) -> impl tower::Service<
    http::Request<hyper::body::Incoming>,
    Response = zscaler_mcp::http::HttpResponse,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |mut req: http::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(PeerAddr(peer));
        let service = service.clone();
        async move { Ok(service.handle(req).await) }
    })
}
