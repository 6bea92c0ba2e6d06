//! Server-side SVG charts of the figures pages, drawn like the dashboard's chart: no script,
//! shapes and dash patterns rather than colour alone, so they read in greyscale and in print.

use chrono::{Datelike, NaiveDate};
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::indicator::Period;

use crate::service::indicators::SeriesPoint;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 40.0;

struct Frame {
    min: f64,
    max: f64,
    n: usize,
}

impl Frame {
    fn new(values: impl Iterator<Item = f64>, n: usize, from_zero: bool) -> Self {
        let (mut min, mut max) = (f64::MAX, f64::MIN);
        for v in values.filter(|v| v.is_finite()) {
            min = min.min(v);
            max = max.max(v);
        }
        if min > max {
            (min, max) = (0.0, 1.0);
        }
        if from_zero && min > 0.0 {
            min = 0.0;
        }
        let pad = ((max - min) * 0.1).max(max.abs() * 0.05).max(1e-9);
        Self {
            min: if from_zero && min == 0.0 {
                0.0
            } else {
                min - pad
            },
            max: max + pad,
            n: n.max(1),
        }
    }
    fn x(&self, i: usize) -> f64 {
        let span = W - LEFT - RIGHT;
        if self.n == 1 {
            LEFT + span / 2.0
        } else {
            LEFT + span * i as f64 / (self.n - 1) as f64
        }
    }
    fn y(&self, v: f64) -> f64 {
        TOP + (H - TOP - BOTTOM) * (1.0 - (v - self.min) / (self.max - self.min))
    }
    /// Four horizontal grid lines with their labels.
    fn grid(&self, decimals: usize, suffix: &str) -> String {
        let mut out = String::new();
        for k in 0..=4 {
            let v = self.min + (self.max - self.min) * k as f64 / 4.0;
            let y = self.y(v);
            out.push_str(&format!(
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d0d5dd\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}{suffix}</text>",
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                decimal_vi(v, decimals)
            ));
        }
        out
    }
}

fn open(title: &str, id: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}\">\
         <title id=\"{id}\">{}</title><g font-size=\"11\" font-family=\"sans-serif\">",
        esc(title)
    )
}

/// An indicator of one unit over periods: the value as a solid line with round markers,
/// the target as a dashed line with square markers (both ends of a range).
pub fn indicator_chart(title: &str, uom: &str, decimals: u32, points: &[SeriesPoint]) -> String {
    let all = points
        .iter()
        .flat_map(|p| [p.value, p.target_low, p.target_high]);
    let frame = Frame::new(all.flatten(), points.len(), false);
    let d = decimals as usize;
    let mut svg = open(title, "indicator-chart-title");
    svg.push_str(&frame.grid(d, ""));
    svg.push_str(&format!(
        "<text x=\"8\" y=\"{}\">{}</text>\
         <line x1=\"{LEFT}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#12355b\" stroke-width=\"2.5\"/><circle cx=\"{}\" cy=\"14\" r=\"4\" fill=\"#12355b\"/><text x=\"{}\" y=\"18\">Thực hiện</text>\
         <line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><rect x=\"{}\" y=\"10\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#555\"/><text x=\"{}\" y=\"18\">Chỉ tiêu</text>",
        TOP - 14.0,
        esc(uom),
        LEFT + 30.0,
        LEFT + 15.0,
        LEFT + 36.0,
        LEFT + 110.0,
        LEFT + 140.0,
        LEFT + 121.0,
        LEFT + 146.0,
    ));
    let line = |pick: &dyn Fn(&SeriesPoint) -> Option<f64>| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|v| (frame.x(i), frame.y(v))))
            .collect()
    };
    let path = |pts: &[(f64, f64)]| {
        pts.iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for pick in [
        &(|p: &SeriesPoint| p.target_low) as &dyn Fn(&SeriesPoint) -> Option<f64>,
        &|p: &SeriesPoint| p.target_high,
    ] {
        let pts = line(pick);
        svg.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
            path(&pts)
        ));
        for (x, y) in pts {
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#555\"/>",
                x - 4.0,
                y - 4.0
            ));
        }
    }
    let pts = line(&|p: &SeriesPoint| p.value);
    svg.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#12355b\" stroke-width=\"2.5\"/>",
        path(&pts)
    ));
    for (i, p) in points.iter().enumerate() {
        let x = frame.x(i);
        if let Some(v) = p.value {
            let y = frame.y(v);
            svg.push_str(&format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#12355b\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
                y - 8.0,
                decimal_vi(v, d)
            ));
        }
        let label = Period::parse(&p.period)
            .map(|p| p.label())
            .unwrap_or_else(|_| p.period.clone());
        svg.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            H - BOTTOM + 16.0,
            esc(&label)
        ));
    }
    svg.push_str("</g></svg>");
    svg
}

