//! The PROXY protocol behind a load balancer: a relay that the test runs
//! on 127.0.0.2 sends the header, the server records the client address it
//! names, and headers from untrusted addresses or malformed ones are
//! rejected. On SQLite and PostgreSQL.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use common::{Client, Login, PASSWORD, TestServer, add_customer, is_served, password_login};
use portico::ssh::Limits;
use portico::ssh::proxy::ProxyProtocol;
use portico::store::Store;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// The load balancer's address, the one the server trusts.
const LOAD_BALANCER: &str = "127.0.0.2";

async fn start_behind_proxy(store: &Store) -> TestServer {
    TestServer::start_with(
        store,
        Limits {
            proxy: Some(ProxyProtocol {
                trusted: vec![LOAD_BALANCER.parse().expect("address")],
            }),
            ..common::test_limits()
        },
    )
    .await
}

async fn connect_from(server: SocketAddr, source: &str) -> TcpStream {
    common::connect_from(server, source)
        .await
        .expect("connect from a loopback address")
}

/// Starts a relay on 127.0.0.1 that connects to `server` from the load
/// balancer's address, sends `header` and then copies bytes both ways.
async fn start_relay(server: SocketAddr, header: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("relay");
    let address = listener.local_addr().expect("relay address");
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let header = header.clone();
            tokio::spawn(async move {
                let mut upstream = connect_from(server, LOAD_BALANCER).await;
                if upstream.write_all(&header).await.is_err() {
                    return;
                }
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    address
}

fn v2_header(client: SocketAddr, server: SocketAddr) -> Vec<u8> {
    let (SocketAddr::V4(client), SocketAddr::V4(server)) = (client, server) else {
        panic!("IPv4 addresses expected");
    };
    let mut bytes = b"\r\n\r\n\0\r\nQUIT\n".to_vec();
    bytes.extend_from_slice(&[0x21, 0x11, 0, 12]);
    bytes.extend_from_slice(&client.ip().octets());
    bytes.extend_from_slice(&server.ip().octets());
    bytes.extend_from_slice(&client.port().to_be_bytes());
    bytes.extend_from_slice(&server.port().to_be_bytes());
    bytes
}

async fn peers(store: &Store, handle: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT peer FROM login_history WHERE handle = $1 ORDER BY id")
            .bind(handle)
            .fetch_all(store.pool())
            .await
            .expect("login history");
    rows.into_iter().map(|(peer,)| peer).collect()
}

on_both_backends!(
    login_history_shows_client_address,
    |store: Store, _url: String| async move {
        let server = start_behind_proxy(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;

        let v1 = format!(
            "PROXY TCP4 127.0.0.66 {} 40066 {}\r\n",
            server.address.ip(),
            server.address.port()
        );
        let relay = start_relay(server.address, v1.into_bytes()).await;
        let (_session, outcome) = password_login(relay, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        let relay = start_relay(
            server.address,
            v2_header("127.0.0.77:40077".parse().expect("address"), server.address),
        )
        .await;
        let (_session, outcome) = password_login(relay, "alice", "wrong", "000000").await;
        assert_eq!(outcome, Login::Refused);

        let recorded = peers(&store, "alice").await;
        assert!(!recorded.is_empty());
        assert!(
            recorded.iter().any(|peer| peer.contains("127.0.0.66")),
            "{recorded:?}"
        );
        assert!(
            recorded.iter().any(|peer| peer.contains("127.0.0.77")),
            "{recorded:?}"
        );
        assert!(
            !recorded.iter().any(|peer| peer.contains(LOAD_BALANCER)),
            "the load balancer's address must not be recorded: {recorded:?}"
        );
    }
);

on_both_backends!(
    untrusted_header_rejected,
    |store: Store, _url: String| async move {
        let server = start_behind_proxy(&store).await;

        // A forged header from 127.0.0.1, which is not a trusted load balancer.
        let mut forged = connect_from(server.address, "127.0.0.1").await;
        forged
            .write_all(b"PROXY TCP4 127.0.0.66 127.0.0.1 40066 2222\r\n")
            .await
            .expect("write");
        assert!(!is_served(&mut forged).await);
        assert_eq!(server.listening.refused_connections(), 1);

        // An SSH client that skips the header from 127.0.0.1 too.
        let stream = connect_from(server.address, "127.0.0.1").await;
        let config = Arc::new(russh::client::Config::default());
        assert!(
            russh::client::connect_stream(config, stream, Client)
                .await
                .is_err()
        );
    }
);

on_both_backends!(
    malformed_header_rejected,
    |store: Store, _url: String| async move {
        let server = start_behind_proxy(&store).await;
        let cases: [&[u8]; 3] = [
            b"SSH-2.0-OpenSSH_9.8\r\n",
            b"PROXY TCP4 127.0.0.999 127.0.0.1 40066 2222\r\n",
            b"\r\n\r\n\0\r\nQUIT\n\x21\x12\x00\x0c",
        ];
        for (index, case) in cases.iter().enumerate() {
            let mut stream = connect_from(server.address, LOAD_BALANCER).await;
            stream.write_all(case).await.expect("write");
            assert!(
                !is_served(&mut stream).await,
                "case {index} was served: {:?}",
                String::from_utf8_lossy(case)
            );
        }
        assert_eq!(server.listening.refused_connections(), 3);

        // A well-formed header from the load balancer is served.
        let mut good = connect_from(server.address, LOAD_BALANCER).await;
        good.write_all(b"PROXY TCP4 127.0.0.66 127.0.0.1 40066 2222\r\n")
            .await
            .expect("write");
        assert!(is_served(&mut good).await);
    }
);
