//! The query limits the command line and the shell share: `--max-expansions`,
//! `--max-memory` and `--timeout`, and the flag Ctrl-C sets to cancel the
//! running query in the shell.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Args;
use icigraph_engine::query::Limits;

/// How many steps of work a query may make unless told (`--max-expansions`).
pub const DEFAULT_MAX_EXPANSIONS: u64 = icigraph_engine::query::limits::DEFAULT_EXPANSIONS;

/// The memory budget unless told: this fraction of the machine's memory.
pub const MEMORY_FRACTION: u64 = 2;

/// Options bounding one query.
#[derive(Clone, Debug, Args)]
pub struct LimitArgs {
    /// Stop a query after this many steps of work: relationships expanded,
    /// nodes scanned, list items, string bytes and rows built.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_EXPANSIONS)]
    pub max_expansions: u64,
    /// Stop a query whose rows and values need more than this much memory
    /// (`512M`, `4G`; default half of the machine's memory).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_memory: Option<u64>,
    /// Stop a query after this long (`30s`, `500ms`, `2m`; a bare number is seconds).
    #[arg(long, value_name = "TIME", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

impl Default for LimitArgs {
    fn default() -> LimitArgs {
        LimitArgs {
            max_expansions: DEFAULT_MAX_EXPANSIONS,
            max_memory: None,
            timeout: None,
        }
    }
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            expansions: self.max_expansions,
            memory: self.max_memory.unwrap_or_else(default_memory),
            timeout: self.timeout,
            ..Limits::default()
        }
    }
}

/// Half of the machine's memory (`MemTotal` of /proc/meminfo), or the
/// engine's own default where that cannot be read.
pub fn default_memory() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb * 1024 / MEMORY_FRACTION)
        })
        .unwrap_or(icigraph_engine::query::limits::DEFAULT_MEMORY)
}

/// Set by Ctrl-C while the shell runs a query; cleared before each one.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C cancel the running query instead of ending the process; a
/// second Ctrl-C while the first is still pending ends it.
pub fn cancel_on_ctrl_c() {
    // Failing to install the handler leaves Ctrl-C's default, which is safe.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a size such as 512M or 4G"))?;
    let scale: u64 = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return Err(format!("\"{text}\": the unit must be K, M, G or T")),
    };
    let bytes = number * scale as f64;
    if !(1.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("\"{text}\" is not a usable size"));
    }
    Ok(bytes as u64)
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a time such as 30s or 500ms"))?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(format!("\"{text}\": the unit must be ms, s, m or h")),
    };
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("\"{text}\" is not a usable time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times_parse_with_units() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("4GiB"), Ok(4 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("1e999").is_err());
    }
}
