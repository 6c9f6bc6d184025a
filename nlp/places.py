"""Build the place table (grid cells with their majority district and subdistrict) from Traffy tickets."""
import os

import numpy as np

from . import addresses, dataset
from .train import code_version

# About 1 m, a spot rather than an area: Traffy's district is a function of the point (tickets at the very same
# coordinates agree 99.9% of the time), so a later ticket on an earlier ticket's spot takes its place
# (walk-forward district: 0.0005° 98.2%, 0.0001° 98.88%, 0.00001° with the spot rule 98.92%).
CELL_DEG = 0.00001
DIGITS = 5  # a cell's centroid is stored rounded to this many decimals (~1 m), never a ticket's own coordinates


def _place(t):
    """Return a ticket's (district, subdistrict), ("", "") outside Bangkok, None for an unknown district."""
    from .gazetteer import DISTRICTS

    if t.province.replace("จังหวัด", "") != "กรุงเทพมหานคร":
        return "", ""
    return (t.district, t.subdistrict) if t.district in DISTRICTS else None


def _cells(tickets, until):
    """Count located tickets before `until` per grid cell and (district, subdistrict); outside Bangkok is ("", "").

    Also return (address, place index, district) of every ticket before `until` for the address keys.
    """
    cells, addressed = {}, []
    names, name_index = [("", "")], {("", ""): 0}
    for t in tickets:
        name = _place(t) if t.timestamp[:10] < until else None
        if name is None:
            continue
        j = name_index.setdefault(name, len(names))
        if j == len(names):
            names.append(name)
        if t.address.strip():
            addressed.append((t.address, j, name[0]))
        if t.lat is None or not (5 < t.lat < 21 and 97 < t.lon < 106):
            continue
        c = cells.setdefault((round(t.lat / CELL_DEG), round(t.lon / CELL_DEG)), {}).setdefault(j, [0, 0.0, 0.0])
        c[0] += 1
        c[1] += t.lat
        c[2] += t.lon
    return cells, names, addressed


def build_places(tickets, data_path, until, version=None):
    """Aggregate tickets before `until` into labelled grid cells and hashed address keys."""
    from .geo import PlaceTable

    cells, names, addressed = _cells(tickets, until)
    lat, lon, label, weight = [], [], [], []
    name_weights = [0] * len(names)
    for votes in cells.values():
        j, (n, slat, slon) = max(votes.items(), key=lambda kv: kv[1][0])
        lat.append(round(slat / n, DIGITS))
        lon.append(round(slon / n, DIGITS))
        label.append(j)
        weight.append(n)
        name_weights[j] += n
    header = dict(data_file=os.path.basename(data_path), data_sha256=dataset.sha256(data_path) if data_path else "",
                  code_version=version or code_version(), until=until, cell_degrees=CELL_DEG, cells=len(label),
                  name_weights=name_weights)
    key, key_label = addresses.build(addressed)
    header["address_keys"] = len(key)
    return PlaceTable(np.array(lat), np.array(lon), np.array(label), np.array(weight, np.float32), names, header,
                      key, key_label)
