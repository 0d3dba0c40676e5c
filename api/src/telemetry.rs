//! Logs and traces. Every request is a tracing span (`request`, with its id, operation and status: `http::edge`)
//! with the service operation it calls and each SQL statement it runs (`sql`: `metrics`) nested in it. A request
//! leaves one line at `info` (`answered`); at `RUST_LOG=debug` each statement adds a line naming the spans it ran
//! in, so the log shows one request as a tree. With `--otlp-endpoint` the same spans go to an OpenTelemetry
//! collector over OTLP/HTTP; without it nothing is exported (the default).

use opentelemetry::trace::TracerProvider;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

/// The shape of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// For people.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// Where traces go besides the log: held while the process runs, it flushes what is left when dropped.
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// The subscriber that writes log lines of `format` to `writer` under `filter`, and sends spans to the OTLP
    /// collector at `otlp_endpoint` (its base address, e.g. `http://127.0.0.1:4318`) if one is given.
    pub fn subscriber<W>(
        format: LogFormat,
        filter: EnvFilter,
        otlp_endpoint: Option<&str>,
        writer: W,
    ) -> anyhow::Result<(impl tracing::Subscriber + Send + Sync + 'static, Telemetry)>
    where
        W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
    {
        let lines = tracing_subscriber::fmt::layer().with_writer(writer);
        let lines: Box<dyn Layer<Registry> + Send + Sync> = match format {
            LogFormat::Text => lines.boxed(),
            LogFormat::Json => lines.json().flatten_event(true).boxed(),
        };
        let mut layers = vec![lines];
        let provider = match otlp_endpoint {
            Some(endpoint) => {
                let provider = provider(endpoint)?;
                layers.push(tracing_opentelemetry::layer().with_tracer(provider.tracer("wuye")).boxed());
                Some(provider)
            }
            None => None,
        };
        Ok((Registry::default().with(layers).with(filter), Telemetry { provider }))
    }

    /// Sends the spans finished so far.
    pub fn flush(&self) {
        if let Some(provider) = &self.provider {
            let _ = provider.force_flush();
        }
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            let _ = provider.shutdown();
        }
    }
}

/// A tracer provider that batches spans to the collector at `endpoint` (`/v1/traces` is added unless given).
fn provider(endpoint: &str) -> anyhow::Result<SdkTracerProvider> {
    let endpoint = endpoint.trim_end_matches('/');
    let url = if endpoint.ends_with("/v1/traces") { endpoint.to_owned() } else { format!("{endpoint}/v1/traces") };
    let exporter = opentelemetry_otlp::SpanExporter::builder().with_http().with_endpoint(url).build()?;
    let resource = opentelemetry_sdk::Resource::builder().with_service_name("wuye").build();
    Ok(SdkTracerProvider::builder().with_batch_exporter(exporter).with_resource(resource).build())
}
