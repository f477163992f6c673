"""Distances on the Earth: exact (haversine) for display, fast (equirectangular) for filters."""

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # ≈ 111.2 km per degree of latitude


def haversine_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude, longitude, radius_km):
    """``(min_lat, max_lat, min_lon, max_lon)`` enclosing the circle (a prefilter for indexes)."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def longitude_scale(latitude):
    """Shrink factor of a degree of longitude at this latitude (equirectangular projection)."""
    return max(math.cos(math.radians(latitude)), 0.01)
