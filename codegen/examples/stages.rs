//! Times each stage of `generate` on a seed folder, in this process:
//! `cargo run --release -p codegen --example stages -- DIR`.
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let t = Instant::now();
    let input = codegen::input::Input::read(std::path::Path::new(&dir), "seeds").expect("readable");
    println!("read {:?}", t.elapsed());
    let t = Instant::now();
    let parsed = codegen::parse_input(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    println!("parse {:?}", t.elapsed());
    drop(parsed);
    let t = Instant::now();
    let g = codegen::generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
    println!("generate (parse and reconcile) {:?}", t.elapsed());
    for e in codegen::emit::emitters() {
        let t = Instant::now();
        let mut sink = CountingSink(0);
        e.emit(&g.table, &mut sink).expect("emits");
        println!("  emit {} {:?} ({} bytes)", e.path(), t.elapsed(), sink.0);
    }
}

/// Counts the bytes an emitter writes, and drops them.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
