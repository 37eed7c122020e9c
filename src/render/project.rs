//! Map projections on the sphere and the choice of one for an extent.
//!
//! Coordinates out of a projection are kilometres on a sphere of the mean Earth
//! radius, x east and y north; [`View`] turns them into pixels. The sphere is enough
//! at map scales: the ellipsoid moves nothing by more than a fraction of a pixel.

use crate::model::LonLat;

/// Mean Earth radius, IUGG (R1), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A map projection with its parameters, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Projection {
    /// Mercator (conformal, for small extents), centred on `lon0_deg`.
    Mercator {
        /// Central meridian.
        lon0_deg: f64,
    },
    /// Lambert conformal conic with two standard parallels (wide mid-latitude extents).
    LambertConic {
        /// Central meridian.
        lon0_deg: f64,
        /// Latitude of the origin.
        lat0_deg: f64,
        /// First standard parallel.
        lat1_deg: f64,
        /// Second standard parallel.
        lat2_deg: f64,
    },
    /// Lambert azimuthal equal-area (polar and very wide extents).
    AzimuthalEqualArea {
        /// Longitude of the centre.
        lon0_deg: f64,
        /// Latitude of the centre.
        lat0_deg: f64,
    },
    /// Azimuthal equidistant: true distances from the centre. Centred on the
    /// route (oblique), or on a pole (`lat0_deg` = ±90) for polar routes.
    AzimuthalEquidistant {
        /// Longitude of the centre (for a polar centre, the meridian drawn
        /// straight down from the pole).
        lon0_deg: f64,
        /// Latitude of the centre.
        lat0_deg: f64,
    },
    /// Plate carrée with true scale at `lat_ts_deg` (locator maps of the world).
    Equirectangular {
        /// Central meridian.
        lon0_deg: f64,
        /// Latitude of true scale.
        lat_ts_deg: f64,
    },
}

/// Which projection the user asked for (`--projection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectionChoice {
    /// Chosen from the extent.
    #[default]
    Auto,
    /// Mercator.
    Mercator,
    /// Lambert conformal conic.
    Conic,
    /// Lambert azimuthal equal-area.
    EqualArea,
    /// Azimuthal equidistant: polar for routes beyond 65 degrees spanning more
    /// than 90 degrees of longitude, else centred on the route.
    Azimuthal,
}

impl ProjectionChoice {
    /// The names accepted by `--projection`.
    pub const NAMES: [&'static str; 5] = ["auto", "mercator", "conic", "equal-area", "azimuthal"];

    /// Parses a `--projection` value.
    pub fn parse(s: &str) -> Option<ProjectionChoice> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ProjectionChoice::Auto),
            "mercator" => Some(ProjectionChoice::Mercator),
            "conic" | "lcc" | "lambert" => Some(ProjectionChoice::Conic),
            "equal-area" | "laea" => Some(ProjectionChoice::EqualArea),
            "azimuthal" | "aeqd" | "polar" => Some(ProjectionChoice::Azimuthal),
            _ => None,
        }
    }
}

/// The part of the globe a map must show: a longitude interval (may run past
/// 180 when it crosses the antimeridian) and a latitude interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// West edge, degrees; `lon_max_deg - lon_min_deg` is at most 360.
    pub lon_min_deg: f64,
    /// East edge, degrees, >= `lon_min_deg`.
    pub lon_max_deg: f64,
    /// South edge.
    pub lat_min_deg: f64,
    /// North edge.
    pub lat_max_deg: f64,
}

impl Extent {
    /// The smallest extent holding all points: the longitude interval is the circle
    /// minus its widest empty gap, so a route across the antimeridian stays compact.
    /// `None` for no points.
    pub fn of(points: &[LonLat]) -> Option<Extent> {
        let first = points.first()?;
        let mut lons: Vec<f64> = points.iter().map(|p| p.lon()).collect();
        lons.sort_by(f64::total_cmp);
        let (mut gap, mut west) = (360.0 - (lons[lons.len() - 1] - lons[0]), lons[0]);
        for w in lons.windows(2) {
            if w[1] - w[0] > gap {
                gap = w[1] - w[0];
                west = w[1];
            }
        }
        let (mut lat_min, mut lat_max) = (first.lat(), first.lat());
        for p in points {
            lat_min = lat_min.min(p.lat());
            lat_max = lat_max.max(p.lat());
        }
        Some(Extent {
            lon_min_deg: west,
            lon_max_deg: west + (360.0 - gap),
            lat_min_deg: lat_min,
            lat_max_deg: lat_max,
        })
    }

    /// Centre longitude, in -180..=180.
    pub fn lon_mid_deg(&self) -> f64 {
        LonLat::wrapped((self.lon_min_deg + self.lon_max_deg) / 2.0, 0.0).lon()
    }

