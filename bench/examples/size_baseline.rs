//! Binary-size baseline: the same program shape without the crate.
fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let n: usize = arg.len() + arg.chars().filter(|c| c.is_alphanumeric()).count();
    println!("{n}");
}
