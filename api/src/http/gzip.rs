//! gzip for responses when the client accepts it: a stream of chunks compressed as they pass (each chunk flushed,
//! so a download starts at once and never sits in memory whole).

use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::{Stream, StreamExt};
use poem::Request;
use poem::http::header;
use std::io::Write;

/// Whether the client accepts gzip.
pub fn accepted(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// `chunks`, gzip-compressed.
pub fn compress<S>(chunks: S) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static
where
    S: Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static,
{
    let state = (Box::pin(chunks), Some(GzEncoder::new(Vec::new(), Compression::default())));
    futures_util::stream::unfold(state, |(mut chunks, encoder)| async move {
        let mut encoder = encoder?;
        match chunks.next().await {
            Some(Ok(chunk)) => {
                let written = encoder.write_all(&chunk).and_then(|()| encoder.flush());
                let out = written.map(|()| std::mem::take(encoder.get_mut()));
                Some((out, (chunks, Some(encoder))))
            }
            Some(Err(error)) => Some((Err(error), (chunks, None))),
            None => Some((encoder.finish(), (chunks, None))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[tokio::test]
    async fn compressed_chunks_decompress_to_the_original() {
        let chunks = futures_util::stream::iter(
            ["锦绣花园,", "幸福家园\r\n", "x".repeat(10_000).leak()].map(|s| Ok(s.as_bytes().to_vec())),
        );
        let compressed: Vec<u8> = compress(chunks).map(|c| c.unwrap()).concat().await;
        let mut text = String::new();
        flate2::read::GzDecoder::new(&compressed[..]).read_to_string(&mut text).unwrap();
        assert_eq!(text, format!("锦绣花园,幸福家园\r\n{}", "x".repeat(10_000)));
    }
}