    /// Centre latitude.
    pub fn lat_mid_deg(&self) -> f64 {
        (self.lat_min_deg + self.lat_max_deg) / 2.0
    }
}

impl Projection {
    /// Picks the projection for an extent alone (no route points): the extent's
    /// outline and centre stand for the route, on a 16:9 frame. See
    /// [`Projection::choose_for`].
    pub fn choose(extent: &Extent, choice: ProjectionChoice) -> Projection {
        let mut pts = Vec::new();
        for i in 0..=8 {
            for j in 0..=8 {
                let lon = extent.lon_min_deg
                    + (extent.lon_max_deg - extent.lon_min_deg) * f64::from(i) / 8.0;
                let lat = extent.lat_min_deg
                    + (extent.lat_max_deg - extent.lat_min_deg) * f64::from(j) / 8.0;
                pts.push(LonLat::wrapped(lon, lat));
            }
        }
        Projection::choose_for(&pts, extent, choice, 16.0 / 9.0)
    }

    /// Picks the projection for a route's points (`extent` is theirs) on a map
    /// area of `aspect` (width / height).
    ///
    /// `Auto` scores every candidate: a Lambert conformal conic, Mercator, an
    /// azimuthal equidistant centred on the extent and, for routes reaching beyond
    /// 65 degrees of latitude that span more than 90 degrees of longitude (or
    /// reach beyond 80 degrees), a polar azimuthal equidistant turned in 15-degree
    /// steps. The score is [`Projection::fill`] (how much of the map area the
    /// route's projected box fills once fitted) divided by the square of
    /// [`Projection::scale_spread`] (largest over smallest scale along the
    /// route). The best wins, but a candidate earlier in that list is kept when it
    /// scores within 3% of the best, so near ties keep the conformal conic.
    pub fn choose_for(
        pts: &[LonLat],
        extent: &Extent,
        choice: ProjectionChoice,
        aspect: f64,
    ) -> Projection {
        let lon0 = extent.lon_mid_deg();
        let lat_mid = extent.lat_mid_deg();
        let lon_span = extent.lon_max_deg - extent.lon_min_deg;
        let lat_span = extent.lat_max_deg - extent.lat_min_deg;
        let north = extent.lat_max_deg > 65.0 && (lon_span > 90.0 || extent.lat_max_deg > 80.0);
        let south = extent.lat_min_deg < -65.0 && (lon_span > 90.0 || extent.lat_min_deg < -80.0);
        // The hemisphere with more of the route in it, when both qualify.
        let pole = match (north, south) {
            (true, true) => Some(if lat_mid < 0.0 { -90.0 } else { 90.0 }),
            (true, false) => Some(90.0),
            (false, true) => Some(-90.0),
            (false, false) => None,
        };
        let conic = || {
            // Standard parallels at 1/6 and 5/6 of the span keep the scale error
            // small over the whole map (Deetz and Adams' rule of thumb).
            let (mut lat1, mut lat2) = (
                extent.lat_min_deg + lat_span / 6.0,
                extent.lat_max_deg - lat_span / 6.0,
            );
            if lat1.signum() != lat2.signum() || lat1.abs() < 5.0 || lat2.abs() < 5.0 {
                let s = if lat_mid < 0.0 { -1.0 } else { 1.0 };
                lat1 = s * lat1.abs().max(5.0);
                lat2 = s * lat2.abs().max(5.0);
            }
            Projection::LambertConic {
                lon0_deg: lon0,
                lat0_deg: lat_mid,
                lat1_deg: lat1,
                lat2_deg: lat2,
            }
        };
        let oblique = Projection::AzimuthalEquidistant {
            lon0_deg: lon0,
            lat0_deg: lat_mid,
        };
        match choice {
            ProjectionChoice::Mercator => Projection::Mercator { lon0_deg: lon0 },
            ProjectionChoice::Conic => conic(),
            ProjectionChoice::EqualArea => Projection::AzimuthalEqualArea {
                lon0_deg: lon0,
                lat0_deg: pole.unwrap_or(lat_mid),
            },
            ProjectionChoice::Azimuthal => match pole {
                Some(p) => best_of(polar_candidates(lon0, p), pts, aspect),
                None => oblique,
            },
            ProjectionChoice::Auto => {
                let mut cands = vec![conic(), Projection::Mercator { lon0_deg: lon0 }, oblique];
                if let Some(p) = pole {
                    cands.extend(polar_candidates(lon0, p));
                }
                best_of(cands, pts, aspect)
            }
        }
    }

