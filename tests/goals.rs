//! Goal and indicator follow-up, action plans and the narrative: the rules
//! of the goal issue on small constructed inputs.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{workbook, Work, C};

const P: &str = "2022-T2";

fn economy(w: &Work) {
    let lines = [("VUXEN", "", "Intäkter", C::N(-1.0)), ("BARN", "", "Intäkter", C::N(-1.0))];
    common::economy(w, P, "ekonomi.xlsx", &lines, &lines);
}

fn indicators(rows: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut all = vec![vec![
        C::S("Mål"),
        C::S("Indikator"),
        C::S("Målvärde"),
        C::S("Utfall"),
        C::S("Utfall kvinnor"),
        C::S("Utfall män"),
        C::S("Riktning"),
        C::S("Enhet"),
    ]];
    all.extend(rows);
    all
}

#[test]
fn one_gender_only_is_a_row_note() {
    let w = Work::new();
    workbook(
        &w.input(P, "k.xlsx"),
        &[(
            "Indikatorer",
            false,
            indicators(vec![vec![C::S("M"), C::S("I"), C::N(50.0), C::N(60.0), C::N(61.0), C::E]]),
        )],
    );
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        common::problem_lines(&run),
        ["NOTERING: k.xlsx: Indikatorer!E2: bara Utfall kvinnor är ifyllt; fyll i både Utfall kvinnor och Utfall män, eller ingen av dem."]
    );
}

#[test]
fn goals_keep_input_order_and_take_the_worst_indicator() {
    let w = Work::new();
    economy(&w);
    workbook(
        &w.input(P, "k.xlsx"),
        &[(
            "Indikatorer",
            false,
            indicators(vec![
                vec![C::S("B-mål"), C::S("b1"), C::N(100.0), C::N(100.0), C::E, C::E, C::E, C::S("%")],
                vec![C::S("A-mål"), C::S("a1"), C::N(10.0), C::E, C::E, C::E, C::E, C::E],
                vec![
                    C::S("B-mål"),
                    C::S("b2"),
                    C::N(100.0),
                    C::N(95.0),
                    C::N(96.0),
                    C::N(94.0),
                    C::E,
                    C::S("%"),
                ],
                vec![
                    C::S("C-mål"),
                    C::S("c1"),
                    C::N(-5.0),
                    C::N(-1.0),
                    C::E,
                    C::E,
                    C::S("Lägre är bättre"),
                    C::S("%"),
                ],
            ]),
        )],
    );
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut wb: Xlsx<_> = open_workbook(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx")).unwrap();
    let s = wb.worksheet_range("Indikatorer").unwrap();
    let goals: Vec<(String, String)> = s
        .rows()
        .skip_while(|r| !matches!(&r[1], Data::String(x) if x == "Bedömning av målet"))
        .skip(1)
        .filter_map(|r| match (&r[0], &r[1]) {
            (Data::String(a), Data::String(b)) => Some((a.clone(), b.clone())),
            _ => None,
        })
        .collect();
    let got: Vec<(&str, &str)> = goals.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, [("B-mål", "Delvis uppfyllt"), ("A-mål", "Ej utvärderad"), ("C-mål", "Ej uppfyllt")]);
    // Indicators stay under their goal, in input order.
    let names: Vec<String> = s
        .rows()
        .skip(1)
        .take(4)
        .map(|r| match &r[1] {
            Data::String(x) => x.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(names, ["b1", "b2", "a1", "c1"]);
    // The gender split stands beside the total.
    let b2 = s.rows().find(|r| matches!(&r[1], Data::String(x) if x == "b2")).unwrap();
    assert_eq!((&b2[6], &b2[7], &b2[8]), (&Data::Float(95.0), &Data::Float(96.0), &Data::Float(94.0)));
    // The count per assessment on the summary sheet.
    let sum = wb.worksheet_range("Sammanfattning").unwrap();
    let count = |word: &str| {
        sum.rows().find(|r| matches!(&r[0], Data::String(x) if x == word)).map(|r| r[1].clone()).unwrap()
    };
    assert_eq!(count("Uppfyllt"), Data::Float(0.0));
    assert_eq!(count("Delvis uppfyllt"), Data::Float(1.0));
    assert_eq!(count("Ej uppfyllt"), Data::Float(1.0));
    assert_eq!(count("Ej utvärderad"), Data::Float(1.0));
}

#[test]
fn narrative_is_committee_wide_first_then_by_area_order_in_input_order() {
    let w = Work::new();
    economy(&w);
    workbook(
        &w.input(P, "text.xlsx"),
        &[(
            "Text",
            false,
            vec![
                vec![C::S("Avsnitt"), C::S("Verksamhetsområde"), C::S("Text")],
                vec![C::S("Väsentliga händelser"), C::S("BARN"), C::S("Tredje stycket om barn.")],
                vec![C::S("Väsentliga händelser"), C::E, C::S("Första stycket för hela nämnden.")],
                vec![C::S("Väsentliga händelser"), C::S("VUXEN"), C::S("Andra stycket om vuxna.")],
                vec![C::S("Väsentliga händelser"), C::E, C::S("Fjärde stycket, också för hela nämnden.")],
                vec![C::S("Framtid"), C::E, C::S("Ett eget avsnitt.")],
            ],
        )],
    );
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let t = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} missing in {t}"));
    assert!(at("Första stycket") < at("Fjärde stycket"));
    assert!(at("Fjärde stycket") < at("Andra stycket"), "committee-wide text first");
    assert!(at("Andra stycket") < at("Tredje stycket"), "VUXEN comes before BARN in the Budget sheet");
    assert!(at("Framtid") < at("Ett eget avsnitt"));
}
