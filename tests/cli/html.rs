//! Issue 18: `--format html` writes one self-contained page: the static map inline,
//! the facts of every leg and stop (the GeoJSON export's properties) as data for
//! its script, nothing fetched, and hostile text shown as text.
//! (scripts/check_html.py checks the same page in Chromium.)

use std::path::Path;

use crate::util::{check_golden, seed_path, Dir};

/// The JSON block the page's script reads.
fn data_block(html: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"sm-data\">";
    let start = html.find(open).expect("data block") + open.len();
    let len = html[start..].find("</script>").expect("end of data block");
    &html[start..start + len]
}

fn data(html: &str) -> serde_json::Value {
    serde_json::from_str(data_block(html)).expect("the data block is JSON")
}

/// Nothing in the page can make a request: no URL, no `src`, no `href` but
/// fragment references inside the map, one `<style>` and two scripts of ours.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    for needle in [
        "http://", "https://", "//www", "<link", "<img", "<iframe", "@import",
    ] {
        assert!(!html.contains(needle), "`{needle}` in the page");
    }
    let hrefs: Vec<&str> = html
        .match_indices("href=\"")
        .map(|(i, _)| &html[i + 6..i + 7])
        .collect();
    assert!(hrefs.iter().all(|c| *c == "#"), "only #fragment hrefs");
    assert!(
        html.matches("url(").count() == html.matches("url(#").count(),
        "only url(#id) references"
    );
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(
        html.matches(" src=").count() == html.matches(" src=x").count(),
        "no src but the hostile document's text"
    );
}

