//! The light map of the home and town pages: estates as points where their coordinates put them, each town the
//! hull around its estates, drawn on the server as SVG from the public coordinates — no tiles, nothing from
//! another host, so it works offline. A projection fitted to the points (longitude shrunk by the cosine of the
//! middle latitude) keeps distances true enough at a county's scale.

/// An estate on the map: where it is (degrees, as stored: GCJ-02) and the area (town) it belongs to.
pub struct Spot {
    pub latitude: f64,
    pub longitude: f64,
    pub area: String,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 240.0;
const MARGIN: f64 = 14.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The convex hull of `points`, counter-clockwise (Andrew's monotone chain).
fn hull(mut points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    points.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut lower: Vec<(f64, f64)> = Vec::new();
    for &p in &points {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<(f64, f64)> = Vec::new();
    for &p in points.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// The map of `spots`, titled `title`; each area's name at the middle of its hull when `label_areas`. Empty when
/// no spot has a place.
pub fn map(id: &str, title: &str, spots: &[Spot], label_areas: bool) -> String {
    if spots.is_empty() {
        return String::new();
    }
    let (min_lat, max_lat) =
        spots.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(s.latitude), hi.max(s.latitude)));
    let (min_lng, max_lng) =
        spots.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(s.longitude), hi.max(s.longitude)));
    let shrink = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let (span_x, span_y) = (((max_lng - min_lng) * shrink).max(1e-4), (max_lat - min_lat).max(1e-4));
    let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min((HEIGHT - 2.0 * MARGIN) / span_y);
    let (offset_x, offset_y) = ((WIDTH - span_x * scale) / 2.0, (HEIGHT - span_y * scale) / 2.0);
    let project = |s: &Spot| {
        (offset_x + (s.longitude - min_lng) * shrink * scale, HEIGHT - offset_y - (s.latitude - min_lat) * scale)
    };
    let mut areas: Vec<&str> = spots.iter().map(|s| s.area.as_str()).collect();
    areas.sort_unstable();
    areas.dedup();
    let mut svg = String::new();
    let mut labels = String::new();
    for (n, area) in areas.iter().enumerate() {
        let points: Vec<(f64, f64)> = spots.iter().filter(|s| s.area == *area).map(project).collect();
        // The label just above the area, centred on it.
        let (cx, top) = (
            points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64,
            points.iter().map(|p| p.1).fold(f64::MAX, f64::min),
        );
        let cy = (top - 5.0).max(12.0);
        let outline = hull(points);
        if outline.len() >= 3 {
            let path: Vec<String> = outline.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            svg.push_str(&format!("<polygon points=\"{}\" class=\"area area-{}\"/>", path.join(" "), n % 6));
        }
        if label_areas {
            labels.push_str(&format!(
                "<text x=\"{cx:.1}\" y=\"{cy:.1}\" class=\"area-label\" text-anchor=\"middle\">{}</text>",
                escape(area)
            ));
        }
    }
    for spot in spots {
        let (x, y) = project(spot);
        svg.push_str(&format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.6\" class=\"spot\"/>"));
    }
    format!(
        "<svg class=\"map\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title>\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" class=\"ground\"/>{svg}{labels}</svg>",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_puts_each_estate_where_it_is_with_its_town_around_it() {
        let spot = |latitude, longitude, area: &str| Spot { latitude, longitude, area: area.into() };
        let spots = vec![
            spot(33.90, 116.70, "濉溪镇"),
            spot(33.95, 116.75, "濉溪镇"),
            spot(33.92, 116.80, "濉溪镇"),
            spot(33.70, 116.60, "韩村镇"),
        ];
        let svg = map("map", "小区分布", &spots, true);
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches("<polygon").count(), 1, "a hull needs three estates");
        assert!(svg.contains(">濉溪镇</text>") && svg.contains(">韩村镇</text>"));
        // North is up: the northernmost estate is drawn highest.
        let ys: Vec<f64> = svg.split("cy=\"").skip(1).map(|s| s.split('"').next().unwrap().parse().unwrap()).collect();
        assert!(ys[1] < ys[0] && ys[3] > ys[0]);
        assert_eq!(map("map", "", &[], true), "");
    }
}
