//! The per-unit chart of the report as a PNG picture (Word takes pictures, not SVG): one
//! stacked bar per unit — completed on time, completed late, in progress within deadline,
//! overdue — drawn directly, with labels in a system font (Liberation or DejaVu) when found.

use ab_glyph::{Font, FontVec, PxScale, ScaleFont, point};
use theodoi_core::report::UnitRow;

const FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

pub const COLOURS: [([u8; 3], &str); 4] = [
    ([0x2E, 0x7D, 0x32], "Hoàn thành đúng hạn"),
    ([0xA5, 0xD6, 0xA7], "Hoàn thành quá hạn"),
    ([0x42, 0x85, 0xF4], "Đang thực hiện trong hạn"),
    ([0xD3, 0x2F, 0x2F], "Quá hạn"),
];

struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
    font: Option<FontVec>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Self {
        let font = FONT_PATHS
            .iter()
            .find_map(|p| std::fs::read(p).ok())
            .and_then(|b| FontVec::try_from_vec(b).ok());
        Self {
            w,
            h,
            px: vec![255; (w * h * 3) as usize],
            font,
        }
    }

    fn blend(&mut self, x: i64, y: i64, c: [u8; 3], a: f32) {
        if x < 0 || y < 0 || x >= self.w as i64 || y >= self.h as i64 {
            return;
        }
        let i = ((y as u32 * self.w + x as u32) * 3) as usize;
        for (px, c) in self.px[i..i + 3].iter_mut().zip(c) {
            let old = *px as f32;
            *px = (old + (c as f32 - old) * a.clamp(0.0, 1.0)).round() as u8;
        }
    }

    fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, c: [u8; 3]) {
        for yy in y..(y + h).min(self.h) {
            for xx in x..(x + w).min(self.w) {
                self.blend(xx as i64, yy as i64, c, 1.0);
            }
        }
    }

    /// Draws `text` with its baseline at `y`; `right` aligns its end at `x`. Returns the width.
    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, c: [u8; 3], right: bool) -> f32 {
        let Some(font) = self.font.take() else {
            return 0.0;
        };
        let sf = font.as_scaled(PxScale::from(size));
        let width: f32 = text.chars().map(|ch| sf.h_advance(sf.glyph_id(ch))).sum();
        let mut pen = if right { x - width } else { x };
        for ch in text.chars() {
            let id = sf.glyph_id(ch);
            let g = id.with_scale_and_position(PxScale::from(size), point(pen, y));
            pen += sf.h_advance(id);
            if let Some(o) = font.outline_glyph(g) {
                let b = o.px_bounds();
                o.draw(|gx, gy, a| {
                    self.blend(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, c, a)
                });
            }
        }
        self.font = Some(font);
        width
    }

    fn png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.w, self.h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header()?;
            w.write_image_data(&self.px)?;
        }
        Ok(out)
    }
}

/// The chart of the units with the most tasks (at most `max_units`), as PNG bytes with its
/// size in pixels.
pub fn units_chart(
    units: &[UnitRow],
    max_units: usize,
) -> Result<(Vec<u8>, u32, u32), png::EncodingError> {
    let mut rows: Vec<&UnitRow> = units.iter().collect();
    rows.sort_by_key(|u| std::cmp::Reverse(u.figures.counts.tasks));
    rows.truncate(max_units);
    let (label_w, bar_h, gap, top, w) = (330u32, 22u32, 8u32, 56u32, 1200u32);
    let h = top + rows.len() as u32 * (bar_h + gap) + 20;
    let mut cv = Canvas::new(w, h);
    // Legend.
    let mut lx = 10.0;
    for (c, label) in COLOURS {
        cv.rect(lx as u32, 14, 18, 18, c);
        lx += 24.0 + cv.text(lx + 24.0, 29.0, 17.0, label, [0, 0, 0], false) + 24.0;
    }
    let max = rows
        .iter()
        .map(|u| u.figures.counts.tasks)
        .max()
        .unwrap_or(1)
        .max(1);
    let scale = (w - label_w - 70) as f32 / max as f32;
    for (i, u) in rows.iter().enumerate() {
        let y = top + i as u32 * (bar_h + gap);
        let name = if u.short_name.trim().is_empty() {
            &u.unit
        } else {
            &u.short_name
        };
        let name: String = name.chars().take(34).collect();
        cv.text(
            label_w as f32 - 8.0,
            (y + bar_h - 5) as f32,
            17.0,
            &name,
            [0, 0, 0],
            true,
        );
        let c = &u.figures.counts;
        let mut x = label_w as f32;
        for (n, (colour, _)) in [
            c.completed_on_time,
            c.completed_late,
            c.in_progress_on_time,
            c.overdue,
        ]
        .iter()
        .zip(COLOURS)
        {
            let len = *n as f32 * scale;
            cv.rect(x.round() as u32, y, len.round() as u32, bar_h, colour);
            x += len;
        }
        cv.text(
            x + 6.0,
            (y + bar_h - 5) as f32,
            17.0,
            &c.tasks.to_string(),
            [0, 0, 0],
            false,
        );
    }
    cv.rect(label_w - 1, top - 4, 1, h - top - 12, [0x60, 0x60, 0x60]);
    Ok((cv.png()?, w, h))
}
