//! Why a workbook, or one of its sheets, could not be read: a typed reason, told in the clerk's
//! words (never the reading library's).

use crate::format::count;

use super::a1;

/// Why a workbook or a sheet could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("filen är tom")]
    Empty,
    #[error("den är krypterad, troligen lösenordsskyddad")]
    Encrypted,
    #[error("den är lösenordsskyddad")]
    PasswordProtected,
    #[error("det är en textfil, ingen arbetsbok; öppna den i Excel och spara den som arbetsbok (.xlsx)")]
    TextFile,
    #[error("citattecknet på rad {line} stängs aldrig, så resten av filen blir en enda text; filen kan vara avkortad. Exportera den igen")]
    QuoteNeverClosed { line: usize },
    #[error("rad {line} går inte att tolka som SIE (\"{start}\"): ett citattecken eller {{ stängs aldrig, eller ett fält saknas; filen kan vara avkortad. Exportera den igen")]
    SieMalformed { line: usize, start: String },
    #[error("rad {line} (\"{start}\"): beloppet \"{found}\" är inte ett tal")]
    SieNotANumber { line: usize, start: String, found: String },
    #[error("filen har bara kontots summor över alla objekt ({{}}, första på rad {line}), så beloppen kan inte föras till något verksamhetsområde. Exportera med objekt (ansvar, verksamhet)")]
    SieTotalsOnly { line: usize },
    #[error("kontrollsumman på rad {line} (#KSUMMA {declared}) stämmer inte med innehållet: filen har ändrats eller kortats efter exporten. Exportera den igen")]
    SieChecksum { line: usize, declared: String },
    #[error("filen börjar en kontrollsumma (#KSUMMA på rad {line}) men slutar aldrig den: filen är troligen avkortad. Exportera den igen")]
    SieChecksumNeverClosed { line: usize },
    #[error("det är ingen SIE-fil: en SIE-fil är text vars rader börjar med #, men den börjar \"{start}\". Exportera huvudboken som SIE typ 3 eller 4, eller ge filen rätt filändelse")]
    NotSie { start: String },
    #[error("SIE-filen har inga saldon med objekt (#PBUDGET, #PSALDO) och inga transaktioner med objekt (#TRANS), så inget kan föras till något verksamhetsområde. Exportera som SIE typ 3 (periodsaldon) eller typ 4 (transaktioner) med objekt för ansvar")]
    SieNothingToRead,
    #[error("rad {line}: kontots summa över alla objekt ({{}}) för {key} är {total} kr, men raderna med objekt summerar till {objects} kr. Objektlistorna överlappar (t.ex. ett saldo per dimension bredvid kombinationerna) eller en del av beloppet saknar objekt, så beloppen skulle räknas fel. Exportera med ett saldo per kombination av objekt (ansvar och verksamhet tillsammans) och alla kostnader på ett ansvar")]
    SieTotalMismatch {
        line: usize,
        /// The figure, account and month, as `utfall på konto 5010 202201`.
        key: String,
        total: String,
        objects: String,
    },
    #[error("rad {line} är längre än {kib} KiB, vilket ingen SIE-rad är; filen kan vara skadad. Exportera den igen")]
    SieLineTooLong { line: usize, kib: u64 },
    #[error("filen ger fler än {} rader (saldon eller summor av transaktioner; rad {line} passerade gränsen), vilket är orimligt för en nämnd; filen kan vara skadad", count(*rows as f64))]
    SieTooLarge { line: usize, rows: usize },
    #[error("filen kunde inte läsas: {reason}")]
    Io { reason: String },
    #[error("filen ändrades medan den lästes; kör igen när den är färdigkopierad")]
    ChangedWhileRead,
    #[error("det är ingen arbetsbok (inget zip-arkiv som en .xlsx ska vara); filen kan vara skadad")]
    NotAZip,
    #[error("det är ingen arbetsbok (ingen sammansatt fil som en .xls ska vara); filen kan vara skadad")]
    NotAnOleFile,
    #[error("den kunde inte läsas som en .xls-arbetsbok; filen kan vara skadad")]
    XlsUnreadable,
    #[error("arkivet är ofullständigt; filen kan vara avkortad eller fortfarande under kopiering")]
    Truncated,
    #[error("innehållet gick inte att tolka som en arbetsbok")]
    Unparseable,
    #[error("läsaren stötte på ett oväntat innehåll")]
    ReaderFailed,
    #[error("delen {part} packas upp till mer än {mib} MiB — filen är inte en vanlig arbetsbok")]
    PartTooLarge {
        /// The part's name, quoted.
        part: String,
        mib: u64,
    },
    #[error("arbetsboken packas upp till mer än {0} MiB — filen är inte en vanlig arbetsbok")]
    WorkbookTooLarge(u64),
    #[error("arbetsboken är större än {0} MiB")]
    XlsTooLarge(u64),
    #[error("delen {part} anger {} texter, fler än den rymmer — filen är inte en vanlig arbetsbok", count(*claimed as f64))]
    TooManyStrings {
        /// The part's name, quoted.
        part: String,
        /// The strings it claims.
        claimed: u64,
    },
    /// A sheet whose cells span too many rows and columns: `cell` is the one that made it so (the
    /// problem's place).
    #[error("bladet sträcker sig från {} till {} ({} rader och {} kolumner), vilket är orimligt stort: cellen {} har innehåll långt utanför uppgifterna. Ta bort innehållet i den och i andra celler långt ner eller långt till höger", a1(first.0, first.1), a1(last.0, last.1), count(*rows as f64), count(*cols as f64), a1(cell.0, cell.1))]
    SheetTooLarge {
        /// The first row and column with content.
        first: (u32, u32),
        /// The last row and column with content.
        last: (u32, u32),
        rows: usize,
        cols: usize,
        /// The cell that made it too large.
        cell: (u32, u32),
    },
    /// A sheet whose texts would take too much memory: `cell` is the one that passed the limit.
    #[error("bladets texter tar mer än {mib} MiB, vilket är orimligt för en arbetsbok (cellen {} passerade gränsen); filen kan vara skadad. Spara om den från Excel", a1(cell.0, cell.1))]
    SheetTextTooLarge {
        mib: u64,
        /// The cell that passed it.
        cell: (u32, u32),
    },
    #[error("ett blad sträcker sig över {} celler när de upprepade raderna och kolumnerna räknas ut, vilket är orimligt stort; filen kan vara skadad. Ta bort innehållet långt ner eller långt till höger", count(*cells as f64))]
    OdsTooLarge {
        /// The cells laid out.
        cells: usize,
    },
    #[error("ett blad anger att det har {} celler, vilket är orimligt; filen kan vara skadad. Spara om den från Excel", count(*cells as f64))]
    XlsDeclaredTooLarge { cells: usize },
}

impl ReadError {
    /// True when a recently changed file with this fault is more likely still being copied than
    /// damaged.
    #[must_use]
    pub fn maybe_still_copying(&self) -> bool {
        matches!(
            self,
            ReadError::Truncated | ReadError::NotAZip | ReadError::Unparseable | ReadError::ChangedWhileRead
        )
    }

    /// The cell the fault is in, when it is one.
    #[must_use]
    pub fn cell(&self) -> Option<(u32, u32)> {
        match self {
            ReadError::SheetTooLarge { cell, .. } | ReadError::SheetTextTooLarge { cell, .. } => Some(*cell),
            _ => None,
        }
    }
}
