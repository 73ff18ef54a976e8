//! A reader for the part of Gherkin the TCK uses: Feature, Background,
//! Scenario, Scenario Outline with Examples, steps with doc strings and
//! tables. (The `gherkin` crate rejects some TCK files, e.g. Literals6.)

/// A step: its text after the keyword, doc string and table.
#[derive(Clone, Debug, Default)]
pub struct Step {
    pub text: String,
    pub doc: Option<String>,
    pub table: Option<Vec<Vec<String>>>,
}

#[derive(Debug, Default)]
pub struct Scenario {
    pub name: String,
    pub steps: Vec<Step>,
    /// Example tables (header row first) of a Scenario Outline.
    pub examples: Vec<Vec<Vec<String>>>,
}

#[derive(Debug, Default)]
pub struct Feature {
    pub background: Vec<Step>,
    pub scenarios: Vec<Scenario>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('|') => cell.push('|'),
                Some('\\') => cell.push('\\'),
                Some('n') => cell.push('\n'),
                Some(other) => {
                    cell.push('\\');
                    cell.push(other);
                }
                None => cell.push('\\'),
            },
            '|' => {
                out.push(cell.trim().to_owned());
                cell.clear();
            }
            other => cell.push(other),
        }
    }
    out
}

enum Target {
    None,
    Background,
    Scenario,
    Examples,
}

pub fn parse(text: &str) -> Result<Feature, String> {
    let mut feature = Feature::default();
    let mut target = Target::None;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line = raw.trim();
        i += 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
            continue;
        }
        if line.starts_with("Feature:") {
            continue;
        }
        if line.starts_with("Background:") {
            target = Target::Background;
            continue;
        }
        if let Some(name) = line
            .strip_prefix("Scenario Outline:")
            .or_else(|| line.strip_prefix("Scenario Template:"))
            .or_else(|| line.strip_prefix("Scenario:"))
        {
            feature.scenarios.push(Scenario {
                name: name.trim().to_owned(),
                ..Scenario::default()
            });
            target = Target::Scenario;
            continue;
        }
        if line.starts_with("Examples:") {
            match feature.scenarios.last_mut() {
                Some(s) => s.examples.push(Vec::new()),
                None => return Err(format!("line {i}: Examples outside a scenario")),
            }
            target = Target::Examples;
            continue;
        }
        if line.starts_with('|') {
            let row = cells(line);
            let table = match target {
                Target::Examples => feature
                    .scenarios
                    .last_mut()
                    .and_then(|s| s.examples.last_mut()),
                Target::Background => feature
                    .background
                    .last_mut()
                    .map(|s| s.table.get_or_insert_with(Vec::new)),
                Target::Scenario => feature
                    .scenarios
                    .last_mut()
                    .and_then(|s| s.steps.last_mut())
                    .map(|s| s.table.get_or_insert_with(Vec::new)),
                Target::None => None,
            };
            table
                .ok_or_else(|| format!("line {i}: table without a step"))?
                .push(row);
            continue;
        }
        if line.starts_with("\"\"\"") {
            let indent = raw.len() - raw.trim_start().len();
            let mut doc = Vec::new();
            while i < lines.len() && !lines[i].trim().starts_with("\"\"\"") {
                let l = lines[i];
                let cut = l.len() - l.trim_start().len();
                doc.push(&l[cut.min(indent)..]);
                i += 1;
            }
            i += 1;
            let step = match target {
                Target::Background => feature.background.last_mut(),
                _ => feature
                    .scenarios
                    .last_mut()
                    .and_then(|s| s.steps.last_mut()),
            };
            step.ok_or_else(|| format!("line {i}: doc string without a step"))?
                .doc = Some(doc.join("\n"));
            continue;
        }
        let keyword = ["Given ", "When ", "Then ", "And ", "But "]
            .iter()
            .find(|k| line.starts_with(**k));
        let Some(keyword) = keyword else {
            // Free text (feature or scenario description).
            continue;
        };
        let step = Step {
            text: line[keyword.len()..].trim().to_owned(),
            ..Step::default()
        };
        match target {
            Target::Background => feature.background.push(step),
            Target::Scenario | Target::Examples => match feature.scenarios.last_mut() {
                Some(s) => s.steps.push(step),
                None => return Err(format!("line {i}: step outside a scenario")),
            },
            Target::None => return Err(format!("line {i}: step outside a scenario")),
        }
    }
    Ok(feature)
}
