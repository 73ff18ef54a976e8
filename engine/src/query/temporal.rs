//! Temporal values with openCypher's semantics: `date`, `localtime`, `time`,
//! `localdatetime`, `datetime` and `duration`. The calendar (month lengths,
//! ISO weeks, time-zone rules from the bundled tz database) is jiff's; this
//! module reads Neo4j's string and map forms, prints values as Neo4j does,
//! and does the arithmetic on durations (months, days and seconds kept
//! apart, as the openCypher duration is).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use jiff::civil::{Date, DateTime, ISOWeekDate, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::error::{QueryError, Result, argument, type_error};
use super::value::Value;
use crate::graph::TemporalKind;

const NANOS: i64 = 1_000_000_000;
const DAY_SECONDS: i64 = 86_400;
/// The average Gregorian month (365.2425 / 12 days) in seconds, used for
/// fractional months.
const MONTH_SECONDS: f64 = 2_629_746.0;

/// An openCypher duration: months, days and seconds do not convert into one
/// another (a month is not a fixed number of days, nor a day of seconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    /// `0..1_000_000_000`, added to `seconds`.
    pub nanos: i64,
}

/// A temporal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Temporal {
    Date(Date),
    LocalTime(Time),
    /// A time of day with its offset from UTC in seconds.
    Time(Time, i32),
    LocalDateTime(DateTime),
    /// A local date and time, its offset in seconds, and the named zone it
    /// was given in (none for a fixed offset).
    DateTime(DateTime, i32, Option<Rc<str>>),
    Duration(Duration),
}

fn bad(message: impl Into<String>) -> QueryError {
    argument(message)
}

fn range(_: jiff::Error) -> QueryError {
    bad("the temporal value is out of range")
}

impl Duration {
    fn from_nanos(months: i64, days: i64, nanos: i128) -> Result<Duration> {
        let seconds = nanos.div_euclid(NANOS as i128);
        let rest = nanos.rem_euclid(NANOS as i128) as i64;
        Ok(Duration {
            months,
            days,
            seconds: i64::try_from(seconds).map_err(|_| bad("the duration is out of range"))?,
            nanos: rest,
        })
    }

    fn total_nanos(&self) -> i128 {
        self.seconds as i128 * NANOS as i128 + self.nanos as i128
    }

    /// Months, days and seconds given as (possibly fractional) numbers:
    /// a fraction moves down to the next unit (a month by its average length).
    fn from_parts(months: f64, days: f64, seconds: f64, extra_nanos: i128) -> Result<Duration> {
        let whole_months = months.trunc();
        let day_total = days + (months - whole_months) * MONTH_SECONDS / DAY_SECONDS as f64;
        let whole_days = day_total.trunc();
        let secs = seconds + (day_total - whole_days) * DAY_SECONDS as f64;
        let nanos = (secs * NANOS as f64).round() as i128 + extra_nanos;
        if !whole_months.is_finite() || whole_months.abs() > 1e15 || whole_days.abs() > 1e15 {
            return Err(bad("the duration is out of range"));
        }
        Duration::from_nanos(whole_months as i64, whole_days as i64, nanos)
    }

    fn add(&self, other: &Duration, sign: i64) -> Result<Duration> {
        Duration::from_nanos(
            self.months + sign * other.months,
            self.days + sign * other.days,
            self.total_nanos() + sign as i128 * other.total_nanos(),
        )
    }

    fn scale(&self, by: f64) -> Result<Duration> {
        let months = self.months as f64 * by;
        let days = self.days as f64 * by;
        let whole_months = months.trunc();
        let day_total = days + (months - whole_months) * MONTH_SECONDS / DAY_SECONDS as f64;
        let whole_days = day_total.trunc();
        // The scaled seconds truncate to the nanosecond (as Neo4j does); the
        // part carried down from months and days rounds away float noise.
        let nanos = (self.total_nanos() as f64 * by).trunc() as i128
            + ((day_total - whole_days) * (DAY_SECONDS * NANOS) as f64).round() as i128;
        Duration::from_nanos(whole_months as i64, whole_days as i64, nanos)
    }
}

/// `-` when the part is negative, for printing seconds with a fraction.
fn fraction(nanos: i64) -> String {
    if nanos == 0 {
        return String::new();
    }
    let text = format!("{nanos:09}");
    format!(".{}", text.trim_end_matches('0'))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::from("P");
        let (years, months) = (self.months / 12, self.months % 12);
        if years != 0 {
            text.push_str(&format!("{years}Y"));
        }
        if months != 0 {
            text.push_str(&format!("{months}M"));
        }
        if self.days != 0 {
            text.push_str(&format!("{}D", self.days));
        }
        let total = self.total_nanos();
        if total != 0 {
            text.push('T');
            let negative = total < 0;
            let abs = total.unsigned_abs();
            let sign = if negative { "-" } else { "" };
            let hours = abs / (3600 * NANOS as u128);
            let minutes = abs / (60 * NANOS as u128) % 60;
            let secs = abs / NANOS as u128 % 60;
            let nanos = (abs % NANOS as u128) as i64;
            if hours != 0 {
                text.push_str(&format!("{sign}{hours}H"));
            }
            if minutes != 0 {
                text.push_str(&format!("{sign}{minutes}M"));
            }
            if secs != 0 || nanos != 0 {
                text.push_str(&format!("{sign}{secs}{}S", fraction(nanos)));
            }
        }
        if text == "P" {
            text.push_str("T0S");
        }
        f.write_str(&text)
    }
}

fn write_time(f: &mut fmt::Formatter<'_>, t: Time) -> fmt::Result {
    write!(f, "{:02}:{:02}", t.hour(), t.minute())?;
    if t.second() != 0 || t.subsec_nanosecond() != 0 {
        write!(
            f,
            ":{:02}{}",
            t.second(),
            fraction(i64::from(t.subsec_nanosecond()))
        )?;
    }
    Ok(())
}

fn write_date(f: &mut fmt::Formatter<'_>, d: Date) -> fmt::Result {
    let y = d.year();
    if y < 0 {
        write!(f, "-{:04}", -i32::from(y))?;
    } else {
        write!(f, "{y:04}")?;
    }
    write!(f, "-{:02}-{:02}", d.month(), d.day())
}

/// `Z` for UTC, else `±hh:mm` (with `:ss` when the offset has seconds).
pub fn offset_text(seconds: i32) -> String {
    if seconds == 0 {
        return "Z".into();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let mut text = format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
    if !abs.is_multiple_of(60) {
        text.push_str(&format!(":{:02}", abs % 60));
    }
    text
}

impl fmt::Display for Temporal {
    /// The text Neo4j prints (ISO 8601, seconds shown only when not zero).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(d) => write_date(f, *d),
            Temporal::LocalTime(t) => write_time(f, *t),
            Temporal::Time(t, off) => {
                write_time(f, *t)?;
                f.write_str(&offset_text(*off))
            }
            Temporal::LocalDateTime(dt) => {
                write_date(f, dt.date())?;
                f.write_str("T")?;
                write_time(f, dt.time())
            }
            Temporal::DateTime(dt, off, zone) => {
                write_date(f, dt.date())?;
                f.write_str("T")?;
                write_time(f, dt.time())?;
                f.write_str(&offset_text(*off))?;
                if let Some(z) = zone {
                    write!(f, "[{z}]")?;
                }
                Ok(())
            }
            Temporal::Duration(d) => write!(f, "{d}"),
        }
    }
}

fn epoch_day(d: Date) -> i64 {
    d.duration_since(Date::constant(1970, 1, 1)).as_secs() / DAY_SECONDS
}

fn from_epoch_day(n: i64) -> Result<Date> {
    Date::constant(1970, 1, 1)
        .checked_add(SignedDuration::from_secs(
            n.checked_mul(DAY_SECONDS)
                .ok_or_else(|| bad("the date is out of range"))?,
        ))
        .map_err(range)
}

