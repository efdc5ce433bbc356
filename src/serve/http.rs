//! The HTTP side of `serve`: the in-memory site, the live-reload client and its event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::Stream;

use super::incremental::Generation;
use super::{live_reload_tag, App, Status, RESERVED_PREFIX};

/// The live-reload and error-overlay client.
const LIVE_JS: &str = include_str!("live.js");

/// Longest request path accepted, in bytes.
const MAX_PATH: usize = 1024;

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(&format!("{RESERVED_PREFIX}events"), get(events))
        .route(&format!("{RESERVED_PREFIX}live.js"), get(live_js))
        .route(&format!("{RESERVED_PREFIX}status"), get(status))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// Answers 421 to a request naming a host the server was not given (see [`super::host`]). A request without
/// a `Host` (HTTP/1.0) is answered: a browser always sends one.
async fn check_host(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let named = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            let host = request.headers().get(header::HOST)?;
            Some(String::from_utf8_lossy(host.as_bytes()).into_owned())
        });
    match named {
        Some(host) if !app.hosts.allows(&host) => plain(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "421: this preview does not answer to `{}` (only to {}); open {}",
                host.escape_debug(),
                app.hosts.describe(),
                app.url
            ),
        ),
        _ => next.run(request).await,
    }
}

async fn live_js() -> Response {
    let mut response = Body::from(LIVE_JS).into_response();
    set_common_headers(&mut response, "text/javascript; charset=utf-8");
    response
}

async fn status(State(app): State<Arc<App>>) -> Response {
    let json = serde_json::to_string(&*app.status()).unwrap_or_else(|_| "{}".to_owned());
    let mut response = Body::from(json).into_response();
    set_common_headers(&mut response, "application/json");
    response
}

/// Server-sent events: `hello` with the current status on connect, then `reload` after each good build and
/// `error` after each failed one. Each event's data is a [`Status`] as JSON. The stream ends on shutdown.
async fn events(State(app): State<Arc<App>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.events.subscribe();
    let app_keep_alive = app.keep_alive;
    let first = app.status();
    let shutdown = app.shutdown.clone();
    let state = (Some(first), receiver, shutdown, app);
    let stream = futures_util::stream::unfold(
        state,
        |(first, mut receiver, mut shutdown, app)| async move {
            if let Some(status) = first {
                let event = event("hello", &status);
                return Some((Ok(event), (None, receiver, shutdown, app)));
            }
            let next = tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => None,
                message = receiver.recv() => match message {
                    Ok(status) => {
                        let name = if status.ok { "reload" } else { "error" };
                        Some(event(name, &status))
                    }
                    // Missed some: the latest status says all that matters.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        Some(event("hello", &app.status()))
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => None,
                },
            };
            next.map(|event| (Ok(event), (None, receiver, shutdown, app)))
        },
    );
    let interval = app_keep_alive.max(Duration::from_millis(100));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(interval))
}

fn event(name: &str, status: &Status) -> Event {
    let json = serde_json::to_string(status).unwrap_or_else(|_| "{}".to_owned());
    Event::default().event(name).data(json)
}

/// What a request path maps to in the site: a file key, or the status to answer with.
pub(crate) fn site_key(raw_path: &str) -> Result<String, StatusCode> {
    if raw_path.len() > MAX_PATH {
        return Err(StatusCode::URI_TOO_LONG);
    }
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let relative = decoded.strip_prefix('/').unwrap_or(&decoded);
    if relative.split('/').any(|s| s == ".." || s == ".") {
        return Err(StatusCode::BAD_REQUEST);
    }
    let mut key = relative.to_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(key)
}

/// The `Content-Type` of a site file, from its extension.
pub(crate) fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            essence,
            "application/javascript" | "application/json" | "image/svg+xml" | "application/xml"
        );
    let essence = if essence == "application/javascript" {
        "text/javascript"
    } else {
        essence
    };
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

fn set_common_headers(response: &mut Response, content_type: &str) {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    // A preview server: always fetch the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn respond(status: StatusCode, content_type: &str, body: Bytes) -> Response {
    let mut response = (status, body).into_response();
    set_common_headers(&mut response, content_type);
    response
}

fn plain(status: StatusCode, text: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        Bytes::from(format!("{text}\n")),
    )
}

