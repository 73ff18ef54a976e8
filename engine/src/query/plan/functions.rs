//! The function table: scalar function names (looked up case-insensitively,
//! with "did you mean"), their argument counts checked when planning, and
//! the aggregate names. Evaluation is the executor's ([`crate::query::exec`]).

macro_rules! functions {
    ($($variant:ident $name:literal $min:literal $max:literal),* $(,)?) => {
        /// A scalar function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Func { $($variant),* }

        const TABLE: &[(Func, &str, usize, usize)] = &[$((Func::$variant, $name, $min, $max)),*];
    };
}

functions! {
    Id "id" 1 1, ElementId "elementId" 1 1, Labels "labels" 1 1, Type "type" 1 1,
    Properties "properties" 1 1, Keys "keys" 1 1, Nodes "nodes" 1 1,
    Relationships "relationships" 1 1, Length "length" 1 1, Size "size" 1 1,
    Head "head" 1 1, Last "last" 1 1, Tail "tail" 1 1, Coalesce "coalesce" 1 64,
    StartNode "startNode" 1 1, EndNode "endNode" 1 1, Exists "exists" 1 1,
    ToLower "toLower" 1 1, ToUpper "toUpper" 1 1, ToString "toString" 1 1,
    ToStringOrNull "toStringOrNull" 1 1, ToInteger "toInteger" 1 1,
    ToIntegerOrNull "toIntegerOrNull" 1 1, ToFloat "toFloat" 1 1,
    ToFloatOrNull "toFloatOrNull" 1 1, ToBoolean "toBoolean" 1 1,
    ToBooleanOrNull "toBooleanOrNull" 1 1, Trim "trim" 1 1, LTrim "ltrim" 1 1,
    RTrim "rtrim" 1 1, Replace "replace" 3 3, Split "split" 2 2, Substring "substring" 2 3,
    Left "left" 2 2, Right "right" 2 2, Reverse "reverse" 1 1, Range "range" 2 3,
    Abs "abs" 1 1, Ceil "ceil" 1 1, Floor "floor" 1 1, Round "round" 1 1, Sign "sign" 1 1,
    Sqrt "sqrt" 1 1, Exp "exp" 1 1, Log "log" 1 1, Log10 "log10" 1 1, Sin "sin" 1 1,
    Cos "cos" 1 1, Tan "tan" 1 1, Asin "asin" 1 1, Acos "acos" 1 1, Atan "atan" 1 1,
    Atan2 "atan2" 2 2, Degrees "degrees" 1 1, Radians "radians" 1 1, Pi "pi" 0 0,
    E "e" 0 0, Rand "rand" 0 0, IsEmpty "isEmpty" 1 1, CharLength "char_length" 1 1,
    Resolve "resolve" 1 1,
    Date "date" 0 1, LocalTime "localtime" 0 1, Time "time" 0 1,
    LocalDateTime "localdatetime" 0 1, DateTime "datetime" 0 1, Duration "duration" 1 1,
    DateTruncate "date.truncate" 2 3, LocalTimeTruncate "localtime.truncate" 2 3,
    TimeTruncate "time.truncate" 2 3, LocalDateTimeTruncate "localdatetime.truncate" 2 3,
    DateTimeTruncate "datetime.truncate" 2 3, DurationBetween "duration.between" 2 2,
    DurationInMonths "duration.inMonths" 2 2, DurationInDays "duration.inDays" 2 2,
    DurationInSeconds "duration.inSeconds" 2 2, DateTimeFromEpoch "datetime.fromepoch" 2 2,
    DateTimeFromEpochMillis "datetime.fromepochmillis" 1 1,
    DateTransaction "date.transaction" 0 1, DateStatement "date.statement" 0 1,
    DateRealtime "date.realtime" 0 1, LocalTimeTransaction "localtime.transaction" 0 1,
    LocalTimeStatement "localtime.statement" 0 1, LocalTimeRealtime "localtime.realtime" 0 1,
    TimeTransaction "time.transaction" 0 1, TimeStatement "time.statement" 0 1,
    TimeRealtime "time.realtime" 0 1, LocalDateTimeTransaction "localdatetime.transaction" 0 1,
    LocalDateTimeStatement "localdatetime.statement" 0 1,
    LocalDateTimeRealtime "localdatetime.realtime" 0 1,
    DateTimeTransaction "datetime.transaction" 0 1, DateTimeStatement "datetime.statement" 0 1,
    DateTimeRealtime "datetime.realtime" 0 1,
}

/// Aggregate function names, which are planned separately.
pub const AGGREGATES: &[&str] = &[
    "count",
    "collect",
    "sum",
    "avg",
    "min",
    "max",
    "stDev",
    "stDevP",
    "percentileCont",
    "percentileDisc",
];

impl Func {
    pub fn lookup(name: &str) -> Option<Func> {
        TABLE
            .iter()
            .find(|(_, n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(f, _, _, _)| *f)
    }

    pub fn name(self) -> &'static str {
        TABLE.iter().find(|(f, ..)| *f == self).map_or("?", |t| t.1)
    }

    pub fn arity(self) -> (usize, usize) {
        TABLE
            .iter()
            .find(|(f, ..)| *f == self)
            .map_or((0, 0), |t| (t.2, t.3))
    }

    /// Every function name, for suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|t| t.1).chain(AGGREGATES.iter().copied())
    }
}