/// The cumulative disbursement rate over the year up to the as-of date (solid, round
/// markers) against last year's whole year (dashed, square markers), placed by day of the
/// year, with the milestones as dotted lines. Rates are fractions.
pub fn curve_chart(
    year: i32,
    this: &[(NaiveDate, f64)],
    last: &[(NaiveDate, f64)],
    milestones: &[(NaiveDate, f64)],
) -> String {
    let top_rate = this
        .iter()
        .chain(last)
        .chain(milestones)
        .map(|(_, r)| *r)
        .fold(1.0_f64, f64::max);
    let (x0, x1) = (LEFT, W - RIGHT);
    let (y0, y1) = (H - BOTTOM, TOP);
    let x = |d: NaiveDate| x0 + (x1 - x0) * (d.ordinal0() as f64 / 365.0).min(1.0);
    let y = |r: f64| y0 - (y0 - y1) * (r / top_rate);
    let mut svg = open(
        &format!("Tỷ lệ giải ngân lũy kế năm {year} so với năm {}", year - 1),
        "curve-chart-title",
    );
    for k in 0..=5 {
        let r = top_rate * k as f64 / 5.0;
        svg.push_str(&format!(
            "<line x1=\"{x0}\" y1=\"{:.1}\" x2=\"{x1}\" y2=\"{:.1}\" stroke=\"#d0d5dd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}%</text>",
            y(r),
            y(r),
            x0 - 6.0,
            y(r) + 4.0,
            decimal_vi(r * 100.0, 0)
        ));
    }
    for m in 1..=12 {
        if let Some(d) = NaiveDate::from_ymd_opt(year, m, 1) {
            svg.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{y0}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#98a2b3\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\">T{m}</text>",
                x(d),
                x(d),
                y0 + 4.0,
                x(d) + 2.0,
                y0 + 16.0
            ));
        }
    }
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#12355b\" stroke-width=\"2.5\"/><circle cx=\"{}\" cy=\"14\" r=\"4\" fill=\"#12355b\"/><text x=\"{}\" y=\"18\">Năm {year}</text>\
         <line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><rect x=\"{}\" y=\"10\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#555\"/><text x=\"{}\" y=\"18\">Năm {}</text>\
         <line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#b42318\" stroke-dasharray=\"2 3\"/><text x=\"{}\" y=\"18\">Mốc giải ngân</text>",
        LEFT + 30.0,
        LEFT + 15.0,
        LEFT + 36.0,
        LEFT + 110.0,
        LEFT + 140.0,
        LEFT + 121.0,
        LEFT + 146.0,
        year - 1,
        LEFT + 220.0,
        LEFT + 250.0,
        LEFT + 256.0,
    ));
    for (date, r) in milestones {
        svg.push_str(&format!(
            "<line x1=\"{x0}\" y1=\"{:.1}\" x2=\"{x1}\" y2=\"{:.1}\" stroke=\"#b42318\" stroke-dasharray=\"2 3\"/>\
             <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#b42318\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#b42318\">{}% đến {}</text>",
            y(*r),
            y(*r),
            x(*date),
            y(*r),
            x(*date) - 4.0,
            y(*r) - 4.0,
            decimal_vi(r * 100.0, 0),
            date_vi(*date)
        ));
    }
    let join = |v: &[(NaiveDate, f64)]| {
        v.iter()
            .map(|(d, r)| format!("{:.1},{:.1}", x(*d), y(*r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    svg.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
        join(last)
    ));
    for (d, r) in last {
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#555\"/>",
            x(*d) - 3.5,
            y(*r) - 3.5
        ));
    }
    svg.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#12355b\" stroke-width=\"2.5\"/>",
        join(this)
    ));
    for (d, r) in this {
        svg.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#12355b\"/>",
            x(*d),
            y(*r)
        ));
    }
    if let Some((d, r)) = this.last() {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"600\">{}% ({})</text>",
            x(*d) + 6.0,
            y(*r) - 8.0,
            decimal_vi(r * 100.0, 2),
            &date_vi(*d)[..5]
        ));
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_carry_values_and_escape_text() {
        let pts = vec![
            SeriesPoint {
                period: "2022".into(),
                target_low: Some(8.0),
                target_high: None,
                value: Some(7.5),
                verdict: None,
            },
            SeriesPoint {
                period: "2023".into(),
                target_low: Some(8.5),
                target_high: None,
                value: Some(8.62),
                verdict: None,
            },
        ];
        let svg = indicator_chart("A & B", "%", 2, &pts);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("8,62") && svg.contains("năm 2023"));
        assert!(
            svg.contains("stroke-dasharray"),
            "target dashed for greyscale"
        );
        let d = |s| theodoi_core::window::parse_iso(s).expect("date");
        let svg = curve_chart(
            2024,
            &[(d("2024-01-31"), 0.0), (d("2024-02-21"), 0.0373)],
            &[(d("2023-08-31"), 0.57), (d("2023-12-31"), 0.93)],
            &[(d("2024-08-31"), 0.6)],
        );
        assert!(svg.contains("3,73%") && svg.contains("60% đến 31/08/2024"));
    }
}
