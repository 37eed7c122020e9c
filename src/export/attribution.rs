//! The data sources a document's outputs draw on, named once for every output
//! (GeoJSON `attribution`, KML description, GeoPackage `gpkg_contents`, CSV).

use crate::model::{Document, Mode, PathKind};

/// The sources the document's places and paths come from, exactly those used:
/// GeoNames and UN/LOCODE for places they supplied, the MARNET sea lanes when a sea
/// leg followed them, OpenStreetMap when a rail leg followed the embedded network.
/// `None` when nothing came from embedded data (all coordinates, great circles).
///
/// A `--rail-network` file is not credited (`Document::embedded_rail` is false);
/// road networks only ever come from the user's own file, so they are not either.
pub fn attribution(doc: &Document) -> Option<String> {
    let legs = || doc.routes.iter().flat_map(|r| &r.legs);
    let places = || legs().flat_map(|l| [&l.from, &l.to].into_iter().chain(&l.via));
    let mut parts = Vec::new();
    if places().any(|p| p.id.starts_with("geonames:")) {
        parts.push("Places: GeoNames (CC BY 4.0, geonames.org)");
    }
    if places().any(|p| p.id.starts_with("locode:")) {
        parts.push("Ports: UN/LOCODE (UNECE)");
    }
    if legs().any(|l| l.mode == Mode::Sea && l.path_kind == PathKind::Network) {
        parts.push("Sea lanes: Eurostat MARNET via searoute (EUPL 1.2)");
    }
    if doc.embedded_rail && legs().any(|l| l.mode == Mode::Rail && l.path_kind == PathKind::Network)
    {
        parts.push("Railways: © OpenStreetMap contributors (ODbL 1.0)");
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
