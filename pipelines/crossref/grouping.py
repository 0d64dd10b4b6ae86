"""Turning scored pairs into groups."""
import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable


def connected_groups(items: Iterable[Hashable], pairs: Iterable[tuple[Hashable, Hashable]]) -> list[list]:
    """Connected components (union-find): every item once, in groups of items linked by a chain of pairs."""
    parent = {item: item for item in items}

    def root(item):
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups = defaultdict(list)
    for item in parent:
        groups[root(item)].append(item)
    return list(groups.values())


def average_linkage(items: Iterable[Hashable], similarities: dict[tuple[Hashable, Hashable], float],
                    threshold: float) -> list[list]:
    """Agglomerative clustering with average linkage over a sparse similarity graph (a missing pair counts 0):
    the two groups whose members are most similar on average merge while that average reaches `threshold`.
    Unlike chaining pairs together, a group of articles about one event does not absorb everything that looks
    like one of its members. Costs a heap operation per pair and per merge, not one per pair of all items."""
    members = {item: [item] for item in items}
    links = defaultdict(dict)  # group -> neighbouring group -> sum of member similarities
    for (a, b), similarity in similarities.items():
        links[a][b] = links[b][a] = links[a].get(b, 0.0) + similarity
    heap = [(-s, a, b) for (a, b), s in similarities.items()]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in links[a]:
            continue  # merged away since
        average = links[a][b] / (len(members[a]) * len(members[b]))
        if average != -negative:
            continue  # stale entry: the pair was pushed again with its current average
        if average < threshold:
            break
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        for other, total in links.pop(gone).items():
            del links[other][gone]
            if other != keep:
                links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + total
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            heapq.heappush(heap, (-total / (len(members[keep]) * len(members[other])), min(keep, other),
                                  max(keep, other)))
    return list(members.values())
