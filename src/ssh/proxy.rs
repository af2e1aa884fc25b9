//! The PROXY protocol (versions 1 and 2, defined by HAProxy), which a TCP
//! load balancer puts in front of each connection to name the real
//! client's address.
//!
//! Only connections from trusted load balancer addresses may send a
//! header, and they must. The header is read byte by byte up to its end,
//! so the SSH bytes after it stay in the socket.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

/// The signature that starts a version 2 header.
const V2_SIGNATURE: [u8; 12] = *b"\r\n\r\n\0\r\nQUIT\n";
/// Maximum length of a version 1 header, CRLF included.
const V1_MAX_LEN: usize = 107;
/// Maximum address block of a version 2 header that this parser accepts;
/// TLVs beyond it are rejected.
const V2_MAX_LEN: usize = 1024;
/// Time a load balancer has to send the whole header.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether the PROXY protocol is expected, and from which addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyProtocol {
    /// Load balancer addresses allowed to send a header. Connections from
    /// any other address are rejected.
    pub trusted: Vec<IpAddr>,
}

impl ProxyProtocol {
    /// Parses a list of trusted load balancer IP addresses separated by
    /// commas or spaces. An empty list or "no" turns the protocol off.
    pub fn parse(text: &str) -> Result<Option<ProxyProtocol>, String> {
        let text = text.trim();
        if text.is_empty() || text == "no" {
            return Ok(None);
        }
        let mut trusted = Vec::new();
        for item in text.split([',', ' ']).filter(|item| !item.is_empty()) {
            let address: IpAddr = item.parse().map_err(|_| {
                format!(
                    "invalid load balancer address {item:?} for the PROXY protocol: expected IP addresses such as 127.0.0.1, ::1, or \"no\""
                )
            })?;
            trusted.push(address.to_canonical());
        }
        Ok(Some(ProxyProtocol { trusted }))
    }

    /// Tells whether `address` is a trusted load balancer.
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.trusted.contains(&address.to_canonical())
    }
}

/// The reason a PROXY protocol header was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    #[error("invalid PROXY protocol header: {0}")]
    Invalid(&'static str),
    #[error("the PROXY protocol header was not complete within {0:?}")]
    TimedOut(Duration),
    #[error("the connection closed before the end of the PROXY protocol header")]
    Closed,
}

/// Reads one PROXY protocol header from `stream` and returns the client
/// address it names, or `None` for a LOCAL (version 2) or UNKNOWN
/// (version 1) header, where the connection's own address applies.
pub async fn read_header<S: AsyncRead + Unpin>(
    stream: &mut S,
    timeout: Duration,
) -> Result<Option<SocketAddr>, HeaderError> {
    match tokio::time::timeout(timeout, read_header_now(stream)).await {
        Ok(result) => result,
        Err(_) => Err(HeaderError::TimedOut(timeout)),
    }
}

async fn read_byte<S: AsyncRead + Unpin>(stream: &mut S) -> Result<u8, HeaderError> {
    stream.read_u8().await.map_err(|_| HeaderError::Closed)
}

async fn read_header_now<S: AsyncRead + Unpin>(
    stream: &mut S,
) -> Result<Option<SocketAddr>, HeaderError> {
    let first = read_byte(stream).await?;
    match first {
        b'P' => read_v1(stream).await,
        b'\r' => read_v2(stream).await,
        _ => Err(HeaderError::Invalid(
            "expected \"PROXY \" or the version 2 signature",
        )),
    }
}

async fn read_v1<S: AsyncRead + Unpin>(stream: &mut S) -> Result<Option<SocketAddr>, HeaderError> {
    let mut line = vec![b'P'];
    loop {
        let byte = read_byte(stream).await?;
        line.push(byte);
        if line.ends_with(b"\r\n") {
            break;
        }
        if line.len() >= V1_MAX_LEN {
            return Err(HeaderError::Invalid(
                "version 1 header longer than 107 bytes",
            ));
        }
    }
    parse_v1(&line)
}

/// Parses a whole version 1 line, `PROXY TCP4 SRC DST SPORT DPORT\r\n`.
pub fn parse_v1(line: &[u8]) -> Result<Option<SocketAddr>, HeaderError> {
    let text = std::str::from_utf8(line).map_err(|_| HeaderError::Invalid("not ASCII"))?;
    let text = text
        .strip_suffix("\r\n")
        .ok_or(HeaderError::Invalid("missing CRLF"))?;
    let fields: Vec<&str> = text.split(' ').collect();
    match fields.as_slice() {
        ["PROXY", "UNKNOWN", ..] => Ok(None),
        [
            "PROXY",
            family,
            source,
            _destination,
            source_port,
            destination_port,
        ] => {
            let ip: IpAddr = match *family {
                "TCP4" => source
                    .parse::<Ipv4Addr>()
                    .map(IpAddr::V4)
                    .map_err(|_| HeaderError::Invalid("invalid IPv4 source address"))?,
                "TCP6" => source
                    .parse::<Ipv6Addr>()
                    .map(IpAddr::V6)
                    .map_err(|_| HeaderError::Invalid("invalid IPv6 source address"))?,
                _ => return Err(HeaderError::Invalid("unknown protocol family")),
            };
            let port = parse_port(source_port)?;
            parse_port(destination_port)?;
            Ok(Some(SocketAddr::new(ip, port)))
        }
        _ => Err(HeaderError::Invalid("expected six space-separated fields")),
    }
}

