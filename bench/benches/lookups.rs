//! Lookups of the generated crate, beside what people write instead: a
//! `HashMap<(u16, u16), _>` and a `phf` map built from the same table.
//! Results go to BENCHMARKS.md through `cargo xtask bench`.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use css_stop_reasons::{Lang, StopReason, all, lookup, lookup_errcode, match_text};

static PHF: phf::Map<u32, &'static str> = phf::phf_map! {
    1u32 => "The push client actively stopped the push.",
    1180503u32 => "Authentication parameter verification failed.",
    1210103u32 => "A new push link was received to replace the current push, which has no data.",
    390000u32 => "The push frame rate exceeds the maximum value allowed by the system.",
};

fn codes() -> Vec<(u16, u16)> {
    all().iter().map(StopReason::code).collect()
}

fn lookups(c: &mut Criterion) {
    let codes = codes();
    let map: HashMap<(u16, u16), &'static StopReason> = all().iter().map(|r| (r.code(), r)).collect();
    let mut g = c.benchmark_group("lookup");
    g.bench_function("crate lookup 18/503", |b| b.iter(|| lookup(black_box(18), black_box(503))));
    g.bench_function("crate lookup, every code", |b| {
        b.iter(|| {
            for &(e, s) in &codes {
                black_box(lookup(black_box(e), black_box(s)));
            }
        })
    });
    g.bench_function("HashMap lookup 18/503", |b| b.iter(|| map.get(&(black_box(18), black_box(503)))));
    g.bench_function("HashMap lookup, every code", |b| {
        b.iter(|| {
            for c in &codes {
                black_box(map.get(black_box(c)));
            }
        })
    });
    g.bench_function("phf lookup 18/503", |b| b.iter(|| PHF.get(&black_box(1_180_503u32))));
    g.bench_function("crate lookup_errcode 18", |b| b.iter(|| lookup_errcode(black_box(18))));
    g.finish();

    let mut g = c.benchmark_group("match_text");
    g.bench_function("key of a query, zh", |b| b.iter(|| css_stop_reasons::key(black_box("推流客户端主动断流。"))));
    g.bench_function("exact, zh", |b| b.iter(|| match_text(black_box("推流客户端主动断流。"), Some(Lang::Zh))));
    g.bench_function("exact, any language", |b| b.iter(|| match_text(black_box("Authentication parameter verification failed."), None)));
    g.bench_function("contains, zh", |b| b.iter(|| match_text(black_box("客户端主动断流"), Some(Lang::Zh))));
    g.bench_function("code given, zh", |b| b.iter(|| match_text(black_box("客户端主动断流(3)"), None)));
    g.bench_function("errmsg", |b| b.iter(|| match_text(black_box("recv() return 0"), None)));
    g.bench_function("fuzzy, any language (full table)", |b| {
        b.iter(|| match_text(black_box("The authentication parameter check failed"), None))
    });
    g.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