    /// The share of a map area of `aspect` (width / height) that the route's
    /// projected bounding box fills once fitted: 1 when the box has the area's
    /// shape, 0.1 for a box ten times flatter. 0 when a point has no image.
    pub fn fill(&self, pts: &[LonLat], aspect: f64) -> f64 {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let step = pts.len().div_ceil(4000).max(1);
        for p in pts.iter().step_by(step).chain(pts.last()) {
            let Some((x, y)) = self.forward(p.lon(), p.lat()) else {
                return 0.0;
            };
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if x0 > x1 || !(aspect.is_finite() && aspect > 0.0) {
            return 0.0;
        }
        // As `fit_box`: a few km at least each way.
        let a = (x1 - x0).max(4.0) / (y1 - y0).max(4.0);
        (a / aspect).min(aspect / a)
    }

    /// Largest over smallest linear scale factor (along the meridian and the
    /// parallel) at the route's points: 1 where the map is true to scale
    /// everywhere along the route, 1.36 for Mercator between 42 and 57 degrees.
    /// Infinite when a point has no image.
    pub fn scale_spread(&self, pts: &[LonLat]) -> f64 {
        let (mut lo, mut hi) = (f64::MAX, 0.0f64);
        let step = pts.len().div_ceil(300).max(1);
        let e = 0.01f64;
        let ground = EARTH_RADIUS_KM * e.to_radians();
        for p in pts.iter().step_by(step).chain(pts.last()) {
            let (lon, lat) = (p.lon(), p.lat());
            if lat.abs() > 88.0 {
                continue; // parallels vanish at the pole
            }
            let (Some(a), Some(b), Some(c)) = (
                self.forward(lon, lat),
                self.forward(lon + e, lat),
                self.forward(lon, lat + e),
            ) else {
                return f64::INFINITY;
            };
            let k = ((b.0 - a.0).hypot(b.1 - a.1)) / (ground * lat.to_radians().cos());
            let h = ((c.0 - a.0).hypot(c.1 - a.1)) / ground;
            lo = lo.min(k.min(h));
            hi = hi.max(k.max(h));
        }
        if hi == 0.0 {
            return 1.0;
        }
        if lo > 0.0 {
            hi / lo
        } else {
            f64::INFINITY
        }
    }

    /// [`Projection::fill`] over the square of [`Projection::scale_spread`].
    pub fn score(&self, pts: &[LonLat], aspect: f64) -> f64 {
        let s = self.scale_spread(pts);
        if s.is_finite() {
            self.fill(pts, aspect) / (s * s)
        } else {
            0.0
        }
    }

    /// Central meridian, degrees.
    pub fn lon0_deg(&self) -> f64 {
        match *self {
            Projection::Mercator { lon0_deg }
            | Projection::LambertConic { lon0_deg, .. }
            | Projection::AzimuthalEqualArea { lon0_deg, .. }
            | Projection::AzimuthalEquidistant { lon0_deg, .. }
            | Projection::Equirectangular { lon0_deg, .. } => lon0_deg,
        }
    }

    /// A short name for the map's small print.
    pub fn name(&self) -> &'static str {
        match self {
            Projection::Mercator { .. } => "Mercator",
            Projection::LambertConic { .. } => "Lambert conformal conic",
            Projection::AzimuthalEqualArea { .. } => "Lambert azimuthal equal-area",
            Projection::AzimuthalEquidistant { lat0_deg, .. } if lat0_deg.abs() >= 90.0 => {
                "Polar azimuthal equidistant"
            }
            Projection::AzimuthalEquidistant { .. } => "Azimuthal equidistant",
            Projection::Equirectangular { .. } => "Equirectangular",
        }
    }

