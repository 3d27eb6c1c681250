"""Derive streets and communities from cells: contiguous, compact regions of balanced size.

No public package has street or community polygons, so we grow them: seeds from a weighted
k-means of the cell centroids, then all regions grow together one neighbouring cell at a time,
the region furthest below its target area always taking its nearest free neighbour. Growing
through shared edges keeps every region in one piece; re-seeding at each region's centroid for a
few rounds makes them compact.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import shapely

_GROWTH_ROUNDS = 3
_KMEANS_ITERATIONS = 12
_MIN_SHARED_EDGE_M = 0.01


def cell_adjacency(cells_m: np.ndarray, grid_index: np.ndarray) -> list[list[int]]:
    """Neighbours sharing an edge (not just a corner), for cells in metres.

    ``grid_index[i]`` is the (column, row) of cell i when it is an uncut grid square and
    (-1, -1) otherwise: two uncut squares touch along an edge exactly when their indices
    differ by one step, which spares the geometry work for the bulk of the cells.
    """
    tree = shapely.STRtree(cells_m)
    left, right = tree.query(cells_m, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    plain = (grid_index[left, 0] >= 0) & (grid_index[right, 0] >= 0)
    steps = np.abs(grid_index[left] - grid_index[right]).sum(axis=1)
    edge = np.zeros(len(left), dtype=bool)
    edge[plain] = steps[plain] == 1
    cut = ~plain
    shared = shapely.length(shapely.intersection(cells_m[left[cut]], cells_m[right[cut]], grid_size=1e-3))
    edge[cut] = shared > _MIN_SHARED_EDGE_M
    neighbours: list[list[int]] = [[] for _ in range(len(cells_m))]
    for a, b in zip(left[edge].tolist(), right[edge].tolist()):
        neighbours[a].append(b)
        neighbours[b].append(a)
    return neighbours


def reading_order(points: np.ndarray, band_height: float) -> np.ndarray:
    """Indices of points in reading order: bands from north to south, west to east within a band."""
    top = points[:, 1].max()
    bands = np.floor((top - points[:, 1]) / band_height)
    return np.lexsort((points[:, 0], bands))


def grow_regions(
    members: np.ndarray,
    targets: Sequence[float],
    centroids: np.ndarray,
    areas: np.ndarray,
    neighbours: list[list[int]],
    rng: np.random.Generator,
) -> np.ndarray:
    """Split cells ``members`` into ``len(targets)`` regions with areas in proportion to targets.

    Returns the region number of each member (same order). Region 0 is the first in reading
    order (north-west), so callers can hand out codes in that order.
    """
    k = len(targets)
    points = centroids[members]
    weights = areas[members]
    local = {int(g): i for i, g in enumerate(members)}
    local_neighbours = [[local[n] for n in neighbours[g] if n in local] for g in members.tolist()]
    target_share = np.asarray(targets, dtype=float) / float(np.sum(targets))
    target_areas = target_share * weights.sum()
    band = float(np.sqrt(weights.sum() / k))
    centres = _kmeans(points, weights, k, rng)
    centres = centres[reading_order(centres, band)]
    labels = np.zeros(len(members), dtype=int)
    for _ in range(_GROWTH_ROUNDS):
        seeds = _seed_cells(points, centres)
        labels = _grow(seeds, points, weights, local_neighbours, centres, target_areas)
        _absorb_unreached(labels, points)
        centres = np.array([np.average(points[labels == r], axis=0, weights=weights[labels == r]) for r in range(k)])
    return labels


def _kmeans(points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Area-weighted k-means with k-means++ seeding; gives evenly spread region centres."""
    centres = [points[rng.choice(len(points), p=weights / weights.sum())]]
    for _ in range(1, k):
        d2 = np.min(((points[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2), axis=1)
        p = d2 * weights
        centres.append(points[rng.choice(len(points), p=p / p.sum())] if p.sum() > 0 else points[0])
    centres = np.array(centres)
    for _ in range(_KMEANS_ITERATIONS):
        nearest = np.argmin(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        for r in range(k):
            mine = nearest == r
            if mine.any():
                centres[r] = np.average(points[mine], axis=0, weights=weights[mine])
    return centres


def _seed_cells(points: np.ndarray, centres: np.ndarray) -> list[int]:
    """The free cell nearest to each centre (distinct cells, so every region starts non-empty)."""
    taken: set[int] = set()
    seeds = []
    for centre in centres:
        order = np.argsort(((points - centre) ** 2).sum(axis=1), kind="stable")
        seed = next(int(i) for i in order if int(i) not in taken)
        taken.add(seed)
        seeds.append(seed)
    return seeds


def _grow(seeds, points, weights, neighbours, centres, target_areas) -> np.ndarray:
    labels = np.full(len(points), -1, dtype=int)
    grown = np.zeros(len(seeds))
    frontiers: list[list[tuple[float, int]]] = [[] for _ in seeds]
    xs, ys = points[:, 0].tolist(), points[:, 1].tolist()

    def take(region: int, cell: int) -> None:
        labels[cell] = region
        grown[region] += weights[cell]
        cx, cy = centres[region]
        for n in neighbours[cell]:
            if labels[n] < 0:
                heapq.heappush(frontiers[region], ((xs[n] - cx) ** 2 + (ys[n] - cy) ** 2, n))

    for region, seed in enumerate(seeds):
        take(region, seed)
    hungry = [(grown[r] / target_areas[r], r) for r in range(len(seeds))]
    heapq.heapify(hungry)
    while hungry:
        _, region = heapq.heappop(hungry)
        frontier = frontiers[region]
        while frontier and labels[frontier[0][1]] >= 0:
            heapq.heappop(frontier)
        if not frontier:
            continue
        take(region, heapq.heappop(frontier)[1])
        heapq.heappush(hungry, (grown[region] / target_areas[region], region))
    return labels


def _absorb_unreached(labels: np.ndarray, points: np.ndarray) -> None:
    """Cells no seed could reach (islands of a multi-part district) join the nearest region."""
    unreached = np.flatnonzero(labels < 0)
    if len(unreached) == 0:
        return
    reached = np.flatnonzero(labels >= 0)
    for cell in unreached:
        nearest = reached[np.argmin(((points[reached] - points[cell]) ** 2).sum(axis=1))]
        labels[cell] = labels[nearest]
