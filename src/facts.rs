//! Facts stage: the consolidated data as Parquet, the way into Power BI,
//! DuckDB or Spark.
//!
//! Takes the figures and the typed records; gives the bytes of
//! `data/budget_prognos.parquet` (the joined keys), `data/sjukfranvaro.parquet`
//! (the months compared, this period's and the history's), `data/personal.parquet`
//! and `data/indikatorer.parquet`, written with polars. Values are unrounded.
//! [`sick_leave`] needs only the records, so the run makes it while the
//! figures are computed; [`build`] makes the rest once they are.
//! [`sick_leave_key`] fingerprints what [`sick_leave`] writes, so that a run
//! whose sick-leave rows did not change (a nightly rerun after an economy
//! workbook changed) takes the file's bytes from the parse cache.

use polars::prelude::*;

use crate::aggregate::Figures;
use crate::model::{SickLeaveRow, StaffRow, Vocabulary};

/// One Parquet file of a frame, written with polars' Parquet writer:
/// Snappy-compressed (read by every Parquet reader, Power BI included, and
/// several times faster to write than the default zstd), every column
/// plain-encoded, with null counts but no min/max statistics. polars'
/// `ParquetWriter` tries a dictionary for every column and keeps min/max of
/// every text; for the tens of thousands of sick-leave rows that was 40 %
/// of the work, for files that are read whole. Serialised on the calling
/// thread: the figures are computed on the other core meanwhile.
fn parquet(mut df: DataFrame) -> PolarsResult<Vec<u8>> {
    use polars_parquet::write::{
        row_group_iter, to_parquet_schema, CompressionOptions, Encoding, FileWriter, Version,
        WriteOptions,
    };
    df.rechunk_mut();
    let schema = df.schema().to_arrow(CompatLevel::newest());
    let encodings: Vec<Vec<Encoding>> = schema
        .iter_values()
        .map(|_| vec![Encoding::Plain])
        .collect();
    let options = WriteOptions {
        statistics: StatisticsOptions {
            min_value: false,
            max_value: false,
            distinct_count: false,
            null_count: true,
            ..StatisticsOptions::default()
        },
        compression: CompressionOptions::Snappy,
        version: Version::V1,
        data_page_size: None,
    };
    let parquet_schema = to_parquet_schema(&schema)?;
    let fields = parquet_schema.fields().to_vec();
    let mut writer =
        FileWriter::new_with_parquet_schema(Vec::new(), schema, parquet_schema, options);
    for batch in df.iter_chunks(CompatLevel::newest(), false) {
        let rows = batch.height() as u64;
        let columns = row_group_iter(batch, encodings.clone().into(), fields.clone(), options);
        writer.write(rows, columns)?;
    }
    writer.end(None)?;
    Ok(writer.into_inner())
}

/// `data/sjukfranvaro.parquet`: the sick-leave rows of the months compared.
/// Needs only the records, so it is made while the figures are computed.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn sick_leave(sick: &[&SickLeaveRow]) -> PolarsResult<Vec<u8>> {
    let sick_df = df!(
        "verksamhetsomrade" => sick.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "ar" => sick.iter().map(|r| r.month.year).collect::<Vec<i32>>(),
        "manad" => sick.iter().map(|r| r.month.month).collect::<Vec<u32>>(),
        "kon" => sick.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "aldersgrupp" => sick.iter().map(|r| r.age_group.map(|a| a.word())).collect::<Vec<Option<&str>>>(),
        "ordinarie_arbetstid_h" => sick.iter().map(|r| r.ordinary_hours).collect::<Vec<f64>>(),
        "sjukfranvaro_h" => sick.iter().map(|r| r.sick_hours).collect::<Vec<f64>>(),
        "varav_langtid_h" => sick.iter().map(|r| r.long_term_hours).collect::<Vec<Option<f64>>>(),
        "antal_anstallda" => sick.iter().map(|r| r.employees).collect::<Vec<Option<f64>>>(),
    )?;
    parquet(sick_df)
}