fn nanos_of_day(t: Time) -> i64 {
    (i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second())) * NANOS
        + i64::from(t.subsec_nanosecond())
}

fn time_of_nanos(n: i64) -> Time {
    let n = n.rem_euclid(DAY_SECONDS * NANOS);
    let secs = n / NANOS;
    Time::constant(
        (secs / 3600) as i8,
        (secs / 60 % 60) as i8,
        (secs % 60) as i8,
        (n % NANOS) as i32,
    )
}

/// Seconds since the epoch (and nanoseconds) of a local date-time at an offset.
fn instant(dt: DateTime, offset: i32) -> i128 {
    let days = epoch_day(dt.date()) as i128;
    (days * DAY_SECONDS as i128 - offset as i128) * NANOS as i128 + nanos_of_day(dt.time()) as i128
}

fn local_of_instant(nanos: i128, offset: i32) -> Result<DateTime> {
    let local = nanos + offset as i128 * NANOS as i128;
    let day_nanos = (DAY_SECONDS * NANOS) as i128;
    let day = i64::try_from(local.div_euclid(day_nanos)).map_err(|_| bad("out of range"))?;
    let rest = local.rem_euclid(day_nanos) as i64;
    Ok(DateTime::from_parts(
        from_epoch_day(day)?,
        time_of_nanos(rest),
    ))
}

fn zone_of(name: &str) -> Result<TimeZone> {
    TimeZone::get(name).map_err(|_| bad(format!("unknown time zone `{name}`")))
}

/// The offset a named zone has at a local date-time (the earlier one in a
/// fold, the later in a gap).
fn zone_offset(zone: &TimeZone, dt: DateTime) -> Result<i32> {
    let ts = zone
        .to_ambiguous_timestamp(dt)
        .compatible()
        .map_err(range)?;
    Ok(zone.to_offset(ts).seconds())
}

fn zone_offset_at(zone: &TimeZone, nanos: i128) -> Result<i32> {
    let secs = i64::try_from(nanos.div_euclid(NANOS as i128)).map_err(|_| bad("out of range"))?;
    let ts = Timestamp::from_second(secs).map_err(range)?;
    Ok(zone.to_offset(ts).seconds())
}

/// A zone as a value names it: an offset (`+01:00`, `Z`) or a tz name.
enum Zone {
    Fixed(i32),
    Named(Rc<str>, TimeZone),
}

fn parse_zone(text: &str) -> Result<Zone> {
    if let Some(off) = parse_offset(text) {
        return Ok(Zone::Fixed(off));
    }
    Ok(Zone::Named(Rc::from(text), zone_of(text)?))
}

impl Zone {
    fn at_local(&self, dt: DateTime) -> Result<(i32, Option<Rc<str>>)> {
        match self {
            Zone::Fixed(o) => Ok((*o, None)),
            Zone::Named(name, tz) => Ok((zone_offset(tz, dt)?, Some(name.clone()))),
        }
    }

    fn at_instant(&self, nanos: i128) -> Result<(i32, Option<Rc<str>>)> {
        match self {
            Zone::Fixed(o) => Ok((*o, None)),
            Zone::Named(name, tz) => Ok((zone_offset_at(tz, nanos)?, Some(name.clone()))),
        }
    }

    /// The offset a `time` takes in this zone (a named zone's offset now).
    fn for_time(&self) -> Result<i32> {
        match self {
            Zone::Fixed(o) => Ok(*o),
            Zone::Named(_, tz) => Ok(tz.to_offset(Timestamp::now()).seconds()),
        }
    }
}

fn parse_offset(text: &str) -> Option<i32> {
    if text == "Z" || text == "z" {
        return Some(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4 | 6) {
        return None;
    }
    let part = |i: usize| {
        digits
            .get(i..i + 2)
            .map_or(Some(0), |p| p.parse::<i32>().ok())
    };
    let (h, m, s) = (part(0)?, part(2)?, part(4)?);
    if h > 18 || m > 59 || s > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

fn invalid(kind: &str, text: &str) -> QueryError {
    bad(format!("`{text}` is not a valid {kind}"))
}

fn num(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn make_date(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

fn week_date(year: i64, week: i64, weekday: i64) -> Option<Date> {
    let wd = Weekday::from_monday_one_offset(i8::try_from(weekday).ok()?).ok()?;
    Some(
        ISOWeekDate::new(i16::try_from(year).ok()?, i8::try_from(week).ok()?, wd)
            .ok()?
            .date(),
    )
}

fn ordinal_date(year: i64, ordinal: i64) -> Option<Date> {
    let first = make_date(year, 1, 1)?;
    if ordinal < 1 || ordinal > i64::from(first.days_in_year()) {
        return None;
    }
    from_epoch_day(epoch_day(first) + ordinal - 1).ok()
}

/// `2015-07-21`, `20150721`, `2015-07`, `201507`, `2015-W30-2`, `2015W302`,
/// `2015-W30`, `2015-202`, `2015202`, `2015`.
fn parse_date_text(text: &str) -> Option<Date> {
    let (sign, body) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (1, text),
    };
    let year_len = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let year_len = if year_len > 4 && sign == 1 && !text.starts_with('+') {
        4
    } else {
        year_len
    };
    let year = sign * num(body.get(..year_len)?)?;
    let rest = &body[year_len..];
    if rest.is_empty() {
        return make_date(year, 1, 1);
    }
    let (dashed, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if let Some(w) = rest.strip_prefix('W') {
        let week = num(w.get(..2)?)?;
        let day = match &w[2..] {
            "" => 1,
            d if dashed => num(d.strip_prefix('-')?)?,
            d => num(d)?,
        };
        if d_len(&w[2..], dashed) {
            return week_date(year, week, day);
        }
        return None;
    }
    match (rest.len(), dashed) {
        (2, _) => make_date(year, num(rest)?, 1),
        (3, _) => ordinal_date(year, num(rest)?),
        (4, false) => make_date(year, num(&rest[..2])?, num(&rest[2..])?),
        (5, true) if rest.as_bytes()[2] == b'-' => {
            make_date(year, num(&rest[..2])?, num(&rest[3..])?)
        }
        _ => None,
    }
}

fn d_len(day: &str, dashed: bool) -> bool {
    matches!((day.len(), dashed), (0, _) | (1, false) | (2, true))
}

/// `21:40:32.142`, `214032.142`, `21:40`, `2140`, `21`.
fn parse_time_text(text: &str) -> Option<Time> {
    let (main, frac) = match text.find(['.', ',']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = if main.contains(':') {
        main.split(':').collect()
    } else {
        main.as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect()
    };
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let h = num(parts[0])?;
    let m = parts.get(1).map_or(Some(0), |p| num(p))?;
    let s = parts.get(2).map_or(Some(0), |p| num(p))?;
    let nanos = match frac {
        None => 0,
        Some(f) if parts.len() == 3 && !f.is_empty() && f.len() <= 9 => {
            num(f)? * 10i64.pow(9 - f.len() as u32)
        }
        _ => return None,
    };
    Time::new(h as i8, m as i8, s as i8, nanos as i32)
        .ok()
        .filter(|_| h < 24 && m < 60 && s < 60)
}

/// A time followed by an optional offset and `[zone]`.
fn split_zone(text: &str) -> (&str, Option<&str>, Option<&str>) {
    let (text, zone) = match text.find('[') {
        Some(i) if text.ends_with(']') => (&text[..i], Some(&text[i + 1..text.len() - 1])),
        _ => (text, None),
    };
    match text.rfind(['+', '-', 'Z', 'z']) {
        Some(i) => (&text[..i], Some(&text[i..]), zone),
        None => (text, None, zone),
    }
}

fn parse_duration_text(text: &str) -> Option<Duration> {
    let body = text.strip_prefix('P').or_else(|| text.strip_prefix('p'))?;
    // The alternative form `P2012-02-02T14:37:21.545`.
    if body.len() > 4 && body.as_bytes()[4] == b'-' && num(&body[..4]).is_some() {
        let (date, time) = body.split_once('T').unwrap_or((body, "00:00"));
        let mut d = date.split('-');
        let years = num(d.next()?)?;
        let months = num(d.next()?)?;
        let days = num(d.next()?)?;
        let t = parse_time_text(time)?;
        return Duration::from_nanos(years * 12 + months, days, nanos_of_day(t) as i128).ok();
    }
    let (date, time) = match body.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let (mut months, mut days, mut seconds) = (0f64, 0f64, 0f64);
    let mut exact: i128 = 0;
    let mut read = |part: &str, units: &[(char, f64, u8)]| -> Option<()> {
        let mut rest = part;
        while !rest.is_empty() {
            let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
            let digits = rest[..end].replace(',', ".");
            let number: f64 = digits.parse().ok()?;
            let unit = rest[end..].chars().next()?.to_ascii_uppercase();
            let &(_, factor, slot) = units.iter().find(|(u, ..)| *u == unit)?;
            match (slot, exact_nanos(&digits)) {
                // Seconds to the nanosecond, without a float's rounding.
                (2, Some(n)) if unit == 'S' => exact += n,
                (0, _) => months += number * factor,
                (1, _) => days += number * factor,
                _ => seconds += number * factor,
            }
            rest = &rest[end + 1..];
        }
        Some(())
    };
    read(
        date,
        &[('Y', 12.0, 0), ('M', 1.0, 0), ('W', 7.0, 1), ('D', 1.0, 1)],
    )?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        read(t, &[('H', 3600.0, 2), ('M', 60.0, 2), ('S', 1.0, 2)])?;
    }
    if body.is_empty() {
        return None;
    }
    Duration::from_parts(months, days, seconds, exact).ok()
}

/// `-12.000000001` as nanoseconds, when it has at most nine decimals.
fn exact_nanos(text: &str) -> Option<i128> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() || frac.len() > 9 {
        return None;
    }
    let whole: i128 = num(whole)?.into();
    let frac: i128 = if frac.is_empty() {
        0
    } else {
        i128::from(num(frac)?) * 10i128.pow(9 - frac.len() as u32)
    };
    let n = whole * NANOS as i128 + frac;
    Some(if negative { -n } else { n })
}

/// Which temporal type a constructor makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::LocalTime => "localtime",
            Kind::Time => "time",
            Kind::LocalDateTime => "localdatetime",
            Kind::DateTime => "datetime",
        }
    }

    fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }

    fn has_time(self) -> bool {
        !matches!(self, Kind::Date)
    }

    fn has_zone(self) -> bool {
        matches!(self, Kind::Time | Kind::DateTime)
    }
}