#[test]
fn format_html_writes_one_self_contained_page_of_the_seed() {
    let dir = Dir::new();
    let seed = seed_path();
    let out = dir
        .run(&[
            "map",
            seed.to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "geojson,svg,html",
            "-q",
        ])
        .expect_code(0);
    assert!(
        out.stderr.contains("wrote out/dprk-russia-2023.html"),
        "{}",
        out.stderr
    );
    let html = dir.read("out/dprk-russia-2023.html");
    assert!(html.len() <= 1_500_000, "{} bytes", html.len());
    assert_self_contained(&html);

    // The map is the SVG's own drawing: the plain SVG's path data, in the same order.
    let svg = dir.read("out/dprk-russia-2023.svg");
    let paths = |s: &str| -> Vec<String> {
        s.match_indices("<path d=\"")
            .map(|(i, _)| s[i..].split('"').nth(1).unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(paths(&svg), paths(&html), "the page draws the SVG's paths");
    assert!(
        !svg.contains("data-leg"),
        "the plain SVG carries no page hooks"
    );
    // every leg and stop is a group the script can find, the close-up's too
    assert_eq!(
        html.matches("<g data-leg=\"0-0\">").count(),
        4,
        "sea leg: lines and arrows, map and close-up"
    );
    assert!(html.contains("<g data-leg=\"0-1\">"));
    for k in 0..3 {
        assert!(html.contains(&format!("<g data-stop=\"{k}\">")), "stop {k}");
    }

    // Cards are built from the GeoJSON export's own properties.
    let d = data(&html);
    let legs: serde_json::Value =
        serde_json::from_str(&dir.read("out/dprk-russia-2023_legs.geojson")).unwrap();
    let leg_features: Vec<&serde_json::Value> = legs["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "leg")
        .collect();
    assert_eq!(d["legs"].as_array().unwrap().len(), leg_features.len());
    for (page, file) in d["legs"].as_array().unwrap().iter().zip(&leg_features) {
        for (k, v) in file["properties"].as_object().unwrap() {
            assert_eq!(&page["props"][k], v, "leg property {k}");
        }
    }
    // time windows in seconds: the sea leg departs 7-12 Sep and arrives 12 Sep 2023
    assert_eq!(
        d["legs"][0]["dep"],
        serde_json::json!([1694044800, 1694563200])
    );
    assert_eq!(
        d["legs"][0]["arr"],
        serde_json::json!([1694476800, 1694563200])
    );
    assert_eq!(d["legs"][1]["arr"][1], serde_json::Value::Null, "open end");
    assert_eq!(d["stops"][1]["features"][0]["name"], "Dunay");

    // the text alternative lists the legs
    assert!(html.contains("<td>Najin</td><td>Dunay</td><td>dep. between 7 and 12 Sep 2023, arr. 12 Sep 2023</td><td>196.5 km (106.1 nmi)</td>"));
    let pretty = serde_json::to_string_pretty(&d).unwrap() + "\n";
    check_golden("seed", "html_data.json", &pretty);
}

#[test]
fn hostile_strings_in_every_field_are_text_in_the_page() {
    let dir = Dir::new();
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile.toml");
    dir.run(&[
        "map",
        doc.to_str().unwrap(),
        "-o",
        ".",
        "--format",
        "html",
        "-q",
    ])
    .expect_code(0);
    let html = dir.read("hostile.html");
    // the hostile URL is in the source line, escaped into text and into the data
    let without_source = html
        .replace("src=&quot;https://example.com/&quot;", "")
        .replace("src=\\\"https://example.com/\\\"", "");
    assert!(!without_source.contains("https://"));
    assert_self_contained(&without_source);
    for tag in [
        "<svg onload",
        "<img",
        "<iframe",
        "<b ",
        "<i>",
        "<!--",
        "]]>",
    ] {
        assert!(!html.contains(tag), "`{tag}` reached the page as markup");
    }
    assert!(
        !data_block(&html).contains('<'),
        "`<` is \\u003c in the data"
    );
    // and the data still says exactly what the document says
    let d = data(&html);
    assert_eq!(
        d["title"],
        "T </script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> 'q' \"qq\" &amp; <!--"
    );
    let p = &d["legs"][0]["props"];
    assert_eq!(p["carrier"], "C </script><script>window.__pwned=8</script>");
    assert_eq!(
        p["notes"],
        "N ]]></script><!-- <script>window.__pwned=10</script>"
    );
    assert_eq!(p["route_id"], "r</script><script>window.__pwned=6</script>");
    assert_eq!(
        p["to"],
        "B </script><img src=x onerror=window.__pwned=7> \"to\""
    );
    // the static parts: page title, visually hidden heading, table
    assert!(html.contains("<title>T &lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &apos;q&apos;"));
    assert!(html.contains("<td>Cargo &lt;img src=x onerror=window.__pwned=9&gt; &quot;shells&quot; &amp; &apos;fuses&apos; &lt;/script&gt;</td>"));
    assert!(
        html.contains("<td>Route &lt;i&gt;&quot;name&quot;&lt;/i&gt; &lt;/script&gt;&apos;</td>")
    );
}

#[test]
fn a_document_without_dates_gets_a_page_without_a_slider() {
    let dir = Dir::new();
    dir.run(&[
        "map",
        "42.2456N 130.2967E -sea-> 42.8889N 132.3436E",
        "-o",
        ".",
        "--name",
        "undated",
        "--format",
        "html",
        "-q",
    ])
    .expect_code(0);
    let html = dir.read("undated.html");
    assert_self_contained(&html);
    let d = data(&html);
    assert_eq!(d["span"], serde_json::Value::Null);
    assert_eq!(d["legs"][0]["dep"], serde_json::json!([null, null]));
}

#[test]
fn a_stop_shared_by_two_routes_is_one_marker_with_both_routes_facts() {
    let dir = Dir::new();
    dir.create(
        "two.toml",
        "[[route]]\nid = \"a\"\n  [[route.leg]]\n  mode = \"air\"\n  from = \"10N 10E\"\n  to = \"12N 12E\"\n  depart = \"2023-09-01\"\n\
         [[route]]\nid = \"b\"\n  [[route.leg]]\n  mode = \"air\"\n  from = \"12N 12E\"\n  to = \"14N 10E\"\n  arrive = \"2023-09-20\"\n",
    );
    dir.run(&["map", "two.toml", "-o", ".", "--format", "html", "-q"])
        .expect_code(0);
    let html = dir.read("two.html");
    let d = data(&html);
    let stops = d["stops"].as_array().unwrap();
    assert_eq!(stops.len(), 3, "three places, three markers");
    let shared = &stops[1]["features"];
    assert_eq!(shared.as_array().unwrap().len(), 2);
    assert_eq!(shared[0]["route_id"], "a");
    assert_eq!(shared[0]["role"], "destination");
    assert_eq!(shared[1]["route_id"], "b");
    assert_eq!(shared[1]["role"], "origin");
    // reached at the earliest arrival of either route (route a's, inferred from its
    // departure on 1 Sep 2023); route b's end on its arrival day, 20 Sep
    assert_eq!(stops[0]["start"], serde_json::json!(1693526400), "1 Sep");
    assert_eq!(stops[1]["start"], serde_json::json!(1693526400));
    assert_eq!(stops[2]["start"], serde_json::json!(1695168000));
    // each route in its own colour, as the map draws them
    assert_eq!(d["legs"][0]["color"], "#0072b2");
    assert_ne!(d["legs"][1]["color"], d["legs"][0]["color"]);
    assert!(html.contains("<g data-leg=\"1-0\">"));
}
