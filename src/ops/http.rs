//! A small HTTP/1.1 responder for GET /metrics, /healthz and /readyz. It
//! reads one request per connection and closes it, which is all that
//! Prometheus and load balancer health checks need.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::metrics;
use crate::store::{Backend, Store};

/// Maximum size of a request head; longer requests are rejected.
const MAX_REQUEST_BYTES: usize = 8192;
/// Time a client has to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Maximum time of the readiness query.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// A running metrics server.
#[derive(Debug)]
pub struct MetricsServer {
    pub address: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl MetricsServer {
    /// Binds `listen` and serves the endpoints in a background task.
    pub async fn start(listen: SocketAddr, store: Store) -> std::io::Result<MetricsServer> {
        let listener = TcpListener::bind(listen).await?;
        let address = listener.local_addr()?;
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(serve(listener, store, stop_rx));
        Ok(MetricsServer {
            address,
            stop,
            task,
        })
    }

    /// Stops the server and waits for its accept loop to end.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn serve(listener: TcpListener, store: Store, mut stop: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        match accepted {
            Ok((stream, peer)) => {
                let store = store.clone();
                tokio::spawn(async move {
                    if let Err(error) = respond(stream, &store).await {
                        tracing::debug!(%peer, %error, "metrics request failed");
                    }
                });
            }
            Err(error) => {
                tracing::warn!(%error, "accepting a metrics connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        if head.len() > MAX_REQUEST_BYTES {
            return Ok(None);
        }
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buffer[..read]);
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

async fn respond(mut stream: TcpStream, store: &Store) -> std::io::Result<()> {
    let head = match tokio::time::timeout(REQUEST_TIMEOUT, read_head(&mut stream)).await {
        Ok(head) => head?,
        Err(_) => None,
    };
    let Some(head) = head else {
        return write(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            "invalid request\n",
        )
        .await;
    };
    let request_line = head.lines().next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default();
    if method != "GET" {
        return write(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            "only GET is supported\n",
        )
        .await;
    }
    match path {
        "/healthz" => write(&mut stream, "200 OK", "text/plain", "ok\n").await,
        "/readyz" => {
            if database_answers(store).await {
                write(&mut stream, "200 OK", "text/plain", "ready\n").await
            } else {
                write(
                    &mut stream,
                    "503 Service Unavailable",
                    "text/plain",
                    "database unavailable\n",
                )
                .await
            }
        }
        "/metrics" => {
            let backlog = outbox_backlog(store).await;
            let body = metrics::render(backlog);
            write(&mut stream, "200 OK", "text/plain; version=0.0.4", &body).await
        }
        _ => {
            write(
                &mut stream,
                "404 Not Found",
                "text/plain",
                "not found: try /metrics, /healthz or /readyz\n",
            )
            .await
        }
    }
}

async fn write(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &str,
) -> std::io::Result<()> {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// Runs `SELECT 1` and tells whether it succeeded within [`READY_TIMEOUT`].
pub async fn database_answers(store: &Store) -> bool {
    let started = Instant::now();
    let query = sqlx::query("SELECT 1").execute(store.pool());
    let answered = matches!(tokio::time::timeout(READY_TIMEOUT, query).await, Ok(Ok(_)));
    metrics::database_query_time(started.elapsed());
    answered
}

/// Counts outbox messages not yet sent, or returns `None` when the
/// database has no outbox table or the count fails.
// NOTE: assumes an `outbox` table whose unsent rows have `sent_at` NULL;
// another schema makes the count fail and the metric is left out.
async fn outbox_backlog(store: &Store) -> Option<i64> {
    let exists = match store.backend() {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'outbox'"
        }
    };
    let started = Instant::now();
    let tables: i64 = sqlx::query_scalar(exists)
        .fetch_one(store.pool())
        .await
        .ok()?;
    if tables == 0 {
        return None;
    }
    let backlog = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(store.pool())
        .await;
    metrics::database_query_time(started.elapsed());
    match backlog {
        Ok(backlog) => Some(backlog),
        Err(error) => {
            tracing::debug!(%error, "counting the outbox backlog failed");
            None
        }
    }
}
