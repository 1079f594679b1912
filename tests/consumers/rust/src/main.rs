use css_stop_reasons::{Callback, Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: consumer CALLBACK.json")?;
    let callback: Callback = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    for reason in callback.reason().candidates() {
        println!("{}: {}", reason.sub_errcode(), reason.message(Lang::Ja));
    }
    Ok(())
}
