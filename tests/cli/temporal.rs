//! Temporal values through the binary: construction from strings and maps,
//! printing as Neo4j prints them, components, arithmetic, `duration.between`,
//! time zones from the bundled tz database, and an invalid date string
//! reported with its position.

use crate::common::icigraph;

/// Runs a query on the empty graph as CSV; returns (exit code, stdout, stderr).
fn csv(text: &str) -> (i32, String, String) {
    let out = icigraph()
        .args(["query", "--empty", "--format", "csv", text])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn value(text: &str) -> String {
    let (code, out, err) = csv(text);
    assert_eq!(code, 0, "{text}: {err}");
    out.lines().nth(1).unwrap_or_default().to_owned()
}

#[test]
fn dates_read_every_iso_form_and_print_as_neo4j_does() {
    assert_eq!(value("RETURN date('2015-W30-2') AS d"), "2015-07-21");
    assert_eq!(value("RETURN date('2015202') AS d"), "2015-07-21");
    assert_eq!(
        value("RETURN date({year: 1984, quarter: 3, dayOfQuarter: 45}) AS d"),
        "1984-08-14"
    );
    assert_eq!(
        value("RETURN localdatetime('2015-W30T2140') AS d"),
        "2015-07-20T21:40"
    );
}

#[test]
fn zones_come_from_the_bundled_database() {
    // Stockholm's local mean time before 1879: an offset with seconds.
    assert_eq!(
        value("RETURN datetime('1818-07-21T21:40:32.142[Europe/Stockholm]') AS d"),
        "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]"
    );
    assert_eq!(
        value(
            "RETURN datetime({year: 2017, month: 8, day: 8, hour: 12, timezone: 'Europe/Stockholm'}).offset AS o"
        ),
        "+02:00"
    );
}

#[test]
fn components_arithmetic_and_differences_follow_opencypher() {
    assert_eq!(value("RETURN date('1984-10-11').week AS w"), "41");
    assert_eq!(
        value(
            "RETURN date('1984-10-11') + duration({years: 12, months: 5, days: 14, hours: 16}) AS d"
        ),
        "1997-03-25"
    );
    assert_eq!(
        value("RETURN duration.between(date('1984-10-11'), date('2015-06-24')) AS d"),
        "P30Y8M13D"
    );
    assert_eq!(value("RETURN duration('P0.75M') AS d"), "P22DT19H51M49.5S");
    assert_eq!(
        value("RETURN date('2015-07-21') < date('2016-01-01') AS b"),
        "true"
    );
    // Unlike temporal types do not compare.
    assert_eq!(
        value("RETURN (date('2015-07-21') < localtime('12:00')) IS NULL AS b"),
        "true"
    );
}

#[test]
fn an_invalid_date_string_is_an_error_at_its_call() {
    let (code, _, err) = csv("RETURN 1 AS x,\n  date('2015-02-30') AS d");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a valid date"), "{err}");
    assert!(err.contains("[query:2:3]"), "{err}");
}

#[test]
fn dates_are_stored_as_properties_and_compare_as_dates() {
    let (code, out, err) = csv(
        "CREATE (:Trial {start: date('2019-03-01')}), (:Trial {start: date('2017-11-15')}) \
         WITH 1 AS x MATCH (t:Trial) WHERE t.start > date('2018-01-01') \
         RETURN t.start AS start, t.start.year AS year",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "start,year\n2019-03-01,2019\n");
}