    /// Projects degrees to km; `None` where the projection has no finite image.
    ///
    /// # Units
    /// Kilometres, x east and y north of the projection's origin.
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> Option<(f64, f64)> {
        let r = EARTH_RADIUS_KM;
        let dlon = wrap180(lon_deg - self.lon0_deg()).to_radians();
        let phi = lat_deg.to_radians();
        let out = match *self {
            Projection::Mercator { .. } => {
                let phi = phi.clamp(-85f64.to_radians(), 85f64.to_radians());
                (
                    r * dlon,
                    r * (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().ln(),
                )
            }
            Projection::LambertConic {
                lat0_deg,
                lat1_deg,
                lat2_deg,
                ..
            } => {
                let c = Conic::cached(lat0_deg, lat1_deg, lat2_deg);
                let rho = c.rho(phi)?;
                let theta = c.n * dlon;
                (rho * theta.sin(), c.rho0 - rho * theta.cos())
            }
            Projection::AzimuthalEqualArea { lat0_deg, .. } => {
                let phi0 = lat0_deg.to_radians();
                let cos_c = phi0.sin() * phi.sin() + phi0.cos() * phi.cos() * dlon.cos();
                if cos_c <= -0.999_999 {
                    return None;
                }
                let k = (2.0 / (1.0 + cos_c)).sqrt();
                (
                    r * k * phi.cos() * dlon.sin(),
                    r * k * (phi0.cos() * phi.sin() - phi0.sin() * phi.cos() * dlon.cos()),
                )
            }
            Projection::AzimuthalEquidistant { lat0_deg, .. } => {
                let phi0 = lat0_deg.to_radians();
                let cos_c =
                    (phi0.sin() * phi.sin() + phi0.cos() * phi.cos() * dlon.cos()).clamp(-1.0, 1.0);
                if cos_c <= -0.999_999 {
                    return None; // the antipode is a circle
                }
                let c = cos_c.acos();
                let k = if c < 1e-12 { 1.0 } else { c / c.sin() };
                (
                    r * k * phi.cos() * dlon.sin(),
                    r * k * (phi0.cos() * phi.sin() - phi0.sin() * phi.cos() * dlon.cos()),
                )
            }
            Projection::Equirectangular { lat_ts_deg, .. } => {
                (r * dlon * lat_ts_deg.to_radians().cos(), r * phi)
            }
        };
        (out.0.is_finite() && out.1.is_finite()).then_some(out)
    }

    /// Inverse of [`Projection::forward`]: km to (lon, lat) degrees, longitude
    /// unwrapped around the central meridian (within ±180 of it).
    pub fn inverse(&self, x_km: f64, y_km: f64) -> Option<(f64, f64)> {
        let r = EARTH_RADIUS_KM;
        let lon0 = self.lon0_deg();
        let (dlon, lat) = match *self {
            Projection::Mercator { .. } => (x_km / r, 2.0 * (y_km / r).exp().atan() - PI_2),
            Projection::LambertConic {
                lat0_deg,
                lat1_deg,
                lat2_deg,
                ..
            } => {
                let c = Conic::cached(lat0_deg, lat1_deg, lat2_deg);
                let s = c.n.signum();
                let dy = c.rho0 - y_km;
                let rho = s * (x_km * x_km + dy * dy).sqrt();
                let theta = (s * x_km).atan2(s * dy);
                let lat = if rho == 0.0 {
                    PI_2 * s
                } else {
                    2.0 * (r * c.f / rho).powf(1.0 / c.n).atan() - PI_2
                };
                (theta / c.n, lat)
            }
            Projection::AzimuthalEqualArea { lat0_deg, .. } => {
                let phi0 = lat0_deg.to_radians();
                let rho = (x_km * x_km + y_km * y_km).sqrt();
                if rho < 1e-9 {
                    return Some((lon0, lat0_deg));
                }
                let c = 2.0 * (rho / (2.0 * r)).clamp(-1.0, 1.0).asin();
                let lat = (c.cos() * phi0.sin() + y_km * c.sin() * phi0.cos() / rho)
                    .clamp(-1.0, 1.0)
                    .asin();
                let dlon = (x_km * c.sin())
                    .atan2(rho * phi0.cos() * c.cos() - y_km * phi0.sin() * c.sin());
                (dlon, lat)
            }
            Projection::AzimuthalEquidistant { lat0_deg, .. } => {
                let phi0 = lat0_deg.to_radians();
                let rho = (x_km * x_km + y_km * y_km).sqrt();
                if rho < 1e-9 {
                    return Some((lon0, lat0_deg));
                }
                let c = rho / r;
                if c > std::f64::consts::PI {
                    return None;
                }
                let lat = (c.cos() * phi0.sin() + y_km * c.sin() * phi0.cos() / rho)
                    .clamp(-1.0, 1.0)
                    .asin();
                let dlon = (x_km * c.sin())
                    .atan2(rho * phi0.cos() * c.cos() - y_km * phi0.sin() * c.sin());
                (dlon, lat)
            }
            Projection::Equirectangular { lat_ts_deg, .. } => {
                (x_km / (r * lat_ts_deg.to_radians().cos()), y_km / r)
            }
        };
        let out = (lon0 + dlon.to_degrees(), lat.to_degrees());
        (out.0.is_finite() && out.1.is_finite() && out.1.abs() <= 90.0 + 1e-9).then_some(out)
    }
}

const PI_2: f64 = std::f64::consts::FRAC_PI_2;

/// Polar azimuthal equidistant candidates on `pole` (±90): the central meridian
/// turned from `lon0` in 15-degree steps up to 90 degrees each way, so the route
/// can lie across the frame rather than down it.
fn polar_candidates(lon0: f64, pole: f64) -> Vec<Projection> {
    (-6..=6)
        .map(|k| Projection::AzimuthalEquidistant {
            lon0_deg: wrap180(lon0 + 15.0 * f64::from(k)),
            lat0_deg: pole,
        })
        .collect()
}

/// The best-scoring candidate, earlier ones winning near ties (within 3%).
fn best_of(cands: Vec<Projection>, pts: &[LonLat], aspect: f64) -> Projection {
    let scores: Vec<f64> = cands.iter().map(|c| c.score(pts, aspect)).collect();
    let best = scores.iter().copied().fold(0.0, f64::max);
    cands
        .iter()
        .zip(&scores)
        .find(|(_, &s)| s >= best * 0.97)
        .map_or(cands[0], |(c, _)| *c)
}

/// Wraps degrees into -180..180.
pub fn wrap180(deg: f64) -> f64 {
    (deg + 180.0).rem_euclid(360.0) - 180.0
}

/// Constants of a spherical Lambert conformal conic (Snyder 1987, eq. 15-1 to 15-5).
#[derive(Clone, Copy)]
struct Conic {
    n: f64,
    f: f64,
    rho0: f64,
}

impl Conic {
    /// The constants for these parallels, computed once per thread and kept while
    /// the parallels stay the same: a map projects every basemap point through
    /// the same cone, and the constants cost several tan, ln and pow each.
    fn cached(lat0_deg: f64, lat1_deg: f64, lat2_deg: f64) -> Conic {
        type Key = (u64, u64, u64);
        thread_local! {
            static LAST: std::cell::Cell<Option<(Key, Conic)>> = const { std::cell::Cell::new(None) };
        }
        let key = (lat0_deg.to_bits(), lat1_deg.to_bits(), lat2_deg.to_bits());
        LAST.with(|last| match last.get() {
            Some((k, c)) if k == key => c,
            _ => {
                let c = Conic::new(lat0_deg, lat1_deg, lat2_deg);
                last.set(Some((key, c)));
                c
            }
        })
    }