/// Parses the string form of a `kind` value.
pub fn parse(kind: Kind, text: &str) -> Result<Temporal> {
    let fail = || invalid(kind.name(), text);
    let (date_text, time_text) = match (kind.has_date(), kind.has_time()) {
        (true, true) => match text.split_once(['T', 't']) {
            Some((d, t)) => (Some(d), Some(t)),
            None => (Some(text), None),
        },
        (true, false) => (Some(text), None),
        _ => (None, Some(text)),
    };
    let date = match date_text {
        Some(d) => Some(parse_date_text(d).ok_or_else(fail)?),
        None => None,
    };
    let (time, offset, zone) = match time_text {
        Some(t) => {
            let (clock, offset, zone) = split_zone(t);
            if !kind.has_zone() && (offset.is_some() || zone.is_some()) {
                // A zoned string read as a local value drops the zone.
                let time = parse_time_text(clock).ok_or_else(fail)?;
                (time, None, None)
            } else {
                let time = parse_time_text(clock).ok_or_else(fail)?;
                let offset = match offset {
                    Some(o) => Some(parse_offset(o).ok_or_else(fail)?),
                    None => None,
                };
                (time, offset, zone)
            }
        }
        None => {
            if kind == Kind::DateTime || kind == Kind::LocalDateTime {
                // A date-time string may give the zone after the date only.
                (Time::midnight(), None, None)
            } else {
                (Time::midnight(), None, None)
            }
        }
    };
    Ok(match kind {
        Kind::Date => Temporal::Date(date.ok_or_else(fail)?),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::Time => Temporal::Time(time, offset.unwrap_or(0)),
        Kind::LocalDateTime => {
            Temporal::LocalDateTime(DateTime::from_parts(date.ok_or_else(fail)?, time))
        }
        Kind::DateTime => {
            let dt = DateTime::from_parts(date.ok_or_else(fail)?, time);
            match (offset, zone) {
                (_, Some(z)) => {
                    let tz = zone_of(z)?;
                    let off = match offset {
                        Some(o) => o,
                        None => zone_offset(&tz, dt)?,
                    };
                    Temporal::DateTime(dt, off, Some(Rc::from(z)))
                }
                (Some(o), None) => Temporal::DateTime(dt, o, None),
                (None, None) => Temporal::DateTime(dt, 0, None),
            }
        }
    })
}

pub fn parse_duration(text: &str) -> Result<Duration> {
    parse_duration_text(text).ok_or_else(|| invalid("duration", text))
}

fn int_field(map: &BTreeMap<String, Value>, key: &str) -> Result<Option<i64>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => Err(type_error(format!(
            "`{key}` must be an integer, not a {}",
            other.type_name()
        ))),
    }
}

fn num_field(map: &BTreeMap<String, Value>, key: &str) -> Result<Option<f64>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i as f64)),
        Some(Value::Float(f)) => Ok(Some(*f)),
        Some(other) => Err(type_error(format!(
            "`{key}` must be a number, not a {}",
            other.type_name()
        ))),
    }
}

fn temporal_field<'a>(map: &'a BTreeMap<String, Value>, key: &str) -> Option<&'a Temporal> {
    match map.get(key) {
        Some(Value::Temporal(t)) => Some(t),
        _ => None,
    }
}

/// A stored value read back (its text was printed by [`Temporal`]'s
/// `Display`, so it parses; text that does not stays text).
pub fn from_stored(kind: TemporalKind, text: &str) -> Value {
    let parsed = match kind {
        TemporalKind::Date => parse(Kind::Date, text),
        TemporalKind::LocalTime => parse(Kind::LocalTime, text),
        TemporalKind::Time => parse(Kind::Time, text),
        TemporalKind::LocalDateTime => parse(Kind::LocalDateTime, text),
        TemporalKind::DateTime => parse(Kind::DateTime, text),
        TemporalKind::Duration => parse_duration(text).map(Temporal::Duration),
    };
    match parsed {
        Ok(t) => Value::Temporal(Rc::new(t)),
        Err(_) => Value::str(text),
    }
}

impl Temporal {
    /// The type tag the graph stores with the text.
    pub fn stored_kind(&self) -> TemporalKind {
        match self {
            Temporal::Date(_) => TemporalKind::Date,
            Temporal::LocalTime(_) => TemporalKind::LocalTime,
            Temporal::Time(..) => TemporalKind::Time,
            Temporal::LocalDateTime(_) => TemporalKind::LocalDateTime,
            Temporal::DateTime(..) => TemporalKind::DateTime,
            Temporal::Duration(_) => TemporalKind::Duration,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Temporal::Date(_) => "date",
            Temporal::LocalTime(_) => "localtime",
            Temporal::Time(..) => "time",
            Temporal::LocalDateTime(_) => "localdatetime",
            Temporal::DateTime(..) => "datetime",
            Temporal::Duration(_) => "duration",
        }
    }

