//! Structured logs: JSON lines (CloudWatch-friendly) on stderr, so stdout stays free for
//! the stdio transport. `RUST_LOG` or `ZSCALER_MCP_DEBUG` raise the level, except for the
//! crates that would log request payloads, header values or secrets: those are capped by
//! `PAYLOAD_CAPS`, a separate filter that no `RUST_LOG` directive can lift.

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt};
use tracing_subscriber::prelude::*;

/// Which targets a cap covers. Targets are module paths (`h2::codec::framed_read`) or custom
/// targets that start with the crate name (`axum::rejection`,
/// `aws_smithy_runtime::client::orchestrator`); `log` records (reqwest, rustls) keep their
/// module path as target. Matching is on the first `::` segment, never on a substring, so
/// `hyper` does not cover `hyperx` and nothing covers `zscaler_mcp`.
#[derive(Clone, Copy, Debug)]
enum Crates {
    /// Exactly this crate.
    Named(&'static str),
    /// Every crate whose name starts with this prefix (`aws_` covers `aws_sdk_*`,
    /// `aws_smithy_*`, `aws_runtime`, `aws_sigv4`, `aws_types`, …).
    Family(&'static str),
}

/// The most verbose level each payload-handling crate may log at, whatever `RUST_LOG` says.
/// Reviewed against the locked versions; the rule for every crate that handles raw requests
/// is "never trace": trace is where these crates dump wire data. A crate with no events at
/// all is held at info, so that a future release's unreviewed debug lines stay out.
///
/// | crate (locked version)        | cap   | why not the next level                              |
/// |-------------------------------|-------|-----------------------------------------------------|
/// | lambda_runtime 1.5            | debug | trace: the raw invocation event (every header, `x-api-key`, `Authorization`, the body) and streamed response headers; debug only names concurrency settings |
/// | lambda_runtime_api_client 1.1 | info  | no events; it carries every event and response      |
/// | lambda_http 1.3               | info  | no events; it converts every request and response   |
/// | hyper 1.12                    | debug | (events compiled out without `hyper_unstable_tracing`) trace is per-byte I/O; debug: sizes, header counts and names only |
/// | hyper_util 0.1                | info  | debug: a non-absolute request URI, query string included |
/// | h2 0.4                        | debug | trace: a `te` header value; debug frames omit header fields and DATA |
/// | reqwest 0.13 (`log`)          | debug | trace: every byte read and written on a verbose connection (plaintext HTTP: `Authorization`, the OneAPI client secret); debug: host names, proxy URI without credentials |
/// | rustls 0.23 (`log`), rustls_platform_verifier, hyper_rustls, tokio_rustls | debug | trace: handshake messages, with session-resumption PSK identities; debug: suite, ALPN, server name |
/// | aws_config 1.13               | warn  | info: the profile provider's credentials (access key id) and provider chain; debug/trace as the family below |
/// | aws_sdk_*, aws_smithy_*, aws_runtime, aws_sigv4, aws_types, aws_credential_types (family `aws_`) | info | trace: every request and response with headers (`x-amz-security-token`) and bodies (GetSecretValue's `SecretString`), the request being signed, profile and env values (`aws_secret_access_key`); debug: the resolved identity with its access key id (in the endpoint parameters), config file paths |
/// | tower_http 0.6                | warn  | its `TraceLayer` logs the URI at debug and, if asked, every header at a level the caller picks (info included); not used today |
/// | axum 0.8, axum_core 0.5       | debug | trace (`axum::rejection`): the rejection body, serde errors quoting request input |
/// | rmcp 3.11                     | error | debug: whole JSON-RPC requests and results (tool arguments, confirmation tokens); info: every client notification whole and the client's initialize parameters; warn: client-chosen strings verbatim (an unknown method name, the initialize `protocolVersion`, rejected Host and Origin values, JSON-RPC error messages, ours quoting an unknown tool name). Its error lines (stateless HTTP) name transport failures only |
const PAYLOAD_CAPS: &[(Crates, Level)] = &[
    (Crates::Named("lambda_runtime"), Level::DEBUG),
    (Crates::Named("lambda_runtime_api_client"), Level::INFO),
    (Crates::Named("lambda_http"), Level::INFO),
    (Crates::Named("hyper"), Level::DEBUG),
    (Crates::Named("hyper_util"), Level::INFO),
    (Crates::Named("h2"), Level::DEBUG),
    (Crates::Named("reqwest"), Level::DEBUG),
    (Crates::Named("rustls"), Level::DEBUG),
    (Crates::Named("rustls_platform_verifier"), Level::DEBUG),
    (Crates::Named("hyper_rustls"), Level::DEBUG),
    (Crates::Named("tokio_rustls"), Level::DEBUG),
    // Before the `aws_` family: the first matching entry wins.
    (Crates::Named("aws_config"), Level::WARN),
    (Crates::Family("aws_"), Level::INFO),
    (Crates::Named("tower_http"), Level::WARN),
    (Crates::Named("axum"), Level::DEBUG),
    (Crates::Named("axum_core"), Level::DEBUG),
    (Crates::Named("rmcp"), Level::ERROR),
];

/// The cap for a target, if it belongs to a payload-handling crate.
fn cap_for(target: &str) -> Option<Level> {
    let first = target.split("::").next().unwrap_or(target);
    PAYLOAD_CAPS
        .iter()
        .find(|(crates, _)| match crates {
            Crates::Named(name) => first == *name,
            Crates::Family(prefix) => first.starts_with(prefix),
        })
        .map(|(_, level)| *level)
}

/// The separate filter: false for an event or span more verbose than its crate's cap. It is
/// combined with the `EnvFilter` by `and`, so no `RUST_LOG` directive, however specific
/// (`rmcp::service=trace`, `lambda_runtime=trace`), lets one through.
fn below_payload_level(meta: &Metadata<'_>) -> bool {
    // tracing orders levels by verbosity: TRACE > DEBUG > … > ERROR.
    cap_for(meta.target()).is_none_or(|cap| *meta.level() <= cap)
}

/// The `EnvFilter` directives in force: `RUST_LOG` as given, else info (debug with
/// `ZSCALER_MCP_DEBUG`). rmcp stays at error by its cap (which also keeps out the info
/// lines stateless HTTP would write three times per call).
fn directives(rust_log: Option<&str>, debug: bool) -> String {
    match rust_log {
        Some(requested) if !requested.trim().is_empty() => requested.to_string(),
        _ if debug => "debug".to_string(),
        _ => "info".to_string(),
    }
}

pub fn init() {
    let debug = std::env::var("ZSCALER_MCP_DEBUG").is_ok_and(|v| v == "true" || v == "1");
    let rust_log = std::env::var("RUST_LOG").ok();
    let mut in_force = directives(rust_log.as_deref(), debug);
    let filter = EnvFilter::try_new(&in_force).unwrap_or_else(|_| {
        in_force = directives(None, debug);
        EnvFilter::new(&in_force)
    });
    let layer = tracing_subscriber::fmt::layer()
        .json()
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .with_filter(filter.and(filter_fn(below_payload_level)));
    let _ = tracing_subscriber::registry().with(layer).try_init();
    tracing::trace!(
        directives = %in_force,
        "log filter in force; crates that log payloads are capped (lambda_runtime, hyper, h2, \
         reqwest, rustls, axum at debug; hyper_util, lambda_http, the AWS SDK at info; \
         tower_http, aws_config at warn; rmcp at error)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::callsite::Identifier;
    use tracing::field::FieldSet;
    use tracing::metadata::Kind;

    struct Site;
    static SITE: Site = Site;
    impl tracing::callsite::Callsite for Site {
        fn set_interest(&self, _: tracing::subscriber::Interest) {}
        fn metadata(&self) -> &Metadata<'_> {
            unreachable!("only the identifier is used")
        }
    }

    fn meta(target: &'static str, level: Level) -> Metadata<'static> {
        Metadata::new(
            "event",
            target,
            level,
            None,
            None,
            None,
            FieldSet::new(&[], Identifier(&SITE)),
            Kind::EVENT,
        )
    }

    fn passes(target: &'static str, level: Level) -> bool {
        below_payload_level(&meta(target, level))
    }

    /// The most verbose level that passes for `target`.
    fn most_verbose(target: &'static str) -> Level {
        [
            Level::TRACE,
            Level::DEBUG,
            Level::INFO,
            Level::WARN,
            Level::ERROR,
        ]
        .into_iter()
        .find(|l| passes(target, *l))
        .expect("error always passes")
    }

    #[test]
    fn every_payload_crate_is_capped_at_its_level_whatever_the_target_form() {
        let cases: &[(&'static str, Level)] = &[
            // The targets these crates really log under (module paths and custom targets).
            ("lambda_runtime", Level::DEBUG),
            ("lambda_runtime::layers::api_response", Level::DEBUG),
            ("lambda_runtime::layers::api_client", Level::DEBUG),
            ("lambda_runtime::requests", Level::DEBUG),
            ("lambda_runtime_api_client", Level::INFO),
            ("lambda_http::request", Level::INFO),
            ("hyper::proto::h1::io", Level::DEBUG),
            ("hyper_util::client::legacy::client", Level::INFO),
            ("h2::codec::framed_read", Level::DEBUG),
            ("h2::proto::connection", Level::DEBUG),
            ("h2", Level::DEBUG),
            ("reqwest::connect", Level::DEBUG),
            ("rustls::client::hs", Level::DEBUG),
            (
                "rustls_platform_verifier::verification::others",
                Level::DEBUG,
            ),
            ("hyper_rustls::config", Level::DEBUG),
            ("tokio_rustls", Level::DEBUG),
            ("aws_smithy_runtime::client::orchestrator", Level::INFO),
            (
                "aws_smithy_runtime::client::orchestrator::http",
                Level::INFO,
            ),
            ("aws_smithy_http_client::client", Level::INFO),
            (
                "aws_sdk_secretsmanager::operation::get_secret_value",
                Level::INFO,
            ),
            ("aws_sdk_sts", Level::INFO),
            ("aws_config::meta::credentials::chain", Level::WARN),
            ("aws_runtime::env_config", Level::INFO),
            ("aws_sigv4::http_request::sign", Level::INFO),
            ("tower_http::trace::on_response", Level::WARN),
            ("axum::rejection", Level::DEBUG),
            ("axum::serve", Level::DEBUG),
            ("axum_core", Level::DEBUG),
            ("rmcp", Level::ERROR),
            ("rmcp::service", Level::ERROR),
            (
                "rmcp::transport::streamable_http_server::tower",
                Level::ERROR,
            ),
        ];
        for &(target, cap) in cases {
            assert_eq!(most_verbose(target), cap, "{target}");
        }
    }

    #[test]
    fn crates_are_matched_by_whole_segment_not_by_substring() {
        for target in [
            "zscaler_mcp",
            "zscaler_mcp::server",
            "zscaler_mcp::logging",
            "audit",
            "hyperx",
            "hyper_utilities",
            "h2o",
            "rmcp_extra",
            "reqwest_middleware",
            "my_rmcp",
            "lambda_runtime_extra",
            "awsome",
            "tokio::task",
            "globset",
        ] {
            assert_eq!(most_verbose(target), Level::TRACE, "{target}");
        }
    }

    #[test]
    fn errors_always_pass_and_warnings_but_from_rmcp() {
        for target in ["rmcp", "tower_http", "lambda_http", "aws_config", "reqwest"] {
            assert!(passes(target, Level::ERROR));
            assert_eq!(passes(target, Level::WARN), target != "rmcp", "{target}");
        }
    }

    #[test]
    fn directives_take_rust_log_as_given() {
        assert_eq!(directives(None, false), "info");
        assert_eq!(directives(None, true), "debug");
        assert_eq!(directives(Some(""), true), "debug");
        assert_eq!(directives(Some("trace"), false), "trace");
        assert_eq!(
            directives(Some("trace,rmcp=trace,lambda_runtime=trace"), false),
            "trace,rmcp=trace,lambda_runtime=trace"
        );
    }
}
