use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or("seeds".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let input = codegen::input::Input::read(std::path::Path::new(&dir), "seeds").unwrap();
    for _ in 0..n {
        let t = Instant::now();
        let g = codegen::generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
        std::hint::black_box(g);
        eprintln!("generate {:?}", t.elapsed());
    }
}