    fn date(&self) -> Option<Date> {
        match self {
            Temporal::Date(d) => Some(*d),
            Temporal::LocalDateTime(dt) | Temporal::DateTime(dt, ..) => Some(dt.date()),
            _ => None,
        }
    }

    fn time(&self) -> Option<Time> {
        match self {
            Temporal::LocalTime(t) | Temporal::Time(t, _) => Some(*t),
            Temporal::LocalDateTime(dt) | Temporal::DateTime(dt, ..) => Some(dt.time()),
            _ => None,
        }
    }

    fn offset(&self) -> Option<i32> {
        match self {
            Temporal::Time(_, o) | Temporal::DateTime(_, o, _) => Some(*o),
            _ => None,
        }
    }

    /// Equality as `=` sees it: like types only; zoned values as instants
    /// with the same offset.
    pub fn equals(&self, other: &Temporal) -> bool {
        match (self, other) {
            (Temporal::DateTime(a, oa, _), Temporal::DateTime(b, ob, _)) => {
                instant(*a, *oa) == instant(*b, *ob)
            }
            (Temporal::Time(a, oa), Temporal::Time(b, ob)) => {
                time_instant(*a, *oa) == time_instant(*b, *ob)
            }
            _ => self == other,
        }
    }

    /// `<` and friends: like types only, durations not at all.
    pub fn compare(&self, other: &Temporal) -> Option<Ordering> {
        Some(match (self, other) {
            (Temporal::Date(a), Temporal::Date(b)) => a.cmp(b),
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => a.cmp(b),
            (Temporal::Time(a, oa), Temporal::Time(b, ob)) => {
                time_instant(*a, *oa).cmp(&time_instant(*b, *ob))
            }
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => a.cmp(b),
            (Temporal::DateTime(a, oa, _), Temporal::DateTime(b, ob, _)) => {
                instant(*a, *oa).cmp(&instant(*b, *ob))
            }
            _ => return None,
        })
    }

    /// Rank among temporal types in the global sort order.
    pub fn order_rank(&self) -> u8 {
        match self {
            Temporal::DateTime(..) => 0,
            Temporal::LocalDateTime(_) => 1,
            Temporal::Date(_) => 2,
            Temporal::Time(..) => 3,
            Temporal::LocalTime(_) => 4,
            Temporal::Duration(_) => 5,
        }
    }

    /// Total order within one type, for `ORDER BY`.
    pub fn order(&self, other: &Temporal) -> Ordering {
        self.order_rank()
            .cmp(&other.order_rank())
            .then_with(|| match (self, other) {
                (Temporal::Duration(a), Temporal::Duration(b)) => {
                    (a.months, a.days, a.total_nanos()).cmp(&(b.months, b.days, b.total_nanos()))
                }
                (Temporal::DateTime(_, oa, _), Temporal::DateTime(_, ob, _))
                | (Temporal::Time(_, oa), Temporal::Time(_, ob)) => self
                    .compare(other)
                    .unwrap_or(Ordering::Equal)
                    .then(oa.cmp(ob)),
                _ => self.compare(other).unwrap_or(Ordering::Equal),
            })
    }

    /// The key under which equal values group.
    pub fn key(&self) -> String {
        match self {
            Temporal::DateTime(dt, o, _) => format!("datetime {}", instant(*dt, *o)),
            Temporal::Time(t, o) => format!("time {}", time_instant(*t, *o)),
            other => format!("{} {other}", other.type_name()),
        }
    }

    /// A component (`d.year`, `t.offsetMinutes`, `dur.days`).
    pub fn component(&self, key: &str) -> Result<Value> {
        if let Temporal::Duration(d) = self {
            return duration_component(d, key);
        }
        let missing = || bad(format!("a {} has no component `{key}`", self.type_name()));
        let int = |i: i64| Ok(Value::Int(i));
        if let Some(d) = self.date() {
            let week = d.iso_week_date();
            let quarter = (i64::from(d.month()) - 1) / 3 + 1;
            match key {
                "year" => return int(d.year().into()),
                "quarter" => return int(quarter),
                "month" => return int(d.month().into()),
                "week" => return int(week.week().into()),
                "weekYear" => return int(week.year().into()),
                "day" => return int(d.day().into()),
                "ordinalDay" => return int(d.day_of_year().into()),
                "weekDay" | "dayOfWeek" => {
                    return int(d.weekday().to_monday_one_offset().into());
                }
                "dayOfQuarter" => {
                    let first =
                        make_date(d.year().into(), (quarter - 1) * 3 + 1, 1).ok_or_else(missing)?;
                    return int(epoch_day(d) - epoch_day(first) + 1);
                }
                _ => {}
            }
        }
        if let Some(t) = self.time() {
            let ns = i64::from(t.subsec_nanosecond());
            match key {
                "hour" => return int(t.hour().into()),
                "minute" => return int(t.minute().into()),
                "second" => return int(t.second().into()),
                "millisecond" => return int(ns / 1_000_000),
                "microsecond" => return int(ns / 1_000),
                "nanosecond" => return int(ns),
                _ => {}
            }
        }
        if let Some(off) = self.offset() {
            match key {
                "timezone" => {
                    return Ok(match self {
                        Temporal::DateTime(_, _, Some(z)) => Value::Str(z.clone()),
                        _ => Value::str(&offset_text(off)),
                    });
                }
                "offset" => return Ok(Value::str(&offset_text(off))),
                "offsetMinutes" => return int(i64::from(off) / 60),
                "offsetSeconds" => return int(off.into()),
                _ => {}
            }
        }
        if let Temporal::DateTime(dt, off, _) = self {
            let nanos = instant(*dt, *off);
            match key {
                "epochSeconds" => return int(nanos.div_euclid(NANOS as i128) as i64),
                "epochMillis" => return int(nanos.div_euclid(1_000_000) as i64),
                _ => {}
            }
        }
        Err(missing())
    }
}

fn time_instant(t: Time, offset: i32) -> i64 {
    nanos_of_day(t) - i64::from(offset) * NANOS
}

fn duration_component(d: &Duration, key: &str) -> Result<Value> {
    let total = d.total_nanos();
    let secs = d.seconds;
    let int = |i: i64| Ok(Value::Int(i));
    match key {
        "years" => int(d.months / 12),
        "quarters" => int(d.months / 3),
        "months" => int(d.months),
        "weeks" => int(d.days / 7),
        "days" => int(d.days),
        "hours" => int(secs.div_euclid(3600)),
        "minutes" => int(secs.div_euclid(60)),
        "seconds" => int(secs),
        "milliseconds" => int((total.div_euclid(1_000_000)) as i64),
        "microseconds" => int((total.div_euclid(1_000)) as i64),
        "nanoseconds" => int(total as i64),
        "quartersOfYear" => int(d.months % 12 / 3),
        "monthsOfQuarter" => int(d.months % 3),
        "monthsOfYear" => int(d.months % 12),
        "daysOfWeek" => int(d.days % 7),
        "minutesOfHour" => int(secs.div_euclid(60) % 60),
        "secondsOfMinute" => int(secs.rem_euclid(60)),
        "millisecondsOfSecond" => int(d.nanos / 1_000_000),
        "microsecondsOfSecond" => int(d.nanos / 1_000),
        "nanosecondsOfSecond" => int(d.nanos),
        _ => Err(bad(format!("a duration has no component `{key}`"))),
    }
}

