//! Large workbooks, real and hostile: a clerk's workbook whose formatting
//! was copied down a million rows is read; a part that inflates to
//! gigabytes is refused; a value in the last cell of a sheet is named at
//! that cell. Memory is the children's peak (`getrusage`), which is why
//! these tests have a file, and so a process, of their own. No timing is
//! asserted (speed belongs to bench/run.sh); the runs' times are printed.

mod common;

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::time::Instant;

use common::{kalmar_work, row_numbers, sheet, Work, C};

/// The largest resident set of the child processes waited for, in MiB.
fn children_peak_mib() -> i64 {
    // SAFETY: getrusage writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &raw mut usage) };
    usage.ru_maxrss / 1024
}

/// A copy of the workbook's parts, each by its name and content.
fn parts(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fs_err::read(path).unwrap())).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().unwrap().to_string(), content)
        })
        .collect()
}

#[test]
fn regression_a_workbook_with_formatting_copied_down_a_million_rows_is_read() {
    // As Excel writes it: every row down to 1 000 009 formatted, its cells
    // styled and empty; a 10 MB file whose sheet part is over 100 MB. It
    // was refused as a part past 64 MiB, "not an ordinary workbook". The
    // rows are written as they are made, so that this process stays small
    // (a child's peak memory counts its parent's when it is spawned).
    let w = kalmar_work();
    let path = w.input("2022-T2", "ekonomi-01.xlsx");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    let mut sheet_bytes = 0;
    for (name, content) in parts(&path) {
        writer.start_file(name.as_str(), options).unwrap();
        if name != "xl/worksheets/sheet1.xml" {
            writer.write_all(&content).unwrap();
            continue;
        }
        let text = String::from_utf8(content).unwrap();
        let text = text.replace("<dimension ref=\"A1:D9\" />", "<dimension ref=\"A1:D1000009\"/>");
        let (head, tail) = text.split_once("</sheetData>").unwrap();
        writer.write_all(head.as_bytes()).unwrap();
        let mut rows = String::new();
        for r in 10..=1_000_009 {
            write!(
                rows,
                "<row r=\"{r}\" spans=\"1:4\" s=\"0\" customFormat=\"1\"><c r=\"A{r}\" s=\"0\"/><c r=\"B{r}\" s=\"0\"/><c r=\"C{r}\" s=\"0\"/><c r=\"D{r}\" s=\"0\"/></row>"
            )
            .unwrap();
            if rows.len() > 1 << 20 {
                writer.write_all(rows.as_bytes()).unwrap();
                sheet_bytes += rows.len();
                rows.clear();
            }
        }
        writer.write_all(rows.as_bytes()).unwrap();
        sheet_bytes += rows.len() + head.len() + tail.len();
        writer.write_all(format!("</sheetData>{tail}").as_bytes()).unwrap();
    }
    fs_err::write(&path, writer.finish().unwrap().into_inner()).unwrap();
    let (disk_mib, sheet_mib) = (fs_err::metadata(&path).unwrap().len() >> 20, sheet_bytes >> 20);
    assert!(sheet_mib > 100, "the sheet part is {sheet_mib} MiB");

    let out = w.path().join("out");
    let start = Instant::now();
    let run = w.run(&["run", "--input", "input", "--output", out.to_str().unwrap()]);
    let took = start.elapsed();
    let peak = children_peak_mib();
    println!("{disk_mib} MiB on disk, a {sheet_mib} MiB sheet part: read in {took:.2?}, peak {peak} MiB");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(peak < 1024, "peak memory {peak} MiB");
    // Every figure as without the formatted rows.
    let annex = sheet(&out.join("2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert_eq!(row_numbers(&annex, "Summa RESULTAT")[..2], [908_436.0, 921_136.0]);
}

/// A raw deflate stream of `chunks` × 16 MiB of zeros, made from one
/// compressed chunk repeated (the window holds only zeros, so every chunk
/// after the first compresses to the same bytes), and its CRC-32.
fn zeros_deflated(chunks: usize) -> (Vec<u8>, u32) {
    use flate2::write::DeflateEncoder;
    let zeros = vec![0u8; 16 << 20];
    let mut enc = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    let mut ends = Vec::new();
    for _ in 0..3 {
        enc.write_all(&zeros).unwrap();
        enc.flush().unwrap();
        ends.push(enc.get_ref().len());
    }
    let out = enc.finish().unwrap();
    let (first, repeated, last) = (&out[..ends[0]], &out[ends[0]..ends[1]], &out[ends[2]..]);
    assert_eq!(repeated, &out[ends[1]..ends[2]], "a chunk after the first compresses the same");
    let mut stream = first.to_vec();
    for _ in 1..chunks {
        stream.extend_from_slice(repeated);
    }
    stream.extend_from_slice(last);
    let mut one = flate2::Crc::new();
    one.update(&zeros);
    let mut crc = flate2::Crc::new();
    for _ in 0..chunks {
        crc.combine(&one);
    }
    (stream, crc.sum())
}

/// A zip archive of one deflated part, written by hand (the zip crate
/// writes no deflated data it has not compressed itself).
fn one_part_archive(name: &str, deflated: &[u8], crc: u32, size: u32) -> Vec<u8> {
    let csize = u32::try_from(deflated.len()).unwrap();
    let n = u16::try_from(name.len()).unwrap();
    let fields = |out: &mut Vec<u8>| {
        for v in [20u16, 0, 8, 0, 0x21] {
            out.extend(v.to_le_bytes());
        }
        for v in [crc, csize, size] {
            out.extend(v.to_le_bytes());
        }
        out.extend(n.to_le_bytes());
        out.extend(0u16.to_le_bytes());
    };
    let mut out = 0x0403_4b50u32.to_le_bytes().to_vec();
    fields(&mut out);
    out.extend(name.as_bytes());
    out.extend(deflated);
    let cd = u32::try_from(out.len()).unwrap();
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes());
    fields(&mut out);
    out.extend([0u8; 10]); // comment length, disk, attributes, and …
    out.extend(0u32.to_le_bytes()); // … the local header's offset
    out.extend(name.as_bytes());
    let cd_size = u32::try_from(out.len()).unwrap() - cd;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

#[test]
fn rule_a_worksheet_part_that_inflates_to_gigabytes_is_refused_and_the_run_goes_on() {
    let w = Work::new();
    common::clean_economy(&w, "2022-T2", "ekonomi.xlsx");
    let bomb = w.input("2022-T2", "bomb.xlsx");
    common::workbook(&bomb, &[("Blad1", false, vec![vec![C::S("x")]])]);
    // 3 GiB of zeros, 3 MB on disk, as a second worksheet part.
    let (deflated, crc) = zeros_deflated(192);
    let part = one_part_archive("xl/worksheets/sheet2.xml", &deflated, crc, 3 << 30);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(part)).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fs_err::read(&bomb).unwrap())).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        writer.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
    }
    writer.raw_copy_file(source.by_index(0).unwrap()).unwrap();
    fs_err::write(&bomb, writer.finish().unwrap().into_inner()).unwrap();
    assert!(fs_err::metadata(&bomb).unwrap().len() < 8 << 20, "the bomb is small on disk");

    let start = Instant::now();
    let run = w.run(&["run", "--allow-partial"]);
    let took = start.elapsed();
    let peak = children_peak_mib();
    println!("a part of 3 GiB refused in {took:.2?}, peak {peak} MiB");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("FEL: bomb.xlsx: filen kunde inte öppnas som arbetsbok (delen xl/worksheets/sheet2.xml packas upp till mer än 1024 MiB — filen är inte en vanlig arbetsbok)"),
        "{}",
        run.stdout
    );
    assert!(peak < 1024, "peak memory {peak} MiB");
    // The other workbook is read and written.
    assert!(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx").is_file());
}

#[test]
fn regression_a_value_in_the_last_cell_of_a_sheet_is_listed_at_that_cell() {
    let w = Work::new();
    let path = w.input("2022-T2", "ekonomi.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Budget").unwrap();
    for (c, h) in ["Verksamhetsområde", "Verksamhet", "Kostnadsslag", "Budget"].into_iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), h).unwrap();
    }
    ws.write_string(1, 0, "VUXEN").unwrap();
    ws.write_string(1, 2, "Intäkter").unwrap();
    ws.write_number(1, 3, -10.0).unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    fs_err::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(&path).unwrap();
    let run = w.run(&["check", "--log-format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let problem = run.stdout.lines().find(|l| l.contains("sträcker sig")).expect("the sheet is refused");
    let event: serde_json::Value = serde_json::from_str(problem).unwrap();
    assert_eq!(event["sheet"], "Budget");
    assert_eq!(event["cell"], "XFD1048576");
    let text = w.run(&["check"]);
    assert!(text.stdout.contains("FEL: ekonomi.xlsx: Budget!XFD1048576: bladet kunde inte läsas (bladet sträcker sig från A1 till XFD1048576"), "{}", text.stdout);
}
