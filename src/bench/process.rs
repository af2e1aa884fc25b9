//! Memory and CPU of a local server process, read from /proc (Linux).

/// Resident memory now and at its peak.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_mib: f64,
    pub peak_rss_mib: f64,
}

/// Reads VmRSS and VmHWM of process `pid`; `None` off Linux or when the
/// process is gone.
pub fn memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map(|kib| (kib / 1024.0 * 10.0).round() / 10.0)
    };
    Some(Memory {
        rss_mib: field("VmRSS:")?,
        peak_rss_mib: field("VmHWM:")?,
    })
}

/// Clock ticks per second of /proc times. Linux has used 100 on every
/// common architecture for decades (USER_HZ).
const TICKS_PER_SECOND: f64 = 100.0;

/// Returns the user plus system CPU seconds process `pid` has used.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after it are fixed.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / TICKS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_process() {
        let pid = std::process::id();
        let memory = memory(pid).expect("memory of this process");
        assert!(memory.rss_mib > 0.0);
        assert!(memory.peak_rss_mib >= memory.rss_mib);
        assert!(cpu_seconds(pid).expect("cpu of this process") >= 0.0);
    }
}