/// `date(…)`, `time(…)`, … with a string, a map, another temporal or nothing
/// (now).
pub fn construct(kind: Kind, arg: Option<&Value>) -> Result<Value> {
    let value = match arg {
        None => now(kind, None)?,
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::Str(s)) => parse(kind, s)?,
        Some(Value::Map(m)) => from_map(kind, m)?,
        Some(Value::Temporal(t)) => project(kind, t, &BTreeMap::new())?,
        Some(other) => {
            return Err(type_error(format!(
                "{}() does not accept a {}",
                kind.name(),
                other.type_name()
            )));
        }
    };
    Ok(Value::Temporal(Rc::new(value)))
}

thread_local! {
    /// The statement's clock: every `date()`, `datetime()`, … of one
    /// statement reads the same instant, as openCypher's clock functions do.
    static STATEMENT_CLOCK: std::cell::Cell<Option<Timestamp>> = const { std::cell::Cell::new(None) };
}

/// Starts a statement's clock afresh (the next read takes the time).
pub fn reset_clock() {
    STATEMENT_CLOCK.with(|c| c.set(None));
}

fn statement_now() -> Timestamp {
    STATEMENT_CLOCK.with(|c| match c.get() {
        Some(now) => now,
        None => {
            let now = Timestamp::now();
            c.set(Some(now));
            now
        }
    })
}

/// `date.transaction()`, `date.statement()`, `date.realtime()` and the same
/// for the other types, with an optional time zone.
pub fn clock(kind: Kind, realtime: bool, zone: Option<&Value>) -> Result<Value> {
    let zone = match zone {
        None => None,
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::Str(z)) => Some(parse_zone(z)?),
        Some(other) => {
            return Err(type_error(format!(
                "a time zone is a string, not a {}",
                other.type_name()
            )));
        }
    };
    let ts = if realtime {
        Timestamp::now()
    } else {
        statement_now()
    };
    Ok(Value::Temporal(Rc::new(at_instant(
        kind,
        ts,
        zone.as_ref(),
    )?)))
}

fn now(kind: Kind, zone: Option<&Zone>) -> Result<Temporal> {
    at_instant(kind, statement_now(), zone)
}

fn at_instant(kind: Kind, ts: Timestamp, zone: Option<&Zone>) -> Result<Temporal> {
    let nanos = ts.as_nanosecond();
    let (off, name) = match zone {
        Some(z) => z.at_instant(nanos)?,
        None => (0, None),
    };
    let local = local_of_instant(nanos, off)?;
    Ok(match kind {
        Kind::Date => Temporal::Date(local.date()),
        Kind::LocalTime => Temporal::LocalTime(local.time()),
        Kind::Time => Temporal::Time(local.time(), off),
        Kind::LocalDateTime => Temporal::LocalDateTime(local),
        Kind::DateTime => Temporal::DateTime(local, off, name),
    })
}

const DATE_KEYS: &[&str] = &[
    "year",
    "month",
    "day",
    "week",
    "dayOfWeek",
    "ordinalDay",
    "quarter",
    "dayOfQuarter",
];
const TIME_KEYS: &[&str] = &[
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
];

fn from_map(kind: Kind, map: &BTreeMap<String, Value>) -> Result<Temporal> {
    if kind == Kind::DateTime
        && (map.contains_key("epochSeconds") || map.contains_key("epochMillis"))
    {
        let secs = int_field(map, "epochSeconds")?.unwrap_or(0) as i128;
        let millis = int_field(map, "epochMillis")?.unwrap_or(0) as i128;
        let extra = sub_second(map)? as i128;
        let nanos = secs * NANOS as i128 + millis * 1_000_000 + extra;
        return zoned_instant(nanos, map);
    }
    let base: Option<&Temporal> = ["datetime", "date", "time", "localtime", "localdatetime"]
        .iter()
        .find_map(|k| temporal_field(map, k));
    if base.is_some() || map.contains_key("date") || map.contains_key("time") {
        return project(
            kind,
            base.unwrap_or(&Temporal::Date(Date::constant(1970, 1, 1))),
            map,
        );
    }
    for key in map.keys() {
        let known = (kind.has_date() && DATE_KEYS.contains(&key.as_str()))
            || (kind.has_time() && TIME_KEYS.contains(&key.as_str()))
            || (kind.has_zone() && key == "timezone");
        if !known {
            return Err(bad(format!("{}() does not take `{key}`", kind.name())));
        }
    }
    let zone = match map.get("timezone") {
        Some(Value::Str(z)) => Some(parse_zone(z)?),
        _ => None,
    };
    if kind.has_date() && !map.contains_key("year") {
        if map.is_empty() || (map.len() == 1 && zone.is_some()) {
            return now(kind, zone.as_ref());
        }
        return Err(bad(format!("{}() needs a `year`", kind.name())));
    }
    let date = if kind.has_date() {
        Some(date_from_fields(map, None)?)
    } else {
        None
    };
    let time = if kind.has_time() {
        if !map.contains_key("hour") && TIME_KEYS.iter().any(|k| map.contains_key(*k)) {
            return Err(bad(format!("{}() needs an `hour`", kind.name())));
        }
        time_from_fields(map, Time::midnight(), true)?
    } else {
        Time::midnight()
    };
    finish(kind, date, time, zone, None)
}

/// The nanoseconds a map's `millisecond`, `microsecond` and `nanosecond` add.
fn sub_second(map: &BTreeMap<String, Value>) -> Result<i64> {
    let ms = int_field(map, "millisecond")?;
    let us = int_field(map, "microsecond")?;
    let ns = int_field(map, "nanosecond")?;
    Ok(ms.unwrap_or(0) * 1_000_000 + us.unwrap_or(0) * 1_000 + ns.unwrap_or(0))
}

fn zoned_instant(nanos: i128, map: &BTreeMap<String, Value>) -> Result<Temporal> {
    let zone = match map.get("timezone") {
        Some(Value::Str(z)) => parse_zone(z)?,
        _ => Zone::Fixed(0),
    };
    let (off, name) = zone.at_instant(nanos)?;
    Ok(Temporal::DateTime(local_of_instant(nanos, off)?, off, name))
}

/// A date from a map's date fields, starting from `base` for fields not given.
fn date_from_fields(map: &BTreeMap<String, Value>, base: Option<Date>) -> Result<Date> {
    let fail = || bad("the date fields do not make a valid date");
    let field = |k: &str| int_field(map, k);
    let (year, month, day) = (field("year")?, field("month")?, field("day")?);
    let (week, dow) = (field("week")?, field("dayOfWeek")?);
    let ordinal = field("ordinalDay")?;
    let (quarter, doq) = (field("quarter")?, field("dayOfQuarter")?);
    if week.is_some() || (dow.is_some() && month.is_none() && ordinal.is_none()) {
        let b = base.map(|d| d.iso_week_date());
        let y = year.or(b.map(|w| i64::from(w.year()))).ok_or_else(fail)?;
        let w = week.or(b.map(|w| i64::from(w.week()))).unwrap_or(1);
        let dw = dow
            .or(b.map(|w| i64::from(w.weekday().to_monday_one_offset())))
            .unwrap_or(1);
        return week_date(y, w, dw).ok_or_else(fail);
    }
    let y = year
        .or(base.map(|d| i64::from(d.year())))
        .ok_or_else(fail)?;
    if let Some(o) = ordinal {
        return ordinal_date(y, o).ok_or_else(fail);
    }
    if quarter.is_some() || doq.is_some() {
        let q = quarter
            .or(base.map(|d| (i64::from(d.month()) - 1) / 3 + 1))
            .unwrap_or(1);
        let dq = match doq {
            Some(x) => x,
            None => match base {
                Some(b) => {
                    let first =
                        make_date(b.year().into(), ((i64::from(b.month()) - 1) / 3) * 3 + 1, 1)
                            .ok_or_else(fail)?;
                    epoch_day(b) - epoch_day(first) + 1
                }
                None => 1,
            },
        };
        if !(1..=4).contains(&q) {
            return Err(fail());
        }
        let first = make_date(y, (q - 1) * 3 + 1, 1).ok_or_else(fail)?;
        let next = if q == 4 {
            make_date(y + 1, 1, 1)
        } else {
            make_date(y, q * 3 + 1, 1)
        }
        .ok_or_else(fail)?;
        let days = epoch_day(next) - epoch_day(first);
        if dq < 1 || dq > days {
            return Err(fail());
        }
        return from_epoch_day(epoch_day(first) + dq - 1);
    }
    let m = month.or(base.map(|d| i64::from(d.month()))).unwrap_or(1);
    let d = day.or(base.map(|d| i64::from(d.day()))).unwrap_or(1);
    make_date(y, m, d).ok_or_else(fail)
}

