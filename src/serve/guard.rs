//! Request checks and response headers every route shares.
//!
//! A page on another site can make the browser send requests to
//! `127.0.0.1:7878` through a DNS name it controls (DNS rebinding); those
//! requests carry that name in their Host header, so only the bound address
//! (and `localhost` for a loopback address) is accepted. A POST from a page
//! of another origin is refused too, so no other site can run a query.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;
use super::error::ApiError;

/// The Host header values the server answers to.
pub struct Hosts {
    allowed: Vec<String>,
    /// Bound to every address: accept any IP literal with the right port.
    any_ip: Option<u16>,
}

/// `127.0.0.1:7878` or `[::1]:7878`.
pub fn authority(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

impl Hosts {
    pub fn for_addr(addr: SocketAddr) -> Hosts {
        let port = addr.port();
        let mut allowed = vec![authority(addr)];
        if addr.ip().is_loopback() {
            allowed.push(format!("localhost:{port}"));
        }
        Hosts {
            allowed,
            any_ip: addr.ip().is_unspecified().then_some(port),
        }
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.allowed.contains(&host) {
            return true;
        }
        let Some(port) = self.any_ip else {
            return false;
        };
        match host.parse::<SocketAddr>() {
            Ok(addr) => addr.port() == port,
            Err(_) => false,
        }
    }
}

/// Rejects foreign Host headers and cross-origin POSTs; adds the security
/// headers to every answer.
pub async fn check(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !app.hosts.allows(host) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "host",
            format!(
                "this server answers only to {}; the Host header said \"{}\"",
                app.hosts.allowed.join(" or "),
                host.escape_default()
            ),
        )
        .into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok());
        if let Some(origin) = origin {
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|rest| app.hosts.allows(rest));
            if !own {
                return ApiError::new(
                    StatusCode::FORBIDDEN,
                    "origin",
                    format!(
                        "requests from another site are refused (Origin \"{}\")",
                        origin.escape_default()
                    ),
                )
                .into_response();
            }
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