/// A fingerprint of [`sick_leave`]'s file: SHA-256 over every field it
/// writes, row by row, with the layout's version. The writer is
/// deterministic, so rows with the same fingerprint give the same bytes.
#[must_use]
pub fn sick_leave_key(sick: &[&SickLeaveRow]) -> String {
    use sha2::{Digest, Sha256};
    fn number(buf: &mut Vec<u8>, v: Option<f64>) {
        match v {
            Some(v) => {
                buf.push(1);
                buf.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            None => buf.push(0),
        }
    }
    let mut hash = Sha256::new();
    hash.update(b"tertial sjukfranvaro.parquet 1\0");
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    let mut buf = Vec::with_capacity(1 << 16);
    for r in sick {
        buf.extend_from_slice(&(r.area.len() as u64).to_le_bytes());
        buf.extend_from_slice(r.area.as_bytes());
        buf.extend_from_slice(&r.month.year.to_le_bytes());
        buf.extend_from_slice(&r.month.month.to_le_bytes());
        buf.extend_from_slice(&r.gender.index().to_le_bytes());
        buf.extend_from_slice(&r.age_group.map_or(u32::MAX, |a| a.index()).to_le_bytes());
        number(&mut buf, Some(r.ordinary_hours));
        number(&mut buf, Some(r.sick_hours));
        number(&mut buf, r.long_term_hours);
        number(&mut buf, r.employees);
        if buf.len() > 60_000 {
            hash.update(&buf);
            buf.clear();
        }
    }
    hash.update(&buf);
    crate::input::hex(&hash.finalize())
}

/// The Parquet files: (path inside the period's output folder, bytes),
/// given the bytes of [`sick_leave`].
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn build(
    figures: &Figures,
    sick_leave: Vec<u8>,
    staff: &[StaffRow],
) -> PolarsResult<Vec<(String, Vec<u8>)>> {
    let l = &figures.lines;
    let drift = df!(
        "verksamhetsomrade" => l.iter().map(|x| x.area.as_str()).collect::<Vec<_>>(),
        "verksamhet" => l.iter().map(|x| x.activity.as_str()).collect::<Vec<_>>(),
        "kostnadsslag" => l.iter().map(|x| x.cost_type.as_str()).collect::<Vec<_>>(),
        "budget_tkr" => l.iter().map(|x| x.budget).collect::<Vec<_>>(),
        "prognos_tkr" => l.iter().map(|x| x.forecast).collect::<Vec<_>>(),
        "avvikelse_tkr" => l.iter().map(|x| x.budget - x.forecast).collect::<Vec<_>>(),
    )?;
    let staff_df = df!(
        "verksamhetsomrade" => staff.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "kon" => staff.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "ar" => staff.iter().map(|r| r.year).collect::<Vec<i32>>(),
        "antal_personer" => staff.iter().map(|r| r.persons).collect::<Vec<f64>>(),
        "antal_arsarbetare" => staff.iter().map(|r| r.fte).collect::<Vec<f64>>(),
        "langtidssjukskrivna" => staff.iter().map(|r| r.long_term_sick).collect::<Vec<Option<f64>>>(),
    )?;
    let ind: Vec<_> = figures
        .goals
        .iter()
        .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
        .collect();
    let ind_df = df!(
        "mal" => ind.iter().map(|(g, _)| g.name.as_str()).collect::<Vec<_>>(),
        "mal_bedomning" => ind.iter().map(|(g, _)| g.assessment.word()).collect::<Vec<_>>(),
        "indikator" => ind.iter().map(|(_, i)| i.indicator.name.as_str()).collect::<Vec<_>>(),
        "verksamhetsomrade" => ind.iter().map(|(_, i)| i.indicator.area.as_deref()).collect::<Vec<_>>(),
        "enhet" => ind.iter().map(|(_, i)| i.indicator.unit.as_deref()).collect::<Vec<_>>(),
        "riktning" => ind.iter().map(|(_, i)| i.indicator.direction.word()).collect::<Vec<_>>(),
        "malvarde" => ind.iter().map(|(_, i)| i.indicator.target).collect::<Vec<f64>>(),
        "utfall" => ind.iter().map(|(_, i)| i.indicator.outcome).collect::<Vec<Option<f64>>>(),
        "utfall_kvinnor" => ind.iter().map(|(_, i)| i.indicator.outcome_women).collect::<Vec<Option<f64>>>(),
        "utfall_man" => ind.iter().map(|(_, i)| i.indicator.outcome_men).collect::<Vec<Option<f64>>>(),
        "beraknad_bedomning" => ind.iter().map(|(_, i)| i.computed.word()).collect::<Vec<_>>(),
        "bedomning" => ind.iter().map(|(_, i)| i.result.word()).collect::<Vec<_>>(),
    )?;
    Ok(vec![
        ("data/budget_prognos.parquet".to_string(), parquet(drift)?),
        ("data/sjukfranvaro.parquet".to_string(), sick_leave),
        ("data/personal.parquet".to_string(), parquet(staff_df)?),
        ("data/indikatorer.parquet".to_string(), parquet(ind_df)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgeGroup, Gender, Origin};
    use crate::period::YearMonth;
    use std::sync::Arc;

    fn row() -> SickLeaveRow {
        SickLeaveRow {
            area: "Barn".into(),
            month: YearMonth {
                year: 2022,
                month: 3,
            },
            gender: Gender::Woman,
            age_group: Some(AgeGroup::UpTo29),
            ordinary_hours: 1_747.0,
            sick_hours: 139.0,
            long_term_hours: Some(49.0),
            employees: None,
            origin: Origin {
                file: Arc::from("personal.xlsx"),
                sheet: Arc::from("Sjukfrånvaro"),
                row: 2,
            },
        }
    }

    #[test]
    fn the_sick_leave_key_changes_with_every_field_written_and_only_with_those() {
        let base = row();
        let key = |r: &SickLeaveRow| sick_leave_key(&[r]);
        let k = key(&base);
        let changed: Vec<SickLeaveRow> = vec![
            SickLeaveRow {
                area: "Barn ".into(),
                ..row()
            },
            SickLeaveRow {
                month: YearMonth {
                    year: 2021,
                    month: 3,
                },
                ..row()
            },
            SickLeaveRow {
                month: YearMonth {
                    year: 2022,
                    month: 4,
                },
                ..row()
            },
            SickLeaveRow {
                gender: Gender::Man,
                ..row()
            },
            SickLeaveRow {
                age_group: None,
                ..row()
            },
            SickLeaveRow {
                ordinary_hours: 1_747.000_000_1,
                ..row()
            },
            SickLeaveRow {
                sick_hours: 140.0,
                ..row()
            },
            SickLeaveRow {
                long_term_hours: None,
                ..row()
            },
            SickLeaveRow {
                employees: Some(0.0),
                ..row()
            },
        ];
        for c in &changed {
            assert_ne!(key(c), k, "{c:?}");
        }
        // Where a row came from is not written, so it does not matter.
        let moved = SickLeaveRow {
            origin: Origin {
                file: Arc::from("annan.xlsx"),
                sheet: Arc::from("Blad1"),
                row: 9,
            },
            ..row()
        };
        assert_eq!(key(&moved), k);
        // Nor does the row order go unnoticed: two rows swapped differ.
        let other = SickLeaveRow {
            sick_hours: 1.0,
            ..row()
        };
        assert_ne!(
            sick_leave_key(&[&base, &other]),
            sick_leave_key(&[&other, &base])
        );
    }
}
