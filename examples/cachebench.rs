use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let bytes: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut dc = f64::MAX;
    for _ in 0..30 {
        let t = Instant::now();
        for b in &bytes {
            std::hint::black_box(tertial::cache::decode(b).unwrap());
        }
        dc = dc.min(t.elapsed().as_secs_f64());
    }
    eprintln!("decode {:.1} ms", dc * 1e3);
}