fn parse_port(text: &str) -> Result<u16, HeaderError> {
    // Signs and leading zeros are rejected, so each port has one spelling.
    if text.is_empty()
        || (text.len() > 1 && text.starts_with('0'))
        || !text.bytes().all(|byte| byte.is_ascii_digit())
    {
        return Err(HeaderError::Invalid("invalid port"));
    }
    text.parse()
        .map_err(|_| HeaderError::Invalid("invalid port"))
}

async fn read_v2<S: AsyncRead + Unpin>(stream: &mut S) -> Result<Option<SocketAddr>, HeaderError> {
    let mut header = [0u8; 16];
    header[0] = b'\r';
    stream
        .read_exact(&mut header[1..])
        .await
        .map_err(|_| HeaderError::Closed)?;
    if header[..12] != V2_SIGNATURE {
        return Err(HeaderError::Invalid("bad version 2 signature"));
    }
    let length = usize::from(u16::from_be_bytes([header[14], header[15]]));
    if length > V2_MAX_LEN {
        return Err(HeaderError::Invalid("version 2 address block too long"));
    }
    let mut block = vec![0u8; length];
    stream
        .read_exact(&mut block)
        .await
        .map_err(|_| HeaderError::Closed)?;
    parse_v2(&header, &block)
}

/// Parses a version 2 header: its 16 fixed bytes and the address block.
pub fn parse_v2(header: &[u8; 16], block: &[u8]) -> Result<Option<SocketAddr>, HeaderError> {
    if header[..12] != V2_SIGNATURE {
        return Err(HeaderError::Invalid("bad version 2 signature"));
    }
    let version = header[12] >> 4;
    let command = header[12] & 0x0f;
    if version != 2 {
        return Err(HeaderError::Invalid("unsupported version"));
    }
    match command {
        0 => return Ok(None),
        1 => {}
        _ => return Err(HeaderError::Invalid("unknown command")),
    }
    let family = header[13] >> 4;
    let transport = header[13] & 0x0f;
    if transport != 1 {
        return Err(HeaderError::Invalid(
            "only TCP (stream) connections are supported",
        ));
    }
    match family {
        1 => {
            let Some(bytes) = block.get(..12) else {
                return Err(HeaderError::Invalid("IPv4 address block too short"));
            };
            let ip = Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]);
            let port = u16::from_be_bytes([bytes[8], bytes[9]]);
            Ok(Some(SocketAddr::new(IpAddr::V4(ip), port)))
        }
        2 => {
            let Some(bytes) = block.get(..36) else {
                return Err(HeaderError::Invalid("IPv6 address block too short"));
            };
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&bytes[..16]);
            let port = u16::from_be_bytes([bytes[32], bytes[33]]);
            Ok(Some(SocketAddr::new(
                IpAddr::V6(Ipv6Addr::from(octets)),
                port,
            )))
        }
        0 => Ok(None),
        _ => Err(HeaderError::Invalid("unsupported address family")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8]) -> (Result<Option<SocketAddr>, HeaderError>, Vec<u8>) {
        let mut stream = bytes;
        let result = read_header(&mut stream, Duration::from_secs(1)).await;
        (result, stream.to_vec())
    }

    fn v2(command: u8, family: u8, block: &[u8]) -> Vec<u8> {
        let mut bytes = V2_SIGNATURE.to_vec();
        bytes.push(0x20 | command);
        bytes.push(family);
        bytes.extend_from_slice(&u16::try_from(block.len()).unwrap().to_be_bytes());
        bytes.extend_from_slice(block);
        bytes
    }

    #[tokio::test]
    async fn v1_tcp4_leaves_ssh_bytes() {
        let (result, rest) =
            read(b"PROXY TCP4 127.0.0.7 127.0.0.1 40000 2222\r\nSSH-2.0-x\r\n").await;
        assert_eq!(result, Ok(Some("127.0.0.7:40000".parse().unwrap())));
        assert_eq!(rest, b"SSH-2.0-x\r\n");
    }

    #[tokio::test]
    async fn v1_tcp6_and_unknown() {
        let (result, _) = read(b"PROXY TCP6 ::1 ::1 40000 2222\r\n").await;
        assert_eq!(result, Ok(Some("[::1]:40000".parse().unwrap())));
        let (result, _) = read(b"PROXY UNKNOWN\r\n").await;
        assert_eq!(result, Ok(None));
    }

    #[tokio::test]
    async fn v1_malformed_rejected() {
        let cases: [&[u8]; 9] = [
            b"PROXY TCP4 127.0.0.999 127.0.0.1 40000 2222\r\n",
            b"PROXY TCP4 127.0.0.7 127.0.0.1 70000 2222\r\n",
            b"PROXY TCP4 127.0.0.7 127.0.0.1 040000 2222\r\n",
            b"PROXY TCP4 ::1 127.0.0.1 40000 2222\r\n",
            b"PROXY TCP5 127.0.0.7 127.0.0.1 40000 2222\r\n",
            b"PROXY TCP4 127.0.0.7 127.0.0.1 40000\r\n",
            b"PROXY  TCP4 127.0.0.7 127.0.0.1 40000 2222\r\n",
            b"SSH-2.0-OpenSSH_9.8\r\n",
            b"PROXY TCP4 127.0.0.7 127.0.0.1 40000 2222 \xff\r\n",
        ];
        for case in cases {
            let (result, _) = read(case).await;
            assert!(
                matches!(result, Err(HeaderError::Invalid(_))),
                "{:?} gave {result:?}",
                String::from_utf8_lossy(case)
            );
        }
    }

    #[tokio::test]
    async fn v1_without_crlf_rejected() {
        let mut long = b"PROXY TCP4 ".to_vec();
        long.extend(std::iter::repeat_n(b'1', 200));
        let (result, _) = read(&long).await;
        assert!(matches!(result, Err(HeaderError::Invalid(_))));
        let (result, _) = read(b"PROXY TCP4 127.0.0.7").await;
        assert_eq!(result, Err(HeaderError::Closed));
    }

    #[tokio::test]
    async fn v2_ipv4_and_ipv6() {
        let mut block = vec![127, 0, 0, 7, 127, 0, 0, 1];
        block.extend_from_slice(&40000u16.to_be_bytes());
        block.extend_from_slice(&2222u16.to_be_bytes());
        let mut bytes = v2(1, 0x11, &block);
        bytes.extend_from_slice(b"SSH-2.0-x\r\n");
        let (result, rest) = read(&bytes).await;
        assert_eq!(result, Ok(Some("127.0.0.7:40000".parse().unwrap())));
        assert_eq!(rest, b"SSH-2.0-x\r\n");

        let mut block = Ipv6Addr::LOCALHOST.octets().to_vec();
        block.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        block.extend_from_slice(&40001u16.to_be_bytes());
        block.extend_from_slice(&2222u16.to_be_bytes());
        // A TLV after the addresses is skipped.
        block.extend_from_slice(&[0x04, 0x00, 0x01, 0x00]);
        let (result, _) = read(&v2(1, 0x21, &block)).await;
        assert_eq!(result, Ok(Some("[::1]:40001".parse().unwrap())));
    }

    #[tokio::test]
    async fn v2_local_uses_connection_address() {
        let (result, _) = read(&v2(0, 0x00, &[])).await;
        assert_eq!(result, Ok(None));
    }

    #[tokio::test]
    async fn v2_malformed_rejected() {
        let short = v2(1, 0x11, &[127, 0, 0, 7]);
        let udp = v2(1, 0x12, &[0; 12]);
        let command = v2(5, 0x11, &[0; 12]);
        let mut version = v2(1, 0x11, &[0; 12]);
        version[12] = 0x11;
        let mut signature = v2(1, 0x11, &[0; 12]);
        signature[5] = b'X';
        let mut too_long = v2(1, 0x11, &[]);
        too_long[14..16].copy_from_slice(&2000u16.to_be_bytes());
        for (name, case) in [
            ("short IPv4 block", short),
            ("UDP", udp),
            ("unknown command", command),
            ("version 1 in a version 2 header", version),
            ("bad signature", signature),
            ("block over the limit", too_long),
        ] {
            let (result, _) = read(&case).await;
            assert!(
                matches!(result, Err(HeaderError::Invalid(_))),
                "{name} gave {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn truncated_v2_is_closed() {
        let bytes = v2(1, 0x11, &[0; 12]);
        let (result, _) = read(&bytes[..20]).await;
        assert_eq!(result, Err(HeaderError::Closed));
    }

    #[test]
    fn parse_trusted_list() {
        assert_eq!(ProxyProtocol::parse("no"), Ok(None));
        assert_eq!(ProxyProtocol::parse(" "), Ok(None));
        let proxy = ProxyProtocol::parse("127.0.0.1, ::1").unwrap().unwrap();
        assert_eq!(proxy.trusted.len(), 2);
        let error = ProxyProtocol::parse("127.0.0.1,lb.local").unwrap_err();
        assert!(error.contains("\"lb.local\""), "{error}");
    }

    #[test]
    fn trusts_only_listed_addresses() {
        let proxy = ProxyProtocol {
            trusted: vec!["127.0.0.1".parse().unwrap()],
        };
        assert!(proxy.trusts("127.0.0.1".parse().unwrap()));
        assert!(proxy.trusts("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!proxy.trusts("127.0.0.2".parse().unwrap()));
        assert!(!proxy.trusts("::1".parse().unwrap()));
    }
}
