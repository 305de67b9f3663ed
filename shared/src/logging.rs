//! Structured logs: JSON lines (CloudWatch-friendly) on stderr, so stdout stays free for
//! the stdio transport. `RUST_LOG` or `ZSCALER_MCP_DEBUG` raise the level, except for
//! targets that would log request payloads.

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt};
use tracing_subscriber::prelude::*;

/// rmcp's debug and trace events print whole JSON-RPC messages (tool arguments,
/// confirmation tokens). This cap is a separate filter, so no `RUST_LOG` directive, however
/// specific (`rmcp::service=trace`), lets them through.
fn below_payload_level(meta: &Metadata<'_>) -> bool {
    !(meta.target().starts_with("rmcp") && *meta.level() > Level::INFO)
}

/// The `EnvFilter` directives in force. Unless `RUST_LOG` names rmcp, it logs at warn:
/// stateless HTTP runs one rmcp session per request, and its info lines ("Service
/// initialized", "serve finished") would be three log lines per call.
fn directives(rust_log: Option<&str>, debug: bool) -> String {
    let default = if debug { "debug" } else { "info" };
    match rust_log {
        Some(requested) if requested.contains("rmcp") => requested.to_string(),
        Some(requested) => format!("{requested},rmcp=warn"),
        None => format!("{default},rmcp=warn"),
    }
}

pub fn init() {
    let debug = std::env::var("ZSCALER_MCP_DEBUG").is_ok_and(|v| v == "true" || v == "1");
    let rust_log = std::env::var("RUST_LOG").ok();
    let filter = EnvFilter::try_new(directives(rust_log.as_deref(), debug))
        .unwrap_or_else(|_| EnvFilter::new(directives(None, debug)));
    let layer = tracing_subscriber::fmt::layer()
        .json()
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .with_filter(filter.and(filter_fn(below_payload_level)));
    let _ = tracing_subscriber::registry().with(layer).try_init();
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

    #[test]
    fn rmcp_payload_levels_are_capped_whatever_the_directive() {
        assert!(!below_payload_level(&meta("rmcp::service", Level::DEBUG)));
        assert!(!below_payload_level(&meta("rmcp", Level::TRACE)));
        assert!(below_payload_level(&meta("rmcp::service", Level::INFO)));
        assert!(below_payload_level(&meta("rmcp", Level::WARN)));
        assert!(below_payload_level(&meta(
            "zscaler_mcp::audit",
            Level::TRACE
        )));
    }

    #[test]
    fn rmcp_defaults_to_warn_unless_named() {
        assert_eq!(directives(None, false), "info,rmcp=warn");
        assert_eq!(directives(None, true), "debug,rmcp=warn");
        assert_eq!(directives(Some("trace"), false), "trace,rmcp=warn");
        assert_eq!(directives(Some("info,rmcp=info"), false), "info,rmcp=info");
    }
}