async fn site_file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let key = match site_key(uri.path()) {
        Ok(key) => key,
        Err(status) => {
            return plain(
                status,
                &format!(
                    "{} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                ),
            )
        }
    };
    let Some(site) = app.site() else {
        return not_built_yet(&key);
    };
    if site.contains(&key) {
        return output(&app, &site, &key, StatusCode::OK).await;
    }
    // `/sources` -> `/sources/`, so that the page's relative links resolve.
    if site.contains(&format!("{key}/index.html")) {
        let mut location = format!("{}/", uri.path());
        if let Some(query) = uri.query() {
            location.push('?');
            location.push_str(query);
        }
        let mut response = plain(StatusCode::PERMANENT_REDIRECT, "308 Permanent Redirect");
        if let Ok(v) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, v);
        }
        return response;
    }
    let html = format!("{key}.html");
    if site.contains(&html) {
        return output(&app, &site, &html, StatusCode::OK).await;
    }
    if site.contains("404.html") {
        return output(&app, &site, "404.html", StatusCode::NOT_FOUND).await;
    }
    plain(StatusCode::NOT_FOUND, "404 Not Found")
}

/// The output at `key` (which the site has), rendered now if it is not yet, answered with `status`; a
/// template error answers 500 and is shown in the open pages.
async fn output(app: &Arc<App>, site: &Arc<Generation>, key: &str, status: StatusCode) -> Response {
    let rendered = match site.fetch(key, &app.renders).await {
        Some(rendered) => rendered,
        None => Err(crate::Diagnostic::error(key, "no such output")),
    };
    let bytes = match rendered {
        Ok(bytes) => bytes,
        Err(error) => {
            app.render_failed(site);
            return render_error(site, key, &error);
        }
    };
    if key.ends_with(".html") && status == StatusCode::OK {
        app.visited(key);
    }
    if status == StatusCode::NOT_FOUND {
        // The 404 page is shown at any depth: make its relative links resolve from the site root.
        let html = String::from_utf8_lossy(&bytes);
        let html = match html.find("<head>") {
            Some(i) => format!("{}<base href=\"/\">{}", &html[..i + 6], &html[i + 6..]),
            None => html.into_owned(),
        };
        return respond(status, "text/html; charset=utf-8", Bytes::from(html));
    }
    respond(status, &content_type(key), bytes)
}

/// The answer for an output whose rendering failed: the error, and for a page the live-reload client, which
/// shows the errors and reloads once they are fixed.
fn render_error(site: &Generation, key: &str, error: &crate::Diagnostic) -> Response {
    let text = format!(
        "{}: {}",
        crate::diagnostic::display_path(&error.file),
        error.message
    );
    if !key.ends_with(".html") {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("500: rendering {key} failed: {text}"),
        );
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier: rendering failed</title></head>\
         <body><p>This page could not be rendered: fix the error shown in the terminal and below; this page reloads by itself.</p>\n\
         <pre>{}</pre>\n{}</body></html>\n",
        crate::render::markdown::escape(&text),
        live_reload_tag(site.build())
    );
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        Bytes::from(html),
    )
}

/// Before the first good build: a page that shows the errors and reloads when they are fixed.
fn not_built_yet(key: &str) -> Response {
    if !key.ends_with(".html") {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503: the site has not built yet; see the terminal",
        );
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier: build failed</title></head>\
         <body><p>The site has not built yet: fix the errors shown in the terminal and below; this page reloads by itself.</p>\n{}</body></html>\n",
        live_reload_tag("")
    );
    respond(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        Bytes::from(html),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_keys() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(site_key("/sources/").unwrap(), "sources/index.html");
        assert_eq!(site_key("/sections/pay.html").unwrap(), "sections/pay.html");
        assert_eq!(site_key("/assets/a%20b.css").unwrap(), "assets/a b.css");
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/sections/../../etc/passwd",
            "/%2e%2e/content/dossier.yaml",
            "/%2E%2E%2Fcontent",
            "/a/./b",
            "/..%5c..%5cwindows",
            "/a%00b",
            "/%ff%fe",
        ] {
            assert_eq!(site_key(bad), Err(StatusCode::BAD_REQUEST), "{bad}");
        }
        let long = format!("/{}", "a".repeat(2000));
        assert_eq!(site_key(&long), Err(StatusCode::URI_TOO_LONG));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/favicon.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("data.bin"), "application/octet-stream");
    }
}