/// A time from a map's time fields over `base`; `strict` when the map
/// alone gives the time (a field below one given defaults to zero).
fn time_from_fields(map: &BTreeMap<String, Value>, base: Time, strict: bool) -> Result<Time> {
    let fail = || bad("the time fields do not make a valid time");
    let field = |k: &str| int_field(map, k);
    let h = field("hour")?.unwrap_or(i64::from(base.hour()));
    let m = field("minute")?.unwrap_or(if strict { 0 } else { i64::from(base.minute()) });
    let s = field("second")?.unwrap_or(if strict { 0 } else { i64::from(base.second()) });
    let any_sub = ["millisecond", "microsecond", "nanosecond"]
        .iter()
        .any(|k| map.contains_key(*k));
    let base_ns = i64::from(base.subsec_nanosecond());
    let ns = if any_sub {
        let ms = field("millisecond")?;
        let us = field("microsecond")?;
        let nn = field("nanosecond")?;
        if ms.is_some_and(|v| !(0..1000).contains(&v))
            || us.is_some_and(|v| !(0..1000).contains(&v)) && ms.is_some()
            || nn.is_some_and(|v| !(0..1000).contains(&v)) && (ms.is_some() || us.is_some())
        {
            return Err(fail());
        }
        let ms = ms.unwrap_or(if strict { 0 } else { base_ns / 1_000_000 });
        let us = us.map_or(if strict { 0 } else { base_ns / 1000 % 1000 } * 1000, |u| {
            u * 1000
        });
        let nn = nn.unwrap_or(if strict { 0 } else { base_ns % 1000 });
        ms * 1_000_000 + us + nn
    } else if strict {
        0
    } else {
        base_ns
    };
    if !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..60).contains(&s)
        || !(0..NANOS).contains(&ns)
    {
        return Err(fail());
    }
    Ok(Time::constant(h as i8, m as i8, s as i8, ns as i32))
}

fn finish(
    kind: Kind,
    date: Option<Date>,
    time: Time,
    zone: Option<Zone>,
    fallback: Option<(i32, Option<Rc<str>>)>,
) -> Result<Temporal> {
    let date = date.unwrap_or(Date::constant(1970, 1, 1));
    Ok(match kind {
        Kind::Date => Temporal::Date(date),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::LocalDateTime => Temporal::LocalDateTime(DateTime::from_parts(date, time)),
        Kind::Time => {
            let off = match (zone, fallback) {
                (Some(z), _) => z.for_time()?,
                (None, Some((o, _))) => o,
                (None, None) => 0,
            };
            Temporal::Time(time, off)
        }
        Kind::DateTime => {
            let dt = DateTime::from_parts(date, time);
            let (off, name) = match (zone, fallback) {
                (Some(z), _) => z.at_local(dt)?,
                (None, Some((_, Some(name)))) => {
                    Zone::Named(name.clone(), zone_of(&name)?).at_local(dt)?
                }
                (None, Some(f)) => f,
                (None, None) => (0, None),
            };
            Temporal::DateTime(dt, off, name)
        }
    })
}

/// A `kind` value made from another temporal value, with fields of `map`
/// (a `{date: …, time: …, year: …, timezone: …}` map) taking precedence.
fn project(kind: Kind, base: &Temporal, map: &BTreeMap<String, Value>) -> Result<Temporal> {
    let (date_src, time_src) = if map.is_empty() {
        (Some(base), Some(base))
    } else {
        let date_src = temporal_field(map, "date").or(temporal_field(map, "datetime"));
        let time_src = ["time", "datetime", "localtime", "localdatetime"]
            .iter()
            .find_map(|k| temporal_field(map, k));
        (date_src, time_src)
    };
    let cannot = || {
        type_error(format!(
            "{}() cannot be made from a {}",
            kind.name(),
            base.type_name()
        ))
    };
    let base_date = date_src.and_then(Temporal::date);
    if kind.has_date() && base_date.is_none() && !map.contains_key("year") {
        return Err(cannot());
    }
    if !kind.has_date() && time_src.and_then(Temporal::time).is_none() && !map.contains_key("hour")
    {
        return Err(cannot());
    }
    let zone = match map.get("timezone") {
        Some(Value::Str(z)) => Some(parse_zone(z)?),
        _ => None,
    };
    let mut base_time = time_src.and_then(Temporal::time);
    let mut base_date = base_date;
    let mut keep: Option<(i32, Option<Rc<str>>)> = time_src.and_then(|t| match t {
        Temporal::Time(_, o) => Some((*o, None)),
        Temporal::DateTime(_, o, n) => Some((*o, n.clone())),
        _ => None,
    });
    // A zoned value moved to another zone keeps its instant.
    if let (Some(z), Some(src), Some(t)) = (&zone, time_src, base_time)
        && let Some(from) = src.offset()
        && kind.has_zone()
    {
        let same = date_src.is_some_and(|d| std::ptr::eq(d, src));
        let day = if same { base_date } else { None };
        let dt = DateTime::from_parts(day.unwrap_or(Date::constant(1970, 1, 1)), t);
        let nanos = instant(dt, from);
        let target = match (z, kind) {
            (Zone::Fixed(o), _) => *o,
            (Zone::Named(_, tz), Kind::DateTime) => zone_offset_at(tz, nanos)?,
            (z, _) => z.for_time()?,
        };
        let local = local_of_instant(nanos, target)?;
        base_time = Some(local.time());
        if same {
            base_date = Some(local.date());
        }
        let name = match z {
            Zone::Named(n, _) => Some(n.clone()),
            Zone::Fixed(_) => None,
        };
        keep = Some((target, name));
    } else if let Some(z) = &zone {
        let dt = DateTime::from_parts(
            base_date.unwrap_or(Date::constant(1970, 1, 1)),
            base_time.unwrap_or(Time::midnight()),
        );
        keep = Some(match kind {
            Kind::Time => (z.for_time()?, None),
            _ => z.at_local(dt)?,
        });
    }
    let date = if kind.has_date() {
        Some(date_from_fields(map, base_date)?)
    } else {
        None
    };
    let time = match base_time {
        Some(t) => time_from_fields(map, t, false)?,
        None => time_from_fields(map, Time::midnight(), true)?,
    };
    // A named zone's offset is the one at the new local time.
    let keep = match keep {
        Some((_, Some(name))) if kind == Kind::DateTime => {
            let tz = zone_of(&name)?;
            let dt = DateTime::from_parts(date.unwrap_or(Date::constant(1970, 1, 1)), time);
            Some((zone_offset(&tz, dt)?, Some(name)))
        }
        other => other,
    };
    finish(kind, date, time, None, keep)
}

/// `duration(…)` from a string or a map of (possibly fractional) units.
pub fn duration(arg: &Value) -> Result<Value> {
    let d = match arg {
        Value::Null => return Ok(Value::Null),
        Value::Str(s) => parse_duration(s)?,
        Value::Map(m) => duration_from_map(m)?,
        Value::Temporal(t) if matches!(**t, Temporal::Duration(_)) => return Ok(arg.clone()),
        other => {
            return Err(type_error(format!(
                "duration() does not accept a {}",
                other.type_name()
            )));
        }
    };
    Ok(Value::Temporal(Rc::new(Temporal::Duration(d))))
}

