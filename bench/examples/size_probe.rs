//! Binary-size probe: every lookup the crate offers, kept alive.
fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let code: u16 = arg.parse().unwrap_or(18);
    let mut n = 0;
    for r in css_stop_reasons::all() {
        n += css_stop_reasons::lookup(r.errcode(), r.sub_errcode()).map_or(0, |r| r.message(css_stop_reasons::Lang::Ja).len());
    }
    n += css_stop_reasons::lookup_errcode(code).candidates().len();
    n += css_stop_reasons::match_text(&arg, None).len();
    println!("{n}");
}
