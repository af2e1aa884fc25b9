//! Latency samples and their percentiles.

use std::time::Duration;

use serde::Serialize;

/// Durations measured for one figure.
#[derive(Debug, Default, Clone)]
pub struct Samples {
    micros: Vec<u64>,
}

/// The summary of a figure, in milliseconds.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Samples {
    pub fn push(&mut self, duration: Duration) {
        self.micros
            .push(u64::try_from(duration.as_micros()).unwrap_or(u64::MAX));
    }

    pub fn extend(&mut self, other: Samples) {
        self.micros.extend(other.micros);
    }

    pub fn len(&self) -> usize {
        self.micros.len()
    }

    pub fn is_empty(&self) -> bool {
        self.micros.is_empty()
    }

    /// Returns the count, the 50th and 99th percentiles (nearest rank) and
    /// the maximum.
    pub fn summary(&self) -> Summary {
        let mut sorted = self.micros.clone();
        sorted.sort_unstable();
        Summary {
            count: sorted.len(),
            p50_ms: millis(percentile(&sorted, 50.0)),
            p99_ms: millis(percentile(&sorted, 99.0)),
            max_ms: millis(sorted.last().copied().unwrap_or(0)),
        }
    }
}

/// Returns the nearest-rank percentile of sorted values, or 0 for none.
fn percentile(sorted: &[u64], percent: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (percent / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.clamp(1, sorted.len()) - 1)
        .copied()
        .unwrap_or(0)
}

fn millis(micros: u64) -> f64 {
    (micros as f64 / 1000.0 * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut samples = Samples::default();
        for ms in 1..=100 {
            samples.push(Duration::from_millis(ms));
        }
        let summary = samples.summary();
        assert_eq!(summary.count, 100);
        assert_eq!(summary.p50_ms, 50.0);
        assert_eq!(summary.p99_ms, 99.0);
        assert_eq!(summary.max_ms, 100.0);
    }

    #[test]
    fn one_sample_is_every_percentile() {
        let mut samples = Samples::default();
        samples.push(Duration::from_micros(1500));
        let summary = samples.summary();
        assert_eq!(
            (summary.p50_ms, summary.p99_ms, summary.max_ms),
            (1.5, 1.5, 1.5)
        );
    }

    #[test]
    fn no_samples_read_as_zero() {
        assert_eq!(Samples::default().summary(), Summary::default());
    }
}
