//! Charts drawn on the server as SVG (no script, no other host): bars for amounts over periods, a line for a
//! balance over time, steps for a grade over time. Each is an image with a title for screen readers; the pages put
//! a table of the same figures beside it.

/// One point: its label on the x axis, its value, and whether it is a figure like the others.
pub struct Point {
    pub label: String,
    pub value: f64,
    pub mark: Mark,
}

/// What a bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A figure like the others.
    Figure,
    /// A figure not published (too few to show without identifying anyone): a hatched bar the height of the
    /// plot, never a bar of zero.
    Withheld,
    /// A period not over yet: drawn lighter.
    Partial,
}

impl Point {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Point { label: label.into(), value, mark: Mark::Figure }
    }
}

// The drawing's own units: about as wide as a phone's column, so that on a 360-px phone a unit is about a pixel
// and the 12-unit labels read at about 12 px (the stylesheet caps the width on larger screens).
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 26.0;
const TOP: f64 = 10.0;
/// At most this many labels under the x axis.
const X_LABELS: usize = 5;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A round step for an axis from 0 to `max`.
fn nice(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|s| max / (s * magnitude) <= 5.0).unwrap_or(10.0);
    step * magnitude
}

fn frame(id: &str, title: &str, body: String) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title>\
         <defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" class=\"hatch\"/></pattern></defs>{body}</svg>",
        escape(title)
    )
}

/// The y axis with grid lines from `min` to `max`, labelled by `format`; the y of a value.
fn axis(min: f64, max: f64, format: &dyn Fn(f64) -> String) -> (String, impl Fn(f64) -> f64) {
    let step = nice((max - min).max(f64::EPSILON));
    let (low, high) = ((min / step).floor() * step, (max / step).ceil().max(1.0) * step);
    let high = if high <= low { low + step } else { high };
    let plot = HEIGHT - TOP - BOTTOM;
    let y = move |v: f64| TOP + plot * (1.0 - (v - low) / (high - low));
    let mut svg = String::new();
    let mut tick = low;
    while tick <= high + step / 2.0 {
        let ty = y(tick);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            ty + 4.0,
            escape(&format(tick))
        ));
        tick += step;
    }
    (svg, y)
}

/// x labels under the plot, each written once (points of the same month share one label) and thinned out so that
/// no two overlap: a label is kept only at least a label's width from the one before.
fn x_labels(points: &[Point], x: &dyn Fn(usize) -> f64) -> String {
    let mut shown: Vec<(usize, &Point)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let width = |p: &Point| 7.0 * p.label.chars().count().max(4) as f64;
        let clear = shown.last().is_none_or(|(last, shown)| {
            shown.label != p.label && x(i) - x(*last) >= (width(shown) + width(p)) / 2.0 + 6.0
        });
        if clear {
            shown.push((i, p));
        }
    }
    let every = shown.len().div_ceil(X_LABELS).max(1);
    shown
        .into_iter()
        .enumerate()
        .filter(|(n, _)| n % every == 0)
        .map(|(_, (i, p))| {
            format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                x(i),
                HEIGHT - BOTTOM + 16.0,
                escape(&p.label)
            )
        })
        .collect()
}

/// Bars, one per point.
pub fn bars(id: &str, title: &str, points: &[Point], format: &dyn Fn(f64) -> String) -> String {
    let max = points.iter().map(|p| p.value).fold(0.0, f64::max);
    let min = points.iter().map(|p| p.value).fold(0.0, f64::min);
    let (mut svg, y) = axis(min, max, format);
    let slot = (WIDTH - LEFT) / points.len().max(1) as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    for (i, p) in points.iter().enumerate() {
        let (left, width) = (x(i) - slot * 0.35, slot * 0.7);
        if p.mark == Mark::Withheld {
            let (top, base) = (TOP, y(0.0));
            svg.push_str(&format!(
                "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\" class=\"withheld\" \
                 fill=\"url(#{id}-hatch)\"><title>{}</title></rect>",
                base - top,
                escape(&p.label)
            ));
            continue;
        }
        let (top, base) = (y(p.value.max(0.0)), y(p.value.min(0.0)));
        let class = if p.mark == Mark::Partial { "bar partial" } else { "bar" };
        svg.push_str(&format!(
            "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\" class=\"{class}\"/>",
            (base - top).max(0.5)
        ));
    }
    svg.push_str(&x_labels(points, &x));
    frame(id, title, svg)
}

/// A line through the points (a step line when `steps`), for a value over time.
pub fn line(id: &str, title: &str, points: &[Point], steps: bool, format: &dyn Fn(f64) -> String) -> String {
    let max = points.iter().map(|p| p.value).fold(f64::MIN, f64::max).max(0.0);
    let min = points.iter().map(|p| p.value).fold(f64::MAX, f64::min).min(max);
    let (mut svg, y) = axis(min.min(0.0), max, format);
    let slot = (WIDTH - LEFT) / points.len().max(1) as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let mut path = String::new();
    for (i, p) in points.iter().enumerate() {
        let (px, py) = (x(i), y(p.value));
        if i == 0 {
            path.push_str(&format!("M{px:.1},{py:.1}"));
        } else if steps {
            path.push_str(&format!(" H{px:.1} V{py:.1}"));
        } else {
            path.push_str(&format!(" L{px:.1},{py:.1}"));
        }
        svg.push_str(&format!("<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3\" class=\"dot\"/>"));
    }
    svg.push_str(&format!("<path d=\"{path}\" class=\"line\"/>"));
    svg.push_str(&x_labels(points, &x));
    frame(id, title, svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_titled_images_with_a_mark_per_point() {
        let points = vec![Point::new("2026 Q1", 10.0), Point::new("2026 Q2", -2.5)];
        let svg = bars("income", "公共收益 <净额>", &points, &|v| format!("{v}"));
        assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"income\">公共收益 &lt;净额&gt;</title>"));
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        let line = line("balance", "余额", &points, false, &|v| format!("{v}"));
        assert_eq!(line.matches("<circle").count(), 2);
        assert_eq!(nice(7.0), 2.0);
    }

    #[test]
    fn a_withheld_figure_is_a_hatched_bar_and_a_label_is_written_once() {
        let mut withheld = Point::new("2026-03", 0.0);
        withheld.mark = Mark::Withheld;
        let points = vec![Point::new("2026-02", 4.0), withheld, Point::new("2026-03", 5.0)];
        let svg = bars("complaints", "投诉", &points, &|v| format!("{v}"));
        assert!(svg.contains("class=\"withheld\" fill=\"url(#complaints-hatch)\""));
        assert_eq!(svg.matches(">2026-03</text>").count(), 1, "{svg}");
    }
}
