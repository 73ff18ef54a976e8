//! "there exists a procedure NAME(…) :: (…):" steps: the table's header
//! names the inputs and outputs, its rows are what the procedure answers.

use icigraph_engine::query::Options;

use super::values;

/// Registers the procedure a step declares (`step` is the step's text).
pub fn declare(options: &mut Options, step: &str, table: &[Vec<String>]) -> Result<(), String> {
    let signature = step
        .strip_prefix("there exists a procedure ")
        .ok_or("not a procedure step")?;
    let header: Vec<String> = table
        .first()
        .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    let mut rows = Vec::new();
    for row in table.iter().skip(1) {
        let mut values_row = Vec::with_capacity(row.len());
        for cell in row {
            let tv = values::parse(cell)?;
            values_row.push(values::to_value(&tv).ok_or("unsupported procedure value")?);
        }
        rows.push(values_row);
    }
    let header: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    options
        .procedures
        .register_table(signature, rows)
        .map_err(|e| format!("{e} (columns {})", header.join(", ")))
}