fn duration_from_map(map: &BTreeMap<String, Value>) -> Result<Duration> {
    const UNITS: &[(&str, u8, f64)] = &[
        ("years", 0, 12.0),
        ("quarters", 0, 3.0),
        ("months", 0, 1.0),
        ("weeks", 1, 7.0),
        ("days", 1, 1.0),
        ("hours", 2, 3600.0),
        ("minutes", 2, 60.0),
        ("seconds", 2, 1.0),
        ("milliseconds", 3, 1e6),
        ("microseconds", 3, 1e3),
        ("nanoseconds", 3, 1.0),
    ];
    let (mut months, mut days, mut seconds) = (0f64, 0f64, 0f64);
    let mut nanos: i128 = 0;
    for key in map.keys() {
        if !UNITS.iter().any(|(k, ..)| k == key) {
            return Err(bad(format!("duration() does not take `{key}`")));
        }
    }
    for (key, slot, factor) in UNITS {
        let Some(v) = num_field(map, key)? else {
            continue;
        };
        match slot {
            0 => months += v * factor,
            1 => days += v * factor,
            2 => seconds += v * factor,
            _ => match map.get(*key) {
                Some(Value::Int(i)) => nanos += *i as i128 * *factor as i128,
                _ => nanos += (v * factor).round() as i128,
            },
        }
    }
    Duration::from_parts(months, days, seconds, nanos)
}

fn add_months(d: Date, months: i64) -> Result<Date> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month()) - 1 + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let first = make_date(y, m, 1).ok_or_else(|| bad("the date is out of range"))?;
    let day = i64::from(d.day()).min(i64::from(first.days_in_month()));
    make_date(y, m, day).ok_or_else(|| bad("the date is out of range"))
}

fn add_to_date(d: Date, dur: &Duration, sign: i64) -> Result<Date> {
    let d = add_months(d, sign * dur.months)?;
    let extra = (dur.total_nanos() / (DAY_SECONDS * NANOS) as i128) as i64;
    from_epoch_day(epoch_day(d) + sign * (dur.days + extra))
}

fn add_to_datetime(dt: DateTime, dur: &Duration, sign: i64) -> Result<DateTime> {
    let d = add_months(dt.date(), sign * dur.months)?;
    let d = from_epoch_day(epoch_day(d) + sign * dur.days)?;
    let local = instant(DateTime::from_parts(d, dt.time()), 0) + sign as i128 * dur.total_nanos();
    local_of_instant(local, 0)
}

/// `+`, `-`, `*`, `/` with a temporal operand.
pub fn arith(op: char, x: &Value, y: &Value) -> Result<Value> {
    let wrap = |t: Temporal| Ok(Value::Temporal(Rc::new(t)));
    let sign = if op == '-' { -1 } else { 1 };
    match (x, y) {
        (Value::Temporal(a), Value::Temporal(b)) => match (&**a, &**b) {
            (Temporal::Duration(p), Temporal::Duration(q)) if op == '+' || op == '-' => {
                wrap(Temporal::Duration(p.add(q, sign)?))
            }
            (t, Temporal::Duration(d)) if op == '+' || op == '-' => wrap(shift(t, d, sign)?),
            (Temporal::Duration(d), t) if op == '+' => wrap(shift(t, d, 1)?),
            _ => Err(cannot(op, x, y)),
        },
        (Value::Temporal(a), Value::Int(_) | Value::Float(_))
            if matches!(**a, Temporal::Duration(_)) && (op == '*' || op == '/') =>
        {
            let Temporal::Duration(d) = &**a else {
                unreachable!()
            };
            let n = match y {
                Value::Int(i) => *i as f64,
                Value::Float(f) => *f,
                _ => 0.0,
            };
            let by = if op == '*' { n } else { 1.0 / n };
            if !by.is_finite() {
                return Err(bad("division of a duration by zero"));
            }
            wrap(Temporal::Duration(d.scale(by)?))
        }
        (Value::Int(_) | Value::Float(_), Value::Temporal(a))
            if matches!(**a, Temporal::Duration(_)) && op == '*' =>
        {
            arith(op, y, x)
        }
        _ => Err(cannot(op, x, y)),
    }
}

fn cannot(op: char, x: &Value, y: &Value) -> QueryError {
    type_error(format!(
        "cannot apply {op} to a {} and a {}",
        x.type_name(),
        y.type_name()
    ))
}

fn shift(t: &Temporal, d: &Duration, sign: i64) -> Result<Temporal> {
    let day = (DAY_SECONDS * NANOS) as i128;
    let time_shift = |time: Time| {
        let n = (nanos_of_day(time) as i128 + sign as i128 * d.total_nanos()).rem_euclid(day);
        time_of_nanos(n as i64)
    };
    Ok(match t {
        Temporal::Date(date) => Temporal::Date(add_to_date(*date, d, sign)?),
        Temporal::LocalTime(time) => Temporal::LocalTime(time_shift(*time)),
        Temporal::Time(time, o) => Temporal::Time(time_shift(*time), *o),
        Temporal::LocalDateTime(dt) => Temporal::LocalDateTime(add_to_datetime(*dt, d, sign)?),
        Temporal::DateTime(dt, o, zone) => {
            let local = add_to_datetime(*dt, d, sign)?;
            match zone {
                Some(name) => {
                    let tz = zone_of(name)?;
                    Temporal::DateTime(local, zone_offset(&tz, local)?, Some(name.clone()))
                }
                None => Temporal::DateTime(local, *o, None),
            }
        }
        Temporal::Duration(_) => {
            return Err(type_error("cannot add a duration to a duration this way"));
        }
    })
}

/// Which part of a duration `duration.between` and friends measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Between {
    All,
    Months,
    Days,
    Seconds,
}

/// `duration.between(a, b)` (and `inMonths`, `inDays`, `inSeconds`).
pub fn between(how: Between, a: &Value, b: &Value) -> Result<Value> {
    let (a, b) = match (a, b) {
        (Value::Null, _) | (_, Value::Null) => return Ok(Value::Null),
        (Value::Temporal(a), Value::Temporal(b)) => (&**a, &**b),
        _ => {
            return Err(type_error(format!(
                "duration.between() needs two temporal values, not a {} and a {}",
                a.type_name(),
                b.type_name()
            )));
        }
    };
    if matches!(a, Temporal::Duration(_)) || matches!(b, Temporal::Duration(_)) {
        return Err(type_error("duration.between() does not accept a duration"));
    }
    // A side without a date takes the other's, without a time midnight,
    // without a zone the other's (so a local value is read in the zone of
    // the zoned one); both are then compared as instants.
    let has_date = a.date().is_some() && b.date().is_some();
    let zone_of_side = |t: &Temporal| -> Result<Option<Zone>> {
        Ok(match t {
            Temporal::Time(_, o) | Temporal::DateTime(_, o, None) => Some(Zone::Fixed(*o)),
            Temporal::DateTime(_, _, Some(name)) => Some(Zone::Named(name.clone(), zone_of(name)?)),
            _ => None,
        })
    };
    let (za, zb) = (zone_of_side(a)?, zone_of_side(b)?);
    let side = |t: &Temporal,
                other: &Temporal,
                own: &Option<Zone>,
                theirs: &Option<Zone>|
     -> Result<(DateTime, i32)> {
        let date = t
            .date()
            .or(other.date())
            .unwrap_or(Date::constant(1970, 1, 1));
        let dt = DateTime::from_parts(date, t.time().unwrap_or(Time::midnight()));
        let offset = match (t.offset(), own.as_ref().or(theirs.as_ref())) {
            (Some(o), _) => o,
            (None, Some(z)) => z.at_local(dt)?.0,
            (None, None) => 0,
        };
        Ok((dt, offset))
    };
    let (la, oa) = side(a, b, &za, &zb)?;
    let (lb0, ob) = side(b, a, &zb, &za)?;
    let nanos_between = instant(lb0, ob) - instant(la, oa);
    let lb = local_of_instant(instant(lb0, ob), oa)?;
    let d = if !has_date {
        Duration::from_nanos(0, 0, nanos_between)?
    } else {
        match how {
            Between::Seconds => Duration::from_nanos(0, 0, nanos_between)?,
            Between::Days => {
                let day = (DAY_SECONDS * NANOS) as i128;
                let days = (instant(lb, 0) - instant(la, 0)) / day;
                Duration::from_nanos(0, days as i64, 0)?
            }
            Between::Months | Between::All => {
                let months = months_between(la, lb);
                let mid = add_to_datetime(
                    la,
                    &Duration {
                        months,
                        ..Duration::default()
                    },
                    1,
                )?;
                if how == Between::Months {
                    Duration::from_nanos(months, 0, 0)?
                } else {
                    let rest = instant(lb, 0) - instant(mid, 0);
                    let day = (DAY_SECONDS * NANOS) as i128;
                    let days = rest / day;
                    Duration::from_nanos(months, days as i64, rest - days * day)?
                }
            }
        }
    };
    let d = if !has_date && how != Between::All && how != Between::Seconds {
        Duration::default()
    } else {
        d
    };
    Ok(Value::Temporal(Rc::new(Temporal::Duration(d))))
}

