//! The annex's zip container, the same bytes on every system.
//!
//! Takes the workbook as rust_xlsxwriter saved it; gives it with every entry marked as made on Unix.
//! The zip crate under rust_xlsxwriter writes the system it was compiled for into each entry's
//! "version made by" (Unix on Linux, MS-DOS on Windows) and offers no setting for it, so the same
//! inputs would give annexes that differ in those bytes alone — and in the manifest's hash of them.
//! Nothing reads that byte to open a workbook.

const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
/// The "version made by" host of Unix.
pub const UNIX: u8 = 3;

fn u16_at(zip: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_le_bytes(zip.get(at..at + 2)?.try_into().ok()?)))
}

/// Sets the host of every central directory entry to `host`. A container it does not understand
/// (a comment after the end record, a cut-short entry) is left as it is from there on.
pub fn set_made_by(zip: &mut [u8], host: u8) {
    // The end record is the last 22 bytes: rust_xlsxwriter writes no archive comment.
    let Some(end) = zip.len().checked_sub(22) else { return };
    if zip[end..end + 4] != END {
        return;
    }
    let Some(entries) = u16_at(zip, end + 10) else { return };
    let Some(offset) = zip.get(end + 16..end + 20).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)
    else {
        return;
    };
    let Ok(mut at) = usize::try_from(offset) else { return };
    for _ in 0..entries {
        if zip.get(at..at + 4) != Some(&CENTRAL[..]) {
            return;
        }
        let (Some(name), Some(extra), Some(comment)) =
            (u16_at(zip, at + 28), u16_at(zip, at + 30), u16_at(zip, at + 32))
        else {
            return;
        };
        zip[at + 5] = host;
        at += 46 + name + extra + comment;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_made_on_windows_becomes_the_one_made_on_linux() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "Budget").unwrap();
        let linux = wb.save_to_buffer().unwrap();
        let mut made = linux.clone();
        set_made_by(&mut made, 0);
        assert_ne!(made, linux, "the host bytes were not found");
        let count = |z: &[u8]| z.windows(4).filter(|w| *w == CENTRAL).count();
        assert_eq!(made.iter().zip(&linux).filter(|(a, b)| a != b).count(), count(&linux));
        set_made_by(&mut made, UNIX);
        assert_eq!(made, linux);
    }

    #[test]
    fn what_is_not_a_zip_is_left_alone() {
        for bytes in [
            &b""[..],
            b"PK\x05\x06",
            &[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0],
        ] {
            let mut v = bytes.to_vec();
            set_made_by(&mut v, UNIX);
            assert_eq!(v, bytes);
        }
    }
}
