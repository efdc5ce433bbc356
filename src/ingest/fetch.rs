//! Reads the input of `dossier add`: a local file, or an http(s) URL fetched with timeouts.

use std::path::Path;
use std::time::Duration;

use super::IngestError;

/// The raw bytes of a capture and what is known about them before decoding.
#[derive(Debug, Clone)]
pub struct Capture {
    /// The bytes, exactly as read or received.
    pub bytes: Vec<u8>,
    /// The media type (`text/html`...), from the HTTP header or the file name.
    pub mime: Option<String>,
    /// The `charset` parameter of the HTTP `Content-Type` header, if any.
    pub charset: Option<String>,
    /// The address the bytes came from (after redirects), for a fetched page.
    pub url: Option<String>,
    /// How the input was named on the command line (for provenance).
    pub input: String,
}

impl Capture {
    /// True if the capture is an HTML page rather than plain text.
    pub fn is_html(&self) -> bool {
        match self.mime.as_deref() {
            Some(m) => m.contains("html") || m.contains("xml"),
            None => sniff_html(&self.bytes),
        }
    }
}

/// Largest page accepted: far above any article, small enough that a wrong URL cannot fill the memory.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// True if `input` is an http(s) URL rather than a path.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads a file, or fetches a URL (30 s overall, 10 s to connect; redirects followed).
pub fn read(input: &str) -> Result<Capture, IngestError> {
    if is_url(input) {
        return fetch(input);
    }
    let path = Path::new(input);
    let bytes = std::fs::read(path).map_err(|e| IngestError::Read {
        input: input.to_owned(),
        reason: e.to_string(),
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Some("text/html".to_owned()),
        "txt" | "text" | "md" => Some("text/plain".to_owned()),
        _ => None,
    };
    Ok(Capture {
        bytes,
        mime,
        charset: None,
        url: None,
        input: input.to_owned(),
    })
}

fn fetch(url: &str) -> Result<Capture, IngestError> {
    let failed = |reason: String| IngestError::Fetch {
        url: url.to_owned(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .timeout_connect(Some(Duration::from_secs(10)))
        .user_agent(concat!("dossier/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| failed(e.to_string()))?;
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let body = response.body_mut();
    let mime = body.mime_type().map(str::to_owned);
    let charset = body.charset().map(str::to_owned);
    let bytes = body
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| failed(e.to_string()))?;
    Ok(Capture {
        bytes,
        mime,
        charset,
        url: Some(final_url),
        input: url.to_owned(),
    })
}

/// True if the bytes start (after white space, a BOM or a comment) like an HTML document.
fn sniff_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<!--",
        "<meta",
        "<article",
    ]
    .iter()
    .any(|p| head.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_urls_from_paths() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("pages/http.html"));
    }

    #[test]
    fn sniffs_html_without_a_type() {
        assert!(sniff_html(b"\xEF\xBB\xBF  <!DOCTYPE html><p>x"));
        assert!(!sniff_html(b"A headline\n\nSome text < 3"));
    }
}