/// Whole months from `a` to `b` (towards zero).
fn months_between(a: DateTime, b: DateTime) -> i64 {
    let mut months = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
        - i64::from(a.month());
    let key = |dt: DateTime| (dt.day(), nanos_of_day(dt.time()));
    if months > 0 && key(b) < key(a) {
        months -= 1;
    } else if months < 0 && key(b) > key(a) {
        months += 1;
    }
    months
}

/// `date.truncate(unit, value [, map])` and the others.
pub fn truncate(kind: Kind, unit: &Value, value: &Value, map: Option<&Value>) -> Result<Value> {
    let (Value::Str(unit), Value::Temporal(t)) = (unit, value) else {
        if value.is_null() || unit.is_null() {
            return Ok(Value::Null);
        }
        return Err(type_error(
            "truncate() takes a unit name and a temporal value",
        ));
    };
    let empty = BTreeMap::new();
    let fields = match map {
        Some(Value::Map(m)) => &**m,
        _ => &empty,
    };
    let date = t.date();
    let time = t.time().unwrap_or(Time::midnight());
    let fail = || bad(format!("cannot truncate a {} to `{unit}`", t.type_name()));
    let truncated_date = |d: Date| -> Result<Date> {
        let y = i64::from(d.year());
        match &**unit {
            "millennium" => make_date(y.div_euclid(1000) * 1000, 1, 1),
            "century" => make_date(y.div_euclid(100) * 100, 1, 1),
            "decade" => make_date(y.div_euclid(10) * 10, 1, 1),
            "year" => make_date(y, 1, 1),
            "weekYear" => week_date(d.iso_week_date().year().into(), 1, 1),
            "quarter" => make_date(y, (i64::from(d.month()) - 1) / 3 * 3 + 1, 1),
            "month" => make_date(y, d.month().into(), 1),
            "week" => {
                from_epoch_day(epoch_day(d) - i64::from(d.weekday().to_monday_zero_offset())).ok()
            }
            _ => Some(d),
        }
        .ok_or_else(fail)
    };
    let date_units = [
        "millennium",
        "century",
        "decade",
        "year",
        "weekYear",
        "quarter",
        "month",
        "week",
        "day",
    ];
    let ns = i64::from(time.subsec_nanosecond());
    let truncated_time = match &**unit {
        u if date_units.contains(&u) => Time::midnight(),
        "hour" => Time::constant(time.hour(), 0, 0, 0),
        "minute" => Time::constant(time.hour(), time.minute(), 0, 0),
        "second" => Time::constant(time.hour(), time.minute(), time.second(), 0),
        "millisecond" => Time::constant(
            time.hour(),
            time.minute(),
            time.second(),
            (ns / 1_000_000 * 1_000_000) as i32,
        ),
        "microsecond" => Time::constant(
            time.hour(),
            time.minute(),
            time.second(),
            (ns / 1000 * 1000) as i32,
        ),
        _ => return Err(fail()),
    };
    if kind.has_date() {
        let Some(d) = date else {
            return Err(fail());
        };
        if !kind.has_time() && !date_units.contains(&&**unit) {
            return Err(fail());
        }
        let d = truncated_date(d)?;
        let d = if fields.keys().any(|k| DATE_KEYS.contains(&k.as_str())) {
            date_from_fields(fields, Some(d))?
        } else {
            d
        };
        let time = time_from_fields(fields, truncated_time, false)?;
        let zone = match fields.get("timezone") {
            Some(Value::Str(z)) => Some(parse_zone(z)?),
            _ => None,
        };
        let fallback = match &**t {
            Temporal::DateTime(_, o, n) => Some((*o, n.clone())),
            _ => None,
        };
        let out = finish(kind, Some(d), time, zone, fallback)?;
        return Ok(Value::Temporal(Rc::new(out)));
    }
    if date_units.contains(&&**unit) && unit.as_ref() != "day" {
        return Err(fail());
    }
    let time = time_from_fields(fields, truncated_time, false)?;
    let zone = match fields.get("timezone") {
        Some(Value::Str(z)) => Some(parse_zone(z)?),
        _ => None,
    };
    let fallback = t.offset().map(|o| (o, None));
    let out = finish(kind, None, time, zone, fallback)?;
    Ok(Value::Temporal(Rc::new(out)))
}

/// `datetime.fromepoch(seconds, nanoseconds)` and `datetime.fromepochmillis(ms)`.
pub fn from_epoch(seconds: &Value, nanos: Option<&Value>, millis: bool) -> Result<Value> {
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(*i as i128),
        Value::Float(f) => Some(*f as i128),
        _ => None,
    };
    let Some(s) = as_int(seconds) else {
        return Ok(Value::Null);
    };
    let n = nanos.and_then(as_int).unwrap_or(0);
    let total = if millis {
        s * 1_000_000
    } else {
        s * NANOS as i128 + n
    };
    let map = BTreeMap::new();
    Ok(Value::Temporal(Rc::new(zoned_instant(total, &map)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(kind: Kind, s: &str) -> String {
        parse(kind, s).unwrap().to_string()
    }

    #[test]
    fn strings_read_in_every_iso_form_and_print_as_neo4j_does() {
        assert_eq!(text(Kind::Date, "2015-W30-2"), "2015-07-21");
        assert_eq!(text(Kind::Date, "2015202"), "2015-07-21");
        assert_eq!(text(Kind::Time, "2140-02"), "21:40-02:00");
        assert_eq!(
            text(Kind::DateTime, "1818-07-21T21:40:32.142[Europe/Stockholm]"),
            "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]"
        );
        assert!(parse(Kind::Date, "2015-13-01").is_err());
    }

    #[test]
    fn durations_keep_months_days_and_seconds_apart() {
        assert_eq!(
            parse_duration("P0.75M").unwrap().to_string(),
            "P22DT19H51M49.5S"
        );
        assert_eq!(
            parse_duration("PT-1.999S").unwrap().to_string(),
            "PT-1.999S"
        );
        assert_eq!(
            parse_duration("P12Y5M14DT16H12M70S").unwrap().to_string(),
            "P12Y5M14DT16H13M10S"
        );
    }
}
