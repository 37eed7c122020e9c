"""shipmap for Python: resolve place names, build route documents and draw maps,
offline, from data inside the package.

    >>> import shipmap
    >>> shipmap.resolve("Najin", mode="sea")["name"]
    'Najin'
    >>> doc = shipmap.load("Najin -sea[2023-09-07..2023-09-12]-> Dunay, RU")
    >>> round(doc.legs[0]["distance_km"])
    197
    >>> png = shipmap.render_png(doc, size=(1280, 720))

Every value that crosses from the native module is plain Python data (str, float,
dict, list, bytes), so documents pickle and the same calls run inside Dask or
PySpark workers. The embedded gazetteer and networks are read in place from the
extension module, once per process.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _native

__all__ = [
    "Document",
    "ShipmapError",
    "licenses",
    "load",
    "render_png",
    "resolve",
    "resolve_all",
    "to_geodataframe",
]

__version__ = _native.__version__

PathOrText = Union[str, "os.PathLike[str]"]


class ShipmapError(Exception):
    """A document, name or option shipmap could not use.

    Attributes: ``message`` (what is wrong), ``help`` (what to do), ``file``, and
    ``line`` and ``column`` (1-based) where the document says it, when known.
    """

    def __init__(
        self,
        message: str,
        help: str = "",
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        self.message = message
        self.help = help
        self.file = file
        self.line = line
        self.column = column
        where = ""
        if file is not None:
            where = file
            if line is not None:
                where += f":{line}:{column or 1}"
            where += ": "
        text = f"{where}{message}"
        if help:
            text += f" (help: {help})"
        super().__init__(text)

    def __reduce__(self):  # keep the attributes when a worker sends it back
        return (ShipmapError, (self.message, self.help, self.file, self.line, self.column))


@dataclass
class Document:
    """A built route document.

    ``legs`` and ``stops`` are the properties of the GeoJSON features (one dict a
    leg, one a stop: mode, from, to, dates, distance_km, ...), ``routes`` the routes
    with their legs as ``shipmap check --json`` prints them, ``warnings`` the
    warnings with file, line and column, and ``geojson`` the whole FeatureCollection.
    ``text`` and ``name`` are the document as read, so the map can be drawn again.
    """

    text: str
    name: Optional[str]
    options: Dict[str, Any]
    routes: List[Dict[str, Any]]
    legs: List[Dict[str, Any]]
    stops: List[Dict[str, Any]]
    warnings: List[Dict[str, Any]]
    geojson: Dict[str, Any] = field(repr=False)

    @property
    def distance_km(self) -> float:
        """The length of every leg together, in km."""
        return sum(leg["distance_km"] or 0.0 for leg in self.legs)


def _raise(answer: Dict[str, Any]) -> None:
    err = answer.get("error") or {}
    raise ShipmapError(
        err.get("message", "shipmap failed"),
        err.get("help", ""),
        answer.get("file"),
        err.get("line"),
        err.get("column"),
    )


def _read(doc: PathOrText) -> Tuple[str, Optional[str]]:
    """The document's text and file name: a path (str or PathLike) that names a file
    is read; any other string is the document itself (TOML, CSV or a chain)."""
    if doc is None:
        raise TypeError("expected a path or the text of a route document, got None")
    if isinstance(doc, bytes):
        raise TypeError("expected a path or text as str, got bytes; decode it first")
    if isinstance(doc, os.PathLike):
        path = os.fspath(doc)
        if isinstance(path, bytes):
            raise TypeError("expected a str path, got a bytes path")
        return _native.read_document(path), path
    if not isinstance(doc, str):
        raise TypeError(f"expected a path or the text of a route document, got {type(doc).__name__}")
    if "\n" not in doc and "->" not in doc and len(doc) < 4096 and os.path.isfile(doc):
        return _native.read_document(doc), doc
    return doc, None


def _options(
    estimate: bool,
    strict: bool,
    avoid: Optional[Iterable[str]],
    within: Optional[Iterable[str]],
    avoid_countries: Optional[Iterable[str]],
    places: Optional[PathOrText],
) -> Dict[str, Any]:
    return {
        "estimate": bool(estimate),
        "strict": bool(strict),
        "avoid": list(avoid or []),
        "within": list(within or []),
        "avoid_countries": list(avoid_countries or []),
        "places": os.fspath(places) if places is not None else None,
    }


def load(
    doc: PathOrText,
    *,
    estimate: bool = False,
    strict: bool = False,
    avoid: Optional[Iterable[str]] = None,
    within: Optional[Iterable[str]] = None,
    avoid_countries: Optional[Iterable[str]] = None,
    places: Optional[PathOrText] = None,
) -> Document:
    """Reads, resolves, routes and checks a route document, as ``shipmap check`` does.

    ``doc`` is a path to a ``.toml`` or ``.csv`` document, or the text of one, or a
    one-line chain such as ``"Najin -sea-> Dunay, RU -rail-> Tikhoretsk"``. The
    keyword options are the command line's (``--estimate``, ``--strict``,
    ``--avoid``, ``--within``, ``--avoid-countries``, ``--places``).
    Raises ShipmapError with the file, line and column of the fault.
    """
    text, name = _read(doc)
    opts = _options(estimate, strict, avoid, within, avoid_countries, places)
    answer = json.loads(_native.load_json(text, name, json.dumps(opts)))
    if not answer.get("ok"):
        _raise(answer)
    document = answer["document"]
    features = answer["geojson"].get("features", [])
    return Document(
        text=text,
        name=name,
        options=opts,
        routes=document["routes"],
        legs=[f["properties"] for f in features if f["properties"].get("kind") == "leg"],
        stops=[f["properties"] for f in features if f["properties"].get("kind") == "stop"],
        warnings=document["warnings"],
        geojson=answer["geojson"],
    )


def render_png(doc: Union[Document, PathOrText], size: Tuple[int, int] = (1920, 1080)) -> bytes:
    """The static map of a document as PNG bytes (as ``shipmap map --format png``).

    ``doc`` is a Document from ``load`` or anything ``load`` takes. In Jupyter:
    ``IPython.display.Image(shipmap.render_png(doc))``.
    """
    if isinstance(doc, Document):
        text, name, opts = doc.text, doc.name, doc.options
    else:
        text, name = _read(doc)
        opts = _options(False, False, None, None, None, None)
    width, height = size
    try:
        return _native.render_png(text, name, int(width), int(height), json.dumps(opts))
    except RuntimeError as e:
        answer = json.loads(str(e))
        _raise(answer)
        raise  # unreachable: _raise always raises


def resolve_all(
    names: Sequence[str],
    *,
    mode: Optional[str] = None,
    country: Optional[str] = None,
    limit: int = 5,
) -> List[Dict[str, Any]]:
    """Looks several names up; one dict a name, as ``shipmap resolve --json`` prints:
    the ranked ``candidates`` or the ``error`` with suggestions."""
    if isinstance(names, str):
        raise TypeError("expected a list of names; for one name use resolve()")
    return json.loads(_native.resolve_json(list(names), mode, country, max(1, int(limit))))


def resolve(name: str, *, mode: Optional[str] = None, country: Optional[str] = None) -> Dict[str, Any]:
    """The place a name resolves to (the first candidate ``shipmap resolve`` lists),
    as a dict: name, id, lat, lon, country, kind, ... Raises ShipmapError when
    nothing matches, with the gazetteer's suggestions in ``help``."""
    if not isinstance(name, str):
        raise TypeError(f"expected a place name as str, got {type(name).__name__}")
    report = resolve_all([name], mode=mode, country=country, limit=5)[0]
    candidates = report.get("candidates") or []
    if not candidates:
        raise ShipmapError(report.get("error") or f"no place matches `{name}`", report.get("help") or "")
    pick = dict(candidates[0])
    pick["warning"] = report.get("warning")
    pick["runners_up"] = candidates[1:]
    return pick


def to_geodataframe(doc: Union[Document, PathOrText], layer: str = "legs"):
    """The legs (or ``layer="stops"``) as a geopandas GeoDataFrame in EPSG:4326.
    Needs geopandas (``pip install shipmap[geo]``)."""
    try:
        import geopandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_geodataframe needs geopandas: pip install 'shipmap[geo]'") from e
    if layer not in ("legs", "stops"):
        raise ValueError(f"layer must be 'legs' or 'stops', not {layer!r}")
    if not isinstance(doc, Document):
        doc = load(doc)
    kind = "leg" if layer == "legs" else "stop"
    features = [f for f in doc.geojson.get("features", []) if f["properties"].get("kind") == kind]
    return geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")


def licenses() -> str:
    """The licences and attributions of the embedded data (``shipmap licenses``)."""
    return _native.licenses()
