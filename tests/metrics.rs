//! The metrics and health endpoints over HTTP on 127.0.0.1, after a real
//! login over SSH. On SQLite and PostgreSQL.

mod common;

use std::net::SocketAddr;

use common::{Login, PASSWORD, TestServer, add_customer, open_shell, password_login};
use portico::ops::http::MetricsServer;
use portico::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends one raw request and returns the whole response.
async fn request(address: SocketAddr, raw: &str) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(raw.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("read response");
    response
}

async fn get(address: SocketAddr, path: &str) -> String {
    request(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    )
    .await
}

/// Returns the value of the sample line that starts with `name`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(name) && line[name.len()..].starts_with(' '))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

on_both_backends!(
    metrics_after_login,
    |store: Store, url: String| async move {
        let metrics_store = Store::open(&url).await.expect("metrics pool");
        let metrics = MetricsServer::start(
            "127.0.0.1:0".parse().expect("address"),
            metrics_store.clone(),
        )
        .await
        .expect("metrics server");
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let (client, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let _channel = open_shell(&client, 100, 40).await;
        let (_other, refused) = password_login(server.address, "alice", "wrong", "000000").await;
        assert_eq!(refused, Login::Refused);

        let health = get(metrics.address, "/healthz").await;
        assert!(health.starts_with("HTTP/1.1 200 OK\r\n"), "{health}");
        let ready = get(metrics.address, "/readyz").await;
        assert!(ready.starts_with("HTTP/1.1 200 OK\r\n"), "{ready}");

        let response = get(metrics.address, "/metrics").await;
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(
            response.contains("Content-Type: text/plain; version=0.0.4"),
            "{response}"
        );
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        // Counters are per process and the other backend's test runs in the
        // same process, so they are checked as lower bounds.
        assert!(
            sample(body, "portico_open_sessions").unwrap_or(0.0) >= 1.0,
            "{body}"
        );
        assert!(
            body.contains("portico_logins_total{method=\"password\",outcome=\"rejected\"}"),
            "{body}"
        );
        assert!(
            sample(body, "portico_authentication_seconds_count").unwrap_or(0.0) >= 2.0,
            "{body}"
        );
        assert!(
            sample(body, "portico_frame_render_seconds_count").unwrap_or(0.0) >= 1.0,
            "{body}"
        );
        assert!(
            sample(body, "portico_database_query_seconds_count").unwrap_or(0.0) >= 1.0,
            "{body}"
        );
        assert!(
            body.contains("# TYPE portico_events_relayed_total counter"),
            "{body}"
        );

        let missing = get(metrics.address, "/secret").await;
        assert!(missing.starts_with("HTTP/1.1 404 "), "{missing}");
        let post = request(
            metrics.address,
            "POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        )
        .await;
        assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
        let garbage = request(metrics.address, "\u{1b}[2J not http").await;
        assert!(
            garbage.starts_with("HTTP/1.1 400 ") || garbage.is_empty(),
            "{garbage}"
        );

        // With its database gone the node is alive but not ready.
        metrics_store.close().await;
        let unready = get(metrics.address, "/readyz").await;
        assert!(unready.starts_with("HTTP/1.1 503 "), "{unready}");
        let alive = get(metrics.address, "/healthz").await;
        assert!(alive.starts_with("HTTP/1.1 200 OK\r\n"), "{alive}");

        metrics.stop().await;
    }
);
