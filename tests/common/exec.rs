//! Runs commands over `ssh HOST COMMAND` on a russh client session and
//! collects their output and exit status.

use std::time::Duration;

use serde_json::Value;

use super::Client;

const WAIT: Duration = Duration::from_secs(15);

/// The output of one command.
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub status: Option<u32>,
}

impl Run {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }
}

/// Runs `line` on a new channel of `session`, sending `stdin` and its end.
pub async fn run(session: &russh::client::Handle<Client>, line: &str, stdin: &[u8]) -> Run {
    let mut channel = session.channel_open_session().await.expect("open channel");
    channel.exec(true, line).await.expect("exec");
    if !stdin.is_empty() {
        channel.data(stdin).await.expect("send stdin");
    }
    channel.eof().await.expect("send end of input");
    let mut result = Run {
        stdout: Vec::new(),
        stderr: String::new(),
        status: None,
    };
    let mut errors = Vec::new();
    while let Ok(Some(message)) = tokio::time::timeout(WAIT, channel.wait()).await {
        match message {
            russh::ChannelMsg::Data { data } => result.stdout.extend_from_slice(&data),
            russh::ChannelMsg::ExtendedData { data, ext: 1 } => errors.extend_from_slice(&data),
            russh::ChannelMsg::ExitStatus { exit_status } => result.status = Some(exit_status),
            russh::ChannelMsg::Close => break,
            _ => {}
        }
    }
    result.stderr = String::from_utf8_lossy(&errors).into_owned();
    result
}
