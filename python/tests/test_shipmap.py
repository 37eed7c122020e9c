"""The Python package end to end, on the wheel as installed (run: pytest python/tests)."""

import pathlib
import pickle

import pytest

import shipmap

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "dprk-russia-2023.toml"
SEA_CHAIN = "42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E"


def test_resolve_picks_the_port_with_its_country():
    najin = shipmap.resolve("Najin", mode="sea")
    assert najin["country"] == "KP"
    assert abs(najin["lat"] - 42.25) < 0.1 and abs(najin["lon"] - 130.3) < 0.1


def test_resolve_unknown_name_raises_with_help():
    with pytest.raises(shipmap.ShipmapError) as e:
        shipmap.resolve("Xqzzyvvk")
    assert "Xqzzyvvk" in str(e.value)


def test_resolve_all_lists_candidates_per_name():
    out = shipmap.resolve_all(["Najin", "Dunay, RU"], limit=3)
    assert [r["query"] for r in out] == ["Najin", "Dunay, RU"]
    assert out[1]["candidates"][0]["country"] == "RU"
    assert len(out[0]["candidates"]) <= 3


def test_load_seed_file_gives_legs_stops_and_geojson():
    doc = shipmap.load(SEED)
    assert [leg["mode"] for leg in doc.legs] == ["sea", "rail"]
    assert doc.legs[0]["from"] == "Najin"
    assert 150 < doc.legs[0]["distance_km"] < 250
    assert 8000 < doc.legs[1]["distance_km"] < 11000
    assert len(doc.stops) == 3
    assert doc.geojson["type"] == "FeatureCollection"
    assert doc.routes[0]["id"] == "dprk-ru-2023"
    # the same through a str path and through the text itself
    assert shipmap.load(str(SEED)).legs[0]["distance_km"] == doc.legs[0]["distance_km"]
    assert shipmap.load(SEED.read_text()).legs[1]["distance_km"] == doc.legs[1]["distance_km"]


def test_load_chain_and_options():
    doc = shipmap.load(SEA_CHAIN)
    assert doc.legs[0]["depart"] == "2023-09-07"
    assert doc.legs[0]["arrive"] == "2023-09-12"
    with pytest.raises(shipmap.ShipmapError) as e:
        shipmap.load(SEA_CHAIN, avoid=["panam"])
    assert "panam" in e.value.message


def test_errors_carry_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[leg]]\nmode = "sea"\nfrom = "95N 10E"\nto = "Dunay"\n')
    with pytest.raises(shipmap.ShipmapError) as e:
        shipmap.load(bad)
    err = e.value
    assert err.file == str(bad)
    assert err.line == 3
    assert err.column is not None and err.column >= 1
    assert err.help


def test_bad_inputs_raise_python_exceptions_not_crashes(tmp_path):
    with pytest.raises(TypeError):
        shipmap.load(None)
    with pytest.raises(TypeError):
        shipmap.load(b"Najin -sea-> Dunay")
    with pytest.raises(TypeError):
        shipmap.resolve(None)
    with pytest.raises(shipmap.ShipmapError):
        shipmap.load("x" * 5_000_000)  # a huge string that is no document
    with pytest.raises(ValueError):
        shipmap.load(pathlib.Path("/nonexistent/dir/doc.toml"))
    with pytest.raises((ValueError, UnicodeError)):
        shipmap.load(pathlib.Path(tmp_path / "bad\udcff.toml"))  # not UTF-8
    with pytest.raises(ValueError):
        shipmap.render_png(SEA_CHAIN, size=(0, 0))


def test_render_png_returns_a_png_of_the_asked_size():
    png = shipmap.render_png(shipmap.load(SEA_CHAIN), size=(640, 360))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (640, 360)


def test_documents_and_errors_pickle_for_workers():
    doc = shipmap.load(SEA_CHAIN)
    again = pickle.loads(pickle.dumps(doc))
    assert again.legs == doc.legs
    err = shipmap.ShipmapError("m", "h", "f.toml", 3, 7)
    back = pickle.loads(pickle.dumps(err))
    assert (back.file, back.line, back.column, back.help) == ("f.toml", 3, 7, "h")


def test_same_calls_in_a_dask_local_cluster():
    distributed = pytest.importorskip("distributed")
    chains = [
        "Najin -sea-> Vladivostok",
        "Tartus -sea-> Novorossiysk",
        "Najin -sea-> Dunay, RU",
    ]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            futures = client.map(lambda c: shipmap.load(c).distance_km, chains)
            km = client.gather(futures)
    assert km == [pytest.approx(shipmap.load(c).distance_km) for c in chains]
    assert all(k > 50 for k in km)


def test_to_geodataframe_when_geopandas_is_installed():
    pytest.importorskip("geopandas")
    gdf = shipmap.to_geodataframe(SEED)
    assert list(gdf["mode"]) == ["sea", "rail"]
    assert gdf.crs.to_epsg() == 4326
    stops = shipmap.to_geodataframe(SEED, layer="stops")
    assert len(stops) == 3


def test_licenses_name_the_data():
    text = shipmap.licenses()
    assert "ODbL-1.0" in text and "GeoNames" in text


def test_the_notebook_example_runs(monkeypatch):
    """examples/python/seed.ipynb: every code cell runs, from the repository root."""
    import json
    import sys
    import types

    nb = json.loads((ROOT / "examples" / "python" / "seed.ipynb").read_text())
    shown = []
    display = types.ModuleType("IPython.display")
    display.Image = lambda data: shown.append(data) or data
    ipython = types.ModuleType("IPython")
    ipython.display = display
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    monkeypatch.chdir(ROOT)
    scope = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "seed.ipynb", "exec"), scope)
    assert scope["doc"].legs[0]["from"] == "Najin"
    assert shown and shown[0][:4] == b"\x89PNG"
