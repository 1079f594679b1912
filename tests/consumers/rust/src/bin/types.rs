//! The crate's types as a user's code reaches for them: `Display`,
//! `FromStr`, `ALL` and serde on `Category`, serde on an entry.

use css_stop_reasons::{Category, Lang, lookup};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let reason = lookup(18, 503).ok_or("18/503 is not in the table")?;
    println!("{}", format!("{}", reason.category()));
    let parsed: Category = "auth".parse()?;
    println!("{parsed}");
    println!("{}", Category::ALL.len());
    println!("{}", serde_json::to_string(&Category::Auth)?);
    let back: Category = serde_json::from_str("\"auth\"")?;
    println!("{}", back == parsed);
    println!("{}", serde_json::to_string(&Lang::Ja)?);
    let entry: serde_json::Value = serde_json::to_value(reason)?;
    println!("{}", entry["messages"]["ja"].as_str().ok_or("messages.ja")?);
    Ok(())
}
