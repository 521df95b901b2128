// The string formats that validation asserts, by the definitions validators of JSON Schema
// check them to: `date-time`, `date` and `time` (RFC 3339, leap seconds included), `uuid` (the
// hyphenated form), `ipv4` and `ipv6`. Any other format passes.
//
// This file is both a module of the generator (it checks examples and defaults) and part of every
// generated crate's `__private` module (its `validate()` checks values): one definition for both.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The formats `check_format` checks.
pub const ASSERTED: &[&str] = &["date-time", "date", "time", "uuid", "ipv4", "ipv6"];

/// Whether a string is of a format this checker knows; unknown formats pass.
pub fn check_format(format: &str, s: &str) -> Result<(), String> {
    match format {
        "date-time" => date_time(s),
        "date" => date(s),
        "time" => time(s),
        "uuid" => uuid(s),
        "ipv4" => {
            s.parse::<Ipv4Addr>().map(drop).map_err(|_| "expected four decimal octets, e.g. 192.0.2.1".to_owned())
        }
        "ipv6" => s.parse::<Ipv6Addr>().map(drop).map_err(|_| "expected an IPv6 address, e.g. 2001:db8::1".to_owned()),
        _ => Ok(()),
    }
}

fn digits(s: &str, range: std::ops::Range<usize>, what: &str) -> Result<u32, String> {
    let part = s.get(range.clone()).filter(|p| p.len() == range.len() && p.bytes().all(|b| b.is_ascii_digit()));
    part.and_then(|p| p.parse().ok()).ok_or_else(|| format!("expected {} digits of the {what}", range.len()))
}

/// `YYYY-MM-DD` (RFC 3339 `full-date`).
pub fn date(s: &str) -> Result<(), String> {
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return Err("expected YYYY-MM-DD".to_owned());
    }
    let year = digits(s, 0..4, "year")?;
    let month = digits(s, 5..7, "month")?;
    let day = digits(s, 8..10, "day")?;
    if !(1..=12).contains(&month) {
        return Err(format!("month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("day {day} of month {month}"));
    }
    Ok(())
}

/// `HH:MM:SS[.frac](Z|±HH:MM)` (RFC 3339 `full-time`); a leap second only at 23:59 UTC.
pub fn time(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return Err("expected HH:MM:SS and an offset (Z or ±HH:MM)".to_owned());
    }
    let hour = digits(s, 0..2, "hour")?;
    let minute = digits(s, 3..5, "minute")?;
    let second = digits(s, 6..8, "second")?;
    if hour > 23 {
        return Err(format!("hour {hour}"));
    }
    if minute > 59 {
        return Err(format!("minute {minute}"));
    }
    if second > 60 {
        return Err(format!("second {second}"));
    }
    let mut i = 8;
    if b.get(i) == Some(&b'.') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err("expected digits after the decimal point".to_owned());
        }
        i += 1 + n;
    }
    let offset_minutes: i32 = match &s[i..] {
        "Z" | "z" => 0,
        rest if (rest.starts_with('+') || rest.starts_with('-')) && rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let oh = digits(rest, 1..3, "offset's hours")?;
            let om = digits(rest, 4..6, "offset's minutes")?;
            if oh > 23 || om > 59 {
                return Err(format!("offset {rest}"));
            }
            let m = (oh * 60 + om) as i32;
            if rest.starts_with('+') { m } else { -m }
        }
        "" => return Err("expected an offset (Z or ±HH:MM)".to_owned()),
        rest => return Err(format!("`{rest}` is not an offset (Z or ±HH:MM)")),
    };
    if second == 60 {
        let utc = ((hour * 60 + minute) as i32 - offset_minutes).rem_euclid(24 * 60);
        if utc != 23 * 60 + 59 {
            return Err("a leap second (60) falls only at 23:59 UTC".to_owned());
        }
    }
    Ok(())
}

/// `date "T" time` (RFC 3339 `date-time`).
pub fn date_time(s: &str) -> Result<(), String> {
    let Some(t) = s.find(['T', 't']) else {
        return Err("expected YYYY-MM-DDTHH:MM:SS and an offset (RFC 3339)".to_owned());
    };
    date(&s[..t])?;
    time(&s[t + 1..])
}

/// The hyphenated form, `8-4-4-4-12` hexadecimal digits.
pub fn uuid(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('-').collect();
    let ok = groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then_some(()).ok_or_else(|| "expected 8-4-4-4-12 hexadecimal digits".to_owned())
}