    fn new(lat0_deg: f64, lat1_deg: f64, lat2_deg: f64) -> Conic {
        let (p1, p2) = (lat1_deg.to_radians(), lat2_deg.to_radians());
        let t = |p: f64| (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
        let n = if (p1 - p2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        let mut c = Conic { n, f, rho0: 0.0 };
        c.rho0 = c.rho(lat0_deg.to_radians()).unwrap_or(0.0);
        c
    }

    fn rho(&self, phi: f64) -> Option<f64> {
        // The pole on the cone's far side maps to infinity: stop just short of it.
        let lim = 89.5f64.to_radians();
        let phi = phi.clamp(-lim, lim);
        let v =
            EARTH_RADIUS_KM * self.f / (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().powf(self.n);
        v.is_finite().then_some(v)
    }
}

/// A projection fitted to a pixel frame: north up at the centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The projection.
    pub projection: Projection,
    /// Pixels per projected km.
    pub px_per_km: f64,
    /// Projected centre of the frame, km.
    pub centre_km: (f64, f64),
    /// Frame width, px.
    pub width_px: f64,
    /// Frame height, px.
    pub height_px: f64,
}

impl View {
    /// Fits the projected bounding box `(x0, y0, x1, y1)` (km) into the frame with
    /// `margin_px` left clear on every side.
    pub fn fit(
        projection: Projection,
        bbox_km: (f64, f64, f64, f64),
        width_px: f64,
        height_px: f64,
        margin_px: f64,
    ) -> View {
        View::fit_xy(
            projection,
            bbox_km,
            width_px,
            height_px,
            (margin_px, margin_px),
        )
    }

    /// [`View::fit`] with margins of their own left and right (`margins.0`) and
    /// top and bottom (`margins.1`); the box is centred, so spare room is shared
    /// equally by the two sides of the axis that has it.
    pub fn fit_xy(
        projection: Projection,
        bbox_km: (f64, f64, f64, f64),
        width_px: f64,
        height_px: f64,
        margins: (f64, f64),
    ) -> View {
        let (x0, y0, x1, y1) = bbox_km;
        let w = (x1 - x0).max(1.0);
        let h = (y1 - y0).max(1.0);
        let avail_w = (width_px - 2.0 * margins.0).max(width_px * 0.2);
        let avail_h = (height_px - 2.0 * margins.1).max(height_px * 0.2);
        View {
            projection,
            px_per_km: (avail_w / w).min(avail_h / h),
            centre_km: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            width_px,
            height_px,
        }
    }

    /// Like [`View::fit`], but the box is fitted into `area` (x0, y0, x1, y1 px)
    /// of the frame, with `margins` (left/right, top/bottom) clear inside it; the view still covers the
    /// whole frame (the parts outside the area lie under title and source bands).
    pub fn fit_area(
        projection: Projection,
        bbox_km: (f64, f64, f64, f64),
        width_px: f64,
        height_px: f64,
        area: (f64, f64, f64, f64),
        margins: (f64, f64),
    ) -> View {
        let (ax0, ay0, ax1, ay1) = area;
        let mut v = View::fit_xy(projection, bbox_km, ax1 - ax0, ay1 - ay0, margins);
        let (acx, acy) = ((ax0 + ax1) / 2.0, (ay0 + ay1) / 2.0);
        v.centre_km.0 -= (acx - width_px / 2.0) / v.px_per_km;
        v.centre_km.1 += (acy - height_px / 2.0) / v.px_per_km;
        v.width_px = width_px;
        v.height_px = height_px;
        v
    }

    /// Degrees to pixels (y down); `None` where the projection has no image.
    pub fn to_px(&self, lon_deg: f64, lat_deg: f64) -> Option<(f64, f64)> {
        let (x, y) = self.projection.forward(lon_deg, lat_deg)?;
        Some(self.km_to_px(x, y))
    }

    /// Projected km to pixels.
    pub fn km_to_px(&self, x_km: f64, y_km: f64) -> (f64, f64) {
        (
            self.width_px / 2.0 + (x_km - self.centre_km.0) * self.px_per_km,
            self.height_px / 2.0 - (y_km - self.centre_km.1) * self.px_per_km,
        )
    }

    /// Pixels to degrees (longitude within ±180 of the central meridian).
    pub fn to_lonlat(&self, x_px: f64, y_px: f64) -> Option<(f64, f64)> {
        let x = self.centre_km.0 + (x_px - self.width_px / 2.0) / self.px_per_km;
        let y = self.centre_km.1 - (y_px - self.height_px / 2.0) / self.px_per_km;
        self.projection.inverse(x, y)
    }

    /// The ground distance one pixel covers at a pixel position, measured along
    /// the parallel there.
    ///
    /// # Units
    /// Kilometres per pixel.
    pub fn km_per_px_at(&self, x_px: f64, y_px: f64) -> Option<f64> {
        let a = self.to_lonlat(x_px - 0.5, y_px)?;
        let b = self.to_lonlat(x_px + 0.5, y_px)?;
        let a = LonLat::wrapped(a.0, a.1);
        let b = LonLat::wrapped(b.0, b.1);
        let d = crate::network::great_circle::distance_km(a, b);
        (d.is_finite() && d > 0.0).then_some(d)
    }

    /// The lon/lat box the frame shows, grown by `pad_deg`: longitudes unwrapped
    /// around the central meridian, the whole circle when a pole is in view.
    pub fn lonlat_box(&self, pad_deg: f64) -> Extent {
        let lon0 = self.projection.lon0_deg();
        let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) =
            (f64::MAX, f64::MIN, 90.0f64, -90.0f64);
        let steps = 24;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            for (x, y) in [
                (t * self.width_px, 0.0),
                (t * self.width_px, self.height_px),
                (0.0, t * self.height_px),
                (self.width_px, t * self.height_px),
                (t * self.width_px, self.height_px / 2.0),
                (self.width_px / 2.0, t * self.height_px),
            ] {
                if let Some((lon, lat)) = self.to_lonlat(x, y) {
                    let lon = lon0 + wrap180(lon - lon0);
                    lon_min = lon_min.min(lon);
                    lon_max = lon_max.max(lon);
                    lat_min = lat_min.min(lat);
                    lat_max = lat_max.max(lat);
                } else {
                    // Part of the frame is off the globe: take everything.
                    return Extent {
                        lon_min_deg: lon0 - 180.0,
                        lon_max_deg: lon0 + 180.0,
                        lat_min_deg: -90.0,
                        lat_max_deg: 90.0,
                    };
                }
            }
        }
        let inside = |p: Option<(f64, f64)>| {
            p.is_some_and(|(x, y)| {
                (0.0..=self.width_px).contains(&x) && (0.0..=self.height_px).contains(&y)
            })
        };
        let north = inside(self.to_px(lon0, 90.0))
            && !matches!(self.projection, Projection::Mercator { .. });
        let south = inside(self.to_px(lon0, -90.0))
            && !matches!(self.projection, Projection::Mercator { .. });
        if north || south || lon_max - lon_min > 300.0 {
            lon_min = lon0 - 180.0;
            lon_max = lon0 + 180.0;
        }
        if north {
            lat_max = 90.0;
        }
        if south {
            lat_min = -90.0;
        }
        Extent {
            lon_min_deg: (lon_min - pad_deg).max(lon0 - 180.0),
            lon_max_deg: (lon_max + pad_deg).min(lon0 + 180.0),
            lat_min_deg: (lat_min - pad_deg).max(-90.0),
            lat_max_deg: (lat_max + pad_deg).min(90.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    fn round_trip(p: Projection, lon: f64, lat: f64) {
        let (x, y) = p.forward(lon, lat).unwrap();
        let (lon2, lat2) = p.inverse(x, y).unwrap();
        assert!(
            (wrap180(lon2 - lon)).abs() < 1e-7,
            "{p:?} lon {lon} -> {lon2}"
        );
        assert!((lat2 - lat).abs() < 1e-7, "{p:?} lat {lat} -> {lat2}");
    }

    #[test]
    fn projections_invert() {
        let ps = [
            Projection::Mercator { lon0_deg: 130.0 },
            Projection::LambertConic {
                lon0_deg: 85.0,
                lat0_deg: 48.0,
                lat1_deg: 43.0,
                lat2_deg: 53.0,
            },
            Projection::LambertConic {
                lon0_deg: -60.0,
                lat0_deg: -30.0,
                lat1_deg: -20.0,
                lat2_deg: -40.0,
            },
            Projection::AzimuthalEqualArea {
                lon0_deg: 0.0,
                lat0_deg: 90.0,
            },
            Projection::AzimuthalEqualArea {
                lon0_deg: 20.0,
                lat0_deg: 10.0,
            },
            Projection::AzimuthalEquidistant {
                lon0_deg: 111.0,
                lat0_deg: 90.0,
            },
            Projection::AzimuthalEquidistant {
                lon0_deg: -170.0,
                lat0_deg: 42.0,
            },
            Projection::Equirectangular {
                lon0_deg: 100.0,
                lat_ts_deg: 30.0,
            },
        ];
        for p in ps {
            for (lon, lat) in [
                (130.2967, 42.2456),
                (40.1255, 45.8546),
                (-70.0, -33.0),
                (100.0, 0.0),
            ] {
                round_trip(p, lon, lat);
            }
        }
    }

    #[test]
    fn conic_is_true_scale_on_standard_parallels() {
        let p = Projection::LambertConic {
            lon0_deg: 90.0,
            lat0_deg: 48.0,
            lat1_deg: 43.0,
            lat2_deg: 53.0,
        };
        for lat in [43.0, 53.0] {
            let (x0, y0) = p.forward(90.0, lat).unwrap();
            let (x1, y1) = p.forward(91.0, lat).unwrap();
            let chord_km = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            let ground_km = EARTH_RADIUS_KM * 1f64.to_radians() * lat.to_radians().cos();
            assert!(
                (chord_km / ground_km - 1.0).abs() < 1e-4,
                "{lat}: {chord_km} vs {ground_km}"
            );
        }
    }

    #[test]
    fn extent_crossing_the_antimeridian_stays_compact() {
        let e = Extent::of(&[ll(170.0, 50.0), ll(-170.0, 55.0)]).unwrap();
        assert_eq!((e.lon_min_deg, e.lon_max_deg), (170.0, 190.0));
        assert_eq!(e.lon_mid_deg(), 180.0);
        assert!(Extent::of(&[]).is_none());
    }

    #[test]
    fn choice_follows_the_extent() {
        let seed = Extent::of(&[
            ll(130.2967, 42.2456),
            ll(132.3436, 42.8889),
            ll(40.1255, 45.8546),
            ll(83.0, 55.0),
        ])
        .unwrap();
        assert!(matches!(
            Projection::choose(&seed, ProjectionChoice::Auto),
            Projection::LambertConic { .. }
        ));
        let arctic = Extent::of(&[ll(30.0, 70.0), ll(-150.0, 71.0), ll(100.0, 82.0)]).unwrap();
        // Auto scores the polar candidates with the others and keeps the best.
        let grid: Vec<LonLat> = (0..=10)
            .flat_map(|i| (0..=4).map(move |j| (i, j)))
            .map(|(i, j)| {
                ll(
                    wrap180(30.0 + 18.0 * f64::from(i)),
                    70.0 + 3.0 * f64::from(j),
                )
            })
            .collect();
        let auto = Projection::choose(&arctic, ProjectionChoice::Auto);
        let polar = Projection::choose(&arctic, ProjectionChoice::Azimuthal);
        assert!(auto.score(&grid, 16.0 / 9.0) >= 0.97 * polar.score(&grid, 16.0 / 9.0));
        // The same, asked for: polar; further south, centred on the extent.
        assert!(matches!(
            Projection::choose(&arctic, ProjectionChoice::Azimuthal),
            Projection::AzimuthalEquidistant { lat0_deg, .. } if lat0_deg == 90.0
        ));
        assert!(matches!(
            Projection::choose(&seed, ProjectionChoice::Azimuthal),
            Projection::AzimuthalEquidistant { lat0_deg, .. } if (lat0_deg - 48.62).abs() < 0.01
        ));
        assert!(matches!(
            Projection::choose(&seed, ProjectionChoice::Mercator),
            Projection::Mercator { .. }
        ));
        assert_eq!(
            ProjectionChoice::parse("Conic"),
            Some(ProjectionChoice::Conic)
        );
        assert_eq!(
            ProjectionChoice::parse("polar"),
            Some(ProjectionChoice::Azimuthal)
        );
        assert_eq!(ProjectionChoice::parse("robinson"), None);
    }

    /// A route along the 40th parallel that bulges to 50N in the middle (a
    /// transpacific lane): flat on the conic, an arch on Mercator, which fills
    /// the frame four times as much and wins despite its scale spread.
    #[test]
    fn scoring_prefers_the_projection_the_route_fills() {
        let lane: Vec<LonLat> = (0..=60)
            .map(|i| {
                let t = f64::from(i) / 60.0;
                ll(
                    wrap180(129.0 + 113.0 * t),
                    35.0 + 16.0 * (std::f64::consts::PI * t).sin(),
                )
            })
            .collect();
        let e = Extent::of(&lane).unwrap();
        let conic = Projection::choose_for(&lane, &e, ProjectionChoice::Conic, 1.9);
        let merc = Projection::choose_for(&lane, &e, ProjectionChoice::Mercator, 1.9);
        assert!(conic.fill(&lane, 1.9) < 0.15, "{}", conic.fill(&lane, 1.9));
        assert!(merc.fill(&lane, 1.9) > 0.35, "{}", merc.fill(&lane, 1.9));
        assert!(conic.scale_spread(&lane) < 1.05);
        let s = merc.scale_spread(&lane);
        assert!((s - 51f64.to_radians().cos().recip() * 35f64.to_radians().cos()).abs() < 0.01);
        assert_eq!(
            Projection::choose_for(&lane, &e, ProjectionChoice::Auto, 1.9),
            merc
        );
    }

    #[test]
    fn azimuthal_equidistant_keeps_distances_from_the_centre() {
        let p = Projection::AzimuthalEquidistant {
            lon0_deg: 0.0,
            lat0_deg: 90.0,
        };
        // 20 degrees from the pole is 20 degrees of arc on the map, any meridian.
        for lon in [0.0, 75.0, -140.0] {
            let (x, y) = p.forward(lon, 70.0).unwrap();
            let arc = EARTH_RADIUS_KM * 20f64.to_radians();
            assert!(((x * x + y * y).sqrt() - arc).abs() < 1e-6);
        }
        // The meridian lon0 runs straight down from the pole.
        let (x, y) = p.forward(0.0, 60.0).unwrap();
        assert!(x.abs() < 1e-9 && y < 0.0);
        assert_eq!(p.name(), "Polar azimuthal equidistant");
        assert!(p.forward(0.0, -90.0).is_none());
    }

    #[test]
    fn fit_area_centres_the_box_in_the_area() {
        let p = Projection::Mercator { lon0_deg: 0.0 };
        let v = View::fit_area(
            p,
            (-100.0, -50.0, 100.0, 50.0),
            1000.0,
            600.0,
            (0.0, 100.0, 1000.0, 500.0),
            (0.0, 0.0),
        );
        let (x, y) = v.km_to_px(0.0, 0.0);
        assert!(
            (x - 500.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6,
            "{x} {y}"
        );
        let (_, top) = v.km_to_px(0.0, 50.0);
        assert!((top - 100.0).abs() < 1e-6, "{top}");
        let v = View::fit_area(
            p,
            (-100.0, -50.0, 100.0, 50.0),
            1000.0,
            600.0,
            (0.0, 0.0, 1000.0, 400.0),
            (0.0, 0.0),
        );
        let (_, y) = v.km_to_px(0.0, 0.0);
        assert!((y - 200.0).abs() < 1e-6, "{y}");
    }

    #[test]
    fn view_fits_and_measures() {
        let p = Projection::Mercator { lon0_deg: 131.0 };
        let (x0, y0) = p.forward(130.0, 42.0).unwrap();
        let (x1, y1) = p.forward(132.5, 43.0).unwrap();
        let v = View::fit(p, (x0, y0, x1, y1), 1600.0, 1000.0, 100.0);
        let (px, py) = v.to_px(130.0, 42.0).unwrap();
        assert!(px >= 99.0 && py <= 901.0, "{px} {py}");
        let (lon, lat) = v.to_lonlat(px, py).unwrap();
        assert!((lon - 130.0).abs() < 1e-9 && (lat - 42.0).abs() < 1e-9);
        let km = v.km_per_px_at(800.0, 500.0).unwrap();
        assert!(km > 0.1 && km < 1.0, "{km}");
        let b = v.lonlat_box(0.0);
        assert!(b.lon_min_deg < 130.0 && b.lon_max_deg > 132.5 && b.lat_min_deg < 42.0);
    }
}
