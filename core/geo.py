"""Distances between GPS points, for telling whether two reports are about the same spot."""

from __future__ import annotations

import math

EARTH_RADIUS_METERS = 6_371_000.0


def distance_meters(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): within a few metres at a street's scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METERS * math.asin(math.sqrt(a))


def degrees_around(meters: float) -> float:
    """Latitude degrees spanning `meters`, widened for longitude at Vietnam's latitudes (up to
    23.4° N, where a longitude degree is about 0.92 of a latitude degree): a box to prefilter by."""
    return meters / 111_000.0 / 0.9
