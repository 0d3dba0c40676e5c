//! Map datums. Chinese public maps, and wuye's stored locations, use GCJ-02, an offset of WGS-84 that the state
//! prescribes; a phone's own map app (the `geo:` URI) and GPS expect WGS-84. GCJ-02 is WGS-84 shifted by a known,
//! smooth function, so its inverse is found by a few steps of fixed-point iteration (to well under a metre).

/// The semi-major axis and eccentricity squared of the Krasovsky 1940 ellipsoid, which GCJ-02's offset uses.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// Whether a point lies outside mainland China, where GCJ-02 applies no offset.
fn outside_china(latitude: f64, longitude: f64) -> bool {
    !(72.004..=137.8347).contains(&longitude) || !(0.8293..=55.8271).contains(&latitude)
}

fn shift_latitude(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn shift_longitude(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// A WGS-84 point (latitude, longitude) in GCJ-02.
pub fn wgs84_to_gcj02(latitude: f64, longitude: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    if outside_china(latitude, longitude) {
        return (latitude, longitude);
    }
    let (x, y) = (longitude - 105.0, latitude - 35.0);
    let radians = latitude / 180.0 * PI;
    let magic = 1.0 - EE * radians.sin() * radians.sin();
    let root = magic.sqrt();
    let d_latitude = shift_latitude(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * root) * PI);
    let d_longitude = shift_longitude(x, y) * 180.0 / (A / root * radians.cos() * PI);
    (latitude + d_latitude, longitude + d_longitude)
}

/// A GCJ-02 point (latitude, longitude) in WGS-84: the point whose GCJ-02 is the one given.
pub fn gcj02_to_wgs84(latitude: f64, longitude: f64) -> (f64, f64) {
    let mut guess = (latitude, longitude);
    for _ in 0..8 {
        let (lat, lng) = wgs84_to_gcj02(guess.0, guess.1);
        guess = (guess.0 + (latitude - lat), guess.1 + (longitude - lng));
    }
    guess
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_in_suixi_is_a_few_hundred_metres_and_round_trips() {
        // A point in 濉溪县: GCJ-02 moves it by some hundreds of metres; back again to within a millimetre.
        let (lat, lng) = (33.9167, 116.7667);
        let (glat, glng) = wgs84_to_gcj02(lat, lng);
        let metres = ((glat - lat) * 111_000.0).hypot((glng - lng) * 92_000.0);
        assert!((100.0..1_000.0).contains(&metres), "{metres} m");
        let (back_lat, back_lng) = gcj02_to_wgs84(glat, glng);
        assert!((back_lat - lat).abs() < 1e-8 && (back_lng - lng).abs() < 1e-8);
    }

    #[test]
    fn outside_china_nothing_moves() {
        assert_eq!(wgs84_to_gcj02(51.5, -0.12), (51.5, -0.12));
    }
}
